//! The station type and its visibility threshold (the presets are in `presets`, the
//! command-line specification in `spec`).

use super::mask::HorizonMask;
use crate::error::{Error, Result};
use crate::frames::Geodetic;

/// Minimum elevation of the presets and of `NAME:LAT:LON:ALT` stations, degrees: the lower
/// limit of the NICT Koganei 1 m OGS (El 10–88°), a common floor for optical links.
pub(crate) const DEFAULT_MIN_ELEVATION_DEG: f64 = 10.0;

/// What a station's `altitude_m` is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeightReference {
    /// Height above the WGS-84 ellipsoid ("ell" in docs/sites.md).
    Ellipsoid,
    /// Height above mean sea level ("MSL"), used as an ellipsoidal height: the geoid
    /// undulation (~37 m in Tokyo, ~47 m in Luxembourg) is neglected, which moves elevations by
    /// well under a millidegree for LEO ranges.
    MeanSeaLevel,
}

/// An optical ground station with its visibility constraints and cloud climate.
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    /// Short name (the preset key or the name of a `NAME:LAT:LON:ALT` specification).
    pub name: String,
    /// What the site is, with "approx." where the position is approximate.
    pub description: String,
    /// WGS-84 geodetic position (latitude, longitude in rad; altitude in m, see `height_reference`).
    pub location: Geodetic,
    /// Reference of `location.altitude_m`.
    pub height_reference: HeightReference,
    /// Minimum elevation for a link, rad (applies at every azimuth, together with the mask).
    pub min_elevation_rad: f64,
    /// Azimuth-dependent horizon mask (rad); the threshold is max(min elevation, mask(az)).
    pub horizon_mask: HorizonMask,
    /// Minimum angle between the Sun and the satellite seen from the station, rad; `None` = no
    /// Sun constraint.
    pub sun_exclusion_rad: Option<f64>,
    /// Probability of a cloud-free line of sight at zenith, per calendar month (January first),
    /// dimensionless in [0, 1].
    pub cloud_free_monthly: [f64; 12],
    /// Annual cloud-free probability (mean weighted by possible sunshine hours), in [0, 1].
    pub cloud_free_annual: f64,
    /// True when only an annual value is known: `cloud_free_monthly` repeats it in every month.
    pub cloud_annual_only: bool,
    /// Where the cloud-free values come from (proxy, normals station and period).
    pub cloud_source: String,
}

impl Station {
    /// Visibility threshold (rad) at an azimuth (rad): max(min elevation, mask(azimuth)).
    #[inline]
    pub fn threshold_rad(&self, azimuth_rad: f64) -> f64 {
        self.min_elevation_rad
            .max(self.horizon_mask.elevation_rad(azimuth_rad))
    }

    /// Lowest and highest visibility threshold over all azimuths, rad.
    pub(crate) fn threshold_range_rad(&self) -> (f64, f64) {
        let (lo, hi) = self.horizon_mask.elevation_range_rad();
        (
            self.min_elevation_rad.max(lo),
            self.min_elevation_rad.max(hi),
        )
    }

    /// Cloud-free line-of-sight probability in a calendar month (1–12; other values clamp).
    pub fn cloud_free(&self, month: u32) -> f64 {
        self.cloud_free_monthly[month.clamp(1, 12) as usize - 1]
    }

    /// Sets the minimum elevation (degrees, in [−5, 90)); `key` names the flag or scenario key.
    pub fn with_min_elevation_deg(mut self, key: &str, elevation_deg: f64) -> Result<Station> {
        if !(-5.0..90.0).contains(&elevation_deg) {
            return Err(Error::invalid(
                key,
                elevation_deg,
                "must be in [-5, 90) degrees",
            ));
        }
        self.min_elevation_rad = elevation_deg.to_radians();
        Ok(self)
    }

    /// Sets the Sun exclusion angle (degrees, in [0, 180)); `key` names the flag or scenario key.
    pub fn with_sun_exclusion_deg(mut self, key: &str, angle_deg: f64) -> Result<Station> {
        if !(0.0..180.0).contains(&angle_deg) {
            return Err(Error::invalid(
                key,
                angle_deg,
                "must be in [0, 180) degrees",
            ));
        }
        self.sun_exclusion_rad = Some(angle_deg.to_radians());
        Ok(self)
    }

    /// Replaces the horizon mask.
    pub fn with_horizon_mask(mut self, mask: HorizonMask) -> Station {
        self.horizon_mask = mask;
        self
    }

    /// A station at a given place with the default constraints and no cloud table
    /// (cloud-free probability 1 in every month, stated in `cloud_source`). Latitude in
    /// [−90, 90] deg, longitude in [−180, 360) deg, altitude in [−500, 9000] m (ellipsoidal).
    pub fn custom(name: &str, lat_deg: f64, lon_deg: f64, alt_m: f64) -> Result<Station> {
        let spec = format!("{name}:{lat_deg}:{lon_deg}:{alt_m}");
        let bad = |reason: &str| {
            Err(Error::Station {
                spec: spec.clone(),
                reason: reason.into(),
            })
        };
        if name.trim().is_empty() {
            return bad("the name is empty");
        }
        if !(-90.0..=90.0).contains(&lat_deg) {
            return bad("latitude must be in [-90, 90] degrees");
        }
        if !(-180.0..360.0).contains(&lon_deg) {
            return bad("longitude must be in [-180, 360) degrees");
        }
        if !(-500.0..=9000.0).contains(&alt_m) {
            return bad("altitude must be in [-500, 9000] m");
        }
        Ok(Station {
            name: name.trim().to_string(),
            description: format!("custom site {lat_deg}°, {lon_deg}°, {alt_m} m (ellipsoidal)"),
            location: Geodetic::from_degrees(lat_deg, lon_deg, alt_m),
            height_reference: HeightReference::Ellipsoid,
            min_elevation_rad: DEFAULT_MIN_ELEVATION_DEG.to_radians(),
            horizon_mask: HorizonMask::none(),
            sun_exclusion_rad: None,
            cloud_free_monthly: [1.0; 12],
            cloud_free_annual: 1.0,
            cloud_annual_only: false,
            cloud_source:
                "none: custom site, cloud-free line of sight assumed (1.0) until a table is given"
                    .into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_follows_mask() {
        let mask = HorizonMask::from_degrees("m", &[(0.0, 5.0), (180.0, 25.0)]).unwrap();
        let s = Station::custom("k", 35.7068, 139.4885, 128.5)
            .unwrap()
            .with_horizon_mask(mask);
        assert!((s.threshold_rad(0.0).to_degrees() - 10.0).abs() < 1e-12);
        assert!((s.threshold_rad(std::f64::consts::PI).to_degrees() - 25.0).abs() < 1e-12);
        let (lo, hi) = s.threshold_range_rad();
        assert!((lo.to_degrees() - 10.0).abs() < 1e-12 && (hi.to_degrees() - 25.0).abs() < 1e-12);
        assert!(s
            .clone()
            .with_min_elevation_deg("--min-elevation-deg", 90.0)
            .is_err());
        assert!(s.with_sun_exclusion_deg("sun_exclusion_deg", -1.0).is_err());
    }
}
