//! Model files as the CLI writes and reads them: downhill-learn's safetensors model plus, in its
//! `extra` metadata, the fitted preprocessing (`extra.preprocessing`) and where the data came from
//! (`extra.data`), so `predict` and `evaluate` can apply the model to a raw data file.
mod header;
mod loaded;
mod model_meta;

pub use header::format_version;
pub use loaded::Saved;
pub use model_meta::{info_with, model_info};
