//! One window of one link and the running statistics its samples are folded into.

/// What kind of link a window belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowKind {
    /// Satellite → station.
    Downlink,
    /// Station → satellite.
    Uplink,
    /// Satellite → satellite.
    Crosslink,
}

impl WindowKind {
    /// "downlink", "uplink" or "crosslink".
    pub fn name(self) -> &'static str {
        match self {
            WindowKind::Downlink => "downlink",
            WindowKind::Uplink => "uplink",
            WindowKind::Crosslink => "crosslink",
        }
    }
}

/// One window of one link, with its geometry statistics.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LinkWindow {
    /// Downlink, uplink or crosslink.
    pub kind: WindowKind,
    /// Index of the link: into [`crate::scenario::Scenario::links`] for a ground window, into
    /// [`crate::scenario::Scenario::crosslinks`] for an inter-satellite one.
    pub link: usize,
    /// The link's name, "FROM → TO" ("FROM ↔ TO" for a duplex crosslink).
    pub name: String,
    /// Start of visibility, Unix s UTC.
    pub start_unix_s: f64,
    /// End of visibility, Unix s UTC.
    pub end_unix_s: f64,
    /// What opens the window: "aos", "earth" (the line of sight clears the grazing margin),
    /// "sun-a" / "sun-b" (the Sun leaves the exclusion of the receiver at `from` / `to`) or
    /// "span" (already open at the span start).
    pub start_edge: &'static str,
    /// What closes it: "los", "earth", "sun-a", "sun-b" or "span".
    pub end_edge: &'static str,
    /// First data, Unix s UTC: the start for a ground window (the run schedules telescopes),
    /// the terminal heads' acquisition for a crosslink; `None` when no head was free in time.
    pub data_start_unix_s: Option<f64>,
    /// Grid samples the statistics are taken over (a crosslink adds its two ends).
    pub samples: usize,
    /// Smallest sampled range, m.
    pub min_range_m: f64,
    /// Largest sampled range, m.
    pub max_range_m: f64,
    /// Largest sampled |Doppler shift|, Hz.
    pub max_doppler_hz: f64,
    /// Largest sampled point-ahead angle 2·v⊥/c, rad.
    pub max_point_ahead_rad: f64,
    /// Largest sampled slew (tracking) rate, rad/s.
    pub max_slew_rate_rad_s: f64,
    /// Smallest sampled static margin, dB (clear sky for a ground window; vacuum, the lower
    /// leg of a duplex link, for a crosslink); `None` without samples.
    pub min_margin_db: Option<f64>,
    /// Data a crosslink's forward leg carries in the window, bit (see the module doc);
    /// `None` for a ground window, whose volume depends on the weather (`oslink run`).
    pub volume_bits: Option<f64>,
}

impl LinkWindow {
    /// End − start, s.
    pub fn duration_s(&self) -> f64 {
        self.end_unix_s - self.start_unix_s
    }
}

/// Running extremes of the sampled quantities of a window.
#[derive(Debug, Clone, Copy)]
pub(super) struct Extremes {
    samples: usize,
    min_range_m: f64,
    max_range_m: f64,
    max_doppler_hz: f64,
    max_point_ahead_rad: f64,
    max_slew_rate_rad_s: f64,
    min_margin_db: f64,
}

impl Extremes {
    pub(super) fn new() -> Extremes {
        Extremes {
            samples: 0,
            min_range_m: f64::INFINITY,
            max_range_m: 0.0,
            max_doppler_hz: 0.0,
            max_point_ahead_rad: 0.0,
            max_slew_rate_rad_s: 0.0,
            min_margin_db: f64::INFINITY,
        }
    }

    /// Adds one sample: range (m), |Doppler| (Hz), point-ahead (rad), slew (rad/s) and
    /// margin (dB).
    pub(super) fn add(
        &mut self,
        range_m: f64,
        doppler_hz: f64,
        point_ahead_rad: f64,
        slew: f64,
        margin: f64,
    ) {
        self.samples += 1;
        self.min_range_m = self.min_range_m.min(range_m);
        self.max_range_m = self.max_range_m.max(range_m);
        self.max_doppler_hz = self.max_doppler_hz.max(doppler_hz.abs());
        self.max_point_ahead_rad = self.max_point_ahead_rad.max(point_ahead_rad);
        self.max_slew_rate_rad_s = self.max_slew_rate_rad_s.max(slew);
        self.min_margin_db = self.min_margin_db.min(margin);
    }

    /// The statistics fields of a window (zero ranges without samples).
    pub(super) fn into_window(self, base: WindowBase) -> LinkWindow {
        let any = self.samples > 0;
        LinkWindow {
            kind: base.kind,
            link: base.link,
            name: base.name,
            start_unix_s: base.start_unix_s,
            end_unix_s: base.end_unix_s,
            start_edge: base.start_edge,
            end_edge: base.end_edge,
            data_start_unix_s: base.data_start_unix_s,
            samples: self.samples,
            min_range_m: if any { self.min_range_m } else { 0.0 },
            max_range_m: self.max_range_m,
            max_doppler_hz: self.max_doppler_hz,
            max_point_ahead_rad: self.max_point_ahead_rad,
            max_slew_rate_rad_s: self.max_slew_rate_rad_s,
            min_margin_db: any.then_some(self.min_margin_db),
            volume_bits: base.volume_bits,
        }
    }
}

/// The non-statistics fields of a window.
pub(super) struct WindowBase {
    pub(super) kind: WindowKind,
    pub(super) link: usize,
    pub(super) name: String,
    pub(super) start_unix_s: f64,
    pub(super) end_unix_s: f64,
    pub(super) start_edge: &'static str,
    pub(super) end_edge: &'static str,
    pub(super) data_start_unix_s: Option<f64>,
    pub(super) volume_bits: Option<f64>,
}
