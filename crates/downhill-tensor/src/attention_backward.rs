//! One sample of self-attention's backward (the math: `attention.rs`), head by head, each product
//! written straight into the head's columns of dx [T, 3D]. Query rows go by blocks r0..r1 seeing
//! keys 0..L, key rows by blocks j0..j1 seen from the queries i0..T (L = r1 and i0 = j0 when
//! causal, L = T and i0 = 0 otherwise):
//!   dV[j0..j1] = P̃[i0..T, j0..j1]ᵀ·dO[i0..T]
//!   dP[r0..r1, 0..L] = (dO[r0..r1]·V[0..L]ᵀ) ⊙ M;  dS = P ⊙ (dP − rowsum(dP ⊙ P))
//!   dQ[r0..r1] = dS[r0..r1, 0..L]·K[0..L]/√d
//!   dK[j0..j1] = dS[i0..T, j0..j1]ᵀ·Q[i0..T]/√d
//! The blocks left out hold P = 0 and dS = 0, so each value is the same sum less terms 0·x.
use crate::attention_forward::{dropped, ROW_LANES};
use crate::scratch::with_scratch;
use crate::strided_gemm::gemm_strided;
use crate::{AttentionShape, Float, MatRef};

/// One sample's gradient with respect to its packed rows `x` [T, 3D], into `dx` [T, 3D] (every
/// value written), from its P [H, T, T], mask and output gradient `dy` [T, D].
pub(crate) fn backward_sample(
    x: &[Float],
    probs: &[Float],
    mask: Option<&[Float]>,
    dy: &[Float],
    s: &AttentionShape,
    dx: &mut [Float],
) {
    let (t, d, tt, width) = (s.t, s.d, s.t * s.t, s.width());
    let stride = 3 * width;
    with_scratch(if mask.is_some() { 2 * tt } else { tt }, |buf| {
        let (ds, kept) = buf.split_at_mut(tt);
        for h in 0..s.heads {
            let (p, m) = (&probs[h * tt..][..tt], mask.map(|m| &m[h * tt..][..tt]));
            let d_out = MatRef::with_row_stride(&dy[h * d..], t, d, width);
            let (q, k, v) = (s.part(x, 0, h), s.part(x, 1, h), s.part(x, 2, h));
            let p_kept = dropped(p, m, kept);
            by_keys(s, 1.0, p_kept, d_out, &mut dx[2 * width + h * d..]); // dV
            for rows in s.row_blocks() {
                let (span, live) = (rows.start * t..rows.end * t, s.live(rows.end));
                let block = &mut ds[span.clone()];
                gemm_strided(1.0, d_out.row_range(rows.clone()), v.row_range(0..live).t(), block, t);
                score_grads(block, &p[span.clone()], m.map(|m| &m[span]), t, live);
                let ds_rows = MatRef::with_row_stride(block, rows.len(), live, t);
                let dq = &mut dx[rows.start * stride + h * d..];
                gemm_strided(s.scale(), ds_rows, k.row_range(0..live), dq, stride);
            }
            by_keys(s, s.scale(), ds, q, &mut dx[width + h * d..]); // dK
        }
    });
}

/// out[j0..j1] = alpha·A[i0..T, j0..j1]ᵀ·B[i0..T] for every block of key rows j0..j1, the
/// queries i0..T being those that see them: dV from P̃ and dO, dK from dS and Q. `a` is [T, T]
/// row-major; `out` starts at the head's column of dx's first row (rows 3D apart).
fn by_keys(s: &AttentionShape, alpha: Float, a: &[Float], b: MatRef<'_>, out: &mut [Float]) {
    let (t, stride) = (s.t, 3 * s.width());
    for keys in s.row_blocks() {
        let i0 = s.first_seeing(keys.start);
        let a = MatRef::with_row_stride(&a[i0 * t + keys.start..], t - i0, keys.len(), t);
        gemm_strided(alpha, a.t(), b.row_range(i0..t), &mut out[keys.start * stride..], stride);
    }
}

crate::multiversion! {
    /// dS = P ⊙ (dP − rowsum(dP ⊙ P)) in place over the first `live` columns of rows of `t`
    /// values, dP being `g` (times the dropout mask `m`, when there is one). The row sums go by
    /// `ROW_LANES` partial sums added in order, as the softmax's.
    fn score_grads(g: &mut [Float], p: &[Float], m: Option<&[Float]>, t: usize, live: usize) -> () {
        for (i, (g_row, p_row)) in g.chunks_exact_mut(t).zip(p.chunks_exact(t)).enumerate() {
            let (g_row, p_row) = (&mut g_row[..live], &p_row[..live]);
            if let Some(m) = m {
                g_row.iter_mut().zip(&m[i * t..][..live]).for_each(|(g, m)| *g *= m);
            }
            let mut lanes = [0.0; ROW_LANES];
            let (gs, ps) = (g_row.chunks_exact(ROW_LANES), p_row.chunks_exact(ROW_LANES));
            let (g_rest, p_rest) = (gs.remainder(), ps.remainder());
            for (g, p) in gs.zip(ps) {
                (0..ROW_LANES).for_each(|k| lanes[k] += g[k] * p[k]);
            }
            g_rest.iter().zip(p_rest).enumerate().for_each(|(k, (g, p))| lanes[k] += g * p);
            let dot: Float = lanes.iter().sum();
            g_row.iter_mut().zip(p_row).for_each(|(g, p)| *g = p * (*g - dot));
        }
    }
}
