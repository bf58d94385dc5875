//! Reports: the run summary, its terminal table, the CSV/JSON output files, the plots (PNG and
//! SVG) and the self-contained HTML report.

mod files;
mod html;
pub mod plots;
mod summary;
mod sweep;
mod sweep_plots;
mod sweep_report;
mod table;

pub use files::{links_csv, passes_csv, timeseries_csv, write_atomic, write_run_files};
pub use html::{escape_html, run_report_html, HTML_MAX_PASSES};
pub use summary::{directions_label, RunHeader, Summary};
pub use sweep::{
    sweep_csv, sweep_table, value_cell, write_sweep_files, SweepPointSummary, SweepSummary,
    SWEEP_CSV_COLUMNS,
};
pub use sweep_plots::{draw_heatmap, sweep_figures, write_sweep_plots, Heatmap, SweepFigure};
pub use sweep_report::{sweep_report_html, HTML_MAX_POINTS};
pub use table::summary_table;
