//! `tune --tensorboard DIR`: every trial logs into a subdirectory of DIR named after it (its
//! number, rung with successive halving, and values: `trial_03_rung_1_lr_0.01_hidden_64`), and DIR
//! holds the hparams experiment over every trial the search can train (each configuration at each
//! rung's epochs), written before the first trial starts. The --refit run is not logged.
use super::describe;
use crate::error::CliError;
use crate::train::{self, Board, Recipe};
use downhill_learn::tensorboard::{hparams_of, TrainingLog};
use downhill_learn::tune::{Assignment, Search, Trial};
use downhill_learn::Task;

#[derive(Debug)]
pub struct TrialLogs {
    board: Board,
    metric: &'static str,
    /// Digits of the largest trial number, so the runs sort in trial order.
    width: usize,
    halving: bool,
}

impl TrialLogs {
    /// Writes the experiment over `configs` trained for each rung's epochs (`recipe(config,
    /// epochs)` is a trial's recipe) into the board's directory.
    pub fn start(
        board: Board,
        search: &Search,
        configs: &[Assignment],
        recipe: impl Fn(&Assignment, Option<usize>) -> Result<Recipe, CliError>,
        task: Task,
    ) -> Result<TrialLogs, CliError> {
        let rungs: Vec<Option<usize>> = match search.rungs()? {
            Some(r) => r.epochs.into_iter().map(Some).collect(),
            None => vec![None],
        };
        let mut runs = Vec::new();
        for c in configs {
            for &epochs in &rungs {
                runs.push(hparams_of(&recipe(c, epochs)?));
            }
        }
        let metric = train::metric_name(task);
        board.experiment(&runs, metric, true)?;
        let width = configs.len().saturating_sub(1).to_string().len();
        Ok(TrialLogs { board, metric, width, halving: rungs.len() > 1 })
    }

    /// The log of `trial`, trained with `recipe`.
    pub fn open(&self, trial: &Trial, recipe: &Recipe) -> Result<TrainingLog, CliError> {
        let rung = if self.halving { format!(" rung {}", trial.rung) } else { String::new() };
        let name = format!("trial {:0w$}{rung} {}", trial.id, describe(&trial.assignment), w = self.width);
        let validation = recipe.train_config().validation_fraction > 0.0;
        self.board.run(&name).open(hparams_of(recipe), Some(self.metric), validation)
    }
}
