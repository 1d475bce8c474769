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
//!   over all steps at the end (each block's share on its own thread, the shares added in order).
//! Why one op per sequence and not one per step: an op has one output, so per-step nodes would have
//! to slice xp and stack the h_t, and the gradient of each slice is a full-size tensor: O(T²) work.
//! Here the tape holds one node per layer and direction; the gate activations of every step are
//! kept in the op for the backward, which reads the h_t from y. The sequences of a large batch run
//! in blocks on separate threads (`sweep.rs`: no sequence reads another's state).
mod blocks;
mod gru_cell;
mod lstm_cell;
mod rnn_cell;
mod sweep;

use crate::{InputGrads, Op, Var};
use blocks::{cut, each_block, SPLIT_WORK};
use downhill_tensor::{Float, MatRef, PackedB, Parallelism, Tensor};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use sweep::{BackwardBlock, ForwardBlock, Sweep};

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
    sweep: Sweep,
    /// N.
    n: usize,
    /// The rows of each block of sequences run on its own thread (one block: the calling thread).
    blocks: Vec<Range<usize>>,
    /// What the cell saved, batch-major [N, T, saved·H]. This and every other step-sized buffer
    /// is a pooled tensor: fresh ones (30 MB a step for the LSTM language model) page-faulted
    /// every step.
    saved: Tensor,
    /// h_0 and c_0, [N·H] each (zero when not given).
    h0: Vec<Float>,
    c0: Vec<Float>,
    /// Where the forward pass leaves the final state for the caller.
    last: Rc<RefCell<Option<RecurrentState>>>,
}

impl Op for Recurrence {
    fn name(&self) -> &'static str {
        "recurrence"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let (sw, n) = (self.sweep, self.n);
        let (xp, w, bias) = (xs[0].data(), xs[1], xs.get(2).map(|b| b.data()));
        let w_t = PackedB::new(MatRef::of(w).t());
        let mut finals = Vec::new();
        // Every value of y and of the saved gates is written by the sweep (each row at each step),
        // so both are taken unfilled from the pool.
        let mut y_t = Tensor::default();
        let saved_t = Tensor::written([n * sw.t * sw.s], |saved| {
            y_t = Tensor::written([n, sw.t, sw.h], |y| {
                let (ys, saveds) = (cut(y, &self.blocks, sw.t * sw.h), cut(saved, &self.blocks, sw.t * sw.s));
                let items: Vec<ForwardBlock<'_>> = self
                    .blocks
                    .iter()
                    .zip(ys.into_iter().zip(saveds))
                    .map(|(r, (y, saved))| ForwardBlock {
                        xp: &xp[r.start * sw.t * sw.g..r.end * sw.t * sw.g],
                        h0: &self.h0[r.start * sw.h..r.end * sw.h],
                        c0: &self.c0[r.start * sw.h..r.end * sw.h],
                        y,
                        saved,
                    })
                    .collect();
                finals = each_block(items, |blk| sw.forward(&w_t, bias, blk));
            })
        });
        let (h_last, c_last): (Vec<Float>, Vec<Float>) =
            finals.into_iter().fold((Vec::new(), Vec::new()), |(mut h, mut c), (hb, cb)| {
                h.extend(hb);
                c.extend(cb);
                (h, c)
            });
        let c = (sw.cell == Cell::Lstm).then(|| Tensor::from_vec(c_last, [n, sw.h]).expect("N·H values"));
        let h = Tensor::from_vec(h_last, [n, sw.h]).expect("N·H values");
        *self.last.borrow_mut() = Some(RecurrentState { h, c });
        self.saved = saved_t;
        y_t
    }
    fn backward(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        self.backward_masked(xs, y, dy, &[true; 3][..xs.len()])
    }
    fn backward_masked(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor, needs: &[bool]) -> InputGrads {
        let (sw, n) = (self.sweep, self.n);
        let (w, row_g, row_h, per_w) = (xs[1], sw.t * sw.g, sw.t * sw.h, sw.g * sw.h);
        // ∂L/∂xp (and a GRU's ∂L/∂hp) is written at every row and step, and each block's share of
        // ∂L/∂W_hh by its product (beta = 0): all taken unfilled from the pool.
        let mut dhp_t = (sw.cell == Cell::Gru).then(|| Tensor::written([n * row_g], |_| ()));
        let shares = if needs[1] { self.blocks.len() } else { 0 };
        let bias_shares = if xs.len() > 2 && needs[2] { self.blocks.len() } else { 0 };
        let mut dw_parts = Tensor::written([shares * per_w], |_| ());
        let mut db_parts = Tensor::written([bias_shares * sw.g], |_| ());
        let dxp_t = Tensor::written(xs[0].shape().clone(), |dxp| {
            let dxps = cut(dxp, &self.blocks, row_g);
            let mut dhps = dhp_t.as_mut().map(|d| cut(d.data_mut(), &self.blocks, row_g).into_iter());
            let mut dws = (shares > 0).then(|| dw_parts.data_mut().chunks_exact_mut(per_w));
            let mut dbs = (bias_shares > 0).then(|| db_parts.data_mut().chunks_exact_mut(sw.g));
            let items: Vec<BackwardBlock<'_>> = self
                .blocks
                .iter()
                .zip(dxps)
                .map(|(r, dxp)| BackwardBlock {
                    dy: &dy.data()[r.start * row_h..r.end * row_h],
                    y: &y.data()[r.start * row_h..r.end * row_h],
                    saved: &self.saved.data()[r.start * sw.t * sw.s..r.end * sw.t * sw.s],
                    h0: &self.h0[r.start * sw.h..r.end * sw.h],
                    c0: &self.c0[r.start * sw.h..r.end * sw.h],
                    dxp,
                    dhp: dhps.as_mut().and_then(Iterator::next),
                    dw: dws.as_mut().and_then(Iterator::next),
                    db: dbs.as_mut().and_then(Iterator::next),
                })
                .collect();
            let w_packed = PackedB::new(MatRef::of(w));
            each_block(items, |blk| sw.backward(&w_packed, blk));
        });
        let dw = (shares > 0).then(|| sum_of_shares(&dw_parts, shares, w));
        let db = xs.get(2).filter(|_| bias_shares > 0).map(|b| sum_of_shares(&db_parts, bias_shares, b));
        let mut grads = InputGrads::from([Some(dxp_t), dw]);
        if xs.len() > 2 {
            grads.push(db);
        }
        grads
    }
}

/// ∂L/∂W_hh (or ∂L/∂b_hh) from the blocks' `shares`, held in `parts` one of W's size after
/// another, added in block order.
fn sum_of_shares(parts: &Tensor, shares: usize, w: &Tensor) -> Tensor {
    if shares == 1 || w.numel() == 0 {
        return parts.reshape(w.shape().clone());
    }
    Tensor::written(w.shape().clone(), |dw| {
        let (first, rest) = parts.data().split_at(dw.len());
        dw.copy_from_slice(first);
        rest.chunks_exact(dw.len()).for_each(|s| dw.iter_mut().zip(s).for_each(|(d, v)| *d += v));
    })
}

impl Recurrence {
    /// The op for N, T, H = `dims`, its batch cut into `blocks` blocks of sequences (at most N).
    fn new(
        cell: Cell,
        reverse: bool,
        (n, t, h): (usize, usize, usize),
        blocks: usize,
        h0: Vec<Float>,
        c0: Vec<Float>,
        last: Rc<RefCell<Option<RecurrentState>>>,
    ) -> Recurrence {
        let count = blocks.clamp(1, n.max(1));
        let blocks = (0..count).map(|i| i * n / count..(i + 1) * n / count).collect();
        let (g, s) = (cell.gates() * h, cell.saved() * h);
        let par = if count == 1 { Parallelism::Auto } else { Parallelism::Sequential };
        let sweep = Sweep { cell, reverse, t, h, g, s, par };
        Recurrence { sweep, n, blocks, saved: Tensor::default(), h0, c0, last }
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
        self.recurrence_in_blocks((w_hh, b_hh), (cell, reverse), initial, None)
    }

    /// `recurrence_from` with weights (W_hh, b_hh) and the batch cut into `blocks` blocks of
    /// sequences, one a thread (`None`: one per thread of rayon's pool when the work is large
    /// enough, else one).
    pub(crate) fn recurrence_in_blocks(
        self,
        (w_hh, b_hh): (Var<'t>, Option<Var<'t>>),
        (cell, reverse): (Cell, bool),
        initial: Option<&RecurrentState>,
        blocks: Option<usize>,
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
        let auto = if n * t * h * gh >= SPLIT_WORK { rayon::current_num_threads() } else { 1 };
        let op = Recurrence::new(cell, reverse, (n, t, h), blocks.unwrap_or(auto), h0, c0, Rc::clone(&last));
        let inputs: Vec<Var<'t>> = [Some(self), Some(w_hh), b_hh].into_iter().flatten().collect();
        let y = self.tape().apply(op, &inputs);
        let final_state = last.borrow_mut().take().expect("the forward pass ran and left its final state");
        (y, final_state)
    }
}
