//! The IDX format of MNIST: a big-endian header (magic `0x0000_08DD`: two zero bytes, type `0x08` for
//! unsigned bytes, `DD` dimensions; so 2051 for `[n, rows, cols]` images and 2049 for `[n]` labels),
//! one `u32` size per dimension, then the raw bytes. Only unsigned-byte files are supported.
//!
//! Images become columns `pixel_R_C` (0-based row and column, as in `digits.csv`) holding 0..255;
//! scaling is preprocessing's job. Labels become the last column, `label`. Magic, counts and the exact
//! file size are validated, so a truncated download is reported rather than read as zeros.
use std::path::{Path, PathBuf};

use downhill_tensor::Float;

use super::libsvm_line::LABEL;
use crate::error::show;
use crate::source::read_bytes;
use crate::{Column, DataError, IdxLabels, NumericColumn, Table};

const IMAGES_MAGIC: u32 = 2051;
const LABELS_MAGIC: u32 = 2049;

/// Reads the IDX images in `bytes` (from `path`) and their labels as chosen by `labels`.
pub(crate) fn read_idx(bytes: &[u8], path: &Path, labels: &IdxLabels) -> Result<Table, DataError> {
    let (dims, pixels) = payload(bytes, path, "images", IMAGES_MAGIC)?;
    let (n, rows, cols) = (dims[0], dims[1], dims[2]);
    if n == 0 {
        return Err(DataError::NoDataRows { path: show(path) });
    }
    let mut columns = vec![Vec::<Float>::with_capacity(n); rows * cols];
    for image in pixels.chunks_exact(rows * cols) {
        for (column, &p) in columns.iter_mut().zip(image) {
            column.push(Float::from(p));
        }
    }
    let mut names: Vec<String> =
        (0..rows * cols).map(|p| format!("pixel_{}_{}", p / cols, p % cols)).collect();
    let mut columns: Vec<Column> =
        columns.into_iter().map(|c| Column::Numeric(NumericColumn::from_raw(c))).collect();
    let labels_path = labels_path(path, labels);
    if let Some(labels_path) = &labels_path {
        let bytes = read_bytes(labels_path)?;
        let (dims, labels) = payload(&bytes, labels_path, "labels", LABELS_MAGIC)?;
        if dims[0] != n {
            let (images, labels) = (show(path), show(labels_path));
            return Err(DataError::IdxCountMismatch { images, n_images: n, labels, n_labels: dims[0] });
        }
        names.push(LABEL.to_owned());
        let labels = labels.iter().map(|&l| Float::from(l)).collect();
        columns.push(Column::Numeric(NumericColumn::from_raw(labels)));
    }
    // Names are distinct by construction (`pixel_R_C` and `label`), so this cannot fail.
    let table = Table::new(names, columns).unwrap_or_else(|e| unreachable!("{e}"));
    let table = table.with_source(show(path)).with_sample_shape(vec![1, rows, cols]);
    // Images without labels suggest no target, so training asks for the labels file by name.
    Ok(if labels_path.is_some() { table.with_suggested_target(LABEL) } else { table })
}

/// The labels file to read, if any.
fn labels_path(images: &Path, labels: &IdxLabels) -> Option<PathBuf> {
    match labels {
        IdxLabels::Without => None,
        IdxLabels::File(p) => Some(p.clone()),
        IdxLabels::Companion => companion(images).filter(|p| p.is_file()),
    }
}

/// The labels file read beside IDX images: `x-images-idx3-ubyte.gz` → `x-labels-idx1-ubyte.gz`;
/// `None` when the name has neither marker.
pub fn companion(images: &Path) -> Option<PathBuf> {
    let name = images.file_name()?.to_string_lossy();
    let renamed = name.replace("idx3", "idx1").replace("images", "labels");
    (renamed != name).then(|| images.with_file_name(renamed))
}

/// Validates the header and size; returns the dimensions and the data bytes.
fn payload<'a>(
    bytes: &'a [u8],
    path: &Path,
    kind: &'static str,
    magic: u32,
) -> Result<(Vec<usize>, &'a [u8]), DataError> {
    let found = bytes.len() as u64;
    let truncated = |expected| DataError::IdxTruncated { path: show(path), expected, found };
    let word = |i: usize| bytes.get(4 * i..4 * i + 4).map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]));
    let header = word(0).ok_or_else(|| truncated(4))?;
    if header != magic {
        return Err(DataError::IdxMagic { path: show(path), kind, found: header, expected: magic });
    }
    let rank = (magic & 0xff) as usize;
    let dims: Vec<usize> = (1..=rank)
        .map(|i| word(i).map(|d| d as usize))
        .collect::<Option<_>>()
        .ok_or_else(|| truncated(4 + 4 * rank as u64))?;
    let start = 4 + 4 * rank;
    let expected = start as u64 + dims.iter().map(|&d| d as u64).product::<u64>();
    if found < expected {
        return Err(truncated(expected));
    }
    if found > expected {
        return Err(DataError::IdxTrailing { path: show(path), expected, found });
    }
    Ok((dims, &bytes[start..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An IDX file of unsigned bytes with the given dimensions.
    pub(crate) fn idx(dims: &[u32], data: &[u8]) -> Vec<u8> {
        let mut out = vec![0, 0, 8, dims.len() as u8];
        dims.iter().for_each(|d| out.extend_from_slice(&d.to_be_bytes()));
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn images_become_pixel_columns() {
        let bytes = idx(&[2, 1, 2], &[0, 255, 7, 9]);
        let t = read_idx(&bytes, Path::new("x-images-idx3-ubyte"), &IdxLabels::Without).unwrap();
        assert_eq!(t.names(), &["pixel_0_0", "pixel_0_1"]);
        assert_eq!(t.column("pixel_0_1").unwrap().text(0).as_deref(), Some("255"));
        assert_eq!(t.column("pixel_0_0").unwrap().text(1).as_deref(), Some("7"));
        assert_eq!(t.sample_shape(), Some(&[1, 1, 2][..]), "one grey channel of 1 × 2 pixels");
        assert_eq!(t.take_rows(&[1]).sample_shape(), Some(&[1, 1, 2][..]));
    }

    #[test]
    fn header_and_size_are_validated() {
        let p = Path::new("x");
        let err = |b: &[u8]| read_idx(b, p, &IdxLabels::Without).unwrap_err().to_string();
        assert!(err(&idx(&[5], &[0; 5])).contains("magic number 2049 where 2051"));
        assert!(err(&idx(&[2, 2, 2], &[0; 7])).contains("promises 24 bytes but the file has 23"));
        assert!(err(&idx(&[2, 2, 2], &[0; 9])).contains("has 25 bytes but its IDX header promises 24"));
        assert!(err(&[0, 0, 8]).contains("truncated"));
        assert!(err(&[0, 0, 8, 3, 0, 0]).contains("promises 16 bytes"));
    }

    #[test]
    fn companion_swaps_markers() {
        let c = companion(Path::new("d/t10k-images-idx3-ubyte.gz")).unwrap();
        assert_eq!(c, Path::new("d/t10k-labels-idx1-ubyte.gz"));
        assert_eq!(companion(Path::new("pixels.bin")), None);
    }
}
