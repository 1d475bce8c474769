//! The accepted values of a numeric option, with the two phrasings users see: the library's
//! (`must be finite and >= 0`) and the command line's (`accepted: finite numbers >= 0`).

/// Which numbers an option accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// Finite and `>= 0` (learning rates, decays, eps).
    NonNegative,
    /// Finite and `> 0`.
    Positive,
    /// `[0, 1)`: torch's rule for betas.
    UnitOpen,
    /// `[0, 1]`.
    UnitClosed,
    /// `(0, 1)`.
    UnitExclusive,
    /// Any finite number.
    Finite,
    /// Whole numbers `>= 1` (counts and lengths).
    AtLeastOne,
    /// Anything the type holds (switches, names).
    Any,
}

impl Range {
    /// Whether `v` lies in the range.
    pub fn accepts(self, v: f64) -> bool {
        match self {
            Range::NonNegative => v.is_finite() && v >= 0.0,
            Range::Positive => v.is_finite() && v > 0.0,
            Range::UnitOpen => (0.0..1.0).contains(&v),
            Range::UnitClosed => (0.0..=1.0).contains(&v),
            Range::UnitExclusive => v > 0.0 && v < 1.0,
            Range::Finite => v.is_finite(),
            Range::AtLeastOne => v >= 1.0,
            Range::Any => true,
        }
    }

    /// The rule as the library's errors state it: `must be {rule}`.
    pub fn rule(self) -> &'static str {
        match self {
            Range::NonNegative => "finite and >= 0",
            Range::Positive => "finite and > 0",
            Range::UnitOpen => "in [0, 1)",
            Range::UnitClosed => "in [0, 1]",
            Range::UnitExclusive => "in (0, 1)",
            Range::Finite => "finite",
            Range::AtLeastOne => ">= 1",
            Range::Any => "any value",
        }
    }

    /// The rule as the command line states it: `accepted: {accepted}`.
    pub fn accepted(self) -> &'static str {
        match self {
            Range::NonNegative => "finite numbers >= 0",
            Range::Positive => "finite numbers > 0",
            Range::UnitOpen => "numbers in [0, 1)",
            Range::UnitClosed => "numbers in [0, 1]",
            Range::UnitExclusive => "numbers in (0, 1)",
            Range::Finite => "finite numbers",
            Range::AtLeastOne => "integers >= 1",
            Range::Any => "any value",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Range::{self, *};

    #[test]
    fn each_range_accepts_its_edges_as_stated() {
        // (range, accepted edge, rejected edge)
        let edges: [(Range, f64, f64); 7] = [
            (NonNegative, 0.0, -1e-300),
            (Positive, 1e-300, 0.0),
            (UnitOpen, 0.0, 1.0),
            (UnitClosed, 1.0, 1.0 + 1e-12),
            (UnitExclusive, 0.5, 0.0),
            (Finite, -1e300, f64::INFINITY),
            (AtLeastOne, 1.0, 0.0),
        ];
        for (range, ok, bad) in edges {
            assert!(range.accepts(ok) && !range.accepts(bad), "{range:?} {ok} {bad}");
            assert!(!range.accepts(f64::NAN), "{range:?} must reject NaN");
        }
        assert_eq!(UnitOpen.accepted(), "numbers in [0, 1)");
        assert_eq!(NonNegative.rule(), "finite and >= 0");
    }
}
