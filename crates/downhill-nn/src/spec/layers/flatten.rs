//! `flatten`: torch's `nn.Flatten()` (start_dim 1): each sample becomes one vector.
use crate::spec::{LayerInfo, LayerKind};
use crate::{Flatten, Module, Reparameterize};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `flatten`: a [`Flatten`] layer, each sample's shape to one vector of its size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlattenSpec {}

impl LayerKind for FlattenSpec {
    const INFO: LayerInfo = LayerInfo { name: "flatten", help: "each sample as one vector", args: &[] };
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        Ok(vec![input.iter().product()])
    }
    fn build(&self, _input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
        Box::new(Flatten)
    }
}

/// `reparameterize`: a variational autoencoder's code (layers/reparameterize.rs): each sample's 2L
/// values, a Gaussian's mean and log-variance, become L, a sample in training and the mean in
/// evaluation. Like `flatten`, a reshaping of the sample with no parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReparameterizeSpec {}

impl LayerKind for ReparameterizeSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "reparameterize",
        help: "a VAE's code from [mean, log-variance] halves: mean + noise·std in training, the mean in evaluation",
        args: &[],
    };
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        match input {
            [d] if d % 2 == 0 => Ok(vec![d / 2]),
            _ => {
                Err(format!("needs one vector of an even size (mean and log-variance halves), got {input:?}"))
            }
        }
    }
    fn build(&self, _input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
        Box::new(Reparameterize)
    }
}
