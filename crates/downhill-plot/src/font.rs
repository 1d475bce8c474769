//! The font plots use: DejaVu Sans (a Latin/Greek/math subset, 58 kB) embedded in the binary and
//! registered with plotters' `ab_glyph` text renderer as "sans-serif", so text renders the same on a
//! machine without any system fonts or fontconfig. Licence: `assets/LICENSE-DejaVu.txt`.
use crate::PlotError;
use plotters::style::{register_font, FontStyle};
use std::sync::OnceLock;

static DEJAVU_SANS: &[u8] = include_bytes!("../assets/DejaVuSans-subset.ttf");

/// The family name to ask plotters for.
pub const FAMILY: &str = "sans-serif";

/// Registers the embedded font once per process; `Err` only if the embedded file were corrupt.
pub fn ensure_registered() -> Result<(), PlotError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS).is_ok());
    ok.then_some(()).ok_or(PlotError::Font)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_font_loads() {
        assert!(super::ensure_registered().is_ok());
    }
}
