//! Every shipped scenario against the outputs recorded before the core was rebuilt around
//! links ("Links, not pairs"): each output file, and the table on stdout, must be byte for
//! byte what the previous binary wrote, timings aside. The scale examples
//! (`scenarios/scale-*.toml`) are left out: they are too large to run in a test.
//!
//! `tests/data/golden/SCENARIO.sha256` lists `SHA-256  PATH` for every file of the run's (or
//! sweep's) output folder, plus `stdout` for the printed table without its closing "wrote …
//! in X s" line. JSON files are hashed without their `timings_s` object (wall-clock seconds).
//! Recording: `OSLINK_RECORD_GOLDEN=1 cargo test --release golden` rewrites the lists; only
//! do it for a change that is meant to change the numbers, and say so in the commit.
//! `OSLINK_GOLDEN_BIN=path/to/old/oslink` runs another binary instead of this build's (to
//! record with the previous version, or to compare two binaries).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::common::{crate_path, is_scale_example, ok, oslink, scratch};

/// Hex SHA-256 of `bytes`.
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The bytes a file is compared by: JSON without the lines of its `timings_s` object and
/// `shard_timings_s` array (the execution record; the rest as written, so that a last-digit
/// change elsewhere still shows), everything else as written.
pub(crate) fn comparable(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_none_or(|e| e != "json") {
        return bytes;
    }
    let text = String::from_utf8(bytes).expect("UTF-8 JSON");
    let mut out = String::new();
    let mut skipping: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        match skipping {
            Some(depth) => {
                if indent == depth && line.trim_start().starts_with(['}', ']']) {
                    skipping = None;
                }
            }
            None if line.trim_start().starts_with("\"timings_s\": {")
                || line.trim_start().starts_with("\"shard_timings_s\": [") =>
            {
                skipping = Some(indent)
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

/// Every file below `dir`, as paths relative to it, sorted.
pub(crate) fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read output folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("below").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Runs one shipped scenario (`sweep` for the sweep-* files) and hashes what it wrote. The
/// scenario is named relative to the crate (the binary runs there), as the outputs quote it.
fn hashes_of(scenario: &Path, outdir: &Path) -> BTreeMap<String, String> {
    let name = scenario.file_stem().unwrap().to_str().unwrap();
    let relative = format!("scenarios/{name}.toml");
    let command = if name.starts_with("sweep-") {
        "sweep"
    } else {
        "run"
    };
    let args = [
        command,
        &relative,
        "-o",
        outdir.to_str().unwrap(),
        "--quiet",
    ];
    let out = match std::env::var_os("OSLINK_GOLDEN_BIN") {
        Some(bin) => std::process::Command::new(bin)
            .current_dir(crate_path(""))
            .args(args)
            .output()
            .expect("run OSLINK_GOLDEN_BIN"),
        None => oslink(&args),
    };
    ok(&out);
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    let table: String = stdout
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut hashes = BTreeMap::new();
    hashes.insert("stdout".to_string(), sha256_hex(table.as_bytes()));
    for file in files_below(outdir) {
        let key = file.to_str().unwrap().replace('\\', "/");
        hashes.insert(key, sha256_hex(&comparable(&outdir.join(&file))));
    }
    hashes
}

fn parse_list(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (hash, path) = l.split_once("  ").expect("HASH  PATH");
            (path.to_string(), hash.to_string())
        })
        .collect()
}

#[test]
fn every_shipped_scenario_writes_the_recorded_outputs() {
    let record = std::env::var_os("OSLINK_RECORD_GOLDEN").is_some();
    let golden_dir = crate_path("tests/data/golden");
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(crate_path("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        // Scale examples take minutes to hours: run_cli's `scale_examples_fit_their_budgets`
        // validates them instead.
        .filter(|p| !is_scale_example(p))
        .collect();
    scenarios.sort();
    let scratch = scratch("golden");
    let mut failures = Vec::new();
    for scenario in &scenarios {
        let name = scenario.file_stem().unwrap().to_str().unwrap();
        let got = hashes_of(scenario, &scratch.join(name));
        let list = golden_dir.join(format!("{name}.sha256"));
        if record {
            std::fs::create_dir_all(&golden_dir).unwrap();
            let text: String = got.iter().map(|(p, h)| format!("{h}  {p}\n")).collect();
            std::fs::write(&list, text).unwrap();
            continue;
        }
        let text = std::fs::read_to_string(&list)
            .unwrap_or_else(|e| panic!("{}: {e} (a new scenario needs recording)", list.display()));
        let want = parse_list(&text);
        for (path, hash) in &want {
            match got.get(path) {
                None => failures.push(format!("{name}: {path} was not written")),
                Some(h) if h != hash => failures.push(format!("{name}: {path} differs")),
                Some(_) => {}
            }
        }
        for path in got.keys().filter(|p| !want.contains_key(*p)) {
            failures.push(format!("{name}: {path} is new (record it if intended)"));
        }
    }
    assert!(
        failures.is_empty(),
        "outputs differ from tests/data/golden (kept in {}):\n{}",
        scratch.display(),
        failures.join("\n")
    );
    let _ = std::fs::remove_dir_all(&scratch);
}
