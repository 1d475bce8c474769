//! Fully connected layer, torch layout: y = x·Wᵀ + b with W: [out, in], b: [out].
use crate::{Ctx, Init, Module, NnError};
use downhill_autograd::{Param, ParamRole, Var};
use downhill_tensor::{Rng, Shape, Tensor};

/// A fully connected layer, torch's `nn.Linear`: [N, in] → [N, out] (and [N, ..., in] →
/// [N, ..., out] over the last axis).
///
/// ```
/// use downhill_autograd::Tape;
/// use downhill_nn::{Ctx, Linear, Module};
/// use downhill_tensor::Tensor;
/// let w = Tensor::from_rows(&[[1.0, 2.0]]).unwrap();
/// let mut layer = Linear::from_values(w, Some(Tensor::vector(vec![0.5]))).unwrap();
/// let tape = Tape::new();
/// let y = layer.forward(&Ctx::eval(&tape), tape.leaf(Tensor::from_rows(&[[3.0, 4.0]]).unwrap()));
/// assert_eq!(y.value().data(), &[11.5]); // 1·3 + 2·4 + 0.5, exact in f32
/// ```
#[derive(Debug, Clone)]
pub struct Linear {
    /// W [out, in].
    pub weight: Param,
    /// b `[out]`; `None` for a layer without bias.
    pub bias: Option<Param>,
}

impl Linear {
    /// Weight from `init`; bias (if any) from torch's default U(−1/sqrt(in), 1/sqrt(in)), or zeros when
    /// `init` is `Zeros`.
    pub fn new(inputs: usize, outputs: usize, bias: bool, init: Init, rng: &mut Rng) -> Linear {
        let weight = Param::with_role(
            "weight",
            ParamRole::Weight,
            init.sample([outputs, inputs], inputs, outputs, rng),
        );
        let bias_init = if init == Init::Zeros { Init::Zeros } else { Init::TorchLinear };
        let bias = bias.then(|| {
            Param::with_role("bias", ParamRole::Bias, bias_init.sample([outputs], inputs, outputs, rng))
        });
        Linear { weight, bias }
    }

    /// A layer with given (e.g. pre-trained) values; shapes are checked: weight `[out, in]`, bias `[out]`.
    /// Errors: a weight that is not 2-D, or a bias whose length is not `out`.
    pub fn from_values(weight: Tensor, bias: Option<Tensor>) -> Result<Linear, NnError> {
        if weight.rank() != 2 {
            return Err(NnError::invalid("weight", "a 2-D [out, in] tensor", weight.shape()));
        }
        if let Some(b) = &bias {
            b.check_shape(&Shape::from([weight.rows()]), "bias")?;
        }
        let bias = bias.map(|b| Param::with_role("bias", ParamRole::Bias, b));
        Ok(Linear { weight: Param::with_role("weight", ParamRole::Weight, weight), bias })
    }

    /// Input features (`in`).
    pub fn inputs(&self) -> usize {
        self.weight.value.cols()
    }
    /// Output features (`out`).
    pub fn outputs(&self) -> usize {
        self.weight.value.rows()
    }
}

/// x·Wᵀ + b over the last axis of `x` (W: [out, in]): a rank ≥ 3 input [N, ..., in] is viewed as
/// rows [N·..., in] and the result as [N, ..., out] (reshapes share the buffer).
pub(crate) fn linear_last_axis<'t>(x: Var<'t>, weight: Var<'t>, bias: Option<Var<'t>>) -> Var<'t> {
    let shape = x.shape();
    let (inputs, outputs) = (shape.dims()[shape.rank().max(1) - 1], weight.shape().dims()[0]);
    if shape.rank() <= 2 {
        return x.linear(weight, bias);
    }
    let y = x.reshape([shape.numel() / inputs, inputs]).linear(weight, bias);
    y.reshape(shape.with_dim(shape.rank() - 1, outputs))
}

impl Module for Linear {
    /// Over the last dimension, as torch: [N, ..., in] is viewed as rows [N·..., in] and back.
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        linear_last_axis(x, cx.param(&self.weight), self.bias.as_ref().map(|b| cx.param(b)))
    }
    fn params(&self) -> Vec<&Param> {
        std::iter::once(&self.weight).chain(self.bias.as_ref()).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        std::iter::once(&mut self.weight).chain(self.bias.as_mut()).collect()
    }
    fn describe(&self) -> String {
        format!(
            "Linear({} -> {}{})",
            self.inputs(),
            self.outputs(),
            if self.bias.is_some() { "" } else { ", no bias" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;
    use downhill_testing::assert_close;

    #[test]
    fn computes_x_w_transpose_plus_b() {
        let w = Tensor::from_rows(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).unwrap();
        let mut layer = Linear::from_values(w, Some(Tensor::vector(vec![0.0, 1.0, -1.0]))).unwrap();
        let tape = Tape::new();
        let cx = Ctx::eval(&tape);
        let y = layer.forward(&cx, tape.leaf(Tensor::from_rows(&[[1.0, -1.0]]).unwrap()));
        // Dot products of 2 terms plus a bias: 1e-6.
        assert_close("x·Wᵀ + b", y.value().data(), &[-1.0, 0.0, -2.0], 1e-6);
    }

    #[test]
    fn acts_on_the_last_dimension_of_any_rank() {
        let w = Tensor::from_rows(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).unwrap();
        let mut layer = Linear::from_values(w, None).unwrap();
        let tape = Tape::new();
        let x = Tensor::from_vec(vec![1.0, -1.0, 0.0, 1.0, 2.0, 0.0, 1.0, 1.0], [2, 2, 2]).unwrap();
        let y = layer.forward(&Ctx::eval(&tape), tape.leaf(x));
        assert_eq!(y.shape().dims(), &[2, 2, 3]);
        // Rows (1, −1), (0, 1), (2, 0), (1, 1) times Wᵀ: dot products of small integers, 1e-6.
        let want = [-1.0, -1.0, -1.0, 2.0, 4.0, 6.0, 2.0, 6.0, 10.0, 3.0, 7.0, 11.0];
        assert_close("x·Wᵀ per row", y.value().data(), &want, 1e-6);
    }

    #[test]
    fn from_values_rejects_a_bias_of_the_wrong_length() {
        let err = Linear::from_values(Tensor::zeros([3, 2]), Some(Tensor::zeros([2]))).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("bias") && msg.contains("[3]") && msg.contains("[2]"), "{msg}");
    }

    #[test]
    fn default_init_is_bounded_by_one_over_sqrt_fan_in() {
        let layer = Linear::new(16, 4, true, Init::TorchLinear, &mut Rng::seed(0));
        let bound = 0.25;
        assert!(layer.params().iter().all(|p| p.value.data().iter().all(|x| x.abs() <= bound)));
        assert_eq!(layer.params()[0].name(), "weight");
    }
}
