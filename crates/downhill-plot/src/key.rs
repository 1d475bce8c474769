//! The colour key beside the map: one swatch per contour band, labelled with the function value at
//! every third band edge (the edges are log-spaced, see `bands.rs`).
use crate::bands::Bands;
use crate::font::FAMILY;
use crate::palette;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Draws the key in `area` between pixel rows `top` and `bottom` (the map's plotting rows).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    b: &Bands,
    top: i32,
    bottom: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (x0, x1) = (8, 30);
    let height = (bottom - top) as f64 / b.count as f64;
    let row = |k: usize| bottom - (k as f64 * height).round() as i32;
    for k in 0..b.count {
        area.draw(&Rectangle::new([(x0, row(k + 1)), (x1, row(k))], palette::band(k, b.count).filled()))?;
    }
    area.draw(&Rectangle::new([(x0, top), (x1, bottom)], BLACK.stroke_width(1)))?;
    area.draw(&Text::new("f(x, y)", (x0 - 2, top - 30), (FAMILY, 17)))?;
    let style = TextStyle::from((FAMILY, 15)).pos(Pos::new(HPos::Left, VPos::Center));
    for k in (0..=b.count).step_by(3) {
        area.draw(&PathElement::new(vec![(x1, row(k)), (x1 + 4, row(k))], BLACK))?;
        area.draw(&Text::new(short(b.edges[k]), (x1 + 7, row(k)), style.clone()))?;
    }
    Ok(())
}

/// Three significant digits, in scientific notation outside [0.01, 10^4).
fn short(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(0.01..1e4).contains(&a) {
        format!("{v:.1e}")
    } else {
        let digits = if a >= 100.0 {
            0
        } else if a >= 10.0 {
            1
        } else {
            2
        };
        format!("{v:.digits$}")
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn labels_are_short() {
        assert_eq!(
            [short(0.0), short(3.14259), short(42.42), short(2500.4)],
            ["0.00", "3.14", "42.4", "2500"]
        );
        assert_eq!([short(25000.0), short(0.001)], ["2.5e4", "1.0e-3"]);
    }
}
