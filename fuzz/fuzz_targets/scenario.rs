//! Scenario TOML through full validation, as `oslink validate`, `run` and `sweep` do before
//! simulating: `Scenario::parse`, `estimate` and its memory check, the `validate` overview,
//! the links' budgets; then the sweep plan of the same text with dotted-key `--set` axes
//! (`SweepPlan::new`: [sweep] table and overrides, every grid point built and validated).
//! Nothing is simulated.
//!
//! Input: the TOML text, then any number of `--set KEY=V1,V2,...` arguments, separated by
//! NUL bytes. Element files (`tle_file`, `omm_file`) resolve against a scratch folder holding
//! `sats.tle` and `sats.json` (fuzz/fixtures/); inputs naming a device, FIFO, /proc or /sys
//! file, or a file over 4 MB, are skipped (reading one is not a parser defect; see the
//! README's fuzzing section).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use oslink::scenario::{Scenario, DEFAULT_MAX_MEMORY_GIB, MAX_SPAN_S};
use oslink::sweep::{Axis, SweepPlan};

mod common;

const SOURCE: &str = "fuzz.toml";

/// The scratch folder the scenario's element files resolve against.
fn base_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("oslink-fuzz-scenario-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        std::fs::write(dir.join("sats.tle"), include_str!("../fixtures/sats.tle")).expect("write");
        std::fs::write(dir.join("sats.json"), include_str!("../fixtures/sats.json"))
            .expect("write");
        dir
    })
}

/// Every string value of a TOML value.
fn strings<'a>(v: &'a toml::Value, out: &mut Vec<&'a str>) {
    match v {
        toml::Value::String(s) => out.push(s),
        toml::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Whether reading `name` as an element file could block or exhaust memory.
fn unsafe_file(name: &str) -> bool {
    let Ok(path) = base_dir().join(name).canonicalize() else {
        return false;
    };
    if ["/proc", "/sys", "/dev", "/run"]
        .iter()
        .any(|p| path.starts_with(p))
    {
        return true;
    }
    match std::fs::metadata(&path) {
        Ok(m) => !(m.is_dir() || (m.is_file() && m.len() <= 4 << 20)),
        Err(_) => false,
    }
}

/// What a validated scenario must satisfy.
fn check(s: &Scenario) {
    assert!(
        s.start_unix_s.is_finite() && s.end_unix_s.is_finite() && s.start_unix_s < s.end_unix_s,
        "span {} .. {}",
        s.start_unix_s,
        s.end_unix_s
    );
    assert!(s.duration_s() <= MAX_SPAN_S, "span {} s", s.duration_s());
    assert!(s.step_s.is_finite() && s.step_s > 0.0, "step {}", s.step_s);
    assert!(!s.links.is_empty(), "a validated scenario without links");
    let e = s.estimate();
    for (what, v) in [
        ("grid steps", e.grid_steps),
        ("link steps", e.link_steps),
        ("step bytes", e.step_bytes),
        ("weather bytes", e.weather_bytes),
        ("output bytes", e.output_bytes),
        ("total bytes", e.total_bytes()),
    ] {
        assert!(v.is_finite() && v >= 0.0, "estimate: {what} = {v} ({e:?})");
    }
    let _ = e.line();
    if let Err(err) = e.check(DEFAULT_MAX_MEMORY_GIB, "--max-memory-gb") {
        common::render(&err);
    }
    match oslink::report::scenario_overview(s) {
        Ok(text) => assert!(!text.contains("NaN"), "NaN in the overview:\n{text}"),
        Err(err) => {
            common::render(&err);
        }
    }
    let _ = s.geometry_fingerprint();
    for link in 0..s.links.len().min(8) {
        let _ = s.link_name(link);
        if let Err(err) = s.link_budget(link) {
            common::render(&err);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(parts) = common::parts(data) else {
        return;
    };
    let (text, sets) = (parts[0], &parts[1..]);
    let axes: Vec<Axis> = match sets.iter().map(|s| Axis::parse_set(s)).collect() {
        Ok(a) => a,
        Err(e) => {
            common::render(&e);
            Vec::new()
        }
    };
    let mut values = Vec::new();
    let doc = toml::from_str::<toml::Table>(text).map(toml::Value::Table);
    if let Ok(doc) = &doc {
        strings(doc, &mut values);
    }
    for axis in &axes {
        axis.values.iter().for_each(|v| strings(v, &mut values));
    }
    if values.iter().any(|v| unsafe_file(v)) {
        return;
    }
    let base = Some(base_dir());
    match Scenario::parse(text, SOURCE, base) {
        Ok(s) => check(&s),
        Err(e) => {
            common::render(&e);
        }
    }
    match SweepPlan::new(text, SOURCE, base, &axes, None) {
        Ok(plan) => {
            check(&plan.base);
            assert!(!plan.points.is_empty(), "a sweep plan without points");
            assert_eq!(plan.keys.len(), plan.points[0].values.len());
            for point in plan.points.iter().take(16) {
                check(&point.scenario);
            }
        }
        Err(e) => {
            common::render(&e);
        }
    }
});
