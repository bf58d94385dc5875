//! Figures: the [`Figure`] trait every chart implements, the [`Chart`] enum of the generic
//! charts, and their rendering into PNG and SVG files ([`write_figure`]).

use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::charts::{
    draw_bar_chart, draw_line_chart, draw_strip_chart, BarChart, DrawResult, LineChart, StripChart,
    FONT,
};
use super::map::{draw_map_chart, MapChart};
use super::sky::{draw_sky_chart, SkyChart};
use super::timeline::{draw_timeline_chart, TimelineChart};
use crate::error::{Error, Result};

/// A chart that can be drawn on any plotters backend.
pub(crate) trait Figure {
    /// Title (also the caption in the HTML report).
    fn title(&self) -> &str;
    /// Size in px (PNG pixels, SVG user units).
    fn size(&self) -> (u32, u32);
    /// Draws the whole figure on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// Any of the charts, for lists of figures.
#[derive(Debug, Clone)]
pub(crate) enum Chart {
    /// Lines.
    Line(LineChart),
    /// Bars.
    Bar(BarChart),
    /// Strip plot of a sample.
    Strip(StripChart),
    /// Sky plot.
    Sky(SkyChart),
    /// Rows of contact and up time over the span.
    Timeline(TimelineChart),
    /// Map of the ground stations.
    Map(MapChart),
}

impl Figure for Chart {
    fn title(&self) -> &str {
        match self {
            Chart::Line(c) => &c.title,
            Chart::Bar(c) => &c.title,
            Chart::Strip(c) => &c.title,
            Chart::Sky(c) => &c.title,
            Chart::Timeline(c) => &c.title,
            Chart::Map(c) => &c.title,
        }
    }

    fn size(&self) -> (u32, u32) {
        match self {
            Chart::Line(c) => c.size,
            Chart::Bar(c) => c.size,
            Chart::Strip(c) => c.size,
            Chart::Sky(c) => c.size(),
            Chart::Timeline(c) => c.size,
            Chart::Map(c) => c.size,
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        match self {
            Chart::Line(c) => draw_line_chart(root, c),
            Chart::Bar(c) => draw_bar_chart(root, c),
            Chart::Strip(c) => draw_strip_chart(root, c),
            Chart::Sky(c) => draw_sky_chart(root, c),
            Chart::Timeline(c) => draw_timeline_chart(root, c),
            Chart::Map(c) => draw_map_chart(root, c),
        }
    }
}

/// A figure written to disk.
#[derive(Debug, Clone)]
pub(crate) struct FigureFile {
    /// File stem, e.g. "elevation".
    pub(crate) name: String,
    /// Figure title.
    pub(crate) title: String,
    /// The SVG document (for inlining into HTML).
    pub(crate) svg: String,
}

/// Registers the embedded DejaVu Sans as plotters' `sans-serif` (once per process).
pub(crate) fn register_fonts() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(plot_error(
            "embedded font",
            "DejaVu Sans could not be loaded",
        ))
    }
}

fn plot_error(path: impl std::fmt::Display, message: impl std::fmt::Display) -> Error {
    Error::Io {
        path: path.to_string(),
        source: std::io::Error::other(format!("drawing: {message}")),
    }
}

/// The figure as an SVG document.
pub(crate) fn render_svg(figure: &impl Figure) -> Result<String> {
    register_fonts()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, figure.size()).into_drawing_area();
        figure
            .draw(&root)
            .and_then(|()| root.present())
            .map_err(|e| plot_error(figure.title(), e))?;
    }
    Ok(svg)
}

/// The figure as a PNG file (RGB, 8 bits per channel; the encoder's default compression and
/// adaptive filtering, as `image::save_buffer` writes it).
pub(crate) fn render_png(figure: &impl Figure) -> Result<Vec<u8>> {
    use image::ImageEncoder;
    register_fonts()?;
    let (width, height) = figure.size();
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        figure
            .draw(&root)
            .and_then(|()| root.present())
            .map_err(|e| plot_error(figure.title(), e))?;
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgb, width, height, image::ColorType::Rgb8)
        .map_err(|e| plot_error(figure.title(), format!("PNG encoding: {e}")))?;
    Ok(png)
}

/// Writes `dir/NAME.png` and `dir/NAME.svg` (atomically; `dir` is created if needed).
pub(crate) fn write_figure(dir: &Path, name: &str, figure: &impl Figure) -> Result<FigureFile> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let png = render_png(figure)?;
    crate::report::atomic::write_atomic(dir, &format!("{name}.png"), &png)?;
    let svg = render_svg(figure)?;
    crate::report::atomic::write_atomic(dir, &format!("{name}.svg"), svg.as_bytes())?;
    Ok(FigureFile {
        name: name.to_string(),
        title: figure.title().to_string(),
        svg,
    })
}

#[cfg(test)]
mod tests {
    use super::super::charts::{palette, Rule, Series};
    use super::*;

    fn chart() -> LineChart {
        LineChart {
            title: "margin <P5> & median".into(),
            x_label: "time, min".into(),
            y_label: "margin, dB".into(),
            series: vec![Series::line(
                "static",
                vec![(0.0, 1.0), (1.0, 3.0), (f64::NAN, f64::NAN), (2.0, 2.0)],
                palette(0),
            )],
            rules: vec![Rule {
                name: "sensitivity".into(),
                y: 0.0,
                color: palette(3),
            }],
            size: (640, 400),
            ..LineChart::default()
        }
    }

    #[test]
    fn svg_has_escaped_text_and_size() {
        let svg = render_svg(&Chart::Line(chart())).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains(r#"viewBox="0 0 640 400""#));
        assert!(svg.contains("margin &lt;P5&gt; &amp; median"), "{svg}");
        assert!(svg.contains(">\nsensitivity\n<") || svg.contains(">sensitivity<"));
    }

    #[test]
    fn legends_cap_with_a_count_of_the_rest() {
        let series = (0..40)
            .map(|k| {
                Series::line(
                    format!("sat-{k:02}"),
                    vec![(0.0, 0.0), (1.0, 1.0)],
                    palette(k),
                )
            })
            .collect();
        let c = LineChart {
            title: "forty satellites".into(),
            series,
            size: (1000, 560),
            ..LineChart::default()
        };
        let svg = render_svg(&Chart::Line(c)).unwrap();
        // 516 px of legend column: 20 rows, so 19 names and "+21 more".
        assert!(svg.contains("sat-18") && !svg.contains("sat-19"), "{svg}");
        assert!(svg.contains("+21 more"));
    }

    #[test]
    fn heatmaps_have_a_colour_bar() {
        let h = super::super::Heatmap {
            title: "grid".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            x_values: vec!["a".into(), "b".into()],
            y_values: vec!["c".into()],
            cells: vec![vec![10.0, 50.0]],
            value_label: "volume, Gbit/day".into(),
            decimals: 1,
            size: (800, 500),
        };
        let mut svg = String::new();
        {
            register_fonts().unwrap();
            let root = SVGBackend::with_string(&mut svg, h.size).into_drawing_area();
            super::super::draw_heatmap(&root, &h).unwrap();
            root.present().unwrap();
        }
        assert!(svg.contains("volume, Gbit/day"), "colour bar label");
        // Ticks from 10 to 50 in steps of 10, no decimals.
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| Some(t.split_once('>')?.1.split("</text>").next()?.trim()))
            .collect();
        for tick in ["10", "20", "30", "40", "50"] {
            assert!(texts.contains(&tick), "tick {tick} in {texts:?}");
        }
    }

    #[test]
    fn png_is_written_atomically() {
        let dir = std::env::temp_dir().join(format!("oslink-plots-unit-{}", std::process::id()));
        let f = write_figure(&dir, "line", &Chart::Line(chart())).unwrap();
        assert_eq!(f.name, "line");
        let png = std::fs::read(dir.join("line.png")).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((w, h), (640, 400));
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["line.png", "line.svg"], "no temporary file left");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
