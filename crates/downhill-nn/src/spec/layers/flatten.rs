//! `flatten`: torch's `nn.Flatten()` (start_dim 1): each sample becomes one vector.
use crate::spec::{LayerInfo, LayerKind};
use crate::{Flatten, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

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
