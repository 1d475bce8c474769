//! Errors reading or writing model and checkpoint files. Each names the file and says what to do.
use std::path::PathBuf;

/// A model, checkpoint or module file that cannot be read or written; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    /// The file to read does not exist.
    #[error("{path}: no such file; check the path")]
    NotFound {
        /// The file.
        path: PathBuf,
    },
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
    /// A safetensors file whose header or values are damaged (a changed byte, a removed entry, an
    /// unreadable `format_version`): what is wrong, in words.
    #[error("{path}: {detail}: the file is damaged; retrain or restore it")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the tensor or field (`tensor `layers.0.weight`: ...`).
        detail: String,
    },
    /// A weight or buffer that is NaN or infinite: every prediction from it would be garbage,
    /// and training from it diverges at once.
    #[error(
        "{path}: tensor `{tensor}` holds a non-finite value ({value} at index {index}): the file is damaged; retrain or restore it"
    )]
    NonFinite {
        /// The file.
        path: PathBuf,
        /// The tensor's name.
        tensor: String,
        /// The first non-finite value: `NaN`, `inf` or `-inf`.
        value: String,
        /// Its index in the tensor's row-major data.
        index: usize,
    },
    /// A tensor stored in another precision than downhill's f32.
    #[error(
        "{path}: tensor `{tensor}` is {dtype}, but downhill stores F32: save the weights as float32, or restore the file if downhill wrote it"
    )]
    Dtype {
        /// The file.
        path: PathBuf,
        /// The tensor's name.
        tensor: String,
        /// The dtype the header gives it (`F64`, `I8`, ...).
        dtype: String,
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
