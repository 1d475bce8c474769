//! Convolution backward by Winograd (forward in `conv2d_winograd.rs`): the exact adjoint of the
//! forward computation, so it is the gradient of what the forward computed. Per block of images:
//!   dM[ξ][o][t] = (A dY_{o,t} Aᵀ)[ξ]                 (adjoint of the output transform)
//!   dV[ξ] = dM[ξ] · U[ξ]      [T, C] = [T, O]·[O, C];  dx window += B dV_{c,t} Bᵀ   (overlap-add)
//!   dU[ξ] += dM[ξ]ᵀ · V[ξ]    [O, C] = [O, T]·[T, C]   (V recomputed from x, not stored)
//!   dW[o, c] = Gᵀ (Σ dU)_{o,c} G;     db[o] = Σ_n Σ_{p,q} dY[n, o, p, q]
//! The batch is cut into parts (`conv2d_parts.rs`); each part sums its own dU and db, and the
//! parts are added in a fixed order (in f64), so the result does not depend on the threads.
use crate::conv2d_backward::Conv2dGrads;
use crate::conv2d_parts::{in_parts, Part};
use crate::conv2d_winograd::{block_images, transformed_filters};
use crate::lanes::LANES;
use crate::scratch::with_scratch;
use crate::winograd::{filter_transform_adjoint, F2x5, F4x3, ALPHA};
use crate::winograd_products::product;
use crate::winograd_tiles::{grad_transform, input_transform, input_transform_adjoint, Kind, Plan, Rows};
use crate::{simd, Float, MatRef, Tensor};

/// Gradients of y = conv(x, w, b) for `needs` = [input, weight, bias], by Winograd.
pub(crate) fn backward(x: &Tensor, w: &Tensor, dy: &Tensor, plan: &Plan, needs: [bool; 3]) -> Conv2dGrads {
    let g = &plan.g;
    let u = transformed_filters(plan, w);
    let du_len = if needs[1] { ALPHA * ALPHA * g.o * g.c } else { 0 };
    let run = |dx: Option<&mut [Float]>| {
        in_parts(g, (x.data(), dy.data()), dx, (du_len, needs[2]), |p: Part<'_>| {
            backward_part(p.x, p.dy, u.data(), plan, p.dx, p.sums, p.db)
        })
    };
    // dx needs no clearing: the input transform's adjoint writes every value of every image.
    let ((du_parts, bias), dx) = match needs[0] {
        true => {
            let mut sums = None;
            let dx = Tensor::written(x.shape().clone(), |dx| sums = Some(run(Some(dx))));
            (sums.expect("the backward ran"), Some(dx))
        }
        false => (run(None), None),
    };
    let weight = needs[1].then(|| {
        Tensor::written(w.shape().clone(), |dw| match plan.kind {
            Kind::F2x5 => filter_transform_adjoint::<F2x5>(du_parts.data(), (g.o, g.c), dw),
            Kind::F4x3 => filter_transform_adjoint::<F4x3>(du_parts.data(), (g.o, g.c), dw),
        })
    });
    Conv2dGrads { input: dx, weight, bias }
}

/// Backward over consecutive images on one thread: writes their dx when given, adds this part's dU
/// to `du` (zeroed by the caller) and writes its db to `db` (each empty when not wanted).
fn backward_part(
    x: &[Float],
    dy: &[Float],
    u: &[Float],
    plan: &Plan,
    mut dx: Option<&mut [Float]>,
    du: &mut [Float],
    db: &mut [f64],
) {
    let g = &plan.g;
    let (per_x, per_y, t) = (g.c * g.h * g.w, g.o * g.l(), plan.tiles());
    let wants = [!du.is_empty(), !db.is_empty()];
    let (oc, xis) = (g.o * g.c, ALPHA * ALPHA);
    // dV, the products' output, is read a vector of channels at a time: one vector of slack at its end.
    let block = block_images(plan);
    let max_row = block * t;
    let (c8, o8) = (plan.c8, plan.o8);
    let (v_len, dv_len, dm_len) = (xis * max_row * c8, xis * max_row * g.c + LANES, xis * max_row * o8);
    with_scratch(v_len + dv_len + dm_len + plan.padded_len() + plan.dy_len(), |buf| {
        let (v, rest) = buf.split_at_mut(v_len);
        let (dv, rest) = rest.split_at_mut(dv_len);
        let (dm, rest) = rest.split_at_mut(dm_len);
        let (xp, dyp) = rest.split_at_mut(plan.padded_len());
        for (b, (xb, dyb)) in x.chunks(block * per_x).zip(dy.chunks(block * per_y)).enumerate() {
            let row = xb.len() / per_x * t;
            for (i, dyi) in dyb.chunks_exact(per_y).enumerate() {
                grad_transform(dyi, plan, dyp, dm, Rows { tiles: row, t0: i * t, row: o8 });
                for (d, r) in db.iter_mut().zip(dyi.chunks_exact(g.l())) {
                    *d += simd::sum(r);
                }
            }
            let dmx = |xi: usize| MatRef::with_row_stride(&dm[xi * row * o8..], row, g.o, o8);
            if wants[0] {
                for (i, xi) in xb.chunks_exact(per_x).enumerate() {
                    input_transform(xi, plan, xp, v, Rows { tiles: row, t0: i * t, row: c8 });
                }
                for xi in 0..xis {
                    let vx = MatRef::with_row_stride(&v[xi * row * c8..], row, g.c, c8);
                    product(dmx(xi).t(), vx, true, &mut du[xi * oc..(xi + 1) * oc]);
                }
            }
            let Some(dx) = dx.as_deref_mut() else { continue };
            let tc = row * g.c;
            for xi in 0..xis {
                let ux = MatRef::row_major(&u[xi * oc..(xi + 1) * oc], g.o, g.c);
                product(dmx(xi), ux, false, &mut dv[xi * tc..(xi + 1) * tc]);
            }
            let dxb = &mut dx[b * block * per_x..][..row / t * per_x];
            for (i, dxi) in dxb.chunks_exact_mut(per_x).enumerate() {
                input_transform_adjoint(dv, plan, Rows { tiles: row, t0: i * t, row: g.c }, xp, dxi);
            }
        }
    });
}
