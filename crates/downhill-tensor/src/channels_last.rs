//! Moving images between the planar layout [C, H, W] and a channels-last buffer whose pixel
//! (y, x) holds its channels contiguously (at `first + y·row + x·depth`, depth ≥ C rounded up to 16),
//! the layout the Winograd tile transforms read and write (`winograd_tiles.rs`):
//!   to:    dst[first + y·row + x·depth + c] = src[c, y, x]              (channels past C: 0)
//!   from:  dst[c, y, x] = src[first + y·row + x·depth + c] (+ bias[c])
//! Sixteen channels × sixteen columns at a time are a 16×16 transpose in registers (64 shuffles for
//! 256 values), instead of 256 scalar loads and stores with a stride of `depth` floats. Per image
//! of the MNIST CNN's second layer these copies were about half of the Winograd transforms' time.
//! The transpose needs AVX-512 (`few_rows::vector_path`); with AVX2 only, eight channels × eight
//! columns go through an 8×8 transpose (module `avx2`); other CPUs take the scalar loops.
use crate::few_rows::{avx2_path, vector_path};
use crate::Float;

/// Where a channels-last image sits in its buffer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    /// Index of pixel (0, 0)'s first channel.
    pub first: usize,
    /// Values from one row of pixels to the next.
    pub row: usize,
    /// Values from one pixel to the next (a multiple of 16, at least C).
    pub depth: usize,
}

/// The planar image's shape: C planes of H rows of W values.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Planes {
    pub c: usize,
    pub h: usize,
    pub w: usize,
}

/// Copies planar `src` [C, H, W] into channels-last `dst` at `at`, writing channels C..C rounded up
/// to 16 as zeros; the rest of `dst` is untouched.
pub(crate) fn to_channels_last(src: &[Float], p: Planes, dst: &mut [Float], at: Layout) {
    check(src.len(), p, dst.len(), at);
    #[cfg(target_arch = "x86_64")]
    if vector_path() {
        // SAFETY: the instruction sets were detected; `check` bounds every index.
        return unsafe { vector::to(src, p, dst, at) };
    }
    #[cfg(target_arch = "x86_64")]
    if avx2_path() {
        // SAFETY: as above, for AVX2.
        return unsafe { avx2::to(src, p, dst, at) };
    }
    scalar_to(src, p, dst, at)
}

/// `to_channels_last` one value at a time.
fn scalar_to(src: &[Float], p: Planes, dst: &mut [Float], at: Layout) {
    for y in 0..p.h {
        for x in 0..p.w {
            let pixel = &mut dst[at.first + y * at.row + x * at.depth..][..p.c.next_multiple_of(16)];
            for (c, v) in pixel.iter_mut().enumerate() {
                *v = if c < p.c { src[(c * p.h + y) * p.w + x] } else { 0.0 };
            }
        }
    }
}

/// Zeroes every pixel of a channels-last buffer of `rows` × `cols` pixels (`depth` values each)
/// outside the h × w window whose first pixel is (top, left): with `to_channels_last` filling the
/// window, the buffer is then written once, where clearing it all first wrote the window twice.
pub(crate) fn zero_around(buf: &mut [Float], (rows, cols, depth): (usize, usize, usize), window: [usize; 4]) {
    let [top, left, h, w] = window;
    assert!(top + h <= rows && left + w <= cols, "channels-last border: window {window:?} in {rows}×{cols}");
    for (r, row) in buf[..rows * cols * depth].chunks_exact_mut(cols * depth).enumerate() {
        if r < top || r >= top + h {
            row.fill(0.0);
        } else {
            row[..left * depth].fill(0.0);
            row[(left + w) * depth..].fill(0.0);
        }
    }
}

/// Copies channels-last `src` at `at` into planar `dst` [C, H, W], adding `bias[c]` when given.
pub(crate) fn from_channels_last(
    src: &[Float],
    at: Layout,
    bias: Option<&[Float]>,
    p: Planes,
    dst: &mut [Float],
) {
    check(dst.len(), p, src.len(), at);
    assert!(
        bias.is_none_or(|b| b.len() == p.c),
        "channels-last copy: bias length differs from {} channels",
        p.c
    );
    #[cfg(target_arch = "x86_64")]
    if vector_path() {
        // SAFETY: the instruction sets were detected; `check` bounds every index.
        return unsafe { vector::from(src, at, bias, p, dst) };
    }
    #[cfg(target_arch = "x86_64")]
    if avx2_path() {
        // SAFETY: as above, for AVX2.
        return unsafe { avx2::from(src, at, bias, p, dst) };
    }
    scalar_from(src, at, bias, p, dst)
}

/// `from_channels_last` one value at a time.
fn scalar_from(src: &[Float], at: Layout, bias: Option<&[Float]>, p: Planes, dst: &mut [Float]) {
    for (c, plane) in dst.chunks_exact_mut(p.h * p.w).enumerate() {
        let add = bias.map_or(0.0, |b| b[c]);
        for (y, row) in plane.chunks_exact_mut(p.w).enumerate() {
            for (x, v) in row.iter_mut().enumerate() {
                *v = src[at.first + y * at.row + x * at.depth + c] + add;
            }
        }
    }
}

/// Panics unless the planar buffer holds exactly C·H·W values and every pixel's padded channels
/// lie inside the channels-last buffer.
fn check(planar: usize, p: Planes, channels_last: usize, at: Layout) {
    let c16 = p.c.next_multiple_of(16);
    assert!(planar == p.c * p.h * p.w, "channels-last copy: {planar} values for [{}, {}, {}]", p.c, p.h, p.w);
    assert!(
        at.depth >= c16 && at.depth.is_multiple_of(16),
        "channels-last copy: pixels {} apart for {} channels",
        at.depth,
        p.c
    );
    if p.h > 0 && p.w > 0 && p.c > 0 {
        let end = at.first + (p.h - 1) * at.row + (p.w - 1) * at.depth + c16;
        assert!(end <= channels_last, "channels-last copy: pixels up to {end} in {channels_last} values");
    }
}

#[cfg(target_arch = "x86_64")]
mod vector {
    use super::{Layout, Planes};
    use crate::lanes::first_lanes;
    use crate::Float;
    use std::arch::x86_64::*;

    /// Transposes 16 vectors of 16 in place: afterwards r[j][i] is the former r[i][j]. Three rounds:
    /// pairs of rows interleaved, 4×4 blocks within each 128-bit lane, then the lanes exchanged.
    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    fn transpose(r: &mut [__m512; 16]) {
        let mut a = [_mm512_setzero_ps(); 16];
        for i in 0..8 {
            a[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
            a[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
        }
        // b[4i + j], lane l: column 4l + j of rows 4i..4i + 4.
        let mut b = [_mm512_setzero_ps(); 16];
        for i in 0..4 {
            b[4 * i] = _mm512_shuffle_ps::<0x44>(a[4 * i], a[4 * i + 2]);
            b[4 * i + 1] = _mm512_shuffle_ps::<0xEE>(a[4 * i], a[4 * i + 2]);
            b[4 * i + 2] = _mm512_shuffle_ps::<0x44>(a[4 * i + 1], a[4 * i + 3]);
            b[4 * i + 3] = _mm512_shuffle_ps::<0xEE>(a[4 * i + 1], a[4 * i + 3]);
        }
        for j in 0..4 {
            let (p_even, p_odd) =
                (_mm512_shuffle_f32x4::<0x88>(b[j], b[4 + j]), _mm512_shuffle_f32x4::<0xDD>(b[j], b[4 + j]));
            let (q_even, q_odd) = (
                _mm512_shuffle_f32x4::<0x88>(b[8 + j], b[12 + j]),
                _mm512_shuffle_f32x4::<0xDD>(b[8 + j], b[12 + j]),
            );
            r[j] = _mm512_shuffle_f32x4::<0x88>(p_even, q_even);
            r[4 + j] = _mm512_shuffle_f32x4::<0x88>(p_odd, q_odd);
            r[8 + j] = _mm512_shuffle_f32x4::<0xDD>(p_even, q_even);
            r[12 + j] = _mm512_shuffle_f32x4::<0xDD>(p_odd, q_odd);
        }
    }

    // `to` and `from` write out the same three loops over blocks: passing each block to a closure
    // (or an iterator) cost 10-20 % here, since the closure's body is not compiled with the
    // kernels' instruction sets and `transpose` then becomes a call.

    /// `super::to_channels_last` on AVX-512.
    /// SAFETY: the caller detected the instruction sets and checked the bounds (`super::check`).
    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    pub(super) unsafe fn to(src: &[Float], p: Planes, dst: &mut [Float], at: Layout) {
        let plane = p.h * p.w;
        for c0 in (0..p.c).step_by(16) {
            let channels = (p.c - c0).min(16);
            for y in 0..p.h {
                for x0 in (0..p.w).step_by(16) {
                    let (cols, mask) = ((p.w - x0).min(16), first_lanes(p.w - x0));
                    let mut r = [_mm512_setzero_ps(); 16];
                    // SAFETY: channel c0 + c < C, columns x0..x0 + cols < W of row y (masked load).
                    for (c, v) in r.iter_mut().enumerate().take(channels) {
                        *v = unsafe {
                            _mm512_maskz_loadu_ps(mask, src.as_ptr().add((c0 + c) * plane + y * p.w + x0))
                        };
                    }
                    transpose(&mut r);
                    for (x, v) in r.iter().enumerate().take(cols) {
                        // SAFETY: pixel (y, x0 + x) with x0 + x < W: its 16 channels from c0 lie
                        // within depth ≥ C rounded up to 16 (checked).
                        unsafe {
                            _mm512_storeu_ps(
                                dst.as_mut_ptr().add(at.first + y * at.row + (x0 + x) * at.depth + c0),
                                *v,
                            )
                        };
                    }
                }
            }
        }
    }

    /// `super::from_channels_last` on AVX-512.
    /// SAFETY: the caller detected the instruction sets and checked the bounds (`super::check`).
    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    pub(super) unsafe fn from(
        src: &[Float],
        at: Layout,
        bias: Option<&[Float]>,
        p: Planes,
        dst: &mut [Float],
    ) {
        let plane = p.h * p.w;
        for c0 in (0..p.c).step_by(16) {
            let channels = (p.c - c0).min(16);
            for y in 0..p.h {
                for x0 in (0..p.w).step_by(16) {
                    let (cols, mask) = ((p.w - x0).min(16), first_lanes(p.w - x0));
                    let mut r = [_mm512_setzero_ps(); 16];
                    for (x, v) in r.iter_mut().enumerate().take(cols) {
                        // SAFETY: as in `to`, pixel (y, x0 + x) and its 16 channels from c0.
                        *v = unsafe {
                            _mm512_loadu_ps(
                                src.as_ptr().add(at.first + y * at.row + (x0 + x) * at.depth + c0),
                            )
                        };
                    }
                    transpose(&mut r);
                    for (c, v) in r.iter().enumerate().take(channels) {
                        let v = match bias {
                            Some(b) => _mm512_add_ps(*v, _mm512_set1_ps(b[c0 + c])),
                            None => *v,
                        };
                        // SAFETY: channel c0 + c < C, columns x0..x0 + cols < W of row y (masked store).
                        unsafe {
                            _mm512_mask_storeu_ps(
                                dst.as_mut_ptr().add((c0 + c) * plane + y * p.w + x0),
                                mask,
                                v,
                            )
                        };
                    }
                }
            }
        }
    }
}

/// The copies with AVX2: blocks of eight channels × eight columns, as `vector`'s sixteen.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Layout, Planes};
    use crate::lanes::first_lanes_avx2 as first_lanes;
    use crate::Float;
    use std::arch::x86_64::*;

    /// Transposes 8 vectors of 8 in place: afterwards r[j][i] is the former r[i][j]. Pairs of rows
    /// interleaved, 4×4 blocks within each 128-bit lane, then the lanes exchanged.
    #[target_feature(enable = "avx2,fma")]
    fn transpose(r: &mut [__m256; 8]) {
        let mut a = [_mm256_setzero_ps(); 8];
        for i in 0..4 {
            a[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
            a[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
        }
        // b[4i + j], lane l: column 4l + j of rows 4i..4i + 4.
        let mut b = [_mm256_setzero_ps(); 8];
        for i in 0..2 {
            b[4 * i] = _mm256_shuffle_ps::<0x44>(a[4 * i], a[4 * i + 2]);
            b[4 * i + 1] = _mm256_shuffle_ps::<0xEE>(a[4 * i], a[4 * i + 2]);
            b[4 * i + 2] = _mm256_shuffle_ps::<0x44>(a[4 * i + 1], a[4 * i + 3]);
            b[4 * i + 3] = _mm256_shuffle_ps::<0xEE>(a[4 * i + 1], a[4 * i + 3]);
        }
        for j in 0..4 {
            r[j] = _mm256_permute2f128_ps::<0x20>(b[j], b[4 + j]);
            r[4 + j] = _mm256_permute2f128_ps::<0x31>(b[j], b[4 + j]);
        }
    }

    /// `super::to_channels_last` with AVX2: channels C..C rounded up to 16 are written as zeros.
    /// SAFETY: the caller detected the instruction sets and checked the bounds (`super::check`).
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn to(src: &[Float], p: Planes, dst: &mut [Float], at: Layout) {
        let plane = p.h * p.w;
        for c0 in (0..p.c.next_multiple_of(16)).step_by(8) {
            let channels = p.c.saturating_sub(c0).min(8);
            for y in 0..p.h {
                for x0 in (0..p.w).step_by(8) {
                    let (cols, mask) = ((p.w - x0).min(8), first_lanes(p.w - x0));
                    let mut r = [_mm256_setzero_ps(); 8];
                    // SAFETY: channel c0 + c < C, columns x0..x0 + cols < W of row y (a masked
                    // load for fewer than 8).
                    for (c, v) in r.iter_mut().enumerate().take(channels) {
                        let at = src.as_ptr().wrapping_add((c0 + c) * plane + y * p.w + x0);
                        *v = unsafe {
                            match cols {
                                8 => _mm256_loadu_ps(at),
                                _ => _mm256_maskload_ps(at, mask),
                            }
                        };
                    }
                    transpose(&mut r);
                    for (x, v) in r.iter().enumerate().take(cols) {
                        // SAFETY: pixel (y, x0 + x) with x0 + x < W: its channels c0..c0 + 8 lie
                        // within depth ≥ C rounded up to 16 (checked).
                        unsafe {
                            _mm256_storeu_ps(
                                dst.as_mut_ptr().add(at.first + y * at.row + (x0 + x) * at.depth + c0),
                                *v,
                            )
                        };
                    }
                }
            }
        }
    }

    /// `super::from_channels_last` with AVX2.
    /// SAFETY: the caller detected the instruction sets and checked the bounds (`super::check`).
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn from(
        src: &[Float],
        at: Layout,
        bias: Option<&[Float]>,
        p: Planes,
        dst: &mut [Float],
    ) {
        let plane = p.h * p.w;
        for c0 in (0..p.c).step_by(8) {
            let channels = (p.c - c0).min(8);
            for y in 0..p.h {
                for x0 in (0..p.w).step_by(8) {
                    let (cols, mask) = ((p.w - x0).min(8), first_lanes(p.w - x0));
                    let mut r = [_mm256_setzero_ps(); 8];
                    for (x, v) in r.iter_mut().enumerate().take(cols) {
                        // SAFETY: as in `to`, pixel (y, x0 + x) and its channels c0..c0 + 8.
                        *v = unsafe {
                            _mm256_loadu_ps(
                                src.as_ptr().add(at.first + y * at.row + (x0 + x) * at.depth + c0),
                            )
                        };
                    }
                    transpose(&mut r);
                    for (c, v) in r.iter().enumerate().take(channels) {
                        let v = match bias {
                            Some(b) => _mm256_add_ps(*v, _mm256_set1_ps(b[c0 + c])),
                            None => *v,
                        };
                        let out = dst.as_mut_ptr().wrapping_add((c0 + c) * plane + y * p.w + x0);
                        // SAFETY: channel c0 + c < C, columns x0..x0 + cols < W of row y. A full
                        // block is one plain store: AMD's masked stores (`vmaskmovps`) are
                        // microcoded, many times slower.
                        unsafe {
                            match cols {
                                8 => _mm256_storeu_ps(out, v),
                                _ => _mm256_maskstore_ps(out, mask, v),
                            }
                        };
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Rng, Tensor};

    type To = fn(&[Float], Planes, &mut [Float], Layout);
    type From = fn(&[Float], Layout, Option<&[Float]>, Planes, &mut [Float]);

    /// Both directions, by the dispatching functions (the vector path where the CPU has it), by
    /// the scalar loops and by the AVX2 kernels (where the CPU has AVX2), on shapes with ragged
    /// channel groups and column chunks (C = 5, 16, 33; W = 7, 16, 23), inside a padded buffer:
    /// every pixel gets exactly its channels (zeros past C), the padding is untouched (and
    /// `zero_around` zeroes exactly it), and the copy back (with a bias) restores the image.
    /// Exact: copies and one addition.
    #[test]
    fn copies_both_ways_around_padding() {
        check_copies(to_channels_last, from_channels_last);
        check_copies(scalar_to, scalar_from);
        #[cfg(target_arch = "x86_64")]
        if avx2_path() {
            // SAFETY (both): AVX2 was detected; `check_copies` passes bounds `check` accepts.
            let to: To = |s, p, d, at| {
                check(s.len(), p, d.len(), at);
                unsafe { avx2::to(s, p, d, at) }
            };
            let from: From = |s, at, b, p, d| {
                check(d.len(), p, s.len(), at);
                unsafe { avx2::from(s, at, b, p, d) }
            };
            check_copies(to, from);
        }
    }

    fn check_copies(to_channels_last: To, from_channels_last: From) {
        let mut rng = Rng::seed(5);
        for (c, h, w) in [(5, 3, 7), (16, 14, 16), (33, 2, 23)] {
            let p = Planes { c, h, w };
            let depth = c.next_multiple_of(16);
            let at = Layout { first: (2 * (w + 4) + 2) * depth, row: (w + 4) * depth, depth };
            let x = Tensor::rand_normal([c * h * w], 0.0, 1.0, &mut rng);
            let mut buf = vec![7.0; (h + 4) * (w + 4) * depth];
            to_channels_last(x.data(), p, &mut buf, at);
            let mut framed = buf.clone();
            zero_around(&mut framed, (h + 4, w + 4, depth), [2, 2, h, w]);
            for (i, (&v, &f)) in buf.iter().zip(&framed).enumerate() {
                let (pixel, ch) = (i / depth, i % depth);
                let (y, xx) = ((pixel / (w + 4)).wrapping_sub(2), (pixel % (w + 4)).wrapping_sub(2));
                let inside = y < h && xx < w;
                assert_eq!(f, if inside { v } else { 0.0 }, "{c}x{h}x{w}: zero_around at pixel ({y}, {xx})");
                let want = match (inside, ch < c) {
                    (false, _) => 7.0,
                    (true, false) => 0.0,
                    (true, true) => x.data()[(ch * h + y) * w + xx],
                };
                assert_eq!(v, want, "{c}x{h}x{w}: channel {ch} of pixel ({y}, {xx})");
            }
            let bias: Vec<Float> = (0..c).map(|i| i as Float).collect();
            let mut back = vec![0.0; c * h * w];
            from_channels_last(&buf, at, Some(&bias), p, &mut back);
            for (i, (&got, &orig)) in back.iter().zip(x.data()).enumerate() {
                assert_eq!(got, orig + (i / (h * w)) as Float, "{c}x{h}x{w}: value {i}");
            }
        }
    }
}
