//! `oslink stations`: the station presets with coordinates, description and cloud climate.

use anyhow::Result;
use clap::{Args, ValueEnum};

use oslink::ground::presets;
use oslink::report::{stations_json, stations_table};

/// Arguments of `oslink stations`.
#[derive(Debug, Args)]
pub struct StationsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

/// Runs `oslink stations`.
pub fn run(args: StationsArgs) -> Result<()> {
    let stations = presets();
    super::print(&match args.format {
        Format::Json => stations_json(&stations),
        Format::Table => stations_table(&stations),
    })
}
