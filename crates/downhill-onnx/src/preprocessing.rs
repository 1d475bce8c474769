//! The stored preprocessing (`downhill_data::Preprocessor`) as ONNX operators, so the graph takes
//! the raw input columns, one column of `features` [N, C] per input column, in training order:
//!   numeric column      its value; NaN is a missing value
//!   categorical column  the 0-based index of its category in the column's sorted category list
//!                       (metadata `categories.<column>`); any other value (−1, say) is a category
//!                       training never saw and encodes as all zeros, as downhill's does; NaN is
//!                       a missing value
//! Then, as `Preprocessor::transform_features` computes it:
//!   impute   (missing policy `mean` only) NaN → the column's fill: the training mean, or the most
//!            frequent category's index: Where(IsNaN(x), fill, x). Under `error` and `drop`
//!            downhill refuses or drops such a row; here NaN then flows through to the outputs.
//!   scale    numeric: (x − shift) / divisor, the subtraction done as (x − s_hi) − s_lo with
//!            s_hi = f32(shift), s_lo = f32(shift − s_hi), so f32 keeps the f64 shift downhill uses
//!   one-hot  categorical with K categories: Cast(Equal(x_j, [0, 1, ..., K−1])) → [N, K]
//!   order    numeric runs (Slice) and one-hot blocks concatenated in column order (Concat)
use crate::graph::Graph;
use crate::wire;
use crate::ExportError;
use downhill_data::{FeatureEncoder, MissingPolicy, Preprocessor};

/// `ONNX TensorProto.DataType` FLOAT, the `to` of a Cast.
const FLOAT: i64 = 1;

/// The model's features [N, F] from the raw columns `x` [N, C].
pub(crate) fn preprocess(g: &mut Graph, prep: &Preprocessor, x: &str) -> Result<String, ExportError> {
    let encoders = prep.encoders();
    check_sorted(encoders)?;
    g.set_scope("preprocessing");
    let c = encoders.len();
    let x = match prep.missing() {
        MissingPolicy::Mean => impute(g, encoders, x),
        MissingPolicy::Error | MissingPolicy::Drop => x.to_string(),
    };
    let scaled = scale(g, encoders, &x);
    if encoders.iter().all(|e| matches!(e, FeatureEncoder::Numeric { .. })) {
        return Ok(scaled);
    }
    let mut pieces = Vec::new();
    let mut j = 0;
    while j < c {
        match &encoders[j] {
            FeatureEncoder::OneHot { categories, .. } => {
                pieces.push(one_hot(g, &x, j, categories.len()));
                j += 1;
            }
            FeatureEncoder::Numeric { .. } => {
                let run =
                    encoders[j..].iter().take_while(|e| matches!(e, FeatureEncoder::Numeric { .. })).count();
                pieces.push(wire::slice(g, &scaled, 1, j, j + run));
                j += run;
            }
        }
    }
    let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
    Ok(g.op("Concat", &pieces, vec![crate::attr::int("axis", 1)]))
}

/// Categories must be sorted, as `FeatureEncoder::fit` leaves them: the index a user gives is
/// the position in that list, and downhill's lookup is a binary search in it.
fn check_sorted(encoders: &[FeatureEncoder]) -> Result<(), ExportError> {
    for e in encoders {
        if let FeatureEncoder::OneHot { column, categories, .. } = e {
            if categories.windows(2).any(|w| w[0] >= w[1]) {
                let problem = "its categories are not sorted and distinct; retrain the model".to_string();
                return Err(ExportError::Preprocessing { column: column.clone(), problem });
            }
        }
    }
    Ok(())
}

fn impute(g: &mut Graph, encoders: &[FeatureEncoder], x: &str) -> String {
    let fills: Vec<f32> = encoders
        .iter()
        .map(|e| match e {
            FeatureEncoder::Numeric { fill, .. } => fill.unwrap_or(0.0) as f32,
            FeatureEncoder::OneHot { fill, .. } => fill.map_or(-1.0, |k| k as f32),
        })
        .collect();
    let fills = g.floats("fill", &[fills.len()], &fills);
    let missing = g.op("IsNaN", &[x], vec![]);
    g.op("Where", &[&missing, &fills, x], vec![])
}

fn scale(g: &mut Graph, encoders: &[FeatureEncoder], x: &str) -> String {
    let affine = |e: &FeatureEncoder| match e {
        FeatureEncoder::Numeric { affine, .. } => (affine.shift, affine.divisor),
        FeatureEncoder::OneHot { .. } => (0.0, 1.0),
    };
    let (shift, divisor): (Vec<f64>, Vec<f64>) = encoders.iter().map(affine).unzip();
    if shift.iter().all(|&s| s == 0.0) && divisor.iter().all(|&d| d == 1.0) {
        return x.to_string();
    }
    let hi: Vec<f32> = shift.iter().map(|&s| s as f32).collect();
    let lo: Vec<f32> = shift.iter().zip(&hi).map(|(&s, &h)| (s - f64::from(h)) as f32).collect();
    let divisor: Vec<f32> = divisor.iter().map(|&d| d as f32).collect();
    let c = encoders.len();
    let (hi, lo, divisor) = (
        g.floats("shift_hi", &[c], &hi),
        g.floats("shift_lo", &[c], &lo),
        g.floats("divisor", &[c], &divisor),
    );
    let centred = g.op("Sub", &[x, &hi], vec![]);
    let centred = g.op("Sub", &[&centred, &lo], vec![]);
    g.op("Div", &[&centred, &divisor], vec![])
}

fn one_hot(g: &mut Graph, x: &str, column: usize, k: usize) -> String {
    let value = wire::slice(g, x, 1, column, column + 1);
    let ids: Vec<f32> = (0..k).map(|i| i as f32).collect();
    let ids = g.floats("categories", &[k], &ids);
    let hot = g.op("Equal", &[&value, &ids], vec![]);
    g.op("Cast", &[&hot], vec![crate::attr::int("to", FLOAT)])
}
