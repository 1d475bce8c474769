//! `downhill generate`: a language model file and how to sample from it.
use clap::Args;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct GenerateArgs {
    /// Language model written by `downhill train` on a .txt file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Text to continue; every character must be in the model's vocabulary.
    #[arg(long, value_name = "TEXT", default_value = "\n", allow_hyphen_values = true)]
    pub prompt: String,
    /// Characters to add after the prompt.
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub length: usize,
    /// Divide the logits by T before sampling (> 0; below 1 is more conservative).
    #[arg(long, value_name = "T", default_value_t = 1.0, allow_hyphen_values = true)]
    pub temperature: f64,
    /// Sample only among the K most likely characters.
    #[arg(long, value_name = "K")]
    pub top_k: Option<usize>,
    /// Always take the most likely character (argmax) instead of sampling.
    #[arg(long, conflicts_with_all = ["temperature", "top_k"])]
    pub greedy: bool,
    /// Seed of the sampling draws.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
}
