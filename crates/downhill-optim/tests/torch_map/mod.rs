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
/// `ts` reshaped to the case's `shapes` (`[[2, 3], [3]]`); a case without them has vectors only.
pub fn shaped(ts: Vec<Tensor>, shapes: &Value) -> Result<Vec<Tensor>, String> {
    let Some(shapes) = shapes.as_array() else { return Ok(ts) };
    let dims = |s: &Value| -> Option<Vec<usize>> {
        s.as_array()?.iter().map(|d| Some(d.as_u64()? as usize)).collect()
    };
    ts.into_iter()
        .zip(shapes)
        .map(|(t, s)| Tensor::from_vec(t.into_vec(), dims(s).ok_or("shapes")?).map_err(|e| e.to_string()))
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
/// torch's keyword arguments are our option names, so the case's kwargs (without `maximize`, a
/// link) are laid over the preset's defaults as JSON and read back as an `OptimizerConfig`; a kwarg
/// the preset does not have is an error, so nothing is silently ignored.
pub fn chain_for(optimizer: &str, o: &Value, lr: Lr, cycled: Option<Lr>) -> Result<Chain, String> {
    let config = config_for(optimizer, o)?;
    config.build_with(lr, cycled, bool_of(o, "maximize")?).map_err(|e| e.to_string())
}

/// The preset's config with the case's kwargs (all but `maximize`) laid over its defaults.
pub fn config_for(optimizer: &str, o: &Value) -> Result<OptimizerConfig, String> {
    let kind: OptimizerKind = optimizer.parse().map_err(|e| format!("unmapped optimizer: {e}"))?;
    let defaults = OptimizerConfig::from_kind(kind).map_err(|e| e.to_string())?;
    let mut json = serde_json::to_value(&defaults).map_err(|e| e.to_string())?;
    let fields = json.as_object_mut().ok_or("a config is an object")?;
    let kwargs = o.as_object().ok_or("options is not an object")?;
    for (key, value) in kwargs.iter().filter(|(k, _)| *k != "maximize") {
        match fields.get_mut(key) {
            Some(field) => *field = value.clone(),
            None => return Err(format!("unmapped torch option `{key}`")),
        }
    }
    serde_json::from_value(json).map_err(|e| e.to_string())
}
