//! `downhill lr-find` and `train --lr auto` end to end on the shipped data: the range test's JSON
//! (rates growing exponentially, the suggestion one of the rates tried, between the flat start and
//! the divergence), its picture, the suggested rate landing in the trained model's settings, and
//! each misuse as a one-line error.
#![allow(clippy::unwrap_used)]
mod common;
use common::{downhill, f64s, scratch};
use serde_json::Value;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn shipped(name: &str) -> String {
    format!("{}/../../data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_range_test_reports_a_curve_a_suggestion_and_a_picture() {
    let dir = scratch("lr_find_wine");
    let picture = dir.join("lr.svg");
    let p = picture.to_str().unwrap();
    let wine = shipped("wine.csv");
    let args = ["lr-find", &wine, "--target", "cultivar", "--model", "mlp", "--plot", p, "--format", "json"];
    let out = downhill(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (lrs, smoothed) = (f64s(&doc["lrs"]), f64s(&doc["smoothed"]));
    // 178 rows in batches of 200 is one batch a pass: the 100-step floor.
    assert!(lrs.len() <= 100 && lrs.len() > 20, "{} steps", lrs.len());
    assert_eq!(smoothed.len(), lrs.len());
    // Equal ratios from 1e-8 towards 1: each 10^(8/99) ≈ 1.2045 times the last (f64, 1e-9 relative).
    let growth = 1e8f64.powf(1.0 / 99.0);
    assert!((lrs[0] - 1e-8).abs() < 1e-20);
    assert!(lrs.windows(2).all(|w| (w[1] / w[0] - growth).abs() < 1e-9 * growth));
    let suggestion = doc["suggestion"].as_f64().unwrap();
    assert!(lrs.contains(&suggestion), "the suggestion is a rate that was tried");
    assert!((1e-4..0.5).contains(&suggestion), "between the flat start and the blow-up: {suggestion}");
    let svg = std::fs::read_to_string(&picture).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("suggested lr"), "the picture marks the suggestion");

    let out = downhill(&["lr-find", &wine, "--target", "cultivar", "--model", "mlp"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("suggested lr: "), "{text}");
}

#[test]
fn train_lr_auto_trains_at_the_suggested_rate() {
    let dir = scratch("lr_auto_wine");
    let model = dir.join("wine.json");
    let m = model.to_str().unwrap();
    let wine = shipped("wine.csv");
    let find = downhill(&["lr-find", &wine, "--target", "cultivar", "--model", "mlp", "--format", "json"]);
    let suggestion = serde_json::from_slice::<Value>(&find.stdout).unwrap()["suggestion"].as_f64().unwrap();
    let args = ["train", &wine, "--target", "cultivar", "--model", "mlp", "--lr", "auto", "--epochs", "5"];
    let out = downhill(&[&args[..], &["--out", m]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("lr auto: "), "{}", stderr(&out));
    let inspect = downhill(&["inspect", m]);
    let text = String::from_utf8_lossy(&inspect.stdout);
    // The same test from the same seed: the model's stored rate is the suggestion, to the bit.
    assert!(text.contains(&format!("\"lr\":{suggestion},")), "{text}");
}

#[test]
fn misuse_is_a_one_line_error() {
    let wine = shipped("wine.csv");
    let cases: [(&[&str], &str); 10] = [
        (
            &["lr-find", &wine, "--target", "cultivar", "--out", "m.safetensors"],
            "--out does not apply to lr-find",
        ),
        (&["lr-find", &wine, "--target", "cultivar", "--epochs", "3"], "--epochs does not apply to lr-find"),
        (
            &["lr-find", &wine, "--target", "cultivar", "--health", "h.png"],
            "--health does not apply to lr-find",
        ),
        (&["lr-find", &wine, "--target", "cultivar", "--lr", "0.1"], "--lr does not apply to lr-find"),
        (&["lr-find", &wine, "--target", "cultivar", "--start-lr", "1", "--end-lr", "0.1"], "for --end-lr"),
        (&["lr-find", &wine, "--target", "cultivar", "--range-steps", "1"], "for --range-steps"),
        (
            &[
                "lr-find",
                &wine,
                "--target",
                "cultivar",
                "--optimizer",
                "sgd",
                "--start-lr",
                "100",
                "--end-lr",
                "1e9",
            ],
            "start lower",
        ),
        (&["optimize", "--function", "rosenbrock", "--optimizer", "adam", "--lr", "auto"], "--lr auto"),
        (&["lr-find", &wine, "--target", "cultivar"], "L-BFGS, which picks its own step lengths"),
        (&["train", &wine, "--target", "cultivar", "--lr", "fast"], "`fast` is not a number or `auto`"),
    ];
    for (args, expected) in cases {
        let out = downhill(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected) && err.trim().lines().count() == 1, "{args:?}: {err}");
    }
}

#[test]
fn lr_auto_refuses_a_peak_at_max_lr_warmed_up_or_not() {
    let dir = scratch("lr_auto_peak");
    let model = dir.join("wine.json");
    let wine = shipped("wine.csv");
    let args = ["train", &wine, "--target", "cultivar", "--model", "mlp", "--lr", "auto", "--max-lr", "0.1"];
    let args = [&args[..], &["--epochs", "1", "--out", model.to_str().unwrap()]].concat();
    for schedule in [&["--schedule", "onecycle"][..], &["--schedule", "cyclic", "--warmup-steps", "2"]] {
        let out = downhill(&[&args[..], schedule].concat());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{schedule:?}: {err}");
        assert!(err.contains("--lr auto does not combine with --schedule onecycle or cyclic"), "{err}");
        assert!(!model.exists(), "{schedule:?}: no model is written");
    }
}
