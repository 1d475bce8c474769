//! Big elementwise passes in two halves on two threads. The passes between the products of a
//! training step (an activation, its gradient, a residual sum) stream megabytes each on one thread
//! while the other sits idle: 5 % of the transformer step. From `SPLIT_VALUES` values on, the
//! output is cut in two at a multiple of 64 values and each half is computed on its own thread,
//! in the caller's subnormal mode. Each value is computed by the same code either way.
use crate::{flush_subnormals, flushing_subnormals, Float};

/// Values from which a pass is cut in two: 256K values (1 MB) take about 0.1 ms, several times
/// what a fork-join costs.
pub(crate) const SPLIT_VALUES: usize = 1 << 18;

/// `f(part of out, the same part of a, of b)` over `out`, `a` and `b` of equal length, in two
/// halves on two threads when they are long enough.
pub(crate) fn in_halves(
    out: &mut [Float],
    a: &[Float],
    b: &[Float],
    f: &(impl Fn(&mut [Float], &[Float], &[Float]) + Sync),
) {
    let n = out.len();
    if n < SPLIT_VALUES || a.len() != n || b.len() != n || rayon::current_num_threads() < 2 {
        return f(out, a, b);
    }
    let cut = (n / 2).next_multiple_of(64);
    let ((o1, o2), (a1, a2), (b1, b2)) = (out.split_at_mut(cut), a.split_at(cut), b.split_at(cut));
    let flush = flushing_subnormals();
    let in_mode = |o: &mut [Float], a: &[Float], b: &[Float]| {
        if flush {
            flush_subnormals(|| f(o, a, b))
        } else {
            f(o, a, b)
        }
    };
    rayon::join(|| in_mode(o1, a1, b1), || in_mode(o2, a2, b2));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_halves_are_computed_and_in_place() {
        let n = SPLIT_VALUES + 100;
        let a: Vec<Float> = (0..n).map(|i| (i % 1000) as Float).collect();
        let b: Vec<Float> = (0..n).map(|i| (i % 7) as Float).collect();
        let mut out = vec![Float::NAN; n];
        in_halves(&mut out, &a, &b, &|o, a, b| {
            o.iter_mut().zip(a.iter().zip(b)).for_each(|(o, (a, b))| *o = a * 2.0 + b)
        });
        // Exact: small integers throughout.
        assert!(out.iter().enumerate().all(|(i, &v)| v == ((i % 1000) * 2 + i % 7) as Float));
    }
}
