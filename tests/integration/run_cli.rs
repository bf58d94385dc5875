//! `oslink run` and `oslink validate` through the real binary: every shipped scenario, the
//! built-in default, thread-count invariance, seeds, and bad input (exit code 2, the key or
//! line named, nothing written).

use std::path::{Path, PathBuf};

use crate::common::{crate_path, is_scale_example, ok, oslink, scratch};

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `oslink run SCENARIO -o OUTDIR --quiet EXTRA…`, asserting success.
fn run_ok(scenario: &Path, outdir: &Path, extra: &[&str]) {
    let mut args = vec!["run", path_str(scenario), "-o", path_str(outdir), "--quiet"];
    args.extend_from_slice(extra);
    ok(&oslink(&args));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// summary.json up to its `timings_s` object (the last key; wall times differ between runs).
fn summary_without_timings(dir: &Path) -> String {
    let text = read(&dir.join("summary.json"));
    let cut = text
        .find("\"timings_s\"")
        .expect("summary.json has timings_s");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert!(json["timings_s"]["total_s"].as_f64().is_some());
    text[..cut].to_string()
}

/// A scenario text whose `[time]` span is cut to `hours` (everything else kept): the start and
/// step stay, `end` is replaced by `duration_h`.
pub(crate) fn shortened_toml(text: &str, hours: f64) -> String {
    let mut doc: toml::Table = text.parse().expect("valid TOML");
    let time = doc
        .get_mut("time")
        .and_then(toml::Value::as_table_mut)
        .expect("[time]");
    time.remove("end");
    time.insert("duration_h".into(), toml::Value::Float(hours));
    toml::to_string(&doc).expect("serializable")
}

fn shipped_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate_path("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The documented contents of one run's output folder; returns summary.json.
fn check_outputs(dir: &Path, scenario_name: &str) -> serde_json::Value {
    let summary: serde_json::Value =
        serde_json::from_str(&read(&dir.join("summary.json"))).expect("valid JSON");
    assert_eq!(summary["scenario"], scenario_name);
    assert_eq!(summary["oslink_version"], env!("CARGO_PKG_VERSION"));
    for key in ["seed", "samples", "weather_realizations"] {
        assert!(summary[key].as_u64().is_some(), "{key}: {summary}");
    }
    let stations = summary["stations"].as_array().expect("stations[]");
    assert!(!stations.is_empty());
    let mut passes = 0;
    for s in stations.iter().chain([&summary["network"]]) {
        assert!(s["name"].is_string());
        passes += s["passes"].as_u64().expect("passes") as usize;
        for key in ["mean", "p10", "p50", "p90"] {
            let a = s["availability"][key].as_f64().expect("availability");
            assert!((0.0..=1.0).contains(&a), "availability {key} = {a}");
            assert!(s["daily_volume_bits"][key].as_f64().expect("volume") >= 0.0);
        }
        // The per-cause breakdown.
        for key in [
            "no_contact_s",
            "sun_s",
            "cloud_s",
            "fade_s",
            "up_s",
            "volume_bits",
        ] {
            assert!(s["breakdown"][key].as_f64().is_some(), "breakdown.{key}");
        }
        for key in [
            "cloud_free_fraction",
            "fade_outage_given_clear",
            "contact_s",
        ] {
            assert!(s[key].as_f64().is_some(), "{key}");
        }
    }
    assert_eq!(summary["network"]["name"], "network");
    // The network counts every station's passes.
    let network_passes = summary["network"]["passes"].as_u64().expect("passes") as usize;
    assert_eq!(2 * network_passes, passes);

    let table = |name: &str, header_start: &str| -> (Vec<String>, usize) {
        let mut r = csv::Reader::from_path(dir.join(name)).expect("CSV");
        let header: Vec<String> = r
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        assert!(
            header.join(",").starts_with(header_start),
            "{name}: {header:?}"
        );
        let mut rows = 0;
        for record in r.records() {
            assert_eq!(record.expect("row").len(), header.len(), "{name}");
            rows += 1;
        }
        (header, rows)
    };
    let (_, pass_rows) = table("passes.csv", "satellite,norad_id,station,aos,tca,los");
    // One row per pass of every link; the network's passes are those of its direction's links.
    let mut links = csv::Reader::from_path(dir.join("links.csv")).expect("links.csv");
    let link_passes: usize = links
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|row| {
            row.expect("row")["passes"]
                .parse::<usize>()
                .expect("passes")
        })
        .sum();
    assert_eq!(
        pass_rows, link_passes,
        "one passes.csv row per pass of a link"
    );
    assert!(network_passes <= link_passes);
    let (header, steps) = table(
        "timeseries.csv",
        "time,satellite,station,elevation_deg,azimuth_deg,range_km,static_margin_db",
    );
    assert!(header.contains(&"outage_probability".to_string()));
    if network_passes > 0 {
        assert!(steps > 0, "timeseries.csv has rows");
    }
    summary
}

/// Test 5: every shipped scenario runs (spans over two days cut to two days).
#[test]
fn every_shipped_scenario_runs() {
    let work = scratch("run-shipped");
    let scenarios = shipped_scenarios();
    assert!(scenarios.len() >= 5, "{scenarios:?}");
    // The scale examples are validated by `scale_examples_fit_their_budgets`.
    for file in scenarios.into_iter().filter(|f| !is_scale_example(f)) {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let scenario = oslink::scenario::Scenario::load(&file).unwrap_or_else(|e| panic!("{e}"));
        let to_run = if scenario.duration_s() > 2.0 * 86_400.0 {
            let copy = work.join(format!("{stem}.toml"));
            std::fs::write(&copy, shortened_toml(&read(&file), 48.0)).expect("write copy");
            copy
        } else {
            file.clone()
        };
        let out = work.join(&stem);
        run_ok(&to_run, &out, &[]);
        let summary = check_outputs(&out, &scenario.name);
        assert_eq!(summary["seed"].as_u64(), Some(scenario.seed), "{stem}");
        assert_eq!(
            summary["samples"].as_u64(),
            Some(scenario.fading_samples),
            "{stem}"
        );
        assert_eq!(
            summary["stations"].as_array().map(Vec::len),
            Some(scenario.stations.len())
        );
        // A scenario with no contact at all would make the other checks vacuous.
        assert!(
            summary["network"]["contact_s"].as_f64().unwrap() > 0.0,
            "{stem}: no contact"
        );
        ok(&oslink(&["validate", path_str(&file)]));
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// The scale examples (`scenarios/scale-*.toml`, documented in scenarios/README.md) are not
/// run by the tests: they validate through the CLI; a sweep point fits in about 8 GiB by the
/// memory estimate (an upper bound), and so does each of 16 shards of the constellation
/// (whose single-machine bound, contact at every step, is 80 GiB: its passes need a few); the
/// constellation has its 1000 satellites and 10 000 links, and the sweep at least 10⁴ grid
/// points.
#[test]
fn scale_examples_fit_their_budgets() {
    let scale: Vec<PathBuf> = shipped_scenarios()
        .into_iter()
        .filter(|f| is_scale_example(f))
        .collect();
    let stems: Vec<String> = scale
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(stems, ["scale-sweep-10k", "scale-walker-1000"]);
    for file in &scale {
        let out = oslink(&["validate", path_str(file)]);
        ok(&out);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(": OK"), "{stdout}");
        let scenario = oslink::scenario::Scenario::load(file).unwrap_or_else(|e| panic!("{e}"));
        let gib = |e: oslink::scenario::RunEstimate| e.total_bytes() / (1u64 << 30) as f64;
        if scenario.satellites.len() == 1 {
            let whole = gib(scenario.estimate());
            assert!(whole <= 8.5, "{}: {whole} GiB", file.display());
        } else {
            for k in 0..16 {
                let shard = oslink::Shard::new(k, 16).unwrap();
                let sats = oslink::shard::run_shard_satellites(&scenario, shard);
                let part = gib(scenario.estimate_satellites(sats));
                assert!(part <= 8.5, "{} shard {shard}: {part} GiB", file.display());
            }
        }
    }
    let walker = oslink::scenario::Scenario::load(&scale[1]).unwrap();
    assert_eq!(walker.satellites.len(), 1000);
    assert_eq!(walker.stations.len(), 10);
    assert_eq!(walker.links.len(), 10_000);
    assert_eq!(walker.satellites[999].satellite.name, "WD-P19-S49");
    assert!((walker.duration_s() - 30.0 * 86_400.0).abs() < 1e-6);
    let text = read(&scale[0]);
    let plan = oslink::sweep::SweepPlan::new(&text, "scale-sweep-10k.toml", None, &[], None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.points.len() >= 10_000, "{}", plan.points.len());
}

/// Test 5: `oslink run` without a scenario runs the built-in default, and the shipped copy of
/// the default validates.
#[test]
fn built_in_default_runs_and_validates() {
    let out = scratch("run-default");
    ok(&oslink(&["run", "-o", path_str(&out), "--quiet"]));
    let summary = check_outputs(&out, "Luxembourg + Japan LEO downlink (SOTA-like)");
    assert!(summary["source"].as_str().unwrap().contains("built in"));
    assert_eq!(summary["stations"].as_array().map(Vec::len), Some(5));
    let v = oslink(&[
        "validate",
        path_str(&crate_path("scenarios/lux-japan-leo.toml")),
    ]);
    ok(&v);
    assert!(String::from_utf8_lossy(&v.stdout).contains("OK"));
    let _ = std::fs::remove_dir_all(&out);
}

/// Test 3: the outputs do not depend on the thread count (timings aside).
#[test]
fn thread_count_does_not_change_outputs() {
    let smoke = crate_path("scenarios/smoke.toml");
    let work = scratch("run-threads");
    let dirs: Vec<PathBuf> = [1, 2, 4]
        .iter()
        .map(|n| {
            let dir = work.join(format!("t{n}"));
            run_ok(&smoke, &dir, &["--threads", &n.to_string()]);
            dir
        })
        .collect();
    let reference = summary_without_timings(&dirs[0]);
    for dir in &dirs[1..] {
        assert_eq!(summary_without_timings(dir), reference, "{}", dir.display());
        for name in ["passes.csv", "timeseries.csv"] {
            assert_eq!(
                std::fs::read(dir.join(name)).unwrap(),
                std::fs::read(dirs[0].join(name)).unwrap(),
                "{name} differs with {}",
                dir.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// Test 4: same seed → identical files; `--seed` → other results, and the seed is reported.
#[test]
fn seed_flag_changes_results_and_same_seed_repeats() {
    let smoke = crate_path("scenarios/smoke.toml");
    let work = scratch("run-seed");
    let (a, b, c) = (work.join("a"), work.join("b"), work.join("c"));
    run_ok(&smoke, &a, &[]);
    run_ok(&smoke, &b, &[]);
    run_ok(&smoke, &c, &["--seed", "8"]);
    assert_eq!(summary_without_timings(&a), summary_without_timings(&b));
    for name in ["passes.csv", "timeseries.csv"] {
        assert_eq!(read(&a.join(name)), read(&b.join(name)), "{name}");
    }
    let sa: serde_json::Value = serde_json::from_str(&read(&a.join("summary.json"))).unwrap();
    let sc: serde_json::Value = serde_json::from_str(&read(&c.join("summary.json"))).unwrap();
    assert_eq!(sa["seed"], 7);
    assert_eq!(sc["seed"], 8);
    assert_ne!(sa["stations"], sc["stations"], "another seed, other clouds");
    // Same geometry, other fading draws: the margin percentiles of the steps differ.
    assert_ne!(
        read(&a.join("timeseries.csv")),
        read(&c.join("timeseries.csv"))
    );
    let _ = std::fs::remove_dir_all(&work);
}

/// Test 6: bad input exits with code 2, names the key (or line, or path) and writes nothing.
#[test]
fn bad_scenarios_exit_2_name_the_problem_and_write_nothing() {
    let smoke = read(&crate_path("scenarios/smoke.toml"));
    let edit = |from: &str, to: &str| -> String {
        assert!(smoke.contains(from), "test bug: {from:?} not in smoke.toml");
        smoke.replacen(from, to, 1)
    };
    let line_of = |text: &str, needle: &str| -> usize {
        text.lines()
            .position(|l| l.contains(needle))
            .expect("needle")
            + 1
    };
    let unknown_key = edit("tx_power_w = 0.5\n", "tx_power_w = 0.5\ncolour = \"red\"\n");
    let unknown_line = format!("line {}", line_of(&unknown_key, "colour"));
    let wrong_type = edit("tx_power_w = 0.5", "tx_power_w = \"half\"");
    let wrong_type_at = format!(
        "line {}, column {}",
        line_of(&wrong_type, "\"half\""),
        "tx_power_w = ".len() + 1
    );
    let no_stations = smoke[..smoke.find("[[stations]]").expect("stations")].to_string();
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "unknown key",
            unknown_key,
            vec!["colour".into(), unknown_line],
        ),
        ("wrong type", wrong_type, vec![wrong_type_at]),
        (
            "negative aperture",
            edit("aperture_m = 0.4", "aperture_m = -0.4"),
            vec!["receivers.ogs.aperture_m".into()],
        ),
        (
            "unknown terminal",
            edit("terminal = \"leo\"", "terminal = \"nope\""),
            vec!["satellites[0].terminal".into(), "nope".into()],
        ),
        (
            "unknown receiver",
            edit(
                "preset = \"betzdorf\"\nreceiver = \"ogs\"",
                "preset = \"betzdorf\"\nreceiver = \"nope\"",
            ),
            vec!["stations[1].receiver".into(), "nope".into()],
        ),
        (
            "unknown preset",
            edit("preset = \"koganei\"", "preset = \"atlantis\""),
            vec!["stations[0].preset".into(), "atlantis".into()],
        ),
        (
            "missing TLE file",
            edit(
                "orbit = { epoch = \"2026-03-19T00:00:00Z\", altitude_km = 550, inclination_deg = 97.6, raan_deg = 100, mean_anomaly_deg = 0 }",
                "tle_file = \"nope.tle\"",
            ),
            vec!["nope.tle".into()],
        ),
        (
            "end before start",
            edit("duration_h = 12", "end = \"2026-03-18T00:00:00Z\""),
            vec!["time.end".into()],
        ),
        ("no stations", no_stations, vec!["stations".into()]),
    ];
    let work = scratch("run-bad");
    for (i, (what, text, needles)) in cases.iter().enumerate() {
        let file = work.join(format!("bad{i}.toml"));
        std::fs::write(&file, text).expect("write scenario");
        let outdir = work.join(format!("out{i}"));
        for args in [
            vec!["run", path_str(&file), "-o", path_str(&outdir), "--quiet"],
            vec!["validate", path_str(&file)],
        ] {
            let out = oslink(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if args[0] == "run" {
                println!("{what}: {}", stderr.trim_end());
            }
            assert_eq!(out.status.code(), Some(2), "{what} ({args:?}): {stderr}");
            for needle in needles {
                assert!(
                    stderr.contains(needle.as_str()),
                    "{what}: {needle:?} not in {stderr}"
                );
            }
            assert!(out.stdout.is_empty(), "{what}: stdout {:?}", out.stdout);
        }
        assert!(!outdir.exists(), "{what}: {} was created", outdir.display());
    }
    // A scenario file that does not exist.
    let missing = work.join("missing.toml");
    let outdir = work.join("out-missing");
    let out = oslink(&["run", path_str(&missing), "-o", path_str(&outdir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.toml"));
    assert!(!outdir.exists());
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn a_station_without_contact_says_so_instead_of_zero_percent() {
    let dir = scratch("no-contact");
    let text = read(&crate_path("scenarios/smoke.toml")).replacen(
        "preset = \"betzdorf\"",
        "preset = \"betzdorf\"\nmin_elevation_deg = 89.99",
        1,
    );
    let file = dir.join("no-contact.toml");
    std::fs::write(&file, text).unwrap();
    let outdir = dir.join("out");
    let out = oslink(&["run", path_str(&file), "-o", path_str(&outdir), "--quiet"]);
    ok(&out);
    let table = String::from_utf8_lossy(&out.stdout);
    let row = table
        .lines()
        .find(|l| l.starts_with("betzdorf"))
        .expect("a betzdorf row");
    assert!(row.contains("no contact"), "{row}");
    assert!(!row.contains("0.0 ["), "{row}");
    let summary: serde_json::Value = serde_json::from_str(&read(&outdir.join("summary.json")))
        .expect("summary.json is JSON (no NaN)");
    let betzdorf = &summary["stations"][1];
    assert_eq!(betzdorf["name"], "betzdorf");
    assert_eq!(betzdorf["contact_s"], 0.0);
    assert!(betzdorf["availability"]["mean"].is_null(), "{betzdorf}");
    assert!(betzdorf["cloud_free_fraction"].is_null(), "{betzdorf}");
    // The network still has Koganei's contact and availability.
    assert!(summary["network"]["availability"]["mean"].as_f64().unwrap() > 0.0);
    let html = read(&outdir.join("report.html"));
    assert!(html.contains("no contact"));
}
