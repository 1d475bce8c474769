//! One reader per file format, plus the cell parsing and column building they share.
pub(crate) mod cell;
mod column_builder;
mod csv;
mod idx;
mod libsvm;
pub(crate) mod libsvm_line;
mod number;

pub(crate) use self::csv::{header_names, read_csv};
pub(crate) use column_builder::CellProblem;
pub use idx::companion as idx_labels_beside;
pub(crate) use idx::read_idx;
pub(crate) use libsvm::read_libsvm;
