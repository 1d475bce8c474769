//! `downhill compare`: prepare the data once, train the model with every optimizer × batch size
//! from the same start, then print the table and draw the curves.
use crate::args::CompareArgs;
use crate::compare::{grid, loss_curves, run_all, to_table, Logs};
use crate::error::CliError;
use crate::files::check_writable;
use crate::plot;
use crate::train::{self, Recipe};
use downhill_learn::comparison::{self, DEFAULT_BATCH_SIZES};

pub fn run(args: CompareArgs) -> Result<(), CliError> {
    let format = match &args.plot {
        Some(p) => Some((p, plot::format_of(p)?)),
        None => None,
    };
    if let Some((p, _)) = format {
        check_writable("--plot", p)?;
    }
    args.threshold.map(comparison::check_threshold).transpose()?; // before any run
    let board = train::board(&args.board)?;
    let data = train::prepare(&args.data, &args.model, "compare")?;
    data.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let target = data.prep.target().column();
    let mut base: Recipe = train::model_spec(&args.model, data.task, target, data.sample_shape.as_deref())?;
    let mut template = base.train_config().clone();
    template.penalty = train::penalty(&args.model, template.penalty)?;
    template.seed = args.data.seed;
    *base.train_config_mut() = comparison::run_settings(args.epochs, args.validation_fraction, template)?;
    let settings = base.train_config().clone();
    let optimizers = args.optimizers.as_deref().ok_or_else(|| {
        CliError::Usage(
            "downhill compare needs --optimizers, e.g. --optimizers sgd:0.1,momentum:0.05,adam".into(),
        )
    })?;
    let entries =
        grid(optimizers, args.batch_sizes.as_deref().unwrap_or(DEFAULT_BATCH_SIZES), args.lr, &base)?;
    let y = data
        .train
        .y
        .as_ref()
        .ok_or_else(|| CliError::Usage("the training data has no target values".into()))?;
    let test = data.test.as_ref().and_then(|t| t.y.as_ref().map(|y| (&t.x, y)));
    let quiet = args.quiet;
    let metric = train::metric_name(data.task);
    let board = match board {
        Some(b) => Some(Logs::start(b, &entries, metric, settings.validation_fraction > 0.0)?),
        None => None,
    };
    let runs = run_all(entries, &data.train.x, y, test, board.as_ref(), |o| {
        if !quiet {
            eprintln!("done: {} ({:.2} s)", o.entry.name, o.seconds);
        }
    })?;
    let histories = runs.iter().map(|o| &o.trained.history);
    let threshold = comparison::threshold(args.threshold, histories)?.unwrap_or(0.0);
    print!("{}", to_table(&runs, threshold, metric));
    if let Some((path, format)) = format {
        let file = data.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let epochs = settings.stopping.max_epochs;
        let title = format!("{} on {file}: {epochs} epochs, seed {}", base.family().name(), args.data.seed);
        plot::save(path, format, &loss_curves(&runs, title, metric))?;
    }
    Ok(())
}
