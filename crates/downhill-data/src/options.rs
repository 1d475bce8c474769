//! How to read a data file: format, CSV delimiter and categorical columns, LIBSVM width, IDX labels.
use std::path::PathBuf;

use crate::{Delimiter, FeatureHash, Format};

/// Options for [`load`](crate::load). `LoadOptions::default()` detects everything.
///
/// ```
/// use downhill_data::{Delimiter, Format, LoadOptions};
/// let opts = LoadOptions { format: Some(Format::Csv), delimiter: Delimiter::Byte(b';'), ..Default::default() };
/// assert!(opts.categorical.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// `None` picks the format from the extension, then the content (see [`Format::detect`]).
    pub format: Option<Format>,
    /// CSV only.
    pub delimiter: Delimiter,
    /// CSV only: columns read as categories even when their values look numeric (e.g. zip codes).
    /// At predict time pass the model's categorical columns so they read as in training.
    pub categorical: Vec<String>,
    /// LIBSVM only: the number of features; `None` uses the largest index in the file. Set it at
    /// predict time so a file whose last features are all zero still has the training width.
    pub n_features: Option<usize>,
    /// LIBSVM only: hash the feature indices into 2^B buckets (`--hash-bits B`); the columns are
    /// then `h1..hN` and `n_features` is unused. At predict time pass the model's
    /// [`Preprocessor::feature_hash`](crate::Preprocessor::feature_hash).
    pub feature_hash: Option<FeatureHash>,
    /// IDX only: where the labels come from.
    pub idx_labels: IdxLabels,
}

/// Where the labels of an IDX images file come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum IdxLabels {
    /// The companion file, if it exists: the images file name with `idx3` → `idx1` and
    /// `images` → `labels` (`train-images-idx3-ubyte.gz` → `train-labels-idx1-ubyte.gz`).
    /// Without one the table has no `label` column.
    #[default]
    Companion,
    /// This labels file (an error when it does not exist).
    File(PathBuf),
    /// No labels: the table holds pixels only.
    Without,
}
