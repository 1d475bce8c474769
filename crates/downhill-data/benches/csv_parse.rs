//! CSV parsing throughput: `cargo bench -p downhill-data --bench csv_parse` prints MB/s of `load` on a
//! generated 20-column numeric + 1 categorical file (~20 MB), best of five runs.
use std::fmt::Write as _;
use std::time::Instant;

use downhill_data::{load, LoadOptions};
use downhill_tensor::Rng;

const ROWS: usize = 100_000;
const COLS: usize = 20;

fn main() {
    let mut rng = Rng::seed(0);
    let mut text = (0..COLS).map(|c| format!("c{c},")).collect::<String>() + "label\n";
    for _ in 0..ROWS {
        for _ in 0..COLS {
            let _ = write!(text, "{:.6},", rng.uniform(-100.0, 100.0));
        }
        text.push_str(["cat\n", "dog\n", "bird\n"][(rng.uniform(0.0, 3.0) as usize).min(2)]);
    }
    let dir = std::env::temp_dir().join(format!("downhill-csv-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bench.csv");
    std::fs::write(&path, &text).expect("write bench file");
    let best = (0..5)
        .map(|_| {
            let start = Instant::now();
            let table = load(&path, &LoadOptions::default()).expect("bench file loads");
            assert_eq!(table.n_rows(), ROWS);
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    println!(
        "csv_parse: {:.1} MB in {:.3} s = {:.1} MB/s",
        text.len() as f64 / 1e6,
        best,
        text.len() as f64 / 1e6 / best
    );
    let _ = std::fs::remove_dir_all(&dir);
}
