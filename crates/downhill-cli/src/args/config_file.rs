//! `--config run.toml`: flags from a TOML file. Keys are the subcommand's long flag names (`lr`,
//! `batch-size` or `batch_size`, `hidden = [256, 128]`) plus `data` for the data file; a flag given on
//! the command line wins over the file; an unknown key is an error naming it and the file.
//! The file becomes extra command-line tokens, so every value goes through the same parser and the
//! same checks as a typed flag.
use super::Cli;
use crate::error::CliError;
use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Why the command line could not be turned into a `Cli`.
#[derive(Debug)]
pub enum ParseError {
    Clap(clap::Error),
    Config(CliError),
}

/// Parses `argv` (program name first), merging in the `--config` file of the subcommand if any.
pub fn parse(argv: Vec<OsString>) -> Result<Cli, ParseError> {
    let first = Cli::command().try_get_matches_from(&argv).map_err(ParseError::Clap)?;
    let Some((name, sub)) = first.subcommand() else {
        return Cli::from_arg_matches(&first).map_err(ParseError::Clap);
    };
    let has_config = sub.ids().any(|id| id.as_str() == "config");
    let Some(path) = has_config.then(|| sub.get_one::<PathBuf>("config")).flatten() else {
        return Cli::from_arg_matches(&first).map_err(ParseError::Clap);
    };
    let extra = tokens(name, sub, path).map_err(ParseError::Config)?;
    let mut argv = argv;
    argv.extend(extra);
    // The command line alone parsed, so a failure now is a value from the file: name the file.
    let from_file = |e: clap::Error| {
        let rendered = e.render().to_string();
        let first = rendered.lines().next().unwrap_or_default().trim_start_matches("error: ").to_owned();
        ParseError::Config(CliError::Config { path: path.to_path_buf(), message: first })
    };
    let merged = Cli::command().try_get_matches_from(argv).map_err(from_file)?;
    Cli::from_arg_matches(&merged).map_err(from_file)
}

/// The file's entries as command-line tokens, skipping flags the command line already gives.
fn tokens(subcommand: &str, given: &ArgMatches, path: &Path) -> Result<Vec<OsString>, CliError> {
    let bad = |message: String| CliError::Config { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path)
        .map_err(|e| bad(format!("--config cannot read it ({e}); check the path")))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| bad(one_line(&e.to_string())))?;
    let command = Cli::command();
    let sub = command.find_subcommand(subcommand).ok_or_else(|| bad("no such subcommand".into()))?;
    let (mut flags, mut positional) = (Vec::new(), Vec::new());
    for (key, value) in &table {
        let name = key.replace('_', "-");
        let arg = sub.get_arguments().find(|a| {
            a.get_long() == Some(name.as_str()) || (a.is_positional() && a.get_id().as_str() == name)
        });
        let Some(arg) = arg.filter(|a| a.get_id().as_str() != "config") else {
            return Err(bad(format!(
                "unknown key `{key}`; use the long flag names of `downhill {subcommand}` (see --help), e.g. lr = 0.01"
            )));
        };
        if given.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine) {
            continue; // the command line wins
        }
        let text = render(value).map_err(|m| bad(format!("key `{key}`: {m}")))?;
        if arg.is_positional() {
            positional.push(OsString::from(text));
        } else if matches!(arg.get_action(), ArgAction::SetTrue) {
            match value.as_bool() {
                Some(true) => flags.push(OsString::from(format!("--{name}"))),
                Some(false) => {}
                None => return Err(bad(format!("key `{key}` is a switch: write {key} = true or false"))),
            }
        } else {
            flags.push(OsString::from(format!("--{name}={text}")));
        }
    }
    flags.extend(positional);
    Ok(flags)
}

/// A value as flag text: numbers and strings as written, arrays comma-joined.
fn render(value: &toml::Value) -> Result<String, String> {
    Ok(match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Array(items) => items.iter().map(render).collect::<Result<Vec<_>, _>>()?.join(","),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Table(_) => return Err("tables are not flags; write key = value".into()),
    })
}

/// TOML's parse errors span several lines (a source excerpt); keep the first and the message.
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let head = lines.first().copied().unwrap_or("invalid TOML");
    let last = lines.last().copied().unwrap_or_default();
    if lines.len() > 1 && last != head {
        format!("{head} {last}")
    } else {
        head.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_render_as_flag_text() {
        let t: toml::Table = toml::from_str("a = [256, 128]\nb = 1e-3\nc = 'x'\nd = 10").unwrap();
        let r: Vec<String> = ["a", "b", "c", "d"].iter().map(|k| render(&t[*k]).unwrap()).collect();
        assert_eq!(r, ["256,128", "0.001", "x", "10"]);
    }
}
