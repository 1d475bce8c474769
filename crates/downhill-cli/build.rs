//! Names the commit the binary was built from, for `downhill --version`: `DOWNHILL_COMMIT` is the
//! short hash and commit date (`1a2b3c4d5e6f 2026-12-04`), or `unknown commit` when the sources are
//! not a git checkout (a crates.io download, a tarball). Reruns when HEAD or the branch it names
//! moves, so a new commit rebuilds the version without a clean build.
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// Reruns the script when `path` changes; a missing file is skipped, since cargo would take it
/// as always changed and rebuild the binary every time.
fn watch(path: Option<String>) {
    if let Some(path) = path.filter(|p| std::path::Path::new(p).exists()) {
        println!("cargo:rerun-if-changed={path}");
    }
}

fn main() {
    for file in ["HEAD", "packed-refs"] {
        watch(git(&["rev-parse", "--git-path", file]));
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch(git(&["rev-parse", "--git-path", &branch]));
    }
    let commit =
        git(&["log", "-1", "--format=%h %cs", "--abbrev=12"]).unwrap_or_else(|| "unknown commit".into());
    println!("cargo:rustc-env=DOWNHILL_COMMIT={commit}");
}
