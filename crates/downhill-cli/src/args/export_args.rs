//! `downhill export MODEL --format onnx --out FILE`: a trained model in another runtime's format.
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct ExportArgs {
    /// Model file written by `downhill train`.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// The format to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Onnx)]
    pub format: ExportFormat,
    /// Where to write the exported model (atomically).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// ONNX (opset 17): preprocessing, network and output head in one graph that takes the raw
    /// feature columns (categorical ones as category indices) and gives labels and probabilities,
    /// or predicted values.
    Onnx,
}
