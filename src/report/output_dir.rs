//! The output folder of a run or a sweep, replaced as a whole: the files are written into a
//! fresh staging folder beside the target and the staging folder takes the target's place at
//! the end, so the target holds either the previous complete set of outputs or the new one,
//! never a mix (no stale plot of an earlier run beside the new ones) and never half a set.
//!
//! [`OutputDir::prepare`] runs before any computation: a target that is a file, or a folder
//! holding anything oslink does not write (so `-o .` or `-o ~` cannot wipe a user's files),
//! is refused at once, and the staging folder is created then, so an unwritable place fails
//! in milliseconds rather than after the simulation. Dropping an `OutputDir` without
//! [`OutputDir::commit`] (an error on the way) removes the staging folder.
//!
//! The swap is two renames (target → backup, staging → target, then the backup is removed):
//! a crash between them leaves the previous outputs complete under the hidden backup name
//! `.NAME.oslink-old-HOST-PID` next to the target. A `kill -9` while writing leaves the hidden
//! staging folder `.NAME.oslink-new-HOST-PID`; the target is untouched in both cases. The host
//! name keeps apart two processes of the same PID on a shared filesystem (a re-queued shard
//! running on two nodes at once).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The entries oslink writes into an output folder (run, sweep and their shards), and only
/// these.
const OUTPUT_ENTRIES: [&str; 17] = [
    "summary.json",
    "links.csv",
    "passes.csv",
    "monthly.csv",
    "daily.csv",
    "margins.csv",
    "realizations.csv",
    "windows.csv",
    "windows.json",
    "timeseries.csv",
    "report.html",
    "plots",
    "sweep.csv",
    "sweep.json",
    "shard.json",
    "shard.bin",
    // Left by a version that patched summary.json in place, or an interrupted write.
    ".summary.json.tmp",
];

/// A target output folder and its staging folder (see the module docs).
#[derive(Debug)]
pub struct OutputDir {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

impl OutputDir {
    /// Checks `target` and creates the staging folder beside it. Errors: `target` is a file,
    /// or a folder with entries oslink does not write (named in the message), or its parent
    /// cannot hold a new folder.
    pub fn prepare(target: &Path) -> Result<OutputDir> {
        let refuse = |why: String| Error::invalid("-o/--out", target.display(), why);
        if target.exists() {
            if !target.is_dir() {
                return Err(refuse(
                    "a folder to write the outputs into; this is a file".into(),
                ));
            }
            let foreign = foreign_entries(target)?;
            if !foreign.is_empty() {
                return Err(refuse(format!(
                    "a new or empty folder, or one holding only oslink outputs; it holds {}",
                    foreign.join(", ")
                )));
            }
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| refuse("a folder path that ends in a name".into()))?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // A file on the way (`-o notes.txt/out`): create_dir_all would say "File exists".
        if let Some(file) = parent.ancestors().find(|a| a.is_file()) {
            return Err(refuse(format!(
                "a folder path; {} is a file, not a folder",
                file.display()
            )));
        }
        std::fs::create_dir_all(&parent).map_err(|source| Error::Io {
            path: target.display().to_string(),
            source,
        })?;
        let staging = parent.join(format!(".{name}.oslink-new-{}", process_tag()));
        if staging.exists() {
            remove_all(&staging)?;
        }
        // Named by the target: the staging folder is an implementation detail.
        std::fs::create_dir(&staging).map_err(|source| Error::Io {
            path: target.display().to_string(),
            source,
        })?;
        Ok(OutputDir {
            target: target.to_path_buf(),
            staging,
            committed: false,
        })
    }

    /// Where the files are written until [`OutputDir::commit`].
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The target folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the staging folder in the target's place (the previous outputs go); returns the
    /// target paths of `written` (paths inside the staging folder).
    pub fn commit(mut self, written: &[PathBuf]) -> Result<Vec<PathBuf>> {
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |source| Error::Io { path, source }
        };
        if self.target.exists() {
            let backup = self.staging.with_file_name(format!(
                ".{}.oslink-old-{}",
                self.target
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy(),
                process_tag()
            ));
            std::fs::rename(&self.target, &backup).map_err(io(&self.target))?;
            std::fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
            remove_all(&backup)?;
        } else {
            std::fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
        }
        self.committed = true;
        Ok(written
            .iter()
            .map(|p| match p.strip_prefix(&self.staging) {
                Ok(rel) => self.target.join(rel),
                Err(_) => p.clone(),
            })
            .collect())
    }
}

/// `HOST-PID` of this process (the host name as the kernel has it, letters, digits, `-` and
/// `.` only; just the PID where it cannot be read).
fn process_tag() -> String {
    let host: String = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default()
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .take(64)
        .collect();
    if host.is_empty() {
        std::process::id().to_string()
    } else {
        format!("{host}-{}", std::process::id())
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// The entries of `dir` that oslink does not write, sorted.
fn foreign_entries(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut foreign = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let temporary = name.starts_with('.') && name.ends_with(".tmp");
        if !OUTPUT_ENTRIES.contains(&name.as_str()) && !temporary {
            foreign.push(name);
        }
    }
    foreign.sort();
    Ok(foreign)
}

fn remove_all(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("oslink-outdir-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_commit_replaces_the_whole_set() {
        let root = scratch("replace");
        let target = root.join("out");
        std::fs::create_dir_all(target.join("plots")).unwrap();
        std::fs::write(target.join("plots/monthly_availability.png"), "old").unwrap();
        std::fs::write(target.join("summary.json"), "old").unwrap();
        let out = OutputDir::prepare(&target).unwrap();
        let written = vec![out.staging().join("summary.json")];
        std::fs::write(&written[0], "new").unwrap();
        let paths = out.commit(&written).unwrap();
        assert_eq!(paths, [target.join("summary.json")]);
        assert_eq!(std::fs::read_to_string(&paths[0]).unwrap(), "new");
        assert!(!target.join("plots").exists(), "no stale file survives");
        let left: Vec<_> = std::fs::read_dir(&root).unwrap().collect();
        assert_eq!(left.len(), 1, "no staging or backup folder is left");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn an_error_leaves_the_previous_outputs() {
        let root = scratch("error");
        let target = root.join("out");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("summary.json"), "old").unwrap();
        {
            let out = OutputDir::prepare(&target).unwrap();
            std::fs::write(out.staging().join("summary.json"), "half").unwrap();
            // Dropped without commit: an error on the way.
        }
        assert_eq!(
            std::fs::read_to_string(target.join("summary.json")).unwrap(),
            "old"
        );
        let left: Vec<_> = std::fs::read_dir(&root).unwrap().collect();
        assert_eq!(left.len(), 1, "the staging folder is removed");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn files_and_foreign_folders_are_refused_before_anything_is_written() {
        let root = scratch("refuse");
        let file = root.join("afile");
        std::fs::write(&file, "x").unwrap();
        let err = OutputDir::prepare(&file).unwrap_err().to_string();
        assert!(
            err.contains("afile") && err.contains("this is a file"),
            "{err}"
        );
        let home = root.join("home");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(home.join("thesis.tex"), "precious").unwrap();
        std::fs::write(home.join("summary.json"), "{}").unwrap();
        let err = OutputDir::prepare(&home).unwrap_err().to_string();
        assert!(err.contains("it holds thesis.tex"), "{err}");
        assert_eq!(
            std::fs::read_dir(&root).unwrap().count(),
            2,
            "nothing created"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
