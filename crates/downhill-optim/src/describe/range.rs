//! The accepted values of a numeric option, with the two phrasings users see: the library's
//! (`must be finite and >= 0`) and the command line's (`accepted: finite numbers >= 0`). An option
//! taking two numbers together has a `PairRange`, a range for each.
use super::{PairRange, Value};
use std::borrow::Cow;

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
    /// Finite and `> 1` (Rprop's growth factor).
    AboveOne,
    /// Finite and `>= 1`, any real (Adafactor's clipping threshold); counts use `AtLeastOne`.
    OneOrMore,
    /// Finite and `<= 0` (Adafactor's `beta2_decay`, an exponent of the step).
    NonPositive,
    /// Any finite number.
    Finite,
    /// Whole numbers `>= 1` (counts and lengths).
    AtLeastOne,
    /// Anything the type holds (switches, names).
    Any,
    /// Two numbers given together (torch's tuples); no single number is in it.
    Pair(&'static PairRange),
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
            Range::AboveOne => v.is_finite() && v > 1.0,
            Range::OneOrMore => v.is_finite() && v >= 1.0,
            Range::NonPositive => v.is_finite() && v <= 0.0,
            Range::Finite => v.is_finite(),
            Range::AtLeastOne => v >= 1.0,
            Range::Any => true,
            Range::Pair(_) => false,
        }
    }

    /// Whether every number in `value` lies in the range (a pair against a `Pair` range, or each
    /// of its numbers against a plain one); switches and names have no range.
    pub fn accepts_value(self, value: &Value) -> bool {
        match (self, value) {
            (Range::Pair(pair), Value::Pair(a, b)) => pair.accepts((*a, *b)),
            (range, Value::Pair(a, b)) => range.accepts(*a) && range.accepts(*b),
            (range, Value::Triple(a, b, c)) => [a, b, c].iter().all(|v| range.accepts(**v)),
            (range, Value::Float(v)) => range.accepts(*v),
            (range, Value::Count(v)) => range.accepts(*v as f64),
            (range, Value::Counts(v)) => v.iter().all(|&n| range.accepts(n as f64)),
            (_, Value::Switch(_) | Value::Choice(_)) => true,
        }
    }

    /// A value of `kind` the range refuses, for tests of the messages: -1 (else NaN) for a number,
    /// 0 for a count, NaNs for a pair or a triple; `None` when it refuses none of these (and for
    /// switches, names and lists, which have no range).
    pub fn refused(self, kind: super::ValueKind) -> Option<Value> {
        use super::ValueKind as K;
        let candidates = match kind {
            K::Float => vec![Value::Float(-1.0), Value::Float(f64::NAN)],
            K::Count => vec![Value::Count(0)],
            K::Pair => vec![Value::Pair(f64::NAN, f64::NAN)],
            K::Triple => vec![Value::Triple(f64::NAN, 1.0, 1.0)],
            K::Switch | K::Choice(_) | K::Counts => Vec::new(),
        };
        candidates.into_iter().find(|v| !self.accepts_value(v))
    }

    /// The rule as the library's errors state it: `must be {rule}`.
    pub fn rule(self) -> &'static str {
        match self {
            Range::NonNegative => "finite and >= 0",
            Range::Positive => "finite and > 0",
            Range::UnitOpen => "in [0, 1)",
            Range::UnitClosed => "in [0, 1]",
            Range::UnitExclusive => "in (0, 1)",
            Range::AboveOne => "finite and > 1",
            Range::OneOrMore => "finite and >= 1",
            Range::NonPositive => "finite and <= 0",
            Range::Finite => "finite",
            Range::AtLeastOne => ">= 1",
            Range::Any => "any value",
            // A pair's own errors name the number that is out of range (`PairRange::check`).
            Range::Pair(_) => "a pair of numbers, each in its range",
        }
    }

    /// The rule as the command line states it: `accepted: {accepted}`.
    pub fn accepted(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Range::NonNegative => "finite numbers >= 0",
            Range::Positive => "finite numbers > 0",
            Range::UnitOpen => "numbers in [0, 1)",
            Range::UnitClosed => "numbers in [0, 1]",
            Range::UnitExclusive => "numbers in (0, 1)",
            Range::AboveOne => "finite numbers > 1",
            Range::OneOrMore => "finite numbers >= 1",
            Range::NonPositive => "finite numbers <= 0",
            Range::Finite => "finite numbers",
            Range::AtLeastOne => "integers >= 1",
            Range::Any => "any value",
            Range::Pair(pair) => return Cow::Owned(pair.accepted()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Range::{self, *};
    use super::{PairRange, Value};

    #[test]
    fn each_range_accepts_its_edges_as_stated() {
        // (range, accepted edge, rejected edge)
        let edges: [(Range, f64, f64); 10] = [
            (NonNegative, 0.0, -1e-300),
            (Positive, 1e-300, 0.0),
            (UnitOpen, 0.0, 1.0),
            (UnitClosed, 1.0, 1.0 + 1e-12),
            (UnitExclusive, 0.5, 0.0),
            (AboveOne, 1.0 + 1e-12, 1.0),
            (OneOrMore, 1.0, 1.0 - 1e-12),
            (NonPositive, 0.0, 1e-300),
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

    #[test]
    fn values_are_checked_number_by_number_or_as_a_pair() {
        static ETAS: PairRange = PairRange::new(UnitExclusive, AboveOne);
        assert!(Pair(&ETAS).accepts_value(&Value::Pair(0.5, 1.2)));
        assert!(!Pair(&ETAS).accepts_value(&Value::Pair(1.2, 0.5)) && !Pair(&ETAS).accepts(0.5));
        assert!(
            Positive.accepts_value(&Value::Pair(1.0, 2.0)) && !Positive.accepts_value(&Value::Pair(1.0, 0.0))
        );
        assert!(
            AtLeastOne.accepts_value(&Value::Counts(vec![1, 2]))
                && !AtLeastOne.accepts_value(&Value::Count(0))
        );
        assert_eq!(Pair(&ETAS).accepted(), "A,B with A in (0, 1), B finite and > 1");
        use super::super::ValueKind as K;
        assert_eq!(Positive.refused(K::Float), Some(Value::Float(-1.0)));
        assert!(matches!(Finite.refused(K::Float), Some(Value::Float(v)) if v.is_nan()));
        assert_eq!((Any.refused(K::Float), NonNegative.refused(K::Count)), (None, None));
        assert_eq!(
            (AtLeastOne.refused(K::Count), Positive.refused(K::Switch)),
            (Some(Value::Count(0)), None)
        );
    }
}
