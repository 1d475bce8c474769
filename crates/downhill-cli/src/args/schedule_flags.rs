//! Learning-rate schedule flags, named after torch's `lr_scheduler` arguments in kebab case.
//! `--schedule NAME` picks one; its own flags default to torch's values, and a flag that the chosen
//! schedule does not take is an error (decided in `optimize/schedules.rs`).
use clap::{Args, ValueEnum};

#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Learning-rate schedule")]
pub struct ScheduleFlags {
    /// Schedule name (`help` lists them with their flags).
    #[arg(long, value_name = "NAME")]
    pub schedule: Option<String>,
    /// Period of decay (step).
    #[arg(long, value_name = "N")]
    pub step_size: Option<u64>,
    /// Decay factor (step 0.1, multi-step 0.1, exponential: required, cyclic exp-range 1.0).
    #[arg(long, value_name = "G", allow_hyphen_values = true)]
    pub gamma: Option<f64>,
    /// Comma-separated steps at which to decay (multi-step).
    #[arg(long, value_name = "N,...", value_delimiter = ',')]
    pub milestones: Option<Vec<u64>>,
    /// Half-period of the cosine (cosine).
    #[arg(long, value_name = "N")]
    pub t_max: Option<u64>,
    /// Minimum learning rate (cosine, cosine-restarts; default 0).
    #[arg(long, value_name = "E", allow_hyphen_values = true)]
    pub eta_min: Option<f64>,
    /// Steps until the first restart (cosine-restarts).
    #[arg(long = "t-0", value_name = "N")]
    pub t_0: Option<u64>,
    /// Growth of the restart period (cosine-restarts; default 1).
    #[arg(long, value_name = "K")]
    pub t_mult: Option<u64>,
    /// Factor at step 0 (linear; default 1/3).
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub start_factor: Option<f64>,
    /// Factor from --total-iters on (linear; default 1).
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub end_factor: Option<f64>,
    /// Length of the ramp or decay (linear, constant-factor, polynomial; default 5).
    #[arg(long, value_name = "N")]
    pub total_iters: Option<u64>,
    /// Multiplier (constant-factor, default 1/3; plateau, default 0.1).
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub factor: Option<f64>,
    /// Linear warm-up from lr/N to lr over N steps, in front of any schedule (linear-warmup: required).
    #[arg(long, value_name = "N")]
    pub warmup_steps: Option<u64>,
    /// Peak learning rate (onecycle, cyclic: required).
    #[arg(long, value_name = "LR", allow_hyphen_values = true)]
    pub max_lr: Option<f64>,
    /// Length of the cycle (onecycle; default --steps).
    #[arg(long, value_name = "N")]
    pub total_steps: Option<u64>,
    /// Fraction of the cycle spent increasing (onecycle; default 0.3).
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub pct_start: Option<f64>,
    /// Interpolation of each phase (onecycle; default cos).
    #[arg(long, value_enum, value_name = "S")]
    pub anneal_strategy: Option<AnnealStrategy>,
    /// Cycle the momentum (SGD, RMSprop) or beta1 (Adam family) inversely to the rate, from
    /// --max-momentum down to --base-momentum and back (onecycle; default true, as torch;
    /// adagrad and adadelta have neither, so give false with them).
    #[arg(long, value_name = "BOOL")]
    pub cycle_momentum: Option<bool>,
    /// Lowest cycled momentum, reached at the rate's peak (onecycle; default 0.85).
    #[arg(long, value_name = "M", allow_hyphen_values = true)]
    pub base_momentum: Option<f64>,
    /// Highest cycled momentum, at the start and end (onecycle; default 0.95).
    #[arg(long, value_name = "M", allow_hyphen_values = true)]
    pub max_momentum: Option<f64>,
    /// initial lr = max-lr / div-factor (onecycle; default 25).
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub div_factor: Option<f64>,
    /// final lr = initial lr / final-div-factor (onecycle; default 1e4).
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub final_div_factor: Option<f64>,
    /// Exponent of the decay (polynomial; default 1).
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub power: Option<f64>,
    /// Steps of the rising half-cycle (cyclic; default 2000).
    #[arg(long, value_name = "N")]
    pub step_size_up: Option<u64>,
    /// Steps of the falling half-cycle (cyclic; default --step-size-up).
    #[arg(long, value_name = "N")]
    pub step_size_down: Option<u64>,
    /// Amplitude policy (cyclic; default triangular).
    #[arg(long, value_enum, value_name = "MODE")]
    pub mode: Option<CyclicModeArg>,
    /// Exponent of scikit-learn's inverse scaling lr / t^power_t (invscaling; default 0.25).
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub power_t: Option<f64>,
    /// scikit-learn's regularisation strength `alpha` driving its "optimal" rate (optimal; default 1e-4).
    #[arg(long, value_name = "A", allow_hyphen_values = true)]
    pub optimal_alpha: Option<f64>,
    /// Checks without improvement before reducing (plateau; default 10); in `train`, also the
    /// epochs --early-stopping waits.
    #[arg(long, value_name = "N")]
    pub patience: Option<u64>,
    /// Steps to wait after a reduction (plateau; default 0).
    #[arg(long, value_name = "N")]
    pub cooldown: Option<u64>,
    /// Lower bound on the reduced rate (plateau; default 0).
    #[arg(long, value_name = "LR", allow_hyphen_values = true)]
    pub min_lr: Option<f64>,
    /// Relative improvement that counts as better, torch `threshold` (plateau; default 1e-4).
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub plateau_threshold: Option<f64>,
}

/// torch `OneCycleLR(anneal_strategy=...)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AnnealStrategy {
    Cos,
    Linear,
}

/// torch `CyclicLR(mode=...)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CyclicModeArg {
    Triangular,
    Triangular2,
    ExpRange,
}
