//! Colours: a light, low-contrast ramp for the contour bands (pale at the minimum, deeper slate
//! far away) so that the trajectories, in Tableau 10's saturated colours, stand out on top.
use plotters::style::RGBColor;

/// Tableau 10, the matplotlib default cycle; series `i` gets colour `i mod 10`.
const SERIES: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Anchors of the band ramp, from the lowest band to the highest.
const RAMP: [(f64, f64, f64); 4] =
    [(255.0, 253.0, 231.0), (224.0, 238.0, 222.0), (187.0, 207.0, 226.0), (132.0, 148.0, 184.0)];

pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// The colour of band `band` out of `count`, interpolated linearly between the ramp's anchors.
pub fn band(band: usize, count: usize) -> RGBColor {
    let t = if count > 1 { band as f64 / (count - 1) as f64 } else { 0.0 };
    let pos = t.clamp(0.0, 1.0) * (RAMP.len() - 1) as f64;
    let k = (pos.floor() as usize).min(RAMP.len() - 2);
    let (a, b, u) = (RAMP[k], RAMP[k + 1], pos - k as f64);
    let mix = |x: f64, y: f64| (x + (y - x) * u).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_runs_from_its_first_to_its_last_anchor() {
        assert_eq!(band(0, 10), RGBColor(255, 253, 231));
        assert_eq!(band(9, 10), RGBColor(132, 148, 184));
        assert_eq!(band(0, 1), RGBColor(255, 253, 231));
        assert_eq!(series(10), series(0));
    }
}
