//! `oslink sweep` through the real binary: the CSV layout, bad keys, common random numbers
//! (monotone in power, supersets of stations), geometry reuse and equality with `oslink run`,
//! plots and report.html.

use std::path::Path;

use serde_json::Value;

use crate::common::{ok, oslink, scratch};

/// Runs a sweep of `scenario` with `sets` into `dir` and returns sweep.json.
fn sweep(scenario: &str, dir: &Path, sets: &[&str]) -> Value {
    let out_dir = dir.to_str().expect("UTF-8 path");
    let mut args = vec!["sweep", scenario, "-o", out_dir, "--quiet"];
    for s in sets {
        args.extend(["--set", s]);
    }
    ok(&oslink(&args));
    read_json(&dir.join("sweep.json"))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read JSON")).expect("valid JSON")
}

fn f(v: &Value, path: &[&str]) -> f64 {
    let mut x = v;
    for p in path {
        x = &x[*p];
    }
    x.as_f64()
        .unwrap_or_else(|| panic!("{path:?} not a number in {v}"))
}

const SPREAD: [&str; 4] = ["mean", "p10", "p50", "p90"];

#[test]
fn csv_has_one_row_per_point_and_station_plus_network() {
    let dir = scratch("sweep-csv");
    let json = sweep(
        "scenarios/smoke.toml",
        &dir,
        &[
            "terminals.leo.tx_power_w=0.05,0.5",
            "channel.fading=lognormal,gamma-gamma",
        ],
    );
    assert_eq!(json["grid_points"], 4);
    let text = std::fs::read_to_string(dir.join("sweep.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut want = vec!["point", "terminals.leo.tx_power_w", "channel.fading"];
    want.extend(oslink::report::SWEEP_CSV_COLUMNS);
    assert_eq!(header, want);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // 4 points × (2 stations + network), the last key varying fastest.
    assert_eq!(rows.len(), 12);
    let cells: Vec<(&str, &str, &str, &str)> =
        rows.iter().map(|r| (r[0], r[1], r[2], r[3])).collect();
    assert_eq!(cells[0], ("0", "0.05", "lognormal", "koganei"));
    assert_eq!(cells[2], ("0", "0.05", "lognormal", "network"));
    assert_eq!(cells[3], ("1", "0.05", "gamma-gamma", "koganei"));
    assert_eq!(cells[11], ("3", "0.5", "gamma-gamma", "network"));
    assert!(rows.iter().all(|r| r.len() == want.len()));
    // Plots against each key (a line for the number, bars for the string), no heatmap with one
    // numeric key, and the HTML report with them inlined.
    for stem in [
        "availability_vs_terminals_leo_tx_power_w",
        "volume_vs_terminals_leo_tx_power_w",
        "availability_vs_channel_fading",
        "volume_vs_channel_fading",
    ] {
        for ext in ["png", "svg"] {
            let file = dir.join("plots").join(format!("{stem}.{ext}"));
            assert!(
                file.metadata().is_ok_and(|m| m.len() > 0),
                "{}",
                file.display()
            );
        }
    }
    assert!(!dir.join("plots/heatmap_availability.png").exists());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 4);
    assert!(html.contains("terminals.leo.tx_power_w"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unknown_or_invalid_keys_exit_2_name_the_key_and_write_nothing() {
    let dir = scratch("sweep-bad");
    let out_dir = dir.join("out");
    for (set, named) in [
        ("terminals.nope.tx_power_w=1", "terminals.nope"),
        ("terminals.leo.tx_powr_w=1", "terminals.leo.tx_powr_w"),
        ("stations[7].alt_m=1", "stations[7].alt_m"),
        (
            "terminals.leo.tx_power_w=0.1,-1",
            "terminals.leo.tx_power_w",
        ),
        ("stations=koganei+atlantis", "atlantis"),
        ("stations.choose=3", "stations.choose"),
    ] {
        let out = oslink(&[
            "sweep",
            "scenarios/smoke.toml",
            "-o",
            out_dir.to_str().unwrap(),
            "--set",
            set,
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{set}: {stderr}");
        assert!(stderr.contains(named), "{set}: {stderr}");
        assert!(!out_dir.exists(), "{set}: something was written");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn availability_never_decreases_with_power_under_common_random_numbers() {
    let dir = scratch("sweep-crn-power");
    let json = sweep(
        "scenarios/smoke.toml",
        &dir,
        &["terminals.leo.tx_power_w=0.0003,0.001,0.003,0.01,0.03,0.1,0.3"],
    );
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 7);
    let rows = |p: &Value| -> Vec<Value> {
        let mut r = p["stations"].as_array().unwrap().clone();
        r.push(p["network"].clone());
        r
    };
    for pair in points.windows(2) {
        for (lo, hi) in rows(&pair[0]).iter().zip(rows(&pair[1])) {
            for s in SPREAD {
                for what in ["availability", "daily_volume_bits"] {
                    assert!(
                        f(&hi, &[what, s]) >= f(lo, &[what, s]),
                        "{} {what}.{s} falls from {} to {} W",
                        lo["name"],
                        pair[0]["values"]["terminals.leo.tx_power_w"],
                        pair[1]["values"]["terminals.leo.tx_power_w"]
                    );
                }
            }
        }
    }
    // The grid spans the interesting range, so the test can fail.
    let net = |p: &Value| f(p, &["network", "availability", "mean"]);
    assert!(net(&points[0]) < net(&points[6]) - 0.05, "{json}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn station_supersets_do_at_least_as_well_in_the_same_weather() {
    let dir = scratch("sweep-crn-stations");
    let json = sweep(
        "scenarios/sweep-stations-lux-japan.toml",
        &dir,
        &["stations.choose=1,2,3,6"],
    );
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 6 + 15 + 20 + 1);
    assert_eq!(json["timings_s"]["geometry_computations"], 1);
    let set = |p: &Value| -> Vec<String> {
        p["values"]["stations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let mut pairs = 0;
    for a in points {
        for b in points {
            let (sa, sb) = (set(a), set(b));
            if sa.len() <= sb.len() || !sb.iter().all(|s| sa.contains(s)) {
                continue;
            }
            pairs += 1;
            // Network link-up time (of the span) and volume: more stations never lose.
            for s in SPREAD {
                for what in ["availability_of_span", "daily_volume_bits"] {
                    assert!(
                        f(&a["network"], &[what, s]) >= f(&b["network"], &[what, s]),
                        "{sa:?} vs {sb:?}: {what}.{s}"
                    );
                }
            }
            // Same weather and fades: a station's own result does not depend on the subset.
            for st in b["stations"].as_array().unwrap() {
                let same = a["stations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["name"] == st["name"])
                    .unwrap();
                assert_eq!(same, st, "{sa:?} vs {sb:?}");
            }
        }
    }
    // 2-sets ⊃ 2 singletons each, 3-sets ⊃ 3 singletons and 3 pairs, the 6-set ⊃ all others.
    assert_eq!(pairs, 15 * 2 + 20 * (3 + 3) + (6 + 15 + 20));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn geometry_is_reused_and_changes_nothing() {
    let dir = scratch("sweep-reuse");
    let json = sweep(
        "scenarios/smoke.toml",
        &dir.join("sweep"),
        &[
            "time.step_s=10,20",
            "terminals.leo.tx_power_w=0.002,0.5",
            "channel.fading=lognormal,gamma-gamma",
        ],
    );
    // Only time.step_s changes the geometry; the link stage runs once per geometry.
    assert_eq!(json["grid_points"], 8);
    assert_eq!(json["timings_s"]["geometry_computations"], 2);
    assert_eq!(json["timings_s"]["link_computations"], 2);
    // Two numeric keys (of three): heatmaps.
    assert!(dir.join("sweep/plots/heatmap_availability.svg").exists());
    assert!(dir.join("sweep/plots/heatmap_volume.png").exists());
    // Point 4 = (20 s, 0.002 W, lognormal) against a plain run of that scenario.
    let point = &json["points"][4];
    assert_eq!(point["values"]["time.step_s"], 20);
    assert_eq!(point["values"]["terminals.leo.tx_power_w"], 0.002);
    assert_eq!(point["values"]["channel.fading"], "lognormal");
    let smoke =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/smoke.toml"))
            .unwrap();
    let edited = smoke
        .replace("step_s = 10.0", "step_s = 20")
        .replace("tx_power_w = 0.5", "tx_power_w = 0.002")
        .replace("fading = \"gamma-gamma\"", "fading = \"lognormal\"");
    for original in [
        "step_s = 10.0",
        "tx_power_w = 0.5",
        "fading = \"gamma-gamma\"",
    ] {
        assert_eq!(
            smoke.matches(original).count(),
            1,
            "smoke.toml changed: {original}"
        );
    }
    let file = dir.join("point4.toml");
    std::fs::write(&file, edited).unwrap();
    let run_dir = dir.join("run");
    ok(&oslink(&[
        "run",
        file.to_str().unwrap(),
        "-o",
        run_dir.to_str().unwrap(),
        "--quiet",
    ]));
    let summary = read_json(&run_dir.join("summary.json"));
    // Bit-identical numbers (serde_json prints the shortest round-trip form of each f64).
    assert_eq!(point["network"], summary["network"]);
    assert_eq!(point["stations"], summary["stations"]);
    // A point whose fades differ from the run's would not match: the comparison can fail.
    assert_ne!(json["points"][5]["network"], summary["network"]);
    std::fs::remove_dir_all(&dir).ok();
}
