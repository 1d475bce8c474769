//! Parameter groups: each group of parameter indices gets its own transform (own lr, weight decay,
//! even a different optimizer), like torch's `param_groups` or optax's `multi_transform`:
//!   u[group k] <- tx_k(g[group k]),   state.inner[k] = tx_k's state
//! A parameter in no group is frozen (its update is zero). `lr()` reports the first group's rate;
//! `scale_lr` scales every group, as ReduceLROnPlateau does in torch.
use crate::{Gradient, OptimError, State, Tensor, Transform};

/// Per-group transforms over disjoint sets of parameter indices.
///
/// ```
/// use downhill_optim::{adamw, AdamWOptions, Groups, Optimizer, Tensor};
/// // no weight decay on the bias (parameter 1)
/// let decayed = adamw(AdamWOptions { weight_decay: 0.1, ..Default::default() }).unwrap();
/// let plain = adamw(AdamWOptions { weight_decay: 0.0, ..Default::default() }).unwrap();
/// let tx = Groups::new(vec![(vec![0], Box::new(decayed)), (vec![1], Box::new(plain))]).unwrap();
/// let mut params = vec![Tensor::ones([2, 2]), Tensor::zeros([2])];
/// let mut opt = Optimizer::new(tx, &params);
/// opt.step(&mut params, vec![Tensor::zeros([2, 2]), Tensor::zeros([2])]);
/// assert!(params[0].data()[0] < 1.0 && params[1].data()[0] == 0.0);
/// ```
#[derive(Debug)]
pub struct Groups {
    groups: Vec<(Vec<usize>, Box<dyn Transform>)>,
}

impl Groups {
    /// Errors (`Conflict` naming `groups`) when an index appears in two groups.
    pub fn new(groups: Vec<(Vec<usize>, Box<dyn Transform>)>) -> Result<Groups, OptimError> {
        let mut seen = std::collections::HashSet::new();
        if groups.iter().flat_map(|(idx, _)| idx).any(|&i| !seen.insert(i)) {
            return Err(OptimError::Conflict { option: "groups", reason: "list a parameter index twice" });
        }
        Ok(Groups { groups })
    }

    /// Runs each group's transform on its updates (`run`), zeroing the updates of the parameters in
    /// no group (`zero`).
    fn each_group<U: Default>(
        &self,
        updates: &mut [U],
        state: &mut State,
        params: &[Tensor],
        run: impl Fn(&dyn Transform, &mut [U], &mut State, &[Tensor]),
        zero: impl Fn(&mut U),
    ) {
        let mut done = vec![false; updates.len()];
        for ((idx, tx), s) in self.groups.iter().zip(&mut state.inner) {
            let mut sub: Vec<U> = idx.iter().map(|&i| std::mem::take(&mut updates[i])).collect();
            run(&**tx, &mut sub, s, &Self::pick(params, idx));
            for (&i, u) in idx.iter().zip(sub) {
                updates[i] = u;
                done[i] = true;
            }
        }
        updates.iter_mut().zip(done).filter(|(_, d)| !d).for_each(|(u, _)| zero(u));
        state.count += 1;
    }

    fn pick(params: &[Tensor], idx: &[usize]) -> Vec<Tensor> {
        idx.iter()
            .map(|&i| {
                let p = params.get(i);
                p.unwrap_or_else(|| panic!("Groups: index {i} but only {} parameters", params.len())).clone()
            })
            .collect()
    }
}

impl Transform for Groups {
    fn init(&self, params: &[Tensor]) -> State {
        State::wrapping(self.groups.iter().map(|(idx, tx)| tx.init(&Self::pick(params, idx))).collect())
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        self.each_group(updates, state, params, |tx, u, s, p| tx.update(u, s, p), |u| u.map_inplace(|_| 0.0));
    }

    /// When some group's transform takes rows (SparseAdam on the embedding tables): each group then
    /// gets its gradients as they are, and a group that does not take rows makes its own dense.
    fn takes_rows(&self) -> bool {
        self.groups.iter().any(|(_, tx)| tx.takes_rows())
    }

    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, params: &[Tensor]) {
        let zero = |u: &mut Gradient| u.values_mut().map_inplace(|_| 0.0);
        self.each_group(updates, state, params, |tx, u, s, p| tx.update_rows(u, s, p), zero);
    }

    fn lr(&self, state: &State) -> Option<f64> {
        self.groups.iter().zip(&state.inner).find_map(|((_, tx), s)| tx.lr(s))
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        for ((_, tx), s) in self.groups.iter().zip(&mut state.inner) {
            tx.scale_lr(s, factor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScaleByLr;

    #[test]
    fn groups_get_their_own_lr_and_unlisted_parameters_freeze() {
        let tx = Groups::new(vec![
            (vec![2], Box::new(ScaleByLr::constant(1.0)) as Box<dyn Transform>),
            (vec![0], Box::new(ScaleByLr::constant(0.1))),
        ])
        .unwrap();
        let params: Vec<Tensor> = (0..3).map(|_| Tensor::vector(vec![0.0])).collect();
        let mut state = tx.init(&params);
        let mut u: Vec<Tensor> = (0..3).map(|_| Tensor::vector(vec![1.0])).collect();
        tx.update(&mut u, &mut state, &params);
        let got: Vec<f32> = u.iter().map(|t| t.data()[0]).collect();
        assert!((got[0] + 0.1).abs() < 1e-7 && (got[2] + 1.0).abs() < 1e-7, "{got:?}");
        // Exact: a parameter in no group gets its update set to zero, no arithmetic.
        assert_eq!(got[1].to_bits(), 0f32.to_bits(), "{got:?}");
        // Exact: the first group's constant learning rate read back.
        assert_eq!(tx.lr(&state), Some(1.0));
    }

    #[test]
    fn an_index_in_two_groups_is_an_error() {
        let g = |i| (vec![i], Box::new(ScaleByLr::constant(1.0)) as Box<dyn Transform>);
        assert!(Groups::new(vec![g(0), g(0)]).unwrap_err().to_string().contains("groups"));
    }
}
