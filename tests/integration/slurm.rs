//! Sharded runs and sweeps through a real Slurm: a single-node cluster on loopback
//! (`tools/slurm-local.sh`: Debian's slurm-wlm and munge, installed when missing), the job
//! arrays and merge jobs that `oslink slurm-script` submits, and the merged outputs compared
//! with the single-machine ones byte for byte. A shard cancelled while running leaves no shard
//! folder, its merge job is cancelled with it, and a merge by hand refuses the set.
//!
//! The cluster needs root (it starts munged, slurmctld and slurmd); elsewhere the test says
//! SKIPPED on stderr and passes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{crate_path, ok, oslink, scratch};
use crate::shards::{assert_same_outputs, CONSTELLATION, STATION_SWEEP};

/// A running single-node cluster, stopped when dropped.
struct Cluster {
    dir: PathBuf,
    conf: String,
}

fn slurm_local(args: &[&str]) -> Command {
    let mut c = Command::new("bash");
    c.arg(crate_path("tools/slurm-local.sh")).args(args);
    c
}

impl Cluster {
    fn start() -> Cluster {
        // Short (Unix socket paths) and unique; a port of its own beside any other cluster.
        let dir = PathBuf::from(format!("/tmp/slurm-local-oslink-{}", std::process::id()));
        let port = 20_000 + 2 * (std::process::id() % 5_000);
        let out = slurm_local(&["start", dir.to_str().unwrap()])
            .env("SLURM_LOCAL_SMOKE", "0")
            .env("SLURM_LOCAL_CPUS", "4")
            .env("SLURM_LOCAL_PORT", port.to_string())
            .output()
            .expect("run tools/slurm-local.sh");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "starting Slurm failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let conf = stdout
            .trim()
            .strip_prefix("export SLURM_CONF=")
            .unwrap_or_else(|| panic!("unexpected output of slurm-local.sh start: {stdout}"))
            .to_string();
        Cluster { dir, conf }
    }

    /// `bash SCRIPT` with this cluster's configuration: the two job ids it prints.
    fn submit(&self, script: &Path) -> (String, String) {
        let out = Command::new("bash")
            .arg(script)
            .env("SLURM_CONF", &self.conf)
            .output()
            .expect("bash the submission script");
        assert!(
            out.status.success(),
            "submission failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ids = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let (array, merge) = ids.split_once(' ').expect("two job ids");
        (array.to_string(), merge.to_string())
    }

    /// Waits until `job` (a job or a whole array) has left the queue; whether every task
    /// completed with exit code 0.
    fn wait(&self, job: &str) -> bool {
        let out = slurm_local(&["wait", job, "120", self.dir.to_str().unwrap()])
            .env("SLURM_CONF", &self.conf)
            .output()
            .expect("slurm-local.sh wait");
        assert_ne!(out.status.code(), Some(124), "job {job} timed out");
        out.status.success()
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("SLURM_CONF", &self.conf);
        c
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = slurm_local(&["stop", self.dir.to_str().unwrap()])
            .env("SLURM_CONF", &self.conf)
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `oslink slurm-script COMMAND SCENARIO --shards 4 -o OUT` written to OUT.sh.
fn script(command: &str, scenario: &str, out: &Path) -> PathBuf {
    let r = oslink(&[
        "slurm-script",
        command,
        scenario,
        "--shards",
        "4",
        "--time",
        "00:05:00",
        "-o",
        out.to_str().unwrap(),
    ]);
    ok(&r);
    let path = out.with_extension("sh");
    std::fs::write(&path, &r.stdout).unwrap();
    path
}

#[test]
fn shards_through_a_real_slurm_merge_into_the_single_machine_outputs() {
    if !is_root() {
        eprintln!(
            "SKIPPED: the real-Slurm test needs root (tools/slurm-local.sh starts munged, \
             slurmctld and slurmd); run the tests as root to include it"
        );
        return;
    }
    let t0 = Instant::now();
    let dir = scratch("slurm-jobs");
    let single_sweep = dir.join("single-sweep");
    let single_run = dir.join("single-run");
    ok(&oslink(&[
        "sweep",
        STATION_SWEEP,
        "--quiet",
        "-o",
        single_sweep.to_str().unwrap(),
    ]));
    ok(&oslink(&[
        "run",
        CONSTELLATION,
        "--quiet",
        "-o",
        single_run.to_str().unwrap(),
    ]));

    let cluster = Cluster::start();
    let sweep = dir.join("sweep");
    let run = dir.join("run");
    let jobs_sweep = cluster.submit(&script("sweep", STATION_SWEEP, &sweep));
    let jobs_run = cluster.submit(&script("run", CONSTELLATION, &run));
    for (array, merge) in [&jobs_sweep, &jobs_run] {
        assert!(cluster.wait(array), "shards of array {array} failed");
        assert!(cluster.wait(merge), "merge job {merge} failed");
    }
    assert_same_outputs(&single_sweep, &sweep.join("merged"));
    assert_same_outputs(&single_run, &run.join("merged"));
    for k in 0..4 {
        assert!(run.join(format!("shards/{k}/shard.json")).exists());
    }

    // One satellite, 4 shards: shard 2 holds it and runs for seconds; cancel it while it runs.
    let killed = dir.join("killed");
    let (array, merge) = cluster.submit(&script("run", "scenarios/lux-japan-leo.toml", &killed));
    let task = format!("{array}_2");
    let started = Instant::now();
    loop {
        let state = cluster
            .command("squeue")
            .args(["-h", "-j", &task, "-o", "%T"])
            .output()
            .expect("squeue");
        let state = String::from_utf8_lossy(&state.stdout).trim().to_string();
        match state.as_str() {
            "RUNNING" => break,
            // Not listed yet right after the submission.
            "" if started.elapsed() < Duration::from_secs(2) => {}
            "" | "COMPLETING" | "COMPLETED" => {
                panic!("task {task} left the queue before it could be cancelled ({state:?})")
            }
            _ => {}
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "task {task} never ran"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = cluster
        .command("scancel")
        .arg(&task)
        .status()
        .expect("scancel");
    assert!(status.success());
    assert!(!cluster.wait(&array), "a cancelled task is not a success");
    // The merge job depended on every task: it is cancelled, not run.
    assert!(!cluster.wait(&merge), "the merge job must not succeed");
    assert!(!killed.join("merged").exists(), "no merge ran");
    assert!(
        !killed.join("shards/2").exists(),
        "a cancelled shard leaves no shard folder"
    );
    let shards: Vec<String> = [0, 1, 3]
        .iter()
        .map(|k| killed.join(format!("shards/{k}")).display().to_string())
        .collect();
    let merged = killed.join("merged");
    let r = oslink(&[
        "merge",
        &shards[0],
        &shards[1],
        &shards[2],
        "-o",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains("missing: 2"), "{stderr}");
    assert!(!merged.exists());
    drop(cluster);
    eprintln!("real-Slurm test: {:.1} s", t0.elapsed().as_secs_f64());
    let _ = std::fs::remove_dir_all(&dir);
}
