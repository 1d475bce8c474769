//! `downhill`: the command line. This file only parses, dispatches and maps errors to exit codes:
//! success 0; any error prints one line `error: ...` on stderr, nothing on stdout, and exits 2.
mod args;
mod commands;
mod error;
mod optimize;
mod output;
mod plot;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return error::clap_exit(e),
    };
    let result = match cli.command {
        Command::Optimize(a) => commands::optimize::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
