//! `--model` and the model flags, read into downhill-learn's `ModelOptions` (the names, layer texts
//! and architecture file parsed here), which picks the family (`ModelFamily::default_for` when none
//! is named), checks the options against it (the `ESTIMATOR_OPTIONS` table) and builds the
//! `EstimatorSpec` over the family's defaults. This file only words the refusals in flag names.
use crate::args::{LossArg, ModelFlags, ScaleTargetArg};
use crate::error::CliError;
use downhill_learn::{
    parse_layers, Applies, EstimatorOption, EstimatorSpec, LearnError, Misfit, ModelFamily, ModelOptions,
    RegressionLoss, TargetScaling, Task,
};

/// The estimator `flags` describe for `task` on a target named `target` (`None`: the targets are
/// the inputs), over its family's defaults. `data_shape` is the shape of one sample when the data
/// has one (IDX images).
pub fn model_spec(
    flags: &ModelFlags,
    task: Task,
    target: Option<&str>,
    data_shape: Option<&[usize]>,
) -> Result<EstimatorSpec, CliError> {
    let options = options(flags)?;
    let family = options.family(task);
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
    match options.spec(family, task, data_shape) {
        Err(LearnError::OptionNotTaken { option, applies: Applies::RegressionTargets, .. }) => {
            let flag = format!("--{}", option.replace('_', "-"));
            Err(CliError::Usage(format!(
                "{flag} does not apply to {described}; it applies to: regression targets"
            )))
        }
        spec => Ok(spec?),
    }
}

/// The model flags as the library's options: names and layer texts read, nothing checked yet.
fn options(f: &ModelFlags) -> Result<ModelOptions, CliError> {
    let layers = |flag: &str, text: &Option<String>| {
        let parse = |t: &String| parse_layers(t).map_err(|e| CliError::Usage(format!("{flag}: {e}")));
        text.as_ref().map(parse).transpose()
    };
    Ok(ModelOptions {
        model: f.model.map(|m| m.0),
        scale_target: f.scale_target.map(|s| match s {
            ScaleTargetArg::None => TargetScaling::None,
            ScaleTargetArg::Standard => TargetScaling::Standard,
        }),
        hidden: f.hidden.clone(),
        layers: super::layer_stack::read(f)?,
        input_shape: f.input_shape.clone(),
        latent: f.latent,
        generator: layers("--generator", &f.generator)?,
        discriminator: layers("--discriminator", &f.discriminator)?,
        activation: f
            .activation
            .as_deref()
            .map(|a| a.parse().map_err(|_| named("--activation", a)))
            .transpose()?,
        batch_norm: f.batch_norm,
        dropout: f.dropout,
        init: f.init.as_deref().map(|i| i.parse().map_err(|_| named("--init", i))).transpose()?,
        loss: f.loss.map(|l| match l {
            LossArg::Squared => RegressionLoss::Squared,
            LossArg::Huber => RegressionLoss::HUBER,
            LossArg::FixedHuber => RegressionLoss::FIXED_HUBER,
        }),
        huber_epsilon: f.huber_epsilon,
        huber_delta: f.huber_delta,
    })
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

    fn family(f: &ModelFlags, task: Task) -> Result<ModelFamily, CliError> {
        model_spec(f, task, Some("y"), None).map(|s| s.family())
    }

    #[test]
    fn defaults_follow_the_task() {
        let f = ModelFlags::default();
        assert_eq!(family(&f, IRIS).unwrap(), ModelFamily::Softmax);
        assert_eq!(family(&f, Task::Classification { classes: 2 }).unwrap(), ModelFamily::Logistic);
        assert_eq!(family(&f, Task::Regression).unwrap(), ModelFamily::Linear);
        let f = ModelFlags { hidden: Some(vec![8]), ..Default::default() };
        assert_eq!(family(&f, IRIS).unwrap(), ModelFamily::Mlp);
    }

    #[test]
    fn mismatches_name_the_flag_and_the_fix() {
        let f = ModelFlags { model: Some(ModelArg(ModelFamily::Logistic)), ..Default::default() };
        let e = model_spec(&f, IRIS, Some("species"), None).unwrap_err().to_string();
        assert!(e.contains("--model logistic") && e.contains("3 classes") && e.contains("softmax"), "{e}");
        let f = ModelFlags {
            model: Some(ModelArg(ModelFamily::Softmax)),
            dropout: Some(0.1),
            ..Default::default()
        };
        let e = family(&f, IRIS).unwrap_err().to_string();
        assert_eq!(
            e,
            "--dropout does not apply to --model softmax; it applies to: --model mlp or autoencoder"
        );
        let f = ModelFlags { hidden: Some(vec![0]), ..Default::default() };
        assert!(family(&f, IRIS).unwrap_err().to_string().contains("--hidden"));
        let f = ModelFlags { scale_target: Some(ScaleTargetArg::None), ..Default::default() };
        let e = model_spec(&f, IRIS, Some("species"), None).unwrap_err().to_string();
        assert!(e.starts_with("--scale-target does not apply") && e.contains("regression targets"), "{e}");
        let mut spec = model_spec(&f, Task::Regression, Some("y"), None).unwrap();
        assert_eq!(spec.target_scaling_mut().copied(), Some(TargetScaling::None));
        let mut spec = model_spec(&ModelFlags::default(), Task::Regression, Some("y"), None).unwrap();
        assert_eq!(spec.target_scaling_mut().copied(), Some(TargetScaling::Standard));
        let f = ModelFlags { huber_epsilon: Some(1.5), ..Default::default() };
        let e = family(&f, Task::Regression).unwrap_err().to_string();
        assert_eq!(e, "--huber-epsilon needs --loss huber");
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
