//! L-BFGS with `torch.optim.LBFGS` semantics (Nocedal & Wright ch. 7; Liu & Nocedal 1989).
//! One `step` = one outer call of torch's `opt.step(closure)`: evaluate f, g at x, then up to `max_iter`:
//!   d = -g on the very first iteration, else the two-loop direction -H g (see `history.rs`)
//!   t = min(1, 1 / |g|_1) lr on the very first iteration, else lr
//!   stop if g . d > -tolerance_change
//!   x <- x + t d, with t from the strong-Wolfe search (`strong_wolfe.rs`) or fixed (re-evaluating f, g
//!   unless this is the last iteration)
//!   stop after max_iter iterations, max_eval evaluations, |g|_inf <= tolerance_grad,
//!   |t d|_inf <= tolerance_change or |f - f_prev| < tolerance_change.
//! Needs a closure `x -> (f(x), grad f(x))`, so it is its own type rather than a `Transform` chain.
//! Directions, history and dot products are f64; parameters stay f32 (`p <- f32(p + t d)`).
use super::history::{dot, LbfgsHistory};
use super::strong_wolfe::strong_wolfe;
use super::{LbfgsOptions, LineSearch};
use crate::describe::Described;
use crate::{OptimError, Tensor};

/// Everything L-BFGS carries between `step` calls, as plain data (torch's `state` dict).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LbfgsState {
    /// Function evaluations over every `step` call so far (torch `func_evals`).
    pub func_evals: u64,
    /// Iterations over every `step` call so far (torch `n_iter`); 0 means the next one starts from `-g`.
    pub n_iter: u64,
    /// The last search direction, flattened over all parameters (torch `d`).
    pub d: Vec<f64>,
    /// The last step length (torch `t`).
    pub t: f64,
    /// The curvature pairs of the two-loop recursion.
    pub history: LbfgsHistory,
    /// The gradient at the previous iterate, flattened (torch `prev_flat_grad`).
    pub prev_flat_grad: Vec<f64>,
    /// The loss at the previous iterate (torch `prev_loss`).
    pub prev_loss: f64,
}

/// The L-BFGS optimizer: options plus state.
///
/// ```
/// use downhill_optim::{Lbfgs, LbfgsOptions, Tensor};
/// let mut lbfgs = Lbfgs::new(LbfgsOptions::default()).unwrap();
/// let mut params = vec![Tensor::vector(vec![3.0, -4.0])];
/// let quadratic = |p: &[Tensor]| (0.5 * p[0].sum_squares(), vec![p[0].clone()]);
/// let first_loss = lbfgs.step(&mut params, quadratic);
/// assert!((first_loss - 12.5).abs() < 1e-9 && params[0].sum_squares() < 1e-10);
/// ```
#[derive(Clone, Debug)]
pub struct Lbfgs {
    /// The options; changing them between steps takes effect at the next `step`.
    pub options: LbfgsOptions,
    /// What carries over between steps; `save` and `load` write and read it.
    pub state: LbfgsState,
}

fn flatten(grads: &[Tensor]) -> Vec<f64> {
    grads.iter().flat_map(|g| g.data().iter().map(|&x| x as f64)).collect()
}

fn inf_norm(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// `x + t d` as new f32 tensors.
fn moved(x: &[Tensor], t: f64, d: &[f64]) -> Vec<Tensor> {
    let mut offset = 0;
    x.iter()
        .map(|p| {
            let mut p = p.clone();
            let n = p.numel();
            p.data_mut()
                .iter_mut()
                .zip(&d[offset..offset + n])
                .for_each(|(p, d)| *p = (*p as f64 + t * d) as f32);
            offset += n;
            p
        })
        .collect()
}

impl Lbfgs {
    /// L-BFGS with fresh state. Errors when an option is out of range (e.g. `history_size` 0), naming it.
    pub fn new(options: LbfgsOptions) -> Result<Lbfgs, OptimError> {
        options.validate()?;
        Ok(Lbfgs { options, state: LbfgsState::default() })
    }

    /// The evaluation budget per step (torch's default `max_iter * 5 / 4`).
    pub fn max_eval(&self) -> usize {
        self.options.max_eval.unwrap_or(self.options.max_iter * 5 / 4)
    }

    /// One outer step; `f(params)` returns the loss and one gradient per parameter.
    /// Returns the loss at the parameters on entry (what torch's `step` returns).
    pub fn step(&mut self, params: &mut [Tensor], mut f: impl FnMut(&[Tensor]) -> (f64, Vec<Tensor>)) -> f64 {
        let o = self.options.clone();
        let max_eval = self.max_eval();
        let (orig_loss, grads) = f(params);
        let (mut loss, mut g) = (orig_loss, flatten(&grads));
        let mut evals = 1;
        self.state.func_evals += 1;
        if inf_norm(&g) <= o.tolerance_grad {
            return orig_loss;
        }
        let s = &mut self.state;
        let mut n_iter = 0;
        while n_iter < o.max_iter {
            n_iter += 1;
            s.n_iter += 1;
            if s.n_iter == 1 {
                s.d = g.iter().map(|x| -x).collect();
                s.history = LbfgsHistory { h_diag: 1.0, ..Default::default() };
            } else {
                let y = g.iter().zip(&s.prev_flat_grad).map(|(a, b)| a - b).collect();
                let step = s.d.iter().map(|d| d * s.t).collect();
                s.history.push(y, step, o.history_size);
                s.d = s.history.direction(&g);
            }
            s.prev_flat_grad.clone_from(&g);
            s.prev_loss = loss;
            s.t = if s.n_iter == 1 {
                (1.0f64).min(1.0 / g.iter().map(|x| x.abs()).sum::<f64>()) * o.lr
            } else {
                o.lr
            };
            let gtd = dot(&g, &s.d);
            if gtd > -o.tolerance_change {
                break;
            }
            let ls_evals;
            let opt_cond;
            match o.line_search {
                LineSearch::StrongWolfe => {
                    let x = params.to_vec();
                    let eval = |t: f64| {
                        let (l, gr) = f(&moved(&x, t, &s.d));
                        (l, flatten(&gr))
                    };
                    let r = strong_wolfe(eval, &s.d, s.t, loss, &g, gtd, o.tolerance_change);
                    (loss, g, s.t, ls_evals) = (r.loss, r.grad, r.t, r.evals);
                    params.clone_from_slice(&moved(&x, s.t, &s.d));
                    opt_cond = inf_norm(&g) <= o.tolerance_grad;
                }
                LineSearch::Fixed => {
                    let next = moved(params, s.t, &s.d);
                    params.clone_from_slice(&next);
                    if n_iter != o.max_iter {
                        let (l, gr) = f(params);
                        (loss, g) = (l, flatten(&gr));
                        opt_cond = inf_norm(&g) <= o.tolerance_grad;
                        ls_evals = 1;
                    } else {
                        (opt_cond, ls_evals) = (false, 0);
                    }
                }
            }
            evals += ls_evals;
            s.func_evals += ls_evals as u64;
            let step_size = s.d.iter().fold(0.0f64, |m, d| m.max((d * s.t).abs()));
            if n_iter == o.max_iter
                || evals >= max_eval
                || opt_cond
                || step_size <= o.tolerance_change
                || (loss - s.prev_loss).abs() < o.tolerance_change
            {
                break;
            }
        }
        orig_loss
    }
}
