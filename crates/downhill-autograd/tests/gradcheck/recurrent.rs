//! The fused recurrence (torch's RNN, LSTM and GRU over a whole sequence) for each cell, forwards
//! and reversed in time, with and without the recurrent bias, including odd sizes and N = 1, T = 1.
//! Weights are scaled by 0.5 so the pre-activations stay where σ and tanh are not flat (a saturated
//! gate would check nothing). The relu RNN sees only positive pre-activations when it recurs (all of
//! xp, W_hh and b_hh positive), and mixed signs off the kink with one step (hp = 0 without bias).
//! From a given initial state (truncated backpropagation through time), each cell passes gradcheck
//! too, and two chunks with the state carried over reproduce the whole sequence.
use super::*;
use downhill_autograd::{Cell, RecurrentState, Tape};

/// The recurrence of `cell` over v[0] with weight v[1] and, when `bias`, b_hh = v[2].
fn run(cell: Cell, reverse: bool, bias: bool) -> impl for<'t> Fn(&[Var<'t>]) -> Var<'t> + Copy {
    move |v| v[0].recurrence(v[1], bias.then(|| v[2]), cell, reverse)
}

fn cases(cell: Cell, rng: &mut Rng) {
    let name = format!("recurrence {cell:?}");
    for (n, t, h) in [(2, 3, 2), (1, 1, 3), (3, 4, 1), (2, 5, 3)] {
        let g = cell.gates() * h;
        let xp = normal(&[n, t, g], rng);
        let w = normal(&[g, h], rng).map(|v| 0.5 * v);
        let b = normal(&[g], rng);
        for reverse in [false, true] {
            check(&name, run(cell, reverse, true), &[xp.clone(), w.clone(), b.clone()]);
            check(&name, run(cell, reverse, false), &[xp.clone(), w.clone()]);
        }
    }
}

#[test]
fn lstm_sequence() {
    cases(Cell::Lstm, &mut Rng::seed(190));
}

#[test]
fn gru_sequence() {
    cases(Cell::Gru, &mut Rng::seed(191));
}

#[test]
fn tanh_rnn_sequence() {
    cases(Cell::RnnTanh, &mut Rng::seed(192));
}

#[test]
fn relu_rnn_sequence() {
    let mut rng = Rng::seed(193);
    for reverse in [false, true] {
        let (xp, w, b) = (
            uniform(&[2, 4, 3], 0.2, 1.0, &mut rng),
            uniform(&[3, 3], 0.1, 0.5, &mut rng),
            uniform(&[3], 0.1, 0.5, &mut rng),
        );
        check("recurrence RnnRelu, positive", run(Cell::RnnRelu, reverse, true), &[xp, w, b]);
        let (xp, w) = (off_kinks(&[3, 1, 2], &[0.0], &mut rng), normal(&[2, 2], &mut rng));
        check("recurrence RnnRelu, one step", run(Cell::RnnRelu, reverse, false), &[xp, w]);
    }
}

/// A non-zero initial state for `cell`: h_0, and c_0 for an LSTM.
fn initial(cell: Cell, n: usize, h: usize, rng: &mut Rng) -> RecurrentState {
    let c = (cell == Cell::Lstm).then(|| normal(&[n, h], rng));
    RecurrentState { h: normal(&[n, h], rng).map(|v| 0.5 * v), c }
}

/// The recurrence of `cell` over v[0] with weight v[1] and b_hh = v[2] from `state`.
fn run_from(
    cell: Cell,
    reverse: bool,
    state: &RecurrentState,
) -> impl for<'t> Fn(&[Var<'t>]) -> Var<'t> + Copy + '_ {
    move |v| v[0].recurrence_from(v[1], Some(v[2]), cell, reverse, Some(state)).0
}

#[test]
fn every_cell_from_a_given_initial_state() {
    let mut rng = Rng::seed(194);
    for cell in [Cell::Lstm, Cell::Gru, Cell::RnnTanh] {
        let name = format!("recurrence {cell:?} from a state");
        let (n, t, h) = (2, 3, 2);
        let g = cell.gates() * h;
        let state = initial(cell, n, h, &mut rng);
        let xp = normal(&[n, t, g], &mut rng);
        let w = normal(&[g, h], &mut rng).map(|v| 0.5 * v);
        let b = normal(&[g], &mut rng);
        for reverse in [false, true] {
            check(&name, run_from(cell, reverse, &state), &[xp.clone(), w.clone(), b.clone()]);
        }
    }
}

#[test]
fn two_chunks_with_the_state_carried_over_are_the_whole_sequence() {
    // Forwards, the second chunk from the first's final state computes exactly what the whole
    // sequence computes at those steps; backwards, the gradient of a loss on the second chunk's
    // outputs reaches its own projections unchanged (the truncation only cuts what flows into the
    // first chunk). Tolerance 1e-6: the same f32 operations, up to the order of the products.
    let mut rng = Rng::seed(195);
    for cell in [Cell::Lstm, Cell::Gru, Cell::RnnTanh] {
        let (n, t1, t2, h) = (3, 4, 3, 5);
        let g = cell.gates() * h;
        let xp = normal(&[n, t1 + t2, g], &mut rng);
        let w = normal(&[g, h], &mut rng).map(|v| 0.5 * v);
        let b = normal(&[g], &mut rng);
        let weights = normal(&[n, t2, h], &mut rng);
        let second = |x: &Tensor, from: usize, len: usize| {
            Tensor::written([n, len, g], |out| {
                for r in 0..n {
                    for s in 0..len {
                        out[(r * len + s) * g..][..g]
                            .copy_from_slice(&x.data()[(r * (t1 + t2) + from + s) * g..][..g]);
                    }
                }
            })
        };
        // The whole sequence: outputs of the last t2 steps and their projections' gradient.
        let tape = Tape::new();
        let (x, wv, bv) = (tape.watch(xp.clone()), tape.watch(w.clone()), tape.watch(b.clone()));
        let (y, end) = x.recurrence_from(wv, Some(bv), cell, false, None);
        let tail = y.narrow(1, t1..t1 + t2);
        let whole_tail = tail.value().clone();
        let grads = tape.backward((tail * tape.leaf(weights.clone())).sum());
        let whole_dx = second(grads.wrt(x).unwrap(), t1, t2);
        // Two chunks.
        let tape = Tape::new();
        let (x1, x2) = (tape.watch(second(&xp, 0, t1)), tape.watch(second(&xp, t1, t2)));
        let (wv, bv) = (tape.watch(w.clone()), tape.watch(b.clone()));
        let (_, carried) = x1.recurrence_from(wv, Some(bv), cell, false, None);
        let (y2, end2) = x2.recurrence_from(wv, Some(bv), cell, false, Some(&carried));
        let chunked_tail = y2.value().clone();
        let grads = tape.backward((y2 * tape.leaf(weights.clone())).sum());
        let close = |a: &Tensor, b: &Tensor, what: &str| {
            let worst = a.data().iter().zip(b.data()).map(|(p, q)| (p - q).abs()).fold(0.0, f32::max);
            assert!(a.dims() == b.dims() && worst < 1e-6, "{cell:?} {what}: differs by {worst}");
        };
        close(&whole_tail, &chunked_tail, "outputs");
        close(&end.h, &end2.h, "final h");
        if let (Some(c), Some(c2)) = (&end.c, &end2.c) {
            close(c, c2, "final c");
        }
        close(&whole_dx, grads.wrt(x2).unwrap(), "gradient of the second chunk's projections");
    }
}
