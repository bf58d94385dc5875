//! Dotted-key overrides of a scenario file (`oslink sweep`'s grid keys and `--set`).
//!
//! A key names one value of the TOML document: table names and field names separated by dots,
//! array entries by `[index]` (0-based) or `[name]` (the entry whose `name`, or else `preset`,
//! equals it): `terminals.sota-like.tx_power_w`, `stations[2].receiver`,
//! `stations[koganei].turbulence.ground_cn2`, `satellites[0].orbit.altitude_km`.
//!
//! The value replaces (or adds) the leaf; missing intermediate tables are created (e.g. a
//! station's `turbulence`) except under `terminals` and `receivers`, whose entries must exist
//! (`terminals.nope.tx_power_w` is an error naming the defined terminals). The document is then
//! deserialized and validated as usual, so an unknown field or a wrong type is reported with the
//! key that caused it.

use crate::error::{Error, Result};

/// One step of a dotted key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySegment {
    /// A table field or a named table entry.
    Field(String),
    /// An array entry by position.
    Index(usize),
    /// An array entry by its `name` (or `preset`).
    Named(String),
}

/// Splits a dotted key into segments; the error names the key.
pub fn parse_key(key: &str) -> Result<Vec<KeySegment>> {
    let bad = |why: &str| Error::invalid(key, "this key", why);
    let mut out = Vec::new();
    let mut rest = key;
    let ident_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    loop {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let ident = &rest[..end];
        if !ident_ok(ident) {
            return Err(bad(
                "dotted names of letters, digits, '_' and '-', with [index] or [name] after arrays",
            ));
        }
        out.push(KeySegment::Field(ident.to_string()));
        rest = &rest[end..];
        while let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']').ok_or_else(|| bad("an unclosed '['"))?;
            let inner = &after[..close];
            out.push(match inner.parse::<usize>() {
                Ok(i) => KeySegment::Index(i),
                Err(_) if ident_ok(inner) => KeySegment::Named(inner.to_string()),
                Err(_) => return Err(bad("[index] with a 0-based index or an entry name")),
            });
            rest = &after[close + 1..];
        }
        match rest.strip_prefix('.') {
            Some(r) => rest = r,
            None if rest.is_empty() => return Ok(out),
            None => return Err(bad("a '.' or '[' after ']'")),
        }
    }
}

/// Sets `key` to `value` in a parsed scenario document (see the module doc for the rules).
pub fn apply_override(doc: &mut toml::Table, key: &str, value: toml::Value) -> Result<()> {
    let segments = parse_key(key)?;
    if matches!(segments.first(), Some(KeySegment::Field(f)) if f == "sweep") {
        return Err(Error::invalid(
            key,
            "a [sweep] key",
            "a scenario key outside [sweep]",
        ));
    }
    let mut node = Node::Table(doc);
    let mut path = String::new();
    for (n, segment) in segments.iter().enumerate() {
        let last = n + 1 == segments.len();
        let parent = path.clone();
        match segment {
            KeySegment::Field(f) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(f);
            }
            KeySegment::Index(i) => path.push_str(&format!("[{i}]")),
            KeySegment::Named(s) => path.push_str(&format!("[{s}]")),
        }
        node = match (node, segment) {
            (Node::Table(t), KeySegment::Field(f)) => {
                if last {
                    t.insert(f.clone(), value);
                    return Ok(());
                }
                if !t.contains_key(f) {
                    if parent == "terminals" || parent == "receivers" {
                        let defined: Vec<&str> = t.keys().map(String::as_str).collect();
                        return Err(Error::invalid(
                            &path,
                            "missing",
                            format!(
                                "an existing [{parent}.NAME] table; defined: {}",
                                list(&defined)
                            ),
                        ));
                    }
                    t.insert(f.clone(), toml::Value::Table(toml::Table::new()));
                }
                Node::from_value(t.get_mut(f).expect("present"), key, &path)?
            }
            (Node::Array(a), KeySegment::Index(i)) => {
                let len = a.len();
                // The value set, not the index, is what `key = …` shows.
                let shown = value.to_string();
                let entry = a.get_mut(*i).ok_or_else(|| {
                    Error::invalid(
                        key,
                        shown,
                        format!(
                            "an index below {len} in [{i}]: {parent} has {len} entries (0-based)"
                        ),
                    )
                })?;
                if last {
                    *entry = value;
                    return Ok(());
                }
                Node::from_value(entry, key, &path)?
            }
            (Node::Array(a), KeySegment::Named(s)) => {
                let names: Vec<String> = a.iter().filter_map(entry_name).collect();
                let entry = a
                    .iter_mut()
                    .find(|e| entry_name(e).as_deref() == Some(s.as_str()))
                    .ok_or_else(|| {
                        let names: Vec<&str> = names.iter().map(String::as_str).collect();
                        Error::invalid(
                            key,
                            format!("{s:?}"),
                            format!("no entry of {parent} named so; names: {}", list(&names)),
                        )
                    })?;
                if last {
                    *entry = value;
                    return Ok(());
                }
                Node::from_value(entry, key, &path)?
            }
            (Node::Table(_), _) => {
                return Err(Error::invalid(
                    key,
                    "[…]",
                    format!("{parent} is a table: use .field"),
                ))
            }
            (Node::Array(_), KeySegment::Field(_)) => {
                return Err(Error::invalid(
                    key,
                    "this key",
                    format!("{parent} is an array: use {parent}[index] or {parent}[name]"),
                ))
            }
        };
    }
    unreachable!("the last segment returns")
}

/// A table or an array inside the document.
enum Node<'a> {
    Table(&'a mut toml::Table),
    Array(&'a mut Vec<toml::Value>),
}

impl<'a> Node<'a> {
    fn from_value(v: &'a mut toml::Value, key: &str, path: &str) -> Result<Node<'a>> {
        match v {
            toml::Value::Table(t) => Ok(Node::Table(t)),
            toml::Value::Array(a) => Ok(Node::Array(a)),
            other => Err(Error::invalid(
                key,
                format!("{path} = {other}"),
                format!("{path} is a value, not a table or array"),
            )),
        }
    }
}

/// The `name` of an array-of-tables entry, else its `preset`.
fn entry_name(v: &toml::Value) -> Option<String> {
    let t = v.as_table()?;
    t.get("name")
        .or_else(|| t.get("preset"))
        .and_then(|n| n.as_str())
        .map(str::to_string)
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// Parses a command-line value as a TOML scalar or array (`0.5`, `10e6`, `true`, `"x"`,
/// `[1, 2]`); anything else is taken as a bare string (`lognormal`, `koganei+kashima`).
pub fn parse_value(text: &str) -> toml::Value {
    let text = text.trim();
    toml::from_str::<toml::Table>(&format!("v = {text}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> toml::Table {
        toml::from_str(
            r#"
            name = "x"
            [terminals.sota-like]
            tx_power_w = 0.1
            [[stations]]
            preset = "koganei"
            [[stations]]
            name = "lab"
            lat_deg = 1.0
            "#,
        )
        .unwrap()
    }

    #[test]
    fn keys_split_into_segments() {
        use KeySegment::*;
        assert_eq!(
            parse_key("stations[2].turbulence.ground_cn2").unwrap(),
            vec![
                Field("stations".into()),
                Index(2),
                Field("turbulence".into()),
                Field("ground_cn2".into())
            ]
        );
        assert_eq!(
            parse_key("stations[koganei].receiver").unwrap()[1],
            Named("koganei".into())
        );
        for bad in ["", "a..b", "a[", "a[1]b", "a b", "a.[1]"] {
            assert!(parse_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn overrides_set_create_and_refuse() {
        let mut d = doc();
        apply_override(&mut d, "terminals.sota-like.tx_power_w", parse_value("0.5")).unwrap();
        assert_eq!(
            d["terminals"]["sota-like"]["tx_power_w"].as_float(),
            Some(0.5)
        );
        apply_override(
            &mut d,
            "stations[koganei].turbulence.ground_cn2",
            parse_value("1e-14"),
        )
        .unwrap();
        assert_eq!(
            d["stations"][0]["turbulence"]["ground_cn2"].as_float(),
            Some(1e-14)
        );
        apply_override(&mut d, "stations[lab].alt_m", parse_value("5")).unwrap();
        assert_eq!(d["stations"][1]["alt_m"].as_integer(), Some(5));
        let err = apply_override(&mut d, "terminals.nope.tx_power_w", parse_value("1"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("terminals.nope") && err.contains("sota-like"),
            "{err}"
        );
        for key in [
            "stations[5].alt_m",
            "stations[oops].alt_m",
            "name.x",
            "sweep.a",
        ] {
            let err = apply_override(&mut d, key, parse_value("1")).unwrap_err();
            assert!(err.to_string().contains(key), "{err}");
        }
    }

    #[test]
    fn values_parse_as_toml_or_bare_strings() {
        assert_eq!(parse_value("10e6").as_float(), Some(10e6));
        assert_eq!(parse_value("3").as_integer(), Some(3));
        assert_eq!(parse_value("true").as_bool(), Some(true));
        assert_eq!(parse_value("\"a,b\"").as_str(), Some("a,b"));
        assert_eq!(parse_value("gamma-gamma").as_str(), Some("gamma-gamma"));
        assert_eq!(parse_value("[1, 2]").as_array().map(Vec::len), Some(2));
    }
}
