//! Azimuth-dependent horizon mask: piecewise linear in azimuth between given points,
//! wrapping at 360°.

use crate::error::{Error, Result};

/// Lowest allowed mask elevation, degrees (slightly below the horizon for mountain sites).
const MASK_MIN_DEG: f64 = -5.0;
/// Highest allowed mask elevation, degrees.
const MASK_MAX_DEG: f64 = 90.0;

/// A horizon mask: the elevation (rad) below which the sky is blocked, as a function of
/// azimuth (rad, from north, east-positive). Between the points the elevation is linear in
/// azimuth; after the last point it runs linearly to the first point + 360°. One point gives
/// a constant mask; no points means no mask.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HorizonMask {
    /// (azimuth_rad in [0, 2π), elevation_rad in [−5°, 90°]), azimuths strictly increasing.
    points_rad: Vec<(f64, f64)>,
}

impl HorizonMask {
    /// No mask: the station's minimum elevation alone applies.
    pub fn none() -> HorizonMask {
        HorizonMask::default()
    }

    /// Builds a mask from `(azimuth_deg, elevation_deg)` points. `key` names the scenario key
    /// or flag in errors. Azimuths must be strictly increasing in [0, 360) and elevations
    /// within [−5, 90] degrees.
    pub fn from_degrees(key: &str, points_deg: &[(f64, f64)]) -> Result<HorizonMask> {
        let mut points_rad = Vec::with_capacity(points_deg.len());
        let mut previous_az = f64::NEG_INFINITY;
        for &(az, el) in points_deg {
            let shown = format!("[{az}, {el}]");
            if !(0.0..360.0).contains(&az) {
                return Err(Error::invalid(
                    key,
                    shown,
                    "azimuth_deg must be in [0, 360)",
                ));
            }
            if az <= previous_az {
                return Err(Error::invalid(
                    key,
                    shown,
                    "azimuths must be strictly increasing",
                ));
            }
            if !(MASK_MIN_DEG..=MASK_MAX_DEG).contains(&el) {
                return Err(Error::invalid(
                    key,
                    shown,
                    "elevation_deg must be in [-5, 90]",
                ));
            }
            previous_az = az;
            points_rad.push((az.to_radians(), el.to_radians()));
        }
        Ok(HorizonMask { points_rad })
    }

    /// True when the mask has no points.
    pub fn is_empty(&self) -> bool {
        self.points_rad.is_empty()
    }

    /// The mask points as `(azimuth_deg, elevation_deg)`.
    pub fn points_deg(&self) -> Vec<(f64, f64)> {
        self.points_rad
            .iter()
            .map(|&(a, e)| (a.to_degrees(), e.to_degrees()))
            .collect()
    }

    /// Mask elevation (rad) at an azimuth (rad, any value; taken modulo 2π); −∞ without a mask.
    pub fn elevation_rad(&self, azimuth_rad: f64) -> f64 {
        let p = &self.points_rad;
        match p.len() {
            0 => f64::NEG_INFINITY,
            1 => p[0].1,
            n => {
                let tau = std::f64::consts::TAU;
                let az = azimuth_rad.rem_euclid(tau);
                // Segment [p[i], p[i+1]] containing az; the wrap segment runs from the last point
                // to the first point + 2π (az below the first point is shifted up by 2π).
                let i = p.partition_point(|&(a, _)| a <= az);
                let (lo, hi, x) = match i {
                    0 => (p[n - 1], (p[0].0 + tau, p[0].1), az + tau),
                    i if i == n => (p[n - 1], (p[0].0 + tau, p[0].1), az),
                    i => (p[i - 1], p[i], az),
                };
                // Linear interpolation: e = e0 + (e1 − e0)(az − a0)/(a1 − a0).
                lo.1 + (hi.1 - lo.1) * (x - lo.0) / (hi.0 - lo.0)
            }
        }
    }

    /// Lowest and highest mask elevation (rad) over all azimuths: the extreme points, since the
    /// mask is piecewise linear. (−∞, −∞) without a mask.
    pub(crate) fn elevation_range_rad(&self) -> (f64, f64) {
        if self.points_rad.is_empty() {
            return (f64::NEG_INFINITY, f64::NEG_INFINITY);
        }
        self.points_rad
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, e)| {
                (lo.min(e), hi.max(e))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deg(mask: &HorizonMask, az_deg: f64) -> f64 {
        mask.elevation_rad(az_deg.to_radians()).to_degrees()
    }

    #[test]
    fn interpolates_and_wraps() {
        let m = HorizonMask::from_degrees(
            "mask",
            &[(0.0, 5.0), (90.0, 12.0), (180.0, 8.0), (270.0, 5.0)],
        )
        .unwrap();
        assert!((deg(&m, 45.0) - 8.5).abs() < 1e-12);
        assert!((deg(&m, 90.0) - 12.0).abs() < 1e-12);
        assert!((deg(&m, 135.0) - 10.0).abs() < 1e-12);
        assert!((deg(&m, 315.0) - 5.0).abs() < 1e-12);
        assert!((deg(&m, -45.0) - 5.0).abs() < 1e-12);
        let w = HorizonMask::from_degrees("mask", &[(10.0, 10.0), (350.0, 30.0)]).unwrap();
        // Wrap segment 350° → 370°: at 0° (= 360°) halfway between 30 and 10.
        assert!((deg(&w, 0.0) - 20.0).abs() < 1e-9);
        assert!((deg(&w, 355.0) - 25.0).abs() < 1e-9);
        assert!((deg(&w, 5.0) - 15.0).abs() < 1e-9);
        let (lo, hi) = w.elevation_range_rad();
        assert!((lo.to_degrees() - 10.0).abs() < 1e-12 && (hi.to_degrees() - 30.0).abs() < 1e-12);
    }

    #[test]
    fn empty_and_single() {
        assert_eq!(HorizonMask::none().elevation_rad(1.0), f64::NEG_INFINITY);
        assert_eq!(
            HorizonMask::none().elevation_range_rad().0,
            f64::NEG_INFINITY
        );
        let c = HorizonMask::from_degrees("mask", &[(123.0, 7.0)]).unwrap();
        assert!((deg(&c, 3.0) - 7.0).abs() < 1e-12);
    }

    #[test]
    fn rejects_bad_points() {
        for bad in [
            vec![(360.0, 5.0)],
            vec![(-1.0, 5.0)],
            vec![(10.0, 5.0), (10.0, 6.0)],
            vec![(20.0, 5.0), (10.0, 6.0)],
            vec![(10.0, 91.0)],
            vec![(10.0, -6.0)],
            vec![(f64::NAN, 1.0)],
        ] {
            let err = HorizonMask::from_degrees("stations.x.horizon_mask", &bad).unwrap_err();
            assert!(err.to_string().contains("stations.x.horizon_mask"), "{err}");
        }
    }
}
