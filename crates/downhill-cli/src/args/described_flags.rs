//! Command-line flags made from the library's option tables (`OptionInfo`): each option becomes
//! `--kebab-name`, its help and its owners (the optimizers or schedules that take it) read from
//! the tables, its value checked against the chosen owner's range. The CLI declares no option of
//! its own: an option added to a table is a flag, a config key and a help line here.
use super::flag_values::{
    parse_number_or_auto, parse_number_or_word, parse_pair, parse_triple, NumberOrAuto, NumberOrWord,
};
use crate::error::CliError;
use clap::{value_parser, Arg, ArgAction, ArgMatches};
use downhill_optim::{OptimError, OptionFamily, OptionInfo, Required, Value, ValueKind};

/// One owner of a flag: its name, its default, whether it needs it and what the option means to it (adam's `weight_decay` is an L2 penalty, adamw's decoupled).
#[derive(Clone, Debug)]
pub struct Owner {
    pub name: &'static str,
    pub default: Option<Value>,
    pub required: Required,
    pub help: &'static str,
}

/// One flag: the option's name (`weight_decay`), its flag (`--weight-decay`) and who takes it.
#[derive(Clone, Debug)]
pub struct FlagSpec {
    pub name: &'static str,
    pub flag: &'static str,
    pub kind: ValueKind,
    /// The value's name in usage lines: the choices for a `Choice`, the option's name in capitals
    /// for a number; switches take none.
    pub value_name: Option<&'static str>,
    pub owners: Vec<Owner>,
}

/// Every flag of a family (optimizers, schedules), in the order the tables first name them.
#[derive(Clone, Debug)]
pub struct FlagSet {
    /// What an owner is called in messages (`optimizer`).
    pub noun: &'static str,
    /// What goes before an owner's name in messages (`--schedule ` for `--schedule cosine`).
    pub owner_prefix: &'static str,
    pub owner_names: Vec<&'static str>,
    pub specs: Vec<FlagSpec>,
    /// Checks a name given to a `Choice` option of `owner`, so a bad one is a parse error naming
    /// the flag, with the library's message.
    pub check_choice: fn(owner: &str, option: &str, value: &str) -> Result<(), String>,
    /// Number options that also take the word `auto`, with what it means (`lr auto`: train runs
    /// the range test first).
    pub auto: &'static [(&'static str, &'static str)],
    /// Number options that also take a word, with what it means (`tol none`: the rule is off):
    /// `(option, word, meaning)`; the word is given as `Value::Choice(word)`.
    pub words: &'static [(&'static str, &'static str, &'static str)],
    /// The owners' tables, which check options given by name.
    family: OptionFamily,
}

impl FlagSet {
    /// The flags of `owners`, each with its option table. Built once per process (flag names are
    /// leaked once so errors can hold them as `&'static str`).
    pub fn new(
        noun: &'static str,
        owners: Vec<(&'static str, Vec<OptionInfo>)>,
        check_choice: fn(&str, &str, &str) -> Result<(), String>,
    ) -> FlagSet {
        let mut specs: Vec<FlagSpec> = Vec::new();
        for (owner, options) in &owners {
            for o in options {
                let (default, required, help) = (o.value.clone(), o.required, o.help);
                let entry = Owner { name: owner, default, required, help };
                match specs.iter_mut().find(|s| s.name == o.name) {
                    Some(spec) => spec.owners.push(entry),
                    None => specs.push(FlagSpec {
                        name: o.name,
                        flag: Box::leak(format!("--{}", o.name.replace('_', "-")).into_boxed_str()),
                        kind: o.kind,
                        value_name: match o.kind {
                            ValueKind::Choice(names) => Some(Box::leak(names.join("|").into_boxed_str())),
                            ValueKind::Switch if o.value == Some(Value::Switch(true)) => Some("BOOL"),
                            ValueKind::Switch => None,
                            ValueKind::Counts => Some("N,..."),
                            ValueKind::Pair => Some("A,B"),
                            ValueKind::Triple => Some("A,B,C"),
                            _ => Some(Box::leak(o.name.to_uppercase().into_boxed_str())),
                        },
                        owners: vec![entry],
                    }),
                }
            }
        }
        let owner_names = owners.iter().map(|(n, _)| *n).collect();
        let family = OptionFamily::new(owners);
        FlagSet { noun, owner_prefix: "", owner_names, specs, check_choice, auto: &[], words: &[], family }
    }

    /// The same set, the options `auto` names taking the word `auto` as well as a number.
    pub fn with_auto(self, auto: &'static [(&'static str, &'static str)]) -> FlagSet {
        FlagSet { auto, ..self }
    }

    /// The same set, the options `words` names taking their word as well as a number; the
    /// usage line names both (`TOL|none`).
    pub fn with_words(mut self, words: &'static [(&'static str, &'static str, &'static str)]) -> FlagSet {
        for spec in &mut self.specs {
            if let Some((_, word, _)) = words.iter().find(|(n, ..)| *n == spec.name) {
                let name = spec.name.to_uppercase();
                spec.value_name = Some(Box::leak(format!("{name}|{word}").into_boxed_str()));
            }
        }
        FlagSet { words, ..self }
    }

    /// The word option `name` takes and what it means, if any.
    fn word(&self, name: &str) -> Option<(&'static str, &'static str)> {
        self.words.iter().find(|(n, ..)| *n == name).map(|(_, word, meaning)| (*word, *meaning))
    }

    /// What `auto` means for option `name`, if it takes it.
    fn auto_meaning(&self, name: &str) -> Option<&'static str> {
        self.auto.iter().find(|(n, _)| *n == name).map(|(_, meaning)| *meaning)
    }

    /// The same set, naming owners as `{prefix}{name}` in messages.
    pub fn with_owner_prefix(self, owner_prefix: &'static str) -> FlagSet {
        FlagSet { owner_prefix, ..self }
    }

    /// The clap arguments, one per flag.
    pub fn args(&self) -> Vec<Arg> {
        self.specs.iter().map(|s| self.arg(s)).collect()
    }

    fn arg(&self, s: &FlagSpec) -> Arg {
        let arg = Arg::new(s.name).long(&s.flag[2..]).help(self.help(s)).value_name(s.value_name);
        if self.word(s.name).is_some() {
            let (kind, name, words) = (s.kind, s.name, self.words);
            let parse = move |t: &str| parse_number_or_word(t, kind, name, words);
            return arg.value_parser(parse).allow_hyphen_values(true);
        }
        match s.kind {
            ValueKind::Float if self.auto_meaning(s.name).is_some() => {
                arg.value_parser(parse_number_or_auto).allow_hyphen_values(true)
            }
            ValueKind::Float => arg.value_parser(value_parser!(f64)).allow_hyphen_values(true),
            // A switch that is on by default takes `true` or `false` (onecycle's `--cycle-momentum`).
            ValueKind::Switch if s.value_name.is_some() => arg.value_parser(value_parser!(bool)),
            ValueKind::Switch => arg.action(ArgAction::SetTrue),
            ValueKind::Count => arg.value_parser(value_parser!(u64)),
            ValueKind::Counts => {
                arg.value_parser(value_parser!(u64)).value_delimiter(',').action(ArgAction::Append)
            }
            ValueKind::Pair => arg.value_parser(parse_pair).allow_hyphen_values(true),
            ValueKind::Triple => arg.value_parser(parse_triple).allow_hyphen_values(true),
            ValueKind::Choice(_) => {
                let (owner, option, check) = (s.owners[0].name, s.name, self.check_choice);
                let parse = move |v: &str| check(owner, option, v).map(|()| v.to_string());
                arg.value_parser(parse)
            }
        }
    }

    /// `{help} ({owners}; default {value})`, the defaults stated when the owners agree; owners
    /// whose help differs get their own `{help} ({owners})`, joined by `; `.
    fn help(&self, s: &FlagSpec) -> String {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for o in &s.owners {
            match groups.iter_mut().find(|(help, _)| *help == o.help) {
                Some((_, names)) => names.push(o.name),
                None => groups.push((o.help, vec![o.name])),
            }
        }
        // A set with one owner (the weight-averaging flags) names no owner in its help.
        let owners = |names: &[&str]| match names.len() == self.owner_names.len() {
            true if self.owner_names.len() == 1 => String::new(),
            true => format!("every {}", self.noun),
            false => names.join(", "),
        };
        let first = s.owners[0].default.clone();
        let default = match first {
            _ if s.owners.iter().all(|o| o.required == Required::Yes) => match &self.owner_names[..] {
                [only] => format!("; required with {only}"),
                _ => "; required".to_string(),
            },
            Some(Value::Switch(_)) | None => String::new(),
            Some(v) if s.owners.iter().all(|o| o.default.as_ref() == Some(&v)) => format!("; default {v}"),
            Some(_) => format!("; default per {}, see `help`", self.noun),
        };
        let last = groups.len() - 1;
        let parts: Vec<String> = (groups.iter().enumerate())
            .map(|(k, (help, names))| {
                let tail = format!("{}{}", owners(names), if k == last { &default } else { "" });
                match tail.strip_prefix("; ").unwrap_or(&tail) {
                    "" => help.to_string(),
                    tail => format!("{help} ({tail})"),
                }
            })
            .collect();
        let mut help = parts.join("; ");
        if let Some(meaning) = self.auto_meaning(s.name) {
            help.push_str(&format!("; `auto`: {meaning}"));
        }
        if let Some((word, meaning)) = self.word(s.name) {
            help.push_str(&format!("; `{word}`: {meaning}"));
        }
        sentence(help)
    }

    /// The flags given on the command line, as option values, in flag order.
    pub fn given(&self, m: &ArgMatches) -> Vec<(&'static str, Value)> {
        let id_known = |id: &str| m.ids().any(|i| i.as_str() == id);
        let value = |s: &FlagSpec| match s.kind {
            _ if self.word(s.name).is_some() => m.get_one::<NumberOrWord>(s.name).map(|v| match *v {
                NumberOrWord::Float(v) => Value::Float(v),
                NumberOrWord::Count(v) => Value::Count(v),
                NumberOrWord::Word(w) => Value::Choice(w.to_string()),
            }),
            ValueKind::Float if self.auto_meaning(s.name).is_some() => match m.get_one(s.name) {
                Some(NumberOrAuto::Number(v)) => Some(Value::Float(*v)),
                Some(NumberOrAuto::Auto) | None => None,
            },
            ValueKind::Float => m.get_one::<f64>(s.name).map(|v| Value::Float(*v)),
            ValueKind::Switch if s.value_name.is_some() => {
                m.get_one::<bool>(s.name).map(|v| Value::Switch(*v))
            }
            ValueKind::Switch => m.get_flag(s.name).then_some(Value::Switch(true)),
            ValueKind::Count => m.get_one::<u64>(s.name).map(|v| Value::Count(*v)),
            ValueKind::Counts => m.get_many::<u64>(s.name).map(|v| Value::Counts(v.copied().collect())),
            ValueKind::Pair => m.get_one::<(f64, f64)>(s.name).map(|&(a, b)| Value::Pair(a, b)),
            ValueKind::Triple => {
                m.get_one::<(f64, f64, f64)>(s.name).map(|&(a, b, c)| Value::Triple(a, b, c))
            }
            ValueKind::Choice(_) => m.get_one::<String>(s.name).map(|v| Value::Choice(v.clone())),
        };
        self.specs.iter().filter(|s| id_known(s.name)).filter_map(|s| Some((s.name, value(s)?))).collect()
    }

    /// The options given as `auto`.
    pub fn given_auto(&self, m: &ArgMatches) -> Vec<&'static str> {
        let auto = |name: &str| match m.try_get_one::<NumberOrAuto>(name) {
            Ok(Some(v)) => *v == NumberOrAuto::Auto,
            _ => false,
        };
        self.auto.iter().map(|(name, _)| *name).filter(|n| auto(n)).collect()
    }

    /// The flag for option `name`.
    pub fn spec(&self, name: &str) -> &FlagSpec {
        self.specs.iter().find(|s| s.name == name).expect("options come from this set's tables")
    }

    /// Every given flag must be taken by every chosen owner and lie in that owner's range.
    pub fn check(&self, given: &[(&'static str, Value)], chosen: &[&str]) -> Result<(), CliError> {
        self.family.check(given, chosen).map_err(|e| self.in_flags(e, self.noun.to_string()))
    }

    /// No flag may be given when no owner is chosen (`chosen` says what is used instead).
    pub fn refuse_all(&self, given: &[(&'static str, Value)], chosen: &str) -> Result<(), CliError> {
        match given.first() {
            Some((name, _)) => Err(self.in_flags(self.family.not_taken(name, chosen), chosen.to_string())),
            None => Ok(()),
        }
    }

    /// The first flag `owner` needs that is not given (lengths that cover the run when it is known
    /// are not needed then).
    pub fn missing(
        &self,
        given: &[(&'static str, Value)],
        owner: &str,
        run_known: bool,
    ) -> Option<&FlagSpec> {
        self.family.missing(given, owner, run_known).map(|name| self.spec(name))
    }

    /// The range `owner` accepts for option `name`.
    #[cfg(test)]
    pub fn range(&self, owner: &str, name: &str) -> downhill_optim::Range {
        self.family.info(owner, name).expect("an option of the owner").range
    }

    /// The library's verdict on options given to `context`, in flag names (an owner given as a
    /// name gets the set's prefix).
    pub fn in_flags(&self, e: OptimError, context: String) -> CliError {
        let prefix = self.owner_prefix;
        match e {
            OptimError::NotTaken { option, owner, owners } => CliError::NotApplicable {
                flag: self.spec(option).flag,
                chosen: match self.owner_names.contains(&&owner[..]) {
                    true => format!("{prefix}{owner}"),
                    false => owner,
                },
                applies_to: format!("{prefix}{}", owners.join(", ")),
            },
            OptimError::OutOfRange { option, value, range } => {
                CliError::invalid(self.spec(option).flag, value, range.accepted())
            }
            OptimError::MissingOption { option, .. } => {
                CliError::Missing { flag: self.spec(option).flag, context }
            }
            source => CliError::Optim { context, source },
        }
    }
}

pub use downhill_learn::OptionTable;

/// A (name, default, rule, help) table's row `name` as its flag's help: the meaning, then the rule
/// and default (a switch, whose rule is "on or off", only its default). Panics when the table has
/// no such row (a flag declared for an option its table lacks).
pub fn table_help(table: &OptionTable, name: &str) -> String {
    let &(_, default, rule, help) =
        table.iter().find(|row| row.0 == name).unwrap_or_else(|| panic!("no option `{name}` in its table"));
    match rule {
        "on or off" => sentence(format!("{help} (default {default})")),
        _ => sentence(format!("{help} ({rule}; default {default})")),
    }
}

/// A table's help line as `--help` prints it: capitalised, with a full stop.
pub fn sentence(mut help: String) -> String {
    if let Some(first) = help.get(..1) {
        help.replace_range(..1, &first.to_uppercase());
    }
    help.push('.');
    help
}

#[cfg(test)]
mod tests {
    use super::{table_help, OptionTable};
    use crate::args::{
        AnomalyArgs, CompareArgs, ExplainArgs, GenerateArgs, RlArgs, TensorBoardFlags, TextFlags, TuneArgs,
    };
    use clap::{Args, Command};
    use downhill_learn::{attribution::ATTRIBUTION_OPTIONS, comparison::COMPARE_OPTIONS};
    use downhill_learn::{rl::RL_OPTIONS, text::SAMPLING_OPTIONS, text::TEXT_OPTIONS, tune::TUNE_OPTIONS};
    use downhill_learn::{tensorboard::TENSORBOARD_OPTIONS, ANOMALY_OPTIONS};

    /// Every option of the library's (name, default, rule, help) tables is a flag whose help is the
    /// table's row: the CLI restates none of them.
    #[test]
    fn every_table_option_is_a_flag_with_the_table_s_help() {
        let tables: [(Command, &OptionTable); 8] = [
            (ExplainArgs::augment_args(Command::new("explain")), ATTRIBUTION_OPTIONS),
            (RlArgs::augment_args(Command::new("rl")), RL_OPTIONS),
            (TextFlags::augment_args(Command::new("train")), TEXT_OPTIONS),
            (GenerateArgs::augment_args(Command::new("generate")), SAMPLING_OPTIONS),
            (CompareArgs::augment_args(Command::new("compare")), COMPARE_OPTIONS),
            (TuneArgs::augment_args(Command::new("tune")), TUNE_OPTIONS),
            (TensorBoardFlags::augment_args(Command::new("train")), TENSORBOARD_OPTIONS),
            (AnomalyArgs::augment_args(Command::new("anomaly")), ANOMALY_OPTIONS),
        ];
        for (command, table) in tables {
            for &(name, default, _, _) in table {
                let arg = command.get_arguments().find(|a| a.get_id() == name);
                let help = arg.and_then(|a| a.get_help()).map(|h| h.to_string());
                assert_eq!(help, Some(table_help(table, name)), "{} --{name}", command.get_name());
                assert!(table_help(table, name).contains(&format!("default {default})")), "{name}");
            }
        }
    }

    #[test]
    #[should_panic(expected = "no option `nope` in its table")]
    fn a_flag_for_an_option_its_table_lacks_is_a_programming_error() {
        table_help(RL_OPTIONS, "nope");
    }
}
