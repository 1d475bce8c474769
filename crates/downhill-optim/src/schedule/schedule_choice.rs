//! Every `--schedule` name: the pure schedules (`ScheduleKind`) and torch's `ReduceLROnPlateau`,
//! which reads the loss, so it is a detector fed after each check rather than a schedule.
use crate::describe::{Described, OptionInfo, Value};
use crate::parse_enum::{lookup_in, Separators};
use crate::{OptimError, PlateauOptions, ScheduleKind};
use std::str::FromStr;

/// A learning-rate schedule by name.
///
/// ```
/// use downhill_optim::{ScheduleChoice, ScheduleKind};
/// assert_eq!("Reduce_On_Plateau".parse::<ScheduleChoice>().unwrap(), ScheduleChoice::Plateau);
/// assert_eq!("cosine".parse::<ScheduleChoice>().unwrap(), ScheduleChoice::Pure(ScheduleKind::Cosine));
/// let e = "cosin".parse::<ScheduleChoice>().unwrap_err().to_string();
/// assert!(e.starts_with("unknown schedule `cosin`") && e.ends_with("optimal, plateau"), "{e}");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleChoice {
    /// A pure schedule: a function of the step.
    Pure(ScheduleKind),
    /// torch `ReduceLROnPlateau`, fed the loss after each check.
    Plateau,
}

/// Reduce-on-plateau's spellings: ours, and torch's class name.
const PLATEAU_NAMES: [(&str, ScheduleChoice); 3] = [
    ("plateau", ScheduleChoice::Plateau),
    ("reduce-on-plateau", ScheduleChoice::Plateau),
    ("reducelronplateau", ScheduleChoice::Plateau),
];

impl ScheduleChoice {
    /// Every choice, in the order the CLI lists them.
    pub fn all() -> Vec<ScheduleChoice> {
        let pure = ScheduleKind::all().into_iter().map(ScheduleChoice::Pure);
        pure.chain([ScheduleChoice::Plateau]).collect()
    }

    /// Every canonical name, in the order the CLI lists them.
    pub fn all_names() -> Vec<&'static str> {
        Self::all().into_iter().map(Self::name).collect()
    }

    /// The canonical name (`cosine`, `plateau`).
    pub fn name(self) -> &'static str {
        match self {
            ScheduleChoice::Pure(kind) => kind.name(),
            ScheduleChoice::Plateau => PlateauOptions::NAME,
        }
    }

    /// Every option it takes, with its default (`None`: required, or derived).
    pub fn options(self) -> Vec<OptionInfo> {
        match self {
            ScheduleChoice::Pure(kind) => kind.options(),
            ScheduleChoice::Plateau => PlateauOptions::default().infos(),
        }
    }

    /// Whether it cycles the optimizer's momentum (beta1) with the `given` options: `cycle_momentum`
    /// as given, else its default (on for onecycle, as in torch); schedules without it do not.
    ///
    /// ```
    /// use downhill_optim::{ScheduleChoice, Value};
    /// let onecycle: ScheduleChoice = "onecycle".parse().unwrap();
    /// assert!(onecycle.cycles_momentum(&[]));
    /// assert!(!onecycle.cycles_momentum(&[("cycle_momentum", Value::Switch(false))]));
    /// assert!(!"cosine".parse::<ScheduleChoice>().unwrap().cycles_momentum(&[]));
    /// ```
    pub fn cycles_momentum(self, given: &[(&str, Value)]) -> bool {
        const OPTION: &str = "cycle_momentum";
        let default = self.options().into_iter().find(|o| o.name == OPTION).and_then(|o| o.value);
        let given = given.iter().find(|(n, _)| *n == OPTION).map(|(_, v)| v.clone());
        given.or(default) == Some(Value::Switch(true))
    }

    /// Whether option `name` takes `value`, checked on the defaults alone (names, kinds, ranges).
    pub fn check_option(self, name: &str, value: Value) -> Result<(), OptimError> {
        match self {
            ScheduleChoice::Pure(kind) if name == "warmup_steps" && kind.warms_up() => {
                crate::LinearWarmupOptions::default().set(name, value)
            }
            ScheduleChoice::Pure(kind) => kind.defaults().set_option(name, value),
            ScheduleChoice::Plateau => PlateauOptions::default().set(name, value),
        }
    }
}

impl FromStr for ScheduleChoice {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let plateau = lookup_in("schedule", s, Separators::AsHyphen, &PLATEAU_NAMES, &[]);
        plateau.or_else(|_| match s.parse::<ScheduleKind>() {
            Ok(kind) => Ok(ScheduleChoice::Pure(kind)),
            Err(_) => Err(OptimError::UnknownName {
                kind: "schedule",
                name: s.to_string(),
                accepted: Self::all_names().join(", "),
            }),
        })
    }
}
