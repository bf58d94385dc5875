//! Helpers shared by the integration tests: the real binary, the crate folder, the validation
//! data in tests/data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `oslink` binary of this build with `args`.
pub fn oslink(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oslink"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run oslink")
}

/// An empty, unique scratch folder `oslink-TAG-PID` (removed first if a previous run left it).
pub fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oslink-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// Asserts that a run of the binary succeeded, showing its output when it did not.
pub fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A path inside the crate.
pub fn crate_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A file or folder of the validation data vendored into `tests/data` (each with its origin
/// in tests/data/README.md and the README of its folder). Missing data fails the test: a
/// fresh clone has it all.
pub fn test_data(relative: &str) -> PathBuf {
    let path = crate_path("tests/data").join(relative);
    assert!(
        path.exists(),
        "{} is missing: the validation data ships in tests/data",
        path.display()
    );
    path
}

/// The loud warning of a test skipped because the machine cannot run it (`what` it lacks).
/// Written to the process's stderr directly, past the test harness's capture, so that it
/// shows in a passing run.
pub fn skip_warning(what: &Path) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!! WARNING: {} not available — test SKIPPED !!!!!!!!\n",
        what.display()
    );
}

/// Whether a shipped scenario is a scale example (`scenarios/scale-*.toml`): sized for a
/// cluster or minutes of a whole machine, so the tests validate it and check its memory
/// estimate and grid size instead of running it.
pub fn is_scale_example(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("scale-"))
}
