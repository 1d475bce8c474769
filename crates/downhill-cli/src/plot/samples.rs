//! Rows of generated values as a picture: each row a square image when its width is a square
//! (784 = 28 × 28 for MNIST, 64 = 8 × 8 for digits), a one-pixel-high strip otherwise.
use downhill_plot::ImageGrid;

/// `rows` (each a sample's values in [0, 1]) as tiles, `columns` to a row of the picture.
pub fn samples_grid(title: String, rows: &[&[f32]], columns: usize) -> ImageGrid {
    let d = rows.first().map_or(0, |r| r.len());
    let side = (d as f64).sqrt().round() as usize;
    let (height, width) = if side * side == d { (side, side) } else { (1, d) };
    let images = rows.iter().map(|r| r.iter().map(|&v| f64::from(v)).collect()).collect();
    ImageGrid { title, height, width, columns, images }
}
