//! Scaled dot-product self-attention of packed projections qkv [N, T, 3D], H heads, optionally
//! causal, with optional attention dropout (the math and the kernels: downhill-tensor's
//! `attention.rs`):  y = concat_h softmax(Q_h·K_hᵀ/√d) ⊙ M · V_h,  and its gradient dqkv.
//! One op for all heads: the per-head slices, scores and probabilities never reach the tape; P is
//! kept in the op for the backward.
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct Attention {
    heads: usize,
    causal: bool,
    /// The attention-dropout mask [N, H, T, T] (0 or 1/(1−p)), in training.
    mask: Option<Tensor>,
    /// P from the forward, [N, H, T, T].
    probs: Option<Tensor>,
}

impl Op for Attention {
    fn name(&self) -> &'static str {
        "self_attention"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let (y, probs) = xs[0].self_attention(self.heads, self.causal, self.mask.as_ref());
        self.probs = Some(probs);
        y
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let probs = self.probs.as_ref().expect("forward ran before backward");
        [Some(xs[0].self_attention_backward(probs, self.mask.as_ref(), dy, self.heads, self.causal))].into()
    }
}

impl<'t> Var<'t> {
    /// Self-attention of `self`, the packed query, key and value projections [N, T, 3D], with
    /// `heads` heads of D/heads features; step i attends to steps ≤ i only when `causal`. `mask`
    /// [N, heads, T, T] multiplies the attention probabilities (inverted dropout). The output is
    /// [N, T, D]. Panics naming the shapes when they do not fit.
    pub fn self_attention(self, heads: usize, causal: bool, mask: Option<Tensor>) -> Var<'t> {
        // The kernel checks both shapes (`AttentionShape::new`, `check_mask`) as the op runs.
        self.unary(Attention { heads, causal, mask, probs: None })
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        let mut rng = Rng::seed(8);
        // T = 40 makes causal blocks of 32 and 8 query rows (`attention.rs`'s ROW_BLOCK).
        let cases = [(1, 3, 1, 2, false), (2, 4, 2, 2, true), (2, 3, 2, 1, false), (1, 40, 2, 1, true)];
        for (n, t, heads, d, causal) in cases {
            let qkv = Tensor::rand_normal([n, t, 3 * heads * d], 0.0, 1.0, &mut rng);
            gradcheck(|x| x.self_attention(heads, causal, None), &qkv);
        }
    }

    #[test]
    fn gradient_with_a_dropout_mask_matches_central_differences() {
        let mut rng = Rng::seed(9);
        let qkv = Tensor::rand_normal([2, 3, 12], 0.0, 1.0, &mut rng);
        let data = (0..2 * 2 * 9).map(|i| if i % 3 == 1 { 0.0 } else { 1.5 }).collect();
        let mask = Tensor::from_vec(data, [2, 2, 3, 3]).unwrap();
        for causal in [false, true] {
            gradcheck(|x| x.self_attention(2, causal, Some(mask.clone())), &qkv);
        }
        // Causal blocks of 32 and 4 query rows under a mask.
        let qkv = Tensor::rand_normal([1, 36, 3], 0.0, 1.0, &mut rng);
        let data = (0..36 * 36).map(|i| if i % 5 == 2 { 0.0 } else { 1.25 }).collect();
        let mask = Tensor::from_vec(data, [1, 1, 36, 36]).unwrap();
        gradcheck(|x| x.self_attention(1, true, Some(mask.clone())), &qkv);
    }

    #[test]
    fn a_causal_step_ignores_the_steps_after_it() {
        let mut rng = Rng::seed(10);
        let a = Tensor::rand_normal([1, 4, 6], 0.0, 1.0, &mut rng);
        let mut b = a.clone();
        b.data_mut()[3 * 6..].iter_mut().for_each(|v| *v += 1.0); // change the last step only
        let tape = Tape::new();
        let (ya, yb) =
            (tape.leaf(a).self_attention(1, true, None), tape.leaf(b).self_attention(1, true, None));
        // The first three steps' outputs see none of the change: the same arithmetic, 1e-7.
        assert_close("steps 0..3", &ya.value().data()[..6], &yb.value().data()[..6], 1e-7);
        assert!(ya.value().data()[6..].iter().zip(&yb.value().data()[6..]).any(|(x, y)| x != y));
    }
}
