//! `downhill tune` end to end on wine: successive halving's rungs in the per-trial CSV, the best
//! model written with the winner's settings, a trial reproduced to the bit by `downhill train`
//! with its flags (the trials ran side by side on two threads), a grid's points, and each bad
//! space or flag as a one-line error.
#![allow(clippy::unwrap_used)]
mod common;
use common::{downhill, scratch};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn wine() -> String {
    format!("{}/../../data/wine.csv", env!("CARGO_MANIFEST_DIR"))
}

/// A CSV line's fields, commas inside double quotes kept (the quotes dropped).
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    out.push(field);
    out
}

const SPACE: &str = "lr=loguniform(1e-4,1e-1), batch_size=choice(16,64), hidden=choice(8,\"16,8\")";

#[test]
fn halving_trains_rungs_and_a_trial_is_reproduced_by_train() {
    let dir = scratch("tune_wine_halving");
    let (model, csv, picture) = (dir.join("best.json"), dir.join("trials.csv"), dir.join("tune.svg"));
    let (m, c, p) = (model.to_str().unwrap(), csv.to_str().unwrap(), picture.to_str().unwrap());
    let data = wine();
    let args = [
        "tune",
        &data,
        "--target",
        "cultivar",
        "--model",
        "mlp",
        "--epochs",
        "30",
        "--space",
        SPACE,
        "--strategy",
        "halving",
        "--trials",
        "9",
        "--jobs",
        "2",
        "--out",
        m,
        "--results",
        c,
        "--plot",
        p,
    ];
    let out = downhill(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<Vec<String>> = text.lines().skip(1).map(fields).collect();
    assert_eq!(text.lines().next().unwrap(), "trial,rung,epochs,lr,batch_size,hidden,val_accuracy,seconds");
    // 9 configurations, η = 3, 30 epochs: rungs of 9, 3 and 1 trials, budgets 3, 10 and 30 epochs.
    let per_rung: Vec<usize> =
        (0..3).map(|k| rows.iter().filter(|r| r[1] == k.to_string()).count()).collect();
    assert_eq!(per_rung, [9, 3, 1]);
    assert!(rows
        .iter()
        .all(|r| r[2].parse::<usize>().unwrap() <= [3, 10, 30][r[1].parse::<usize>().unwrap()]));
    // A choice holding a comma is one quoted CSV field.
    assert!(rows.iter().all(|r| r.len() == 8 && ["8", "16,8"].contains(&r[5].as_str())), "{text}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("best: trial ") && stdout.contains("epochs trained: "), "{stdout}");
    assert!(std::fs::read_to_string(&picture).unwrap().contains("rung 2"));

    // The winner (the one trial of the last rung) is the model written, with its lr.
    let last = rows.iter().find(|r| r[1] == "2").unwrap();
    let inspect = String::from_utf8_lossy(&downhill(&["inspect", m]).stdout).into_owned();
    assert!(inspect.contains(&format!("\"lr\":{},", last[3])), "{inspect}");

    // The same trial through train: the tune command's flags, the trial's values, the held-out
    // validation rows and the rule tune adds. The validation accuracy is the same to the bit.
    let again = dir.join("again.json");
    let a = again.to_str().unwrap();
    let train = [
        "train",
        &data,
        "--target",
        "cultivar",
        "--model",
        "mlp",
        "--epochs",
        "30",
        "--lr",
        &last[3],
        "--batch-size",
        &last[4],
        "--hidden",
        &last[5],
        "--validation-fraction",
        "0.2",
        "--tol-monitor",
        "train-loss",
        "--out",
        a,
        "-q",
    ];
    let out = downhill(&train);
    assert!(out.status.success(), "{}", stderr(&out));
    let inspect = String::from_utf8_lossy(&downhill(&["inspect", a]).stdout).into_owned();
    let want: f64 = last[6].parse().unwrap();
    assert!(inspect.contains(&format!("\"val_metric\":{want}")), "{want} in {inspect}");
}

#[test]
fn a_grid_trains_every_point() {
    let dir = scratch("tune_wine_grid");
    let (csv, model) = (dir.join("grid.csv"), dir.join("m.json"));
    let data = wine();
    let args = [
        "tune",
        &data,
        "--target",
        "cultivar",
        "--optimizer",
        "adam",
        "--epochs",
        "5",
        "--space",
        "lr=loguniform(1e-3,1e-1), batch_size=choice(16,32)",
        "--strategy",
        "grid",
        "--out",
        model.to_str().unwrap(),
        "--results",
        csv.to_str().unwrap(),
        "-q",
    ];
    let out = downhill(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut points: Vec<String> =
        text.lines().skip(1).map(|l| l.split(',').skip(3).take(2).collect::<Vec<_>>().join("/")).collect();
    points.sort();
    assert_eq!(points, ["0.001/16", "0.001/32", "0.01/16", "0.01/32", "0.1/16", "0.1/32"]);
}

#[test]
fn bad_spaces_and_flags_are_one_line_errors() {
    let data = wine();
    let base = ["tune", data.as_str(), "--target", "cultivar", "--model", "mlp"];
    let cases: [(&[&str], &str); 9] = [
        (&["--space", ""], "--space"),
        (&["--space", "lr=loguniform(0,1)"], "invalid value `loguniform(0,1)` for --space"),
        (&["--space", "lr=normal(0,1)"], "normal(0,1)"),
        (&["--space", "colour=choice(1,2)"], "`colour` is not a flag of downhill train"),
        (&["--space", "seed=choice(1,2)"], "`seed` stays the same in every trial"),
        (&["--space", "lr=loguniform(1e-3,1e-1)", "--lr", "0.1"], "also given as --lr"),
        (&["--space", "epochs=choice(5,10)", "--strategy", "halving"], "set by halving"),
        (&["--space", "lr=choice(fast)"], "trial 0 (lr=fast)"),
        (&["--space", "lr=choice(0.1)", "--metrics", "m.csv"], "--metrics does not apply to tune"),
    ];
    for (extra, expected) in cases {
        let args: Vec<&str> = base.iter().copied().chain(extra.iter().copied()).collect();
        let out = downhill(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(expected) && err.trim().lines().count() == 1, "{extra:?}: {err}");
    }
}
