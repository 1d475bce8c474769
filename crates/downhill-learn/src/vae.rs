//! Variational autoencoder (Kingma & Welling 2014) as pytorch/examples' `vae/main.py` builds and
//! trains it, for any dense encoder:
//!   encoder  the given layers, then linear(2L) → [μ, log σ²] per row
//!   code     z = μ + ε ⊙ σ, ε ~ N(0, I) (`reparameterize`; the mean μ when predicting)
//!   decoder  the encoder's blocks (a linear and what follows it) in reverse order, then linear(d)
//!            → logits l, and sigmoid → p(x | z)
//!   loss     per row, the negative ELBO in nats:
//!            Σ_j [softplus(l_j) − x_j·l_j]  −  ½ Σ_k (1 + log σ²_k − μ_k² − σ²_k)
//!            (Bernoulli reconstruction + KL(N(μ, σ²) ‖ N(0, I)))
//! The reconstruction term is binary cross-entropy on the logits, torch's `binary_cross_entropy`
//! of the sigmoid outputs without its clamp of each log at −100. pytorch/examples sums the loss
//! over a batch; it is averaged over the batch's rows here (nats per image, the figure reported),
//! which gives Adam the same steps up to its ε (and weighs the last, smaller batch like the others).
//! Held-out rows are scored with one sampled code each, as pytorch/examples' `test()` does.
//! The network is one `Sequential` (encoder, `reparameterize`, decoder, sigmoid), so the model file,
//! `predict` (reconstruction through the mean code) and the anomaly scores work as for any model.
use crate::seeds::{self, Stream};
use crate::{
    check_x, Architecture, Batch, Criterion, EstimatorKind, History, Hooks, LayerStack, LearnError, Model,
    Objective, Split, Task, TrainConfig, Trainer,
};
use downhill_autograd::{Tape, Var};
use downhill_nn::spec::layers::{LinearSpec, ReluSpec, ReparameterizeSpec, SigmoidSpec};
use downhill_nn::spec::LayerSpec;
use downhill_nn::{Ctx, Reparameterize, Sequential};
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Rows per forward pass when scoring.
const CHUNK: usize = 500;

/// The estimator: the encoder's layers, the code's width and the training settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vae {
    /// The encoder's layers (default `linear(400), relu`); the decoder mirrors them.
    pub layers: Vec<LayerSpec>,
    /// Width of the code z (default 20).
    pub latent: usize,
    /// Epochs, batch size, optimizer and seed (default 10 epochs in batches of 128 rows).
    pub train: TrainConfig,
}

impl Default for Vae {
    /// pytorch/examples: encoder 784 → 400 relu, 20 latent units; Adam at lr 1e-3, batches of 128
    /// rows, 10 epochs, no penalty.
    fn default() -> Vae {
        let layers = vec![
            LayerSpec::Linear(LinearSpec { out_features: Some(400), bias: true }),
            LayerSpec::Relu(ReluSpec {}),
        ];
        let train = TrainConfig {
            batch_size: crate::BatchSize::Rows(128),
            stopping: crate::StoppingRules::epochs(10),
            ..TrainConfig::default()
        };
        Vae { layers, latent: 20, train }
    }
}

impl Vae {
    /// The whole network for rows of `features` values (see the module header).
    pub fn stack(&self, features: usize) -> Result<LayerStack, LearnError> {
        if self.latent == 0 {
            return Err(LearnError::invalid("latent", "at least 1 code unit", 0));
        }
        let head = LayerSpec::Linear(LinearSpec { out_features: Some(2 * self.latent), bias: true });
        let out = LayerSpec::Linear(LinearSpec { out_features: Some(features), bias: true });
        let mut layers = self.layers.clone();
        layers.extend([head, LayerSpec::Reparameterize(ReparameterizeSpec {})]);
        layers.extend(mirrored(&self.layers)?);
        layers.extend([out, LayerSpec::Sigmoid(SigmoidSpec {})]);
        Ok(LayerStack { input_shape: vec![features], layers })
    }

    /// Trains on the rows of `x` (each its own target); returns the model and its history.
    pub fn fit_with(&self, x: &Tensor, hooks: &mut Hooks<'_>) -> Result<(Model, History), LearnError> {
        self.train.validate()?;
        let features = check_x(x, "fit")?;
        let stack = self.stack(features)?;
        if let Some(at) = x.data().iter().position(|v| !(0.0..=1.0).contains(v)) {
            let (row, col, value) = (at / features, at % features, x.data()[at]);
            return Err(LearnError::OutsideUnitInterval { what: "x", model: "vae", row, col, value });
        }
        let code_at = code_index(&stack.layers);
        let split =
            Split::new(x, x, self.train.validation_fraction, Task::Regression, self.train.holdout_seed())?;
        let seed = seeds::derive(self.train.seed, Stream::Init, 0);
        let mut net = Sequential::from_spec(&stack.layers, &stack.input_shape, seed)?;
        if let Some(path) = &self.train.init_from {
            crate::load_weights(&mut net, path)?;
        }
        let trainer = Trainer {
            config: &self.train,
            criterion: Elbo { code_at },
            identity: String::new(),
            in_order: false,
        };
        let session = trainer.train(&mut net, &split, hooks)?;
        let architecture = Architecture::Layers(stack);
        let model = Model::new(EstimatorKind::Vae, Objective::Squared, Task::Regression, architecture, net);
        Ok((model, session.into_history()))
    }
}

/// The encoder's blocks in reverse order: each block a `linear` and the element-wise layers after
/// it; a leading `flatten` has no counterpart.
fn mirrored(encoder: &[LayerSpec]) -> Result<Vec<LayerSpec>, LearnError> {
    let mut blocks: Vec<Vec<LayerSpec>> = Vec::new();
    for layer in encoder {
        let elementwise = matches!(layer, LayerSpec::Dropout(_) | LayerSpec::BatchNorm1d(_))
            || layer.output_shape(&[1]).is_ok_and(|s| s == [1]) && !matches!(layer, LayerSpec::Linear(_));
        match (layer, blocks.last_mut()) {
            (LayerSpec::Flatten(_), None) => {}
            (LayerSpec::Linear(_), _) => blocks.push(vec![layer.clone()]),
            (_, Some(block)) if elementwise => block.push(layer.clone()),
            _ => {
                let rule = "a dense encoder: linear layers, each followed by activations, dropout or \
                            batch_norm1d (the decoder mirrors it)";
                return Err(LearnError::invalid("layers", rule, layer.name()));
            }
        }
    }
    Ok(blocks.into_iter().rev().flatten().collect())
}

/// Where the `reparameterize` layer sits in a VAE's stack.
fn code_index(layers: &[LayerSpec]) -> usize {
    layers.iter().position(|l| matches!(l, LayerSpec::Reparameterize(_))).unwrap_or(layers.len())
}

/// The negative ELBO per row as the training loop's criterion; `code_at` is the
/// `reparameterize` layer's index.
#[derive(Clone, Copy, Debug)]
struct Elbo {
    code_at: usize,
}

impl Elbo {
    /// The negative ELBO summed over the rows of `x`, one sampled code per row.
    fn total<'t>(self, cx: &Ctx<'t>, net: &mut Sequential, x: &Tensor) -> Var<'t> {
        let stats = net.forward_span(cx, cx.tape.leaf(x.clone()), 0..self.code_at);
        let code = Reparameterize::sample(cx, stats);
        // The decoder, without the final sigmoid: the loss reads the logits.
        let logits = net.forward_span(cx, code.z, self.code_at + 1..net.len() - 1);
        let bce = (logits.softplus() - logits * cx.tape.leaf(x.clone())).sum();
        let kl = ((code.log_var + 1.0) - code.mu * code.mu - code.log_var.exp()).sum() * -0.5;
        bce + kl
    }
}

impl Criterion<Sequential> for Elbo {
    fn loss<'t>(&self, cx: &Ctx<'t>, net: &mut Sequential, batch: &Batch) -> Var<'t> {
        self.total(cx, net, &batch.x) * (1.0 / batch.x.rows().max(1) as f32)
    }
}

impl Model {
    /// A VAE's negative ELBO on the rows of `x`, in nats per row (one sampled code per row, from
    /// a fixed seed); `None` for other models.
    pub fn neg_elbo(&self, x: &Tensor) -> Option<f64> {
        let elbo = Elbo { code_at: self.vae_code().ok()?.0 };
        let mut total = 0.0;
        for start in (0..x.rows()).step_by(CHUNK) {
            let rows: Vec<usize> = (start..(start + CHUNK).min(x.rows())).collect();
            let tape = Tape::new();
            let cx = Ctx::eval(&tape);
            total += self.with_net_mut(|net| elbo.total(&cx, net, &x.gather_rows(&rows)).item()) as f64;
        }
        Some(total / x.rows().max(1) as f64)
    }

    /// `n` rows drawn from a VAE: codes z ~ N(0, I) from `seed`, decoded to probabilities.
    pub fn vae_samples(&self, n: usize, seed: u64) -> Result<Tensor, LearnError> {
        let (code_at, latent) = self.vae_code()?;
        let z = Tensor::rand_normal([n, latent], 0.0, 1.0, &mut downhill_tensor::Rng::seed(seed));
        Ok(self.decode(code_at, z))
    }

    /// `steps` rows decoded from codes evenly spaced from the mean code of `a` to that of `b`.
    pub fn vae_interpolate(&self, a: &[f32], b: &[f32], steps: usize) -> Result<Tensor, LearnError> {
        let (code_at, latent) = self.vae_code()?;
        let x = Tensor::from_vec([a, b].concat(), [2, a.len()]).map_err(|e| {
            LearnError::invalid("interpolate", "two rows of the model's features", e.to_string())
        })?;
        let tape = Tape::new();
        let stats = self.with_net_mut(|net| {
            net.forward_span(&Ctx::eval(&tape), tape.leaf(x), 0..code_at).value().clone()
        });
        let (ma, mb) = (&stats.row(0)[..latent], &stats.row(1)[..latent]);
        let walk = (0..steps).flat_map(|s| {
            let t = s as f32 / (steps.max(2) - 1) as f32;
            ma.iter().zip(mb).map(move |(p, q)| p + t * (q - p))
        });
        let z = Tensor::from_vec(walk.collect(), [steps, latent])
            .map_err(|e| LearnError::invalid("steps", "at least 1", e.to_string()))?;
        Ok(self.decode(code_at, z))
    }

    /// The `reparameterize` layer's index and the code's width, or an error for other models.
    fn vae_code(&self) -> Result<(usize, usize), LearnError> {
        let not_vae = || {
            LearnError::invalid(
                "model",
                "a variational autoencoder (train --model vae)",
                self.estimator.name(),
            )
        };
        let Architecture::Layers(stack) = &self.architecture else { return Err(not_vae()) };
        let code_at = code_index(&stack.layers);
        let shapes =
            downhill_nn::spec::output_shapes(&stack.layers, &stack.input_shape).map_err(|_| not_vae())?;
        match (self.estimator, shapes.get(code_at)) {
            (EstimatorKind::Vae, Some(shape)) => Ok((code_at, shape.iter().product())),
            _ => Err(not_vae()),
        }
    }

    /// The decoder (with its sigmoid) applied to codes `z`, in evaluation mode.
    fn decode(&self, code_at: usize, z: Tensor) -> Tensor {
        let tape = Tape::new();
        self.with_net_mut(|net| {
            let end = net.len();
            net.forward_span(&Ctx::eval(&tape), tape.leaf(z), code_at + 1..end).value().clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_layers;
    use downhill_nn::Module;

    #[test]
    fn the_decoder_mirrors_the_encoder_and_ends_in_probabilities() {
        let vae = Vae {
            layers: parse_layers("flatten, linear(64), relu, dropout(0.1), linear(16), tanh").unwrap(),
            latent: 3,
            ..Vae::default()
        };
        let stack = vae.stack(100).unwrap();
        assert_eq!(
            downhill_nn::spec::layers_text(&stack.layers),
            "flatten, linear(64), relu, dropout(p=0.1), linear(16), tanh, linear(6), reparameterize, linear(16), tanh, linear(64), relu, dropout(p=0.1), linear(100), sigmoid"
        );
        let e = Vae { layers: parse_layers("linear(8), conv2d(2, 3)").unwrap(), ..Vae::default() }
            .stack(9)
            .unwrap_err();
        assert!(e.to_string().contains("conv2d") && e.to_string().contains("dense encoder"), "{e}");
        assert!(Vae { latent: 0, ..Vae::default() }.stack(4).is_err());
    }

    #[test]
    fn the_loss_is_the_bernoulli_reconstruction_plus_the_closed_form_kl() {
        // Zero weights everywhere; the code's bias sets μ = (0.5, −1), log σ² = (0.2, −0.4) for
        // every row, and the decoder's logits are 0 (p = ½): each of the d = 5 pixels costs ln 2
        // whatever x and z are, and KL = −½ Σ (1 + log σ² − μ² − σ²).
        let vae = Vae { layers: vec![], latent: 2, ..Vae::default() };
        let stack = vae.stack(5).unwrap();
        let mut net = Sequential::from_spec(&stack.layers, &stack.input_shape, 0).unwrap();
        for p in net.params_mut() {
            p.value = match p.name() {
                "layers.0.bias" => Tensor::vector(vec![0.5, -1.0, 0.2, -0.4]),
                _ => Tensor::zeros(p.value.dims()),
            };
        }
        let model = Model::new(
            EstimatorKind::Vae,
            Objective::Squared,
            Task::Regression,
            Architecture::Layers(stack),
            net,
        );
        let x = Tensor::from_rows(&[[0.0, 1.0, 0.5, 1.0, 0.0], [1.0, 1.0, 1.0, 0.0, 0.2]]).unwrap();
        let kl: f64 =
            [(0.5f64, 0.2f64), (-1.0, -0.4)].iter().map(|(m, l)| -0.5 * (1.0 + l - m * m - l.exp())).sum();
        let want = 5.0 * std::f64::consts::LN_2 + kl;
        let got = model.neg_elbo(&x).unwrap();
        // f32 sums of a handful of terms: 1e-5.
        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
        assert_eq!(model.vae_samples(3, 1).unwrap().data(), &[0.5; 15]); // sigmoid(0), exact
    }

    #[test]
    fn values_outside_the_unit_interval_are_refused_before_training() {
        // Standardised pixels are negative: the Bernoulli decoder's loss would go below 0 without
        // bound (softplus(l) − x·l → −∞ as l → ∞ for x > 1), so they are an error naming the value.
        let x = Tensor::from_rows(&[[0.0, 1.0, 0.5], [0.2, -0.7, 1.0]]).unwrap();
        let vae = Vae { latent: 1, ..Vae::default() };
        let e = vae.fit_with(&x, &mut Hooks::default()).unwrap_err().to_string();
        assert!(
            e.starts_with("x, row 2, column 2: -0.7 lies outside [0, 1]") && e.contains("--scale minmax"),
            "{e}"
        );
        let inside = Tensor::from_rows(&[[0.0, 1.0, 0.5], [0.2, 0.7, 1.0]]).unwrap();
        assert!(vae.fit_with(&inside, &mut Hooks::default()).is_ok());
    }
}
