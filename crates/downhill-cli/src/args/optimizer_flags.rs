//! Optimizer hyperparameters, named after torch's arguments in kebab case. Every one is optional:
//! a flag not given takes the chosen optimizer's torch default. Booleans are bare switches.
//! Which optimizers each flag applies to is decided in `optimize/hyperparams.rs`.
use clap::Args;
use downhill_optim::LineSearch;

#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Optimizer options (torch names; unset = torch default)")]
pub struct OptimizerFlags {
    /// Learning rate (every optimizer; default per optimizer, e.g. adam 1e-3, rmsprop 1e-2).
    #[arg(long, value_name = "LR", allow_hyphen_values = true)]
    pub lr: Option<f64>,
    /// Momentum factor (sgd 0, momentum/nesterov 0.9, rmsprop 0).
    #[arg(long, value_name = "MU", allow_hyphen_values = true)]
    pub momentum: Option<f64>,
    /// Dampening for momentum (sgd, momentum).
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub dampening: Option<f64>,
    /// Use Nesterov momentum (sgd; needs --momentum > 0).
    #[arg(long)]
    pub nesterov: bool,
    /// L2 penalty (every optimizer but lbfgs; decoupled for adamw and with --decoupled-weight-decay).
    #[arg(long, value_name = "WD", allow_hyphen_values = true)]
    pub weight_decay: Option<f64>,
    /// First-moment decay, torch `betas[0]` (adam family).
    #[arg(long, value_name = "B1", allow_hyphen_values = true)]
    pub beta1: Option<f64>,
    /// Second-moment decay, torch `betas[1]` (adam family).
    #[arg(long, value_name = "B2", allow_hyphen_values = true)]
    pub beta2: Option<f64>,
    /// Term added for numerical stability.
    #[arg(long, value_name = "EPS", allow_hyphen_values = true)]
    pub eps: Option<f64>,
    /// Smoothing constant of the squared-gradient average (rmsprop).
    #[arg(long, value_name = "A", allow_hyphen_values = true)]
    pub alpha: Option<f64>,
    /// Normalise by the gradient's estimated variance (rmsprop).
    #[arg(long)]
    pub centered: bool,
    /// Use the running maximum of the second moment (adam, adamw).
    #[arg(long)]
    pub amsgrad: bool,
    /// Learning-rate decay (adagrad).
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub lr_decay: Option<f64>,
    /// Starting value of the squared-gradient sum (adagrad).
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub initial_accumulator_value: Option<f64>,
    /// Decay of the running averages (adadelta).
    #[arg(long, value_name = "RHO", allow_hyphen_values = true)]
    pub rho: Option<f64>,
    /// Momentum decay psi (nadam).
    #[arg(long, value_name = "PSI", allow_hyphen_values = true)]
    pub momentum_decay: Option<f64>,
    /// Apply weight decay AdamW-style (nadam, radam).
    #[arg(long)]
    pub decoupled_weight_decay: bool,
    /// Maximise the function instead of minimising it (every optimizer but lbfgs).
    #[arg(long)]
    pub maximize: bool,
    /// Iterations per step (lbfgs; default 20).
    #[arg(long, value_name = "N")]
    pub max_iter: Option<usize>,
    /// Function evaluations per step (lbfgs; default max-iter * 5 / 4).
    #[arg(long, value_name = "N")]
    pub max_eval: Option<usize>,
    /// Stop a step when the gradient's max-norm is at most this (lbfgs; default 1e-7).
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub tolerance_grad: Option<f64>,
    /// Stop a step when the point or the loss changes less than this (lbfgs; default 1e-9).
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub tolerance_change: Option<f64>,
    /// Number of curvature pairs kept (lbfgs; default 100).
    #[arg(long, value_name = "N")]
    pub history_size: Option<usize>,
    /// Line search: `strong_wolfe`, or `none` for a fixed step lr (lbfgs; default none).
    #[arg(long, value_name = "NAME")]
    pub line_search_fn: Option<LineSearch>,
}
