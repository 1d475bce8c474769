//! Recurrent layers, torch's `nn.RNN`, `nn.LSTM` and `nn.GRU` with batch_first=True and a zero
//! initial state: x [N, T, I] → y [N, T, D·H], every step's h_t (torch's `output`), D = 2 when
//! bidirectional (forward and reversed directions concatenated on the last axis, as torch).
//! Truncated backpropagation through time (`carry_state`): each forward direction of each layer
//! starts from the final (h, c) of the previous pass in the same mode, detached, as torch code does
//! with `out, hidden = lstm(x, hidden); hidden = hidden.detach()`. A pass with another number of
//! sequences starts from zero; a reversed direction always does (its state would come from later text).
//! Layer k, direction d (suffix `_reverse` for d = 1), G gates (1 RNN, 4 LSTM, 3 GRU):
//!   xp = x_k·W_ihᵀ over all N·T rows at once (one [N·T, I_k]·[I_k, G·H] product)
//!   y_k,d = recurrence(xp, W_hh, b_ih + b_hh)   (downhill-autograd's `recurrence`: the per-step math)
//! (a GRU adds b_ih to xp instead and gives the recurrence b_hh alone: its b_hn is scaled by the
//! reset gate).
//!   x_{k+1} = dropout(y_k) in training, for k < num_layers − 1
//! Parameters have torch's names, shapes and order: weight_ih_l{k}[_reverse] [G·H, I_k],
//! weight_hh_l{k}[_reverse] [G·H, H], bias_ih_l{k}[_reverse] and bias_hh_l{k}[_reverse] [G·H], all
//! drawn U(−1/√H, 1/√H) as torch's `reset_parameters`.
use crate::{Ctx, Dropout, Init, Mode, Module};
use downhill_autograd::{Cell, Param, ParamRole, RecurrentState, Var};
use downhill_tensor::Rng;

/// The weights of one layer in one direction.
#[derive(Debug, Clone)]
struct Direction {
    weight_ih: Param,
    weight_hh: Param,
    bias: Option<(Param, Param)>,
    reverse: bool,
}

/// The sizes and options of a recurrent layer, as torch's constructor takes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecurrentOptions {
    /// The cell: `RnnTanh`/`RnnRelu` (torch's `nn.RNN` with `nonlinearity`), `Lstm` or `Gru`.
    pub cell: Cell,
    /// I: features per step of the input.
    pub input_size: usize,
    /// H: features of the hidden state (and of each direction's output).
    pub hidden_size: usize,
    /// Stacked layers, each reading the previous one's outputs (torch's default 1).
    pub num_layers: usize,
    /// Learn `b_ih` and `b_hh` (torch's default true).
    pub bias: bool,
    /// Dropout probability on each layer's output but the last's, in training (torch's default 0).
    pub dropout: f64,
    /// Also run each layer over the reversed sequence and concatenate (torch's default false).
    pub bidirectional: bool,
}

/// A stack of RNN, LSTM or GRU layers: [N, T, I] → [N, T, D·H], every step's hidden state
/// (torch's `output`, with `batch_first=True`).
#[derive(Debug, Clone)]
pub struct Recurrent {
    options: RecurrentOptions,
    /// Per layer, one or two directions.
    layers: Vec<Vec<Direction>>,
    /// Whether passes carry their final state to the next (truncated BPTT).
    carry: bool,
    /// The carried final states, training's and evaluation's apart: one per layer and direction.
    carried: [Option<Vec<RecurrentState>>; 2],
}

impl Recurrent {
    /// The layers of `o`, every weight and bias drawn U(−1/√H, 1/√H) from `rng` as torch; passes
    /// start from a zero state until [`Module::carry_state`] turns carrying on.
    pub fn new(o: RecurrentOptions, rng: &mut Rng) -> Recurrent {
        let (h, g) = (o.hidden_size, o.cell.gates() * o.hidden_size);
        let k = 1.0 / (h as f64).sqrt();
        let mut draw = |name: String, role, shape: Vec<usize>| {
            Param::with_role(name, role, Init::Uniform { low: -k, high: k }.sample(shape, h, h, rng))
        };
        let dirs = if o.bidirectional { 2 } else { 1 };
        let layers = (0..o.num_layers)
            .map(|l| {
                let input = if l == 0 { o.input_size } else { dirs * h };
                (0..dirs)
                    .map(|d| {
                        let sfx = format!("l{l}{}", if d == 1 { "_reverse" } else { "" });
                        let weight_ih = draw(format!("weight_ih_{sfx}"), ParamRole::Weight, vec![g, input]);
                        let weight_hh = draw(format!("weight_hh_{sfx}"), ParamRole::Weight, vec![g, h]);
                        let bias = o.bias.then(|| {
                            let ih = draw(format!("bias_ih_{sfx}"), ParamRole::Bias, vec![g]);
                            (ih, draw(format!("bias_hh_{sfx}"), ParamRole::Bias, vec![g]))
                        });
                        Direction { weight_ih, weight_hh, bias, reverse: d == 1 }
                    })
                    .collect()
            })
            .collect();
        Recurrent { options: o, layers, carry: false, carried: [None, None] }
    }

    /// The sizes and options it was built with.
    pub fn options(&self) -> RecurrentOptions {
        self.options
    }
}

impl Direction {
    fn forward<'t>(
        &self,
        cx: &Ctx<'t>,
        x: Var<'t>,
        cell: Cell,
        initial: Option<&RecurrentState>,
    ) -> (Var<'t>, RecurrentState) {
        let s = x.shape();
        let (n, t, i) = (s.dims()[0], s.dims()[1], s.dims()[2]);
        let g = self.weight_ih.value.dims()[0];
        let (b_ih, b_hh) = match (&self.bias, cell) {
            // A GRU's b_hn is multiplied by its reset gate, so b_ih stays with the input product.
            (Some((ih, hh)), Cell::Gru) => (Some(cx.param(ih)), Some(cx.param(hh))),
            // Elsewhere both biases add to every step's pre-activation, a = xp + hp: b_ih joins
            // b_hh in hp's starting value, so the input product writes xp without first filling
            // N·T rows with b_ih (8 MB per pass for the LSTM language model, 3 % of its step).
            (Some((ih, hh)), _) => (None, Some(cx.param(ih) + cx.param(hh))),
            (None, _) => (None, None),
        };
        let xp = x.reshape([n * t, i]).linear(cx.param(&self.weight_ih), b_ih).reshape([n, t, g]);
        let initial = initial.filter(|_| !self.reverse);
        xp.recurrence_from(cx.param(&self.weight_hh), b_hh, cell, self.reverse, initial)
    }
    fn params(&self) -> Vec<&Param> {
        let bias = self.bias.iter().flat_map(|(ih, hh)| [ih, hh]);
        [&self.weight_ih, &self.weight_hh].into_iter().chain(bias).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        let bias = self.bias.iter_mut().flat_map(|(ih, hh)| [ih, hh]);
        [&mut self.weight_ih, &mut self.weight_hh].into_iter().chain(bias).collect()
    }
}

impl Module for Recurrent {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let shape = x.shape();
        assert!(
            shape.rank() == 3 && shape.dims()[2] == self.options.input_size,
            "{}: input of shape {shape}, expected [N, T, {}]",
            self.describe(),
            self.options.input_size
        );
        let slot = usize::from(cx.mode == Mode::Eval);
        let sequences = shape.dims()[0];
        let carried = match self.carry {
            true => {
                self.carried[slot].take().filter(|s| s.first().is_some_and(|s| s.h.dims()[0] == sequences))
            }
            false => None,
        };
        let (mut x, mut finals) = (x, Vec::new());
        for (l, dirs) in self.layers.iter().enumerate() {
            if l > 0 {
                let mut dropout = Dropout::new(self.options.dropout).expect("checked when described");
                x = dropout.forward(cx, x);
            }
            let mut outs = Vec::with_capacity(dirs.len());
            for d in dirs {
                let initial = carried.as_ref().map(|c| &c[finals.len()]);
                let (y, last) = d.forward(cx, x, self.options.cell, initial);
                outs.push(y);
                finals.push(last);
            }
            x = if outs.len() == 1 { outs[0] } else { Var::concat(&outs, 2) };
        }
        if self.carry {
            self.carried[slot] = Some(finals);
        }
        let kind = match self.options.cell {
            Cell::RnnTanh => "rnn",
            Cell::RnnRelu => "rnn_relu",
            Cell::Lstm => "lstm",
            Cell::Gru => "gru",
        };
        cx.probe_recurrent(kind, &x);
        x
    }
    fn params(&self) -> Vec<&Param> {
        self.layers.iter().flatten().flat_map(Direction::params).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        self.layers.iter_mut().flatten().flat_map(Direction::params_mut).collect()
    }
    fn describe(&self) -> String {
        let o = &self.options;
        let name = match o.cell {
            Cell::RnnTanh | Cell::RnnRelu => "RNN",
            Cell::Lstm => "LSTM",
            Cell::Gru => "GRU",
        };
        let extra = format!(
            "{}{}",
            if o.num_layers > 1 { format!(", {} layers", o.num_layers) } else { String::new() },
            if o.bidirectional { ", bidirectional" } else { "" }
        );
        format!("{name}({} -> {}{extra})", o.input_size, o.hidden_size)
    }
    fn carry_state(&mut self, on: bool) {
        self.carry = on;
        self.carried = [None, None];
    }
    fn reset_state(&mut self, mode: Mode) {
        self.carried[usize::from(mode == Mode::Eval)] = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::{gradcheck_many, Tape};
    use downhill_tensor::Tensor;
    use std::cell::RefCell;

    fn layer(cell: Cell, num_layers: usize, dropout: f64, bidirectional: bool) -> Recurrent {
        let o = RecurrentOptions {
            cell,
            input_size: 3,
            hidden_size: 2,
            num_layers,
            bias: true,
            dropout,
            bidirectional,
        };
        Recurrent::new(o, &mut Rng::seed(7))
    }

    #[test]
    fn the_whole_stack_passes_gradcheck_for_its_input() {
        let x = Tensor::rand_normal([2, 3, 3], 0.0, 1.0, &mut Rng::seed(8));
        for cell in [Cell::RnnTanh, Cell::Lstm, Cell::Gru] {
            let net = RefCell::new(layer(cell, 2, 0.0, true));
            let net = &net;
            gradcheck_many(
                move |v| net.borrow_mut().forward(&Ctx::eval(v[0].tape()), v[0]),
                std::slice::from_ref(&x),
            );
        }
    }

    #[test]
    fn dropout_acts_between_layers_in_training_only() {
        let x = Tensor::rand_normal([4, 5, 3], 0.0, 1.0, &mut Rng::seed(9));
        let run = |net: &mut Recurrent, train: bool| {
            let tape = Tape::new();
            let cx = if train { Ctx::train(&tape, 1) } else { Ctx::eval(&tape) };
            let y = net.forward(&cx, tape.leaf(x.clone()));
            let y = y.value().clone();
            y
        };
        let mut two = layer(Cell::Lstm, 2, 0.5, false);
        let (eval, train) = (run(&mut two, false), run(&mut two, true));
        assert!(
            eval.data().iter().zip(train.data()).any(|(a, b)| (a - b).abs() > 1e-3),
            "dropout in training"
        );
        // Exact: with one layer there is nothing between layers, so training runs the same arithmetic.
        let mut one = layer(Cell::Lstm, 1, 0.5, false);
        assert_eq!(run(&mut one, false).data(), run(&mut one, true).data());
    }

    #[test]
    fn a_carried_state_continues_the_sequence_across_passes() {
        // Two passes over the halves of a sequence with the state carried give the whole
        // sequence's second half; after a reset, or with another batch size, a pass starts from
        // zero again. Tolerance 1e-6: the same f32 arithmetic.
        let x = Tensor::rand_normal([2, 6, 3], 0.0, 1.0, &mut Rng::seed(10));
        let halves = [x.narrow(1, 0..3), x.narrow(1, 3..6)];
        let run = |net: &mut Recurrent, x: &Tensor| {
            let tape = Tape::new();
            let y = net.forward(&Ctx::eval(&tape), tape.leaf(x.clone()));
            let y = y.value().clone();
            y
        };
        let close = |a: &Tensor, b: &Tensor| a.data().iter().zip(b.data()).all(|(p, q)| (p - q).abs() < 1e-6);
        for cell in [Cell::Lstm, Cell::Gru] {
            let mut net = layer(cell, 2, 0.0, false);
            let whole = run(&mut net, &x).narrow(1, 3..6);
            assert!(!close(&run(&mut net, &halves[1]), &whole), "{cell:?}: without carrying, from zero");
            net.carry_state(true);
            run(&mut net, &halves[0]);
            assert!(close(&run(&mut net, &halves[1]), &whole), "{cell:?}: carried");
            run(&mut net, &halves[0]);
            net.reset_state(Mode::Eval);
            assert!(!close(&run(&mut net, &halves[1]), &whole), "{cell:?}: reset");
            run(&mut net, &halves[0]);
            run(&mut net, &halves[0].narrow(0, 0..1)); // one sequence: from zero, and carried on
            assert!(!close(&run(&mut net, &halves[1]), &whole), "{cell:?}: another batch size");
        }
    }
}
