//! Every bad-input case of `train`, `predict`, `evaluate` and `inspect` (and of every command, for a
//! model with a NaN weight): exit code 2, nothing on stdout, one line on stderr (`error: ...`)
//! naming the problem and the fix, no panic, and no output file left behind.
mod common;
use common::{arg, data, downhill, ok, scratch, stderr, stdout};

/// `(train arguments after DATA, DATA file, text the message must contain)`.
const TRAIN: &[(&str, &[&str], &[&str])] = &[
    ("nosuch.csv", &[], &["nosuch.csv: no such file", "check the path"]),
    ("", &[], &["cannot read", "Is a directory"]),
    ("empty.csv", &[], &["empty.csv is empty", "header line"]),
    ("header_only.csv", &[], &["header_only.csv has no data rows", "add data"]),
    ("ragged.csv", &[], &["ragged.csv, line 3: expected 4 fields like the header but found 3"]),
    ("not_numeric.csv", &[], &["data row 2 (file line 3), column 'x2': 'abc' is not a number"]),
    ("non_finite.csv", &[], &["column 'x2': 'inf' is not a finite 32-bit number"]),
    ("single_class.csv", &[], &["target column 'label' has a single class ('yes')"]),
    (
        "tiny.csv",
        &["--target", "lable"],
        &["--target: no column named 'lable'; the columns are: x1, x2, color, label"],
    ),
    ("tiny.csv", &["--target", ""], &["no column named ''"]),
    ("tiny.csv", &["--lr", "-1"], &["--lr", "> 0"]),
    (
        "tiny.csv",
        &["--distributed", "--lr", "auto"],
        &["--distributed: --lr auto runs the range test on one process"],
    ),
    (
        "tiny.csv",
        &["--distributed", "--select-features", "2"],
        &["--distributed: --select-features trains twice"],
    ),
    (
        "tiny.csv",
        &["--distributed", "--model", "gan"],
        &["--distributed: a GAN runs its own two-network loop"],
    ),
    ("tiny.csv", &["--batch-size", "4"], &["--batch-size", "L-BFGS", "--optimizer"]),
    ("tiny.csv", &["--c", "0"], &["--c"]),
    ("tiny.csv", &["--optimizer", "adam", "--ema", "1.5"], &["--ema", "[0, 1]"]),
    ("tiny.csv", &["--ema", "0.9"], &["--ema does not apply", "L-BFGS"]),
    ("tiny.csv", &["--swa-start", "2", "--swa-lr", "0.01"], &["--swa-start does not apply", "L-BFGS"]),
    ("tiny.csv", &["--optimizer", "sgd", "--swa-start", "2"], &["needs --swa-lr", "torch requires swa_lr"]),
    ("tiny.csv", &["--optimizer", "sgd", "--swa-lr", "0.01"], &["--swa-lr does not apply", "--swa-start"]),
    (
        "tiny.csv",
        &["--optimizer", "sgd", "--epochs", "5", "--swa-start", "6", "--swa-lr", "0.01"],
        &["--swa-start", "--epochs"],
    ),
    ("tiny.csv", &["--optimizer", "sgd", "--swa-start", "1", "--swa-lr", "0"], &["--swa-lr", "> 0"]),
    (
        "tiny.csv",
        &["--optimizer", "adam", "--ema", "0.9", "--swa-start", "1", "--swa-lr", "0.01"],
        &["--swa-start", "--ema or --swa-start"],
    ),
    (
        "tiny.csv",
        &["--optimizer", "sgd", "--swa-start", "1", "--swa-lr", "0.01", "--schedule-per", "batch"],
        &["--swa-start", "once per epoch"],
    ),
    (
        "tiny.csv",
        &["--optimizer", "sgd", "--swa-start", "1", "--swa-lr", "0.01", "--swa-anneal-strategy", "cosine"],
        &["--swa-anneal-strategy", "cos, linear"],
    ),
    ("tiny.csv", &["--epochs", "0"], &["--epochs", ">= 1"]),
    ("tiny.csv", &["--optimizer", "adam", "--batch-size", "0"], &["--batch-size", "positive number of rows"]),
    ("tiny.csv", &["--optimizer", "adam", "--batch-size", "lots"], &["--batch-size", "`lots`"]),
    ("tiny.csv", &["--validation-fraction", "1"], &["--validation-fraction", "[0, 1)"]),
    ("tiny.csv", &["--test-fraction", "1.5"], &["--test-fraction", "(0, 1)"]),
    ("tiny.csv", &["--test-rows", "30..50"], &["--test-rows 30..50 reaches past the data's 40 rows"]),
    ("tiny.csv", &["--optimizer", "adma"], &["--optimizer", "unknown optimizer `adma`", "adamw"]),
    ("tiny.csv", &["--optimizer", "lbfgs", "--max-iter", "0"], &["--max-iter", ">= 1"]),
    ("tiny.csv", &["--optimizer", "lbfgs", "--momentum", "0.9"], &["--momentum does not apply to lbfgs"]),
    (
        "tiny.csv",
        &["--optimizer", "lbfgs", "--accumulate", "2"],
        &["--accumulate does not apply to --optimizer lbfgs"],
    ),
    ("tiny.csv", &["--optimizer", "adam", "--momentum", "0.9"], &["--momentum does not apply to adam"]),
    ("tiny.csv", &["--maximize"], &["--maximize does not apply to downhill train"]),
    ("tiny.csv", &["--optimizer", "muon", "--ns-steps", "0"], &["--ns-steps", "integers >= 1"]),
    ("tiny.csv", &["--optimizer", "muon", "--weight-decay=-1"], &["--weight-decay", ">= 0"]),
    (
        "tiny.csv",
        &["--optimizer", "muon", "--hidden", "8"],
        &["--optimizer", "muon", "hidden weight matrices, which this model lacks", "adamw"],
    ),
    ("tiny.csv", &["--optimizer", "schedule_free_sgd", "--momentum", "0"], &["--momentum", "(0, 1)"]),
    ("tiny.csv", &["--optimizer", "adam", "--lookahead-k", "0"], &["--lookahead-k", "integers >= 1"]),
    ("tiny.csv", &["--optimizer", "sgd", "--lookahead-alpha", "2"], &["--lookahead-alpha", "[0, 1]"]),
    (
        "tiny.csv",
        &["--optimizer", "adam", "--schedule", "cosin"],
        &["--schedule", "unknown schedule `cosin`"],
    ),
    ("tiny.csv", &["--optimizer", "adam", "--schedule", "step"], &["--schedule step needs --step-size"]),
    ("tiny.csv", &["--optimizer", "adam", "--gamma", "0.5"], &["--gamma does not apply"]),
    ("tiny.csv", &["--model", "mlp", "--dropout", "1.5"], &["--dropout", "[0, 1)"]),
    ("tiny.csv", &["--model", "mlp", "--hidden", "8,0"], &["--hidden", "8,0", "layer sizes >= 1"]),
    ("tiny.csv", &["--model", "mlp", "--activation", "swish"], &["--activation", "`swish`", "relu"]),
    ("tiny.csv", &["--model", "logistic", "--hidden", "4"], &["--hidden does not apply to --model logistic"]),
    ("tiny.csv", &["--model", "linear"], &["--model linear does not fit", "2 classes", "--task regression"]),
    (
        "tiny3.csv",
        &["--target", "kind", "--model", "svm"],
        &["--model svm does not fit", "3 classes", "softmax"],
    ),
    (
        "tiny_reg.csv",
        &["--target", "y", "--model", "softmax"],
        &["--model softmax does not fit", "regression"],
    ),
    ("tiny.csv", &["--l2", "-0.1"], &["--l2", ">= 0"]),
    ("tiny.csv", &["--l1", "0.1", "--l2", "0.1"], &["--l1", "--l2"]),
    ("tiny.csv", &["--patience", "3"], &["--patience does not apply", "--early-stopping"]),
    (
        "tiny.csv",
        &["--early-stopping", "--validation-fraction", "0"],
        &["--early-stopping", "--validation-fraction > 0"],
    ),
    ("tiny.csv", &["--tol", "fast"], &["--tol", "`fast`", "none"]),
    ("tiny.csv", &["--optimizer", "adam", "--tol", "-1"], &["--tol", "finite numbers >= 0"]),
    ("tiny.csv", &["--optimizer", "adam", "--time-limit", "0"], &["--time-limit", "finite numbers > 0"]),
    (
        "tiny.csv",
        &["--optimizer", "adam", "--tol", "none", "--n-iter-no-change", "3"],
        &["--n-iter-no-change needs --tol to be a number, not none"],
    ),
    ("tiny.csv", &["--checkpoint-every", "0"], &["--checkpoint-every", ">= 1"]),
    ("tiny.csv", &["--resume", "nosuch.ckpt"], &["--resume nosuch.ckpt: no such file", "--checkpoint-every"]),
    ("tiny.csv", &["--plot", "curves.jpg"], &["--plot", ".png or .svg"]),
];

#[test]
fn every_bad_training_input_is_one_line_with_no_output_file() {
    let dir = scratch("bad_train");
    let model = dir.join("m.safetensors");
    for (file, extra, expected) in TRAIN {
        let mut args = vec!["train".to_string(), data(file), "--out".into(), arg(&model)];
        if !extra.contains(&"--target") {
            args.extend(["--target".to_string(), "label".to_string()]);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = downhill(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed {}", stdout(&out));
        assert!(err.starts_with("error: ") && err.lines().count() == 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        for part in *expected {
            assert!(err.contains(part), "{args:?}: `{part}` missing from {err}");
        }
        assert!(!model.exists(), "{args:?} left {}", model.display());
    }
}

#[test]
#[cfg(not(feature = "mpi"))]
fn distributed_without_an_mpi_build_says_how_to_build_one() {
    let out = downhill(&["train", &data("tiny.csv"), "--optimizer", "adam", "--distributed"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("--distributed: this downhill was built without MPI") && err.contains("--features mpi"),
        "{err}"
    );
}

#[test]
fn plateau_gets_a_default_validation_set() {
    let dir = scratch("plateau_default");
    let out = ok(&[
        "train",
        &data("tiny.csv"),
        "--target",
        "label",
        "--optimizer",
        "adam",
        "--schedule",
        "plateau",
        "--patience",
        "2",
        "--epochs",
        "3",
        "--out",
        &arg(&dir.join("m.safetensors")),
    ]);
    assert!(out.contains("val_accuracy"), "{out}");
}

#[test]
fn an_unwritable_output_fails_before_training_and_creates_nothing() {
    let dir = scratch("bad_out");
    for flag in ["--out", "--metrics", "--plot", "--checkpoint"] {
        let bad = dir.join("no-such-dir").join("file.png");
        let mut args = vec!["train", "--target", "label", "--epochs", "100000", "--tol", "none"];
        let data = data("tiny.csv");
        args.push(&data);
        let out_file = arg(&dir.join("m.safetensors"));
        let bad = arg(&bad);
        if flag == "--checkpoint" {
            args.extend(["--checkpoint-every", "1"]);
        }
        if flag != "--out" {
            args.extend(["--out", &out_file]);
        }
        args.extend([flag, &bad]);
        let started = std::time::Instant::now();
        let out = downhill(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{flag}: {err}");
        assert!(err.starts_with(&format!("error: {flag} ")) && err.contains("cannot write there"), "{err}");
        assert!(started.elapsed().as_secs() < 5, "{flag}: failed only after training");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "{flag}: files were created");
    }
}

#[test]
fn an_output_that_names_an_input_or_another_output_is_refused_and_nothing_is_lost() {
    let dir = scratch("outputs_apart");
    let copy = dir.join("data.csv");
    std::fs::copy(data("tiny.csv"), &copy).unwrap();
    let model = arg(&dir.join("m.safetensors"));
    let (data_file, before) = (arg(&copy), std::fs::read(&copy).unwrap());
    // The same file through another spelling of its path is still the same file.
    let dotted = arg(&dir.join(".").join("data.csv"));
    let base = ["train", &data_file, "--target", "label", "--epochs", "2", "--quiet"];
    let refused = |extra: &[&str], wanted: &[&str]| {
        let out = downhill(&[&base[..], extra].concat());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(wanted.iter().all(|w| err.contains(w)) && err.lines().count() == 1, "{extra:?}: {err}");
    };
    refused(&["--out", &dotted], &["--out ", "DATA names the same file", "write --out to another file"]);
    refused(&["--out", &model, "--metrics", &model], &["--metrics", "--out names the same file"]);
    refused(&["--out", &model, "--metrics", &data_file], &["--metrics", "DATA names the same file"]);
    assert_eq!(std::fs::read(&copy).unwrap(), before, "the data is untouched");
    assert!(!dir.join("m.safetensors").exists());
    ok(&[&base[..], &["--out", &model]].concat());
    let saved = std::fs::read(dir.join("m.safetensors")).unwrap();
    for args in [
        vec!["predict", &model, &data_file, "--out", &model],
        vec!["export", &model, "--out", &model],
        vec!["explain", &model, &data_file, "--out", &data_file],
    ] {
        let out = downhill(&args);
        let err = stderr(&out);
        assert!(out.status.code() == Some(2) && err.contains("names the same file"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(dir.join("m.safetensors")).unwrap(), saved, "the model is untouched");
    assert_eq!(std::fs::read(&copy).unwrap(), before, "the data is untouched");
}

#[test]
fn a_model_larger_than_memory_is_a_one_line_error() {
    // 2^45 units after 2 inputs: 2^49 bytes of weights, more than a 47-bit address space holds, so
    // the allocation fails whatever the machine's memory or overcommit policy (no OOM killer).
    let out = downhill(&[
        "train",
        &data("tiny.csv"),
        "--target",
        "label",
        "--layers",
        "linear(35184372088832), linear(2)",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: out of memory") && err.contains("GB") && err.lines().count() == 1,
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    // Sizes whose weight count does not even fit a usize (it wrapped, or Vec panicked with
    // "capacity overflow") are out of memory too.
    for size in [["--hidden", "18446744073709551615"], ["--layers", "linear(4611686018427387904), linear(2)"]]
    {
        let out = downhill(&[&["train", &data("tiny.csv"), "--target", "label"][..], &size[..]].concat());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{size:?}: {err}");
        assert!(err.starts_with("error: out of memory") && err.lines().count() == 1, "{size:?}: {err}");
    }
}

#[test]
fn model_commands_reject_bad_models_and_data() {
    let dir = scratch("bad_model_commands");
    let model = arg(&dir.join("m.safetensors"));
    ok(&["train", &data("tiny.csv"), "--target", "label", "--epochs", "3", "--quiet", "--out", &model]);
    let out_csv = arg(&dir.join("pred.csv"));
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["predict", &model, &data("missing_column.csv")],
            &["the data has no column 'x2', which the model was trained on"],
        ),
        (&["predict", &model, &data("missing_column.csv"), "--out", &out_csv], &["no column 'x2'"]),
        (&["evaluate", &model, &data("missing_column.csv")], &["no column"]),
        (
            &["predict", &data("corrupt.safetensors"), &data("tiny.csv")],
            &["corrupt.safetensors", "truncated"],
        ),
        (&["evaluate", &data("corrupt.safetensors"), &data("tiny.csv")], &["truncated"]),
        (&["inspect", &data("corrupt.safetensors")], &["truncated"]),
        (&["inspect", &data("tiny.csv")], &["not a safetensors model file"]),
        (&["inspect", &data("nosuch.safetensors")], &["nosuch.safetensors"]),
        (&["predict", &model, &data("nosuch.csv")], &["no such file"]),
        (&["predict", &model, &data("ragged.csv")], &["line 3: expected 4 fields"]),
        (&["evaluate", &model, &data("single_class.csv"), "--format", "xml"], &["--format", "json"]),
    ];
    for (args, expected) in cases {
        let out = downhill(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            out.stdout.is_empty() && err.starts_with("error: ") && err.lines().count() == 1,
            "{args:?}: {err}"
        );
        for part in *expected {
            assert!(err.contains(part), "{args:?}: `{part}` missing from {err}");
        }
    }
    assert!(!dir.join("pred.csv").exists(), "no partial prediction file");
}

#[test]
fn an_unseen_category_is_a_warning_and_encodes_as_none() {
    let dir = scratch("unseen_category");
    let model = arg(&dir.join("m.safetensors"));
    ok(&["train", &data("tiny.csv"), "--target", "label", "--epochs", "3", "--quiet", "--out", &model]);
    let out = downhill(&["predict", &model, &data("unseen_category.csv")]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.starts_with("warning: column 'color': category 'purple' was not seen in training"), "{err}");
    assert!(err.contains("encoded as all zeros"), "{err}");
    assert_eq!(stdout(&out).lines().count(), 3, "both rows are predicted");
}

#[test]
fn a_model_whose_names_disagree_with_its_preprocessing_is_refused() {
    let dir = scratch("names_disagree");
    let model = dir.join("m.safetensors");
    ok(&["train", &data("tiny.csv"), "--target", "label", "--epochs", "2", "--quiet", "--out", &arg(&model)]);
    let bytes = std::fs::read(&model).unwrap();
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + n]).unwrap();
    for (key, wanted) in
        [("class_names", "its 0 class names differ"), ("feature_names", "its 0 feature names")]
    {
        // The same file with one stored list emptied: the header rewritten, the data kept.
        let mut edited = header.clone();
        edited["__metadata__"][key] = serde_json::Value::String("[]".into());
        let text = serde_json::to_vec(&edited).unwrap();
        let mut file = (text.len() as u64).to_le_bytes().to_vec();
        file.extend_from_slice(&text);
        file.extend_from_slice(&bytes[8 + n..]);
        let bad = dir.join(format!("{key}.safetensors"));
        std::fs::write(&bad, file).unwrap();
        let run = downhill(&["predict", &arg(&bad), &data("tiny.csv")]);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{key}: {err}");
        assert!(err.contains("the model file is damaged") && err.contains(wanted), "{key}: {err}");
    }
    assert!(downhill(&["predict", &arg(&model), &data("tiny.csv")]).status.success());
}

#[test]
fn a_model_with_a_nan_weight_is_refused_by_every_command() {
    let dir = scratch("nan_weight");
    let model = dir.join("m.safetensors");
    ok(&["train", &data("tiny.csv"), "--target", "label", "--epochs", "3", "--quiet", "--out", &arg(&model)]);
    // Overwrite element 1 of `layers.0.weight` with NaN in place, as a bit flip would.
    let mut bytes = std::fs::read(&model).unwrap();
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + n]).unwrap();
    let at = 8 + n + header["layers.0.weight"]["data_offsets"][0].as_u64().unwrap() as usize + 4;
    bytes[at..at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    let bad = arg(&dir.join("nan.safetensors"));
    std::fs::write(&bad, bytes).unwrap();
    let (onnx, out) = (arg(&dir.join("m.onnx")), arg(&dir.join("again.safetensors")));
    let tiny = data("tiny.csv");
    let commands: &[&[&str]] = &[
        &["predict", &bad, &tiny, "--proba"],
        &["evaluate", &bad, &tiny],
        &["inspect", &bad],
        &["export", &bad, "--format", "onnx", "--out", &onnx],
        &["explain", &bad, &tiny],
        &["train", &tiny, "--target", "label", "--epochs", "3", "--init-from", &bad, "--out", &out],
    ];
    for args in commands {
        let run = downhill(args);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {err}");
        assert!(run.stdout.is_empty() && err.lines().count() == 1, "{args:?}: {err}");
        assert!(
            err.starts_with("error: ")
                && err.contains(
                    "nan.safetensors: tensor `layers.0.weight` holds a non-finite value (NaN at index 1)"
                )
                && err.contains("retrain or restore it"),
            "{args:?}: {err}"
        );
    }
    // No ONNX file, no model and no `.diverged` copy still holding the NaN.
    let mut left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    left.sort();
    assert_eq!(left, ["m.safetensors", "nan.safetensors"]);
}
