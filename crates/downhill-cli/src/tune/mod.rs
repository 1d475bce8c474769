//! `downhill tune`'s parts: the space's names as train's flags (flags.rs) and the results as a
//! table, a CSV and a picture (report.rs), and the trials' TensorBoard logs (logs.rs). The search itself is downhill-learn's `tune`.
mod flags;
mod logs;
mod report;

pub use flags::{check_names, describe, tokens, trial_args};
pub use logs::TrialLogs;
pub use report::{csv, picture, table};
