//! torch `ReduceLROnPlateau`: not a pure schedule, because it reads a metric. Feed it the metric after
//! each epoch; it returns the factor to pass to `Optimizer::scale_lr` (1.0 when nothing changes).
//!   better(a): min/rel a < best * (1 - threshold)   min/abs a < best - threshold
//!              max/rel a > best * (1 + threshold)   max/abs a > best + threshold
//!   bad epochs reset on improvement and during cooldown; when bad > patience:
//!   new_lr = max(lr * factor, min_lr), applied only if lr - new_lr > eps; then cooldown starts.
use crate::describe::{Described, Hyper, Range};
use crate::error::OptimError;
use serde::{Deserialize, Serialize};

/// Whether a lower or a higher metric is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlateauMode {
    /// A lower metric is better (a loss; torch `'min'`, the default).
    #[default]
    Min,
    /// A higher metric is better (an accuracy; torch `'max'`).
    Max,
}

/// Whether `threshold` is relative to the best value or absolute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdMode {
    /// Better means beyond `best * (1 ± threshold)` (torch `'rel'`, the default).
    #[default]
    Rel,
    /// Better means beyond `best ± threshold` (torch `'abs'`).
    Abs,
}

/// Options with torch's defaults (pinned by `defaults_match_torch`). The table lists the five a
/// training run records (`mode`, `threshold_mode` and `eps` keep torch's defaults there); its
/// `threshold` is `plateau_threshold` on the command line, where `--threshold` is another's.
///
/// Serialised as a training run's model file records it: the five options, plus `mode`,
/// `threshold_mode` and `eps` only when they differ from torch's defaults (a missing field takes
/// torch's default), so the files written before this type replaced downhill-learn's own `Plateau`
/// read and write the same JSON.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlateauOptions {
    /// Whether lower or higher is better (torch `mode`, default `'min'`).
    #[serde(skip_serializing_if = "is_min")]
    pub mode: PlateauMode,
    /// Multiplier of the rate at each reduction (torch `factor`, default 0.1); in [0, 1).
    pub factor: f64,
    /// Checks without improvement tolerated before reducing (torch `patience`, default 10).
    pub patience: usize,
    /// How much better a value must be to count as an improvement (torch `threshold`, default 1e-4); >= 0.
    pub threshold: f64,
    /// Whether `threshold` is relative or absolute (torch `threshold_mode`, default `'rel'`).
    #[serde(skip_serializing_if = "is_rel")]
    pub threshold_mode: ThresholdMode,
    /// Checks to wait after a reduction before counting bad ones again (torch `cooldown`, default 0).
    pub cooldown: usize,
    /// Lower bound on the reduced rate (torch `min_lr`, default 0); >= 0.
    pub min_lr: f64,
    /// Reductions smaller than this are skipped (torch `eps`, default 1e-8).
    #[serde(skip_serializing_if = "is_torch_eps")]
    pub eps: f64,
}

fn is_min(mode: &PlateauMode) -> bool {
    *mode == PlateauMode::Min
}

fn is_rel(mode: &ThresholdMode) -> bool {
    *mode == ThresholdMode::Rel
}

fn is_torch_eps(eps: &f64) -> bool {
    eps.to_bits() == PlateauOptions::default().eps.to_bits()
}

impl Default for PlateauOptions {
    fn default() -> Self {
        PlateauOptions {
            mode: PlateauMode::Min,
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            threshold_mode: ThresholdMode::Rel,
            cooldown: 0,
            min_lr: 0.0,
            eps: 1e-8,
        }
    }
}

impl Described for PlateauOptions {
    const NAME: &'static str = "plateau";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float(
            "factor",
            Range::UnitOpen,
            "multiplier of the rate at each reduction",
            |o: &mut Self| &mut o.factor,
        ),
        Hyper::count("patience", "checks without improvement before reducing", |o: &mut Self| {
            &mut o.patience
        })
        .in_range(Range::Any),
        Hyper::float(
            "plateau_threshold",
            Range::NonNegative,
            "relative improvement that counts as better",
            |o: &mut Self| &mut o.threshold,
        )
        .labelled("threshold"),
        Hyper::count("cooldown", "checks to wait after a reduction", |o: &mut Self| &mut o.cooldown)
            .in_range(Range::Any),
        Hyper::float("min_lr", Range::NonNegative, "lower bound on the reduced rate", |o: &mut Self| {
            &mut o.min_lr
        }),
    ];
}

/// The plateau detector's state: plain data, so it can be saved beside the optimizer.
///
/// ```
/// use downhill_optim::{PlateauOptions, ReduceOnPlateau};
/// let mut plateau = ReduceOnPlateau::new(PlateauOptions { patience: 1, ..Default::default() }).unwrap();
/// let lr = 0.1;
/// // Exact: a patient epoch returns the literal factor 1.
/// assert_eq!(plateau.observe(1.0, lr), 1.0);
/// assert_eq!(plateau.observe(1.0, lr), 1.0); // one bad epoch: still patient
/// assert!((plateau.observe(1.0, lr) - 0.1).abs() < 1e-12); // two: reduce
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ReduceOnPlateau {
    /// The options it was built with.
    pub options: PlateauOptions,
    /// The best metric so far (starts at +inf for `Min`, -inf for `Max`).
    pub best: f64,
    /// Checks since the last improvement (torch `num_bad_epochs`).
    pub bad_epochs: u64,
    /// Checks left in the cooldown.
    pub cooldown_left: u64,
}

impl ReduceOnPlateau {
    /// A detector with nothing observed yet. Errors when an option is out of range, naming it.
    pub fn new(options: PlateauOptions) -> Result<ReduceOnPlateau, OptimError> {
        options.validate()?;
        let best = match options.mode {
            PlateauMode::Min => f64::INFINITY,
            PlateauMode::Max => f64::NEG_INFINITY,
        };
        Ok(ReduceOnPlateau { options, best, bad_epochs: 0, cooldown_left: 0 })
    }

    fn is_better(&self, a: f64) -> bool {
        let (o, best) = (&self.options, self.best);
        match (o.mode, o.threshold_mode) {
            (PlateauMode::Min, ThresholdMode::Rel) => a < best * (1.0 - o.threshold),
            (PlateauMode::Min, ThresholdMode::Abs) => a < best - o.threshold,
            (PlateauMode::Max, ThresholdMode::Rel) => a > best * (1.0 + o.threshold),
            (PlateauMode::Max, ThresholdMode::Abs) => a > best + o.threshold,
        }
    }

    /// Records `metric`; returns the factor to multiply the current `lr` by (1.0 for no change).
    pub fn observe(&mut self, metric: f64, lr: f64) -> f64 {
        if self.is_better(metric) {
            self.best = metric;
            self.bad_epochs = 0;
        } else {
            self.bad_epochs += 1;
        }
        if self.cooldown_left > 0 {
            self.cooldown_left -= 1;
            self.bad_epochs = 0;
        }
        if self.bad_epochs <= self.options.patience as u64 {
            return 1.0;
        }
        self.cooldown_left = self.options.cooldown as u64;
        self.bad_epochs = 0;
        let new_lr = (lr * self.options.factor).max(self.options.min_lr);
        if lr - new_lr > self.options.eps && lr > 0.0 {
            new_lr / lr
        } else {
            1.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = PlateauOptions::default();
        assert_eq!(
            (o.mode, o.patience, o.threshold_mode, o.cooldown),
            (PlateauMode::Min, 10, ThresholdMode::Rel, 0)
        );
        assert!((o.factor - 0.1).abs() < 1e-15 && (o.threshold - 1e-4).abs() < 1e-18);
        assert!(o.min_lr == 0.0 && (o.eps - 1e-8).abs() < 1e-20);
    }

    #[test]
    fn cooldown_delays_the_next_reduction_and_min_lr_floors() {
        let o = PlateauOptions { patience: 0, cooldown: 2, min_lr: 0.05, ..Default::default() };
        let mut p = ReduceOnPlateau::new(o).unwrap();
        let mut lr = 1.0;
        let mut factors = vec![];
        for _ in 0..6 {
            let f = p.observe(5.0, lr);
            lr *= f;
            factors.push(f);
        }
        // epoch 0 improves (from inf); 1 reduces; 2, 3 in cooldown; 4 reduces to the floor; 5 cooldown
        let want = [1.0, 0.1, 1.0, 1.0, 0.5, 1.0];
        assert!(factors.iter().zip(want).all(|(f, w)| (f - w).abs() < 1e-12), "{factors:?}");
        assert!((lr - 0.05).abs() < 1e-12);
    }

    #[test]
    fn max_mode_with_absolute_threshold() {
        let o = PlateauOptions {
            mode: PlateauMode::Max,
            threshold_mode: ThresholdMode::Abs,
            threshold: 0.5,
            patience: 0,
            ..Default::default()
        };
        let mut p = ReduceOnPlateau::new(o).unwrap();
        assert_eq!(p.observe(1.0, 1.0), 1.0); // exact: an improving epoch returns the literal factor 1
        assert!((p.observe(1.4, 1.0) - 0.1).abs() < 1e-12); // +0.4 is not better by 0.5
        assert!(ReduceOnPlateau::new(PlateauOptions { factor: 1.0, ..Default::default() }).is_err());
    }

    #[test]
    fn model_files_keep_the_json_of_the_five_recorded_options() {
        // The form downhill-learn's own `Plateau` wrote before this type replaced it.
        let old = r#"{"factor":0.1,"patience":10,"threshold":0.0001,"cooldown":0,"min_lr":0.0}"#;
        assert_eq!(serde_json::to_string(&PlateauOptions::default()).unwrap(), old);
        let read: PlateauOptions = serde_json::from_str(old).unwrap();
        // Exact: the defaults, read back from their own shortest decimal forms.
        assert_eq!(read, PlateauOptions::default());
        let max = PlateauOptions { mode: PlateauMode::Max, ..Default::default() };
        let json = serde_json::to_string(&max).unwrap();
        assert!(json.starts_with(r#"{"mode":"max","#), "{json}");
        assert_eq!(serde_json::from_str::<PlateauOptions>(&json).unwrap(), max);
    }
}
