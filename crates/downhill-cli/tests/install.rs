//! What an installed `downhill` offers besides its commands: a version that names the commit it
//! was built from, and completion scripts for the common shells.
mod common;
use common::*;

#[test]
fn version_names_the_package_version_and_the_commit() {
    let line = ok(&["--version"]);
    let expected = format!("downhill {} (", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&expected), "{line}");
    let checkout = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.git").exists();
    if !checkout {
        assert!(line.contains("(unknown commit)"), "{line}");
        return;
    }
    // Built from a git checkout, so the commit is known: 12 hex digits and a date.
    let inner = line.trim().trim_start_matches(&expected).trim_end_matches(')');
    let (hash, date) = inner.split_once(' ').unwrap_or_else(|| panic!("no hash and date in {line}"));
    assert_eq!(hash.len(), 12, "{line}");
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{line}");
    assert_eq!(date.len(), 10, "{line}");
}

#[test]
fn completions_cover_every_command_and_their_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = ok(&["completions", shell]);
        for word in ["train", "predict", "lr-find", "tune", "--optimizer", "--epochs"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_one_line_error_listing_the_shells() {
    let out = downhill(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("tcsh") && err.contains("bash") && err.contains("zsh"), "{err}");
}
