//! The language-model criterion: mean cross-entropy of the next token over every position,
//!   logits z = model(x): [N, T, V] viewed as [N·T, V];  L = −(1/(N·T)) Σ_{n,t} log softmax(z_{n,t})[y_{n,t}]
//! in nats per token (bits = nats / ln 2). Validation runs in evaluation mode, weighted by token
//! counts, and reads its rows in one of two ways:
//!   windows  each row a window read from a zero state, `CHUNK` windows a forward pass (the whole
//!            validation text would not fit one forward pass of an LSTM)
//!   carried  each row a whole text, read as S = min(`CHUNK`, len/(8T)) streams side by side, T
//!            ids a pass, with the recurrent state carried from pass to pass (how truncated
//!            backpropagation through time trains); the last len mod S ids are read from zero.
//!            At least 8 passes a stream where the text allows: the state is warm for most of it
use crate::{Batch, Criterion, Validation};
use downhill_autograd::{Tape, Var};
use downhill_nn::{Ctx, Mode, Module};
use downhill_tensor::{Float, Tensor};

/// Windows (or streams) per forward pass in validation and evaluation.
pub const CHUNK: usize = 64;

/// The next-token criterion and how its validation rows are read.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum NextTokenLoss {
    /// Rows are windows, each read from a zero state.
    #[default]
    Windows,
    /// Rows are whole texts read as streams `context` ids a pass, the state carried.
    Carried {
        /// Ids read per pass.
        context: usize,
    },
}

/// The mean next-token cross-entropy of `model` on inputs `x` and targets `y` ([N, T] ids).
pub fn next_token_loss<'t, M: Module + ?Sized>(
    cx: &Ctx<'t>,
    model: &mut M,
    x: &Tensor,
    y: &Tensor,
) -> Var<'t> {
    let logits = model.forward(cx, cx.tape.leaf(x.clone()));
    let shape = logits.shape();
    let vocab = shape.dims()[shape.rank() - 1];
    let targets: Vec<usize> = y.data().iter().map(|&v| v as usize).collect();
    logits.reshape([targets.len(), vocab]).softmax_cross_entropy(targets)
}

/// The summed next-token cross-entropy (nats) of one evaluation-mode forward pass.
fn pass_nats<M: Module + ?Sized>(model: &mut M, x: &Tensor, y: &Tensor) -> f64 {
    let tape = Tape::inference(); // no backward: what ops save for one is dropped at once
    next_token_loss(&Ctx::eval(&tape), model, x, y).item() as f64 * y.numel() as f64
}

/// The summed next-token cross-entropy (nats) of `model` on windows `x`, `y`, in chunks, eval mode.
pub fn total_nats<M: Module + ?Sized>(model: &mut M, x: &Tensor, y: &Tensor) -> f64 {
    let n = x.rows();
    (0..n)
        .step_by(CHUNK)
        .map(|start| {
            let rows = start..(start + CHUNK).min(n);
            pass_nats(model, &x.slice_rows(rows.clone()), &y.slice_rows(rows))
        })
        .sum()
}

/// The summed next-token cross-entropy (nats) of `model` on the text whose inputs and targets are
/// `x` and `y` (one id each per position), read as streams `context` ids a pass with the evaluation
/// state carried (the model must carry state: `Module::carry_state`).
pub fn carried_nats<M: Module + ?Sized>(model: &mut M, x: &[Float], y: &[Float], context: usize) -> f64 {
    let len = x.len();
    let streams = (len / (8 * context)).clamp(1, CHUNK);
    let per = len / streams;
    let pick = |v: &[Float], from: usize, width: usize| {
        let ids = (0..streams).flat_map(|s| v[s * per + from..][..width].iter().copied()).collect();
        Tensor::from_vec(ids, [streams, width]).unwrap_or_else(|e| panic!("streams: {e}"))
    };
    model.reset_state(Mode::Eval);
    let mut total = 0.0;
    for from in (0..per).step_by(context) {
        let width = context.min(per - from);
        total += pass_nats(model, &pick(x, from, width), &pick(y, from, width));
    }
    let read = streams * per;
    if read < len {
        // Fewer ids than streams: one sequence, so from a zero state.
        let row = |v: &[Float]| Tensor::from_vec(v[read..].to_vec(), [1, len - read]).expect("one row");
        total += pass_nats(model, &row(x), &row(y));
    }
    model.reset_state(Mode::Eval);
    total
}

impl<M: Module + ?Sized> Criterion<M> for NextTokenLoss {
    fn loss<'t>(&self, cx: &Ctx<'t>, model: &mut M, batch: &Batch) -> Var<'t> {
        next_token_loss(cx, model, &batch.x, &batch.y)
    }
    fn validate(&self, model: &mut M, rows: &Batch) -> Validation {
        let tokens = rows.y.numel().max(1) as f64;
        let nats = match *self {
            NextTokenLoss::Windows => total_nats(model, &rows.x, &rows.y),
            NextTokenLoss::Carried { context } => (0..rows.x.rows())
                .map(|r| {
                    let (x, y) = (rows.x.slice_rows(r..r + 1), rows.y.slice_rows(r..r + 1));
                    carried_nats(model, x.data(), y.data(), context)
                })
                .sum(),
        };
        Validation { loss: nats / tokens, metric: None }
    }
}

/// Nats to bits: b = n / ln 2.
pub fn bits(nats: f64) -> f64 {
    nats / std::f64::consts::LN_2
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::{spec::parse_layers, Sequential};

    #[test]
    fn an_untrained_uniform_model_scores_ln_v_per_token() {
        // A zero-initialised output layer gives uniform logits: ln 5 = 1.6094 nats, log2 5 bits.
        let layers = parse_layers("embedding(3, num_embeddings=5), linear(5)").unwrap();
        let mut net = Sequential::from_spec(&layers, &[4], 0).unwrap();
        net.params_mut().into_iter().skip(1).for_each(|p| p.value = p.value.map(|_| 0.0));
        let x = Tensor::from_rows(&[[0.0, 1.0, 2.0, 3.0], [4.0, 3.0, 2.0, 1.0]]).unwrap();
        let y = x.map(|v| (v + 1.0) % 5.0);
        let v = NextTokenLoss::Windows.validate(&mut net, &Batch { x, y });
        // f32 log-sum-exp of equal values: 1e-6.
        assert!((v.loss - 5f64.ln()).abs() < 1e-6, "{v:?}");
        assert!((bits(v.loss) - 5f64.log2()).abs() < 1e-6);
    }

    #[test]
    fn carried_reading_scores_every_token_once_and_matches_one_long_pass() {
        // An LSTM that carries its state reads a 103-token text as 2 streams of 51, 5 ids a
        // pass, then the last token alone. Reading each stream in one pass from a zero
        // state, plus the last token, gives the same sum. Tolerance 1e-4 nats on ~170: f32 sums
        // in another order.
        let layers = parse_layers("embedding(4, num_embeddings=7), lstm(5), linear(7)").unwrap();
        let mut net = Sequential::from_spec(&layers, &[5], 3).unwrap();
        let ids: Vec<Float> = (0..104).map(|i| ((i * 5 + i / 3) % 7) as Float).collect();
        let (x, y) = (&ids[..103], &ids[1..]);
        net.carry_state(true);
        let carried = carried_nats(&mut net, x, y, 5);
        net.carry_state(false);
        let one = |v: &[Float]| Tensor::from_vec(v.to_vec(), [1, v.len()]).unwrap();
        let by_stream: f64 = [0..51, 51..102, 102..103]
            .into_iter()
            .map(|r| pass_nats(&mut net, &one(&x[r.clone()]), &one(&y[r])))
            .sum();
        assert!((carried - by_stream).abs() < 1e-4, "{carried} vs {by_stream}");
        // And the carried reading is not the windowed one (each 5-id pass from zero).
        let windows: f64 = (0..103)
            .step_by(20)
            .map(|s| {
                let r = s..(s + 5).min(103);
                pass_nats(&mut net, &one(&x[r.clone()]), &one(&y[r]))
            })
            .sum();
        assert!((carried - windows).abs() > 1e-3, "{carried} vs windows {windows}");
    }
}
