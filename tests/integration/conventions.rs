//! The conventions users expect, through the real binary: shell completions, manual pages and
//! the JSON Schema of the scenario file (checked against every shipped scenario).

use crate::common::{crate_path, ok, oslink, scratch};

/// Every subcommand, as `oslink --help` lists them.
const SUBCOMMANDS: [&str; 12] = [
    "windows",
    "run",
    "sweep",
    "validate",
    "budget",
    "passes",
    "stations",
    "merge",
    "slurm-script",
    "completions",
    "man",
    "schema",
];

fn stdout_of(args: &[&str]) -> String {
    let out = oslink(args);
    ok(&out);
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn completions_are_printed_for_every_shell() {
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("oslink"), "{bash}");
    for sub in SUBCOMMANDS {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
    }
    // The flags of a subcommand complete too.
    assert!(bash.contains("--tx-optics-efficiency"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(
            script.contains("oslink") && script.contains("slurm-script"),
            "{shell}"
        );
    }
    let out = oslink(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_prints_the_main_page_and_writes_one_page_per_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH oslink 1"), "{page}");
    for sub in SUBCOMMANDS {
        let roff = format!("oslink\\-{}(1)", sub.replace('-', "\\-"));
        assert!(page.contains(&roff), "the page names {roff}: {page}");
    }

    let dir = scratch("man-pages");
    let pages = dir.join("man1");
    let line = stdout_of(&["man", "-o", pages.to_str().unwrap()]);
    assert!(line.starts_with("wrote "), "{line}");
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = std::iter::once("oslink.1".to_string())
        .chain(SUBCOMMANDS.iter().map(|s| format!("oslink-{s}.1")))
        .collect();
    want.sort();
    assert_eq!(names, want, "one page each, no temporary file left");
    let budget = std::fs::read_to_string(pages.join("oslink-budget.1")).unwrap();
    assert!(
        budget.contains(".TH oslink-budget 1")
            && budget.contains(concat!("\"oslink ", env!("CARGO_PKG_VERSION"), "\"")),
        "{budget}"
    );
    assert!(budget.contains("tx\\-optics\\-efficiency"), "{budget}");
    // Writing again replaces the pages.
    ok(&oslink(&["man", "-o", pages.to_str().unwrap()]));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The schema that `oslink schema` prints, checked against the JSON Schema meta-schema.
fn schema() -> serde_json::Value {
    let schema: serde_json::Value =
        serde_json::from_str(&stdout_of(&["schema"])).expect("the schema is JSON");
    jsonschema::meta::validate(&schema).expect("a valid JSON Schema");
    schema
}

/// A scenario file read as JSON, the way an editor's TOML plugin checks it.
fn toml_as_json(text: &str) -> serde_json::Value {
    toml::from_str(text).expect("TOML")
}

/// The validation errors of a scenario, one line each.
fn errors(validator: &jsonschema::Validator, scenario: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(scenario)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_schema_validates_every_shipped_scenario() {
    let schema = schema();
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "draft 2020-12"
    );
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut files: Vec<_> = std::fs::read_dir(crate_path("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for file in &files {
        let scenario = toml_as_json(&std::fs::read_to_string(file).unwrap());
        let errors = errors(&validator, &scenario);
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn the_schema_rejects_a_misspelled_key_and_a_wrong_type() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let smoke = std::fs::read_to_string(crate_path("scenarios/smoke.toml")).unwrap();
    assert!(validator.is_valid(&toml_as_json(&smoke)));
    let cases = [
        // A misspelled key, in a table and in an array-of-tables entry.
        ("step_s =", "stepp_s =", "stepp_s"),
        ("preset =", "presett =", "presett"),
        // A wrong type.
        (
            "fading_samples = ",
            "fading_samples = \"many\" #",
            "fading_samples",
        ),
    ];
    for (from, to, what) in cases {
        assert!(smoke.contains(from), "smoke.toml has {from}");
        let bad = toml_as_json(&smoke.replacen(from, to, 1));
        let errors = errors(&validator, &bad);
        assert!(errors.iter().any(|e| e.contains(what)), "{to}: {errors:#?}");
    }
}

#[test]
fn every_scenario_key_has_a_description() {
    let schema = schema();
    let defs = schema["$defs"].as_object().expect("$defs");
    let tables = defs
        .iter()
        .map(|(name, def)| (name.as_str(), def))
        .chain([("RawScenario", &schema)]);
    let mut checked = 0;
    for (table, def) in tables {
        let Some(properties) = def["properties"].as_object() else {
            continue;
        };
        assert_eq!(def["additionalProperties"], false, "{table} is closed");
        for (key, property) in properties {
            let text = property["description"].as_str().unwrap_or_default();
            assert!(!text.is_empty(), "{table}.{key} has no description");
            checked += 1;
        }
    }
    assert!(checked > 80, "{checked} keys");
    // TOML has no null: an optional key is absent.
    let text = schema.to_string();
    assert!(!text.contains("null"), "{text}");
    let tx_power = &defs["RawTerminal"]["properties"]["tx_power_w"]["description"];
    assert!(
        tx_power.as_str().unwrap().contains("W, in [1e-12, 1e6]"),
        "{tx_power}"
    );
}
