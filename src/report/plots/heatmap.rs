//! A heatmap: values on a grid of two keys, each cell coloured (viridis) and labelled with its
//! value, with a colour bar. Drawn like the other charts, on any plotters backend.

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
    /// What the colours mean, with the unit (the colour bar's label).
    pub(crate) value_label: String,
    /// Decimals of the cell labels.
    pub(crate) decimals: usize,
    /// Size in px.
    pub(crate) size: (u32, u32),
}

/// Viridis at t in [0, 1] (linear between 5 stops of matplotlib's map).
pub(super) fn viridis(t: f64) -> RGBColor {
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
    let (w, _) = root.dim_in_pixel();
    let (grid, bar) = root.split_horizontally(w.saturating_sub(COLOR_BAR_W));
    let (nx, ny) = (h.x_values.len() as i32, h.y_values.len() as i32);
    let mut chart = ChartBuilder::on(&grid)
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
    if lo <= hi {
        let bar = bar.margin(40, 40, 0, 0);
        draw_color_bar(&bar, lo, hi, &h.value_label)?;
    }
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

/// Width of a heatmap's colour bar column, px.
const COLOR_BAR_W: u32 = 150;

/// A vertical viridis colour bar filling `area` (0.5 of its width, a label above and tick
/// values at its side): `lo` at the bottom, `hi` at the top, five ticks. An empty range
/// (`lo == hi`) is drawn in the middle colour, as the cells are.
pub(super) fn draw_color_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lo: f64,
    hi: f64,
    label: &str,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let (x0, x1) = (10, 10 + (w as i32 / 4).clamp(12, 28));
    let (y0, y1) = (40, h as i32 - 16);
    let style = (FONT, 13).into_font().color(&BLACK);
    let lines = wrap_words(label, (w as usize).saturating_sub(8) / 7);
    for (k, line) in lines.iter().enumerate() {
        area.draw(&Text::new(
            line.clone(),
            (4, 14 + 16 * k as i32),
            style.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    let y0 = y0 + 16 * (lines.len() as i32 - 1);
    if y1 <= y0 + 10 {
        return Ok(());
    }
    let span = (y1 - y0) as f64;
    for y in y0..y1 {
        // t = 1 at the top.
        let t = if hi > lo { (y1 - y) as f64 / span } else { 0.5 };
        area.draw(&Rectangle::new([(x0, y), (x1, y + 1)], viridis(t).filled()))?;
    }
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], BLACK.stroke_width(1)))?;
    let decimals = tick_decimals(hi - lo);
    for k in 0..=4 {
        let f = f64::from(k) / 4.0;
        let y = y1 - (f * span).round() as i32;
        let v = if hi > lo { lo + f * (hi - lo) } else { lo };
        area.draw(&PathElement::new(vec![(x1, y), (x1 + 4, y)], BLACK))?;
        area.draw(&Text::new(
            format!("{v:.decimals$}"),
            (x1 + 7, y),
            style.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        if hi <= lo {
            break;
        }
    }
    Ok(())
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word on its own
/// line).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width.max(1) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Decimals that tell five ticks over a range of `width` apart.
fn tick_decimals(width: f64) -> usize {
    if !(width.is_finite() && width > 0.0) {
        return 2;
    }
    let step = width / 4.0;
    (-step.log10().floor()).clamp(0.0, 6.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_decimals_resolve_the_step() {
        assert_eq!(tick_decimals(400.0), 0); // step 100
        assert_eq!(tick_decimals(2.0), 1); // step 0.5
        assert_eq!(tick_decimals(0.04), 2); // step 0.01
        assert_eq!(tick_decimals(0.0), 2);
    }

    #[test]
    fn colour_bar_labels_wrap_at_spaces() {
        let label = "network availability (link up / contact), %";
        let lines = wrap_words(label, 20);
        assert_eq!(lines, ["network availability", "(link up / contact),", "%"]);
        assert!(lines.iter().all(|l| l.chars().count() <= 20));
        assert_eq!(
            wrap_words("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
    }

    #[test]
    fn viridis_ends_are_matplotlibs() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(2.0), viridis(1.0));
    }
}
