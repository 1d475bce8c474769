//! `downhill optimize`: from flags to validated configuration, optimizers and schedules, and runs.
//! The flag rules and the flags -> `OptimizerConfig` function are shared with `downhill train`;
//! schedules are built from the flags by the library (`ScheduleSetting`), in both commands.
mod applicability;
pub mod checks;
mod config;
mod optimizer_config;
mod race;
mod racers;
mod schedule_rules;
mod schedules;

pub use applicability::validate as validate_optimizer_flags;
pub use config::{clip_from_flags, RaceConfig};
pub use downhill_optim::Entry;
#[cfg(test)]
pub use downhill_optim::Trajectory;
pub use optimizer_config::{
    from_kind as optimizer_defaults, lbfgs_with_flags, with_wrappers as with_optimizer_wrappers,
};
pub use race::{race, Run};
pub use racers::parse_racers;
pub use racers::Racer;
pub use schedule_rules::{check_cycled_momentum, option_error as schedule_option_error};
pub use schedules::{choose as choose_schedule, is_plateau, plateau_options};

/// The `help` listings for `--optimizer help` and `--schedule help`.
pub mod help {
    pub use super::applicability::help as optimizers;
    pub use super::schedule_rules::help as schedules;
}
