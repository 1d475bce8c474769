//! The optimizer as the loop drives it: a transform and its state (as `downhill_optim::Optimizer`),
//! with one difference: the update is checked before it is applied,
//!   u = tx(g);  if every u is finite: p ← p + u,  else leave p untouched and report it,
//! so a step that would overflow leaves the last finite parameters in place without keeping a copy.
use downhill_optim::{State, Transform};
use downhill_tensor::Tensor;

#[derive(Debug)]
pub struct Stepper {
    tx: Box<dyn Transform>,
    pub(crate) state: State,
}

impl Stepper {
    pub fn new(tx: Box<dyn Transform>, params: &[Tensor]) -> Stepper {
        let state = tx.init(params);
        Stepper { tx, state }
    }

    /// Applies one update; false (and `params` unchanged) when the update is not finite.
    pub fn step(&mut self, params: &mut [Tensor], grads: Vec<Tensor>) -> bool {
        let mut updates = grads;
        self.tx.update(&mut updates, &mut self.state, params);
        if !updates.iter().all(Tensor::all_finite) {
            return false;
        }
        params.iter_mut().zip(&updates).for_each(|(p, u)| p.add_scaled(u, 1.0));
        true
    }

    /// The learning rate of the next step.
    pub fn lr(&self) -> f64 {
        self.tx.lr(&self.state).unwrap_or(f64::NAN)
    }

    pub fn scale_lr(&mut self, factor: f64) {
        self.tx.scale_lr(&mut self.state, factor)
    }

    pub fn state(&self) -> &State {
        &self.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_optim::{sgd, SgdOptions};
    use downhill_testing::{assert_close, assert_same_tensor_bits};

    #[test]
    fn a_non_finite_update_leaves_the_parameters_alone() {
        let tx = sgd(SgdOptions { lr: 0.5, ..Default::default() }).unwrap();
        let mut p = vec![Tensor::vector(vec![1.0, 2.0])];
        let mut s = Stepper::new(Box::new(tx), &p);
        assert!(s.step(&mut p, vec![Tensor::vector(vec![2.0, 0.0])]));
        // p − 0.5 g: one f32 product and difference each, 1e-6.
        assert_close("after one step", p[0].data(), &[0.0, 2.0], 1e-6);
        let before = p.clone();
        assert!(!s.step(&mut p, vec![Tensor::vector(vec![f32::INFINITY, 0.0])]));
        assert_same_tensor_bits("a rejected step leaves the parameters alone", &p, &before);
        assert_eq!(s.lr(), 0.5); // exact: the configured lr read back
    }
}
