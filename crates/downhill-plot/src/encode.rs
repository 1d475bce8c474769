//! Draws a figure in memory with the backend for the format: PNG through plotters' bitmap backend
//! into an RGB buffer, encoded by the pure-Rust `image` PNG encoder; SVG through its SVG backend
//! into a string. The caller writes the bytes, so file errors stay the caller's and name its path.
use crate::{font, Figure, Format, PlotError};
use plotters::prelude::*;

/// Pixel size of every chart (a grid of images keeps this width and takes the height its rows need).
pub const SIZE: (u32, u32) = (1100, 850);

/// `figure` as a PNG or SVG file's bytes, `figure.size()` pixels large.
pub fn encode(figure: &impl Figure, format: Format) -> Result<Vec<u8>, PlotError> {
    font::ensure_registered()?;
    let size = figure.size();
    match format {
        Format::Png => {
            let mut rgb = vec![0u8; size.0 as usize * size.1 as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
                figure.render(&root, false).map_err(PlotError::Draw)?;
                root.present().map_err(|e| PlotError::Draw(e.to_string()))?;
            }
            encode_png(&rgb, size)
        }
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                figure.render(&root, true).map_err(PlotError::Draw)?;
                root.present().map_err(|e| PlotError::Draw(e.to_string()))?;
            }
            Ok(svg.into_bytes())
        }
    }
}

fn encode_png(rgb: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, PlotError> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(rgb, width, height, image::ColorType::Rgb8)
        .map_err(|e| PlotError::Encode(e.to_string()))?;
    Ok(png)
}
