//! `oslink run` plots and report.html through the real binary, and the monthly sums against
//! the engine's station totals.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::crate_path;
use oslink::report::Summary;
use oslink::scenario::Scenario;

fn out_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oslink-plots-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Width and height of a PNG after checking its signature and IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is IHDR");
    let be = |r: std::ops::Range<usize>| u32::from_be_bytes(bytes[r].try_into().unwrap());
    (be(16..20), be(20..24))
}

fn check_sizes(path: &Path, bytes: usize) {
    assert!(
        (5_000..5_000_000).contains(&bytes),
        "{}: {bytes} bytes",
        path.display()
    );
}

#[test]
fn run_writes_plots_and_self_contained_report() {
    let out = out_dir("smoke");
    let status = Command::new(env!("CARGO_BIN_EXE_oslink"))
        .args(["run", "--quiet", "-o"])
        .arg(&out)
        .arg(crate_path("scenarios/smoke.toml"))
        .output()
        .expect("run oslink");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let plots = out.join("plots");
    // The 12 h smoke span stays inside March: no monthly figure.
    let names = [
        "stations_map",
        "timeline",
        "elevation",
        "pass_max_elevation",
        "best_pass_margin",
        "margin_cdf",
        "availability",
        "sky",
        "realizations",
    ];
    let mut listed: Vec<String> = std::fs::read_dir(&plots)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    let mut want: Vec<String> = names
        .iter()
        .flat_map(|n| [format!("{n}.png"), format!("{n}.svg")])
        .collect();
    want.sort();
    assert_eq!(listed, want, "exactly the expected files, no temporaries");
    for name in names {
        let png_path = plots.join(format!("{name}.png"));
        let png = std::fs::read(&png_path).unwrap();
        check_sizes(&png_path, png.len());
        let (w, h) = png_size(&png);
        assert!(
            (600..=3000).contains(&w) && (300..=3000).contains(&h),
            "{name}.png is {w}×{h}"
        );
        let svg_path = plots.join(format!("{name}.svg"));
        let svg = std::fs::read_to_string(&svg_path).unwrap();
        check_sizes(&svg_path, svg.len());
        assert!(
            svg.starts_with("<svg") || svg.starts_with("<?xml"),
            "{name}.svg"
        );
        assert!(svg.trim_end().ends_with("</svg>"), "{name}.svg closes");
        assert!(
            svg.matches("<text").count() >= 5,
            "{name}.svg has title, axis and legend text"
        );
        assert!(svg.contains(&format!(r#"width="{w}" height="{h}""#)));
    }

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for forbidden in ["http://", "https://", "src=", "<link", "<script", "url("] {
        assert!(
            !html.contains(forbidden),
            "report.html contains {forbidden:?}"
        );
    }
    assert_eq!(
        html.matches("<svg").count(),
        names.len(),
        "every plot inlined"
    );
    assert_eq!(html.matches("</svg>").count(), names.len());
    for text in [
        "smoke", "koganei", "betzdorf", "network", "LEO-550", "<table",
    ] {
        assert!(html.contains(text), "report.html mentions {text}");
    }
    std::fs::remove_dir_all(&out).unwrap();
}

/// The per-month, per-day and timeline sums add up to the engine's per-station totals (same
/// steps, same formula), to rounding: |Σ − total| ≤ 1e-9 · total.
#[test]
fn time_bin_sums_match_station_totals() {
    let text = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    // Move the 12 h span across the March/April boundary.
    let text = text.replace("2026-03-19T00:00:00Z", "2026-03-31T18:00:00Z");
    let scenario = Scenario::parse(&text, "smoke (shifted)", Some(&crate_path("scenarios")))
        .expect("valid scenario");
    let mut run = oslink::sim::run(&scenario, &()).unwrap();
    let summary = Summary::new(&scenario, &run);
    let timeline = &run.statistics.timeline;
    assert_eq!(timeline.monthly.months(), [(2026, 3), (2026, 4)]);
    assert_eq!(timeline.daily.days(), [(2026, 3, 31), (2026, 4, 1)]);
    // 12 h at 10 s: 4320 steps in 540 bins of 8 whole steps.
    assert_eq!(timeline.even.len(), 540);
    assert!(timeline.even.steps.iter().all(|&n| n == 8));
    for bins in [&timeline.monthly, &timeline.daily, &timeline.even] {
        for (j, st) in summary.stations.iter().enumerate() {
            let sum = |v: &[Vec<f64>]| v[j].iter().sum::<f64>();
            assert!(st.contact_s > 0.0, "{} has passes", st.name);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.max(1.0);
            assert!(close(sum(&bins.contact_s), st.contact_s));
            assert!(
                close(sum(&bins.up_s), st.breakdown.up_s),
                "{}: {} vs {}",
                st.name,
                sum(&bins.up_s),
                st.breakdown.up_s
            );
            assert!(close(sum(&bins.volume_bits), st.breakdown.volume_bits));
            // A bin never holds more contact than its grid steps give one telescope.
            for k in 0..bins.len() {
                assert!(bins.contact_s[j][k] <= bins.capacity_s(k) + 1e-9, "bin {k}");
            }
        }
        assert_eq!(bins.steps.iter().sum::<u64>(), 4320);
    }
    let dir = out_dir("monthly");
    oslink::write_run_files(
        &dir,
        &scenario,
        &mut run,
        oslink::report::TimeseriesRows::All,
        std::time::Instant::now(),
    )
    .unwrap();
    for name in ["monthly_availability", "daily_volume"] {
        assert!(dir.join(format!("plots/{name}.png")).is_file(), "{name}");
        assert!(dir.join(format!("plots/{name}.svg")).is_file(), "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The file stems in `dir/plots`, sorted, once each.
fn figure_names(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.join("plots"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".svg").map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

fn run_to(tag: &str, scenario: &str, extra: &[&str]) -> PathBuf {
    let out = out_dir(tag);
    let mut args = vec!["run", "--quiet", "--timeseries", "none", "-o"];
    let out_s = out.to_str().unwrap().to_string();
    args.push(&out_s);
    let path = crate_path(scenario);
    let path_s = path.to_str().unwrap().to_string();
    args.push(&path_s);
    args.extend(extra);
    crate::common::ok(&crate::common::oslink(&args));
    out
}

/// A GEO is one endless pass per station: no elevation or pass-maximum figure, and its
/// timeline says it is the availability over time; a year gets daily and monthly figures.
#[test]
fn geo_figures_show_availability_over_time() {
    let out = run_to("geo", "scenarios/geo-relay-japan.toml", &[]);
    let names = figure_names(&out);
    for absent in ["elevation", "pass_max_elevation"] {
        assert!(!names.iter().any(|n| n == absent), "{absent} in {names:?}");
    }
    for present in [
        "timeline",
        "daily_volume",
        "monthly_availability",
        "margin_cdf",
    ] {
        assert!(names.iter().any(|n| n == present), "{present} in {names:?}");
    }
    let timeline = std::fs::read_to_string(out.join("plots/timeline.svg")).unwrap();
    assert!(timeline.contains("Availability over time per station"));
    let margin = std::fs::read_to_string(out.join("plots/best_pass_margin.svg")).unwrap();
    assert!(margin.contains("in view throughout"), "GEO margin title");
    // 365 days in Tbit/day (about 70 Tbit/day per station), not six-digit Gbit ticks.
    let daily = std::fs::read_to_string(out.join("plots/daily_volume.svg")).unwrap();
    assert!(daily.contains("Tbit/day"));
    let rows = csv::Reader::from_path(out.join("daily.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(rows, 3 * 365, "one row per station and UTC day");
    // The report lists the three links in view throughout, not three "passes" whose AOS and
    // LOS are the span's ends; passes.csv says they are clipped at both ends.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h2>In view throughout the span (3)</h2>"));
    assert!(
        !html.contains("<h2>Passes"),
        "no pass table without a finite pass"
    );
    let passes: Vec<csv::StringRecord> = csv::Reader::from_path(out.join("passes.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(passes.len(), 3);
    assert!(passes.iter().all(|r| &r[10] == "true" && &r[11] == "true"));
    let _ = std::fs::remove_dir_all(&out);
}

/// Three days of 24 satellites: no elevation comb, pass maxima instead; the sky of a station
/// with more than 60 passes is a density with its colour bar; each station keeps its palette
/// colour in every figure that shows stations.
#[test]
fn constellation_figures_scale_and_keep_station_colours() {
    let text = std::fs::read_to_string(crate_path("scenarios/constellation-walker-24.toml"))
        .unwrap()
        .replace("duration_h = 24", "duration_h = 72")
        .replace("step_s = 10.0", "step_s = 30.0");
    assert!(text.contains("duration_h = 72") && text.contains("step_s = 30.0"));
    let scenario = crate::common::scratch("walker-72h").join("walker-72h.toml");
    std::fs::create_dir_all(scenario.parent().unwrap()).unwrap();
    std::fs::write(&scenario, text).unwrap();
    let out = run_to("walker", scenario.to_str().unwrap(), &[]);
    let names = figure_names(&out);
    assert!(!names.iter().any(|n| n == "elevation"), "{names:?}");
    for present in ["pass_max_elevation", "daily_volume", "sky", "timeline"] {
        assert!(names.iter().any(|n| n == present), "{present} in {names:?}");
    }
    let sky = std::fs::read_to_string(out.join("plots/sky.svg")).unwrap();
    assert!(sky.contains("Sky time in view"), "density title");
    assert!(sky.contains("cell, h"), "colour bar label");
    // tab10 in station order: koganei, kashima, betzdorf, kirchberg.
    let colours = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728"];
    for figure in [
        "timeline",
        "pass_max_elevation",
        "margin_cdf",
        "daily_volume",
        "realizations",
    ] {
        let svg = std::fs::read_to_string(out.join(format!("plots/{figure}.svg"))).unwrap();
        for c in colours {
            assert!(svg.contains(c), "{figure} draws a station in {c}");
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// A GEO in view throughout fills every bin: each even bin's contact is exactly its grid
/// time, whatever the number of steps per bin (10 days and 10 min at 600 s: 1441 steps, bins
/// of 3 steps, the last of 1), and each whole UTC day holds 144 steps.
#[test]
fn a_geo_fills_every_time_bin() {
    let text = std::fs::read_to_string(crate_path("scenarios/geo-relay-japan.toml"))
        .unwrap()
        .replace(
            "end = \"2027-01-01T00:00:00Z\"",
            "end = \"2026-01-11T00:10:00Z\"",
        );
    let scenario = Scenario::parse(&text, "geo 10 days", Some(&crate_path("scenarios")))
        .expect("valid scenario");
    assert_eq!(scenario.duration_s(), 10.0 * 86_400.0 + 600.0);
    let run = oslink::sim::run(&scenario, &()).unwrap();
    let t = &run.statistics.timeline;
    assert_eq!(t.even.len(), 481);
    assert_eq!((t.even.steps[0], t.even.steps[480]), (3, 1));
    for j in 0..scenario.stations.len() {
        for k in 0..t.even.len() {
            assert_eq!(
                t.even.contact_s[j][k],
                t.even.capacity_s(k),
                "station {j} bin {k}"
            );
        }
    }
    assert_eq!(t.daily.len(), 11);
    assert!(t.daily.steps[..10].iter().all(|&n| n == 144));
    assert_eq!(t.daily.steps[10], 1);
}

/// A station with an uplink and a downlink to each satellite has each pass once in the pass
/// figures (its network direction), not once per link.
#[test]
fn pass_figures_count_each_pass_once() {
    let out = run_to("beacon", "scenarios/beacon-and-downlink.toml", &[]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let svg = std::fs::read_to_string(out.join("plots/pass_max_elevation.svg")).unwrap();
    let passes_csv = csv::Reader::from_path(out.join("passes.csv"))
        .unwrap()
        .records()
        .count();
    let mut drawn = 0;
    for st in summary["stations"].as_array().unwrap() {
        let (name, n) = (st["name"].as_str().unwrap(), st["passes"].as_u64().unwrap());
        assert!(svg.contains(&format!("{name} ({n} passes)")), "{name}: {n}");
        drawn += n as usize;
    }
    assert!(drawn > 0);
    assert_eq!(
        passes_csv,
        2 * drawn,
        "passes.csv lists both links of every pass"
    );
    let _ = std::fs::remove_dir_all(&out);
}
