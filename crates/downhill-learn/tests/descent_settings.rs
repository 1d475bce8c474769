//! The descent settings take effect in training: schedules per epoch or per batch, plateau
//! reductions, penalties, clipping, and every optimizer preset training a model.
#![allow(clippy::unwrap_used)]
mod common;
use common::prepared;
use downhill_learn::*;
use downhill_optim::OptimizerKind;

const IRIS: Task = Task::Classification { classes: 3 };

fn softmax(settings: OptimizerSettings, epochs: usize, validation: f64) -> SoftmaxRegression {
    let mut p = SoftmaxRegression::default();
    p.train.optimizer = settings;
    p.train.solver = Solver::FirstOrder; // the default is L-BFGS, which takes no optimizer settings
    p.train.stopping = StoppingRules::epochs(epochs);
    p.train.validation_fraction = validation;
    p
}

fn lrs(h: &History) -> Vec<f64> {
    h.epochs.iter().map(|r| r.lr).collect()
}

#[test]
fn an_epoch_schedule_changes_the_rate_between_epochs_and_a_batch_schedule_within_them() {
    let (x, y, _, _) = prepared("iris.csv", 0.2, IRIS, 1);
    let step = ScheduleConfig::Step { step_size: 2, gamma: 0.5 };
    let adam = OptimizerConfig::default().with_lr(0.1);
    let per_epoch = OptimizerSettings { schedule: step.clone(), ..OptimizerSettings::new(adam.clone()) };
    let h = softmax(per_epoch, 5, 0.0).fit(&x, &y).unwrap().history().clone();
    let want = [0.1, 0.1, 0.05, 0.05, 0.025];
    assert!(lrs(&h).iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-12), "{:?}", lrs(&h));
    // Per batch: 120 rows in batches of 32 = 4 steps per epoch, so epoch k starts at step 4k.
    let per_batch = OptimizerSettings {
        schedule: step,
        schedule_per: SchedulePer::Batch,
        ..OptimizerSettings::new(adam)
    };
    let h = softmax(per_batch, 3, 0.0).fit(&x, &y).unwrap().history().clone();
    let want = [0.1, 0.1 * 0.25, 0.1 * 0.0625];
    assert!(lrs(&h).iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-12), "{:?}", lrs(&h));
}

#[test]
fn reduce_on_plateau_cuts_the_rate_when_validation_loss_stalls() {
    let (x, y, _, _) = prepared("iris.csv", 0.2, IRIS, 1);
    let plateau = Plateau { patience: 0, factor: 0.5, threshold: 0.5, ..Plateau::default() };
    let s = OptimizerSettings {
        plateau: Some(plateau),
        ..OptimizerSettings::new(OptimizerConfig::default().with_lr(0.1))
    };
    let h = softmax(s, 6, 0.3).fit(&x, &y).unwrap().history().clone();
    // A 50 % relative improvement is needed: the loss cannot halve every epoch, so the rate halves.
    let rates = lrs(&h);
    assert!(rates.windows(2).any(|w| (w[1] - w[0] * 0.5).abs() < 1e-12), "{rates:?}");
    assert!(rates[5] < 0.1 * 0.5f64.powi(2), "{rates:?}");
}

#[test]
fn penalties_shrink_weights_and_l1_zeroes_some() {
    let (x, y, _, _) = prepared("breast_cancer.csv", 0.2, Task::Classification { classes: 2 }, 1);
    let weights = |penalty| {
        let mut p = LogisticRegression::default();
        p.train.penalty = penalty;
        p.train.stopping = StoppingRules::epochs(60);
        p.train.optimizer =
            OptimizerSettings::new(OptimizerConfig::from_kind(OptimizerKind::Sgd).unwrap().with_lr(0.05));
        p.fit(&x, &y).unwrap().model.state_dict()["layers.0.weight"].clone()
    };
    let (none, l2, l1) = (weights(Penalty::None), weights(Penalty::L2(0.1)), weights(Penalty::L1(0.05)));
    assert!(l2.sum_squares() < 0.5 * none.sum_squares(), "{} vs {}", l2.sum_squares(), none.sum_squares());
    let small = |t: &Tensor| t.data().iter().filter(|v| v.abs() < 1e-2).count();
    assert!(small(&l1) > small(&none) + 5, "{} vs {}", small(&l1), small(&none));
}

#[test]
fn every_preset_trains_a_model_with_clipping_in_front() {
    let (x, y, xt, yt) = prepared("iris.csv", 0.3, IRIS, 4);
    for name in OptimizerKind::all_names().into_iter().filter(|n| *n != "lbfgs") {
        let mut cfg = OptimizerConfig::from_kind(name.parse().unwrap()).unwrap();
        // Adadelta keeps torch's lr 1; Adagrad's steps shrink fast, so it starts higher.
        match cfg {
            OptimizerConfig::Adadelta(..) => {}
            OptimizerConfig::Adagrad(..) => cfg = cfg.with_lr(0.5),
            _ => cfg = cfg.with_lr(0.05),
        }
        let muon = matches!(cfg, OptimizerConfig::Muon(..));
        let sparse = matches!(cfg, OptimizerConfig::SparseAdam(..));
        let s = OptimizerSettings { clip: Clip::GlobalNorm(5.0), ..OptimizerSettings::new(cfg) };
        if sparse {
            // SparseAdam takes embedding tables, which a softmax regression lacks: refused, naming
            // the fix (its training with clipping: sparse_adam_split.rs and the CLI's text test).
            let e = softmax(s, 40, 0.0).fit(&x, &y).unwrap_err().to_string();
            assert!(e.contains("--optimizer adam"), "{e}");
            continue;
        }
        let acc = match muon {
            // Muon takes hidden matrices only: an MLP with two hidden layers (Muon on the 16 x 16
            // matrix, AdamW on the rest); a softmax regression has none and is refused.
            true => {
                let mut p = MlpClassifier::default();
                (p.shape.hidden, p.train.optimizer) = (vec![16, 16], s);
                p.train.stopping = StoppingRules::epochs(40);
                p.fit(&x, &y).unwrap().score(&xt, &yt).unwrap()
            }
            false => softmax(s, 40, 0.0).fit(&x, &y).unwrap().score(&xt, &yt).unwrap(),
        };
        assert!(acc > 0.75, "{name}: accuracy {acc}"); // chance is 0.33; slow starters (adadelta) reach ~0.8
    }
}
