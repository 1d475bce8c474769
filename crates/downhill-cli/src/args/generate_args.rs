//! `downhill generate`: a language model file and how to sample from it, or a variational
//! autoencoder's file and how many samples (or which latent walk) to draw. The language model's
//! sampling options read downhill-learn's `text::SAMPLING_OPTIONS`.
use super::table_help;
use clap::Args;
use downhill_learn::text::SAMPLING_OPTIONS;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct GenerateArgs {
    /// Language model written by `downhill train` on a .txt file, or a `--model vae` model.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Text to continue; every character must be in the model's vocabulary (default a line break).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub prompt: Option<String>,
    #[arg(long, value_name = "N", help = table_help(SAMPLING_OPTIONS, "length"))]
    pub length: Option<usize>,
    #[arg(
        long,
        value_name = "T",
        allow_hyphen_values = true,
        help = table_help(SAMPLING_OPTIONS, "temperature")
    )]
    pub temperature: Option<f64>,
    #[arg(long, value_name = "K", help = table_help(SAMPLING_OPTIONS, "top_k"))]
    pub top_k: Option<usize>,
    /// Always take the most likely character (argmax) instead of sampling.
    #[arg(long, conflicts_with_all = ["temperature", "top_k"])]
    pub greedy: bool,
    /// Seed of the sampling draws.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// A VAE: rows to draw, each decoded from a code z ~ N(0, I) (printed as CSV, or --plot;
    /// default 64, an 8 × 8 grid).
    #[arg(long, value_name = "N", help_heading = "Variational autoencoders")]
    pub samples: Option<usize>,
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
