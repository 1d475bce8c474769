//! Token and position layers on sequences:
//!   embedding             ids [N, T] (whole numbers carried as floats) → W[ids] [N, T, D]:
//!                         Cast to int64, then Gather(W, ids) on axis 0
//!   positional_embedding  x + W[0..T]  (learned table `weight`, its first T rows)  → Add
//!   positional_encoding   x + PE[0..T] (downhill's sinusoids, written as a constant) → Add
use crate::graph::Graph;
use crate::params::Params;
use downhill_nn::spec::layers::EmbeddingSpec;

/// `ONNX TensorProto.DataType` INT64, the `to` of a Cast.
const INT64: i64 = 7;

/// torch's `nn.Embedding`: table `weight` [num_embeddings, embedding_dim].
pub(crate) fn embedding(g: &mut Graph, p: &Params, s: &EmbeddingSpec, x: &str) -> Result<String, String> {
    let rows = s.num_embeddings.ok_or("its table size was never set")?;
    let table = g.tensor("weight", p.get("weight", &[rows, s.embedding_dim])?);
    let ids = g.op("Cast", &[x], vec![crate::attr::int("to", INT64)]);
    Ok(g.op("Gather", &[&table, &ids], vec![crate::attr::int("axis", 0)]))
}

/// A learned vector per position added to [N, T, E].
pub(crate) fn positional_embedding(
    g: &mut Graph,
    p: &Params,
    x: &str,
    input: &[usize],
) -> Result<String, String> {
    let (t, e) = (input[0], input[1]);
    let table = p.get("weight", &[t, e])?;
    let table = g.tensor("weight", table);
    Ok(g.op("Add", &[x, &table], vec![]))
}

/// Fixed sinusoids added to [N, T, E].
pub(crate) fn positional_encoding(g: &mut Graph, x: &str, input: &[usize]) -> String {
    let pe = g.tensor("sinusoids", &downhill_nn::sinusoids(input[0], input[1]));
    g.op("Add", &[x, &pe], vec![])
}
