//! Generative adversarial network (Goodfellow et al. 2014) with the non-saturating generator loss,
//! trained as pytorch/examples' `dcgan/main.py` trains its pair (here with any dense stacks):
//!   G: z ~ N(0, I) of `latent` values → a row of the data (the generator's layers, which should
//!      end in the data's range, e.g. `sigmoid` for min-max scaled pixels)
//!   D: a row → one logit (the discriminator's layers, ending in `linear(1)`)
//!   per batch of m real rows x, with m codes z (one draw per batch, used by both steps):
//!     D step  L_D = mean softplus(−D(x)) + mean softplus(D(G(z)))    (BCE: real 1, fake 0;
//!             G(z) a constant)
//!     G step  L_G = mean softplus(−D(G(z)))                           (BCE of fakes against 1:
//!             the non-saturating loss, strong gradients while D wins)
//!   each network has its own optimizer (default Adam, lr 2e-4, betas (0.5, 0.999), DCGAN's).
//! The history's training loss is the epoch's mean L_G. A step whose gradient is not finite is
//! not applied and the run stops, keeping the last good weights. The trained model is the
//! generator (estimator `generator`: input the code, output a row); `Model::generator_samples`
//! draws from it.
use crate::seeds::{self, Stream};
use crate::{check_x, Architecture, EstimatorKind};
use crate::{
    EpochRecord, History, Hooks, LayerStack, LearnError, Model, Objective, OptimizerConfig,
    OptimizerSettings, StopReason, Task, TrainConfig,
};
use downhill_autograd::{Tape, Var};
use downhill_nn::spec::{parse_layers, LayerSpec};
use downhill_nn::{Ctx, Module, Sequential};
use downhill_optim::Optimizer;
use downhill_tensor::{Rng, Tensor};
use serde::{Deserialize, Serialize};

/// The estimator: the two stacks, the code's width and the training settings (epochs, batch
/// size, optimizer and seed; the optimizer's settings are used for both networks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gan {
    /// The generator's layers, from the code (`latent` values) to a sample.
    pub generator: Vec<LayerSpec>,
    /// The discriminator's layers, from a sample to one logit (real vs generated).
    pub discriminator: Vec<LayerSpec>,
    /// Width of the code the generator reads (default 100).
    pub latent: usize,
    /// Epochs, batch size, optimizer and seed (the optimizer's settings train both networks).
    pub train: TrainConfig,
}

impl Default for Gan {
    /// An MLP pair for images scaled to [0, 1]: G 100 → 256 → 512 → 1024 → d (batch norm and
    /// leaky relu 0.2 after each hidden layer, sigmoid out), D d → 1024 → 512 → 256 → 1 (leaky relu
    /// 0.2 and dropout 0.3); batches of 64, 30 epochs, Adam at 2e-4 with betas (0.5, 0.999). Without
    /// the batch norm and dropout the pair collapses within an epoch to one image for every code,
    /// in torch as here (sample spread across codes 0.003 after 3 epochs, against 0.08 with them).
    fn default() -> Gan {
        let layers = |text: &str| parse_layers(text).unwrap_or_default();
        let adam = downhill_optim::AdamOptions { lr: 2e-4, betas: (0.5, 0.999), ..Default::default() };
        let train = TrainConfig {
            optimizer: OptimizerSettings::new(OptimizerConfig::Adam(adam)),
            batch_size: crate::BatchSize::Rows(64),
            stopping: crate::StoppingRules::epochs(30),
            ..TrainConfig::default()
        };
        Gan {
            generator: layers(
                "linear(256), batch_norm1d, leaky_relu(0.2), linear(512), batch_norm1d, leaky_relu(0.2), \
                 linear(1024), batch_norm1d, leaky_relu(0.2), linear, sigmoid",
            ),
            discriminator: layers(
                "linear(1024), leaky_relu(0.2), dropout(0.3), linear(512), leaky_relu(0.2), dropout(0.3), \
                 linear(256), leaky_relu(0.2), dropout(0.3), linear(1)",
            ),
            latent: 100,
            train,
        }
    }
}

/// The generator's loss of one step.
struct StepLosses {
    generator: f64,
}

impl Gan {
    /// The generator's stack for rows of `features` values (a sizeless `linear` gets `features`).
    pub fn generator_stack(&self, features: usize) -> Result<LayerStack, LearnError> {
        if self.latent == 0 {
            return Err(LearnError::invalid("latent", "at least 1 code unit", 0));
        }
        let layers = downhill_nn::spec::with_outputs(&self.generator, features);
        let stack = LayerStack { input_shape: vec![self.latent], layers };
        check_output("generator", &stack, self.latent, features)?;
        Ok(stack)
    }

    /// Trains on the rows of `x`; returns the generator as a model and the history.
    pub fn fit_with(&self, x: &Tensor, hooks: &mut Hooks<'_>) -> Result<(Model, History), LearnError> {
        self.train.validate()?;
        self.check_settings()?;
        if hooks.distributed.is_some() {
            let why = "a GAN runs its own two-network loop on one process: train it without data parallelism";
            return Err(LearnError::Distributed(why.into()));
        }
        let features = check_x(x, "fit")?;
        let g_stack = self.generator_stack(features)?;
        let d_stack = LayerStack { input_shape: vec![features], layers: self.discriminator.clone() };
        check_output("discriminator", &d_stack, features, 1)?;
        let seed = self.train.seed;
        let mut g = Sequential::from_spec(
            &g_stack.layers,
            &g_stack.input_shape,
            seeds::derive(seed, Stream::Init, 0),
        )?;
        let mut d = Sequential::from_spec(
            &d_stack.layers,
            &d_stack.input_shape,
            seeds::derive(seed, Stream::Init, 1),
        )?;
        let batch = self.train.batch_size.rows(x.rows());
        let batches = x.rows().div_ceil(batch);
        let epochs = self.train.stopping.max_epochs;
        let mut g_opt =
            Optimizer::new(self.train.optimizer.build(batches, epochs, &g.params())?, &values(&g));
        let mut d_opt =
            Optimizer::new(self.train.optimizer.build(batches, epochs, &d.params())?, &values(&d));
        let mut history = History::default();
        let mut codes = seeds::rng(seed, Stream::Split, 1);
        // The codes of the snapshots progress receives: `generate --samples 10 --seed <seed>`'s.
        let fixed = Tensor::rand_normal([SNAPSHOT_CODES, self.latent], 0.0, 1.0, &mut Rng::seed(seed));
        let mut step = 0u64;
        'epochs: for epoch in 1..=epochs {
            let started = std::time::Instant::now();
            let mut order: Vec<usize> = (0..x.rows()).collect();
            seeds::rng(seed, Stream::Shuffle, epoch as u64).shuffle(&mut order);
            let mut g_total = 0.0;
            for (b, rows) in order.chunks(batch).enumerate() {
                step += 1;
                let real = x.gather_rows(rows);
                let z = Tensor::rand_normal([rows.len(), self.latent], 0.0, 1.0, &mut codes);
                let dropout = seeds::derive(seed, Stream::Dropout, step);
                let losses = match adversarial_step(&mut g, &mut d, &mut g_opt, &mut d_opt, &real, z, dropout)
                {
                    Some(l) => l,
                    None => {
                        let lr = self.train.optimizer.optimizer.lr();
                        history.stop = Some(StopReason::NonFiniteLoss { epoch, batch: b + 1, lr });
                        break 'epochs;
                    }
                };
                g_total += losses.generator;
                if hooks.stop_requested() {
                    history.stop = Some(StopReason::Interrupted { epoch, batch: b + 1 });
                    break 'epochs;
                }
            }
            let record = EpochRecord {
                seconds: started.elapsed().as_secs_f64(),
                lr: self.train.optimizer.optimizer.lr(),
                grad_norm: f64::NAN,
                ..EpochRecord::new(epoch, g_total / batches as f64)
            };
            if let Some(p) = hooks.progress.as_deref_mut() {
                p.on_epoch(&record, epochs);
                p.on_samples(epoch, &crate::forward_eval::forward_eval(&mut g, &fixed));
            }
            history.epochs.push(record);
        }
        history.stop.get_or_insert(StopReason::MaxEpochs { epochs });
        let model = Model::new(
            EstimatorKind::Generator,
            Objective::Squared,
            Task::Regression,
            Architecture::Layers(g_stack),
            g,
        );
        Ok((model, history))
    }
}

/// How many fixed codes the per-epoch snapshots of the generator's samples are drawn from.
pub const SNAPSHOT_CODES: usize = 10;

impl Gan {
    /// The training settings a GAN's loop reads: epochs, batches, the optimizer (and its schedule
    /// and clipping) and the seed; the rest would be silently ignored, so it is refused.
    fn check_settings(&self) -> Result<(), LearnError> {
        let t = &self.train;
        let unused = [
            ("validation_fraction", t.validation_fraction > 0.0),
            ("penalty", t.penalty != crate::Penalty::None),
            ("init_from", t.init_from.is_some()),
            ("freeze", !t.freeze.is_empty()),
            ("solver", !t.solver.is_first_order()),
            ("ema", t.optimizer.ema.is_some()),
            ("swa", t.optimizer.swa.is_some()),
        ];
        match unused.iter().find(|(_, set)| *set) {
            Some((name, _)) => Err(LearnError::invalid(
                name,
                "left at its default for a GAN (its loop reads epochs, batches, the optimizer and the seed)",
                "set",
            )),
            None => Ok(()),
        }
    }
}

/// One discriminator step and one generator step on `real` rows and codes `z` (see the module
/// header); `None`, with neither network changed by the failing step, when a gradient is not finite.
fn adversarial_step(
    g: &mut Sequential,
    d: &mut Sequential,
    g_opt: &mut Optimizer,
    d_opt: &mut Optimizer,
    real: &Tensor,
    z: Tensor,
    dropout: u64,
) -> Option<StepLosses> {
    // G runs once (its batch-norm statistics move once per step, as in torch's loop); the D step
    // reads its output as a constant, the G step backpropagates through the updated D into it.
    let tape = Tape::new();
    let cx = Ctx::train(&tape, dropout);
    let made = g.forward(&cx, tape.leaf(z));
    {
        let d_tape = Tape::new();
        let d_cx = Ctx::train(&d_tape, dropout ^ 1);
        let on_real = d.forward(&d_cx, d_tape.leaf(real.clone()));
        let on_fake = d.forward(&d_cx, d_tape.leaf(made.value().clone()));
        let d_loss = (-on_real).softplus().mean() + on_fake.softplus().mean();
        if !apply(d, d_opt, &d_tape, d_loss) {
            return None;
        }
    }
    let g_loss = (-d.forward(&cx, made)).softplus().mean();
    let generator = g_loss.item() as f64;
    apply(g, g_opt, &tape, g_loss).then_some(StepLosses { generator })
}

/// One optimizer step of `net` on `loss`'s gradient; false (nothing applied) when it is not finite.
fn apply(net: &mut Sequential, opt: &mut Optimizer, tape: &Tape, loss: Var<'_>) -> bool {
    let grads = tape.backward(loss);
    let gs: Vec<Tensor> = net.params().iter().map(|p| grads.get_or_zeros(p)).collect();
    let mut v = values(net);
    if !opt.step_checked(&mut v, gs) {
        return false;
    }
    net.params_mut().into_iter().zip(&v).for_each(|(p, v)| p.value.assign(v));
    true
}

fn values(net: &Sequential) -> Vec<Tensor> {
    net.params().iter().map(|p| p.value.clone()).collect()
}

/// `stack` must read `inputs` values per sample and give `width` (`LayerStack::check`).
fn check_output(
    which: &'static str,
    stack: &LayerStack,
    inputs: usize,
    width: usize,
) -> Result<(), LearnError> {
    let rule = match which {
        "generator" => {
            "a stack giving one row of the data per code (end with `linear`, no size, then e.g. sigmoid)"
        }
        _ => "a stack giving one logit per row (end with `linear(1)`)",
    };
    stack.check(inputs, width).map_err(|e| LearnError::invalid(which, rule, e.to_string()))
}

impl Model {
    /// `n` rows drawn from a GAN's generator: codes z ~ N(0, I) from `seed`, in evaluation mode.
    pub fn generator_samples(&self, n: usize, seed: u64) -> Result<Tensor, LearnError> {
        if self.estimator != EstimatorKind::Generator {
            return Err(LearnError::invalid(
                "model",
                "a GAN's generator (train --model gan)",
                self.estimator.name(),
            ));
        }
        let z = Tensor::rand_normal([n, self.features()], 0.0, 1.0, &mut Rng::seed(seed));
        Ok(self.with_net_mut(|net| crate::forward_eval::forward_eval(net, &z)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pair_fits_the_data_and_wrong_ends_are_refused() {
        let gan = Gan::default();
        assert_eq!((gan.generator.len(), gan.discriminator.len()), (11, 10));
        let stack = gan.generator_stack(784).unwrap();
        assert_eq!(
            downhill_nn::spec::output_shapes(&stack.layers, &stack.input_shape).unwrap().last().unwrap(),
            &[784]
        );
        let bad = Gan { generator: parse_layers("linear(8)").unwrap(), ..Gan::default() };
        let e = bad.generator_stack(784).unwrap_err().to_string();
        assert!(e.contains("generator") && e.contains("[8]"), "{e}");
        let bad = Gan { discriminator: parse_layers("linear(2)").unwrap(), ..Gan::default() };
        let x = Tensor::zeros([4, 6]);
        let e = bad.fit_with(&x, &mut Hooks::default()).unwrap_err().to_string();
        assert!(e.contains("discriminator") && e.contains("linear(1)"), "{e}");
    }

    /// The snapshots a GAN hands its progress hook.
    struct Snapshots(Vec<(usize, Tensor)>);
    impl crate::Progress for Snapshots {
        fn on_samples(&mut self, epoch: usize, samples: &Tensor) {
            self.0.push((epoch, samples.clone()));
        }
    }

    #[test]
    fn a_small_pair_learns_where_the_data_lies() {
        // Rows (a, a) with a ~ U(0.7, 0.9): after training, the generator's rows sit near that band
        // (the discriminator rejects anything else); at the start they are sigmoid(noise) ≈ 0.5.
        let mut rng = Rng::seed(5);
        let a: Vec<f32> = (0..512).map(|_| rng.uniform(0.7, 0.9)).collect();
        let x = Tensor::from_vec(a.iter().flat_map(|&v| [v, v]).collect(), [512, 2]).unwrap();
        let mut gan = Gan {
            generator: parse_layers("linear(16), leaky_relu(0.2), linear, sigmoid").unwrap(),
            discriminator: parse_layers("linear(16), leaky_relu(0.2), linear(1)").unwrap(),
            latent: 2,
            ..Gan::default()
        };
        gan.train.stopping = crate::StoppingRules::epochs(60);
        let adam = downhill_optim::AdamOptions { lr: 1e-3, betas: (0.5, 0.999), ..Default::default() };
        gan.train.optimizer = OptimizerSettings::new(OptimizerConfig::Adam(adam));
        let mut snapshots = Snapshots(Vec::new());
        let (model, history) =
            gan.fit_with(&x, &mut Hooks { progress: Some(&mut snapshots), ..Hooks::default() }).unwrap();
        assert_eq!(history.epochs.len(), 60);
        // One snapshot per epoch, from the codes `generate --samples 10 --seed <seed>` draws: the
        // last is the trained generator's samples, exactly; the first are still far from the band.
        assert_eq!(snapshots.0.iter().map(|s| s.0).collect::<Vec<_>>(), (1..=60).collect::<Vec<_>>());
        let last = &snapshots.0[59].1;
        assert_eq!(last.dims(), [SNAPSHOT_CODES, 2]);
        assert_eq!(last.data(), model.generator_samples(SNAPSHOT_CODES, gan.train.seed).unwrap().data());
        assert_ne!(snapshots.0[0].1.data(), last.data());
        let drawn = model.generator_samples(200, 1).unwrap();
        let mean = drawn.data().iter().map(|&v| f64::from(v)).sum::<f64>() / 400.0;
        // The data's mean is 0.8; an untrained generator's is 0.5.
        assert!((mean - 0.8).abs() < 0.1, "mean of the generated values {mean}");
    }
}
