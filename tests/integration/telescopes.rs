//! One telescope, one satellite (issue "Answers an engineer can read", items 1 and 2): a
//! station's contact is its telescope time, the policies choose as documented, a track
//! starts with its acquisition, and the network is ranked by what it delivers.

use std::path::{Path, PathBuf};

use crate::common::{crate_path, ok, oslink, scratch};

const WALKER: &str = "scenarios/constellation-walker-24.toml";
const SPAN_S: f64 = 86_400.0;

/// The Walker-24 scenario at Betzdorf alone, with `extra` appended to its station table.
fn walker_at_betzdorf(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(crate_path(WALKER)).unwrap();
    let head = &text[..text.find("[[stations]]").unwrap()];
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("{head}[[stations]]\npreset = \"betzdorf\"\nreceiver = \"ogs-60cm\"\n{extra}\n"),
    )
    .unwrap();
    path
}

fn run(scenario: &Path, out: &Path) -> String {
    let o = oslink(&[
        "run",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    ok(&o);
    String::from_utf8(o.stdout).unwrap()
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// links.csv as (header, rows).
fn links(out: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(out.join("links.csv")).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn column(out: &Path, name: &str) -> Vec<f64> {
    let (header, rows) = links(out);
    let c = header.iter().position(|h| h == name).unwrap();
    rows.iter().map(|r| r[c].parse().unwrap()).collect()
}

#[test]
fn a_station_has_at_most_its_telescopes_times_the_span_of_contact() {
    let dir = scratch("telescopes-count");
    let (mut contact, mut busy_of, mut in_view_of, mut peak) = (vec![], vec![], vec![], 0);
    for n in [1, 2] {
        let scenario =
            walker_at_betzdorf(&dir, &format!("t{n}.toml"), &format!("telescopes = {n}"));
        let out = dir.join(format!("out{n}"));
        run(&scenario, &out);
        let s = summary(&out);
        let station = &s["stations"][0];
        let c = station["contact_s"].as_f64().unwrap();
        let busy = station["breakdown"]["busy_s"].as_f64().unwrap();
        // Up to 3 satellites are in view at once: without the limit the station would count
        // each (the first version showed 300+ h of contact in 24 h).
        peak = s["telescopes"][0]["peak_in_view"].as_u64().unwrap();
        assert!(peak >= 2);
        assert!(
            c <= n as f64 * SPAN_S + 1e-6,
            "{n} telescope(s): contact {c} s"
        );
        // What the station does not serve is busy: contact + busy is the time in view.
        let in_view: f64 = column(&out, "contact_s").iter().sum::<f64>()
            + column(&out, "busy_s_mean").iter().sum::<f64>();
        assert!(
            (c + busy - in_view).abs() < 1e-6 * in_view,
            "{c} + {busy} vs {in_view}"
        );
        contact.push(c);
        busy_of.push(busy);
        in_view_of.push(in_view);
    }
    // The sky is the same for one telescope or two: the second takes exactly what the first
    // left busy, and leaves busy only the steps with three satellites or more in view.
    assert!((in_view_of[1] - in_view_of[0]).abs() < 1e-9 * in_view_of[0]);
    assert!(busy_of[0] > 0.0, "one telescope leaves satellites waiting");
    assert!(busy_of[1] < busy_of[0], "{busy_of:?}");
    let gained = contact[1] - contact[0];
    assert!(
        (gained - (busy_of[0] - busy_of[1])).abs() < 1e-6 * in_view_of[0],
        "gained {gained} s, busy {busy_of:?}"
    );
    if peak <= 2 {
        assert_eq!(busy_of[1], 0.0, "two telescopes serve two satellites");
    }
}

#[test]
fn a_priority_satellite_takes_the_telescope() {
    let dir = scratch("telescopes-priority");
    let first = "WD24-P00-S00";
    let scenario = walker_at_betzdorf(
        &dir,
        "p.toml",
        &format!("scheduling = \"priority\"\npriority = [\"{first}\"]"),
    );
    let out = dir.join("out");
    run(&scenario, &out);
    let (header, rows) = links(&out);
    let c = |name: &str| header.iter().position(|h| h == name).unwrap();
    let busy = |sat: &str| -> f64 {
        let row = rows.iter().find(|r| r[c("from")] == sat).unwrap();
        row[c("busy_s_mean")].parse().unwrap()
    };
    assert_eq!(
        busy(first),
        0.0,
        "the first satellite is never left waiting"
    );
    assert!(busy("WD24-P01-S03") > 0.0);
    let t = &summary(&out)["telescopes"][0];
    assert_eq!(t["scheduling"], "priority");
    assert_eq!(t["priority"][0], first);
    assert!(t["preemptions"].as_u64().unwrap() > 0, "{t}");
}

#[test]
fn every_track_starts_with_its_acquisition() {
    // One satellite (the smoke scenario): 30 s of acquisition at the start of each pass,
    // to the floating-point error, and that much less up time.
    let dir = scratch("telescopes-acquisition");
    let text = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    let slow = dir.join("slow.toml");
    std::fs::write(
        &slow,
        text.replace(
            "receiver = \"ogs\"\n",
            "receiver = \"ogs\"\nacquisition_s = 30\n",
        ),
    )
    .unwrap();
    let (fast_out, slow_out) = (dir.join("fast"), dir.join("slow"));
    run(&crate_path("scenarios/smoke.toml"), &fast_out);
    run(&slow, &slow_out);
    let passes = column(&slow_out, "passes");
    let acquisition = column(&slow_out, "acquisition_s_mean");
    for (p, a) in passes.iter().zip(&acquisition) {
        assert!(*p > 0.0 && (a - 30.0 * p).abs() < 1e-3, "{p} passes, {a} s");
    }
    let contact = |out: &Path| column(out, "contact_s");
    assert_eq!(contact(&fast_out), contact(&slow_out));
    let up = |out: &Path| column(out, "up_s_mean").iter().sum::<f64>();
    assert!(up(&slow_out) < up(&fast_out));
}

#[test]
fn bad_telescope_keys_are_named() {
    let dir = scratch("telescopes-bad");
    for (extra, needles) in [
        (
            "telescopes = 0",
            &["stations[0].telescopes = 0", "from 1 to 64"][..],
        ),
        (
            "scheduling = \"random\"",
            &["stations[0].scheduling", "\"highest_elevation\""],
        ),
        (
            "scheduling = \"priority\"\npriority = [\"NOPE\"]",
            &["stations[0].priority[0] = \"NOPE\"", "WD24-P00-S00"],
        ),
        (
            "priority = [\"WD24-P00-S00\"]",
            &["only with scheduling = \"priority\""],
        ),
        (
            "slew_rate_deg_s = -1",
            &["stations[0].slew_rate_deg_s = -1"],
        ),
        (
            "acquisition_s = 1e9",
            &["stations[0].acquisition_s", "[0, 3600] s"],
        ),
    ] {
        let scenario = walker_at_betzdorf(&dir, "bad.toml", extra);
        let out = dir.join("never");
        let o = oslink(&[
            "run",
            scenario.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{extra}: {stderr}");
        for n in needles {
            assert!(stderr.contains(n), "{extra}: {n:?} not in {stderr}");
        }
        assert!(!out.exists());
    }
}

#[test]
fn the_run_table_shows_up_time_volume_and_the_diversity_gain() {
    let dir = scratch("telescopes-table");
    let out = dir.join("out");
    let table = run(&crate_path("scenarios/smoke.toml"), &out);
    for head in [
        "busy h",
        "up h/day",
        "Gbit/day",
        "site diversity: the network carries ×",
    ] {
        assert!(table.contains(head), "{head:?} not in\n{table}");
    }
    let g = &summary(&out)["diversity_gain"];
    assert!(g["volume"].as_f64().unwrap() >= 1.0, "{g}");
    assert!(g["up_time"].as_f64().unwrap() >= 1.0, "{g}");
}

/// sweep.csv's network rows as (point's station set, rank).
fn ranks(out: &Path) -> Vec<(String, usize)> {
    let mut r = csv::Reader::from_path(out.join("sweep.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let c = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut rows: Vec<(String, usize)> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| &x[c("station")] == "network")
        .map(|x| (x[c("stations")].to_string(), x[c("rank")].parse().unwrap()))
        .collect();
    rows.sort_by_key(|r| r.1);
    rows
}

#[test]
fn sweeps_rank_by_volume_unless_told_otherwise() {
    // Koganei alone has the higher availability given contact, the three stations carry more
    // than twice its data: by volume (the default) the network of three ranks first.
    let dir = scratch("telescopes-rank");
    let scenario = crate_path("scenarios/sweep-stations-lux-japan.toml");
    let sweep = |out: &Path, rank: &[&str]| {
        let mut args = vec![
            "sweep",
            scenario.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--quiet",
            "--set",
            "stations=koganei,koganei+kofu+betzdorf",
        ];
        args.extend(rank);
        let o = oslink(&args);
        ok(&o);
        String::from_utf8(o.stdout).unwrap()
    };
    let table = sweep(&dir.join("volume"), &[]);
    assert!(
        table.contains("by network data volume per day (--rank-by volume)"),
        "{table}"
    );
    assert_eq!(ranks(&dir.join("volume"))[0].0, "koganei+kofu+betzdorf");
    sweep(&dir.join("availability"), &["--rank-by", "availability"]);
    assert_eq!(ranks(&dir.join("availability"))[0].0, "koganei");
    sweep(&dir.join("uptime"), &["--rank-by", "uptime"]);
    assert_eq!(ranks(&dir.join("uptime"))[0].0, "koganei+kofu+betzdorf");
    let o = oslink(&["sweep", scenario.to_str().unwrap(), "--rank-by", "speed"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("volume, uptime or availability"));
}
