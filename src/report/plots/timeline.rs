//! A timeline chart: one row per station over the span, a column per time bin. In each bin a
//! light bar shows the contact time and a dark bar, inside it, the link-up time, both as
//! fractions of the bin. Bars are scaled per row to the row's fullest bin (the label says what
//! full height is), so a LEO's few minutes per bin read as well as a GEO's whole bins.
//!
//! It reads at every span: at a day each pass is a block; at a year the bars become the
//! density of contact and the share of it the weather and the channel leave.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::charts::{draw_legend, frame, mesh_line, text, Categories, DrawResult, Swatch};

/// One row of a [`TimelineChart`].
#[derive(Debug, Clone)]
pub(crate) struct TimelineRow {
    /// Row name (station).
    pub(crate) name: String,
    /// Bar colour (the station's).
    pub(crate) color: RGBColor,
    /// Per bin: (start x, end x, contact fraction, up fraction), fractions of what the row
    /// could have (for a station: all its telescopes tracking throughout the bin), in [0, 1].
    pub(crate) bins: Vec<(f64, f64, f64, f64)>,
}

impl TimelineRow {
    /// The largest contact fraction of a bin (full bar height), at least 1e-12.
    fn full(&self) -> f64 {
        self.bins.iter().map(|b| b.2).fold(1e-12, f64::max)
    }
}

/// Contact and up time per row over time.
#[derive(Debug, Clone, Default)]
pub(crate) struct TimelineChart {
    /// Figure title.
    pub(crate) title: String,
    /// x axis label, with its unit.
    pub(crate) x_label: String,
    /// x range.
    pub(crate) x_range: (f64, f64),
    /// Rows, top to bottom.
    pub(crate) rows: Vec<TimelineRow>,
    /// Size in px.
    pub(crate) size: (u32, u32),
}

/// The row label: the name and what a full bar is, e.g. "koganei (full: 12 %)".
fn row_label(row: &TimelineRow) -> String {
    let full = row.full();
    if (full - 1.0).abs() <= 0.005 {
        row.name.clone()
    } else {
        format!("{} (full: {:.2} %)", row.name, 100.0 * full)
    }
}

/// Draws a [`TimelineChart`].
pub(crate) fn draw_timeline_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &TimelineChart,
) -> DrawResult<DB> {
    let (plot, legend) = frame(root, &c.title)?;
    // Categories run bottom-up: the first row on top.
    let names: Vec<String> = c.rows.iter().rev().map(row_label).collect();
    let n = c.rows.len();
    let (x0, x1) = c.x_range;
    // Room for the longest row label at 13 px (about 6 px a character).
    let longest = names.iter().map(|s| s.chars().count()).max().unwrap_or(0) as u32;
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size((16 + 6 * longest).clamp(150, 360))
        .build_cartesian_2d(x0..x1, Categories { names: &names })?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(c.x_label.as_str())
        .axis_desc_style(text(16))
        .label_style(text(13))
        .light_line_style(mesh_line())
        .max_light_lines(2)
        .draw()?;
    for (r, row) in c.rows.iter().enumerate() {
        let base = (n - 1 - r) as f64 + 0.1;
        let full = row.full();
        let bar = |frac: f64| base + 0.8 * (frac / full).min(1.0);
        chart.draw_series(row.bins.iter().filter(|b| b.2 > 0.0).map(|b| {
            Rectangle::new([(b.0, base), (b.1, bar(b.2))], row.color.mix(0.3).filled())
        }))?;
        chart.draw_series(
            row.bins
                .iter()
                .filter(|b| b.3 > 0.0)
                .map(|b| Rectangle::new([(b.0, base), (b.1, bar(b.3))], row.color.filled())),
        )?;
    }
    let grey = RGBColor(90, 90, 90);
    draw_legend(
        &legend,
        &[
            ("contact (light)".into(), Swatch::Fill(grey, 0.3)),
            ("link up, mean (dark)".into(), Swatch::Fill(grey, 1.0)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_say_what_full_height_is() {
        let row = |c: f64| TimelineRow {
            name: "koganei".into(),
            color: RGBColor(0, 0, 0),
            bins: vec![(0.0, 1.0, c / 2.0, 0.0), (1.0, 2.0, c, c / 4.0)],
        };
        assert_eq!(row_label(&row(1.0)), "koganei");
        assert_eq!(row_label(&row(0.0612)), "koganei (full: 6.12 %)");
        assert_eq!(row(0.0).full(), 1e-12);
        // More than one bin's worth (a step counted in a neighbour) is said too.
        assert_eq!(row_label(&row(1.11)), "koganei (full: 111.00 %)");
    }
}
