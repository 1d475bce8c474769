//! The first pass over a streamed file: the preprocessing and the target, fitted online on the
//! training rows as `Preprocessor::fit` and `Target::fit` fit them on a table in memory, and the
//! number of rows of each role (a per-step schedule needs the steps per epoch).
//!
//!   for each row (in file order):  read every field (its column's kind, errors with row and line)
//!     target: record its label (every row: classes are the file's)
//!     test rows: skip;  missing values: error | drop the row | impute (mean: counted as missing)
//!     training and validation rows: add every field to its column's statistics
//!   then: the target from its labels, one encoder per other column from its statistics
//!
//! With `fit_rows: Some(N)` the statistics come from the first N training rows; the rest of the
//! file is then only split into records and counted, so cells beyond are checked when training
//! meets them, and their classes must be among the first N rows' (an unseen one is an error then).
use std::path::Path;
use std::sync::Arc;

use super::block_cache::BlockCache;
use super::column_stats::{ColumnStats, Kind, Parsed};
use super::csv_rows::Row;
use super::labels::Labels;
use super::open::detect_format;
use super::record_stream::RecordStream;
use super::row_split::Role;
use super::StreamOptions;
use crate::error::show;
use crate::readers::cell::text;
use crate::readers::CellProblem;
use crate::{DataError, Format, MissingPolicy, Names, Preprocessor, Target};

/// What the first pass learnt: everything a training pass needs to encode rows.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamFit {
    pub(crate) names: Vec<String>,
    /// Whether each column was read as text (category names, text labels).
    pub(crate) text: Vec<bool>,
    pub(crate) options: StreamOptions,
    /// The file's format (CSV or LIBSVM), as `options.format` gives it or detection finds it.
    pub(crate) format: Format,
    /// The preprocessing and target encoding, fitted on the training and validation rows (or the
    /// first `fit_rows` of them); the same as [`Preprocessor::fit`] gives on those rows in memory.
    pub preprocessor: Preprocessor,
    /// The file's rows by role.
    pub counts: RowCounts,
    /// Mean and population standard deviation (1 for a constant target) of a regression target
    /// over the rows the preprocessing was fitted on; `None` for classification.
    pub target_moments: Option<(f64, f64)>,
    /// The first pass's parsed rows, when it kept them (LIBSVM with `row_cache`).
    pub(crate) cache: Option<Arc<BlockCache>>,
}

/// Rows of the file by role, as the first pass counted them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCounts {
    /// Data rows in the file.
    pub rows: usize,
    /// Training rows kept (not dropped for a missing value).
    pub train: usize,
    /// Validation rows kept.
    pub validation: usize,
    /// Held-out test rows (never read for fitting, so never dropped).
    pub test: usize,
    /// Training or validation rows dropped for a missing value (policy `drop`).
    pub dropped: usize,
}

impl RowCounts {
    pub(super) fn add(&mut self, role: Role) {
        match role {
            Role::Test => self.test += 1,
            Role::Validation => self.validation += 1,
            Role::Train => self.train += 1,
        }
    }
}

/// Fits the preprocessing of the CSV or LIBSVM file `options.path` (gzipped or not) in one pass.
/// `--hash-bits` (`options.feature_hash`) is for LIBSVM only.
pub fn fit_stream(options: &StreamOptions) -> Result<StreamFit, DataError> {
    if options.fit_rows == Some(0) {
        let (option, value, expected) =
            ("fit_rows", "0".into(), "a number of rows >= 1, or none for all of them");
        return Err(DataError::InvalidOption { option, value, expected });
    }
    let path = options.path.as_path();
    let format = match options.format {
        Some(f) => f,
        None => detect_format(path)?,
    };
    match (format, options.feature_hash) {
        (Format::Libsvm, _) => return super::libsvm_fit::fit_libsvm(options),
        (Format::Idx, _) => {
            let (option, value, expected) = ("format for --stream", "idx".into(), "csv, libsvm");
            return Err(DataError::InvalidOption { option, value, expected });
        }
        (Format::Csv, Some(_)) => return Err(DataError::HashNeedsLibsvm { path: show(path), format: "CSV" }),
        (Format::Csv, None) => {}
    }
    let mut records = RecordStream::open(path, options.delimiter)?;
    let names = records.names().to_vec();
    let target = names.iter().position(|n| *n == options.target).ok_or_else(|| DataError::UnknownColumn {
        column: options.target.clone(),
        available: Names(names.clone()),
    })?;
    if names.len() < 2 {
        return Err(DataError::NoFeatures { path: show(path), target: options.target.clone() });
    }
    let mut fitter = Fitter {
        stats: names.iter().map(|n| ColumnStats::new(options.categorical.contains(n))).collect(),
        labels: Labels::new(options.task),
        counts: RowCounts::default(),
        parsed: vec![Parsed::Missing; names.len()],
        target,
        options,
        names,
    };
    while let Some(chunk) = records.next_chunk() {
        chunk?.rows().try_for_each(|row| fitter.row(&row))?;
    }
    fitter.finish()
}

/// The state of the fitting pass.
struct Fitter<'a> {
    options: &'a StreamOptions,
    names: Vec<String>,
    target: usize,
    stats: Vec<ColumnStats>,
    labels: Labels,
    counts: RowCounts,
    /// The current row's fields as read (kept to add them once the row is known to be kept).
    parsed: Vec<Parsed>,
}

impl Fitter<'_> {
    fn row(&mut self, row: &Row<'_>) -> Result<(), DataError> {
        let o = self.options;
        self.counts.rows += 1;
        let role = o.split.role(row.index);
        if o.fit_rows.is_some_and(|n| self.counts.train + self.counts.validation >= n) {
            self.counts.add(role);
            return Ok(());
        }
        for (k, stat) in self.stats.iter_mut().enumerate() {
            let field = row.field(k);
            self.parsed[k] = stat.read(field).map_err(|p| cell_error(&o.path, row, &self.names[k], k, p))?;
        }
        let target = self.target;
        self.labels.observe(self.parsed[target], row.field(target), row.at());
        if role != Role::Test && !self.keep(row)? {
            self.counts.dropped += 1;
            return Ok(());
        }
        self.counts.add(role);
        if role != Role::Test {
            self.stats.iter_mut().enumerate().for_each(|(k, s)| s.add(self.parsed[k], row.field(k)));
        }
        Ok(())
    }

    /// Whether the missing-value policy keeps a training row (or an error for its first missing).
    fn keep(&self, row: &Row<'_>) -> Result<bool, DataError> {
        let Some(k) = self.parsed.iter().position(|p| *p == Parsed::Missing) else { return Ok(true) };
        let target_missing = self.parsed[self.target] == Parsed::Missing;
        let missing_target =
            || DataError::MissingTarget { column: self.names[self.target].clone(), at: row.at() };
        match self.options.preprocess.missing {
            MissingPolicy::Drop => Ok(false),
            MissingPolicy::Mean if !target_missing => Ok(true),
            MissingPolicy::Mean => Err(missing_target()),
            MissingPolicy::Error if k == self.target => Err(missing_target()),
            MissingPolicy::Error => {
                Err(DataError::MissingValue { column: self.names[k].clone(), at: row.at() })
            }
        }
    }

    fn finish(self) -> Result<StreamFit, DataError> {
        let (o, counts, names) = (self.options, self.counts, self.names);
        if counts.rows == 0 {
            return Err(DataError::NoDataRows { path: show(&o.path) });
        }
        if counts.train + counts.validation == 0 && counts.dropped > 0 {
            return Err(DataError::NoRowsLeft { dropped: counts.dropped });
        }
        let (stats, target) = (self.stats, self.target);
        let fitted = self.labels.target(&names[target], stats[target].kind)?;
        let (scale, policy) = (o.preprocess.scale_for(false), o.preprocess.missing);
        let features = (0..names.len())
            .filter(|&k| k != target)
            .map(|k| stats[k].encoder(&names[k], scale, policy))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(StreamFit {
            text: stats.iter().map(|s| s.kind == Kind::Text).collect(),
            target_moments: target_moments(&fitted, &stats[target]),
            names,
            format: Format::Csv,
            options: o.clone(),
            preprocessor: Preprocessor::from_parts(fitted, scale, policy, features),
            counts,
            cache: None,
        })
    }
}

impl StreamFit {
    /// The options the file was fitted with (its path among them).
    pub fn options(&self) -> &StreamOptions {
        &self.options
    }

    /// The bytes of parsed rows the first pass kept for the later passes (`row_cache`), if it did.
    pub fn row_cache_bytes(&self) -> Option<u64> {
        self.cache.as_ref().map(|c| c.bytes())
    }
}

/// μ and σ of a regression target (σ = 1 when constant, as `TargetScale::fit`).
fn target_moments(target: &Target, stats: &ColumnStats) -> Option<(f64, f64)> {
    let m = &stats.moments;
    let var = m.m2 / m.count.max(1) as f64;
    (target.task() == crate::Task::Regression).then_some((m.mean, if var > 0.0 { var.sqrt() } else { 1.0 }))
}

/// The error for field `k` of `row`.
pub(crate) fn cell_error(
    path: &Path,
    row: &Row<'_>,
    column: &str,
    k: usize,
    problem: CellProblem,
) -> DataError {
    let (path, at, column) = (show(path), row.at(), column.to_owned());
    let value = text(row.field(k).trim_ascii());
    match problem {
        CellProblem::NotNumeric => DataError::NotNumeric { path, at, column, value },
        CellProblem::NonFinite => DataError::NonFinite { path, at, column, value },
    }
}
