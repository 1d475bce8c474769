//! A data file opened for reading front to back, gunzipped on the fly when it starts with the gzip
//! magic `1f 8b` (as `source.rs` decides for whole files), behind one large buffer. Streaming never
//! holds more of the file than that buffer, whatever the file's size.
use std::fs::File;
use std::io::{BufRead, BufReader, ErrorKind};
use std::path::Path;

use crate::error::show;
use crate::{DataError, Format};

/// Bytes read from the file (or produced by the decompressor) per refill: large enough that the
/// parser rarely waits on a refill, small against the memory budget.
pub(crate) const BUFFER_BYTES: usize = 1 << 18;

/// The decompressed bytes of `path`, buffered.
pub(crate) fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, DataError> {
    let file = File::open(path).map_err(|source| match source.kind() {
        ErrorKind::NotFound => DataError::NotFound { path: show(path) },
        _ => DataError::Unreadable { path: show(path), source },
    })?;
    let mut raw = BufReader::with_capacity(BUFFER_BYTES, file);
    let head = raw.fill_buf().map_err(|source| DataError::Unreadable { path: show(path), source })?;
    if !head.starts_with(&[0x1f, 0x8b]) {
        return Ok(Box::new(raw));
    }
    let gunzip = flate2::bufread::MultiGzDecoder::new(raw);
    Ok(Box::new(BufReader::with_capacity(BUFFER_BYTES, gunzip)))
}

/// The error for a read that failed midway: a gzip stream that stops decompressing, or I/O.
pub(crate) fn read_error(path: &Path, gzip: bool, source: std::io::Error) -> DataError {
    match gzip {
        true => DataError::Gzip { path: show(path), source },
        false => DataError::Unreadable { path: show(path), source },
    }
}

/// Whether `path` starts with the gzip magic (for messages; `open` decides the same way).
pub(crate) fn is_gzip(path: &Path) -> bool {
    let mut magic = [0u8; 2];
    File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic)).is_ok()
        && magic == [0x1f, 0x8b]
}

/// The format of the file `path` as [`load`](crate::load) decides it: the extension (after `.gz`),
/// else the start of the decompressed contents (only the first buffer is read).
pub fn detect_format(path: &Path) -> Result<Format, DataError> {
    let mut input = open(path)?;
    let head = input.fill_buf().map_err(|e| read_error(path, is_gzip(path), e))?;
    Ok(Format::detect(path, head))
}
