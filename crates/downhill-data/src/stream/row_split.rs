//! Which rows of a streamed file are held out, decided from the row's number alone so every pass
//! over the file agrees without remembering anything:
//!   test:        `--test-rows A..B` (data rows A to B − 1), or u(seed, TEST, row) < F
//!   validation:  among the other rows, u(seed, VALIDATION, row) < F_val
//! where u is a uniform draw in [0, 1) from a generator seeded by (seed, purpose, row). A fraction
//! is then met on average, not exactly, and is not stratified by class (the in-memory split is
//! both); on files large enough to stream the difference is a few rows in a million.
use std::ops::Range;

use downhill_tensor::Rng;

/// The held-out test rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum TestRows {
    /// No test rows (the default).
    #[default]
    None,
    /// Each row with this probability.
    Fraction(f64),
    /// These 0-based data rows.
    Range(Range<usize>),
}

/// What a row is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A row to train on.
    Train,
    /// A row held out to score each epoch (early stopping, model choice).
    Validation,
    /// A row held out for the final evaluation; never used for fitting.
    Test,
}

/// The split of a streamed file's rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowSplit {
    /// Seeds every row's draws: the same seed gives the same roles on every pass.
    pub seed: u64,
    /// The test rows (default none).
    pub test: TestRows,
    /// The probability (0 to 1) that a row not held out for testing is a validation row (default
    /// 0: none).
    pub validation_fraction: f64,
}

const TEST: u64 = 1 << 62;
const VALIDATION: u64 = 2 << 62;

impl RowSplit {
    /// The role of 0-based data row `row`, a pure function of the split and the row number.
    pub fn role(&self, row: usize) -> Role {
        let mixed = self.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ row as u64;
        let draw = |purpose: u64| Rng::seed(mixed ^ purpose).unit_f64();
        let test = match &self.test {
            TestRows::None => false,
            TestRows::Fraction(f) => draw(TEST) < *f,
            TestRows::Range(r) => r.contains(&row),
        };
        match test {
            true => Role::Test,
            false if self.validation_fraction > 0.0 && draw(VALIDATION) < self.validation_fraction => {
                Role::Validation
            }
            false => Role::Train,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_met_on_average_and_repeat() {
        let split = RowSplit { seed: 3, test: TestRows::Fraction(0.2), validation_fraction: 0.25 };
        let roles: Vec<Role> = (0..20_000).map(|r| split.role(r)).collect();
        let share = |role| roles.iter().filter(|&&r| r == role).count() as f64 / 20_000.0;
        // Binomial: the standard error of a share near 0.2 over 20,000 rows is 0.003; allow 4 of them.
        assert!((share(Role::Test) - 0.2).abs() < 0.012, "{}", share(Role::Test));
        assert!((share(Role::Validation) - 0.8 * 0.25).abs() < 0.012, "{}", share(Role::Validation));
        assert!((0..20_000).all(|r| split.role(r) == roles[r]));
        let range = RowSplit { test: TestRows::Range(5..7), ..RowSplit::default() };
        assert_eq!([4, 5, 6, 7].map(|r| range.role(r)), [Role::Train, Role::Test, Role::Test, Role::Train]);
    }
}
