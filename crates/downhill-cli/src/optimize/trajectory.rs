//! One run: the executor loop that drives an optimizer down a test function (argmin's Executor role:
//! the problem and the solver come in, the loop only sequences them). Each step k:
//!   evaluate f(p_k) and grad f(p_k) at the current point; record (k, p_k, f(p_k), lr_k);
//!   step the optimizer (clipping and weight decay are links of its chain); feed the plateau
//!   detector f(p_k), if any. `lr_k` is the scheduled rate that drives the update leaving p_k
//!   (for the last entry, the rate the next update would use).
//! For L-BFGS one update is one torch `opt.step(closure)` call: up to `max_iter` inner iterations,
//! each evaluating f and its gradient through the closure.
//! Parameters live in `Float` (f32) as in any downhill model; f and its gradient are evaluated in
//! f64 at the f32 point. A run stops early at the first step whose point, loss or f32 gradient is
//! not finite (divergence); that step is not recorded.
use downhill_optim::{Chain, Float, Lbfgs, Optimizer, ReduceOnPlateau, Tensor};
use downhill_testfns::{Point, Surface};

/// How to take a step: a transform chain fed the gradient, or L-BFGS fed the function.
#[derive(Debug)]
pub enum Method {
    Chain(Chain),
    Lbfgs(Lbfgs),
}

enum Stepper {
    Gradient(Optimizer),
    Lbfgs(Lbfgs),
}

impl Stepper {
    fn lr(&self) -> Option<f64> {
        match self {
            Stepper::Gradient(opt) => opt.lr(),
            Stepper::Lbfgs(l) => Some(l.options.lr),
        }
    }
}

fn point(params: &[Tensor]) -> Point {
    [params[0].data()[0] as f64, params[0].data()[1] as f64]
}

/// `f` and its gradient at the f32 point, the gradient rounded to f32.
fn evaluate(f: &dyn Surface, params: &[Tensor]) -> (f64, Vec<Float>) {
    let p = point(params);
    let g = f.gradient(p);
    (f.value(p), vec![g[0] as Float, g[1] as Float])
}

/// One recorded step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    pub step: u64,
    pub params: Point,
    pub loss: f64,
    /// `None` only for a chain without a learning rate (no preset is like that).
    pub lr: Option<f64>,
}

/// The recorded steps of one run, and where it diverged if it did.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    pub entries: Vec<Entry>,
    pub diverged_at: Option<u64>,
}

impl Trajectory {
    /// The first recorded step whose loss is at most `threshold`.
    pub fn steps_to(&self, threshold: f64) -> Option<u64> {
        self.entries.iter().find(|e| e.loss <= threshold).map(|e| e.step)
    }
}

/// Runs `steps` updates of `method` on `f` from `start`.
pub fn descend(
    f: &dyn Surface,
    method: Method,
    mut plateau: Option<ReduceOnPlateau>,
    start: Point,
    steps: u64,
) -> Trajectory {
    let mut params = vec![Tensor::vector(vec![start[0] as Float, start[1] as Float])];
    let mut stepper = match method {
        Method::Chain(tx) => Stepper::Gradient(Optimizer::new(tx, &params)),
        Method::Lbfgs(solver) => Stepper::Lbfgs(solver),
    };
    let mut entries = Vec::with_capacity(steps.min(1 << 20) as usize + 1);
    for step in 0..=steps {
        let (p, (loss, grad)) = (point(&params), evaluate(f, &params));
        if !(loss.is_finite() && p.iter().all(|v| v.is_finite()) && grad.iter().all(|v| v.is_finite())) {
            return Trajectory { entries, diverged_at: Some(step) };
        }
        entries.push(Entry { step, params: p, loss, lr: stepper.lr() });
        if step == steps {
            break;
        }
        match &mut stepper {
            Stepper::Gradient(opt) => {
                opt.step(&mut params, vec![Tensor::vector(grad)]);
                if let (Some(detector), Some(lr)) = (plateau.as_mut(), opt.lr()) {
                    let factor = detector.observe(loss, lr);
                    if factor != 1.0 {
                        opt.scale_lr(factor);
                    }
                }
            }
            Stepper::Lbfgs(solver) => {
                let closure = |ps: &[Tensor]| {
                    let (loss, grad) = evaluate(f, ps);
                    (loss, vec![Tensor::vector(grad)])
                };
                solver.step(&mut params, closure);
            }
        }
    }
    Trajectory { entries, diverged_at: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_optim::{sgd, PlateauOptions, SgdOptions};
    use downhill_testfns::{IllConditioned, Rosenbrock};

    fn plain_sgd(lr: f64) -> Method {
        Method::Chain(sgd(SgdOptions { lr, ..Default::default() }).unwrap())
    }

    #[test]
    fn records_steps_plus_one_entries_starting_at_the_start() {
        let t = descend(&Rosenbrock, plain_sgd(1e-3), None, [-1.5, 2.0], 3);
        assert_eq!(t.entries.len(), 4);
        // Exact: entry 0 holds the start point and the constant lr as given, before any step.
        assert_eq!((t.entries[0].step, t.entries[0].params, t.entries[0].lr), (0, [-1.5, 2.0], Some(1e-3)));
        // p_1 = p_0 - 1e-3 * grad = (-1.5, 2) - 1e-3 * (-155, -50)  (torch: [-1.345, 2.05])
        let p1 = t.entries[1].params;
        assert!((p1[0] + 1.345).abs() < 1e-6 && (p1[1] - 2.05).abs() < 1e-6, "{p1:?}");
        assert!(t.diverged_at.is_none());
    }

    #[test]
    fn stops_at_the_first_non_finite_step() {
        // lr 1 on 0.5 (x^2 + 100 y^2): y <- y - 100 y = -99 y, so |y| grows 99x per step
        let t = descend(&IllConditioned, plain_sgd(1.0), None, [1.0, 1.0], 1000);
        let k = t.diverged_at.expect("diverges");
        assert!(k > 5 && t.entries.len() as u64 == k, "{k}");
        assert!(t.entries.iter().all(|e| e.loss.is_finite()));
    }

    #[test]
    fn plateau_reduces_the_rate_when_the_loss_stalls() {
        let detector = ReduceOnPlateau::new(PlateauOptions { patience: 2, ..Default::default() }).unwrap();
        // lr 0.02 on the y curvature 100: y <- -y, so the loss never improves and the rate drops
        let t = descend(&IllConditioned, plain_sgd(0.02), Some(detector), [0.0, 1.0], 10);
        let lrs: Vec<f64> = t.entries.iter().map(|e| e.lr.unwrap()).collect();
        assert!((lrs[3] - 0.02).abs() < 1e-12 && (lrs[4] - 0.002).abs() < 1e-12, "{lrs:?}");
        assert_eq!(t.steps_to(1e-3), None);
    }

    #[test]
    fn lbfgs_solves_a_quadratic_in_one_step() {
        let solver = Lbfgs::new(downhill_optim::LbfgsOptions::default()).unwrap();
        let t = descend(&IllConditioned, Method::Lbfgs(solver), None, [-2.5, 1.0], 2);
        assert_eq!(t.entries.len(), 3);
        // Exact: L-BFGS reports its literal step size 1.
        assert!(t.entries[1].loss < 1e-8 && t.entries[1].lr == Some(1.0), "{:?}", t.entries[1]);
    }
}
