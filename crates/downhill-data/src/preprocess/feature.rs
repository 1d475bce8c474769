//! One input column's fitted encoding: a scaled numeric feature, or a one-hot block for categories.
//!
//!   numeric: x_j = (v - shift) / divisor, v imputed with the training mean when missing (policy `mean`)
//!   one-hot: x_{j+k} = [v == categories[k]], categories sorted lexicographically, named `column=category`;
//!            a category training never saw encodes as all zeros and yields a warning; a missing value
//!            (policy `mean`) encodes as the most frequent training category.
use std::collections::HashMap;

use downhill_tensor::Float;
use serde::{Deserialize, Serialize};

use super::missing::MissingPolicy;
use super::scale::{Affine, Scale};
use crate::{Column, DataError, Table, Warning};

/// How one input column becomes feature columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeatureEncoder {
    Numeric { column: String, fill: Option<f64>, affine: Affine },
    OneHot { column: String, categories: Vec<String>, fill: Option<usize> },
}

/// Where a transform writes: a row-major `[rows.len(), width]` buffer, starting at column `offset`.
pub(crate) struct Sink<'a> {
    pub out: &'a mut [Float],
    pub width: usize,
    pub offset: usize,
    pub rows: &'a [usize],
    pub table: &'a Table,
    pub warnings: &'a mut Vec<Warning>,
}

impl FeatureEncoder {
    /// Fits the encoding of `column` (named `name`) on the training `rows`.
    pub(crate) fn fit(
        name: &str,
        column: &Column,
        rows: &[usize],
        scale: Scale,
        policy: MissingPolicy,
    ) -> Result<Self, DataError> {
        let all_missing = || DataError::AllMissing { column: name.to_owned() };
        match column {
            Column::Numeric(c) => {
                let present: Vec<f64> = rows.iter().filter_map(|&r| c.get(r)).map(f64::from).collect();
                let fill = (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64);
                if policy == MissingPolicy::Mean && fill.is_none() {
                    return Err(all_missing());
                }
                let imputed: Vec<f64> = match present.len() == rows.len() {
                    true => present,
                    false => rows.iter().map(|&r| c.get(r).map(f64::from).or(fill).unwrap_or(0.0)).collect(),
                };
                Ok(FeatureEncoder::Numeric { column: name.to_owned(), fill, affine: scale.fit(&imputed) })
            }
            Column::Categorical(c) => {
                let mut counts = vec![0usize; c.levels().len()];
                rows.iter()
                    .filter_map(|&r| c.get(r).map(|_| c.codes()[r]))
                    .for_each(|k| counts[k as usize] += 1);
                let mut used: Vec<(&String, usize)> =
                    c.levels().iter().zip(counts).filter(|&(_, n)| n > 0).collect();
                used.sort_by(|a, b| a.0.cmp(b.0));
                // Most frequent; `max_by_key` keeps the last maximum, so scan in reverse to prefer the first.
                let fill = used.iter().enumerate().rev().max_by_key(|(_, (_, n))| *n).map(|(k, _)| k);
                if policy == MissingPolicy::Mean && fill.is_none() {
                    return Err(all_missing());
                }
                let categories = used.into_iter().map(|(l, _)| l.clone()).collect();
                Ok(FeatureEncoder::OneHot { column: name.to_owned(), categories, fill })
            }
        }
    }

    /// The input column this encoder reads.
    pub fn column(&self) -> &str {
        match self {
            FeatureEncoder::Numeric { column, .. } | FeatureEncoder::OneHot { column, .. } => column,
        }
    }
    /// How many feature columns it produces.
    pub fn width(&self) -> usize {
        match self {
            FeatureEncoder::Numeric { .. } => 1,
            FeatureEncoder::OneHot { categories, .. } => categories.len(),
        }
    }
    /// The names of the feature columns it produces (`column`, or `column=category`).
    pub fn feature_names(&self) -> Vec<String> {
        match self {
            FeatureEncoder::Numeric { column, .. } => vec![column.clone()],
            FeatureEncoder::OneHot { column, categories, .. } => {
                categories.iter().map(|c| format!("{column}={c}")).collect()
            }
        }
    }

    /// Writes this encoder's feature columns for `sink.rows` of `column` (zeros already in place).
    pub(crate) fn write(&self, column: &Column, sink: &mut Sink<'_>) -> Result<(), DataError> {
        let (width, offset) = (sink.width, sink.offset);
        match (self, column) {
            (FeatureEncoder::Numeric { fill, affine, .. }, Column::Numeric(c)) => {
                for (i, &r) in sink.rows.iter().enumerate() {
                    let v = c.get(r).map(f64::from).or(*fill).unwrap_or(0.0);
                    sink.out[i * width + offset] = affine.apply(v) as Float;
                }
            }
            (FeatureEncoder::Numeric { column: name, .. }, Column::Categorical(c)) => {
                let r = (0..c.len()).find(|&r| c.get(r).is_some()).unwrap_or(0);
                let value = c.get(r).unwrap_or_default().to_owned();
                return Err(DataError::ColumnKind { column: name.clone(), value, at: sink.table.row_ref(r) });
            }
            (FeatureEncoder::OneHot { column: name, categories, fill }, column) => {
                write_one_hot(name, categories, *fill, column, sink)
            }
        }
        Ok(())
    }
}

/// The one-hot block of a category column (or of numbers read where categories were expected,
/// matched by their text, e.g. `3`). Unseen values are counted into one warning per value.
fn write_one_hot(
    name: &str,
    categories: &[String],
    fill: Option<usize>,
    column: &Column,
    sink: &mut Sink<'_>,
) {
    enum Slot {
        Hot(usize),
        Unseen(usize),
    }
    let find = |v: &str| categories.binary_search_by(|c| c.as_str().cmp(v)).ok();
    let mut slots: HashMap<u32, Slot> = HashMap::new(); // by level code, or by the number's bits
    let mut unseen: Vec<(String, usize, usize)> = Vec::new(); // value, first row, count
    for (i, &r) in sink.rows.iter().enumerate() {
        let key = match column {
            Column::Categorical(c) => c.get(r).map(|_| c.codes()[r]),
            Column::Numeric(c) => c.get(r).map(f32::to_bits),
        };
        let hot = match key {
            None => fill,
            Some(key) => match slots.entry(key).or_insert_with(|| {
                let value = column.text(r).unwrap_or_default();
                find(&value).map_or_else(
                    || {
                        unseen.push((value, r, 0));
                        Slot::Unseen(unseen.len() - 1)
                    },
                    Slot::Hot,
                )
            }) {
                Slot::Hot(k) => Some(*k),
                Slot::Unseen(w) => {
                    unseen[*w].2 += 1;
                    None
                }
            },
        };
        if let Some(k) = hot {
            sink.out[i * sink.width + sink.offset + k] = 1.0;
        }
    }
    for (value, row, count) in unseen {
        sink.warnings.push(Warning::unseen(name, value, sink.table.row_ref(row), count));
    }
}
