//! From `DataFlags` to the run's data: the flags read into downhill-learn's `DataPlan`, which reads
//! the file, picks the target, holds out the test rows and fits the preprocessing on the training
//! rows only (`RunData`).
use crate::args::{DataFlags, MissingArg, ModelFlags};
use crate::error::CliError;
use downhill_data::{MissingPolicy, PreprocessOptions};
use downhill_learn::{DataPlan, RunData};

/// The data of a run, ready for an estimator.
pub type Dataset = RunData;

/// Reads and prepares the data `flags` name for the model `model` names (an autoencoder's
/// targets are its inputs); `command` is for the message when DATA is missing.
pub fn prepare(flags: &DataFlags, model: &ModelFlags, command: &str) -> Result<Dataset, CliError> {
    let path = flags.data.clone().ok_or_else(|| {
        CliError::Usage(format!(
            "downhill {command} needs a DATA file: give it as the first argument (or `data` in --config)"
        ))
    })?;
    let plan = DataPlan {
        path,
        target: flags.target.clone(),
        task: flags.task_choice(),
        test_rows: flags.test_rows()?,
        seed: flags.seed,
        preprocess: preprocess_options(flags),
        hash_bits: flags.hash_bits,
        reconstructs: model.model.is_some_and(|m| m.0.reconstructs()),
    };
    Ok(plan.prepare()?)
}

/// The preprocessing the data flags ask for (`--scale`, `--missing`).
pub fn preprocess_options(flags: &DataFlags) -> PreprocessOptions {
    PreprocessOptions {
        scale: flags.scale.map(|s| s.0),
        missing: match flags.missing {
            MissingArg::Error => MissingPolicy::Error,
            MissingArg::Drop => MissingPolicy::Drop,
            MissingArg::Mean => MissingPolicy::Mean,
        },
    }
}
