//! The datasets the project ships in `data/` (copied from the shared data, see `data/README.md`)
//! read with the documented shapes, tasks and class names.
mod common;

use common::shipped;
use downhill_data::{
    load, LoadOptions, MissingPolicy, PreprocessOptions, Preprocessor, Scale, Target, Task, TaskChoice,
};

/// A shipped CSV file: (file, target, rows, feature columns, task, classes).
type Expected = (&'static str, &'static str, usize, usize, Task, &'static [&'static str]);

const CSV: [Expected; 5] = [
    (
        "iris.csv",
        "species",
        150,
        4,
        Task::Classification { classes: 3 },
        &["setosa", "versicolor", "virginica"],
    ),
    (
        "wine.csv",
        "cultivar",
        178,
        13,
        Task::Classification { classes: 3 },
        &["class_0", "class_1", "class_2"],
    ),
    (
        "breast_cancer.csv",
        "diagnosis",
        569,
        30,
        Task::Classification { classes: 2 },
        &["benign", "malignant"],
    ),
    ("diabetes.csv", "progression", 442, 10, Task::Regression, &[]),
    (
        "digits.csv",
        "digit",
        1797,
        64,
        Task::Classification { classes: 10 },
        &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ),
];

#[test]
fn csv_datasets_have_documented_shapes_and_classes() {
    for (file, target, rows, features, task, classes) in CSV {
        let table = load(shipped(file), &LoadOptions::default()).unwrap();
        assert_eq!((table.n_rows(), table.n_cols()), (rows, features + 1), "{file}");
        assert_eq!(table.names().last().map(String::as_str), Some(target), "{file}: target is last");
        let target = Target::fit(&table, target, TaskChoice::Auto).unwrap();
        assert_eq!(target.task(), task, "{file}");
        assert_eq!(target.classes(), classes, "{file}");
        let options = PreprocessOptions { scale: Some(Scale::Standard), missing: MissingPolicy::Error };
        let out = Preprocessor::fit(&table, target, &options).unwrap().transform(&table).unwrap();
        assert_eq!(out.x.dims(), &[rows, features], "{file}");
        assert_eq!(out.y.as_ref().map(|y| y.dims().to_vec()), Some(vec![rows, 1]), "{file}");
        assert!(out.x.all_finite() && out.warnings.is_empty(), "{file}");
    }
}

#[test]
fn mnist_pair_reads_as_10000_by_784_with_labels_0_to_9() {
    let table = load(shipped("mnist-10k-images-idx3-ubyte.gz"), &LoadOptions::default()).unwrap();
    assert_eq!((table.n_rows(), table.n_cols()), (10_000, 785));
    assert_eq!(table.suggested_target(), Some("label"));
    let target = Target::fit(&table, "label", TaskChoice::Auto).unwrap();
    let digits: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    assert_eq!(target.classes(), digits.as_slice());
    let options = PreprocessOptions { scale: Some(Scale::None), missing: MissingPolicy::Error };
    let out = Preprocessor::fit(&table, target, &options).unwrap().transform(&table).unwrap();
    assert_eq!(out.x.dims(), &[10_000, 784]);
    let (lo, hi) = out.x.data().iter().fold((f32::MAX, f32::MIN), |(l, h), &v| (l.min(v), h.max(v)));
    // Exact: pixels are bytes converted to f32 with no scaling.
    assert_eq!((lo, hi), (0.0, 255.0), "raw pixels; scaling is preprocessing's job");
    let y = out.y.unwrap();
    let mut counts = [0usize; 10];
    y.data().iter().for_each(|&c| counts[c as usize] += 1);
    assert!(counts.iter().all(|&c| c > 800), "every digit is well represented: {counts:?}");
}
