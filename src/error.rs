//! The library's one error type. Each variant says what failed; what it failed because of is
//! its [`std::error::Error::source`], never a copy of the cause's text: a scenario error
//! wraps the typed error of the key or line at fault, an I/O error the operating system's.
//! Print the whole chain (`anyhow`'s `{:#}`, as the binary does) to read
//! "FILE: KEY = VALUE is not allowed: WHAT IS". [`Error::innermost`] reaches the cause.

use thiserror::Error as ThisError;

/// Every error the library returns. None of them is a panic: user input never panics.
#[derive(Debug, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// A parameter outside its allowed range, named by its scenario key or CLI flag.
    #[error("{key} = {value} is not allowed: {allowed}")]
    InvalidParameter {
        /// Scenario key or command-line flag, e.g. `receivers.ogs-1m.aperture_m`.
        key: String,
        /// The offending value as the user wrote it.
        value: String,
        /// What is allowed, e.g. "must be > 0".
        allowed: String,
    },
    /// A time that could not be parsed.
    #[error("invalid time {value:?}: {reason}")]
    Time {
        /// The text as given.
        value: String,
        /// What was expected.
        reason: String,
    },
    /// A record of an element file (TLE, 3LE, OMM) that could not be used.
    #[error("{source_name}, line {line}: {reason}")]
    Elements {
        /// File name, or "inline TLE".
        source_name: String,
        /// 1-based line number (for OMM JSON: the array index + 1).
        line: usize,
        /// What is wrong (checksum, length, field, ephemeris type…).
        reason: String,
    },
    /// An SGP4 propagation failure or a decayed orbit.
    #[error("propagating {satellite} at {time}: {reason}")]
    Propagation {
        /// Satellite name (and NORAD id when known).
        satellite: String,
        /// ISO UTC time of the failure.
        time: String,
        /// The SGP4 error or "decayed: |r| = … km below the Earth's radius".
        reason: String,
    },
    /// A satellite that SGP4 cannot propagate over the span, in a `[[satellites]]` entry whose
    /// `on_propagation_error` says to stop (the default); `source` is the propagation error.
    #[error(
        "{key}.on_propagation_error = \"fail\" (the default) stops the run when one of its \
         satellites cannot be propagated over the span; \"skip\" leaves such a satellite out \
         with a warning"
    )]
    SatelliteFailed {
        /// The scenario entry, e.g. `satellites[0]`.
        key: String,
        /// The propagation error.
        #[source]
        source: Box<Error>,
    },
    /// A station preset that does not exist or a malformed station specification.
    #[error("station {spec:?}: {reason}")]
    Station {
        /// The specification as given.
        spec: String,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// A TOML syntax or type error, located by line and column when the text is a file's.
    #[error("{}{message}", location(*.line, *.column))]
    Toml {
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What the TOML reader says (with its snippet of the line).
        message: String,
    },
    /// A scenario that cannot be used, because of `source` (a TOML error, a key out of range,
    /// an element file…); `context` says where, e.g. "sweep key stations".
    #[error("{file}{}", context.as_ref().map(|c| format!(": {c}")).unwrap_or_default())]
    Scenario {
        /// The scenario file path (or the name of the built-in default).
        file: String,
        /// Where in the scenario's use it failed (a sweep key or grid point), if not plain
        /// loading.
        context: Option<String>,
        /// The error itself.
        #[source]
        source: Box<Error>,
    },
    /// Reading or writing a file, because of the operating system's `source`.
    #[error("{path}")]
    Io {
        /// The file path.
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A shard folder that cannot be merged with the others (missing, repeated, from another
    /// scenario, seed, shard count or build), or whose files are damaged.
    #[error("shard {dir}: {reason}")]
    Shard {
        /// The shard folder as given.
        dir: String,
        /// What is wrong and what was expected.
        reason: String,
    },
    /// A record of an OMM (CelesTrak GP JSON) file that could not be used.
    #[error("{source_name}, OMM record {record}{}: {reason}", omm_key(.key))]
    Omm {
        /// File name.
        source_name: String,
        /// 1-based record number (array index + 1).
        record: usize,
        /// The OMM key at fault, e.g. `MEAN_MOTION`; empty when the record itself is wrong.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// `x` rounded to 12 significant digits (undoing the last-bit noise of unit conversions such
/// as µrad → rad → µrad), in exponent form below 1e-6 or from 1e16.
pub(crate) fn number_text(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return x.to_string();
    }
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    if (1e-6..1e16).contains(&rounded.abs()) {
        rounded.to_string()
    } else {
        format!("{rounded:e}")
    }
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: "),
        (Some(l), None) => format!("line {l}: "),
        _ => String::new(),
    }
}

fn omm_key(key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        format!(", key {key}")
    }
}

/// `Result` with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Returns `Ok` when `ok`, else [`Error::InvalidParameter`] for `key` = `value`.
pub(crate) fn require(ok: bool, key: &str, value: f64, allowed: &str) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(key, value, allowed))
    }
}

impl Error {
    /// The error of `file` caused by `source` (no further context).
    pub fn in_scenario(file: impl Into<String>, source: Error) -> Self {
        Error::Scenario {
            file: file.into(),
            context: None,
            source: Box::new(source),
        }
    }

    /// The error and every cause after it, joined by ": " (what the binary prints).
    pub fn report(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        text
    }

    /// The innermost error of a chain of scenario errors: the key, line or file at fault.
    pub fn innermost(&self) -> &Error {
        match self {
            Error::Scenario { source, .. } => source.innermost(),
            other => other,
        }
    }

    /// Shorthand for [`Error::InvalidParameter`]. A numeric value is written as a user would
    /// have typed it (12 significant digits, exponent form when very small or large): `-60`
    /// rather than the `-59.99999999999999` of a unit round trip, `1e-300` rather than 300
    /// digits.
    pub fn invalid(
        key: impl Into<String>,
        value: impl ToString,
        allowed: impl Into<String>,
    ) -> Self {
        let value = value.to_string();
        let value = match value.parse::<f64>() {
            // Floats only: an integer that fits 64 bits (a seed, a count) is exact as written.
            Ok(x) if value.len() > 12 && (value.contains(['.', 'e']) || value.len() > 20) => {
                number_text(x)
            }
            _ => value,
        };
        Error::InvalidParameter {
            key: key.into(),
            value,
            allowed: allowed.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number_text(-59.99999999999999), "-60");
        assert_eq!(number_text(1e-300), "1e-300");
        assert_eq!(number_text(1e170), "1e170");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1234.5), "1234.5");
        assert_eq!(number_text(f64::NAN), "NaN");
        let e = Error::invalid("k", 1e-300, "x");
        assert_eq!(e.to_string(), "k = 1e-300 is not allowed: x");
        // Text that is not a number, and integers, are kept as given.
        assert_eq!(
            Error::invalid("k", "\"abc\"", "x").to_string(),
            "k = \"abc\" is not allowed: x"
        );
        assert_eq!(
            Error::invalid("k", 18446744073709551615u64, "x").to_string(),
            "k = 18446744073709551615 is not allowed: x"
        );
    }
}
