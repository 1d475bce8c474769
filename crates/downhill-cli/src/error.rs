//! `CliError`: everything a command can fail with, each rendered as one line that names the flag
//! and, where there is a fixed set, the accepted values. Also folds clap's multi-line parse errors
//! into the same one-line form.
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A value outside what the flag accepts: `invalid value `1.5` for --beta1; accepted: [0, 1)`.
    #[error("invalid value `{value}` for {flag}; accepted: {accepted}")]
    InvalidValue { flag: &'static str, value: String, accepted: String },
    /// A flag given for an optimizer or schedule that has no such option.
    #[error("{flag} does not apply to {chosen}; it applies to: {applies_to}")]
    NotApplicable { flag: &'static str, chosen: String, applies_to: String },
    /// A flag the chosen schedule needs.
    #[error("{context} needs {flag}")]
    Missing { flag: &'static str, context: String },
    /// An unknown optimizer, schedule or function name (the message lists the accepted names).
    #[error("{flag}: {message}")]
    UnknownName { flag: &'static str, message: String },
    /// Options the optimizer library rejects in combination (e.g. `--nesterov` with `--dampening`).
    #[error("{context}: {source}")]
    Optim { context: String, source: downhill_optim::OptimError },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{context}: {message}")]
    Plot { context: String, message: String },
    /// A `--config` file that is not valid TOML or holds a key that is not a flag.
    #[error("{path}: {message}")]
    Config { path: PathBuf, message: String },
    /// A problem with a data file or with data that does not fit the model (the message names the
    /// file, row and column).
    #[error(transparent)]
    Data(#[from] downhill_data::DataError),
    /// A model file that cannot be read or written.
    #[error(transparent)]
    ModelFile(#[from] downhill_learn::ModelFileError),
    /// Training or prediction refused the settings or the data.
    #[error("{}", learn_message(.0))]
    Learn(#[from] downhill_learn::LearnError),
    /// TensorBoard's event files cannot be written (the message names the directory or file).
    #[error("--tensorboard: {0}")]
    TensorBoard(#[from] downhill_learn::tensorboard::TensorBoardError),
    /// Flags that do not fit together or do not fit the data, with the fix.
    #[error("{0}")]
    Usage(String),
    /// Training diverged: the run said why, and its last finite parameters are in `kept`.
    #[error("training diverged; its last finite parameters are in {}, not in --out", .kept.display())]
    Diverged { kept: PathBuf },
}

/// The exit code of a run that diverged (2 is every other error), so scripts can tell them apart.
pub const DIVERGED_EXIT: u8 = 3;

/// Learn's messages name settings by field (`max_epochs`); say the flag instead (`--epochs`). A
/// setting's flag is its name in kebab case (the flags are made from the same names), except for
/// the few listed here.
fn learn_message(e: &downhill_learn::LearnError) -> String {
    use downhill_learn::LearnError::{
        DataOption, InvalidParam, Needs, OptionNotTaken, OutOfRange, TestSplit,
    };
    let flag = |name: &str| match name {
        "max_epochs" => "--epochs".to_string(),
        "alpha" => "the penalty (--l1, --l2, --elastic-net)".to_string(),
        "plateau" => "--schedule plateau".to_string(),
        "target class" => "--target".to_string(),
        other => format!("--{}", other.replace('_', "-")),
    };
    match e {
        InvalidParam { name, rule, value } => {
            format!("invalid value `{value}` for {}; accepted: {rule}", flag(name))
        }
        OutOfRange { name, range, value } => {
            format!("invalid value `{value}` for {}; accepted: {}", flag(name), range.accepted())
        }
        OptionNotTaken { option, family, applies } => format!(
            "{} does not apply to --model {}; it applies to: --model {}",
            flag(option),
            family.name(),
            applies.owners(" or ")
        ),
        Needs { option, other, rule } => format!("{} {}", flag(option), rule.replace("{}", &flag(other))),
        TestSplit { option, problem } => format!("{} {problem}", flag(option)),
        DataOption { option, message } => message.replace("{}", &flag(option)),
        other => other.to_string(),
    }
}

impl CliError {
    pub fn invalid(flag: &'static str, value: impl ToString, accepted: impl Into<String>) -> CliError {
        CliError::InvalidValue { flag, value: value.to_string(), accepted: accepted.into() }
    }
}

/// Prints a clap error as one line (help and version go to stdout unchanged) and returns its exit code.
pub fn clap_exit(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind::{DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion};
    match e.kind() {
        DisplayHelp | DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print(); // bare `downhill`: the usage, on stderr
            return ExitCode::from(2);
        }
        _ => {}
    }
    eprintln!("{}", one_line(&e.render().to_string()));
    ExitCode::from(2)
}

/// Joins clap's message lines with `; `, dropping the usage block and the `--help` hint.
fn one_line(rendered: &str) -> String {
    let mut parts = Vec::new();
    let mut in_usage = false;
    for line in rendered.lines().map(str::trim) {
        if line.starts_with("Usage:") {
            in_usage = true;
        } else if line.is_empty() {
            in_usage = false;
        } else if !in_usage && !line.starts_with("For more information") {
            parts.push(line.trim_start_matches("tip: ").to_string());
        }
    }
    let line = parts.join("; ").replace("; [", " [").replace(":; ", ": ");
    if line.starts_with("error:") {
        line
    } else {
        format!("error: {line}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_messages_fold_into_one_line() {
        let rendered = "error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: table, json, csv]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(rendered),
            "error: invalid value 'xml' for '--format <FORMAT>' [possible values: table, json, csv]"
        );
        let rendered = "error: unexpected argument '--lrr' found\n\n  tip: a similar argument exists: '--lr'\n\nUsage: downhill optimize --lr <LR>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(rendered),
            "error: unexpected argument '--lrr' found; a similar argument exists: '--lr'"
        );
    }

    #[test]
    fn errors_are_single_lines_naming_the_flag() {
        let e = CliError::invalid("--beta1", 1.5, "numbers in [0, 1)");
        assert_eq!(e.to_string(), "invalid value `1.5` for --beta1; accepted: numbers in [0, 1)");
        let e =
            CliError::NotApplicable { flag: "--momentum", chosen: "adam".into(), applies_to: "sgd".into() };
        assert!(!e.to_string().contains('\n') && e.to_string().starts_with("--momentum"));
    }
}
