//! Errors reading or writing model and checkpoint files. Each names the file and says what to do.
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The file ends early (an interrupted copy or download).
    #[error("{path}: the file is truncated ({detail}); copy it again or retrain")]
    Truncated { path: PathBuf, detail: String },
    /// Not a safetensors file at all.
    #[error("{path}: not a safetensors model file ({detail}); give a file written by `downhill train`")]
    NotSafetensors { path: PathBuf, detail: String },
    /// A safetensors file, but not one of ours (no downhill metadata), or of the other kind
    /// (a checkpoint where a model is expected, or the reverse).
    #[error("{path}: a safetensors file but not a downhill {expected} (metadata `format` is {found}); give a file written by downhill")]
    Foreign { path: PathBuf, expected: &'static str, found: String },
    /// Written by a newer downhill.
    #[error(
        "{path}: format version {found} is newer than this downhill supports ({supported}); upgrade downhill"
    )]
    NewerVersion { path: PathBuf, found: u32, supported: u32 },
    /// Our format, but inconsistent (bad metadata JSON, missing or misshapen tensors).
    #[error("{path}: corrupt {what}: {detail}")]
    Corrupt { path: PathBuf, what: &'static str, detail: String },
}
