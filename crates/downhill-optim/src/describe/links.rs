//! What a preset's chain is built with besides its own options. Each is a link composed around
//! the preset's chain, written once here rather than as a field of every options struct.

use super::{OptionInfo, Range, Required, Value, ValueKind};
use crate::Lr;

/// Extra links for `Preset::build_with`.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// The learning-rate source (a schedule); `None`: the preset's constant `lr`.
    pub lr: Option<Lr>,
    /// torch `OneCycleLR(cycle_momentum=True)`: the momentum (or beta1) for each step from this
    /// schedule instead of the constant. Presets with neither refuse it, as torch does.
    pub momentum: Option<Lr>,
    /// torch `maximize=True`: a `Negate` link in front, so the chain climbs the function.
    pub maximize: bool,
}

impl Links {
    /// The preset with its rate taken from `lr`.
    pub fn lr(lr: impl Into<Lr>) -> Links {
        Links { lr: Some(lr.into()), ..Links::default() }
    }
}

impl Links {
    /// `maximize` as an option of every preset (the CLI's `--maximize`).
    pub fn maximize_info() -> OptionInfo {
        OptionInfo {
            name: "maximize",
            kind: ValueKind::Switch,
            range: Range::Any,
            help: "maximise the function instead of minimising it",
            value: Some(Value::Switch(false)),
            required: Required::No,
        }
    }
}
