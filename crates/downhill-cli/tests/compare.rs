//! `downhill compare` end to end: one run per optimizer × batch size from the same start, a table
//! and a picture.
mod common;
use common::{arg, data, downhill, scratch, stderr, stdout};

#[test]
fn compares_optimizers_and_batch_sizes_in_a_table_and_a_plot() {
    let dir = scratch("compare");
    let plot = dir.join("compare.png");
    let out = downhill(&[
        "compare",
        &data("tiny3.csv"),
        "--target",
        "kind",
        "--optimizers",
        "sgd:0.1,momentum:0.05,adam:0.01",
        "--batch-sizes",
        "full,8",
        "--epochs",
        "5",
        "--plot",
        &arg(&plot),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("run")
            && lines[0].contains("val accuracy")
            && lines[0].contains("epochs to val loss <="),
        "{table}"
    );
    assert_eq!(lines.len(), 1 + 6, "{table}");
    assert!(
        lines[1].starts_with("sgd lr 0.1 · batch full") && lines[6].starts_with("adam lr 0.01 · batch 8"),
        "{table}"
    );
    assert_eq!(stderr(&out).lines().filter(|l| l.starts_with("done: ")).count(), 6);
    let png = std::fs::read(&plot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
}

#[test]
fn compares_muon_and_schedule_free_with_adamw() {
    // Muon needs a hidden matrix: two hidden layers. Every run trains (finite losses) and the
    // table has one row each.
    let out = downhill(&[
        "compare",
        &data("tiny3.csv"),
        "--target",
        "kind",
        "--hidden",
        "8,8",
        "--optimizers",
        "muon:0.02,schedule_free_adamw,schedule_free_sgd:0.05,adamw:0.01",
        "--batch-sizes",
        "8",
        "--epochs",
        "5",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let rows: Vec<&str> = table.lines().skip(1).collect();
    let names =
        ["muon lr 0.02", "schedule_free_adamw lr 0.0025", "schedule_free_sgd lr 0.05", "adamw lr 0.01"];
    assert_eq!(rows.len(), names.len(), "{table}");
    for (row, name) in rows.iter().zip(names) {
        let loss: f64 = row.split_whitespace().nth(6).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
        assert!(row.starts_with(name) && loss.is_finite() && loss < 1.5, "{table}");
    }
}

#[test]
fn a_run_that_diverged_says_so_in_the_table() {
    let args = ["--target", "kind", "--optimizers", "sgd:1e30,adam", "--epochs", "3"];
    let out = downhill(&[&["compare", &data("tiny3.csv")][..], &args[..]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let row = |name: &str| table.lines().find(|l| l.starts_with(name)).unwrap_or_default().to_owned();
    assert!(row("sgd lr").contains("diverged (epoch 1, batch "), "{table}");
    assert!(!row("adam lr").contains("diverged"), "{table}");
}

#[test]
fn bad_comparisons_name_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["--optimizers", "sgd,adma"], "--optimizers: unknown optimizer `adma`"),
        (&["--optimizers", "adam", "--batch-sizes", "full,0"], "--batch-sizes"),
        (&["--optimizers", "adam", "--epochs", "0"], "--epochs"),
        (&["--optimizers", "lbfgs"], "--optimizers"),
        (&["--optimizers", "adam", "--plot", "x.gif"], "--plot"),
        (&["--epochs", "3"], "needs --optimizers"),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["compare", "--target", "label"];
        let file = data("tiny.csv");
        args.push(&file);
        args.extend_from_slice(extra);
        let out = downhill(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(expected) && err.lines().count() == 1,
            "{args:?}: {err}"
        );
    }
}
