//! Checkpoints: one safetensors file holding the weights (`model.*`), the best weights so far when
//! early stopping keeps them (`best.*`), the optimizer state (`optim.*`, see state_codec.rs) and, in
//! `__metadata__`, the session as JSON: epoch and step counters (which are the RNG state, see
//! seeds.rs), history, plateau and stopping-rule states, full-batch L-BFGS's state (its curvature
//! history, last direction and counters, f64 bits), and an `identity` (settings plus data
//! fingerprint) that a resume must match; a streamed run's checkpoints, written mid-pass, also hold
//! its place in the pass (pass_position.rs). Resuming restores all of it, so the rest of the run is
//! bit-identical to an uninterrupted one.
use crate::pass_position::PassPosition;
use crate::session::Session;
use crate::state_codec::{self, StateTree};
use crate::{tensor_file, EarlyStoppingState, History, LearnError, ModelFileError, ToleranceState};
use downhill_nn::Module;
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The `format` a checkpoint file's metadata holds, telling it from a model file.
pub const CHECKPOINT_FORMAT: &str = "downhill-checkpoint";
/// The checkpoint format version this build writes and reads.
pub const CHECKPOINT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct PlateauState {
    best_bits: u64,
    bad_epochs: u64,
    cooldown_left: u64,
}

#[derive(Serialize, Deserialize)]
struct SessionJson {
    epoch: usize,
    steps: u64,
    elapsed: f64,
    history: History,
    early: EarlyStoppingState,
    tolerance: ToleranceState,
    plateau: Option<PlateauState>,
    optim: StateTree,
    has_best: bool,
    /// `Lbfgs::state_json` of an L-BFGS run (absent in first-order runs and older checkpoints).
    #[serde(default)]
    lbfgs: Option<String>,
    /// A streamed run's place in its pass (absent at epoch ends and in older checkpoints).
    #[serde(default)]
    pass: Option<PassPosition>,
}

fn prefixed(prefix: &str, dict: BTreeMap<String, Tensor>) -> impl Iterator<Item = (String, Tensor)> + '_ {
    dict.into_iter().map(move |(k, v)| (format!("{prefix}.{k}"), v))
}

pub(crate) fn save<M: Module + ?Sized>(
    path: &Path,
    identity: &str,
    model: &mut M,
    s: &Session,
) -> Result<(), LearnError> {
    let mut tensors: BTreeMap<String, Tensor> = prefixed("model", downhill_nn::state_dict(&*model)).collect();
    tensors.extend(s.best.clone().map(|b| prefixed("best", b).collect::<Vec<_>>()).unwrap_or_default());
    let optim = state_codec::encode(s.optimizer.state(), "optim", &mut tensors);
    let plateau = s.plateau.as_ref().map(|p| PlateauState {
        best_bits: p.best.to_bits(),
        bad_epochs: p.bad_epochs,
        cooldown_left: p.cooldown_left,
    });
    let json = SessionJson {
        epoch: s.epoch,
        steps: s.steps,
        elapsed: s.elapsed,
        history: s.history.clone(),
        early: s.early.clone(),
        tolerance: s.tolerance.clone(),
        plateau,
        optim,
        has_best: s.best.is_some(),
        lbfgs: s.lbfgs.as_ref().map(downhill_optim::Lbfgs::state_json),
        pass: s.pass,
    };
    let meta = tensor_file::Metadata::from([
        ("format".to_string(), CHECKPOINT_FORMAT.to_string()),
        ("format_version".to_string(), CHECKPOINT_VERSION.to_string()),
        ("identity".to_string(), identity.to_string()),
        ("session".to_string(), serde_json::to_string(&json).unwrap_or_default()),
    ]);
    Ok(tensor_file::write(path, &tensors, meta)?)
}

/// Loads the checkpoint at `path` into `model` and `s`, which must have been built from the same
/// settings; `identity` must equal the one saved.
pub(crate) fn load<M: Module + ?Sized>(
    path: &Path,
    identity: &str,
    model: &mut M,
    s: &mut Session,
) -> Result<(), LearnError> {
    let (mut tensors, meta) = tensor_file::read(path)?;
    crate::model_file::check_format(path, &meta, CHECKPOINT_FORMAT, "checkpoint", CHECKPOINT_VERSION)?;
    let corrupt = |detail: String| ModelFileError::Corrupt { path: path.into(), what: "checkpoint", detail };
    if meta.get("identity").map(String::as_str) != Some(identity) {
        let saved = meta.get("identity").cloned().unwrap_or_default();
        return Err(LearnError::ResumeMismatch { what: describe_difference(&saved, identity) });
    }
    let json: SessionJson = crate::model_file::entry(&meta, "session").map_err(corrupt)?;
    let mut take = |prefix: &str| -> BTreeMap<String, Tensor> {
        let keys: Vec<String> = tensors.keys().filter(|k| k.starts_with(prefix)).cloned().collect();
        keys.into_iter()
            .filter_map(|k| tensors.remove(&k).map(|v| (k[prefix.len()..].to_string(), v)))
            .collect()
    };
    let weights = take("model.");
    let best = take("best.");
    let state = state_codec::decode(&json.optim, "optim", &mut tensors).map_err(corrupt)?;
    if !state_codec::same_layout(s.optimizer.state(), &state) {
        return Err(corrupt("the optimizer state does not fit this optimizer".into()).into());
    }
    downhill_nn::load_state(model, &weights)?;
    s.optimizer.set_state(state).map_err(|e| corrupt(e.to_string()))?;
    (s.epoch, s.steps, s.elapsed, s.history) = (json.epoch, json.steps, json.elapsed, json.history);
    s.history.resumed_after = Some(s.history.epochs.len());
    (s.early, s.tolerance, s.pass) = (json.early, json.tolerance, json.pass);
    s.best = json.has_best.then_some(best);
    match (s.lbfgs.as_mut(), json.lbfgs) {
        (Some(solver), Some(text)) => {
            solver.set_state_json(&text).map_err(|e| corrupt(format!("L-BFGS state: {e}")))?
        }
        (None, None) => {}
        _ => return Err(corrupt("the L-BFGS state does not fit this solver".into()).into()),
    }
    if let (Some(p), Some(saved)) = (s.plateau.as_mut(), json.plateau) {
        (p.best, p.bad_epochs, p.cooldown_left) =
            (f64::from_bits(saved.best_bits), saved.bad_epochs, saved.cooldown_left);
    }
    Ok(())
}

/// Names the first setting that differs between two identity JSON values, as a dotted path.
fn describe_difference(saved: &str, wanted: &str) -> String {
    let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_default();
    match first_difference(&parse(saved), &parse(wanted), String::new()) {
        Some((path, a, b)) if path == "data" => format!("other data ({a} there, {b} now)"),
        Some((path, a, b)) => format!("a different `{path}` ({a} there, {b} now)"),
        None => "other settings".to_string(),
    }
}

fn first_difference(
    a: &serde_json::Value,
    b: &serde_json::Value,
    path: String,
) -> Option<(String, String, String)> {
    use serde_json::Value::Object;
    match (a, b) {
        _ if a == b => None,
        (Object(x), Object(y)) => x.keys().chain(y.keys()).find_map(|k| {
            let (xa, yb) =
                (x.get(k).unwrap_or(&serde_json::Value::Null), y.get(k).unwrap_or(&serde_json::Value::Null));
            let sub = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            first_difference(xa, yb, sub)
        }),
        _ => Some((path, a.to_string(), b.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_differing_setting_by_path() {
        let a = r#"{"params":{"train":{"seed":5,"lr":1}},"data":"4x2:ab"}"#;
        let b = r#"{"params":{"train":{"seed":6,"lr":1}},"data":"4x2:ab"}"#;
        assert_eq!(describe_difference(a, b), "a different `params.train.seed` (5 there, 6 now)");
        let c = r#"{"params":{"train":{"seed":5,"lr":1}},"data":"4x2:cd"}"#;
        assert!(describe_difference(a, c).starts_with("other data"));
    }
}
