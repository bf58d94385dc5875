//! Command-line definitions (clap) and the glue of each subcommand: parse the arguments, call
//! the library, print what it formatted. No physics and no formatting here.

use anyhow::Result;
use clap::{Parser, Subcommand};

pub mod budget;
pub mod completions;
pub mod man;
pub mod passes;
pub mod run;
pub mod schema;
pub mod shard;
pub mod stations;
pub mod sweep;
pub mod windows;

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
    // Boxed: its many optional flags make it the largest variant by far.
    Budget(Box<budget::BudgetArgs>),
    /// Passes (AOS, TCA, LOS) of TLE/3LE or OMM satellites over ground stations.
    Passes(passes::PassesArgs),
    /// Link windows of a scenario: ground passes and inter-satellite windows, with range,
    /// Doppler, point-ahead, slew and static margin.
    Windows(windows::WindowsArgs),
    /// The ground-station presets: coordinates, description, annual cloud-free probability.
    Stations(stations::StationsArgs),
    /// Join the N shard folders of `run --shard K/N` or `sweep --shard K/N` into the outputs
    /// a single machine would have written.
    Merge(shard::MergeArgs),
    /// Print a bash script that submits a sharded run or sweep to Slurm: a job array of N
    /// shards and a merge job that waits for them.
    SlurmScript(shard::SlurmScriptArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    Completions(completions::CompletionsArgs),
    /// Print the manual page oslink.1, or write it and one page per subcommand into a folder.
    Man(man::ManArgs),
    /// Print the JSON Schema of the scenario file (for editors: see README).
    Schema(schema::SchemaArgs),
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Validate(args) => run::validate(args),
        Command::Budget(args) => budget::run(*args),
        Command::Passes(args) => passes::run(args),
        Command::Windows(args) => windows::run(args),
        Command::Stations(args) => stations::run(args),
        Command::Merge(args) => shard::merge(args),
        Command::SlurmScript(args) => shard::slurm_script(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Schema(args) => schema::run(args),
    }
}

/// The most worker threads `--threads` accepts: beyond a few per core, threads only add
/// scheduling overhead (10 000 threads turn a 0.07 s run into two minutes).
pub(crate) const MAX_THREADS: i64 = 256;

/// The worker threads and the memory limit of the commands that simulate (run, sweep, merge).
#[derive(Debug, clap::Args)]
pub(crate) struct Resources {
    /// Worker threads, 1 to 256 [default: all cores]; results do not depend on it.
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    pub(crate) threads: Option<u16>,
    /// Refuse to start when the memory the work needs exceeds this many GiB (the upper bound
    /// that `oslink validate` prints; a run checks again with the steps of its passes, a
    /// merge with those of its shards).
    #[arg(long, value_name = "GIB", default_value_t = oslink::scenario::DEFAULT_MAX_MEMORY_GIB,
          value_parser = parse_memory_gib)]
    pub(crate) max_memory_gb: f64,
}

/// Parses `--max-memory-gb`: a finite number of GiB > 0.
pub(crate) fn parse_memory_gib(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!("{text} is not allowed: a number of GiB > 0")),
    }
}

/// Refuses a scenario whose estimated memory ([`oslink::scenario::Scenario::estimate`])
/// exceeds `max_gib`, naming `--max-memory-gb`.
pub(crate) fn check_memory(scenario: &oslink::scenario::Scenario, max_gib: f64) -> Result<()> {
    Ok(scenario
        .estimate()
        .check(max_gib, "--max-memory-gb")
        .map_err(|e| oslink::Error::in_scenario(&scenario.source, e))?)
}

/// The worker pool of `--threads` (all cores when not given).
pub(crate) fn thread_pool(threads: Option<u16>) -> Result<rayon::ThreadPool> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        pool = pool.num_threads(usize::from(n));
    }
    Ok(pool.build()?)
}

/// A progress bar with ETA on stderr, hidden with `--quiet` or when stderr is not a terminal;
/// `what` names the unit counted ("link steps", "grid points").
pub(crate) fn progress_bar(quiet: bool, what: &str) -> indicatif::ProgressBar {
    bar_with(
        quiet,
        &format!("{what} {{bar:40}} {{pos}}/{{len}} ({{percent}}%)"),
    )
}

/// A progress bar in percent for a sweep, whose units are fractions of grid points
/// ([`oslink::sweep::UNITS_PER_POINT`] per point).
pub(crate) fn sweep_progress_bar(quiet: bool) -> indicatif::ProgressBar {
    bar_with(quiet, "grid points {bar:40} {percent}%")
}

fn bar_with(quiet: bool, counts: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    let template = format!("{{spinner}} {counts} {{msg}} ETA {{eta}}");
    bar.set_style(indicatif::ProgressStyle::with_template(&template).expect("valid template"));
    bar
}

/// A terminal progress bar as the library's [`oslink::sim::Progress`].
pub(crate) struct Bar(pub indicatif::ProgressBar);

impl oslink::sim::Progress for Bar {
    fn set_length(&self, units: u64) {
        self.0.set_length(units);
    }

    fn advance(&self, units: u64) {
        self.0.inc(units);
    }

    fn set_stage(&self, stage: &str) {
        self.0.set_message(stage.to_string());
    }
}

/// Writes `text` to stdout and flushes it. Unlike `print!`, a closed stdout comes back as an
/// error, which `main` turns into a quiet exit.
pub(crate) fn print(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// One `warning: …` line per satellite a run left out, on stderr (a closed stderr is ignored:
/// the warnings are in summary.json as well).
pub(crate) fn warn_skipped(skipped: &[oslink::sim::SkippedSatellite]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for s in skipped {
        let _ = writeln!(err, "warning: {s}");
    }
}
