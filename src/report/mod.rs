//! Reports, organised by output over shared parts.
//!
//! Shared parts, which import no page: `format` (cells), `pass_columns`, `atomic` (file
//! writes), `html_parts` (stylesheet, escaping, figures section) and `plots` (the charts and
//! their PNG/SVG rendering; it also holds the figures of the run).
//!
//! Pages on top: `oslink run` (its summary, terminal table, output files and report.html),
//! `oslink sweep` (its own folder of pages), and the printouts of `oslink passes`,
//! `oslink budget`, `oslink windows`, `oslink stations` and `oslink validate`.

mod atomic;
mod budget;
mod equipment;
mod files;
mod format;
mod html;
mod html_parts;
mod output_dir;
mod pass_columns;
mod pass_list;
mod plots;
mod scenario_overview;
mod stations;
mod summary;
mod sweep;
mod table;
mod window_list;
mod written;

pub use atomic::{write_atomic, write_atomic_with};
pub use budget::BudgetSheet;
pub use files::{
    daily_csv, links_csv, margins_csv, monthly_csv, passes_csv, realizations_csv, write_run_files,
    write_timeseries_csv, TimeseriesRows,
};
pub use output_dir::OutputDir;
pub use pass_list::{pass_list_csv, pass_list_json, pass_list_table};
pub use scenario_overview::scenario_overview;
pub use stations::{stations_json, stations_table};
pub use summary::{RunHeader, Summary};
pub use sweep::{sweep_table, write_sweep_files, SWEEP_CSV_COLUMNS};
pub use table::summary_table;
pub use window_list::{window_list_csv, window_list_json, window_list_table, WINDOW_CSV_COLUMNS};
pub use written::written_line;
