//! The tile transforms of Winograd convolution (`winograd.rs`) for one image, eight tiles of a tile
//! row at a time (one vector of 8 lanes per tile value), and their adjoints:
//!   input      V[ξ][c][t] = (Bᵀ d_{c,t} B)[ξ]           d_{c,t}: the α×α window at (m·ty − ph, m·tx − pw)
//!   output     y_{o,t}    = Aᵀ M_{o,t} A (+ b[o])       clipped to OH × OW
//!   grad       dM[ξ][o][t] = (A dY_{o,t} Aᵀ)[ξ]          adjoint of output (dY read as 0 past the edge)
//!   input adj  dx_c += B dV_{c,t} Bᵀ at each window      adjoint of input (overlap-add, padding dropped)
//! Windows overlap at stride m, so each channel is first split into m column phases
//! P[R][s][u] = x[R − ph][m·u + s − pw] (0 outside the image): the column m·tx + j of tile tx is then
//! P[·][j mod m][tx + j div m], contiguous over tx, and the 8 tiles load as one vector per tap.
//! Multiplying by the constant matrices unrolls fully: zero entries vanish, ±1 become adds.
// Tiles are indexed by (row, column) of their α×α values: loops over one index read the other axis.
#![allow(clippy::needless_range_loop)]
use crate::conv2d::Geometry;
use crate::lanes::{Lanes, LANES};
use crate::winograd::{b, bt, F2x5, F4x3, Tiling, ALPHA};
use crate::Float;

/// Which F(m×m, r×r) a convolution runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    F2x5,
    F4x3,
}

/// The tiling of one convolution's images and the sizes of its buffers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan {
    pub kind: Kind,
    pub m: usize,
    pub g: Geometry,
    /// Tile rows and tiles per row: ⌈OH/m⌉, ⌈OW/m⌉.
    pub th: usize,
    pub tw: usize,
    /// Phase-array rows (m·th + α − m) and their length (tw rounded up to 8, plus (α − 1)/m).
    pub rows: usize,
    pub ulen: usize,
}

impl Plan {
    pub fn new(kind: Kind, g: Geometry) -> Plan {
        let m = match kind {
            Kind::F2x5 => F2x5::M,
            Kind::F4x3 => F4x3::M,
        };
        let (th, tw) = (g.oh.div_ceil(m), g.ow.div_ceil(m));
        Plan {
            kind,
            m,
            g,
            th,
            tw,
            rows: m * th + ALPHA - m,
            ulen: tw.next_multiple_of(LANES) + (ALPHA - 1) / m,
        }
    }
    /// Tiles per image.
    pub fn tiles(&self) -> usize {
        self.th * self.tw
    }
    /// Values of one channel's phase arrays.
    pub fn phases_len(&self) -> usize {
        self.rows * self.m * self.ulen
    }
}

/// `[f(0), …, f(N − 1)]` for N ≤ 6 Lanes, inlined (`array::from_fn` was left as an AVX-less call).
#[inline(always)]
fn gather<const N: usize>(f: impl Fn(usize) -> Lanes) -> [Lanes; N] {
    let mut r = [Lanes::default(); N];
    for (i, v) in r.iter_mut().enumerate() {
        *v = f(i);
    }
    r
}

/// Splits channel `x: [H, W]` into the zero-padded phase arrays `p` (header).
fn split_phases(x: &[Float], plan: &Plan, p: &mut [Float]) {
    let (g, m, ulen) = (&plan.g, plan.m, plan.ulen);
    p.fill(0.0);
    for (h, row) in x.chunks_exact(g.w).enumerate().take(plan.rows.saturating_sub(g.ph)) {
        let r = h + g.ph;
        for s in 0..m {
            // Phase s holds padded columns m·u + s, image columns w = m·u + s − pw inside [0, W).
            let lo = (g.pw.saturating_sub(s)).div_ceil(m);
            let hi = ((g.w + g.pw - s).div_ceil(m)).min(ulen);
            let dst = &mut p[(r * m + s) * ulen..][..ulen];
            for (u, d) in dst.iter_mut().enumerate().take(hi).skip(lo) {
                *d = row[m * u + s - g.pw];
            }
        }
    }
}

/// Where `plan`'s buffers put tile `t` of row `row` (a channel of one ξ): `row · stride + t`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rows {
    /// Distance between rows (tiles per row plus slack for a full vector).
    pub stride: usize,
    /// The first tile of this image in each row.
    pub t0: usize,
}

#[inline(always)]
fn input_tiles<T: Tiling>(x: &[Float], plan: &Plan, p: &mut [Float], v: &mut [Float], at: Rows) {
    let (g, m, ulen) = (&plan.g, T::M, plan.ulen);
    for (c, xc) in x.chunks_exact(g.h * g.w).enumerate() {
        split_phases(xc, plan, p);
        for ty in 0..plan.th {
            for tx0 in (0..plan.tw).step_by(LANES) {
                let mut e = [[Lanes::default(); ALPHA]; ALPHA]; // e[j] = Bᵀ · column j of d
                for (j, ej) in e.iter_mut().enumerate() {
                    let d = gather(|i| Lanes::load(p, ((m * ty + i) * m + j % m) * ulen + tx0 + j / m));
                    *ej = bt(&d);
                }
                let t = at.t0 + ty * plan.tw + tx0;
                for k in 0..ALPHA {
                    let row = bt(&gather(|j| e[j][k]));
                    for (l, val) in row.into_iter().enumerate() {
                        val.store(v, ((k * ALPHA + l) * g.c + c) * at.stride + t);
                    }
                }
            }
        }
    }
}

#[inline(always)]
fn output_tiles<T: Tiling>(mm: &[Float], plan: &Plan, at: Rows, b: Option<&[Float]>, y: &mut [Float]) {
    let (g, m) = (&plan.g, T::M);
    for (o, yo) in y.chunks_exact_mut(g.l()).enumerate() {
        let bias = b.map_or(0.0, |b| b[o]);
        for ty in 0..plan.th {
            for tx0 in (0..plan.tw).step_by(LANES) {
                let n = LANES.min(plan.tw - tx0);
                let t = at.t0 + ty * plan.tw + tx0;
                let mut z = [[Lanes::default(); 4]; ALPHA]; // z[l] = Aᵀ · column l of M
                for (l, zl) in z.iter_mut().enumerate() {
                    *zl = T::at(&gather(|k| Lanes::load(mm, ((k * ALPHA + l) * g.o + o) * at.stride + t)));
                }
                let width = (m * n).min(g.ow - m * tx0);
                for i in 0..m.min(g.oh - m * ty) {
                    let yi = T::at(&gather(|l| z[l][i]));
                    let mut row = [0.0; 4 * LANES]; // the tiles' row i, interleaved
                    for (j, val) in yi.iter().enumerate().take(m) {
                        for (lane, &v) in val.0.iter().enumerate() {
                            row[m * lane + j] = v;
                        }
                    }
                    let out = &mut yo[(m * ty + i) * g.ow + m * tx0..][..width];
                    for (q, &v) in out.iter_mut().zip(&row) {
                        *q = v + bias;
                    }
                }
            }
        }
    }
}

#[inline(always)]
fn grad_tiles<T: Tiling>(dy: &[Float], plan: &Plan, dm: &mut [Float], at: Rows) {
    let (g, m) = (&plan.g, T::M);
    for (o, dyo) in dy.chunks_exact(g.l()).enumerate() {
        for ty in 0..plan.th {
            for tx0 in (0..plan.tw).step_by(LANES) {
                let n = LANES.min(plan.tw - tx0);
                let width = (m * n).min(g.ow - m * tx0);
                let mut d = [[Lanes::default(); 4]; 4]; // d[j][i] = dY[i, j] of each tile
                for i in 0..m.min(g.oh - m * ty) {
                    let mut row = [0.0; 4 * LANES]; // the tiles' row i, interleaved, 0 past the edge
                    row[..width].copy_from_slice(&dyo[(m * ty + i) * g.ow + m * tx0..][..width]);
                    for (j, dj) in d.iter_mut().enumerate().take(m) {
                        for (lane, v) in dj[i].0.iter_mut().enumerate() {
                            *v = row[m * lane + j];
                        }
                    }
                }
                let e = [T::a(&d[0]), T::a(&d[1]), T::a(&d[2]), T::a(&d[3])]; // e[j] = A · column j
                let t = at.t0 + ty * plan.tw + tx0;
                for k in 0..ALPHA {
                    let row = T::a(&gather(|j| e[j][k]));
                    for (l, val) in row.into_iter().enumerate() {
                        val.store(dm, ((k * ALPHA + l) * g.o + o) * at.stride + t);
                    }
                }
            }
        }
    }
}

#[inline(always)]
fn input_adjoint<T: Tiling>(dv: &[Float], plan: &Plan, at: Rows, p: &mut [Float], dx: &mut [Float]) {
    let (g, m, ulen) = (&plan.g, T::M, plan.ulen);
    for (c, dxc) in dx.chunks_exact_mut(g.h * g.w).enumerate() {
        p.fill(0.0);
        for ty in 0..plan.th {
            for tx0 in (0..plan.tw).step_by(LANES) {
                let n = LANES.min(plan.tw - tx0);
                let t = at.t0 + ty * plan.tw + tx0;
                // Lanes past the last tile hold other tiles' values (or slack): zeroed, since the
                // patches are added into the image.
                let mut z = [[Lanes::default(); ALPHA]; ALPHA]; // z[l] = B · column l of dV
                for (l, zl) in z.iter_mut().enumerate() {
                    let col =
                        gather(|k| Lanes::load(dv, ((k * ALPHA + l) * g.c + c) * at.stride + t).first(n));
                    *zl = b(&col);
                }
                for i in 0..ALPHA {
                    let patch = b(&gather(|l| z[l][i]));
                    for (j, val) in patch.into_iter().enumerate() {
                        val.add_to(p, ((m * ty + i) * m + j % m) * ulen + tx0 + j / m);
                    }
                }
            }
        }
        for (h, out) in dxc.chunks_exact_mut(g.w).enumerate() {
            let src = &p[(h + g.ph) * m * ulen..][..m * ulen];
            for (w, o) in out.iter_mut().enumerate() {
                let col = w + g.pw;
                *o = src[(col % m) * ulen + col / m];
            }
        }
    }
}

crate::multiversion! {
    /// V for one image `x: [C, H, W]` into `v` (rows of `row` tiles, this image's from tile `t0`);
    /// `p`: scratch of `phases_len`.
    pub(crate) fn input_transform(x: &[Float], plan: &Plan, p: &mut [Float], v: &mut [Float], at: Rows) -> () {
        match plan.kind {
            Kind::F2x5 => input_tiles::<F2x5>(x, plan, p, v, at),
            Kind::F4x3 => input_tiles::<F4x3>(x, plan, p, v, at),
        }
    }
}

crate::multiversion! {
    /// One image's output `y: [O, OH, OW]` from M (laid out as V with O rows), plus the bias.
    pub(crate) fn output_transform(mm: &[Float], plan: &Plan, at: Rows, b: Option<&[Float]>, y: &mut [Float]) -> () {
        match plan.kind {
            Kind::F2x5 => output_tiles::<F2x5>(mm, plan, at, b, y),
            Kind::F4x3 => output_tiles::<F4x3>(mm, plan, at, b, y),
        }
    }
}

crate::multiversion! {
    /// dM for one image's `dy: [O, OH, OW]` (the adjoint of `output_transform`).
    pub(crate) fn grad_transform(dy: &[Float], plan: &Plan, dm: &mut [Float], at: Rows) -> () {
        match plan.kind {
            Kind::F2x5 => grad_tiles::<F2x5>(dy, plan, dm, at),
            Kind::F4x3 => grad_tiles::<F4x3>(dy, plan, dm, at),
        }
    }
}

crate::multiversion! {
    /// One image's dx `[C, H, W]` (overwritten) from dV (the adjoint of `input_transform`).
    pub(crate) fn input_transform_adjoint(dv: &[Float], plan: &Plan, at: Rows, p: &mut [Float], dx: &mut [Float]) -> () {
        match plan.kind {
            Kind::F2x5 => input_adjoint::<F2x5>(dv, plan, at, p, dx),
            Kind::F4x3 => input_adjoint::<F4x3>(dv, plan, at, p, dx),
        }
    }
}
