//! Maps the reference file's torch names and kwargs onto downhill-optim values (used by torch_parity).
//! Missing kwargs take torch's defaults; unknown keys are errors, so nothing is silently ignored.
use downhill_optim::*;
use serde_json::Value;

// ------------------------------------------------------------------ JSON helpers
pub fn num(v: &Value, key: &str) -> Result<f64, String> {
    v.get(key).and_then(Value::as_f64).ok_or_else(|| format!("missing number `{key}` in {v}"))
}
pub fn num_or(v: &Value, key: &str, default: f64) -> Result<f64, String> {
    v.get(key).map_or(Ok(default), |x| x.as_f64().ok_or_else(|| format!("`{key}` is not a number")))
}
pub fn int_or(v: &Value, key: &str, default: u64) -> Result<u64, String> {
    v.get(key).map_or(Ok(default), |x| x.as_u64().ok_or_else(|| format!("`{key}` is not an integer")))
}
pub fn bool_of(v: &Value, key: &str) -> Result<bool, String> {
    v.get(key).map_or(Ok(false), |x| x.as_bool().ok_or_else(|| format!("`{key}` is not a bool")))
}
pub fn pair(v: &Value, key: &str, default: (f64, f64)) -> Result<(f64, f64), String> {
    match v.get(key) {
        None => Ok(default),
        Some(Value::Array(a)) if a.len() == 2 => {
            Ok((a[0].as_f64().unwrap_or(f64::NAN), a[1].as_f64().unwrap_or(f64::NAN)))
        }
        Some(other) => Err(format!("`{key}` is not a pair: {other}")),
    }
}
pub fn tensors(v: &Value) -> Result<Vec<Tensor>, String> {
    let lists = v.as_array().ok_or("expected a list of lists")?;
    lists
        .iter()
        .map(|l| {
            let xs = l.as_array().ok_or("expected a list")?;
            Ok(Tensor::vector(xs.iter().map(|x| x.as_f64().unwrap_or(f64::NAN) as f32).collect()))
        })
        .collect()
}
/// Rejects option keys the mapping below does not handle, so nothing is silently ignored.
pub fn only_keys(o: &Value, known: &[&str]) -> Result<(), String> {
    let obj = o.as_object().ok_or("options is not an object")?;
    match obj.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(format!("unmapped torch option `{k}`")),
        None => Ok(()),
    }
}

// ------------------------------------------------------------------ torch schedules -> ours
pub fn schedule(class: &str, kw: &Value, base: f64) -> Result<Box<dyn Schedule>, String> {
    Ok(match class {
        "StepLR" => Box::new(StepLr {
            base,
            step_size: int_or(kw, "step_size", 0)?,
            gamma: num_or(kw, "gamma", 0.1)?,
        }),
        "MultiStepLR" => {
            let ms = kw.get("milestones").and_then(Value::as_array).ok_or("milestones")?;
            let milestones = ms.iter().map(|m| m.as_u64().unwrap_or(u64::MAX)).collect();
            Box::new(MultiStep { base, milestones, gamma: num_or(kw, "gamma", 0.1)? })
        }
        "ExponentialLR" => Box::new(Exponential { base, gamma: num(kw, "gamma")? }),
        "CosineAnnealingLR" => {
            Box::new(Cosine { base, eta_min: num_or(kw, "eta_min", 0.0)?, t_max: int_or(kw, "T_max", 0)? })
        }
        "CosineAnnealingWarmRestarts" => Box::new(WarmRestarts {
            base,
            eta_min: num_or(kw, "eta_min", 0.0)?,
            t_0: int_or(kw, "T_0", 0)?,
            t_mult: int_or(kw, "T_mult", 1)?,
        }),
        "LinearLR" => Box::new(Linear {
            base,
            start_factor: num_or(kw, "start_factor", 1.0 / 3.0)?,
            end_factor: num_or(kw, "end_factor", 1.0)?,
            total_iters: int_or(kw, "total_iters", 5)?,
        }),
        "ConstantLR" => Box::new(ConstantFactor {
            base,
            factor: num_or(kw, "factor", 1.0 / 3.0)?,
            total_iters: int_or(kw, "total_iters", 5)?,
        }),
        "PolynomialLR" => Box::new(Polynomial {
            base,
            total_iters: int_or(kw, "total_iters", 5)?,
            power: num_or(kw, "power", 1.0)?,
        }),
        "OneCycleLR" => {
            let mut s = OneCycle::new(num(kw, "max_lr")?, int_or(kw, "total_steps", 0)?);
            s.pct_start = num_or(kw, "pct_start", s.pct_start)?;
            s.div_factor = num_or(kw, "div_factor", s.div_factor)?;
            s.final_div_factor = num_or(kw, "final_div_factor", s.final_div_factor)?;
            s.anneal = match kw.get("anneal_strategy").and_then(Value::as_str) {
                None | Some("cos") => Anneal::Cos,
                Some("linear") => Anneal::Linear,
                Some(other) => return Err(format!("anneal_strategy {other}")),
            };
            Box::new(s)
        }
        "CyclicLR" => {
            let up = int_or(kw, "step_size_up", 2000)?;
            let mode = match kw.get("mode").and_then(Value::as_str) {
                None | Some("triangular") => CyclicMode::Triangular,
                Some("triangular2") => CyclicMode::Triangular2,
                Some("exp_range") => CyclicMode::ExpRange { gamma: num_or(kw, "gamma", 1.0)? },
                Some(other) => return Err(format!("cyclic mode {other}")),
            };
            Box::new(Cyclic {
                base_lr: num(kw, "base_lr")?,
                max_lr: num(kw, "max_lr")?,
                step_size_up: up,
                step_size_down: int_or(kw, "step_size_down", up)?,
                mode,
            })
        }
        "SequentialLR" => {
            let children = kw.get("schedulers").and_then(Value::as_array).ok_or("schedulers")?;
            let children = children
                .iter()
                .map(|c| schedule(c["class"].as_str().unwrap_or("?"), &c["kwargs"], base))
                .collect::<Result<Vec<_>, _>>()?;
            let ms = kw.get("milestones").and_then(Value::as_array).ok_or("milestones")?;
            Box::new(Join::new(children, ms.iter().map(|m| m.as_u64().unwrap_or(u64::MAX)).collect()))
        }
        "sklearn_invscaling" => Box::new(InvScaling { eta0: num(kw, "eta0")?, power_t: num(kw, "power_t")? }),
        "sklearn_optimal" => Box::new(Optimal::new(num(kw, "alpha")?)),
        other => return Err(format!("unmapped schedule class {other}")),
    })
}

/// The momentum (beta1) a torch scheduler cycles: `OneCycleLR` unless `cycle_momentum=False`.
pub fn cycled_momentum(class: &str, kw: &Value) -> Result<Option<Lr>, String> {
    let cycles = kw.get("cycle_momentum").map_or(Ok(true), |x| x.as_bool().ok_or("cycle_momentum"))?;
    if class != "OneCycleLR" || !cycles {
        return Ok(None);
    }
    let mut s = OneCycle::new(num(kw, "max_lr")?, int_or(kw, "total_steps", 0)?);
    s.pct_start = num_or(kw, "pct_start", s.pct_start)?;
    s.base_momentum = num_or(kw, "base_momentum", s.base_momentum)?;
    s.max_momentum = num_or(kw, "max_momentum", s.max_momentum)?;
    if kw.get("anneal_strategy").is_some() {
        return Err("anneal_strategy with cycled momentum is not mapped".into());
    }
    Ok(Some(Lr::new(s.momentum())))
}

// ------------------------------------------------------------------ torch optimizers -> ours
/// `cycled`: the momentum schedule from `cycled_momentum`, if the case's scheduler cycles it.
pub fn chain_for(optimizer: &str, o: &Value, lr: Lr, cycled: Option<Lr>) -> Result<Chain, String> {
    let wd = num_or(o, "weight_decay", 0.0)?;
    let maximize = bool_of(o, "maximize")?;
    let cycled_momentum = cycled;
    if cycled_momentum.is_some() && matches!(optimizer, "adagrad" | "adadelta") {
        return Err(format!("{optimizer} has no momentum to cycle"));
    }
    let built = match optimizer {
        "sgd" => {
            only_keys(o, &["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"])?;
            let (momentum, dampening) = (num_or(o, "momentum", 0.0)?, num_or(o, "dampening", 0.0)?);
            sgd(SgdOptions {
                lr,
                momentum,
                dampening,
                weight_decay: wd,
                nesterov: bool_of(o, "nesterov")?,
                maximize,
                cycled_momentum,
            })
        }
        "adam" | "adamw" => {
            only_keys(o, &["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"])?;
            let (betas, eps, amsgrad) =
                (pair(o, "betas", (0.9, 0.999))?, num_or(o, "eps", 1e-8)?, bool_of(o, "amsgrad")?);
            if optimizer == "adam" {
                adam(AdamOptions { lr, betas, eps, weight_decay: wd, amsgrad, maximize, cycled_momentum })
            } else {
                let weight_decay = num_or(o, "weight_decay", 1e-2)?;
                adamw(AdamWOptions { lr, betas, eps, weight_decay, amsgrad, maximize, cycled_momentum })
            }
        }
        "adagrad" => {
            only_keys(
                o,
                &["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"],
            )?;
            adagrad(AdagradOptions {
                lr,
                lr_decay: num_or(o, "lr_decay", 0.0)?,
                weight_decay: wd,
                initial_accumulator_value: num_or(o, "initial_accumulator_value", 0.0)?,
                eps: num_or(o, "eps", 1e-10)?,
                maximize,
            })
        }
        "rmsprop" => {
            only_keys(o, &["lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"])?;
            rmsprop(RmspropOptions {
                lr,
                alpha: num_or(o, "alpha", 0.99)?,
                eps: num_or(o, "eps", 1e-8)?,
                weight_decay: wd,
                momentum: num_or(o, "momentum", 0.0)?,
                centered: bool_of(o, "centered")?,
                maximize,
                cycled_momentum,
            })
        }
        "adadelta" => {
            only_keys(o, &["lr", "rho", "eps", "weight_decay", "maximize"])?;
            let (rho, eps) = (num_or(o, "rho", 0.9)?, num_or(o, "eps", 1e-6)?);
            adadelta(AdadeltaOptions { lr, rho, eps, weight_decay: wd, maximize })
        }
        "adamax" => {
            only_keys(o, &["lr", "betas", "eps", "weight_decay", "maximize"])?;
            let (betas, eps) = (pair(o, "betas", (0.9, 0.999))?, num_or(o, "eps", 1e-8)?);
            adamax(AdamaxOptions { lr, betas, eps, weight_decay: wd, maximize, cycled_momentum })
        }
        "nadam" => {
            only_keys(
                o,
                &[
                    "lr",
                    "betas",
                    "eps",
                    "weight_decay",
                    "momentum_decay",
                    "decoupled_weight_decay",
                    "maximize",
                ],
            )?;
            nadam(NadamOptions {
                lr,
                betas: pair(o, "betas", (0.9, 0.999))?,
                eps: num_or(o, "eps", 1e-8)?,
                weight_decay: wd,
                momentum_decay: num_or(o, "momentum_decay", 4e-3)?,
                decoupled_weight_decay: bool_of(o, "decoupled_weight_decay")?,
                maximize,
                cycled_momentum,
            })
        }
        "radam" => {
            only_keys(o, &["lr", "betas", "eps", "weight_decay", "decoupled_weight_decay", "maximize"])?;
            radam(RadamOptions {
                lr,
                betas: pair(o, "betas", (0.9, 0.999))?,
                eps: num_or(o, "eps", 1e-8)?,
                weight_decay: wd,
                decoupled_weight_decay: bool_of(o, "decoupled_weight_decay")?,
                maximize,
                cycled_momentum,
            })
        }
        other => return Err(format!("unmapped optimizer {other}")),
    };
    built.map_err(|e| e.to_string())
}
