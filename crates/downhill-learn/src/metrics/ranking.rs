//! Ranking metrics of scores against binary labels (true = positive, here: an anomaly), with
//! scikit-learn's definitions:
//!   roc_auc            area under the ROC curve: the probability that a random positive scores
//!                      above a random negative, ties counting one half (`roc_auc_score`; the
//!                      Mann-Whitney U statistic with mid-ranks)
//!   average_precision  Σ_k (R_k − R_{k−1})·P_k over the distinct score thresholds, highest first,
//!                      with P_k and R_k the precision and recall of flagging every row scoring at
//!                      least the k-th threshold (`average_precision_score`: no interpolation)
//!   roc_curve          the (false positive rate, true positive rate) points of those thresholds,
//!                      from (0, 0), for a picture
//! Each needs at least one positive and one negative label; `None` otherwise.

/// The rows sorted by score, highest first, grouped by equal score: (positives, negatives) per group.
fn groups(scores: &[f64], labels: &[bool]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        if k == 0 || scores[i] != scores[order[k - 1]] {
            out.push((0, 0));
        }
        let last = out.last_mut().expect("a group was opened");
        if labels[i] {
            last.0 += 1;
        } else {
            last.1 += 1;
        }
    }
    out
}

fn counts(labels: &[bool]) -> Option<(f64, f64)> {
    let p = labels.iter().filter(|&&l| l).count();
    (p > 0 && p < labels.len()).then(|| (p as f64, (labels.len() - p) as f64))
}

/// The ROC curve's points, (0, 0) first, one per distinct score.
pub fn roc_curve(scores: &[f64], labels: &[bool]) -> Option<Vec<(f64, f64)>> {
    let (p, n) = counts(labels)?;
    let mut points = vec![(0.0, 0.0)];
    let (mut tp, mut fp) = (0usize, 0usize);
    for (pos, neg) in groups(scores, labels) {
        (tp, fp) = (tp + pos, fp + neg);
        points.push((fp as f64 / n, tp as f64 / p));
    }
    Some(points)
}

/// Area under the ROC curve (trapezoids between the points: ties count one half).
pub fn roc_auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let points = roc_curve(scores, labels)?;
    Some(points.windows(2).map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0).sum())
}

/// Average precision; see the module docs.
pub fn average_precision(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let (p, _) = counts(labels)?;
    let (mut tp, mut flagged, mut ap) = (0usize, 0usize, 0.0);
    for (pos, neg) in groups(scores, labels) {
        (tp, flagged) = (tp + pos, flagged + pos + neg);
        ap += (pos as f64 / p) * (tp as f64 / flagged as f64);
    }
    Some(ap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_cases_with_and_without_ties() {
        // scikit-learn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75 and
        // average_precision_score(...) = 0.8333; with a tie between a positive and a negative the
        // tie counts one half. f64 sums of a few terms: 1e-12.
        let labels = [false, false, true, true];
        let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-12;
        assert!(close(roc_auc(&[0.1, 0.4, 0.35, 0.8], &labels), 0.75));
        assert!(close(average_precision(&[0.1, 0.4, 0.35, 0.8], &labels), 5.0 / 6.0));
        assert!(close(roc_auc(&[0.1, 0.5, 0.5, 0.8], &labels), 0.875));
        assert!(close(roc_auc(&[0.9, 0.8, 0.2, 0.1], &labels), 0.0));
        assert_eq!(roc_auc(&[0.1, 0.2], &[true, true]), None);
        let curve = roc_curve(&[0.1, 0.4, 0.35, 0.8], &labels).unwrap();
        assert_eq!(curve, [(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)]);
        // exact halves
    }
}
