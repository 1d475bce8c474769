//! The settings every estimator trains with: how to descend, in which batches, when to stop,
//! how much data to hold out for validation, the penalty, and the seed. Serialisable, so the model
//! file records it and a checkpoint can tell whether it is resumed with the same settings.
use crate::{BatchSize, LearnError, OptimizerSettings, Penalty, Solver, StoppingRules};
use serde::{Deserialize, Serialize};

/// The settings every estimator trains with (see the module docs); each estimator's `Default` fills it with
/// scikit-learn-like values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// How the parameters descend: optimizer, schedule, clipping, plateau rule, weight averaging.
    pub optimizer: OptimizerSettings,
    /// Rows per optimizer step.
    pub batch_size: BatchSize,
    /// When training ends.
    pub stopping: StoppingRules,
    /// Fraction of rows held out (stratified for classifiers); 0 for none.
    pub validation_fraction: f64,
    /// A penalty on the weights added to the loss.
    pub penalty: Penalty,
    /// Seed of everything random: the split, the initial weights, the batch order and dropout.
    pub seed: u64,
    /// The seed of the train/validation split when it is not `seed`: restarts (restarts.rs) draw
    /// weights, batch orders and dropout from seeds of their own but hold out the same rows, so
    /// their validation losses compare. Absent from the stored form when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_seed: Option<u64>,
    /// Start from these weights (a downhill model file or a torch `state_dict` in safetensors for
    /// the same architecture) instead of a random draw; absent from the stored form when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_from: Option<std::path::PathBuf>,
    /// Parameters under these name prefixes (`layers.0`) keep their values (fine-tuning).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub freeze: Vec<String>,
    /// Gradient accumulation: one optimizer step every this many batches, on the row-weighted
    /// mean of their gradients (the gradient of the batches taken as one); 1: a step per batch.
    /// Absent from the stored form when 1, so older files read as before.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub accumulate: usize,
    /// A first-order optimizer (`optimizer`, by batches) or full-batch L-BFGS (solver.rs). Absent
    /// from the stored form for a first-order optimizer, so older files read as before.
    #[serde(default, skip_serializing_if = "Solver::is_first_order")]
    pub solver: Solver,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

impl Default for TrainConfig {
    /// Adam (torch defaults), batches of 200 rows (scikit-learn's MLP: min(200, n)), the default
    /// stopping rules, no validation, no penalty, seed 0.
    fn default() -> Self {
        TrainConfig {
            optimizer: OptimizerSettings::default(),
            batch_size: BatchSize::Rows(200),
            stopping: StoppingRules::default(),
            validation_fraction: 0.0,
            penalty: Penalty::None,
            seed: 0,
            split_seed: None,
            init_from: None,
            freeze: Vec::new(),
            accumulate: 1,
            solver: Solver::FirstOrder,
        }
    }
}

impl TrainConfig {
    /// These settings made to stream a file too large for memory: a first-order optimizer instead
    /// of full-batch L-BFGS, batches of 32 at Adam's rate 0.01 (the linear models' first-order
    /// defaults) instead of full batches, and one pass over the file.
    pub fn streaming(mut self) -> TrainConfig {
        self.solver = Solver::FirstOrder;
        if self.batch_size == BatchSize::Full {
            let linear = crate::estimators::linear_defaults();
            self.batch_size = linear.batch_size;
            self.optimizer.optimizer = self.optimizer.optimizer.with_lr(linear.optimizer.optimizer.lr());
        }
        self.stopping.max_epochs = 1;
        self
    }

    /// The share of rows held out for validation: `given`, else early stopping's (0.1) when a rule
    /// `waits` on the validation loss (early stopping, reduce-on-plateau), else `default`.
    pub fn held_out(given: Option<f64>, waits: bool, default: f64) -> f64 {
        given.unwrap_or(if waits { crate::EarlyStopping::VALIDATION_FRACTION } else { default })
    }

    /// The seed the validation rows are drawn from: `split_seed`, else `seed`.
    pub fn holdout_seed(&self) -> u64 {
        self.split_seed.unwrap_or(self.seed)
    }

    /// Checks every setting and the combinations (a plateau rule needs validation rows); the error names the
    /// first bad one.
    pub fn validate(&self) -> Result<(), LearnError> {
        if !(0.0..1.0).contains(&self.validation_fraction) {
            return Err(LearnError::invalid("validation_fraction", "in [0, 1)", self.validation_fraction));
        }
        let has_validation = self.validation_fraction > 0.0;
        if self.optimizer.plateau.is_some() && !has_validation {
            let rule = "used with a validation set: set validation_fraction > 0";
            return Err(LearnError::invalid("plateau", rule, "on"));
        }
        self.batch_size.validate()?;
        if self.accumulate == 0 {
            return Err(LearnError::invalid("accumulate", "an integer >= 1 (batches per optimizer step)", 0));
        }
        self.penalty.validate()?;
        if matches!(self.optimizer.optimizer, crate::OptimizerConfig::SparseAdam(_))
            && self.penalty != Penalty::None
        {
            // The penalty's gradient reaches every row of the table, which SparseAdam (like torch's,
            // which raises on a dense gradient) would then move as if every row were looked up.
            let rule =
                "none with sparse_adam: it would reach every embedding row (use --optimizer adamw for decay)";
            return Err(LearnError::invalid("penalty", rule, format!("{:?}", self.penalty)));
        }
        self.solver.validate()?;
        if !self.solver.is_first_order() && self.accumulate != 1 {
            return Err(LearnError::invalid(
                "accumulate",
                "1 with L-BFGS (it takes every row at once)",
                self.accumulate,
            ));
        }
        if let Some(swa) = &self.optimizer.swa {
            if !self.solver.is_first_order() {
                let rule = "used with a first-order optimizer: L-BFGS takes no epochs of batches to average";
                return Err(LearnError::invalid("swa_start", rule, swa.start));
            }
            if self.stopping.early_stopping.is_some_and(|es| es.restore_best) {
                let rule = "used without early stopping's restoring of the best epoch: SWA's model is the \
                            average up to the last epoch";
                return Err(LearnError::invalid("swa_start", rule, swa.start));
            }
            swa.check_start(self.stopping.max_epochs)?;
        }
        self.stopping.validate(has_validation)?;
        self.optimizer.plateau()?;
        self.optimizer.build(1, 1, &[]).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_settings_name_the_option() {
        let sparse = OptimizerSettings::new(crate::OptimizerConfig::SparseAdam(Default::default()));
        let ok = TrainConfig { optimizer: sparse.clone(), ..Default::default() };
        assert!(ok.validate().is_ok());
        let bad = TrainConfig { optimizer: sparse, penalty: Penalty::L2(1e-4), ..Default::default() };
        let e = bad.validate().unwrap_err().to_string();
        assert!(e.contains("penalty") && e.contains("sparse_adam"), "{e}");
        let bad = TrainConfig { validation_fraction: 1.0, ..Default::default() };
        assert!(bad.validate().unwrap_err().to_string().contains("validation_fraction"));
        let bad = TrainConfig { batch_size: BatchSize::Rows(0), ..Default::default() };
        assert!(bad.validate().unwrap_err().to_string().contains("batch_size"));
        let lr = crate::OptimizerConfig::default().with_lr(f64::NAN);
        let bad = TrainConfig { optimizer: OptimizerSettings::new(lr), ..Default::default() };
        assert!(bad.validate().unwrap_err().to_string().contains("lr"));
        assert!(TrainConfig::default().validate().is_ok());
    }

    #[test]
    fn the_validation_rows_follow_split_seed_when_set_and_files_without_it_read_as_before() {
        let c = TrainConfig { seed: 5, ..Default::default() };
        assert_eq!(c.holdout_seed(), 5);
        let stored = serde_json::to_value(&c).unwrap();
        assert!(stored.get("split_seed").is_none(), "absent when not set: {stored}");
        let restart = TrainConfig { seed: 6, split_seed: Some(5), ..c };
        assert_eq!(restart.holdout_seed(), 5);
        let back: TrainConfig = serde_json::from_value(serde_json::to_value(&restart).unwrap()).unwrap();
        assert_eq!(back, restart);
    }

    #[test]
    fn streaming_steps_by_batches_for_one_pass_and_waiting_rules_hold_rows_out() {
        let full = TrainConfig { batch_size: BatchSize::Full, solver: Solver::lbfgs(), ..Default::default() };
        let s = full.streaming();
        // Exact: literals copied from the linear defaults.
        assert_eq!(
            (s.batch_size, s.optimizer.optimizer.lr(), s.stopping.max_epochs),
            (BatchSize::Rows(32), 0.01, 1)
        );
        assert!(s.solver.is_first_order());
        let s = TrainConfig::default().streaming();
        assert_eq!((s.batch_size, s.optimizer.optimizer.lr()), (BatchSize::Rows(200), 1e-3));
        assert_eq!(TrainConfig::held_out(None, true, 0.0), 0.1);
        assert_eq!(
            (TrainConfig::held_out(None, false, 0.2), TrainConfig::held_out(Some(0.3), true, 0.0)),
            (0.2, 0.3)
        );
    }
}
