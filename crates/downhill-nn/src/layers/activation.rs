//! Activation functions as layers (the math and derivatives live with the autograd ops).
use crate::{Ctx, Module, NnError};
use downhill_autograd::{Param, Var};
use downhill_tensor::Float;
use std::str::FromStr;

/// An element-wise non-linearity, usable as a layer (no parameters; any input shape, same shape
/// out) or applied directly with [`apply`](Self::apply). Parsed from `relu`, `gelu`, ... by `FromStr`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    /// max(0, x), torch's `ReLU`.
    Relu,
    /// x for x > 0, else slope·x; torch's `LeakyReLU(negative_slope)`.
    LeakyRelu {
        /// The slope for negative x (torch's default 0.01).
        slope: Float,
    },
    /// x for x > 0, else alpha·(exp(x) − 1); torch's `ELU(alpha)`.
    Elu {
        /// The value approached as x → −∞, negated (torch's default 1).
        alpha: Float,
    },
    /// x·Φ(x) with the exact erf form of the normal CDF Φ; torch's `GELU()` (approximate='none').
    Gelu,
    /// x·σ(x) (swish), torch's `SiLU`.
    Silu,
    /// 1 / (1 + exp(−x)), torch's `Sigmoid`.
    Sigmoid,
    /// tanh(x), torch's `Tanh`.
    Tanh,
    /// log(1 + exp(x)), torch's `Softplus()` (beta 1).
    Softplus,
    /// x unchanged (no activation).
    Identity,
}

impl Activation {
    /// The activation of `x`, element-wise, recorded on `x`'s tape.
    pub fn apply<'t>(&self, x: Var<'t>) -> Var<'t> {
        match *self {
            Activation::Relu => x.relu(),
            Activation::LeakyRelu { slope } => x.leaky_relu(slope),
            Activation::Elu { alpha } => x.elu(alpha),
            Activation::Gelu => x.gelu(),
            Activation::Silu => x * x.sigmoid(),
            Activation::Sigmoid => x.sigmoid(),
            Activation::Tanh => x.tanh(),
            Activation::Softplus => x.softplus(),
            Activation::Identity => x,
        }
    }
    /// Its name in a layer description (torch's class name in snake case).
    pub fn name(&self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::LeakyRelu { .. } => "leaky_relu",
            Activation::Elu { .. } => "elu",
            Activation::Gelu => "gelu",
            Activation::Silu => "silu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Softplus => "softplus",
            Activation::Identity => "identity",
        }
    }
    /// The negative slope a following He initialisation should assume.
    pub fn kaiming_slope(&self) -> f64 {
        match *self {
            Activation::LeakyRelu { slope } => slope as f64,
            _ => 0.0,
        }
    }
}

impl Module for Activation {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let y = self.apply(x);
        cx.probe_activation(*self, &x, &y);
        y
    }
    fn params(&self) -> Vec<&Param> {
        vec![]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![]
    }
    fn describe(&self) -> String {
        format!("{self:?}")
    }
    fn commutes_with_max_pool(&self) -> bool {
        // relu is max(x, 0): the largest of the window's max(x, 0) is max(largest x, 0), the same
        // float. Others are left alone: a strictly increasing map rounded in f32 can tie two
        // inputs, so the gradient may go to another input than pooling its values would pick.
        *self == Activation::Relu
    }
}

impl FromStr for Activation {
    type Err = NnError;
    /// `relu`, `leaky-relu` (slope 0.01, torch's default), `elu` (alpha 1), `gelu`, `silu`, `sigmoid`, `tanh`,
    /// `softplus`, `identity`.
    fn from_str(s: &str) -> Result<Activation, NnError> {
        Ok(match s {
            "relu" => Activation::Relu,
            "leaky-relu" => Activation::LeakyRelu { slope: 0.01 },
            "elu" => Activation::Elu { alpha: 1.0 },
            "gelu" => Activation::Gelu,
            "silu" => Activation::Silu,
            "sigmoid" => Activation::Sigmoid,
            "tanh" => Activation::Tanh,
            "softplus" => Activation::Softplus,
            "identity" | "none" => Activation::Identity,
            _ => {
                return Err(NnError::invalid(
                    "activation",
                    "one of relu, leaky-relu, elu, gelu, silu, sigmoid, tanh, softplus, identity",
                    s,
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;
    use downhill_tensor::Tensor;
    use downhill_testing::assert_close;

    #[test]
    fn each_activation_maps_values_as_defined() {
        let tape = Tape::new();
        let cx = Ctx::eval(&tape);
        let x = tape.leaf(Tensor::vector(vec![-2.0, 3.0]));
        let run = |mut a: Activation| a.forward(&cx, x).value().data().to_vec();
        // Exact: relu selects 0 or x, and the identity copies.
        assert_eq!(run(Activation::Relu), vec![0.0, 3.0]);
        assert_eq!(run(Activation::Identity), vec![-2.0, 3.0]);
        // 0.1 · (−2): one f32 product, 1e-6.
        assert_close("leaky_relu", &run(Activation::LeakyRelu { slope: 0.1 }), &[-0.2, 3.0], 1e-6);
        let elu = run(Activation::Elu { alpha: 1.0 });
        assert!((elu[0] - ((-2.0f32).exp() - 1.0)).abs() < 1e-6);
    }

    #[test]
    fn parses_names_and_rejects_unknown_ones() {
        // Exact: Gelu carries no float, so only the variant is compared.
        assert_eq!("gelu".parse::<Activation>().unwrap(), Activation::Gelu);
        assert!("swishy".parse::<Activation>().unwrap_err().to_string().contains("relu"));
    }
}
