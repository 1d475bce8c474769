//! Convolution backward (forward in `conv2d_forward.rs`), per image n and group g:
//!   dW[g] += dY_n[g] · cols_n[g]ᵀ          [O/G, K] = [O/G, L] · [L, K]   (cols_n unfolded again from x)
//!   dx_n   = fold(dcols_n),  dcols_n[g] = W[g]ᵀ · dY_n[g]    [K, L] = [K, O/G] · [O/G, L]
//!   db[o]  = Σ_n Σ_{p,q} dY[n, o, p, q]
//! with fold the adjoint of unfolding (`im2col.rs`). Unfolding x again beats keeping the batch's
//! columns (20 MB for the MNIST CNN's second layer). The batch is cut into parts
//! (`conv2d_parts.rs`), each summing its own dW and db, added in a fixed order. Other geometries
//! go elsewhere first: a first layer without dx to `conv2d_direct.rs`, Winograd's to
//! `conv2d_winograd_backward.rs`.
use crate::col2im::{dcols_len, fold_columns};
use crate::conv2d::Geometry;
use crate::conv2d_direct;
use crate::conv2d_parts::{in_parts, Part};
use crate::im2col::{columns, columns_len};
use crate::scratch::with_scratch;
use crate::{gemm, simd, Conv2d, Float, MatRef, Parallelism, Tensor};

/// The gradients of a convolution's input, weight and bias; `None` where not asked for.
#[derive(Debug)]
pub struct Conv2dGrads {
    /// ∂L/∂input, `[N, C_in, H, W]`.
    pub input: Option<Tensor>,
    /// ∂L/∂weight, `[C_out, C_in / groups, kH, kW]`.
    pub weight: Option<Tensor>,
    /// ∂L/∂bias, `[C_out]`.
    pub bias: Option<Tensor>,
}

impl Tensor {
    /// Gradients of y = `self`.conv2d(weight, bias, opt) given dy, for `needs` = [input, weight, bias].
    pub fn conv2d_backward(
        &self,
        weight: &Tensor,
        dy: &Tensor,
        opt: &Conv2d,
        needs: [bool; 3],
    ) -> Conv2dGrads {
        let g = Geometry::new(self.shape(), weight.shape(), opt);
        assert!(
            dy.shape() == &g.out_shape(),
            "conv2d backward: dy shape {} for output shape {}",
            dy.shape(),
            g.out_shape()
        );
        if !needs[0] && needs[1] && conv2d_direct::fits(&g) {
            // A first layer's backward (no dx): the direct kernels (`conv2d_direct.rs`).
            let (dw, db) = conv2d_direct::weight_grad(self.data(), dy.data(), &g, weight.shape());
            return Conv2dGrads { input: None, weight: Some(dw), bias: needs[2].then_some(db) };
        }
        if let Some(plan) = crate::conv2d_winograd::plan(&g) {
            return crate::conv2d_winograd_backward::backward(self, weight, dy, &plan, needs);
        }
        let mut dx = needs[0].then(|| Tensor::zeros(self.shape().clone()));
        let dw_len = if needs[1] { g.o * g.k() } else { 0 };
        let (dw_parts, db) = in_parts(
            &g,
            (self.data(), dy.data()),
            dx.as_mut().map(|t| t.data_mut()),
            (dw_len, needs[2]),
            |p: Part<'_>| backward_part(p.x, p.dy, weight.data(), &g, p.dx, p.sums, p.db),
        );
        let dw = needs[1].then(|| {
            let mut sum = Tensor::zeros(weight.shape().clone());
            let s = sum.data_mut();
            dw_parts.data().chunks(dw_len).for_each(|dw| simd::axpy(s, 1.0, dw));
            sum
        });
        Conv2dGrads { input: dx, weight: dw, bias: db }
    }
}

/// Backward over consecutive images `x`, `dy` on one thread: dx is written into `dx` when given,
/// this part's dW added to `dw` and its db written to `db` (each empty when not wanted).
fn backward_part(
    x: &[Float],
    dy: &[Float],
    w: &[Float],
    g: &Geometry,
    mut dx: Option<&mut [Float]>,
    dw: &mut [Float],
    db: &mut [f64],
) {
    let wants = [!dw.is_empty(), !db.is_empty()];
    let (k, og, l) = (g.k(), g.og(), g.l());
    let (per_x, per_y) = (g.c * g.h * g.w, g.o * l);
    let dcols_len = if dx.is_some() && !g.pointwise() { dcols_len(g) } else { 0 };
    let sum_len = if wants[1] { per_y } else { 0 };
    with_scratch(columns_len(g) + dcols_len + sum_len, |buf| {
        let (buf, rest) = buf.split_at_mut(columns_len(g));
        let (dcols, dy_sum) = rest.split_at_mut(dcols_len);
        dy_sum.fill(0.0);
        for (n, (xn, dyn_)) in x.chunks_exact(per_x).zip(dy.chunks_exact(per_y)).enumerate() {
            if wants[1] {
                simd::axpy(dy_sum, 1.0, dyn_);
            }
            let dyg = |grp: usize| MatRef::row_major(&dyn_[grp * og * l..(grp + 1) * og * l], og, l);
            if wants[0] {
                let cols = columns(xn, g, buf);
                for grp in 0..g.groups {
                    let cg = MatRef::row_major(&cols[grp * k * l..(grp + 1) * k * l], k, l).t();
                    gemm(
                        1.0,
                        dyg(grp),
                        cg,
                        1.0,
                        &mut dw[grp * og * k..(grp + 1) * og * k],
                        Parallelism::Sequential,
                    );
                }
            }
            let Some(dx) = dx.as_deref_mut() else { continue };
            let dxn = &mut dx[n * per_x..(n + 1) * per_x];
            let target: &mut [Float] = if g.pointwise() { dxn } else { dcols };
            for grp in 0..g.groups {
                let wg = MatRef::row_major(&w[grp * og * k..(grp + 1) * og * k], og, k).t();
                gemm(
                    1.0,
                    wg,
                    dyg(grp),
                    0.0,
                    &mut target[grp * k * l..(grp + 1) * k * l],
                    Parallelism::Sequential,
                );
            }
            if !g.pointwise() {
                fold_columns(dcols, g, &mut dx[n * per_x..(n + 1) * per_x], buf);
            }
        }
        // db: the part's images were added in f32 (a few dozen terms per value), each channel's L
        // sums are added in f64. Summing every image's rows in f64 instead was 12% of the first
        // layer's backward.
        db.iter_mut().zip(dy_sum.chunks_exact(l.max(1))).for_each(|(d, s)| *d = simd::sum(s));
    });
}

#[cfg(test)]
mod tests {
    use crate::{Conv2d, Rng, Tensor};

    fn dot(a: &Tensor, b: &Tensor) -> f64 {
        a.data().iter().zip(b.data()).map(|(&u, &v)| u as f64 * v as f64).sum()
    }

    #[test]
    fn gradients_are_the_adjoints_of_the_forward_map() {
        // y = conv(x, w) is linear in x and in w, so for any dy: ⟨dy, y⟩ = ⟨dx, x⟩ = ⟨dW, w⟩, and
        // with a bias ⟨dy, b broadcast⟩ = ⟨db, b⟩. Checked on odd geometries, small and threaded.
        let mut rng = Rng::seed(34);
        for (xs, ws, stride, padding, dilation, groups) in crate::conv2d::TEST_GEOMETRIES {
            let opt = Conv2d { stride, padding, dilation, groups };
            let x = Tensor::rand_normal(xs, 0.0, 1.0, &mut rng);
            let w = Tensor::rand_normal(ws, 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal([ws[0]], 0.0, 1.0, &mut rng);
            let y = x.conv2d(&w, None, &opt);
            let dy = Tensor::rand_normal(y.dims(), 0.0, 1.0, &mut rng);
            let grads = x.conv2d_backward(&w, &dy, &opt, [true, true, true]);
            let (dx, dw, db) = (grads.input.unwrap(), grads.weight.unwrap(), grads.bias.unwrap());
            let with_bias = &x.conv2d(&w, Some(&b), &opt) - &y;
            let sums = [
                (dot(&dy, &y), dot(&dx, &x)),
                (dot(&dy, &y), dot(&dw, &w)),
                (dot(&dy, &with_bias), dot(&db, &b)),
            ];
            for (what, (lhs, rhs)) in ["dx", "dW", "db"].iter().zip(sums) {
                // Sums over up to 10⁵ products of N(0, 1)-sized f32 values whose partial sums were
                // rounded in a different order on each side: 1e-4 relative to the size of the sum.
                let scale = 1.0 + (dy.sum_squares() * y.sum_squares()).sqrt();
                assert!((lhs - rhs).abs() <= 1e-4 * scale, "{what} {opt:?}: {lhs} vs {rhs}");
            }
        }
    }

    #[test]
    fn only_the_asked_for_gradients_are_computed() {
        let (x, w) = (Tensor::ones([2, 1, 3, 3]), Tensor::ones([1, 1, 2, 2]));
        let dy = Tensor::ones([2, 1, 2, 2]);
        let g = x.conv2d_backward(&w, &dy, &Conv2d::default(), [false, true, false]);
        assert!(g.input.is_none() && g.bias.is_none());
        // dW[i, j] = Σ_n Σ_{p,q} dy · x = 2 images · 4 pixels · 1: exact small integers.
        assert_eq!(g.weight.unwrap().data(), &[8.0; 4]);
    }
}
