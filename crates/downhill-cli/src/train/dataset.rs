//! From `DataFlags` to tensors: read the file, pick the target (and so the task and classes, fixed on
//! the whole file), hold out the test rows (downhill-learn's `split_test_rows`), fit the preprocessing on the training rows only, and
//! transform both parts. Warnings (unseen categories, dropped rows) are returned for the caller to
//! print.
use crate::args::{DataFlags, MissingArg, ModelFlags, ScaleArg};
use crate::error::CliError;
use downhill_data::{
    load, DataError, FeatureHash, LoadOptions, MissingPolicy, Names, Prepared, PreprocessOptions,
    Preprocessor, Scale, Target, Task,
};
use downhill_learn::split_test_rows;
use std::path::PathBuf;

/// The data of a run, ready for an estimator.
#[derive(Debug)]
pub struct Dataset {
    pub path: PathBuf,
    pub prep: Preprocessor,
    pub task: Task,
    pub train: Prepared,
    pub test: Option<Prepared>,
    /// Rows in the file.
    pub rows: usize,
    /// The shape of one sample's features when the format gives one (IDX images: [1, H, W]).
    pub sample_shape: Option<Vec<usize>>,
    /// Warnings met while preparing, one line each.
    pub warnings: Vec<String>,
}

/// Reads and prepares the data `flags` name for the model `model` names (an autoencoder's
/// targets are its inputs); `command` is for the message when DATA is missing.
pub fn prepare(flags: &DataFlags, model: &ModelFlags, command: &str) -> Result<Dataset, CliError> {
    let path = flags.data.clone().ok_or_else(|| {
        CliError::Usage(format!(
            "downhill {command} needs a DATA file: give it as the first argument (or `data` in --config)"
        ))
    })?;
    let feature_hash = flags.hash_bits.map(FeatureHash::new).transpose()?;
    let table = load(&path, &LoadOptions { feature_hash, ..LoadOptions::default() })?;
    let target = match model.model.is_some_and(|m| m.0.reconstructs()) {
        true => reconstruction(flags, &table)?,
        false => target(flags, &table, &path)?,
    };
    let task = target.task();
    let how = flags.test_rows()?;
    let ids = if task.is_classification() { target.class_ids(&table)? } else { Vec::new() };
    let (train_rows, test_rows) = split_test_rows(table.n_rows(), &how, &ids, flags.seed)?;
    let (rows, sample_shape) = (table.n_rows(), table.sample_shape().map(<[usize]>::to_vec));
    // Each copy is dropped as soon as the next exists: at most the file's table, the training rows
    // and their transform are held at once (the peak of training's memory on a large file).
    let test_table = (!test_rows.is_empty()).then(|| table.take_rows(&test_rows));
    let train_table = table.into_rows(&train_rows);
    let prep =
        Preprocessor::fit(&train_table, target, &preprocess_options(flags))?.with_feature_hash(feature_hash);
    let train = prep.transform(&train_table)?;
    drop(train_table);
    let test = test_table.map(|t| prep.transform(&t)).transpose()?;
    let mut warnings = train.warning_messages();
    warnings.extend(
        test.iter().flat_map(|t| t.warning_messages().into_iter().map(|w| format!("test rows: {w}"))),
    );
    Ok(Dataset { path, prep, task, train, test, rows, sample_shape, warnings })
}

/// An autoencoder's targets: its inputs, without the label column --target names or the format
/// implies (IDX, LIBSVM).
fn reconstruction(flags: &DataFlags, table: &downhill_data::Table) -> Result<Target, CliError> {
    if flags.task.is_some() {
        return Err(CliError::Usage(
            "--task does not apply to an autoencoder (--model autoencoder or vae): it has no target, it reconstructs its inputs; drop --task"
                .into(),
        ));
    }
    let label = flags.target.as_deref().or(table.suggested_target());
    if let Some(label) = label {
        table.column_index(label).map_err(|e| CliError::Usage(format!("--target: {e}")))?;
    }
    Ok(Target::inputs(label))
}

/// The target column --target names (or the format implies), fitted on the whole file.
fn target(
    flags: &DataFlags,
    table: &downhill_data::Table,
    path: &std::path::Path,
) -> Result<Target, CliError> {
    let target_name = match (flags.target.as_deref(), table.suggested_target()) {
        (Some(t), _) => t.to_owned(),
        (None, Some(t)) => t.to_owned(),
        (None, None) => {
            return Err(CliError::Usage(format!(
                "{}: --target is required: name the target column; the columns are: {}",
                path.display(),
                Names(table.names().to_vec())
            )))
        }
    };
    Target::fit(table, &target_name, flags.task_choice()).map_err(|e| match e {
        DataError::UnknownColumn { .. } => CliError::Usage(format!("--target: {e}")),
        other => other.into(),
    })
}

/// The preprocessing the data flags ask for (`--scale`, `--missing`).
pub fn preprocess_options(flags: &DataFlags) -> PreprocessOptions {
    PreprocessOptions {
        scale: match flags.scale {
            ScaleArg::Standard => Scale::Standard,
            ScaleArg::Minmax => Scale::MinMax,
            ScaleArg::None => Scale::None,
        },
        missing: match flags.missing {
            MissingArg::Error => MissingPolicy::Error,
            MissingArg::Drop => MissingPolicy::Drop,
            MissingArg::Mean => MissingPolicy::Mean,
        },
    }
}
