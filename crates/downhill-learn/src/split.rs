//! Train/validation split: the rows `holdout::held_out` picks (stratified by class for
//! classification, ceil(fraction · n) rows for regression; see holdout.rs for the rounding), drawn
//! from the run's `Split` stream. Both parts keep the original row order.
use crate::data::class_ids;
use crate::holdout::{held_out, Strata};
use crate::seeds::{self, Stream};
use crate::{LearnError, Task};
use downhill_tensor::Tensor;

/// Training rows and optional validation rows.
#[derive(Clone, Debug)]
pub struct Split {
    /// Inputs of the training rows.
    pub x_train: Tensor,
    /// Targets of the training rows, as one column per target ([n, 1] for the estimators).
    pub y_train: Tensor,
    /// `(x, y)` of the validation rows, if any.
    pub validation: Option<(Tensor, Tensor)>,
}

impl Split {
    /// All rows train; no validation.
    pub fn train_only(x: &Tensor, y: &Tensor) -> Split {
        Split { x_train: x.clone(), y_train: column(y), validation: None }
    }

    /// Holds out `fraction` of the rows (0 for none), stratified by class for classification.
    pub fn new(x: &Tensor, y: &Tensor, fraction: f64, task: Task, seed: u64) -> Result<Split, LearnError> {
        if !(0.0..1.0).contains(&fraction) {
            return Err(LearnError::invalid("validation_fraction", "in [0, 1)", fraction));
        }
        if fraction == 0.0 {
            return Ok(Split::train_only(x, y));
        }
        let n = x.rows();
        let mut rng = seeds::rng(seed, Stream::Split, 0);
        let ids: Vec<Option<usize>> = match task {
            Task::Classification { .. } => class_ids(y).into_iter().map(Some).collect(),
            Task::Regression => Vec::new(),
        };
        let strata = match task {
            Task::Regression => Strata::Regression(n),
            Task::Classification { .. } => Strata::Classes(&ids),
        };
        let val = held_out(strata, fraction, &mut rng);
        let mut is_val = vec![false; n];
        val.iter().for_each(|&i| is_val[i] = true);
        let train: Vec<usize> = (0..n).filter(|&i| !is_val[i]).collect();
        if train.is_empty() || val.is_empty() {
            return Err(LearnError::TooFewRows { fraction, rows: n, train: train.len() });
        }
        let y = column(y);
        Ok(Split {
            x_train: x.gather_rows(&train),
            y_train: y.gather_rows(&train),
            validation: Some((x.gather_rows(&val), y.gather_rows(&val))),
        })
    }

    /// The number of training rows.
    pub fn train_rows(&self) -> usize {
        self.x_train.rows()
    }

    /// `RowMismatch` unless each `y` has one row per row of its `x` (a split built by hand).
    pub(crate) fn check_rows(&self) -> Result<(), LearnError> {
        let rows = |t: &Tensor| t.dims().first().copied().unwrap_or(0);
        let validation = self.validation.iter().map(|(x, y)| (x, y));
        match std::iter::once((&self.x_train, &self.y_train))
            .chain(validation)
            .find(|(x, y)| rows(x) != rows(y))
        {
            Some((x, y)) => Err(LearnError::RowMismatch { x_rows: rows(x), y_rows: rows(y) }),
            None => Ok(()),
        }
    }
}

/// `y` as a matrix: [n] becomes an [n, 1] column; [n, k] (several outputs) is kept.
pub(crate) fn column(y: &Tensor) -> Tensor {
    match *y.dims() {
        [_, _] => y.clone(),
        _ => y.reshape([y.numel(), 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_same_tensor_bits;

    fn labelled(n: usize, classes: usize) -> (Tensor, Tensor) {
        let x = Tensor::from_vec((0..n).map(|i| i as f32).collect(), [n, 1]).unwrap();
        let y = Tensor::from_vec((0..n).map(|i| (i % classes) as f32).collect(), [n, 1]).unwrap();
        (x, y)
    }

    #[test]
    fn stratified_split_keeps_class_proportions_and_is_seeded() {
        let (x, y) = labelled(100, 4);
        let task = Task::Classification { classes: 4 };
        let s = Split::new(&x, &y, 0.2, task, 1).unwrap();
        let (_, yv) = s.validation.as_ref().unwrap();
        for c in 0..4 {
            // Exact: validation labels are copies of the integer class ids.
            assert_eq!(yv.data().iter().filter(|&&v| v == c as f32).count(), 5);
        }
        assert_eq!(s.train_rows(), 80);
        let again = Split::new(&x, &y, 0.2, task, 1).unwrap();
        // Same seed -> the same rows, bit for bit; another seed -> another order of the same rows.
        assert_same_tensor_bits("same seed", [&again.x_train], [&s.x_train]);
        let other = Split::new(&x, &y, 0.2, task, 2).unwrap().x_train;
        let bits = |t: &Tensor| t.data().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_ne!(bits(&other), bits(&s.x_train), "seed 2 gives the same rows as seed 1");
    }

    #[test]
    fn regression_split_rounds_up_and_rows_are_disjoint() {
        let (x, y) = labelled(10, 10);
        let s = Split::new(&x, &y, 0.25, Task::Regression, 0).unwrap();
        let (xv, _) = s.validation.unwrap();
        assert_eq!(xv.rows(), 3);
        let mut all: Vec<f32> = s.x_train.data().iter().chain(xv.data()).copied().collect();
        all.sort_by(f32::total_cmp);
        // Exact: the split only copies rows, and the rows are the integers 0..10.
        assert_eq!(all, (0..10).map(|i| i as f32).collect::<Vec<_>>());
    }

    #[test]
    fn a_hand_built_split_must_pair_every_row() {
        let (x, y) = labelled(4, 2);
        let mut s =
            Split { x_train: x.clone(), y_train: y.clone(), validation: Some((x.clone(), y.clone())) };
        assert!(s.check_rows().is_ok());
        s.validation = Some((x, y.slice_rows(0..3)));
        assert!(matches!(s.check_rows(), Err(LearnError::RowMismatch { x_rows: 4, y_rows: 3 })));
    }

    #[test]
    fn fractions_that_leave_nothing_are_errors() {
        let (x, y) = labelled(1, 1);
        assert!(matches!(Split::new(&x, &y, 0.5, Task::Regression, 0), Err(LearnError::TooFewRows { .. })));
        assert!(Split::new(&x, &y, 1.0, Task::Regression, 0)
            .unwrap_err()
            .to_string()
            .contains("validation_fraction"));
    }
}
