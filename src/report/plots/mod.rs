//! Plots (PNG and SVG) with plotters: generic charts ([`LineChart`], [`BarChart`],
//! [`StripChart`], [`SkyChart`], [`Heatmap`]), the station map ([`MapChart`], with embedded
//! Natural Earth coastlines), their rendering into both formats, and the figures of
//! `oslink run` ([`run_figures`]).
//!
//! Text uses the DejaVu Sans font embedded in the binary (the `dejavu` crate) through
//! plotters' `ab_glyph` backend: no system fontconfig or freetype. SVG text names the generic
//! `sans-serif` family, so browsers use their own.

mod charts;
mod figure;
mod heatmap;
// `station_map` and what only it uses wait for run.rs to draw the map.
#[cfg_attr(
    not(test),
    expect(dead_code, reason = "until run.rs draws the station map")
)]
mod map;
mod run;

pub(crate) use charts::{palette, Band, BarChart, BarLayer, DrawResult, LineChart, Series};
pub(crate) use figure::{write_figure, Chart, Figure, FigureFile};
pub(crate) use heatmap::{draw_heatmap, Heatmap};
#[expect(unused_imports, reason = "until run.rs draws the station map")]
pub(crate) use map::{station_map, MapChart, MapStation};
pub(crate) use run::write_run_plots;
