//! scikit-learn's `HuberRegressor` loss: Huber with a scale σ estimated jointly with the model
//! (Owen 2007, "A robust hybrid of lasso and ridge regression"), so the threshold ε is in units of
//! the residuals' own spread and the loss is scale-invariant. For residuals r = p − t over n rows:
//!   F(σ) = Σ_i [σ + σ·H_ε(r_i/σ)],   H_ε(z) = z²  if |z| < ε,   2ε|z| − ε²  otherwise
//!        = n·σ + Σ_{|r|<εσ} r²/σ + Σ_{|r|≥εσ} (2ε|r| − ε²σ)
//!   L    = (1/n)·min_{σ>0} F(σ)                  (F is convex in σ, jointly convex in (p, σ))
//! σ is minimised out exactly for each batch instead of being a parameter: with the k largest |r|
//! outside, F'(σ) = n − ε²k − Σ_inside r²/σ² = 0 gives σ_k² = Σ_inside r² / (n − ε²k), and the
//! minimiser is the σ_k that puts exactly those k residuals outside (`concomitant_scale`). By the
//! envelope theorem dL/dp is ∂F/∂p at σ* (σ* held constant), so with δ = ε·σ*:
//!   L = σ* + (2/σ*) · mean ℓ_δ(r),   ℓ_δ torch's Huber (½r² inside, δ(|r| − ½δ) outside),
//! since (2/σ)·½r² = r²/σ and (2/σ)·δ(|r| − ½δ) = 2ε|r| − ε²σ. scikit-learn minimises F plus
//! α‖w‖² over (w, σ) together; the minimiser over w is the same. When every residual is 0 (or
//! too few are non-zero to outweigh n), F is smallest as σ → 0 and L tends to (2ε/n)·Σ|r|; σ* is
//! then floored at `SCALE_FLOOR` (scikit-learn bounds σ below in the same way).
use super::{Huber, Loss};
use downhill_autograd::Var;
use downhill_tensor::Float;

/// The smallest scale used, where the minimiser is at σ → 0: small enough that the loss is the
/// limit's to f32 precision, large enough that 2/σ and ε·σ stay normal f32 numbers.
pub const SCALE_FLOOR: f64 = 1e-18;

/// scikit-learn's `HuberRegressor` loss, ε = `epsilon` (its default 1.35; must be ≥ 1 there).
#[derive(Clone, Copy, Debug)]
pub struct ScaledHuber {
    /// ε: residuals beyond ε·σ count linearly, in units of the fitted scale σ (scikit-learn's
    /// default 1.35, `ScaledHuber::default()`).
    pub epsilon: f64,
}

impl Default for ScaledHuber {
    fn default() -> ScaledHuber {
        ScaledHuber { epsilon: 1.35 } // scikit-learn default
    }
}

/// σ* = argmin_σ F(σ) for the residuals `r` (see the module header), at least `SCALE_FLOOR`.
///
/// With |r| sorted largest first (a_0 ≥ a_1 ≥ ...), the k largest are outside exactly for σ in
/// [a_k/ε, a_{k−1}/ε], where F(σ) = (n − ε²k)·σ + S_k/σ + 2ε·Σ_{j<k} a_j with S_k = Σ_{j≥k} a_j².
/// Each piece is convex, so its minimum is its stationary point √(S_k / (n − ε²k)) clamped to the
/// piece (or an end when the piece is monotone); σ* is the best of those, found in one pass.
pub fn concomitant_scale(r: &[Float], epsilon: f64) -> f64 {
    let mut a: Vec<f64> = r.iter().map(|&x| (x as f64).abs()).collect();
    a.sort_by(|x, y| y.total_cmp(x));
    let (n, eps2) = (a.len(), epsilon * epsilon);
    let (mut inside, mut outside) = (a.iter().map(|x| x * x).sum::<f64>(), 0.0);
    let (mut best, mut best_sigma) = (f64::INFINITY, SCALE_FLOOR);
    for k in 0..=n {
        let slope = n as f64 - eps2 * k as f64;
        if slope <= 0.0 {
            break; // F falls on this piece and all later (smaller σ) ones: σ* is on an earlier one
        }
        let lower = if k < n { (a[k] / epsilon).max(SCALE_FLOOR) } else { SCALE_FLOOR };
        let upper = if k == 0 { f64::INFINITY } else { (a[k - 1] / epsilon).max(SCALE_FLOOR) };
        let sigma = (inside / slope).sqrt().clamp(lower, upper);
        let f = slope * sigma + inside / sigma + 2.0 * epsilon * outside;
        if f < best {
            (best, best_sigma) = (f, sigma);
        }
        if k < n {
            (inside, outside) = ((inside - a[k] * a[k]).max(0.0), outside + a[k]);
        }
    }
    best_sigma
}

impl Loss for ScaledHuber {
    fn loss<'t>(&self, pred: Var<'t>, target: Var<'t>) -> Var<'t> {
        // The residuals' values only: σ* is a constant to the tape (the envelope theorem above).
        let r = pred.value().zip_map(&target.value(), |p, t| p - t);
        let sigma = concomitant_scale(r.data(), self.epsilon);
        let huber = Huber { delta: (self.epsilon * sigma) as Float }.loss(pred, target);
        huber * (2.0 / sigma) as Float + sigma as Float
    }
    fn name(&self) -> &'static str {
        "scaled_huber"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::{gradcheck, Tape};
    use downhill_tensor::Tensor;

    /// F(σ)/n computed straight from the definition.
    fn objective(r: &[f64], eps: f64, sigma: f64) -> f64 {
        let h = |z: f64| if z.abs() < eps { z * z } else { 2.0 * eps * z.abs() - eps * eps };
        r.iter().map(|x| sigma + sigma * h(x / sigma)).sum::<f64>() / r.len() as f64
    }

    #[test]
    fn the_scale_minimises_the_objective_over_a_fine_grid() {
        let cases: [&[f64]; 4] = [
            &[0.3, -1.2, 0.8, 5.0, -0.1, 0.05, 2.2, -9.0],
            &[1.0, 1.0, 1.0, 1.0],
            &[0.0, 0.0, 0.0, 7.0],
            &[-3.0, 0.5, 0.4, -0.2, 0.1, 40.0, 0.3],
        ];
        for (i, r) in cases.iter().enumerate() {
            let r32: Vec<Float> = r.iter().map(|&x| x as Float).collect();
            let r64: Vec<f64> = r32.iter().map(|&x| x as f64).collect();
            for eps in [1.0, 1.35, 2.0] {
                let s = concomitant_scale(&r32, eps);
                let best = objective(&r64, eps, s);
                // Nothing on a geometric grid from 1e-4 to 1e3 is lower (beyond rounding, 1e-9).
                for j in 0..=700 {
                    let grid = 1e-4 * 10f64.powf(j as f64 / 100.0);
                    assert!(objective(&r64, eps, grid) >= best - 1e-9, "case {i} ε {eps}: σ {grid} < σ* {s}");
                }
            }
        }
    }

    #[test]
    fn all_zero_residuals_floor_the_scale() {
        assert_eq!(concomitant_scale(&[0.0; 5], 1.35), SCALE_FLOOR);
        // One non-zero residual of five: F = (5 − ε²)σ + 2ε·2 below σ = 2/ε, rising: σ → 0.
        assert_eq!(concomitant_scale(&[0.0, 0.0, 0.0, 0.0, 2.0], 1.35), SCALE_FLOOR);
    }

    #[test]
    fn loss_equals_the_profiled_objective_and_its_gradient_holds_sigma_fixed() {
        let r = [0.3, -1.2, 0.8, 5.0, -0.1, 0.05, 2.2, -9.0];
        let tape = Tape::new();
        let p = tape.watch(Tensor::vector(r.to_vec()));
        let loss = ScaledHuber::default().loss(p, tape.leaf(Tensor::zeros([8])));
        let r64: Vec<f64> = r.iter().map(|&x| x as f64).collect();
        let want = objective(&r64, 1.35, concomitant_scale(&r, 1.35));
        // f32 sums of eight terms around 1: 1e-5 relative.
        assert!((loss.item() as f64 - want).abs() < 1e-5 * want, "{} vs {want}", loss.item());
        // The envelope theorem: the total derivative (σ* moving with p) equals the partial one.
        gradcheck(
            |p| ScaledHuber::default().loss(p, p.tape().leaf(Tensor::zeros([8]))),
            &Tensor::vector(r.to_vec()),
        );
    }
}
