//! Output files: every one is written atomically (a temporary file beside it, then a rename), so a
//! failed or interrupted run never leaves a partial file; and output paths are checked up front, so
//! a run that cannot save its results fails before it spends time training.
use crate::error::CliError;
use std::path::{Path, PathBuf};

/// The directory `path` will be written in.
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A sibling of `path` for writing before the rename.
fn temp_beside(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    parent(path).join(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Fails unless a file can be created at `path` (for `flag`): it must not be a directory, and its
/// directory must exist and take a new file (checked by creating and removing one).
pub fn check_writable(flag: &str, path: &Path) -> Result<(), CliError> {
    let fail = |why: String| {
        CliError::Usage(format!(
            "{flag} {}: cannot write there ({why}); choose a file in an existing, writable directory",
            path.display()
        ))
    };
    if path.is_dir() {
        return Err(fail("it is a directory".into()));
    }
    let probe = temp_beside(path, "probe");
    std::fs::write(&probe, b"").map_err(|e| fail(e.to_string()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Fails when an output names the file of an input or of another output: writing it would destroy
/// what the run reads (`--out data.csv` would replace the data with the model) or what it wrote
/// before (`--out m.safetensors --metrics m.safetensors`). Paths are compared as the files they
/// name (`./a.csv` is `a.csv`, and so is a link to it); flags not given are `None`.
pub fn check_apart(
    outputs: &[(&str, Option<&Path>)],
    inputs: &[(&str, Option<&Path>)],
) -> Result<(), CliError> {
    let given = |files: &[(&str, Option<&Path>)]| -> Vec<(String, PathBuf, PathBuf)> {
        let named = files.iter().filter_map(|(flag, p)| p.map(|p| (flag.to_string(), p)));
        named.map(|(flag, p)| (flag, p.to_path_buf(), identity(p))).collect()
    };
    let (outputs, inputs) = (given(outputs), given(inputs));
    for (k, (flag, path, id)) in outputs.iter().enumerate() {
        let earlier = outputs[..k].iter().find(|o| &o.2 == id).map(|o| (&o.0, "also writes"));
        let clash = earlier.or_else(|| inputs.iter().find(|i| &i.2 == id).map(|i| (&i.0, "reads")));
        if let Some((other, verb)) = clash {
            return Err(CliError::Usage(format!(
                "{flag} {}: {other} names the same file, which this run {verb}; write {flag} to another file",
                path.display()
            )));
        }
    }
    Ok(())
}

/// The file a path names: its canonical form when it exists, else its directory's canonical form
/// and its name, else the path as given.
fn identity(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (parent(path).canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// The last component of `path` (the whole path when it has none), for titles and summaries.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let temp = temp_beside(path, "tmp");
    let io = |source| CliError::Io { path: path.to_path_buf(), source };
    if let Err(e) = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_whole_files_and_bad_directories_are_named() {
        let dir = std::env::temp_dir().join(format!("downhill-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.csv");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file is left");
        assert!(check_writable("--out", &dir.join("m.safetensors")).is_ok());
        let e = check_writable("--out", &dir.join("no/such/m.safetensors")).unwrap_err().to_string();
        assert!(e.starts_with("--out ") && e.contains("cannot write there"), "{e}");
        assert!(check_writable("--out", &dir).unwrap_err().to_string().contains("directory"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
