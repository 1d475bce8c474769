//! What `--optimizer sparse_adam` trains with, as torch users pair it: `torch.optim.SparseAdam` takes
//! only parameters whose gradient is sparse (an `nn.Embedding(sparse=True)` table), so the usual
//! recipe is SparseAdam for the embeddings and Adam for the rest with the same settings. Here
//! SparseAdam takes every `ParamRole::Table` (embedding tables, whose gradient is their looked-up
//! rows) and Adam (lr, betas and eps from the sparse_adam options, no weight decay, each with the
//! same schedule) every other parameter:
//!   Groups[(tables, SparseAdam), (the rest, Adam)]
//! Chosen over refusing models with other parameters: no language model is only an embedding, and
//! this is Muon's split mechanism (muon_split.rs) reused. A model without a table is a one-line
//! error suggesting adam. The wrappers that see the parameters whole (Lookahead, an EMA or SWA of
//! the weights) would make the table gradients dense, so every row would move: they are refused.
use crate::{LearnError, OptimizerConfig, OptimizerSettings};
use downhill_autograd::{Param, ParamRole};
use downhill_optim::{AdamOptions, Chain, Groups, SparseAdamOptions};

/// `(tables, rest)`: the indices (in `params()` order) of the embedding tables and of the others.
pub fn table_split(params: &[&Param]) -> (Vec<usize>, Vec<usize>) {
    (0..params.len()).partition(|&i| params[i].role() == ParamRole::Table)
}

/// The Adam settings the non-table parameters get under `o`.
pub(crate) fn adam_for_the_rest(o: &SparseAdamOptions) -> OptimizerConfig {
    OptimizerConfig::Adam(AdamOptions { lr: o.lr, betas: o.betas, eps: o.eps, ..AdamOptions::default() })
}

/// `sparse` (SparseAdam's chain) on the tables of `params` and `adam` on the rest.
pub(crate) fn sparse_adam_groups(
    settings: &OptimizerSettings,
    params: &[&Param],
    sparse: Chain,
    adam: Chain,
) -> Result<Chain, LearnError> {
    let (tables, rest) = table_split(params);
    if tables.is_empty() {
        let rule = "used with an embedding table, which this model lacks (SparseAdam updates the rows an \
                    embedding looks up; use --optimizer adam)";
        return Err(LearnError::invalid("optimizer", rule, "sparse_adam"));
    }
    let wrapped = [
        (settings.lookahead.is_some(), "lookahead"),
        (settings.ema.is_some(), "ema"),
        (settings.swa.is_some(), "swa_start"),
    ];
    if let Some((_, name)) = wrapped.into_iter().find(|w| w.0) {
        let rule = "off with sparse_adam: it sees the parameters whole, which would make the embedding's \
                    row gradients dense (use --optimizer adam)";
        return Err(LearnError::invalid(name, rule, "set"));
    }
    let mut groups: Vec<(Vec<usize>, Box<dyn downhill_optim::Transform>)> = vec![(tables, Box::new(sparse))];
    if !rest.is_empty() {
        groups.push((rest, Box::new(adam)));
    }
    Ok(Chain(vec![Box::new(Groups::new(groups)?)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::{spec::parse_layers, Module, Sequential};
    use downhill_optim::{Gradient, Optimizer, SparseRows, Tensor};

    fn lm() -> Sequential {
        let spec = parse_layers("embedding(4, num_embeddings=10), lstm(3), linear(10)").unwrap();
        Sequential::from_spec(&spec, &[5], 0).unwrap()
    }

    #[test]
    fn tables_get_sparse_adam_and_the_rest_adam() {
        let net = lm();
        let params = net.params();
        let (tables, rest) = table_split(&params);
        assert_eq!((tables, rest.len()), (vec![0], params.len() - 1));
        let s = OptimizerSettings::new(OptimizerConfig::SparseAdam(SparseAdamOptions {
            lr: 0.1,
            ..Default::default()
        }));
        let mut values: Vec<Tensor> = params.iter().map(|p| p.value.clone()).collect();
        let before = values.clone();
        let mut opt = Optimizer::new(s.build(1, 1, &params).unwrap(), &values);
        let g = SparseRows::new([10, 4], vec![3], Tensor::ones([1, 4]));
        let mut grads = vec![Gradient::from(g)];
        grads.extend(values[1..].iter().map(|v| Gradient::Dense(v.map(|_| 1.0))));
        assert!(opt.step_gradients(&mut values, grads));
        // SparseAdam's first step is lr · sign(g) on row 3 alone, Adam's on every other value.
        let moved = |i: usize| values[i].data().iter().zip(before[i].data()).filter(|(a, b)| a != b).count();
        assert_eq!(moved(0), 4);
        assert!((values[0].row(3)[0] - before[0].row(3)[0] + 0.1).abs() < 1e-5);
        assert!((1..values.len()).all(|i| moved(i) == values[i].numel()));
    }

    #[test]
    fn a_model_without_a_table_or_with_a_wrapper_is_refused() {
        let mlp = downhill_nn::Mlp::new(&[3, 4, 2]).build().unwrap();
        let s = OptimizerSettings::new(OptimizerConfig::SparseAdam(Default::default()));
        let e = s.build(1, 1, &mlp.params()).unwrap_err().to_string();
        assert!(e.contains("sparse_adam") && e.contains("--optimizer adam") && !e.contains('\n'), "{e}");
        let ema = OptimizerSettings { ema: Some(0.99), ..s };
        let e = ema.build(1, 1, &lm().params()).unwrap_err().to_string();
        assert!(e.contains("ema") && e.contains("sparse_adam"), "{e}");
    }
}
