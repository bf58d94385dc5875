//! `oslink run` and `oslink validate`: the scenario → engine → reports glue.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;

use oslink::report::{summary_table, write_run_files};
use oslink::scenario::Scenario;

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
    /// Worker threads [default: all cores]; results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
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
        Some(p) => Scenario::load(p).with_context(|| format!("reading scenario {}", p.display())),
        None => Scenario::built_in_default().context("reading the built-in default scenario"),
    }
}

/// Runs `oslink run`.
pub fn run(args: RunArgs) -> Result<()> {
    let started = Instant::now();
    let mut scenario = load(args.scenario.as_ref())?;
    if let Some(seed) = args.seed {
        scenario.seed = seed;
    }
    let pool = super::thread_pool(args.threads).context("starting the worker threads")?;
    let progress = super::progress_bar(args.quiet, "link steps");
    let mut output = pool
        .install(|| oslink::sim::run(&scenario, &super::Bar(progress.clone())))
        .with_context(|| format!("running scenario {}", scenario.source))?;
    progress.finish_and_clear();
    let (files, summary) = pool
        .install(|| write_run_files(&args.outdir, &scenario, &mut output, started))
        .with_context(|| format!("writing results into {}", args.outdir.display()))?;
    print!("{}", summary_table(&summary));
    super::print_written(&files, output.timings.total_s);
    Ok(())
}

/// Runs `oslink validate`: checks a scenario and prints what it would simulate.
pub fn validate(args: ValidateArgs) -> Result<()> {
    let s = load(Some(&args.scenario))?;
    println!("{}: OK", args.scenario.display());
    println!("  name      {}", s.name);
    println!(
        "  span      {} → {} ({:.1} days), step {} s",
        oslink::time::format_unix_ms(s.start_unix_s),
        oslink::time::format_unix_ms(s.end_unix_s),
        s.duration_s() / 86_400.0,
        s.step_s
    );
    println!(
        "  {} , fading {}, clouds {}",
        oslink::report::directions_label(&s),
        s.fading,
        match &s.clouds {
            Some(c) => format!(
                "on (L_c {:.0} km, τ_c {:.1} h, grid {} s)",
                c.correlation_length_m / 1e3,
                c.correlation_time_s / 3600.0,
                c.step_s
            ),
            None => "off".into(),
        }
    );
    println!(
        "  Monte Carlo: seed {}, {} weather realizations, {} fading samples per step",
        s.seed, s.weather_realizations, s.fading_samples
    );
    println!("  satellites ({}):", s.satellites.len());
    for sat in &s.satellites {
        let e = &sat.satellite.elements;
        println!(
            "    {:<24} {} | i {:.3}°, e {:.5}, {:.4} rev/day, epoch {} | {}",
            sat.satellite.label(),
            sat.satellite.source,
            e.inclination,
            e.eccentricity,
            e.mean_motion,
            e.datetime.format("%Y-%m-%dT%H:%M:%SZ"),
            sat.equipment()
        );
    }
    println!("  stations ({}):", s.stations.len());
    for (j, st) in s.stations.iter().enumerate() {
        let g = &st.station.location;
        let margin = match s.links_between(0, j).first() {
            Some(&k) => {
                let budget = s.link_budget(k)?;
                let at = oslink::link::LinkGeometry::ground(1.0e6, 45f64.to_radians());
                format!("{:.1} dB", budget.evaluate(&at)?.margin_db)
            }
            None => "no link".to_string(),
        };
        println!(
            "    {:<14} {:>8.4}° {:>9.4}° {:>6.0} m | min el {:.0}°, annual clear {:.2} | {} | margin at 1000 km, 45°: {}",
            st.station.name,
            g.latitude_deg(),
            g.longitude_deg(),
            g.altitude_m,
            st.station.min_elevation_rad.to_degrees(),
            st.station.cloud_free_annual,
            st.equipment(),
            margin
        );
    }
    Ok(())
}
