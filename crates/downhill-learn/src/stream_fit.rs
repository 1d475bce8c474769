//! An estimator trained on a streamed file (`downhill_data::fit_stream`'s first pass), through
//! the same pieces as `Fit::fit_with` — `start` builds the network and session, the `Objective` is
//! the criterion, `Trainer` runs the steps — with batches from `StreamBatches` instead of a split
//! in memory:
//!   task from the fitted target → [target scale from the first pass's μ, σ] → model and session
//!   for the counted training rows → validation rows read into memory → `run_stream`
//! and the held-out test rows scored in one more pass (`evaluate_stream`), chunk by chunk.
//! Checkpoints and `--resume` work as in memory, mid-pass (pass_position.rs), against an identity
//! of the settings and the file.
//! Not streamed (yet): models whose targets are their inputs (autoencoder, VAE) and the GAN.
use crate::estimator::{start, Estimator};
use crate::metrics::{Report, RunningReport};
use crate::stream_batches::{collect_rows, StreamBatches};
use crate::{
    Frozen, History, Hooks, LearnError, Model, Objective, Split, TargetScale, TargetScaling, Task, Trainer,
};
use downhill_data::{Role, StreamFit};
use downhill_tensor::Tensor;

/// Trains `e` on `fit`'s training rows, drawn through a shuffle buffer of `shuffle_rows` rows.
pub(crate) fn fit_stream<E: Estimator>(
    e: &E,
    fit: &StreamFit,
    shuffle_rows: usize,
    mut hooks: Hooks<'_>,
) -> Result<(Model, History), LearnError> {
    let config = e.train_config();
    config.validate()?;
    e.check_params()?;
    let features = fit.preprocessor.n_features();
    if e.target_width(features) != 1 {
        let rule = "a model with one target column (an autoencoder does not stream yet)";
        return Err(LearnError::invalid("model", rule, E::KIND.name()));
    }
    let task = task(e.objective(), fit.preprocessor.task(), E::KIND.name())?;
    let target_scale = match (task, e.target_scaling()) {
        (Task::Regression, TargetScaling::Standard) => {
            fit.target_moments.map(|(mean, std)| TargetScale { mean, std })
        }
        _ => None,
    };
    let (model, mut session) = start(e, config, features, task, fit.counts.train)?;
    let mut model = model.with_target_scale(target_scale);
    let validation = collect_rows(fit, Role::Validation)?
        .map(|(x, y)| (x, target_scale.map_or_else(|| y.clone(), |s| s.scale(&y))));
    let split = Split { x_train: Tensor::zeros([0, features]), y_train: Tensor::zeros([0, 1]), validation };
    let mut source = StreamBatches::new(fit, shuffle_rows, config.seed, target_scale);
    let identity = match hooks.resume.is_some() || hooks.checkpoint.is_some() {
        true => identity(e, fit, shuffle_rows),
        false => String::new(),
    };
    let trainer = Trainer { config, criterion: e.objective(), identity, in_order: false };
    let mut net = Frozen::new(model.net_mut(), &config.freeze)?;
    trainer.run_stream(&mut net, &mut source, &split, &mut session, &mut hooks)?;
    Ok((model, session.into_history()))
}

/// What a streamed run's checkpoint must match to be resumed: the estimator and its settings, the
/// shuffle buffer, and the file as the first pass saw it (its size, its rows by role and a hash of
/// the fitted preprocessing), which tells a changed file without another pass over it.
fn identity<E: Estimator>(e: &E, fit: &StreamFit, shuffle_rows: usize) -> String {
    let path = &fit.options().path;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let prep = fit.preprocessor.to_json().unwrap_or_default();
    let hash = crate::estimator::fnv1a(prep.bytes().map(u32::from));
    let c = &fit.counts;
    let data = format!(
        "{bytes} bytes, rows {}/{}/{}/{}, preprocessing {hash:016x}",
        c.rows, c.train, c.validation, c.test
    );
    serde_json::json!({ "estimator": E::KIND, "params": e, "shuffle_rows": shuffle_rows, "data": data })
        .to_string()
}

/// The task `objective` trains on for a target fitted as `fitted` (as `task_of` decides it from
/// targets in memory): a regressor reads class ids as values; a binary objective needs 2 classes.
fn task(objective: Objective, fitted: Task, name: &'static str) -> Result<Task, LearnError> {
    match fitted {
        _ if !objective.is_classifier() => Ok(Task::Regression),
        Task::Regression => Err(LearnError::invalid("model", "a regressor for a numeric target", name)),
        Task::Classification { classes } if classes > 2 && objective != Objective::Multinomial => {
            Err(LearnError::TooManyClasses { estimator: name, classes })
        }
        classified => Ok(classified),
    }
}

/// The metrics of `model` on `fit`'s test rows, read in one more pass; `None` without test rows.
pub fn evaluate_stream(model: &Model, fit: &StreamFit) -> Result<Option<(Report, usize)>, LearnError> {
    if fit.counts.test == 0 {
        return Ok(None);
    }
    let mut report = RunningReport::new(model.task);
    let mut pass = fit.rows(Role::Test);
    let features = fit.preprocessor.n_features();
    while let Some(chunk) = pass.next_chunk() {
        let chunk = chunk?;
        let n = chunk.y.len();
        let x = Tensor::written([n, features], |out| out.copy_from_slice(&chunk.x));
        let y = Tensor::written([n, 1], |out| out.copy_from_slice(&chunk.y));
        let out = model.decision_function(&x)?;
        let proba = model.objective.proba(&out);
        report.add(&y, &model.objective.predict(&out), proba.as_ref());
    }
    Ok(Some((report.report(), report.rows() as usize)))
}
