//! Links both ways on the same passes (scenarios/beacon-and-downlink.toml): the links follow
//! from the equipment, every link has its own figures, the downlinks alone make the network,
//! and adding the beacon uplinks changes nothing of the downlinks' numbers.

use std::path::Path;

use crate::common::{crate_path, ok, oslink, scratch};

const MIXED: &str = "scenarios/beacon-and-downlink.toml";

fn run(scenario: &Path, outdir: &Path) {
    ok(&oslink(&[
        "run",
        scenario.to_str().unwrap(),
        "-o",
        outdir.to_str().unwrap(),
        "--quiet",
    ]));
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).expect("CSV");
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn summary(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The mixed scenario with one direction's equipment removed.
fn one_way(dir: &Path, drop: &[&str], name: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(crate_path(MIXED)).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !drop.iter().any(|d| l.starts_with(d)))
        .map(|l| format!("{l}\n"))
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, kept).unwrap();
    path
}

#[test]
fn downlinks_and_uplinks_together() {
    let dir = scratch("links");
    let mixed = dir.join("mixed");
    run(&crate_path(MIXED), &mixed);

    // Four links, downlink before uplink for each station, named FROM → TO.
    let (header, links) = csv_rows(&mixed.join("links.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let names: Vec<&str> = links.iter().map(|r| r[col("link")].as_str()).collect();
    assert_eq!(
        names,
        [
            "LEO-SSO-550 → koganei",
            "koganei → LEO-SSO-550",
            "LEO-SSO-550 → betzdorf",
            "betzdorf → LEO-SSO-550"
        ]
    );
    let directions: Vec<&str> = links.iter().map(|r| r[col("direction")].as_str()).collect();
    assert_eq!(directions, ["downlink", "uplink", "downlink", "uplink"]);
    // The two directions of a pair share the passes and the clouds, not the fades.
    for pair in links.chunks(2) {
        for key in ["passes", "contact_s", "cloud_s_mean"] {
            assert_eq!(pair[0][col(key)], pair[1][col(key)], "{key}");
        }
    }
    let uplink_fade: f64 = links[1][col("fade_outage_given_clear")].parse().unwrap();
    assert!(
        uplink_fade > 0.0,
        "the beacon uplink fades at low elevation"
    );

    // passes.csv and timeseries.csv say each row's direction; every pass is there both ways.
    let (header, passes) = csv_rows(&mixed.join("passes.csv"));
    assert_eq!(header.last().unwrap(), "direction");
    let aos = header.iter().position(|h| h == "aos").unwrap();
    let down: Vec<&str> = passes
        .iter()
        .filter(|r| r.last().unwrap() == "downlink")
        .map(|r| r[aos].as_str())
        .collect();
    let mut up: Vec<&str> = passes
        .iter()
        .filter(|r| r.last().unwrap() == "uplink")
        .map(|r| r[aos].as_str())
        .collect();
    let mut down_sorted = down.clone();
    down_sorted.sort();
    up.sort();
    assert_eq!(down_sorted, up);
    assert!(!down.is_empty());
    let (header, _) = csv_rows(&mixed.join("timeseries.csv"));
    assert_eq!(header.last().unwrap(), "direction");

    // The downlinks alone: the same station and network figures, to the bit (same passes,
    // same clouds, same fade streams), and the single-direction layout of the files.
    let down_only = one_way(
        &dir,
        &["receiver = \"beacon-rx\"", "terminal = \"beacon\""],
        "down.toml",
    );
    let down_dir = dir.join("down");
    run(&down_only, &down_dir);
    let (a, b) = (summary(&mixed), summary(&down_dir));
    assert_eq!(a["stations"], b["stations"]);
    assert_eq!(a["network"], b["network"]);
    assert_eq!(a["direction"], "downlink+uplink");
    assert_eq!(b["direction"], "downlink");
    let (header, _) = csv_rows(&down_dir.join("passes.csv"));
    assert_eq!(header.last().unwrap(), "volume_bits_mean");

    // The uplinks alone form the network when there is no downlink; their contact and clouds
    // are those of the mixed run's uplinks.
    let up_only = one_way(
        &dir,
        &["receiver = \"ogs\"", "terminal = \"lct\""],
        "up.toml",
    );
    let up_dir = dir.join("up");
    run(&up_only, &up_dir);
    let (up_header, up_links) = csv_rows(&up_dir.join("links.csv"));
    let ucol = |name: &str| up_header.iter().position(|h| h == name).unwrap();
    assert_eq!(up_links.len(), 2);
    for (u, m) in up_links.iter().zip([&links[1], &links[3]]) {
        assert_eq!(u[ucol("link")], m[col("link")]);
        assert_eq!(u[ucol("contact_s")], m[col("contact_s")]);
        assert_eq!(u[ucol("cloud_s_mean")], m[col("cloud_s_mean")]);
    }
    assert_eq!(summary(&up_dir)["direction"], "uplink");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn channel_direction_keeps_its_first_meaning() {
    // With channel.direction the nodes must carry that direction's equipment, as before.
    let text = std::fs::read_to_string(crate_path(MIXED)).unwrap();
    let text = text.replace("[channel]\n", "[channel]\ndirection = \"downlink\"\n");
    let dir = scratch("links-direction");
    let path = dir.join("restricted.toml");
    std::fs::write(&path, text).unwrap();
    let out = oslink(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("satellites[0].receiver = \"beacon-rx\"") && err.contains("channel.direction"),
        "{err}"
    );
    // A node without any equipment, and a scenario without any link, are named.
    let text = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    let bare = text.replace("[channel]\ndirection = \"downlink\"\n", "[channel]\n");
    let no_link = bare.replace("receiver = \"ogs\"", "terminal = \"leo\"");
    std::fs::write(&path, no_link).unwrap();
    let out = oslink(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("links = none"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
