//! A run's data from a file, as `downhill train` prepares it: read the file, pick the target (and
//! so the task and the classes, fixed on the whole file), hold out the test rows
//! (`split_test_rows`), fit the preprocessing on the training rows only (so nothing about the test
//! rows leaks into training), and transform both parts. A model that reconstructs its inputs
//! (autoencoder, vae) has no target: `target` then names a label column to leave out, if any.
//! Warnings (unseen categories, dropped rows) are returned for the caller to print.
use crate::{split_test_rows, LearnError};
use downhill_data::{
    load, DataError, FeatureHash, LoadOptions, Names, Prepared, PreprocessOptions, Preprocessor, Table,
    Target, Task, TaskChoice, TestRows,
};
use std::path::{Path, PathBuf};

/// What to read and how to prepare it.
#[derive(Clone, Debug)]
pub struct DataPlan {
    /// The data file (any format downhill-data reads).
    pub path: PathBuf,
    /// The target column; `None`: the one the format implies (IDX labels, LIBSVM), else an error.
    pub target: Option<String>,
    /// Classification or regression, or inferred from the target.
    pub task: TaskChoice,
    /// Which rows are held out for testing.
    pub test_rows: TestRows,
    /// Seeds the test rows' draw.
    pub seed: u64,
    /// Scaling and missing values, fitted on the training rows.
    pub preprocess: PreprocessOptions,
    /// Hash the features into 2^bits columns.
    pub hash_bits: Option<u32>,
    /// The model reconstructs its inputs (autoencoder, vae): no target.
    pub reconstructs: bool,
}

/// The data of a run, ready for an estimator.
#[derive(Debug)]
pub struct RunData {
    /// The file read.
    pub path: PathBuf,
    /// The preprocessing fitted on the training rows (stored in the model file).
    pub prep: Preprocessor,
    /// What the target asks for.
    pub task: Task,
    /// The training rows, transformed.
    pub train: Prepared,
    /// The test rows, transformed, when some are held out.
    pub test: Option<Prepared>,
    /// Rows in the file.
    pub rows: usize,
    /// The shape of one sample's features when the format gives one (IDX images: [1, H, W]).
    pub sample_shape: Option<Vec<usize>>,
    /// Warnings met while preparing, one line each.
    pub warnings: Vec<String>,
}

impl DataPlan {
    /// Reads and prepares the data. Errors name the option at fault (`target`, `task`,
    /// `test_rows`, `test_fraction`, `hash_bits`) or the file.
    pub fn prepare(&self) -> Result<RunData, LearnError> {
        let feature_hash = self.hash_bits.map(FeatureHash::new).transpose()?;
        let table = load(&self.path, &LoadOptions { feature_hash, ..LoadOptions::default() })?;
        let target = match self.reconstructs {
            true => self.reconstruction(&table)?,
            false => self.target(&table)?,
        };
        let task = target.task();
        let ids = if task.is_classification() { target.class_ids(&table)? } else { Vec::new() };
        let (train_rows, test_rows) = split_test_rows(table.n_rows(), &self.test_rows, &ids, self.seed)?;
        let (rows, sample_shape) = (table.n_rows(), table.sample_shape().map(<[usize]>::to_vec));
        // Each copy is dropped as soon as the next exists: at most the file's table, the training
        // rows and their transform are held at once (the peak of training's memory on a large file).
        let test_table = (!test_rows.is_empty()).then(|| table.take_rows(&test_rows));
        let train_table = table.into_rows(&train_rows);
        let prep = Preprocessor::fit(&train_table, target, &self.preprocess)?.with_feature_hash(feature_hash);
        let train = prep.transform(&train_table)?;
        drop(train_table);
        let test = test_table.map(|t| prep.transform(&t)).transpose()?;
        let mut warnings = train.warning_messages();
        let test_warnings = test.iter().flat_map(|t| t.warning_messages());
        warnings.extend(test_warnings.map(|w| format!("test rows: {w}")));
        Ok(RunData { path: self.path.clone(), prep, task, train, test, rows, sample_shape, warnings })
    }

    /// A reconstructing model's targets: its inputs, without the label column `target` names or
    /// the format implies (IDX, LIBSVM).
    fn reconstruction(&self, table: &Table) -> Result<Target, LearnError> {
        if self.task != TaskChoice::Auto {
            let message = "{} does not apply to a model that reconstructs its inputs (autoencoder, vae): \
                           it has no target; drop {}";
            return Err(LearnError::DataOption { option: "task", message: message.into() });
        }
        let label = self.target.as_deref().or(table.suggested_target());
        if let Some(label) = label {
            table.column_index(label).map_err(unknown_target)?;
        }
        Ok(Target::inputs(label))
    }

    /// The target column `target` names (or the format implies), fitted on the whole file.
    fn target(&self, table: &Table) -> Result<Target, LearnError> {
        let Some(name) = self.target.as_deref().or(table.suggested_target()) else {
            return Err(target_required(&self.path, table));
        };
        Target::fit(table, name, self.task).map_err(|e| match e {
            DataError::UnknownColumn { .. } => unknown_target(e),
            other => other.into(),
        })
    }
}

fn unknown_target(e: DataError) -> LearnError {
    LearnError::DataOption { option: "target", message: format!("{{}}: {e}") }
}

fn target_required(path: &Path, table: &Table) -> LearnError {
    if table.sample_shape().is_some() {
        let wanted = downhill_data::idx_labels_beside(path).map_or_else(
            || "named as the images with `images` → `labels` and `idx3` → `idx1`".into(),
            |p| p.display().to_string(),
        );
        let message = format!(
            "{}: {{}} is required, and the labels of these images were not found: put them in {wanted}",
            path.display()
        );
        return LearnError::DataOption { option: "target", message };
    }
    let columns = Names(table.names().to_vec());
    let message =
        format!("{}: {{}} is required: name the target column; the columns are: {columns}", path.display());
    LearnError::DataOption { option: "target", message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(path: &Path) -> DataPlan {
        DataPlan {
            path: path.to_path_buf(),
            target: Some("y".into()),
            task: TaskChoice::Auto,
            test_rows: TestRows::Range(8..10),
            seed: 0,
            preprocess: PreprocessOptions::default(),
            hash_bits: None,
            reconstructs: false,
        }
    }

    /// A 10-row table (x = row, z = row², y = row mod 2) in a directory of its own.
    fn table_file(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("downhill-run-data-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        let rows: String = (0..10).map(|i| format!("{i},{},{}\n", i * i, i % 2)).collect();
        std::fs::write(&path, format!("x,z,y\n{rows}")).unwrap();
        path
    }

    #[test]
    fn the_preprocessing_is_fitted_on_the_training_rows_only() {
        let path = table_file("fitted");
        let data = plan(&path).prepare().unwrap();
        assert_eq!((data.rows, data.task), (10, Task::Classification { classes: 2 }));
        let (train, test) = (&data.train, data.test.as_ref().unwrap());
        assert_eq!((train.x.dims()[0], test.x.dims()[0]), (8, 2));
        // Standard scaling of x fitted on rows 0..8 (mean 3.5): the training column has mean 0
        // and the test rows 8, 9 sit above every training row.
        let column = |p: &Prepared, j: usize| -> Vec<f32> { p.x.data().chunks(2).map(|r| r[j]).collect() };
        let mean: f32 = column(train, 0).iter().sum::<f32>() / 8.0;
        assert!(mean.abs() < 1e-6, "{mean}");
        assert!(column(test, 0).iter().all(|&v| v > column(train, 0)[7]));
    }

    #[test]
    fn images_without_labels_name_the_labels_file_they_need() {
        let dir = std::env::temp_dir().join(format!("downhill-run-data-idx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let images = dir.join("pics-images-idx3-ubyte");
        let mut bytes = vec![0, 0, 8, 3];
        [2u32, 1, 1].iter().for_each(|d| bytes.extend_from_slice(&d.to_be_bytes()));
        bytes.extend_from_slice(&[10, 20]);
        std::fs::write(&images, bytes).unwrap();
        let e = DataPlan { target: None, ..plan(&images) }.prepare().unwrap_err().to_string();
        assert!(e.contains("target is required") && e.ends_with("pics-labels-idx1-ubyte"), "{e}");
        // An autoencoder needs no labels.
        let data = DataPlan { target: None, reconstructs: true, test_rows: TestRows::None, ..plan(&images) };
        assert_eq!(data.prepare().unwrap().train.x.dims(), &[2, 1]);
    }

    #[test]
    fn target_and_task_errors_name_the_option() {
        let path = table_file("errors");
        let e = DataPlan { target: Some("lable".into()), ..plan(&path) }.prepare().unwrap_err().to_string();
        assert!(e.starts_with("target: no column named 'lable'") && e.contains("x, z, y"), "{e}");
        let e = DataPlan { target: None, ..plan(&path) }.prepare().unwrap_err().to_string();
        assert!(e.ends_with("target is required: name the target column; the columns are: x, z, y"), "{e}");
        let reconstructs = DataPlan { reconstructs: true, task: TaskChoice::Regression, ..plan(&path) };
        let e = reconstructs.prepare().unwrap_err().to_string();
        assert!(e.starts_with("task does not apply") && e.ends_with("drop task"), "{e}");
        let e = DataPlan { test_rows: TestRows::Range(5..20), ..plan(&path) }.prepare().unwrap_err();
        assert!(e.to_string().starts_with("test_rows 5..20 reaches past"), "{e}");
    }
}
