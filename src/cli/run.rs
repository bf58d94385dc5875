//! `oslink run` and `oslink validate`: the scenario → engine → reports glue.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;

use oslink::report::{scenario_overview, summary_table, write_run_files, written_line, OutputDir};
use oslink::scenario::Scenario;
use oslink::ScenarioInputs;

/// Arguments of `oslink run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML); without it the built-in default (scenarios/lux-japan-leo.toml).
    scenario: Option<PathBuf>,
    /// Output folder for summary.json, passes.csv, timeseries.csv, plots/ and report.html.
    #[arg(
        short = 'o',
        long = "out",
        value_name = "OUTDIR",
        default_value = "out"
    )]
    outdir: PathBuf,
    /// Override the scenario's seed.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    #[command(flatten)]
    resources: super::Resources,
    /// Compute shard K of N (K from 0, e.g. $SLURM_ARRAY_TASK_ID/4) into OUTDIR: the passes,
    /// budgets and fading draws of a range of satellites of equal estimated work; `oslink
    /// merge` joins the N shard folders into the run's outputs.
    #[arg(long, value_name = "K/N")]
    shard: Option<oslink::Shard>,
    /// Rows of timeseries.csv: every link step, every N-th step of each pass (and its
    /// last), or no file (a year at 1 s is hundreds of MB).
    #[arg(long, value_name = "all|every=N|none", default_value = "all")]
    timeseries: oslink::report::TimeseriesRows,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Arguments of `oslink validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario file (TOML).
    scenario: PathBuf,
}

/// Loads a scenario file, or the built-in default.
pub fn load(path: Option<&PathBuf>) -> Result<Scenario> {
    match path {
        Some(p) => Ok(Scenario::load(p)?),
        None => Scenario::built_in_default().context("reading the built-in default scenario"),
    }
}

/// Runs `oslink run`.
pub fn run(args: RunArgs) -> Result<()> {
    let started = Instant::now();
    let inputs = match &args.scenario {
        Some(path) => ScenarioInputs::from_file(path, &[], args.seed)?,
        None => ScenarioInputs::built_in(args.seed),
    };
    let scenario = inputs.scenario()?;
    if let Some(shard) = args.shard {
        return run_shard(&args, (&inputs, &scenario), shard, started);
    }
    // The memory is checked after the pass search, from the steps of the passes found (the
    // up-front estimate is an upper bound that assumes contact all the time).
    let out = OutputDir::prepare(&args.outdir)?;
    let pool = super::thread_pool(args.resources.threads).context("starting the worker threads")?;
    let progress = super::progress_bar(args.quiet, "link steps");
    let mut output = pool
        .install(|| {
            oslink::sim::run_within(
                &scenario,
                Some(args.resources.max_memory_gb),
                &super::Bar(progress.clone()),
            )
        })
        .with_context(|| format!("running scenario {}", scenario.source))?;
    super::warn_skipped(&output.geometry.skipped);
    let unrelayed = scenario.unrelayed_crosslinks();
    if unrelayed > 0 {
        progress.suspend(|| {
            eprintln!(
                "note: {unrelayed} [[crosslinks]] outside every [[relays]] chain, not simulated \
                 by run; `oslink windows` lists their windows"
            )
        });
    }
    progress.set_message("writing the outputs (tables, plots, report)");
    let (files, summary) = pool
        .install(|| {
            write_run_files(
                out.staging(),
                &scenario,
                &mut output,
                args.timeseries,
                started,
            )
        })
        .with_context(|| format!("writing results into {}", args.outdir.display()))?;
    progress.finish_and_clear();
    let files = out.commit(&files)?;
    super::print(&summary_table(&summary))?;
    super::print(&written_line(&files, summary.timings_s.total_s))
}

/// `oslink run --shard K/N`: the geometry and link stages of the shard's satellites into a
/// shard folder.
fn run_shard(
    args: &RunArgs,
    (inputs, scenario): (&ScenarioInputs, &Scenario),
    shard: oslink::Shard,
    started: Instant,
) -> Result<()> {
    let executable = oslink::shard::executable_sha256()?;
    let out = OutputDir::prepare(&args.outdir)?;
    let pool = super::thread_pool(args.resources.threads).context("starting the worker threads")?;
    let progress = super::progress_bar(args.quiet, "link steps");
    let (files, manifest) = pool
        .install(|| {
            oslink::shard::write_run_shard(
                out.staging(),
                (inputs, scenario),
                (shard, &executable, args.resources.max_memory_gb),
                &super::Bar(progress.clone()),
                started,
            )
        })
        .with_context(|| format!("running shard {shard} of scenario {}", scenario.source))?;
    progress.finish_and_clear();
    let files = out.commit(&files)?;
    super::print(&manifest.line())?;
    super::print(&written_line(&files, started.elapsed().as_secs_f64()))
}

/// Runs `oslink validate`: checks a scenario and prints what it would simulate.
pub fn validate(args: ValidateArgs) -> Result<()> {
    let scenario = load(Some(&args.scenario))?;
    super::print(&scenario_overview(&scenario)?)
}
