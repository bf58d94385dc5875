//! Command-line definitions (clap) and the glue of each subcommand. No physics here.

use anyhow::Result;
use clap::{Parser, Subcommand};

pub mod budget;
pub mod passes;
pub mod run;
pub mod stations;
pub mod sweep;

/// Satellite optical link simulator for the Luxembourg and Japan ground-station networks.
#[derive(Debug, Parser)]
#[command(name = "oslink", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Monte Carlo link availability of a scenario: per pass, per station, for the network.
    Run(run::RunArgs),
    /// Run a scenario over a grid of parameter values ([sweep] table and --set), with common
    /// random numbers; writes sweep.csv, sweep.json, plots and report.html.
    Sweep(sweep::SweepArgs),
    /// Check a scenario file and print what it would simulate.
    Validate(run::ValidateArgs),
    /// Static link budget at one geometry, with channel statistics and outage probability.
    Budget(budget::BudgetArgs),
    /// Passes (AOS, TCA, LOS) of TLE/3LE or OMM satellites over ground stations.
    Passes(passes::PassesArgs),
    /// The ground-station presets: coordinates, description, annual cloud-free probability.
    Stations(stations::StationsArgs),
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Validate(args) => run::validate(args),
        Command::Budget(args) => budget::run(args),
        Command::Passes(args) => passes::run(args),
        Command::Stations(args) => stations::run(args),
    }
}
