//! One column seen a row at a time: its kind, decided as the in-memory reader decides it
//! (`readers/column_builder.rs`: the first present value makes it numeric or text, declared
//! categorical columns are text), and what its encoder is fitted from, over the training rows kept:
//!   numeric: the moments of the present values and the count of missing ones
//!   text:    the count of each category
//! `encoder` then gives exactly `FeatureEncoder::fit`'s result for those rows (up to the rounding of
//! an online mean): the imputed values are the present ones plus `missing` copies of their mean,
//! so their mean is the same and their squared deviations sum to the same m2.
use std::collections::HashMap;

use downhill_tensor::Float;

use super::moments::Moments;
use crate::preprocess::feature::FeatureEncoder;
use crate::preprocess::Summary;
use crate::readers::cell::{classify, Cell, MISSING_TOKENS};
use crate::readers::CellProblem;
use crate::{DataError, MissingPolicy, Scale};

/// A column's kind so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Only missing values yet (numeric if it stays so).
    Undecided,
    Numeric,
    Text,
}

/// One field read against its column's kind (text is re-read from the row when counted).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Parsed {
    Missing,
    Number(Float),
    Text,
}

#[derive(Debug)]
pub(crate) struct ColumnStats {
    pub kind: Kind,
    pub moments: Moments,
    counts: HashMap<Box<[u8]>, u64>,
    missing: u64,
}

impl ColumnStats {
    pub fn new(declared_text: bool) -> Self {
        let kind = if declared_text { Kind::Text } else { Kind::Undecided };
        ColumnStats { kind, moments: Moments::default(), counts: HashMap::new(), missing: 0 }
    }

    /// Reads one raw field, fixing the kind on the first present value.
    pub fn read(&mut self, field: &[u8]) -> Result<Parsed, CellProblem> {
        if self.kind == Kind::Text {
            let missing = MISSING_TOKENS.contains(&field.trim_ascii());
            return Ok(if missing { Parsed::Missing } else { Parsed::Text });
        }
        match classify(field) {
            Cell::Missing => Ok(Parsed::Missing),
            Cell::NonFinite => Err(CellProblem::NonFinite),
            Cell::Number(v) => {
                self.kind = Kind::Numeric;
                Ok(Parsed::Number(v))
            }
            Cell::Text(_) if self.kind == Kind::Numeric => Err(CellProblem::NotNumeric),
            Cell::Text(_) => {
                self.kind = Kind::Text;
                Ok(Parsed::Text)
            }
        }
    }

    /// Counts the value of a kept training row (`field` is its raw text, for categories).
    pub fn add(&mut self, parsed: Parsed, field: &[u8]) {
        match parsed {
            Parsed::Missing => self.missing += 1,
            Parsed::Number(v) => self.moments.push(f64::from(v)),
            Parsed::Text => match self.counts.get_mut(field.trim_ascii()) {
                Some(n) => *n += 1,
                None => {
                    self.counts.insert(field.trim_ascii().into(), 1);
                }
            },
        }
    }

    /// The fitted encoder of this column, named `name`.
    pub fn encoder(
        &self,
        name: &str,
        scale: Scale,
        policy: MissingPolicy,
    ) -> Result<FeatureEncoder, DataError> {
        let all_missing = || DataError::AllMissing { column: name.to_owned() };
        let column = name.to_owned();
        if self.kind == Kind::Text {
            let mut used: Vec<(String, u64)> =
                self.counts.iter().map(|(k, &n)| (String::from_utf8_lossy(k).into_owned(), n)).collect();
            used.sort_by(|a, b| a.0.cmp(&b.0));
            // The most frequent; on a tie the first in sorted order (as FeatureEncoder::fit).
            let fill = used.iter().enumerate().rev().max_by_key(|(_, (_, n))| *n).map(|(k, _)| k);
            if policy == MissingPolicy::Mean && fill.is_none() {
                return Err(all_missing());
            }
            let categories = used.into_iter().map(|(c, _)| c).collect();
            return Ok(FeatureEncoder::OneHot { column, categories, fill });
        }
        let m = &self.moments;
        let fill = (m.count > 0).then_some(m.mean);
        if policy == MissingPolicy::Mean && fill.is_none() {
            return Err(all_missing());
        }
        // Without present values every imputed value is 0 (FeatureEncoder::fit's `unwrap_or(0.0)`).
        let count = m.count + self.missing;
        let summary = match fill {
            Some(mean) => Summary { count, mean, var: m.m2 / count as f64, min: m.min, max: m.max },
            None => Summary { count, mean: 0.0, var: 0.0, min: 0.0, max: 0.0 },
        };
        Ok(FeatureEncoder::Numeric { column, fill, affine: scale.fit_summary(&summary) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_first_present_value() {
        let mut c = ColumnStats::new(false);
        assert_eq!(c.read(b"NA"), Ok(Parsed::Missing));
        assert_eq!(c.read(b" 2.5 "), Ok(Parsed::Number(2.5))); // exact: a representable literal
        assert_eq!(c.read(b"red"), Err(CellProblem::NotNumeric));
        assert_eq!(c.read(b"inf"), Err(CellProblem::NonFinite));
        let mut t = ColumnStats::new(false);
        assert_eq!(t.read(b"red"), Ok(Parsed::Text));
        assert_eq!(t.read(b"3"), Ok(Parsed::Text));
        assert_eq!(t.kind, Kind::Text);
    }
}
