//! Cells: how the report pages write a number that may not exist, a swept scenario value, and
//! the best station of a network, in tables and CSV files.

use crate::sim::{AvailabilitySummary, RankBy};

/// A number with `decimals` digits, or an empty field when it does not exist (a pass shorter
/// than one step has no margin; a pass wholly in Sun exclusion has no cloud-free fraction).
pub(crate) fn cell(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{x:.decimals$}")
    } else {
        String::new()
    }
}

/// The mean, P10, P50 and P90 of a spread as four [`cell`]s.
pub(crate) fn spread_cells(s: &crate::sim::Spread, decimals: usize) -> [String; 4] {
    [s.mean, s.p10, s.p50, s.p90].map(|x| cell(x, decimals))
}

/// A swept value as a CSV cell: numbers and booleans as TOML writes them (floats below 1e-3 or
/// from 1e7 in exponent form, `1e-14`), strings bare, a station set as `a+b+c`.
pub(crate) fn value_cell(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(f) if *f != 0.0 && (f.abs() < 1e-3 || f.abs() >= 1e7) => {
            format!("{f:e}")
        }
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Array(a) if a.iter().all(toml::Value::is_str) => a
            .iter()
            .filter_map(toml::Value::as_str)
            .collect::<Vec<_>>()
            .join("+"),
        other => other.to_string(),
    }
}

/// The best station by `figure` with its value, e.g. `koganei (6.43 Gbit/day)`,
/// `koganei (3.20 h/day)` or `koganei (53.3 %)`; empty without a station with contact.
pub(crate) fn best_station_cell(stations: &[AvailabilitySummary], figure: RankBy) -> String {
    stations
        .iter()
        .filter(|s| s.has_contact())
        .min_by(|a, b| a.rank_cmp(b, figure))
        .map(|s| {
            let value = match figure {
                RankBy::Volume => format!("{:.2} Gbit/day", s.daily_volume_bits.mean / 1e9),
                RankBy::Uptime => format!("{:.2} h/day", s.daily_up_s.mean / 3600.0),
                RankBy::Availability => format!("{:.1} %", 100.0 * s.availability.mean),
            };
            format!("{} ({value})", s.name)
        })
        .unwrap_or_default()
}

/// A diversity gain as `×1.42`, or `–` when it does not exist.
pub(crate) fn gain_text(gain: f64) -> String {
    if gain.is_finite() {
        format!("×{gain:.2}")
    } else {
        "–".to_string()
    }
}

/// Mean availability and P10–P90 as `  97.5 [ 90.1– 99.9]` for a text table (the mean with
/// `decimals` digits), or "no contact" right-aligned to the same width.
pub(crate) fn availability_text(a: &AvailabilitySummary, decimals: usize) -> String {
    if a.has_contact() {
        let s = &a.availability;
        format!(
            "{:>8.decimals$} [{:>5.1}–{:>5.1}]",
            100.0 * s.mean,
            100.0 * s.p10,
            100.0 * s.p90
        )
    } else {
        format!("{:>22}", "no contact")
    }
}

/// The same as two HTML cells (mean; P10–P90), or one "no contact" cell spanning both.
pub(crate) fn availability_html(a: &AvailabilitySummary, decimals: usize) -> String {
    if a.has_contact() {
        let s = &a.availability;
        format!(
            "<td>{:.decimals$}</td><td>{:.1}–{:.1}</td>",
            100.0 * s.mean,
            100.0 * s.p10,
            100.0 * s.p90
        )
    } else {
        "<td colspan=\"2\">no contact</td>".to_string()
    }
}

/// `100·x` with `decimals` digits right-aligned in `width`, or `missing` (right-aligned) when
/// x does not exist (NaN): a percentage in a text table.
pub(crate) fn percent_text(x: f64, width: usize, decimals: usize, missing: &str) -> String {
    if x.is_finite() {
        format!("{:>width$.decimals$}", 100.0 * x)
    } else {
        format!("{missing:>width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::{cell, value_cell};

    #[test]
    fn missing_numbers_are_empty_fields() {
        assert_eq!(cell(0.5, 3), "0.500");
        assert_eq!(cell(f64::NAN, 3), "");
        assert_eq!(cell(f64::INFINITY, 3), "");
    }

    #[test]
    fn value_cells() {
        let cell = |text: &str| value_cell(&crate::scenario::parse_value(text));
        assert_eq!(cell("1e-14"), "1e-14");
        assert_eq!(cell("10e6"), "1e7");
        assert_eq!(cell("0.035"), "0.035");
        assert_eq!(cell("0.0"), "0");
        assert_eq!(cell("400"), "400");
        assert_eq!(cell("gamma-gamma"), "gamma-gamma");
        assert_eq!(cell("[\"koganei\", \"kashima\"]"), "koganei+kashima");
    }
}
