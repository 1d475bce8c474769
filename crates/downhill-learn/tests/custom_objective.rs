//! The training loop for a model and an objective of the user's own, through the public API only:
//! an autoencoder with a sparsity term on its code (training, checkpoint and resume), and a
//! weighted loss whose weights travel in the batch's targets, stopped early with the best epoch's
//! weights put back.
#![allow(clippy::unwrap_used)]
mod common;
use downhill_autograd::{Param, Var};
use downhill_learn::{
    metrics, Batch, BatchEvent, BatchSize, CheckpointPolicy, Criterion, EarlyStopping, Hooks, LearnError,
    OptimizerConfig, OptimizerSettings, Penalty, Progress, Split, StopReason, StoppingRules, Tensor,
    TrainConfig, Trainer,
};
use downhill_nn::{Activation, Ctx, Mlp, Module, Sequential};
use downhill_tensor::Rng;
use downhill_testing::assert_close;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Encoder 8 → 3 and decoder 3 → 8, each a one-layer `Sequential` (linear: the data below is linear).
struct AutoEncoder {
    encoder: Sequential,
    decoder: Sequential,
}

impl AutoEncoder {
    fn new(seed: u64) -> AutoEncoder {
        let mut encoder = Mlp::new(&[8, 3]).seed(seed).build().unwrap();
        let mut decoder = Mlp::new(&[3, 8]).seed(seed + 1).build().unwrap();
        encoder.prefix_names("encoder");
        decoder.prefix_names("decoder");
        AutoEncoder { encoder, decoder }
    }
}

impl Module for AutoEncoder {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let code = self.encoder.forward(cx, x);
        self.decoder.forward(cx, code)
    }
    fn params(&self) -> Vec<&Param> {
        [self.encoder.params(), self.decoder.params()].concat()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        let mut p = self.encoder.params_mut();
        p.extend(self.decoder.params_mut());
        p
    }
    fn describe(&self) -> String {
        format!("AutoEncoder({} -> {})", self.encoder.describe(), self.decoder.describe())
    }
}

/// `n` rows of rank-2 data in 8 columns: x = z·A + 0.01·ε with z, ε standard normal, A [2, 8].
fn low_rank(a: &Tensor, n: usize, rng: &mut Rng) -> Tensor {
    let z = Tensor::rand_normal([n, 2], 0.0, 1.0, rng);
    let noise = Tensor::rand_normal([n, 8], 0.0, 0.01, rng);
    z.matmul(a).zip_map(&noise, |s, e| s + e)
}

/// The mean squared reconstruction error of `ae` on `x`, in evaluation mode.
fn reconstruction_mse(ae: &mut AutoEncoder, x: &Tensor) -> f64 {
    let tape = downhill_autograd::Tape::new();
    let out = ae.forward(&Ctx::eval(&tape), tape.leaf(x.clone()));
    let out = out.value().clone();
    metrics::mse(x, &out)
}

/// Reconstruction MSE plus 1e-3 · mean |code|: an L1 on the code, which no built-in loss has.
fn sparse_code_loss() -> impl for<'t> Fn(&Ctx<'t>, &mut AutoEncoder, &Batch) -> Var<'t> {
    |cx, ae, b| {
        let code = ae.encoder.forward(cx, cx.tape.leaf(b.x.clone()));
        let r = ae.decoder.forward(cx, code) - cx.tape.leaf(b.y.clone());
        (r * r).mean() + code.abs().mean() * 1e-3
    }
}

/// 256 training and 64 validation rows of one rank-2 structure; the targets are the inputs.
fn autoencoder_data() -> Split {
    let mut rng = Rng::seed(11);
    let a = Tensor::rand_normal([2, 8], 0.0, 1.0, &mut rng);
    let (x, x_val) = (low_rank(&a, 256, &mut rng), low_rank(&a, 64, &mut rng));
    Split { x_train: x.clone(), y_train: x, validation: Some((x_val.clone(), x_val)) }
}

/// Adam at lr 0.01 on batches of 32 rows for `epochs` epochs.
fn autoencoder_config(epochs: usize) -> TrainConfig {
    TrainConfig {
        optimizer: OptimizerSettings::new(OptimizerConfig::default().with_lr(0.01)),
        batch_size: BatchSize::Rows(32),
        stopping: StoppingRules::epochs(epochs),
        ..TrainConfig::default()
    }
}

#[test]
fn an_autoencoder_with_a_sparse_code_learns_through_the_generic_loop() {
    let (split, config) = (autoencoder_data(), autoencoder_config(150));
    let trainer =
        Trainer::new(&config, sparse_code_loss()).with_metric("r2", |ae: &mut AutoEncoder, rows: &Batch| {
            let tape = downhill_autograd::Tape::new();
            let out = ae.forward(&Ctx::eval(&tape), tape.leaf(rows.x.clone())).value().clone();
            metrics::r2(&rows.y, &out)
        });
    let mut ae = AutoEncoder::new(3);
    let before = reconstruction_mse(&mut ae, &split.x_train);
    let session = trainer.train(&mut ae, &split, &mut Hooks::default()).unwrap();
    let after = reconstruction_mse(&mut ae, &split.x_train);
    // The data has rank 2 < 3 code units, so only the noise (variance 1e-4) and the L1's shrinkage
    // keep the error above 0: it falls from 8.5 to 3.5e-4 here; 100× leaves room for other seeds.
    assert!(after < before / 100.0, "reconstruction MSE {before} -> {after}");
    let h = session.history();
    assert_eq!((h.epochs.len(), h.metric.as_str()), (150, "r2"));
    assert!(matches!(h.stop, Some(StopReason::MaxEpochs { epochs: 150 })), "{:?}", h.stop);
    let last = h.last().unwrap();
    assert!(last.val_metric.unwrap() > 0.99, "validation R² {:?}", last.val_metric);
    // Per-layer gradient norms carry the model's own parameter names.
    let layers: Vec<&str> = last.layer_grad_norms.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(layers, ["encoder.layers.0", "decoder.layers.0"]);
}

/// Raises the stop flag after batch 2 of epoch `at` (what Ctrl-C does in the CLI).
struct StopAt(Arc<AtomicBool>, usize);
impl Progress for StopAt {
    fn on_batch(&mut self, e: &BatchEvent) {
        if (e.epoch, e.batch) == (self.1, 2) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

#[test]
fn a_custom_model_resumes_from_its_checkpoint_bit_for_bit() {
    let (split, config) = (autoencoder_data(), autoencoder_config(12));
    let trainer = Trainer::new(&config, sparse_code_loss());
    let bits = |ae: &AutoEncoder| -> Vec<u32> {
        ae.params().iter().flat_map(|p| p.value.data().to_vec()).map(f32::to_bits).collect()
    };
    let mut straight = AutoEncoder::new(3);
    trainer.train(&mut straight, &split, &mut Hooks::default()).unwrap();

    let dir = common::temp_dir("custom-resume");
    let ckpt = dir.join("ae.ckpt");
    let flag = Arc::new(AtomicBool::new(false));
    let mut stopper = StopAt(flag.clone(), 9);
    let checkpoint = Some(CheckpointPolicy { every: 4, path: ckpt.clone() });
    let mut hooks = Hooks { progress: Some(&mut stopper), stop: Some(flag), checkpoint, ..Hooks::default() };
    let mut interrupted = AutoEncoder::new(3);
    let s = trainer.train(&mut interrupted, &split, &mut hooks).unwrap();
    assert!(
        matches!(s.history().stop, Some(StopReason::Interrupted { epoch: 9, batch: 2 })),
        "{:?}",
        s.history().stop
    );

    assert_ne!(bits(&interrupted), bits(&straight));
    // From the epoch-8 checkpoint: the same 12 epochs, the same weights to the bit.
    let mut resumed = AutoEncoder::new(3);
    let s =
        trainer.train(&mut resumed, &split, &mut Hooks { resume: Some(ckpt), ..Hooks::default() }).unwrap();
    assert_eq!(s.history().epochs.len(), 12);
    assert_eq!(bits(&resumed), bits(&straight), "resumed run differs from the uninterrupted one");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn penalties_reach_a_custom_models_weights_by_role() {
    // One full batch: the epoch's training loss is J before the only step, data loss + (α/2)·Σw²
    // over the encoder's and decoder's W (biases have the Bias role and are left out).
    let split = autoencoder_data();
    let config =
        TrainConfig { batch_size: BatchSize::Full, penalty: Penalty::L2(0.5), ..autoencoder_config(1) };
    let mut ae = AutoEncoder::new(3);
    let tape = downhill_autograd::Tape::new();
    let batch = Batch { x: split.x_train.clone(), y: split.y_train.clone() };
    let data_loss = sparse_code_loss()(&Ctx::train(&tape, 0), &mut ae, &batch).item() as f64;
    let squares: f64 =
        ae.params().iter().filter(|p| p.name().ends_with("weight")).map(|p| p.value.sum_squares()).sum();
    let s = Trainer::new(&config, sparse_code_loss()).train(&mut ae, &split, &mut Hooks::default()).unwrap();
    let expected = data_loss + 0.25 * squares;
    // f32 sums over 256 × 8 residuals and 48 weights: 1e-5 relative.
    assert_close(
        "penalised training loss",
        &[s.history().epochs[0].train_loss],
        &[expected],
        1e-5 * expected,
    );
}

#[test]
fn a_model_whose_parts_share_parameter_names_is_refused() {
    // Without prefixes the encoder's and the decoder's parameters are both `layers.0.*`.
    let mut ae = AutoEncoder {
        encoder: Mlp::new(&[8, 3]).build().unwrap(),
        decoder: Mlp::new(&[3, 8]).build().unwrap(),
    };
    let config = autoencoder_config(1);
    let err = Trainer::new(&config, sparse_code_loss())
        .train(&mut ae, &autoencoder_data(), &mut Hooks::default())
        .unwrap_err();
    assert!(matches!(&err, LearnError::DuplicateName { name } if name == "layers.0.bias"), "{err}");
    assert!(err.to_string().contains("prefix_names"), "{err}");
}

/// y = sin(3x) + noise on 12 training points: a wide MLP overfits them, so the validation loss
/// falls, then rises.
fn noisy_sine(n: usize, rng: &mut Rng) -> (Tensor, Tensor) {
    let x = Tensor::from_vec((0..n).map(|_| rng.uniform(-1.0, 1.0)).collect(), [n, 1]).unwrap();
    // Column 0: the target; column 1: the row's weight in the loss (rows with x > 0 count double).
    let y: Vec<f32> = (0..n)
        .flat_map(|i| {
            let v = x.at(&[i, 0]);
            [(3.0 * v).sin() + 0.3 * rng.normal(), if v > 0.0 { 2.0 } else { 1.0 }]
        })
        .collect();
    (x, Tensor::from_vec(y, [n, 2]).unwrap())
}

#[test]
fn early_stopping_puts_back_the_best_weights_of_a_custom_objective() {
    let mut rng = Rng::seed(5);
    let ((x, y), (xv, yv)) = (noisy_sine(12, &mut rng), noisy_sine(200, &mut rng));
    let split = Split { x_train: x, y_train: y, validation: Some((xv.clone(), yv.clone())) };
    let config = TrainConfig {
        optimizer: OptimizerSettings::new(OptimizerConfig::default().with_lr(0.02)),
        batch_size: BatchSize::Full,
        stopping: StoppingRules {
            early_stopping: Some(EarlyStopping { patience: 20, min_delta: 0.0, restore_best: true }),
            ..StoppingRules::epochs(3000)
        },
        ..TrainConfig::default()
    };
    // Weighted squared error, the weights read from the batch's second target column.
    let trainer = Trainer::new(&config, |cx, net: &mut Sequential, b| {
        let y = cx.tape.leaf(b.y.clone());
        let r = net.forward(cx, cx.tape.leaf(b.x.clone())) - y.narrow(1, 0..1);
        (y.narrow(1, 1..2) * r * r).mean()
    });
    let mut net = Mlp::new(&[1, 128, 128, 1]).activation(Activation::Tanh).seed(1).build().unwrap();
    let session = trainer.train(&mut net, &split, &mut Hooks::default()).unwrap();
    let h = session.history();
    let Some(StopReason::EarlyStopped { epoch, best_epoch, patience: 20 }) = h.stop.clone() else {
        panic!("expected early stopping, got {:?} after {} epochs", h.stop, h.epochs.len())
    };
    assert_eq!((epoch, h.restored_epoch), (best_epoch + 20, Some(best_epoch)));
    let best = h.epochs[best_epoch - 1].val_loss.unwrap();
    assert!(
        h.epochs.iter().all(|r| r.val_loss.unwrap() >= best) && h.last().unwrap().val_loss.unwrap() > best
    );
    // The weights now in `net` are the best epoch's: the criterion in evaluation mode on the
    // validation rows gives that epoch's validation loss again. It is the same f32 computation on
    // the same weights, so the values should be equal; 1e-12 (at a loss of 0.2) allows no rounding.
    let again = trainer.criterion.validate(&mut net, &Batch { x: xv, y: yv });
    assert_close("validation loss of the restored weights", &[again.loss], &[best], 1e-12);
    assert_eq!(again.metric, None);
}
