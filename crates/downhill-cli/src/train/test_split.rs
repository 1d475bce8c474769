//! The held-out test rows from the flags: `--test-rows A..B` (a fixed range, e.g. MNIST's last 2,000)
//! or `--test-fraction F` (downhill-learn's stratified draw, see its holdout.rs). Everything else trains.
use crate::error::CliError;
use downhill_data::TestRows;
use downhill_learn::{test_rows, Strata};

/// `(training rows, test rows)` of `n` rows, sorted; `classes[i]` is row i's class (None: regression).
pub fn split(
    n: usize,
    how: &TestRows,
    classes: &[Option<usize>],
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>), CliError> {
    let test: Vec<usize> = match how {
        TestRows::None => Vec::new(),
        TestRows::Range(r) => {
            if r.end > n {
                return Err(CliError::Usage(format!(
                    "--test-rows {}..{} reaches past the data's {n} rows; give a range within 0..{n}",
                    r.start, r.end
                )));
            }
            r.clone().collect()
        }
        TestRows::Fraction(f) => {
            let strata = if classes.is_empty() { Strata::Regression(n) } else { Strata::Classes(classes) };
            test_rows(strata, *f, seed)
        }
    };
    let mut is_test = vec![false; n];
    test.iter().for_each(|&i| is_test[i] = true);
    let train: Vec<usize> = (0..n).filter(|&i| !is_test[i]).collect();
    if train.is_empty() {
        return Err(CliError::Usage("the test split leaves no training rows; hold out fewer rows".into()));
    }
    if how != &TestRows::None && test.is_empty() {
        return Err(CliError::Usage(format!("--test-fraction leaves no test rows out of {n}; raise it")));
    }
    Ok((train, test))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_stratified_seeded_and_disjoint() {
        let classes: Vec<Option<usize>> = (0..100).map(|i| Some(usize::from(i >= 80))).collect();
        let (train, test) = split(100, &TestRows::Fraction(0.25), &classes, 3).unwrap();
        assert_eq!((train.len(), test.len()), (75, 25));
        assert_eq!(test.iter().filter(|&&i| i >= 80).count(), 5);
        assert_eq!(split(100, &TestRows::Fraction(0.25), &classes, 3).unwrap().1, test);
        assert!(train.iter().all(|i| !test.contains(i)));
    }

    #[test]
    fn row_ranges_must_fit_the_data() {
        let (train, test) = split(10, &TestRows::Range(8..10), &[], 0).unwrap();
        assert_eq!((train.len(), test,), (8, vec![8, 9]));
        let e = split(10, &TestRows::Range(8..12), &[], 0).unwrap_err().to_string();
        assert!(e.contains("past the data's 10 rows"), "{e}");
        assert!(split(10, &TestRows::Range(0..10), &[], 0).is_err());
    }
}
