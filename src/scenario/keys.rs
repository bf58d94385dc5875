//! Small helpers shared by the scenario builders: checks and references keyed by scenario key.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// `name`, checked to be a key of `table` (the `[KINDs.NAME]` tables).
pub(super) fn defined<T>(
    key: &str,
    kind: &str,
    name: &str,
    table: &BTreeMap<String, T>,
) -> Result<String> {
    if table.contains_key(name) {
        return Ok(name.to_string());
    }
    let list = if table.is_empty() {
        "none".to_string()
    } else {
        table
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(Error::invalid(
        format!("{key}.{kind}"),
        quoted(name),
        format!("no [{kind}s.{name}] table; defined: {list}"),
    ))
}

/// `Ok` when `ok`, else the error of `key` with its `value` and what is `allowed`.
pub(super) fn check(ok: bool, key: &str, value: impl ToString, allowed: &str) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(key, value, allowed))
    }
}

/// A string value as an error shows it, in quotes.
pub(super) fn quoted(s: &str) -> String {
    format!("{s:?}")
}

/// A parameter error with its key rewritten by `rekey` (other errors unchanged).
pub(super) fn rekeyed(e: Error, rekey: impl FnOnce(&str) -> String) -> Error {
    match e {
        Error::InvalidParameter {
            key,
            value,
            allowed,
        } => Error::InvalidParameter {
            key: rekey(&key),
            value,
            allowed,
        },
        other => other,
    }
}
