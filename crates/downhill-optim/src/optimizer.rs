//! `Optimizer`: a transform plus its state, applied to parameters: `u = tx(g); p <- p + u`.
//! The step count (and so the schedule position) is `state.count`; saving the state saves both.
//! Gradients with a table's rows take `step_gradients` (`optimizer/rows.rs`); a step that also
//! tallies its gradients, `step_summing` (`optimizer/summing.rs`).
use crate::blocks::{self, Target};
use crate::{saved_state, OptimError, State, Tensor, Transform};
use std::path::Path;

mod rows;
mod summing;

pub use summing::Summed;

/// Applies a transform (usually a preset `Chain`) to a list of parameters, keeping its state.
///
/// ```
/// use downhill_optim::{adam, AdamOptions, Optimizer, Tensor};
/// let mut params = vec![Tensor::vector(vec![1.0, -1.0])];
/// let mut opt = Optimizer::new(adam(AdamOptions { lr: 0.1, ..Default::default() }).unwrap(), &params);
/// let grads = vec![params[0].clone()]; // gradient of 0.5 |p|^2
/// opt.step(&mut params, grads);
/// assert!((params[0].data()[0] - 0.9).abs() < 1e-6); // Adam's first step is lr * sign(g)
/// assert_eq!(opt.steps(), 1);
/// ```
#[derive(Debug)]
pub struct Optimizer {
    tx: Box<dyn Transform>,
    state: State,
    /// Per parameter, the buffer a row gradient is made dense in for a transform that does not
    /// take rows, kept from step to step (`rows.rs`); not part of the state.
    scratch: Vec<Option<Tensor>>,
    /// The list `step_gradients` hands dense gradients to the step in, kept for its capacity.
    dense: Vec<Tensor>,
    /// Where `step_summing`'s loops leave each gradient's squares, kept for its capacity.
    squares: Vec<downhill_tensor::SquareLanes>,
}

impl Optimizer {
    /// An optimizer that applies `tx` to `params`, with the state `tx.init(params)` (zero moments, step 0).
    /// The parameters' shapes are fixed from here on: `step` panics if they change.
    pub fn new(tx: impl Transform + 'static, params: &[Tensor]) -> Optimizer {
        let state = tx.init(params);
        Optimizer { tx: Box::new(tx), state, scratch: Vec::new(), dense: Vec::new(), squares: Vec::new() }
    }

    /// One update: `p_i += tx(grads)_i`. Panics if `grads` does not match `params` one to one.
    pub fn step(&mut self, params: &mut [Tensor], grads: Vec<Tensor>) {
        check_shapes(params, &grads);
        let mut updates = grads;
        if self.tx.is_elementwise() {
            // One pass: each block's update is computed in L1 and added to p at once (kernel.rs).
            blocks::run(&*self.tx, &mut updates, &mut self.state, Target::Params(params));
            return;
        }
        self.tx.update(&mut updates, &mut self.state, params);
        for (p, u) in params.iter_mut().zip(&updates) {
            p.add_scaled(u, 1.0);
        }
    }

    /// One update, refused when it is not finite: `next_i = p_i + tx(grads)_i` is computed into the
    /// gradients' buffers in the same pass as the update (for the presets' chains, one fused loop
    /// reading p, g and the state and writing next and the state) and becomes `params` only when
    /// every value is finite. Otherwise `params` is left exactly as it was and false returned (the
    /// state has advanced, as it would have had the step been applied). Panics like `step`.
    ///
    /// ```
    /// use downhill_optim::{sgd, Optimizer, SgdOptions, Tensor};
    /// let mut params = vec![Tensor::vector(vec![1.0, 2.0])];
    /// let mut opt = Optimizer::new(sgd(SgdOptions { lr: 0.5, ..Default::default() }).unwrap(), &params);
    /// assert!(opt.step_checked(&mut params, vec![Tensor::vector(vec![2.0, 0.0])]));
    /// assert!(!opt.step_checked(&mut params, vec![Tensor::vector(vec![f32::INFINITY, 0.0])]));
    /// assert_eq!(params[0].data(), &[0.0, 2.0]); // exact: 1 - 0.5 * 2, and the refused step left it
    /// ```
    pub fn step_checked(&mut self, params: &mut [Tensor], grads: Vec<Tensor>) -> bool {
        check_shapes(params, &grads);
        self.step_checked_in(params, &mut { grads })
    }

    /// `step_checked` with the gradients in `next`, which it leaves empty (its capacity kept).
    fn step_checked_in(&mut self, params: &mut [Tensor], next: &mut Vec<Tensor>) -> bool {
        let finite = if self.tx.is_elementwise() {
            blocks::run(&*self.tx, next, &mut self.state, Target::Next(params, None))
        } else {
            self.tx.update(next, &mut self.state, params);
            let mut finite = true;
            for (u, p) in next.iter_mut().zip(params.iter()) {
                finite &= u.plus_checked(p);
            }
            finite
        };
        adopt_next(params, next, finite);
        finite
    }

    /// Updates applied so far; also the schedule position of the next step.
    pub fn steps(&self) -> u64 {
        self.state.count
    }

    /// The learning rate the next step will use (for logging), if the transform applies one.
    pub fn lr(&self) -> Option<f64> {
        self.tx.lr(&self.state)
    }

    /// Multiplies the learning rate from now on (the factor `ReduceOnPlateau::observe` returns).
    pub fn scale_lr(&mut self, factor: f64) {
        self.tx.scale_lr(&mut self.state, factor)
    }

    /// The transform's state: step count, moments and other buffers, per link (plain data, see [`State`]).
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Replaces the state, after checking it has this optimizer's layout (slots, shapes, nesting).
    pub fn set_state(&mut self, state: State) -> Result<(), OptimError> {
        saved_state::check_layout(&self.state, &state, "state")?;
        self.state = state;
        Ok(())
    }

    /// Writes the state (moments, counts, lr factor) to `path` as JSON, bit-exact.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), OptimError> {
        let path = path.as_ref();
        let io = |source| OptimError::Io { path: path.to_path_buf(), source };
        std::fs::write(path, saved_state::to_json(&self.state)).map_err(io)
    }

    /// Reads a state written by `save` for an optimizer built the same way; the next step is then
    /// bit-identical to the one an uninterrupted run would take.
    pub fn load(&mut self, path: impl AsRef<Path>) -> Result<(), OptimError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|source| OptimError::Io { path: path.to_path_buf(), source })?;
        let state = saved_state::from_json(&text)
            .map_err(|source| OptimError::Format { path: path.to_path_buf(), source })?;
        self.set_state(state)
    }
}

/// Ends a checked step: when it is `applied`, the new values, which sit in the gradients' buffers,
/// become `params` (no copy); `next` is left empty either way, its capacity kept.
fn adopt_next(params: &mut [Tensor], next: &mut Vec<Tensor>, applied: bool) {
    if applied {
        params.iter_mut().zip(next.drain(..)).for_each(|(p, n)| *p = n);
    }
    next.clear();
}

/// Panics unless `grads` match `params` one to one, naming the first that does not.
fn check_shapes(params: &[Tensor], grads: &[Tensor]) {
    check_shapes_of(params, grads.iter().map(Tensor::shape), grads.len())
}

fn check_shapes_of<'g>(params: &[Tensor], grads: impl Iterator<Item = &'g downhill_tensor::Shape>, n: usize) {
    assert!(params.len() == n, "Optimizer::step: {} parameters but {n} gradients", params.len());
    for (i, (p, g)) in params.iter().zip(grads).enumerate() {
        assert!(
            p.shape() == g,
            "Optimizer::step: parameter {i} has shape {} but its gradient {g}",
            p.shape(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScaleByLr;

    #[test]
    fn load_rejects_a_state_of_another_layout() {
        let params = [Tensor::zeros([2])];
        let mut opt = Optimizer::new(crate::ScaleByAdam::default(), &params);
        let other = Optimizer::new(ScaleByLr::constant(0.1), &params);
        let err = opt.set_state(other.state().clone()).unwrap_err().to_string();
        assert!(err.contains("does not fit") && err.contains("scalars"), "{err}");
    }

    #[test]
    #[should_panic(expected = "parameter 0 has shape [2] but its gradient [3]")]
    fn step_names_mismatched_shapes() {
        let mut params = [Tensor::zeros([2])];
        let mut opt = Optimizer::new(ScaleByLr::constant(0.1), &params);
        opt.step(&mut params, vec![Tensor::zeros([3])]);
    }
}
