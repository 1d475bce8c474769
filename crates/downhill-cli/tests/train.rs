//! `downhill train` end to end on tiny files: the model, metrics CSV and plot it writes, its summary,
//! quiet and config-file runs, defaults that follow the task, and Ctrl-C.
mod common;
use common::{arg, data, downhill, ok, scratch, stderr, stdout};

#[test]
fn trains_writes_every_output_and_reports_test_metrics() {
    let dir = scratch("train_outputs");
    let (model, metrics, plot) = (dir.join("m.safetensors"), dir.join("epochs.csv"), dir.join("curves.png"));
    let out = downhill(&[
        "train",
        &data("tiny.csv"),
        "--target",
        "label",
        "--optimizer",
        "adam",
        "--epochs",
        "6",
        "--validation-fraction",
        "0.25",
        "--test-fraction",
        "0.25",
        "--out",
        &arg(&model),
        "--metrics",
        &arg(&metrics),
        "--plot",
        &arg(&plot),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    for part in [
        "stopped: reached the maximum of 6 epochs",
        "best epoch:",
        "val_accuracy",
        "test (10 rows): accuracy",
        "time:",
    ] {
        assert!(summary.contains(part), "missing `{part}` in:\n{summary}");
    }
    assert_eq!(
        stderr(&out).lines().filter(|l| l.starts_with("epoch ")).count(),
        6,
        "one plain line per epoch"
    );
    let csv = std::fs::read_to_string(&metrics).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "epoch,seconds,lr,train_loss,val_loss,val_accuracy,grad_norm.layers.0,update_ratio.layers.0,findings"
    );
    assert_eq!(lines.len(), 7);
    // The logistic model starts at zero weights, so its first epoch's one step has no update
    // ratio (‖w‖ = 0); it found nothing.
    let fields: Vec<&str> = lines[1].split(',').collect();
    assert!(lines[1].starts_with("1,") && fields[..7].iter().all(|f| !f.is_empty()), "{}", lines[1]);
    assert!(lines.iter().skip(1).all(|l| l.ends_with(',')), "no findings: {csv}");
    let png = std::fs::read(&plot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
    let bytes = std::fs::read(&model).unwrap();
    assert!(String::from_utf8_lossy(&bytes[..4096.min(bytes.len())]).contains("downhill-model"));
    let leftovers: Vec<_> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 3, "no temporary files remain: {leftovers:?}");
}

#[test]
fn quiet_prints_nothing_and_the_model_defaults_follow_the_task() {
    let dir = scratch("train_defaults");
    let cases = [
        ("tiny.csv", "label", "logistic_regression"),
        ("tiny3.csv", "kind", "softmax_regression"),
        ("tiny_reg.csv", "y", "linear_regression"),
    ];
    for (file, target, estimator) in cases {
        let model = dir.join(format!("{target}.safetensors"));
        let out = downhill(&[
            "train",
            &data(file),
            "--target",
            target,
            "--epochs",
            "3",
            "--quiet",
            "--out",
            &arg(&model),
        ]);
        assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(), "{}", stderr(&out));
        assert!(ok(&["inspect", &arg(&model)]).contains(estimator), "{file}");
    }
}

#[test]
fn mlp_with_every_descent_flag_group_trains() {
    let dir = scratch("train_mlp");
    let out = ok(&[
        "train",
        &data("tiny3.csv"),
        "--target",
        "kind",
        "--model",
        "mlp",
        "--hidden",
        "8,4",
        "--activation",
        "tanh",
        "--batch-norm",
        "--dropout",
        "0.1",
        "--optimizer",
        "sgd",
        "--lr",
        "0.1",
        "--momentum",
        "0.9",
        "--nesterov",
        "--schedule",
        "cosine",
        "--warmup-steps",
        "2",
        "--clip-norm",
        "5",
        "--l2",
        "1e-3",
        "--batch-size",
        "8",
        "--epochs",
        "5",
        "--tol",
        "none",
        "--schedule-per",
        "batch",
        "--out",
        &arg(&dir.join("m.safetensors")),
    ]);
    assert!(out.contains("reached the maximum of 5 epochs"), "{out}");
    let inspect = ok(&["inspect", &arg(&dir.join("m.safetensors"))]);
    assert!(
        inspect.contains("mlp_classifier")
            && inspect.contains("\"nesterov\":true")
            && inspect.contains("cosine"),
        "{inspect}"
    );
}

#[test]
fn a_config_file_supplies_flags_and_the_command_line_wins() {
    let dir = scratch("train_config");
    let model = dir.join("m.safetensors");
    let out = ok(&[
        "train",
        &data("tiny.csv"),
        "--config",
        &data("run.toml"),
        "--epochs",
        "2",
        "--out",
        &arg(&model),
    ]);
    assert!(out.contains("reached the maximum of 2 epochs"), "--epochs on the command line wins: {out}");
    let inspect = ok(&["inspect", &arg(&model)]);
    assert!(
        inspect.contains("mlp_classifier") && inspect.contains("\"lr\":0.1") && inspect.contains("full"),
        "{inspect}"
    );
    let out =
        downhill(&["train", &data("tiny.csv"), "--config", &data("bad_key.toml"), "--out", &arg(&model)]);
    let err = stderr(&out);
    assert!(
        !out.status.success() && err.contains("bad_key.toml") && err.contains("unknown key `learning_rate`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    // A value the flag's parser refuses names the file it came from.
    let bad_value = dir.join("bad_value.toml");
    std::fs::write(&bad_value, "epochs = \"three\"\ntarget = \"label\"\n").unwrap();
    let out = downhill(&["train", &data("tiny.csv"), "--config", &arg(&bad_value), "--out", &arg(&model)]);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: ") && err.contains("bad_value.toml: invalid value 'three' for '--epochs"),
        "{err}"
    );
    assert_eq!((out.status.code(), err.lines().count()), (Some(2), 1), "{err}");
    let out = downhill(&["train", &data("tiny.csv"), "--config", "no-such.toml"]);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: no-such.toml: --config cannot read it") && err.contains("check the path"),
        "{err}"
    );
}

#[test]
fn pair_options_come_from_a_config_file_and_the_model_file_keeps_them() {
    // torch's tuples (Rprop's etas and step_sizes) are TOML arrays, flags `A,B` and JSON arrays.
    let dir = scratch("train_pairs");
    let (config, model) = (dir.join("rprop.toml"), dir.join("m.safetensors"));
    let toml = "target = \"label\"\noptimizer = \"rprop\"\netas = [0.3, 1.5]\nstep-sizes = [1e-4, 0.02]\n";
    std::fs::write(&config, toml).expect("config written");
    ok(&["train", &data("tiny.csv"), "--config", &arg(&config), "--epochs", "2", "--out", &arg(&model)]);
    let inspect = ok(&["inspect", &arg(&model)]);
    assert!(
        inspect.contains(r#""etas":[0.3,1.5]"#) && inspect.contains(r#""step_sizes":[0.0001,0.02]"#),
        "{inspect}"
    );
}

#[test]
fn idx_data_takes_its_labels_and_test_rows_by_range() {
    let dir = scratch("train_idx");
    let images = format!("{}/../../data/mnist-10k-images-idx3-ubyte.gz", env!("CARGO_MANIFEST_DIR"));
    let out = ok(&[
        "train",
        &images,
        "--model",
        "softmax",
        "--optimizer",
        "adam",
        "--epochs",
        "1",
        "--batch-size",
        "64",
        "--test-rows",
        "9800..10000",
        "--scale",
        "minmax",
        "--out",
        &arg(&dir.join("m.safetensors")),
    ]);
    assert!(out.contains("test (200 rows): accuracy"), "{out}");
    let acc: f64 =
        out.split("accuracy ").nth(1).and_then(|s| s.split_whitespace().next()).unwrap().parse().unwrap();
    assert!(acc > 0.8, "one epoch of softmax regression on 9,800 digits: {acc}");
}

#[test]
fn ctrl_c_stops_after_the_batch_and_still_writes_the_model() {
    use std::io::BufRead;
    let dir = scratch("train_interrupt");
    let model = dir.join("m.safetensors");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_downhill"))
        .args([
            "train",
            &data("tiny.csv"),
            "--target",
            "label",
            "--optimizer",
            "sgd",
            "--epochs",
            "1000000",
            "--batch-size",
            "1",
        ])
        .args(["--tol", "none", "--out", &arg(&model)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    // the handler is installed before training starts, so after the first epoch line Ctrl-C is a clean stop
    let first = lines.next().unwrap().unwrap();
    assert!(first.starts_with("epoch 1/"), "{first}");
    let killed = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{rest:?}");
    assert!(rest.iter().any(|l| l.contains("interrupted: stopping after this batch")), "{rest:?}");
    assert!(stdout(&out).contains("stopped: interrupted at epoch"), "{}", stdout(&out));
    assert!(ok(&["inspect", &arg(&model)]).contains("interrupted"));
}

#[test]
fn resuming_from_a_checkpoint_writes_a_bit_identical_model() {
    // Adam (the MLP's default); Muon on the hidden matrix with AdamW on the rest (two hidden
    // layers: one hidden matrix); Schedule-Free, whose written model is x, not the iterate.
    resumes_bit_identically("adam", &["--hidden", "6"]);
    resumes_bit_identically("muon", &["--hidden", "6,6", "--optimizer", "muon", "--lr", "0.02"]);
    resumes_bit_identically("sf_adamw", &["--hidden", "6", "--optimizer", "schedule_free_adamw"]);
    resumes_bit_identically("sf_sgd", &["--hidden", "6", "--optimizer", "schedule_free_sgd", "--lr", "0.05"]);
    // Lookahead's slow weights are in the state: checkpoint at epoch 6 falls between two syncs.
    resumes_bit_identically("lookahead", &["--hidden", "6", "--optimizer", "sgd", "--lookahead-k", "4"]);
    // The moving average of the weights is in the state too; the written model is the average.
    resumes_bit_identically("ema", &["--hidden", "6", "--ema", "0.9"]);
    // So is the stochastic weight average (from epoch 5, so the checkpoint at epoch 6 holds an
    // average of two epochs and a SWALR rate after the step schedule); update_bn runs at the end.
    resumes_bit_identically(
        "swa",
        &["--hidden", "6", "--optimizer", "sgd", "--swa-start", "5", "--swa-lr", "0.02"],
    );
}

fn resumes_bit_identically(name: &str, optimizer: &[&str]) {
    let dir = scratch(&format!("train_resume_{name}"));
    let (full, ckpt, resumed) =
        (dir.join("full.safetensors"), dir.join("run.ckpt"), dir.join("resumed.safetensors"));
    let base = [
        "train",
        &data("tiny3.csv"),
        "--target",
        "kind",
        "--model",
        "mlp",
        "--dropout",
        "0.2",
        "--batch-size",
        "8",
        "--validation-fraction",
        "0.2",
        "--schedule",
        "step",
        "--step-size",
        "2",
        "--gamma",
        "0.5",
        "--epochs",
        "8",
        "--seed",
        "5",
        "--quiet",
    ]
    .map(String::from)
    .to_vec();
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = base.iter().map(String::as_str).collect();
        args.extend_from_slice(optimizer);
        args.extend_from_slice(extra);
        ok(&args);
    };
    // checkpoints every 3 epochs: the file ends up holding epoch 6 of 8
    run(&["--out", &arg(&full), "--checkpoint-every", "3", "--checkpoint", &arg(&ckpt)]);
    run(&["--out", &arg(&resumed), "--resume", &arg(&ckpt)]);
    let (a, b) = (std::fs::read(&full).expect("full model"), std::fs::read(&resumed).expect("resumed model"));
    assert!(a == b, "{name}: the resumed model differs from the uninterrupted one");
    let plain = dir.join("plain.safetensors");
    run(&["--out", &arg(&plain)]);
    assert!(
        std::fs::read(&plain).expect("plain model") == a,
        "{name}: checkpointing does not change the result"
    );
}

#[test]
fn a_moving_average_of_the_weights_is_the_model_and_the_output_says_so() {
    let dir = scratch("train_ema");
    let model = dir.join("m.safetensors");
    let args =
        ["train", &data("tiny3.csv"), "--target", "kind", "--model", "mlp", "--hidden", "6", "--epochs", "4"];
    let out = ok(&[&args[..], &["--ema", "0.9", "--out", &arg(&model)]].concat());
    assert!(out.contains("model: the moving average of the weights (decay 0.9)"), "{out}");
    let inspect = ok(&["inspect", &arg(&model)]);
    assert!(inspect.contains("\"ema\":0.9"), "the settings record the decay: {inspect}");
}

#[test]
fn a_stochastic_weight_average_is_the_model_and_the_output_says_so() {
    // Shipped iris, a network with batch norm: averaging from epoch 6 of 10 (5 epochs), SWALR
    // linear over 2 epochs from the schedule's 0.05 to 0.02.
    let dir = scratch("train_swa");
    let model = dir.join("m.safetensors");
    let iris = format!("{}/../../data/iris.csv", env!("CARGO_MANIFEST_DIR"));
    let args = [
        "train",
        &iris,
        "--target",
        "species",
        "--layers",
        "linear(8), batch_norm1d, relu, linear(3)",
        "--optimizer",
        "sgd",
        "--lr",
        "0.05",
        "--momentum",
        "0.9",
        "--batch-size",
        "16",
        "--epochs",
        "10",
        "--validation-fraction",
        "0.2",
        "--swa-start",
        "6",
        "--swa-lr",
        "0.02",
        "--swa-anneal-epochs",
        "2",
        "--swa-anneal-strategy",
        "linear",
        "--metrics",
        &arg(&dir.join("epochs.csv")),
        "--out",
        &arg(&model),
    ];
    let out = ok(&args);
    let line = "model: the stochastic weight average of 5 epochs' weights (epochs 6-10; SWALR to 0.02)";
    assert!(out.contains(line), "{out}");
    let inspect = ok(&["inspect", &arg(&model)]);
    assert!(inspect.contains("\"swa\":{"), "the settings record it: {inspect}");
    // The rates per epoch: 0.05 up to epoch 6, halfway at 7, 0.02 from 8 on (third CSV column).
    let csv = std::fs::read_to_string(dir.join("epochs.csv")).unwrap();
    let lrs: Vec<f64> = csv.lines().skip(1).map(|l| l.split(',').nth(2).unwrap().parse().unwrap()).collect();
    let want = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.035, 0.02, 0.02, 0.02];
    // f64 rates printed in decimal: 1e-12.
    assert!(lrs.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-12), "{lrs:?}");
    assert!(ok(&["evaluate", &arg(&model), &iris]).contains("accuracy"));
}
