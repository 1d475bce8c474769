//! End-to-end tests of `downhill optimize` with the built binary: JSON shape and step count,
//! equality with driving the library directly, CSV, race tables, divergence and help listings.
//! Torch parity: `optimize_torch.rs`; plots: `optimize_plot.rs`; bad input: `optimize_bad_input.rs`.
mod common;

use common::{downhill, f64s, optimize_json, steps};
use downhill_optim::{
    AdamOptions, ClipByGlobalNorm, Cosine, Float, Lbfgs, LbfgsOptions, LineSearch, Links, Lr, Preset,
};
use downhill_optim::{Optimizer, Tensor};
use downhill_testfns::{Himmelblau, Rosenbrock, Surface};
use downhill_testing::assert_same_bits;
use serde_json::Value;

#[test]
fn json_is_one_document_with_steps_plus_one_entries() {
    let doc = optimize_json(&[
        "--function",
        "rosenbrock",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--steps",
        "200",
        "--start=-1.5,2",
    ]);
    assert_eq!((doc["function"].as_str(), doc["optimizer"].as_str()), (Some("rosenbrock"), Some("adam")));
    let steps = steps(&doc);
    assert_eq!(steps.len(), 201);
    for (k, e) in steps.iter().enumerate() {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert_eq!(e["step"].as_u64(), Some(k as u64));
        assert_eq!(f64s(&e["params"]).len(), 2);
        assert!((e["lr"].as_f64().unwrap() - 0.01).abs() < 1e-15 && e["loss"].as_f64().is_some());
    }
    let start = f64s(&steps[0]["params"]);
    assert!((start[0] + 1.5).abs() < 1e-15 && (start[1] - 2.0).abs() < 1e-15);
    assert!((steps[0]["loss"].as_f64().unwrap() - 12.5).abs() < 1e-12);
}

#[test]
fn the_trajectory_equals_driving_the_library_directly() {
    let doc = optimize_json(&[
        "--function",
        "himmelblau",
        "--optimizer",
        "adam",
        "--lr",
        "0.2",
        "--beta1",
        "0.8",
        "--weight-decay",
        "0.01",
        "--clip-norm",
        "5",
        "--schedule",
        "cosine",
        "--t-max",
        "40",
        "--eta-min",
        "0.01",
        "--steps",
        "60",
        "--start=-1,0.5",
    ]);
    let lr = Lr::new(Cosine { base: 0.2, eta_min: 0.01, t_max: 40 });
    let options = AdamOptions { betas: (0.8, 0.999), weight_decay: 0.01, ..Default::default() };
    let tx = options.build_with(Links::lr(lr)).unwrap().after(ClipByGlobalNorm(5.0));
    let mut params = vec![Tensor::vector(vec![-1.0, 0.5])];
    let mut opt = Optimizer::new(tx, &params);
    for (k, entry) in steps(&doc).iter().enumerate() {
        let p = [params[0].data()[0] as f64, params[0].data()[1] as f64];
        let got = f64s(&entry["params"]);
        // Bit-identical on purpose: the same f32 arithmetic in the same order, and printing round-trips.
        assert_same_bits(&format!("step {k} params"), &got, &p);
        assert_same_bits(
            &format!("step {k} loss"),
            &[entry["loss"].as_f64().unwrap()],
            &[Himmelblau.value(p)],
        );
        assert_same_bits(&format!("step {k} lr"), &[entry["lr"].as_f64().unwrap()], &[opt.lr().unwrap()]);
        let g = Himmelblau.gradient(p);
        opt.step(&mut params, vec![Tensor::vector(vec![g[0] as Float, g[1] as Float])]);
    }
    assert_eq!(steps(&doc).len(), 61);
}

#[test]
fn lbfgs_steps_are_torch_closure_calls_and_reach_the_minimum() {
    let args = [
        "--function",
        "rosenbrock",
        "--optimizer",
        "lbfgs",
        "--line-search-fn",
        "strong_wolfe",
        "--steps",
        "10",
    ];
    let doc = optimize_json(&args);
    let steps = steps(&doc);
    assert_eq!(steps.len(), 11);
    let mut solver =
        Lbfgs::new(LbfgsOptions { line_search: LineSearch::StrongWolfe, ..Default::default() }).unwrap();
    let mut params = vec![Tensor::vector(vec![-1.5, 2.0])];
    let closure = |ps: &[Tensor]| {
        let p = [ps[0].data()[0] as f64, ps[0].data()[1] as f64];
        let g = Rosenbrock.gradient(p);
        (Rosenbrock.value(p), vec![Tensor::vector(vec![g[0] as Float, g[1] as Float])])
    };
    for (k, entry) in steps.iter().enumerate().skip(1) {
        solver.step(&mut params, closure);
        let got = f64s(&entry["params"]);
        let want = [params[0].data()[0] as f64, params[0].data()[1] as f64];
        // Bit-identical on purpose: the same solver run in-process; printing round-trips.
        assert_same_bits(&format!("step {k} params"), &got, &want);
    }
    let last = steps[10]["loss"].as_f64().unwrap();
    assert!(last < 1e-8 && (steps[10]["lr"].as_f64().unwrap() - 1.0).abs() < 1e-15, "{last}");
}

#[test]
fn plateau_reduces_the_rate_when_the_loss_stalls() {
    // sgd lr 0.02 on 0.5 (x^2 + 100 y^2) from (0, 1): y <- -y, so the loss never improves; with
    // patience 2 the third non-improving check (after update 3) halves the rate
    let args = [
        "--function",
        "ill-conditioned",
        "--optimizer",
        "sgd",
        "--lr",
        "0.02",
        "--start=0,1",
        "--steps",
        "8",
    ];
    let doc = optimize_json(
        &[&args[..], &["--schedule", "plateau", "--patience", "2", "--factor", "0.5"]].concat(),
    );
    let lrs: Vec<f64> = steps(&doc).iter().map(|e| e["lr"].as_f64().unwrap()).collect();
    assert!((lrs[3] - 0.02).abs() < 1e-12 && (lrs[4] - 0.01).abs() < 1e-12, "{lrs:?}");
}

#[test]
fn csv_has_a_header_and_one_row_per_step_of_every_racer() {
    let out = downhill(&[
        "optimize",
        "--function",
        "booth",
        "--optimizer",
        "sgd,adam:0.1",
        "--steps",
        "10",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "optimizer,step,x,y,loss,lr");
    assert_eq!(lines.len(), 1 + 2 * 11);
    assert!(lines[1].starts_with("sgd,0,-7.0,-6.0,") && lines[12].starts_with("adam:0.1,0,-7.0,-6.0,"));
    let last: Vec<f64> = lines[22].split(',').skip(1).map(|x| x.parse().unwrap()).collect();
    assert_eq!(last.len(), 5);
    assert!((last[0] - 10.0).abs() < 1e-12 && (last[4] - 0.1).abs() < 1e-12);
}

#[test]
fn a_race_prints_a_table_and_json_with_one_run_per_racer() {
    let args = [
        "optimize",
        "--function",
        "ill-conditioned",
        "--optimizer",
        "sgd:0.015,momentum:0.01,adam:0.1",
        "--steps",
        "300",
    ];
    let out = downhill(&[&args[..], &["--threshold", "1e-4"]].concat());
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("ill-conditioned from (-2.5, 1), 300 steps"), "{table}");
    assert!(lines[1].contains("final loss") && lines[1].ends_with("steps to loss <= 0.0001"), "{table}");
    assert!(
        lines[2].starts_with("sgd:0.015")
            && lines[3].starts_with("momentum:0.01")
            && lines[4].starts_with("adam:0.1")
    );
    let doc = optimize_json(&args[1..]);
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    assert!(runs.iter().all(|r| r["steps"].as_array().unwrap().len() == 301));
    assert_eq!(runs[1]["optimizer"].as_str(), Some("momentum:0.01"));
}

#[test]
fn a_diverging_run_stops_and_says_so() {
    let out = downhill(&[
        "optimize",
        "--function",
        "ill-conditioned",
        "--optimizer",
        "sgd",
        "--lr",
        "1",
        "--steps",
        "500",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let k = doc["diverged_at"].as_u64().expect("diverged_at");
    assert_eq!(steps(&doc).len() as u64, k);
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("sgd diverged at step {k}")));
}

#[test]
fn help_lists_print_on_stdout() {
    for (flag, expect) in
        [("--function", "himmelblau"), ("--optimizer", "--momentum-decay"), ("--schedule", "onecycle")]
    {
        let mut args = vec!["optimize", flag, "help"];
        if flag == "--schedule" {
            args.extend(["--function", "booth", "--optimizer", "sgd"]);
        }
        let out = downhill(&args);
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains(expect), "{flag}");
    }
}
