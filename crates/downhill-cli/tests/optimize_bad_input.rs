//! Every bad-input case of `downhill optimize`: exit code 2, nothing on stdout, and one line on
//! stderr, `error: ...`, naming the flag (and the accepted values where there is a fixed set).
use std::process::Command;

/// `(extra args after a valid base, text the message must contain)`.
const CASES: &[(&[&str], &[&str])] = &[
    (&["--function", "rosenbrok"], &["--function", "unknown function `rosenbrok`", "himmelblau"]),
    (&["--optimizer", "adma"], &["--optimizer", "unknown optimizer `adma`", "adamw"]),
    (&["--optimizer", "sgd,adma"], &["--optimizer", "`adma`"]),
    (&["--optimizer", "adam:fast"], &["--optimizer NAME:LR", "`fast`"]),
    (&["--optimizer", "sgd,sgd"], &["--optimizer", "twice"]),
    (&["--lr", "-0.1"], &["--lr", ">= 0"]),
    (&["--lr", "nan"], &["--lr", "finite"]),
    (&["--lr", "inf"], &["--lr", "finite"]),
    (&["--lr"], &["--lr", "a value is required"]),
    (&["--lr", "fast"], &["--lr", "is not a number"]),
    (&["--optimizer", "adam", "--beta1", "1"], &["--beta1", "[0, 1)"]),
    (&["--optimizer", "adam", "--beta2", "-0.5"], &["--beta2", "[0, 1)"]),
    (&["--optimizer", "rmsprop", "--alpha", "2"], &["--alpha", "[0, 1]"]),
    (&["--optimizer", "asgd", "--alpha", "-1"], &["--alpha", ">= 0"]),
    (
        &["--optimizer", "rprop", "--etas", "1.3,1.5"],
        &["--etas", "`1.3,1.5`", "A in (0, 1), B finite and > 1"],
    ),
    (&["--optimizer", "rprop", "--step-sizes", "1,0.5"], &["--step-sizes", "A <= B"]),
    (&["--optimizer", "rprop", "--etas", "0.5"], &["--etas", "two comma-separated numbers"]),
    (&["--optimizer", "rprop", "--etas", "0.5,1.2,2"], &["--etas", "two comma-separated numbers"]),
    (&["--optimizer", "adam", "--etas", "0.5,1.2"], &["--etas does not apply to adam", "rprop"]),
    (&["--optimizer", "adafactor", "--d", "0.5"], &["--d", ">= 1"]),
    (&["--optimizer", "adafactor", "--beta2-decay", "0.5"], &["--beta2-decay", "<= 0"]),
    (&["--optimizer", "adafactor", "--eps", "1e-3"], &["--eps does not apply to adafactor", "adam"]),
    (&["--start", "1,2,3"], &["--start", "got 3"]),
    (&["--start=1"], &["--start", "got 1"]),
    (&["--start", "1,x"], &["--start", "`x`"]),
    (&["--steps", "-3"], &["--steps"]),
    (&["--optimizer", "muon", "--ns-steps", "0"], &["--ns-steps", "integers >= 1"]),
    (&["--optimizer", "muon", "--ns-steps", "100"], &["--optimizer muon", "ns_steps", "< 100"]),
    (&["--optimizer", "muon", "--weight-decay=-0.1"], &["--weight-decay", ">= 0"]),
    (&["--optimizer", "muon", "--momentum=-0.5"], &["--momentum", ">= 0"]),
    (
        &["--optimizer", "muon", "--ns-coefficients", "3,-4"],
        &["--ns-coefficients", "three comma-separated numbers"],
    ),
    (&["--optimizer", "muon", "--ns-coefficients", "3,nan,2"], &["--ns-coefficients", "finite numbers"]),
    (&["--optimizer", "muon", "--adjust-lr-fn", "spectral"], &["--adjust-lr-fn", "match_rms_adamw"]),
    (&["--optimizer", "adam", "--ns-steps", "3"], &["--ns-steps does not apply to adam", "muon"]),
    (&["--optimizer", "schedule_free_sgd", "--momentum", "1"], &["--momentum", "(0, 1)"]),
    (&["--optimizer", "schedule_free_adamw", "--beta1", "0"], &["--beta1", "(0, 1)"]),
    (&["--optimizer", "schedule_free_adamw", "--r=-1"], &["--r", ">= 0"]),
    (&["--optimizer", "schedule_free_sgd", "--weight-decay=-1"], &["--weight-decay", ">= 0"]),
    (&["--optimizer", "adam", "--lookahead-k", "0"], &["--lookahead-k", "integers >= 1"]),
    (&["--optimizer", "adam", "--lookahead-alpha", "1.5"], &["--lookahead-alpha", "[0, 1]"]),
    (&["--optimizer", "sgd", "--lookahead-alpha=-0.1"], &["--lookahead-alpha", "[0, 1]"]),
    (&["--optimizer", "lbfgs", "--lookahead-k", "5"], &["--lookahead-k does not apply to lbfgs"]),
    (&["--steps"], &["--steps", "a value is required"]),
    (&["--format", "xml"], &["--format", "json", "csv"]),
    (&["--plot", "race.jpg"], &["--plot", ".png or .svg"]),
    (&["--plot", "/no-such-dir/race.png"], &["--plot /no-such-dir/race.png: cannot write there"]),
    (&["--clip-norm", "0"], &["--clip-norm", "> 0"]),
    (&["--clip-value", "-1"], &["--clip-value", "> 0"]),
    (&["--clip-norm", "1", "--clip-value", "1"], &["--clip-norm", "--clip-value"]),
    (&["--threshold", "nan"], &["--threshold", "finite"]),
    (&["--optimizer", "adam", "--momentum", "0.9"], &["--momentum does not apply to adam", "rmsprop"]),
    (&["--optimizer", "sgd,adam", "--amsgrad"], &["--amsgrad does not apply to sgd", "adamw"]),
    (&["--optimizer", "sgd", "--nesterov"], &["--optimizer sgd", "nesterov", "momentum > 0"]),
    (
        &["--optimizer", "lbfgs", "--schedule", "exponential", "--gamma", "0.9"],
        &["--schedule does not apply to lbfgs"],
    ),
    (&["--optimizer", "lbfgs,adam", "--clip-norm", "1"], &["--clip-norm does not apply to lbfgs"]),
    (&["--optimizer", "lbfgs", "--weight-decay", "0.1"], &["--weight-decay does not apply to lbfgs"]),
    (&["--optimizer", "lbfgs", "--line-search-fn", "wolfe"], &["--line-search-fn", "strong_wolfe"]),
    (&["--optimizer", "lbfgs", "--max-iter", "0"], &["--max-iter", ">= 1"]),
    (&["--optimizer", "adam", "--history-size", "5"], &["--history-size does not apply to adam", "lbfgs"]),
    (&["--schedule", "cosin"], &["--schedule", "unknown schedule `cosin`", "onecycle"]),
    (&["--schedule", "cosine"], &["--schedule cosine needs --t-max"]),
    (&["--schedule", "step", "--step-size", "0"], &["--step-size", ">= 1"]),
    (&["--gamma", "0.5"], &["--gamma does not apply", "exponential"]),
    (
        &["--schedule", "exponential", "--gamma", "0.9", "--t-max", "3"],
        &["--t-max does not apply to --schedule exponential"],
    ),
    (
        &["--schedule", "onecycle", "--max-lr", "0.1", "--lr", "0.01"],
        &["--lr does not apply to --schedule onecycle"],
    ),
    (&["--schedule", "onecycle", "--max-lr", "0.1", "--pct-start", "1.5"], &["--pct-start", "(0, 1)"]),
    (&["--schedule", "onecycle", "--max-lr", "0.1", "--max-momentum", "1"], &["--max-momentum", "[0, 1)"]),
    (&["--schedule", "onecycle", "--max-lr", "0.1", "--base-momentum=-0.1"], &["--base-momentum", "[0, 1)"]),
    (
        &["--schedule", "onecycle", "--max-lr", "0.1", "--base-momentum", "0.9", "--max-momentum", "0.8"],
        &["--base-momentum", "<= --max-momentum"],
    ),
    (&["--schedule", "onecycle", "--max-lr", "0.1", "--cycle-momentum", "maybe"], &["--cycle-momentum"]),
    (
        &["--schedule", "cosine", "--t-max", "5", "--cycle-momentum", "false"],
        &["--cycle-momentum", "onecycle"],
    ),
    (
        &["--optimizer", "adagrad", "--schedule", "onecycle", "--max-lr", "0.1"],
        &["--cycle-momentum", "adagrad", "--cycle-momentum false"],
    ),
    (&["--schedule", "cyclic", "--max-lr", "0.1", "--mode", "sawtooth"], &["--mode", "triangular2"]),
    (&["--lrr", "0.1"], &["--lrr", "--lr"]),
];

#[test]
fn each_bad_input_is_a_one_line_error_naming_the_flag() {
    for (extra, expected) in CASES {
        // later flags win over the base's, except repeated single-value flags (clap rejects those)
        let mut args = vec!["optimize", "--steps", "3"];
        if !extra.contains(&"--function") {
            args.extend(["--function", "rosenbrock"]);
        }
        if !extra.contains(&"--optimizer") {
            args.extend(["--optimizer", "sgd"]);
        }
        args.extend_from_slice(extra);
        let out = Command::new(env!("CARGO_BIN_EXE_downhill")).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(out.stdout.is_empty(), "{extra:?}: stdout {}", String::from_utf8_lossy(&out.stdout));
        assert!(err.starts_with("error: ") && err.lines().count() == 1, "{extra:?}: {err}");
        for text in *expected {
            assert!(err.contains(text), "{extra:?}: `{text}` missing from {err}");
        }
    }
}

#[test]
fn missing_required_flags_are_named() {
    for (args, flag) in [
        (vec!["optimize", "--optimizer", "sgd"], "--function"),
        (vec!["optimize", "--function", "booth"], "--optimizer"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_downhill")).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            out.stdout.is_empty() && err.trim_end() == format!("error: downhill optimize needs {flag}"),
            "{err}"
        );
    }
}
