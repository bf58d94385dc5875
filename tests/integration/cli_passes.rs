//! `oslink passes` and `oslink stations` through the real binary: the CelesTrak snapshot in
//! `tests/data/tle/` (vendored, origin in its README) and
//! bad input (exit code 2, message naming the problem and where).

use std::path::PathBuf;
use std::process::Output;

use crate::common::{oslink, test_data};

fn snapshot(file: &str) -> PathBuf {
    test_data(&format!("tle/{file}"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs a bad command line and returns its error message after checking exit code 2.
fn fails(args: &[&str]) -> String {
    let out = oslink(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    stderr(&out)
}

const DAY: [&str; 4] = [
    "--start",
    "2026-03-19T00:00:00Z",
    "--end",
    "2026-03-20T00:00:00Z",
];

#[test]
fn snapshot_passes_json() {
    let tle = snapshot("selection_celestrak_active_20260319.tle");
    let mut args = vec![
        "passes",
        "--tle",
        tle.to_str().unwrap(),
        "--station",
        "koganei",
        "betzdorf",
        "--format",
        "json",
    ];
    args.extend(DAY);
    let out = oslink(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let passes = v.as_array().expect("an array");
    assert!(passes.len() > 50, "{}", passes.len());
    let keys = [
        "satellite",
        "norad_id",
        "station",
        "aos",
        "tca",
        "los",
        "max_elevation_deg",
        "duration_s",
        "aos_azimuth_deg",
        "los_azimuth_deg",
    ];
    let time = |p: &serde_json::Value, k: &str| {
        let s = p[k]
            .as_str()
            .unwrap_or_else(|| panic!("{k} not a string: {p}"));
        // ISO UTC with milliseconds: 2026-03-19T06:20:32.576Z
        assert!(
            s.len() == 24 && s.ends_with('Z') && &s[19..20] == ".",
            "{s}"
        );
        oslink::time::unix_seconds(oslink::time::parse_utc(s).unwrap())
    };
    for p in passes {
        for k in keys {
            assert!(p.get(k).is_some(), "{k} missing in {p}");
        }
        let (aos, tca, los) = (time(p, "aos"), time(p, "tca"), time(p, "los"));
        assert!(aos <= tca && tca <= los, "{p}");
        let el = p["max_elevation_deg"].as_f64().unwrap();
        assert!((10.0..=90.0).contains(&el), "{p}");
        let duration = p["duration_s"].as_f64().unwrap();
        assert!((duration - (los - aos)).abs() < 2e-3, "{p}");
        for k in ["aos_azimuth_deg", "los_azimuth_deg"] {
            assert!((0.0..360.0).contains(&p[k].as_f64().unwrap()), "{p}");
        }
        assert!(["koganei", "betzdorf"].contains(&p["station"].as_str().unwrap()));
    }
    // The ISS (51.6°, ~420 km) passes over both stations several times a day, each under
    // 15 minutes; with the 10° preset minimum elevation, under ~7 minutes.
    let iss: Vec<&serde_json::Value> = passes.iter().filter(|p| p["norad_id"] == 25544).collect();
    for station in ["koganei", "betzdorf"] {
        let n = iss.iter().filter(|p| p["station"] == station).count();
        assert!((2..=8).contains(&n), "{station}: {n} ISS passes");
    }
    assert!(iss
        .iter()
        .all(|p| p["duration_s"].as_f64().unwrap() < 15.0 * 60.0));
    assert!(iss
        .iter()
        .all(|p| p["satellite"].as_str().unwrap().contains("ISS")));
}

#[test]
fn snapshot_passes_csv_and_table() {
    let tle = snapshot("selection_celestrak_active_20260319.tle");
    let tle = tle.to_str().unwrap();
    let mut args = vec![
        "passes",
        "--tle",
        tle,
        "--norad",
        "25544",
        "--station",
        "koganei",
        "--format",
        "csv",
    ];
    args.extend(DAY);
    let out = oslink(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("satellite,norad_id,station,aos,tca,los,max_elevation_deg,duration_s"));
    let rows: Vec<&str> = lines.collect();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.contains(",25544,koganei,")),
        "{text}"
    );

    let mut args = vec![
        "passes",
        "--tle",
        tle,
        "--norad",
        "25544",
        "--station",
        "koganei",
        "--min-elevation-deg",
        "0",
    ];
    args.extend(DAY);
    let out = oslink(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout).unwrap();
    // A lower minimum elevation finds at least as many passes as the 10° default.
    let count = |t: &str| t.lines().filter(|l| l.starts_with("ISS")).count();
    assert!(count(&table) >= rows.len(), "{table}");
}

#[test]
fn stations_lists_presets() {
    let out = oslink(&["stations", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), oslink::ground::PRESET_NAMES.len());
    let koganei = list.iter().find(|s| s["name"] == "koganei").unwrap();
    assert!((koganei["lat_deg"].as_f64().unwrap() - 35.7068).abs() < 1e-9);
    assert_eq!(koganei["cloud_free_annual"].as_f64(), Some(0.45));
    let table = String::from_utf8(oslink(&["stations"]).stdout).unwrap();
    assert!(
        table.contains("betzdorf") && table.contains("approx."),
        "{table}"
    );
}

#[test]
fn bad_input_exits_2_naming_the_problem() {
    let dir = std::env::temp_dir().join(format!("oslink-cli-passes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Synthetic ISS-like element set (not a real TLE) with a correct checksum, then broken.
    let good = [
        "ISS-LIKE",
        "1 25544U 98067A   26078.50000000  .00010000  00000+0  18000-3 0  9990",
        "2 25544  51.6400  25.0000 0006000 200.0000 160.0000 15.48500000 50008",
    ];
    let write = |name: &str, lines: &[&str]| {
        let path = dir.join(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path.to_str().unwrap().to_string()
    };
    let good_path = write("good.tle", &good);
    let bad_checksum = good[2].replace("50008", "50009");
    let checksum_path = write("checksum.tle", &[good[0], good[1], &bad_checksum]);
    let short_path = write("short.tle", &[good[0], good[1], &good[2][..60]]);

    let run = |tle: &str, station: &str, start: &str, end: &str, extra: &[&str]| {
        let mut args = vec![
            "passes",
            "--tle",
            tle,
            "--station",
            station,
            "--start",
            start,
            "--end",
            end,
        ];
        args.extend_from_slice(extra);
        fails(&args)
    };
    let (s, e) = ("2026-03-19T00:00:00Z", "2026-03-19T06:00:00Z");

    let msg = run(&checksum_path, "koganei", s, e, &[]);
    assert!(
        msg.contains("checksum.tle") && msg.contains("line 3") && msg.contains("--tle"),
        "{msg}"
    );
    let msg = run(&short_path, "koganei", s, e, &[]);
    assert!(msg.contains("short.tle") && msg.contains("line 3"), "{msg}");
    let msg = run(&good_path, "nowhere", s, e, &[]);
    assert!(
        msg.contains("--station") && msg.contains("nowhere") && msg.contains("koganei"),
        "{msg}"
    );
    let msg = run(&good_path, "koganei", e, s, &[]);
    assert!(msg.contains("--end") && msg.contains("--start"), "{msg}");
    let msg = run(&good_path, "koganei", "19/03/2026", e, &[]);
    assert!(
        msg.contains("--start") && msg.contains("19/03/2026"),
        "{msg}"
    );
    let msg = run(&good_path, "koganei", s, e, &["--norad", "99999"]);
    assert!(
        msg.contains("--norad") && msg.contains("99999") && msg.contains("good.tle"),
        "{msg}"
    );
    let msg = run(&good_path, "koganei", s, e, &["--min-elevation-deg", "95"]);
    assert!(
        msg.contains("--min-elevation-deg") && msg.contains("95"),
        "{msg}"
    );
    let msg = run(
        &dir.join("missing.tle").to_string_lossy(),
        "koganei",
        s,
        e,
        &[],
    );
    assert!(msg.contains("missing.tle"), "{msg}");
    std::fs::remove_dir_all(&dir).ok();
}
