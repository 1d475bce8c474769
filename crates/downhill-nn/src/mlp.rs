//! A builder for multi-layer perceptrons: `sizes[0] -> sizes[1] -> ... -> sizes[last]`, each hidden
//! block being Linear → [BatchNorm1d] → activation → [Dropout]; the last layer is a plain Linear
//! (the loss supplies the output non-linearity).
use crate::{Activation, BatchNorm1d, Dropout, Init, Linear, NnError, Sequential};
use downhill_tensor::Rng;

/// The description of a multi-layer perceptron; [`build`](Self::build) makes the network.
///
/// ```
/// use downhill_nn::{Activation, Mlp, Module};
/// let net = Mlp::new(&[4, 16, 3]).activation(Activation::Tanh).seed(1).build().unwrap();
/// assert_eq!(net.describe(), "Sequential[Linear(4 -> 16), Tanh, Linear(16 -> 3)]");
/// assert_eq!(net.params().len(), 4); // two weights, two biases
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    /// Layer widths, input first and output last: at least two, all positive.
    pub sizes: Vec<usize>,
    /// The hidden layers' activation (default relu).
    pub activation: Activation,
    /// A `BatchNorm1d` after each hidden linear layer, before the activation (default off).
    pub batch_norm: bool,
    /// Dropout probability after each hidden activation, in [0, 1] (default 0: no dropout layer).
    pub dropout: f64,
    /// `None`: He initialisation for rectifiers, Xavier for saturating activations.
    pub init: Option<Init>,
    /// Seeds the weights' draws: the same seed gives the same network (default 0).
    pub seed: u64,
}

impl Mlp {
    /// Layer widths `sizes` with the defaults: relu, no batch norm, no dropout, automatic
    /// initialisation, seed 0.
    pub fn new(sizes: &[usize]) -> Mlp {
        Mlp {
            sizes: sizes.to_vec(),
            activation: Activation::Relu,
            batch_norm: false,
            dropout: 0.0,
            init: None,
            seed: 0,
        }
    }
    /// This description with the hidden activation `activation`.
    pub fn activation(self, activation: Activation) -> Mlp {
        Mlp { activation, ..self }
    }
    /// This description with batch normalisation in the hidden blocks on or off.
    pub fn batch_norm(self, batch_norm: bool) -> Mlp {
        Mlp { batch_norm, ..self }
    }
    /// This description with dropout probability `dropout` (checked by `build`).
    pub fn dropout(self, dropout: f64) -> Mlp {
        Mlp { dropout, ..self }
    }
    /// This description with every weight drawn by `init` (biases: torch's default, or zeros with
    /// `Init::Zeros`).
    pub fn init(self, init: Init) -> Mlp {
        Mlp { init: Some(init), ..self }
    }
    /// This description with the seed `seed`.
    pub fn seed(self, seed: u64) -> Mlp {
        Mlp { seed, ..self }
    }

    fn weight_init(&self) -> Init {
        self.init.unwrap_or(match self.activation {
            Activation::Relu
            | Activation::LeakyRelu { .. }
            | Activation::Elu { .. }
            | Activation::Gelu
            | Activation::Silu => Init::KaimingUniform { slope: self.activation.kaiming_slope() },
            _ => Init::XavierUniform { gain: 1.0 },
        })
    }

    /// Builds the network, its parameters named `layers.{i}.weight` and `layers.{i}.bias`.
    /// Errors: `NnError::InvalidParam` for `sizes` (fewer than two, or a zero) or `dropout`
    /// (outside [0, 1]).
    pub fn build(&self) -> Result<Sequential, NnError> {
        if self.sizes.len() < 2 || self.sizes.contains(&0) {
            let sizes = format!("{:?}", self.sizes);
            return Err(NnError::invalid(
                "sizes",
                "at least an input and an output size, all positive",
                sizes,
            ));
        }
        let dropout = Dropout::new(self.dropout)?;
        let mut rng = Rng::seed(self.seed);
        let init = self.weight_init();
        let mut net = Sequential::new();
        let last = self.sizes.len() - 2;
        for (i, pair) in self.sizes.windows(2).enumerate() {
            net.push(Linear::new(pair[0], pair[1], true, init, &mut rng));
            if i == last {
                break;
            }
            if self.batch_norm {
                net.push(BatchNorm1d::new(pair[1]));
            }
            net.push(self.activation);
            if self.dropout > 0.0 {
                net.push(dropout);
            }
        }
        Ok(net)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Module;

    #[test]
    fn builds_the_requested_blocks() {
        let net = Mlp::new(&[4, 8, 8, 3]).batch_norm(true).dropout(0.5).build().unwrap();
        // (Linear, BN, act, Dropout) × 2 + Linear
        assert_eq!(net.len(), 9);
        assert_eq!(net.params().len(), 3 * 2 + 2 * 2);
        assert!(net.describe().starts_with("Sequential[Linear(4 -> 8)"));
    }

    #[test]
    fn same_seed_same_weights() {
        let a = Mlp::new(&[3, 5, 2]).seed(9).build().unwrap();
        let b = Mlp::new(&[3, 5, 2]).seed(9).build().unwrap();
        // Bit for bit: the same seed draws the same numbers through the same operations.
        let bits = |m: &Sequential| -> Vec<Vec<u32>> {
            m.params().iter().map(|p| p.value.data().iter().map(|x| x.to_bits()).collect()).collect()
        };
        assert_eq!(bits(&a), bits(&b));
    }

    #[test]
    fn invalid_configurations_name_the_option() {
        assert!(Mlp::new(&[4]).build().unwrap_err().to_string().contains("sizes"));
        assert!(Mlp::new(&[4, 0, 2]).build().is_err());
        assert!(Mlp::new(&[4, 2]).dropout(2.0).build().unwrap_err().to_string().contains("dropout"));
    }
}
