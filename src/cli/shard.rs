//! `oslink merge` and `oslink slurm-script`: the shard folders of a run or sweep joined into
//! its outputs, and the sbatch submission that computes and merges them on a cluster.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use oslink::report::{
    summary_table, sweep_table, write_run_files, write_sweep_files, written_line, OutputDir,
};
use oslink::shard::{ShardKind, SlurmJob};
use oslink::Merged;

/// Arguments of `oslink merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard folders (the -o of each `run --shard K/N` or `sweep --shard K/N`), all N of
    /// them, in any order.
    #[arg(required = true, value_name = "DIR")]
    shards: Vec<PathBuf>,
    /// Output folder for the merged outputs: a new or empty folder.
    #[arg(short = 'o', long = "out", value_name = "OUTDIR")]
    outdir: PathBuf,
    #[command(flatten)]
    resources: super::Resources,
    /// Rows of the best-points table of a sweep.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
    /// What ranks the points of a sweep: network data volume per day, network up time per
    /// day, or network availability given contact.
    #[arg(
        long,
        value_name = "volume|uptime|availability",
        default_value = "volume"
    )]
    rank_by: oslink::sim::RankBy,
    /// Rows of timeseries.csv: every link step, every N-th step of each pass (and its
    /// last), or no file (a year at 1 s is hundreds of MB).
    #[arg(long, value_name = "all|every=N|none", default_value = "all")]
    timeseries: oslink::report::TimeseriesRows,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Runs `oslink merge`.
pub fn merge(args: MergeArgs) -> Result<()> {
    let started = Instant::now();
    refuse_non_empty(&args.outdir)?;
    let executable = oslink::shard::executable_sha256()?;
    let out = OutputDir::prepare(&args.outdir)?;
    let pool = super::thread_pool(args.resources.threads).context("starting the worker threads")?;
    let progress = super::progress_bar(args.quiet, "shards");
    let merged = pool
        .install(|| {
            oslink::merge_shards(
                &args.shards,
                &executable,
                args.resources.max_memory_gb,
                &super::Bar(progress.clone()),
            )
        })
        .context("merging the shards")?;
    progress.set_message("writing the outputs");
    let mut text = String::new();
    for (dir, m) in merged.shards() {
        text.push_str(&format!("{}  ", dir.display()));
        text.push_str(&m.line());
    }
    match merged {
        Merged::Run {
            scenario,
            mut output,
            ..
        } => {
            super::warn_skipped(&output.geometry.skipped);
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
            super::print(&text)?;
            super::print(&summary_table(&summary))?;
            super::print(&written_line(&files, started.elapsed().as_secs_f64()))
        }
        Merged::Sweep {
            plan, mut result, ..
        } => {
            result.rank_by = args.rank_by;
            super::warn_skipped(&result.skipped);
            let files = pool
                .install(|| write_sweep_files(out.staging(), &plan, &result))
                .with_context(|| format!("writing results into {}", args.outdir.display()))?;
            progress.finish_and_clear();
            let files = out.commit(&files)?;
            super::print(&text)?;
            super::print(&sweep_table(&plan, &result, args.top))?;
            super::print(&written_line(&files, started.elapsed().as_secs_f64()))
        }
    }
}

/// A merge writes into a new or empty folder only: merging twice into one folder is a
/// mistake (of a script, usually), not an update.
fn refuse_non_empty(dir: &Path) -> Result<()> {
    let non_empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(_) => dir.exists(),
    };
    if non_empty {
        return Err(oslink::Error::invalid(
            "-o/--out",
            dir.display(),
            "a new or empty folder for the merged outputs; this one is not (a merge ran \
             into it already?)",
        )
        .into());
    }
    Ok(())
}

/// Which command the shards run.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ShardedCommand {
    /// `oslink run --shard K/N`.
    Run,
    /// `oslink sweep --shard K/N`.
    Sweep,
}

/// Arguments of `oslink slurm-script`.
#[derive(Debug, Args)]
pub struct SlurmScriptArgs {
    /// What the shards compute.
    #[arg(value_enum)]
    command: ShardedCommand,
    /// Scenario file (TOML).
    scenario: PathBuf,
    /// Number of shards N: the job array's tasks 0..N−1.
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=oslink::shard::MAX_SHARDS as i64))]
    shards: u32,
    /// Folder on the shared filesystem for the shard folders (OUTDIR/shards/K), the logs
    /// (OUTDIR/logs) and the merged outputs (OUTDIR/merged).
    #[arg(short = 'o', long = "out", value_name = "OUTDIR")]
    outdir: PathBuf,
    /// Slurm partition (sbatch --partition).
    #[arg(long, value_name = "P")]
    partition: Option<String>,
    /// Time limit of each task and of the merge (sbatch --time), e.g. 02:00:00.
    #[arg(long, value_name = "T")]
    time: Option<String>,
    /// CPUs per task (sbatch --cpus-per-task); each task runs that many threads.
    #[arg(long, value_name = "C", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=super::MAX_THREADS))]
    cpus_per_task: u16,
    /// Memory per task (sbatch --mem), e.g. 8G.
    #[arg(long, value_name = "M")]
    mem: Option<String>,
    /// Sweep a scenario key over values (as `oslink sweep --set`; repeatable).
    #[arg(long = "set", value_name = "KEY=V1,V2,...")]
    set: Vec<String>,
    /// Override the scenario's seed.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// The oslink executable the tasks run [default: this one].
    #[arg(long, value_name = "PATH")]
    oslink: Option<PathBuf>,
}

/// Runs `oslink slurm-script`: prints a bash script that submits the shards as one job array
/// and the merge as a job that starts once every task has succeeded.
pub fn slurm_script(args: SlurmScriptArgs) -> Result<()> {
    // The scenario must be valid now rather than in N failed tasks.
    let inputs = oslink::ScenarioInputs::from_file(&args.scenario, &args.set, args.seed)?;
    match args.command {
        ShardedCommand::Run => {
            inputs.scenario()?;
        }
        ShardedCommand::Sweep => {
            inputs.sweep_plan().context("preparing the sweep")?;
        }
    }
    let executable = match &args.oslink {
        Some(p) => p.clone(),
        None => std::env::current_exe().context("locating the oslink executable")?,
    };
    let working_dir = std::env::current_dir().context("reading the working directory")?;
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            working_dir.join(p)
        }
    };
    let job = SlurmJob {
        kind: match args.command {
            ShardedCommand::Run => ShardKind::Run,
            ShardedCommand::Sweep => ShardKind::Sweep,
        },
        scenario: args.scenario.clone(),
        shards: args.shards,
        out: absolute(&args.outdir),
        executable: absolute(&executable),
        working_dir: working_dir.clone(),
        partition: args.partition,
        time: args.time,
        cpus_per_task: args.cpus_per_task,
        mem: args.mem,
        sets: args.set,
        seed: args.seed,
    };
    super::print(&job.script())
}
