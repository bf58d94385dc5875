//! `oslink windows`: every link window of a scenario (ground passes of its ground–space links
//! and visibility windows of its inter-satellite links), as a table, CSV or JSON.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};

use oslink::report::{window_list_csv, window_list_json, window_list_table};
use oslink::scenario::Scenario;
use oslink::windows::{link_windows, WindowKind};

use super::Resources;

/// Arguments of `oslink windows`.
#[derive(Debug, Args)]
pub struct WindowsArgs {
    /// Scenario file.
    scenario: PathBuf,
    /// Which windows to list.
    #[arg(long, value_enum, default_value_t = Kind::All)]
    kind: Kind,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    resources: Resources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Kind {
    All,
    Ground,
    Crosslink,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

/// Runs `oslink windows`.
pub fn run(args: WindowsArgs) -> Result<()> {
    let scenario = Scenario::load(&args.scenario)?;
    super::check_memory(&scenario, args.resources.max_memory_gb)?;
    let pool = super::thread_pool(args.resources.threads)?;
    let found = pool.install(|| link_windows(&scenario))?;
    for warning in &found.warnings {
        eprintln!("warning: {warning}");
    }
    let windows: Vec<_> = found
        .windows
        .into_iter()
        .filter(|w| match args.kind {
            Kind::All => true,
            Kind::Ground => w.kind != WindowKind::Crosslink,
            Kind::Crosslink => w.kind == WindowKind::Crosslink,
        })
        .collect();
    super::print(&match args.format {
        Format::Table => window_list_table(&windows),
        Format::Csv => window_list_csv(&windows),
        Format::Json => window_list_json(&windows),
    })
}
