//! Generic charts: lines with bands and reference lines, stacked or grouped bars and strip plots
//! of a sample. Each chart is plain data; its `draw_*` function is generic
//! over the plotters backend, so one chart is drawn both into a PNG and an SVG.
//!
//! Every chart keeps its legend in a column to the right of the plotting area, so it never
//! hides data.

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What a draw function returns: the backend's error, if any.
pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Font family registered with plotters (DejaVu Sans); SVG viewers use their own sans-serif.
pub(crate) const FONT: &str = "sans-serif";

/// Width of the legend column, px.
pub(super) const LEGEND_W: u32 = 240;
/// Height of the title band, px.
pub(super) const TITLE_H: u32 = 44;

/// The "tab10" qualitative palette (matplotlib's default cycle).
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The i-th colour of the palette (cycling). Station j is drawn in `palette(j)` in every
/// figure of a run and a sweep; satellites in a station's sky panel likewise by their index.
pub(crate) fn palette(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The colour of the whole network (site diversity) in every figure: near black, outside the
/// palette the stations take.
pub(crate) const NETWORK_COLOR: RGBColor = RGBColor(40, 40, 40);

/// A named polyline in data coordinates; a non-finite coordinate breaks the line.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    /// Legend text (series with an empty name stay out of the legend).
    pub(crate) name: String,
    /// Points (x, y).
    pub(crate) points: Vec<(f64, f64)>,
    /// Line colour.
    pub(crate) color: RGBColor,
    /// Draw a dot at every point (and no line when `line` is false).
    pub(crate) markers: bool,
    /// Draw the line.
    pub(crate) line: bool,
    /// Line width, px. Width 1 draws plain segments; wider lines are joined with miters that
    /// spike at the acute zigzags of decimated data, so dense series should keep width 1.
    pub(crate) width: u32,
    /// Draw the line dashed.
    pub(crate) dashed: bool,
}

impl Series {
    /// A plain line.
    pub(crate) fn line(
        name: impl Into<String>,
        points: Vec<(f64, f64)>,
        color: RGBColor,
    ) -> Series {
        Series {
            name: name.into(),
            points,
            color,
            markers: false,
            line: true,
            width: 2,
            dashed: false,
        }
    }

    /// A line with a dot at every point.
    pub(crate) fn line_points(
        name: impl Into<String>,
        points: Vec<(f64, f64)>,
        color: RGBColor,
    ) -> Series {
        Series {
            markers: true,
            ..Series::line(name, points, color)
        }
    }

    /// Dots only, no line.
    pub(crate) fn dots(
        name: impl Into<String>,
        points: Vec<(f64, f64)>,
        color: RGBColor,
    ) -> Series {
        Series {
            line: false,
            ..Series::line_points(name, points, color)
        }
    }

    /// The unbroken runs of finite points.
    pub(super) fn runs(&self) -> impl Iterator<Item = &[(f64, f64)]> {
        self.points
            .split(|(x, y)| !(x.is_finite() && y.is_finite()))
            .filter(|run| !run.is_empty())
    }
}

/// A shaded band between two curves, e.g. a P5–P95 envelope.
#[derive(Debug, Clone)]
pub(crate) struct Band {
    /// Legend text.
    pub(crate) name: String,
    /// Points (x, low, high), in x order.
    pub(crate) points: Vec<(f64, f64, f64)>,
    /// Fill colour (drawn at 25 % opacity).
    pub(crate) color: RGBColor,
}

/// A dashed horizontal reference line, e.g. the sensitivity (margin 0 dB).
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    /// Legend text.
    pub(crate) name: String,
    /// Height in data units.
    pub(crate) y: f64,
    /// Line colour.
    pub(crate) color: RGBColor,
}

/// Lines, bands and reference lines on linear axes.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineChart {
    /// Figure title.
    pub(crate) title: String,
    /// x axis label, with its unit.
    pub(crate) x_label: String,
    /// y axis label, with its unit.
    pub(crate) y_label: String,
    /// Lines, drawn in order over the bands.
    pub(crate) series: Vec<Series>,
    /// Shaded bands, drawn first.
    pub(crate) bands: Vec<Band>,
    /// Horizontal reference lines.
    pub(crate) rules: Vec<Rule>,
    /// x range; `None` fits the data.
    pub(crate) x_range: Option<(f64, f64)>,
    /// y range; `None` fits the data (with 5 % padding).
    pub(crate) y_range: Option<(f64, f64)>,
    /// Size in px.
    pub(crate) size: (u32, u32),
}

/// One layer of a bar chart: one value per category.
#[derive(Debug, Clone)]
pub(crate) struct BarLayer {
    /// Legend text.
    pub(crate) name: String,
    /// One value per category (NaN: no bar).
    pub(crate) values: Vec<f64>,
    /// Fill colour.
    pub(crate) color: RGBColor,
}

/// Bars per category, the layers stacked on each other or side by side.
#[derive(Debug, Clone, Default)]
pub(crate) struct BarChart {
    /// Figure title.
    pub(crate) title: String,
    /// x axis label (may be empty).
    pub(crate) x_label: String,
    /// y axis label, with its unit.
    pub(crate) y_label: String,
    /// Category names along x.
    pub(crate) categories: Vec<String>,
    /// Layers (stacked bottom-up, or grouped left to right).
    pub(crate) layers: Vec<BarLayer>,
    /// Stack the layers (true) or group them (false).
    pub(crate) stacked: bool,
    /// y range; `None` fits the data from 0.
    pub(crate) y_range: Option<(f64, f64)>,
    /// Size in px.
    pub(crate) size: (u32, u32),
}

/// A sample per category: every value as a jittered dot, the P10–P90 box and the median.
#[derive(Debug, Clone, Default)]
pub(crate) struct StripChart {
    /// Figure title.
    pub(crate) title: String,
    /// y axis label, with its unit.
    pub(crate) y_label: String,
    /// Legend name of one dot (e.g. "weather realization").
    pub(crate) sample_name: String,
    /// (category name, sample values).
    pub(crate) groups: Vec<(String, Vec<f64>)>,
    /// Dot colour of each group (the first palette colour for a group without one).
    pub(crate) colors: Vec<RGBColor>,
    /// y range; `None` fits the data.
    pub(crate) y_range: Option<(f64, f64)>,
    /// Size in px.
    pub(crate) size: (u32, u32),
}

/// What a legend entry shows next to its text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Swatch {
    Line(RGBColor),
    Dashed(RGBColor),
    Fill(RGBColor, f64),
    Dot(RGBColor),
    Box(RGBColor),
}

pub(super) fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&BLACK)
}

/// A drawing area and its legend column.
pub(super) type Panes<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);

/// Fills the background, draws the title, and returns (plotting area, legend column).
pub(super) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<Panes<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let (w, _) = root.dim_in_pixel();
    let (head, body) = root.split_vertically(TITLE_H);
    let lines = title_lines(title, w.saturating_sub(24), &|line, size| {
        head.estimate_text_size(line, &text(size))
            .map_or(u32::MAX, |(tw, _)| tw)
    });
    let (size, rows) = (lines.0, lines.1);
    let step = TITLE_H as i32 / (rows.len() as i32 + 1);
    for (k, line) in rows.iter().enumerate() {
        head.draw(&Text::new(
            line.clone(),
            (w as i32 / 2, step * (k as i32 + 1)),
            text(size).pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
    }
    Ok(body.split_horizontally(w.saturating_sub(LEGEND_W)))
}

/// A title that fits `width_px`: one line at the largest size from 20 down to 14 px, else two
/// lines split at the space nearest the middle (down to 11 px), else those two lines cut
/// with "…". `measure(text, size)` gives the width in pixels.
fn title_lines(
    title: &str,
    width_px: u32,
    measure: &dyn Fn(&str, u32) -> u32,
) -> (u32, Vec<String>) {
    for size in (14..=20).rev() {
        if measure(title, size) <= width_px {
            return (size, vec![title.to_string()]);
        }
    }
    let middle = title.len() / 2;
    let split = title
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(middle));
    let Some(split) = split else {
        return (11, vec![cut_to(title, width_px, 11, measure)]);
    };
    let (a, b) = (title[..split].to_string(), title[split + 1..].to_string());
    for size in (11..=16).rev() {
        if measure(&a, size) <= width_px && measure(&b, size) <= width_px {
            return (size, vec![a, b]);
        }
    }
    (
        11,
        vec![
            cut_to(&a, width_px, 11, measure),
            cut_to(&b, width_px, 11, measure),
        ],
    )
}

/// `line` shortened at a character boundary, with "…", to fit `width_px` at `size`.
fn cut_to(line: &str, width_px: u32, size: u32, measure: &dyn Fn(&str, u32) -> u32) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    while !chars.is_empty() {
        let candidate: String = chars.iter().collect::<String>() + "…";
        if measure(&candidate, size) <= width_px || chars.len() == 1 {
            return candidate;
        }
        chars.pop();
    }
    "…".to_string()
}

/// Vertical pitch of legend entries, px, and the y of the first one.
const LEGEND_ROW: i32 = 24;
const LEGEND_TOP: i32 = 30;

/// How many of `entries` legend entries a column `height_px` tall shows: all that fit (row k
/// is centred at y = 30 + 24·k, at least 12 px above the bottom), or one fewer than fit and a
/// last row "+N more" for the rest.
pub(super) fn legend_rows(entries: usize, height_px: u32) -> (usize, Option<usize>) {
    let fit = ((height_px as i32 - LEGEND_TOP - LEGEND_ROW / 2) / LEGEND_ROW + 1).max(1) as usize;
    if entries <= fit {
        (entries, None)
    } else {
        (fit - 1, Some(entries - (fit - 1)))
    }
}

/// Draws the legend entries top-down; those that do not fit the column are counted on a last
/// row "+N more".
pub(super) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Swatch)],
) -> DrawResult<DB> {
    let style = text(14).pos(Pos::new(HPos::Left, VPos::Center));
    let (shown, more) = legend_rows(entries.len(), area.dim_in_pixel().1);
    if let Some(more) = more {
        let y = LEGEND_TOP + LEGEND_ROW * shown as i32;
        area.draw(&Text::new(format!("+{more} more"), (8, y), style.clone()))?;
    }
    for (k, (name, swatch)) in entries.iter().take(shown).enumerate() {
        let y = LEGEND_TOP + LEGEND_ROW * k as i32;
        let (x0, x1) = (8, 36);
        match *swatch {
            Swatch::Line(c) => {
                area.draw(&PathElement::new(vec![(x0, y), (x1, y)], c.stroke_width(3)))?
            }
            Swatch::Dashed(c) => {
                for s in (x0..x1).step_by(8) {
                    area.draw(&PathElement::new(
                        vec![(s, y), (s + 5, y)],
                        c.stroke_width(2),
                    ))?;
                }
            }
            Swatch::Fill(c, alpha) => area.draw(&Rectangle::new(
                [(x0, y - 7), (x1, y + 7)],
                c.mix(alpha).filled(),
            ))?,
            Swatch::Dot(c) => area.draw(&Circle::new(((x0 + x1) / 2, y), 4, c.filled()))?,
            Swatch::Box(c) => area.draw(&Rectangle::new(
                [(x0, y - 7), (x1, y + 7)],
                c.stroke_width(2),
            ))?,
        }
        area.draw(&Text::new(name.clone(), (x1 + 8, y), style.clone()))?;
    }
    Ok(())
}

/// (min, max) of the finite values, padded by `pad` of the span; (0, 1) without data.
pub(super) fn fit(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 {
        let d = lo.abs().max(1.0) * 0.05;
        return (lo - d, hi + d);
    }
    let d = (hi - lo) * pad;
    (lo - d, hi + d)
}

pub(super) fn mesh_line() -> ShapeStyle {
    RGBColor(235, 235, 235).into()
}

/// Draws a [`LineChart`].
pub(crate) fn draw_line_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &LineChart,
) -> DrawResult<DB> {
    let (plot, legend) = frame(root, &c.title)?;
    let xs = c
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .chain(c.bands.iter().flat_map(|b| b.points.iter().map(|p| p.0)));
    let (x0, x1) = c.x_range.unwrap_or_else(|| fit(xs, 0.0));
    let ys = c
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .chain(
            c.bands
                .iter()
                .flat_map(|b| b.points.iter().flat_map(|p| [p.1, p.2])),
        )
        .chain(c.rules.iter().map(|r| r.y));
    let (y0, y1) = c.y_range.unwrap_or_else(|| fit(ys, 0.05));
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_desc(c.x_label.as_str())
        .y_desc(c.y_label.as_str())
        .axis_desc_style(text(16))
        .label_style(text(14))
        .light_line_style(mesh_line())
        .max_light_lines(2)
        .draw()?;
    let mut entries = Vec::new();
    for b in &c.bands {
        let mut outline: Vec<(f64, f64)> = b.points.iter().map(|p| (p.0, p.2)).collect();
        outline.extend(b.points.iter().rev().map(|p| (p.0, p.1)));
        chart.draw_series(std::iter::once(Polygon::new(
            outline,
            b.color.mix(0.25).filled(),
        )))?;
        entries.push((b.name.clone(), Swatch::Fill(b.color, 0.25)));
    }
    for r in &c.rules {
        chart.draw_series(DashedLineSeries::new(
            [(x0, r.y), (x1, r.y)],
            8,
            5,
            r.color.stroke_width(2),
        ))?;
        entries.push((r.name.clone(), Swatch::Dashed(r.color)));
    }
    for s in &c.series {
        for run in s.runs() {
            if s.line && s.dashed {
                chart.draw_series(DashedLineSeries::new(
                    run.iter().copied(),
                    8,
                    5,
                    s.color.stroke_width(s.width),
                ))?;
            } else if s.line {
                chart.draw_series(LineSeries::new(
                    run.iter().copied(),
                    s.color.stroke_width(s.width),
                ))?;
            }
            if s.markers {
                let r = if s.line { 3 } else { 2 };
                chart.draw_series(run.iter().map(|&p| Circle::new(p, r, s.color.filled())))?;
            }
        }
        if !s.name.is_empty() {
            let swatch = if s.line && s.dashed {
                Swatch::Dashed(s.color)
            } else if s.line {
                Swatch::Line(s.color)
            } else {
                Swatch::Dot(s.color)
            };
            entries.push((s.name.clone(), swatch));
        }
    }
    draw_legend(&legend, &entries)
}

/// Category axis: x in [0, n), category i spans [i, i + 1) and is named at its centre.
#[derive(Debug, Clone)]
pub(super) struct Categories<'a> {
    pub(super) names: &'a [String],
}

impl Categories<'_> {
    fn len(&self) -> usize {
        self.names.len().max(1)
    }
}

impl Ranged for Categories<'_> {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let f = value / self.len() as f64;
        limit.0 + (f * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        let every = self
            .names
            .len()
            .div_ceil(hint.max_num_points().max(1))
            .max(1);
        (0..self.names.len())
            .step_by(every)
            .map(|i| i as f64 + 0.5)
            .collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        0.0..self.len() as f64
    }
}

impl ValueFormatter<f64> for Categories<'_> {
    fn format_ext(&self, value: &f64) -> String {
        let i = value.floor();
        if i >= 0.0 && (i as usize) < self.names.len() {
            self.names[i as usize].clone()
        } else {
            String::new()
        }
    }
}

/// Draws a [`BarChart`].
pub(crate) fn draw_bar_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &BarChart,
) -> DrawResult<DB> {
    let (plot, legend) = frame(root, &c.title)?;
    let n = c.categories.len().max(1);
    let top = |i: usize| -> f64 {
        let v = c
            .layers
            .iter()
            .map(|l| l.values.get(i).copied().unwrap_or(f64::NAN));
        if c.stacked {
            v.filter(|v| v.is_finite()).sum()
        } else {
            v.filter(|v| v.is_finite()).fold(0.0, f64::max)
        }
    };
    let (y0, y1) = c.y_range.unwrap_or_else(|| {
        let hi = (0..n).map(top).fold(0.0, f64::max);
        (0.0, if hi > 0.0 { hi * 1.05 } else { 1.0 })
    });
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(
            Categories {
                names: &c.categories,
            },
            y0..y1,
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(c.x_label.as_str())
        .y_desc(c.y_label.as_str())
        .axis_desc_style(text(16))
        .label_style(text(14))
        .light_line_style(mesh_line())
        .max_light_lines(2)
        .draw()?;
    let layers = c.layers.len().max(1) as f64;
    for (k, layer) in c.layers.iter().enumerate() {
        let mut bars = Vec::new();
        for i in 0..n {
            let v = layer.values.get(i).copied().unwrap_or(f64::NAN);
            if !v.is_finite() {
                continue;
            }
            let x = i as f64;
            let (l, r, base) = if c.stacked {
                let below: f64 = c.layers[..k]
                    .iter()
                    .map(|l| l.values.get(i).copied().unwrap_or(f64::NAN))
                    .filter(|v| v.is_finite())
                    .sum();
                (x + 0.15, x + 0.85, below)
            } else {
                let w = 0.8 / layers;
                (x + 0.1 + w * k as f64, x + 0.1 + w * (k as f64 + 1.0), 0.0)
            };
            bars.push(Rectangle::new(
                [(l, base), (r, base + v)],
                layer.color.filled(),
            ));
        }
        chart.draw_series(bars)?;
    }
    // The legend lists stacked layers top-down, as they appear.
    let mut entries: Vec<_> = c
        .layers
        .iter()
        .map(|l| (l.name.clone(), Swatch::Fill(l.color, 1.0)))
        .collect();
    if c.stacked {
        entries.reverse();
    }
    draw_legend(&legend, &entries)
}

/// Deterministic jitter in [−0.5, 0.5): the fractional golden-ratio sequence.
fn jitter(i: usize) -> f64 {
    (i as f64 * 0.618_033_988_749_895).fract() - 0.5
}

/// Draws a [`StripChart`].
pub(crate) fn draw_strip_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &StripChart,
) -> DrawResult<DB> {
    let (plot, legend) = frame(root, &c.title)?;
    let (y0, y1) = c
        .y_range
        .unwrap_or_else(|| fit(c.groups.iter().flat_map(|g| g.1.iter().copied()), 0.05));
    let names: Vec<String> = c.groups.iter().map(|g| g.0.clone()).collect();
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(Categories { names: &names }, y0..y1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc(c.y_label.as_str())
        .axis_desc_style(text(16))
        .label_style(text(14))
        .light_line_style(mesh_line())
        .max_light_lines(2)
        .draw()?;
    let boxes = RGBColor(60, 60, 60);
    let dots = |i: usize| c.colors.get(i).copied().unwrap_or(palette(0));
    for (i, (_, values)) in c.groups.iter().enumerate() {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if sorted.is_empty() {
            continue;
        }
        sorted.sort_by(f64::total_cmp);
        let q = |p| crate::sim::quantile_sorted(&sorted, p);
        let x = i as f64 + 0.5;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.3, q(0.1)), (x + 0.3, q(0.9))],
            boxes.stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x - 0.3, q(0.5)), (x + 0.3, q(0.5))],
            boxes.stroke_width(3),
        )))?;
        chart.draw_series(
            values
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(k, &v)| Circle::new((x + 0.4 * jitter(k), v), 3, dots(i).mix(0.6).filled())),
        )?;
    }
    draw_legend(
        &legend,
        &[
            (c.sample_name.clone(), Swatch::Dot(RGBColor(120, 120, 120))),
            ("P10–P90".into(), Swatch::Box(boxes)),
            ("median".into(), Swatch::Line(boxes)),
        ],
    )
}

/// Min/max decimation for plotting: along x, in buckets of width `bucket`, keeps the first,
/// lowest, highest and last point of each run of consecutive points in one bucket (≤ 4 per
/// bucket, in input order), so spikes and the ends of each run survive. Non-finite points are
/// kept as line breaks.
pub(crate) fn decimate_min_max(points: &[(f64, f64)], bucket: f64) -> Vec<(f64, f64)> {
    if bucket.is_nan() || bucket <= 0.0 {
        return points.to_vec();
    }
    let mut out = Vec::with_capacity(points.len().min(1024));
    let mut start = 0;
    let key = |p: &(f64, f64)| {
        if p.0.is_finite() && p.1.is_finite() {
            Some((p.0 / bucket).floor() as i64)
        } else {
            None
        }
    };
    while start < points.len() {
        let k = key(&points[start]);
        let mut end = start + 1;
        while end < points.len() && k.is_some() && key(&points[end]) == k {
            end += 1;
        }
        let run = &points[start..end];
        if k.is_none() {
            out.push(run[0]);
        } else {
            let by_y =
                |a: &(usize, &(f64, f64)), b: &(usize, &(f64, f64))| a.1 .1.total_cmp(&b.1 .1);
            let lo = run.iter().enumerate().min_by(by_y).map_or(0, |(i, _)| i);
            let hi = run.iter().enumerate().max_by(by_y).map_or(0, |(i, _)| i);
            let mut keep = [0, lo, hi, run.len() - 1];
            keep.sort_unstable();
            let mut last = usize::MAX;
            for i in keep {
                if i != last {
                    out.push(run[i]);
                    last = i;
                }
            }
        }
        start = end;
    }
    out
}

/// At most `max_points` of `items`, evenly strided, always keeping the last one.
pub(crate) fn stride<T: Copy>(items: &[T], max_points: usize) -> Vec<T> {
    if items.len() <= max_points.max(2) {
        return items.to_vec();
    }
    let step = items.len().div_ceil(max_points.max(2) - 1);
    let mut out: Vec<T> = items.iter().step_by(step).copied().collect();
    if (items.len() - 1) % step != 0 {
        out.push(items[items.len() - 1]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_shrink_then_wrap_then_cut() {
        // A monospace stand-in: 0.6 × size px per character.
        let measure = |t: &str, size: u32| (t.chars().count() as f64 * 0.6 * size as f64) as u32;
        assert_eq!(
            title_lines("short", 600, &measure),
            (20, vec!["short".to_string()])
        );
        let long = "Availability against terminals.sota-like.divergence_full_angle_urad (best point: tx_power_w = 0.1)";
        let (size, lines) = title_lines(long, 600, &measure);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines.iter().all(|l| measure(l, size) <= 600),
            "{size} {lines:?}"
        );
        assert_eq!(lines.join(" "), long);
        let (_, lines) = title_lines(&"x".repeat(400), 600, &measure);
        assert!(lines[0].ends_with('…') && measure(&lines[0], 11) <= 600);
    }

    #[test]
    fn min_max_decimation_keeps_extremes_and_ends() {
        // 1000 points of a spike in one bucket, then a second bucket.
        let mut pts: Vec<(f64, f64)> = (0..1000)
            .map(|i| {
                (
                    f64::from(i) * 1e-3,
                    if i == 537 {
                        90.0
                    } else {
                        10.0 + f64::from(i % 7)
                    },
                )
            })
            .collect();
        pts.push((f64::NAN, f64::NAN));
        pts.push((5.5, 3.0));
        let d = decimate_min_max(&pts, 1.0);
        assert_eq!(d[0], pts[0]);
        assert!(d.contains(&(0.537, 90.0)));
        assert!(d.contains(&pts[999]));
        assert!(d.iter().any(|p| p.0.is_nan()));
        assert_eq!(*d.last().unwrap(), (5.5, 3.0));
        assert!(d.len() <= 4 + 1 + 1, "{}", d.len());
        // Order preserved.
        let xs: Vec<f64> = d.iter().map(|p| p.0).filter(|x| x.is_finite()).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn stride_bounds_and_keeps_last() {
        let v: Vec<u32> = (0..1001).collect();
        let s = stride(&v, 100);
        assert!(s.len() <= 101, "{}", s.len());
        assert_eq!((s[0], *s.last().unwrap()), (0, 1000));
        assert_eq!(stride(&v[..5], 100), v[..5].to_vec());
    }

    #[test]
    fn legend_keeps_what_fits_and_counts_the_rest() {
        // A 516 px column fits rows at 30, 54, …, 486 (≤ 516 − 12): 20 of them.
        assert_eq!(legend_rows(20, 516), (20, None));
        assert_eq!(legend_rows(21, 516), (19, Some(2)));
        assert_eq!(legend_rows(400, 516), (19, Some(381)));
        assert_eq!(legend_rows(3, 10), (0, Some(3)), "only the count");
    }
}
