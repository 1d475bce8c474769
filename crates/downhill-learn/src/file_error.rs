//! Errors reading or writing model and checkpoint files. Each names the file and says what to do.
use std::path::PathBuf;

/// A model, checkpoint or module file that cannot be read or written; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The file ends early (an interrupted copy or download).
    #[error("{path}: the file is truncated ({detail}); copy it again or retrain")]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Where it ends and what was expected.
        detail: String,
    },
    /// Not a safetensors file at all.
    #[error("{path}: not a safetensors model file ({detail}); give a file written by `downhill train`")]
    NotSafetensors {
        /// The file.
        path: PathBuf,
        /// What the safetensors reader said.
        detail: String,
    },
    /// A safetensors file, but not one of ours (no downhill metadata), or of the other kind
    /// (a checkpoint where a model is expected, or the reverse).
    #[error("{path}: a safetensors file but not a downhill {expected} (metadata `format` is {found}); give a file written by downhill")]
    Foreign {
        /// The file.
        path: PathBuf,
        /// The kind of file wanted (`model`, `checkpoint`).
        expected: &'static str,
        /// The `format` found in its metadata, quoted, or `absent`.
        found: String,
    },
    /// Written by a newer downhill.
    #[error(
        "{path}: format version {found} is newer than this downhill supports ({supported}); upgrade downhill"
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// Its format version.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// Our format, but inconsistent (bad metadata JSON, missing or misshapen tensors).
    #[error("{path}: corrupt {what}: {detail}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The part that is wrong (`architecture`, `weights`, `tensor`, `checkpoint`).
        what: &'static str,
        /// What is wrong with it.
        detail: String,
    },
}
