//! `train --restarts N` (issue 14, local minima): N seeds, the lowest final loss kept and written,
//! the spread reported, and the many-basins finding on a deliberately fragile net but not on a
//! healthy one (the measurements behind its threshold are in downhill-learn's basins.rs).
mod common;
use common::{arg, downhill, ok, scratch, stderr, stdout};
use serde_json::Value;

fn shipped(name: &str) -> String {
    format!("{}/../../data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `train iris.csv --model mlp` with `extra`, writing `out`.
fn iris(out: &str, extra: &[&str]) -> std::process::Output {
    let data = shipped("iris.csv");
    let args = [&["train", &data, "--target", "species", "--model", "mlp", "--out", out][..], extra].concat();
    downhill(&args)
}

#[test]
fn three_restarts_name_each_seed_keep_the_lowest_and_write_a_model_that_works() {
    let dir = scratch("restarts_three");
    let out = arg(&dir.join("m.safetensors"));
    let run =
        iris(&out, &["--restarts", "3", "--seed", "5", "--epochs", "20", "--validation-fraction", "0.2"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = stdout(&run);
    assert!(text.starts_with("restarts: 3 from seed 5, by final validation loss\n"), "{text}");
    // One line per seed with its final loss; exactly one is kept, and it has the lowest loss.
    let rows: Vec<(u64, f64, bool)> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("seed "))
        .map(|l| {
            let mut w = l.split_whitespace();
            let seed = w.next().and_then(|s| s.parse().ok()).expect("a seed");
            let loss = w.next().and_then(|s| s.parse().ok()).expect("a loss");
            (seed, loss, l.ends_with("kept"))
        })
        .collect();
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [5, 6, 7], "{text}");
    let kept: Vec<&(u64, f64, bool)> = rows.iter().filter(|r| r.2).collect();
    assert_eq!(kept.len(), 1, "{text}");
    assert!(rows.iter().all(|r| r.1 >= kept[0].1), "{text}");
    assert!(text.contains("\nspread: best ") && text.contains("% of the descent"), "{text}");
    // Each restart is announced on stderr; the summary below is the kept run's.
    assert!(stderr(&run).contains("restart 3/3: seed 7\n"), "{}", stderr(&run));
    assert!(text.contains(&format!("validation loss {:.4}", kept[0].1)), "{text}");
    // The model file is the kept run's: its seed, the validation rows of --seed, and it predicts.
    let inspect = ok(&["inspect", &out]);
    let field =
        |name: &str| inspect.lines().find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()));
    assert_eq!(field("seed "), Some(kept[0].0.to_string()), "{inspect}");
    // Seed 6 is kept here, so the file records that its validation rows are those of seed 5.
    assert_eq!(field("split_seed "), Some("5".into()), "{inspect}");
    let predictions = ok(&["predict", &out, &shipped("iris.csv")]);
    assert_eq!(predictions.lines().count(), 151, "a header and one line per row");
}

#[test]
fn one_restart_is_the_run_without_restarts() {
    let dir = scratch("restarts_one");
    let out = arg(&dir.join("m.safetensors"));
    let plain = stdout(&iris(&out, &["--epochs", "5"]));
    let one = stdout(&iris(&out, &["--epochs", "5", "--restarts", "1"]));
    let last = |t: &str| t.lines().find(|l| l.starts_with("final epoch")).map(String::from);
    assert!(last(&plain).is_some() && last(&plain) == last(&one), "{plain}\n{one}");
    assert!(!one.contains("restarts:"), "{one}");
}

#[test]
fn a_fragile_net_is_flagged_as_many_basins_and_a_healthy_one_is_not() {
    let dir = scratch("restarts_basins");
    let out = arg(&dir.join("m.safetensors"));
    // One hidden unit on iris at lr 0.01: measured 0.34 to 0.53, 58 % above the best and 18.5 % of
    // the descent, beyond both 10 % thresholds.
    let fragile = iris(&out, &["--hidden", "1", "--lr", "0.01", "--restarts", "5", "--format", "json"]);
    assert!(fragile.status.success(), "{}", stderr(&fragile));
    let doc: Value = serde_json::from_slice(&fragile.stdout).expect("one JSON document");
    let findings = doc["findings"].as_array().expect("findings");
    let basins = findings.iter().find(|f| f["kind"] == "many_basins").expect("a many-basins finding");
    assert_eq!(basins["runs"].as_u64(), Some(5));
    assert!(basins["message"].as_str().is_some_and(|m| m.contains("depends on the seed")), "{basins}");
    assert!(stderr(&fragile).contains("warning: the 5 restarts ended in different basins"));
    let r = &doc["restarts"];
    assert_eq!(r["runs"].as_array().map(Vec::len), Some(5));
    let share = r["share"].as_f64().expect("share");
    assert!(share > 0.10 && r["spread"].as_f64().is_some_and(|s| s > 0.10), "{r}");
    // The finding is stored with the model and listed by inspect.
    let listed = ok(&["inspect", &out]);
    assert!(listed.contains("findings") && listed.contains("ended in different basins"), "{listed}");
    // The default net (100 hidden units, 200 epochs): measured 2.3 % of the descent.
    let healthy = iris(&out, &["--restarts", "5", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&healthy.stdout).expect("one JSON document");
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(0), "{}", doc["findings"]);
    assert!(doc["restarts"]["share"].as_f64().is_some_and(|s| s < 0.05), "{}", doc["restarts"]);
}

#[test]
fn restarts_refuse_what_cannot_run_n_times_and_keep_one() {
    let dir = scratch("restarts_refused");
    let out = arg(&dir.join("m.safetensors"));
    let ckpt = arg(&dir.join("c.safetensors"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--restarts", "0"], "invalid value `0` for --restarts; accepted: integers >= 1"),
        (vec!["--restarts", "2", "--resume", &ckpt], "--restarts 2 does not combine with --resume"),
        (vec!["--restarts", "2", "--checkpoint-every", "1"], "does not combine with --checkpoint-every"),
        (
            vec!["--restarts", "2", "--select-features", "2", "--test-fraction", "0.2"],
            "with --select-features",
        ),
        (vec!["--restarts", "2", "--stream"], "does not combine with --stream"),
        (vec!["--restarts", "2", "--init-from", &ckpt], "does not combine with --init-from"),
    ];
    for (extra, message) in cases {
        let run = iris(&out, &extra);
        assert_eq!(run.status.code(), Some(2), "{extra:?}");
        assert!(stderr(&run).contains(message), "{extra:?}: {}", stderr(&run));
        assert!(stdout(&run).is_empty(), "{extra:?}");
    }
    let text = shipped("tinyshakespeare.txt");
    let run = downhill(&["train", &text, "--restarts", "2", "--out", &out]);
    assert!(stderr(&run).contains("does not combine with a .txt file"), "{}", stderr(&run));
    for command in ["lr-find", "tune"] {
        let run = downhill(&[command, &shipped("iris.csv"), "--target", "species", "--restarts", "2"]);
        assert!(
            stderr(&run).contains(&format!("--restarts does not apply to {command}")),
            "{}",
            stderr(&run)
        );
    }
}
