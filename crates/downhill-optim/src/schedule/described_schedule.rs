//! `DescribedSchedule`: a schedule's options struct (torch's argument names, `Default` = torch's
//! defaults, required arguments `None` until given) and the `ScheduleConfig` it makes. The
//! schedule's file holds both, next to the schedule itself; everything generic about options by
//! name is `Described`'s.
use crate::describe::{Described, OptionInfo, Value};
use crate::{OptimError, ScheduleConfig};
use std::fmt::Debug;

/// The options of one schedule and the config they describe.
pub trait DescribedSchedule: Described + Debug + Send + Sync {
    /// The config these options describe, once validated (every required option given). `lr` is
    /// the optimizer's base rate, for schedules that store it (cyclic's lower bound).
    fn to_config(&self, lr: f64) -> ScheduleConfig;

    /// The base rate the schedule sets itself (onecycle peaks at `max_lr`); `None`: the optimizer's.
    fn own_base_lr(&self) -> Option<f64> {
        None
    }
}

/// A schedule's options behind a pointer, so `ScheduleKind` dispatches to them once.
pub(crate) trait DynSchedule: Debug + Send + Sync {
    fn option_infos(&self) -> Vec<OptionInfo>;
    fn set_option(&mut self, name: &str, value: Value) -> Result<(), OptimError>;
    /// The validated config and the base rate the schedule sets, if any.
    fn config(&self, lr: f64) -> Result<(ScheduleConfig, Option<f64>), OptimError>;
}

impl<S: DescribedSchedule> DynSchedule for S {
    fn option_infos(&self) -> Vec<OptionInfo> {
        self.infos()
    }
    fn set_option(&mut self, name: &str, value: Value) -> Result<(), OptimError> {
        self.set(name, value)
    }
    fn config(&self, lr: f64) -> Result<(ScheduleConfig, Option<f64>), OptimError> {
        self.validate()?;
        Ok((self.to_config(lr), self.own_base_lr()))
    }
}

/// A required option after validation (`Described::validate` refused it missing).
pub(crate) fn given<T>(value: Option<T>) -> T {
    value.expect("required options are checked by `validate` before `to_config`")
}
