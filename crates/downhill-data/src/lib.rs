//! Reading data files into tables and turning them into the tensors downhill's estimators consume.
//!
//! ```text
//! load(path, &LoadOptions)           CSV / LIBSVM / IDX, gzipped or not       -> Table
//! Target::fit(&table, "col", task)   target column, task, class order         -> Target
//! Preprocessor::fit(&train, target, &PreprocessOptions)  fitted on training rows only, serde
//! preprocessor.transform(&table)     x [n, features] f32, y [n, 1], feature names, warnings
//! ```
//! User data never panics: every problem is a [`DataError`] whose message names the file, row,
//! column or option and the fix.

mod column;
mod delimiter;
mod error;
mod format;
mod load;
mod options;
mod preprocess;
mod readers;
mod source;
mod table;
mod target;
mod task;
mod warning;

pub use column::{number_text, CategoricalColumn, Column, NumericColumn};
pub use delimiter::Delimiter;
pub use error::{DataError, Names, RowRef};
pub use format::Format;
pub use load::load;
pub use options::{IdxLabels, LoadOptions};
pub use preprocess::{
    Affine, FeatureEncoder, MissingPolicy, Prepared, PreprocessOptions, Preprocessor, Scale,
};
pub use table::Table;
pub use target::{Target, TargetKind};
pub use task::{Task, TaskChoice, MAX_INTEGER_CLASSES};
pub use warning::Warning;
