//! What the commands print or write as text: `optimize`'s table, JSON or CSV; `train`'s per-epoch
//! CSV; metric reports for `train`, `evaluate` and `compare`; `predict`'s CSV. Each renders to a
//! `String`, so nothing is printed or written unless the whole command succeeded.
mod aligned;
mod csv;
mod epochs_csv;
mod json;
pub mod number;
mod predictions;
mod report;
mod table;

pub use aligned::aligned;
pub use csv::to_csv;
pub use epochs_csv::epochs_csv;
pub use json::to_json;
pub use predictions::{outputs_csv, predictions_csv, quote};
pub use report::{report_json, report_line, report_text};
pub use table::to_table;

#[cfg(test)]
pub(crate) use table::tests::sample_runs;
