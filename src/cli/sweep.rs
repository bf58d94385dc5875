//! `oslink sweep`: scenario + grid → shared-stage runs → sweep.csv, sweep.json, plots,
//! report.html and the best-points table.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use oslink::report::{sweep_table, write_sweep_files, written_line, OutputDir};
use oslink::ScenarioInputs;

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
    #[command(flatten)]
    resources: super::Resources,
    /// Rows of the best-points table.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
    /// What ranks the grid points (table, report, sweep.csv's rank): network data volume per
    /// day, network up time per day, or network availability given contact.
    #[arg(
        long,
        value_name = "volume|uptime|availability",
        default_value = "volume"
    )]
    rank_by: oslink::sim::RankBy,
    /// Compute shard K of N (K from 0, e.g. $SLURM_ARRAY_TASK_ID/4) into OUTDIR: grid points
    /// of equal estimated work; `oslink merge` joins the N shard folders into the sweep's
    /// outputs.
    #[arg(long, value_name = "K/N")]
    shard: Option<oslink::Shard>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Runs `oslink sweep`.
pub fn run(args: SweepArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let path = &args.scenario;
    let inputs = ScenarioInputs::from_file(path, &args.set, args.seed)?;
    let plan = inputs.sweep_plan().context("preparing the sweep")?;
    // The points run one after another: the largest one must fit.
    for point in &plan.points {
        super::check_memory(&point.scenario, args.resources.max_memory_gb)
            .with_context(|| format!("grid point {}", point.index))?;
    }
    let out = OutputDir::prepare(&args.outdir)?;
    let pool = super::thread_pool(args.resources.threads).context("starting the worker threads")?;
    let progress = super::sweep_progress_bar(args.quiet);
    if let Some(shard) = args.shard {
        let executable = oslink::shard::executable_sha256()?;
        let (files, manifest) = pool
            .install(|| {
                oslink::shard::write_sweep_shard(
                    out.staging(),
                    (&inputs, &plan),
                    (shard, &executable),
                    &super::Bar(progress.clone()),
                    started,
                )
            })
            .with_context(|| format!("running shard {shard} of the sweep of {}", path.display()))?;
        progress.finish_and_clear();
        let files = out.commit(&files)?;
        super::print(&manifest.line())?;
        return super::print(&written_line(&files, started.elapsed().as_secs_f64()));
    }
    let mut result = pool
        .install(|| plan.run(&super::Bar(progress.clone())))
        .with_context(|| format!("running the sweep of {}", path.display()))?;
    result.rank_by = args.rank_by;
    super::warn_skipped(&result.skipped);
    progress.set_message("writing the outputs (tables, plots, report)");
    let files = pool
        .install(|| write_sweep_files(out.staging(), &plan, &result))
        .with_context(|| format!("writing results into {}", args.outdir.display()))?;
    progress.finish_and_clear();
    let files = out.commit(&files)?;
    super::print(&sweep_table(&plan, &result, args.top))?;
    super::print(&written_line(&files, result.timings.total_s))
}
