//! Says in words why the safetensors reader refused a file's header. Its errors are terse and some
//! name no tensor (`TensorInvalidInfo` for a wrong dtype, shape or offset alike), so the header is
//! read again here as plain JSON and walked the way the reader walks it: tensors in the order of
//! their data, each F32, its offsets in order and inside the data, its shape the size of its bytes,
//! each starting where the one before ends, the last ending where the file does.
use crate::ModelFileError;
use serde_json::{Map, Value};
use std::path::Path;

/// One tensor's header entry: name, dtype, shape and `[start, end)` within the data section.
struct Entry {
    name: String,
    dtype: String,
    shape: Vec<u64>,
    start: u64,
    end: u64,
}

/// Why the header of `bytes` (a plausible length `n`, checked by the caller, and a JSON-looking
/// start) was refused. Tensors `keep` rejects are not checked for their dtype, as they are not read.
pub(crate) fn explain(path: &Path, bytes: &[u8], n: usize, keep: &dyn Fn(&str) -> bool) -> ModelFileError {
    let damaged = |detail: String| ModelFileError::Damaged { path: path.into(), detail };
    let mut entries = match entries(&bytes[8..8 + n]) {
        Ok(entries) => entries,
        Err(detail) => return damaged(detail),
    };
    entries.sort_by_key(|e| (e.start, e.end));
    let data_len = (bytes.len() - 8 - n) as u64;
    let mut previous_end = 0;
    for e in &entries {
        if e.dtype != "F32" && keep(&e.name) {
            return ModelFileError::Dtype {
                path: path.into(),
                tensor: e.name.clone(),
                dtype: e.dtype.clone(),
            };
        }
        if let Some(problem) = entry_problem(e, previous_end, data_len) {
            return damaged(format!("tensor `{}`: {problem}", e.name));
        }
        previous_end = e.end;
    }
    if previous_end > data_len {
        let detail =
            format!("its tensors need {previous_end} bytes of data but only {data_len} follow the header");
        return ModelFileError::Truncated { path: path.into(), detail };
    }
    if previous_end < data_len {
        let extra = data_len - previous_end;
        let bytes = if extra == 1 { "byte" } else { "bytes" };
        return damaged(format!(
            "its tensors end {extra} {bytes} before the file does (the header length or an offset was changed)"
        ));
    }
    damaged("the header is inconsistent".into())
}

/// The header's tensor entries, or what keeps it from being read as a safetensors header.
fn entries(header: &[u8]) -> Result<Vec<Entry>, String> {
    let text = std::str::from_utf8(header).map_err(|e| {
        format!("the header is not valid JSON (byte {} of the file is not UTF-8 text)", 8 + e.valid_up_to())
    })?;
    let header: Map<String, Value> =
        serde_json::from_str(text).map_err(|e| format!("the header is not valid JSON ({e})"))?;
    if header
        .get("__metadata__")
        .is_some_and(|m| !m.as_object().is_some_and(|m| m.values().all(Value::is_string)))
    {
        return Err("the header's __metadata__ is not a map of strings".into());
    }
    header
        .iter()
        .filter(|(name, _)| *name != "__metadata__")
        .map(|(name, value)| {
            entry(name, value).ok_or_else(|| format!("tensor `{name}` lacks a dtype, shape or data_offsets"))
        })
        .collect()
}

fn entry(name: &str, value: &Value) -> Option<Entry> {
    let numbers =
        |key: &str| -> Option<Vec<u64>> { value.get(key)?.as_array()?.iter().map(Value::as_u64).collect() };
    let offsets = numbers("data_offsets")?;
    let [start, end] = offsets[..] else { return None };
    let dtype = value.get("dtype")?.as_str()?.to_string();
    Some(Entry { name: name.to_string(), dtype, shape: numbers("shape")?, start, end })
}

/// What is wrong with one entry, given where the tensor before it ends; `None` when nothing is,
/// or when the only fault is running past the data of a file cut short (the caller's verdict).
fn entry_problem(e: &Entry, previous_end: u64, data_len: u64) -> Option<String> {
    let (start, end) = (e.start, e.end);
    if end < start {
        return Some(format!("its data_offsets [{start}, {end}] end before they start"));
    }
    let Some(size) = dtype_size(&e.dtype) else {
        return Some(format!("its dtype {} is not a safetensors dtype", e.dtype));
    };
    let needed = e.shape.iter().try_fold(size, |bytes, &d| bytes.checked_mul(d));
    let sized = needed == Some(end - start);
    if end > data_len && !(sized && start == previous_end) {
        return Some(format!(
            "its data (bytes {start}..{end}) lies outside the file, which holds {data_len} bytes of data"
        ));
    }
    if !sized {
        let needed = needed.map_or_else(|| "more than 2^64".to_string(), |b| b.to_string());
        return Some(format!(
            "its shape {:?} needs {needed} bytes of {} but its data_offsets span {}",
            e.shape,
            e.dtype,
            end - start
        ));
    }
    if start != previous_end {
        return Some(format!(
            "its data starts at byte {start} but the tensor before it ends at byte {previous_end} (an entry was removed or its offsets were changed)"
        ));
    }
    None
}

/// Bytes per element of a safetensors dtype, as the header spells it.
fn dtype_size(dtype: &str) -> Option<u64> {
    match dtype {
        "BOOL" | "U8" | "I8" | "F8_E5M2" | "F8_E4M3" => Some(1),
        "I16" | "U16" | "F16" | "BF16" => Some(2),
        "I32" | "U32" | "F32" => Some(4),
        "I64" | "U64" | "F64" => Some(8),
        _ => None,
    }
}
