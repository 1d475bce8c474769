//! A histogram of values in TensorFlow's default buckets, as `tsl/lib/histogram/histogram.cc`
//! builds and encodes it (what `tf.summary.histogram`'s v1 op wrote):
//!   limits  = [−DBL_MAX, −1e20·…, −1.1e-12, −1e-12, 0, 1e-12, 1.1e-12, …, v_k, DBL_MAX]
//!             where v_k = 1e-12 · 1.1^k for every v_k < 1e20 (774 on each side)
//!   bucket b counts the values x with limits[b−1] <= x < limits[b]  (upper_bound of x in limits)
//!   encoding: each run of empty buckets becomes one empty bucket whose limit is the run's last
//!   (`EncodeToProto` with preserve_zero_buckets = false), so no count and no edge is lost.
//! min, max, num, sum and sum_squares are of the values themselves (accumulated in f64). Non-finite
//! values are left out (training stops before any parameter becomes one).
use super::messages::HistogramProto;
use std::sync::OnceLock;

/// TensorFlow's default bucket limits (`InitDefaultBucketsInner`).
fn default_limits() -> &'static [f64] {
    static LIMITS: OnceLock<Vec<f64>> = OnceLock::new();
    LIMITS.get_or_init(|| {
        let mut positive = Vec::new();
        let mut v = 1.0e-12;
        while v < 1.0e20 {
            positive.push(v);
            v *= 1.1;
        }
        positive.push(f64::MAX);
        let mut limits: Vec<f64> = positive.iter().rev().map(|v| -v).collect();
        limits.push(0.0);
        limits.extend(positive);
        limits
    })
}

/// The histogram of the finite values of `values`.
pub fn histogram(values: &[f32]) -> HistogramProto {
    let limits = default_limits();
    let mut counts = vec![0.0f64; limits.len()];
    let mut h = HistogramProto { min: f64::MAX, max: -f64::MAX, ..HistogramProto::default() };
    for &x in values.iter().filter(|x| x.is_finite()) {
        let x = f64::from(x);
        counts[limits.partition_point(|&l| l <= x)] += 1.0;
        h.min = h.min.min(x);
        h.max = h.max.max(x);
        h.num += 1.0;
        h.sum += x;
        h.sum_squares += x * x;
    }
    let mut i = 0;
    while i < counts.len() {
        let (mut limit, mut count) = (limits[i], counts[i]);
        i += 1;
        if count == 0.0 {
            while i < counts.len() && counts[i] == 0.0 {
                (limit, count) = (limits[i], counts[i]);
                i += 1;
            }
        }
        h.bucket_limit.push(limit);
        h.bucket.push(count);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_limits_are_tensorflows() {
        let limits = default_limits();
        // 1e-12 · 1.1^k < 1e20 for k = 0..=773 (k = 774 gives 1.09e20): 774 + DBL_MAX per side.
        assert_eq!(limits.len(), 2 * 775 + 1);
        assert_eq!((limits[0], limits[775], limits[776]), (-f64::MAX, 0.0, 1e-12));
        assert!((limits[777] - 1.1e-12).abs() < 1e-24 && limits.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn values_land_in_their_buckets_and_empty_runs_collapse() {
        let h = histogram(&[0.0, 1.0, 1.0, -2.0, f32::NAN]);
        assert_eq!((h.min, h.max, h.num, h.sum, h.sum_squares), (-2.0, 1.0, 4.0, 0.0, 6.0));
        assert_eq!(h.bucket.iter().sum::<f64>(), 4.0, "every finite value counted once, NaN left out");
        // The non-empty buckets hold -2 (1), 0 (1) and 1 (2), in that order, with empty runs
        // between them, before the first and after the last.
        let full: Vec<f64> = h.bucket.iter().copied().filter(|&c| c > 0.0).collect();
        assert_eq!(full, vec![1.0, 1.0, 2.0]);
        assert!(h.bucket.windows(2).all(|w| w[0] > 0.0 || w[1] > 0.0), "no two empty buckets in a row");
        assert_eq!(h.bucket_limit.last(), Some(&f64::MAX));
        // Each value lies below its bucket's limit and at or above the previous limit.
        for (x, want) in [(-2.0, 1.0), (0.0, 1.0), (1.0, 2.0)] {
            let b = h.bucket_limit.partition_point(|&l| l <= x);
            assert_eq!(h.bucket[b], want, "the bucket of {x}");
            assert!(b == 0 || h.bucket_limit[b - 1] <= x);
        }
    }

    #[test]
    fn no_values_make_one_empty_bucket() {
        let h = histogram(&[]);
        assert_eq!((h.num, h.bucket.clone(), h.bucket_limit.clone()), (0.0, vec![0.0], vec![f64::MAX]));
    }
}
