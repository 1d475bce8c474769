//! Named f32 tensors plus a string map in one safetensors file (the format: an 8-byte little-endian
//! header length N, N bytes of JSON with `__metadata__` and each tensor's dtype, shape and byte
//! offsets, then the raw little-endian data). Writes are atomic: the bytes go to a temporary file
//! in the same directory, which is synced and then renamed over the target, so readers see the old
//! file or the new one, never a part. Reads classify failures: too short or cut off → Truncated;
//! not JSON after the length → NotSafetensors; a header that does not add up → Damaged or Dtype,
//! in words (header_problem.rs). Every value read must be finite (NonFinite otherwise): a NaN
//! weight would make every prediction garbage and any training from the file diverge, and this is
//! the one place model files, checkpoints, modules and `--init-from` weights are read.
use crate::header_problem;
use crate::ModelFileError;
use downhill_tensor::Tensor;
use safetensors::{Dtype, SafeTensorError, SafeTensors};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) type Metadata = HashMap<String, String>;

/// Writes `tensors` and `metadata` to `path` atomically.
pub(crate) fn write(
    path: &Path,
    tensors: &BTreeMap<String, Tensor>,
    metadata: Metadata,
) -> Result<(), ModelFileError> {
    let bytes: Vec<(String, Vec<u8>, Vec<usize>)> = tensors
        .iter()
        .map(|(name, t)| {
            (name.clone(), t.data().iter().flat_map(|v| v.to_le_bytes()).collect(), t.dims().to_vec())
        })
        .collect();
    let views = bytes
        .iter()
        .map(|(name, data, shape)| {
            Ok((name.clone(), safetensors::tensor::TensorView::new(Dtype::F32, shape.clone(), data)?))
        })
        .collect::<Result<Vec<_>, SafeTensorError>>();
    let corrupt = |e: SafeTensorError| ModelFileError::Corrupt {
        path: path.into(),
        what: "tensors",
        detail: e.to_string(),
    };
    let buffer = safetensors::serialize(views.map_err(corrupt)?, &Some(metadata)).map_err(corrupt)?;
    let buffer = canonical_header(buffer).map_err(|detail| ModelFileError::Corrupt {
        path: path.into(),
        what: "header",
        detail,
    })?;
    atomic_write(path, |f| f.write_all(&buffer))
}

/// `safetensors::serialize` writes the metadata map in `HashMap` order, which changes from run to
/// run; rewrite the header with every key sorted so equal content gives equal bytes (resumed runs
/// must write files bit-identical to uninterrupted ones). Tensor offsets are relative to the data,
/// which is untouched; the header is padded with spaces to a multiple of 8 bytes, as safetensors does.
fn canonical_header(buffer: Vec<u8>) -> Result<Vec<u8>, String> {
    let n = buffer.get(..8).map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]));
    let n = n.and_then(|n| usize::try_from(n).ok()).filter(|&n| 8 + n <= buffer.len()).ok_or("bad length")?;
    let mut header: BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&buffer[8..8 + n]).map_err(|e| e.to_string())?;
    if let Some(meta) = header.get_mut("__metadata__") {
        let sorted: BTreeMap<String, serde_json::Value> =
            serde_json::from_value(meta.take()).map_err(|e| e.to_string())?;
        *meta = serde_json::to_value(sorted).map_err(|e| e.to_string())?;
    }
    let mut text = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
    text.resize(text.len().next_multiple_of(8), b' ');
    let mut out = Vec::with_capacity(8 + text.len() + buffer.len() - 8 - n);
    out.extend_from_slice(&(text.len() as u64).to_le_bytes());
    out.extend_from_slice(&text);
    out.extend_from_slice(&buffer[8 + n..]);
    Ok(out)
}

/// Runs `fill` on a temporary file next to `path`, then renames it into place; on any failure the
/// temporary file is removed and `path` is left as it was.
pub(crate) fn atomic_write(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), ModelFileError> {
    let io = |source| ModelFileError::Io { path: path.into(), source };
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        fill(&mut f)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "model".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Reads every tensor (as f32) and the metadata of `path`.
pub(crate) fn read(path: &Path) -> Result<(BTreeMap<String, Tensor>, Metadata), ModelFileError> {
    read_where(path, |_| true)
}

/// Reads the tensors whose names pass `keep` (as f32) and the metadata of `path`.
pub(crate) fn read_where(
    path: &Path,
    keep: impl Fn(&str) -> bool,
) -> Result<(BTreeMap<String, Tensor>, Metadata), ModelFileError> {
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ModelFileError::NotFound { path: path.into() },
        _ => ModelFileError::Io { path: path.into(), source },
    })?;
    let n = precheck(path, &bytes)?;
    let refused = |_: SafeTensorError| header_problem::explain(path, &bytes, n, &keep);
    let st = SafeTensors::deserialize(&bytes).map_err(refused)?;
    let (_, meta) = SafeTensors::read_metadata(&bytes).map_err(refused)?;
    let mut tensors = BTreeMap::new();
    for (name, view) in st.tensors().into_iter().filter(|(name, _)| keep(name)) {
        if view.dtype() != Dtype::F32 {
            let dtype = format!("{:?}", view.dtype());
            return Err(ModelFileError::Dtype { path: path.into(), tensor: name, dtype });
        }
        let data = finite_values(view.data()).map_err(|(index, v)| ModelFileError::NonFinite {
            path: path.into(),
            tensor: name.clone(),
            value: v.to_string(),
            index,
        })?;
        let t = Tensor::from_vec(data, view.shape().to_vec()).map_err(|e| ModelFileError::Corrupt {
            path: path.into(),
            what: "tensor",
            detail: format!("`{name}`: {e}"),
        })?;
        tensors.insert(name, t);
    }
    Ok((tensors, meta.metadata().clone().unwrap_or_default()))
}

/// Little-endian f32 `bytes` as values, or the index and value of the first that is not finite.
/// The test rides along the decoding loop (one pass over the data); only a file that fails it is
/// searched a second time, for the index.
fn finite_values(bytes: &[u8]) -> Result<Vec<f32>, (usize, f32)> {
    let mut all_finite = true;
    let values: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|b| {
            let v = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            all_finite &= v.is_finite();
            v
        })
        .collect();
    if all_finite {
        return Ok(values);
    }
    let index = values.iter().position(|v| !v.is_finite()).unwrap_or_default();
    Err((index, values[index]))
}

/// The header checks that tell a cut-off file from a foreign one; gives the header's length.
fn precheck(path: &Path, bytes: &[u8]) -> Result<usize, ModelFileError> {
    let truncated = |detail: String| Err(ModelFileError::Truncated { path: path.into(), detail });
    let foreign = |detail: String| Err(ModelFileError::NotSafetensors { path: path.into(), detail });
    if bytes.len() < 8 {
        return truncated(format!("{} bytes, shorter than the 8-byte header length", bytes.len()));
    }
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
    // safetensors caps the header at 100 MB; text files read as a length give ~1e17.
    if n > 100_000_000 {
        return foreign(format!(
            "its first 8 bytes give a header length of {n}, more than safetensors allows"
        ));
    }
    if bytes.len() > 8 && bytes[8] != b'{' {
        return foreign(format!(
            "its header should be JSON starting with '{{' but starts with {:?}",
            bytes[8] as char
        ));
    }
    if (bytes.len() as u64) < 8 + n {
        return truncated(format!("the header claims {n} bytes but only {} follow", bytes.len() - 8));
    }
    Ok(n as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("downhill-learn-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn equal_content_gives_equal_bytes_whatever_the_map_order() {
        let d = dir("tensor-file-canonical");
        let tensors = BTreeMap::from([
            ("b".to_string(), Tensor::vector(vec![1.0, 2.0])),
            ("a".into(), Tensor::zeros([2, 3])),
        ]);
        let meta = || (0..40).map(|i| (format!("key{i}"), format!("value {i}"))).collect::<Metadata>();
        let (p, q) = (d.join("p.safetensors"), d.join("q.safetensors"));
        write(&p, &tensors, meta()).unwrap();
        write(&q, &tensors, meta()).unwrap();
        assert!(std::fs::read(&p).unwrap() == std::fs::read(&q).unwrap());
        let (back, m) = read(&q).unwrap();
        // Exact on purpose: write -> read returns the stored f32 values unchanged.
        assert_eq!((back["b"].data(), m["key7"].as_str()), (&[1.0, 2.0][..], "value 7"));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn round_trips_bit_exact_and_classifies_damage() {
        let d = dir("tensor-file");
        let path = d.join("m.safetensors");
        let t = Tensor::from_rows(&[[1.5, f32::MIN_POSITIVE], [-0.0, 3e38]]).unwrap();
        let tensors = BTreeMap::from([("layers.0.weight".to_string(), t.clone())]);
        write(&path, &tensors, Metadata::from([("k".into(), "v".into())])).unwrap();
        let (back, meta) = read(&path).unwrap();
        assert_eq!(
            back["layers.0.weight"].data().iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            t.data().iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(meta["k"], "v");
        let bytes = std::fs::read(&path).unwrap();
        for cut in [3, 20, bytes.len() - 4] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(matches!(read(&path), Err(ModelFileError::Truncated { .. })), "cut at {cut}");
        }
        std::fs::write(&path, b"sepal_length,species\n5.1,setosa\n").unwrap();
        assert!(matches!(read(&path), Err(ModelFileError::NotSafetensors { .. })));
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn a_failing_write_leaves_the_old_file_and_no_temporary() {
        let d = dir("atomic");
        let path = d.join("m.safetensors");
        std::fs::write(&path, b"old").unwrap();
        let err = atomic_write(&path, |f| {
            f.write_all(b"half a mod")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.unwrap_err().to_string().contains("disk full"));
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "temporary file left behind");
        // A directory in the way: the rename fails, nothing is left behind.
        let blocked = d.join("sub");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("x"), b"").unwrap();
        assert!(atomic_write(&blocked, |f| f.write_all(b"data")).is_err());
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 2);
        std::fs::remove_dir_all(d).unwrap();
    }
}
