//! An MLP architecture (the stored form of older model files and of the linear estimators:
//! `sizes` with an activation, optional batch norm and dropout) as the layer stack it builds, so
//! it exports like any other: per hidden size, linear → [batch_norm1d] → activation → [dropout],
//! then a last linear, at the same positions (`layers.{i}`) as `downhill_nn::Mlp` names them.
use crate::activation_kind::layer_of;
use downhill_learn::MlpArchitecture;
use downhill_nn::spec::layers::{BatchNorm1dSpec, DropoutSpec, LinearSpec};
use downhill_nn::spec::LayerSpec;

/// The layers of `m` and the per-sample input shape [features].
pub(crate) fn mlp_layers(m: &MlpArchitecture) -> (Vec<LayerSpec>, Vec<usize>) {
    let mut layers = Vec::new();
    let last = m.sizes.len().saturating_sub(2);
    for (i, pair) in m.sizes.windows(2).enumerate() {
        layers.push(LayerSpec::Linear(LinearSpec { out_features: Some(pair[1]), bias: true }));
        if i == last {
            break;
        }
        if m.batch_norm {
            // downhill-nn's `BatchNorm1d::new`: torch's defaults.
            layers.push(LayerSpec::BatchNorm1d(BatchNorm1dSpec { eps: 1e-5, momentum: 0.1, affine: true }));
        }
        layers.push(layer_of(m.activation));
        if m.dropout > 0.0 {
            layers.push(LayerSpec::Dropout(DropoutSpec { p: m.dropout }));
        }
    }
    (layers, m.sizes.first().map(|&f| vec![f]).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::{Activation, Module};

    #[test]
    fn the_stack_names_its_parameters_as_the_mlp_does() {
        let m = MlpArchitecture {
            sizes: vec![4, 8, 8, 3],
            activation: Activation::Tanh,
            batch_norm: true,
            dropout: 0.2,
            init: None,
        };
        let (layers, input) = mlp_layers(&m);
        assert_eq!(downhill_nn::spec::layers_text(&layers).matches("batch_norm1d").count(), 2);
        let mlp = downhill_learn::Architecture::Mlp(m).build(0).unwrap();
        let stack = downhill_nn::Sequential::from_spec(&layers, &input, 0).unwrap();
        let names = |net: &dyn Module| -> Vec<String> {
            let mut n: Vec<String> = downhill_nn::state_dict(net).into_keys().collect();
            n.sort();
            n
        };
        assert_eq!(names(&mlp), names(&stack));
    }
}
