//! `downhill`: the command line. This file only parses, dispatches and maps errors to exit codes:
//! success 0; any error prints one line `error: ...` on stderr, nothing on stdout, and exits 2;
//! training that diverged has printed its summary and exits 3 (`error::DIVERGED_EXIT`).
mod args;
mod commands;
mod compare;
mod error;
mod files;
mod optimize;
#[cfg(unix)]
mod out_of_memory;
mod output;
mod plot;
mod saved;
mod train;
mod tune;

use args::{Command, ParseError};
use std::process::ExitCode;

#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: out_of_memory::ExitOnFailure = out_of_memory::ExitOnFailure;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = match args::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(ParseError::Clap(e)) => return error::clap_exit(e),
        Err(ParseError::Config(e)) => return fail(e),
    };
    let result = match cli.command {
        // MPI stays on the thread that initialised it.
        Command::Train(a) if a.run.distributed => commands::train::run(a.into_args()),
        // Every other command runs on a worker of rayon's pool: its parallel kernels then fork
        // without waking and waiting each time (downhill-tensor's on_worker.rs).
        command => downhill_tensor::on_worker(move || run(command)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Writing to a closed pipe (`downhill generate m | head -c 100`) ends the program silently, as it
/// ends `cat` or `grep`: Rust starts programs with SIGPIPE ignored, so each `println!` after the
/// reader left would panic ("failed printing to stdout: Broken pipe") instead.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restores one signal's default disposition at start-up, before any other thread
    // exists; no handler is installed, so no Rust code runs in a signal context.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(command: Command) -> Result<(), error::CliError> {
    match command {
        Command::Train(a) => commands::train::run(a.into_args()),
        Command::Predict(a) => commands::predict::run(a),
        Command::Evaluate(a) => commands::evaluate::run(a),
        Command::Inspect(a) => commands::inspect::run(a),
        Command::Export(a) => commands::export::run(a),
        Command::Compare(a) => commands::compare::run(*a),
        Command::Optimize(a) => commands::optimize::run(*a),
        Command::Generate(a) => commands::generate::run(a),
        Command::Explain(a) => commands::explain::run(*a),
        Command::Rl(a) => commands::rl::run(*a),
        Command::Anomaly(a) => commands::anomaly::run(*a),
        Command::LrFind(a) => commands::lr_find::run(*a),
        Command::Tune(a) => commands::tune::run(*a),
        Command::Completions(a) => commands::completions::run(a),
    }
}

fn fail(e: error::CliError) -> ExitCode {
    eprintln!("error: {e}");
    match e {
        error::CliError::Diverged { .. } => ExitCode::from(error::DIVERGED_EXIT),
        _ => ExitCode::from(2),
    }
}
