//! Run-time CPU-feature dispatch for the hot elementwise loops.
//!
//! The crate is built for the baseline x86-64 target (SSE2), so a binary runs on any x86-64 CPU.
//! `vectorized(f)` calls `f` inside a function compiled with AVX-512 (or AVX2 + FMA) enabled when the
//! running CPU has it; `f` is a closure that LLVM inlines there, so its loops are vectorised for the
//! wider registers. Measured on Zen 4: up to 2.3x on in-cache elementwise loops (PERFORMANCE.md).
//! Results are bit-identical to the baseline build: Rust never contracts `a * b + c` into an FMA on
//! its own, and reductions below fix their summation order explicitly with `LANES` accumulators.
use crate::Float;

/// Accumulators per reduction: a fixed order independent of the instruction set (and wide enough
/// for one AVX-512 register of f64, so the adds are not a serial dependency chain).
pub const LANES: usize = 8;

/// Runs `f` compiled for the widest vector unit the CPU offers.
#[inline(always)]
pub fn vectorized<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports every feature `avx512` is compiled with (checked just above).
            return unsafe { avx512(f) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: as above, for AVX2 and FMA.
            return unsafe { avx2(f) };
        }
    }
    f()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx512dq,avx2,fma")]
unsafe fn avx512<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn avx2<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Defines `fn $name` compiled three times (AVX-512, AVX2 + FMA, baseline) and picking one at run
/// time. Unlike `vectorized(closure)`, where LLVM may decline to inline a large closure into the
/// feature-enabled function (then the loop runs as baseline SSE code), the body here is pasted into
/// each version, so the fixed kernels below are always compiled for the wide units. Exported for
/// other crates' hot loops (downhill-optim's fused steps): `downhill_tensor::multiversion! { .. }`.
#[macro_export]
macro_rules! multiversion {
    ($(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$attr])*
        $vis fn $name($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512vl,avx512dq,avx2,fma")]
                unsafe fn wide($($arg: $ty),*) -> $ret $body
                #[target_feature(enable = "avx2,fma")]
                unsafe fn mid($($arg: $ty),*) -> $ret $body
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU supports every feature `wide` is compiled with.
                    return unsafe { wide($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                    // SAFETY: as above, for AVX2 and FMA.
                    return unsafe { mid($($arg),*) };
                }
            }
            $body
        }
    };
}

/// Marks the upper halves of the vector registers clean (`vzeroupper`). faer's AVX-512 kernels
/// return with them dirty, and then every baseline (SSE) instruction of ours, and of libm, paid a
/// merge stall: `expf` in the softmax took 8% of an MNIST step until this was called after each product.
#[inline]
pub(crate) fn clear_upper_state() {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: the CPU supports AVX (checked just above).
        unsafe { zero_upper() }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn zero_upper() {
    std::arch::x86_64::_mm256_zeroupper();
}

multiversion! {
    /// True when no value is NaN or infinite: finite floats have an exponent below all ones, so the
    /// largest `bits & 0x7fff_ffff` decides. Integer max vectorises; `Iterator::all` would not.
    pub(crate) fn all_finite(x: &[Float]) -> bool {
        let mut m = 0u32;
        for v in x {
            m = m.max(v.to_bits() & 0x7fff_ffff);
        }
        m < 0x7f80_0000
    }
}

multiversion! {
    /// Σ x² in f64 with `LANES` interleaved partial sums (a fixed order on every CPU).
    pub(crate) fn sum_squares(x: &[Float]) -> f64 {
        let mut acc = [0.0f64; LANES];
        let chunks = x.chunks_exact(LANES);
        let tail = chunks.remainder();
        for c in chunks {
            for k in 0..LANES {
                acc[k] += c[k] as f64 * c[k] as f64;
            }
        }
        for (a, &v) in acc.iter_mut().zip(tail) {
            *a += v as f64 * v as f64;
        }
        acc.iter().sum()
    }
}

multiversion! {
    /// Σ (x − y)² in f64 with `LANES` interleaved partial sums, over the common length.
    pub(crate) fn sum_squared_differences(x: &[Float], y: &[Float]) -> f64 {
        let n = x.len().min(y.len());
        let (x, y) = (&x[..n], &y[..n]);
        let mut acc = [0.0f64; LANES];
        let (xs, ys) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
        let (x_tail, y_tail) = (xs.remainder(), ys.remainder());
        for (a, b) in xs.zip(ys) {
            for k in 0..LANES {
                let d = a[k] as f64 - b[k] as f64;
                acc[k] += d * d;
            }
        }
        for ((s, &a), &b) in acc.iter_mut().zip(x_tail).zip(y_tail) {
            let d = a as f64 - b as f64;
            *s += d * d;
        }
        acc.iter().sum()
    }
}

multiversion! {
    /// Σ x in f64 with `LANES` interleaved partial sums.
    pub(crate) fn sum(x: &[Float]) -> f64 {
        let mut acc = [0.0f64; LANES];
        let chunks = x.chunks_exact(LANES);
        let tail = chunks.remainder();
        for c in chunks {
            for k in 0..LANES {
                acc[k] += c[k] as f64;
            }
        }
        for (a, &v) in acc.iter_mut().zip(tail) {
            *a += v as f64;
        }
        acc.iter().sum()
    }
}

multiversion! {
    /// y += alpha · x (equal lengths).
    pub(crate) fn axpy(y: &mut [Float], alpha: Float, x: &[Float]) -> () {
        let x = &x[..y.len()];
        for j in 0..y.len() {
            y[j] += alpha * x[j];
        }
    }
}

multiversion! {
    /// y += alpha · x (as `axpy`) and Σ x² (as `sum_squares`, the same lane order, so the same
    /// bits) in one pass over x: a training step's gradient feeds the epoch's mean gradient and its
    /// norms with one read.
    pub(crate) fn axpy_sum_squares(y: &mut [Float], alpha: Float, x: &[Float]) -> f64 {
        let mut squares = SquareLanes::default();
        squares.add_scaled(y, alpha, x);
        squares.total()
    }
}

/// Σ x² over a stream of pieces, in `LANES` f64 partial sums: value j of a piece goes to lane
/// j mod `LANES`, so summing a buffer piece by piece gives `sum_squares`' bits when every piece but
/// the last is a multiple of `LANES` long. Public for loops in other crates that read a gradient
/// for their own purpose and tally it on the way (downhill-optim's fused steps): call `add_scaled`
/// from inside a `multiversion!` body, where it is inlined and vectorised.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SquareLanes(pub [f64; LANES]);

impl SquareLanes {
    /// `y += alpha · x` over x's length (y at least as long) and x's squares into the lanes.
    #[inline(always)]
    pub fn add_scaled(&mut self, y: &mut [Float], alpha: Float, x: &[Float]) {
        let acc = &mut self.0;
        let y = &mut y[..x.len()];
        let (xs, mut ys) = (x.chunks_exact(LANES), y.chunks_exact_mut(LANES));
        let x_tail = xs.remainder();
        for (c, d) in xs.zip(ys.by_ref()) {
            for k in 0..LANES {
                acc[k] += c[k] as f64 * c[k] as f64;
                d[k] += alpha * c[k];
            }
        }
        for ((a, &v), t) in acc.iter_mut().zip(x_tail).zip(ys.into_remainder()) {
            *a += v as f64 * v as f64;
            *t += alpha * v;
        }
    }

    /// Adds another stream's lanes, lane by lane (pieces summed separately, combined in order).
    pub fn merge(&mut self, other: SquareLanes) {
        self.0.iter_mut().zip(other.0).for_each(|(a, b)| *a += b);
    }

    /// Σ x²: the lanes summed in order.
    pub fn total(&self) -> f64 {
        self.0.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finite_check_catches_nan_and_both_infinities_anywhere() {
        let mut x = vec![1.0; 37];
        assert!(all_finite(&x));
        for bad in [Float::NAN, Float::INFINITY, Float::NEG_INFINITY] {
            for i in [0, 17, 36] {
                x[i] = bad;
                assert!(!all_finite(&x), "{bad} at {i}");
                x[i] = Float::MAX;
            }
        }
        assert!(all_finite(&x) && all_finite(&[]));
    }

    #[test]
    fn sums_match_f64_reference() {
        // 1001 values in [-0.6, 0.7], none closer to 0 than 0.002; Σx ≈ 50, Σx² ≈ 150.
        let x: Vec<Float> = (0..1001).map(|i| ((i * 37) % 101) as Float * 0.013 - 0.6).collect();
        let (got, got_sq) = (sum(&x), sum_squares(&x));
        // Against plain left-to-right f64 sums: another order changes the result by at most
        // n · ε · Σ|term| < 1e-10, so 1e-9 absolute; dropping or repeating a term moves it by ≥ 4e-6.
        let want: f64 = x.iter().map(|&v| v as f64).sum();
        let want_sq: f64 = x.iter().map(|&v| v as f64 * v as f64).sum();
        assert!((got - want).abs() < 1e-9, "Σx = {got} vs {want}");
        assert!((got_sq - want_sq).abs() < 1e-9, "Σx² = {got_sq} vs {want_sq}");
        let y: Vec<Float> = x.iter().map(|v| v * 0.5 + 0.01).collect();
        let want_d: f64 = x.iter().zip(&y).map(|(&a, &b)| (a as f64 - b as f64).powi(2)).sum();
        let got_d = sum_squared_differences(&x, &y);
        assert!((got_d - want_d).abs() < 1e-9, "Σ(x − y)² = {got_d} vs {want_d}");
    }

    #[test]
    fn sums_keep_the_fixed_lane_order_bit_for_bit() {
        // Normal draws scaled by 1e-3 .. 1e3 (1001 values, so the tail is used): their f64 sums round,
        // and differently in a different order, which the first check below makes sure of.
        let mut rng = crate::Rng::seed(11);
        let x: Vec<Float> = (0..1001).map(|i| rng.normal() * [1e-3, 1e-1, 1.0, 1e1, 1e3][i % 5]).collect();
        let in_order = |term: fn(f64) -> f64| -> f64 { x.iter().map(|&v| term(v as f64)).sum() };
        // The documented order, written out in plain code: term i goes into partial sum i % LANES,
        // then the partial sums are added in order. Whichever vector path this CPU ran must give
        // exactly these bits (the module promises the same bits on every CPU).
        let in_lane_order = |term: fn(f64) -> f64| -> f64 {
            let mut acc = [0.0f64; LANES];
            x.iter().enumerate().for_each(|(i, &v)| acc[i % LANES] += term(v as f64));
            acc.iter().sum()
        };
        for (name, term, got) in
            [("Σx", (|v| v) as fn(f64) -> f64, sum(&x)), ("Σx²", |v| v * v, sum_squares(&x))]
        {
            let (spec, plain) = (in_lane_order(term), in_order(term));
            assert_ne!(spec.to_bits(), plain.to_bits(), "{name}: the data must make the order visible");
            assert_eq!(got.to_bits(), spec.to_bits(), "{name} = {got} vs {spec} in lane order");
        }
    }

    #[test]
    fn the_fused_pass_gives_the_bits_of_axpy_and_sum_squares() {
        // 1001 values (a ragged tail) of mixed scales, so any other order or rounding shows.
        let mut rng = crate::Rng::seed(3);
        let x: Vec<Float> = (0..1001).map(|i| rng.normal() * [1e-3, 1.0, 1e3][i % 3]).collect();
        let y0: Vec<Float> = (0..1001).map(|_| rng.normal()).collect();
        let (mut fused, mut apart) = (y0.clone(), y0);
        let squares = axpy_sum_squares(&mut fused, 0.37, &x);
        axpy(&mut apart, 0.37, &x);
        assert_eq!(squares.to_bits(), sum_squares(&x).to_bits(), "Σx² = {squares}");
        let same = fused.iter().zip(&apart).all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(same, "y + 0.37 x differs from axpy's");
    }
}
