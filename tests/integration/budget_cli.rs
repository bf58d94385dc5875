//! `oslink budget`: the REF case of docs/models.md through the real binary, and bad input.

use crate::common::{ok, oslink};

fn ref_json(extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "budget",
        "--elevation-deg",
        "30",
        "--range-km",
        "1000",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    json_of(&args)
}

/// Runs oslink, expects success and JSON on stdout.
fn json_of(args: &[&str]) -> serde_json::Value {
    let out = oslink(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// |got − want| ≤ tol (half a unit of the last digit printed in docs/models.md).
fn close(v: &serde_json::Value, key: &str, want: f64, tol: f64) {
    let got = v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing or not a number: {v}"));
    assert!(
        (got - want).abs() <= tol,
        "{key}: {got} vs {want} (tol {tol})"
    );
}

#[test]
fn ref_case_json() {
    let v = ref_json(&[]);
    close(&v, "received_power_dbm", -3.93, 5e-3);
    close(&v, "sensitivity_dbm", -38.92, 5e-3);
    close(&v, "margin_db", 34.99, 5e-3);
    close(&v, "airmass", 1.9943, 5e-5);
    close(&v, "fried_parameter_m", 0.1273, 5e-5);
    close(&v, "rytov_variance", 0.2215, 5e-5);
    // Log-normal downlink: the aperture-averaged index σ_I²(D) (Andrews & Phillips ch. 10).
    close(&v, "scintillation_index", 0.01862, 5e-6);
    close(&v, "scintillation_index_point", 0.2124, 5e-5);
    close(&v, "aperture_fresnel_d2", 10.56, 5e-3);
    let terms = v["terms"].as_array().expect("terms array");
    let want = [
        ("transmit power", 30.0, 1e-9),
        ("transmit optics", -0.969, 5e-4),
        ("transmit gain", 109.031, 5e-4),
        ("free-space loss", -258.178, 5e-4),
        ("receive gain", 118.178, 5e-4),
        ("receive optics", -1.549, 5e-4),
        ("atmosphere", -0.444, 5e-4),
    ];
    assert_eq!(terms.len(), want.len());
    for (term, (name, value, tol)) in terms.iter().zip(want) {
        assert_eq!(term["name"], name);
        let got = term["value_db"].as_f64().unwrap();
        assert!((got - value).abs() <= tol, "{name}: {got} vs {value}");
    }
    for key in [
        "outage_probability",
        "outage_probability_closed_form",
        "samples",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["samples"], 1_000_000); // the default of --fading-samples
}

#[test]
fn gamma_gamma_reports_aperture_averaged_index() {
    // α, β of the power collected by the 0.4 m aperture: σ_I² = 1/α + 1/β + 1/(αβ) = 0.01862
    // (a point receiver's α = 10.706, β = 9.189 gave 0.2124, still reported beside it).
    let v = ref_json(&["--fading", "gamma-gamma"]);
    close(&v, "scintillation_index", 0.01862, 5e-6);
    close(&v, "scintillation_index_point", 0.2124, 5e-5);
    close(&v, "gamma_gamma_alpha", 104.473, 5e-4);
    let (a, b) = (
        v["gamma_gamma_alpha"].as_f64().unwrap(),
        v["gamma_gamma_beta"].as_f64().unwrap(),
    );
    let si = 1.0 / a + 1.0 / b + 1.0 / (a * b);
    assert!((si - 0.01862).abs() < 5e-6, "{si}");
}

#[test]
fn altitude_gives_spherical_slant_range() {
    // 500 km at zenith: the range is the altitude.
    let out = oslink(&[
        "budget",
        "--elevation-deg",
        "90",
        "--altitude-km",
        "500",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    close(&v, "range_m", 500e3, 1e-6);
    close(&v, "airmass", 0.9997, 5e-5);
}

#[test]
fn table_lists_terms_and_channel() {
    let out = oslink(&["budget", "--elevation-deg", "30", "--range-km", "1000"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "free-space loss",
        "-258.178",
        "margin",
        "34.991",
        "airmass",
        "Fried parameter",
        "samples",
    ] {
        assert!(text.contains(needle), "table lacks {needle:?}:\n{text}");
    }
}

/// Bad input: exit code 2 and the message names the flag (and, for ranges, what is allowed).
#[test]
fn bad_input_exits_2_and_names_the_flag() {
    let base = ["budget", "--elevation-deg", "30", "--range-km", "1000"];
    let cases: [(&[&str], &str, &str); 9] = [
        (
            &["--sun-elevation-deg", "10", "--sun-separation-deg", "200"],
            "--sun-separation-deg",
            "must be in [0, 180] deg",
        ),
        (
            &["--transverse-velocity-m-s", "-1"],
            "--transverse-velocity-m-s",
            "must be in [0, c) m/s",
        ),
        (
            &["--night-ground-cn2=-1e-15"],
            "--night-ground-cn2",
            "must be in [0, 1e-10)",
        ),
        (
            &["--aperture-m", "0"],
            "--aperture-m",
            "must be in [0.001, 100] m",
        ),
        (
            &["--divergence-full-angle-urad", "0"],
            "--divergence-full-angle-urad",
            "must be in [9.868e-3, 100000] urad",
        ),
        (
            &["--divergence-half-angle-urad", "0"],
            "--divergence-half-angle-urad",
            "must be in [4.934e-3, 100000] urad",
        ),
        (
            &["--tx-power-w", "-1"],
            "--tx-power-w",
            "must be in [1e-12, 1e6] W",
        ),
        (
            &["--fading", "rician"],
            "--fading",
            "lognormal, gamma-gamma, none",
        ),
        (
            &["--altitude-km", "500"],
            "--altitude-km",
            "cannot be used with",
        ),
    ];
    for (extra, flag, allowed) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let out = oslink(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(
            err.contains(flag) && err.contains(allowed),
            "{extra:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{extra:?} wrote output");
    }
    for elevation in ["0", "-5", "90.5"] {
        let out = oslink(&[
            "budget",
            "--elevation-deg",
            elevation,
            "--altitude-km",
            "500",
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{elevation}: {err}");
        assert!(
            err.contains("--elevation-deg") && err.contains("(0, 90]"),
            "{err}"
        );
    }
}

#[test]
fn outage_probability_matches_closed_forms() {
    // Pointing only (docs/models.md §4): P(loss > M dB) = 10^(−βM/10), β = θ²/(4σ²) = 6.25 for REF.
    let v = ref_json(&["--fading", "none"]);
    let margin = v["margin_db"].as_f64().unwrap();
    let want = 10f64.powf(-6.25 * margin / 10.0);
    close(&v, "outage_probability_closed_form", want, want * 1e-6);
    // Log-normal × jitter, where outage is frequent enough to measure: Monte Carlo within
    // 4·sqrt(p(1−p)/N) of the closed form.
    let v = ref_json(&["--pointing-jitter-urad", "5", "--fading-samples", "20000"]);
    let p = v["outage_probability_closed_form"]
        .as_f64()
        .expect("closed form");
    let n = v["samples"].as_f64().unwrap();
    assert_eq!(n, 20_000.0);
    close(
        &v,
        "outage_probability",
        p,
        4.0 * (p * (1.0 - p) / n).sqrt(),
    );
}

#[test]
fn scenario_values_and_flag_overrides() {
    let base = [
        "budget",
        "--scenario",
        "scenarios/lux-japan-leo.toml",
        "--station",
        "betzdorf",
        "--elevation-deg",
        "30",
        "--range-km",
        "1000",
        "--format",
        "json",
        "--fading-samples",
        "1000",
    ];
    let from_scenario = json_of(&base);
    // The scenario's 0.035 W terminal and its 0.6 m Betzdorf receiver at 10 Mb/s.
    let term = |v: &serde_json::Value, name: &str| {
        v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap()["value_db"]
            .as_f64()
            .unwrap()
    };
    assert!((term(&from_scenario, "transmit power") - 10.0 * (35.0f64).log10()).abs() < 1e-9);
    // Its APD receiver (R = 0.9 A/W, M = 10, k = 0.5, 2 pA/√Hz, 5 nA, BER 1e-9) at the night
    // sky, by hand (Agrawal 3rd ed. §4.5 with McIntyre's F):
    // Δf = R_b/2, F = kM + (1 − k)(2 − 1/M) = 5.95, σ_T² = i_th²·Δf, σ_d² = 2q·M²·F·I_d·Δf,
    // P_rec = (Q/R)·(q·F·Q·Δf + σ0/M) with σ0² = σ_T² + σ_d² + σ_b² (σ_b² from the sheet).
    let rx = &from_scenario["receiver"];
    let noise = &rx["noise"];
    let q_e = 1.602_176_634e-19;
    let (df, f) = (5e6, 0.5 * 10.0 + 0.5 * (2.0 - 0.1));
    let thermal = 2e-12f64.powi(2) * df;
    let dark = 2.0 * q_e * 100.0 * f * 5e-9 * df;
    let close = |got: &serde_json::Value, want: f64| {
        let got = got.as_f64().unwrap();
        assert!((got / want - 1.0).abs() < 1e-9, "{got} vs {want}");
    };
    assert_eq!(rx["model"], "direct detection (APD)");
    assert_eq!(rx["background_source"], "sky");
    close(&noise["electrical_bandwidth_hz"], df);
    close(&noise["thermal_noise_a2"], thermal);
    close(&noise["dark_noise_a2"], dark);
    let q = 5.997_807_015_010_8; // Φ⁻¹(1 − 1e-9)
    close(&noise["q_factor"], q);
    let background = noise["background_shot_noise_a2"].as_f64().unwrap();
    assert!(
        background > 0.0 && background < 1e-3 * thermal,
        "{background}"
    );
    let sigma0 = (thermal + dark + background).sqrt();
    let p_rec = (q / 0.9) * (q_e * f * q * df + sigma0 / 10.0);
    let want_dbm = 10.0 * (p_rec * 1e3).log10();
    let got_dbm = from_scenario["sensitivity_dbm"].as_f64().unwrap();
    assert!((got_dbm - want_dbm).abs() < 1e-6, "{got_dbm} vs {want_dbm}");
    // A flag overrides the scenario: ten times the power is +10 dB of margin.
    let mut more = base.to_vec();
    more.extend(["--tx-power-w", "0.35"]);
    let overridden = json_of(&more);
    let gain =
        overridden["margin_db"].as_f64().unwrap() - from_scenario["margin_db"].as_f64().unwrap();
    assert!((gain - 10.0).abs() < 1e-9, "{gain}");
}

fn stdout_of(args: &[&str]) -> String {
    let out = oslink(args);
    ok(&out);
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Every renamed budget flag with a value that changes the result: (new name, old name, value).
const RENAMED_BUDGET_FLAGS: [Flag; 11] = [
    ("--tx-optics-efficiency", "--tx-efficiency", "0.7"),
    ("--aperture-m", "--rx-aperture-m", "0.3"),
    ("--obscuration-ratio", "--obscuration", "0.2"),
    ("--rx-optics-efficiency", "--rx-efficiency", "0.6"),
    ("--alt-m", "--station-alt-m", "500"),
    ("--ground-cn2", "--cn2-ground", "2e-14"),
    ("--pointing-jitter-urad", "--jitter-urad", "1.5"),
    ("--pointing-bias-urad", "--bias-urad", "0.5"),
    ("--fading-samples", "--samples", "3000"),
    // One of the two divergences at a time (they conflict): the other below.
    (
        "--divergence-full-angle-urad",
        "--divergence-full-urad",
        "25",
    ),
    ("--seed", "--seed", "7"),
];

type Flag = (&'static str, &'static str, &'static str);

fn budget(names: impl Fn(&Flag) -> &'static str, half: &'static str) -> String {
    let mut args = vec!["budget", "--elevation-deg", "35", "--altitude-km", "700"];
    for flag in &RENAMED_BUDGET_FLAGS {
        args.extend([names(flag), flag.2]);
    }
    let mut table = stdout_of(&args);
    args.extend(["--format", "json"]);
    table.push_str(&stdout_of(&args));
    // The half-angle divergence instead of the full one.
    let full = args
        .iter()
        .position(|a| a.starts_with("--divergence-full"))
        .unwrap();
    args.splice(full..full + 2, [half, "12"]);
    table.push_str(&stdout_of(&args));
    table
}

#[test]
fn budget_flags_are_the_scenario_keys_and_the_old_names_still_work() {
    let new = budget(|f| f.0, "--divergence-half-angle-urad");
    let old = budget(|f| f.1, "--divergence-half-urad");
    assert_eq!(new, old);
    // The flags change the result (so the comparison compares something).
    let default = stdout_of(&["budget", "--elevation-deg", "35", "--altitude-km", "700"]);
    assert!(!new.starts_with(&default));
    assert!(new.contains("\"samples\": 3000"), "{new}");
    // An error names the new flag.
    let out = oslink(&["budget", "--elevation-deg", "30", "--rx-aperture-m", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--aperture-m"), "{err}");
    // --help shows both names.
    let help = stdout_of(&["budget", "--help"]);
    for (new, old, _) in RENAMED_BUDGET_FLAGS {
        assert!(help.contains(new), "{help}");
        if new != old {
            assert!(help.contains(&old[2..]), "alias {old}: {help}");
        }
    }
}

#[test]
fn sun_velocity_and_night_turbulence_flags_reach_the_sheet() {
    let base = [
        "budget",
        "--elevation-deg",
        "30",
        "--range-km",
        "1000",
        "--format",
        "json",
        "--fading-samples",
        "1000",
        "--night-ground-cn2",
        "2e-15",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        json_of(&args)
    };
    // Without Sun angles the budget is a night budget: the night ground term.
    let night = with(&[]);
    assert_eq!(night["ground_cn2"].as_f64(), Some(2e-15));
    let day = with(&[
        "--sun-elevation-deg",
        "35",
        "--sun-separation-deg",
        "60",
        "--transverse-velocity-m-s",
        "7000",
    ]);
    assert_eq!(day["ground_cn2"].as_f64(), Some(1.7e-14));
    assert!(day["fried_parameter_m"].as_f64() < night["fried_parameter_m"].as_f64());
    // θ_PA = 2·v⊥/c = 2·7000/299792458 rad = 46.699 µrad.
    close(
        &day,
        "point_ahead_urad",
        2.0 * 7000.0 / 299_792_458.0 * 1e6,
        1e-9,
    );
    assert!(night.get("point_ahead_urad").is_none());
}
