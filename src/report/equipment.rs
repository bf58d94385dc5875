//! The report's engineering appendix: the terminals and receivers of a scenario with their
//! parameters, and the scenario file itself, so that a report stands on its own.

use std::fmt::Write as _;

use super::html_parts::escape_html;
use crate::scenario::{RxSensitivity, Scenario};

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
