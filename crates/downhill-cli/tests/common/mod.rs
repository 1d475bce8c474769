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
