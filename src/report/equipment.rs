//! The report's engineering appendix: the terminals and receivers of a scenario with their
//! parameters, each station's link budget at its best pass, and the scenario file itself, so
//! that a report stands on its own.

use std::fmt::Write as _;

use super::html_parts::escape_html;
use crate::scenario::{RxSensitivity, Scenario};
use crate::sim::{RunOutput, StepGeometry};

/// "Terminals and receivers": one row each, with the parameters the budgets use.
pub(crate) fn equipment_section(h: &mut String, scenario: &Scenario) {
    let e = escape_html;
    h.push_str(
        "<h2>Terminals and receivers</h2>\n<table>\n<tr><th>terminal</th><th>wavelength, nm</th>\
         <th>power, W</th><th>divergence Θ (1/e² full angle), µrad</th><th>tx optics</th>\
         <th>jitter per axis, µrad</th><th>bias, µrad</th><th>data rate, Gbit/s</th></tr>\n",
    );
    for (name, t) in &scenario.terminals {
        let tx = &t.transmitter;
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{:.1}</td><td>{}</td><td>{:.2}</td><td>{:.3}</td><td>{:.3}</td>\
             <td>{:.3}</td><td>{}</td></tr>",
            e(name),
            tx.wavelength_m * 1e9,
            crate::error::number_text(tx.power_w),
            2.0 * tx.divergence.half_angle_rad(tx.wavelength_m) * 1e6,
            tx.optics_efficiency,
            tx.jitter_rad * 1e6,
            tx.bias_rad * 1e6,
            crate::error::number_text(t.data_rate_bps / 1e9)
        );
    }
    h.push_str(
        "</table>\n<table>\n<tr><th>receiver</th><th>aperture, m</th><th>obscuration</th>\
         <th>rx optics</th><th>sensitivity</th></tr>\n",
    );
    for (name, r) in &scenario.receivers {
        let sensitivity = match r.sensitivity {
            RxSensitivity::Dbm(dbm) => format!("{dbm:.1} dBm"),
            RxSensitivity::PhotonsPerBit(n) => {
                format!(
                    "{} photons/bit at the link's rate",
                    crate::error::number_text(n)
                )
            }
            RxSensitivity::Detection { model, .. } => {
                format!("{} at the link's rate and background", model.name())
            }
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{:.3}</td><td>{:.2}</td><td>{:.3}</td><td>{}</td></tr>",
            e(name),
            r.aperture_m,
            r.obscuration_ratio,
            r.optics_efficiency,
            e(&sensitivity)
        );
    }
    h.push_str("</table>\n");
}

/// "Scenario file": the TOML the run was made from, folded.
pub(crate) fn scenario_file_section(h: &mut String, scenario: &Scenario) {
    let _ = writeln!(
        h,
        "<h2>Scenario file</h2>\n<details><summary>{} ({} lines)</summary>\n<pre>{}</pre>\n</details>",
        escape_html(&scenario.source),
        scenario.text.lines().count(),
        escape_html(&scenario.text)
    );
}

/// "Link budgets": per station, the budget of its first network link with a pass, term by
/// term, at the culmination of its highest pass and at that pass's lowest grid step (the
/// geometry the simulation met, not a reference case).
pub(crate) fn budget_tables_section(h: &mut String, scenario: &Scenario, run: &RunOutput) {
    let e = escape_html;
    let g = &run.geometry;
    let direction = scenario.network_direction();
    h.push_str("<h2>Link budgets at the best pass</h2>\n");
    for (j, st) in scenario.stations.iter().enumerate() {
        // The station's highest pass over the links of the network direction.
        let best = (0..g.passes.len())
            .filter(|&p| {
                scenario.links[g.pass_link[p]]
                    .ground_space()
                    .is_some_and(|(_, s, d)| s == j && d == direction)
                    && !g.pass_steps[p].is_empty()
            })
            .max_by(|&a, &b| {
                g.passes[a]
                    .max_elevation_rad
                    .total_cmp(&g.passes[b].max_elevation_rad)
            });
        let Some(p) = best else {
            let _ = writeln!(h, "<p>{}: no pass.</p>", e(&st.station.name));
            continue;
        };
        let steps = &g.steps[g.pass_steps[p].clone()];
        let by_elevation =
            |a: &&StepGeometry, b: &&StepGeometry| a.elevation_rad.total_cmp(&b.elevation_rad);
        let (Some(top), Some(low)) = (
            steps.iter().max_by(by_elevation),
            steps.iter().min_by(by_elevation),
        ) else {
            continue;
        };
        let k = g.pass_link[p];
        let evaluate = |s: &StepGeometry| {
            scenario
                .link_budget(k)
                .and_then(|b| b.evaluate(&s.link_geometry()))
        };
        let (at_top, at_low) = match (evaluate(top), evaluate(low)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(err), _) | (_, Err(err)) => {
                let _ = writeln!(h, "<p>{}: {}</p>", e(&st.station.name), e(&err.to_string()));
                continue;
            }
        };
        let _ = writeln!(
            h,
            "<h3>{} ({}, pass at {})</h3>\n<table>\n<tr><th>term</th>\
             <th>culmination: {:.1}°, {:.0} km</th><th>lowest step: {:.1}°, {:.0} km</th></tr>",
            e(&scenario.link_name(k)),
            e(&st.equipment()),
            e(&crate::time::format_unix_ms(g.passes[p].tca_unix_s)),
            top.elevation_rad.to_degrees(),
            top.range_m / 1e3,
            low.elevation_rad.to_degrees(),
            low.range_m / 1e3
        );
        for (a, b) in at_top.terms().iter().zip(at_low.terms()) {
            // The transmit power is in dBm and the gains in dBi (BudgetTerm::value_db).
            let unit = if a.name.contains("power") {
                "dBm"
            } else if a.name.contains("gain") {
                "dBi"
            } else {
                "dB"
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{:.2} {unit}</td><td>{:.2} {unit}</td></tr>",
                e(a.name),
                a.value_db,
                b.value_db
            );
        }
        for (name, x, y) in [
            (
                "received power, dBm",
                at_top.received_power_dbm,
                at_low.received_power_dbm,
            ),
            (
                "sensitivity, dBm",
                at_top.sensitivity_dbm,
                at_low.sensitivity_dbm,
            ),
            ("static margin, dB", at_top.margin_db, at_low.margin_db),
        ] {
            let _ = writeln!(h, "<tr><th>{name}</th><th>{x:.2}</th><th>{y:.2}</th></tr>");
        }
        h.push_str("</table>\n");
    }
}
