//! Export of downhill models to ONNX (opset 17): a layer stack's eval-mode forward written as
//! ONNX operators, with the model's preprocessing (scaling, imputation, one-hot encoding) in front
//! and its output head (probabilities and labels, or values in the target's units) behind, so the
//! exported graph takes the raw feature columns. Messages are encoded with prost
//! (`proto.rs`); no ONNX library is needed to write, and any ONNX runtime reads the files.
#![warn(missing_docs)]

mod activation_kind;
mod attr;
mod error;
mod frame;
mod graph;
mod head;
mod layers;
mod mlp;
mod model;
mod network;
mod params;
mod preprocessing;
pub mod proto;
mod raw_features;
mod stack;
mod wire;

pub use error::ExportError;
pub use frame::{Exported, OPSET};
pub use model::{export_model, export_pipeline};
pub use network::export_layers;
pub use raw_features::raw_features;
