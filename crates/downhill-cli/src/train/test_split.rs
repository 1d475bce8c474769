//! The held-out test rows: `--test-rows A..B` (a fixed range, e.g. MNIST's last 2,000) or
//! `--test-fraction F` (a seeded draw, stratified by class for classification: each class gives
//! round(F · its count) rows, at least one and never all, so every class also trains). Everything else trains.
use crate::error::CliError;
use downhill_tensor::Rng;
use std::ops::Range;

/// How the test rows are chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum TestSplit {
    None,
    Rows(Range<usize>),
    Fraction(f64),
}

/// Mixed into the seed so the test draw differs from the validation split's.
const TEST_STREAM: u64 = 0x7e57_5eed;

/// `(training rows, test rows)` of `n` rows, sorted; `classes[i]` is row i's class (None: regression).
pub fn split(
    n: usize,
    how: &TestSplit,
    classes: &[Option<usize>],
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>), CliError> {
    let test: Vec<usize> = match how {
        TestSplit::None => Vec::new(),
        TestSplit::Rows(r) => {
            if r.end > n {
                return Err(CliError::Usage(format!(
                    "--test-rows {}..{} reaches past the data's {n} rows; give a range within 0..{n}",
                    r.start, r.end
                )));
            }
            r.clone().collect()
        }
        TestSplit::Fraction(f) => {
            if !(*f > 0.0 && *f < 1.0) {
                return Err(CliError::invalid("--test-fraction", f, "numbers in (0, 1)"));
            }
            stratified(n, *f, classes, seed)
        }
    };
    let mut is_test = vec![false; n];
    test.iter().for_each(|&i| is_test[i] = true);
    let train: Vec<usize> = (0..n).filter(|&i| !is_test[i]).collect();
    if train.is_empty() {
        return Err(CliError::Usage("the test split leaves no training rows; hold out fewer rows".into()));
    }
    if how != &TestSplit::None && test.is_empty() {
        return Err(CliError::Usage(format!("--test-fraction leaves no test rows out of {n}; raise it")));
    }
    Ok((train, test))
}

fn stratified(n: usize, f: f64, classes: &[Option<usize>], seed: u64) -> Vec<usize> {
    let groups = classes.iter().filter_map(|c| *c).max().map_or(1, |m| m + 2);
    let mut by_group: Vec<Vec<usize>> = vec![Vec::new(); groups];
    for i in 0..n {
        let g = classes.get(i).copied().flatten().map_or(groups - 1, |c| c);
        by_group[g].push(i);
    }
    let mut rng = Rng::seed(seed ^ TEST_STREAM);
    let mut test = Vec::new();
    for mut rows in by_group.into_iter().filter(|g| !g.is_empty()) {
        rng.shuffle(&mut rows);
        let len = rows.len();
        let k = if len < 2 { 0 } else { ((f * len as f64).round() as usize).clamp(1, len - 1) };
        test.extend_from_slice(&rows[..k]);
    }
    test.sort_unstable();
    test
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_stratified_seeded_and_disjoint() {
        let classes: Vec<Option<usize>> = (0..100).map(|i| Some(usize::from(i >= 80))).collect();
        let (train, test) = split(100, &TestSplit::Fraction(0.25), &classes, 3).unwrap();
        assert_eq!((train.len(), test.len()), (75, 25));
        assert_eq!(test.iter().filter(|&&i| i >= 80).count(), 5);
        assert_eq!(split(100, &TestSplit::Fraction(0.25), &classes, 3).unwrap().1, test);
        assert!(train.iter().all(|i| !test.contains(i)));
    }

    #[test]
    fn row_ranges_must_fit_the_data() {
        let (train, test) = split(10, &TestSplit::Rows(8..10), &[], 0).unwrap();
        assert_eq!((train.len(), test,), (8, vec![8, 9]));
        let e = split(10, &TestSplit::Rows(8..12), &[], 0).unwrap_err().to_string();
        assert!(e.contains("past the data's 10 rows"), "{e}");
        assert!(split(10, &TestSplit::Rows(0..10), &[], 0).is_err());
    }
}
