//! Unfolding image patches into the columns of a matrix, so a convolution is one product per image:
//!   cols[(c, i, j), (p, q)] = xp[c, p·sh + i·dh, q·sw + j·dw]         (rows (c, i, j), columns (p, q))
//! where xp is the image zero-padded by (ph, pw) on each side, materialised once per image so the copy
//! loops need no bounds checks: at stride 1 a row of cols is OH plain runs of OW values. The adjoint
//! is in `col2im.rs`. Kernels are compiled for AVX-512 / AVX2 and picked at run time.
use crate::col2im::FOLD_LANES;
use crate::conv2d::Geometry;
use crate::Float;

/// Scratch values `columns` and `fold_columns` need for one image (columns, then the padded image).
pub(crate) fn columns_len(g: &Geometry) -> usize {
    // The padded image, with 16 values of slack for `fold`'s full-width adds (`col2im.rs`).
    let padded = if g.ph + g.pw > 0 { g.c * g.hp() * g.wp() + FOLD_LANES } else { 0 };
    if g.pointwise() {
        0
    } else {
        g.c * g.kh * g.kw * g.l() + padded
    }
}

/// One image's columns [C·kh·kw, OH·OW] (the groups' row blocks stacked): `x` itself for a pointwise
/// convolution, else unfolded into `buf` (of `columns_len` values).
pub(crate) fn columns<'a>(x: &'a [Float], g: &Geometry, buf: &'a mut [Float]) -> &'a [Float] {
    if g.pointwise() {
        return x;
    }
    let (cols, rest) = buf.split_at_mut(g.c * g.kh * g.kw * g.l());
    if g.ph + g.pw > 0 {
        let xp = &mut rest[..g.c * g.hp() * g.wp()];
        pad(x, g, xp);
        unfold(xp, g, cols);
    } else {
        unfold(x, g, cols);
    }
    cols
}

/// `dst = src` for a short run: whole 16-value blocks and one overlapping last block (8 or 4 for
/// shorter runs), so a 14-value row is two vector moves. Block sizes are constants (const generics):
/// with a run-time size every copy became a `memcpy` call, half of the unfolding time.
#[inline(always)]
pub(crate) fn copy_run(dst: &mut [Float], src: &[Float]) {
    let n = dst.len();
    let src = &src[..n];
    match n {
        16.. => copy_blocks::<16>(dst, src),
        8.. => copy_blocks::<8>(dst, src),
        4.. => copy_blocks::<4>(dst, src),
        _ => dst.copy_from_slice(src),
    }
}

/// `copy_run` for `dst.len() >= B`.
#[inline(always)]
fn copy_blocks<const B: usize>(dst: &mut [Float], src: &[Float]) {
    let n = dst.len();
    let mut k = 0;
    while k + B < n {
        dst[k..k + B].copy_from_slice(&src[k..k + B]);
        k += B;
    }
    dst[n - B..].copy_from_slice(&src[n - B..]);
}

crate::multiversion! {
    /// xp = x zero-padded by (ph, pw) on each side, channel by channel.
    fn pad(x: &[Float], g: &Geometry, xp: &mut [Float]) -> () {
        xp.fill(0.0);
        let (h, w, wp) = (g.h, g.w, g.wp());
        for c in 0..g.c {
            for r in 0..h {
                let at = (c * g.hp() + r + g.ph) * wp + g.pw;
                copy_run(&mut xp[at..at + w], &x[(c * h + r) * w..(c * h + r + 1) * w]);
            }
        }
    }
}

crate::multiversion! {
    /// cols[(c, i, j), (p, q)] = xp[c, p·sh + i·dh, q·sw + j·dw] over an already padded image.
    fn unfold(xp: &[Float], g: &Geometry, cols: &mut [Float]) -> () {
        match (g.sw, g.ow) {
            (1, 16..) => unfold_runs::<16>(xp, g, cols),
            (1, 8..) => unfold_runs::<8>(xp, g, cols),
            (1, 4..) => unfold_runs::<4>(xp, g, cols),
            _ => unfold_strided(xp, g, cols),
        }
    }
}

/// `unfold` at stride sw = 1 with OW ≥ B: every run is `copy_blocks::<B>`, chosen once per call.
#[inline(always)]
fn unfold_runs<const B: usize>(xp: &[Float], g: &Geometry, cols: &mut [Float]) {
    let (ow, step, plane) = (g.ow, g.sh * g.wp(), g.hp() * g.wp());
    for (r, row) in cols.chunks_exact_mut(g.l()).enumerate() {
        let (c, i, j) = (r / (g.kh * g.kw), r / g.kw % g.kh, r % g.kw);
        let src = &xp[c * plane + i * g.dh * g.wp() + j * g.dw..];
        for (dst, s) in row.chunks_exact_mut(ow).zip(src.chunks(step)) {
            copy_blocks::<B>(dst, &s[..ow]);
        }
    }
}

/// `unfold` for any stride and width, value by value.
#[inline(always)]
fn unfold_strided(xp: &[Float], g: &Geometry, cols: &mut [Float]) {
    let (plane, wp) = (g.hp() * g.wp(), g.wp());
    for (r, row) in cols.chunks_exact_mut(g.l()).enumerate() {
        let (c, i, j) = (r / (g.kh * g.kw), r / g.kw % g.kh, r % g.kw);
        let base = c * plane + i * g.dh * wp + j * g.dw;
        for (p, dst) in row.chunks_exact_mut(g.ow).enumerate() {
            let src = &xp[base + p * g.sh * wp..];
            for (q, d) in dst.iter_mut().enumerate() {
                *d = src[q * g.sw];
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Conv2d, Rng, Shape, Tensor};

    /// Odd geometries: stride, padding and dilation apart and together, a 1×1 kernel, groups.
    pub(crate) fn geometries() -> Vec<(Geometry, Tensor)> {
        let mut rng = Rng::seed(31);
        let cases = [
            ([2, 3, 7, 6], [4, 3, 3, 2], (1, 1), (1, 2), (1, 1), 1),
            ([1, 2, 9, 8], [2, 2, 3, 3], (2, 3), (0, 1), (2, 1), 1),
            ([1, 4, 5, 5], [6, 2, 2, 3], (1, 2), (2, 0), (1, 2), 2),
            ([2, 3, 4, 5], [5, 3, 1, 1], (1, 1), (0, 0), (1, 1), 1),
            ([1, 1, 28, 28], [2, 1, 5, 5], (1, 1), (2, 2), (1, 1), 1),
        ];
        cases
            .iter()
            .map(|&(x, w, stride, padding, dilation, groups)| {
                let opt = Conv2d { stride, padding, dilation, groups };
                let g = Geometry::new(&Shape::from(x), &Shape::from(w), &opt);
                (g, Tensor::rand_normal([x[1], x[2], x[3]], 0.0, 1.0, &mut rng))
            })
            .collect()
    }

    #[test]
    fn columns_follow_the_index_formula() {
        for (g, x) in geometries() {
            let mut buf = vec![Float::NAN; columns_len(&g)];
            let cols = columns(x.data(), &g, &mut buf).to_vec();
            assert_eq!(cols.len(), g.c * g.kh * g.kw * g.l(), "{g:?}");
            for (r, f) in (0..cols.len()).map(|f| (f / g.l(), f % g.l())) {
                let (c, i, j, p, q) = (r / (g.kh * g.kw), r / g.kw % g.kh, r % g.kw, f / g.ow, f % g.ow);
                let (y, z) = (
                    (p * g.sh + i * g.dh) as isize - g.ph as isize,
                    (q * g.sw + j * g.dw) as isize - g.pw as isize,
                );
                let inside = (0..g.h as isize).contains(&y) && (0..g.w as isize).contains(&z);
                let want = if inside { x.at(&[c, y as usize, z as usize]) } else { 0.0 };
                // Exact: unfolding copies values (or writes zeros); nothing is computed.
                assert_eq!(
                    cols[r * g.l() + f].to_bits(),
                    want.to_bits(),
                    "{g:?} at ({c}, {i}, {j}), ({p}, {q})"
                );
            }
        }
    }
}
