//! The streaming fit and passes against the in-memory path on the same files: the fitted
//! preprocessing equals `Preprocessor::fit`'s (categories, fills and targets exactly; scaling within
//! 1e-9 relative, the difference between an online and a two-pass mean), and the rows a pass encodes
//! equal `transform`'s within 1e-6 (f32 outputs of maps that differ by 1e-9 relative).
#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too
mod common;

use common::{assert_mentions, gzip, scratch, shipped};
use downhill_data::*;
use std::path::{Path, PathBuf};

fn options(path: &Path, target: &str, scale: Scale, missing: MissingPolicy) -> StreamOptions {
    StreamOptions {
        path: path.to_owned(),
        format: None,
        feature_hash: None,
        target: target.to_owned(),
        task: TaskChoice::Auto,
        preprocess: PreprocessOptions { scale: Some(scale), missing },
        delimiter: Delimiter::Auto,
        categorical: Vec::new(),
        split: RowSplit::default(),
        fit_rows: None,
        row_cache: true,
    }
}

/// The in-memory fit and transform of the rows `split` keeps for training (and validation).
fn in_memory(o: &StreamOptions) -> (Preprocessor, Prepared) {
    let table =
        load(&o.path, &LoadOptions { feature_hash: o.feature_hash, ..LoadOptions::default() }).unwrap();
    let target = Target::fit(&table, &o.target, o.task).unwrap();
    let rows: Vec<usize> = (0..table.n_rows()).filter(|&r| o.split.role(r) != Role::Test).collect();
    let train = table.take_rows(&rows);
    let prep = Preprocessor::fit(&train, target, &o.preprocess).unwrap().with_feature_hash(o.feature_hash);
    let prepared = prep.transform(&train).unwrap();
    (prep, prepared)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn assert_same_fit(streamed: &Preprocessor, memory: &Preprocessor) {
    assert_eq!(streamed.target(), memory.target());
    assert_eq!(streamed.feature_hash(), memory.feature_hash());
    assert_eq!((streamed.scale(), streamed.missing()), (memory.scale(), memory.missing()));
    assert_eq!(streamed.encoders().len(), memory.encoders().len());
    for (s, m) in streamed.encoders().iter().zip(memory.encoders()) {
        match (s, m) {
            (
                FeatureEncoder::Numeric { column: c1, fill: f1, affine: a1 },
                FeatureEncoder::Numeric { column: c2, fill: f2, affine: a2 },
            ) => {
                assert_eq!(c1, c2);
                assert_eq!(f1.is_some(), f2.is_some(), "{c1}");
                assert!(f1.zip(*f2).is_none_or(|(a, b)| close(a, b)), "{c1}: fill {f1:?} vs {f2:?}");
                assert!(close(a1.shift, a2.shift) && close(a1.divisor, a2.divisor), "{c1}: {a1:?} vs {a2:?}");
            }
            _ => assert_eq!(s, m), // one-hot: the same sorted categories and fill, exactly
        }
    }
}

/// Every row of a training pass, concatenated.
fn streamed_rows(fit: &StreamFit, role: Role) -> (Vec<f32>, Vec<f32>) {
    let mut stream = fit.rows(role);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    while let Some(chunk) = stream.next_chunk() {
        let chunk = chunk.unwrap();
        x.extend(chunk.x);
        y.extend(chunk.y);
    }
    (x, y)
}

fn check(o: &StreamOptions) {
    let fit = fit_stream(o).unwrap();
    let (prep, prepared) = in_memory(o);
    assert_same_fit(&fit.preprocessor, &prep);
    let (x, y) = streamed_rows(&fit, Role::Train);
    assert_eq!(y.len() + fit.counts.validation, prepared.n_rows());
    if fit.counts.validation == 0 {
        let diff = x.iter().zip(prepared.x.data()).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(x.len() == prepared.x.numel() && diff <= 1e-6, "x differs by {diff}");
        assert_eq!(y, prepared.y.unwrap().data()); // exact: class ids and f32 values, copied
    }
}

#[test]
fn online_fit_equals_the_in_memory_fit_on_the_shipped_tables() {
    for (file, target) in [
        ("breast_cancer.csv", "diagnosis"),
        ("iris.csv", "species"),
        ("diabetes.csv", "progression"),
        ("wine.csv", "cultivar"),
    ] {
        for scale in [Scale::Standard, Scale::MinMax, Scale::None] {
            check(&options(&shipped(file), target, scale, MissingPolicy::Error));
        }
    }
}

/// A table with missing values, categories, numbers read as categories and a text target.
fn messy(dir: &Path) -> PathBuf {
    let mut text = String::from("x,color,size,z,label\n");
    for i in 0..300 {
        let x = if i % 7 == 3 { "NA".to_string() } else { format!("{}", (i * 37 % 101) as f32 * 0.25 - 3.0) };
        let color = ["red", "blue", "", "green", "blue"][i % 5];
        let size = ["10", "12", "10", "?"][i % 4];
        let z = format!("{}", 1e6 + (i % 13) as f64);
        let label = ["yes", "no", "maybe"][(i * 5 + i / 7) % 3];
        text.push_str(&format!("{x},{color},{size},{z},{label}\n"));
    }
    let path = dir.join("messy.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn missing_values_categories_and_held_out_rows_fit_the_same() {
    let dir = scratch("stream-messy");
    let path = messy(&dir);
    let categorical = LoadOptions::default();
    assert!(categorical.categorical.is_empty());
    for missing in [MissingPolicy::Mean, MissingPolicy::Drop] {
        let mut o = options(&path, "label", Scale::Standard, missing);
        check(&o);
        o.split = RowSplit { seed: 4, test: TestRows::Fraction(0.3), validation_fraction: 0.0 };
        check(&o);
        o.split.test = TestRows::Range(100..150);
        check(&o);
    }
    let gz = dir.join("messy.csv.gz");
    std::fs::write(&gz, gzip(&std::fs::read(&path).unwrap())).unwrap();
    check(&options(&gz, "label", Scale::MinMax, MissingPolicy::Mean));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_cell_is_met_with_its_row_line_and_column() {
    let dir = scratch("stream-bad");
    let path = dir.join("bad.csv");
    std::fs::write(&path, "a,b,y\n1,2,0\n\n3,4,1\n5,oops,0\n").unwrap();
    let err =
        fit_stream(&options(&path, "y", Scale::Standard, MissingPolicy::Error)).unwrap_err().to_string();
    let memory = load(&path, &LoadOptions::default()).unwrap_err().to_string();
    assert_eq!(err, memory);
    assert_mentions(&err, &["bad.csv", "data row 3 (file line 5)", "column 'b'", "'oops'"]);
    // Beyond --fit-rows the pass meets it instead, after the rows before it.
    let o = StreamOptions { fit_rows: Some(2), ..options(&path, "y", Scale::Standard, MissingPolicy::Error) };
    let fit = fit_stream(&o).unwrap();
    assert_eq!(fit.counts.train, 3);
    let mut stream = fit.rows(Role::Train);
    // The two good rows before it come first, then the error, then nothing.
    assert_eq!(stream.next_chunk().unwrap().unwrap().y.len(), 2);
    assert_eq!(stream.next_chunk().unwrap().unwrap_err().to_string(), memory);
    assert!(stream.next_chunk().is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A sparse LIBSVM file: 200 rows, indices up to 40 (some never stored in a row), comments, a blank
/// line, a `qid`, repeated indices, and labels 1/-1.
fn sparse(dir: &Path) -> PathBuf {
    let mut text = String::from("# generated\n");
    for i in 0..200usize {
        let label = if (i * 7 + i / 3) % 5 < 2 { "-1" } else { "+1" };
        text.push_str(label);
        for k in [1 + i % 7, 9 + i % 11, 25 + (i * 3) % 16] {
            text.push_str(&format!(" {k}:{}", ((i * k) % 17) as f32 * 0.5 - 3.0));
        }
        text.push_str(if i % 50 == 7 { " qid:3 2:1 2:0.5 # repeated\n\n" } else { "\n" });
    }
    let path = dir.join("sparse.svm");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_streamed_libsvm_file_fits_and_encodes_as_the_dense_table() {
    let dir = scratch("stream-libsvm");
    let path = sparse(&dir);
    for scale in [Scale::Standard, Scale::MinMax, Scale::None] {
        let mut o = options(&path, "label", scale, MissingPolicy::Error);
        check(&o);
        o.split = RowSplit { seed: 2, test: TestRows::Fraction(0.25), validation_fraction: 0.0 };
        check(&o);
        o.feature_hash = Some(FeatureHash::new(3).unwrap());
        check(&o);
    }
    let fit = fit_stream(&options(&path, "label", Scale::Standard, MissingPolicy::Error)).unwrap();
    assert_eq!(fit.preprocessor.n_features(), 40); // the largest index, 25 + 15
    let gz = dir.join("sparse.txt.gz"); // no telling extension: the content says LIBSVM
    std::fs::write(&gz, gzip(&std::fs::read(&path).unwrap())).unwrap();
    check(&options(&gz, "label", Scale::Standard, MissingPolicy::Error));
    // Later passes read the rows the first pass kept: the same rows as parsing the text again.
    let split = RowSplit { seed: 2, test: TestRows::Fraction(0.25), validation_fraction: 0.2 };
    let o = StreamOptions { split, ..options(&gz, "label", Scale::Standard, MissingPolicy::Error) };
    let (cached, text) =
        (fit_stream(&o).unwrap(), fit_stream(&StreamOptions { row_cache: false, ..o }).unwrap());
    // One block: 24 bytes, then 6 a row and 5 a stored pair (all gaps below 128): 200 rows of 3
    // indices, and index 2 added to rows 7, 107 and 157 (row 57 has it already).
    assert_eq!((cached.row_cache_bytes(), text.row_cache_bytes()), (Some(24 + 200 * 6 + 603 * 5), None));
    for role in [Role::Train, Role::Validation, Role::Test] {
        assert_eq!(streamed_rows(&cached, role), streamed_rows(&text, role), "{role:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_libsvm_line_is_met_when_the_pass_reaches_it() {
    let dir = scratch("stream-libsvm-bad");
    let path = dir.join("bad.svm");
    std::fs::write(&path, "1 1:1\n-1 2:1\n\n1 3:x\n").unwrap();
    let o = options(&path, "label", Scale::Standard, MissingPolicy::Error);
    let err = fit_stream(&o).unwrap_err().to_string();
    assert_eq!(err, load(&path, &LoadOptions::default()).unwrap_err().to_string());
    assert_mentions(&err, &["bad.svm, line 4", "'3:x'"]);
    let csv = dir.join("t.csv");
    std::fs::write(&csv, "a,y\n1,0\n").unwrap();
    let o = StreamOptions {
        feature_hash: Some(FeatureHash::new(4).unwrap()),
        ..options(&csv, "y", Scale::None, MissingPolicy::Error)
    };
    assert_mentions(
        &fit_stream(&o).unwrap_err().to_string(),
        &["t.csv: --hash-bits hashes LIBSVM feature indices, but this is a CSV file"],
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
