//! Reading data files into tables and turning them into the tensors downhill's estimators consume.
//!
//! ```text
//! load(path, &LoadOptions)            CSV / LIBSVM / IDX, gzipped or not          -> Table
//! Target::fit(&table, "col", task)    target column, task, class order (whole file) -> Target
//! table.take_rows(&train_rows)        the training split                           -> Table
//! Preprocessor::fit(&train, target, &PreprocessOptions)   training rows only; serde, stored in the model
//! preprocessor.transform(&table)      x [n, features] f32, y [n, 1], feature names, warnings
//! preprocessor.transform_features(&t) x only, for prediction
//! fit_stream(&StreamOptions)         a file too large for memory: preprocessing fitted online -> StreamFit
//! fit.rows(Role::Train)              one pass of encoded rows from a reader thread           -> RowStream
//! Dataset::from_table(&table, "col")  unscaled x, y with names and task (datasets::iris() etc.) -> Dataset
//! read_text(path), Vocabulary::from_text  a `.txt` file's characters and their sorted vocabulary
//! ```
//! User data never panics: every problem is a [`DataError`] whose message names the file, row,
//! column or option and the fix. Rows in messages are 1-based data rows (header excluded), with the
//! 1-based file line for text formats.
//!
//! ```
//! use downhill_data::*;
//! # let dir = std::env::temp_dir().join(format!("downhill-lib-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! # let path = dir.join("pets.csv");
//! std::fs::write(&path, "weight,kind,legs\n4.5,cat,4\n30,dog,4\n0.1,bird,2\n5,cat,4\n").unwrap();
//! let table = load(&path, &LoadOptions::default())?;
//! let target = Target::fit(&table, "kind", TaskChoice::Auto)?;        // classes: bird, cat, dog
//! let train = table.take_rows(&[0, 1, 2]);
//! let prep = Preprocessor::fit(&train, target, &PreprocessOptions::default())?;
//! let out = prep.transform(&table.take_rows(&[3]))?;                   // held-out row
//! assert_eq!(out.feature_names, ["weight", "legs"]);
//! assert_eq!(out.y.unwrap().data(), &[1.0]);                          // class id of "cat": exact
//! let stored = prep.to_json()?;                                        // into the model file
//! assert_eq!(Preprocessor::from_json(&stored)?, prep);               // bit for bit, floats included
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), DataError>(())
//! ```
#![warn(missing_docs)]

mod byte_pairs;
mod column;
mod dataset;
pub mod datasets;
mod delimiter;
mod error;
mod feature_hash;
mod format;
mod load;
mod names;
mod options;
mod preprocess;
mod readers;
mod row_ref;
mod source;
mod stream;
mod table;
mod target;
mod task;
mod text;
mod vocabulary;
mod warning;

pub use byte_pairs::MAX_VOCAB;
pub use column::{number_text, CategoricalColumn, Column, NumericColumn};
pub use dataset::Dataset;
pub use delimiter::Delimiter;
pub use error::DataError;
pub use feature_hash::{FeatureHash, HashFunction, HASH_BITS};
pub use format::Format;
pub use load::load;
pub use names::Names;
pub use options::{IdxLabels, LoadOptions};
pub use preprocess::{
    Affine, FeatureEncoder, MissingPolicy, Prepared, PreprocessOptions, Preprocessor, Scale,
};
pub use readers::idx_labels_beside;
pub use row_ref::RowRef;
pub use stream::{
    detect_format, fit_stream, Role, RowChunk, RowCounts, RowSplit, RowStream, ShuffleBuffer, StreamFit,
    StreamOptions, TestRows, CHUNK_ROWS,
};
pub use table::Table;
pub use target::{Target, TargetKind};
pub use task::{Task, TaskChoice, MAX_INTEGER_CLASSES};
pub use text::{check_length, read_text};
pub use vocabulary::Vocabulary;
pub use warning::Warning;
