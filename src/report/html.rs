//! OUTDIR/report.html: one self-contained page (scenario, summary table, passes, the plots
//! inlined as SVG). No script, external stylesheet, font or image: it opens in any browser
//! from any folder.

use std::fmt::Write;

use super::format::{availability_html, cell, percent_text};
use super::html_parts::{escape_html, figures_section, STYLE};
use super::plots::FigureFile;
use super::summary::Summary;
use super::table::diversity_gain_text;
use crate::scenario::Scenario;
use crate::sim::AvailabilitySummary;
use crate::sim::RunOutput;
use crate::time::format_unix_ms;

/// Passes listed in the HTML table, the earliest AOS first (passes.csv lists them all).
pub(crate) const HTML_MAX_PASSES: usize = 50;

/// The report page of a run.
pub(crate) fn run_report_html(
    scenario: &Scenario,
    run: &RunOutput,
    summary: &Summary,
    figures: &[FigureFile],
) -> String {
    let e = escape_html;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>oslink — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        e(&summary.header.scenario),
        e(&summary.header.scenario)
    );
    if let Some(d) = &scenario.description {
        let _ = writeln!(h, "<p>{}</p>", e(d));
    }
    scenario_section(&mut h, scenario, summary);
    summary_section(&mut h, summary);
    chains_section(&mut h, summary);
    figures_section(&mut h, figures);
    passes_section(&mut h, scenario, run);
    super::equipment::equipment_section(&mut h, scenario);
    super::equipment::budget_tables_section(&mut h, scenario, run);
    super::equipment::scenario_file_section(&mut h, scenario);
    let _ = writeln!(
        h,
        "<p class=\"note\">oslink {} — summary.json, passes.csv and timeseries.csv hold every number.</p>\n</body>\n</html>",
        e(&summary.header.oslink_version)
    );
    h
}

fn scenario_section(h: &mut String, scenario: &Scenario, s: &Summary) {
    let e = escape_html;
    h.push_str("<h2>Scenario</h2>\n<dl>\n");
    let mut item = |k: &str, v: String| {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", e(k), e(&v));
    };
    item("source", s.header.source.clone());
    item(
        "span",
        format!(
            "{} → {} ({:.2} days), step {} s",
            s.header.start,
            s.header.end,
            scenario.duration_s() / 86_400.0,
            s.header.step_s
        ),
    );
    item("seed", s.header.seed.to_string());
    item(
        "Monte Carlo",
        format!(
            "{} weather realizations × {} fading samples per step",
            s.header.weather_realizations, s.header.samples
        ),
    );
    item(
        "channel",
        format!(
            "{}, fading {}, clouds {}",
            s.header.direction,
            s.header.fading,
            if s.clouds { "on" } else { "off" }
        ),
    );
    item(
        "satellites",
        scenario
            .satellites
            .iter()
            .map(|x| format!("{} [{}]", x.satellite.label(), x.equipment()))
            .collect::<Vec<_>>()
            .join("; "),
    );
    h.push_str("</dl>\n<table>\n<tr><th>station</th><th>latitude, °</th><th>longitude, °</th><th>altitude, m</th><th>min elevation, °</th><th>annual cloud-free</th><th>equipment</th></tr>\n");
    for st in &scenario.stations {
        let g = &st.station.location;
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{:.4}</td><td>{:.4}</td><td>{:.0}</td><td>{:.1}</td><td>{:.2}</td><td>{}</td></tr>",
            e(&st.station.name),
            g.latitude_deg(),
            g.longitude_deg(),
            g.altitude_m,
            st.station.min_elevation_rad.to_degrees(),
            st.station.cloud_free_annual,
            e(&st.equipment())
        );
    }
    h.push_str("</table>\n");
}

fn summary_section(h: &mut String, s: &Summary) {
    if !s.skipped_satellites.is_empty() {
        h.push_str("<h2>Satellites left out</h2>\n<ul>\n");
        for k in &s.skipped_satellites {
            let _ = writeln!(h, "<li>{}</li>", escape_html(&k.to_string()));
        }
        h.push_str("</ul>\n");
    }
    h.push_str(
        "<h2>Availability</h2>\n<table>\n<tr><th>station</th><th>passes</th><th>contact, h</th>\
         <th>busy, h</th><th>Sun excluded, %</th><th>cloud-free, %</th><th>fade outage | clear, %</th>\
         <th>availability, % (mean)</th><th>P10–P90, %</th><th>up, h/day</th>\
         <th>volume, Gbit/day (mean)</th><th>P10–P90, Gbit/day</th></tr>\n",
    );
    let row = |h: &mut String, a: &AvailabilitySummary| {
        let sun = a.breakdown.sun_fraction();
        let availability = availability_html(a, 1);
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{:.2}</td><td>{:.2}</td><td>{:.1}</td><td>{}</td><td>{}</td>\
             {availability}<td>{:.2}</td><td>{:.2}</td><td>{:.2}–{:.2}</td></tr>",
            escape_html(&a.name),
            a.passes,
            a.contact_s / 3600.0,
            a.breakdown.busy_s / 3600.0,
            100.0 * sun,
            percent_text(a.cloud_free_fraction, 0, 1, "–"),
            percent_text(a.fade_outage_given_clear, 0, 3, "–"),
            a.daily_up_s.mean / 3600.0,
            a.daily_volume_bits.mean / 1e9,
            a.daily_volume_bits.p10 / 1e9,
            a.daily_volume_bits.p90 / 1e9
        );
    };
    for a in &s.stations {
        row(h, a);
    }
    row(h, &s.network);
    h.push_str("</table>\n");
    if let Some(gain) = diversity_gain_text(&s.diversity_gain) {
        let _ = writeln!(h, "<p><b>{}</b></p>", escape_html(&gain));
    }
    h.push_str(
        "<p class=\"note\">contact = a telescope on the satellite (in view and scheduled); \
         busy = in view while every telescope of the station is on another satellite; \
         availability = link-up time / contact time; \
         cloud-free % of the Sun-usable contact time; fade outage % of the clear contact time; \
         up time per day is summed over the satellites a station serves; \
         the network counts each satellite once per step (site diversity).</p>\n",
    );
    telescopes_section(h, s);
}

/// The relay chains (absent without `[[relays]]`).
fn chains_section(h: &mut String, s: &Summary) {
    if s.chains.is_empty() {
        return;
    }
    h.push_str(
        "<h2>Relay chains</h2>\n<table>\n<tr><th>chain</th><th>feeder</th>\
         <th>crosslink windows</th><th>crosslink data, h</th><th>contact, h</th>\
         <th>availability, % (mean)</th><th>P10–P90, %</th><th>volume, Gbit/day (mean)</th>\
         <th>P10–P90, Gbit/day</th><th>direct, Gbit/day</th></tr>\n",
    );
    for c in &s.chains {
        let (a, v) = (&c.availability, &c.daily_volume_bits);
        let direct = if c.direct_to_ground {
            format!("{:.2}", c.direct_daily_volume_bits.mean / 1e9)
        } else {
            "no terminal".to_string()
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{:.2}</td><td>{}</td>\
             <td>{}–{}</td><td>{:.2}</td><td>{:.2}–{:.2}</td><td>{direct}</td></tr>",
            escape_html(&c.name),
            escape_html(&c.feeder),
            c.crosslink_windows,
            c.crosslink_s / 3600.0,
            c.contact_s / 3600.0,
            percent_text(a.mean, 0, 1, "no contact"),
            percent_text(a.p10, 0, 1, "–"),
            percent_text(a.p90, 0, 1, "–"),
            v.mean / 1e9,
            v.p10 / 1e9,
            v.p90 / 1e9,
        );
    }
    h.push_str(
        "</table>\n<p class=\"note\">A chain is up when its crosslink (from first data after \
         the terminal heads' acquisition, pointing fades only) and the relay's feeder (its \
         optical downlinks in the same weather, or a declared feeder's availability) are both \
         up; contact is the crosslink's data time while the feeder is in contact; direct is \
         what the source's own terminal brings down to the stations in the same weather. \
         windows.csv lists every crosslink window.</p>\n",
    );
}

/// The telescopes of each station, their scheduling policy and what it did.
fn telescopes_section(h: &mut String, s: &Summary) {
    h.push_str(
        "<h2>Telescopes and scheduling</h2>\n<table>\n<tr><th>station</th><th>telescopes, policy</th>\
         <th>tracks</th><th>preemptions</th><th>most in view at once</th><th>busy steps</th></tr>\n",
    );
    for t in &s.telescopes {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&t.station),
            escape_html(&t.description),
            t.schedule.tracks,
            t.schedule.preemptions,
            t.schedule.peak_in_view,
            t.schedule.busy_steps
        );
    }
    h.push_str(
        "</table>\n<p class=\"note\">Each telescope tracks one satellite at a time (uplink and \
         downlink share it) until its pass ends; a free telescope takes the waiting satellite \
         the policy ranks first (highest elevation now, most pass time left, or the priority \
         list, which preempts lower priorities), after slewing from its last line of sight \
         (less the time it stood idle) and acquiring. The schedule is planned from the \
         geometry, the same in every weather realization.</p>\n",
    );
}

/// The links in view over the whole span (a GEO): one row each with what varies over the
/// span, instead of an AOS, TCA and LOS that are only the span's ends.
fn endless_section(h: &mut String, scenario: &Scenario, run: &RunOutput, endless: &[usize]) {
    let passes = &run.geometry.passes;
    let _ = writeln!(
        h,
        "<h2>In view throughout the span ({})</h2>\n<table>\n<tr><th>satellite</th>\
         <th>station</th><th>elevation, °</th><th>azimuth, °</th><th>range, km</th>\
         <th>static margin, dB</th><th>availability, % (mean)</th><th>P10–P90, %</th>\
         <th>volume, Gbit/day (mean)</th></tr>",
        endless.len()
    );
    let days = scenario.duration_s() / 86_400.0;
    let span = |(lo, hi): (f64, f64), decimals: usize| {
        if (hi - lo).abs() < 0.5 * 10f64.powi(-(decimals as i32)) {
            format!("{lo:.decimals$}")
        } else {
            format!("{lo:.decimals$}–{hi:.decimals$}")
        }
    };
    for &i in endless {
        let (p, st) = (&passes[i], &run.statistics.passes[i]);
        let (e0, e1) = st.elevation_rad;
        let a = &st.availability;
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}–{}</td><td>{}</td></tr>",
            escape_html(&p.satellite),
            escape_html(&p.station),
            span((e0.to_degrees(), e1.to_degrees()), 2),
            p.aos_azimuth_rad.to_degrees(),
            span((st.range_m.0 / 1e3, st.range_m.1 / 1e3), 0),
            span(st.static_margin_db, 2),
            percent(a.mean),
            percent(a.p10),
            percent(a.p90),
            cell(st.mean.volume_bits / 1e9 / days, 2),
        );
    }
    h.push_str("</table>\n");
}

/// A fraction as a percentage with one decimal, "–" when it does not exist.
fn percent(x: f64) -> String {
    percent_text(x, 0, 1, "–")
}

fn passes_section(h: &mut String, scenario: &Scenario, run: &RunOutput) {
    let all = &run.geometry.passes;
    let (endless, finite): (Vec<usize>, Vec<usize>) =
        (0..all.len()).partition(|&i| all[i].in_view_throughout());
    if !endless.is_empty() {
        endless_section(h, scenario, run, &endless);
        if finite.is_empty() {
            return;
        }
    }
    let passes = &run.geometry.passes;
    let _ = writeln!(h, "<h2>Passes ({})</h2>", finite.len());
    if finite.len() > HTML_MAX_PASSES {
        let _ = writeln!(
            h,
            "<p class=\"note\">The first {HTML_MAX_PASSES} of {} passes by AOS; passes.csv lists them all.</p>",
            finite.len()
        );
    }
    h.push_str(
        "<table>\n<tr><th>satellite</th><th>station</th><th>AOS (UTC)</th><th>TCA (UTC)</th>\
         <th>LOS (UTC)</th><th>duration, min</th><th>max elevation, °</th>\
         <th>availability, % (mean)</th></tr>\n",
    );
    let mut order = finite;
    order.sort_by(|&a, &b| passes[a].aos_unix_s.total_cmp(&passes[b].aos_unix_s));
    for &i in order.iter().take(HTML_MAX_PASSES) {
        let p = &passes[i];
        let st = &run.statistics.passes[i];
        let availability = percent(st.mean.fraction_of_contact(st.mean.up_s));
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{:.2}</td><td>{}</td></tr>",
            escape_html(&p.satellite),
            escape_html(&p.station),
            format_unix_ms(p.aos_unix_s),
            format_unix_ms(p.tca_unix_s),
            format_unix_ms(p.los_unix_s),
            p.duration_s() / 60.0,
            p.max_elevation_rad.to_degrees(),
            availability
        );
    }
    h.push_str("</table>\n");
}
