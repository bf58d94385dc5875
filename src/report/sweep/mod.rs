//! The pages of `oslink sweep`: its output files (sweep.csv, sweep.json), its figures, its
//! report.html and its terminal table. Each depends on the shared parts of `report` (cells,
//! charts, HTML parts, atomic writes), never the other way; only `files` calls the others.

mod files;
mod html;
mod plots;
mod table;

pub use files::{write_sweep_files, SWEEP_CSV_COLUMNS};

pub use table::sweep_table;
