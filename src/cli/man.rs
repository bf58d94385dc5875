//! `oslink man [-o DIR]`: the manual pages (clap_mangen), `oslink.1` on stdout, or with
//! `-o DIR` `oslink.1` and one page per subcommand (`oslink-run.1`, …) written atomically
//! into DIR.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use clap_mangen::Man;

use oslink::report::{write_atomic, written_line};

/// Arguments of `oslink man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write oslink.1 and one page per subcommand (oslink-run.1, …) into this folder
    /// (created if needed) [default: print oslink.1 to stdout].
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    outdir: Option<PathBuf>,
}

/// One manual page: its file name and its roff text.
struct Page {
    file: String,
    roff: Vec<u8>,
}

/// The page of one command; every page names the same source, `oslink VERSION` (a
/// subcommand has no version of its own).
fn render(cmd: clap::Command) -> Result<Page> {
    let man = Man::new(cmd).source(concat!("oslink ", env!("CARGO_PKG_VERSION")));
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    Ok(Page {
        file: man.get_filename(),
        roff,
    })
}

/// The page of `cmd`, then those of its subcommands (depth first), named `oslink-SUB.1`.
fn pages(cmd: &clap::Command, out: &mut Vec<Page>) -> Result<()> {
    out.push(render(cmd.clone())?);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages(sub, out)?;
    }
    Ok(())
}

/// Every page of the command line, `oslink.1` first.
fn all_pages() -> Result<Vec<Page>> {
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    // Gives each subcommand its display name `oslink-SUB` (the page's name and file).
    cmd.build();
    let mut out = Vec::new();
    pages(&cmd, &mut out)?;
    Ok(out)
}

/// Runs `oslink man`.
pub fn run(args: ManArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let pages = all_pages()?;
    let Some(dir) = args.outdir else {
        return super::print(&String::from_utf8(pages[0].roff.clone())?);
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let files = pages
        .iter()
        .map(|p| write_atomic(&dir, &p.file, &p.roff))
        .collect::<oslink::Result<Vec<_>>>()?;
    super::print(&written_line(&files, started.elapsed().as_secs_f64()))
}
