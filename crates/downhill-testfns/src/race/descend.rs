//! One descent of a 2-D test function: the function as the objective of downhill-optim's executor
//! (`descend`, which records each step and stops at divergence). Parameters live in `Float` (f32)
//! as in any downhill model; f and its gradient are evaluated in f64 at the f32 point, the gradient
//! rounded to f32.
use crate::{Point, Surface};
use downhill_optim::{Float, Method, ReduceOnPlateau, Tensor, Trajectory};

/// `f` and its gradient at the f32 point, the gradient rounded to f32.
fn evaluate(f: &dyn Surface, params: &[Tensor]) -> (f64, Vec<Tensor>) {
    let p = [params[0].data()[0] as f64, params[0].data()[1] as f64];
    let g = f.gradient(p);
    (f.value(p), vec![Tensor::vector(vec![g[0] as Float, g[1] as Float])])
}

/// Runs `steps` updates of `method` on `f` from `start`, feeding `plateau` the loss if given.
pub fn descend(
    f: &dyn Surface,
    method: Method,
    plateau: Option<ReduceOnPlateau>,
    start: Point,
    steps: u64,
) -> Trajectory {
    let start = vec![Tensor::vector(vec![start[0] as Float, start[1] as Float])];
    downhill_optim::descend(|ps| evaluate(f, ps), method, plateau, start, steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IllConditioned, Rosenbrock};
    use downhill_optim::{sgd, Lbfgs, PlateauOptions, SgdOptions};

    fn plain_sgd(lr: f64) -> Method {
        Method::Chain(sgd(SgdOptions { lr, ..Default::default() }).unwrap())
    }

    #[test]
    fn records_steps_plus_one_entries_starting_at_the_start() {
        let t = descend(&Rosenbrock, plain_sgd(1e-3), None, [-1.5, 2.0], 3);
        assert_eq!(t.entries.len(), 4);
        // Exact: entry 0 holds the start point and the constant lr as given, before any step.
        assert_eq!(
            (t.entries[0].step, &t.entries[0].params[..], t.entries[0].lr),
            (0, &[-1.5, 2.0][..], Some(1e-3))
        );
        // p_1 = p_0 - 1e-3 * grad = (-1.5, 2) - 1e-3 * (-155, -50)  (torch: [-1.345, 2.05])
        let p1 = &t.entries[1].params;
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
