//! The small tables shipped with downhill (the repository's `data/` directory, copied into this
//! crate's `datasets/` so they are part of the published package), embedded in the binary with
//! `include_bytes!`: no file to find at run time, so `datasets::iris()` works the same from a test,
//! an example or a program using the published crate. Each is the scikit-learn copy described in
//! `data/README.md`; the target is the last column. Values come unscaled.
//!
//! | function | rows × features | target | task |
//! | --- | --- | --- | --- |
//! | [`iris`] | 150 × 4 | `species` | 3 classes |
//! | [`wine`] | 178 × 13 | `cultivar` | 3 classes |
//! | [`breast_cancer`] | 569 × 30 | `diagnosis` | 2 classes |
//! | [`digits`] | 1797 × 64 | `digit` | 10 classes (8×8 pixels, 0..16) |
//! | [`diabetes`] | 442 × 10 | `progression` | regression |
//!
//! The parsing cannot fail on these fixed bytes (the tests below read each one), so the functions
//! return the data rather than a `Result`.
use crate::readers::read_csv;
use crate::{Dataset, LoadOptions};

/// Parses an embedded CSV whose last column is the target.
fn shipped(name: &str, bytes: &[u8]) -> Dataset {
    let table = read_csv(bytes, name, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("the shipped {name} parses: {e}"));
    let target = table.names().last().cloned().unwrap_or_default();
    Dataset::from_table(&table, &target).unwrap_or_else(|e| panic!("the shipped {name} is complete: {e}"))
}

/// Fisher's iris: 150 flowers, 4 measurements in cm, 3 species (50 each).
pub fn iris() -> Dataset {
    shipped("iris.csv", include_bytes!("../datasets/iris.csv"))
}

/// UCI wine: 178 wines, 13 chemical measurements, 3 cultivars.
pub fn wine() -> Dataset {
    shipped("wine.csv", include_bytes!("../datasets/wine.csv"))
}

/// UCI breast cancer Wisconsin (diagnostic): 569 tumours, 30 features, benign or malignant.
pub fn breast_cancer() -> Dataset {
    shipped("breast_cancer.csv", include_bytes!("../datasets/breast_cancer.csv"))
}

/// UCI optical digits: 1797 8×8 images (pixels 0..16, row-major `pixel_R_C`), digits 0..9.
pub fn digits() -> Dataset {
    shipped("digits.csv", include_bytes!("../datasets/digits.csv"))
}

/// Efron et al.'s diabetes: 442 patients, 10 unscaled baseline variables, disease progression.
pub fn diabetes() -> Dataset {
    shipped("diabetes.csv", include_bytes!("../datasets/diabetes.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Task;

    #[test]
    fn every_table_has_its_documented_shape_and_task() {
        type Case = (fn() -> Dataset, [usize; 2], Task);
        let cases: [Case; 5] = [
            (iris, [150, 4], Task::Classification { classes: 3 }),
            (wine, [178, 13], Task::Classification { classes: 3 }),
            (breast_cancer, [569, 30], Task::Classification { classes: 2 }),
            (digits, [1797, 64], Task::Classification { classes: 10 }),
            (diabetes, [442, 10], Task::Regression),
        ];
        for (load, dims, task) in cases {
            let d = load();
            assert_eq!(
                (d.x.dims(), d.y.dims(), d.task),
                (&dims[..], &[dims[0], 1][..], task),
                "{}",
                d.target_name
            );
            assert_eq!(d.feature_names.len(), dims[1]);
        }
        let iris = iris();
        assert_eq!(iris.feature_names[0], "sepal_length_cm");
        // First row 5.1, 3.5, 1.4, 0.2, setosa: f32 parses of the file's text, compared to 1e-6.
        for (a, b) in iris.x.row(0).iter().zip([5.1, 3.5, 1.4, 0.2]) {
            assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        }
        assert_eq!(iris.y.data()[0], 0.0); // exact: a class id
    }

    #[test]
    fn the_embedded_copies_match_the_repository_data_directory() {
        // The copies in datasets/ must not drift from data/ (the CLI's and README's files). Outside
        // the repository (a published crate) there is no data/ directory and nothing to compare.
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let embedded: [(&str, &[u8]); 5] = [
            ("iris.csv", include_bytes!("../datasets/iris.csv")),
            ("wine.csv", include_bytes!("../datasets/wine.csv")),
            ("breast_cancer.csv", include_bytes!("../datasets/breast_cancer.csv")),
            ("digits.csv", include_bytes!("../datasets/digits.csv")),
            ("diabetes.csv", include_bytes!("../datasets/diabetes.csv")),
        ];
        for (name, bytes) in embedded {
            if let Ok(original) = std::fs::read(repo.join(name)) {
                assert!(original == bytes, "datasets/{name} differs from data/{name}: copy it again");
            }
        }
    }
}
