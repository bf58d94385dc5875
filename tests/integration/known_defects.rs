//! Defects a new user met (issue "Answers an engineer can read", item 3), each through the
//! real CLI: the test fails on the code that had the defect.

use crate::common::{crate_path, ok, oslink, scratch};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_sweep_without_axes_does_not_claim_plots() {
    let dir = scratch("defect-no-axes");
    let out = dir.join("out");
    let r = oslink(&[
        "sweep",
        "scenarios/smoke.toml",
        "--quiet",
        "-o",
        out.to_str().unwrap(),
    ]);
    ok(&r);
    let stdout = text(&r.stdout);
    let wrote = stdout.lines().last().unwrap_or_default();
    assert!(wrote.starts_with("wrote "), "{stdout}");
    assert!(!wrote.contains("plots"), "{wrote}");
    assert!(!out.join("plots").exists());
    assert!(out.join("report.html").exists() && out.join("sweep.csv").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_array_given_to_set_says_how_to_list_values() {
    let r = oslink(&[
        "sweep",
        "scenarios/smoke.toml",
        "--set",
        "terminals.leo.tx_power_w=[0.1,0.2]",
        "-o",
        "/nonexistent/out",
    ]);
    assert_eq!(r.status.code(), Some(2));
    let stderr = text(&r.stderr);
    assert!(
        stderr.contains("an axis lists its values with commas: terminals.leo.tx_power_w=V1,V2"),
        "{stderr}"
    );
}

#[test]
fn missing_norad_ids_are_named() {
    let dir = scratch("defect-norad");
    let tle = crate_path("tests/data/tle/selection_celestrak_active_20260319.tle");
    let smoke = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    let start = smoke.find("orbit = {").unwrap();
    let end = start + smoke[start..].find('\n').unwrap();
    let file = dir.join("norad.toml");
    let source = format!(
        "tle_file = {:?}\nnorad_ids = [25544, 12345, 99998]",
        tle.display().to_string()
    );
    std::fs::write(
        &file,
        format!("{}{source}{}", &smoke[..start], &smoke[end..]),
    )
    .unwrap();
    let r = oslink(&["validate", file.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r.stdout));
    let stderr = text(&r.stderr);
    assert!(
        stderr.contains("norad_ids = [25544, 12345, 99998]"),
        "{stderr}"
    );
    assert!(stderr.contains("not there: 12345, 99998"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_scenario_guide_gives_the_step_range_the_code_enforces() {
    let guide = std::fs::read_to_string(crate_path("scenarios/README.md")).unwrap();
    let row = guide
        .lines()
        .find(|l| l.starts_with("| `step_s` |"))
        .expect("the step_s row");
    assert!(row.contains("[0.01, 86400]"), "{row}");
    let dir = scratch("defect-step");
    let smoke = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    let file = dir.join("fine.toml");
    std::fs::write(&file, smoke.replace("step_s = 10.0", "step_s = 0.005")).unwrap();
    let r = oslink(&["validate", file.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        text(&r.stderr).contains("[0.01, 86400]"),
        "{}",
        text(&r.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn budget_defaults_to_the_ref_range_as_the_readme_says() {
    // The REF case: 1000 km at 30° elevation, margin 34.99 dB (the README's library example).
    let r = oslink(&["budget", "--elevation-deg", "30", "--format", "json"]);
    ok(&r);
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(json["range_m"].as_f64(), Some(1000e3), "{json}");
    let margin = json["margin_db"].as_f64().unwrap();
    assert!((margin - 34.99).abs() < 0.005, "{margin}");
    // With --altitude-km the range follows from it; both together are refused.
    let r = oslink(&[
        "budget",
        "--elevation-deg",
        "30",
        "--altitude-km",
        "500",
        "--range-km",
        "900",
    ]);
    assert_eq!(r.status.code(), Some(2));
}

#[test]
fn a_missing_element_file_is_named_once() {
    for flag in ["--tle", "--omm"] {
        let r = oslink(&[
            "passes",
            flag,
            "/nonexistent/elements.txt",
            "--station",
            "koganei",
            "--start",
            "2026-03-19T00:00:00Z",
            "--end",
            "2026-03-19T01:00:00Z",
        ]);
        assert_eq!(r.status.code(), Some(2));
        let stderr = text(&r.stderr);
        assert_eq!(
            stderr.matches("/nonexistent/elements.txt").count(),
            1,
            "{stderr}"
        );
        assert!(stderr.contains(&format!("reading {flag}")), "{stderr}");
        assert!(stderr.contains("No such file or directory"), "{stderr}");
    }
}

#[test]
fn a_one_value_time_axis_sets_the_span_the_report_states_and_is_not_plotted() {
    // `--set time.duration_h=240` on a 2-day sweep: the report said 2 days, and drew a
    // one-point plot against duration_h.
    let dir = scratch("defect-span");
    let out = dir.join("out");
    let r = oslink(&[
        "sweep",
        "scenarios/sweep-divergence-lux-japan.toml",
        "--set",
        "time.duration_h=240",
        "--set",
        "time.step_s=30",
        "--quiet",
        "-o",
        out.to_str().unwrap(),
    ]);
    ok(&r);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("(10.00 days), step 30 s"),
        "the span of the points"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(json["end"], "2026-03-29T00:00:00.000Z");
    let plots: Vec<String> = std::fs::read_dir(out.join("plots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(plots.iter().any(|p| p.contains("divergence")), "{plots:?}");
    assert!(!plots.iter().any(|p| p.contains("time")), "{plots:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Records what a sweep reports: (units done when the first weather stage starts, length,
/// total advanced).
#[derive(Default)]
struct Recorder {
    state: std::sync::Mutex<(Option<u64>, u64, u64)>,
    stages: std::sync::Mutex<Vec<String>>,
}

impl oslink::sim::Progress for Recorder {
    fn set_length(&self, units: u64) {
        self.state.lock().unwrap().1 = units;
    }
    fn advance(&self, units: u64) {
        self.state.lock().unwrap().2 += units;
    }
    fn set_stage(&self, stage: &str) {
        self.stages.lock().unwrap().push(stage.to_string());
        let mut s = self.state.lock().unwrap();
        if stage == "weather" && s.0.is_none() {
            s.0 = Some(s.2);
        }
    }
}

#[test]
fn sweep_progress_moves_during_the_shared_link_stage() {
    // Every point of this sweep shares one geometry and one link stage: the bar sat at 0 %
    // until the weather stages at the very end.
    let text = std::fs::read_to_string(crate_path("scenarios/sweep-divergence-lux-japan.toml"))
        .unwrap()
        .replace("duration_h = 48", "duration_h = 12");
    let plan = oslink::sweep::SweepPlan::new(&text, "sweep.toml", None, &[], None).unwrap();
    let recorder = Recorder::default();
    plan.run(&recorder).unwrap();
    let (at_weather, length, total) = *recorder.state.lock().unwrap();
    assert_eq!(
        length,
        plan.points.len() as u64 * oslink::sweep::UNITS_PER_POINT
    );
    assert_eq!(total, length);
    assert!(
        at_weather.unwrap() >= length / 2,
        "{at_weather:?} of {length}"
    );
}

#[test]
fn validate_previews_the_margin_in_the_scenario_geometry() {
    // It printed "margin at 1000 km, 45°" for a GEO relay. Now the GEO where it is: from
    // Koganei (35.7068° N, 139.4885° E) the GEO at 90.8° E sits, on a spherical Earth, at
    // cos γ = cos φ cos Δλ, el = atan((cos γ − R/r)/sin γ), d = √(R² + r² − 2Rr cos γ).
    let r = oslink(&["validate", "scenarios/geo-relay-japan.toml"]);
    ok(&r);
    let stdout = text(&r.stdout);
    assert!(!stdout.contains("1000 km, 45°"), "{stdout}");
    let line = stdout.lines().find(|l| l.contains("koganei")).unwrap();
    let (earth_m, geo_m) = (6_378_137.0_f64, 42_164_170.0_f64);
    let cos_g = 35.7068_f64.to_radians().cos() * (139.4885_f64 - 90.8).to_radians().cos();
    let sin_g = (1.0 - cos_g * cos_g).sqrt();
    let el = ((cos_g - earth_m / geo_m) / sin_g).atan().to_degrees();
    let d_km = (earth_m * earth_m + geo_m * geo_m - 2.0 * earth_m * geo_m * cos_g).sqrt() / 1e3;
    let shown = line.split("at el ").nth(1).unwrap();
    let el_shown: f64 = shown.split('°').next().unwrap().parse().unwrap();
    let d_shown: f64 = shown
        .split(", ")
        .nth(1)
        .unwrap()
        .split(" km")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // The ellipsoid and the station's height move these by less than 0.3° and 30 km.
    assert!((el_shown - el).abs() < 0.3, "{el_shown} vs {el}: {line}");
    assert!((d_shown - d_km).abs() < 30.0, "{d_shown} vs {d_km}: {line}");
    // A LEO at its own altitude, at the station's minimum elevation and at the zenith.
    let r = oslink(&["validate", "scenarios/lux-japan-leo.toml"]);
    ok(&r);
    let stdout = text(&r.stdout);
    assert!(
        stdout.contains("at 600 km:") && stdout.contains("dB at 90°"),
        "{stdout}"
    );
}

#[test]
fn the_budget_gives_its_tail_estimate_with_method_and_uncertainty() {
    // "2.0675e-22" from 1e6 samples, with neither the estimator nor its error.
    let r = oslink(&["budget", "--elevation-deg", "30"]);
    ok(&r);
    let stdout = text(&r.stdout);
    let line = stdout
        .lines()
        .find(|l| l.contains("outage probability (Monte Carlo)"))
        .unwrap();
    let (p, se) = line
        .split_whitespace()
        .skip(4)
        .collect::<Vec<_>>()
        .chunks(3)
        .next()
        .map(|w| (w[0].parse::<f64>().unwrap(), w[2].parse::<f64>().unwrap()))
        .unwrap();
    assert!(se > 0.0 && se < 0.01 * p, "{line}");
    assert!(stdout.contains("conditional Monte Carlo"), "{stdout}");
    let r = oslink(&["budget", "--elevation-deg", "30", "--format", "json"]);
    ok(&r);
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert!(json["outage_probability_standard_error"].as_f64().unwrap() > 0.0);
}

#[test]
fn sweep_csv_has_no_float_noise_in_contact_times() {
    let dir = scratch("defect-noise");
    let out = dir.join("out");
    ok(&oslink(&[
        "sweep",
        "scenarios/sweep-stations-lux-japan.toml",
        "--quiet",
        "-o",
        out.to_str().unwrap(),
    ]));
    let mut r = csv::Reader::from_path(out.join("sweep.csv")).unwrap();
    let c = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "contact_s")
        .unwrap();
    for row in r.records() {
        let cell = row.unwrap()[c].to_string();
        let decimals = cell.split('.').nth(1).map_or(0, str::len);
        assert!(decimals <= 3, "contact_s {cell}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_index_past_the_end_shows_the_value_not_the_index() {
    // It said "stations[2].min_elevation_deg = 2 is not allowed": the index as the value.
    let r = oslink(&[
        "sweep",
        "scenarios/smoke.toml",
        "--set",
        "stations[2].min_elevation_deg=5",
        "-o",
        "/nonexistent-oslink-out",
    ]);
    assert_eq!(r.status.code(), Some(2));
    let stderr = text(&r.stderr);
    assert!(
        stderr.contains("stations[2].min_elevation_deg = 5 is not allowed"),
        "{stderr}"
    );
    assert!(stderr.contains("stations has 2 entries"), "{stderr}");
}

#[test]
fn timeseries_can_be_thinned_or_skipped() {
    // timeseries.csv was 276 MB for a year at 1 s, with no way to thin or skip it.
    let dir = scratch("defect-timeseries");
    let run = |name: &str, rows: &str| {
        let out = dir.join(name);
        let r = oslink(&[
            "run",
            "scenarios/smoke.toml",
            "--quiet",
            "--timeseries",
            rows,
            "-o",
            out.to_str().unwrap(),
        ]);
        ok(&r);
        (out, text(&r.stdout))
    };
    let (all, _) = run("all", "all");
    let (thin, _) = run("thin", "every=6");
    let (none, stdout) = run("none", "none");
    assert!(!none.join("timeseries.csv").exists());
    assert!(!stdout.contains("timeseries.csv"), "{stdout}");
    let rows = |out: &std::path::Path| -> Vec<Vec<String>> {
        csv::Reader::from_path(out.join("timeseries.csv"))
            .unwrap()
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    };
    // Every 6th step of each pass and its last: per pass of n steps ⌈n/6⌉, plus one when
    // (n − 1) is not a multiple of 6. The steps per pass are in passes.csv.
    let mut p = csv::Reader::from_path(all.join("passes.csv")).unwrap();
    let steps = p
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "steps")
        .unwrap();
    let expected: usize = p
        .records()
        .map(|r| r.unwrap()[steps].parse::<usize>().unwrap())
        .filter(|&n| n > 0)
        .map(|n| n.div_ceil(6) + usize::from((n - 1) % 6 != 0))
        .sum();
    let (full, thinned) = (rows(&all), rows(&thin));
    assert_eq!(thinned.len(), expected);
    assert!(thinned.iter().all(|r| full.contains(r)));
    // Summaries do not depend on what is written.
    let summary = |out: &std::path::Path| std::fs::read_to_string(out.join("links.csv")).unwrap();
    assert_eq!(summary(&all), summary(&none));
    let bad = oslink(&["run", "scenarios/smoke.toml", "--timeseries", "every=0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("all, none or every=N"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_run_reports_its_weather_stage() {
    // The bar sat at 100 % of the link steps through the clouds and the outputs.
    let scenario = oslink::Scenario::load(&crate_path("scenarios/smoke.toml")).unwrap();
    let recorder = Recorder::default();
    oslink::run(&scenario, &recorder).unwrap();
    let stages = recorder.stages.lock().unwrap();
    let last = format!(
        "weather: {0}/{0} realizations",
        scenario.weather_realizations
    );
    assert!(stages.contains(&last), "{stages:?}");
    assert!(
        stages.iter().any(|s| s.starts_with("weather: 1/")),
        "{stages:?}"
    );
}

#[test]
fn an_output_folder_under_a_file_is_named_as_such() {
    // It said "/…/notes.txt/out: File exists (os error 17)".
    let dir = scratch("defect-under-file");
    let file = dir.join("notes.txt");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("out");
    let r = oslink(&["run", "scenarios/smoke.toml", "-o", out.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
    let stderr = text(&r.stderr);
    assert!(
        stderr.contains("notes.txt is a file, not a folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_plotted_numbers_and_the_scenario_ship_with_the_run() {
    // Item 5: the per-month and per-realization numbers that are plotted, as CSV files that
    // agree with summary.json; the scenario itself in summary.json and report.html.
    let dir = scratch("defect-plotted-numbers");
    let out = dir.join("out");
    ok(&oslink(&[
        "run",
        "scenarios/smoke.toml",
        "--quiet",
        "-o",
        out.to_str().unwrap(),
    ]));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let scenario = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    assert_eq!(summary["scenario_toml"], scenario.as_str());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Scenario file") && html.contains("Terminals and receivers"));
    let rows = |file: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(out.join(file))
            .unwrap()
            .records()
            .map(|r| r.unwrap())
            .collect()
    };
    for (j, station) in summary["stations"].as_array().unwrap().iter().enumerate() {
        let name = station["name"].as_str().unwrap();
        let up: f64 = rows("monthly.csv")
            .iter()
            .filter(|r| &r[1] == name)
            .map(|r| r[3].parse::<f64>().unwrap())
            .sum();
        let want = station["breakdown"]["up_s"].as_f64().unwrap();
        // Written to the millisecond, per month.
        assert!((up - want).abs() < 2e-3, "{name}: months {up} vs {want}");
        let per_r: Vec<f64> = rows("realizations.csv")
            .iter()
            .filter(|r| &r[1] == name)
            .map(|r| r[2].parse::<f64>().unwrap())
            .collect();
        let mean = per_r.iter().sum::<f64>() / per_r.len() as f64;
        let want = station["availability"]["mean"].as_f64().unwrap();
        assert!((mean - want).abs() < 1e-5, "station {j}: {mean} vs {want}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_report_has_each_stations_budget_at_its_best_pass() {
    // Item 5: the link budget per station at the best pass's culmination and its lowest step.
    // For a GEO both are where it sits, so the margin is the one `validate` previews.
    let dir = scratch("defect-budget-table");
    let out = dir.join("out");
    ok(&oslink(&[
        "run",
        "scenarios/geo-relay-japan.toml",
        "--quiet",
        "-o",
        out.to_str().unwrap(),
    ]));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let section = &html[html.find("Link budgets at the best pass").unwrap()..];
    let koganei = &section[section.find("→ koganei").unwrap()..];
    let margin_row = &koganei[koganei.find("static margin, dB").unwrap()..];
    let margin: f64 = margin_row
        .split("<th>")
        .nth(1)
        .unwrap()
        .split("</th>")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let v = text(&oslink(&["validate", "scenarios/geo-relay-japan.toml"]).stdout);
    let line = v.lines().find(|l| l.contains("koganei")).unwrap();
    let preview: f64 = line
        .rsplit(": ")
        .next()
        .unwrap()
        .trim_end_matches(" dB")
        .parse()
        .unwrap();
    // The preview is at the span start, the pass step at the grid: the same GEO geometry to
    // well under 0.1 dB, shown to 0.1 dB.
    assert!((margin - preview).abs() <= 0.1, "{margin} vs {preview}");
    assert!(koganei.contains("dBm") && koganei.contains("dBi"));
    let _ = std::fs::remove_dir_all(&dir);
}
