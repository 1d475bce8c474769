//! The loop's behaviour: stopping rules, health checks, hooks, streaming, checkpoint/resume.
#![allow(clippy::unwrap_used, clippy::needless_range_loop, clippy::field_reassign_with_default)]
mod common;
use common::{prepared, temp_dir};
use downhill_learn::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const BINARY: Task = Task::Classification { classes: 2 };

fn bits(m: &Model) -> Vec<(String, Vec<u32>)> {
    m.state_dict().into_iter().map(|(k, v)| (k, v.data().iter().map(|x| x.to_bits()).collect())).collect()
}

fn mlp(epochs: usize) -> MlpClassifier {
    let mut p = MlpClassifier::default();
    p.shape.hidden = vec![16];
    p.shape.dropout = 0.2;
    p.shape.batch_norm = true;
    p.train.batch_size = BatchSize::Rows(64);
    p.train.stopping = StoppingRules::epochs(epochs);
    p.train.validation_fraction = 0.2;
    p.train.optimizer.schedule = ScheduleConfig::Cosine { t_max: None, eta_min: 0.0 };
    p.train.optimizer.plateau = Some(Plateau { patience: 1, ..Plateau::default() });
    p.train.seed = 5;
    p
}

/// Raises the stop flag once `epoch` reaches `at`.
struct StopAt(Arc<AtomicBool>, usize, usize);
impl Progress for StopAt {
    fn on_batch(&mut self, e: &BatchEvent) {
        self.2 += 1;
        if e.epoch == self.1 && e.batch == 2 {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

#[test]
fn resuming_a_checkpoint_gives_a_bit_identical_model() {
    let (x, y, _, _) = prepared("breast_cancer.csv", 0.2, BINARY, 1);
    let params = mlp(8);
    let straight = params.fit(&x, &y).unwrap();

    let dir = temp_dir("resume");
    let ckpt = dir.join("run.ckpt");
    let flag = Arc::new(AtomicBool::new(false));
    let mut stopper = StopAt(flag.clone(), 6, 0);
    let hooks = Hooks {
        progress: Some(&mut stopper),
        stop: Some(flag),
        checkpoint: Some(CheckpointPolicy { every: 2, path: ckpt.clone() }),
        ..Hooks::default()
    };
    let interrupted = params.fit_with(&x, &y, hooks).unwrap();
    assert!(matches!(interrupted.history().stop, Some(StopReason::Interrupted { epoch: 6, batch: 2 })));
    assert_ne!(bits(&interrupted.model), bits(&straight.model));

    let resumed = params.fit_with(&x, &y, Hooks { resume: Some(ckpt.clone()), ..Hooks::default() }).unwrap();
    assert_eq!(bits(&resumed.model), bits(&straight.model), "resumed run differs from the uninterrupted one");
    assert_eq!(resumed.history().epochs.len(), 8);
    let (a, b) = (&resumed.history().epochs[7], &straight.history().epochs[7]);
    assert_eq!((a.train_loss.to_bits(), a.lr.to_bits()), (b.train_loss.to_bits(), b.lr.to_bits()));

    // Other settings or other data: refused with the difference named.
    let other = MlpClassifier { train: TrainConfig { seed: 6, ..params.train.clone() }, ..params.clone() };
    let err = other.fit_with(&x, &y, Hooks { resume: Some(ckpt.clone()), ..Hooks::default() }).unwrap_err();
    assert!(matches!(err, LearnError::ResumeMismatch { .. }), "{err}");
    assert!(err.to_string().contains("`params.train.seed` (5 there, 6 now)"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Raises the stop flag when epoch `at` ends.
struct StopAfterEpoch(Arc<AtomicBool>, usize);
impl Progress for StopAfterEpoch {
    fn on_epoch(&mut self, record: &EpochRecord, _max_epochs: usize) {
        if record.epoch == self.1 {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

#[test]
fn a_full_batch_lbfgs_run_resumes_bit_for_bit() {
    // Softmax on digits with 4 L-BFGS iterations per epoch, so that 6 epochs do not converge and
    // the resumed epochs lean on the curvature history the checkpoint carries.
    let (x, y, _, _) = prepared("digits.csv", 0.2, Task::Classification { classes: 10 }, 1);
    let mut params = SoftmaxRegression::default();
    params.train.stopping = StoppingRules::epochs(6);
    params.train.solver =
        Solver::Lbfgs(downhill_optim::LbfgsOptions { max_iter: 4, ..Solver::lbfgs_options() });
    let straight = params.fit(&x, &y).unwrap();
    assert_eq!(straight.history().epochs.len(), 6, "{:?}", straight.history().stop);

    let dir = temp_dir("resume-lbfgs");
    let ckpt = dir.join("run.ckpt");
    let flag = Arc::new(AtomicBool::new(false));
    let mut stopper = StopAfterEpoch(flag.clone(), 2);
    let hooks = Hooks {
        progress: Some(&mut stopper),
        stop: Some(flag),
        checkpoint: Some(CheckpointPolicy { every: 1, path: ckpt.clone() }),
        ..Hooks::default()
    };
    let interrupted = params.fit_with(&x, &y, hooks).unwrap();
    assert!(interrupted.history().epochs.len() < 6, "{:?}", interrupted.history().stop);
    let resumed = params.fit_with(&x, &y, Hooks { resume: Some(ckpt.clone()), ..Hooks::default() }).unwrap();
    assert_eq!(bits(&resumed.model), bits(&straight.model), "resumed run differs from the uninterrupted one");
    let losses = |f: &Fitted<SoftmaxRegression>| -> Vec<u64> {
        f.history().epochs.iter().map(|e| e.train_loss.to_bits()).collect()
    };
    // (Without the curvature history, the first resumed iteration would step along −∇f instead.)
    assert_eq!(losses(&resumed), losses(&straight));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn early_stopping_restores_the_best_epoch() {
    let (x, y, _, _) = prepared("breast_cancer.csv", 0.2, BINARY, 3);
    let mut p = MlpClassifier::default();
    p.shape.hidden = vec![64];
    // A large step size makes validation loss bounce, so the best epoch is not the last.
    p.train.optimizer.optimizer = OptimizerConfig::default().with_lr(0.05);
    p.train.batch_size = BatchSize::Rows(16);
    p.train.validation_fraction = 0.3;
    p.train.stopping = StoppingRules {
        early_stopping: Some(EarlyStopping { patience: 3, min_delta: 0.0, restore_best: true }),
        ..StoppingRules::epochs(100)
    };
    let fitted = p.fit(&x, &y).unwrap();
    let h = fitted.history();
    let Some(StopReason::EarlyStopped { epoch, best_epoch, patience: 3 }) = h.stop.clone() else {
        panic!("expected early stopping, got {:?}", h.stop)
    };
    assert_eq!(epoch, best_epoch + 3);
    assert_eq!(h.restored_epoch, Some(best_epoch));
    // The restored parameters reproduce the best epoch's validation loss.
    let split = Split::new(&x, &y, 0.3, BINARY, p.train.seed).unwrap();
    let (xv, yv) = split.validation.unwrap();
    let proba = fitted.predict_proba(&xv).unwrap();
    let best = h.epochs[best_epoch - 1].val_loss.unwrap();
    assert!(
        (metrics::log_loss(&yv, &proba) - best).abs() < 1e-4,
        "{} vs {best}",
        metrics::log_loss(&yv, &proba)
    );
    assert!(h.epochs.iter().all(|r| r.val_loss.unwrap() >= best));
}

#[test]
fn a_non_finite_loss_stops_and_keeps_the_last_finite_parameters() {
    let (x, y, _, _) = prepared("diabetes.csv", 0.2, Task::Regression, 1);
    let sgd = OptimizerConfig::from_kind(downhill_optim::OptimizerKind::Sgd).unwrap().with_lr(50.0);
    let train = TrainConfig {
        optimizer: OptimizerSettings::new(sgd),
        batch_size: BatchSize::Full,
        stopping: StoppingRules::epochs(200),
        ..TrainConfig::default()
    };
    let fitted = LinearRegression { train, ..Default::default() }.fit(&x, &y).unwrap();
    let h = fitted.history();
    let Some(StopReason::NonFiniteLoss { epoch, .. }) = h.stop.clone() else { panic!("{:?}", h.stop) };
    assert!(epoch > 1 && epoch < 200);
    let msg = h.stop.as_ref().unwrap().to_string();
    assert!(msg.contains(&format!("epoch {epoch}")) && msg.contains("learning rate"), "{msg}");
    assert!(fitted.model.state_dict().values().all(Tensor::all_finite));
    assert!(h.warnings.iter().any(|w| matches!(w, Warning::ExplodingGradient { .. })), "{:?}", h.warnings);
}

#[test]
fn tolerance_rule_stops_a_converged_run_like_scikit_learn() {
    let (x, y, _, _) = prepared("iris.csv", 0.2, Task::Classification { classes: 3 }, 1);
    let mut p = SoftmaxRegression::default();
    p.train.solver = Solver::FirstOrder;
    p.train.batch_size = BatchSize::Full;
    p.train.optimizer.optimizer = OptimizerConfig::default().with_lr(0.1);
    p.train.stopping = StoppingRules {
        tol: Some(Tolerance { tol: 1e-3, n_iter_no_change: 5, monitor: None }),
        ..StoppingRules::epochs(5000)
    };
    let h = p.fit(&x, &y).unwrap().history().clone();
    let Some(StopReason::NoImprovement { epoch, monitor: Monitor::TrainLoss, .. }) = h.stop else {
        panic!("{:?}", h.stop)
    };
    assert!(epoch < 5000);
    // Each of the last five epochs failed to beat the best loss before it by 1e-3.
    for k in epoch - 5..epoch {
        let best = h.epochs[..k].iter().map(|r| r.train_loss).fold(f64::INFINITY, f64::min);
        assert!(h.epochs[k].train_loss > best - 1e-3, "epoch {}", k + 1);
    }
    let k = epoch - 6;
    let best = h.epochs[..k].iter().map(|r| r.train_loss).fold(f64::INFINITY, f64::min);
    assert!(h.epochs[k].train_loss <= best - 1e-3, "the streak starts after an improving epoch");
    // grad_tol ends a full-batch run at a stationary point.
    p.train.stopping = StoppingRules { grad_tol: Some(0.05), ..StoppingRules::epochs(5000) };
    let h = p.fit(&x, &y).unwrap().history().clone();
    assert!(matches!(h.stop, Some(StopReason::GradientNorm { .. })), "{:?}", h.stop);
    assert!(h.last().unwrap().grad_norm < 0.05);
}

#[test]
fn stop_flag_progress_and_time_limit() {
    let (x, y, _, _) = prepared("digits.csv", 0.2, Task::Classification { classes: 10 }, 1);
    let mut p = SoftmaxRegression::default();
    p.train.solver = Solver::FirstOrder;
    p.train.stopping = StoppingRules::epochs(50);
    let flag = Arc::new(AtomicBool::new(false));
    let mut counter = StopAt(flag.clone(), 2, 0);
    let fitted = p
        .fit_with(&x, &y, Hooks { progress: Some(&mut counter), stop: Some(flag), ..Hooks::default() })
        .unwrap();
    assert_eq!(fitted.history().stop, Some(StopReason::Interrupted { epoch: 2, batch: 2 }));
    let per_epoch = BatchSize::Rows(32).per_epoch(x.rows());
    assert_eq!(counter.2, per_epoch + 2);
    p.train.stopping.time_limit_secs = Some(1e-9);
    let h = p.fit(&x, &y).unwrap().history().clone();
    assert!(matches!(h.stop, Some(StopReason::TimeLimit { epoch: 1, .. })), "{:?}", h.stop);
}

#[test]
fn partial_fit_streams_batches_keeping_optimizer_state() {
    let (x, y, xt, yt) = prepared("breast_cancer.csv", 0.25, BINARY, 7);
    let mut params = LogisticRegression::default();
    let refused =
        Fitted::initialize(params.clone(), x.cols(), BINARY).unwrap().partial_fit(&x, &y).unwrap_err();
    assert!(refused.to_string().contains("first-order"), "L-BFGS takes every row at once: {refused}");
    params.train.solver = Solver::FirstOrder;
    let mut stream = Fitted::initialize(params, x.cols(), BINARY).unwrap();
    let before = stream.score(&xt, &yt).unwrap();
    for pass in 0..5 {
        for start in (0..x.rows()).step_by(100) {
            let end = (start + 100).min(x.rows());
            let rec = stream.partial_fit(&x.slice_rows(start..end), &y.slice_rows(start..end)).unwrap();
            assert_eq!(rec.epoch, pass * x.rows().div_ceil(100) + start / 100 + 1);
        }
    }
    let after = stream.score(&xt, &yt).unwrap();
    assert!(after > 0.95 && after > before, "{before} -> {after}");
    let err = stream.partial_fit(&xt.narrow(1, 0..3), &yt).unwrap_err();
    assert!(matches!(err, LearnError::FeatureMismatch { expected: 30, found: 3 }));
    let err = stream.partial_fit(&xt, &yt.map(|v| v + 1.0)).unwrap_err();
    assert!(matches!(err, LearnError::BadLabel { .. }), "{err}");
}

#[test]
fn vanishing_gradients_are_reported_by_layer() {
    let (x, y, _, _) = prepared("iris.csv", 0.2, Task::Classification { classes: 3 }, 1);
    let mut p = MlpClassifier::default();
    p.shape.hidden = vec![8; 12];
    p.shape.activation = downhill_nn::Activation::Sigmoid;
    p.shape.init = Some(downhill_nn::Init::Normal { mean: 0.0, std: 0.01 });
    p.train.stopping = StoppingRules::epochs(2);
    p.train.penalty = Penalty::None; // the L2 term's own gradient would mask the vanishing signal
    let h = p.fit(&x, &y).unwrap().history().clone();
    let vanishing: Vec<&Warning> =
        h.warnings.iter().filter(|w| matches!(w, Warning::VanishingGradient { .. })).collect();
    assert!(!vanishing.is_empty(), "{:?}", h.epochs[0].layer_grad_norms);
    assert!(vanishing[0].to_string().contains("layers.0"), "{}", vanishing[0]);
}

#[test]
fn invalid_settings_and_data_are_errors_naming_the_problem() {
    let x = Tensor::zeros([4, 2]);
    let y3 = Tensor::from_vec(vec![0.0, 1.0, 2.0, 1.0], [4, 1]).unwrap();
    let err = LogisticRegression::default().fit(&x, &y3).unwrap_err();
    assert!(err.to_string().contains("3 classes") && err.to_string().contains("softmax"), "{err}");
    let err = SoftmaxRegression::default().fit(&x, &Tensor::zeros([4, 1])).unwrap_err();
    assert!(matches!(err, LearnError::SingleClass { class: 0 }));
    let mut p = MlpClassifier::default();
    p.shape.hidden = vec![0];
    assert!(p.fit(&x, &y3).unwrap_err().to_string().contains("hidden"));
    let mut p = LinearRegression::default();
    p.train.stopping.early_stopping = Some(EarlyStopping::default());
    assert!(p.fit(&x, &y3).unwrap_err().to_string().contains("validation_fraction"));
    let nan = Tensor::from_vec(vec![0.0, f32::NAN, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [4, 2]).unwrap();
    let msg = LinearRegression::default().fit(&nan, &y3).unwrap_err().to_string();
    assert!(msg.contains("row 0, column 1"), "{msg}");
    assert!(LinearSvm::default().fit(&x, &y3.map(|v| v.min(1.0))).is_ok());
}

#[test]
fn accumulating_four_batches_is_one_step_on_a_batch_four_times_larger() {
    // Without dropout or batch norm, the row-weighted mean of four batches' gradients is the
    // gradient of their rows as one batch, and the epoch's order of rows does not depend on the
    // batch size: SGD with momentum reaches the same weights both ways. 1e-5: f32 sums in another
    // order, over 3 epochs of steps.
    let (x, y, _, _) = prepared("breast_cancer.csv", 0.25, BINARY, 1);
    let run = |rows: usize, accumulate: usize| {
        let mut p = MlpClassifier::default();
        p.shape.hidden = vec![8];
        p.train.batch_size = BatchSize::Rows(rows);
        p.train.accumulate = accumulate;
        p.train.stopping = StoppingRules::epochs(3);
        p.train.optimizer = OptimizerSettings::new(OptimizerConfig::default().with_lr(0.05));
        p.train.seed = 2;
        p.fit(&x, &y).unwrap()
    };
    let (big, accumulated, plain) = (run(64, 1), run(16, 4), run(16, 1));
    let close = |a: &Fitted<MlpClassifier>, b: &Fitted<MlpClassifier>| {
        let (a, b) = (a.model.state_dict(), b.model.state_dict());
        a.iter().all(|(k, v)| v.data().iter().zip(b[k].data()).all(|(p, q)| (p - q).abs() < 1e-5))
    };
    assert!(close(&big, &accumulated), "accumulating 4 x 16 rows = one step on 64");
    assert!(!close(&big, &plain), "16-row steps without accumulation differ");
    assert_eq!(big.history().epochs.len(), 3);
    let bad = TrainConfig { accumulate: 0, ..TrainConfig::default() };
    assert!(bad.validate().unwrap_err().to_string().contains("accumulate"));
}

/// From 32 MB of training inputs each batch's rows are gathered on another worker while the step
/// before runs (step_batches.rs); below that, or on one thread, by the step itself. Either way the
/// batches hold the same rows, so training gives the same weights and losses bit for bit: 84,000
/// rows of 100 values (33.6 MB), two epochs of mini-batch SGD, on a one-thread pool (gathered by
/// the step) and on a two-thread pool (gathered ahead), then on 8,000 of those rows (under the
/// bound) on two threads against one.
#[test]
fn gathering_batches_ahead_changes_no_result() {
    let (rows, cols) = (84_000, 100);
    let mut rng = downhill_tensor::Rng::seed(11);
    let x = Tensor::rand_normal([rows, cols], 0.0, 1.0, &mut rng);
    // Labels from a fixed direction with noise: a problem SGD does not solve in two epochs.
    let noise = Tensor::rand_normal([rows, 1], 0.0, 1.0, &mut rng);
    let labels: Vec<f32> = (0..rows)
        .map(|i| (x.row(i).iter().take(10).sum::<f32>() + 2.0 * noise.at(&[i, 0]) > 0.0) as u8 as f32)
        .collect();
    let y = Tensor::from_vec(labels, [rows, 1]).unwrap();
    let sgd = downhill_optim::SgdOptions { lr: 0.1, momentum: 0.9, ..Default::default() };
    let train = TrainConfig {
        optimizer: OptimizerSettings::new(OptimizerConfig::Sgd(sgd)),
        batch_size: BatchSize::Rows(256),
        stopping: StoppingRules::epochs(2),
        validation_fraction: 0.0,
        penalty: Penalty::None,
        seed: 3,
        ..TrainConfig::default()
    };
    let params = LogisticRegression { train };
    let fit_on = |threads: usize, x: &Tensor, y: &Tensor| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let fitted = pool.install(|| params.fit(x, y)).unwrap();
        let losses: Vec<u64> = fitted.history().epochs.iter().map(|e| e.train_loss.to_bits()).collect();
        (bits(&fitted.into_model()), losses)
    };
    let (one, two) = (fit_on(1, &x, &y), fit_on(2, &x, &y));
    assert_eq!(one.1.len(), 2, "two epochs of mini-batches trained");
    assert_eq!(one, two, "gathered ahead (two threads) against by the step (one thread)");
    let (xs, ys) = (x.slice_rows(0..8_000), y.slice_rows(0..8_000));
    assert_eq!(fit_on(1, &xs, &ys), fit_on(2, &xs, &ys), "8,000 rows: by the step on both");
}
