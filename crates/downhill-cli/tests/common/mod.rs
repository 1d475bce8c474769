//! Helpers shared by the end-to-end tests: run the built `downhill` binary and read its JSON.
#![allow(dead_code)] // each test file uses its own subset
use serde_json::Value;
use std::process::{Command, Output};

pub fn downhill(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_downhill")).args(args).output().expect("the binary runs")
}

/// Runs `optimize` with `args`, expecting success, and parses its JSON.
pub fn optimize_json(args: &[&str]) -> Value {
    let mut all = vec!["optimize", "--format", "json"];
    all.extend_from_slice(args);
    let out = downhill(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

pub fn steps(doc: &Value) -> &Vec<Value> {
    doc["steps"].as_array().expect("steps array")
}

pub fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number")).collect()
}

/// A committed test file under `tests/data/`.
pub fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty directory for one test's outputs.
pub fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// `path` as a `&str` argument.
pub fn arg(path: &std::path::Path) -> String {
    path.to_str().expect("utf-8 path").to_string()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `args`, expecting success; returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = downhill(args);
    assert!(out.status.success(), "{:?} failed: {}", args, stderr(&out));
    stdout(&out)
}
