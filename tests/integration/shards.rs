//! Sharded runs and sweeps on this machine (`--shard K/N`, `oslink merge`): the merge writes
//! the single-machine outputs byte for byte (timings aside), whatever N and the order of the
//! folders; broken sets of shards are refused with exit 2 and nothing written. The same
//! through a real Slurm is `slurm.rs`.

use std::path::{Path, PathBuf};

use crate::common::{crate_path, ok, oslink, scratch};
use crate::golden::{comparable, files_below};

/// A shipped constellation: 24 satellites, so that shards hold different satellites.
pub(crate) const CONSTELLATION: &str = "scenarios/constellation-walker-24.toml";
/// A shipped sweep over station subsets (20 points, one geometry).
pub(crate) const STATION_SWEEP: &str = "scenarios/sweep-stations-lux-japan.toml";
/// A shipped sweep whose points have different fade draws (divergence × power, 9 points).
const DIVERGENCE_SWEEP: &str = "scenarios/sweep-divergence-lux-japan.toml";

/// Asserts that `merged` holds the files of `single`, equal byte for byte but for the
/// timings of the JSON files.
pub(crate) fn assert_same_outputs(single: &Path, merged: &Path) {
    let files = files_below(single);
    assert!(!files.is_empty(), "{} is empty", single.display());
    assert_eq!(
        files,
        files_below(merged),
        "the merge writes the same files"
    );
    for f in &files {
        assert!(
            comparable(&single.join(f)) == comparable(&merged.join(f)),
            "{} differs between {} and {}",
            f.display(),
            single.display(),
            merged.display()
        );
    }
}

/// Runs `command` (run or sweep) of `scenario` as `n` shards into `dir/shard-K`, merges them
/// in reverse order into `dir/merged`, and returns the shard folders.
fn shard_and_merge(command: &str, scenario: &str, n: usize, dir: &Path) -> Vec<PathBuf> {
    let shards: Vec<PathBuf> = (0..n).map(|k| dir.join(format!("shard-{k}"))).collect();
    for (k, out) in shards.iter().enumerate() {
        let spec = format!("{k}/{n}");
        ok(&oslink(&[
            command,
            scenario,
            "--shard",
            &spec,
            "--quiet",
            "-o",
            out.to_str().unwrap(),
        ]));
    }
    let merged = dir.join("merged");
    let mut args: Vec<String> = vec!["merge".into()];
    args.extend(shards.iter().rev().map(|p| p.display().to_string()));
    args.extend(["-o".into(), merged.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&oslink(&args));
    shards
}

fn single(command: &str, scenario: &str, out: &Path) {
    ok(&oslink(&[
        command,
        scenario,
        "--quiet",
        "-o",
        out.to_str().unwrap(),
    ]));
}

#[test]
fn a_sharded_run_merges_into_the_single_machine_outputs() {
    let dir = scratch("shards-run");
    single("run", CONSTELLATION, &dir.join("single"));
    // 3 shards: uneven cuts of 24 satellites; 30 shards: more shards than satellites.
    for n in [3, 30] {
        let d = dir.join(format!("n{n}"));
        let shards = shard_and_merge("run", CONSTELLATION, n, &d);
        assert_same_outputs(&dir.join("single"), &d.join("merged"));
        // Each shard's manifest says what it holds; together they hold every satellite once.
        let mut next = 0;
        for s in &shards {
            let m: serde_json::Value =
                serde_json::from_slice(&std::fs::read(s.join("shard.json")).unwrap()).unwrap();
            assert_eq!(m["format"], "oslink-shard/1");
            assert_eq!(m["satellites"]["start"], next, "{m}");
            next = m["satellites"]["end"].as_u64().unwrap();
        }
        assert_eq!(next, 24);
        // The merged summary reports each shard's timings and their sum.
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(d.join("merged/summary.json")).unwrap()).unwrap();
        assert_eq!(summary["shard_timings_s"].as_array().unwrap().len(), n);
    }
    // A run of one satellite with links both ways, in 2 shards (one of them empty).
    let d = dir.join("beacon");
    single(
        "run",
        "scenarios/beacon-and-downlink.toml",
        &d.join("single"),
    );
    shard_and_merge("run", "scenarios/beacon-and-downlink.toml", 2, &d);
    assert_same_outputs(&d.join("single"), &d.join("merged"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_shards_of_a_run_have_equal_work() {
    // 24 equal satellites in 4 shards: 6 each.
    let dir = scratch("shards-balance");
    for k in 0..4 {
        let out = dir.join(k.to_string());
        ok(&oslink(&[
            "run",
            CONSTELLATION,
            "--shard",
            &format!("{k}/4"),
            "--quiet",
            "-o",
            out.to_str().unwrap(),
        ]));
        let m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("shard.json")).unwrap()).unwrap();
        assert_eq!(m["satellites"]["start"], 6 * k, "{m}");
        assert_eq!(m["satellites"]["end"], 6 * k + 6, "{m}");
        assert!(
            (m["work_fraction"].as_f64().unwrap() - 0.25).abs() < 1e-9,
            "{m}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sharded_sweep_merges_into_the_single_machine_outputs() {
    let dir = scratch("shards-sweep");
    for (scenario, n) in [
        (STATION_SWEEP, 4),
        (DIVERGENCE_SWEEP, 2),
        (DIVERGENCE_SWEEP, 12),
    ] {
        let d = dir.join(format!(
            "{}-{n}",
            Path::new(scenario).file_stem().unwrap().to_string_lossy()
        ));
        single("sweep", scenario, &d.join("single"));
        shard_and_merge("sweep", scenario, n, &d);
        assert_same_outputs(&d.join("single"), &d.join("merged"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `oslink merge` on `dirs` into `out` and asserts exit 2 with `expected` in stderr and
/// nothing at `out`.
fn refused(dirs: &[&Path], out: &Path, expected: &str) {
    let mut args: Vec<String> = vec!["merge".into()];
    args.extend(dirs.iter().map(|p| p.display().to_string()));
    args.extend(["-o".into(), out.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = oslink(&args);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(expected), "{expected:?} not in: {stderr}");
    assert!(
        !out.exists() || std::fs::read_dir(out).unwrap().next().is_none(),
        "{stderr}"
    );
}

#[test]
fn broken_sets_of_shards_are_refused() {
    let dir = scratch("shards-broken");
    let shard = |scenario: &str, spec: &str, name: &str, extra: &[&str]| -> PathBuf {
        let out = dir.join(name);
        let mut args = vec!["sweep", scenario, "--shard", spec, "--quiet", "-o"];
        args.push(out.to_str().unwrap());
        args.extend(extra);
        ok(&oslink(&args));
        out
    };
    let s0 = shard(STATION_SWEEP, "0/3", "s0", &[]);
    let s1 = shard(STATION_SWEEP, "1/3", "s1", &[]);
    let s2 = shard(STATION_SWEEP, "2/3", "s2", &[]);
    let out = dir.join("merged");
    refused(&[&s0, &s2], &out, "missing: 1");
    refused(&[&s0, &s1, &s1, &s2], &out, "given twice");
    let other_seed = shard(STATION_SWEEP, "1/3", "seed", &["--seed", "9"]);
    refused(
        &[&s0, &other_seed, &s2],
        &out,
        "its scenario (SHA-256 of the built scenario)",
    );
    let other_n = shard(STATION_SWEEP, "1/4", "n4", &[]);
    refused(
        &[&s0, &other_n, &s2],
        &out,
        "its shard count N is 4, that of",
    );
    refused(&[&s0, &s1, &dir], &out, "no shard.json: not a shard folder");
    // A damaged payload: cut short.
    let cut = dir.join("cut");
    std::fs::create_dir_all(&cut).unwrap();
    for f in ["shard.json", "shard.bin"] {
        std::fs::copy(s2.join(f), cut.join(f)).unwrap();
    }
    let bin = std::fs::read(cut.join("shard.bin")).unwrap();
    std::fs::write(cut.join("shard.bin"), &bin[..bin.len() / 2]).unwrap();
    refused(&[&s0, &s1, &cut], &out, "shard.bin has");
    // The whole set merges once; a second merge into the same folder is refused.
    let merge_all = || {
        oslink(&[
            "merge",
            s0.to_str().unwrap(),
            s1.to_str().unwrap(),
            s2.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
    };
    ok(&merge_all());
    let again = merge_all();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("a new or empty folder"));
    // Bad --shard values.
    for bad in ["3/3", "1", "0/0", "x/2"] {
        let r = oslink(&[
            "run",
            "scenarios/smoke.toml",
            "--shard",
            bad,
            "-o",
            "/nonexistent/x",
        ]);
        assert_eq!(r.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&r.stderr).contains("--shard"),
            "{bad}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_shard_killed_while_running_leaves_no_shard_folder() {
    let dir = scratch("shards-kill");
    let target = dir.join("shard-0");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_oslink"))
        .current_dir(crate_path(""))
        .args([
            "run",
            "scenarios/lux-japan-leo.toml",
            "--shard",
            "0/1",
            "--quiet",
            "-o",
        ])
        .arg(&target)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start oslink");
    // The staging folder appears once the inputs are checked; the run then takes seconds.
    // `.shard-0.oslink-new-HOST-PID`
    let suffix = format!("-{}", child.id());
    let staging = || {
        std::fs::read_dir(&dir).unwrap().flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(".shard-0.oslink-new-") && name.ends_with(&suffix)
        })
    };
    let t0 = std::time::Instant::now();
    while !staging() && t0.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(staging(), "the shard never started writing");
    child.kill().expect("kill -9 the shard");
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert!(!target.exists(), "a killed shard leaves no shard folder");
    refused(&[&target], &dir.join("merged"), "not a folder");
    let _ = std::fs::remove_dir_all(&dir);
}
