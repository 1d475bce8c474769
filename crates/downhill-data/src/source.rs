//! A file's bytes, gunzipped transparently when they start with the gzip magic `1f 8b`
//! (whatever the extension says). Files are read whole: every reader parses from one buffer.
use std::io::{ErrorKind, Read};
use std::path::Path;

use crate::error::show;
use crate::DataError;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The contents of `path`, decompressed if gzipped.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, DataError> {
    let raw = std::fs::read(path).map_err(|source| match source.kind() {
        ErrorKind::NotFound => DataError::NotFound { path: show(path) },
        _ => DataError::Unreadable { path: show(path), source },
    })?;
    if !raw.starts_with(&GZIP_MAGIC) {
        return Ok(raw);
    }
    gunzip(&raw).map_err(|source| DataError::Gzip { path: show(path), source })
}

/// Decompresses every gzip member in `raw`; the trailer's size field only sizes the buffer.
fn gunzip(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let hint = raw.len().checked_sub(4).map_or(0, |at| {
        let tail: [u8; 4] = [raw[at], raw[at + 1], raw[at + 2], raw[at + 3]];
        u32::from_le_bytes(tail) as usize
    });
    let mut out = Vec::with_capacity(hint.min(1 << 30));
    flate2::read::MultiGzDecoder::new(raw).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gzip_is_detected_by_magic_not_extension() {
        let dir = std::env::temp_dir().join(format!("downhill-data-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("plain-name.csv");
        std::fs::write(&path, gzip(b"a,b\n1,2\n")).unwrap();
        assert_eq!(read_bytes(&path).unwrap(), b"a,b\n1,2\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn truncated_gzip_is_an_error() {
        let data = gzip(&[7u8; 10_000]);
        assert!(gunzip(&data[..data.len() / 2]).is_err());
    }

    #[test]
    fn missing_file_is_named() {
        let err = read_bytes(Path::new("no/such/file.csv")).unwrap_err().to_string();
        assert!(err.contains("no/such/file.csv") && err.contains("no such file"), "{err}");
    }
}
