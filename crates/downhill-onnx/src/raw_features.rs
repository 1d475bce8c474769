//! The `features` input of an exported model, built from a table as a caller would build it
//! (`preprocessing.rs` gives the encoding): per input column in training order, a number as it is,
//! a category as its index in the column's sorted category list, −1 for a category training never
//! saw, NaN for a missing value. Columns are found by name; others are ignored.
use downhill_data::{Column, DataError, FeatureEncoder, Preprocessor, Table};
use downhill_tensor::Tensor;

/// `table`'s rows as the `features` [rows, input columns] of a model exported with `prep`.
pub fn raw_features(prep: &Preprocessor, table: &Table) -> Result<Tensor, DataError> {
    let (n, encoders) = (table.n_rows(), prep.encoders());
    let mut data = vec![0.0; n * encoders.len()];
    for (j, e) in encoders.iter().enumerate() {
        let column = table.column(e.column())?;
        for r in 0..n {
            data[r * encoders.len() + j] = value(e, column, r).map_err(|value| DataError::ColumnKind {
                column: e.column().to_string(),
                value,
                at: table.row_ref(r),
            })?;
        }
    }
    Ok(Tensor::from_vec(data, [n, encoders.len()]).unwrap_or_else(|e| panic!("sized above: {e}")))
}

/// Row `r` of `column` as `e`'s input, or the text a numeric column cannot take.
fn value(e: &FeatureEncoder, column: &Column, r: usize) -> Result<f32, String> {
    match (e, column) {
        (FeatureEncoder::Numeric { .. }, Column::Numeric(c)) => Ok(c.get(r).unwrap_or(f32::NAN)),
        (FeatureEncoder::Numeric { .. }, Column::Categorical(c)) => match c.get(r) {
            Some(text) => Err(text.to_string()),
            None => Ok(f32::NAN),
        },
        (FeatureEncoder::OneHot { categories, .. }, column) => Ok(match column.text(r) {
            Some(text) => categories.binary_search(&text).map_or(-1.0, |k| k as f32),
            None => f32::NAN,
        }),
    }
}
