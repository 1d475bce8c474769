//! `downhill rl cartpole` end to end: a short run's JSON summary, the policy file and the learning
//! curve, the same seed giving the same run, and each bad option as a one-line error.
#![allow(clippy::unwrap_used)]
mod common;
use common::{downhill, scratch};
use serde_json::Value;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_short_run_reports_writes_its_policy_and_repeats_from_its_seed() {
    let dir = scratch("rl_short");
    let (policy, curve) = (dir.join("policy.safetensors"), dir.join("curve.svg"));
    let (p, c) = (policy.to_str().unwrap(), curve.to_str().unwrap());
    let run = |seed: &str| {
        let args = [
            "rl",
            "cartpole",
            "--episodes",
            "40",
            "--seed",
            seed,
            "--format",
            "json",
            "--out",
            p,
            "--plot",
            c,
        ];
        let out = downhill(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let (a, b, other) = (run("3"), run("3"), run("4"));
    assert_eq!(
        (a["episodes"].as_u64(), a["solved_at"].clone(), a["algorithm"].as_str()),
        (Some(40), Value::Null, Some("reinforce"))
    );
    let mean = a["last100_mean"].as_f64().unwrap();
    // 40 episodes of CartPole: each lasts between 8 and 500 steps.
    assert!((8.0..=500.0).contains(&mean), "{a}");
    assert_eq!(a["last100_mean"], b["last100_mean"], "the same seed, the same run");
    assert_ne!(a["last100_mean"], other["last100_mean"]);
    let svg = std::fs::read_to_string(&curve).unwrap();
    assert!(svg.contains("cartpole: reinforce") && svg.contains("mean of the last 100"));
    let inspect = String::from_utf8(downhill(&["inspect", p]).stdout).unwrap();
    assert!(
        inspect.contains("policy (classification, 2 classes)")
            && inspect.contains("linear(2)")
            && inspect.contains("last100_mean"),
        "{inspect}"
    );
}

#[test]
fn bad_options_are_one_line_errors() {
    for (args, wanted) in [
        (vec!["rl", "mountaincar"], vec!["mountaincar", "cartpole"]),
        (vec!["rl", "cartpole", "--gamma", "1.5"], vec!["--gamma", "[0, 1]"]),
        (vec!["rl", "cartpole", "--episodes", "0"], vec!["--episodes", ">= 1"]),
        (vec!["rl", "cartpole", "--algorithm", "ppo"], vec!["--algorithm", "actor-critic"]),
        (vec!["rl", "cartpole", "--layers", "linear(4), nope"], vec!["--layers", "nope"]),
        (vec!["rl", "cartpole", "--plot", "curve.gif"], vec!["--plot", ".png or .svg"]),
    ] {
        let out = downhill(&args);
        let e = stderr(&out);
        assert!(!out.status.success() && e.trim_end().lines().count() == 1, "{args:?}: {e}");
        assert!(wanted.iter().all(|w| e.contains(w)), "{args:?}: {e}");
    }
}
