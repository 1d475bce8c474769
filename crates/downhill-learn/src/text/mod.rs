//! Character-level language models on text files: windows of the text, the next-character loss,
//! training by steps, evaluation in nats and bits per character, and sampling.
mod language_model;
mod next_char;
mod round_checkpoints;
mod sampling;
mod settings;
mod training;
mod windows;

pub use language_model::LanguageModel;
pub use next_char::{bits, carried_nats, next_token_loss, total_nats, NextTokenLoss};
pub use sampling::{Decoding, DEFAULT_LENGTH, SAMPLING_OPTIONS};
pub use settings::{TextSettings, TEXT_OPTIONS, TRAIN_SHARE};
pub use training::{fit_language_model, TrainedText};
pub use windows::{consecutive_windows, random_windows, stream_windows, Windows};
