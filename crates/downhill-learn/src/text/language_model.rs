//! A trained character-level language model: the network (a `Model` whose architecture reads
//! [context] ids), the vocabulary it was trained with and its context. Saved as an ordinary model
//! file (estimator `char_language_model`) with the vocabulary as the entry `extra.vocabulary`, so
//! evaluation and generation map characters to the same ids.
//!   nats per character  over a whole text: consecutive windows of `context` tokens (every token
//!                       after the first predicted once), summed cross-entropy / the characters of
//!                       the predicted tokens (len − 1 without byte pairs); bits = nats / ln 2
//!   generation          append one sampled token at a time, the model reading the last `context`
//!                       tokens (the window slides once the text is longer), until `length`
//!                       characters are added (the last token cut to fit)
//! A model trained with truncated BPTT (`carried`, stored as `extra.carried_state`) carries its
//! recurrent state instead: evaluation reads the text as streams (`carried_nats`), and generation
//! reads the prompt once and then each new character alone, the state carrying the rest.
use super::{carried_nats, consecutive_windows, total_nats, Decoding};
use crate::{
    load_model, save_model, Architecture, EstimatorKind, LearnError, Model, ModelInfo, Objective, Task,
};
use downhill_autograd::Tape;
use downhill_data::Vocabulary;
use downhill_nn::{Ctx, Module, Sequential};
use downhill_tensor::{Float, Rng, Tensor};
use std::path::Path;

const VOCABULARY: &str = "vocabulary";
const CARRIED: &str = "carried_state";

/// A character-level language model: a network over `context` token ids that gives the next one's logits,
/// with its vocabulary.
#[derive(Debug)]
pub struct LanguageModel {
    /// The network and what its outputs mean (one class per vocabulary entry).
    pub model: Model,
    /// The characters the ids stand for.
    pub vocabulary: Vocabulary,
    /// Trained with truncated BPTT: read texts with the recurrent state carried.
    pub carried: bool,
}

impl LanguageModel {
    /// A model around a built network for `vocabulary` (not carried: texts are read as windows).
    pub fn new(architecture: Architecture, net: Sequential, vocabulary: Vocabulary) -> LanguageModel {
        let task = Task::Classification { classes: vocabulary.len() };
        let model =
            Model::new(EstimatorKind::CharLanguageModel, Objective::Multinomial, task, architecture, net);
        LanguageModel { model, vocabulary, carried: false }
    }

    /// Characters read before each prediction.
    pub fn context(&self) -> usize {
        self.model.features()
    }

    /// Writes the model to `path` with its vocabulary (and whether it carries its state) in the metadata.
    pub fn save(&self, path: &Path, mut info: ModelInfo) -> Result<(), LearnError> {
        let vocab = serde_json::to_string(&self.vocabulary)
            .unwrap_or_else(|e| panic!("a vocabulary serialises: {e}"));
        info.extra.insert(VOCABULARY.into(), vocab);
        if self.carried {
            info.extra.insert(CARRIED.into(), "true".into());
        }
        Ok(save_model(path, &self.model, &info)?)
    }

    /// Reads a model written by `save`; any other model file is a one-line error.
    pub fn load(path: &Path) -> Result<(LanguageModel, ModelInfo), LearnError> {
        let (model, info) = load_model(path)?;
        LanguageModel::from_loaded(model, info, path)
    }

    /// `load` on a model file already read from `path` (named in errors).
    pub fn from_loaded(
        model: Model,
        info: ModelInfo,
        path: &Path,
    ) -> Result<(LanguageModel, ModelInfo), LearnError> {
        let stored =
            info.extra.get(VOCABULARY).filter(|_| model.estimator == EstimatorKind::CharLanguageModel);
        let Some(text) = stored else {
            return Err(LearnError::Text(format!(
                "{} is a {} model, not a language model: train one on a .txt file",
                path.display(),
                model.estimator.name()
            )));
        };
        let vocabulary = serde_json::from_str(text).map_err(|e| {
            LearnError::Text(format!("{}: the stored vocabulary is unreadable: {e}", path.display()))
        })?;
        let carried = info.extra.get(CARRIED).is_some_and(|v| v == "true");
        Ok((LanguageModel { model, vocabulary, carried }, info))
    }

    /// Mean nats per character over `text` (at least two tokens) and the characters predicted;
    /// `what` names the text in errors.
    pub fn nats_per_char(&mut self, text: &[char], what: &str) -> Result<(f64, usize), LearnError> {
        let ids = self.vocabulary.encode(text, what)?;
        if ids.len() < 2 {
            let unit = if self.vocabulary.merges().is_empty() { "characters" } else { "tokens" };
            return Err(LearnError::Text(format!("{what} has {} {unit}; at least 2 are needed", ids.len())));
        }
        let predicted: usize = ids[1..].iter().map(|&id| self.vocabulary.chars_in(id)).sum();
        let (context, carried) = (self.context(), self.carried);
        let net = self.model.net_mut();
        let total: f64 = if carried {
            let ids: Vec<Float> = ids.iter().map(|&i| i as Float).collect();
            net.carry_state(true);
            let nats = carried_nats(net, &ids[..ids.len() - 1], &ids[1..], context);
            net.carry_state(false);
            nats
        } else {
            let (main, tail) = consecutive_windows(&ids, context);
            [main, tail].into_iter().flatten().map(|(x, y)| total_nats(net, &x, &y)).sum()
        };
        Ok((total / predicted as f64, predicted))
    }

    /// `prompt` followed by `length` characters, token after token chosen by `decoding` (draws
    /// from `seed`).
    pub fn generate(
        &mut self,
        prompt: &[char],
        length: usize,
        decoding: Decoding,
        seed: u64,
    ) -> Result<String, LearnError> {
        decoding.check()?;
        let mut ids = self.vocabulary.encode(prompt, "--prompt")?;
        if ids.is_empty() {
            return Err(LearnError::Text(
                "--prompt is empty: give at least one character to start from".into(),
            ));
        }
        let (context, carried, mut rng) = (self.context(), self.carried, Rng::seed(seed));
        let net = self.model.net_mut();
        net.carry_state(carried);
        // Carried: the prompt once (in context-sized pieces), then only the newest character.
        let mut read = 0;
        if carried {
            while ids.len() - read > 1 {
                let end = (read + context).min(ids.len() - 1);
                next_logits(net, &ids[read..end]);
                read = end;
            }
        }
        let mut added = 0;
        while added < length {
            let window = match carried {
                true => &ids[read..],
                false => &ids[ids.len().saturating_sub(context)..],
            };
            let logits = next_logits(net, window);
            read = ids.len();
            let id = decoding.choose(&logits, &mut rng);
            added += self.vocabulary.chars_in(id);
            ids.push(id);
        }
        net.carry_state(false);
        Ok(self.vocabulary.decode(&ids).chars().take(prompt.len() + length).collect())
    }
}

/// The logits of the character after `window`, read in one evaluation-mode pass.
fn next_logits(net: &mut Sequential, window: &[usize]) -> Vec<Float> {
    let x = Tensor::from_vec(window.iter().map(|&i| i as Float).collect(), [1, window.len()])
        .unwrap_or_else(|e| panic!("a window is one row: {e}"));
    let tape = Tape::inference();
    let logits = net.forward(&Ctx::eval(&tape), tape.leaf(x));
    let logits = logits.value();
    let v = logits.dims()[logits.rank() - 1];
    logits.data()[logits.numel() - v..].to_vec()
}
