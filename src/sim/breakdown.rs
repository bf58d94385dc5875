//! The time budget of a link, a station, the network or a pass in one weather realization:
//! where the span went (no contact, no telescope free, acquisition, Sun, cloud, fade, up) and
//! the data volume.

use serde::{Deserialize, Serialize};

/// Time budget of one realization: where the span went, s. For a station and for the network
/// the seven times sum to the span × the number of satellites; for a link to the span; for a
/// pass, `no_contact_s` is 0 and the others sum to its duration on the grid. Contact is the
/// time a telescope is on the satellite ([`crate::sim::Schedule`]): acquisition, Sun, cloud,
/// fade and up time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Time without geometric contact, s.
    pub no_contact_s: f64,
    /// Time in view without a telescope free (every telescope of the station on another
    /// satellite), s.
    pub busy_s: f64,
    /// Contact time spent slewing to the satellite and acquiring it, s.
    pub acquisition_s: f64,
    /// Contact time lost to Sun exclusion, s.
    pub sun_s: f64,
    /// Contact time lost to clouds, s.
    pub cloud_s: f64,
    /// Clear, usable contact time lost to turbulence and pointing fades (expected), s.
    pub fade_s: f64,
    /// Time the link is up (expected over the fading), s.
    pub up_s: f64,
    /// Data volume, bit.
    pub volume_bits: f64,
}

impl Breakdown {
    /// Contact time: a telescope on the satellite, s.
    pub fn contact_s(&self) -> f64 {
        self.acquisition_s + self.sun_s + self.cloud_s + self.fade_s + self.up_s
    }

    /// Geometric contact time (in view, with a telescope or not), s.
    pub fn in_view_s(&self) -> f64 {
        self.busy_s + self.contact_s()
    }

    /// Fraction of the contact time lost to Sun exclusion (0 without contact).
    pub(crate) fn sun_fraction(&self) -> f64 {
        ratio_or_zero(self.sun_s, self.contact_s())
    }

    /// `time_s` as a fraction of the contact time (e.g. `b.fraction_of_contact(b.cloud_s)`);
    /// NaN without contact.
    pub(crate) fn fraction_of_contact(&self, time_s: f64) -> f64 {
        ratio_or_nan(time_s, self.contact_s())
    }

    /// Up time / contact time; NaN without contact.
    pub fn availability(&self) -> f64 {
        ratio_or_nan(self.up_s, self.contact_s())
    }

    pub(crate) fn add(&mut self, other: &Breakdown) {
        self.no_contact_s += other.no_contact_s;
        self.busy_s += other.busy_s;
        self.acquisition_s += other.acquisition_s;
        self.sun_s += other.sun_s;
        self.cloud_s += other.cloud_s;
        self.fade_s += other.fade_s;
        self.up_s += other.up_s;
        self.volume_bits += other.volume_bits;
    }
}

pub(crate) fn ratio_or_zero(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

pub(crate) fn ratio_or_nan(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        f64::NAN
    }
}
