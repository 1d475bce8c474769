//! The fused recurrence (torch's RNN, LSTM and GRU over a whole sequence) for each cell, forwards
//! and reversed in time, with and without the recurrent bias, including odd sizes and N = 1, T = 1.
//! Weights are scaled by 0.5 so the pre-activations stay where σ and tanh are not flat (a saturated
//! gate would check nothing). The relu RNN sees only positive pre-activations when it recurs (all of
//! xp, W_hh and b_hh positive), and mixed signs off the kink with one step (hp = 0 without bias).
use super::*;
use downhill_autograd::Cell;

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
