//! Text files for character-level language models: the whole file as UTF-8 characters (gzipped
//! files are unpacked first, like every other format). A file that is not UTF-8 is an error giving
//! the byte offset of the first invalid byte; an empty file is an error too. Whether the text is
//! long enough depends on the model's context, so `check_length` is separate.
use crate::error::show;
use crate::source::read_bytes;
use crate::DataError;
use std::path::Path;

/// The characters of the text file at `path`.
pub fn read_text(path: &Path) -> Result<Vec<char>, DataError> {
    let bytes = read_bytes(path)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| DataError::NotUtf8 { path: show(path), offset: e.valid_up_to() })?;
    if text.is_empty() {
        return Err(DataError::EmptyText { path: show(path) });
    }
    Ok(text.chars().collect())
}

/// A text of `chars` characters must hold one window of `context + 1` (inputs and their next
/// characters).
pub fn check_length(path: &Path, chars: usize, context: usize) -> Result<(), DataError> {
    let needed = context + 1;
    match chars >= needed {
        true => Ok(()),
        false => Err(DataError::TextTooShort { path: show(path), chars, context, needed }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("downhill-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn reads_characters_and_names_the_first_invalid_byte() {
        assert_eq!(read_text(&file("a.txt", "héllo".as_bytes())).unwrap().len(), 5);
        let e = read_text(&file("b.txt", b"abc\xffdef")).unwrap_err().to_string();
        assert!(e.contains("b.txt") && e.contains("offset 3") && !e.contains('\n'), "{e}");
        let e = read_text(&file("c.txt", b"")).unwrap_err().to_string();
        assert!(e.contains("c.txt is empty"), "{e}");
        let e = check_length(Path::new("d.txt"), 5, 8).unwrap_err().to_string();
        assert!(e.contains("5 characters") && e.contains("context 8") && e.contains("at least 9"), "{e}");
        assert!(check_length(Path::new("d.txt"), 9, 8).is_ok());
    }
}
