//! The common problems of gradient descent, diagnosed in `train` (issue 14): gradients that vanish
//! through depth (the textbook 8-layer sigmoid network), and a diverged run that exits 3 and keeps
//! its last finite parameters under a name that says so.
mod common;
use common::{arg, downhill, scratch, stderr, stdout};

fn digits() -> String {
    format!("{}/../../data/digits.csv", env!("CARGO_MANIFEST_DIR"))
}

/// `downhill train` on the shipped digits with `--target digit --model mlp` and `extra`.
fn digits_mlp(extra: &[&str]) -> std::process::Output {
    let data = digits();
    downhill(&[&["train", data.as_str(), "--target", "digit", "--model", "mlp"][..], extra].concat())
}

/// The run: 8 hidden layers of 64, SGD at 0.01, 5 epochs, plus `extra`; (status, stderr, final loss).
fn deep(dir: &std::path::Path, extra: &[&str]) -> (Option<i32>, String, f64) {
    let out = arg(&dir.join("deep.safetensors"));
    let mut args = vec!["--hidden", "64,64,64,64,64,64,64,64"];
    args.extend(["--optimizer", "sgd", "--lr", "0.01", "--epochs", "5", "--out", &out]);
    args.extend(extra);
    let run = digits_mlp(&args);
    let summary = stdout(&run);
    let loss = summary
        .lines()
        .find_map(|l| l.strip_prefix("final epoch 5: train_loss "))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN);
    (run.status.code(), stderr(&run), loss)
}

#[test]
fn the_deep_sigmoid_net_is_flagged_in_its_first_epoch_and_its_cures_are_not() {
    let dir = scratch("health_deep");
    let picture = arg(&dir.join("health.png"));
    let (code, err, loss) = deep(&dir, &["--activation", "sigmoid", "--health", &picture]);
    assert_eq!(code, Some(0));
    let png = std::fs::read(&picture).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "--health draws a picture");
    assert!(err.contains("warning: gradients vanish through depth (epoch 1)"), "{err}");
    assert!(err.contains("--activation relu with --init he-uniform"), "{err}");
    // It is stuck above chance, ln 10 = 2.303.
    assert!(loss > 2.303, "final loss {loss}");
    // The model file keeps the finding, and inspect lists it.
    let inspect = downhill(&["inspect", &arg(&dir.join("deep.safetensors"))]);
    let listed = stdout(&inspect);
    assert!(
        listed.contains("findings") && listed.contains("gradients vanish through depth (epoch 1)"),
        "{listed}"
    );
    for cure in
        [&["--activation", "relu", "--init", "he-uniform"][..], &["--activation", "sigmoid", "--batch-norm"]]
    {
        let (code, err, loss) = deep(&dir, cure);
        assert_eq!(code, Some(0));
        assert!(!err.contains("vanish"), "{cure:?}: {err}");
        assert!(loss < 2.2, "{cure:?} learns: final loss {loss}");
    }
}

#[test]
fn a_diverged_run_exits_3_and_keeps_its_last_finite_parameters_aside() {
    let dir = scratch("health_diverged");
    let (out, kept) = (dir.join("m.safetensors"), dir.join("m.diverged.safetensors"));
    let data = digits();
    let run = digits_mlp(&["--optimizer", "sgd", "--lr", "1e4", "--epochs", "3", "--out", &arg(&out)]);
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    assert!(stdout(&run).contains("the loss became non-finite"), "{}", stdout(&run));
    let last = stderr(&run).lines().last().unwrap_or_default().to_string();
    assert_eq!(
        last,
        format!(
            "error: training diverged; its last finite parameters are in {}, not in --out",
            kept.display()
        )
    );
    assert!(!out.exists() && kept.exists());
    // The kept model is a model: it predicts.
    let predict = downhill(&["predict", &arg(&kept), &data]);
    assert!(predict.status.success(), "{}", stderr(&predict));
}

#[test]
fn every_configuration_of_the_readme_results_table_trains_without_a_finding() {
    // The table under "Figures from `train` with a held-out test split" in the README.
    let dir = scratch("health_readme");
    let out = arg(&dir.join("m.safetensors"));
    let shipped = |name: &str| format!("{}/../../data/{name}", env!("CARGO_MANIFEST_DIR"));
    let mnist = shipped("mnist-10k-images-idx3-ubyte.gz");
    let mnist_mlp = ["--model", "mlp", "--hidden", "256,128", "--epochs", "10", "--scale", "minmax"];
    let runs: Vec<Vec<&str>> = vec![
        [&[mnist.as_str(), "--optimizer", "adam", "--lr", "1e-3", "--batch-size", "128"][..], &mnist_mlp]
            .concat(),
        [
            &[
                mnist.as_str(),
                "--optimizer",
                "sgd",
                "--momentum",
                "0.9",
                "--lr",
                "0.05",
                "--batch-size",
                "32",
            ][..],
            &mnist_mlp,
        ]
        .concat(),
    ];
    let mnist_split = ["--test-rows", "8000..10000"];
    let (bc, iris, wine, digits, diabetes) = (
        shipped("breast_cancer.csv"),
        shipped("iris.csv"),
        shipped("wine.csv"),
        digits(),
        shipped("diabetes.csv"),
    );
    let tables: Vec<Vec<&str>> = vec![
        vec![&bc, "--target", "diagnosis", "--test-fraction", "0.2"],
        vec![&iris, "--target", "species", "--test-fraction", "0.2"],
        vec![&wine, "--target", "cultivar", "--test-fraction", "0.2"],
        vec![&digits, "--target", "digit", "--test-fraction", "0.2"],
        vec![&digits, "--target", "digit", "--test-fraction", "0.2", "--model", "mlp"],
        vec![&diabetes, "--target", "progression", "--test-rows", "354..442"],
    ];
    let all = runs.into_iter().map(|r| [&r[..], &mnist_split[..]].concat()).chain(tables);
    for flags in all {
        let args = [&["train"][..], &flags, &["--out", &out, "--quiet"]].concat();
        let run = downhill(&args);
        assert!(run.status.success(), "{flags:?}: {}", stderr(&run));
        assert!(stderr(&run).is_empty(), "{flags:?} has a finding: {}", stderr(&run));
    }
}

#[test]
fn a_deliberately_overfitting_run_is_flagged() {
    // The digits MLP for 2,000 epochs with no penalty, a fifth held out for validation.
    let dir = scratch("health_overfit");
    let out = arg(&dir.join("m.safetensors"));
    let run = digits_mlp(&[
        "--l2",
        "0",
        "--epochs",
        "2000",
        "--tol",
        "none",
        "--validation-fraction",
        "0.2",
        "--out",
        &out,
        "--quiet",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(err.contains("warning: overfitting (epoch ") && err.contains("--early-stopping"), "{err}");
}

#[test]
fn mnist_at_lr_10_is_flagged_as_exploding_before_it_diverges() {
    let dir = scratch("health_explode");
    let mnist = format!("{}/../../data/mnist-10k-images-idx3-ubyte.gz", env!("CARGO_MANIFEST_DIR"));
    let run = downhill(&[
        "train",
        &mnist,
        "--model",
        "mlp",
        "--hidden",
        "256,128",
        "--optimizer",
        "sgd",
        "--lr",
        "10",
        "--batch-size",
        "128",
        "--epochs",
        "3",
        "--scale",
        "minmax",
        "--test-rows",
        "8000..10000",
        "--out",
        &arg(&dir.join("m.safetensors")),
    ]);
    assert_eq!(run.status.code(), Some(3));
    let number_after = |text: &str, key: &str| -> usize {
        let at = text.find(key).unwrap_or_else(|| panic!("{key:?} in {text}")) + key.len();
        text[at..].split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    let err = stderr(&run);
    assert!(err.contains("warning: gradients of layers.0 explode"), "{err}");
    let exploded_at = number_after(&err, "from batch ");
    let diverged_at = number_after(&stdout(&run), "non-finite at epoch 1, batch ");
    assert!(exploded_at < diverged_at, "flagged at batch {exploded_at}, diverged at {diverged_at}");
}

#[test]
fn a_net_started_at_zero_sits_on_a_plateau_and_the_metrics_csv_carries_the_monitor() {
    // Zero weights: every hidden unit is 0, so only the output bias learns, and the loss stays at
    // ln 10 (a saddle point).
    let dir = scratch("health_plateau");
    let metrics = dir.join("m.csv");
    let run = digits_mlp(&[
        "--hidden",
        "32",
        "--activation",
        "tanh",
        "--init",
        "zeros",
        "--optimizer",
        "sgd",
        "--lr",
        "0.01",
        "--epochs",
        "8",
        "--tol",
        "none",
        "--metrics",
        &arg(&metrics),
        "--out",
        &arg(&dir.join("m.safetensors")),
        "--quiet",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(err.contains("warning: a plateau (epoch 6)") && err.contains("--momentum 0.9"), "{err}");
    let csv = std::fs::read_to_string(&metrics).unwrap();
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "epoch,seconds,lr,train_loss,val_loss,val_accuracy,grad_norm.layers.0,grad_norm.layers.2,\
         saturated.layers.1,act_mean.layers.1,act_std.layers.1,findings"
    );
    // The findings column names each finding in the epoch it was found; zero weights have no
    // update ratio (‖w‖ = 0), and every unit outputs tanh(0) = 0 exactly.
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][11], "vanishing_gradient;vanishing_through_depth");
    assert_eq!((rows[5][11], rows[5][9], rows[5][10]), ("plateau", "0.0", "0.0"));
    assert!(rows.iter().enumerate().all(|(i, r)| i == 0 || i == 5 || r[11].is_empty()), "{csv}");
}
