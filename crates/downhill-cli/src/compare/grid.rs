//! The runs of a comparison: every `--optimizers` entry with every `--batch-sizes` entry, each
//! over the same settings (downhill-learn's `comparison::run_settings`).
use super::Logs;
use crate::error::CliError;
use crate::optimize::parse_racers;
use crate::train::{self, Recipe, Trained};
use downhill_learn::{
    BatchSize, Hooks, LearnError, OptimizerSettings, Progress, Solver, Tensor, TrainConfig,
};
use std::time::Instant;

/// One run to make.
#[derive(Clone, Debug)]
pub struct Entry {
    /// `adam:0.01 × 32`.
    pub name: String,
    pub recipe: Recipe,
}

/// One finished run.
#[derive(Debug)]
pub struct Outcome {
    pub entry: Entry,
    pub trained: Trained,
    pub seconds: f64,
    /// Test metric (accuracy or R²), when test rows were held out.
    pub test_metric: Option<f64>,
}

/// The runs for `optimizers` × `batch_sizes`, starting from `base` (model, penalty, seed, split).
pub fn grid(
    optimizers: &str,
    batch_sizes: &str,
    lr: Option<f64>,
    base: &Recipe,
) -> Result<Vec<Entry>, CliError> {
    crate::optimize::checks::non_negative("--lr", lr)?;
    let racers = parse_racers(optimizers).map_err(|e| rename(e, "--optimizers"))?;
    let sizes = batch_sizes
        .split(',')
        .map(|b| b.parse::<BatchSize>().map_err(|e| rename(e.into(), "--batch-sizes")))
        .collect::<Result<Vec<_>, _>>()?;
    let mut entries = Vec::new();
    for racer in &racers {
        let kind = train::parse_optimizer(racer.kind.name()).map_err(|e| rename(e, "--optimizers"))?;
        let defaults = train::optimizer_defaults(kind)?;
        let config = defaults.clone().with_lr(racer.lr.or(lr).unwrap_or(defaults.lr()));
        for &batch_size in &sizes {
            let train = TrainConfig {
                optimizer: OptimizerSettings::new(config.clone()),
                batch_size,
                solver: Solver::FirstOrder, // each entry steps by its optimizer, whatever the model's default
                ..base.train_config().clone()
            };
            let lr = train.optimizer.optimizer.lr();
            let name = format!("{} lr {lr} · batch {batch_size}", racer.kind);
            let mut recipe = base.clone();
            *recipe.train_config_mut() = train;
            entries.push(Entry { name, recipe });
        }
    }
    for (i, e) in entries.iter().enumerate() {
        if entries[..i].iter().any(|f| f.name == e.name) {
            return Err(CliError::Usage(format!(
                "`{}` is listed twice; give each run different settings",
                e.name
            )));
        }
    }
    Ok(entries)
}

/// Trains every entry in turn, each logging to `logs` if given; `on_done` hears about each
/// finished run.
pub fn run_all(
    entries: Vec<Entry>,
    x: &Tensor,
    y: &Tensor,
    test: Option<(&Tensor, &Tensor)>,
    logs: Option<&Logs>,
    mut on_done: impl FnMut(&Outcome),
) -> Result<Vec<Outcome>, CliError> {
    let mut out = Vec::new();
    for entry in entries {
        entry.recipe.train_config().validate()?;
        let started = Instant::now();
        let mut log = logs.map(|l| l.open(&entry)).transpose()?;
        let hooks = Hooks { progress: log.as_mut().map(|l| l as &mut dyn Progress), ..Hooks::default() };
        let trained = train::fit(&entry.recipe, x, y, hooks)?;
        train::finish_board(log, &trained.history)?;
        let seconds = started.elapsed().as_secs_f64();
        let test_metric = match test {
            Some((tx, ty)) => Some(trained.model.score(tx, ty)?),
            None => None,
        };
        let outcome = Outcome { entry, trained, seconds, test_metric };
        on_done(&outcome);
        out.push(outcome);
    }
    Ok(out)
}

/// `optimize`'s messages say `--optimizer`, the library's `batch_size`; here the flag is
/// `--optimizers` (or `--batch-sizes`).
fn rename(e: CliError, flag: &'static str) -> CliError {
    match e {
        CliError::UnknownName { message, .. } => CliError::UnknownName { flag, message },
        CliError::InvalidValue { value, accepted, .. } => CliError::InvalidValue { flag, value, accepted },
        CliError::Learn(LearnError::InvalidParam { value, rule, .. }) => {
            CliError::InvalidValue { flag, value, accepted: rule.into() }
        }
        CliError::NotApplicable { chosen, applies_to, .. } => {
            CliError::NotApplicable { flag, chosen, applies_to }
        }
        other => other,
    }
}
