//! Hostile input through the real CLI (the project's reliability reproducers, rebuilt here):
//! each ends in exit 2 with the key or flag and the value named, and nothing written; or in a
//! correct result. Never a panic, a hang or a memory abort.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{crate_path, ok, oslink, scratch};

/// The smoke scenario with `from` replaced by `to` (each pair in turn), written into `dir`.
fn smoke_with(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Asserts exit 2, every `needle` in stderr, and no `outdir`.
fn refused(out: &Output, needles: &[&str], outdir: Option<&Path>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} not in: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    if let Some(dir) = outdir {
        assert!(!dir.exists(), "{} was created", dir.display());
    }
}

#[test]
fn tiny_cloud_steps_are_refused_by_key() {
    let dir = scratch("bad-cloud-step");
    for step in ["1e-300", "1e-10", "0.5"] {
        let file = smoke_with(
            &dir,
            "clouds.toml",
            &[("[channel]", &format!("[channel]\ncloud_step_s = {step}"))],
        );
        let outdir = dir.join("out");
        let out = oslink(&["run", s(&file), "-o", s(&outdir), "--quiet"]);
        refused(
            &out,
            &["channel.cloud_step_s = ", "must be in [1, 86400] s"],
            Some(&outdir),
        );
    }
}

#[test]
fn runs_beyond_the_memory_estimate_are_refused_before_allocating() {
    let dir = scratch("bad-memory");
    // A two-year geostationary link at 0.01 s: 1.3e10 link steps.
    let file = smoke_with(
        &dir,
        "geo.toml",
        &[
            ("duration_h = 12", "end = \"2028-03-18T00:00:00Z\""),
            ("step_s = 10.0", "step_s = 0.01"),
            (
                "{ epoch = \"2026-03-19T00:00:00Z\", altitude_km = 550, inclination_deg = 97.6, \
                 raan_deg = 100, mean_anomaly_deg = 0 }",
                "{ epoch = \"2026-03-19T00:00:00Z\", longitude_deg = 135 }",
            ),
        ],
    );
    let outdir = dir.join("out");
    // The limit given explicitly (an older binary without the flag stops at once too).
    let out = oslink(&[
        "run",
        s(&file),
        "-o",
        s(&outdir),
        "--quiet",
        "--max-memory-gb",
        "16",
    ]);
    refused(
        &out,
        &[
            "memory estimate = ",
            "--max-memory-gb = 16 GiB",
            "time.step_s",
            "montecarlo.weather_realizations",
            // Checked after the pass search, from the steps of the passes found.
            // (the geostationary satellite at 135° E is below Betzdorf's horizon).
            "the passes of its 2 links hold 6.307e9 link steps",
        ],
        Some(&outdir),
    );
    let out = oslink(&["sweep", s(&file), "-o", s(&outdir), "--max-memory-gb", "16"]);
    refused(&out, &["grid point 0", "memory estimate = "], Some(&outdir));
    // validate prints the estimate, said to be an upper bound.
    let out = oslink(&["validate", s(&file)]);
    ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("estimate  ≤ 1.261e10 link steps"), "{text}");
    assert!(text.contains("upper bound"), "{text}");
    // The limit itself is checked; a small scenario fits a small limit.
    let smoke = crate_path("scenarios/smoke.toml");
    let out = oslink(&["run", s(&smoke), "-o", s(&outdir), "--max-memory-gb", "0"]);
    refused(
        &out,
        &["--max-memory-gb", "0 is not allowed"],
        Some(&outdir),
    );
    let out = oslink(&[
        "run",
        s(&smoke),
        "-o",
        s(&outdir),
        "--max-memory-gb",
        "0.01",
    ]);
    ok(&out);
}

#[test]
fn passes_are_limited_to_two_years_like_run() {
    let smoke = crate_path("scenarios/smoke.toml");
    let out = oslink(&[
        "passes",
        "--scenario",
        s(&smoke),
        "--start",
        "2026-03-19T00:00:00Z",
        "--end",
        "2029-03-19T00:00:00Z",
    ]);
    refused(
        &out,
        &["--end", "2029-03-19T00:00:00.000Z", "at most two years"],
        None,
    );
}

#[test]
fn thread_counts_are_capped() {
    let dir = scratch("bad-threads");
    let smoke = crate_path("scenarios/smoke.toml");
    let outdir = dir.join("out");
    for n in ["10000", "257", "0"] {
        for cmd in ["run", "sweep"] {
            let out = oslink(&[cmd, s(&smoke), "-o", s(&outdir), "--threads", n]);
            refused(&out, &["--threads", n, "1..=256"], Some(&outdir));
        }
    }
    let help = oslink(&["run", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("1 to 256"));
}

#[test]
fn repeated_station_choices_are_counted_before_subsets_are_built() {
    let dir = scratch("bad-choose");
    let mut stations = String::new();
    for i in 0..20 {
        stations.push_str(&format!(
            "\n[[stations]]\nname = \"s{i}\"\nlat_deg = {}\nlon_deg = 135\nalt_m = 100\n\
             receiver = \"ogs\"\n",
            30.0 + 0.5 * f64::from(i)
        ));
    }
    let file = smoke_with(
        &dir,
        "twenty.toml",
        &[(
            "[[stations]]\npreset = \"koganei\"\nreceiver = \"ogs\"\n\n[[stations]]\n\
             preset = \"betzdorf\"\nreceiver = \"ogs\"",
            &stations,
        )],
    );
    let outdir = dir.join("out");
    // 200 values, two distinct sizes: C(20, 7) + C(20, 6) = 116 280 subsets.
    let values = ["7", "6"].repeat(100).join(",");
    let set = format!("stations.choose={values}");
    let out = oslink(&["sweep", s(&file), "-o", s(&outdir), "--set", &set]);
    refused(
        &out,
        &["stations.choose = [7, 6]", "at most 100000", "116280"],
        Some(&outdir),
    );
    // Repeats of a size that fits run once.
    let out = oslink(&[
        "sweep",
        s(&file),
        "-o",
        s(&outdir),
        "--quiet",
        "--set",
        "stations.choose=20,20,20",
    ]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 grid points"));
}

/// An OMM record of the ISS with `key` set to `value`.
fn omm(dir: &Path, key: &str, value: &str) -> PathBuf {
    let mut record = serde_json::json!({
        "OBJECT_NAME": "ISS-LIKE", "OBJECT_ID": "1998-067A",
        "EPOCH": "2026-03-19T12:00:00.000000", "MEAN_MOTION": 15.485, "ECCENTRICITY": 0.0006,
        "INCLINATION": 51.64, "RA_OF_ASC_NODE": 25.0, "ARG_OF_PERICENTER": 200.0,
        "MEAN_ANOMALY": 160.0, "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U",
        "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 50000,
        "BSTAR": 0.00018, "MEAN_MOTION_DOT": 0.0001, "MEAN_MOTION_DDOT": 0
    });
    record[key] = serde_json::from_str(value).unwrap();
    let path = dir.join(format!("{key}.json"));
    std::fs::write(&path, serde_json::json!([record]).to_string()).unwrap();
    path
}

#[test]
fn elements_out_of_their_ranges_are_refused() {
    let dir = scratch("bad-elements");
    for (key, value, needle) in [
        (
            "EPHEMERIS_TYPE",
            "260",
            "ephemeris type 260 is not supported",
        ),
        (
            "INCLINATION",
            "1e300",
            "1e300 is not allowed: degrees in [0, 180]",
        ),
        ("ECCENTRICITY", "1.5", "in [0, 1)"),
    ] {
        let file = omm(&dir, key, value);
        let out = oslink(&[
            "passes",
            "--omm",
            s(&file),
            "--station",
            "koganei",
            "--start",
            "2026-03-19T00:00:00Z",
            "--end",
            "2026-03-20T00:00:00Z",
        ]);
        refused(&out, &[&format!("key {key}"), needle], None);
    }
    let file = smoke_with(
        &dir,
        "far.toml",
        &[("altitude_km = 550", "altitude_km = 1e8")],
    );
    let out = oslink(&["validate", s(&file)]);
    refused(
        &out,
        &["satellites[0].orbit.altitude_km = 100000000", "500 000 km"],
        None,
    );
}

#[test]
fn bad_walker_constellations_are_refused_by_key() {
    let orbit = "orbit = { epoch = \"2026-03-19T00:00:00Z\", altitude_km = 550, \
                 inclination_deg = 97.6, raan_deg = 100, mean_anomaly_deg = 0 }";
    let walker = |keys: &str| {
        format!(
            "walker = {{ epoch = \"2026-03-19T00:00:00Z\", altitude_km = 550, \
             inclination_deg = 53, {keys} }}"
        )
    };
    let dir = scratch("bad-walker");
    for (tag, entry, needles) in [
        (
            "phasing",
            walker("planes = 3, per_plane = 4, phasing = 3"),
            &["satellites[0].walker.phasing = 3 is not allowed", "[0, 2]"][..],
        ),
        (
            "planes",
            walker("planes = 0, per_plane = 4, phasing = 0"),
            &["satellites[0].walker.planes = 0 is not allowed"],
        ),
        (
            "total",
            walker("planes = 1000, per_plane = 1000, phasing = 0"),
            &[
                "satellites[0].walker.planes × per_plane = 1000 × 1000 = 1000000",
                "at most 10000 satellites",
            ],
        ),
        (
            "both",
            format!(
                "{orbit}\n{}",
                walker("planes = 3, per_plane = 4, phasing = 1")
            ),
            &[
                "satellites[0] = orbit source is not allowed",
                "exactly one of orbit, tle, tle_file, omm_file, walker",
            ],
        ),
    ] {
        let file = smoke_with(&dir, &format!("{tag}.toml"), &[(orbit, &entry)]);
        let outdir = dir.join(format!("out-{tag}"));
        let out = oslink(&["run", s(&file), "-o", s(&outdir), "--quiet"]);
        refused(&out, needles, Some(&outdir));
    }
    // A good one validates and lists its satellites by plane and slot.
    let file = smoke_with(
        &dir,
        "good.toml",
        &[(orbit, &walker("planes = 3, per_plane = 4, phasing = 1"))],
    );
    let out = oslink(&["validate", s(&file)]);
    ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("satellites (12):"), "{stdout}");
    for name in ["LEO-550-P00-S00", "LEO-550-P01-S03", "LEO-550-P02-S03"] {
        assert!(stdout.contains(name), "{name} not in {stdout}");
    }
    assert!(stdout.contains("Walker delta 12/3/1"), "{stdout}");
}

/// `oslink run` of the smoke scenario with one edit must be refused with every `needle`.
fn run_refused(tag: &str, edit: (&str, &str), needles: &[&str]) {
    let dir = scratch(tag);
    let file = smoke_with(&dir, "edited.toml", &[edit]);
    let outdir = dir.join("out");
    let out = oslink(&["run", s(&file), "-o", s(&outdir)]);
    refused(&out, needles, Some(&outdir));
}

#[test]
fn unquoted_datetimes_say_a_quoted_string_is_expected() {
    run_refused(
        "bad-datetime",
        (
            "start = \"2026-03-19T00:00:00Z\"",
            "start = 2026-03-19T00:00:00Z",
        ),
        &[
            "line 5",
            "time.start = 2026-03-19T00:00:00Z",
            "a quoted ISO 8601 string is expected",
        ],
    );
}

#[test]
fn horizon_points_have_two_numbers() {
    run_refused(
        "bad-mask",
        (
            "preset = \"koganei\"",
            "preset = \"koganei\"\nhorizon_mask = [[0, 5], [180, 10, 3]]",
        ),
        &[
            "stations[0].horizon_mask[1] = [180.0, 10.0, 3.0]",
            "two numbers",
        ],
    );
}

#[test]
fn station_names_are_unique_ignoring_case() {
    run_refused(
        "bad-names",
        (
            "preset = \"betzdorf\"",
            "preset = \"betzdorf\"\nname = \"Koganei\"",
        ),
        &["stations[1].name = \"Koganei\"", "ignoring case"],
    );
}

#[test]
fn the_largest_seed_is_taken_by_run_and_sweep_alike() {
    let dir = scratch("big-seed");
    let smoke = crate_path("scenarios/smoke.toml");
    let max = u64::MAX.to_string();
    for cmd in ["run", "sweep"] {
        let outdir = dir.join(cmd);
        ok(&oslink(&[
            cmd,
            s(&smoke),
            "-o",
            s(&outdir),
            "--quiet",
            "--seed",
            &max,
        ]));
    }
    let out = oslink(&[
        "sweep",
        s(&smoke),
        "-o",
        s(&dir.join("sweep")),
        "--seed",
        &max,
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("seed {max}")));
}

/// One scenario file of a bad kind, and what the error must say.
struct FileCase {
    what: &'static str,
    bytes: Vec<u8>,
    needles: &'static [&'static str],
}

#[test]
fn bad_files_are_named_with_what_is_wrong() {
    let dir = scratch("bad-files");
    let smoke = std::fs::read(crate_path("scenarios/smoke.toml")).unwrap();
    let cases = [
        FileCase {
            what: "empty.toml",
            bytes: Vec::new(),
            needles: &["empty.toml", "missing field `name`"],
        },
        FileCase {
            what: "latin1.toml",
            bytes: b"name = \"Kirchberg \xe9t\xe9\"\n".to_vec(),
            needles: &["line 1, column 19", "byte 18 (0xE9) is not UTF-8"],
        },
        FileCase {
            what: "zero-step.toml",
            bytes: String::from_utf8(smoke.clone())
                .unwrap()
                .replace("step_s = 10.0", "step_s = 0")
                .into_bytes(),
            needles: &["time.step_s = 0", "[0.01, 86400] s"],
        },
        FileCase {
            what: "negative-power.toml",
            bytes: String::from_utf8(smoke.clone())
                .unwrap()
                .replace("tx_power_w = 0.5", "tx_power_w = -0.5")
                .into_bytes(),
            needles: &["terminals.leo.tx_power_w = -0.5"],
        },
        FileCase {
            what: "nan-aperture.toml",
            bytes: String::from_utf8(smoke.clone())
                .unwrap()
                .replace("aperture_m = 0.4", "aperture_m = nan")
                .into_bytes(),
            needles: &["receivers.ogs.aperture_m = NaN"],
        },
        FileCase {
            what: "inf-rate.toml",
            bytes: String::from_utf8(smoke.clone())
                .unwrap()
                .replace("data_rate_bps = 1e9", "data_rate_bps = inf")
                .into_bytes(),
            needles: &["terminals.leo.data_rate_bps = inf"],
        },
    ];
    for case in &cases {
        let file = dir.join(case.what);
        std::fs::write(&file, &case.bytes).unwrap();
        let outdir = dir.join("out");
        let out = oslink(&["run", s(&file), "-o", s(&outdir), "--quiet"]);
        refused(&out, case.needles, Some(&outdir));
    }
    // A missing file and a folder in its place name the path and the OS's reason once.
    let missing = dir.join("missing.toml");
    let out = oslink(&["validate", s(&missing)]);
    refused(&out, &["missing.toml: No such file or directory"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("No such file").count(), 1, "{stderr}");
    let folder = dir.join("folder.toml");
    std::fs::create_dir_all(&folder).unwrap();
    refused(&oslink(&["validate", s(&folder)]), &["folder.toml"], None);
    // A byte-order mark and CRLF line ends are ordinary UTF-8 text: the file is valid.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(&smoke);
    let crlf = String::from_utf8(smoke).unwrap().replace('\n', "\r\n");
    for (name, bytes) in [("bom.toml", bom), ("crlf.toml", crlf.into_bytes())] {
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        ok(&oslink(&["validate", s(&file)]));
    }
    // An output place that cannot be created fails before the run, naming it.
    let out = oslink(&[
        "run",
        "scenarios/smoke.toml",
        "-o",
        "/proc/oslink-out",
        "--quiet",
    ]);
    refused(&out, &["/proc/oslink-out"], None);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("oslink-new"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_decaying_satellite_fails_the_run_or_is_skipped_by_choice() {
    // Reproducer catalogue_one_decayed_kills_all.tle, cut to three objects.
    let dir = scratch("decaying-catalogue");
    std::fs::copy(
        crate_path("tests/data/catalogue_decaying.tle"),
        dir.join("catalogue.tle"),
    )
    .unwrap();
    let satellite = "name = \"LEO-550\"";
    let orbit = "orbit = { epoch = \"2026-03-19T00:00:00Z\", altitude_km = 550, \
                 inclination_deg = 97.6, raan_deg = 100, mean_anomaly_deg = 0 }";
    let file = smoke_with(
        &dir,
        "fail.toml",
        &[(satellite, "tle_file = \"catalogue.tle\""), (orbit, "")],
    );
    let outdir = dir.join("out");
    let out = oslink(&["run", s(&file), "-o", s(&outdir), "--quiet"]);
    refused(
        &out,
        &[
            "satellites[0].on_propagation_error = \"fail\" (the default)",
            "\"skip\" leaves such a satellite out",
            "propagating DECAYING (NORAD 25544)",
        ],
        Some(&outdir),
    );

    let file = smoke_with(
        &dir,
        "skip.toml",
        &[
            (
                satellite,
                "tle_file = \"catalogue.tle\"\non_propagation_error = \"skip\"",
            ),
            (orbit, ""),
        ],
    );
    let out = oslink(&["run", s(&file), "-o", s(&outdir), "--quiet"]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: DECAYING left out of the run (satellites[0]"),
        "{stderr}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outdir.join("summary.json")).unwrap())
            .unwrap();
    let skipped = summary["skipped_satellites"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["name"], "DECAYING");
    assert_eq!(skipped[0]["satellite"], 2);
    // The two healthy satellites still have their passes.
    assert!(summary["network"]["passes"].as_u64().unwrap() > 0);

    let file = smoke_with(
        &dir,
        "typo.toml",
        &[(
            satellite,
            "tle_file = \"catalogue.tle\"\non_propagation_error = \"ignore\"",
        )],
    );
    let out = oslink(&["validate", s(&file)]);
    refused(
        &out,
        &["satellites[0].on_propagation_error = \"ignore\" is not allowed: \"fail\""],
        None,
    );
}

#[test]
fn receiver_models_missing_impossible_or_unphysical_are_refused_by_key() {
    let dir = scratch("bad-receiver-model");
    let apd = "model = \"direct-detection\"\ndetector = \"apd\"\nresponsivity_a_w = 0.9\n\
               apd_gain = 10\napd_ionization_ratio = 0.5\nthermal_noise_pa_per_sqrt_hz = 2\ndark_current_na = 5\n\
               target_ber = 1e-9\nfield_of_view_urad = 100\nfilter_bandwidth_nm = 1";
    let coherent = "model = \"coherent\"\nmodulation = \"dpsk\"\nquantum_efficiency = 0.8\n\
                    implementation_loss_db = 3\ntarget_ber = 1e-9";
    let ppm = "model = \"photon-counting-ppm\"\nppm_order = 16\nslot_width_ns = 1\n\
               guard_slots = 4\ndetection_efficiency = 0.5\ndark_count_rate_hz = 1000\n\
               implementation_loss_db = 1\nfield_of_view_urad = 100\nfilter_bandwidth_nm = 1";
    let cases: Vec<(String, Vec<&str>)> = vec![
        // A parameter the model needs is missing.
        (
            apd.replace("responsivity_a_w = 0.9\n", ""),
            vec!["receivers.ogs.responsivity_a_w", "needs"],
        ),
        (
            format!("{apd}\nexcess_noise_factor = 5"),
            vec!["receivers.ogs.excess_noise_factor", "exactly one of"],
        ),
        // An impossible combination: a PPM order on a coherent receiver, or a detection model
        // with a fixed sensitivity.
        (
            format!("{coherent}\nppm_order = 16"),
            vec!["receivers.ogs.ppm_order", "impossible combination"],
        ),
        (
            format!("{coherent}\nphotons_per_bit = 100"),
            vec!["receivers.ogs.photons_per_bit", "not with model"],
        ),
        (
            format!("{coherent}\nfield_of_view_urad = 100"),
            vec!["receivers.ogs.field_of_view_urad", "impossible combination"],
        ),
        // Non-physical values.
        (
            apd.replace("apd_ionization_ratio = 0.5", "excess_noise_factor = 0.5"),
            vec!["receivers.ogs.excess_noise_factor"],
        ),
        (
            coherent.replace("quantum_efficiency = 0.8", "quantum_efficiency = 1.2"),
            vec!["receivers.ogs.quantum_efficiency", "1.2"],
        ),
        (
            apd.replace("apd_ionization_ratio = 0.5", "apd_ionization_ratio = 1.5"),
            vec!["receivers.ogs.apd_ionization_ratio", "1.5", "[0, 1]"],
        ),
        (
            ppm.replace("ppm_order = 16", "ppm_order = 12"),
            vec!["receivers.ogs.ppm_order", "12"],
        ),
        (
            coherent.replace("\"dpsk\"", "\"qpsk\""),
            vec!["receivers.ogs.modulation", "qpsk", "bpsk-homodyne"],
        ),
        // The smoke terminal's 1 Gb/s is above the uncoded 16-PPM rate at 1 ns slots.
        (
            ppm.to_string(),
            vec!["data_rate_bps", "uncoded 16-PPM rate"],
        ),
    ];
    for (k, (keys, needles)) in cases.iter().enumerate() {
        let file = smoke_with(
            &dir,
            &format!("rx{k}.toml"),
            &[("photons_per_bit = 1000", keys)],
        );
        let outdir = dir.join(format!("out{k}"));
        let out = oslink(&["run", s(&file), "-o", s(&outdir), "--quiet"]);
        refused(&out, needles, Some(&outdir));
    }
    // A night Cn² outside the profile's range, keyed like the day value.
    let file = smoke_with(
        &dir,
        "night.toml",
        &[(
            "preset = \"koganei\"",
            "preset = \"koganei\"\nturbulence = { night_ground_cn2 = -1e-15 }",
        )],
    );
    let outdir = dir.join("out-night");
    let out = oslink(&["run", s(&file), "-o", s(&outdir), "--quiet"]);
    refused(
        &out,
        &["turbulence.night_ground_cn2", "-1e-15"],
        Some(&outdir),
    );
}
