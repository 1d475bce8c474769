//! `--model` and the model flags, parsed onto downhill-learn's description of the estimators: the
//! family (`ModelFamily::default_for` when not given), its task check, which flags apply to it (the
//! `ESTIMATOR_OPTIONS` table), and the `EstimatorSpec` with the given options over its defaults.
use crate::args::{LossArg, ModelFlags, ScaleTargetArg};
use crate::error::CliError;
use downhill_learn::{
    parse_layers, Applies, EstimatorOption, EstimatorSpec, LinearRegression, Misfit, ModelFamily,
    RegressionLoss, TargetScaling, Task,
};

/// The family for `flags` on a target named `target` (`None`: the targets are the inputs), checked
/// against the task and the flags given.
pub fn choose(flags: &ModelFlags, task: Task, target: Option<&str>) -> Result<ModelFamily, CliError> {
    let layered = flags.hidden.is_some() || flags.layers.is_some() || flags.arch.is_some();
    let family = flags.model.map_or_else(|| ModelFamily::default_for(task, layered), |m| m.0);
    let described = match (target, task) {
        (None, _) => "the targets are the inputs".to_string(),
        (Some(target), Task::Regression) => format!("target '{target}' is a regression target"),
        (Some(target), Task::Classification { classes }) => {
            format!("target '{target}' has {classes} classes")
        }
    };
    if let Some(misfit) = family.misfit(task) {
        let fitting = or_list(ModelFamily::fitting(task).iter().map(|f| f.name()).collect());
        let fix = match misfit {
            Misfit::NeedsRegression => format!("use --model {fitting}, or --task regression"),
            Misfit::NeedsClassification => format!("use --model {fitting}, or --task classification"),
            Misfit::Binary => format!("it is binary: use --model {fitting}"),
            Misfit::Targetless => format!("it has no target: drop --target, or use --model {fitting}"),
        };
        return Err(CliError::Usage(format!("--model {} does not fit: {described}; {fix}", family.name())));
    }
    for (flag, given) in given_flags(flags) {
        let option =
            EstimatorOption::find(&flag[2..].replace('-', "_")).expect("every model flag is in the table");
        if given && !option.applies_to(family, task) {
            let (chosen, applies_to) = match option.applies {
                Applies::RegressionTargets => (described.clone(), option.applies.owners(" or ")),
                a => (format!("--model {}", family.name()), format!("--model {}", a.owners(" or "))),
            };
            return Err(CliError::NotApplicable { flag, chosen, applies_to });
        }
    }
    if flags.huber_epsilon.is_some() && flags.loss != Some(LossArg::Huber) {
        return Err(CliError::Usage("--huber-epsilon needs --loss huber".into()));
    }
    if flags.huber_delta.is_some() && flags.loss != Some(LossArg::FixedHuber) {
        return Err(CliError::Usage("--huber-delta needs --loss fixed-huber".into()));
    }
    Ok(family)
}

/// The estimator of `family` for `task`: its defaults, overridden by the model flags. `data_shape`
/// is the shape of one sample when the data has one (IDX images).
pub fn model_spec(
    f: &ModelFlags,
    family: ModelFamily,
    task: Task,
    data_shape: Option<&[usize]>,
) -> Result<EstimatorSpec, CliError> {
    let mut spec = match (family, f.loss) {
        (ModelFamily::Linear, Some(LossArg::Huber)) => {
            EstimatorSpec::LinearRegression(LinearRegression::huber())
        }
        _ => EstimatorSpec::default_for(family, task)?,
    };
    if let Some(s) = spec.target_scaling_mut() {
        *s = match f.scale_target {
            Some(ScaleTargetArg::None) => TargetScaling::None,
            Some(ScaleTargetArg::Standard) => TargetScaling::Standard,
            None => *s,
        };
    }
    if let Some(loss) = spec.loss_mut() {
        let epsilon = option("--huber-epsilon", f.huber_epsilon)?;
        let delta = option("--huber-delta", f.huber_delta)?;
        *loss = match f.loss {
            Some(LossArg::Huber) => {
                epsilon.map_or(RegressionLoss::HUBER, |epsilon| RegressionLoss::Huber { epsilon })
            }
            Some(LossArg::FixedHuber) => {
                delta.map_or(RegressionLoss::FIXED_HUBER, |delta| RegressionLoss::FixedHuber { delta })
            }
            Some(LossArg::Squared) | None => RegressionLoss::Squared,
        };
    }
    if let Some(shape) = spec.shape_mut() {
        if let Some(h) = f.hidden.as_ref().filter(|h| h.is_empty() || h.contains(&0)) {
            let text = h.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
            return Err(CliError::invalid(
                "--hidden",
                text,
                "comma-separated layer sizes >= 1, e.g. 256,128",
            ));
        }
        shape.hidden = f.hidden.clone().unwrap_or(std::mem::take(&mut shape.hidden));
        shape.dropout = option("--dropout", f.dropout)?.unwrap_or(shape.dropout);
        shape.batch_norm = f.batch_norm;
        if let Some(a) = f.activation.as_deref() {
            shape.activation = a.parse().map_err(|_| named("--activation", a))?;
        }
        if let Some(i) = f.init.as_deref() {
            shape.init = Some(i.parse().map_err(|_| named("--init", i))?);
        }
        if let Some(stack) = super::layer_stack::read(f, data_shape)? {
            (shape.layers, shape.input_shape) = (Some(stack.layers), stack.input_shape);
        }
    }
    let latent = option("--latent", f.latent.map(|l| l as f64))?.map(|l| l as usize);
    if let EstimatorSpec::Gan(gan) = &mut spec {
        gan.latent = latent.unwrap_or(gan.latent);
        for (flag, text, layers) in [
            ("--generator", &f.generator, &mut gan.generator),
            ("--discriminator", &f.discriminator, &mut gan.discriminator),
        ] {
            if let Some(text) = text {
                *layers = parse_layers(text).map_err(|e| CliError::Usage(format!("{flag}: {e}")))?;
            }
        }
    }
    if let EstimatorSpec::Vae(vae) = &mut spec {
        vae.latent = latent.unwrap_or(vae.latent);
        if let Some(stack) = super::layer_stack::read(f, None)? {
            vae.layers = stack.layers;
        }
    }
    Ok(spec)
}

/// Each model flag (as spelled on the command line) and whether it was given.
fn given_flags(f: &ModelFlags) -> [(&'static str, bool); 14] {
    [
        ("--scale-target", f.scale_target.is_some()),
        ("--hidden", f.hidden.is_some()),
        ("--layers", f.layers.is_some() || f.arch.is_some()),
        ("--input-shape", f.input_shape.is_some()),
        ("--latent", f.latent.is_some()),
        ("--generator", f.generator.is_some()),
        ("--discriminator", f.discriminator.is_some()),
        ("--activation", f.activation.is_some()),
        ("--batch-norm", f.batch_norm),
        ("--dropout", f.dropout.is_some()),
        ("--init", f.init.is_some()),
        ("--loss", f.loss.is_some()),
        ("--huber-epsilon", f.huber_epsilon.is_some()),
        ("--huber-delta", f.huber_delta.is_some()),
    ]
}

/// A numeric flag's value checked against its option's range in the table.
pub(super) fn option(flag: &'static str, value: Option<f64>) -> Result<Option<f64>, CliError> {
    let o = table_entry(flag);
    match value {
        Some(v) if !o.range.accepts(v) => Err(CliError::invalid(flag, v, o.range.accepted())),
        v => Ok(v),
    }
}

/// The error for a name not among a flag's choices in the table.
fn named(flag: &'static str, value: &str) -> CliError {
    CliError::invalid(flag, value, table_entry(flag).choices.join(", "))
}

/// The table entry of `--flag-name` (`flag_name`).
fn table_entry(flag: &str) -> &'static EstimatorOption {
    EstimatorOption::find(&flag[2..].replace('-', "_")).expect("every model flag is in the table")
}

/// `a, b or c`.
fn or_list(names: Vec<&str>) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// The help line of model flag `name` (snake_case), from the library's table.
pub fn model_help(name: &str) -> String {
    let option = EstimatorOption::find(name).expect("every model flag is in the table");
    crate::args::sentence(option.help_line())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::ModelArg;

    const IRIS: Task = Task::Classification { classes: 3 };

    #[test]
    fn defaults_follow_the_task() {
        let f = ModelFlags::default();
        assert_eq!(choose(&f, IRIS, Some("y")).unwrap(), ModelFamily::Softmax);
        assert_eq!(
            choose(&f, Task::Classification { classes: 2 }, Some("y")).unwrap(),
            ModelFamily::Logistic
        );
        assert_eq!(choose(&f, Task::Regression, Some("y")).unwrap(), ModelFamily::Linear);
        let f = ModelFlags { hidden: Some(vec![8]), ..Default::default() };
        assert_eq!(choose(&f, IRIS, Some("y")).unwrap(), ModelFamily::Mlp);
    }

    #[test]
    fn mismatches_name_the_flag_and_the_fix() {
        let f = ModelFlags { model: Some(ModelArg(ModelFamily::Logistic)), ..Default::default() };
        let e = choose(&f, IRIS, Some("species")).unwrap_err().to_string();
        assert!(e.contains("--model logistic") && e.contains("3 classes") && e.contains("softmax"), "{e}");
        let f = ModelFlags {
            model: Some(ModelArg(ModelFamily::Softmax)),
            dropout: Some(0.1),
            ..Default::default()
        };
        assert!(choose(&f, IRIS, Some("y")).unwrap_err().to_string().starts_with("--dropout does not apply"));
        let f = ModelFlags { hidden: Some(vec![0]), ..Default::default() };
        assert!(model_spec(&f, ModelFamily::Mlp, IRIS, None).unwrap_err().to_string().contains("--hidden"));
        let f = ModelFlags { scale_target: Some(ScaleTargetArg::None), ..Default::default() };
        let e = choose(&f, IRIS, Some("species")).unwrap_err().to_string();
        assert!(e.starts_with("--scale-target does not apply") && e.contains("regression targets"), "{e}");
        let mut spec = model_spec(&f, ModelFamily::Linear, Task::Regression, None).unwrap();
        assert_eq!(spec.target_scaling_mut().copied(), Some(TargetScaling::None));
        let mut spec =
            model_spec(&ModelFlags::default(), ModelFamily::Linear, Task::Regression, None).unwrap();
        assert_eq!(spec.target_scaling_mut().copied(), Some(TargetScaling::Standard));
    }

    #[test]
    fn every_table_option_is_a_flag_with_the_tables_help() {
        use clap::Args;
        let cmd = ModelFlags::augment_args(clap::Command::new("t"));
        for o in downhill_learn::ESTIMATOR_OPTIONS.iter().chain(downhill_learn::PENALTY_OPTIONS) {
            let long = o.name.replace('_', "-");
            let arg = cmd.get_arguments().find(|a| a.get_long() == Some(&long[..])).expect("a flag");
            let help = arg.get_help().expect("help").to_string();
            assert_eq!(help, model_help(o.name));
            assert!(help.contains(o.default) && help.contains(&o.applies.owners(" or ")), "{help}");
        }
        assert_eq!(model_help("hidden"), "Hidden layer sizes (mlp or autoencoder; default 100).");
    }
}
