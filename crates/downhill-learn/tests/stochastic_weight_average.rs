//! `--swa-start` against torch (`tools/refgen/swa_reference.py`, torch 2.15): torch's documented
//! SWA recipe (AveragedModel once per epoch, SWALR, update_bn at the end) on a Linear → BatchNorm1d →
//! ReLU → Linear network trained with SGD and momentum, from torch's initial weights, on 24 rows in
//! batches of 8 visited in order. Compared: the rate of every epoch, how many epochs were averaged,
//! and the averaged parameters with the batch-norm statistics update_bn took for them.
//! Tolerances: rates 1e-12 relative (SWALR's float64 recursion is replicated operation for
//! operation; measured: identical); weights and statistics 1e-5 relative to max(1, |torch|)
//! (measured: 1.8e-6): float32 on both sides over 12 to 27 steps, with matrix products and
//! reductions summed in different orders. Without update_bn the statistics are off by 3.6e-2.
#![allow(clippy::unwrap_used)]
use downhill_autograd::Var;
use downhill_learn::{
    Batch, BatchSize, Hooks, OptimizerConfig, OptimizerSettings, ScheduleConfig, Split, StoppingRules,
    SwaOptions, TrainConfig, Trainer,
};
use downhill_nn::{Activation, BatchNorm1d, Ctx, Init, Linear, Module, Sequential};
use downhill_optim::{Anneal, SgdOptions, Tensor};
use downhill_tensor::Rng;
use serde_json::Value;
use std::collections::BTreeMap;

fn floats(v: &Value) -> Vec<f32> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect()
}

fn int(v: &Value) -> usize {
    v.as_u64().unwrap() as usize
}

/// Linear(3, 4) → BatchNorm1d(4) → ReLU → Linear(4, 1) holding `initial` (torch's, by name).
fn network(initial: &Value) -> Sequential {
    let mut rng = Rng::seed(0);
    let mut net = Sequential::new()
        .with(Linear::new(3, 4, true, Init::Zeros, &mut rng))
        .with(BatchNorm1d::new(4))
        .with(Activation::Relu)
        .with(Linear::new(4, 1, true, Init::Zeros, &mut rng));
    let shapes: BTreeMap<String, Vec<usize>> =
        downhill_nn::state_dict(&net).into_iter().map(|(k, v)| (k, v.shape().dims().to_vec())).collect();
    let values = shapes
        .iter()
        .map(|(name, shape)| (name.clone(), Tensor::from_vec(floats(&initial[name]), shape.clone()).unwrap()))
        .collect();
    downhill_nn::load_state(&mut net, &values).unwrap();
    net
}

/// The mean squared error of `net` on `b`.
fn mse<'t>(cx: &Ctx<'t>, net: &mut Sequential, b: &Batch) -> Var<'t> {
    let r = net.forward(cx, cx.tape.leaf(b.x.clone())) - cx.tape.leaf(b.y.clone());
    (r * r).mean()
}

/// The worst |got − want| / max(1, |want|).
fn worst(got: &[f32], want: &[f32]) -> f64 {
    assert_eq!(got.len(), want.len());
    got.iter().zip(want).map(|(g, w)| ((g - w).abs() / w.abs().max(1.0)) as f64).fold(0.0, f64::max)
}

#[test]
fn the_average_rates_and_batch_norm_statistics_follow_torchs_recipe() {
    let path = format!("{}/tests/data/torch_swa.json", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (mut deviation, mut rate_deviation) = (0.0f64, 0.0f64);
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let epochs = int(&case["epochs"]);
        let sgd = SgdOptions {
            lr: case["lr"].as_f64().unwrap(),
            momentum: case["momentum"].as_f64().unwrap(),
            ..SgdOptions::default()
        };
        let schedule = match &case["step_lr"] {
            Value::Null => ScheduleConfig::Constant,
            s => ScheduleConfig::Step {
                step_size: s["step_size"].as_u64().unwrap(),
                gamma: s["gamma"].as_f64().unwrap(),
            },
        };
        let swa = SwaOptions {
            start: int(&case["start"]),
            swa_lr: case["swa_lr"].as_f64().unwrap(),
            anneal_epochs: int(&case["anneal_epochs"]),
            anneal_strategy: match case["anneal_strategy"].as_str().unwrap() {
                "cos" => Anneal::Cos,
                _ => Anneal::Linear,
            },
        };
        let config = TrainConfig {
            optimizer: OptimizerSettings {
                schedule,
                swa: Some(swa),
                ..OptimizerSettings::new(OptimizerConfig::Sgd(sgd))
            },
            batch_size: BatchSize::Rows(int(&case["batch_size"])),
            stopping: StoppingRules::epochs(epochs),
            ..TrainConfig::default()
        };
        config.validate().unwrap();
        let x = Tensor::from_vec(floats(&case["x"]), [24, 3]).unwrap();
        let y = Tensor::from_vec(floats(&case["y"]), [24, 1]).unwrap();
        let trainer = Trainer { in_order: true, ..Trainer::new(&config, mse) };
        let mut net = network(&case["initial"]);
        let session = trainer.train(&mut net, &Split::train_only(&x, &y), &mut Hooks::default()).unwrap();

        let lrs: Vec<f64> = session.history().epochs.iter().map(|e| e.lr).collect();
        let want_lrs: Vec<f64> =
            case["lrs"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert_eq!(lrs.len(), want_lrs.len(), "{name}: epochs");
        for (e, (got, want)) in lrs.iter().zip(&want_lrs).enumerate() {
            assert!((got - want).abs() <= 1e-12 * want, "{name}: epoch {} rate {got}, torch {want}", e + 1);
            rate_deviation = rate_deviation.max((got - want).abs() / want);
        }
        assert_eq!(session.history().swa_epochs, Some(int(&case["n_averaged"])), "{name}: epochs averaged");

        for (param, value) in downhill_nn::state_dict(&net) {
            let d = worst(value.data(), &floats(&case["averaged"][&param]));
            assert!(d < 1e-5, "{name}: {param} off by {d:e} (relative)");
            deviation = deviation.max(d);
        }
    }
    println!("largest deviation from torch: rates {rate_deviation:e} relative, weights and statistics {deviation:e} relative to max(1, |torch|)");
}
