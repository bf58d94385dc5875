//! Polar sky plots, one panel per station: north up, east right (a map of the sky seen from
//! above), zenith at the centre, the horizon (0°) on the outer circle, the masked sky shaded.
//!
//! A panel shows either the tracks of its passes (few passes) or, when tracks would only fill
//! the disc, the time the satellites spend in each sky cell ([`SkyDensity`]): cells of
//! [`SkyDensity::EL_STEP_DEG`] in elevation by [`SkyDensity::AZ_STEP_DEG`] in azimuth,
//! coloured on one viridis scale for every panel, with its colour bar in the legend column.
//!
//! Projection: a point at azimuth A, elevation E sits at radius r = (90° − E)/90° and angle
//! A clockwise from north: (x, y) = (r sin A, r cos A) ([`sky_xy`]).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::charts::{draw_legend, frame, text, DrawResult, Series, Swatch, LEGEND_W, TITLE_H};
use super::heatmap::{draw_color_bar, viridis};

/// Time spent in each sky cell of one station.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SkyDensity {
    /// `hours[ring][sector]`: ring k spans elevations [k·EL_STEP, (k+1)·EL_STEP), sector m
    /// azimuths [m·AZ_STEP, (m+1)·AZ_STEP), in hours.
    pub(crate) hours: Vec<Vec<f64>>,
}

impl SkyDensity {
    /// Elevation height of a cell, degrees.
    pub(crate) const EL_STEP_DEG: f64 = 10.0;
    /// Azimuth width of a cell, degrees.
    pub(crate) const AZ_STEP_DEG: f64 = 10.0;
    const RINGS: usize = 9;
    const SECTORS: usize = 36;

    /// The density of `points` (azimuth °, elevation °, seconds): each adds its seconds to its
    /// cell (elevations below 0° or non-finite values are skipped; 90° joins the top ring).
    pub(crate) fn of(points: impl Iterator<Item = (f64, f64, f64)>) -> SkyDensity {
        let mut hours = vec![vec![0.0; Self::SECTORS]; Self::RINGS];
        for (az, el, s) in points {
            if !(az.is_finite() && el.is_finite() && s.is_finite()) || el < 0.0 {
                continue;
            }
            let ring = ((el / Self::EL_STEP_DEG) as usize).min(Self::RINGS - 1);
            let sector = ((az.rem_euclid(360.0) / Self::AZ_STEP_DEG) as usize) % Self::SECTORS;
            hours[ring][sector] += s / 3600.0;
        }
        SkyDensity { hours }
    }

    /// The largest cell, h.
    pub(crate) fn max_hours(&self) -> f64 {
        self.hours.iter().flatten().copied().fold(0.0, f64::max)
    }
}

/// What a panel shows of its passes.
#[derive(Debug, Clone)]
pub(crate) enum SkyContent {
    /// Tracks, points (azimuth °, elevation °); a dot marks each track's highest point.
    Tracks(Vec<Series>),
    /// Time per sky cell.
    Density(SkyDensity),
}

/// One panel of a sky plot: the passes and the visibility threshold of one station.
#[derive(Debug, Clone)]
pub(crate) struct SkyPanel {
    /// Panel title (station name).
    pub(crate) title: String,
    /// The passes, as tracks or as a density.
    pub(crate) content: SkyContent,
    /// Visibility threshold (azimuth °, elevation °) around the horizon, azimuth ascending.
    pub(crate) threshold: Vec<(f64, f64)>,
}

/// Polar azimuth/elevation plots, one panel per station.
#[derive(Debug, Clone, Default)]
pub(crate) struct SkyChart {
    /// Figure title.
    pub(crate) title: String,
    /// Panels, laid out three per row.
    pub(crate) panels: Vec<SkyPanel>,
}

impl SkyChart {
    const COLUMNS: usize = 3;
    const PANEL: (u32, u32) = (360, 380);

    fn grid(&self) -> (usize, usize) {
        let cols = self.panels.len().clamp(1, Self::COLUMNS);
        (cols, self.panels.len().div_ceil(cols).max(1))
    }

    /// Size in px: three panels per row plus the legend column.
    pub(crate) fn size(&self) -> (u32, u32) {
        let (cols, rows) = self.grid();
        (
            cols as u32 * Self::PANEL.0 + LEGEND_W,
            rows as u32 * Self::PANEL.1 + TITLE_H,
        )
    }

    /// The largest density cell of all panels, h (0 without a density panel).
    fn max_hours(&self) -> f64 {
        self.panels
            .iter()
            .filter_map(|p| match &p.content {
                SkyContent::Density(d) => Some(d.max_hours()),
                SkyContent::Tracks(_) => None,
            })
            .fold(0.0, f64::max)
    }
}

/// Unit-disc position of (azimuth °, elevation °): radius (90° − el)/90°, north up, east right.
pub(crate) fn sky_xy(azimuth_deg: f64, elevation_deg: f64) -> (f64, f64) {
    let r = (90.0 - elevation_deg) / 90.0;
    let az = azimuth_deg.to_radians();
    (r * az.sin(), r * az.cos())
}

/// The outline of the sky cell between azimuths `az0..az1` and elevations `el0..el1`, degrees.
fn cell_outline(az0: f64, az1: f64, el0: f64, el1: f64) -> Vec<(f64, f64)> {
    let arc = |el: f64| (0..=4).map(move |k| sky_xy(az0 + (az1 - az0) * f64::from(k) / 4.0, el));
    let mut outline: Vec<(f64, f64)> = arc(el0).collect();
    outline.extend(arc(el1).collect::<Vec<_>>().into_iter().rev());
    outline
}

/// Draws a [`SkyChart`].
pub(crate) fn draw_sky_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &SkyChart,
) -> DrawResult<DB> {
    let (plot, legend) = frame(root, &c.title)?;
    let (cols, rows) = c.grid();
    let cells = plot.split_evenly((rows, cols));
    let mask = RGBColor(120, 120, 120);
    let max_hours = c.max_hours();
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    let mut has_tracks = false;
    for (panel, cell) in c.panels.iter().zip(&cells) {
        let body = cell.titled(&panel.title, text(16))?;
        let (bw, bh) = body.dim_in_pixel();
        let side = bw.min(bh);
        let square = body.shrink(((bw - side) / 2, (bh - side) / 2), (side, side));
        let lim = 1.12;
        let mut chart = ChartBuilder::on(&square)
            .margin(4)
            .build_cartesian_2d(-lim..lim, -lim..lim)?;
        let circle = |el: f64| -> Vec<(f64, f64)> {
            (0..=120).map(|k| sky_xy(f64::from(k) * 3.0, el)).collect()
        };
        if let SkyContent::Density(d) = &panel.content {
            for (k, ring) in d.hours.iter().enumerate() {
                for (m, &h) in ring.iter().enumerate() {
                    if h <= 0.0 {
                        continue;
                    }
                    let (el0, az0) = (
                        k as f64 * SkyDensity::EL_STEP_DEG,
                        m as f64 * SkyDensity::AZ_STEP_DEG,
                    );
                    chart.draw_series(std::iter::once(Polygon::new(
                        cell_outline(
                            az0,
                            az0 + SkyDensity::AZ_STEP_DEG,
                            el0,
                            el0 + SkyDensity::EL_STEP_DEG,
                        ),
                        viridis(h / max_hours).filled(),
                    )))?;
                }
            }
        }
        // Masked sky: the ring between the horizon and the threshold curve.
        let mut ring: Vec<(f64, f64)> = panel
            .threshold
            .iter()
            .map(|&(az, el)| sky_xy(az, el))
            .collect();
        ring.extend(circle(0.0).into_iter().rev());
        chart.draw_series(std::iter::once(Polygon::new(ring, mask.mix(0.25).filled())))?;
        for el in [0.0, 30.0, 60.0] {
            chart.draw_series(LineSeries::new(circle(el), RGBColor(200, 200, 200)))?;
        }
        for az in (0..360).step_by(30) {
            chart.draw_series(LineSeries::new(
                [sky_xy(f64::from(az), 90.0), sky_xy(f64::from(az), 0.0)],
                RGBColor(220, 220, 220),
            ))?;
        }
        let centred = text(13).pos(Pos::new(HPos::Center, VPos::Center));
        for (label, az) in [("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0)] {
            chart.draw_series(std::iter::once(Text::new(
                label,
                sky_xy(az, -8.0),
                centred.clone(),
            )))?;
        }
        for el in [30, 60] {
            chart.draw_series(std::iter::once(Text::new(
                format!("{el}°"),
                sky_xy(45.0, f64::from(el)),
                text(11).color(&RGBColor(110, 110, 110)),
            )))?;
        }
        chart.draw_series(LineSeries::new(
            panel.threshold.iter().map(|&(az, el)| sky_xy(az, el)),
            mask.stroke_width(2),
        ))?;
        let SkyContent::Tracks(tracks) = &panel.content else {
            continue;
        };
        has_tracks = true;
        for track in tracks {
            for run in track.runs() {
                chart.draw_series(LineSeries::new(
                    run.iter().map(|&(az, el)| sky_xy(az, el)),
                    track.color.stroke_width(track.width),
                ))?;
            }
            let top = track
                .points
                .iter()
                .filter(|p| p.1.is_finite())
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some(&(az, el)) = top {
                chart.draw_series(std::iter::once(Circle::new(
                    sky_xy(az, el),
                    3,
                    track.color.filled(),
                )))?;
            }
            if !track.name.is_empty() && !entries.iter().any(|e| e.0 == track.name) {
                entries.push((track.name.clone(), Swatch::Line(track.color)));
            }
        }
    }
    let mut fixed = vec![
        ("threshold (mask / min el.)".to_string(), Swatch::Line(mask)),
        ("masked sky".into(), Swatch::Fill(mask, 0.25)),
    ];
    if has_tracks {
        fixed.push((
            "highest point of a pass".into(),
            Swatch::Dot(RGBColor(60, 60, 60)),
        ));
    }
    if max_hours > 0.0 {
        // The colour bar takes the lower part of the legend column.
        let (_, h) = legend.dim_in_pixel();
        let split = h.saturating_sub(250).max(h / 2);
        let (top, bottom) = legend.split_vertically(split);
        let label = format!(
            "time per {:.0}° × {:.0}° cell, h",
            SkyDensity::EL_STEP_DEG,
            SkyDensity::AZ_STEP_DEG
        );
        draw_color_bar(&bottom, 0.0, max_hours, &label)?;
        // Fixed entries first: with many satellites, "+N more" cuts the satellites.
        fixed.extend(entries);
        return draw_legend(&top, &fixed);
    }
    fixed.extend(entries);
    draw_legend(&legend, &fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sky_projection() {
        let close =
            |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12;
        assert!(close(sky_xy(123.0, 90.0), (0.0, 0.0)));
        assert!(close(sky_xy(0.0, 0.0), (0.0, 1.0)));
        assert!(close(sky_xy(90.0, 45.0), (0.5, 0.0)));
    }

    #[test]
    fn density_bins_time_by_cell() {
        let d = SkyDensity::of(
            [
                (5.0, 5.0, 3600.0),
                (365.0, 9.9, 1800.0), // 365° is 5°: the same cell
                (355.0, 90.0, 7200.0),
                (10.0, -1.0, 1e9), // below the horizon
                (f64::NAN, 10.0, 1e9),
            ]
            .into_iter(),
        );
        assert_eq!(d.hours[0][0], 1.5);
        assert_eq!(d.hours[8][35], 2.0);
        assert_eq!(d.max_hours(), 2.0);
        let total: f64 = d.hours.iter().flatten().sum();
        assert_eq!(total, 3.5);
    }
}
