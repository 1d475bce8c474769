//! RMSprop's preconditioner (Hinton 2012) as `torch.optim.RMSprop` computes it (eps outside the root):
//!   v <- alpha v + (1 - alpha) g^2
//!   plain:    u <- g / (sqrt(v) + eps)
//!   centered: a <- a + (1 - alpha)(g - a);   u <- g / (sqrt(v - a^2) + eps)
//! RMSprop's `momentum` is a `Momentum::Classic { mu, dampening: 0 }` link after this one.
use crate::{Float, State, Tensor, Transform};

/// Whether the second moment is centred by the running mean; the two keep different state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Centering {
    /// Divide by `sqrt(v) + eps` (torch `centered=False`, the default).
    #[default]
    Plain,
    /// Divide by `sqrt(v - a^2) + eps`, `a` the running mean of `g` (torch `centered=True`).
    Centered,
}

/// Divides by a running root-mean-square of past gradients.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByRms {
    /// Smoothing constant of the squared-gradient average (torch `alpha`).
    pub alpha: f64,
    /// Added to the denominator (torch `eps`).
    pub eps: f64,
    /// Plain or centred.
    pub centering: Centering,
}

impl Transform for ScaleByRms {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, if self.centering == Centering::Centered { 2 } else { 1 })
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        let (alpha, eps) = (self.alpha as Float, self.eps as Float);
        let alpha_c = (1.0 - self.alpha) as Float;
        let mut slots = state.slots.iter_mut();
        let Some(vs) = slots.next() else { panic!("ScaleByRms: state has no square average") };
        let mut means = slots.next();
        for (i, (g, v)) in updates.iter_mut().zip(vs.iter_mut()).enumerate() {
            let v = v.data_mut();
            let mut mean = means.as_mut().map(|s| s[i].data_mut());
            for (j, g) in g.data_mut().iter_mut().enumerate() {
                v[j] = alpha * v[j] + alpha_c * *g * *g;
                let var = match mean.as_mut() {
                    Some(a) => {
                        a[j] += alpha_c * (*g - a[j]);
                        v[j] - a[j] * a[j]
                    }
                    None => v[j],
                };
                *g /= var.sqrt() + eps;
            }
        }
        state.count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centered_divides_by_the_standard_deviation() {
        let tx = ScaleByRms { alpha: 0.5, eps: 0.0, centering: Centering::Centered };
        let params = [Tensor::vector(vec![0.0])];
        let mut state = tx.init(&params);
        let mut u = vec![Tensor::vector(vec![2.0])];
        tx.update(&mut u, &mut state, &params);
        // v = 2, a = 1, var = 1: u = 2 / 1
        assert!((u[0].data()[0] - 2.0).abs() < 1e-6);
    }
}
