//! `oslink … | head`: a command whose stdout is a pipe closed by its reader exits quietly
//! with code 0 (no panic, no error message).

use std::process::{Command, Stdio};

use crate::common::{crate_path, scratch};

/// Runs the binary with `args`, stdout into a pipe whose reading end is closed at once, and
/// asserts exit code 0 and an empty stderr.
fn exits_quietly(args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oslink"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run oslink");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for oslink");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{args:?}: stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn passes_into_a_closed_pipe() {
    let smoke = crate_path("scenarios/smoke.toml");
    for format in ["table", "csv", "json"] {
        exits_quietly(&[
            "passes",
            "--scenario",
            smoke.to_str().unwrap(),
            "--format",
            format,
        ]);
    }
}

#[test]
fn run_into_a_closed_pipe() {
    let dir = scratch("broken-pipe");
    let smoke = crate_path("scenarios/smoke.toml");
    exits_quietly(&[
        "run",
        smoke.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(
        dir.join("report.html").exists(),
        "the files are written first"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
