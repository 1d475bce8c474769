//! Each format read from small committed files (and generated IDX files), through `load`.
mod common;

use common::{data, gzip, idx, scratch};
use downhill_data::{load, Column, Delimiter, Format, IdxLabels, LoadOptions};

fn opts() -> LoadOptions {
    LoadOptions::default()
}

#[test]
fn csv_with_quotes_missing_values_and_both_kinds() {
    let t = load(data("mixed.csv"), &opts()).unwrap();
    assert_eq!(t.names(), &["age", "color", "height", "size"]);
    assert_eq!(t.n_rows(), 4);
    assert!(matches!(t.column("age").unwrap(), Column::Numeric(_)));
    assert!(matches!(t.column("color").unwrap(), Column::Categorical(_)));
    assert_eq!(t.column("color").unwrap().text(2).as_deref(), Some("green, light"));
    assert!(t.column("height").unwrap().is_missing(2));
    assert_eq!(t.suggested_target(), None);
}

#[test]
fn delimiters_are_detected_or_given() {
    for name in ["semicolon.csv", "tabs.tsv", "pipe.txt"] {
        let t = load(data(name), &opts()).unwrap();
        assert_eq!((t.n_cols(), t.n_rows()), (3, 2), "{name}");
    }
    let given = LoadOptions { delimiter: Delimiter::Byte(b','), ..opts() };
    assert_eq!(load(data("semicolon.csv"), &given).unwrap().n_cols(), 1);
}

#[test]
fn gzip_is_read_by_magic_bytes_whatever_the_name() {
    let plain = load(data("mixed.csv"), &opts()).unwrap();
    let zipped = load(data("mixed-copy.dat.gz"), &opts()).unwrap();
    // Exact: the same bytes go through the same parser.
    assert_eq!(plain.columns(), zipped.columns());
}

#[test]
fn declared_categorical_columns_keep_numbers_as_text() {
    let o = LoadOptions { categorical: vec!["age".into()], ..opts() };
    let t = load(data("mixed.csv"), &o).unwrap();
    assert!(matches!(t.column("age").unwrap(), Column::Categorical(_)));
    let o = LoadOptions { categorical: vec!["nope".into()], ..opts() };
    assert!(load(data("mixed.csv"), &o).unwrap_err().to_string().contains("no column named 'nope'"));
}

#[test]
fn libsvm_reads_densely_with_label_last() {
    let t = load(data("tiny.libsvm"), &opts()).unwrap();
    assert_eq!(t.names(), &["f1", "f2", "f3", "label"]);
    assert_eq!(t.n_rows(), 3);
    assert_eq!(t.column("f2").unwrap().text(0).as_deref(), Some("0"));
    assert_eq!(t.column("label").unwrap().text(1).as_deref(), Some("-1"));
    assert_eq!(t.row_ref(2).line, Some(5));
    let wide = LoadOptions { n_features: Some(6), ..opts() };
    assert_eq!(load(data("tiny.libsvm"), &wide).unwrap().n_cols(), 7);
}

#[test]
fn gzipped_idx_pair_reads_pixels_and_companion_labels() {
    let t = load(data("tiny-images-idx3-ubyte.gz"), &opts()).unwrap();
    assert_eq!(t.names(), &["pixel_0_0", "pixel_0_1", "pixel_1_0", "pixel_1_1", "label"]);
    assert_eq!(t.n_rows(), 3);
    // Pixels were written as (i * 37) % 256 for i = 0..12; image 1 starts at i = 4.
    assert_eq!(t.column("pixel_0_0").unwrap().text(1).as_deref(), Some("148"));
    assert_eq!(t.column("label").unwrap().text(2).as_deref(), Some("9"));
    assert_eq!(t.suggested_target(), Some("label"));
    let without = LoadOptions { idx_labels: IdxLabels::Without, ..opts() };
    let unlabelled = load(data("tiny-images-idx3-ubyte.gz"), &without).unwrap();
    // Without labels there is no target to suggest (training then asks for the labels file).
    assert_eq!((unlabelled.n_cols(), unlabelled.suggested_target()), (4, None));
}

#[test]
fn idx_labels_can_be_named_and_are_validated() {
    let dir = scratch("idx-labels");
    let (images, labels) = (dir.join("pics.bin"), dir.join("answers.bin"));
    std::fs::write(&images, idx(&[2, 1, 1], &[10, 20])).unwrap();
    std::fs::write(&labels, gzip(&idx(&[2], &[1, 0]))).unwrap();
    let named = LoadOptions { idx_labels: IdxLabels::File(labels.clone()), ..opts() };
    let t = load(&images, &named).unwrap();
    assert_eq!(t.column("label").unwrap().text(0).as_deref(), Some("1"));
    std::fs::write(&labels, idx(&[3], &[1, 0, 1])).unwrap();
    let err = load(&images, &named).unwrap_err().to_string();
    assert!(err.contains("holds 2 images but") && err.contains("holds 3 labels"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn format_can_be_forced() {
    let o = LoadOptions { format: Some(Format::Idx), ..opts() };
    let err = load(data("mixed.csv"), &o).unwrap_err().to_string();
    assert!(err.contains("mixed.csv is not an IDX images file: magic number"), "{err}");
    let o = LoadOptions { format: Some(Format::Libsvm), ..opts() };
    assert!(load(data("tiny.libsvm"), &o).is_ok());
}
