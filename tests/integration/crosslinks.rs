//! Inter-satellite links through the real CLI: `oslink windows` on the relay examples, the
//! vacuum budget of the EDRS-like example against a hand calculation, the terminal-head
//! policy, and the crosslink keys refused by key.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::{crate_path, ok, oslink, scratch};

pub(crate) const EDRS: &str = "scenarios/relay-edrs-sentinel.toml";

fn json(out: &Output) -> Value {
    ok(out);
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

pub(crate) fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

/// The EDRS example with `edits` applied (each `from` replaced once), written into `dir`.
pub(crate) fn edrs_with(dir: &Path, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(crate_path(EDRS)).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join("edited.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn relay_windows_are_bounded_by_the_geometry_and_carry_their_volume() {
    let windows = json(&oslink(&[
        "windows",
        EDRS,
        "--kind",
        "crosslink",
        "--format",
        "json",
    ]));
    let windows = windows.as_array().unwrap();
    // A 693 km SSO sees a GEO for most of each 98.6 min orbit: about 14 windows a day.
    assert!((10..=20).contains(&windows.len()), "{}", windows.len());
    // Spherical bound on the range of a line of sight grazing at the margin m = 100 km:
    // √(r₁² − (R+m)²) + √(r₂² − (R+m)²), with the polar radius for R (the lowest surface) and
    // for r₁ the mean radius a + 693 km plus 20 km (SGP4's short-period J2 terms move an
    // osculating LEO radius by ~10 km): 44,670 km, under the LCT's 45,000 km.
    let (b, a) = (6_356_752.3, 6_378_137.0);
    let grazing = b + 100e3;
    let bound = ((a + 713e3f64).powi(2) - grazing * grazing).sqrt()
        + (42_164_170f64.powi(2) - grazing * grazing).sqrt();
    assert!(bound < 45_000e3);
    let mut total_bits = 0.0;
    for w in windows {
        assert_eq!(w["kind"], "crosslink");
        let (start, end) = (num(w, "start_unix_s"), num(w, "end_unix_s"));
        assert!(end > start);
        assert!(num(w, "max_range_m") <= bound, "{w}");
        assert!(num(w, "min_range_m") >= 35_786e3 - 693e3 - 1e3, "{w}");
        // Doppler at 1064 nm: |ρ̇| < 7.6 km/s relative speed → below 7.2 GHz.
        assert!(num(w, "max_doppler_hz") < 7.6e3 / 1064e-9, "{w}");
        // One LEO and one GEO, one head each: windows never overlap, so every window's data
        // starts after the 55 s acquisition, and the vacuum margin (11.5 dB at 45,000 km)
        // keeps the link up to its end: volume = 1.8 Gbit/s × (end − start − 55 s).
        let data_start = num(w, "data_start_unix_s");
        assert!((data_start - (start + 55.0)).abs() < 1e-6, "{w}");
        let volume = num(w, "volume_bits");
        assert!(
            (volume / (1.8e9 * (end - start - 55.0)) - 1.0).abs() < 1e-9,
            "{w}"
        );
        assert!(num(w, "min_margin_db") > 10.0, "{w}");
        total_bits += volume;
        for edge in ["start_edge", "end_edge"] {
            let e = w[edge].as_str().unwrap();
            assert!(["earth", "sun-a", "sun-b", "span"].contains(&e), "{e}");
        }
    }
    // The relay's daily capacity from this one user: most of the day at 1.8 Gbit/s.
    assert!(total_bits > 0.6 * 86_400.0 * 1.8e9, "{total_bits}");
    // The table and the CSV list the same windows (and the ground passes beside them).
    let csv = oslink(&["windows", EDRS, "--format", "csv"]);
    ok(&csv);
    let text = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.starts_with("crosslink,")).count(),
        windows.len()
    );
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("downlink,") && l.contains("EDRS-C-LIKE →"))
            .count(),
        3
    );
}

/// The JSON budget sheet of the EDRS example's crosslink at 45,000 km and v⊥ = 3 km/s, with
/// `extra` flags.
fn edrs_vacuum_budget(extra: &[&str]) -> Value {
    let mut args = vec![
        "budget",
        "--scenario",
        EDRS,
        "--path",
        "vacuum",
        "--range-km",
        "45000",
        "--transverse-velocity-m-s",
        "3000",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    json(&oslink(&args))
}

#[test]
fn the_edrs_like_vacuum_budget_matches_the_hand_calculation() {
    let sheet = edrs_vacuum_budget(&[]);
    // By hand, at R = 45,000 km:
    //   P_t = 2.2 W                                  = 33.4242 dBm
    //   η_t = 0.7                                    = −1.5490 dB
    //   θ = λ/(π·w0) = 1.064e-6/(π·0.060) = 5.6446 µrad; G_t = 8/θ² → 113.9980 dBi
    //   L_s = (λ/(4πR))² = (1.8815e-15)²            = −294.5104 dB
    //   G_r = (π·0.135/λ)²                          = 112.0108 dBi
    //   η_r = 0.6                                    = −2.2185 dB
    //   SMF coupling of an unobscured aperture, plane wave: 0.8145 = −0.8912 dB
    //   P_r                                          = −39.7361 dBm
    //   homodyne BPSK at 1e-9: ηN = Q²/4 with Q = 5.9978 → N = 8.9934/0.8 = 11.242 photons/bit,
    //   × 3 dB implementation loss = 22.43; P = N·hc/λ·R_b = 22.43 × 1.8670e-19 J × 1.8e9
    //                                                = −51.2277 dBm
    //   margin                                       = 11.4916 dB
    let lambda: f64 = 1064e-9;
    let db = |x: f64| 10.0 * x.log10();
    let theta = lambda / (std::f64::consts::PI * 0.060);
    let range = 45_000e3;
    let pr = db(2.2e3)
        + db(0.7)
        + db(8.0 / (theta * theta))
        + 2.0 * db(lambda / (4.0 * std::f64::consts::PI * range))
        + 2.0 * db(std::f64::consts::PI * 0.135 / lambda)
        + db(0.6)
        + db(0.8145);
    let q: f64 = 5.997_807;
    let n = q * q / 4.0 / 0.8 * 10f64.powf(0.3);
    let photon_j = 6.626_070_15e-34 * 299_792_458.0 / lambda;
    let sens = db(n * photon_j * 1.8e9 * 1e3);
    let got = |k: &str| num(&sheet, k);
    assert!(
        (got("received_power_dbm") - pr).abs() < 2e-3,
        "{pr} {sheet}"
    );
    assert!((got("sensitivity_dbm") - sens).abs() < 2e-3, "{sens}");
    assert!((got("margin_db") - (pr - sens)).abs() < 4e-3);
    assert!((pr - (-39.736)).abs() < 5e-3 && (sens - (-51.228)).abs() < 5e-3);
    assert_eq!(sheet["direction"], "vacuum");
    assert!(sheet["elevation_deg"].is_null());
    // 2·v⊥/c = 20.01 µrad, fully compensated by the LCT: the bias stays the terminal's.
    assert!((got("point_ahead_urad") - 2.0 * 3000.0 / 299_792_458.0 * 1e6).abs() < 1e-9);
    assert_eq!(got("point_ahead_residual_urad"), 0.0);
    assert!((got("pointing_bias_urad") - 0.2).abs() < 1e-12);
    // Without compensation the whole angle is a bias: 0.2 + 20.01 µrad, and the pointing
    // loss takes the link from a 1e-97 outage to certain loss.
    let open = edrs_vacuum_budget(&["--point-ahead-compensation", "0"]);
    assert!((num(&open, "pointing_bias_urad") - (0.2 + 20.014)).abs() < 1e-3);
    assert!(num(&open, "outage_probability") > 0.99);
    assert!(num(&sheet, "outage_probability") < 1e-6);
}

#[test]
fn a_satellite_never_holds_more_crosslinks_than_it_has_heads() {
    // A second relay at 9° E (EDRS-A's slot): the LEO sees both most of the time. With one
    // head it serves them in turn (first come, first served): no two data intervals of the
    // LEO overlap. With two heads the windows overlap.
    let dir = scratch("crosslink-heads");
    let relay2 = "\n[[satellites]]\nname = \"EDRS-A-LIKE\"\ncrosslink_terminal = \"lct-1064\"\n\
                  crosslink_receiver = \"lct-1064-rx\"\n\
                  orbit = { epoch = \"2026-03-19T00:00:00Z\", longitude_deg = 9.0 }\n\n\
                  [[crosslinks]]\nfrom = \"SENTINEL-1-LIKE\"\nto = \"EDRS-A-LIKE\"\n";
    let held = |heads: &str| {
        let path = edrs_with(
            &dir,
            &[
                ("crosslink_terminals = 1\norbit = { epoch = \"2026-03-19T00:00:00Z\", altitude_km", heads),
                ("[terminals.lct-1064]", &format!("{relay2}\n[terminals.lct-1064]")),
            ],
        );
        let list = json(&oslink(&[
            "windows",
            path.to_str().unwrap(),
            "--kind",
            "crosslink",
            "--format",
            "json",
        ]));
        let mut spans: Vec<(f64, f64)> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["data_start_unix_s"].is_f64())
            .map(|w| (num(w, "data_start_unix_s") - 55.0, num(w, "end_unix_s")))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let overlaps = spans.windows(2).filter(|p| p[1].0 < p[0].1 - 1e-9).count();
        (spans.len(), overlaps)
    };
    let (granted, overlaps) =
        held("crosslink_terminals = 1\norbit = { epoch = \"2026-03-19T00:00:00Z\", altitude_km");
    assert!(granted > 10, "{granted}");
    assert_eq!(overlaps, 0);
    let (_, overlaps) =
        held("crosslink_terminals = 2\norbit = { epoch = \"2026-03-19T00:00:00Z\", altitude_km");
    assert!(overlaps > 5, "{overlaps}");
}

#[test]
fn bad_crosslinks_are_refused_by_key_and_nothing_is_written() {
    let dir = scratch("crosslink-bad");
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: [Case; 6] = [
        (
            &[("to = \"EDRS-C-LIKE\"", "to = \"sentinel-1-like\"")],
            &["crosslinks[0].to", "two ends"],
        ),
        (
            &[("to = \"EDRS-C-LIKE\"", "to = \"EDRS-X\"")],
            &["crosslinks[0].to", "\"EDRS-X\"", "EDRS-C-LIKE"],
        ),
        (
            &[("grazing_margin_km = 100", "grazing_margin_km = -5")],
            &["channel.grazing_margin_km", "-5", "[0, 5000]"],
        ),
        (
            &[("crosslink_receiver = \"lct-1064-rx\"\ncrosslink_terminals = 1\norbit = { epoch = \"2026-03-19T00:00:00Z\", longitude_deg", "crosslink_terminals = 1\norbit = { epoch = \"2026-03-19T00:00:00Z\", longitude_deg")],
            &["crosslinks[0].to", "crosslink_receiver"],
        ),
        (
            &[("crosslink_terminals = 1", "crosslink_terminals = 0")],
            &["satellites[0].crosslink_terminals", "[1, 64]"],
        ),
        (
            &[("acquisition_s = 55", "acquisition_s = -1")],
            &["terminals.lct-1064.acquisition_s", "[0, 86400]"],
        ),
    ];
    for (edits, needles) in cases {
        let path = edrs_with(&dir, edits);
        let outdir = dir.join("out");
        for args in [
            vec!["windows", path.to_str().unwrap()],
            vec![
                "run",
                path.to_str().unwrap(),
                "-o",
                outdir.to_str().unwrap(),
            ],
        ] {
            let out = oslink(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            for needle in needles {
                assert!(stderr.contains(needle), "{needle:?} not in: {stderr}");
            }
            assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
            assert!(!outdir.exists(), "{} was created", outdir.display());
        }
    }
    // A vacuum budget refuses the flags of an atmosphere.
    let out = oslink(&["budget", "--path", "vacuum", "--elevation-deg", "30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--elevation-deg"));
}
