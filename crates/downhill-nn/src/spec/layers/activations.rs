//! The activation layers, torch's names: `relu`, `leaky_relu(negative_slope=0.01)`,
//! `elu(alpha=1.0)`, `gelu` (exact erf form), `silu`, `sigmoid`, `tanh`, `softplus`, `identity`.
//! Each keeps its input's shape; the math lives with the autograd ops.
use crate::spec::{optional, ArgKind, LayerInfo, LayerKind};
use crate::{Activation, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

macro_rules! activation_spec {
    ($spec:ident { $($(#[$doc:meta])* $field:ident : $default:literal),* } => $name:literal, $help:literal, $args:expr, |$s:ident| $make:expr) => {
        #[doc = concat!("`", $name, "`: ", $help, ", an [`Activation`] layer; any shape, kept.")]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct $spec {
            $($(#[$doc])* #[serde(default = $default)] pub $field: f64,)*
        }
        impl LayerKind for $spec {
            const INFO: LayerInfo = LayerInfo { name: $name, help: $help, args: $args };
            fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
                Ok(input.to_vec())
            }
            fn build(&self, _input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
                let $s = self;
                Box::new($make)
            }
        }
    };
}

fn slope() -> f64 {
    0.01
}
fn alpha() -> f64 {
    1.0
}

activation_spec!(ReluSpec {} => "relu", "max(0, x)", &[], |_s| Activation::Relu);
activation_spec!(LeakyReluSpec {
    /// The slope below zero (torch's default 0.01).
    negative_slope: "slope"
} => "leaky_relu", "x, or negative_slope·x below 0",
    &[optional("negative_slope", ArgKind::Real, "0.01", "slope below zero")],
    |s| Activation::LeakyRelu { slope: s.negative_slope as f32 });
activation_spec!(EluSpec {
    /// The scale of the negative part (torch's default 1.0).
    alpha: "alpha"
} => "elu", "x, or alpha·(eˣ − 1) below 0",
    &[optional("alpha", ArgKind::Real, "1.0", "scale of the negative part")],
    |s| Activation::Elu { alpha: s.alpha as f32 });
activation_spec!(GeluSpec {} => "gelu", "x·Φ(x), the exact erf form", &[], |_s| Activation::Gelu);
activation_spec!(SiluSpec {} => "silu", "x·σ(x) (swish)", &[], |_s| Activation::Silu);
activation_spec!(SigmoidSpec {} => "sigmoid", "1 / (1 + e⁻ˣ)", &[], |_s| Activation::Sigmoid);
activation_spec!(TanhSpec {} => "tanh", "hyperbolic tangent", &[], |_s| Activation::Tanh);
activation_spec!(SoftplusSpec {} => "softplus", "ln(1 + eˣ)", &[], |_s| Activation::Softplus);
activation_spec!(IdentitySpec {} => "identity", "x unchanged", &[], |_s| Activation::Identity);
