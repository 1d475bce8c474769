//! Picks the backend from the file extension and draws the figure in memory: `.png` through plotters'
//! bitmap backend into an RGB buffer, encoded by the pure-Rust `image` PNG encoder; `.svg` through its
//! SVG backend into a string. The bytes are then written with `std::fs`, so a bad path is a plain
//! I/O error naming the file.
use super::{figure, font};
use crate::error::CliError;
use crate::optimize::Run;
use downhill_testfns::{Point, TestFunction};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// The picture formats `--plot` accepts, by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotFormat {
    Png,
    Svg,
}

/// Pixel size of every picture.
pub const SIZE: (u32, u32) = (1100, 850);

impl PlotFormat {
    /// The format for `path`'s extension (case-insensitive); an error names `--plot` otherwise.
    pub fn from_path(path: &Path) -> Result<PlotFormat, CliError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Ok(PlotFormat::Png),
            Some("svg") => Ok(PlotFormat::Svg),
            _ => Err(CliError::invalid("--plot", path.display(), "file names ending in .png or .svg")),
        }
    }
}

/// Something drawn on a plotters drawing area; `vector` is true for SVG output.
pub trait Figure {
    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, vector: bool) -> Result<(), String>;
}

/// Draws `runs` over `function`'s contour map into `path`.
pub fn draw(
    path: &Path,
    format: PlotFormat,
    function: &TestFunction,
    start: Point,
    threshold: f64,
    runs: &[Run],
) -> Result<(), CliError> {
    save(path, format, &figure::Scene { function, start, threshold, runs })
}

/// Renders `figure` in memory at `SIZE` and writes it to `path` atomically.
pub fn save(path: &Path, format: PlotFormat, figure: &impl Figure) -> Result<(), CliError> {
    let fail = |message: String| CliError::Plot { context: format!("--plot {}", path.display()), message };
    font::ensure_registered().map_err(fail)?;
    let bytes = match format {
        PlotFormat::Png => {
            let mut rgb = vec![0u8; SIZE.0 as usize * SIZE.1 as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area();
                figure.render(&root, false).map_err(fail)?;
                root.present().map_err(|e| fail(e.to_string()))?;
            }
            encode_png(&rgb).map_err(fail)?
        }
        PlotFormat::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
                figure.render(&root, true).map_err(fail)?;
                root.present().map_err(|e| fail(e.to_string()))?;
            }
            svg.into_bytes()
        }
    };
    crate::files::write_atomic(path, &bytes)
}

fn encode_png(rgb: &[u8]) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(rgb, SIZE.0, SIZE.1, image::ColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_format() {
        assert_eq!(PlotFormat::from_path(Path::new("a/b.PNG")).unwrap(), PlotFormat::Png);
        assert_eq!(PlotFormat::from_path(Path::new("race.svg")).unwrap(), PlotFormat::Svg);
        let e = PlotFormat::from_path(Path::new("race.jpg")).unwrap_err().to_string();
        assert_eq!(e, "invalid value `race.jpg` for --plot; accepted: file names ending in .png or .svg");
    }
}
