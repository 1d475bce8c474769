//! What drawing a picture can fail with. There is no I/O here: pictures come back as bytes.
use thiserror::Error;

/// Why a picture could not be drawn.
#[derive(Debug, Error)]
pub enum PlotError {
    /// The embedded font did not load (only possible if the file in the binary were corrupt).
    #[error("the embedded font could not be loaded")]
    Font,
    /// plotters' backend refused an element.
    #[error("{0}")]
    Draw(String),
    /// The PNG encoder failed.
    #[error("{0}")]
    Encode(String),
}
