//! A checked step that also tallies its gradients: `sum_i += alpha · g_i` and Σ g_i² for each
//! parameter, for a caller that keeps a running mean gradient and per-layer norms (downhill-learn's
//! gradient health). Done apart, that bookkeeping reads every gradient twice more (a finiteness scan,
//! then the sum and squares) before the step reads it again; on the MNIST MLP trained by SGD in
//! batches of 32, the two extra passes took a third of the step's serial time. Here:
//!   dense gradients, elementwise chain   one read of each gradient chunk, in the same loop as the
//!                                        step (fused.rs, or block by block in blocks.rs)
//!   otherwise (rows, global transforms)  the sum and squares first, then the step
//! The step is refused when a square or a new value is not finite. Σg² is summed in f64, where the
//! square of any finite f32 and the sum of a billion of them are finite, so it is finite exactly
//! when every gradient value is: no separate scan. As with `step_checked`, a refused step leaves
//! `params` as they were while the state (and here the sums) have advanced.
use super::{adopt_next, check_shapes_of, Optimizer};
use crate::blocks::{self, Sums, Target};
use crate::{Float, Gradient, Tensor};
use downhill_tensor::SquareLanes;

/// What `Optimizer::step_summing` did.
#[derive(Clone, Debug, PartialEq)]
pub struct Summed {
    /// Whether the parameters took the step (every gradient and every new value finite).
    pub applied: bool,
    /// Σg² of each gradient, in parameter order: 8 interleaved f64 partial sums (a row gradient's
    /// over its rows), the pieces of a parameter over 65,536 values merged lane by lane in order,
    /// so the same bits on every CPU and thread count.
    pub squares: Vec<f64>,
}

impl Optimizer {
    /// `step_gradients`, also adding `alpha · g_i` into `sums[i]` (the gradients' shapes) and
    /// returning each Σ g_i², reading each dense gradient once for all three (module docs). Panics
    /// like `step`, and when `sums` do not match the gradients.
    ///
    /// ```
    /// use downhill_optim::{sgd, Gradient, Optimizer, SgdOptions, Tensor};
    /// let mut params = vec![Tensor::vector(vec![1.0, 2.0])];
    /// let mut opt = Optimizer::new(sgd(SgdOptions { lr: 0.5, ..Default::default() }).unwrap(), &params);
    /// let mut sums = vec![Tensor::zeros([2])];
    /// let g = Gradient::Dense(Tensor::vector(vec![2.0, 0.0]));
    /// let summed = opt.step_summing(&mut params, vec![g], &mut sums, 0.25);
    /// // Exact: 1 - 0.5 * 2; 0.25 * 2; 2² + 0².
    /// assert!(summed.applied && params[0].data() == [0.0, 2.0] && sums[0].data() == [0.5, 0.0]);
    /// assert_eq!(summed.squares, [4.0]);
    /// let nan = Gradient::Dense(Tensor::vector(vec![f32::NAN, 0.0]));
    /// assert!(!opt.step_summing(&mut params, vec![nan], &mut sums, 0.25).applied);
    /// assert_eq!(params[0].data(), &[0.0, 2.0]); // the refused step left them
    /// ```
    pub fn step_summing(
        &mut self,
        params: &mut [Tensor],
        grads: Vec<Gradient>,
        sums: &mut [Tensor],
        alpha: Float,
    ) -> Summed {
        check_shapes_of(params, grads.iter().map(Gradient::shape), grads.len());
        check_shapes_of(sums, grads.iter().map(Gradient::shape), grads.len());
        let dense = grads.iter().all(|g| g.as_dense().is_some());
        if !(dense && self.tx.is_elementwise()) {
            let squares: Vec<f64> =
                grads.iter().zip(sums).map(|(g, s)| g.add_into_sum_squares(s, alpha)).collect();
            if squares.iter().all(|q| q.is_finite()) {
                return Summed { applied: self.step_gradients(params, grads), squares };
            }
            // Refused; the state advances all the same, as on the fused path. The copies share
            // the parameters' buffers (copy-on-write) and the step only reads them.
            self.step_gradients(&mut params.to_vec(), grads);
            return Summed { applied: false, squares };
        }
        let mut next = std::mem::take(&mut self.dense);
        next.extend(grads.into_iter().map(Gradient::into_dense));
        let mut lanes = std::mem::take(&mut self.squares);
        lanes.resize(next.len(), SquareLanes::default());
        let totals = Sums { totals: sums, alpha, squares: &mut lanes };
        let finite = blocks::run(&*self.tx, &mut next, &mut self.state, Target::Next(params, Some(totals)));
        let squares: Vec<f64> = lanes.iter().map(SquareLanes::total).collect();
        self.squares = lanes;
        let applied = finite && squares.iter().all(|q| q.is_finite());
        adopt_next(params, &mut next, applied);
        self.dense = next;
        Summed { applied, squares }
    }
}

#[cfg(test)]
mod tests {
    use crate::*;
    use downhill_tensor::Rng;
    use downhill_testing::assert_same_tensor_bits;

    /// Three steps of `make()`'s optimizer taken by `step_summing` and by `step_gradients` with the
    /// sums kept apart, on a parameter over `PARALLEL_MIN` (pieces on both threads when there are
    /// two) and a small one: the parameters, the state and the sums must match bit for bit, and
    /// the squares `sum_squares`' (bit for bit for the small one, to f64 rounding for the large).
    fn same_as_apart(make: impl Fn() -> Chain) {
        let mut rng = Rng::seed(3);
        let shapes: [&[usize]; 2] = [&[PARALLEL_MIN + 12_345], &[3, 5]];
        let start: Vec<Tensor> = shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
        let (mut summed, mut apart) = (start.clone(), start.clone());
        let (mut a, mut b) = (Optimizer::new(make(), &summed), Optimizer::new(make(), &apart));
        let zeros = || start.iter().map(Tensor::zeros_like).collect::<Vec<_>>();
        let (mut sums, mut kept) = (zeros(), zeros());
        for share in [0.25f32, 0.5, 0.25] {
            let grads: Vec<Tensor> =
                shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
            let squares: Vec<f64> = grads.iter().map(Tensor::sum_squares).collect();
            kept.iter_mut().zip(&grads).for_each(|(k, g)| k.add_scaled(g, share));
            let dense = |g: &[Tensor]| g.iter().cloned().map(Gradient::Dense).collect::<Vec<_>>();
            let got = a.step_summing(&mut summed, dense(&grads), &mut sums, share);
            assert!(got.applied && b.step_gradients(&mut apart, dense(&grads)));
            assert_eq!(got.squares[1].to_bits(), squares[1].to_bits(), "small parameter, lane order");
            assert!(
                (got.squares[0] / squares[0] - 1.0).abs() < 1e-12,
                "{} vs {}",
                got.squares[0],
                squares[0]
            );
        }
        assert_same_tensor_bits("parameters", &summed, &apart);
        assert_same_tensor_bits("sums", &sums, &kept);
        let slots =
            |o: &Optimizer| o.state().inner.iter().flat_map(|s| s.slots.iter().flatten().cloned()).collect();
        let (sa, sb): (Vec<Tensor>, Vec<Tensor>) = (slots(&a), slots(&b));
        assert_same_tensor_bits("state", &sa, &sb);
    }

    #[test]
    fn summing_changes_no_step_of_a_fused_a_block_or_a_global_chain() {
        let momentum = SgdOptions { lr: 0.1, momentum: 0.9, ..Default::default() };
        same_as_apart(|| sgd(momentum.clone()).unwrap()); // fused.rs
        same_as_apart(|| adam(AdamOptions { amsgrad: true, ..Default::default() }).unwrap()); // fused.rs
        same_as_apart(|| rmsprop(RmspropOptions::default()).unwrap()); // blocks.rs, block by block
        same_as_apart(|| chain![ClipByGlobalNorm(1.0), ScaleByLr::constant(-0.1)]);
        // sums first
    }

    #[test]
    fn a_gradient_that_is_not_finite_refuses_the_step_on_every_path() {
        for make in [
            (|| sgd(SgdOptions::default()).unwrap()) as fn() -> Chain,
            || rmsprop(RmspropOptions::default()).unwrap(),
            || chain![ClipByGlobalNorm(1.0), ScaleByLr::constant(-0.1)],
            // sign(g) of Lion would turn a NaN into a finite step: the squares refuse it.
            || chain![ScaleByLion { b1: 0.9, b2: 0.99 }, ScaleByLr::constant(-1e-4)],
        ] {
            for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
                let mut params = vec![Tensor::ones([4])];
                let mut opt = Optimizer::new(make(), &params);
                let mut sums = vec![Tensor::zeros([4])];
                let g = Gradient::Dense(Tensor::vector(vec![0.5, bad, -0.5, 1.0]));
                let summed = opt.step_summing(&mut params, vec![g], &mut sums, 1.0);
                assert!(!summed.applied && !summed.squares[0].is_finite(), "{bad}: {summed:?}");
                assert_eq!(params[0].data(), &[1.0; 4], "{bad}: the parameters are kept (exact)");
            }
        }
    }
}
