//! Which parameters `--optimizer muon` gives Muon and which AdamW, as Muon's authors use it (Keller
//! Jordan's reference; torch's `Muon` docs: "an optimizer for 2D parameters of neural network hidden
//! layers. Other parameters, such as bias, and embedding, should be optimized by a standard method
//! such as AdamW"). Muon takes every 2-D `ParamRole::Weight` (a matrix the input multiplies: linear
//! layers, attention projections, recurrent weights) except
//!   - the input layer's: the model's first parameter when it is such a matrix (an MLP's first
//!     linear, an LSTM's `weight_ih` of its first layer; after an embedding or a convolution the
//!     first matrix is a hidden one),
//!   - the output layer's: the last such matrix (the head).
//!
//! AdamW takes the rest: biases, norm gains and offsets, embedding tables (`Table`), convolution
//! filters (4-D) and those two matrices.
use downhill_autograd::{Param, ParamRole};

/// `(muon, adamw)`: the indices (in `params()` order) of each optimizer's parameters.
pub fn muon_split(params: &[&Param]) -> (Vec<usize>, Vec<usize>) {
    let matrix = |p: &Param| p.role() == ParamRole::Weight && p.value.rank() == 2;
    let matrices: Vec<usize> = (0..params.len()).filter(|&i| matrix(params[i])).collect();
    let input = matrices.first().filter(|&&i| i == 0).copied();
    let output = matrices.last().copied();
    let muon: Vec<usize> = matrices.into_iter().filter(|&i| Some(i) != input && Some(i) != output).collect();
    let adamw = (0..params.len()).filter(|i| !muon.contains(i)).collect();
    (muon, adamw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::{spec::parse_layers, Mlp, Module, Sequential};

    fn names(net: &Sequential, idx: &[usize]) -> Vec<String> {
        let params = net.params();
        idx.iter().map(|&i| params[i].name().to_string()).collect()
    }

    #[test]
    fn an_mlp_gives_muon_its_hidden_matrices_only() {
        // 4 -> 8 -> 8 -> 8 -> 3: W0 is the input layer's, W3 the head's; W1 and W2 are hidden.
        let net = Mlp::new(&[4, 8, 8, 8, 3]).build().unwrap();
        let (muon, adamw) = muon_split(&net.params());
        let hidden = names(&net, &muon);
        assert_eq!(hidden.len(), 2, "{hidden:?}");
        assert!(hidden.iter().all(|n| n.ends_with("weight")), "{hidden:?}");
        let dims: Vec<Vec<usize>> = muon.iter().map(|&i| net.params()[i].value.dims().to_vec()).collect();
        assert_eq!(dims, vec![vec![8, 8], vec![8, 8]]);
        assert_eq!(muon.len() + adamw.len(), net.params().len());
    }

    #[test]
    fn after_an_embedding_the_first_matrix_is_hidden_and_the_table_is_adamw_s() {
        let spec =
            parse_layers("embedding(4, num_embeddings=10), flatten, linear(6), relu, linear(2)").unwrap();
        let net = Sequential::from_spec(&spec, &[3], 0).unwrap();
        let (muon, adamw) = muon_split(&net.params());
        let params = net.params();
        assert_eq!(params[adamw[0]].role(), ParamRole::Table);
        assert_eq!(muon.len(), 1);
        assert_eq!(params[muon[0]].value.dims(), &[6, 12]);
    }
}
