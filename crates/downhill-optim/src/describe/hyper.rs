//! One row of an options table: an option's name (torch's argument name; the CLI flag is its
//! kebab-case form), accepted range, one-line help, and the field of the options struct it sets.
//! Reading and writing go through the field, so the struct stays the one place for values and
//! defaults, and the table the one place for everything said about them.
use super::{PairRange, Range, Required, Value, ValueKind};
use crate::OptimError;

/// Where an option's value lives in its options struct `P`.
#[derive(Debug)]
pub enum Field<P: 'static> {
    /// A number (`lr`, `eps`).
    Float(fn(&mut P) -> &mut f64),
    /// An on/off option (`amsgrad`, `nesterov`).
    Switch(fn(&mut P) -> &mut bool),
    /// A whole number (`ns_steps`, `history_size`).
    Count(fn(&mut P) -> &mut usize),
    /// A count whose `None` is a default derived from other options (L-BFGS `max_eval`, a length
    /// covering the whole run) or, for a required option, not given yet.
    DerivedCount(fn(&mut P) -> &mut Option<usize>),
    /// A number whose `None` is a default derived from other options or, if required, not given.
    DerivedFloat(fn(&mut P) -> &mut Option<f64>),
    /// A list of counts (MultiStepLR's `milestones`); empty is not given.
    Counts(fn(&mut P) -> &mut Vec<usize>),
    /// Two numbers given together (torch's tuples, Rprop's `etas`), with the labels the library's
    /// errors give each (`etas.0`, `etas.1`).
    Pair(fn(&mut P) -> &mut (f64, f64), [&'static str; 2]),
    /// Three numbers given together (a torch triple, Muon's `ns_coefficients`), each in the
    /// option's range.
    Triple(fn(&mut P) -> &mut (f64, f64, f64)),
    /// One of `names` (the spellings listed; `set` may accept more, e.g. torch's).
    Choice(&'static [&'static str], fn(&P) -> &'static str, fn(&mut P, &str) -> Result<(), OptimError>),
}

/// One option of `P`.
#[derive(Debug)]
pub struct Hyper<P: 'static> {
    /// The option's name, torch's argument name in snake case (`weight_decay`).
    pub name: &'static str,
    /// How the library's errors name it (torch's spelling, `betas.0`); usually `name`.
    pub label: &'static str,
    /// The values it accepts; the library's errors and the CLI's help state it.
    pub range: Range,
    /// One line saying what it does, for `--help` and listings.
    pub help: &'static str,
    /// Where its value lives in `P`.
    pub field: Field<P>,
    /// Whether it must be given (torch has no default for it).
    pub required: Required,
}

impl<P: Clone + 'static> Hyper<P> {
    /// A number option named `name` accepting `range`, read and written through `f`; its default is
    /// the field's value in `P::default()`.
    pub const fn float(
        name: &'static str,
        range: Range,
        help: &'static str,
        f: fn(&mut P) -> &mut f64,
    ) -> Self {
        Hyper { name, label: name, range, help, field: Field::Float(f), required: Required::No }
    }

    /// An on/off option; every value is accepted.
    pub const fn switch(name: &'static str, help: &'static str, f: fn(&mut P) -> &mut bool) -> Self {
        Hyper { name, label: name, range: Range::Any, help, field: Field::Switch(f), required: Required::No }
    }

    /// A whole-number option, accepting whole numbers >= 1 (`Range::AtLeastOne`).
    pub const fn count(name: &'static str, help: &'static str, f: fn(&mut P) -> &mut usize) -> Self {
        Hyper {
            name,
            label: name,
            range: Range::AtLeastOne,
            help,
            field: Field::Count(f),
            required: Required::No,
        }
    }

    /// An option taking two numbers together (a torch tuple), `range` saying which pairs it accepts;
    /// errors name the offending number as `{name}.0` or `{name}.1`, given as `labels`.
    pub const fn pair(
        name: &'static str,
        labels: [&'static str; 2],
        range: &'static PairRange,
        help: &'static str,
        f: fn(&mut P) -> &mut (f64, f64),
    ) -> Self {
        let field = Field::Pair(f, labels);
        Hyper { name, label: name, range: Range::Pair(range), help, field, required: Required::No }
    }

    /// An option whose value is any of `field`'s (a choice, an optional or listed value).
    pub const fn with(name: &'static str, range: Range, help: &'static str, field: Field<P>) -> Self {
        Hyper { name, label: name, range, help, field, required: Required::No }
    }

    /// The same option, which must be given (torch has no default).
    pub const fn required(self) -> Self {
        Hyper { required: Required::Yes, ..self }
    }

    /// The same option, required unless the run's length is known (then it covers the run).
    pub const fn run_length(self) -> Self {
        Hyper { required: Required::UnlessRunKnown, ..self }
    }

    /// The same option, accepting `range`.
    pub const fn in_range(self, range: Range) -> Self {
        Hyper { range, ..self }
    }

    /// The same option, named `label` in the library's errors.
    pub const fn labelled(self, label: &'static str) -> Self {
        Hyper { label, ..self }
    }

    /// What kind of value it takes, from its field.
    pub fn kind(&self) -> ValueKind {
        match self.field {
            Field::Float(_) => ValueKind::Float,
            Field::Switch(_) => ValueKind::Switch,
            Field::Count(_) | Field::DerivedCount(_) => ValueKind::Count,
            Field::DerivedFloat(_) => ValueKind::Float,
            Field::Counts(_) => ValueKind::Counts,
            Field::Pair(..) => ValueKind::Pair,
            Field::Triple(_) => ValueKind::Triple,
            Field::Choice(names, ..) => ValueKind::Choice(names),
        }
    }

    /// The value held in `p`; `None` for a derived value left to its default, or one not given.
    pub fn get(&self, p: &P) -> Option<Value> {
        let mut p = p.clone(); // the accessors take `&mut`; options are a few numbers
        Some(match &self.field {
            Field::Float(f) => Value::Float(*f(&mut p)),
            Field::Switch(f) => Value::Switch(*f(&mut p)),
            Field::Count(f) => Value::Count(*f(&mut p) as u64),
            Field::DerivedCount(f) => Value::Count((*f(&mut p))? as u64),
            Field::DerivedFloat(f) => Value::Float((*f(&mut p))?),
            Field::Counts(f) => match f(&mut p) {
                v if v.is_empty() => return None,
                v => Value::Counts(v.iter().map(|&n| n as u64).collect()),
            },
            Field::Pair(f, _) => {
                let (a, b) = *f(&mut p);
                Value::Pair(a, b)
            }
            Field::Triple(f) => {
                let (a, b, c) = *f(&mut p);
                Value::Triple(a, b, c)
            }
            Field::Choice(_, get, _) => Value::Choice(get(&p).to_string()),
        })
    }

    /// Sets the option in `p` after checking the value's kind and range.
    pub fn set(&self, p: &mut P, value: Value) -> Result<(), OptimError> {
        let wrong = || OptimError::WrongKind { option: self.name, expected: self.kind().noun() };
        match (&self.field, value) {
            (Field::Float(f), Value::Float(v)) => *f(p) = self.checked(v)?,
            (Field::Switch(f), Value::Switch(v)) => *f(p) = v,
            (Field::Count(f), Value::Count(v)) => *f(p) = self.checked(v as f64)? as usize,
            (Field::DerivedCount(f), Value::Count(v)) => *f(p) = Some(self.checked(v as f64)? as usize),
            (Field::DerivedFloat(f), Value::Float(v)) => *f(p) = Some(self.checked(v)?),
            (Field::Counts(f), Value::Counts(v)) => {
                let v: Result<Vec<usize>, _> =
                    v.iter().map(|&n| self.checked(n as f64).map(|n| n as usize)).collect();
                *f(p) = v?
            }
            (Field::Pair(f, labels), Value::Pair(a, b)) => {
                self.checked_pair(*labels, (a, b))?;
                *f(p) = (a, b)
            }
            (Field::Triple(f), Value::Triple(a, b, c)) => {
                [a, b, c].iter().try_for_each(|&v| self.checked(v).map(drop))?;
                *f(p) = (a, b, c)
            }
            (Field::Choice(_, _, set), Value::Choice(v)) => set(p, &v)?,
            _ => return Err(wrong()),
        }
        Ok(())
    }

    /// Checks the value held in `p` against the range.
    pub fn check(&self, p: &P) -> Result<(), OptimError> {
        match self.get(p) {
            Some(Value::Float(v)) => self.checked(v).map(drop),
            Some(Value::Count(v)) => self.checked(v as f64).map(drop),
            Some(Value::Counts(v)) => v.iter().try_for_each(|&n| self.checked(n as f64).map(drop)),
            Some(Value::Triple(a, b, c)) => [a, b, c].iter().try_for_each(|&v| self.checked(v).map(drop)),
            Some(Value::Pair(a, b)) => match &self.field {
                Field::Pair(_, labels) => self.checked_pair(*labels, (a, b)),
                _ => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// A pair against its `PairRange`, or each number against a plain range.
    fn checked_pair(&self, labels: [&'static str; 2], (a, b): (f64, f64)) -> Result<(), OptimError> {
        match self.range {
            Range::Pair(pair) => pair.check(labels, (a, b)),
            range => {
                crate::error::check_in(labels[0], range, a)?;
                crate::error::check_in(labels[1], range, b)
            }
        }
    }

    fn checked(&self, v: f64) -> Result<f64, OptimError> {
        crate::error::check_in(self.label, self.range, v).map(|()| v)
    }
}
