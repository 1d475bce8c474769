//! The usual max pooling, 2×2 windows with stride 2 and no padding, one plane of H × W at a time
//! (the general kernels are in `max_pool2d.rs`). Output (p, q) compares, in this order,
//!   x[2p, 2q], x[2p, 2q+1], x[2p+1, 2q], x[2p+1, 2q+1]
//! keeping the running maximum m unless v > m or v is NaN (torch's rule), so ties keep the first
//! cell in row-major order. The windows tile the plane (a last odd row or column is in none), so the
//! backward writes every cell of dx once: dy[p, q] + 0 at the argmax of its window, 0 elsewhere
//! (`0 + dy` as the scatter into a cleared plane gives, so −0 becomes +0 as it did there); without
//! AVX-512, `max_pool2d.rs` clears the plane and scatters instead (faster there).
//! On AVX-512 the forward takes 16 outputs per step: 32 floats of each of the two rows, split into
//! even and odd columns (`vpermt2ps`), three compare-and-blends, masked loads and stores for the
//! ragged tail (OW = 14 on the MNIST CNN's first layer). It selects the very values and indices the
//! scalar loop does, bit for bit (tests below compare them on ties, NaN and odd widths). The backward
//! takes 16 outputs per step the same way: four lane masks (which cell won), dy masked by each, and
//! the columns interleaved back. `benches/pool.rs`, batch 64, 2 threads, medians of 3 on a loaded
//! machine: the forward on [64, 16, 28, 28] went from 366 µs (scalar, stride-2 loads) to 153 µs,
//! the backward from 211 µs (clear the plane, then scatter) to 167 µs; in the MNIST CNN's epoch the
//! pooling's share of the profile went from 10.6% to 6.9% (the rest is writing dx: memory-bound).
use crate::lanes::first_lanes;
use crate::max_pool2d::keep_max;
use crate::Float;

/// Outputs `y` and their indices within the plane `at` of one plane `x` of width `w`, `y.len() / ow`
/// output rows of `ow`.
#[inline(always)]
pub(crate) fn pairs_plane(x: &[Float], w: usize, ow: usize, y: &mut [Float], at: &mut [u32]) {
    #[cfg(target_arch = "x86_64")]
    if crate::few_rows::vector_path() {
        // SAFETY: the CPU has AVX-512F, the one instruction set `pairs_plane_wide` is compiled for.
        return unsafe { pairs_plane_wide(x, w, ow, y, at) };
    }
    #[cfg(target_arch = "x86_64")]
    if crate::few_rows::avx2_path() {
        // SAFETY: the CPU has AVX2 and FMA, the instruction sets `pairs_plane_avx2` is compiled for.
        return unsafe { pairs_plane_avx2(x, w, ow, y, at) };
    }
    pairs_plane_scalar(x, w, ow, y, at)
}

/// The definition, one output at a time (the vector path's reference, and other CPUs' kernel: over
/// q it vectorises with stride-2 loads).
#[inline(always)]
fn pairs_plane_scalar(x: &[Float], w: usize, ow: usize, y: &mut [Float], at: &mut [u32]) {
    for (p, (y, at)) in y.chunks_exact_mut(ow).zip(at.chunks_exact_mut(ow)).enumerate() {
        let top = 2 * p * w;
        let (r0, r1) = (&x[top..top + 2 * ow], &x[top + w..top + w + 2 * ow]);
        let pairs = r0.chunks_exact(2).zip(r1.chunks_exact(2));
        for (q, ((m, a), (c0, c1))) in y.iter_mut().zip(at.iter_mut()).zip(pairs).enumerate() {
            let i = (top + 2 * q) as u32;
            let (mut mv, mut ai) = (c0[0], i);
            keep_max(c0[1], i + 1, &mut mv, &mut ai);
            keep_max(c1[0], i + w as u32, &mut mv, &mut ai);
            keep_max(c1[1], i + w as u32 + 1, &mut mv, &mut ai);
            (*m, *a) = (mv, ai);
        }
    }
}

/// `pairs_plane_scalar` 16 outputs at a time (the caller asserts planes below 2³² values, so the
/// indices' 32-bit arithmetic is exact).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn pairs_plane_wide(x: &[Float], w: usize, ow: usize, y: &mut [Float], at: &mut [u32]) {
    use std::arch::x86_64::*;
    let oh = y.len() / ow;
    assert!(
        y.len() == oh * ow && at.len() == y.len() && 2 * oh * w <= x.len() && 2 * ow <= w,
        "max_pool2d: a plane of {} values for {oh}×{ow} outputs of width {w}",
        x.len()
    );
    let even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    let odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    // Which cell won, as its offset from the window's first: 1, W, W + 1 (0 is the start).
    let cells = [_mm512_set1_epi32(1), _mm512_set1_epi32(w as i32), _mm512_set1_epi32(w as i32 + 1)];
    for p in 0..oh {
        let top = 2 * p * w;
        let mut q = 0;
        while q < ow {
            let n = (ow - q).min(16);
            let (lo, hi, outs) =
                (first_lanes(2 * n), first_lanes((2 * n).saturating_sub(16)), first_lanes(n));
            // SAFETY: loads read the 2n ≤ 32 floats at columns 2q.. of rows 2p and 2p + 1, inside
            // the plane as 2q + 2n ≤ 2·OW ≤ W and 2p + 1 < 2·OH (the assert); masked-off lanes
            // are not read (their addresses are formed with wrapping arithmetic and never touched).
            // Stores write n outputs and n indices at p·OW + q.., inside y and at.
            unsafe {
                let load = |r: usize, mask: u16, off: usize| {
                    _mm512_maskz_loadu_ps(mask, x.as_ptr().wrapping_add(top + r * w + 2 * q + off))
                };
                let (a0, b0, a1, b1) = (load(0, lo, 0), load(0, hi, 16), load(1, lo, 0), load(1, hi, 16));
                let mut m = _mm512_permutex2var_ps(a0, even, b0);
                let mut which = _mm512_setzero_si512();
                let rest = [
                    _mm512_permutex2var_ps(a0, odd, b0),
                    _mm512_permutex2var_ps(a1, even, b1),
                    _mm512_permutex2var_ps(a1, odd, b1),
                ];
                for (v, cell) in rest.into_iter().zip(cells) {
                    let k = _mm512_cmp_ps_mask::<_CMP_GT_OQ>(v, m) | _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(v, v);
                    m = _mm512_mask_blend_ps(k, m, v);
                    which = _mm512_mask_blend_epi32(k, which, cell);
                }
                // Within the plane: top + 2q + 2l + which.
                let first = _mm512_add_epi32(even, _mm512_set1_epi32((top + 2 * q) as i32));
                let out = p * ow + q;
                _mm512_mask_storeu_ps(y.as_mut_ptr().wrapping_add(out), outs, m);
                let at_out = at.as_mut_ptr().wrapping_add(out) as *mut i32;
                _mm512_mask_storeu_epi32(at_out, outs, _mm512_add_epi32(first, which));
            }
            q += n;
        }
    }
}

/// `pairs_plane_scalar` 8 outputs at a time with AVX2: 16 floats of each row split into even and
/// odd columns (`vshufps` and `vpermpd`), the same three compare-and-blends, and the same values and
/// indices, bit for bit. Ragged tails load masked and store through a buffer (AMD's masked stores
/// are microcoded). Without it the scalar loop took 11 % of the MNIST CNN's samples on AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn pairs_plane_avx2(x: &[Float], w: usize, ow: usize, y: &mut [Float], at: &mut [u32]) {
    use crate::lanes::first_lanes_avx2 as first_lanes;
    use std::arch::x86_64::*;
    let oh = y.len() / ow;
    assert!(
        y.len() == oh * ow && at.len() == y.len() && 2 * oh * w <= x.len() && 2 * ow <= w,
        "max_pool2d: a plane of {} values for {oh}×{ow} outputs of width {w}",
        x.len()
    );
    // Columns 2l (even) or 2l + 1 (odd) of a (columns 0..8) and b (8..16), l < 8, in order.
    let even = |a: __m256, b: __m256| {
        _mm256_castpd_ps(_mm256_permute4x64_pd::<0xD8>(_mm256_castps_pd(_mm256_shuffle_ps::<0x88>(a, b))))
    };
    let odd = |a: __m256, b: __m256| {
        _mm256_castpd_ps(_mm256_permute4x64_pd::<0xD8>(_mm256_castps_pd(_mm256_shuffle_ps::<0xDD>(a, b))))
    };
    let evens = _mm256_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14);
    // Which cell won, as its offset from the window's first: 1, W, W + 1 (0 is the start).
    let cells = [_mm256_set1_epi32(1), _mm256_set1_epi32(w as i32), _mm256_set1_epi32(w as i32 + 1)];
    for p in 0..oh {
        let top = 2 * p * w;
        let mut q = 0;
        while q < ow {
            let n = (ow - q).min(8);
            let (lo, hi) = (first_lanes(2 * n), first_lanes((2 * n).saturating_sub(8)));
            // SAFETY: loads read the 2n ≤ 16 floats at columns 2q.. of rows 2p and 2p + 1, inside
            // the plane as 2q + 2n ≤ 2·OW ≤ W and 2p + 1 < 2·OH (the assert); masked-off lanes are
            // not read. Stores write n outputs and n indices at p·OW + q.., inside y and at.
            unsafe {
                let load = |r: usize, off: usize, mask: __m256i| {
                    let from = x.as_ptr().wrapping_add(top + r * w + 2 * q + off);
                    if n == 8 {
                        _mm256_loadu_ps(from)
                    } else {
                        _mm256_maskload_ps(from, mask)
                    }
                };
                let (a0, b0, a1, b1) = (load(0, 0, lo), load(0, 8, hi), load(1, 0, lo), load(1, 8, hi));
                let mut m = even(a0, b0);
                let mut which = _mm256_setzero_ps();
                for (v, cell) in [odd(a0, b0), even(a1, b1), odd(a1, b1)].into_iter().zip(cells) {
                    let k =
                        _mm256_or_ps(_mm256_cmp_ps::<_CMP_GT_OQ>(v, m), _mm256_cmp_ps::<_CMP_UNORD_Q>(v, v));
                    m = _mm256_blendv_ps(m, v, k);
                    which = _mm256_blendv_ps(which, _mm256_castsi256_ps(cell), k);
                }
                // Within the plane: top + 2q + 2l + which.
                let first = _mm256_add_epi32(evens, _mm256_set1_epi32((top + 2 * q) as i32));
                let index = _mm256_add_epi32(first, _mm256_castps_si256(which));
                let out = p * ow + q;
                if n == 8 {
                    _mm256_storeu_ps(y.as_mut_ptr().wrapping_add(out), m);
                    _mm256_storeu_si256(at.as_mut_ptr().wrapping_add(out) as *mut __m256i, index);
                } else {
                    let (mut values, mut indices) = ([0.0; 8], [0u32; 8]);
                    _mm256_storeu_ps(values.as_mut_ptr(), m);
                    _mm256_storeu_si256(indices.as_mut_ptr() as *mut __m256i, index);
                    y[out..out + n].copy_from_slice(&values[..n]);
                    at[out..out + n].copy_from_slice(&indices[..n]);
                }
            }
            q += n;
        }
    }
}

/// dx of one plane (`d`, H × W) from its outputs' `dy` and `at`, where the CPU has AVX-512:
/// every cell is written, so `d` may hold stale values; an index outside its window (not from
/// this pooling's forward) drops that gradient. Returns false, writing nothing, elsewhere: one
/// output at a time, four branch-free selects per output were slower (275 µs on the bench's first
/// layer) than clearing the plane and scattering (230 µs), and a branch on the winning cell
/// mispredicts (1.4 ms).
#[inline(always)]
pub(crate) fn pairs_backward_plane(dy: &[Float], at: &[u32], w: usize, ow: usize, d: &mut [Float]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if crate::few_rows::vector_path() {
        // SAFETY: the CPU has AVX-512F, the one instruction set `pairs_backward_wide` is compiled for.
        unsafe { pairs_backward_wide(dy, at, w, ow, d) };
        return true;
    }
    let _ = (dy, at, w, ow, d);
    false
}

/// Zeroes the cells no window covers: a last odd column and a last odd row.
#[inline(always)]
fn clear_outside_windows(d: &mut [Float], w: usize, ow: usize, oh: usize) {
    for row in d[..2 * oh * w].chunks_exact_mut(w) {
        row[2 * ow..].fill(0.0);
    }
    d[2 * oh * w..].fill(0.0);
}

/// The backward 16 outputs at a time: which cell of each window won, as four lane masks; the
/// masked dy + 0 for each cell; even and odd columns interleaved back (`vpermt2ps`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn pairs_backward_wide(dy: &[Float], at: &[u32], w: usize, ow: usize, d: &mut [Float]) {
    use std::arch::x86_64::*;
    let oh = dy.len() / ow;
    assert!(
        dy.len() == oh * ow && at.len() == dy.len() && 2 * oh * w <= d.len() && 2 * ow <= w,
        "max_pool2d backward: a plane of {} values for {oh}×{ow} outputs of width {w}",
        d.len()
    );
    let lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    let hi = _mm512_add_epi32(lo, _mm512_set1_epi32(8));
    let step = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    let cells = [0, 1, w as i32, w as i32 + 1];
    for p in 0..oh {
        let top = 2 * p * w;
        let mut q = 0;
        while q < ow {
            let n = (ow - q).min(16);
            let (lo_n, hi_n, outs) =
                (first_lanes(2 * n), first_lanes((2 * n).saturating_sub(16)), first_lanes(n));
            let out = p * ow + q;
            // SAFETY: loads read n values of dy and at from p·OW + q, inside them; stores write the
            // 2n ≤ 32 floats at columns 2q.. of rows 2p and 2p + 1, inside the plane as
            // 2q + 2n ≤ 2·OW ≤ W and 2p + 1 < 2·OH (the assert). Masked-off lanes are not touched
            // (their addresses are formed with wrapping arithmetic).
            unsafe {
                let g = _mm512_maskz_loadu_ps(outs, dy.as_ptr().wrapping_add(out));
                let g = _mm512_add_ps(g, _mm512_setzero_ps());
                let a = _mm512_maskz_loadu_epi32(outs, at.as_ptr().wrapping_add(out) as *const i32);
                let first = _mm512_add_epi32(step, _mm512_set1_epi32((top + 2 * q) as i32));
                let k = _mm512_sub_epi32(a, first);
                let mut hit = [0u16; 4];
                for (m, &cell) in hit.iter_mut().zip(&cells) {
                    *m = _mm512_cmpeq_epi32_mask(k, _mm512_set1_epi32(cell));
                }
                for r in 0..2 {
                    let (a, b) = (_mm512_maskz_mov_ps(hit[2 * r], g), _mm512_maskz_mov_ps(hit[2 * r + 1], g));
                    let ptr = d.as_mut_ptr().wrapping_add(top + r * w + 2 * q);
                    _mm512_mask_storeu_ps(ptr, lo_n, _mm512_permutex2var_ps(a, lo, b));
                    _mm512_mask_storeu_ps(ptr.wrapping_add(16), hi_n, _mm512_permutex2var_ps(a, hi, b));
                }
            }
            q += n;
        }
    }
    clear_outside_windows(d, w, ow, oh);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Pool2d, Rng, Tensor};

    /// Planes of H × W with values in 0..3 (many ties), NaNs sprinkled in, and both zeros.
    fn tricky(h: usize, w: usize, seed: u64) -> Vec<Float> {
        let u = Tensor::rand_uniform([h * w], 0.0, 1.0, &mut Rng::seed(seed));
        let pick = |v: Float| match (v * 40.0) as usize {
            0 => Float::NAN,
            1 => -0.0,
            2 => 0.0,
            k => (k % 3) as Float,
        };
        u.data().iter().map(|&v| pick(v)).collect()
    }

    #[test]
    fn the_vector_path_selects_what_the_scalar_loop_selects() {
        // Widths whose OW leaves ragged tails of 16 (14, 7, 15, 4, 1) and one of two whole vectors
        // (of 8: 6, 7, 7, 4, 1, and whole vectors).
        for (h, w) in [(28, 28), (14, 14), (30, 30), (9, 9), (5, 31), (3, 8), (2, 2), (4, 64)] {
            let x = tricky(h, w, (h * 100 + w) as u64);
            let (oh, ow) = (h / 2, w / 2);
            let (mut y, mut at) = (vec![0.0; oh * ow], vec![0; oh * ow]);
            pairs_plane_scalar(&x, w, ow, &mut y, &mut at);
            let (mut y2, mut at2) = (vec![1.0; oh * ow], vec![7; oh * ow]);
            pairs_plane(&x, w, ow, &mut y2, &mut at2);
            let bits = |v: &[Float]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
            assert_eq!((bits(&y2), &at2), (bits(&y), &at), "plane {h}×{w}");
            #[cfg(target_arch = "x86_64")]
            if crate::few_rows::avx2_path() {
                // The AVX2 kernel too, also where AVX-512 takes the planes.
                let (mut y3, mut at3) = (vec![1.0; oh * ow], vec![7; oh * ow]);
                // SAFETY: AVX2 and FMA were detected.
                unsafe { pairs_plane_avx2(&x, w, ow, &mut y3, &mut at3) };
                assert_eq!((bits(&y3), &at3), (bits(&y), &at), "AVX2, plane {h}×{w}");
            }
            // And the index points at the value taken.
            assert!(y.iter().zip(&at).all(|(v, &i)| x[i as usize].to_bits() == v.to_bits()));
        }
    }

    #[test]
    fn the_backward_writes_every_cell_as_a_scatter_into_zeros_would() {
        // Odd H and W leave a last row and column in no window: they must be cleared too.
        for (n, c, h, w) in [(2, 3, 7, 9), (1, 2, 28, 28), (3, 1, 14, 14)] {
            let x = Tensor::from_vec(tricky(n * c * h, w, 5), [n, c, h, w]).unwrap();
            let (y, at) = x.max_pool2d(&Pool2d::new((2, 2)));
            let mut dy = Tensor::rand_normal(y.dims(), 0.0, 1.0, &mut Rng::seed(6));
            (dy.data_mut()[0], dy.data_mut()[1]) = (-0.0, Float::NAN);
            let (plane, per_y) = (h * w, y.numel() / (n * c));
            let mut want = vec![0.0; x.numel()];
            at.iter()
                .zip(dy.data())
                .enumerate()
                .for_each(|(k, (&i, &g))| want[k / per_y * plane + i as usize] += g);
            let bits = |v: &[Float]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
            let public = dy.max_pool2d_backward(&at, x.shape(), &Pool2d::new((2, 2)));
            assert_eq!(bits(public.data()), bits(&want), "max_pool2d_backward, input {n}×{c}×{h}×{w}");
            let mut got = vec![Float::NAN; x.numel()];
            for (k, d) in got.chunks_exact_mut(plane).enumerate() {
                let ys = k * per_y..(k + 1) * per_y;
                if !pairs_backward_plane(&dy.data()[ys.clone()], &at[ys], w, w / 2, d) {
                    return; // no AVX-512: max_pool2d_backward scatters (tested in max_pool2d.rs)
                }
            }
            // Exact, to the sign of zero: one value or 0 + value per cell.
            assert_eq!(bits(&got), bits(&want), "input {n}×{c}×{h}×{w}");
        }
    }
}
