//! Plots (PNG and SVG) with plotters: generic charts ([`LineChart`], [`BarChart`],
//! [`StripChart`], [`SkyChart`], [`Heatmap`]), their rendering into both formats, and the figures of
//! `oslink run` ([`run_figures`]).
//!
//! Text uses the DejaVu Sans font embedded in the binary (the `dejavu` crate) through
//! plotters' `ab_glyph` backend: no system fontconfig or freetype. SVG text names the generic
//! `sans-serif` family, so browsers use their own.

mod charts;
mod figure;
mod heatmap;
mod run;

pub use charts::{
    decimate_min_max, draw_bar_chart, draw_line_chart, draw_sky_chart, draw_strip_chart, palette,
    sky_xy, stride, Band, BarChart, BarLayer, DrawResult, LineChart, Rule, Series, SkyChart,
    SkyPanel, StripChart, FONT,
};
pub use figure::{register_fonts, render_svg, write_figure, write_png, Chart, Figure, FigureFile};
pub use heatmap::{draw_heatmap, Heatmap};
pub use run::{run_figures, write_run_plots};
