//! A search space's names are `train`'s flags: each trial is the `tune` command line with the
//! trial's values appended as flags (`--lr 0.0031 --batch-size 32`) and parsed again, so a value
//! goes through the same parser and checks as a typed one, and a trial is reproduced by running
//! `downhill train` with the same flags. Names that must stay the same in every trial (the data,
//! its split and the seed, outputs and run control) are refused, as are names also given as flags.
use crate::args::{self, Command as Sub, ParseError, TrainArgs};
use crate::error::CliError;
use clap::parser::ValueSource;
use clap::{ArgAction, Args, CommandFactory};
use downhill_learn::tune::{Assignment, SearchSpace};
use std::ffi::OsString;
use std::sync::OnceLock;

/// Flags a search keeps fixed, with the reason.
const FIXED: &[(&str, &str)] = &[
    ("data", "every trial trains on the same data"),
    ("target", "every trial predicts the same target"),
    ("task", "every trial has the same task"),
    ("scale", "every trial sees the same preprocessed features"),
    ("missing", "every trial sees the same preprocessed features"),
    ("test_fraction", "the test rows are held out of the search"),
    ("test_rows", "the test rows are held out of the search"),
    ("seed", "trials share the seed so that they differ only in their hyperparameters"),
    ("validation_fraction", "every trial is scored on the same validation rows"),
    ("out", "the best model is written to --out"),
    ("metrics", "tune writes --results"),
    ("plot", "tune draws one picture of the search"),
    ("select_features", "a search trains each configuration once"),
    ("config", "the search's own flags come from --config"),
    ("checkpoint_every", "trials are not checkpointed"),
    ("checkpoint", "trials are not checkpointed"),
    ("resume", "trials are not checkpointed"),
    ("init_from", "every trial starts the same way"),
    ("freeze", "every trial trains the same parameters"),
    ("quiet", "it is not a hyperparameter"),
];

/// `train`'s flags as clap declares them, built once (every trial looks its flags up).
fn train_command() -> &'static clap::Command {
    static TRAIN: OnceLock<clap::Command> = OnceLock::new();
    TRAIN.get_or_init(|| TrainArgs::augment_args(clap::Command::new("train")))
}

/// Every name of `space` must be a train flag that may vary, and not also be given in `argv`;
/// with halving, `epochs` is the search's (each rung's length).
pub fn check_names(space: &SearchSpace, argv: &[OsString], halving: bool) -> Result<(), CliError> {
    let train = train_command();
    let matches = crate::args::Cli::command().try_get_matches_from(argv).ok();
    let tune = matches.as_ref().and_then(|m| m.subcommand_matches("tune"));
    for p in &space.params {
        let bad = |why: String| CliError::Usage(format!("--space: `{}` {why}", p.name));
        let long = p.name.replace('_', "-");
        let Some(arg) = train.get_arguments().find(|a| a.get_long() == Some(long.as_str())) else {
            return Err(bad("is not a flag of downhill train (see downhill train --help)".into()));
        };
        let id = arg.get_id().as_str();
        if let Some((_, why)) = FIXED.iter().find(|(name, _)| *name == id) {
            return Err(bad(format!("stays the same in every trial: {why}")));
        }
        if halving && id == "epochs" {
            return Err(bad("is set by halving for each rung: give the full budget as --epochs".into()));
        }
        if tune.is_some_and(|m| m.value_source(id) == Some(ValueSource::CommandLine)) {
            return Err(bad(format!("is also given as --{long}: drop one")));
        }
    }
    Ok(())
}

/// The flags that set `assignment`: `--name value`, or `--name` for a switch that is `true`.
pub fn tokens(assignment: &Assignment) -> Result<Vec<OsString>, CliError> {
    let train = train_command();
    let mut out = Vec::new();
    for (name, value) in assignment {
        let long = format!("--{}", name.replace('_', "-"));
        let switch = train
            .get_arguments()
            .find(|a| a.get_long() == Some(&long[2..]))
            .is_some_and(|a| matches!(a.get_action(), ArgAction::SetTrue));
        match (switch, value.as_str()) {
            (true, "true") => out.push(long.into()),
            (true, "false") => {}
            (true, v) => {
                return Err(CliError::Usage(format!(
                    "--space: {name} is a switch: choice(true, false), not `{v}`"
                )))
            }
            (false, v) => out.extend([OsString::from(long), OsString::from(v)]),
        }
    }
    Ok(out)
}

/// The train flags of a trial: `argv` (a `tune` command line) with `extra` appended; a flag of
/// `extra` that `argv` gives too (halving's `--epochs`) is taken from `extra`.
pub fn trial_args(argv: &[OsString], extra: &[OsString]) -> Result<TrainArgs, CliError> {
    let train = train_command();
    let replaced: Vec<&str> = extra.iter().filter_map(|t| t.to_str()?.strip_prefix("--")).collect();
    let mut kept: Vec<OsString> = Vec::new();
    let mut tokens = argv.iter();
    while let Some(token) = tokens.next() {
        let flag = token.to_str().and_then(|t| t.strip_prefix("--"));
        let (name, inline_value) = match flag.map(|f| f.split_once('=')) {
            Some(Some((name, _))) => (Some(name), true),
            Some(None) => (flag, false),
            None => (None, false),
        };
        match name.filter(|n| replaced.contains(n)) {
            Some(n) => {
                let takes_value = train
                    .get_arguments()
                    .find(|a| a.get_long() == Some(n))
                    .is_some_and(|a| a.get_action().takes_values());
                if takes_value && !inline_value {
                    tokens.next();
                }
            }
            None => kept.push(token.clone()),
        }
    }
    let all: Vec<OsString> = kept.into_iter().chain(extra.iter().cloned()).collect();
    let one_line = |e: clap::Error| e.to_string().lines().next().unwrap_or_default().replace("error: ", "");
    match args::parse(all) {
        Ok(cli) => match cli.command {
            Sub::Tune(t) => Ok(t.run),
            _ => Err(CliError::Usage("a trial is parsed as a tune command line".into())),
        },
        Err(ParseError::Clap(e)) => Err(CliError::Usage(one_line(e))),
        Err(ParseError::Config(e)) => Err(e),
    }
}

/// `name=value, ...` for messages and tables.
pub fn describe(assignment: &Assignment) -> String {
    assignment.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join(", ")
}
