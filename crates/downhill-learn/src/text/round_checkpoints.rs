//! Checkpoints of a language model's training, written after every `every` rounds (the text's
//! epochs) with the generic checkpoint file (checkpoint.rs: the weights, the optimizer state, the
//! history and the step count), and a resumed run that goes on from the round after the last
//! one saved. With random windows, resuming is bit-identical to the straight run: each round's
//! windows are drawn from (seed, round) and dropout from the step count. With `tbptt` the
//! recurrent state carried from step to step is not in the file, so those runs neither write nor
//! read checkpoints (refused with the reason). The identity a checkpoint must match is the layer
//! stack, the text settings, the training settings and an FNV-1a hash of the text.
use super::TextSettings;
use crate::{LayerStack, LearnError, TrainConfig};

/// The identity of a run: what a resumed run must share with the one that wrote the checkpoint.
pub(crate) fn identity(
    stack: &LayerStack,
    settings: &TextSettings,
    config: &TrainConfig,
    text: &[char],
) -> String {
    let hash = crate::estimator::fnv1a(text.iter().map(|&c| c as u32));
    let identity = serde_json::json!({
        "language_model": stack,
        "text": settings,
        "train": config,
        "characters": text.len(),
        "hash": format!("{hash:016x}"),
    });
    identity.to_string()
}

/// Refuses checkpoints with truncated backpropagation through time (see the header).
pub(crate) fn check(settings: &TextSettings, checkpointing: bool) -> Result<(), LearnError> {
    match settings.tbptt && checkpointing {
        true => Err(LearnError::Text(
            "--tbptt carries the recurrent state from step to step and a checkpoint does not hold it, \
             so a resumed run would not continue the same run: drop --checkpoint-every/--resume or --tbptt"
                .into(),
        )),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::text::{fit_language_model, TextSettings};
    use crate::{BatchEvent, CheckpointPolicy, Hooks, OptimizerConfig, OptimizerSettings, Progress};
    use crate::{BatchSize, StoppingRules, TrainConfig};
    use downhill_nn::spec::parse_layers;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    /// Raises the stop flag when round `at` ends.
    struct StopAfter(Arc<AtomicBool>, usize);
    impl Progress for StopAfter {
        fn on_batch(&mut self, _: &BatchEvent) {}
        fn on_epoch(&mut self, r: &crate::EpochRecord, _: usize) {
            if r.epoch == self.1 {
                self.0.store(true, Ordering::Relaxed);
            }
        }
    }

    #[test]
    fn a_resumed_run_ends_with_the_straight_runs_weights_bit_for_bit() {
        let text: Vec<char> = "the quick brown fox jumps over the lazy dog. ".repeat(40).chars().collect();
        let config = TrainConfig {
            optimizer: OptimizerSettings::new(OptimizerConfig::default().with_lr(0.01)),
            batch_size: BatchSize::Rows(4),
            stopping: StoppingRules::epochs(1),
            ..TrainConfig::default()
        };
        let settings =
            TextSettings { context: 8, steps: Some(40), eval_interval: 10, tbptt: false, vocab_size: None };
        let layers = parse_layers("embedding(8), lstm(16), dropout(0.1), linear").unwrap();
        let fit =
            |hooks: &mut Hooks<'_>| fit_language_model(&layers, &text, &settings, &config, hooks).unwrap();
        let bits = |m: &crate::text::TrainedText| -> Vec<u32> {
            let state = m.model.model.with_net(downhill_nn::state_dict);
            state.values().flat_map(|t| t.data().iter().map(|v| v.to_bits()).collect::<Vec<_>>()).collect()
        };
        let straight = fit(&mut Hooks::default());

        let dir = std::env::temp_dir().join(format!("downhill-text-resume-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("lm.ckpt");
        let flag = Arc::new(AtomicBool::new(false));
        let mut stopper = StopAfter(flag.clone(), 2);
        let checkpoint = Some(CheckpointPolicy { every: 1, path: path.clone() });
        let mut hooks =
            Hooks { progress: Some(&mut stopper), stop: Some(flag), checkpoint, ..Hooks::default() };
        let interrupted = fit(&mut hooks);
        assert_eq!(interrupted.history.epochs.len(), 2, "stopped after round 2 of 4");
        assert_ne!(bits(&interrupted), bits(&straight));
        let resumed = fit(&mut Hooks { resume: Some(path.clone()), ..Hooks::default() });
        assert_eq!(resumed.history.epochs.len(), 4, "the history carries the saved rounds");
        assert_eq!(bits(&resumed), bits(&straight), "bit-identical");

        // Other settings (another seed) are refused, naming what differs.
        let other = TrainConfig { seed: 9, ..config.clone() };
        let mut hooks = Hooks { resume: Some(path.clone()), ..Hooks::default() };
        let err = fit_language_model(&layers, &text, &settings, &other, &mut hooks).unwrap_err();
        assert!(err.to_string().contains("seed"), "{err}");
        // tbptt cannot checkpoint.
        let tbptt = TextSettings { tbptt: true, ..settings.clone() };
        let err = fit_language_model(
            &layers,
            &text,
            &tbptt,
            &config,
            &mut Hooks { resume: Some(path), ..Hooks::default() },
        )
        .unwrap_err();
        assert!(err.to_string().contains("--tbptt"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
