//! How many satellites a station can serve at once, and how it chooses among those in view.
//!
//! An optical ground station points one narrow beam per telescope: a telescope tracks one
//! satellite at a time, and moving it to another costs the slew between the two lines of
//! sight and the pointing, acquisition and tracking (PAT) sequence of the new link (beacon
//! search and lock, typically seconds to tens of seconds; Kaushal & Kaddoum, "Optical
//! communication in space: challenges and mitigation techniques", IEEE Commun. Surveys &
//! Tutorials 19(1), 2017, §VI; docs/models.md §5.1). The schedule itself is computed from the geometry by
//! the engine's schedule (`sim::Schedule`); this module holds what the scenario says of the telescopes.

/// Which satellite a free telescope takes when more are in view than telescopes are free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchedulingPolicy {
    /// The satellite at the highest elevation now (the best link); the telescope then stays
    /// on it until the pass ends (no preemption).
    HighestElevation,
    /// The satellite whose pass has the most time left (the longest contact per slew); no
    /// preemption.
    LongestRemaining,
    /// The satellites in this order (indices into the scenario's satellites; the unlisted
    /// ones after them, by elevation). A satellite coming into view takes the telescope from
    /// one of lower priority (preemption).
    Priority(Vec<usize>),
}

impl SchedulingPolicy {
    /// The scenario keyword: `highest_elevation`, `longest_remaining` or `priority`.
    pub fn keyword(&self) -> &'static str {
        match self {
            SchedulingPolicy::HighestElevation => "highest_elevation",
            SchedulingPolicy::LongestRemaining => "longest_remaining",
            SchedulingPolicy::Priority(_) => "priority",
        }
    }

    /// Whether a satellite of higher priority takes a busy telescope.
    pub fn preempts(&self) -> bool {
        matches!(self, SchedulingPolicy::Priority(_))
    }
}

/// The telescopes of a station.
#[derive(Debug, Clone, PartialEq)]
pub struct Telescopes {
    /// Number of telescopes: satellites the station can serve at once (≥ 1).
    pub count: usize,
    /// How a free telescope chooses among the satellites in view.
    pub policy: SchedulingPolicy,
    /// Slew rate of the mount, rad/s; `None`: the slew between satellites takes no time.
    pub slew_rate_rad_s: Option<f64>,
    /// Acquisition time at the start of every track (beacon search and lock), s.
    pub acquisition_s: f64,
}

impl Telescopes {
    /// Largest number of telescopes a station may have.
    pub const MAX_COUNT: usize = 64;
    /// Longest acquisition time accepted, s.
    pub const MAX_ACQUISITION_S: f64 = 3600.0;

    /// One telescope, highest elevation first, instantaneous slew and acquisition: a lone
    /// satellite is served over its whole pass.
    pub fn single() -> Telescopes {
        Telescopes {
            count: 1,
            policy: SchedulingPolicy::HighestElevation,
            slew_rate_rad_s: None,
            acquisition_s: 0.0,
        }
    }

    /// Time to move a telescope between the lines of sight `from` and `to` (azimuth,
    /// elevation in rad), s: the angle between them over the slew rate. The angle is the
    /// great-circle distance on the sky,
    /// `cos θ = sin e₁ sin e₂ + cos e₁ cos e₂ cos(a₂ − a₁)`,
    /// a lower bound for an azimuth–elevation mount (which moves both axes at once).
    pub fn slew_s(&self, from: (f64, f64), to: (f64, f64)) -> f64 {
        let Some(rate) = self.slew_rate_rad_s else {
            return 0.0;
        };
        let ((a1, e1), (a2, e2)) = (from, to);
        let cos_theta = e1.sin() * e2.sin() + e1.cos() * e2.cos() * (a2 - a1).cos();
        cos_theta.clamp(-1.0, 1.0).acos() / rate
    }

    /// One line for tables and reports, e.g. "1 telescope, highest elevation, slew 3°/s,
    /// acquisition 20 s".
    pub fn describe(&self) -> String {
        let scopes = if self.count == 1 {
            "1 telescope".to_string()
        } else {
            format!("{} telescopes", self.count)
        };
        let slew = match self.slew_rate_rad_s {
            Some(r) => format!("slew {}°/s", crate::error::number_text(r.to_degrees())),
            None => "instant slew".to_string(),
        };
        format!(
            "{scopes}, {}{}, {slew}, acquisition {} s",
            self.policy.keyword().replace('_', " "),
            if self.policy.preempts() {
                " (preemptive)"
            } else {
                ""
            },
            crate::error::number_text(self.acquisition_s),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slew_is_the_angle_on_the_sky_over_the_rate() {
        let t = Telescopes {
            slew_rate_rad_s: Some(2f64.to_radians()),
            ..Telescopes::single()
        };
        // Zenith to the horizon: 90° at 2°/s.
        let s = t.slew_s((0.0, 90f64.to_radians()), (1.0, 0.0));
        assert!((s - 45.0).abs() < 1e-9, "{s}");
        // North to east on the horizon: 90°; north to south: 180°.
        let s = t.slew_s((0.0, 0.0), (90f64.to_radians(), 0.0));
        assert!((s - 45.0).abs() < 1e-9, "{s}");
        let s = t.slew_s((0.0, 0.0), (180f64.to_radians(), 0.0));
        assert!((s - 90.0).abs() < 1e-9, "{s}");
        // At 60° elevation, 180° apart in azimuth: 60° across the zenith.
        let e = 60f64.to_radians();
        let s = t.slew_s((0.0, e), (180f64.to_radians(), e));
        assert!((s - 30.0).abs() < 1e-9, "{s}");
        assert_eq!(Telescopes::single().slew_s((0.0, 0.0), (3.0, 1.0)), 0.0);
    }
}
