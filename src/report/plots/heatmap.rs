//! A heatmap: values on a grid of two keys, each cell coloured (viridis) and labelled with its
//! value. Drawn like the other charts, on any plotters backend.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::charts::{DrawResult, FONT};

/// Values on a grid of two keys, each cell coloured (viridis) and labelled with its value.
#[derive(Debug, Clone)]
pub(crate) struct Heatmap {
    /// Title.
    pub(crate) title: String,
    /// Key along x.
    pub(crate) x_label: String,
    /// Key along y.
    pub(crate) y_label: String,
    /// Column names, left to right.
    pub(crate) x_values: Vec<String>,
    /// Row names, bottom to top.
    pub(crate) y_values: Vec<String>,
    /// `cells[row][column]`; NaN = no value (left blank).
    pub(crate) cells: Vec<Vec<f64>>,
    /// Decimals of the cell labels.
    pub(crate) decimals: usize,
    /// Size in px.
    pub(crate) size: (u32, u32),
}

/// Viridis at t in [0, 1] (linear between 5 stops of matplotlib's map).
fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (68, 1, 84),
        (59, 82, 139),
        (33, 145, 140),
        (94, 201, 98),
        (253, 231, 37),
    ];
    let x = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + f * (f64::from(b) - f64::from(a))).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Draws a [`Heatmap`].
pub(crate) fn draw_heatmap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    h: &Heatmap,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (nx, ny) = (h.x_values.len() as i32, h.y_values.len() as i32);
    let mut chart = ChartBuilder::on(root)
        .caption(&h.title, (FONT, 18))
        .margin(14)
        .x_label_area_size(50)
        .y_label_area_size(90)
        // A segmented a..b range has the b − a + 1 segments a, …, b.
        .build_cartesian_2d(
            (0..(nx - 1).max(0)).into_segmented(),
            (0..(ny - 1).max(0)).into_segmented(),
        )?;
    let name = |names: &[String], v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) => names.get(*i as usize).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(h.x_label.as_str())
        .y_desc(h.y_label.as_str())
        .x_labels(h.x_values.len())
        .y_labels(h.y_values.len())
        .x_label_formatter(&|v| name(&h.x_values, v))
        .y_label_formatter(&|v| name(&h.y_values, v))
        .axis_desc_style((FONT, 16))
        .label_style((FONT, 14))
        .draw()?;
    let finite = h.cells.iter().flatten().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let scale = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
    for (j, row) in h.cells.iter().enumerate() {
        for (i, &v) in row.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let (i, j) = (i as i32, j as i32);
            let t = scale(v);
            chart.draw_series(std::iter::once(Rectangle::new(
                [
                    (SegmentValue::Exact(i), SegmentValue::Exact(j)),
                    (SegmentValue::Exact(i + 1), SegmentValue::Exact(j + 1)),
                ],
                viridis(t).filled(),
            )))?;
            let ink = if t > 0.6 { BLACK } else { WHITE };
            chart.draw_series(std::iter::once(Text::new(
                format!("{v:.*}", h.decimals),
                (SegmentValue::CenterOf(i), SegmentValue::CenterOf(j)),
                (FONT, 16)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )))?;
        }
    }
    Ok(())
}
