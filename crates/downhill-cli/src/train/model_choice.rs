//! Which estimator to train: `--model`, or a default from the task (2 classes: logistic, more:
//! softmax, regression: linear; mlp whenever --hidden is given). Checks that the model fits the task
//! and that model-specific flags go with the model (and --scale-target with a regression target),
//! naming the flag and the fix.
use crate::args::{LossArg, ModelArg, ModelFlags, ScaleTargetArg};
use crate::error::CliError;
use downhill_data::Task;
use downhill_learn::{MlpShape, RegressionLoss, TargetScaling};

/// The model for `flags` on a target named `target`.
pub fn choose(flags: &ModelFlags, t: Task, target: &str) -> Result<ModelArg, CliError> {
    let model = flags.model.unwrap_or(match (flags.hidden.is_some(), t) {
        (true, _) => ModelArg::Mlp,
        (false, Task::Regression) => ModelArg::Linear,
        (false, Task::Classification { classes: 2 }) => ModelArg::Logistic,
        (false, Task::Classification { .. }) => ModelArg::Softmax,
    });
    let name = model_name(model);
    let described = match t {
        Task::Regression => format!("target '{target}' is a regression target"),
        Task::Classification { classes } => format!("target '{target}' has {classes} classes"),
    };
    let refuse = |fix: &str| Err(CliError::Usage(format!("--model {name} does not fit: {described}; {fix}")));
    match (model, t) {
        (ModelArg::Linear, Task::Classification { .. }) => {
            return refuse("use --model logistic, softmax or mlp, or --task regression")
        }
        (ModelArg::Logistic | ModelArg::Svm | ModelArg::Softmax, Task::Regression) => {
            return refuse("use --model linear or mlp, or --task classification")
        }
        (ModelArg::Logistic | ModelArg::Svm, Task::Classification { classes }) if classes > 2 => {
            return refuse("it is binary: use --model softmax or mlp")
        }
        _ => {}
    }
    if flags.scale_target.is_some() && t.is_classification() {
        return Err(CliError::NotApplicable {
            flag: "--scale-target",
            chosen: described,
            applies_to: "regression targets".into(),
        });
    }
    check_flags(flags, model)?;
    Ok(model)
}

/// `--scale-target`: standardised regression targets unless `none`.
pub fn target_scaling(f: &ModelFlags) -> TargetScaling {
    match f.scale_target {
        Some(ScaleTargetArg::None) => TargetScaling::None,
        Some(ScaleTargetArg::Standard) | None => TargetScaling::Standard,
    }
}

/// The `--model` spelling of `m`.
pub fn model_name(m: ModelArg) -> &'static str {
    match m {
        ModelArg::Linear => "linear",
        ModelArg::Logistic => "logistic",
        ModelArg::Softmax => "softmax",
        ModelArg::Svm => "svm",
        ModelArg::Mlp => "mlp",
    }
}

fn check_flags(f: &ModelFlags, model: ModelArg) -> Result<(), CliError> {
    let mlp_only = [
        ("--hidden", f.hidden.is_some()),
        ("--activation", f.activation.is_some()),
        ("--batch-norm", f.batch_norm),
        ("--dropout", f.dropout.is_some()),
        ("--init", f.init.is_some()),
    ];
    let linear_only = [("--loss", f.loss.is_some()), ("--huber-delta", f.huber_delta.is_some())];
    let chosen = || format!("--model {}", model_name(model));
    for (flag, given) in mlp_only.into_iter().filter(|_| model != ModelArg::Mlp) {
        if given {
            return Err(CliError::NotApplicable { flag, chosen: chosen(), applies_to: "--model mlp".into() });
        }
    }
    for (flag, given) in linear_only.into_iter().filter(|_| model != ModelArg::Linear) {
        if given {
            return Err(CliError::NotApplicable {
                flag,
                chosen: chosen(),
                applies_to: "--model linear".into(),
            });
        }
    }
    if f.huber_delta.is_some() && f.loss != Some(LossArg::Huber) {
        return Err(CliError::Usage("--huber-delta needs --loss huber".into()));
    }
    Ok(())
}

/// The regression loss of linear regression.
pub fn regression_loss(f: &ModelFlags) -> Result<RegressionLoss, CliError> {
    crate::optimize::checks::positive("--huber-delta", f.huber_delta)?;
    Ok(match f.loss {
        Some(LossArg::Huber) => RegressionLoss::Huber { delta: f.huber_delta.unwrap_or(1.0) },
        Some(LossArg::Squared) | None => RegressionLoss::Squared,
    })
}

/// The MLP's hidden part from the flags, on top of scikit-learn's defaults (one layer of 100 relu).
pub fn mlp_shape(f: &ModelFlags) -> Result<MlpShape, CliError> {
    let d = MlpShape::default();
    if let Some(h) = f.hidden.as_ref().filter(|h| h.is_empty() || h.contains(&0)) {
        let text = h.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
        return Err(CliError::invalid("--hidden", text, "comma-separated layer sizes >= 1, e.g. 256,128"));
    }
    crate::optimize::checks::check_range(
        "--dropout",
        f.dropout,
        |p| (0.0..1.0).contains(&p),
        "probabilities in [0, 1)",
    )?;
    let activation = match f.activation.as_deref() {
        None => d.activation,
        Some(a) => a.parse().map_err(|_| {
            CliError::invalid(
                "--activation",
                a,
                "relu, leaky-relu, elu, gelu, sigmoid, tanh, softplus, identity",
            )
        })?,
    };
    let init = match f.init.as_deref() {
        None => d.init,
        Some(i) => Some(i.parse().map_err(|_| {
            CliError::invalid(
                "--init",
                i,
                "zeros, xavier-uniform, xavier-normal, he-uniform, he-normal, lecun-uniform, lecun-normal, torch",
            )
        })?),
    };
    Ok(MlpShape {
        hidden: f.hidden.clone().unwrap_or(d.hidden),
        activation,
        batch_norm: f.batch_norm,
        dropout: f.dropout.unwrap_or(d.dropout),
        init,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const IRIS: Task = Task::Classification { classes: 3 };

    #[test]
    fn defaults_follow_the_task() {
        let f = ModelFlags::default();
        assert_eq!(choose(&f, IRIS, "y").unwrap(), ModelArg::Softmax);
        assert_eq!(choose(&f, Task::Classification { classes: 2 }, "y").unwrap(), ModelArg::Logistic);
        assert_eq!(choose(&f, Task::Regression, "y").unwrap(), ModelArg::Linear);
        let f = ModelFlags { hidden: Some(vec![8]), ..Default::default() };
        assert_eq!(choose(&f, IRIS, "y").unwrap(), ModelArg::Mlp);
    }

    #[test]
    fn mismatches_name_the_flag_and_the_fix() {
        let f = ModelFlags { model: Some(ModelArg::Logistic), ..Default::default() };
        let e = choose(&f, IRIS, "species").unwrap_err().to_string();
        assert!(e.contains("--model logistic") && e.contains("3 classes") && e.contains("softmax"), "{e}");
        let f = ModelFlags { model: Some(ModelArg::Softmax), dropout: Some(0.1), ..Default::default() };
        assert!(choose(&f, IRIS, "y").unwrap_err().to_string().starts_with("--dropout does not apply"));
        let f = ModelFlags { hidden: Some(vec![0]), ..Default::default() };
        assert!(mlp_shape(&f).unwrap_err().to_string().contains("--hidden"));
        let f = ModelFlags { scale_target: Some(ScaleTargetArg::None), ..Default::default() };
        let e = choose(&f, IRIS, "species").unwrap_err().to_string();
        assert!(e.starts_with("--scale-target does not apply") && e.contains("regression targets"), "{e}");
        assert_eq!(target_scaling(&f), TargetScaling::None);
        assert_eq!(target_scaling(&ModelFlags::default()), TargetScaling::Standard);
    }
}
