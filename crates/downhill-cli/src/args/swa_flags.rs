//! `train`'s stochastic weight averaging flags (torch's `AveragedModel`, `SWALR` and `update_bn`;
//! downhill-learn's `swa.rs` holds the recipe and checks the values). Parsing only.
use clap::Args;
use downhill_optim::Anneal;

#[derive(Clone, Debug, Default, Args)]
pub struct SwaFlags {
    /// Stochastic weight averaging: average the weights at the end of each epoch from this one on
    /// (counting from 1), with SWALR setting the rate after it; the average, its batch-norm
    /// statistics recomputed on the training rows (update_bn), is the model validated and written.
    /// Needs --swa-lr.
    #[arg(long, value_name = "EPOCH", help_heading = "Weight averaging (torch.optim.swa_utils)")]
    pub swa_start: Option<usize>,
    /// SWALR's rate, reached after --swa-anneal-epochs (torch's swa_lr, required with --swa-start).
    #[arg(
        long,
        value_name = "LR",
        allow_hyphen_values = true,
        help_heading = "Weight averaging (torch.optim.swa_utils)"
    )]
    pub swa_lr: Option<f64>,
    /// SWALR's anneal_epochs: epochs from the schedule's rate to --swa-lr [default: 10].
    #[arg(long, value_name = "N", help_heading = "Weight averaging (torch.optim.swa_utils)")]
    pub swa_anneal_epochs: Option<usize>,
    /// SWALR's anneal_strategy, cos or linear [default: cos].
    #[arg(
        long,
        value_name = "cos|linear",
        value_parser = |s: &str| s.parse::<Anneal>(),
        help_heading = "Weight averaging (torch.optim.swa_utils)"
    )]
    pub swa_anneal_strategy: Option<Anneal>,
}

impl SwaFlags {
    /// The SWALR flags given, by name (they mean nothing without --swa-start).
    pub fn swalr_given(&self) -> Option<&'static str> {
        let given = [
            ("--swa-lr", self.swa_lr.is_some()),
            ("--swa-anneal-epochs", self.swa_anneal_epochs.is_some()),
            ("--swa-anneal-strategy", self.swa_anneal_strategy.is_some()),
        ];
        given.into_iter().find(|g| g.1).map(|g| g.0)
    }
}
