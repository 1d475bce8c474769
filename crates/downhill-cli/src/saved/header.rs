//! The format version a model file declares, read from its safetensors header (8 bytes of
//! little-endian length, then JSON whose `__metadata__` holds `format_version`), for `inspect`.
use std::io::Read;
use std::path::Path;

/// `format_version` from `path`'s metadata, if the header can be read.
pub fn format_version(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut len = [0u8; 8];
    file.read_exact(&mut len).ok()?;
    let len = usize::try_from(u64::from_le_bytes(len)).ok().filter(|&n| n < 100 << 20)?;
    let mut header = vec![0u8; len];
    file.read_exact(&mut header).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&header).ok()?;
    json["__metadata__"]["format_version"].as_str().map(str::to_owned)
}
