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
    /// One feature column: the value, imputed when missing, then scaled.
    Numeric {
        /// The input column's name.
        column: String,
        /// The mean of the column's training values (`None` when it had none); missing values
        /// become it under policy `mean`.
        fill: Option<f64>,
        /// The fitted scaling, applied after imputation.
        affine: Affine,
    },
    /// One 0/1 feature column per category.
    OneHot {
        /// The input column's name.
        column: String,
        /// The categories seen in the training rows, sorted lexicographically (byte order).
        categories: Vec<String>,
        /// Index into `categories` of the most frequent one (ties: the first), which a missing
        /// value encodes as under policy `mean`; `None` when the training rows had no values.
        fill: Option<usize>,
    },
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
            (FeatureEncoder::Numeric { fill, affine, column: name }, Column::Numeric(c)) => {
                for (i, &r) in sink.rows.iter().enumerate() {
                    let v = c.get(r).map(f64::from).or(*fill).unwrap_or(0.0);
                    let scaled = affine.apply(v) as Float;
                    if !scaled.is_finite() {
                        let (path, at) = (sink.table.source().to_owned(), sink.table.row_ref(r));
                        return Err(DataError::ScaledOverflow { path, column: name.clone(), value: v, at });
                    }
                    sink.out[i * width + offset] = scaled;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CategoricalColumn, NumericColumn};
    use downhill_testing::assert_close;

    fn one_column(column: Column) -> Table {
        Table::new(vec!["c".into()], vec![column]).unwrap()
    }
    fn transform(f: &FeatureEncoder, table: &Table) -> (Vec<Float>, Vec<Warning>) {
        let rows: Vec<usize> = (0..table.n_rows()).collect();
        let (mut out, mut warnings) = (vec![0.0; rows.len() * f.width()], Vec::new());
        let mut sink =
            Sink { out: &mut out, width: f.width(), offset: 0, rows: &rows, table, warnings: &mut warnings };
        f.write(&table.columns()[0], &mut sink).unwrap();
        (out, warnings)
    }

    #[test]
    fn numeric_fill_is_the_mean_of_the_training_rows() {
        let c = Column::Numeric(NumericColumn::from_options([Some(1.0), None, Some(3.0), Some(100.0)]));
        let f = FeatureEncoder::fit("c", &c, &[0, 1, 2], Scale::None, MissingPolicy::Mean).unwrap();
        let FeatureEncoder::Numeric { fill, .. } = &f else { panic!("{f:?}") };
        // (1 + 3) / 2 in f64, then copies and the fill through the identity map: 1e-6.
        assert_close("fill", &[fill.expect("a fill value")], &[2.0], 1e-6);
        assert_close("imputed column", &transform(&f, &one_column(c)).0, &[1.0, 2.0, 3.0, 100.0], 1e-6);
    }

    #[test]
    fn categories_sort_and_the_most_frequent_fills_ties_going_first() {
        let c = Column::Categorical(CategoricalColumn::from_options([
            Some("b"),
            Some("a"),
            None,
            Some("b"),
            Some("a"),
        ]));
        let f = FeatureEncoder::fit("c", &c, &[0, 1, 2, 3, 4], Scale::Standard, MissingPolicy::Mean).unwrap();
        assert_eq!(f.feature_names(), ["c=a", "c=b"]);
        let FeatureEncoder::OneHot { fill, .. } = &f else { panic!("{f:?}") };
        // a and b both twice: the first in sorted order wins.
        assert_eq!(*fill, Some(0));
        // Exact: one-hot blocks are written as the constants 0 and 1.
        assert_eq!(transform(&f, &one_column(c)).0, vec![0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn numbers_read_for_a_categorical_feature_match_by_text() {
        let train = Column::Categorical(CategoricalColumn::from_options([Some("3"), Some("7")]));
        let f = FeatureEncoder::fit("c", &train, &[0, 1], Scale::None, MissingPolicy::Error).unwrap();
        let read_as_numbers = Column::Numeric(NumericColumn::from_options([Some(7.0), Some(5.0), Some(5.0)]));
        let (out, warnings) = transform(&f, &one_column(read_as_numbers));
        // Exact: one-hot constants, and all zeros for the unseen 5.
        assert_eq!(out, vec![0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
        assert!(matches!(&warnings[..], [Warning::UnseenCategory { value, count: 2, .. }] if value == "5"));
    }

    #[test]
    fn all_missing_cannot_be_imputed() {
        let c = Column::Numeric(NumericColumn::from_options([None, None]));
        let err = FeatureEncoder::fit("c", &c, &[0, 1], Scale::None, MissingPolicy::Mean).unwrap_err();
        assert!(err.to_string().contains("column 'c' has no values in the training rows"), "{err}");
    }
}
