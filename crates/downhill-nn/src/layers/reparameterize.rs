//! The reparameterisation of a variational autoencoder (Kingma & Welling 2014), as pytorch/examples'
//! `VAE.reparameterize`: a sample's 2L inputs are a diagonal Gaussian's mean μ (the first L) and
//! log-variance log σ² (the last L), and the code is
//!   z = μ + ε ⊙ exp(½ · log σ²),  ε ~ N(0, I)     (`sample`, and `forward` in training mode)
//!   z = μ                                         (`forward` in evaluation mode: the mean code,
//!                                                  so predictions are deterministic)
//! ε is a constant on the tape: the gradient reaches μ and log σ² through the sample.
use crate::{Ctx, Module};
use downhill_autograd::{Param, Var};
use downhill_tensor::Tensor;

/// The reparameterisation as a layer: [N, 2L] (μ then log σ²) → [N, L]; a sampled code in
/// training, μ in evaluation. No parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reparameterize;

/// One sampled code with the Gaussian it was drawn from (all [N, L]); a VAE's loss reads `mu` and
/// `log_var` for its KL term.
#[derive(Clone, Copy, Debug)]
pub struct GaussianCode<'t> {
    /// The code z = μ + ε ⊙ σ.
    pub z: Var<'t>,
    /// The mean μ (the first L inputs).
    pub mu: Var<'t>,
    /// The log-variance log σ² (the last L inputs).
    pub log_var: Var<'t>,
}

impl Reparameterize {
    /// z = μ + ε ⊙ σ for `stats` = [μ, log σ²] rows ([N, 2L]), ε from the context's generator,
    /// whatever the mode (the ELBO of held-out rows is estimated with a sample too).
    pub fn sample<'t>(cx: &Ctx<'t>, stats: Var<'t>) -> GaussianCode<'t> {
        let (n, latent) = (stats.shape().dim(0), stats.shape().dim(1) / 2);
        let (mu, log_var) = (stats.narrow(1, 0..latent), stats.narrow(1, latent..2 * latent));
        let eps = cx.with_rng(|rng| Tensor::rand_normal([n, latent], 0.0, 1.0, rng));
        let z = mu + (log_var * 0.5).exp() * cx.tape.leaf(eps);
        GaussianCode { z, mu, log_var }
    }
}

impl Module for Reparameterize {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        match cx.is_training() {
            true => Reparameterize::sample(cx, x).z,
            false => x.narrow(1, 0..x.shape().dim(1) / 2),
        }
    }
    fn params(&self) -> Vec<&Param> {
        vec![]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![]
    }
    fn describe(&self) -> String {
        "Reparameterize".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;

    #[test]
    fn the_code_is_the_mean_in_evaluation_and_a_sample_around_it_in_training() {
        let tape = Tape::new();
        // μ = (1, −2), log σ² = (0, 2 ln 0.5): σ = (1, 0.5).
        let stats = Tensor::from_rows(&[[1.0, -2.0, 0.0, 2.0 * 0.5f32.ln()]]).unwrap();
        let z = Reparameterize.forward(&Ctx::eval(&tape), tape.leaf(stats.clone()));
        assert_eq!(z.value().data(), &[1.0, -2.0]); // exact: a copy of μ
        let cx = Ctx::train(&tape, 7);
        let code = Reparameterize::sample(&cx, tape.watch(stats.clone()));
        let eps = Ctx::train(&tape, 7).with_rng(|rng| Tensor::rand_normal([1, 2], 0.0, 1.0, rng));
        let want = [1.0 + eps.data()[0], -2.0 + 0.5 * eps.data()[1]];
        // exp and one multiply-add in f32: 1e-6.
        for (g, w) in code.z.value().data().iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "{g} vs {w}");
        }
    }

    #[test]
    fn gradients_reach_the_mean_and_log_variance() {
        let stats = Tensor::from_rows(&[[0.3, -0.7, 0.2, -0.4], [1.1, 0.5, -0.3, 0.6]]).unwrap();
        // ε is drawn afresh from the same seed on every call, so the function is deterministic.
        downhill_autograd::gradcheck(
            |x| {
                let cx = Ctx::train(x.tape(), 3);
                let z = Reparameterize::sample(&cx, x).z;
                (z * z).sum()
            },
            &stats,
        );
    }
}
