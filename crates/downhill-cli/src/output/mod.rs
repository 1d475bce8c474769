//! What `optimize` prints on stdout: a summary table, JSON, or CSV. Each renders to a `String`, so
//! nothing reaches stdout unless the whole command succeeded.
mod csv;
mod json;
mod number;
mod table;

pub use csv::to_csv;
pub use json::to_json;
pub use table::to_table;

#[cfg(test)]
pub(crate) use table::tests::sample_runs;
