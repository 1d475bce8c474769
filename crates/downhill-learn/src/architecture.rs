//! The shape of a network, as serialisable data: enough to rebuild it before loading its weights.
//! Every estimator is an `Mlp` in `downhill-nn`'s sense: `sizes = [features, h1, ..., outputs]`,
//! each hidden block Linear → [BatchNorm1d] → activation → [Dropout], the last layer plain Linear.
//! Linear models are the two-size case `[features, outputs]`, one layer named `layers.0`.
use downhill_nn::{Activation, Init, Mlp, NnError, Sequential};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Architecture {
    pub sizes: Vec<usize>,
    #[serde(with = "crate::nn_serde::activation")]
    pub activation: Activation,
    pub batch_norm: bool,
    pub dropout: f64,
    /// `None`: He for rectifiers, Xavier otherwise (`Mlp`'s rule).
    #[serde(with = "crate::nn_serde::init")]
    pub init: Option<Init>,
}

impl Architecture {
    /// One linear layer, zero-initialised (scikit-learn's linear models start at zero).
    pub fn linear(features: usize, outputs: usize) -> Architecture {
        Architecture {
            sizes: vec![features, outputs],
            activation: Activation::Identity,
            batch_norm: false,
            dropout: 0.0,
            init: Some(Init::Zeros),
        }
    }

    pub fn inputs(&self) -> usize {
        self.sizes.first().copied().unwrap_or(0)
    }

    pub fn outputs(&self) -> usize {
        self.sizes.last().copied().unwrap_or(0)
    }

    /// The network with weights drawn from `seed`.
    pub fn build(&self, seed: u64) -> Result<Sequential, NnError> {
        let mut mlp = Mlp::new(&self.sizes)
            .activation(self.activation)
            .batch_norm(self.batch_norm)
            .dropout(self.dropout)
            .seed(seed);
        if let Some(init) = self.init {
            mlp = mlp.init(init);
        }
        mlp.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::Module;

    #[test]
    fn round_trips_as_json_and_rebuilds_the_same_layers() {
        let a = Architecture {
            sizes: vec![4, 8, 3],
            activation: Activation::LeakyRelu { slope: 0.01 },
            batch_norm: true,
            dropout: 0.1,
            init: None,
        };
        let json = serde_json::to_string(&a).unwrap();
        let back: Architecture = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a); // exact on purpose: a JSON round trip keeps slope and dropout unchanged
        let names: Vec<String> =
            back.build(1).unwrap().params().iter().map(|p| p.name().to_string()).collect();
        assert_eq!(
            names,
            [
                "layers.0.weight",
                "layers.0.bias",
                "layers.1.weight",
                "layers.1.bias",
                "layers.4.weight",
                "layers.4.bias"
            ]
        );
        let lin = Architecture::linear(3, 1).build(0).unwrap();
        // Exact: a linear model starts from zeros written without arithmetic.
        assert!(lin.params().iter().all(|p| p.value.data().iter().all(|&v| v == 0.0)));
    }
}
