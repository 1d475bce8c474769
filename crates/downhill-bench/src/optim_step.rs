//! Task (b), downhill side: `Optimizer::step` on one parameter tensor of `--params` values with a
//! fixed gradient, `--steps` times after `--warmup` untimed steps. Only the `step` call is timed;
//! the gradient handed to it (the API takes it by value) is cloned before the clock starts.
//!   adam   torch.optim.Adam defaults (lr 1e-3)
//!   adamw  torch.optim.AdamW defaults (lr 1e-3, weight_decay 1e-2)
//!   sgd    SGD lr 1e-2, momentum 0.9
use crate::args::Args;
use downhill_optim::{adam, adamw, sgd, AdamOptions, AdamWOptions, Chain, Optimizer, SgdOptions, Tensor};
use downhill_tensor::Rng;
use serde_json::{json, Value};
use std::time::Instant;

fn chain(kind: &str) -> Result<Chain, String> {
    let built = match kind {
        "adam" => adam(AdamOptions::default()),
        "adamw" => adamw(AdamWOptions::default()),
        "sgd" => sgd(SgdOptions { lr: 1e-2, momentum: 0.9, ..SgdOptions::default() }),
        _ => return Err(format!("--kind `{kind}`: use adam, adamw or sgd")),
    };
    built.map_err(|e| e.to_string())
}

pub fn run(args: &Args) -> Result<Value, String> {
    let n: usize = args.get("params", 10_000_000)?;
    let steps: usize = args.get("steps", 20)?;
    let warmup: usize = args.get("warmup", 3)?;
    let kind = args.text("kind", "adam");
    let mut rng = Rng::seed(1);
    let mut params = vec![Tensor::rand_normal([n], 0.0, 1.0, &mut rng)];
    let grad = Tensor::rand_normal([n], 0.0, 1.0, &mut rng);
    let mut opt = Optimizer::new(chain(&kind)?, &params);
    let mut seconds = Vec::with_capacity(steps);
    // On a worker of rayon's pool, as the README asks of a training loop (the CLI's are so).
    downhill_tensor::on_worker(|| {
        for i in 0..warmup + steps {
            let grads = vec![grad.clone()];
            let start = Instant::now();
            opt.step(&mut params, grads);
            if i >= warmup {
                seconds.push(start.elapsed().as_secs_f64());
            }
        }
    });
    let checksum: f64 = params[0].data().iter().take(1000).map(|&v| v as f64).sum();
    Ok(json!({ "kind": kind, "params": n, "step_seconds": seconds, "checksum": checksum }))
}
