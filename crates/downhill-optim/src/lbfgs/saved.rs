//! Saving and loading L-BFGS state: JSON with every f64 stored as its bit pattern, so a resumed run
//! takes bit-identical steps. The JSON text alone (`state_json`) is what training checkpoints embed.
use super::history::LbfgsHistory;
use super::solver::{Lbfgs, LbfgsState};
use crate::OptimError;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Serialize, Deserialize)]
struct SavedLbfgs {
    func_evals: u64,
    n_iter: u64,
    d: Vec<u64>,
    t: u64,
    old_dirs: Vec<Vec<u64>>,
    old_stps: Vec<Vec<u64>>,
    ro: Vec<u64>,
    h_diag: u64,
    prev_flat_grad: Vec<u64>,
    prev_loss: u64,
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}
fn floats(v: Vec<u64>) -> Vec<f64> {
    v.into_iter().map(f64::from_bits).collect()
}

impl Lbfgs {
    /// Writes the state (history, last direction and step, counters) to `path`.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), OptimError> {
        let path = path.as_ref();
        std::fs::write(path, self.state_json())
            .map_err(|source| OptimError::Io { path: path.to_path_buf(), source })
    }

    /// Reads a state written by `save`.
    pub fn load(&mut self, path: impl AsRef<Path>) -> Result<(), OptimError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|source| OptimError::Io { path: path.to_path_buf(), source })?;
        self.set_state_json(&text).map_err(|source| OptimError::Format { path: path.to_path_buf(), source })
    }

    /// The state (history, last direction and step, counters) as JSON, every f64 as its bits.
    pub fn state_json(&self) -> String {
        let s = &self.state;
        let saved = SavedLbfgs {
            func_evals: s.func_evals,
            n_iter: s.n_iter,
            d: bits(&s.d),
            t: s.t.to_bits(),
            old_dirs: s.history.old_dirs.iter().map(|v| bits(v)).collect(),
            old_stps: s.history.old_stps.iter().map(|v| bits(v)).collect(),
            ro: bits(&s.history.ro),
            h_diag: s.history.h_diag.to_bits(),
            prev_flat_grad: bits(&s.prev_flat_grad),
            prev_loss: s.prev_loss.to_bits(),
        };
        serde_json::to_string(&saved).unwrap_or_else(|e| panic!("plain data serialises: {e}"))
    }

    /// Restores a state from `state_json`'s text.
    pub fn set_state_json(&mut self, text: &str) -> Result<(), serde_json::Error> {
        let s: SavedLbfgs = serde_json::from_str(text)?;
        self.state = LbfgsState {
            func_evals: s.func_evals,
            n_iter: s.n_iter,
            d: floats(s.d),
            t: f64::from_bits(s.t),
            history: LbfgsHistory {
                old_dirs: s.old_dirs.into_iter().map(floats).collect(),
                old_stps: s.old_stps.into_iter().map(floats).collect(),
                ro: floats(s.ro),
                h_diag: f64::from_bits(s.h_diag),
            },
            prev_flat_grad: floats(s.prev_flat_grad),
            prev_loss: f64::from_bits(s.prev_loss),
        };
        Ok(())
    }
}
