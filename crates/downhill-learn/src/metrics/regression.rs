//! Regression metrics (scikit-learn definitions), residuals r_i = y_i − ŷ_i, ȳ the mean target:
//!   mse = (1/n) Σ r_i²,  rmse = sqrt(mse),  mae = (1/n) Σ |r_i|
//!   r2  = 1 − Σ r_i² / Σ (y_i − ȳ)²;  for constant y: 1 if every r_i = 0, else 0 (`force_finite`)
//! Several outputs ([n, k] targets, an autoencoder's): mse, rmse and mae over every entry, r2 the
//! mean of the k columns' r2 (scikit-learn's `multioutput="uniform_average"`).
use downhill_tensor::Tensor;

fn residuals<'a>(y_true: &'a Tensor, y_pred: &'a Tensor) -> impl Iterator<Item = f64> + 'a {
    assert_eq!(
        y_true.numel(),
        y_pred.numel(),
        "regression metric: {} targets vs {} predictions",
        y_true.numel(),
        y_pred.numel()
    );
    y_true.data().iter().zip(y_pred.data()).map(|(&t, &p)| t as f64 - p as f64)
}

/// Mean squared error over every entry (scikit-learn `mean_squared_error`). Panics if the lengths differ.
pub fn mse(y_true: &Tensor, y_pred: &Tensor) -> f64 {
    residuals(y_true, y_pred).map(|r| r * r).sum::<f64>() / y_true.numel().max(1) as f64
}

/// Root mean squared error, `sqrt(mse)`, in the targets' units.
pub fn rmse(y_true: &Tensor, y_pred: &Tensor) -> f64 {
    mse(y_true, y_pred).sqrt()
}

/// Mean absolute error over every entry (scikit-learn `mean_absolute_error`). Panics if the lengths differ.
pub fn mae(y_true: &Tensor, y_pred: &Tensor) -> f64 {
    residuals(y_true, y_pred).map(f64::abs).sum::<f64>() / y_true.numel().max(1) as f64
}

/// Coefficient of determination R² (scikit-learn `r2_score`; the mean over columns for several outputs): 1 is
/// perfect, 0 predicts the mean, below 0 worse. Panics if the shapes differ.
pub fn r2(y_true: &Tensor, y_pred: &Tensor) -> f64 {
    let k = match y_true.dims() {
        [_, k] if *k > 1 => *k,
        _ => return column_r2(y_true.data(), y_pred.data()),
    };
    assert_eq!(y_true.dims(), y_pred.dims(), "regression metric: targets and predictions differ in shape");
    let column = |t: &Tensor, j: usize| t.data().iter().skip(j).step_by(k).copied().collect::<Vec<f32>>();
    (0..k).map(|j| column_r2(&column(y_true, j), &column(y_pred, j))).sum::<f64>() / k as f64
}

fn column_r2(y_true: &[f32], y_pred: &[f32]) -> f64 {
    assert_eq!(
        y_true.len(),
        y_pred.len(),
        "regression metric: {} targets vs {} predictions",
        y_true.len(),
        y_pred.len()
    );
    let n = y_true.len().max(1) as f64;
    let mean = y_true.iter().map(|&t| t as f64).sum::<f64>() / n;
    let ss_tot: f64 = y_true.iter().map(|&t| (t as f64 - mean).powi(2)).sum();
    let ss_res: f64 = y_true.iter().zip(y_pred).map(|(&t, &p)| (t as f64 - p as f64).powi(2)).sum();
    r2_of(ss_res, ss_tot)
}

/// R² from the residual and total sums of squares, with scikit-learn's rule for constant targets.
pub(crate) fn r2_of(ss_res: f64, ss_tot: f64) -> f64 {
    match (ss_tot == 0.0, ss_res == 0.0) {
        (false, _) => 1.0 - ss_res / ss_tot,
        (true, true) => 1.0,
        (true, false) => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_outputs_average_the_columns_r2() {
        // sklearn 1.9.1: r2_score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]) = 0.9368005266622779
        let t = Tensor::from_rows(&[[0.5, 1.0], [-1.0, 1.0], [7.0, -6.0]]).unwrap();
        let p = Tensor::from_rows(&[[0.0, 2.0], [-1.0, 2.0], [8.0, -5.0]]).unwrap();
        assert!((r2(&t, &p) - 0.936_800_526_662_277_9).abs() < 1e-9, "{}", r2(&t, &p));
        // residuals 0.5, −1, 0, −1, −1, −1: (0.25 + 1 + 0 + 1 + 1 + 1) / 6
        assert!((mse(&t, &p) - 4.25 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn match_the_scikit_learn_documentation_examples() {
        // sklearn docs: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]
        //   mean_squared_error 0.375, mean_absolute_error 0.5, r2_score 0.948608...
        //   (ȳ = 2.875, Σ(y − ȳ)² = 29.1875, Σr² = 1.5, 1 − 1.5/29.1875 = 0.9486081)
        let t = Tensor::vector(vec![3.0, -0.5, 2.0, 7.0]);
        let p = Tensor::vector(vec![2.5, 0.0, 2.0, 8.0]);
        assert!((mse(&t, &p) - 0.375).abs() < 1e-12);
        assert!((rmse(&t, &p) - 0.375f64.sqrt()).abs() < 1e-12);
        assert!((mae(&t, &p) - 0.5).abs() < 1e-12);
        assert!((r2(&t, &p) - (1.0 - 1.5 / 29.1875)).abs() < 1e-12);
    }

    #[test]
    fn r2_of_a_constant_target_is_finite() {
        let t = Tensor::vector(vec![2.0, 2.0]);
        // Exact: for a constant target r2 returns the literal 1 or 0 (force_finite), no division.
        assert_eq!(r2(&t, &t), 1.0);
        assert_eq!(r2(&t, &Tensor::vector(vec![1.0, 2.0])), 0.0);
    }
}
