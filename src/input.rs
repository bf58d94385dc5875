//! Reading an input file (scenario, TLE/3LE, OMM) without trusting it: it must be a regular
//! file of at most [`MAX_INPUT_BYTES`], so that a FIFO, a device such as `/dev/zero` or a
//! huge file ends in an error naming it instead of a block or an out-of-memory abort.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest input file, bytes: 256 MiB, ~50× the whole public catalogue as 3LE.
pub(crate) const MAX_INPUT_BYTES: u64 = 256 << 20;

/// The bytes of the regular file at `path` (at most [`MAX_INPUT_BYTES`]).
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>> {
    let name = path.display().to_string();
    let io = |source| Error::Io {
        path: name.clone(),
        source,
    };
    // The kind of file first: opening a FIFO would block until a writer comes.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        return Err(Error::invalid(
            "input file",
            name.clone(),
            format!("a regular file; this is {what}"),
        ));
    }
    let too_big = || {
        Error::invalid(
            "input file",
            name.clone(),
            format!("a file of at most {} MiB", MAX_INPUT_BYTES >> 20),
        )
    };
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// [`read_input`] as UTF-8 text; the error of a non-UTF-8 file names the byte.
pub(crate) fn read_input_text(path: &Path) -> Result<String> {
    let bytes = read_input(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("byte {at} (0x{:02X}) is not UTF-8", e.as_bytes()[at]),
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused() {
        let e = read_input(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        let e = read_input(Path::new("/")).unwrap_err().to_string();
        assert!(e.contains("a folder"), "{e}");
        // A FIFO would block the open() until a writer came: refused from its metadata.
        let fifo = std::env::temp_dir().join(format!("oslink-fifo-{}", std::process::id()));
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_input(&fifo).unwrap_err().to_string();
            assert!(e.contains("not a regular file"), "{e}");
            std::fs::remove_file(&fifo).unwrap();
        }
        let e = read_input(Path::new("/nonexistent/x.tle")).unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{e}");
    }
}
