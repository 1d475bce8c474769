//! `Preset`: a described options struct that builds a chain. A preset writes only its chain; the
//! links every preset shares (the rate source, maximize, cycled momentum) are composed here.
//!   build_with(links) = [Negate if maximize] ++ chain(lr, momentum)
use super::{Described, Field, Links, OptionInfo, Value};
use crate::{Chain, Lr, Negate, OptimError, State, Tensor};
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;

/// A named optimizer: its options (a `Described` struct with torch's defaults) and its chain.
pub trait Preset: Described + Debug + PartialEq + Serialize + DeserializeOwned + Send + Sync {
    /// The chain, its rate from `lr`; `momentum` replaces the momentum or beta1 when given (presets
    /// with neither return `OptimError::Conflict` naming `cycle_momentum`). Options were validated.
    fn chain(&self, lr: Lr, momentum: Option<Lr>) -> Result<Chain, OptimError>;

    /// The weights to evaluate (validate, save as the trained model) instead of the parameters
    /// `params`, given the state of this preset's chain: ASGD's average, Schedule-Free's x.
    /// `None` for presets whose parameters are the model (all others).
    fn evaluated_weights(&self, _state: &State, _params: &[Tensor]) -> Option<Vec<Tensor>> {
        None
    }

    /// The chain with the preset's constant `lr`.
    fn build(&self) -> Result<Chain, OptimError> {
        self.build_with(Links::default())
    }

    /// The chain with the given links; errors name the option the preset rejects.
    fn build_with(&self, links: Links) -> Result<Chain, OptimError> {
        self.validate()?;
        let lr = match links.lr {
            Some(lr) => lr,
            None => Lr::from(base_lr(self)),
        };
        let tx = self.chain(lr, links.momentum)?;
        Ok(if links.maximize { tx.after(Negate) } else { tx })
    }
}

/// The `lr` option every preset has.
fn base_lr<P: Described>(p: &P) -> f64 {
    match p.get("lr") {
        Ok(Some(Value::Float(lr))) => lr,
        _ => panic!("preset `{}` has no float option `lr`", P::NAME),
    }
}

/// A preset behind a pointer: what `OptimizerConfig` dispatches to, so the generic code is written
/// once for every registered preset.
pub(crate) trait DynPreset: Debug + Send + Sync {
    fn option_infos(&self) -> Vec<OptionInfo>;
    fn get_option(&self, name: &str) -> Result<Option<Value>, OptimError>;
    fn set_option(&mut self, name: &str, value: Value) -> Result<(), OptimError>;
    fn base_lr(&self) -> f64;
    /// The base rate, unchecked (`build_with` checks it).
    fn base_lr_mut(&mut self) -> &mut f64;
    fn build_links(&self, links: Links) -> Result<Chain, OptimError>;
    fn evaluated(&self, state: &State, params: &[Tensor]) -> Option<Vec<Tensor>>;
}

impl<P: Preset> DynPreset for P {
    fn option_infos(&self) -> Vec<OptionInfo> {
        Described::infos(self)
    }
    fn get_option(&self, name: &str) -> Result<Option<Value>, OptimError> {
        Described::get(self, name)
    }
    fn set_option(&mut self, name: &str, value: Value) -> Result<(), OptimError> {
        Described::set(self, name, value)
    }
    fn base_lr(&self) -> f64 {
        base_lr(self)
    }
    fn base_lr_mut(&mut self) -> &mut f64 {
        match P::option("lr").map(|h| &h.field) {
            Ok(Field::Float(f)) => f(self),
            _ => panic!("preset `{}` has no float option `lr`", P::NAME),
        }
    }
    fn build_links(&self, links: Links) -> Result<Chain, OptimError> {
        Preset::build_with(self, links)
    }
    fn evaluated(&self, state: &State, params: &[Tensor]) -> Option<Vec<Tensor>> {
        Preset::evaluated_weights(self, state, params)
    }
}
