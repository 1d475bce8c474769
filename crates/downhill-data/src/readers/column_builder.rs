//! Builds one column cell by cell while a text file is parsed.
//!
//! A column's kind is decided by its first non-missing value: a number makes it numeric (a later
//! non-number is then an error), text makes it categorical (later numbers are kept as category text).
//! Columns the caller declares categorical are text from the start. An all-missing column is numeric.
use std::collections::HashMap;

use downhill_tensor::Float;

use super::cell::{classify, text, Cell, MISSING_TOKENS};
use crate::{CategoricalColumn, Column, NumericColumn};

/// Why a field could not be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CellProblem {
    NotNumeric,
    NonFinite,
}

#[derive(Debug)]
pub(crate) enum ColumnBuilder {
    Undecided { missing: usize },
    Numeric(Vec<Float>),
    Text { index: HashMap<Box<[u8]>, u32>, levels: Vec<String>, codes: Vec<u32> },
}

impl ColumnBuilder {
    pub(crate) fn new(categorical: bool) -> Self {
        match categorical {
            true => ColumnBuilder::Text { index: HashMap::new(), levels: Vec::new(), codes: Vec::new() },
            false => ColumnBuilder::Undecided { missing: 0 },
        }
    }

    /// Adds one raw field.
    pub(crate) fn push(&mut self, field: &[u8]) -> Result<(), CellProblem> {
        match self {
            ColumnBuilder::Text { index, levels, codes } => {
                let field = field.trim_ascii();
                let code = match MISSING_TOKENS.contains(&field) {
                    true => CategoricalColumn::MISSING,
                    false => intern(index, levels, field),
                };
                codes.push(code);
            }
            ColumnBuilder::Numeric(values) => match classify(field) {
                Cell::Missing => values.push(Float::NAN),
                Cell::Number(v) => values.push(v),
                Cell::NonFinite => return Err(CellProblem::NonFinite),
                Cell::Text(_) => return Err(CellProblem::NotNumeric),
            },
            ColumnBuilder::Undecided { missing } => match classify(field) {
                Cell::Missing => *missing += 1,
                Cell::NonFinite => return Err(CellProblem::NonFinite),
                Cell::Number(v) => {
                    let mut values = vec![Float::NAN; *missing];
                    values.push(v);
                    *self = ColumnBuilder::Numeric(values);
                }
                Cell::Text(t) => {
                    let (mut index, mut levels) = (HashMap::new(), Vec::new());
                    let mut codes = vec![CategoricalColumn::MISSING; *missing];
                    codes.push(intern(&mut index, &mut levels, t));
                    *self = ColumnBuilder::Text { index, levels, codes };
                }
            },
        }
        Ok(())
    }

    /// The finished column.
    pub(crate) fn finish(self) -> Column {
        match self {
            ColumnBuilder::Undecided { missing } => {
                Column::Numeric(NumericColumn::from_raw(vec![Float::NAN; missing]))
            }
            ColumnBuilder::Numeric(values) => Column::Numeric(NumericColumn::from_raw(values)),
            ColumnBuilder::Text { levels, codes, .. } => {
                Column::Categorical(CategoricalColumn::from_parts(levels, codes))
            }
        }
    }
}

/// The code of `field`, adding it as a new level when first seen (allocates once per distinct value).
fn intern(index: &mut HashMap<Box<[u8]>, u32>, levels: &mut Vec<String>, field: &[u8]) -> u32 {
    if let Some(&code) = index.get(field) {
        return code;
    }
    let code = levels.len() as u32;
    index.insert(field.into(), code);
    levels.push(text(field));
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(fields: &[&str], categorical: bool) -> Result<Column, CellProblem> {
        let mut b = ColumnBuilder::new(categorical);
        for f in fields {
            b.push(f.as_bytes())?;
        }
        Ok(b.finish())
    }

    #[test]
    fn first_value_decides_the_kind() {
        let numeric = build(&["NA", "1", "", "2.5"], false).unwrap();
        // Exact: "1" and "2.5" parse to exactly 1.0 and 2.5 (correctly rounded parser, representable).
        assert_eq!(numeric, Column::Numeric(NumericColumn::from_options([None, Some(1.0), None, Some(2.5)])));
        let text = build(&["?", "red", "3", "red"], false).unwrap();
        let expected = CategoricalColumn::from_options([None, Some("red"), Some("3"), Some("red")]);
        assert_eq!(text, Column::Categorical(expected));
    }

    #[test]
    fn text_after_numbers_and_non_finite_are_problems() {
        assert_eq!(build(&["1", "x"], false), Err(CellProblem::NotNumeric));
        assert_eq!(build(&["1", "inf"], false), Err(CellProblem::NonFinite));
        assert_eq!(build(&["NaN"], false), Err(CellProblem::NonFinite));
    }

    #[test]
    fn declared_categorical_keeps_numbers_as_text() {
        let c = build(&["10", "NA", "10"], true).unwrap();
        assert_eq!(c, Column::Categorical(CategoricalColumn::from_options([Some("10"), None, Some("10")])));
    }

    #[test]
    fn all_missing_is_numeric() {
        assert!(matches!(build(&["", "NA"], false).unwrap(), Column::Numeric(_)));
    }
}
