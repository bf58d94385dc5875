//! The JSON Schema of the scenario file, derived (schemars) from the raw serde types of
//! [`super::raw`]: their serde attributes give the keys, the required ones and the closed
//! tables (`deny_unknown_fields`), their doc comments the descriptions with units, defaults
//! and allowed ranges. It checks keys and types only; `oslink validate` checks the values.

use serde_json::Value;

/// The schema's title.
const TITLE: &str = "oslink scenario";

/// The JSON Schema (draft 2020-12) of a scenario file, the TOML read as JSON.
pub fn json_schema() -> Value {
    let mut schema = schemars::schema_for!(super::raw::RawScenario);
    schema.insert("title".into(), TITLE.into());
    let mut schema = schema.to_value();
    without_null(&mut schema);
    schema
}

/// [`json_schema`] pretty-printed, with its final line break.
pub fn json_schema_text() -> String {
    serde_json::to_string_pretty(&json_schema()).expect("a JSON value serializes") + "\n"
}

/// TOML has no null: an optional key is absent, never null. Removes the `null` schemars gives
/// an `Option` field (in its `type` list, its `anyOf` and its `default`), so that an editor
/// neither offers nor accepts it.
fn without_null(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = &types[..] {
                    let only = only.clone();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| *s != serde_json::json!({ "type": "null" }));
                if let [Value::Object(only)] = &any[..] {
                    let only = only.clone();
                    map.remove("anyOf");
                    for (key, value) in only {
                        map.entry(key).or_insert(value);
                    }
                }
            }
            map.values_mut().for_each(without_null);
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}
