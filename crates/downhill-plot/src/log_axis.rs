//! A logarithmic value axis whose ticks fall on 1, 2 and 5 times powers of ten (plotters' own log
//! axis labels only the powers of ten, so a loss curve spanning one decade gets two labels).
//!   pixel(v) = lo_px + (ln v − ln lo) / (ln hi − ln lo) · (hi_px − lo_px)
//! When 1-2-5 ticks would be too many for the axis, only powers of ten are kept.
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogAxis {
    lo: f64,
    hi: f64,
}

impl LogAxis {
    /// The axis over `[lo, hi]`; both must be positive with lo < hi.
    pub fn new(lo: f64, hi: f64) -> LogAxis {
        LogAxis { lo, hi }
    }

    fn ticks(&self, multiples: &[f64]) -> Vec<f64> {
        let (first, last) = (self.lo.log10().floor() as i32, self.hi.log10().ceil() as i32);
        (first..=last)
            .flat_map(|e| multiples.iter().map(move |m| m * 10f64.powi(e)))
            .filter(|v| (self.lo..=self.hi).contains(v))
            .collect()
    }
}

impl Ranged for LogAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value.max(f64::MIN_POSITIVE).ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln());
        limit.0 + (t * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        let dense = self.ticks(&[1.0, 2.0, 5.0]);
        if dense.len() <= hint.max_num_points() {
            dense
        } else {
            self.ticks(&[1.0])
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    #[test]
    fn ticks_are_one_two_five_within_the_range() {
        let a = LogAxis::new(0.04, 0.9);
        // Ticks are mantissas 1, 2, 5 times powers of ten: f64 products, 1e-12.
        assert_close("1-2-5 ticks", &a.key_points(10usize), &[0.05, 0.1, 0.2, 0.5], 1e-12);
        assert_eq!(LogAxis::new(1e-6, 10.0).key_points(8usize).len(), 8); // powers of ten only: 1e-6 ..= 10
        assert_eq!((a.map(&0.04, (100, 0)), a.map(&0.9, (100, 0))), (100, 0));
    }
}
