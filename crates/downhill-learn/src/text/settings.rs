//! What a language-model run adds to `TrainConfig`, each option described once here (the CLI's
//! flags and help read `TEXT_OPTIONS`):
//!   context        characters the model reads before predicting the next (≥ 1)
//!   steps          optimizer steps in all (≥ 1); absent: `max_epochs` rounds of `eval_interval`
//!   eval_interval  steps per round (≥ 1): a round is the loop's "epoch": fresh random windows,
//!                  then validation on the whole validation text, one history row
//!   tbptt          truncated backpropagation through time: consecutive windows of batch_size
//!                  streams, the recurrent state carried from step to step (off: random windows)
//!   vocab_size     byte-pair encoding: the characters grown by merges learned on the training
//!                  text to this many tokens (downhill-data's byte_pairs.rs); absent: characters.
//!                  The context then counts tokens, and losses are per token
//! The first 90 % of the characters train and the last 10 % validate (`TRAIN_SHARE`).
use crate::LearnError;
use serde::{Deserialize, Serialize};

/// Share of the characters that train; the rest validate (char-rnn's and nanoGPT's split).
pub const TRAIN_SHARE: f64 = 0.9;

/// (name, default, rule, help) of each option.
pub const TEXT_OPTIONS: &crate::OptionTable = &[
    ("context", "64", ">= 1", "characters read before predicting the next one"),
    ("steps", "epochs × eval_interval", ">= 1", "optimizer steps in all, each on a batch of random windows"),
    (
        "eval_interval",
        "100",
        ">= 1",
        "steps between validations on the last 10 % of the text (one history row each)",
    ),
    (
        "vocab_size",
        "the characters",
        "from the text's distinct characters to 2048",
        "byte-pair encoding: merge the most frequent adjacent pair of tokens of the training text \
         until the vocabulary has N tokens; --context then counts tokens and the losses are per \
         token (the summary also gives them per character)",
    ),
    (
        "tbptt",
        "off",
        "on or off",
        "truncated backpropagation through time: the batch's streams read the text side by side and \
         recurrent layers carry their state from each window to the next (off: random windows, each \
         read from a zero state)",
    ),
];

/// A language-model run's settings besides the optimizer (see `TEXT_OPTIONS` for each one's default and
/// rule).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextSettings {
    /// Characters read before predicting the next one (default 64); >= 1.
    pub context: usize,
    /// Optimizer steps in all; `None`: epochs × `eval_interval`.
    pub steps: Option<usize>,
    /// Steps between validations, one history row each (default 100); >= 1.
    pub eval_interval: usize,
    /// Absent from the stored form when off, so models trained without it read as before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tbptt: bool,
    /// Byte-pair tokens in the vocabulary; `None`: one token per character. Absent from the stored
    /// form when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocab_size: Option<usize>,
}

impl Default for TextSettings {
    fn default() -> Self {
        TextSettings { context: 64, steps: None, eval_interval: 100, tbptt: false, vocab_size: None }
    }
}

impl TextSettings {
    /// A language model's training defaults besides these settings: batches of 32 windows, 10
    /// rounds, Adam with torch's defaults.
    pub fn train_defaults() -> crate::TrainConfig {
        crate::TrainConfig {
            batch_size: crate::BatchSize::Rows(32),
            stopping: crate::StoppingRules::epochs(10),
            ..crate::TrainConfig::default()
        }
    }

    /// Checks the counts are >= 1; the error names the first that is not.
    pub fn validate(&self) -> Result<(), LearnError> {
        for (name, v) in [
            ("context", Some(self.context)),
            ("steps", self.steps),
            ("eval_interval", Some(self.eval_interval)),
        ] {
            if v == Some(0) {
                return Err(LearnError::invalid(name, "an integer >= 1", 0));
            }
        }
        Ok(())
    }

    /// The steps of each round: `eval_interval` each, the last one what is left of the budget.
    pub fn rounds(&self, max_epochs: usize) -> Vec<usize> {
        let total = self.steps.unwrap_or(max_epochs * self.eval_interval);
        let full = total / self.eval_interval;
        let rest = total % self.eval_interval;
        let mut rounds = vec![self.eval_interval; full];
        rounds.extend((rest > 0).then_some(rest));
        rounds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_budget_is_rounds_of_eval_interval() {
        let s = TextSettings { steps: Some(250), ..TextSettings::default() };
        assert_eq!(s.rounds(7), [100, 100, 50]);
        assert_eq!(TextSettings::default().rounds(2), [100, 100]);
        let bad = TextSettings { context: 0, ..TextSettings::default() };
        assert!(bad.validate().unwrap_err().to_string().contains("context"));
    }

    #[test]
    fn the_table_states_the_defaults() {
        // `steps` defaults to a product of two settings, stated in words.
        let defaults = TextSettings::default();
        crate::table_defaults::assert_defaults_stated(TEXT_OPTIONS, &defaults, &["steps", "vocab_size"]);
        assert_eq!(defaults.vocab_size, None, "the characters");
        let rule = TEXT_OPTIONS.iter().find(|r| r.0 == "vocab_size").unwrap().2;
        assert!(rule.ends_with(&downhill_data::MAX_VOCAB.to_string()), "{rule}");
    }
}
