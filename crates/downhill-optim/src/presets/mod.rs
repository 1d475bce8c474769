//! Named optimizers: one file per preset (its options struct with torch's defaults, its table and
//! its chain), registered by one line below. `OptimizerConfig` and `OptimizerKind` are generated
//! from these lines (`registry.rs`); `optimizer_config.rs` and `optimizer_kind.rs` hold the code
//! that is the same for every preset.
#[macro_use]
mod registry;
mod adadelta;
mod adafactor;
mod adagrad;
mod adam;
mod adamax;
mod adamw;
mod asgd;
mod decay;
mod lion;
mod lookahead;
mod muon;
mod nadam;
mod no_cycled_momentum;
mod optimizer_choice;
mod optimizer_config;
mod optimizer_kind;
mod radam;
mod rmsprop;
mod rprop;
mod schedule_free_adamw;
mod schedule_free_sgd;
mod sgd;
mod sparse_adam;

pub use adadelta::*;
pub use adafactor::*;
pub use adagrad::*;
pub use adam::*;
pub use adamax::*;
pub use adamw::*;
pub use asgd::*;
pub use lion::*;
pub use lookahead::LookaheadOptions;
pub use muon::*;
pub use nadam::*;
pub use optimizer_choice::OptimizerChoice;
pub use radam::*;
pub use rmsprop::*;
pub use rprop::*;
pub use schedule_free_adamw::{schedule_free_adamw, ScheduleFreeAdamWOptions};
pub use schedule_free_sgd::*;
pub use sgd::*;
pub use sparse_adam::*;

optimizers! {
    Sgd(SgdOptions) = "sgd" {
        // SGD with the usual momentum, named for racing optimizers.
        /// `momentum`: SGD with classic (heavy-ball) momentum 0.9.
        Momentum = "momentum" => SgdOptions { momentum: 0.9, ..Default::default() },
        /// `nesterov`: SGD with Nesterov momentum 0.9.
        Nesterov = "nesterov" => SgdOptions { momentum: 0.9, nesterov: true, ..Default::default() },
    },
    Adagrad(AdagradOptions) = "adagrad",
    Rmsprop(RmspropOptions) = "rmsprop",
    Adadelta(AdadeltaOptions) = "adadelta",
    Adam(AdamOptions) = "adam",
    AdamW(AdamWOptions) = "adamw",
    Adamax(AdamaxOptions) = "adamax",
    Nadam(NadamOptions) = "nadam",
    Radam(RadamOptions) = "radam",
    Lion(LionOptions) = "lion",
    Rprop(RpropOptions) = "rprop",
    Asgd(AsgdOptions) = "asgd",
    Adafactor(AdafactorOptions) = "adafactor",
    Muon(MuonOptions) = "muon",
    ScheduleFreeAdamW(ScheduleFreeAdamWOptions) = "schedule_free_adamw",
    ScheduleFreeSgd(ScheduleFreeSgdOptions) = "schedule_free_sgd",
    SparseAdam(SparseAdamOptions) = "sparse_adam",
}
