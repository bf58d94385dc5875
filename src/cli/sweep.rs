//! `oslink sweep`: scenario + grid → shared-stage runs → sweep.csv, sweep.json, plots,
//! report.html and the best-points table.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use oslink::report::{sweep_table, write_sweep_files, written_line, OutputDir};
use oslink::sweep::{Axis, SweepPlan};

/// Arguments of `oslink sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML); its [sweep] table gives the grid (dotted keys → lists).
    scenario: PathBuf,
    /// Output folder for sweep.csv, sweep.json, plots/ and report.html.
    #[arg(
        short = 'o',
        long = "out",
        value_name = "OUTDIR",
        default_value = "out-sweep"
    )]
    outdir: PathBuf,
    /// Sweep a scenario key over values (repeatable; wins over [sweep] for the same key), e.g.
    /// terminals.sota.tx_power_w=0.05,0.1 or stations.choose=3 or stations=koganei+kashima,betzdorf.
    #[arg(long = "set", value_name = "KEY=V1,V2,...")]
    set: Vec<String>,
    /// Override the scenario's seed (common to every grid point).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Worker threads, 1 to 256 [default: all cores]; results do not depend on it.
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=super::MAX_THREADS))]
    threads: Option<u16>,
    /// Refuse to start when the estimated memory of the run (an upper bound, printed by
    /// `oslink validate`) exceeds this many GiB.
    #[arg(long, value_name = "GIB", default_value_t = oslink::scenario::DEFAULT_MAX_MEMORY_GIB,
          value_parser = super::parse_memory_gib)]
    max_memory_gb: f64,
    /// Rows of the best-points table.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Runs `oslink sweep`.
pub fn run(args: SweepArgs) -> Result<()> {
    let path = &args.scenario;
    let text = oslink::scenario::Scenario::read_text(path)?;
    let axes = args
        .set
        .iter()
        .map(|s| Axis::parse_set(s))
        .collect::<oslink::Result<Vec<_>>>()
        .context("parsing --set")?;
    let plan = SweepPlan::new(
        &text,
        &path.display().to_string(),
        path.parent(),
        &axes,
        args.seed,
    )
    .context("preparing the sweep")?;
    // The points run one after another: the largest one must fit.
    for point in &plan.points {
        super::check_memory(&point.scenario, args.max_memory_gb)
            .with_context(|| format!("grid point {}", point.index))?;
    }
    let out = OutputDir::prepare(&args.outdir)?;
    let pool = super::thread_pool(args.threads).context("starting the worker threads")?;
    let progress = super::progress_bar(args.quiet, "grid points");
    let result = pool
        .install(|| plan.run(&super::Bar(progress.clone())))
        .with_context(|| format!("running the sweep of {}", path.display()))?;
    progress.finish_and_clear();
    super::warn_skipped(&result.skipped);
    let files = pool
        .install(|| write_sweep_files(out.staging(), &plan, &result))
        .with_context(|| format!("writing results into {}", args.outdir.display()))?;
    let files = out.commit(&files)?;
    super::print(&sweep_table(&plan, &result, args.top))?;
    super::print(&written_line(&files, result.timings.total_s))
}
