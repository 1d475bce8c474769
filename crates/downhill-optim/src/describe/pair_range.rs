//! The accepted values of an option that takes two numbers together, as torch's tuples do (Rprop's
//! `etas` and `step_sizes`): each number in its own `Range` and, when `ordered`, the first no larger
//! than the second. torch's rule `0 < etaminus < 1 < etaplus` is `(UnitExclusive, AboveOne)`; the
//! texts users see are composed from the two ranges' own, so they cannot drift from the check.
use super::Range;
use crate::error::check_in;
use crate::OptimError;

/// Which pairs `(a, b)` an option accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairRange {
    /// The range of the first number.
    pub first: Range,
    /// The range of the second number.
    pub second: Range,
    /// The first must not exceed the second (a `(min, max)` pair).
    pub ordered: bool,
}

impl PairRange {
    /// Each number in its own range, in any order.
    pub const fn new(first: Range, second: Range) -> PairRange {
        PairRange { first, second, ordered: false }
    }

    /// The same ranges, with `a <= b` required too.
    pub const fn ordered(self) -> PairRange {
        PairRange { ordered: true, ..self }
    }

    /// Whether `(a, b)` is accepted.
    pub fn accepts(&self, (a, b): (f64, f64)) -> bool {
        self.first.accepts(a) && self.second.accepts(b) && (!self.ordered || a <= b)
    }

    /// The library's check; an error names the offending number by its label (`etas.1`).
    pub fn check(&self, labels: [&'static str; 2], (a, b): (f64, f64)) -> Result<(), OptimError> {
        check_in(labels[0], self.first, a)?;
        check_in(labels[1], self.second, b)?;
        if self.ordered && a > b {
            let (option, bound) = (labels[0], labels[1]);
            return Err(OptimError::AboveOption { option, value: a, bound, bound_value: b });
        }
        Ok(())
    }

    /// The rule as the command line states it: `accepted: A,B with A in (0, 1), B finite and > 1`.
    pub fn accepted(&self) -> String {
        let order = if self.ordered { ", A <= B" } else { "" };
        format!("A,B with A {}, B {}{order}", self.first.rule(), self.second.rule())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_number_has_its_range_and_an_ordered_pair_its_order() {
        let etas = PairRange::new(Range::UnitExclusive, Range::AboveOne);
        assert!(etas.accepts((0.5, 1.2)) && !etas.accepts((1.2, 0.5)) && !etas.accepts((0.5, 1.0)));
        let sizes = PairRange::new(Range::Positive, Range::Positive).ordered();
        assert!(sizes.accepts((1e-6, 50.0)) && sizes.accepts((1.0, 1.0)) && !sizes.accepts((2.0, 1.0)));
        let e = etas.check(["etas.0", "etas.1"], (0.5, 0.9)).unwrap_err().to_string();
        assert!(e.contains("`etas.1`") && e.contains("> 1"), "{e}");
        let e = sizes.check(["step_sizes.0", "step_sizes.1"], (2.0, 1.0)).unwrap_err().to_string();
        assert!(e.contains("`step_sizes.0`: 2 (must be <= step_sizes.1 = 1)"), "{e}");
        assert_eq!(etas.accepted(), "A,B with A in (0, 1), B finite and > 1");
        assert!(sizes.accepted().ends_with(", A <= B"));
    }
}
