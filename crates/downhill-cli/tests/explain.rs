//! `downhill explain` end to end on synthetic tables where the informative columns are known: they
//! must rank first, for a regressor and for a classifier with an irrelevant categorical column (its
//! one-hot inputs summed back to one column); the per-row CSV, the JSON and the bad inputs; and
//! `train --select-features`, which must keep the informative columns.
#![allow(clippy::unwrap_used)]
mod common;
use common::{downhill, scratch};
use serde_json::Value;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// 300 rows of a, b, c, d uniform in [-1, 1] from a fixed LCG, a category among red/green/blue,
/// and the target `y(a, b, c, d)`.
fn table(path: &std::path::Path, y: impl Fn(f64, f64, f64, f64) -> String) {
    let mut state: u64 = 12345;
    let mut draw = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    };
    let mut csv = String::from("a,b,colour,c,d,y\n");
    for k in 0..300 {
        let (a, b, c, d) = (draw(), draw(), draw(), draw());
        let colour = ["red", "green", "blue"][k % 3];
        csv.push_str(&format!("{a:.4},{b:.4},{colour},{c:.4},{d:.4},{}\n", y(a, b, c, d)));
    }
    std::fs::write(path, csv).unwrap();
}

fn json(args: &[&str]) -> Value {
    let out = downhill(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ranking(doc: &Value) -> Vec<String> {
    doc["importance"].as_array().unwrap().iter().map(|i| i["feature"].as_str().unwrap().to_string()).collect()
}

/// The ranking without the categorical column.
fn numeric(order: &[String]) -> Vec<&str> {
    order.iter().map(String::as_str).filter(|c| *c != "colour").collect()
}

#[test]
fn the_informative_columns_rank_first_for_every_method() {
    let dir = scratch("explain_known");
    let (reg, cls) = (dir.join("reg.csv"), dir.join("cls.csv"));
    table(&reg, |a, _, c, _| format!("{:.4}", 3.0 * a - 2.0 * c));
    table(&cls, |_, b, _, d| (if b + 0.5 * d > 0.0 { "yes" } else { "no" }).to_string());
    let (reg_model, cls_model) = (dir.join("reg.json"), dir.join("cls.json"));
    for (data, model, extra) in [(&reg, &reg_model, "linear"), (&cls, &cls_model, "mlp")] {
        let out = downhill(&[
            "train",
            data.to_str().unwrap(),
            "--target",
            "y",
            "--model",
            extra,
            "--epochs",
            "60",
            "--seed",
            "1",
            "--out",
            model.to_str().unwrap(),
            "--quiet",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    for method in ["saliency", "input-x-gradient", "integrated-gradients", "smoothgrad"] {
        let (r, c) = (reg_model.to_str().unwrap(), cls_model.to_str().unwrap());
        let doc = json(&["explain", r, reg.to_str().unwrap(), "--method", method, "--format", "json"]);
        assert_eq!(doc["method"], method);
        assert_eq!(doc["rows"], 300);
        let order = ranking(&doc);
        assert_eq!(
            order.len(),
            5,
            "a, b, colour, c, d: the colour's one-hot inputs are one column: {order:?}"
        );
        assert_eq!(numeric(&order)[..2], ["a", "c"], "{method}: {doc}");
        let doc = json(&["explain", c, cls.to_str().unwrap(), "--method", method, "--format", "json"]);
        let order = ranking(&doc);
        assert_eq!(numeric(&order)[..2], ["b", "d"], "{method}: {doc}");
        // Saliency and smoothgrad measure sensitivity, whatever the input's value, and a one-hot
        // group adds up the sensitivities of its inputs; the methods that weigh by the input
        // (x ⊙ g, and integrated gradients' x − x′) rank the irrelevant colour below b and d.
        if !matches!(method, "saliency" | "smoothgrad") {
            assert_eq!(order[..2], ["b", "d"], "{method}: {doc}");
        }
        if method == "integrated-gradients" {
            // The path integral is exact but for the 50-node quadrature, which a relu network's
            // kinks leave a few hundredths off at most (here 0.026 on logits of order 10), and f32.
            let gap = &doc["completeness_gap"];
            assert!(
                gap["max_abs"].as_f64().unwrap() < 0.1 && gap["mean_abs"].as_f64().unwrap() < 0.02,
                "{doc}"
            );
        }
    }
}

#[test]
fn per_row_attributions_go_to_a_csv_and_bad_inputs_are_one_line_errors() {
    let dir = scratch("explain_rows");
    let data = dir.join("cls.csv");
    table(&data, |a, _, _, _| (if a > 0.0 { "yes" } else { "no" }).to_string());
    let model = dir.join("m.json");
    let (d, m) = (data.to_str().unwrap(), model.to_str().unwrap());
    let out = downhill(&["train", d, "--target", "y", "--model", "logistic", "--out", m, "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (rows, picture) = (dir.join("rows.csv"), dir.join("importance.svg"));
    let (r, p) = (rows.to_str().unwrap(), picture.to_str().unwrap());
    let out = downhill(&["explain", m, d, "--target", "yes", "--out", r, "--plot", p]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("rank") && text.contains("completeness gap") && text.contains("wrote"), "{text}");
    let svg = std::fs::read_to_string(&picture).unwrap();
    assert!(["a", "colour", "m.json: integrated-gradients"].iter().all(|l| svg.contains(l)), "the bar chart");
    let csv = std::fs::read_to_string(&rows).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!((lines.len(), lines[0]), (301, "row,class,a,b,colour,c,d"));
    assert!(
        lines[1].starts_with("1,yes,") && lines[300].starts_with("300,yes,"),
        "every row explains class yes"
    );
    // A logistic model's score for yes is linear in a with a positive weight (y is a > 0), so
    // integrated gradients from the zeros baseline give a an attribution that rises with a:
    // sorted by a, a's attributions must not fall (1e-5: f32 products of the same weight).
    let data_rows = std::fs::read_to_string(&data).unwrap();
    let a_values = data_rows.lines().skip(1).map(|l| l.split(',').next().unwrap().parse::<f64>().unwrap());
    let a_attr = lines[1..].iter().map(|l| l.split(',').nth(2).unwrap().parse::<f64>().unwrap());
    let mut pairs: Vec<(f64, f64)> = a_values.zip(a_attr).collect();
    pairs.sort_by(|p, q| p.0.total_cmp(&q.0));
    assert!(pairs.windows(2).all(|w| w[1].1 >= w[0].1 - 1e-5), "attributions of a rise with a");
    assert!(pairs[0].1 < 0.0 && pairs[299].1 > 0.0, "below the baseline they are negative, above positive");
    for (args, wanted) in [
        (vec!["--method", "gradcam"], vec!["--method", "integrated-gradients"]),
        (vec!["--steps", "0"], vec!["--steps", ">= 1"]),
        (vec!["--stdevs", "-1"], vec!["--stdevs", "> 0"]),
        (vec!["--baseline", "median"], vec!["--baseline", "zeros or mean"]),
        (vec!["--target", "maybe"], vec!["--target maybe", "yes"]),
        (vec!["--plot", "bars.jpg"], vec!["--plot", ".png or .svg"]),
    ] {
        let mut all = vec!["explain", m, d];
        all.extend(args);
        let out = downhill(&all);
        let e = stderr(&out);
        assert!(!out.status.success() && e.trim_end().lines().count() == 1, "{all:?}: {e}");
        assert!(wanted.iter().all(|w| e.contains(w)), "{all:?}: {e}");
    }
}

#[test]
fn select_features_keeps_the_informative_columns_and_reports_both_test_metrics() {
    let dir = scratch("explain_select");
    let data = dir.join("reg.csv");
    table(&data, |a, _, c, _| format!("{:.4}", 3.0 * a - 2.0 * c));
    let model = dir.join("two.json");
    let (d, m) = (data.to_str().unwrap(), model.to_str().unwrap());
    let train = |extra: &[&str]| {
        let mut args =
            vec!["train", d, "--target", "y", "--model", "linear", "--test-fraction", "0.25", "-q"];
        args.extend_from_slice(extra);
        args.extend(["--out", m]);
        downhill(&args)
    };
    let out = train(&["--select-features", "2"]);
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(out.status.success() && text.is_empty(), "quiet: {text}{}", stderr(&out));
    let args = ["train", d, "--target", "y", "--model", "linear", "--test-fraction", "0.25"];
    let out = downhill(&[&args[..], &["--select-features", "2", "--out", m]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("kept 2 of 5 columns: a, c"), "{text}");
    // y is linear in a and c: the least-squares fit on them is as good as on all columns.
    let line = text.lines().find(|l| l.starts_with("test r2:")).unwrap();
    let r2: Vec<f64> = line.split_whitespace().filter_map(|w| w.trim_end_matches(',').parse().ok()).collect();
    assert!(r2.len() == 4 && r2[1] > 0.99 && r2[3] > 0.99, "{line}");
    // The written model reads a and c only.
    let inspect = String::from_utf8(downhill(&["inspect", m]).stdout).unwrap();
    assert!(inspect.contains("features       2"), "{inspect}");
    for (extra, wanted) in [
        (vec!["--select-features", "9"], "--select-features"),
        (vec!["--select-features", "0"], "--select-features"),
    ] {
        let e = stderr(&train(&extra));
        assert!(e.contains(wanted) && e.trim_end().lines().count() == 1, "{e}");
    }
    let out = downhill(&["train", d, "--target", "y", "--select-features", "2", "--out", m]);
    assert!(stderr(&out).contains("--test-fraction"), "{}", stderr(&out));
}
