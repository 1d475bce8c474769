//! The picture formats, chosen by file extension.
use std::path::Path;

/// PNG (a bitmap) or SVG (vector text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A bitmap, `SIZE` pixels.
    Png,
    /// Vector graphics as SVG text.
    Svg,
}

impl Format {
    /// The format for `path`'s extension (case-insensitive); `None` for anything but `.png` and `.svg`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Some(Format::Png),
            Some("svg") => Some(Format::Svg),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_format() {
        assert_eq!(Format::from_path(Path::new("a/b.PNG")), Some(Format::Png));
        assert_eq!(Format::from_path(Path::new("race.svg")), Some(Format::Svg));
        assert_eq!(Format::from_path(Path::new("race.jpg")), None);
        assert_eq!(Format::from_path(Path::new("race")), None);
    }
}
