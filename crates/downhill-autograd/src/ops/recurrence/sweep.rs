//! The time loops of a recurrence over one block of sequences, rows b0..b1 of the batch.
//! No sequence's recurrence reads another's, so the batch is cut into blocks of rows that run on
//! separate threads with no synchronisation between steps (one fork-join per pass, not one per
//! step): each block multiplies its own rows by W_hh at each step, an [N/blocks, H]·[H, G·H]
//! product. Every buffer is batch-major, a block's rows contiguous: xp, ∂L/∂xp [N, T, G·H], y
//! [N, T, H], the cell's saved values [N, T, S·H], so y is the op's output as it stands and a
//! step's rows are a strided view (rows T·G·H apart) for the products. The per-step math is the
//! one in `recurrence.rs`'s header; the cells' files give the cell math. Each step's product is
//! downhill-tensor's `gemm_few_rows` (W_hh streamed once per step for all the block's rows: with
//! faer's kernel a 16-row step ran at ~60 GFLOP/s). Each block also takes its share of ∂L/∂W_hh,
//! Σ over its rows and steps of (∂L/∂hp_t)ᵀ·h_{t−1}, as one product after its sweep, and its share
//! of ∂L/∂b_hh, on its own thread: the caller sums the blocks' shares (one product over the whole
//! batch after the sweep used faer's threads, which spun at their barriers: ~12 % of the samples;
//! ∂L/∂b_hh summed over the whole batch after the sweep took the calling thread alone, 1.6 % of the
//! LSTM language model's step).
use super::{gru_cell, lstm_cell, rnn_cell, Cell};
use downhill_tensor::{gemm, gemm_few_rows, vectorized, Float, MatRef, PackedB, Parallelism, Tensor};

/// What every block shares: the cell, the direction and the sizes, with G·H as `g` and the
/// saved floats per row as `s`.
#[derive(Clone, Copy)]
pub(super) struct Sweep {
    pub cell: Cell,
    pub reverse: bool,
    pub t: usize,
    pub h: usize,
    pub g: usize,
    pub s: usize,
    /// How the block's ∂L/∂W_hh product may use threads: `Sequential` inside a block of a split
    /// batch.
    pub par: Parallelism,
}

/// One block's slices for the forward pass; `h0`, `c0` are its rows of the initial state.
pub(super) struct ForwardBlock<'a> {
    pub xp: &'a [Float],
    pub h0: &'a [Float],
    pub c0: &'a [Float],
    pub y: &'a mut [Float],
    pub saved: &'a mut [Float],
}

/// One block's slices for the backward pass; `dhp` only for a GRU (for the other cells ∂L/∂hp is
/// ∂L/∂xp and is read from `dxp`); `dw`, [G·H, H], and `db`, [G·H], receive the block's shares of
/// ∂L/∂W_hh and ∂L/∂b_hh when they are wanted.
pub(super) struct BackwardBlock<'a> {
    pub dy: &'a [Float],
    pub y: &'a [Float],
    pub saved: &'a [Float],
    pub h0: &'a [Float],
    pub c0: &'a [Float],
    pub dxp: &'a mut [Float],
    pub dhp: Option<&'a mut [Float]>,
    pub dw: Option<&'a mut [Float]>,
    pub db: Option<&'a mut [Float]>,
}

impl Sweep {
    /// The time index of the `step`-th step processed.
    pub fn time(&self, step: usize) -> usize {
        if self.reverse {
            self.t - 1 - step
        } else {
            step
        }
    }

    /// Runs the block forward in time order, filling `y` and `saved`; returns its final h and c.
    /// `w_t` is W_hhᵀ [H, G·H], packed once for the pass.
    pub fn forward(
        &self,
        w_t: &PackedB,
        bias: Option<&[Float]>,
        blk: ForwardBlock<'_>,
    ) -> (Vec<Float>, Vec<Float>) {
        let Sweep { cell, t, h, g, s, .. } = *self;
        let nb = blk.h0.len() / h;
        let (mut hp, mut h_prev, mut c_prev) = (vec![0.0; nb * g], blk.h0.to_vec(), blk.c0.to_vec());
        let start_from_zero = blk.h0.iter().all(|&v| v == 0.0);
        for step in 0..t {
            let ti = self.time(step);
            match bias {
                Some(b) => hp.chunks_exact_mut(g).for_each(|row| row.copy_from_slice(b)),
                None => hp.fill(0.0),
            }
            if step > 0 || !start_from_zero {
                let prev = MatRef::row_major(&h_prev, nb, h);
                gemm_few_rows(prev, w_t, &mut hp);
            }
            for b in 0..nb {
                let row = b * t + ti;
                let (x, p) = (&blk.xp[row * g..][..g], &hp[b * g..][..g]);
                let (o, sv) = (&mut blk.y[row * h..][..h], &mut blk.saved[row * s..][..s]);
                let hb = &mut h_prev[b * h..][..h];
                match cell {
                    Cell::RnnTanh | Cell::RnnRelu => rnn_cell::forward(x, p, cell == Cell::RnnRelu, o),
                    Cell::Lstm => {
                        let cb = &mut c_prev[b * h..][..h];
                        lstm_cell::forward(x, p, cb, o, sv);
                        cb.copy_from_slice(&sv[4 * h..5 * h]);
                    }
                    Cell::Gru => gru_cell::forward(x, p, hb, o, sv),
                }
                hb.copy_from_slice(o);
            }
        }
        (h_prev, c_prev)
    }

    /// Runs the block backward through time, last step first, filling ∂L/∂xp (and ∂L/∂hp);
    /// `w` is W_hh [G·H, H], packed once for the pass.
    pub fn backward(&self, w: &PackedB, blk: BackwardBlock<'_>) {
        let Sweep { cell, t, h, g, s, .. } = *self;
        let BackwardBlock { dy, y, saved, h0, c0, dxp, mut dhp, dw, db } = blk;
        let nb = h0.len() / h;
        let (mut carry, mut dc, mut dh, mut direct) =
            (vec![0.0; nb * h], vec![0.0; nb * h], vec![0.0; nb * h], vec![0.0; nb * h]);
        for step in (0..t).rev() {
            let ti = self.time(step);
            let prev = (step > 0).then(|| self.time(step - 1));
            for b in 0..nb {
                let row = b * t + ti;
                let prev_row = prev.map(|p| b * t + p);
                let (src, acc) = (&dy[row * h..][..h], &carry[b * h..][..h]);
                let dhb = &mut dh[b * h..][..h];
                dhb.iter_mut().zip(src.iter().zip(acc)).for_each(|(d, (a, c))| *d = a + c);
                let (dxb, sv) = (&mut dxp[row * g..][..g], &saved[row * s..][..s]);
                match cell {
                    Cell::RnnTanh | Cell::RnnRelu => {
                        rnn_cell::backward(dhb, &y[row * h..][..h], cell == Cell::RnnRelu, dxb)
                    }
                    Cell::Lstm => {
                        let c_prev = prev_row.map_or(&c0[b * h..][..h], |r| &saved[r * s + 4 * h..][..h]);
                        lstm_cell::backward(dhb, c_prev, sv, &mut dc[b * h..][..h], dxb);
                    }
                    Cell::Gru => {
                        let h_prev = prev_row.map_or(&h0[b * h..][..h], |r| &y[r * h..][..h]);
                        let dpb = &mut dhp.as_deref_mut().expect("a GRU keeps ∂L/∂hp apart")[row * g..][..g];
                        gru_cell::backward(dhb, h_prev, sv, dxb, dpb, &mut direct[b * h..][..h]);
                    }
                }
            }
            if step > 0 {
                carry.copy_from_slice(&direct); // zero but for a GRU
                let dhp_all: &[Float] = dhp.as_deref().unwrap_or(dxp);
                let dhp_step = MatRef::with_row_stride(&dhp_all[ti * g..], nb, g, t * g);
                gemm_few_rows(dhp_step, w, &mut carry);
            }
        }
        if let Some(dw) = dw {
            self.weight_grad(dhp.as_deref().unwrap_or(dxp), y, h0, dw);
        }
        if let Some(db) = db {
            column_sums(dhp.as_deref().unwrap_or(dxp), db);
        }
    }

    /// `dw` = Σ over the block's rows and steps of (∂L/∂hp_t)ᵀ·h_{t−1}, one [G·H, nb·T]·[nb·T, H]
    /// product; h before the first step is the block's h_0.
    fn weight_grad(&self, dhp: &[Float], y: &[Float], h0: &[Float], dw: &mut [Float]) {
        let Sweep { t, h, g, reverse, .. } = *self;
        let nb = h0.len() / h;
        let h_prev = Tensor::written([nb * t * h], |h_prev| {
            for (b, (dst, src)) in h_prev.chunks_exact_mut(t * h).zip(y.chunks_exact(t * h)).enumerate() {
                // Each sequence's h_{t−1} is its y shifted one step along the direction of time.
                let (first, rest) = match reverse {
                    false => dst.split_at_mut(h),
                    true => {
                        let (rest, first) = dst.split_at_mut((t - 1) * h);
                        (first, rest)
                    }
                };
                first.copy_from_slice(&h0[b * h..(b + 1) * h]);
                rest.copy_from_slice(if reverse { &src[h..] } else { &src[..(t - 1) * h] });
            }
        });
        let (a, b) = (MatRef::row_major(dhp, nb * t, g).t(), MatRef::row_major(h_prev.data(), nb * t, h));
        gemm(1.0, a, b, 0.0, dw, self.par);
    }
}

/// `sums` = Σ over the rows of `rows` (each `sums.len()` values), in row order: ∂L/∂b_hh = Σ over
/// the block's rows and steps of ∂L/∂hp_t.
fn column_sums(rows: &[Float], sums: &mut [Float]) {
    sums.fill(0.0);
    vectorized(|| {
        for row in rows.chunks_exact(sums.len().max(1)) {
            sums.iter_mut().zip(row).for_each(|(s, v)| *s += v);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, RecurrentState};
    use crate::{gradcheck_many, Tape, Var};
    use downhill_tensor::{Rng, Tensor};
    use downhill_testing::assert_close;

    /// The recurrence of `cell` over v[0] with W_hh = v[1], b_hh = v[2], its batch in `blocks`.
    fn blocked(
        cell: Cell,
        reverse: bool,
        blocks: usize,
        initial: Option<&RecurrentState>,
    ) -> impl for<'t> Fn(&[Var<'t>]) -> Var<'t> + Copy + '_ {
        move |v| v[0].recurrence_in_blocks((v[1], Some(v[2])), (cell, reverse), initial, Some(blocks)).0
    }

    fn inputs(cell: Cell, (n, t, h): (usize, usize, usize), rng: &mut Rng) -> Vec<Tensor> {
        let g = cell.gates() * h;
        let xp = Tensor::rand_normal([n, t, g], 0.0, 1.0, rng);
        let w = Tensor::rand_normal([g, h], 0.0, 0.5, rng);
        vec![xp, w, Tensor::rand_normal([g], 0.0, 1.0, rng)]
    }

    /// y, the final state and the gradients of Σ r ⊙ y for xp, W_hh and b_hh.
    fn outcome(
        cell: Cell,
        reverse: bool,
        blocks: usize,
        xs: &[Tensor],
        init: &RecurrentState,
    ) -> Vec<Tensor> {
        let tape = Tape::new();
        let v: Vec<Var<'_>> = xs.iter().map(|x| tape.watch(x.clone())).collect();
        let (y, last) =
            v[0].recurrence_in_blocks((v[1], Some(v[2])), (cell, reverse), Some(init), Some(blocks));
        let (r, y_value) = (Tensor::rand_normal(y.shape(), 0.0, 1.0, &mut Rng::seed(3)), y.value().clone());
        let grads = tape.backward((y * tape.leaf(r)).sum());
        let mut out = vec![y_value, last.h];
        out.extend(last.c);
        out.extend(v.iter().map(|x| grads.wrt(*x).expect("every input takes part").clone()));
        out
    }

    #[test]
    fn a_batch_cut_into_blocks_passes_gradcheck() {
        let mut rng = Rng::seed(200);
        for cell in [Cell::Lstm, Cell::Gru, Cell::RnnTanh] {
            for reverse in [false, true] {
                gradcheck_many(blocked(cell, reverse, 2, None), &inputs(cell, (3, 4, 2), &mut rng));
            }
        }
    }

    #[test]
    fn the_vector_step_products_pass_gradcheck() {
        // H = 16: the step products take gemm_few_rows' AVX-512 path (a multiple of 16 columns)
        // where the CPU has it; the other tests' H = 2 and 4 take faer's.
        let mut rng = Rng::seed(202);
        for (cell, reverse) in [(Cell::Lstm, false), (Cell::Gru, true)] {
            gradcheck_many(blocked(cell, reverse, 2, None), &inputs(cell, (3, 3, 16), &mut rng));
        }
    }

    #[test]
    fn blocks_give_the_numbers_of_the_whole_batch() {
        // Five sequences in three uneven blocks (1, 2, 2 rows) against one block, from a given
        // state: outputs, final state and every gradient. Each row's arithmetic is the same in both;
        // only the products' row counts differ, which may reorder no sum over k: 1e-6.
        let mut rng = Rng::seed(201);
        for cell in [Cell::Lstm, Cell::Gru, Cell::RnnRelu] {
            let xs = inputs(cell, (5, 6, 4), &mut rng);
            let c = (cell == Cell::Lstm).then(|| Tensor::rand_normal([5, 4], 0.0, 1.0, &mut rng));
            let init = RecurrentState { h: Tensor::rand_normal([5, 4], 0.0, 0.5, &mut rng), c };
            for reverse in [false, true] {
                let (one, three) =
                    (outcome(cell, reverse, 1, &xs, &init), outcome(cell, reverse, 3, &xs, &init));
                for (k, (a, b)) in one.iter().zip(&three).enumerate() {
                    assert_close(
                        &format!("{cell:?} reverse {reverse}, output {k}"),
                        b.data(),
                        a.data(),
                        1e-6,
                    );
                }
            }
        }
    }
}
