//! Builder setters shared by the estimators: `MlpClassifier::new().hidden([16]).lr(0.01).epochs(300)`.
//! Each setter writes the same field the CLI's flag of that name writes (`--lr` the optimizer's
//! rate, `--epochs` `stopping.max_epochs`, `--batch-size`, `--seed`, `--l2`, `--hidden`, ...), so a
//! program and a `downhill train` command with the same settings train the same model. Nothing
//! else changes: `new()` is `Default::default()`, whose values each estimator's docs state.
//! The setters are generated once here (a macro, so they are inherent methods that need no trait
//! import); each estimator passes the text of its own defaults for the docs.

/// Setters on `train: TrainConfig`. The literals are the estimator's defaults, shown in the docs.
macro_rules! train_setters {
    ($ty:ident, optimizer: $opt:literal, batch: $batch:literal, epochs: $epochs:literal,
     penalty: $pen:literal, solver: $solver:literal) => {
        impl $ty {
            #[doc = concat!("The default settings (`", stringify!($ty), "::default()`), to change with the setters below.")]
            pub fn new() -> Self {
                Self::default()
            }

            #[doc = concat!("The optimizer's learning rate (`--lr`). Default: ", $opt, ".\n\n",
                "Call it after [`optimizer`](Self::optimizer), which sets a rate of its own.")]
            pub fn lr(mut self, lr: f64) -> Self {
                let optimizer = &mut self.train.optimizer.optimizer;
                *optimizer = optimizer.clone().with_lr(lr);
                self
            }

            #[doc = concat!("The optimizer with its options, rate included (`--optimizer`). Default: ", $opt, ".")]
            pub fn optimizer(mut self, optimizer: crate::OptimizerConfig) -> Self {
                self.train.optimizer.optimizer = optimizer;
                self
            }

            #[doc = concat!("The most epochs to train (`--epochs`). Default: ", $epochs, ".\n\n",
                "The other stopping rules still apply; [`stopping`](Self::stopping)`(StoppingRules::epochs(n))` trains exactly n.")]
            pub fn epochs(mut self, epochs: usize) -> Self {
                self.train.stopping.max_epochs = epochs;
                self
            }

            #[doc = concat!("All the stopping rules at once. Default: ", $epochs, ".")]
            pub fn stopping(mut self, stopping: crate::StoppingRules) -> Self {
                self.train.stopping = stopping;
                self
            }

            #[doc = concat!("Rows per optimizer step (`--batch-size`). Default: ", $batch, ".")]
            pub fn batch_size(mut self, rows: usize) -> Self {
                self.train.batch_size = crate::BatchSize::Rows(rows);
                self
            }

            #[doc = concat!("Every training row in each step (`--batch-size full`). Default: ", $batch, ".")]
            pub fn full_batch(mut self) -> Self {
                self.train.batch_size = crate::BatchSize::Full;
                self
            }

            /// The seed of the initial weights, batch order, dropout and validation split (`--seed`). Default: 0.
            pub fn seed(mut self, seed: u64) -> Self {
                self.train.seed = seed;
                self
            }

            #[doc = concat!("The penalty on the weights (`--l1`, `--l2`, `--elastic-net`, `--c`). Default: ", $pen, ".")]
            pub fn penalty(mut self, penalty: crate::Penalty) -> Self {
                self.train.penalty = penalty;
                self
            }

            #[doc = concat!("An L2 penalty (α/2)·‖w‖² (`--l2 α`; scikit-learn's `alpha`). Default: ", $pen, ".")]
            pub fn l2(self, alpha: f64) -> Self {
                self.penalty(crate::Penalty::L2(alpha))
            }

            /// The fraction of training rows held out to validate each epoch, stratified for
            /// classifiers (`--validation-fraction`). Default: 0 (none).
            pub fn validation_fraction(mut self, fraction: f64) -> Self {
                self.train.validation_fraction = fraction;
                self
            }

            #[doc = concat!("A first-order optimizer by batches, or full-batch L-BFGS (`--solver`). Default: ", $solver, ".")]
            pub fn solver(mut self, solver: crate::Solver) -> Self {
                self.train.solver = solver;
                self
            }
        }
    };
}

/// Setters on `shape: MlpShape`, for the MLP estimators (defaults: scikit-learn's MLP).
macro_rules! shape_setters {
    ($ty:ident) => {
        impl $ty {
            /// Hidden layer sizes (`--hidden 64,32`). Default: `[100]`.
            pub fn hidden(mut self, sizes: impl Into<Vec<usize>>) -> Self {
                self.shape.hidden = sizes.into();
                self
            }

            /// The hidden layers' activation (`--activation`). Default: `Activation::Relu`.
            pub fn activation(mut self, activation: downhill_nn::Activation) -> Self {
                self.shape.activation = activation;
                self
            }

            /// Dropout probability after each hidden activation (`--dropout`). Default: 0.
            pub fn dropout(mut self, p: f64) -> Self {
                self.shape.dropout = p;
                self
            }

            /// Batch norm after each hidden linear layer (`--batch-norm`). Default: off.
            pub fn batch_norm(mut self, on: bool) -> Self {
                self.shape.batch_norm = on;
                self
            }
        }
    };
}

pub(crate) use {shape_setters, train_setters};

#[cfg(test)]
mod tests {
    use crate::{BatchSize, MlpClassifier, OptimizerConfig, Penalty, StoppingRules};
    use downhill_nn::Activation;

    #[test]
    fn setters_write_the_fields_the_flags_write_and_leave_the_rest() {
        assert_eq!(MlpClassifier::new(), MlpClassifier::default());
        let built =
            MlpClassifier::new().hidden([16]).activation(Activation::Tanh).lr(0.01).epochs(300).seed(3);
        let mut by_hand = MlpClassifier::default();
        by_hand.shape.hidden = vec![16];
        by_hand.shape.activation = Activation::Tanh;
        by_hand.train.optimizer.optimizer = by_hand.train.optimizer.optimizer.with_lr(0.01);
        by_hand.train.stopping.max_epochs = 300;
        by_hand.train.seed = 3;
        assert_eq!(built, by_hand);
        // The documented defaults that stay: batches of 200, L2 1e-4, tol still on.
        assert_eq!(built.train.batch_size, BatchSize::Rows(200));
        assert_eq!(built.train.penalty, Penalty::L2(1e-4));
        assert!(built.train.stopping.tol.is_some());
    }

    #[test]
    fn lr_after_optimizer_keeps_both_and_the_other_setters_land() {
        let sgd = OptimizerConfig::default().with_lr(0.5); // any optimizer: the rate is what matters
        let e = crate::LinearRegression::new().optimizer(sgd).lr(0.05).batch_size(16).l2(0.1);
        // Exact: the rate is stored as given.
        assert_eq!(e.train.optimizer.optimizer.lr(), 0.05);
        assert_eq!((e.train.batch_size, e.train.penalty), (BatchSize::Rows(16), Penalty::L2(0.1)));
        let e = crate::SoftmaxRegression::new().stopping(StoppingRules::epochs(5)).full_batch();
        assert_eq!((e.train.stopping.max_epochs, e.train.batch_size), (5, BatchSize::Full));
    }
}
