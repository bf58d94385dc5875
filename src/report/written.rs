//! The closing line of `oslink run` and `oslink sweep`: which files were written, and how long
//! it all took.

use std::path::PathBuf;

/// `wrote A, B, C in 1.2 s` (with its line break).
pub fn written_line(files: &[PathBuf], total_s: f64) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    format!("wrote {} in {total_s:.1} s\n", names.join(", "))
}
