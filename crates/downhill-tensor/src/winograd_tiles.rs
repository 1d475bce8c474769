//! The tile transforms of Winograd convolution (`winograd.rs`) for one image, eight channels at a
//! time (one vector of 8 lanes per tile value), and their adjoints, over a block of T tiles:
//!   input      V[ξ][t][c] = (Bᵀ d_{c,t} B)[ξ]           d_{c,t}: the α×α window at (m·ty − ph, m·tx − pw)
//!   output     y_{o,t}    = Aᵀ M_{o,t} A (+ b[o])       M[ξ][t][o], clipped to OH × OW
//!   grad       dM[ξ][t][o] = (A dY_{o,t} Aᵀ)[ξ]          adjoint of output (dY read as 0 past the edge)
//!   input adj  dx_c += B dV_{c,t} Bᵀ at each window      adjoint of input (overlap-add, padding dropped)
//! The image is first copied channels-last with its zero padding (C rounded up to 8 channels), so
//! each tap of a tile loads as one vector; the 36 products are then [T, C]·[C, O] matrices.
//! Multiplying by the constant matrices is written out (`bt`, `b`, `Tiling::at`, `Tiling::a`), and
//! the loops hold no closures: closures were compiled as calls without the AVX features.
//! Vectors over channels rather than over the tiles of a row: a row of the MNIST CNN's second layer
//! has 7 tiles, its images 16 and 32 channels, and the tile-row version spent twice as long here.
// Tiles are indexed by (row, column) of their α×α values: loops over one index read the other axis.
#![allow(clippy::needless_range_loop)]
use crate::channels_last::{from_channels_last, to_channels_last, zero_around, Layout, Planes};
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
    /// Rows and columns of the padded channels-last image (m·th + α − m, m·tw + α − m).
    pub hp: usize,
    pub wp: usize,
    /// C and O rounded up to whole vectors.
    pub c8: usize,
    pub o8: usize,
}

impl Plan {
    pub fn new(kind: Kind, g: Geometry) -> Plan {
        let m = match kind {
            Kind::F2x5 => F2x5::M,
            Kind::F4x3 => F4x3::M,
        };
        let (th, tw) = (g.oh.div_ceil(m), g.ow.div_ceil(m));
        let (hp, wp) = (m * th + ALPHA - m, m * tw + ALPHA - m);
        Plan { kind, m, g, th, tw, hp, wp, c8: g.c.next_multiple_of(LANES), o8: g.o.next_multiple_of(LANES) }
    }
    /// Tiles per image.
    pub fn tiles(&self) -> usize {
        self.th * self.tw
    }
    /// Values of the padded channels-last image (also dx's accumulator).
    pub fn padded_len(&self) -> usize {
        self.hp * self.wp * self.c8
    }
    /// Values of the channels-last y or dY, whole tiles.
    pub fn dy_len(&self) -> usize {
        self.m * self.th * self.m * self.tw * self.o8
    }
}

/// Where this image's tiles sit in a block's buffers: value (ξ, t, channel) at `(ξ·tiles + t0 + t)·row + channel`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rows {
    /// Tiles of the block (per ξ).
    pub tiles: usize,
    /// This image's first tile.
    pub t0: usize,
    /// Values per tile: the channel count, or rounded up to a whole vector.
    pub row: usize,
}

impl Rows {
    #[inline(always)]
    fn at(&self, xi: usize, t: usize, ch: usize) -> usize {
        (xi * self.tiles + self.t0 + t) * self.row + ch
    }
}

/// The six vectors at `at`, `at + step`, …, `at + 5·step`: a column (or row) of a tile's values.
#[inline(always)]
fn six(s: &[Float], at: usize, step: usize) -> [Lanes; ALPHA] {
    [
        Lanes::load(s, at),
        Lanes::load(s, at + step),
        Lanes::load(s, at + 2 * step),
        Lanes::load(s, at + 3 * step),
        Lanes::load(s, at + 4 * step),
        Lanes::load(s, at + 5 * step),
    ]
}

/// The first `T::M` vectors `step` apart from `at`, then zeros: a column of an output tile.
#[inline(always)]
fn first_m<T: Tiling>(s: &[Float], at: usize, step: usize) -> [Lanes; 4] {
    let (z, wide) = (Lanes::default(), T::M > 2);
    [
        Lanes::load(s, at),
        Lanes::load(s, at + step),
        if wide { Lanes::load(s, at + 2 * step) } else { z },
        if wide { Lanes::load(s, at + 3 * step) } else { z },
    ]
}

/// Entry k of each of six arrays: row k of a tile held as its columns.
#[inline(always)]
fn across<const N: usize>(e: &[[Lanes; N]; ALPHA], k: usize) -> [Lanes; ALPHA] {
    [e[0][k], e[1][k], e[2][k], e[3][k], e[4][k], e[5][k]]
}

/// `[f(six(s, at, step)), f(six(s, at + next, step)), …]`: f of six columns `next` apart, as one
/// array expression. Built in a loop, the array started as zeros, which LLVM cleared with a call to
/// memset (2 KB, with a vzeroupper) per tile and vector of channels: 3 % of the CNN epoch.
macro_rules! six_of {
    ($f:path, $s:expr, $at:expr, $step:expr, $next:expr) => {{
        let (s, at, step, next) = ($s, $at, $step, $next);
        [
            $f(&six(s, at, step)),
            $f(&six(s, at + next, step)),
            $f(&six(s, at + 2 * next, step)),
            $f(&six(s, at + 3 * next, step)),
            $f(&six(s, at + 4 * next, step)),
            $f(&six(s, at + 5 * next, step)),
        ]
    }};
}

#[inline(always)]
fn input_tiles<T: Tiling>(x: &[Float], plan: &Plan, xp: &mut [Float], v: &mut [Float], at: Rows) {
    let (g, m, wp, c8) = (&plan.g, T::M, plan.wp, plan.c8);
    zero_around(xp, (plan.hp, wp, c8), [g.ph, g.pw, g.h, g.w]);
    let inside = Layout { first: (g.ph * wp + g.pw) * c8, row: wp * c8, depth: c8 };
    to_channels_last(x, Planes { c: g.c, h: g.h, w: g.w }, xp, inside);
    for (ty, tx) in (0..plan.tiles()).map(|t| (t / plan.tw, t % plan.tw)) {
        let t = ty * plan.tw + tx;
        for c0 in (0..c8).step_by(LANES) {
            let corner = (m * ty * wp + m * tx) * c8 + c0;
            let e = six_of!(bt, &*xp, corner, wp * c8, c8); // e[j] = Bᵀ · column j of d
            for k in 0..ALPHA {
                let row = bt(&across(&e, k));
                for (l, val) in row.into_iter().enumerate() {
                    val.store(v, at.at(k * ALPHA + l, t, c0));
                }
            }
        }
    }
}

#[inline(always)]
fn output_tiles<T: Tiling>(
    mm: &[Float],
    plan: &Plan,
    at: Rows,
    b: Option<&[Float]>,
    yt: &mut [Float],
    y: &mut [Float],
) {
    let (g, m, o8) = (&plan.g, T::M, plan.o8);
    let wd = m * plan.tw;
    // Whole tiles into the channels-last `yt` with vector stores; lanes past O hold the next
    // tile's values and are never read. Scattering each lane straight into y was 40% scalar code.
    for (ty, tx) in (0..plan.tiles()).map(|t| (t / plan.tw, t % plan.tw)) {
        let t = ty * plan.tw + tx;
        for o0 in (0..g.o).step_by(LANES) {
            let (first, next) = (at.at(0, t, o0), at.at(1, t, o0) - at.at(0, t, o0));
            let z = six_of!(T::at, mm, first, ALPHA * next, next); // z[c] = Aᵀ · column c of M
            for i in 0..m {
                let yi = T::at(&across(&z, i));
                for j in 0..m {
                    yi[j].store(yt, ((m * ty + i) * wd + m * tx + j) * o8 + o0);
                }
            }
        }
    }
    let tiles = Layout { first: 0, row: wd * o8, depth: o8 };
    from_channels_last(yt, tiles, b, Planes { c: g.o, h: g.oh, w: g.ow }, y);
}

#[inline(always)]
fn grad_tiles<T: Tiling>(dy: &[Float], plan: &Plan, dyp: &mut [Float], dm: &mut [Float], at: Rows) {
    let (g, m, o8) = (&plan.g, T::M, plan.o8);
    let wd = m * plan.tw;
    zero_around(dyp, (m * plan.th, wd, o8), [0, 0, g.oh, g.ow]);
    let tiles = Layout { first: 0, row: wd * o8, depth: o8 };
    to_channels_last(dy, Planes { c: g.o, h: g.oh, w: g.ow }, dyp, tiles);
    for (ty, tx) in (0..plan.tiles()).map(|t| (t / plan.tw, t % plan.tw)) {
        let t = ty * plan.tw + tx;
        for o0 in (0..o8).step_by(LANES) {
            let (corner, down) = ((m * ty * wd + m * tx) * o8 + o0, wd * o8);
            // e[j] = A · column j of dY for j < m; for m = 2 the last two repeat the first two,
            // never read (T::a reads only the first m of its input), and the compiler drops them.
            let e = [
                T::a(&first_m::<T>(dyp, corner, down)),
                T::a(&first_m::<T>(dyp, corner + o8, down)),
                T::a(&first_m::<T>(dyp, corner + (2 % m) * o8, down)),
                T::a(&first_m::<T>(dyp, corner + (3 % m) * o8, down)),
            ];
            for k in 0..ALPHA {
                let d = [e[0][k], e[1][k], e[2][k], e[3][k]];
                for (l, val) in T::a(&d).into_iter().enumerate() {
                    val.store(dm, at.at(k * ALPHA + l, t, o0));
                }
            }
        }
    }
}

#[inline(always)]
fn input_adjoint<T: Tiling>(dv: &[Float], plan: &Plan, at: Rows, acc: &mut [Float], dx: &mut [Float]) {
    let (g, m, wp, c8) = (&plan.g, T::M, plan.wp, plan.c8);
    acc.fill(0.0);
    for (ty, tx) in (0..plan.tiles()).map(|t| (t / plan.tw, t % plan.tw)) {
        let t = ty * plan.tw + tx;
        for c0 in (0..c8).step_by(LANES) {
            // Lanes past C hold the next tile's values: they land in padding channels, never read.
            let (first, next) = (at.at(0, t, c0), at.at(1, t, c0) - at.at(0, t, c0));
            let z = six_of!(b, dv, first, ALPHA * next, next); // z[l] = B · column l of dV
            for i in 0..ALPHA {
                let patch = b(&across(&z, i));
                for (j, val) in patch.into_iter().enumerate() {
                    val.add_to(acc, ((m * ty + i) * wp + m * tx + j) * c8 + c0);
                }
            }
        }
    }
    let inside = Layout { first: (g.ph * wp + g.pw) * c8, row: wp * c8, depth: c8 };
    from_channels_last(acc, inside, None, Planes { c: g.c, h: g.h, w: g.w }, dx);
}

crate::multiversion! {
    /// V for one image `x: [C, H, W]` into `v` (`at.row` = C rounded up to 8); `xp`: scratch of
    /// `padded_len`.
    pub(crate) fn input_transform(x: &[Float], plan: &Plan, xp: &mut [Float], v: &mut [Float], at: Rows) -> () {
        match plan.kind {
            Kind::F2x5 => input_tiles::<F2x5>(x, plan, xp, v, at),
            Kind::F4x3 => input_tiles::<F4x3>(x, plan, xp, v, at),
        }
    }
}

crate::multiversion! {
    /// One image's output `y: [O, OH, OW]` from M (`at.row` = O, a vector of slack after the
    /// buffer's end), plus the bias; `yt`: scratch of `dy_len`.
    pub(crate) fn output_transform(mm: &[Float], plan: &Plan, at: Rows, b: Option<&[Float]>, yt: &mut [Float], y: &mut [Float]) -> () {
        match plan.kind {
            Kind::F2x5 => output_tiles::<F2x5>(mm, plan, at, b, yt, y),
            Kind::F4x3 => output_tiles::<F4x3>(mm, plan, at, b, yt, y),
        }
    }
}

crate::multiversion! {
    /// dM (`at.row` = O rounded up to 8) for one image's `dy: [O, OH, OW]` (the adjoint of
    /// `output_transform`); `dyp`: scratch of `dy_len`.
    pub(crate) fn grad_transform(dy: &[Float], plan: &Plan, dyp: &mut [Float], dm: &mut [Float], at: Rows) -> () {
        match plan.kind {
            Kind::F2x5 => grad_tiles::<F2x5>(dy, plan, dyp, dm, at),
            Kind::F4x3 => grad_tiles::<F4x3>(dy, plan, dyp, dm, at),
        }
    }
}

crate::multiversion! {
    /// One image's dx `[C, H, W]` (overwritten) from dV (`at.row` = C, a vector of slack after the
    /// buffer's end), the adjoint of `input_transform`; `acc`: scratch of `padded_len`.
    pub(crate) fn input_transform_adjoint(dv: &[Float], plan: &Plan, at: Rows, acc: &mut [Float], dx: &mut [Float]) -> () {
        match plan.kind {
            Kind::F2x5 => input_adjoint::<F2x5>(dv, plan, at, acc, dx),
            Kind::F4x3 => input_adjoint::<F4x3>(dv, plan, at, acc, dx),
        }
    }
}
