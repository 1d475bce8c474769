//! `downhill optimize`: from flags to validated configuration, optimizers and schedules, and runs.
mod applicability;
pub mod checks;
mod config;
mod presets;
mod race;
mod racers;
mod schedule_rules;
mod schedules;
mod trajectory;

pub use applicability::validate as validate_optimizer_flags;
pub use config::{Clipping, RaceConfig};
pub use race::{race, Run};
pub use racers::parse_racers;
pub use racers::Racer;
pub use schedules::{choose as choose_schedule, is_plateau, ScheduleChoice};
pub use trajectory::{Entry, Method, Trajectory};

/// The `help` listings for `--optimizer help` and `--schedule help`.
pub mod help {
    pub use super::applicability::help as optimizers;
    pub use super::schedules::help as schedules;
}
