//! docs/outputs.md against the CSV files the real CLI writes: every column of every header is
//! documented for its file, and every documented column is written (the `direction` column
//! appears when the links go both ways: the run here has both).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{crate_path, ok, oslink, scratch};

/// The documented columns of each table: the first backticked word of the section's heading
/// (`links.csv`, `oslink passes --format csv`) → the first backticked word of each table row.
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(crate_path("docs/outputs.md")).expect("docs/outputs.md");
    let first_code = |line: &str| line.split('`').nth(1).map(str::to_string);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut section = None;
    for line in text.lines() {
        if line.starts_with("## ") {
            section = first_code(line);
        } else if let (Some(s), true) = (&section, line.starts_with("| `")) {
            let column = first_code(line).expect("a backticked column");
            out.entry(s.clone()).or_default().insert(column);
        }
    }
    out
}

/// The header of a CSV text.
fn header(csv: &str) -> Vec<String> {
    let line = csv.lines().next().expect("a header line");
    line.split(',').map(str::to_string).collect()
}

fn header_of(path: &Path) -> Vec<String> {
    header(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Asserts that `header` (less `variable` columns, documented as `KEY`) is what docs/outputs.md
/// lists for `file`, column for column.
fn check(
    docs: &BTreeMap<String, BTreeSet<String>>,
    file: &str,
    header: &[String],
    variable: &[String],
) {
    let want = docs
        .get(file)
        .unwrap_or_else(|| panic!("docs/outputs.md has no section for {file}"));
    let mut got: BTreeSet<String> = header
        .iter()
        .filter(|c| !variable.contains(c))
        .cloned()
        .collect();
    if !variable.is_empty() {
        got.insert("KEY".into());
    }
    let undocumented: Vec<_> = got.difference(want).collect();
    let unwritten: Vec<_> = want.difference(&got).collect();
    assert!(
        undocumented.is_empty() && unwritten.is_empty(),
        "{file}: columns written but not in docs/outputs.md: {undocumented:?}; \
         documented but not written: {unwritten:?}"
    );
    let distinct: BTreeSet<&String> = header.iter().collect();
    assert_eq!(distinct.len(), header.len(), "{file}: a column twice");
}

#[test]
fn every_csv_column_is_documented_in_docs_outputs_md() {
    let docs = documented();
    let dir = scratch("outputs-doc");

    // Links both ways, so passes.csv and timeseries.csv have their `direction` column.
    let run = dir.join("run");
    ok(&oslink(&[
        "run",
        "scenarios/beacon-and-downlink.toml",
        "-o",
        run.to_str().unwrap(),
        "--quiet",
    ]));
    for file in [
        "links.csv",
        "passes.csv",
        "timeseries.csv",
        "monthly.csv",
        "daily.csv",
        "margins.csv",
        "realizations.csv",
        "windows.csv",
    ] {
        check(&docs, file, &header_of(&run.join(file)), &[]);
    }

    let sweep = dir.join("sweep");
    ok(&oslink(&[
        "sweep",
        "scenarios/sweep-divergence-lux-japan.toml",
        "-o",
        sweep.to_str().unwrap(),
    ]));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sweep.join("sweep.json")).unwrap()).unwrap();
    let keys: Vec<String> = summary["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert!(!keys.is_empty());
    check(
        &docs,
        "sweep.csv",
        &header_of(&sweep.join("sweep.csv")),
        &keys,
    );

    let passes = oslink(&[
        "passes",
        "--scenario",
        "scenarios/smoke.toml",
        "--format",
        "csv",
    ]);
    ok(&passes);
    let passes = String::from_utf8(passes.stdout).unwrap();
    check(&docs, "oslink passes --format csv", &header(&passes), &[]);
    let _ = std::fs::remove_dir_all(&dir);
}
