//! Command-line definitions (clap) and the glue of each subcommand. No physics here.

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Satellite optical link simulator for the Luxembourg and Japan ground-station networks.
#[derive(Debug, Parser)]
#[command(name = "oslink", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {}
}
