//! Folding, the adjoint of unfolding (`im2col.rs`), for the input gradient of a convolution:
//!   dxp[c, p·sh + i·dh, q·sw + j·dw] += dcols[(c, i, j), (p, q)],   dx = the interior of dxp
//! written as a gather: for each channel c, kernel column j and padded row y, the runs of every
//! (i, p) with p·sh + i·dh = y are summed 16 lanes at a time in registers and added to dxp once,
//! shifted by j·dw. Adding every run straight into dxp instead made each load wait for a store of
//! the neighbouring j that it only partly overlaps (no store forwarding): 3x the unfold's time.
use crate::conv2d::Geometry;
use crate::im2col::copy_run;
use crate::scratch::with_index_vec;
use crate::Float;

/// dx = fold(dcols), the adjoint of `columns`, for one image; `dx` must hold zeros, `buf` at
/// least `columns_len` values, and `dcols` `FOLD_LANES` values of slack past its C·kh·kw·L.
/// (A pointwise convolution's dcols is its dx: the caller writes there.)
pub(crate) fn fold_columns(dcols: &[Float], g: &Geometry, dx: &mut [Float], buf: &mut [Float]) {
    with_index_vec(|table| {
        let taps = Taps::new(g, table);
        if g.ph + g.pw > 0 {
            let dxp = &mut buf[..g.c * g.hp() * g.wp() + FOLD_LANES];
            dxp.fill(0.0);
            fold(dcols, g, dxp, &taps);
            unpad(&dxp[..g.c * g.hp() * g.wp()], g, dx);
        } else {
            fold(dcols, g, dx, &taps);
        }
    })
}

/// Values of `dcols` for one image including the slack `fold_columns` reads.
pub(crate) fn dcols_len(g: &Geometry) -> usize {
    g.c * g.kh * g.kw * g.l() + FOLD_LANES
}

/// Lanes `fold` sums at once: one AVX-512 register of f32.
pub(crate) const FOLD_LANES: usize = 16;

/// Lane masks: `KEEP[16 − n..32 − n]` keeps the first n of 16 lanes.
const KEEP: [u32; 2 * FOLD_LANES] = {
    let mut k = [0u32; 2 * FOLD_LANES];
    let mut i = 0;
    while i < FOLD_LANES {
        k[i] = u32::MAX;
        i += 1;
    }
    k
};

/// For each padded row y, where in a (c, j) block of dcols the runs landing on it start: the offsets
/// i·kw·L + p·OW of every (i, p) with p·sh + i·dh = y, as `offs[starts[y]..starts[y + 1]]`.
struct Taps<'a> {
    starts: &'a [usize],
    offs: &'a [usize],
}

impl<'a> Taps<'a> {
    /// The table for `g`, built in `table` (a reused vector: starts, then offsets).
    fn new(g: &Geometry, table: &'a mut Vec<usize>) -> Taps<'a> {
        let n = g.hp() + 1;
        table.clear();
        table.resize(n, 0);
        for y in 0..g.hp() {
            for i in (0..g.kh).take_while(|&i| i * g.dh <= y) {
                let t = y - i * g.dh;
                if t.is_multiple_of(g.sh) && t / g.sh < g.oh {
                    table.push(i * g.kw * g.l() + t / g.sh * g.ow);
                }
            }
            table[y + 1] = table.len() - n;
        }
        let (starts, offs) = table.split_at(n);
        Taps { starts, offs }
    }
}

crate::multiversion! {
    /// The gather of the header into a padded dxp. `dcols` must have `FOLD_LANES` values of slack
    /// past its end (read into lanes that are dropped).
    fn fold(dcols: &[Float], g: &Geometry, dxp: &mut [Float], taps: &Taps<'_>) -> () {
        let (l, ow, wp) = (g.l(), g.ow, g.wp());
        for (c, j) in (0..g.c * g.kw).map(|t| (t / g.kw, t % g.kw)) {
            let block = &dcols[(c * g.kh * g.kw + j) * l..];
            for (y, w) in taps.starts.windows(2).enumerate() {
                let offs = &taps.offs[w[0]..w[1]];
                for q0 in (0..ow).step_by(FOLD_LANES) {
                    let mut acc = [0.0; FOLD_LANES];
                    for &o in offs {
                        let src = &block[o + q0..o + q0 + FOLD_LANES];
                        for t in 0..FOLD_LANES {
                            acc[t] += src[t];
                        }
                    }
                    // Lanes past the run are masked to +0 bitwise (garbage NaNs there stay out),
                    // then all 16 are added: adding the run in 8-, 4- and 1-value pieces read acc
                    // back from the stack narrower than it was stored, and each load waited.
                    let n = (ow - q0).min(FOLD_LANES);
                    let keep = &KEEP[FOLD_LANES - n..2 * FOLD_LANES - n];
                    let mut part = [0.0; FOLD_LANES];
                    for t in 0..FOLD_LANES {
                        part[t] = Float::from_bits(acc[t].to_bits() & keep[t]);
                    }
                    let at = (c * g.hp() + y) * wp + j * g.dw + q0 * g.sw;
                    if g.sw == 1 && at + FOLD_LANES <= dxp.len() {
                        let dst = &mut dxp[at..at + FOLD_LANES];
                        for t in 0..FOLD_LANES {
                            dst[t] += part[t];
                        }
                    } else {
                        for (t, a) in part[..n].iter().enumerate() {
                            dxp[at + t * g.sw] += a;
                        }
                    }
                }
            }
        }
    }
}

crate::multiversion! {
    /// dx = the interior of dxp (the adjoint of `pad`).
    fn unpad(dxp: &[Float], g: &Geometry, dx: &mut [Float]) -> () {
        let (h, w, wp) = (g.h, g.w, g.wp());
        for c in 0..g.c {
            for r in 0..h {
                let at = (c * g.hp() + r + g.ph) * wp + g.pw;
                copy_run(&mut dx[(c * h + r) * w..(c * h + r + 1) * w], &dxp[at..at + w]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::im2col::{columns, columns_len, tests::geometries};
    use crate::{Rng, Tensor};

    #[test]
    fn folding_is_the_adjoint_of_unfolding() {
        // ⟨columns(x), d⟩ = ⟨x, fold(d)⟩ for every x and d: the defining property of the adjoint.
        let mut rng = Rng::seed(32);
        for (g, x) in geometries().into_iter().filter(|(g, _)| !g.pointwise()) {
            let mut d = Tensor::rand_normal([g.c * g.kh * g.kw * g.l()], 0.0, 1.0, &mut rng).into_vec();
            d.resize(dcols_len(&g), Float::NAN); // the slack fold reads must not reach dx
            let mut buf = vec![Float::NAN; columns_len(&g)];
            let cols = columns(x.data(), &g, &mut buf).to_vec();
            let mut dx = vec![0.0; x.numel()];
            fold_columns(&d, &g, &mut dx, &mut buf);
            let dot =
                |a: &[Float], b: &[Float]| a.iter().zip(b).map(|(&u, &v)| u as f64 * v as f64).sum::<f64>();
            let (lhs, rhs) = (dot(&cols, &d), dot(x.data(), &dx));
            // Both sides sum the same ≤ 1500 products of N(0, 1) values; fold adds up to kh·kw terms
            // per pixel in f32 first (relative error ≤ 25 · 6e-8), so 1e-4 · (1 + |lhs|) is generous.
            assert!((lhs - rhs).abs() <= 1e-4 * (1.0 + lhs.abs()), "{g:?}: {lhs} vs {rhs}");
        }
    }
}
