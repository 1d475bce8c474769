//! Classification metrics (scikit-learn definitions; macro averages over the classes present in
//! the true labels or the predictions, a class with no predicted rows scoring precision 0):
//!   accuracy  = (1/n) Σ [ŷ_i = y_i]
//!   P_c = TP_c / (TP_c + FP_c),  R_c = TP_c / (TP_c + FN_c),  F1_c = 2 P_c R_c / (P_c + R_c)
//!   precision_macro = mean_c P_c,  recall_macro = mean_c R_c,  f1_macro = mean_c F1_c
//!   log_loss  = −(1/n) Σ_i log p_i[y_i],  p clipped to [1e-15, 1 − 1e-15] after normalising rows
use super::ConfusionMatrix;
use downhill_tensor::Tensor;

/// The fraction of rows whose predicted class id equals the true one, in [0, 1] (scikit-learn
/// `accuracy_score`); 0 for no rows.
pub fn accuracy(y_true: &Tensor, y_pred: &Tensor) -> f64 {
    let n = y_true.numel();
    let hits = y_true.data().iter().zip(y_pred.data()).filter(|(a, b)| a == b).count();
    hits as f64 / n.max(1) as f64
}

fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn macro_mean(y_true: &Tensor, y_pred: &Tensor, per_class: impl Fn(&ConfusionMatrix, usize) -> f64) -> f64 {
    macro_of(&ConfusionMatrix::new(y_true, y_pred, 0), per_class)
}

/// The mean of `per_class` over the classes present in `m` (also for counts gathered in parts).
pub(crate) fn macro_of(m: &ConfusionMatrix, per_class: impl Fn(&ConfusionMatrix, usize) -> f64) -> f64 {
    let present = m.present();
    present.iter().map(|&c| per_class(m, c)).sum::<f64>() / present.len().max(1) as f64
}

pub(crate) fn precision(m: &ConfusionMatrix, c: usize) -> f64 {
    ratio(m.true_positives(c), m.predicted(c))
}
pub(crate) fn recall(m: &ConfusionMatrix, c: usize) -> f64 {
    ratio(m.true_positives(c), m.actual(c))
}
pub(crate) fn f1(m: &ConfusionMatrix, c: usize) -> f64 {
    let (p, r) = (precision(m, c), recall(m, c));
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Precision averaged over the classes present (scikit-learn `precision_score(average="macro")`).
pub fn precision_macro(y_true: &Tensor, y_pred: &Tensor) -> f64 {
    macro_mean(y_true, y_pred, precision)
}

/// Recall averaged over the classes present (scikit-learn `recall_score(average="macro")`).
pub fn recall_macro(y_true: &Tensor, y_pred: &Tensor) -> f64 {
    macro_mean(y_true, y_pred, recall)
}

/// F1 averaged over the classes present (scikit-learn `f1_score(average="macro")`).
pub fn f1_macro(y_true: &Tensor, y_pred: &Tensor) -> f64 {
    macro_mean(y_true, y_pred, f1)
}

/// Cross-entropy of `proba` ([n, classes] rows) against class ids `y_true`.
pub fn log_loss(y_true: &Tensor, proba: &Tensor) -> f64 {
    const EPS: f64 = 1e-15;
    let k = proba.cols();
    let total: f64 = y_true
        .data()
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let row = proba.row(i);
            let sum: f64 = row.iter().map(|&p| (p as f64).clamp(EPS, 1.0 - EPS)).sum();
            let p = (row[(c as usize).min(k - 1)] as f64).clamp(EPS, 1.0 - EPS) / sum;
            -p.ln()
        })
        .sum();
    total / y_true.numel().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: &[f32]) -> Tensor {
        Tensor::vector(x.to_vec())
    }

    #[test]
    fn macro_scores_match_the_scikit_learn_documentation_example() {
        // sklearn docs (precision_score etc.): y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
        // class 0: TP 2, FP 1, FN 0 -> P 2/3, R 1, F1 0.8; classes 1, 2: TP 0 -> 0.
        // precision 2/9 = 0.2222, recall 1/3, f1 0.8/3 = 0.2667 (the docs print 0.22..., 0.33..., 0.26...).
        let (t, p) = (v(&[0., 1., 2., 0., 1., 2.]), v(&[0., 2., 1., 0., 0., 1.]));
        assert!((precision_macro(&t, &p) - 2.0 / 9.0).abs() < 1e-12);
        assert!((recall_macro(&t, &p) - 1.0 / 3.0).abs() < 1e-12);
        assert!((f1_macro(&t, &p) - 0.8 / 3.0).abs() < 1e-12);
        assert!((accuracy(&t, &p) - 2.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn log_loss_matches_the_scikit_learn_documentation_example() {
        // sklearn docs: log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
        //   = 0.21616...  (ham = 0, spam = 1):  −(ln .9 + ln .9 + ln .8 + ln .65) / 4 = 0.216161
        let proba = Tensor::from_rows(&[[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]).unwrap();
        let got = log_loss(&v(&[1., 0., 0., 1.]), &proba);
        assert!((got - 0.216_161_3).abs() < 1e-6, "{got}");
        // A confident wrong answer is clipped, not infinite: −ln(1e-15) = 34.54.
        let hard = log_loss(&v(&[0.]), &Tensor::from_rows(&[[0.0, 1.0]]).unwrap());
        assert!((hard - 34.538_776).abs() < 1e-5, "{hard}");
    }
}
