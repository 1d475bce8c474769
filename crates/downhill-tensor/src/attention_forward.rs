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

/// Partial sums (and maxima) per row, one AVX-512 register of f32: value j of a row goes into
/// lane j mod `ROW_LANES`, then the lanes are added in order, a fixed order on every CPU. A single
/// running sum was a chain of dependent adds, 4.3 % of the transformer step in this loop.
pub(crate) const ROW_LANES: usize = 16;

crate::multiversion! {
    /// Row-wise softmax of the scores in `p`, rows `first`.. of a [T, T] matrix, in place; under a
    /// causal mask row i covers columns ≤ i and the rest become exact zeros (whatever they held).
    /// e^x is `fast_math::exp`, so the loops vectorise.
    fn softmax_rows(p: &mut [Float], t: usize, first: usize, causal: bool) -> () {
        for (i, row) in p.chunks_exact_mut(t).enumerate() {
            let (live, masked) = row.split_at_mut(if causal { first + i + 1 } else { t });
            // The last len mod 16 values go through a full chunk too, padded with values that
            // change nothing (−∞ for the maximum, a 0 for the sum), so no scalar e^x.
            let mut top = [Float::NEG_INFINITY; ROW_LANES];
            let chunks = live.chunks_exact(ROW_LANES);
            let mut tail = [Float::NEG_INFINITY; ROW_LANES];
            tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
            for c in chunks.chain([&tail[..]]) {
                (0..ROW_LANES).for_each(|k| top[k] = top[k].max(c[k]));
            }
            let max = top.iter().fold(Float::NEG_INFINITY, |m, &v| m.max(v));
            let mut sum = [0.0; ROW_LANES];
            let mut chunks = live.chunks_exact_mut(ROW_LANES);
            for c in &mut chunks {
                (0..ROW_LANES).for_each(|k| {
                    c[k] = exp(c[k] - max);
                    sum[k] += c[k];
                });
            }
            let rest = chunks.into_remainder();
            (0..ROW_LANES).for_each(|k| {
                let e = if k < rest.len() { exp(tail[k] - max) } else { 0.0 };
                tail[k] = e;
                sum[k] += e;
            });
            rest.copy_from_slice(&tail[..rest.len()]);
            let inv = sum.iter().sum::<Float>().recip();
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

    #[test]
    fn sums_go_by_lanes_in_a_fixed_order() {
        // A row of 37 scores: the normaliser is Σ_k (Σ_{j ≡ k mod 16} e^(s_j − max)), lanes added
        // in order; written out here in plain code, the kernel must agree bit for bit.
        let scores: Vec<Float> = (0..37).map(|j| ((j * 7) % 11) as Float * 0.37 - 1.0).collect();
        let mut p = scores.clone();
        softmax_rows(&mut p, 37, 0, false);
        let max = scores.iter().fold(Float::NEG_INFINITY, |m, &v| m.max(v));
        let e: Vec<Float> = scores.iter().map(|&v| exp(v - max)).collect();
        let mut lanes = [0.0 as Float; ROW_LANES];
        e.iter().enumerate().for_each(|(j, &v)| lanes[j % ROW_LANES] += v);
        let inv = lanes.iter().sum::<Float>().recip();
        let want: Vec<Float> = e.iter().map(|v| v * inv).collect();
        downhill_testing::assert_same_bits("softmax row", &p, &want);
    }
}
