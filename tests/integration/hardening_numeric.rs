//! The numeric entry points end in a clear error (exit 2, naming the flag or key, the value
//! and what is allowed) or a correct result: never a panic, a hang or a NaN. The reproducers
//! of the project's reliability reports (hangs are run under a time bound).

use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{crate_path, ok, oslink, scratch};

/// Runs `oslink args`, killing it and failing the test if it takes longer than 10 s.
fn oslink_within_10s(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oslink"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run oslink");
    let t0 = Instant::now();
    // Drain the pipes on threads so that a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for oslink") {
            break status;
        }
        if t0.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("oslink {args:?} did not finish within 10 s (killed)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out_thread.join().expect("stdout thread"),
        stderr: err_thread.join().expect("stderr thread"),
    }
}

/// Asserts exit 2 with every one of `needles` in stderr; returns stderr.
fn fails_with(out: &Output, needles: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{n:?} not in stderr: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

const BUDGET: [&str; 5] = ["budget", "--elevation-deg", "30", "--altitude-km", "600"];

fn budget(extra: &[&str]) -> Output {
    let args: Vec<&str> = BUDGET.iter().chain(extra).copied().collect();
    oslink_within_10s(&args)
}

#[test]
fn huge_jitter_and_bias_are_errors_not_a_marcum_hang() {
    // Reproducer hang_budget_marcum.sh: looped forever in Marcum Q1.
    let out = budget(&[
        "--pointing-jitter-urad",
        "1e170",
        "--pointing-bias-urad",
        "1e12",
        "--fading-samples",
        "1000",
    ]);
    fails_with(
        &out,
        &[
            "--pointing-jitter-urad",
            "= 1e170 is",
            "must be 0 or in [0.001, 100000] urad",
        ],
    );
    let out = budget(&[
        "--pointing-jitter-urad",
        "5",
        "--pointing-bias-urad",
        "1e12",
        "--fading-samples",
        "1000",
    ]);
    fails_with(
        &out,
        &["--pointing-bias-urad", "must be in [0, 100000] urad"],
    );
    // The largest allowed values give a result.
    let out = budget(&[
        "--pointing-jitter-urad",
        "100000",
        "--pointing-bias-urad",
        "100000",
        "--fading-samples",
        "1000",
        "--format",
        "json",
    ]);
    ok(&out);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("NaN"));
}

#[test]
fn samples_must_be_in_range() {
    // Reproducer hang_budget_samples.sh: u64::MAX samples ran ~forever, 0 printed NaN.
    for bad in ["18446744073709551615", "0", "100000001"] {
        fails_with(
            &budget(&["--fading-samples", bad]),
            &["--fading-samples", bad, "1..=100000000"],
        );
    }
    let out = budget(&["--fading-samples", "1", "--format", "json"]);
    ok(&out);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("null"));
}

#[test]
fn a_range_beyond_the_solar_system_is_refused_not_a_nan_beam_wander() {
    // F10: an uplink at 6e154 m made the beam wander NaN (null in the JSON sheet).
    let out = oslink(&[
        "budget",
        "--elevation-deg",
        "30",
        "--range-km",
        "6.4e151",
        "--direction",
        "uplink",
    ]);
    fails_with(&out, &["--range-km", "(0, 1e13] m"]);
    // The farthest range allowed evaluates on either path.
    for path in ["atmospheric", "vacuum"] {
        let mut args = vec!["budget", "--range-km", "1e10", "--path", path];
        if path == "atmospheric" {
            args.extend(["--elevation-deg", "30", "--direction", "uplink"]);
        }
        let out = oslink(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn nan_elevation_names_the_elevation_flag() {
    let out = oslink(&["budget", "--elevation-deg", "nan", "--altitude-km", "600"]);
    let stderr = fails_with(&out, &["--elevation-deg", "NaN", "must be in (0, 90] deg"]);
    assert!(!stderr.contains("--altitude-km"), "{stderr}");
}

#[test]
fn absurd_terminal_values_are_errors() {
    for (flag, value, allowed) in [
        (
            "--divergence-full-angle-urad",
            "1e-300",
            "must be in [9.868e-3, 100000] urad",
        ),
        ("--tx-power-w", "1e300", "must be in [1e-12, 1e6] W"),
        ("--tx-power-w", "1e-300", "must be in [1e-12, 1e6] W"),
        ("--aperture-m", "1e-300", "must be in [0.001, 100] m"),
        ("--sensitivity-dbm", "-1e300", "must be in [-200, 60] dBm"),
        ("--photons-per-bit", "1e-300", "must be in [0.001, 1e9]"),
        ("--data-rate-bps", "1e-300", "must be in [1, 1e15] bit/s"),
        (
            "--pointing-jitter-urad",
            "1e-300",
            "must be 0 or in [0.001, 100000] urad",
        ),
    ] {
        fails_with(
            &budget(&[flag, value, "--fading-samples", "1000"]),
            &[flag, allowed],
        );
    }
}

/// `oslink run` of scenarios/smoke.toml with the `[terminals.leo]` text `from` replaced by
/// `to` (in a scratch folder, under the 10 s bound) fails with exit 2 and every `needles`.
fn smoke_with_fails(tag: &str, from: &str, to: &str, needles: &[&str]) {
    let text = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).expect("smoke.toml");
    assert!(text.contains(from), "{from:?} not in smoke.toml");
    let dir = scratch(tag);
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text.replace(from, to)).expect("write scenario");
    let out_dir = dir.join("out");
    let out = oslink_within_10s(&[
        "run",
        path.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--quiet",
    ]);
    fails_with(&out, needles);
}

#[test]
fn scenario_with_tiny_divergence_is_an_error_not_a_nan_link_up() {
    // Reproducer nan_margin_divergence_1e-300.toml: the NaN margin counted as up.
    smoke_with_fails(
        "hn-div",
        "divergence_full_angle_urad = 60",
        "divergence_full_angle_urad = 1e-300",
        &[
            "divergence_full_angle_urad",
            "e-300 is not allowed",
            "must be in [9.868e-3, 100000] urad",
        ],
    );
}

#[test]
fn scenario_with_tiny_jitter_is_an_error_not_a_hang() {
    // Reproducer hang_budget_scenario_tiny_jitter.toml.
    smoke_with_fails(
        "hn-jit",
        "pointing_jitter_urad = 5",
        "pointing_jitter_urad = 1e-300\npointing_bias_urad = 1e-300",
        &[
            "pointing_jitter_urad",
            "e-300 is not allowed",
            "must be 0 or in [0.001, 100000] urad",
        ],
    );
}

#[test]
fn a_grazing_uplink_has_a_finite_outage() {
    // Fuzz finding F1: at 1e-12° the plane-parallel uplink path barely enters the turbulent
    // layer, the Rytov variance rounded to −0 and the Gamma–Gamma outage was NaN.
    for range in [
        ["--altitude-km", "600", "--elevation-deg", "1e-12"],
        ["--range-km", "1000", "--elevation-deg", "1e-9"],
    ] {
        let mut args = vec!["budget", "--direction", "uplink", "--fading", "gamma-gamma"];
        args.extend(range);
        args.extend(["--format", "json", "--fading-samples", "20000"]);
        let out = oslink_within_10s(&args);
        ok(&out);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let text = json.to_string();
        let outage = json["outage_probability"]
            .as_f64()
            .unwrap_or_else(|| panic!("no finite outage in {text}"));
        assert!((0.0..=1.0).contains(&outage), "{text}");
        assert_eq!(json["rytov_variance"], 0.0, "{text}");
    }
}

#[test]
fn years_outside_0001_to_9999_are_refused() {
    // Fuzz finding F2: "-0001-01-01T00:00:00" was read and printed as "-001-…".
    let dir = scratch("years");
    let text = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    let file = dir.join("year.toml");
    std::fs::write(
        &file,
        text.replacen(
            "start = \"2026-03-19T00:00:00Z\"",
            "start = \"-0001-01-01T00:00:00\"",
            1,
        ),
    )
    .unwrap();
    let out = oslink(&["validate", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("time.start") && stderr.contains("years must be 0001 to 9999"),
        "{stderr}"
    );
}
