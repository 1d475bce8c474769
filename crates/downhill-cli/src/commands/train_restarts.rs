//! `train --restarts N`: the flags it refuses, the runs (downhill-learn's `restarts`: seeds
//! --seed, --seed + 1, ..., the validation rows of --seed for all, the lowest final loss kept) with
//! a line on stderr before each, and the lines it prints: each seed's final loss, the one kept and
//! the spread.
use super::train::train_reporting;
use crate::args::TrainArgs;
use crate::error::CliError;
use crate::train::{self, Board, Dataset, Recipe, Trained};
use downhill_learn::tensorboard::hparams_of;
use downhill_learn::Restarts;

/// Settings that cannot run N times and keep the best, each refused in one line naming the flag.
pub fn refuse(args: &TrainArgs) -> Result<(), CliError> {
    if args.restarts == 0 {
        return Err(CliError::invalid("--restarts", 0, "integers >= 1 (1: a single run)"));
    }
    if args.restarts == 1 {
        return Ok(());
    }
    let text = super::train_text::is_text(args.data.data.as_deref());
    let gan = args.model.model.is_some_and(|m| m.0 == downhill_learn::ModelFamily::Gan);
    let refused = [
        ("a .txt file (language model)", text, "a language model trains once"),
        ("--stream", args.stream.stream, "a streamed file is read once per epoch of one run"),
        ("--distributed", args.distributed, "restarts run one after another on one process"),
        ("--resume", args.resume.is_some(), "a checkpoint continues one run"),
        ("--checkpoint-every", args.checkpoint_every.is_some(), "a checkpoint holds one run"),
        ("--select-features", args.select_features.is_some(), "it already trains twice"),
        ("--init-from", args.init_from.is_some(), "every restart would start from the same weights"),
        ("--model gan", gan, "a GAN has no validation loss to choose by"),
    ];
    match refused.iter().find(|(_, given, _)| *given) {
        Some((flag, _, why)) => Err(CliError::Usage(format!(
            "--restarts {} does not combine with {flag}: {why}; drop one of them",
            args.restarts
        ))),
        None => Ok(()),
    }
}

/// Trains `recipe` from `args.restarts` seeds and keeps the best run; with `board`, each logs to
/// its own `seed-<seed>` subdirectory of it.
pub fn run(
    args: &TrainArgs,
    data: &Dataset,
    recipe: &Recipe,
    board: Option<&Board>,
) -> Result<(Trained, Restarts), CliError> {
    let (n, base) = (args.restarts, args.data.seed);
    let seeded = |seed: u64| {
        let mut run = recipe.clone();
        let config = run.train_config_mut();
        config.seed = seed;
        config.split_seed = (seed != base && config.validation_fraction > 0.0).then_some(base);
        run
    };
    if let Some(b) = board {
        let runs: Vec<_> = downhill_learn::restart_seeds(base, n).map(|s| hparams_of(&seeded(s))).collect();
        b.experiment(&runs, train::metric_name(data.task), recipe.train_config().validation_fraction > 0.0)?;
    }
    downhill_learn::restarts(n, base, |k, seed| {
        if !args.quiet {
            eprintln!("restart {}/{n}: seed {seed}", k + 1);
        }
        let board = board.map(|b| b.run(&format!("seed {seed}")));
        Ok(train_reporting(args, data, &seeded(seed), None, None, board.as_ref())?.0)
    })
}

/// `restarts: 3 from seed 0, by final training loss`, a line per seed, and the spread.
pub fn lines(r: &Restarts) -> String {
    let mut out =
        format!("restarts: {} from seed {}, by final {} loss\n", r.runs.len(), r.runs[0].seed, r.loss);
    for (k, run) in r.runs.iter().enumerate() {
        let loss = match run.diverged {
            true => "diverged".to_string(),
            false => format!("{:.4}", run.final_loss),
        };
        let kept = if k == r.kept { "  kept" } else { "" };
        let how = if run.interrupted { ", interrupted" } else { "" };
        out.push_str(&format!("  seed {:<6} {loss} ({} epochs{how}){kept}\n", run.seed, run.epochs));
    }
    if r.best.is_finite() {
        out.push_str(&format!(
            "spread: best {:.4}, worst {:.4} ({:.1} % above the best, {:.1} % of the descent from {:.4})\n",
            r.best,
            r.worst,
            100.0 * r.spread,
            100.0 * r.share,
            r.first
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_learn::RestartRun;

    #[test]
    fn the_lines_name_each_seed_the_kept_one_and_the_spread() {
        let run = |seed, final_loss, diverged| RestartRun {
            seed,
            final_loss,
            first_loss: 2.0,
            interrupted: false,
            diverged,
            epochs: 5,
        };
        let r = Restarts {
            runs: vec![run(7, 0.5, false), run(8, 0.4, false), run(9, f64::NAN, true)],
            kept: 1,
            loss: "validation",
            best: 0.4,
            worst: 0.5,
            spread: 0.25,
            first: 1.4,
            share: 0.1,
        };
        let text = lines(&r);
        assert!(text.starts_with("restarts: 3 from seed 7, by final validation loss\n"), "{text}");
        assert!(text.contains("seed 8      0.4000 (5 epochs)  kept\n"), "{text}");
        assert!(text.contains("seed 9      diverged"), "{text}");
        let spread =
            "spread: best 0.4000, worst 0.5000 (25.0 % above the best, 10.0 % of the descent from 1.4000)\n";
        assert!(text.ends_with(spread), "{text}");
    }
}
