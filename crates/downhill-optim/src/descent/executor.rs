//! The descent loop (argmin's Executor role: the problem and the solver come in, the loop only
//! sequences them). Each step k:
//!   evaluate f(p_k) and its gradient; record (k, p_k, f(p_k), lr_k);
//!   step the optimizer (clipping and weight decay are links of its chain); feed the plateau
//!   detector f(p_k), if any. `lr_k` is the scheduled rate that drives the update leaving p_k
//!   (for the last entry, the rate the next update would use).
//! For L-BFGS one update is one torch `opt.step(closure)` call: up to `max_iter` inner iterations,
//! each evaluating f and its gradient through the closure.
//! A run stops at the first step whose point, loss or gradient is not finite (divergence); that
//! step is not recorded, so the last entry holds the last good parameters.
use crate::{Chain, Lbfgs, Optimizer, ReduceOnPlateau, Tensor};

/// How to take a step: a transform chain fed the gradient, or L-BFGS fed the function.
#[derive(Debug)]
pub enum Method {
    /// A transform chain (a preset), stepped with `f`'s gradient.
    Chain(Chain),
    /// L-BFGS, which calls `f` itself (line search and inner iterations).
    Lbfgs(Lbfgs),
}

/// One recorded step.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The step number, 0 for the starting point.
    pub step: u64,
    /// Every parameter's values, flattened in order.
    pub params: Vec<f64>,
    /// The loss `f(params)`.
    pub loss: f64,
    /// `None` only for a chain without a learning rate (no preset is like that).
    pub lr: Option<f64>,
}

/// The recorded steps of one run, and where it diverged if it did.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// One entry per step, the starting point first; no entry for the diverged step.
    pub entries: Vec<Entry>,
    /// The first step whose point, loss or gradient was not finite; `None` if the run finished.
    pub diverged_at: Option<u64>,
}

impl Trajectory {
    /// The first recorded step whose loss is at most `threshold`.
    pub fn steps_to(&self, threshold: f64) -> Option<u64> {
        self.entries.iter().find(|e| e.loss <= threshold).map(|e| e.step)
    }
}

/// A `Method` with its running state.
enum Stepper {
    Chain(Optimizer),
    Lbfgs(Lbfgs),
}

impl Stepper {
    fn lr(&self) -> Option<f64> {
        match self {
            Stepper::Chain(opt) => opt.lr(),
            Stepper::Lbfgs(l) => Some(l.options.lr),
        }
    }
}

fn flat(params: &[Tensor]) -> Vec<f64> {
    params.iter().flat_map(|p| p.data().iter().map(|&v| v as f64)).collect()
}

/// Runs `steps` updates of `method` on the objective `f` (loss and one gradient per parameter)
/// from `params`.
pub fn descend(
    mut f: impl FnMut(&[Tensor]) -> (f64, Vec<Tensor>),
    method: Method,
    mut plateau: Option<ReduceOnPlateau>,
    mut params: Vec<Tensor>,
    steps: u64,
) -> Trajectory {
    let mut stepper = match method {
        Method::Chain(tx) => Stepper::Chain(Optimizer::new(tx, &params)),
        Method::Lbfgs(l) => Stepper::Lbfgs(l),
    };
    let mut entries = Vec::with_capacity(steps.min(1 << 20) as usize + 1);
    for step in 0..=steps {
        let (p, (loss, grads)) = (flat(&params), f(&params));
        if !(loss.is_finite() && p.iter().all(|v| v.is_finite()) && grads.iter().all(Tensor::all_finite)) {
            return Trajectory { entries, diverged_at: Some(step) };
        }
        entries.push(Entry { step, params: p, loss, lr: stepper.lr() });
        if step == steps {
            break;
        }
        match &mut stepper {
            Stepper::Chain(opt) => {
                opt.step(&mut params, grads);
                if let (Some(detector), Some(lr)) = (plateau.as_mut(), opt.lr()) {
                    let factor = detector.observe(loss, lr);
                    if factor != 1.0 {
                        opt.scale_lr(factor);
                    }
                }
            }
            Stepper::Lbfgs(solver) => {
                solver.step(&mut params, &mut f);
            }
        }
    }
    Trajectory { entries, diverged_at: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sgd, Lbfgs, LbfgsOptions, PlateauOptions, SgdOptions};

    fn quadratic(p: &[Tensor]) -> (f64, Vec<Tensor>) {
        (0.5 * p[0].sum_squares(), vec![p[0].clone()])
    }

    #[test]
    fn records_every_step_and_stops_at_divergence_keeping_the_last_good_point() {
        let tx = sgd(SgdOptions { lr: 0.5, ..Default::default() }).unwrap();
        let t = descend(quadratic, Method::Chain(tx), None, vec![Tensor::vector(vec![2.0])], 3);
        let xs: Vec<f64> = t.entries.iter().map(|e| e.params[0]).collect();
        // x <- x - 0.5 x halves x each step: exact in binary.
        assert_eq!(xs, [2.0, 1.0, 0.5, 0.25]);
        assert_eq!((t.diverged_at, t.steps_to(0.5)), (None, Some(1)));
        // lr 1e30 on x^2: x = 2 -> -2e30 -> inf loss at step 2.
        let tx = sgd(SgdOptions { lr: 1e30, ..Default::default() }).unwrap();
        let t = descend(quadratic, Method::Chain(tx), None, vec![Tensor::vector(vec![2.0])], 10);
        assert_eq!((t.entries.len(), t.diverged_at), (2, Some(2)));
    }

    #[test]
    fn lbfgs_and_plateau_drive_the_same_loop() {
        let l = Lbfgs::new(LbfgsOptions::default()).unwrap();
        let t = descend(quadratic, Method::Lbfgs(l), None, vec![Tensor::vector(vec![3.0, -4.0])], 1);
        assert!(t.entries[1].loss < 1e-10, "{:?}", t.entries[1]);
        // A loss that never improves: the plateau detector cuts the rate after `patience` steps.
        let flat_loss = |p: &[Tensor]| (1.0, vec![Tensor::zeros_like(&p[0])]);
        let plateau = ReduceOnPlateau::new(PlateauOptions { patience: 1, ..Default::default() }).unwrap();
        let tx = sgd(SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
        let t = descend(flat_loss, Method::Chain(tx), Some(plateau), vec![Tensor::vector(vec![0.0])], 4);
        let lrs: Vec<f64> = t.entries.iter().map(|e| e.lr.unwrap()).collect();
        assert!(lrs[0] == 1.0 && lrs[4] < 0.5, "{lrs:?}");
    }
}
