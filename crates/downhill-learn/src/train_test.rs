//! `train_test_split`: hold out a test set in one call, as scikit-learn's `train_test_split`. It is
//! the CLI's `--test-fraction` draw (`holdout::test_rows`), not a second splitter: stratified by
//! class when `y` holds class ids, `ceil(f · n)` shuffled rows for a regression target (see
//! holdout.rs for the per-class rounding). With the same fraction and seed it holds out the same
//! rows as `downhill train DATA --test-fraction f --seed s` on the file the tensors came from.
//!
//! Whether `y` holds class ids is decided by the rule `downhill train` applies to a target column
//! (`Task::infer`): one column of whole numbers with at most `MAX_INTEGER_CLASSES` (20) distinct
//! values is classification. Use `train_test_split_for` to state the task instead.
use crate::holdout::{test_rows, Strata};
use crate::{LearnError, Task};
use downhill_data::{Column, NumericColumn};
use downhill_tensor::Tensor;

/// Training and test rows of `x` and `y`, each part in the original row order.
#[derive(Clone, Debug)]
pub struct TrainTest {
    /// Inputs of the training rows.
    pub x_train: Tensor,
    /// Targets of the training rows.
    pub y_train: Tensor,
    /// Inputs of the test rows.
    pub x_test: Tensor,
    /// Targets of the test rows.
    pub y_test: Tensor,
    /// The rows (0-based, ascending) of the inputs that went to training and to the test set.
    pub train_rows: Vec<usize>,
    /// The rows (0-based, ascending) that went to the test set.
    pub test_rows: Vec<usize>,
}

/// Holds out `test_fraction` (in (0, 1)) of the rows, drawn from `seed`; stratified by class
/// when `y` holds class ids (see the module header for the rule).
///
/// ```
/// use downhill_learn::train_test_split;
/// let iris = downhill_data::datasets::iris();
/// let s = train_test_split(&iris.x, &iris.y, 0.2, 42)?;
/// assert_eq!((s.x_train.rows(), s.x_test.rows()), (120, 30)); // 10 of each species held out
/// # Ok::<(), downhill_learn::LearnError>(())
/// ```
pub fn train_test_split(
    x: &Tensor,
    y: &Tensor,
    test_fraction: f64,
    seed: u64,
) -> Result<TrainTest, LearnError> {
    let task = if y.rank() <= 2 && y.numel() == x.dims().first().copied().unwrap_or(0) {
        Task::infer(&Column::Numeric(NumericColumn::from_raw(y.data().to_vec())))
    } else {
        Task::Regression
    };
    train_test_split_for(x, y, test_fraction, seed, task)
}

/// `train_test_split` with the task given: `Classification` stratifies by the class ids in `y`,
/// `Regression` shuffles all rows as one group.
pub fn train_test_split_for(
    x: &Tensor,
    y: &Tensor,
    test_fraction: f64,
    seed: u64,
    task: Task,
) -> Result<TrainTest, LearnError> {
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(LearnError::invalid("test_fraction", "in (0, 1), e.g. 0.2", test_fraction));
    }
    let n = x.dims().first().copied().unwrap_or(0);
    let y_rows = y.dims().first().copied().unwrap_or(0);
    if n != y_rows {
        return Err(LearnError::RowMismatch { x_rows: n, y_rows });
    }
    let ids: Vec<Option<usize>> = match task {
        Task::Classification { .. } => {
            let id = |v: f32| (v >= 0.0 && v.fract() == 0.0).then_some(v as usize);
            y.data().iter().map(|&v| id(v)).collect()
        }
        Task::Regression => Vec::new(),
    };
    let strata = if ids.is_empty() { Strata::Regression(n) } else { Strata::Classes(&ids) };
    let test = test_rows(strata, test_fraction, seed);
    let mut is_test = vec![false; n];
    test.iter().for_each(|&i| is_test[i] = true);
    let train: Vec<usize> = (0..n).filter(|&i| !is_test[i]).collect();
    if train.is_empty() || test.is_empty() {
        return Err(LearnError::invalid(
            "test_fraction",
            "a fraction that leaves rows on both sides: give more rows",
            format!("{test_fraction} of {n} rows"),
        ));
    }
    Ok(TrainTest {
        x_train: x.gather_rows(&train),
        y_train: y.gather_rows(&train),
        x_test: x.gather_rows(&test),
        y_test: y.gather_rows(&test),
        train_rows: train,
        test_rows: test,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_ids_are_stratified_and_the_rows_are_the_cli_test_rows() {
        let iris = downhill_data::datasets::iris();
        let s = train_test_split(&iris.x, &iris.y, 0.2, 7).unwrap();
        for c in 0..3 {
            // Exact: labels are copies of integer class ids; round(0.2 · 50) = 10 per species.
            assert_eq!(s.y_test.data().iter().filter(|&&v| v == c as f32).count(), 10);
        }
        let ids: Vec<Option<usize>> = iris.y.data().iter().map(|&v| Some(v as usize)).collect();
        assert_eq!(s.test_rows, test_rows(Strata::Classes(&ids), 0.2, 7), "the --test-fraction draw");
        assert_eq!(s.x_train.rows() + s.x_test.rows(), 150);
        assert_eq!(s.x_test.row(0), iris.x.row(s.test_rows[0])); // exact: a copied row
    }

    #[test]
    fn regression_targets_hold_out_ceil_of_the_fraction_in_one_group() {
        let d = downhill_data::datasets::diabetes();
        let s = train_test_split(&d.x, &d.y, 0.2, 0).unwrap();
        assert_eq!(s.test_rows.len(), 89); // ceil(0.2 · 442) = ceil(88.4)
        let again = train_test_split(&d.x, &d.y, 0.2, 0).unwrap();
        assert_eq!(again.test_rows, s.test_rows, "same seed, same rows");
    }

    #[test]
    fn bad_fractions_and_mismatched_rows_say_what_to_fix() {
        let x = Tensor::zeros([4, 2]);
        let y = Tensor::zeros([4, 1]);
        let err = train_test_split(&x, &y, 1.0, 0).unwrap_err().to_string();
        assert!(err.contains("test_fraction") && err.contains("(0, 1)"), "{err}");
        let err = train_test_split(&x, &Tensor::zeros([3, 1]), 0.5, 0).unwrap_err();
        assert!(matches!(err, LearnError::RowMismatch { x_rows: 4, y_rows: 3 }));
        assert!(train_test_split(&Tensor::zeros([1, 2]), &Tensor::zeros([1, 1]), 0.5, 0).is_err());
    }
}
