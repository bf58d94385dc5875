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
        "elevation",
        "best_pass_margin",
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

/// The per-month sums add up to the engine's per-station totals (same steps, same formula),
/// to rounding: |Σ − total| ≤ 1e-9 · total.
#[test]
fn monthly_sums_match_station_totals() {
    let text = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    // Move the 12 h span across the March/April boundary.
    let text = text.replace("2026-03-19T00:00:00Z", "2026-03-31T18:00:00Z");
    let scenario = Scenario::parse(&text, "smoke (shifted)", Some(&crate_path("scenarios")))
        .expect("valid scenario");
    let mut run = oslink::sim::run(&scenario, &()).unwrap();
    let summary = Summary::new(&scenario, &run);
    let monthly = &run.statistics.monthly;
    assert_eq!(monthly.months, [(2026, 3), (2026, 4)]);
    for (j, st) in summary.stations.iter().enumerate() {
        let contact: f64 = monthly.contact_s[j].iter().sum();
        let up: f64 = monthly.up_s[j].iter().sum();
        assert!(st.contact_s > 0.0, "{} has passes", st.name);
        assert!((contact - st.contact_s).abs() <= 1e-9 * st.contact_s);
        assert!(
            (up - st.breakdown.up_s).abs() <= 1e-9 * st.contact_s,
            "{}: {up} vs {}",
            st.name,
            st.breakdown.up_s
        );
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
    assert!(dir.join("plots/monthly_availability.png").is_file());
    assert!(dir.join("plots/monthly_availability.svg").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}
