//! The value of one option, as a caller hands it in (a flag, a config key) or reads it back.
use std::fmt;

/// One option's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A number (`ValueKind::Float`).
    Float(f64),
    /// On or off (`ValueKind::Switch`).
    Switch(bool),
    /// A whole number (`ValueKind::Count`).
    Count(u64),
    /// One of a fixed set of names (`ValueKind::Choice`).
    Choice(String),
    /// A list of counts (MultiStepLR's `milestones`).
    Counts(Vec<u64>),
    /// Two numbers given together, as torch's tuples (Rprop's `etas`).
    Pair(f64, f64),
    /// Three numbers given together (Muon's `ns_coefficients`).
    Triple(f64, f64, f64),
}

/// What kind of value an option takes; a `Choice` lists its names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A number, e.g. `0.1` or `1e-3`.
    Float,
    /// `true` or `false`.
    Switch,
    /// A whole number.
    Count,
    /// One of these names.
    Choice(&'static [&'static str]),
    /// A comma-separated list of whole numbers.
    Counts,
    /// Two comma-separated numbers.
    Pair,
    /// Three comma-separated numbers.
    Triple,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Float(v) => write!(f, "{v}"),
            Value::Switch(v) => write!(f, "{v}"),
            Value::Count(v) => write!(f, "{v}"),
            Value::Choice(v) => f.write_str(v),
            Value::Counts(v) => f.write_str(&v.iter().map(u64::to_string).collect::<Vec<_>>().join(",")),
            Value::Pair(a, b) => write!(f, "{a},{b}"),
            Value::Triple(a, b, c) => write!(f, "{a},{b},{c}"),
        }
    }
}

impl ValueKind {
    /// How the kind reads in a message: `expected a number`.
    pub fn noun(self) -> &'static str {
        match self {
            ValueKind::Float => "a number",
            ValueKind::Switch => "true or false",
            ValueKind::Count => "a whole number",
            ValueKind::Choice(_) => "a name",
            ValueKind::Counts => "comma-separated whole numbers",
            ValueKind::Pair => "two comma-separated numbers",
            ValueKind::Triple => "three comma-separated numbers",
        }
    }
}
