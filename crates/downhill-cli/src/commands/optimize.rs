//! `downhill optimize`: validate the flags, race the optimizers, draw the picture, then print.
//! `--function help`, `--optimizer help` and `--schedule help` print the lists instead.
//! Output is written only once everything succeeded, so an error leaves stdout empty.
use crate::args::{Format, OptimizeArgs};
use crate::error::CliError;
use crate::optimize::{help, race, RaceConfig};
use crate::{output, plot};
use downhill_testfns::TestFunction;
use std::io::Write;

pub fn run(args: OptimizeArgs) -> Result<(), CliError> {
    if let Some(text) = help_text(&args) {
        return print(&text);
    }
    let cfg = RaceConfig::from_args(&args)?;
    if let Some((path, _)) = &cfg.plot {
        crate::files::check_writable("--plot", path)?;
    }
    let runs = race(&cfg)?;
    for run in &runs {
        if let Some(k) = run.trajectory.diverged_at {
            eprintln!(
                "warning: {} diverged at step {k} (loss or gradient not finite); its run stops there",
                run.racer.name
            );
        }
    }
    if let Some((path, format)) = &cfg.plot {
        plot::draw(path, *format, &cfg.race.function, cfg.race.start, cfg.threshold, &runs)?;
    }
    let name = cfg.race.function.to_string();
    print(&match args.format {
        Format::Table => output::to_table(&name, cfg.race.start, cfg.race.steps, cfg.threshold, &runs),
        Format::Json => output::to_json(&name, &runs),
        Format::Csv => output::to_csv(&runs),
    })
}

fn help_text(args: &OptimizeArgs) -> Option<String> {
    let is_help = |s: &str| s.trim().eq_ignore_ascii_case("help");
    if args.function.as_deref().is_some_and(is_help) {
        Some(TestFunction::help())
    } else if args.optimizer.as_deref().is_some_and(is_help) {
        Some(help::optimizers())
    } else if args.descent.schedule.schedule.as_deref().is_some_and(is_help) {
        Some(help::schedules())
    } else {
        None
    }
}

fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| CliError::Io { path: "<stdout>".into(), source })
}
