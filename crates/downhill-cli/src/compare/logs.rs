//! `compare --tensorboard DIR`: every run logs into a subdirectory of DIR named after it (its
//! optimizer, rate and batch size), and DIR holds the hparams experiment over all of them.
use super::grid::Entry;
use crate::error::CliError;
use crate::train::Board;
use downhill_learn::tensorboard::{hparams_of, TrainingLog};

/// With --tensorboard: the directory of every run's log, the experiment over them written.
#[derive(Debug)]
pub struct Logs {
    board: Board,
    metric: &'static str,
    validation: bool,
}

impl Logs {
    /// Writes the experiment over `entries` into the board's directory.
    pub fn start(
        board: Board,
        entries: &[Entry],
        metric: &'static str,
        validation: bool,
    ) -> Result<Logs, CliError> {
        let runs: Vec<_> = entries.iter().map(|e| hparams_of(&e.recipe)).collect();
        board.experiment(&runs, metric, validation)?;
        Ok(Logs { board, metric, validation })
    }

    /// The log of `entry`, in a subdirectory named after it.
    pub(super) fn open(&self, entry: &Entry) -> Result<TrainingLog, CliError> {
        self.board.run(&entry.name).open(hparams_of(&entry.recipe), Some(self.metric), self.validation)
    }
}
