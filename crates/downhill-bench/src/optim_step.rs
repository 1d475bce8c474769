//! Task (b), downhill side: `Optimizer::step` on one parameter tensor of `--params` values with a
//! fixed gradient, `--steps` times after `--warmup` untimed steps. Only the `step` call is timed;
//! the gradient handed to it (the API takes it by value) is cloned before the clock starts.
//!   adam   torch.optim.Adam defaults (lr 1e-3)
//!   adamw  torch.optim.AdamW defaults (lr 1e-3, weight_decay 1e-2)
//!   sgd    SGD lr 1e-2, momentum 0.9
//! With `--floor true`, every step is followed by one plain and one prefetched pass of the same memory
//! traffic with no arithmetic (bandwidth.rs's `Floor`, over buffers of their own), so the step and
//! its floor are timed in the same moments: the VM's bandwidth drifts within a run (windows of 50
//! Adam steps from 4.8 to 6.7 ms in one process), which separate processes do not cancel.
use crate::args::Args;
use crate::bandwidth::{median, Floor};
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
    let mut floor = args.get("floor", false)?.then(|| Floor::new(n, kind != "sgd"));
    let (mut seconds, mut plain, mut prefetched) = (Vec::new(), Vec::new(), Vec::new());
    // On a worker of rayon's pool, as the README asks of a training loop (the CLI's are so).
    downhill_tensor::on_worker(|| {
        for i in 0..warmup + steps {
            let grads = vec![grad.clone()];
            let start = Instant::now();
            opt.step(&mut params, grads);
            let step = start.elapsed().as_secs_f64();
            let passes = floor.as_mut().map(Floor::time_both);
            if i >= warmup {
                seconds.push(step);
                if let Some((a, b)) = passes {
                    plain.push(a);
                    prefetched.push(b);
                }
            }
        }
    });
    let checksum: f64 = params[0].data().iter().take(1000).map(|&v| v as f64).sum();
    let mut out = json!({ "kind": kind, "params": n, "step_seconds": seconds, "checksum": checksum });
    if floor.is_some() {
        // The faster pattern's median, as the bandwidth run reports each pattern.
        out["floor_seconds"] = json!(median(plain).min(median(prefetched)));
    }
    Ok(out)
}
