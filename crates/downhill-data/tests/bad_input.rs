//! Every data-related bad input gives a specific error whose one-line message names the file, row,
//! column or option and the fix; none panics.
mod common;

use common::{assert_mentions, data, idx, scratch};
use downhill_data::{
    load, DataError, LoadOptions, MissingPolicy, PreprocessOptions, Preprocessor, Scale, Table, Target,
    TaskChoice,
};

fn load_err(name: &str) -> DataError {
    load(data(name), &LoadOptions::default()).expect_err("bad file is rejected")
}

fn fit(table: &Table, target: &str, missing: MissingPolicy) -> Result<Preprocessor, DataError> {
    let target = Target::fit(table, target, TaskChoice::Auto)?;
    Preprocessor::fit(table, target, &PreprocessOptions { scale: Some(Scale::Standard), missing })
}

#[test]
fn missing_file_names_the_path() {
    let err = load_err("no-such.csv");
    assert!(matches!(err, DataError::NotFound { .. }));
    assert_mentions(&err.to_string(), &["no-such.csv", "no such file"]);
}

#[test]
fn a_directory_is_unreadable() {
    let err = load(data(""), &LoadOptions::default()).unwrap_err();
    assert!(matches!(err, DataError::Unreadable { .. }), "{err}");
    assert_mentions(&err.to_string(), &["cannot read", "tests/data"]);
}

#[test]
fn empty_file_and_header_only() {
    let err = load_err("empty.csv");
    assert!(matches!(err, DataError::EmptyFile { .. }));
    assert_mentions(&err.to_string(), &["empty.csv is empty", "header line"]);
    let err = load_err("header_only.csv");
    assert!(matches!(err, DataError::NoDataRows { .. }));
    assert_mentions(&err.to_string(), &["header_only.csv has no data rows"]);
}

#[test]
fn ragged_row_names_line_and_field_counts() {
    let err = load_err("ragged.csv").to_string();
    assert_mentions(&err, &["ragged.csv, line 3", "expected 3 fields", "found 2"]);
}

#[test]
fn non_numeric_value_names_row_column_and_value() {
    let err = load_err("non_numeric.csv").to_string();
    assert_mentions(
        &err,
        &["non_numeric.csv", "data row 2 (file line 3)", "column 'b'", "'abc' is not a number"],
    );
}

#[test]
fn non_finite_value_names_row_and_column() {
    let err = load_err("non_finite.csv").to_string();
    assert_mentions(&err, &["data row 2 (file line 3)", "column 'b'", "'inf' is not a finite 32-bit number"]);
}

#[test]
fn unknown_target_lists_the_columns() {
    let table = load(data("mixed.csv"), &LoadOptions::default()).unwrap();
    let err = Target::fit(&table, "colour", TaskChoice::Auto).unwrap_err().to_string();
    assert_mentions(&err, &["no column named 'colour'", "age, color, height, size"]);
}

#[test]
fn single_class_target() {
    let table = load(data("mixed.csv"), &LoadOptions::default()).unwrap().take_rows(&[0, 3]);
    let err = Target::fit(&table, "size", TaskChoice::Auto).unwrap_err().to_string();
    assert_mentions(&err, &["single class ('small')"]);
}

#[test]
fn missing_values_under_policy_error_name_first_row_and_column() {
    let table = load(data("missing.csv"), &LoadOptions::default()).unwrap();
    let err = fit(&table, "y", MissingPolicy::Error).unwrap_err().to_string();
    assert_mentions(&err, &["column 'a' at data row 2 (file line 3)", "`drop`", "`mean`"]);
    let err = fit(&table, "y", MissingPolicy::Mean).unwrap_err().to_string();
    assert_mentions(&err, &["missing target value in column 'y' at data row 4 (file line 5)"]);
}

#[test]
fn truncated_and_foreign_idx_files() {
    let dir = scratch("bad-idx");
    let path = dir.join("cut-images-idx3-ubyte");
    let mut bytes = idx(&[2, 2, 2], &[1; 8]);
    bytes.truncate(20);
    std::fs::write(&path, &bytes).unwrap();
    let err = load(&path, &LoadOptions::default()).unwrap_err();
    assert!(matches!(err, DataError::IdxTruncated { .. }));
    assert_mentions(&err.to_string(), &["cut-images-idx3-ubyte is truncated", "promises 24 bytes", "has 20"]);
    std::fs::write(&path, b"\x00\x00\x08\x03 not really").unwrap();
    assert!(load(&path, &LoadOptions::default()).unwrap_err().to_string().contains("truncated"));
    std::fs::write(&path, idx(&[1], &[0])).unwrap();
    let err = load(&path, &LoadOptions::default()).unwrap_err().to_string();
    assert_mentions(&err, &["not an IDX images file", "2049", "2051"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn transforming_data_missing_a_training_column_names_it() {
    let train = load(data("train_cat.csv"), &LoadOptions::default()).unwrap();
    let prep = fit(&train, "y", MissingPolicy::Error).unwrap();
    let other = load(data("predict_missing_column.csv"), &LoadOptions::default()).unwrap();
    let err = prep.transform_features(&other).unwrap_err().to_string();
    assert_mentions(&err, &["no column 'color'", "trained on"]);
}

#[test]
fn unknown_label_at_evaluation_names_it() {
    let train = load(data("train_cat.csv"), &LoadOptions::default()).unwrap();
    let prep = fit(&train, "y", MissingPolicy::Error).unwrap();
    let eval = load(data("predict_unseen.csv"), &LoadOptions::default()).unwrap();
    let err = prep.transform(&eval).unwrap_err().to_string();
    assert_mentions(&err, &["label 'c' at data row 3 (file line 4)", "known: a, b"]);
}

#[test]
fn text_in_a_column_trained_as_numeric() {
    let train = load(data("train_cat.csv"), &LoadOptions::default()).unwrap();
    let prep = fit(&train, "y", MissingPolicy::Error).unwrap();
    let swapped = LoadOptions { categorical: vec!["x".into()], ..Default::default() };
    let eval = load(data("train_cat.csv"), &swapped).unwrap();
    let err = prep.transform(&eval).unwrap_err().to_string();
    assert_mentions(&err, &["column 'x' was numeric in training", "'1' at data row 1"]);
}

#[test]
fn invalid_option_names() {
    let err = "zscore".parse::<Scale>().unwrap_err().to_string();
    assert_mentions(
        &err,
        &["invalid scale 'zscore'", "standard, minmax, global-minmax, global-standard, none"],
    );
    let err = "impute".parse::<MissingPolicy>().unwrap_err().to_string();
    assert_mentions(&err, &["invalid missing-values policy 'impute'", "error, drop, mean"]);
}

#[test]
fn corrupt_preprocessing_metadata() {
    let err = Preprocessor::from_json("{\"target\": 3}").unwrap_err().to_string();
    assert_mentions(&err, &["preprocessing metadata is not valid"]);
}

#[test]
fn a_value_that_scaling_makes_infinite_names_its_row_and_column() {
    // 3e38 is a finite f32, but (3e38 - mean) / std over training values near 1 is not.
    let dir = scratch("scaled_overflow");
    let (train, far) = (dir.join("train.csv"), dir.join("far.csv"));
    std::fs::write(&train, "a,y\n1.0,0\n1.2,1\n0.8,0\n1.1,1\n").unwrap();
    std::fs::write(&far, "a,y\n1.0,0\n3e38,1\n").unwrap();
    let table = load(&train, &LoadOptions::default()).unwrap();
    let prep = fit(&table, "y", MissingPolicy::Error).unwrap();
    let err = prep.transform_features(&load(&far, &LoadOptions::default()).unwrap()).unwrap_err();
    assert!(matches!(err, DataError::ScaledOverflow { .. }), "{err}");
    assert_mentions(&err.to_string(), &["far.csv", "data row 2", "column 'a'", "makes it infinite"]);
}
