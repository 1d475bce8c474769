//! One column of a table: numbers or category strings, either kind with missing entries.
//!
//! Numeric columns store `Float` with NaN marking a missing entry. That is unambiguous because every
//! reader rejects non-finite input (`inf`, `NaN` literals) with an error naming the row and column.
//! Categorical columns are dictionary-encoded: `levels` in first-seen order and one `u32` code per row.
use downhill_tensor::Float;

/// A column of numbers; NaN marks a missing entry.
#[derive(Clone, Debug, Default)]
pub struct NumericColumn {
    values: Vec<Float>,
}

/// Equal when the same entries are missing and the others are equal.
impl PartialEq for NumericColumn {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && (0..self.len()).all(|i| self.get(i) == other.get(i))
    }
}

/// A column of category strings, stored as codes into `levels` (first-seen order).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CategoricalColumn {
    levels: Vec<String>,
    codes: Vec<u32>,
}

/// The two kinds of column a reader produces.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Numbers: a text column whose first non-missing value is a number (or that has none), or any
    /// LIBSVM or IDX column.
    Numeric(NumericColumn),
    /// Category strings: a text column whose first non-missing value is not a number, or one
    /// declared categorical ([`LoadOptions::categorical`](crate::LoadOptions::categorical)).
    Categorical(CategoricalColumn),
}

impl NumericColumn {
    /// Builds a column; `None` is a missing entry. Non-finite values are treated as missing.
    pub fn from_options(values: impl IntoIterator<Item = Option<Float>>) -> Self {
        Self::from_raw(values.into_iter().map(|v| v.unwrap_or(Float::NAN)).collect())
    }
    /// Wraps values in which NaN marks a missing entry.
    pub fn from_raw(mut values: Vec<Float>) -> Self {
        values.iter_mut().filter(|v| !v.is_finite()).for_each(|v| *v = Float::NAN);
        NumericColumn { values }
    }
    /// Number of rows, missing ones included.
    pub fn len(&self) -> usize {
        self.values.len()
    }
    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    /// The value in row `i` (0-based), `None` when missing. Panics when `i >= len()`.
    pub fn get(&self, i: usize) -> Option<Float> {
        Some(self.values[i]).filter(|v| !v.is_nan())
    }
    /// All values, NaN marking missing ones.
    pub fn raw(&self) -> &[Float] {
        &self.values
    }
}

impl CategoricalColumn {
    /// The code of a missing entry.
    pub const MISSING: u32 = u32::MAX;

    /// Builds a column from strings; `None` is a missing entry.
    pub fn from_options<S: AsRef<str>>(values: impl IntoIterator<Item = Option<S>>) -> Self {
        let mut levels: Vec<String> = Vec::new();
        let codes = values
            .into_iter()
            .map(|v| match v {
                None => Self::MISSING,
                Some(s) => match levels.iter().position(|l| l == s.as_ref()) {
                    Some(k) => k as u32,
                    None => {
                        levels.push(s.as_ref().to_owned());
                        (levels.len() - 1) as u32
                    }
                },
            })
            .collect();
        CategoricalColumn { levels, codes }
    }
    /// Wraps already encoded levels and codes; readers use this after their own dictionary encoding.
    pub(crate) fn from_parts(levels: Vec<String>, codes: Vec<u32>) -> Self {
        debug_assert!(codes.iter().all(|&c| c == Self::MISSING || (c as usize) < levels.len()));
        CategoricalColumn { levels, codes }
    }
    /// Number of rows, missing ones included.
    pub fn len(&self) -> usize {
        self.codes.len()
    }
    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
    /// The category in row `i` (0-based), `None` when missing. Panics when `i >= len()`.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.levels.get(self.codes[i] as usize).map(String::as_str)
    }
    /// Distinct categories in first-seen order (may include ones no longer used after `take`).
    pub fn levels(&self) -> &[String] {
        &self.levels
    }
    /// One code per row into `levels`, `MISSING` for a missing entry.
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }
}

impl Column {
    /// Number of rows, missing ones included.
    pub fn len(&self) -> usize {
        match self {
            Column::Numeric(c) => c.len(),
            Column::Categorical(c) => c.len(),
        }
    }
    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// True when row `i` (0-based) has no value. Panics when `i >= len()`.
    pub fn is_missing(&self, i: usize) -> bool {
        match self {
            Column::Numeric(c) => c.get(i).is_none(),
            Column::Categorical(c) => c.codes[i] == CategoricalColumn::MISSING,
        }
    }
    /// The value in row `i` as text (numbers as by [`number_text`]), `None` when missing.
    pub fn text(&self, i: usize) -> Option<String> {
        match self {
            Column::Numeric(c) => c.get(i).map(number_text),
            Column::Categorical(c) => c.get(i).map(str::to_owned),
        }
    }
    /// The rows `rows` (0-based, any order, repeats allowed) as a new column. Panics when a row is
    /// out of range.
    pub fn take(&self, rows: &[usize]) -> Column {
        match self {
            Column::Numeric(c) => Column::Numeric(NumericColumn { values: pick(&c.values, rows) }),
            Column::Categorical(c) => Column::Categorical(CategoricalColumn {
                levels: c.levels.clone(),
                codes: pick(&c.codes, rows),
            }),
        }
    }
}

fn pick<T: Copy>(values: &[T], rows: &[usize]) -> Vec<T> {
    rows.iter().map(|&r| values[r]).collect()
}

/// A number as a label or category name: integral values without a decimal point (`3`, not `3.0`).
pub fn number_text(v: Float) -> String {
    format!("{}", v + 0.0) // `+ 0.0` turns -0 into 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_missing_is_none() {
        let c = NumericColumn::from_options([Some(1.5), None, Some(Float::INFINITY)]);
        // Exact: get returns the stored value unchanged.
        assert_eq!((c.get(0), c.get(1), c.get(2)), (Some(1.5), None, None));
    }

    #[test]
    fn categorical_codes_follow_first_seen_order() {
        let c = CategoricalColumn::from_options([Some("b"), None, Some("a"), Some("b")]);
        assert_eq!(c.levels(), &["b".to_string(), "a".to_string()]);
        assert_eq!(c.codes(), &[0, CategoricalColumn::MISSING, 1, 0]);
        assert_eq!(c.get(2), Some("a"));
    }

    #[test]
    fn take_selects_and_repeats_rows() {
        let c = Column::Categorical(CategoricalColumn::from_options([Some("x"), Some("y")]));
        let t = c.take(&[1, 1, 0]);
        assert_eq!((t.text(0), t.text(2), t.len()), (Some("y".into()), Some("x".into()), 3));
    }

    #[test]
    fn number_text_drops_integral_fraction() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.5), "0.5");
    }
}
