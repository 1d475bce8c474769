//! `batch_norm1d(eps=1e-5, momentum=0.1, affine=true)` over [features] and `batch_norm2d(...)` over
//! [C, H, W] (statistics per channel over the batch and the positions): torch's `nn.BatchNorm1d`
//! and `nn.BatchNorm2d`, with the feature or channel count inferred.
use crate::spec::layer_kind::shape_text;
use crate::spec::{layers::linear::yes, optional, ArgInfo, ArgKind, LayerInfo, LayerKind};
use crate::{BatchNorm1d, BatchNorm2d, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

const ARGS: &[ArgInfo] = &[
    optional("eps", ArgKind::Real, "0.00001", "added to the variance before the square root"),
    optional("momentum", ArgKind::Real, "0.1", "weight of the batch in the running statistics"),
    optional("affine", ArgKind::Flag, "true", "learn a scale γ and shift β per channel"),
];

fn eps() -> f64 {
    1e-5
}
fn momentum() -> f64 {
    0.1
}

macro_rules! batch_norm_spec {
    ($spec:ident, $name:literal, $help:literal, $rank:literal, $wants:literal, $layer:ident) => {
        #[doc = concat!("`", $name, "(eps=1e-5, momentum=0.1, affine=true)`: ", $help, ",")]
        #[doc = concat!("over a `", $wants, "` input, kept; builds a [`", stringify!($layer), "`].")]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct $spec {
            /// Added to the variance before the square root, > 0 (torch's default 1e-5).
            #[serde(default = "eps")]
            pub eps: f64,
            /// Weight of each training batch in the running statistics, in [0, 1] (torch's default 0.1).
            #[serde(default = "momentum")]
            pub momentum: f64,
            /// Learn a scale γ and shift β per channel (torch's default true).
            #[serde(default = "yes")]
            pub affine: bool,
        }

        impl LayerKind for $spec {
            const INFO: LayerInfo = LayerInfo { name: $name, help: $help, args: ARGS };
            fn check(&self) -> Result<(), String> {
                $layer::with_options(1, self.momentum, self.eps, self.affine)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
            fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
                match input.len() == $rank {
                    true => Ok(input.to_vec()),
                    false => Err(format!("needs a {} input, got {}", $wants, shape_text(input))),
                }
            }
            fn build(&self, input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
                let layer = $layer::with_options(input[0], self.momentum, self.eps, self.affine);
                Box::new(layer.unwrap_or_else(|e| panic!("checked when read: {e}")))
            }
        }
    };
}

batch_norm_spec!(
    BatchNorm1dSpec,
    "batch_norm1d",
    "batch normalisation of features",
    1,
    "[features]",
    BatchNorm1d
);
batch_norm_spec!(
    BatchNorm2dSpec,
    "batch_norm2d",
    "batch normalisation per channel of images",
    3,
    "[C, H, W]",
    BatchNorm2d
);
