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

use super::column_stats::{ColumnStats, Kind, Parsed};
use super::csv_rows::{CsvRows, Row};
use super::labels::Labels;
use super::row_split::Role;
use super::StreamOptions;
use crate::error::show;
use crate::readers::cell::text;
use crate::readers::CellProblem;
use crate::{DataError, MissingPolicy, Names, Preprocessor, Target};

/// What the first pass learnt: everything a training pass needs to encode rows.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamFit {
    pub(crate) names: Vec<String>,
    /// Whether each column was read as text (category names, text labels).
    pub(crate) text: Vec<bool>,
    pub(crate) options: StreamOptions,
    pub preprocessor: Preprocessor,
    pub counts: RowCounts,
    /// Mean and population standard deviation of a numeric target over the training rows.
    pub target_moments: Option<(f64, f64)>,
}

/// Rows of the file by role, as the first pass counted them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCounts {
    /// Data rows in the file.
    pub rows: usize,
    pub train: usize,
    pub validation: usize,
    pub test: usize,
    /// Training or validation rows dropped for a missing value (policy `drop`).
    pub dropped: usize,
}

/// Fits the preprocessing of the CSV file `options.path` (gzipped or not) in one pass.
pub fn fit_stream(options: &StreamOptions) -> Result<StreamFit, DataError> {
    let path = options.path.as_path();
    let mut rows = CsvRows::open(path, options.delimiter)?;
    let names = rows.names().to_vec();
    let available = || Names(names.clone());
    let target = names
        .iter()
        .position(|n| *n == options.target)
        .ok_or_else(|| DataError::UnknownColumn { column: options.target.clone(), available: available() })?;
    if names.len() < 2 {
        return Err(DataError::NoFeatures { path: show(path), target: options.target.clone() });
    }
    let mut stats: Vec<ColumnStats> =
        names.iter().map(|n| ColumnStats::new(options.categorical.contains(n))).collect();
    let mut labels = Labels::new(options.task);
    let (mut counts, mut parsed) = (RowCounts::default(), vec![Parsed::Missing; names.len()]);
    let policy = options.preprocess.missing;
    while let Some(row) = rows.next_row()? {
        counts.rows += 1;
        let role = options.split.role(row.index);
        let fitting = options.fit_rows.map_or(true, |n| counts.train + counts.validation < n);
        if !fitting {
            match role {
                Role::Test => counts.test += 1,
                Role::Validation => counts.validation += 1,
                Role::Train => counts.train += 1,
            }
            continue;
        }
        for (k, stat) in stats.iter_mut().enumerate() {
            parsed[k] = stat.read(row.field(k)).map_err(|p| cell_error(path, &row, &names[k], k, p))?;
        }
        labels.observe(parsed[target], row.field(target), row.at());
        if role == Role::Test {
            counts.test += 1;
            continue;
        }
        if let Some(k) = parsed.iter().position(|p| *p == Parsed::Missing) {
            let target_missing = parsed[target] == Parsed::Missing;
            let column = names[k].clone();
            match policy {
                MissingPolicy::Drop => {
                    counts.dropped += 1;
                    continue;
                }
                MissingPolicy::Mean if !target_missing => {}
                MissingPolicy::Mean => return Err(missing_target(&names[target], &row)),
                MissingPolicy::Error if k == target => return Err(missing_target(&names[target], &row)),
                MissingPolicy::Error => return Err(DataError::MissingValue { column, at: row.at() }),
            }
        }
        stats.iter_mut().enumerate().for_each(|(k, s)| s.add(parsed[k], row.field(k)));
        match role {
            Role::Validation => counts.validation += 1,
            _ => counts.train += 1,
        }
    }
    if counts.rows == 0 {
        return Err(DataError::NoDataRows { path: show(path) });
    }
    if counts.train + counts.validation == 0 && counts.dropped > 0 {
        return Err(DataError::NoRowsLeft { dropped: counts.dropped });
    }
    let fitted = labels.target(&names[target], stats[target].kind)?;
    let scale = options.preprocess.scale;
    let features = (0..names.len())
        .filter(|&k| k != target)
        .map(|k| stats[k].encoder(&names[k], scale, policy))
        .collect::<Result<Vec<_>, _>>()?;
    let target_moments = target_moments(&fitted, &stats[target]);
    Ok(StreamFit {
        text: stats.iter().map(|s| s.kind == Kind::Text).collect(),
        names,
        options: options.clone(),
        preprocessor: Preprocessor::from_parts(fitted, &options.preprocess, features),
        counts,
        target_moments,
    })
}

impl StreamFit {
    /// The options the file was fitted with (its path among them).
    pub fn options(&self) -> &StreamOptions {
        &self.options
    }
}

/// μ and σ of a regression target (σ = 1 when constant, as `TargetScale::fit`).
fn target_moments(target: &Target, stats: &ColumnStats) -> Option<(f64, f64)> {
    let m = &stats.moments;
    let var = m.m2 / m.count.max(1) as f64;
    (target.task() == crate::Task::Regression).then_some((m.mean, if var > 0.0 { var.sqrt() } else { 1.0 }))
}

fn missing_target(column: &str, row: &Row<'_>) -> DataError {
    DataError::MissingTarget { column: column.to_owned(), at: row.at() }
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
