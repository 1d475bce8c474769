//! `--ema` against torch (`tools/refgen/ema_reference.py`): the parameters and their moving average
//! after every step of SGD with momentum and of Adam on a quadratic whose gradient a·p + b both
//! sides compute in float32, for a decay on each of torch's two `lerp` branches. Tolerance 1e-6
//! absolute on values of order 1: float32 on both sides, the same operations in the same order
//! except inside the optimizers' updates.
#![allow(clippy::unwrap_used)]
use downhill_learn::{OptimizerConfig, OptimizerSettings};
use downhill_optim::{AdamOptions, Optimizer, SgdOptions, Tensor};
use serde_json::Value;

fn floats(v: &Value) -> Vec<f32> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect()
}

#[test]
fn the_moving_average_follows_torchs_averaged_model() {
    let path = format!("{}/tests/data/torch_ema.json", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let o = &case["options"];
        let lr = o["lr"].as_f64().unwrap();
        let config = match case["optimizer"].as_str().unwrap() {
            "SGD" => OptimizerConfig::Sgd(SgdOptions {
                lr,
                momentum: o["momentum"].as_f64().unwrap_or(0.0),
                ..SgdOptions::default()
            }),
            _ => OptimizerConfig::Adam(AdamOptions { lr, ..AdamOptions::default() }),
        };
        let decay = case["decay"].as_f64().unwrap();
        let settings = OptimizerSettings { ema: Some(decay), ..OptimizerSettings::new(config) };
        let (a, b) = (floats(&case["a"]), floats(&case["b"]));
        let mut p = vec![Tensor::vector(floats(&case["p0"]))];
        let mut opt = Optimizer::new(settings.build(1, 1, &[]).unwrap(), &p);
        let steps = case["params"].as_array().unwrap().iter().zip(case["averages"].as_array().unwrap());
        for (t, (want_p, want_avg)) in steps.enumerate() {
            let g: Vec<f32> = p[0].data().iter().zip(a.iter().zip(&b)).map(|(p, (a, b))| a * p + b).collect();
            opt.step(&mut p, vec![Tensor::vector(g)]);
            let avg = settings.evaluated_weights(opt.state(), &p).unwrap();
            for (name, got, want) in
                [("params", p[0].data(), floats(want_p)), ("average", avg[0].data(), floats(want_avg))]
            {
                let worst = got.iter().zip(&want).fold(0.0f32, |m, (g, w)| m.max((g - w).abs()));
                assert!(
                    worst < 1e-6,
                    "{} decay {decay}, step {}: {name} off by {worst}",
                    case["optimizer"],
                    t + 1
                );
            }
        }
    }
    let bad = OptimizerSettings { ema: Some(1.5), ..OptimizerSettings::default() };
    assert!(bad.build(1, 1, &[]).unwrap_err().to_string().contains("ema"));
}
