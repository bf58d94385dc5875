//! Command-line definitions (clap) and the glue of each subcommand. No physics here.

use anyhow::Result;
use clap::{Parser, Subcommand};

pub mod budget;

/// Satellite optical link simulator for the Luxembourg and Japan ground-station networks.
#[derive(Debug, Parser)]
#[command(name = "oslink", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Static link budget at one geometry, with channel statistics and outage probability.
    Budget(budget::BudgetArgs),
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Budget(args) => budget::run(args),
    }
}
