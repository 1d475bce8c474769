//! `downhill generate`: a language model file and how to sample from it, or a variational
//! autoencoder's file and how many samples (or which latent walk) to draw.
use clap::Args;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct GenerateArgs {
    /// Language model written by `downhill train` on a .txt file, or a `--model vae` model.
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
    /// A VAE: rows to draw, each decoded from a code z ~ N(0, I) (printed as CSV, or --plot).
    #[arg(long, value_name = "N", default_value_t = 64, help_heading = "Variational autoencoders")]
    pub samples: usize,
    /// A VAE: the walk between the mean codes of rows A and B (0-based) of --data, in 10 steps.
    #[arg(
        long,
        value_name = "A,B",
        value_delimiter = ',',
        requires = "data",
        help_heading = "Variational autoencoders"
    )]
    pub interpolate: Option<Vec<usize>>,
    /// A VAE: the rows --interpolate reads.
    #[arg(long, value_name = "FILE", requires = "interpolate", help_heading = "Variational autoencoders")]
    pub data: Option<PathBuf>,
    /// A VAE: draw the rows as a grid of square images to FILE (.png or .svg) instead of CSV.
    #[arg(long, value_name = "FILE", help_heading = "Variational autoencoders")]
    pub plot: Option<PathBuf>,
}
