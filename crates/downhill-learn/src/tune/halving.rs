//! Successive halving (Jamieson & Talwalkar 2016), the synchronous form of ASHA (Li et al. 2020)
//! and one bracket of Hyperband: every configuration trains briefly, the best 1/η go on with η
//! times the epochs, and so on until one trains with the full budget E. For n configurations:
//!   K = ⌈log_η n⌉ promotions,   rung k = 0 … K:
//!   trials_k = max(1, ⌊n / η^k⌋),   epochs_k = max(1, round(E · η^(k − K)))
//! (n = 20, η = 3, E = 200: 20 trials of 7 epochs, 6 of 22, 2 of 67, 1 of 200.) A rung whose epochs
//! round to those of the rung before is skipped. Each rung trains from scratch with the same seed,
//! so a trial's first epochs are those it had in the rung before (schedules that span the run, and
//! the stopping rules, see the new length).
use crate::LearnError;

/// The rungs: how many trials each keeps and how many epochs they train.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rungs {
    /// Trials kept at each rung, first rung first.
    pub trials: Vec<usize>,
    /// Epochs each trial of a rung trains.
    pub epochs: Vec<usize>,
}

impl Rungs {
    /// The plan for `n` configurations, reduction factor `eta` and the full budget `max_epochs`.
    pub fn plan(n: usize, eta: usize, max_epochs: usize) -> Result<Rungs, LearnError> {
        if eta < 2 {
            return Err(LearnError::invalid("eta", "an integer >= 2", eta));
        }
        if n == 0 || max_epochs == 0 {
            return Err(LearnError::invalid("trials", "at least one trial of at least one epoch", n));
        }
        let mut promotions = 0u32;
        while eta.pow(promotions) < n {
            promotions += 1;
        }
        let mut rungs = Rungs { trials: Vec::new(), epochs: Vec::new() };
        for k in 0..=promotions {
            let trials = (n / eta.pow(k)).max(1);
            let epochs =
                (max_epochs as f64 * (eta as f64).powi(k as i32 - promotions as i32)).round().max(1.0);
            let epochs = epochs as usize;
            if rungs.epochs.last() == Some(&epochs) {
                continue; // the same training again: its best are the best of the rung before
            }
            rungs.trials.push(trials);
            rungs.epochs.push(epochs);
        }
        Ok(rungs)
    }

    /// Epochs the plan trains in all.
    pub fn total_epochs(&self) -> usize {
        self.trials.iter().zip(&self.epochs).map(|(t, e)| t * e).sum()
    }
}

/// The indices of the `keep` best of `metrics` (higher is better; a failed trial, `None`, is
/// never kept ahead of one that ran), best first; ties keep the earlier trial.
pub fn best(metrics: &[Option<f64>], keep: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..metrics.len()).collect();
    let key = |i: usize| metrics[i].filter(|m| m.is_finite()).unwrap_or(f64::NEG_INFINITY);
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    order.truncate(keep);
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_for_twenty_trials_is_the_textbook_one() {
        let r = Rungs::plan(20, 3, 200).unwrap();
        assert_eq!(r, Rungs { trials: vec![20, 6, 2, 1], epochs: vec![7, 22, 67, 200] });
        // 140 + 132 + 134 + 200 = 606 epochs, 15 % of 20 full trials' 4000.
        assert_eq!(r.total_epochs(), 606);
        // Short budgets skip rungs that round to the length of the one before: 10 · 3^-3 and
        // 10 · 3^-2 are both 1 epoch, so the 20 go straight to a rung of 2.
        let short = Rungs::plan(20, 3, 10).unwrap();
        assert_eq!(short, Rungs { trials: vec![20, 2, 1], epochs: vec![1, 3, 10] });
        assert_eq!(Rungs::plan(1, 3, 50).unwrap(), Rungs { trials: vec![1], epochs: vec![50] });
        assert!(Rungs::plan(20, 1, 10).is_err() && Rungs::plan(0, 3, 10).is_err());
    }

    #[test]
    fn promotion_keeps_the_best_and_never_a_failure_first() {
        let metrics = [Some(0.5), None, Some(0.9), Some(f64::NAN), Some(0.9), Some(0.1)];
        assert_eq!(best(&metrics, 3), [2, 4, 0]);
        assert_eq!(best(&metrics, 10).len(), 6);
    }
}
