//! One streamed row to its features and target, exactly as `Preprocessor::transform` writes that
//! row of a table (`preprocess/feature.rs`): numeric columns scaled (missing: imputed, dropped or
//! an error, by the policy), text columns one-hot (an unseen category: all zeros, counted), the
//! target as its value or class id. Problems are the in-memory errors, naming file, row, line and
//! column.
use std::collections::HashMap;
use std::path::PathBuf;

use downhill_tensor::Float;

use super::csv_rows::Row;
use super::online_fit::{cell_error, StreamFit};
use crate::column::number_text;
use crate::readers::cell::{classify, Cell, MISSING_TOKENS};
use crate::readers::CellProblem;
use crate::{Affine, DataError, FeatureEncoder, MissingPolicy, Names, TargetKind};

/// How one input column is written.
enum Encoding {
    Numeric { column: usize, offset: usize, fill: Option<f64>, affine: Affine },
    OneHot { column: usize, offset: usize, index: HashMap<Box<[u8]>, usize>, fill: Option<usize> },
}

/// How the target is read.
enum Labels {
    Values,
    Classes { index: HashMap<Box<[u8]>, usize>, numeric: bool, classes: Vec<String> },
}

pub(crate) struct RowEncoder {
    path: PathBuf,
    names: Vec<String>,
    columns: Vec<Encoding>,
    target: usize,
    labels: Labels,
    policy: MissingPolicy,
    /// Unseen categories met (encoded as all zeros).
    pub unseen: u64,
}

impl RowEncoder {
    pub fn new(fit: &StreamFit, path: PathBuf) -> RowEncoder {
        let position = |name: &str| fit.names.iter().position(|n| n == name).unwrap_or(0);
        let prep = &fit.preprocessor;
        let mut offset = 0;
        let columns = prep
            .encoders()
            .iter()
            .map(|e| {
                let encoding = match e {
                    FeatureEncoder::Numeric { column, fill, affine } => {
                        Encoding::Numeric { column: position(column), offset, fill: *fill, affine: *affine }
                    }
                    FeatureEncoder::OneHot { column, categories, fill } => {
                        let index =
                            categories.iter().enumerate().map(|(k, c)| (c.as_bytes().into(), k)).collect();
                        Encoding::OneHot { column: position(column), offset, index, fill: *fill }
                    }
                };
                offset += e.width();
                encoding
            })
            .collect();
        let target = position(prep.target().column().unwrap_or_default());
        let labels = match prep.target().kind() {
            TargetKind::Classification { classes } => Labels::Classes {
                index: classes.iter().enumerate().map(|(k, c)| (c.as_bytes().into(), k)).collect(),
                numeric: !fit.text[target],
                classes: classes.clone(),
            },
            _ => Labels::Values,
        };
        RowEncoder {
            path,
            names: fit.names.clone(),
            columns,
            target,
            labels,
            policy: prep.missing(),
            unseen: 0,
        }
    }

    /// Writes `row`'s features into `x` (its width) and returns its target; `None` when the
    /// missing-value policy drops the row.
    pub fn encode(&mut self, row: &Row<'_>, x: &mut [Float]) -> Result<Option<Float>, DataError> {
        x.iter_mut().for_each(|v| *v = 0.0);
        for encoding in &self.columns {
            match encoding {
                Encoding::Numeric { column, offset, fill, affine } => {
                    let value = match classify(row.field(*column)) {
                        Cell::Number(v) => f64::from(v),
                        Cell::Missing => match self.missing(row, *column, *fill)? {
                            Some(v) => v,
                            None => return Ok(None),
                        },
                        Cell::NonFinite => return Err(self.cell(row, *column, CellProblem::NonFinite)),
                        Cell::Text(_) => return Err(self.cell(row, *column, CellProblem::NotNumeric)),
                    };
                    x[*offset] = affine.apply(value) as Float;
                }
                Encoding::OneHot { column, offset, index, fill } => {
                    let field = row.field(*column).trim_ascii();
                    let hot = match MISSING_TOKENS.contains(&field) {
                        true => match self.missing(row, *column, fill.map(|k| k as f64))? {
                            Some(k) => Some(k as usize),
                            None => return Ok(None),
                        },
                        false => index.get(field).copied(),
                    };
                    match hot {
                        Some(k) => x[offset + k] = 1.0,
                        None => self.unseen += 1,
                    }
                }
            }
        }
        self.label(row)
    }

    /// A missing value's stand-in under policy `mean` (`fill`), `None` under `drop`.
    fn missing(&self, row: &Row<'_>, column: usize, fill: Option<f64>) -> Result<Option<f64>, DataError> {
        match (self.policy, fill) {
            (MissingPolicy::Drop, _) => Ok(None),
            (MissingPolicy::Mean, Some(v)) => Ok(Some(v)),
            _ => Err(DataError::MissingValue { column: self.names[column].clone(), at: row.at() }),
        }
    }

    fn label(&self, row: &Row<'_>) -> Result<Option<Float>, DataError> {
        let field = row.field(self.target);
        match (&self.labels, classify(field)) {
            (_, Cell::Missing) => match self.policy {
                MissingPolicy::Drop => Ok(None),
                _ => Err(DataError::MissingTarget { column: self.names[self.target].clone(), at: row.at() }),
            },
            // A text column's labels are its trimmed text, numbers included.
            (Labels::Classes { numeric: false, .. }, _) => {
                self.class(row, String::from_utf8_lossy(field.trim_ascii()).into_owned())
            }
            (_, Cell::NonFinite) => Err(self.cell(row, self.target, CellProblem::NonFinite)),
            (_, Cell::Text(_)) => Err(self.cell(row, self.target, CellProblem::NotNumeric)),
            (Labels::Values, Cell::Number(v)) => Ok(Some(v)),
            (Labels::Classes { .. }, Cell::Number(v)) => self.class(row, number_text(v)),
        }
    }

    /// The class id of `label`; a label the fit never saw is an error listing the known ones.
    fn class(&self, row: &Row<'_>, label: String) -> Result<Option<Float>, DataError> {
        let Labels::Classes { index, classes, .. } = &self.labels else { return Ok(None) };
        match index.get(label.as_bytes()) {
            Some(&k) => Ok(Some(k as Float)),
            None => Err(DataError::UnknownLabel {
                column: self.names[self.target].clone(),
                label,
                at: row.at(),
                known: Names(classes.clone()),
            }),
        }
    }

    fn cell(&self, row: &Row<'_>, column: usize, problem: CellProblem) -> DataError {
        cell_error(&self.path, row, &self.names[column], column, problem)
    }
}
