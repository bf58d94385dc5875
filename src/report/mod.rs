//! Reports: the run summary, its terminal table, and the CSV/JSON output files.

mod files;
mod summary;
mod sweep;
mod table;

pub use files::{passes_csv, timeseries_csv, write_atomic, write_run_files};
pub use summary::{availability, direction_name, fading_name, AvailabilitySummary, Summary};
pub use sweep::{
    sweep_csv, sweep_table, value_cell, write_sweep_files, SweepPointSummary, SweepSummary,
    SWEEP_CSV_COLUMNS,
};
pub use table::summary_table;
