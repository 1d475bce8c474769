//! A whole recurrent sequence as one op (torch's `nn.RNN`/`nn.LSTM`/`nn.GRU`, one layer, one
//! direction). Inputs: xp [N, T, G·H], the input projection W_ih·x_t + b_ih of every step (one
//! matrix product by the caller), W_hh [G·H, H] and optionally b_hh [G·H]; the initial state (h_0,
//! and c_0 of an LSTM) is zero or a given constant: detached, as truncated backpropagation through
//! time takes the state carried over from the previous chunk. Output: y [N, T, H], every h_t; the
//! final state (h_T, c_T) comes back beside it as plain tensors, for the next chunk.
//! Per step, in time order (reversed when `reverse`):
//!   hp_t = h_{t−1}·W_hhᵀ + b_hh      ([N, H]·[H, G·H], h before the first step = h_0)
//!   h_t  = cell(xp_t, hp_t, state)   (one pass over N·H values; the cell files give the math)
//! Backward through time, last step first, with dh = dy_t + dh carried from step t+1:
//!   cell backward → ∂L/∂xp_t, ∂L/∂hp_t (and the carried cell state gradient of an LSTM)
//!   dh carried to t−1 = (∂L/∂hp_t)·W_hh  (+ dh ⊙ z for a GRU)
//!   ∂L/∂W_hh = Σ_t (∂L/∂hp_t)ᵀ·h_{t−1}  and  ∂L/∂b_hh = Σ_t Σ_rows ∂L/∂hp_t, each one product/sum
//!   over all steps at the end.
//! Why one op per sequence and not one per step: an op has one output, so per-step nodes would have
//! to slice xp and stack the h_t, and the gradient of each slice is a full-size tensor: O(T²) work.
//! Here the tape holds one node per layer and direction; h_t (time-major) and the gate activations
//! of every step are kept in the op for the backward.
mod gru_cell;
mod lstm_cell;
mod rnn_cell;

use crate::{InputGrads, Op, Var};
use downhill_tensor::{gemm, Float, MatRef, Parallelism, Tensor};
use std::cell::RefCell;
use std::rc::Rc;

/// The state a recurrence starts from or ends in: h [N, H], and c [N, H] for an LSTM.
#[derive(Clone, Debug, PartialEq)]
pub struct RecurrentState {
    /// The hidden state h, [N, H].
    pub h: Tensor,
    /// The LSTM's cell state c, [N, H]; `None` for the other cells.
    pub c: Option<Tensor>,
}

/// The recurrent cell: torch's `nn.RNN` with its nonlinearity, `nn.LSTM` or `nn.GRU`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// h' = tanh(W_ih x + b_ih + W_hh h + b_hh).
    RnnTanh,
    /// h' = relu(W_ih x + b_ih + W_hh h + b_hh).
    RnnRelu,
    /// Long short-term memory, torch's gate order i, f, g, o.
    Lstm,
    /// Gated recurrent unit, torch's gate order r, z, n.
    Gru,
}

impl Cell {
    /// G, the number of gates: the weights have G·H rows.
    pub fn gates(self) -> usize {
        match self {
            Cell::RnnTanh | Cell::RnnRelu => 1,
            Cell::Lstm => 4,
            Cell::Gru => 3,
        }
    }
    fn saved(self) -> usize {
        match self {
            Cell::RnnTanh | Cell::RnnRelu => 0,
            Cell::Lstm => lstm_cell::SAVED,
            Cell::Gru => gru_cell::SAVED,
        }
    }
}

pub(crate) struct Recurrence {
    cell: Cell,
    reverse: bool,
    /// N, T, H.
    dims: (usize, usize, usize),
    /// h_t of every step, time-major [T, N, H]. This and every other step-sized buffer is a pooled
    /// tensor: fresh ones (30 MB a step for the LSTM language model) page-faulted every step.
    hs: Tensor,
    /// What the cell saved, time-major [T, N, saved·H].
    saved: Tensor,
    /// h_0 and c_0, [N·H] each (zero when not given).
    h0: Vec<Float>,
    c0: Vec<Float>,
    /// Where the forward pass leaves the final state for the caller.
    last: Rc<RefCell<Option<RecurrentState>>>,
}

impl Recurrence {
    /// The time index of the `step`-th step processed.
    fn time(&self, step: usize) -> usize {
        if self.reverse {
            self.dims.1 - 1 - step
        } else {
            step
        }
    }
}

impl Op for Recurrence {
    fn name(&self) -> &'static str {
        "recurrence"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let ((n, t, h), g, s) = (self.dims, self.cell.gates() * self.dims.2, self.cell.saved() * self.dims.2);
        let (xp, w) = (xs[0].data(), xs[1]);
        let (mut hs_t, mut saved_t) = (Tensor::zeros([t * n * h]), Tensor::zeros([t * n * s]));
        let (hs, saved) = (hs_t.data_mut(), saved_t.data_mut());
        let (mut hp, mut h_prev, mut c_prev) = (vec![0.0; n * g], self.h0.clone(), self.c0.clone());
        let start_from_zero = self.h0.iter().all(|&v| v == 0.0);
        for step in 0..t {
            let ti = self.time(step);
            match xs.get(2) {
                Some(b) => hp.chunks_exact_mut(g).for_each(|row| row.copy_from_slice(b.data())),
                None => hp.fill(0.0),
            }
            if step > 0 || !start_from_zero {
                let prev = MatRef::row_major(&h_prev, n, h);
                gemm(1.0, prev, MatRef::of(w).t(), 1.0, &mut hp, Parallelism::Auto);
            }
            let out = &mut hs[ti * n * h..(ti + 1) * n * h];
            let keep = &mut saved[ti * n * s..(ti + 1) * n * s];
            for b in 0..n {
                let (x, p) = (&xp[(b * t + ti) * g..][..g], &hp[b * g..][..g]);
                let (o, sv) = (&mut out[b * h..][..h], &mut keep[b * s..(b + 1) * s]);
                match self.cell {
                    Cell::RnnTanh | Cell::RnnRelu => rnn_cell::forward(x, p, self.cell == Cell::RnnRelu, o),
                    Cell::Lstm => lstm_cell::forward(x, p, &c_prev[b * h..][..h], o, sv),
                    Cell::Gru => gru_cell::forward(x, p, &h_prev[b * h..][..h], o, sv),
                }
                if self.cell == Cell::Lstm {
                    c_prev[b * h..][..h].copy_from_slice(&sv[4 * h..5 * h]);
                }
            }
            h_prev.copy_from_slice(out);
        }
        let c = (self.cell == Cell::Lstm).then(|| Tensor::from_vec(c_prev, [n, h]).expect("N·H values"));
        let h_last = Tensor::from_vec(h_prev, [n, h]).expect("N·H values");
        *self.last.borrow_mut() = Some(RecurrentState { h: h_last, c });
        let y = Tensor::written([n, t, h], |y| {
            for (ti, step) in hs.chunks_exact(n * h).enumerate() {
                for (b, row) in step.chunks_exact(h).enumerate() {
                    y[(b * t + ti) * h..][..h].copy_from_slice(row);
                }
            }
        });
        (self.hs, self.saved) = (hs_t, saved_t);
        y
    }
    fn backward(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        self.backward_masked(xs, y, dy, &[true; 3][..xs.len()])
    }
    fn backward_masked(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor, needs: &[bool]) -> InputGrads {
        let ((n, t, h), g, s) = (self.dims, self.cell.gates() * self.dims.2, self.cell.saved() * self.dims.2);
        let (w, dy, hs, saved) = (xs[1], dy.data(), self.hs.data(), self.saved.data());
        let mut dxp_t = Tensor::zeros(xs[0].shape().clone());
        let mut dhp_t = Tensor::zeros([t * n * g]); // time-major, for the products below
        let (dxp, dhp) = (dxp_t.data_mut(), dhp_t.data_mut());
        let (mut carry, mut dc, mut dh, mut direct) =
            (vec![0.0; n * h], vec![0.0; n * h], vec![0.0; n * h], vec![0.0; n * h]);
        for step in (0..t).rev() {
            let ti = self.time(step);
            for b in 0..n {
                let (src, acc) = (&dy[(b * t + ti) * h..][..h], &carry[b * h..][..h]);
                dh[b * h..][..h].iter_mut().zip(src.iter().zip(acc)).for_each(|(d, (a, c))| *d = a + c);
            }
            let prev = (step > 0).then(|| self.time(step - 1));
            let h_prev = prev.map_or(&self.h0[..], |p| &hs[p * n * h..(p + 1) * n * h]);
            let dhp_step = &mut dhp[ti * n * g..(ti + 1) * n * g];
            for b in 0..n {
                let (dhb, dxb) = (&dh[b * h..][..h], &mut dxp[(b * t + ti) * g..][..g]);
                let (dpb, sv) = (&mut dhp_step[b * g..][..g], &saved[(ti * n + b) * s..][..s]);
                match self.cell {
                    Cell::RnnTanh | Cell::RnnRelu => {
                        let out = &hs[(ti * n + b) * h..][..h];
                        rnn_cell::backward(dhb, out, self.cell == Cell::RnnRelu, dxb);
                        dpb.copy_from_slice(dxb);
                    }
                    Cell::Lstm => {
                        let c_prev = prev.map(|p| &saved[(p * n + b) * s + 4 * h..][..h]);
                        let c_prev = c_prev.unwrap_or(&self.c0[b * h..][..h]);
                        lstm_cell::backward(dhb, c_prev, sv, &mut dc[b * h..][..h], dxb);
                        dpb.copy_from_slice(dxb);
                    }
                    Cell::Gru => {
                        let hb = &h_prev[b * h..][..h];
                        gru_cell::backward(dhb, hb, sv, dxb, dpb, &mut direct[b * h..][..h]);
                    }
                }
            }
            if step > 0 {
                carry.copy_from_slice(&direct); // zero but for a GRU
                let dhp_step = MatRef::row_major(dhp_step, n, g);
                gemm(1.0, dhp_step, MatRef::of(w), 1.0, &mut carry, Parallelism::Auto);
            }
        }
        let dhp: &[Float] = dhp;
        let mut grads = InputGrads::from([Some(dxp_t)]);
        grads.push(needs[1].then(|| self.weight_grad(dhp, w)));
        if let Some(b) = xs.get(2) {
            let db = needs[2].then(|| {
                let mut db = vec![0.0; g];
                dhp.chunks_exact(g).for_each(|row| db.iter_mut().zip(row).for_each(|(d, v)| *d += v));
                Tensor::from_vec(db, b.shape().clone()).expect("one value per gate row")
            });
            grads.push(db);
        }
        grads
    }
}

impl Recurrence {
    /// Σ_t (∂L/∂hp_t)ᵀ·h_{t−1} as one [G·H, T·N]·[T·N, H] product; h before the first step is h_0.
    fn weight_grad(&self, dhp: &[Float], w: &Tensor) -> Tensor {
        let ((n, t, h), g) = (self.dims, self.cell.gates() * self.dims.2);
        let mut h_prev = Tensor::zeros([t * n * h]);
        let first = self.time(0);
        h_prev.data_mut()[first * n * h..(first + 1) * n * h].copy_from_slice(&self.h0);
        for step in 1..t {
            let (ti, p) = (self.time(step), self.time(step - 1));
            let from = &self.hs.data()[p * n * h..(p + 1) * n * h];
            h_prev.data_mut()[ti * n * h..(ti + 1) * n * h].copy_from_slice(from);
        }
        let mut dw = Tensor::zeros(w.shape().clone());
        let (a, b) = (MatRef::row_major(dhp, t * n, g).t(), MatRef::row_major(h_prev.data(), t * n, h));
        gemm(1.0, a, b, 0.0, dw.data_mut(), Parallelism::Auto);
        dw
    }
}

impl<'t> Var<'t> {
    /// Runs `cell` over the sequence whose input projections (W_ih·x_t + b_ih) are `self`
    /// [N, T, G·H], with recurrent weight `w_hh` [G·H, H] and optional bias `b_hh` [G·H], from a
    /// zero state, backwards in time when `reverse`: every h_t as [N, T, H]. Panics naming the
    /// shapes when they do not fit.
    pub fn recurrence(self, w_hh: Var<'t>, b_hh: Option<Var<'t>>, cell: Cell, reverse: bool) -> Var<'t> {
        self.recurrence_from(w_hh, b_hh, cell, reverse, None).0
    }

    /// `recurrence` from the constant state `initial` (zero when `None`), returning the final
    /// state too: truncated backpropagation through time runs each chunk from the last one's final
    /// state, and no gradient flows into `initial`. Panics naming the shapes when they do not fit.
    pub fn recurrence_from(
        self,
        w_hh: Var<'t>,
        b_hh: Option<Var<'t>>,
        cell: Cell,
        reverse: bool,
        initial: Option<&RecurrentState>,
    ) -> (Var<'t>, RecurrentState) {
        let (x, w) = (self.shape(), w_hh.shape());
        let (&[n, t, gh], &[rows, h]) = (x.dims(), w.dims()) else {
            panic!("recurrence: projections {x} and weight {w} must be [N, T, G·H] and [G·H, H]")
        };
        assert!(
            rows == gh && gh == cell.gates() * h,
            "recurrence: projections {x} do not fit weight {w} of a {cell:?} cell ({} gates)",
            cell.gates()
        );
        if let Some(b) = b_hh {
            assert!(b.shape().dims() == [gh], "recurrence: bias {} for weight {w}", b.shape());
        }
        let state = |s: Option<&Tensor>, what: &str| -> Vec<Float> {
            let Some(s) = s else { return vec![0.0; n * h] };
            assert!(
                s.dims() == [n, h],
                "recurrence: initial {what} {} for projections {x}: expected [{n}, {h}]",
                s.shape()
            );
            s.data().to_vec()
        };
        let h0 = state(initial.map(|s| &s.h), "h");
        let c0 = state(initial.and_then(|s| s.c.as_ref()), "c");
        let last = Rc::new(RefCell::new(None));
        let op = Recurrence {
            cell,
            reverse,
            dims: (n, t, h),
            hs: Tensor::default(),
            saved: Tensor::default(),
            h0,
            c0,
            last: Rc::clone(&last),
        };
        let inputs: Vec<Var<'t>> = [Some(self), Some(w_hh), b_hh].into_iter().flatten().collect();
        let y = self.tape().apply(op, &inputs);
        let final_state = last.borrow_mut().take().expect("the forward pass ran and left its final state");
        (y, final_state)
    }
}
