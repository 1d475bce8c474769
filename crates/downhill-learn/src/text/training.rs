//! Training a character-level language model on a text:
//!   split     the first 90 % of the characters train, the last 10 % validate
//!   vocab     every character of the file, sorted (nanoGPT's choice: a character seen only in the
//!             validation part still gets an id, so a small file's split never fails to encode);
//!             with `vocab_size`, grown by byte-pair merges learned on the training part only
//!   network   the layer stack with the vocabulary's sizes filled in, reading [context] ids, drawn
//!             at random or read from `init_from` (a downhill model or a torch `state_dict`), with
//!             the parameters under `freeze` kept as they are
//!   rounds    the step budget in rounds of `eval_interval` steps (settings.rs); each round draws
//!             steps × batch_size windows at random offsets (seed, round), runs one pass of the
//!             generic loop over them (`Trainer::run_one_epoch`: one step per batch_size windows,
//!             gradient health, schedule) and validates on the whole validation text
//!   tbptt     truncated backpropagation through time instead of random windows: batch_size
//!             streams read the text side by side (`stream_windows`), the trainer takes their
//!             windows in order, and the recurrent layers carry their state from each step to the
//!             next, detached; validation reads the validation text the same way (`Carried`)
//!   checkpoints  after every `every` rounds, and a resumed run goes on from the next round
//!             (round_checkpoints.rs)
//! Losses are the mean next-token cross-entropy in nats per token (per character without byte
//! pairs); `tokens_per_char` turns them into nats per character.
use super::round_checkpoints;
use super::settings::TRAIN_SHARE;
use super::{
    consecutive_windows, random_windows, stream_windows, LanguageModel, NextTokenLoss, TextSettings,
};
use crate::seeds::{self, Stream};
use crate::{Architecture, BatchSize, History, Hooks, LayerStack, LearnError, Session, Split, StopReason};
use crate::{Frozen, TrainConfig, Trainer};
use downhill_data::Vocabulary;
use downhill_nn::spec::{with_vocabulary, LayerSpec};
use downhill_nn::{Module, Sequential};
use downhill_tensor::{Float, Tensor};

/// A trained language model and its history (one row per round).
#[derive(Debug)]
pub struct TrainedText {
    /// The trained model.
    pub model: LanguageModel,
    /// One row per round of `eval_interval` steps.
    pub history: History,
    /// Tokens per character of the training and of the validation text (1 without byte pairs): a
    /// loss per token times this is per character (for validation, over the whole validation text
    /// where the loss is over its full windows).
    pub tokens_per_char: (f64, f64),
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
    let chars = Vocabulary::from_text(text);
    let (vocab, train) = match settings.vocab_size {
        None => (chars.clone(), chars.encode(&text[..cut], "the training text")?),
        Some(n) => chars.with_byte_pairs(&text[..cut], n)?,
    };
    let val = vocab.encode(&text[cut..], "the validation text (the last 10 %)")?;
    if train.len() <= t {
        return Err(LearnError::Text(format!(
            "the training text is {} tokens; --context {t} needs at least {}: lower --context or \
             --vocab-size",
            train.len(),
            t + 1
        )));
    }
    let per_char = |tokens: usize, chars: usize| tokens as f64 / chars.max(1) as f64;
    let tokens_per_char = (per_char(train.len(), cut), per_char(val.len(), text.len() - cut));
    // Validation scores the full windows only: the shorter tail (under T targets, the last 51 of
    // tiny shakespeare's 111,539) is used alone only when there is no full window. `evaluate`
    // scores every character, so its figure on the same text differs slightly.
    let validation = match (settings.tbptt, consecutive_windows(&val, t)) {
        (true, _) if val.len() >= 2 => Some(whole_text(&val)),
        (false, (Some(w), _) | (None, Some(w))) => Some(w),
        _ => None,
    };
    let stack = LayerStack { input_shape: vec![t], layers: with_vocabulary(layers, vocab.len()) };
    let small = stack.layers.iter().enumerate().find_map(|(i, l)| match l {
        LayerSpec::Embedding(e) => e.num_embeddings.filter(|&n| n < vocab.len()).map(|n| (i, n)),
        _ => None,
    });
    if let Some((i, n)) = small {
        return Err(LearnError::Text(format!(
            "--layers: embedding #{}: num_embeddings={n} leaves tokens of the text without a row (it has {} \
             tokens): leave num_embeddings out (the vocabulary size) or give at least {}",
            i + 1,
            vocab.len(),
            vocab.len()
        )));
    }
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
    if settings.tbptt && !stack.layers.iter().any(LayerSpec::is_recurrent) {
        return Err(LearnError::Text(
            "--tbptt carries the state of recurrent layers, and --layers has none: add rnn, lstm or gru, \
             or leave out --tbptt"
                .into(),
        ));
    }
    let mut net = Sequential::from_spec(
        &stack.layers,
        &stack.input_shape,
        seeds::derive(config.seed, Stream::Init, 0),
    )?;
    if let Some(path) = &config.init_from {
        check_same_vocabulary(path, &vocab)?;
        crate::load_weights(&mut net, path)?;
    }
    let rounds = settings.rounds(config.stopping.max_epochs);
    let criterion = match settings.tbptt {
        true => NextTokenLoss::Carried { context: t },
        false => NextTokenLoss::Windows,
    };
    net.carry_state(settings.tbptt);
    let trainer = Trainer { config, criterion, identity: String::new(), in_order: settings.tbptt };
    let mut trainable = Frozen::new(&mut net, &config.freeze)?;
    let mut s = Session::new(config, &trainable, settings.eval_interval * batch, "")?;
    let checkpointing = hooks.checkpoint.is_some() || hooks.resume.is_some();
    round_checkpoints::check(settings, checkpointing)?;
    let identity = match checkpointing {
        true => round_checkpoints::identity(&stack, settings, config, text),
        false => String::new(),
    };
    if let Some(path) = hooks.resume.clone() {
        crate::checkpoint::load(&path, &identity, &mut trainable, &mut s)?;
    }
    let done = s.epoch.min(rounds.len());
    let mut steps_done: usize = rounds[..done].iter().sum();
    for (r, &steps) in rounds.iter().enumerate().skip(done) {
        let (x_train, y_train) = match settings.tbptt {
            true => stream_windows(&train, t, batch.min(train.len()), steps_done, steps),
            false => random_windows(
                &train,
                t,
                steps * batch,
                &mut seeds::rng(config.seed, Stream::Windows, r as u64),
            ),
        };
        steps_done += steps;
        let split = Split { x_train, y_train, validation: validation.clone() };
        let record = trainer.run_one_epoch(&mut trainable, &split, &mut s)?;
        if let Some(p) = hooks.progress.as_deref_mut() {
            p.on_epoch(&record, rounds.len());
        }
        if let Some(policy) = hooks.checkpoint.as_ref().filter(|c| c.every > 0 && (r + 1) % c.every == 0) {
            crate::checkpoint::save(&policy.path, &identity, &mut trainable, &s)?;
        }
        if hooks.stop_requested() && r + 1 < rounds.len() {
            s.history.stop = Some(StopReason::Interrupted { epoch: r + 1, batch: steps });
            break;
        }
    }
    s.history.stop.get_or_insert(StopReason::MaxEpochs { epochs: rounds.len() });
    net.carry_state(false);
    let mut model = LanguageModel::new(Architecture::Layers(stack), net, vocab);
    model.carried = settings.tbptt;
    Ok(TrainedText { model, history: s.into_history(), tokens_per_char })
}

/// A downhill language model to start from must map characters to the ids this text gives them
/// (a torch `state_dict` carries no vocabulary: its ids must be the sorted characters, as here).
fn check_same_vocabulary(path: &std::path::Path, vocab: &Vocabulary) -> Result<(), LearnError> {
    match LanguageModel::load(path) {
        Ok((lm, _)) if lm.vocabulary != *vocab => Err(LearnError::Text(format!(
            "--init-from {} was trained on other characters or tokens ({} against this text's {}), so \
             its ids mean other characters here: start from a model trained on text with the same \
             characters and the same --vocab-size",
            path.display(),
            lm.vocabulary.len(),
            vocab.len()
        ))),
        _ => Ok(()),
    }
}

/// The whole of `ids` as one row of inputs and one of targets (carried validation reads it).
fn whole_text(ids: &[usize]) -> (Tensor, Tensor) {
    let row = |v: &[usize]| {
        Tensor::from_vec(v.iter().map(|&i| i as Float).collect(), [1, v.len()]).expect("one row")
    };
    (row(&ids[..ids.len() - 1]), row(&ids[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OptimizerConfig, OptimizerSettings, StoppingRules};
    use downhill_nn::spec::parse_layers;

    /// Adam at `lr` on batches of `batch` windows for `epochs` rounds.
    fn adam(lr: f64, batch: usize, epochs: usize) -> TrainConfig {
        TrainConfig {
            optimizer: OptimizerSettings::new(OptimizerConfig::default().with_lr(lr)),
            batch_size: BatchSize::Rows(batch),
            stopping: StoppingRules::epochs(epochs),
            ..TrainConfig::default()
        }
    }

    #[test]
    fn a_bigram_model_learns_a_repeating_text() {
        // "abcd" repeated: each character determines the next, so the loss falls from ln 4 = 1.39
        // towards 0; a bigram (embedding, linear) can represent that exactly.
        let text: Vec<char> = "abcd".repeat(200).chars().collect();
        let config = adam(0.05, 8, 3);
        let settings =
            TextSettings { context: 8, steps: Some(60), eval_interval: 20, tbptt: false, vocab_size: None };
        let layers = parse_layers("embedding(8), linear").unwrap();
        let out = fit_language_model(&layers, &text, &settings, &config, &mut Hooks::default()).unwrap();
        let h = &out.history;
        assert_eq!(h.epochs.len(), 3);
        let last = h.last().unwrap();
        assert!(last.val_loss.unwrap() < 0.2, "validation loss {:?}", last.val_loss);
        assert_eq!(out.model.vocabulary.len(), 4);
    }

    #[test]
    fn byte_pairs_train_on_tokens_and_the_losses_convert_to_characters() {
        // Words drawn from a few: merges make tokens of the frequent pieces, so the text takes
        // fewer tokens than characters and a bigram over tokens sees further back.
        let words = ["the ", "cat ", "sat ", "on ", "mat ", "hat\n"];
        let mut rng = downhill_tensor::Rng::seed(3);
        let text: String = (0..1500).map(|_| words[rng.below(words.len())]).collect();
        let text: Vec<char> = text.chars().collect();
        let config = adam(0.02, 16, 1);
        let chars = Vocabulary::from_text(&text).len();
        let settings = TextSettings {
            vocab_size: Some(chars + 12),
            steps: Some(300),
            eval_interval: 300,
            ..Default::default()
        };
        let layers = parse_layers("embedding(16), linear").unwrap();
        let mut out = fit_language_model(&layers, &text, &settings, &config, &mut Hooks::default()).unwrap();
        assert_eq!(out.model.vocabulary.len(), chars + 12);
        let (train_ratio, val_ratio) = out.tokens_per_char;
        assert!(train_ratio < 0.5 && val_ratio < 0.5, "{:?}", out.tokens_per_char);
        // The history's validation loss is per token over the validation text's full windows; per
        // character it is what `nats_per_char` measures on the whole validation text (which also
        // scores the short tail: 5 %).
        let per_token = out.history.last().unwrap().val_loss.unwrap();
        let cut = (text.len() as f64 * TRAIN_SHARE) as usize;
        let (per_char, _) = out.model.nats_per_char(&text[cut..], "validation").unwrap();
        assert!(
            (per_token * val_ratio - per_char).abs() < 0.05 * per_char,
            "{per_token} {val_ratio} {per_char}"
        );
        // Six words in random order: about ln 6 / 4 = 0.45 nats per character is the floor; a
        // model that learned nothing would be near ln 12 / 3.7 = 0.67 or worse.
        assert!(per_char < 0.6, "{per_char}");
    }

    #[test]
    fn truncated_bptt_remembers_across_windows() {
        // Each line is a digit d, 4 spaces and d again. Within a window of 8 an LSTM learns to copy
        // the digit 5 characters on; read window by window from a zero state it cannot copy a digit
        // whose first copy fell in the previous window (5 in 8 of them, ln 4 each), while with
        // the state carried it can. So the validation loss with --tbptt must fall well below the
        // windowed one: at best ln 4 / 7 = 0.198 nats per character against about 0.32.
        let mut rng = downhill_tensor::Rng::seed(5);
        let text: String = (0..900)
            .map(|_| {
                let d = char::from(b'0' + rng.below(4) as u8);
                format!("{d}    {d}\n")
            })
            .collect();
        let text: Vec<char> = text.chars().collect();
        let config = adam(0.02, 16, 1);
        let layers = parse_layers("embedding(8), lstm(32), linear").unwrap();
        let run = |tbptt| {
            let settings =
                TextSettings { context: 8, steps: Some(500), eval_interval: 500, tbptt, vocab_size: None };
            let out = fit_language_model(&layers, &text, &settings, &config, &mut Hooks::default()).unwrap();
            assert_eq!(out.model.carried, tbptt);
            out.history.last().unwrap().val_loss.unwrap()
        };
        let (windows, carried) = (run(false), run(true));
        assert!(carried < windows - 0.07, "carried {carried} vs windows {windows}");
    }

    #[test]
    fn truncated_bptt_needs_a_recurrent_layer() {
        let text: Vec<char> = "abcd".repeat(50).chars().collect();
        let settings =
            TextSettings { context: 8, steps: Some(2), eval_interval: 2, tbptt: true, vocab_size: None };
        let layers = parse_layers("embedding(8), linear").unwrap();
        let e = fit_language_model(&layers, &text, &settings, &TrainConfig::default(), &mut Hooks::default());
        assert!(e.unwrap_err().to_string().contains("--tbptt"));
    }
}
