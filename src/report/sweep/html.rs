//! OUTDIR/report.html of `oslink sweep`: one self-contained page (the grid, the best points,
//! the sweep plots inlined as SVG), in the style of the run report.

use std::fmt::Write;

use crate::report::format::{availability_html, best_station_cell, gain_text, value_cell};
use crate::report::html_parts::{escape_html, figures_section, STYLE};
use crate::report::plots::FigureFile;
use crate::sweep::{SweepPlan, SweepResult};

/// Grid points listed in the HTML table (every point is in sweep.csv).
pub(crate) const HTML_MAX_POINTS: usize = 50;

/// The report page of a sweep.
pub(crate) fn sweep_report_html(
    plan: &SweepPlan,
    result: &SweepResult,
    figures: &[FigureFile],
) -> String {
    let e = escape_html;
    let s = &plan.base;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>oslink sweep — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        e(&s.name),
        e(&s.name)
    );
    if let Some(d) = &s.description {
        let _ = writeln!(h, "<p>{}</p>", e(d));
    }
    h.push_str("<h2>Grid</h2>\n<dl>\n");
    let mut item = |k: &str, v: String| {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", e(k), e(&v));
    };
    item("source", s.source.clone());
    // The points' span: a time.* axis replaces the file's.
    item(
        "span",
        match plan.common_span() {
            Some((start, end, step)) => format!(
                "{} → {} ({:.2} days), step {} s",
                crate::time::format_unix_ms(start),
                crate::time::format_unix_ms(end),
                (end - start) / 86_400.0,
                step
            ),
            None => "varies with the time.* axes (see the grid values)".to_string(),
        },
    );
    item(
        "Monte Carlo",
        format!(
            "seed {} (every point), {} weather realizations × {} fading samples per step",
            s.seed, s.weather_realizations, s.fading_samples
        ),
    );
    for (k, key) in plan.keys.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        let values: Vec<String> = result
            .points
            .iter()
            .map(|p| value_cell(&p.values[k]))
            .filter(|v| seen.insert(v.clone()))
            .collect();
        item(key, values.join(", "));
    }
    item(
        "grid",
        format!(
            "{} points over {} geometries",
            result.points.len(),
            plan.geometry_groups().len(),
        ),
    );
    h.push_str("</dl>\n");
    let best = result.best(HTML_MAX_POINTS);
    let _ = writeln!(
        h,
        "<h2>Best points</h2>\n<p class=\"note\">{} of {} points, by {} (<code>--rank-by {}</code>); \
         availability = link-up time / contact time; gain = the network's volume / that of its \
         best station (site diversity).</p>\n<table>\n<tr><th>rank</th><th>point</th>",
        best.len(),
        result.points.len(),
        result.rank_by.describe(),
        result.rank_by.keyword()
    );
    for key in &plan.keys {
        let _ = write!(h, "<th>{}</th>", e(key));
    }
    h.push_str(
        "<th>network availability %</th><th>P10–P90 %</th><th>up h/day</th><th>Gbit/day</th>\
         <th>diversity gain</th><th>contact h</th><th>best station</th></tr>\n",
    );
    for (rank, p) in best.iter().enumerate() {
        let _ = write!(h, "<tr><td>{}</td><td>{}</td>", rank + 1, p.index);
        for v in &p.values {
            let _ = write!(h, "<td>{}</td>", e(&value_cell(v)));
        }
        let n = &p.network;
        let station = best_station_cell(&p.stations, result.rank_by);
        let availability = availability_html(n, 2);
        let _ = writeln!(
            h,
            "{availability}<td>{:.2}</td><td>{:.3}</td><td>{}</td><td>{:.2}</td><td>{}</td></tr>",
            n.daily_up_s.mean / 3600.0,
            n.daily_volume_bits.mean / 1e9,
            gain_text(p.diversity_gain.volume),
            n.contact_s / 3600.0,
            e(&station)
        );
    }
    h.push_str("</table>\n");
    figures_section(&mut h, figures);
    let _ = writeln!(
        h,
        "<p class=\"note\">oslink {} — sweep.csv and sweep.json hold every number.</p>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    h
}
