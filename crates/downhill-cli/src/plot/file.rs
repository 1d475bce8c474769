//! Writing a `--plot` picture: the format comes from the file extension, the bytes from
//! `downhill-plot`, and the file is written atomically; every error names `--plot` and the path.
use crate::error::CliError;
use crate::files::write_atomic;
use downhill_plot::{encode, Figure, Format};
use std::path::Path;

/// The format for `path`'s extension (case-insensitive); an error names `--plot` otherwise.
pub fn format_of(path: &Path) -> Result<Format, CliError> {
    format_for("--plot", path)
}

/// The format for `path`'s extension (case-insensitive); an error names `flag` otherwise.
pub fn format_for(flag: &'static str, path: &Path) -> Result<Format, CliError> {
    Format::from_path(path)
        .ok_or_else(|| CliError::invalid(flag, path.display(), "file names ending in .png or .svg"))
}

/// Draws `figure` in memory and writes it to `path` atomically.
pub fn save(path: &Path, format: Format, figure: &impl Figure) -> Result<(), CliError> {
    let fail = |e: downhill_plot::PlotError| CliError::Plot {
        context: format!("--plot {}", path.display()),
        message: e.to_string(),
    };
    write_atomic(path, &encode(figure, format).map_err(fail)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_format() {
        assert_eq!(format_of(Path::new("a/b.PNG")).unwrap(), Format::Png);
        let e = format_of(Path::new("race.jpg")).unwrap_err().to_string();
        assert_eq!(e, "invalid value `race.jpg` for --plot; accepted: file names ending in .png or .svg");
    }
}
