//! `dropout(p=0.5)`: torch's `nn.Dropout` (inverted dropout; the identity in evaluation).
use crate::spec::{optional, ArgKind, LayerInfo, LayerKind};
use crate::{Dropout, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `dropout(p=0.5)`: a [`Dropout`] layer; any shape, kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DropoutSpec {
    /// Probability of zeroing a value in training, in [0, 1] (torch's default 0.5).
    #[serde(default = "half")]
    pub p: f64,
}

fn half() -> f64 {
    0.5
}

impl LayerKind for DropoutSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "dropout",
        help: "zeroes each value with probability p in training",
        args: &[optional("p", ArgKind::Real, "0.5", "probability of zeroing a value, in [0, 1]")],
    };
    fn check(&self) -> Result<(), String> {
        Dropout::new(self.p).map(|_| ()).map_err(|e| e.to_string())
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        Ok(input.to_vec())
    }
    fn build(&self, _input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
        Box::new(Dropout::new(self.p).unwrap_or_else(|e| panic!("checked when read: {e}")))
    }
}
