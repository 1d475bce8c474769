//! `Described`: an options struct with its table. Everything generic about options (finding one by
//! name, range checks, listing them with their values) is written once here, for every optimizer,
//! solver and schedule.
use super::{Hyper, Range, Required, Value, ValueKind};
use crate::OptimError;

/// An options struct (torch's argument names, `Default` = torch's defaults) and its table.
pub trait Described: Clone + Default + 'static {
    /// What the errors call this thing (`adam`, `lbfgs`).
    const NAME: &'static str;
    /// Every option, in torch's argument order.
    const OPTIONS: &'static [Hyper<Self>];

    /// Rules across options, beyond each one's range (torch's `nesterov` needs `momentum > 0`).
    fn rules(&self) -> Result<(), OptimError> {
        Ok(())
    }

    /// Every required option given, every option in range and every rule kept.
    fn validate(&self) -> Result<(), OptimError> {
        let missing = Self::OPTIONS.iter().find(|h| h.required == Required::Yes && h.get(self).is_none());
        if let Some(h) = missing {
            return Err(OptimError::MissingOption { option: h.label, of: Self::NAME });
        }
        Self::OPTIONS.iter().try_for_each(|h| h.check(self))?;
        self.rules()
    }

    /// The option called `name`.
    fn option(name: &str) -> Result<&'static Hyper<Self>, OptimError> {
        Self::OPTIONS.iter().find(|h| h.name == name).ok_or_else(|| OptimError::NotAnOption {
            name: name.to_string(),
            of: Self::NAME,
            accepted: Self::OPTIONS.iter().map(|h| h.name).collect::<Vec<_>>().join(", "),
        })
    }

    /// The value of option `name`; `None` for a derived default.
    fn get(&self, name: &str) -> Result<Option<Value>, OptimError> {
        Ok(Self::option(name)?.get(self))
    }

    /// Sets option `name`, checking its kind and range.
    fn set(&mut self, name: &str, value: Value) -> Result<(), OptimError> {
        Self::option(name)?.set(self, value)
    }

    /// torch's defaults with the `given` options set, validated.
    fn from_given(given: &[(&str, Value)]) -> Result<Self, OptimError> {
        let mut options = Self::default();
        for (name, value) in given {
            options.set(name, value.clone())?;
        }
        options.validate()?;
        Ok(options)
    }

    /// Every option with its value in `self` (the defaults, for `Self::default()`).
    fn infos(&self) -> Vec<OptionInfo> {
        Self::OPTIONS
            .iter()
            .map(|h| OptionInfo {
                name: h.name,
                kind: h.kind(),
                range: h.range,
                help: h.help,
                value: h.get(self),
                required: h.required,
            })
            .collect()
    }
}

/// One option as callers see it: what a flag, a help line or a config key is made from.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionInfo {
    /// Its name, torch's argument name (`weight_decay`); the flag is the kebab-case form.
    pub name: &'static str,
    /// What kind of value it takes.
    pub kind: ValueKind,
    /// The values it accepts.
    pub range: Range,
    /// One line saying what it does, for `--help` and listings.
    pub help: &'static str,
    /// The value it holds; `None` for a default derived from other options, or none given.
    pub value: Option<Value>,
    /// Whether it must be given.
    pub required: Required,
}
