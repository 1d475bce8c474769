//! Count, mean, sum of squared deviations and range of a stream of numbers, updated one value at a
//! time (Welford 1962), so a column's standard scaling is fitted in one pass in constant memory:
//!   n ← n + 1;  d = x − mean;  mean ← mean + d / n;  m2 ← m2 + d · (x − mean)
//!   population variance = m2 / n
//! Unlike Σx² − n·mean², the update never subtracts two large sums, so it keeps its precision on
//! columns whose mean is large against their spread. Accumulated in f64, as the in-memory fit is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Moments {
    pub count: u64,
    pub mean: f64,
    pub m2: f64,
    pub min: f64,
    pub max: f64,
}

impl Default for Moments {
    fn default() -> Self {
        Moments { count: 0, mean: 0.0, m2: 0.0, min: f64::INFINITY, max: f64::NEG_INFINITY }
    }
}

impl Moments {
    pub fn push(&mut self, x: f64) {
        self.count += 1;
        let d = x - self.mean;
        self.mean += d / self.count as f64;
        self.m2 += d * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_two_pass_formulas_on_a_large_offset() {
        // 1e9 + {1, 2, 3, 4}: mean 1e9 + 2.5, m2 = 2.25 + 0.25 + 0.25 + 2.25 = 5 exactly.
        let mut m = Moments::default();
        [1.0, 2.0, 3.0, 4.0].iter().for_each(|v| m.push(1e9 + v));
        assert!((m.mean - (1e9 + 2.5)).abs() < 1e-6 && (m.m2 - 5.0).abs() < 1e-6, "{m:?}");
        assert_eq!((m.count, m.min, m.max), (4, 1e9 + 1.0, 1e9 + 4.0)); // exact: copies of inputs
    }
}
