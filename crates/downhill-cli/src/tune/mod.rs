//! `downhill tune`'s parts: the space's names as train's flags (flags.rs) and the results as a
//! table, a CSV and a picture (report.rs). The search itself is downhill-learn's `tune`.
mod flags;
mod report;

pub use flags::{check_names, describe, tokens, trial_args};
pub use report::{csv, picture, table};
