//! The output folder through the real CLI: checked before any work, replaced as a whole (no
//! stale files from an earlier run), untouched on failure, and nothing left behind.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{ok, oslink, scratch};

fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn a_second_run_replaces_the_whole_folder() {
    let root = scratch("outputs-stale");
    let out = root.join("out");
    let out_s = out.to_str().unwrap();
    // A span over two months writes monthly_availability; the smoke run (12 h) does not.
    ok(&oslink(&[
        "run",
        "scenarios/geo-relay-japan.toml",
        "-o",
        out_s,
        "--quiet",
    ]));
    assert!(out.join("plots/monthly_availability.png").exists());
    ok(&oslink(&[
        "run",
        "scenarios/smoke.toml",
        "-o",
        out_s,
        "--quiet",
    ]));
    assert!(
        !out.join("plots/monthly_availability.png").exists(),
        "a stale plot of the first run survived: {:?}",
        names(&out.join("plots"))
    );
    // A sweep into the same folder leaves no run file beside sweep.csv.
    ok(&oslink(&[
        "sweep",
        "scenarios/smoke.toml",
        "--set",
        "terminals.leo.tx_power_w=0.5,1",
        "-o",
        out_s,
        "--quiet",
    ]));
    assert_eq!(
        names(&out),
        ["plots", "report.html", "sweep.csv", "sweep.json"]
    );
    // Nothing but the folder itself is left beside it.
    assert_eq!(names(&root), ["out"]);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_bad_output_place_fails_before_the_simulation() {
    let root = scratch("outputs-bad");
    let file = root.join("afile");
    std::fs::write(&file, "x").unwrap();
    // The year-long GEO run takes seconds; the refusal must come at once.
    let started = Instant::now();
    let out = oslink(&[
        "run",
        "scenarios/geo-relay-japan.toml",
        "-o",
        file.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-o/--out") && err.contains("afile"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    // A folder with the user's own files is not an output folder.
    let home = root.join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("notes.txt"), "mine").unwrap();
    let out = oslink(&[
        "run",
        "scenarios/smoke.toml",
        "-o",
        home.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("it holds notes.txt"), "{err}");
    assert_eq!(names(&home), ["notes.txt"]);
    assert_eq!(names(&root), ["afile", "home"]);
    let _ = std::fs::remove_dir_all(&root);
}

/// A full disk (a 200 KiB tmpfs; needs root, else a loud skip): exit 2, the previous outputs
/// untouched, no temporary file or folder left.
#[test]
fn a_full_disk_keeps_the_previous_outputs() {
    let root = scratch("outputs-full");
    let mount = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=200k", "tmpfs"])
        .arg(&root)
        .output();
    if !mount.as_ref().is_ok_and(|m| m.status.success()) {
        crate::common::skip_warning(Path::new("a tmpfs mount (needs root)"));
        return;
    }
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("summary.json"), "{\"previous\": true}").unwrap();
    let run = oslink(&[
        "run",
        "scenarios/smoke.toml",
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let (code, kept, left) = (
        run.status.code(),
        std::fs::read_to_string(out.join("summary.json")),
        names(&root),
    );
    let _ = std::process::Command::new("umount").arg(&root).status();
    assert_eq!(code, Some(2), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(kept.unwrap(), "{\"previous\": true}");
    assert_eq!(left, ["out"]);
    let _ = std::fs::remove_dir_all(&root);
}
