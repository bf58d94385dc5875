//! Relay chains through the real CLI: a declared feeder against its closed form, an optical
//! feeder bounded by its two links, and the `[[relays]]` keys refused by key.

use std::path::Path;

use serde_json::Value;

use crate::common::{crate_path, ok, oslink, scratch};

use crate::crosslinks::{edrs_with, num, EDRS};

/// `oslink run` of `scenario` into `dir/out`: its summary.json.
fn run(dir: &Path, scenario: &Path) -> Value {
    let out = dir.join("out");
    ok(&oslink(&[
        "run",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// The crosslink windows of `scenario` (`oslink windows --format json`).
fn crosslink_windows(scenario: &Path) -> Vec<Value> {
    let out = oslink(&[
        "windows",
        scenario.to_str().unwrap(),
        "--kind",
        "crosslink",
        "--format",
        "json",
    ]);
    ok(&out);
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array().unwrap().clone()
}

#[test]
fn a_declared_feeder_delivers_its_availability_times_the_slower_rate() {
    // A Ka-band-like feeder of 1 Gbit/s up 90 % of the time behind the 1.8 Gbit/s crosslink,
    // whose margin (> 10 dB) and jitter (β ≈ 87) leave no pointing outage: over the
    // crosslink's data time T (the windows from first data to their end), the chain is up
    // 0.9·T and delivers 0.9·T·min(1.8, 1.0) Gbit, in every weather realization.
    let dir = scratch("relay-declared");
    let path = edrs_with(
        &dir,
        &[(
            "feeder = \"optical\"",
            "feeder = \"declared\"\nfeeder_rate_bps = 1e9\nfeeder_availability = 0.9\n\
             feeder_name = \"Ka band\"",
        )],
    );
    let windows = crosslink_windows(&path);
    let data_time_s: f64 = windows
        .iter()
        .filter(|w| w["data_start_unix_s"].is_f64())
        .map(|w| num(w, "end_unix_s") - num(w, "data_start_unix_s"))
        .sum();
    assert!(data_time_s > 12.0 * 3600.0, "{data_time_s}");
    let summary = run(&dir, &path);
    let chain = &summary["chains"][0];
    assert_eq!(chain["name"], "SENTINEL-1-LIKE → EDRS-C-LIKE → Ka band");
    assert_eq!(chain["feeder"], "Ka band");
    assert_eq!(
        chain["crosslink_windows"].as_u64().unwrap() as usize,
        windows.len()
    );
    let close = |a: f64, b: f64, what: &str| {
        assert!((a / b - 1.0).abs() < 1e-9, "{what}: {a} vs {b}");
    };
    close(num(chain, "crosslink_s"), data_time_s, "crosslink time");
    close(num(chain, "contact_s"), data_time_s, "contact");
    for q in ["mean", "p10", "p50", "p90"] {
        close(
            chain["availability"][q].as_f64().unwrap(),
            0.9,
            "availability",
        );
        close(
            chain["daily_volume_bits"][q].as_f64().unwrap(),
            0.9 * 1e9 * data_time_s,
            "volume (span of one day)",
        );
    }
}

#[test]
fn an_optical_feeder_delivers_no_more_than_either_link_and_the_direct_volume_sits_beside() {
    let dir = scratch("relay-optical");
    let path = crate_path(EDRS);
    let windows = crosslink_windows(&path);
    let crosslink_bits: f64 = windows.iter().map(|w| num(w, "volume_bits")).sum();
    let summary = run(&dir, &path);
    let chain = &summary["chains"][0];
    assert_eq!(chain["feeder"], "optical");
    let volume = &chain["daily_volume_bits"];
    let (p10, p50, p90) = (num(volume, "p10"), num(volume, "p50"), num(volume, "p90"));
    assert!(0.0 < p10 && p10 <= p50 && p50 <= p90, "{volume}");
    // No more than the crosslink carries (one day), nor than the feeder: the relay's links
    // summed over the stations in each realization bound its network service.
    assert!(
        num(volume, "mean") <= crosslink_bits * (1.0 + 1e-9),
        "{volume}"
    );
    let links = std::fs::read_to_string(dir.join("out/links.csv")).unwrap();
    let header: Vec<&str> = links.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (link, bits) = (col("link"), col("daily_volume_bits_mean"));
    let of = |sat: &str| -> (f64, f64) {
        let v: Vec<f64> = links
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|f| f[link].starts_with(sat))
            .map(|f| f[bits].parse::<f64>().unwrap())
            .collect();
        (v.iter().sum(), v.iter().copied().fold(0.0, f64::max))
    };
    let (relay_sum, _) = of("EDRS-C-LIKE");
    assert!(
        num(volume, "mean") <= relay_sum * (1.0 + 1e-6),
        "{volume} vs {relay_sum}"
    );
    // Availability: the clouds take the feeder, so well below 1 and above 0.
    let a = num(&chain["availability"], "mean");
    assert!(0.2 < a && a < 0.95, "{a}");
    // The direct volume is the source's own network service: at least its best station, at
    // most its stations together.
    assert_eq!(chain["direct_to_ground"], true);
    let direct = num(&chain["direct_daily_volume_bits"], "mean");
    let (direct_sum, direct_best) = of("SENTINEL-1-LIKE");
    assert!(
        direct_best * (1.0 - 1e-6) <= direct && direct <= direct_sum * (1.0 + 1e-6),
        "{direct} vs [{direct_best}, {direct_sum}]"
    );
    // The relay brings down more than an order of magnitude more than the direct passes.
    assert!(num(volume, "mean") > 10.0 * direct, "{volume} vs {direct}");
    // The report presents the chain; the run lists the windows `oslink windows` finds, byte
    // for byte, and draws the crosslink figures.
    let html = std::fs::read_to_string(dir.join("out/report.html")).unwrap();
    assert!(html.contains("<h2>Relay chains</h2>"));
    assert!(html.contains("SENTINEL-1-LIKE → EDRS-C-LIKE → ground"));
    let listed = oslink(&["windows", path.to_str().unwrap(), "--format", "csv"]);
    ok(&listed);
    assert_eq!(
        std::fs::read(dir.join("out/windows.csv")).unwrap(),
        listed.stdout
    );
    for figure in [
        "crosslink_range",
        "crosslink_doppler",
        "crosslink_margin",
        "link_timeline",
    ] {
        for ext in ["png", "svg"] {
            let file = dir.join(format!("out/plots/{figure}.{ext}"));
            assert!(file.is_file(), "{} missing", file.display());
        }
    }
}

#[test]
fn bad_relays_are_refused_by_key_and_nothing_is_written() {
    let dir = scratch("relay-bad");
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: [Case; 8] = [
        (
            &[(
                "sources = [\"SENTINEL-1-LIKE\"]",
                "sources = [\"EDRS-C-LIKE\"]",
            )],
            &["relays[0].sources[0]", "other than the relay"],
        ),
        (
            &[("sources = [\"SENTINEL-1-LIKE\"]", "sources = [\"NOPE\"]")],
            &["relays[0].sources[0]", "\"NOPE\"", "SENTINEL-1-LIKE"],
        ),
        (
            &[
                (
                    "sources = [\"SENTINEL-1-LIKE\"]",
                    "sources = [\"EDRS-C-LIKE\"]",
                ),
                ("relay = \"EDRS-C-LIKE\"", "relay = \"SENTINEL-1-LIKE\""),
                ("duplex = true", "duplex = false"),
            ],
            &["relays[0].sources[0]", "[[crosslinks]] entry"],
        ),
        (
            &[("feeder = \"optical\"", "feeder = \"ka\"")],
            &["relays[0].feeder", "\"ka\"", "declared"],
        ),
        (
            &[(
                "feeder = \"optical\"",
                "feeder = \"declared\"\nfeeder_rate_bps = 1e9\nfeeder_availability = 1.5",
            )],
            &["relays[0].feeder_availability", "1.5", "[0, 1]"],
        ),
        (
            &[(
                "feeder = \"optical\"",
                "feeder = \"optical\"\nfeeder_rate_bps = 1e9",
            )],
            &["relays[0].feeder_rate_bps", "feeder = \"declared\""],
        ),
        (
            &[("terminal = \"geo-feeder-1064\"\n", "")],
            &["relays[0].relay", "EDRS-C-LIKE", "terminal"],
        ),
        (
            &[(
                "[[crosslinks]]",
                "[[relays]]\nsources = [\"SENTINEL-1-LIKE\"]\nrelay = \"EDRS-C-LIKE\"\n\
                 feeder = \"declared\"\nfeeder_rate_bps = 1e9\nfeeder_availability = 0.9\n\n\
                 [[crosslinks]]",
            )],
            &["relays[1].feeder", "relays[0]", "one feeder"],
        ),
    ];
    for (edits, needles) in cases {
        let path = edrs_with(&dir, edits);
        let outdir = dir.join("out");
        let out = oslink(&[
            "run",
            path.to_str().unwrap(),
            "-o",
            outdir.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{edits:?}: {stderr}");
        for needle in needles {
            assert!(stderr.contains(needle), "{needle:?} not in: {stderr}");
        }
        assert!(out.stdout.is_empty(), "printed to stdout");
        assert!(!outdir.exists(), "{} was created", outdir.display());
    }
}
