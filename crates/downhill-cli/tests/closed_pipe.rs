//! A reader that leaves early (`downhill optimize ... | head -1`) ends the program quietly, as it
//! ends `cat`: no panic, no message.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

#[test]
fn a_closed_stdout_ends_the_program_by_sigpipe_not_a_panic() {
    // 200,000 CSV rows: far more than a pipe's buffer, so the program writes after the reader left.
    let mut child = Command::new(env!("CARGO_BIN_EXE_downhill"))
        .args(["optimize", "--function", "rosenbrock", "--optimizer", "sgd", "--steps", "200000"])
        .args(["--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take()); // the reader leaves
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.signal(), Some(13), "ended by SIGPIPE; status {:?}, stderr: {stderr}", out.status);
    assert!(stderr.is_empty(), "{stderr}");
}
