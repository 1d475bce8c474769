//! One sample of self-attention's forward (the math: `attention.rs`), head by head and block by
//! block of query rows r0..r1, which see the keys 0..L (L = r1 when causal, T otherwise):
//!   S[r0..r1, 0..L] = Q[r0..r1]·K[0..L]ᵀ/√d      into P's rows (stride T)
//!   P[r0..r1] = softmax_rows(S), row i over columns ≤ i when causal, exact zeros after
//!   O[r0..r1] = P̃[r0..r1, 0..L]·V[0..L]         straight into the head's columns of y (stride D)
//! Causal blocks above the diagonal are never computed: their P is zero.
use crate::fast_math::exp;
use crate::scratch::with_scratch;
use crate::strided_gemm::gemm_strided;
use crate::{AttentionShape, Float, MatRef};

/// One sample: every head's P (into `probs` [H, T, T], every value written) and output columns
/// (into `y` [T, D], every value written), from the packed rows `x` [T, 3D].
pub(crate) fn forward_sample(
    x: &[Float],
    s: &AttentionShape,
    mask: Option<&[Float]>,
    probs: &mut [Float],
    y: &mut [Float],
) {
    let (t, d, tt, width) = (s.t, s.d, s.t * s.t, s.width());
    with_scratch(if mask.is_some() { tt } else { 0 }, |kept| {
        for (h, p) in probs.chunks_exact_mut(tt).enumerate() {
            let (q, k, v) = (s.part(x, 0, h), s.part(x, 1, h), s.part(x, 2, h));
            for rows in s.row_blocks() {
                let (r0, live) = (rows.start, s.live(rows.end));
                let block = &mut p[r0 * t..rows.end * t];
                gemm_strided(s.scale(), q.row_range(rows.clone()), k.row_range(0..live).t(), block, t);
                softmax_rows(block, t, r0, s.causal);
                let m = mask.map(|m| &m[h * tt..][r0 * t..rows.end * t]);
                let out = if m.is_some() { &mut kept[r0 * t..rows.end * t] } else { &mut [][..] };
                let p_kept = dropped(block, m, out);
                let p_kept = MatRef::with_row_stride(p_kept, rows.len(), live, t);
                gemm_strided(1.0, p_kept, v.row_range(0..live), &mut y[r0 * width + h * d..], width);
            }
        }
    });
}

crate::multiversion! {
    /// Row-wise softmax of the scores in `p`, rows `first`.. of a [T, T] matrix, in place; under a
    /// causal mask row i covers columns ≤ i and the rest become exact zeros (whatever they held).
    /// e^x is `fast_math::exp`, so the loop vectorises.
    fn softmax_rows(p: &mut [Float], t: usize, first: usize, causal: bool) -> () {
        for (i, row) in p.chunks_exact_mut(t).enumerate() {
            let (live, masked) = row.split_at_mut(if causal { first + i + 1 } else { t });
            let max = live.iter().fold(Float::NEG_INFINITY, |m, &v| m.max(v));
            live.iter_mut().for_each(|v| *v = exp(*v - max));
            let inv = live.iter().sum::<Float>().recip();
            live.iter_mut().for_each(|v| *v *= inv);
            masked.fill(0.0);
        }
    }
}

/// P̃ = P ⊙ M into `out`, or P itself when there is no mask.
pub(crate) fn dropped<'a>(p: &'a [Float], mask: Option<&[Float]>, out: &'a mut [Float]) -> &'a [Float] {
    match mask {
        None => p,
        Some(m) => {
            out.iter_mut().zip(p.iter().zip(m)).for_each(|(o, (p, m))| *o = p * m);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causal_rows_of_a_later_block_cover_their_prefix_and_zero_the_rest() {
        // Rows 2 and 3 of a [4, 4] score matrix: row 2 sees 3 columns, row 3 all 4. Equal scores
        // give 1/3 and 1/4 (exp of 0 is exactly 1; 1/3 rounds once, 1e-7); column 3 of row 2 held
        // garbage and must become an exact zero.
        let mut p = vec![0.5, 0.5, 0.5, Float::NAN, 2.0, 2.0, 2.0, 2.0];
        softmax_rows(&mut p, 4, 2, true);
        for (got, want) in p.iter().zip([1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0, 0.0, 0.25, 0.25, 0.25, 0.25]) {
            assert!((got - want).abs() < 1e-7, "{p:?}");
        }
        assert_eq!(p[3], 0.0);
    }
}
