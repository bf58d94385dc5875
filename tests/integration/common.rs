//! Helpers shared by the integration tests: the real binary, the crate folder, the shared
//! validation data beside the repository.

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

/// The shared validation data: `$OSLINK_SHARED_DIR`, else `../shared` beside the crate.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("OSLINK_SHARED_DIR").map_or_else(|| crate_path("../shared"), PathBuf::from)
}

/// A file of the shared data, or `None` after a loud warning that the test is skipped.
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let path = shared_dir().join(relative);
    if path.exists() {
        Some(path)
    } else {
        skip_warning(&path);
        None
    }
}

/// The loud warning of a test skipped for missing validation data. Written to the process's
/// stderr directly, past the test harness's capture, so that it shows in a passing run.
pub fn skip_warning(path: &Path) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!! WARNING: {} not found — test SKIPPED (set OSLINK_SHARED_DIR or \
         OSLINK_REFERENCE_DIR) !!!!!!!!\n",
        path.display()
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
