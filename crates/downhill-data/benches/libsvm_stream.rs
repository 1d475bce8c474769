//! Streaming a LIBSVM file: `cargo bench -p downhill-data --bench libsvm_stream` prints MB/s of
//! text for the first pass (`fit_stream`: parsing on every core, and keeping the row cache) and for
//! a later pass (`rows`: from the row cache, and parsing the text again with `row_cache: false`),
//! on a generated file of 200,000 rows of 20 dense values with 6 significant digits, as
//! `tools/stream_data.py` writes them (~47 MB), best of five runs each.
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use downhill_data::{
    fit_stream, Delimiter, PreprocessOptions, Role, RowSplit, StreamFit, StreamOptions, TaskChoice,
};
use downhill_tensor::Rng;

const ROWS: usize = 200_000;
const FEATURES: usize = 20;

fn options(path: &Path, row_cache: bool) -> StreamOptions {
    StreamOptions {
        path: path.to_owned(),
        format: None,
        feature_hash: None,
        target: "label".into(),
        task: TaskChoice::Auto,
        preprocess: PreprocessOptions::default(),
        delimiter: Delimiter::Auto,
        categorical: Vec::new(),
        split: RowSplit::default(),
        fit_rows: None,
        row_cache,
    }
}

/// The best of five timings of `run`, in seconds.
fn best(mut run: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Reads a whole training pass of `fit`; the rows it handed out.
fn pass(fit: &StreamFit) -> usize {
    let mut rows = fit.rows(Role::Train);
    let mut n = 0;
    while let Some(chunk) = rows.next_chunk() {
        n += chunk.expect("generated rows parse").y.len();
    }
    n
}

fn main() {
    let mut rng = Rng::seed(0);
    let mut text = String::new();
    for _ in 0..ROWS {
        text.push_str(if rng.uniform(0.0, 1.0) < 0.5 { "-1" } else { "1" });
        for j in 1..=FEATURES {
            let _ = write!(text, " {j}:{:.6}", rng.normal());
        }
        text.push('\n');
    }
    let dir = std::env::temp_dir().join(format!("downhill-libsvm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bench.svm");
    std::fs::write(&path, &text).expect("write bench file");
    let mb = text.len() as f64 / 1e6;
    let report = |what: &str, seconds: f64| {
        println!("libsvm_stream {what}: {:.3} s = {:.0} MB/s", seconds, mb / seconds)
    };
    report("first pass (parse + keep rows)", best(|| drop(fit_stream(&options(&path, true)).expect("fits"))));
    let cached = fit_stream(&options(&path, true)).expect("fits");
    let parsed = fit_stream(&options(&path, false)).expect("fits");
    report("later pass from the row cache", best(|| assert_eq!(pass(&cached), ROWS)));
    report("later pass parsing the text", best(|| assert_eq!(pass(&parsed), ROWS)));
    let _ = std::fs::remove_dir_all(&dir);
}
