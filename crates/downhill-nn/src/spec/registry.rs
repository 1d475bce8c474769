//! The list of layer kinds. Adding a layer is one file in `spec/layers/` (its description) plus
//! one line here; parsing, printing, shape checks, building and the stored form follow from it.
use crate::spec::layers::*;
use crate::spec::{LayerInfo, LayerKind};
use crate::Module;
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

macro_rules! layer_registry {
    ($($variant:ident($spec:ty)),* $(,)?) => {
        /// One layer of a stack, as described by its torch name and arguments. Stored in model
        /// files and architecture files as `{"type": "conv2d", "out_channels": 16, ...}`.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum LayerSpec {
            $(#[doc = concat!("The layer [`", stringify!($spec), "`] describes.")] $variant($spec)),*
        }

        /// Every kind of layer, in the order `--help` lists them.
        pub const LAYERS: &[LayerInfo] = &[$(<$spec as LayerKind>::INFO),*];

        impl LayerSpec {
            /// Its kind's name, arguments and help.
            pub fn info(&self) -> LayerInfo {
                match self { $(LayerSpec::$variant(_) => <$spec as LayerKind>::INFO),* }
            }
            pub(crate) fn check(&self) -> Result<(), String> {
                match self { $(LayerSpec::$variant(s) => s.check()),* }
            }
            /// The per-sample output shape, or why `input` does not fit.
            pub fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
                match self { $(LayerSpec::$variant(s) => s.output_shape(input)),* }
            }
            pub(crate) fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
                match self { $(LayerSpec::$variant(s) => s.build(input, rng)),* }
            }
            pub(crate) fn looks_ahead(&self, input: &[usize]) -> Option<String> {
                match self { $(LayerSpec::$variant(s) => s.looks_ahead(input)),* }
            }
        }
    };
}

layer_registry! {
    Linear(LinearSpec),
    Embedding(EmbeddingSpec),
    Conv2d(Conv2dSpec),
    MaxPool2d(MaxPool2dSpec),
    AvgPool2d(AvgPool2dSpec),
    AdaptiveAvgPool2d(AdaptiveAvgPool2dSpec),
    BatchNorm1d(BatchNorm1dSpec),
    BatchNorm2d(BatchNorm2dSpec),
    LayerNorm(LayerNormSpec),
    Dropout(DropoutSpec),
    Flatten(FlattenSpec),
    Reparameterize(ReparameterizeSpec),
    Residual(ResidualSpec),
    Rnn(RnnSpec),
    Lstm(LstmSpec),
    Gru(GruSpec),
    PositionalEmbedding(PositionalEmbeddingSpec),
    PositionalEncoding(PositionalEncodingSpec),
    MultiheadAttention(MultiheadAttentionSpec),
    TransformerEncoderLayer(TransformerEncoderLayerSpec),
    Relu(ReluSpec),
    LeakyRelu(LeakyReluSpec),
    Elu(EluSpec),
    Gelu(GeluSpec),
    Silu(SiluSpec),
    Sigmoid(SigmoidSpec),
    Tanh(TanhSpec),
    Softplus(SoftplusSpec),
    Identity(IdentitySpec),
}

impl LayerSpec {
    /// Its kind's name as written in descriptions (`conv2d`).
    pub fn name(&self) -> &'static str {
        self.info().name
    }
    /// Whether the layer has a state to carry from one sequence chunk to the next (truncated BPTT).
    pub fn is_recurrent(&self) -> bool {
        matches!(self, LayerSpec::Rnn(_) | LayerSpec::Lstm(_) | LayerSpec::Gru(_))
    }
}

/// The description of the layer called `name`.
pub fn layer_info(name: &str) -> Option<LayerInfo> {
    LAYERS.iter().find(|l| l.name == name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_stored_under_its_registered_name_with_the_tables_defaults() {
        for info in LAYERS {
            // The smallest valid form: required arguments only, each given a small valid value.
            let mut obj = serde_json::Map::new();
            obj.insert("type".into(), info.name.into());
            for a in info.args.iter().filter(|a| a.default.is_none()) {
                let v = match a.kind {
                    crate::spec::ArgKind::Layers => serde_json::json!([{"type": "relu"}]),
                    _ => serde_json::json!(1),
                };
                obj.insert(a.name.into(), v);
            }
            let spec: LayerSpec = serde_json::from_value(obj.into())
                .unwrap_or_else(|e| panic!("{}: the required arguments alone must do: {e}", info.name));
            assert_eq!(spec.name(), info.name, "serde's name and the table's name agree");
            // Each table default is what serde fills in when the argument is left out.
            let stored = serde_json::to_value(&spec).unwrap();
            for a in info.args {
                let Some(default) = a.default.filter(|d| info.arg(d).is_none()) else { continue };
                let expected = crate::spec::parse::value_text(default)
                    .unwrap_or_else(|e| panic!("{}: default of {}: {e}", info.name, a.name));
                assert_eq!(stored.get(a.name), Some(&expected), "{}.{} default", info.name, a.name);
            }
        }
    }
}
