//! The activation layers of a description and downhill-nn's `Activation` value, both ways: the
//! stack exporter writes any activation layer through one function, and an MLP architecture's
//! activation becomes the layer it is in a stack.
use downhill_nn::spec::layers::{
    EluSpec, GeluSpec, IdentitySpec, LeakyReluSpec, ReluSpec, SigmoidSpec, SiluSpec, SoftplusSpec, TanhSpec,
};
use downhill_nn::spec::LayerSpec;
use downhill_nn::Activation;

/// The activation `layer` is, if it is one.
pub(crate) fn activation_of(layer: &LayerSpec) -> Option<Activation> {
    Some(match layer {
        LayerSpec::Relu(_) => Activation::Relu,
        LayerSpec::LeakyRelu(s) => Activation::LeakyRelu { slope: s.negative_slope as f32 },
        LayerSpec::Elu(s) => Activation::Elu { alpha: s.alpha as f32 },
        LayerSpec::Gelu(_) => Activation::Gelu,
        LayerSpec::Silu(_) => Activation::Silu,
        LayerSpec::Sigmoid(_) => Activation::Sigmoid,
        LayerSpec::Tanh(_) => Activation::Tanh,
        LayerSpec::Softplus(_) => Activation::Softplus,
        LayerSpec::Identity(_) => Activation::Identity,
        _ => return None,
    })
}

/// The layer that applies `a`.
pub(crate) fn layer_of(a: Activation) -> LayerSpec {
    match a {
        Activation::Relu => LayerSpec::Relu(ReluSpec {}),
        Activation::LeakyRelu { slope } => {
            LayerSpec::LeakyRelu(LeakyReluSpec { negative_slope: slope.into() })
        }
        Activation::Elu { alpha } => LayerSpec::Elu(EluSpec { alpha: alpha.into() }),
        Activation::Gelu => LayerSpec::Gelu(GeluSpec {}),
        Activation::Silu => LayerSpec::Silu(SiluSpec {}),
        Activation::Sigmoid => LayerSpec::Sigmoid(SigmoidSpec {}),
        Activation::Tanh => LayerSpec::Tanh(TanhSpec {}),
        Activation::Softplus => LayerSpec::Softplus(SoftplusSpec {}),
        Activation::Identity => LayerSpec::Identity(IdentitySpec {}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_activation_round_trips_through_its_layer() {
        let all = [
            Activation::Relu,
            Activation::LeakyRelu { slope: 0.25 },
            Activation::Elu { alpha: 0.5 },
            Activation::Gelu,
            Activation::Silu,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Softplus,
            Activation::Identity,
        ];
        for a in all {
            // Exact: the slopes are f32 values that widen to f64 and narrow back unchanged.
            assert_eq!(activation_of(&layer_of(a)), Some(a));
            assert_eq!(layer_of(a).name(), a.name());
        }
    }
}
