//! Plots (PNG and SVG) with plotters: generic charts (lines, bars, strips, sky plots,
//! timelines, [`Heatmap`]s), the station map (with embedded Natural Earth coastlines), their
//! rendering into both formats, and the figures of `oslink run`.
//!
//! Text uses the DejaVu Sans font embedded in the binary (the `dejavu` crate) through
//! plotters' `ab_glyph` backend: no system fontconfig or freetype. SVG text names the generic
//! `sans-serif` family, so browsers use their own.

mod charts;
mod figure;
mod heatmap;
mod map;
mod run;
mod run_crosslinks;
mod run_time;
mod sky;
mod timeline;

pub(crate) use charts::{
    palette, Band, BarChart, BarLayer, DrawResult, LineChart, Series, NETWORK_COLOR,
};
pub(crate) use figure::{write_figure, Chart, Figure, FigureFile};
pub(crate) use heatmap::{draw_heatmap, Heatmap};
pub(crate) use run::write_run_plots;
