//! The optimizer's step when some gradients are a table's rows (`Gradient::Rows`, an embedding's):
//!   no rows                    the dense step, `step_checked`
//!   the transform takes rows   `u = tx.update_rows(g)`; a row update changes only its rows:
//!                              p[r] <- p[r] + u[r] for the rows r it holds (SparseAdam; SGD with
//!                              no momentum or decay, whose rows-only step is the dense step's)
//!   it does not                each row gradient is scattered into a zeroed [rows, cols] buffer
//!                              and the dense step runs: the same numbers as a dense gradient
//!                              (Adam decays every row's moments every step, as torch does)
//! The dense buffers are reused: a table's previous value, which the checked step replaces, is
//! zeroed and becomes the next step's buffer, so a step allocates no table (a buffer still shared
//! with the caller, e.g. a copy kept to measure the update, is copied once on that step).
//! Checked like `step_checked`: nothing is written unless every new value is finite.
use super::{check_shapes_of, Optimizer};
use crate::{Gradient, Tensor};

impl Optimizer {
    /// One checked update from gradients that may hold a table's rows (see the module docs):
    /// `params` change only when every new value is finite, and true is returned. Panics like
    /// `step`.
    ///
    /// ```
    /// use downhill_optim::{sgd, Gradient, Optimizer, SgdOptions, SparseRows, Tensor};
    /// let mut params = vec![Tensor::ones([4, 2])];
    /// let mut opt = Optimizer::new(sgd(SgdOptions { lr: 0.5, ..Default::default() }).unwrap(), &params);
    /// let rows = SparseRows::new([4, 2], vec![2], Tensor::from_rows(&[[2.0, -2.0]]).unwrap());
    /// assert!(opt.step_gradients(&mut params, vec![Gradient::from(rows)]));
    /// // Exact: 1 - 0.5 * 2 and 1 + 0.5 * 2 on row 2; the other rows untouched.
    /// assert_eq!(params[0].data(), &[1.0, 1.0, 1.0, 1.0, 0.0, 2.0, 1.0, 1.0]);
    /// ```
    pub fn step_gradients(&mut self, params: &mut [Tensor], grads: Vec<Gradient>) -> bool {
        check_shapes_of(params, grads.iter().map(Gradient::shape), grads.len());
        let all_dense = grads.iter().all(|g| g.as_dense().is_some());
        if !all_dense && self.tx.takes_rows() {
            return self.step_rows(params, grads);
        }
        self.scratch.resize_with(params.len(), || None);
        let mut previous = Vec::new();
        let mut dense = std::mem::take(&mut self.dense);
        for (i, g) in grads.into_iter().enumerate() {
            dense.push(match g {
                Gradient::Dense(t) => t,
                Gradient::Rows(r) => {
                    let mut buf = match self.scratch[i].take().filter(|b| b.shape() == r.shape()) {
                        Some(mut b) => {
                            b.data_mut().fill(0.0);
                            b
                        }
                        None => Tensor::zeros(r.shape().clone()),
                    };
                    r.add_into(&mut buf, 1.0);
                    previous.push((i, params[i].clone()));
                    buf
                }
            });
        }
        let applied = self.step_checked_in(params, &mut dense);
        self.dense = dense;
        for (i, old) in previous.into_iter().filter(|(i, old)| !old.shares_buffer(&params[*i])) {
            self.scratch[i] = Some(old);
        }
        applied
    }

    fn step_rows(&mut self, params: &mut [Tensor], mut updates: Vec<Gradient>) -> bool {
        self.tx.update_rows(&mut updates, &mut self.state, params);
        let mut finite = true;
        for (u, p) in updates.iter_mut().zip(params.iter()) {
            finite &= match u {
                Gradient::Dense(t) => t.plus_checked(p),
                Gradient::Rows(r) => r.plus_checked(p),
            };
        }
        if finite {
            for (p, u) in params.iter_mut().zip(updates) {
                match u {
                    Gradient::Dense(t) => *p = t,
                    Gradient::Rows(r) => r.write_into(p),
                }
            }
        }
        finite
    }
}

#[cfg(test)]
mod tests {
    use crate::{adam, sgd, AdamOptions, Gradient, Optimizer, ScaleByLr, SgdOptions, SparseRows, Tensor};
    use downhill_tensor::Rng;

    fn rows(ids: &[usize], seed: u64) -> SparseRows {
        let dy = Tensor::rand_normal([ids.len(), 3], 0.0, 1.0, &mut Rng::seed(seed));
        SparseRows::from_lookups(&[7, 3].into(), ids, &dy, None)
    }

    /// Three steps of `tx` from the same start, with row gradients and with their dense tables.
    fn both_ways(make: impl Fn() -> crate::Chain) -> (Vec<Tensor>, Vec<Tensor>) {
        let start = vec![Tensor::rand_normal([7, 3], 0.0, 1.0, &mut Rng::seed(1)), Tensor::ones([2])];
        let (mut a, mut b) = (start.clone(), start.clone());
        let (mut oa, mut ob) = (Optimizer::new(make(), &a), Optimizer::new(make(), &b));
        for (k, ids) in [&[1, 5, 1][..], &[6], &[0, 2, 2, 2]].into_iter().enumerate() {
            let g = rows(ids, k as u64);
            let dense_b = Tensor::vector(vec![0.5, -1.0]);
            assert!(
                oa.step_gradients(&mut a, vec![Gradient::from(g.clone()), Gradient::Dense(dense_b.clone())])
            );
            assert!(ob.step_checked(&mut b, vec![g.to_dense(), dense_b]));
        }
        (a, b)
    }

    #[test]
    fn a_dense_optimizer_takes_the_same_steps_from_rows_as_from_tables() {
        let (rows, dense) = both_ways(|| adam(AdamOptions { lr: 0.1, ..Default::default() }).unwrap());
        for (r, d) in rows.iter().zip(&dense) {
            // Bit-identical: the rows are scattered into zeros before the same dense step.
            let bits = |t: &Tensor| t.data().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(r), bits(d));
        }
        // Row 3, never looked up, has m = 0 and stays (exact); row 5, looked up once, kept moving.
        let start = Tensor::rand_normal([7, 3], 0.0, 1.0, &mut Rng::seed(1));
        assert_eq!(rows[0].row(3), start.row(3));
        // Adam's steps for one gradient then zeros: lr · (1, 0.67, 0.52) m_hat/sqrt(v_hat), 0.22 in all.
        assert!((rows[0].row(5)[0] - start.row(5)[0]).abs() > 0.2, "{:?}", rows[0].row(5));
    }

    #[test]
    fn plain_sgd_applies_rows_directly_with_the_dense_numbers() {
        let (rows, dense) = both_ways(|| sgd(SgdOptions { lr: 0.3, ..Default::default() }).unwrap());
        for (r, d) in rows.iter().zip(&dense) {
            // Equal: p + (-lr·g) on the looked-up rows, p + (-lr·0) = p elsewhere.
            assert_eq!(r.data(), d.data());
        }
        let tx = chain![ScaleByLr::constant(0.3)];
        assert!(
            crate::Transform::takes_rows(&tx)
                && !crate::Transform::takes_rows(&adam(AdamOptions::default()).unwrap())
        );
    }

    #[test]
    fn a_non_finite_row_step_changes_nothing() {
        let mut params = vec![Tensor::ones([3, 1])];
        let mut opt = Optimizer::new(sgd(SgdOptions::default()).unwrap(), &params);
        let bad = SparseRows::new([3, 1], vec![0, 2], Tensor::from_rows(&[[1.0], [f32::NAN]]).unwrap());
        assert!(!opt.step_gradients(&mut params, vec![Gradient::from(bad)]));
        assert_eq!(params[0].data(), &[1.0, 1.0, 1.0]); // exact: left as it was
    }
}
