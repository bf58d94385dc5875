//! The library's one error type. Each variant says what failed and because of what; the
//! binary adds the file or flag context with `anyhow` and prints the chain with `{:#}`.

use thiserror::Error as ThisError;

/// Every error the library returns. None of them is a panic: user input never panics.
#[derive(Debug, ThisError)]
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
    /// A station preset that does not exist or a malformed station specification.
    #[error("station {spec:?}: {reason}")]
    Station {
        /// The specification as given.
        spec: String,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// A scenario file problem located by line and column or key.
    #[error("{file}: {message}")]
    Scenario {
        /// The scenario file path.
        file: String,
        /// The located message (line/column or key, value, allowed).
        message: String,
    },
    /// Reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file path.
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
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

fn omm_key(key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        format!(", key {key}")
    }
}

/// `Result` with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Shorthand for [`Error::InvalidParameter`].
    pub fn invalid(
        key: impl Into<String>,
        value: impl ToString,
        allowed: impl Into<String>,
    ) -> Self {
        Error::InvalidParameter {
            key: key.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}
