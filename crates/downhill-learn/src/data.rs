//! What data handed to estimators must look like, checked once at the door so the math inside can
//! assume it: `x` is [n, features] and finite; `y` is [n, 1] (or [n]) and finite, or [n, features]
//! for an autoencoder (whose targets are its inputs); for classification
//! every target is a class id `0, 1, ..., k - 1` stored as f32, with at least two distinct ids.
//! What the targets mean is `Task` (defined in downhill-data, re-exported by this crate).
use crate::LearnError;
use downhill_tensor::Tensor;

/// Checks `x` and `y` for `action` ("fit", "predict", ...); returns the number of features.
pub fn check_xy(x: &Tensor, y: &Tensor, action: &'static str) -> Result<usize, LearnError> {
    check_targets(x, y, 1, action)
}

/// `check_xy` for targets `width` columns wide (`[n]` is one column); returns the number of features.
pub fn check_targets(
    x: &Tensor,
    y: &Tensor,
    width: usize,
    action: &'static str,
) -> Result<usize, LearnError> {
    let features = check_x(x, action)?;
    let (rows, cols) = match *y.dims() {
        [n] if width == 1 => (n, 1),
        [n, k] => (n, k),
        _ => (0, 0),
    };
    if cols != width {
        let actual = y.shape().to_string();
        let expected = match width {
            1 => "[n, 1] or [n]".into(),
            k => format!("[n, {k}] (one column per output)"),
        };
        return Err(LearnError::BadShape { what: "y", expected, actual });
    }
    if rows != x.rows() {
        return Err(LearnError::RowMismatch { x_rows: x.rows(), y_rows: rows });
    }
    check_finite(y, "y", width)?;
    Ok(features)
}

/// Checks `x` is a non-empty finite matrix; returns the number of features.
pub fn check_x(x: &Tensor, action: &'static str) -> Result<usize, LearnError> {
    if x.rank() != 2 {
        let actual = x.shape().to_string();
        return Err(LearnError::BadShape { what: "x", expected: "[n, features]".into(), actual });
    }
    if x.rows() == 0 {
        return Err(LearnError::Empty { action });
    }
    check_finite(x, "x", x.cols())?;
    Ok(x.cols())
}

fn check_finite(t: &Tensor, what: &'static str, cols: usize) -> Result<(), LearnError> {
    if t.all_finite() {
        return Ok(()); // the vectorised scan; the slower search below only runs to name the culprit
    }
    match t.data().iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(LearnError::NonFinite {
            what,
            row: i / cols.max(1),
            col: i % cols.max(1),
            value: t.data()[i],
        }),
    }
}

/// The number of classes in `y`: `max id + 1`. Every value must be an integer id below `limit`
/// (when given, e.g. a model already trained on `limit` classes), and at least two ids must occur.
pub fn count_classes(y: &Tensor, limit: Option<usize>) -> Result<usize, LearnError> {
    let cap = limit.unwrap_or(1 << 24) as f32;
    let mut seen = Vec::new();
    for (row, &v) in y.data().iter().enumerate() {
        if v < 0.0 || v.fract() != 0.0 || v >= cap {
            let classes =
                limit.unwrap_or_else(|| y.data().iter().fold(0.0f32, |m, &v| m.max(v)) as usize + 1);
            return Err(LearnError::BadLabel { row, value: v, classes });
        }
        let id = v as usize;
        if id >= seen.len() {
            seen.resize(id + 1, false);
        }
        seen[id] = true;
    }
    let distinct: Vec<usize> = (0..seen.len()).filter(|&i| seen[i]).collect();
    if distinct.len() < 2 && limit.is_none() {
        return Err(LearnError::SingleClass { class: distinct.first().copied().unwrap_or(0) });
    }
    Ok(limit.unwrap_or(seen.len()))
}

/// Class ids of a checked `y`.
pub(crate) fn class_ids(y: &Tensor) -> Vec<usize> {
    y.data().iter().map(|&v| v as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_rows_and_finiteness_are_checked_with_positions() {
        let x = Tensor::from_rows(&[[1.0, 2.0], [3.0, f32::NAN]]).unwrap();
        let y = Tensor::zeros([2, 1]);
        let msg = check_xy(&x, &y, "fit").unwrap_err().to_string();
        assert!(msg.contains("row 1, column 1"), "{msg}");
        let x = Tensor::zeros([2, 2]);
        assert!(matches!(check_xy(&x, &Tensor::zeros([3]), "fit"), Err(LearnError::RowMismatch { .. })));
        assert!(matches!(check_xy(&x, &Tensor::zeros([2, 2]), "fit"), Err(LearnError::BadShape { .. })));
        assert_eq!(check_xy(&x, &Tensor::zeros([2]), "fit").unwrap(), 2);
        assert!(matches!(check_x(&Tensor::zeros([0, 2]), "fit"), Err(LearnError::Empty { .. })));
    }

    #[test]
    fn classes_must_be_integer_ids_and_at_least_two() {
        assert_eq!(count_classes(&Tensor::vector(vec![0.0, 2.0, 1.0]), None).unwrap(), 3);
        let msg = count_classes(&Tensor::vector(vec![0.0, 1.5]), None).unwrap_err().to_string();
        assert!(msg.contains("1.5") && msg.contains("row 1"), "{msg}");
        assert!(matches!(
            count_classes(&Tensor::vector(vec![1.0, 1.0]), None),
            Err(LearnError::SingleClass { class: 1 })
        ));
        assert!(count_classes(&Tensor::vector(vec![0.0, 3.0]), Some(3)).is_err());
        assert_eq!(count_classes(&Tensor::vector(vec![0.0, 0.0]), Some(3)).unwrap(), 3);
    }
}
