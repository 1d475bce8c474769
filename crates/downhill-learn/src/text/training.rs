//! Training a character-level language model on a text:
//!   split     the first 90 % of the characters train, the last 10 % validate
//!   vocab     every character of the file, sorted (nanoGPT's choice: a character seen only in the
//!             validation part still gets an id, so a small file's split never fails to encode)
//!   network   the layer stack with the vocabulary's sizes filled in, reading [context] ids
//!   rounds    the step budget in rounds of `eval_interval` steps (settings.rs); each round draws
//!             steps × batch_size windows at random offsets (seed, round), runs one pass of the
//!             generic loop over them (`Trainer::run_one_epoch`: one step per batch_size windows,
//!             gradient health, schedule) and validates on the whole validation text
//! Losses are the mean next-character cross-entropy in nats per character.
use super::settings::TRAIN_SHARE;
use super::{consecutive_windows, random_windows, LanguageModel, NextTokenLoss, TextSettings};
use crate::seeds::{self, Stream};
use crate::{Architecture, BatchSize, History, Hooks, LayerStack, LearnError, Session, Split, StopReason};
use crate::{TrainConfig, Trainer};
use downhill_data::Vocabulary;
use downhill_nn::spec::{with_vocabulary, LayerSpec};
use downhill_nn::Sequential;

/// A trained language model and its history (one row per round).
#[derive(Debug)]
pub struct TrainedText {
    pub model: LanguageModel,
    pub history: History,
}

/// Trains `layers` on `text` (already checked to hold `context + 1` characters).
pub fn fit_language_model(
    layers: &[LayerSpec],
    text: &[char],
    settings: &TextSettings,
    config: &TrainConfig,
    hooks: &mut Hooks<'_>,
) -> Result<TrainedText, LearnError> {
    settings.validate()?;
    config.validate()?;
    let BatchSize::Rows(batch) = config.batch_size else {
        return Err(LearnError::Text(
            "a language model trains on a number of windows per step: give --batch-size N".into(),
        ));
    };
    let t = settings.context;
    let cut = ((text.len() as f64 * TRAIN_SHARE) as usize).max(t + 1).min(text.len());
    let vocab = Vocabulary::from_text(text);
    let train = vocab.encode(&text[..cut], "the training text")?;
    let val = vocab.encode(&text[cut..], "the validation text (the last 10 %)")?;
    // Validation scores the full windows only: the shorter tail (under T targets, the last 51 of
    // tiny shakespeare's 111,539) is used alone only when there is no full window. `evaluate`
    // scores every character, so its figure on the same text differs slightly.
    let validation = match consecutive_windows(&val, t) {
        (Some(w), _) | (None, Some(w)) => Some(w),
        (None, None) => None,
    };
    let stack = LayerStack { input_shape: vec![t], layers: with_vocabulary(layers, vocab.len()) };
    let shapes = downhill_nn::spec::output_shapes(&stack.layers, &stack.input_shape)
        .map_err(|e| LearnError::Text(format!("--layers: {e}")))?;
    let last = shapes.last().cloned().unwrap_or_default();
    if last != [t, vocab.len()] {
        return Err(LearnError::Text(format!(
            "--layers ends with outputs {last:?} per window; a language model needs [{t}, {}] (context, \
             vocabulary): end with `linear` (no size: the vocabulary size)",
            vocab.len()
        )));
    }
    downhill_nn::spec::check_causal(&stack.layers, &stack.input_shape)
        .map_err(|e| LearnError::Text(format!("--layers: {e}")))?;
    let mut net = Sequential::from_spec(
        &stack.layers,
        &stack.input_shape,
        seeds::derive(config.seed, Stream::Init, 0),
    )?;
    let rounds = settings.rounds(config.stopping.max_epochs);
    let trainer = Trainer { config, criterion: NextTokenLoss, identity: String::new() };
    let mut s = Session::new(config, &net, settings.eval_interval * batch, "")?;
    for (r, &steps) in rounds.iter().enumerate() {
        let mut rng = seeds::rng(config.seed, Stream::Windows, r as u64);
        let (x_train, y_train) = random_windows(&train, t, steps * batch, &mut rng);
        let split = Split { x_train, y_train, validation: validation.clone() };
        let record = trainer.run_one_epoch(&mut net, &split, &mut s)?;
        if let Some(p) = hooks.progress.as_deref_mut() {
            p.on_epoch(&record, rounds.len());
        }
        if hooks.stop_requested() && r + 1 < rounds.len() {
            s.history.stop = Some(StopReason::Interrupted { epoch: r + 1, batch: steps });
            break;
        }
    }
    s.history.stop.get_or_insert(StopReason::MaxEpochs { epochs: rounds.len() });
    let model = LanguageModel::new(Architecture::Layers(stack), net, vocab);
    Ok(TrainedText { model, history: s.into_history() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OptimizerConfig, OptimizerSettings, StoppingRules};
    use downhill_nn::spec::parse_layers;

    #[test]
    fn a_bigram_model_learns_a_repeating_text() {
        // "abcd" repeated: each character determines the next, so the loss falls from ln 4 = 1.39
        // towards 0; a bigram (embedding, linear) can represent that exactly.
        let text: Vec<char> = "abcd".repeat(200).chars().collect();
        let config = TrainConfig {
            optimizer: OptimizerSettings::new(OptimizerConfig::default().with_lr(0.05)),
            batch_size: BatchSize::Rows(8),
            stopping: StoppingRules::epochs(3),
            ..TrainConfig::default()
        };
        let settings = TextSettings { context: 8, steps: Some(60), eval_interval: 20 };
        let layers = parse_layers("embedding(8), linear").unwrap();
        let out = fit_language_model(&layers, &text, &settings, &config, &mut Hooks::default()).unwrap();
        let h = &out.history;
        assert_eq!(h.epochs.len(), 3);
        let last = h.last().unwrap();
        assert!(last.val_loss.unwrap() < 0.2, "validation loss {:?}", last.val_loss);
        assert_eq!(out.model.vocabulary.len(), 4);
    }
}
