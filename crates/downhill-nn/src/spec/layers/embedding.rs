//! `embedding(embedding_dim, padding_idx=none, [num_embeddings])`: torch's `nn.Embedding`, its
//! table size (`num_embeddings`, torch's first argument) inferred from a text's vocabulary
//! (`with_vocabulary`). Per sample: [T] token ids → [T, embedding_dim].
use crate::spec::{inferred, optional, required, ArgKind, LayerInfo, LayerKind, NONE};
use crate::{Embedding, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `embedding(embedding_dim, padding_idx=none, [num_embeddings])`: an [`Embedding`] table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmbeddingSpec {
    /// Length of each vector, at least 1.
    pub embedding_dim: usize,
    /// The id whose vector stays zero and gets no gradient, below `num_embeddings` (torch's
    /// default none).
    #[serde(default)]
    pub padding_idx: Option<usize>,
    /// `None` until the vocabulary sets it (stored files always hold a number).
    #[serde(default)]
    pub num_embeddings: Option<usize>,
}

impl LayerKind for EmbeddingSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "embedding",
        help: "a learned vector per token id: [T] ids → [T, embedding_dim]",
        args: &[
            required("embedding_dim", ArgKind::Count, "size of each vector"),
            optional("padding_idx", ArgKind::Count, NONE, "this id's vector stays zero (no gradient)"),
            inferred("num_embeddings", ArgKind::Count, "table rows (left out: the vocabulary size)"),
        ],
    };
    fn check(&self) -> Result<(), String> {
        if self.embedding_dim == 0 || self.num_embeddings == Some(0) {
            return Err("`embedding_dim` and `num_embeddings` must be at least 1".into());
        }
        match (self.padding_idx, self.num_embeddings) {
            (Some(p), Some(n)) if p >= n => {
                Err(format!("`padding_idx` {p} must be below num_embeddings {n}"))
            }
            _ => Ok(()),
        }
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        let n = self.num_embeddings.ok_or_else(|| {
            "`num_embeddings` is required here: only a language model on a text file infers it (the \
             vocabulary size); write embedding(D, num_embeddings=N)"
                .to_string()
        })?;
        if let Some(p) = self.padding_idx.filter(|&p| p >= n) {
            return Err(format!("`padding_idx` {p} must be below num_embeddings {n}"));
        }
        match input {
            [t] => Ok(vec![*t, self.embedding_dim]),
            _ => Err(format!(
                "needs a [T] input of token ids, got {}",
                crate::spec::layer_kind::shape_text(input)
            )),
        }
    }
    fn build(&self, _input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        let n = self.num_embeddings.unwrap_or_else(|| panic!("embedding: built before its size was set"));
        Box::new(Embedding::new(n, self.embedding_dim, self.padding_idx, rng))
    }
}
