//! The one stratified splitter: which rows to hold out, for the validation rows (`Split::new`) and
//! for the CLI's `--test-fraction` rows alike. Rows fall into groups: one per class id (in id order),
//! then one for rows without a class (a regression target, or a missing label). Each group is
//! shuffled with the caller's generator and its first k rows are held out, where for a group of m:
//!   regression (the whole target is one group):  k = ceil(f · m)
//!   classification (each class, missing labels): k = round(f · m)   (halves away from zero)
//! then k is clamped to [1, m − 1] when m ≥ 2 (a single row is never held out), so every group gives
//! at least one row and keeps at least one: every class also trains. The result is sorted, so both
//! parts keep the original row order.
//!
//! How this compares with scikit-learn's `train_test_split`: without `stratify` it holds out
//! ceil(f · n) rows, exactly our regression rule. With `stratify` it fixes the total at ceil(f · n)
//! and gives each class floor(f · n_c) plus one of the leftover rows by largest remainder (ties
//! drawn at random), refusing classes of one row. Per-class rounding gives the same counts whenever
//! f · n_c is whole (iris at 0.2: 10 per class) and can differ by a row otherwise (breast cancer at
//! 0.2: 42 + 71 = 113 here, 42 + 72 = 114 there). Before this module the validation split and the
//! test split each had a copy; they agreed on classes for f ≤ 0.5 but rounded regression targets
//! differently (ceil vs round): the ceil of scikit-learn is kept.
use crate::LearnError;
use downhill_data::TestRows;
use downhill_tensor::Rng;

/// What the rows are grouped by.
#[derive(Clone, Copy, Debug)]
pub enum Strata<'a> {
    /// `n` rows of a regression target: one group.
    Regression(usize),
    /// Each row's class id; `None` for a row without one (grouped after the classes).
    Classes(&'a [Option<usize>]),
}

/// The rows to hold out (sorted) for a fraction `f` in (0, 1), drawn from `rng`.
pub fn held_out(strata: Strata<'_>, f: f64, rng: &mut Rng) -> Vec<usize> {
    type Rounding = fn(f64) -> f64;
    let (groups, round): (Vec<Vec<usize>>, Rounding) = match strata {
        Strata::Regression(n) => (vec![(0..n).collect()], f64::ceil),
        Strata::Classes(ids) => (by_class(ids), f64::round),
    };
    let mut out = Vec::new();
    for mut rows in groups.into_iter().filter(|g| !g.is_empty()) {
        rng.shuffle(&mut rows);
        let m = rows.len();
        let k = if m < 2 { 0 } else { (round(f * m as f64) as usize).clamp(1, m - 1) };
        out.extend_from_slice(&rows[..k]);
    }
    out.sort_unstable();
    out
}

/// Row indices per class id, then the rows without a class.
fn by_class(ids: &[Option<usize>]) -> Vec<Vec<usize>> {
    let groups = ids.iter().filter_map(|c| *c).max().map_or(1, |m| m + 2);
    let mut by_group: Vec<Vec<usize>> = vec![Vec::new(); groups];
    for (i, id) in ids.iter().enumerate() {
        by_group[id.unwrap_or(groups - 1)].push(i);
    }
    by_group
}

/// Mixed into the seed so the test draw differs from the validation split's (the test split's
/// generator since it was introduced; changing it would change every `--test-fraction` run).
const TEST_STREAM: u64 = 0x7e57_5eed;

/// The held-out test rows of `--test-fraction f` with `seed`.
pub fn test_rows(strata: Strata<'_>, f: f64, seed: u64) -> Vec<usize> {
    held_out(strata, f, &mut Rng::seed(seed ^ TEST_STREAM))
}

/// `(training rows, test rows)` of `n` rows, both sorted. `how` picks the test rows: none, a range
/// of row numbers (MNIST's last 2,000), or a fraction drawn by `test_rows` with `seed`, stratified
/// by `classes` (row i's class; empty for a regression target). A range past the data, a fraction
/// outside (0, 1), a split that leaves no training rows or a fraction that leaves no test rows is
/// refused, naming the option (`test_rows`, `test_fraction`).
pub fn split_test_rows(
    n: usize,
    how: &TestRows,
    classes: &[Option<usize>],
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>), LearnError> {
    let refuse = |option, problem: String| Err(LearnError::TestSplit { option, problem });
    let (option, test): (&'static str, Vec<usize>) = match how {
        TestRows::None => ("test_rows", Vec::new()),
        TestRows::Range(r) if r.end > n => {
            let problem = format!(
                "{}..{} reaches past the data's {n} rows; give a range within 0..{n}",
                r.start, r.end
            );
            return refuse("test_rows", problem);
        }
        TestRows::Range(r) => ("test_rows", r.clone().collect()),
        TestRows::Fraction(f) if !(*f > 0.0 && *f < 1.0) => {
            return refuse("test_fraction", format!("{f} is not a fraction; accepted: numbers in (0, 1)"));
        }
        TestRows::Fraction(f) => {
            let strata = if classes.is_empty() { Strata::Regression(n) } else { Strata::Classes(classes) };
            ("test_fraction", test_rows(strata, *f, seed))
        }
    };
    let mut is_test = vec![false; n];
    test.iter().for_each(|&i| is_test[i] = true);
    let train: Vec<usize> = (0..n).filter(|&i| !is_test[i]).collect();
    if train.is_empty() {
        return refuse(option, "leaves no training rows; hold out fewer rows".into());
    }
    if how != &TestRows::None && test.is_empty() {
        return refuse(option, format!("leaves no test rows out of {n}; raise it"));
    }
    Ok((train, test))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_fractions_are_stratified_seeded_and_disjoint() {
        let classes: Vec<Option<usize>> = (0..100).map(|i| Some(usize::from(i >= 80))).collect();
        let (train, test) = split_test_rows(100, &TestRows::Fraction(0.25), &classes, 3).unwrap();
        assert_eq!((train.len(), test.len()), (75, 25));
        assert_eq!(test.iter().filter(|&&i| i >= 80).count(), 5);
        assert_eq!(split_test_rows(100, &TestRows::Fraction(0.25), &classes, 3).unwrap().1, test);
        assert!(train.iter().all(|i| !test.contains(i)));
    }

    #[test]
    fn test_splits_that_do_not_fit_the_data_are_refused_by_option() {
        let (train, test) = split_test_rows(10, &TestRows::Range(8..10), &[], 0).unwrap();
        assert_eq!((train.len(), test), (8, vec![8, 9]));
        let message = |how: TestRows| split_test_rows(10, &how, &[], 0).unwrap_err().to_string();
        assert_eq!(
            message(TestRows::Range(8..12)),
            "test_rows 8..12 reaches past the data's 10 rows; give a range within 0..10"
        );
        assert_eq!(message(TestRows::Range(0..10)), "test_rows leaves no training rows; hold out fewer rows");
        assert_eq!(
            message(TestRows::Fraction(1.5)),
            "test_fraction 1.5 is not a fraction; accepted: numbers in (0, 1)"
        );
        // One row: the stratified draw never holds out a group's only row.
        let e = split_test_rows(1, &TestRows::Fraction(0.5), &[], 0).unwrap_err().to_string();
        assert_eq!(e, "test_fraction leaves no test rows out of 1; raise it");
    }

    #[test]
    fn classes_round_per_class_and_keep_a_row_of_each() {
        let ids: Vec<Option<usize>> = (0..100).map(|i| Some(usize::from(i >= 80))).collect();
        let test = test_rows(Strata::Classes(&ids), 0.25, 3);
        // round(0.25 · 80) = 20 and round(0.25 · 20) = 5.
        assert_eq!((test.len(), test.iter().filter(|&&i| i >= 80).count()), (25, 5));
        assert_eq!(test_rows(Strata::Classes(&ids), 0.25, 3), test, "same seed, same rows");
        // A class of one row stays in training; a class of two gives one and keeps one, even at 0.9.
        let small = [Some(0), Some(1), Some(1), None, None, None];
        let rows = test_rows(Strata::Classes(&small), 0.9, 0);
        assert_eq!(rows.iter().filter(|&&i| i == 1 || i == 2).count(), 1);
        assert!(!rows.contains(&0) && rows.iter().filter(|&&i| i >= 3).count() == 2, "{rows:?}");
    }

    #[test]
    fn regression_rounds_up_as_scikit_learn_and_never_takes_every_row() {
        let mut rng = Rng::seed(0);
        // ceil(0.2 · 442) = ceil(88.4) = 89 (round would give 88).
        assert_eq!(held_out(Strata::Regression(442), 0.2, &mut rng).len(), 89);
        assert_eq!(held_out(Strata::Regression(2), 0.99, &mut rng).len(), 1);
        assert!(held_out(Strata::Regression(1), 0.5, &mut rng).is_empty());
    }
}
