//! Reductions over all values or along one axis. Axis reductions keep the reduced dimension with
//! size 1 (torch's `keepdim=True`), so the result broadcasts straight back against the input.
//! Sums accumulate in f64: summing many f32 values otherwise loses digits that gradchecks notice.
use crate::scratch::with_f64_scratch;
use crate::simd::{self, vectorized};
use crate::{Float, Tensor};

impl Tensor {
    /// Sum of all values (accumulated in f64).
    pub fn sum(&self) -> Float {
        simd::sum(self.data()) as Float
    }

    /// Mean of all values; NaN for an empty tensor.
    pub fn mean(&self) -> Float {
        (simd::sum(self.data()) / self.numel() as f64) as Float
    }

    /// Largest value; NaN if any value is NaN, negative infinity for an empty tensor.
    pub fn max(&self) -> Float {
        self.data().iter().fold(Float::NEG_INFINITY, |m, &x| if x > m || x.is_nan() { x } else { m })
    }

    /// Sum along `axis`, keeping it with size 1.
    pub fn sum_axis(&self, axis: usize) -> Tensor {
        self.sum_lanes(axis, 1.0)
    }

    /// Mean along `axis`, keeping it with size 1.
    pub fn mean_axis(&self, axis: usize) -> Tensor {
        self.sum_lanes(axis, 1.0 / self.dims()[axis] as f64)
    }

    /// `scale ·` the f64 sum of every lane along `axis`. Lanes are summed in order, but a whole
    /// contiguous row of `inner` partial sums is advanced at once so the loop vectorises (a bias
    /// gradient, the column sums of [n, out], is one pass over the rows).
    fn sum_lanes(&self, axis: usize, scale: f64) -> Tensor {
        let (outer, n, inner) = self.shape().split_at_axis(axis);
        Tensor::pushed(self.shape().with_dim(axis, 1), |out| {
            with_f64_scratch(inner, |acc| {
                for block in self.data().chunks_exact((n * inner).max(1)).take(outer) {
                    acc.fill(0.0);
                    vectorized(|| {
                        for row in block.chunks_exact(inner.max(1)) {
                            acc.iter_mut().zip(row).for_each(|(a, &x)| *a += x as f64);
                        }
                    });
                    out.extend(acc.iter().map(|&a| (a * scale) as Float));
                }
            });
            out.resize(outer * inner, (0.0 * scale) as Float); // empty lanes: sum 0, mean NaN
        })
    }

    /// Maximum along `axis`, keeping it with size 1.
    pub fn max_axis(&self, axis: usize) -> Tensor {
        self.fold_axis(axis, |lane| {
            lane.fold(Float::NEG_INFINITY, |m, x| if x > m || x.is_nan() { x } else { m })
        })
    }

    /// Index of the largest value along `axis` (the first one on ties), one per lane, in row-major
    /// order of the remaining dimensions. For a `[rows, classes]` matrix and axis 1: the predicted class.
    pub fn argmax_axis(&self, axis: usize) -> Vec<usize> {
        let (outer, n, inner) = self.shape().split_at_axis(axis);
        let mut out = Vec::with_capacity(outer * inner);
        for o in 0..outer {
            for i in 0..inner {
                let lane = (0..n).map(|j| self.data()[(o * n + j) * inner + i]);
                let best =
                    lane.enumerate().fold(
                        (0, Float::NEG_INFINITY),
                        |(bi, bv), (j, v)| {
                            if v > bv {
                                (j, v)
                            } else {
                                (bi, bv)
                            }
                        },
                    );
                out.push(best.0);
            }
        }
        out
    }

    /// Reduces every lane along `axis` with `f`.
    fn fold_axis(&self, axis: usize, f: impl Fn(&mut dyn Iterator<Item = Float>) -> Float) -> Tensor {
        let (outer, n, inner) = self.shape().split_at_axis(axis);
        let data = self.data();
        Tensor::pushed(self.shape().with_dim(axis, 1), |out| {
            for o in 0..outer {
                for i in 0..inner {
                    let mut lane = (0..n).map(|j| data[(o * n + j) * inner + i]);
                    out.push(f(&mut lane));
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    fn sample() -> Tensor {
        Tensor::from_rows(&[[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]]).unwrap()
    }

    #[test]
    fn reductions_over_all_values() {
        let t = sample();
        // Six values summed in f64, divided by 6 for the mean, rounded once to f32: 1e-6.
        assert_close("sum", &[t.sum()], &[21.0], 1e-6);
        assert_close("mean", &[t.mean()], &[3.5], 1e-6);
        // Exact: the maximum is one of the values, selected by comparison.
        assert_eq!(t.max(), 6.0);
    }

    #[test]
    fn reductions_along_rows_and_columns_keep_the_axis() {
        let t = sample();
        // Lane sums of 2 or 3 values in f64, times 1/3 for the means, rounded once to f32: 1e-6.
        let cols = t.sum_axis(0);
        assert_eq!(cols.dims(), &[1, 3]);
        assert_close("column sums", cols.data(), &[5.0, 7.0, 9.0], 1e-6);
        let rows = t.mean_axis(1);
        assert_eq!(rows.dims(), &[2, 1]);
        assert_close("row means", rows.data(), &[3.0, 4.0], 1e-6);
        // Exact: each maximum is one of the lane's values, selected by comparison.
        assert_eq!(t.max_axis(1).data(), &[5.0, 6.0]);
        assert_eq!(t.max_axis(0).data(), &[4.0, 5.0, 6.0]);
    }

    #[test]
    fn argmax_picks_the_first_maximum() {
        assert_eq!(sample().argmax_axis(1), vec![1, 2]);
        assert_eq!(sample().argmax_axis(0), vec![1, 0, 1]);
        assert_eq!(Tensor::vector(vec![2.0, 7.0, 7.0]).argmax_axis(0), vec![1]);
    }

    #[test]
    fn max_propagates_nan() {
        assert!(Tensor::vector(vec![1.0, Float::NAN, 3.0]).max().is_nan());
    }
}
