//! Planned orbits: SGP4 mean elements from the parameters a mission designer states.
//!
//! - Size: altitude above the WGS-72 equatorial radius R = 6378.135 km (SGP4's Earth, so that
//!   "600 km" means a = R + 600 km inside SGP4) or the semi-major axis.
//! - Sun-synchronous inclination from the J2 secular node rate (Vallado, "Fundamentals of
//!   Astrodynamics and Applications", 4th ed., §9.6, eq. 9-41 with Ω̇ set to the Sun's mean
//!   motion; Wertz, "Space Mission Engineering: The New SMAD", §9.4):
//!   cos i = −2 ρ̇ a^(7/2) (1−e²)² / (3 J2 R² √μ),  ρ̇ = 360° / 365.2422 d,
//!   with WGS-72 J2, R, μ = 398600.8 km³/s². At 600 km, e = 0: i = 97.79°. This first-order
//!   rate is what mission designers quote; SGP4's own secular node rate (J2², J4 terms) is
//!   3e-3 slower there, so the LTAN drifts by ≈ 4.5 min per year under SGP4.
//! - Node from the local time of the ascending node: RAAN = α☉ + 15°/h · (LTAN − 12 h), where
//!   α☉ is the right ascension of the mean Sun, taken as the Sun's mean longitude of the
//!   Astronomical Almanac's low-precision solar coordinates (Section C, "Low precision formulas
//!   for the Sun"): L = 280.460° + 0.9856474° d, d = days from J2000.0. The mean Sun moves
//!   uniformly on the equator, so LTAN is mean local solar time, as mission LTANs are stated.
//!   TEME and the mean equinox of date differ by the equation of the equinoxes (< 1.2″).
//! - Mean motion: the user's a is taken as SGP4's own (Brouwer) mean semi-major axis, so the
//!   Brouwer mean motion is n″ = kₑ (R/a)^(3/2) (kₑ = √μ in Earth radii and minutes). SGP4
//!   expects the Kozai mean motion n₀ of a TLE and derives n″ = n₀ / (1 + δ₀) with
//!   δ₀ ~ ¾ J2 (3cos²i − 1)/(a²(1−e²)^(3/2)) ~ 1e-3 (Hoots & Roehrich, Spacetrack Report #3);
//!   we invert that map by fixed-point iteration through the crate's own
//!   `Orbit::from_kozai_elements`. Writing n″ directly into the TLE field instead would shift
//!   the mean semi-major axis by ⅔ δ₀ a ≈ 3–5 km in LEO. B* = 0 (no drag).

use super::Satellite;
use crate::error::{Error, Result};
use crate::time::{days_since_j2000, from_unix_seconds};

/// WGS-72 equatorial radius of SGP4, m.
const EARTH_RADIUS_M: f64 = sgp4::WGS72.ae * 1e3;
/// Mean motion of the mean Sun = required node rate of a sun-synchronous orbit, rad/s
/// (360° per tropical year of 365.2422 d).
const SUN_MEAN_MOTION_RAD_S: f64 = 2.0 * std::f64::consts::PI / (365.2422 * 86_400.0);

/// The highest mean altitude a − R of a planned orbit, m (past the Moon's distance, a
/// near-Earth propagator is meaningless).
const MAX_ALTITUDE_M: f64 = 5.0e8;

/// WGS-72 gravitational parameter μ = kₑ² R³ / (60 s/min)², m³/s² (= 398600.8 km³/s²).
fn mu_m3_s2() -> f64 {
    sgp4::WGS72.ke.powi(2) * EARTH_RADIUS_M.powi(3) / 3600.0
}

/// Size of a planned orbit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OrbitSize {
    /// Mean altitude a − R above the WGS-72 equatorial radius R = 6378.135 km, metres.
    AltitudeM(f64),
    /// Mean (Brouwer) semi-major axis, metres.
    SemiMajorAxisM(f64),
}

/// Inclination of a planned orbit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Inclination {
    /// Mean inclination to the TEME equator, degrees in [0, 180].
    Deg(f64),
    /// The sun-synchronous inclination for the orbit's a and e (J2 node rate = mean Sun rate).
    SunSynchronous,
}

/// Orientation of the orbit plane of a planned orbit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node {
    /// Right ascension of the ascending node in TEME, degrees.
    RaanDeg(f64),
    /// Mean local solar time of the ascending node at the epoch, hours in [0, 24).
    LtanH(f64),
}

/// Mean elements of an orbit without a TLE (a planned mission or a constellation design).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedOrbit {
    /// Satellite name.
    pub name: String,
    /// Epoch of the elements, Unix seconds UTC.
    pub epoch_unix_s: f64,
    /// Altitude or semi-major axis.
    pub size: OrbitSize,
    /// Mean eccentricity, in [0, 1) with perigee above R.
    pub eccentricity: f64,
    /// Inclination in degrees or sun-synchronous.
    pub inclination: Inclination,
    /// RAAN in degrees or LTAN in hours.
    pub node: Node,
    /// Mean argument of perigee, degrees.
    pub argument_of_perigee_deg: f64,
    /// Mean anomaly at the epoch, degrees.
    pub mean_anomaly_deg: f64,
}

impl PlannedOrbit {
    /// Mean (Brouwer) semi-major axis, metres, after validating the size and eccentricity.
    pub(crate) fn semi_major_axis_m(&self) -> Result<f64> {
        let a = match self.size {
            OrbitSize::AltitudeM(h) if h > 0.0 && h.is_finite() => EARTH_RADIUS_M + h,
            OrbitSize::AltitudeM(h) => {
                return Err(Error::invalid(
                    "altitude_m",
                    h,
                    "must be > 0 (above R = 6378.135 km)",
                ))
            }
            OrbitSize::SemiMajorAxisM(a) if a > EARTH_RADIUS_M && a.is_finite() => a,
            OrbitSize::SemiMajorAxisM(a) => {
                return Err(Error::invalid(
                    "semi_major_axis_m",
                    a,
                    "must be > 6378135 m",
                ))
            }
        };
        if a - EARTH_RADIUS_M > MAX_ALTITUDE_M {
            let (key, value) = match self.size {
                OrbitSize::AltitudeM(h) => ("altitude_m", h),
                OrbitSize::SemiMajorAxisM(a) => ("semi_major_axis_m", a),
            };
            return Err(Error::invalid(
                key,
                value,
                "an orbit below 500 000 km altitude (beyond the Moon, SGP4 means nothing)",
            ));
        }
        let e = self.eccentricity;
        if !(0.0..1.0).contains(&e) {
            return Err(Error::invalid("eccentricity", e, "must be in [0, 1)"));
        }
        if a * (1.0 - e) <= EARTH_RADIUS_M {
            let allowed = format!(
                "perigee a(1−e) must be above R = 6378.135 km; here a = {:.3} km, so e < {:.6}",
                a / 1e3,
                1.0 - EARTH_RADIUS_M / a
            );
            return Err(Error::invalid("eccentricity", e, allowed));
        }
        Ok(a)
    }

    /// Mean inclination in degrees (the sun-synchronous one if so asked).
    pub fn inclination_deg(&self) -> Result<f64> {
        let a = self.semi_major_axis_m()?;
        match self.inclination {
            Inclination::Deg(i) if (0.0..=180.0).contains(&i) => Ok(i),
            Inclination::Deg(i) => Err(Error::invalid("inclination", i, "degrees in [0, 180]")),
            Inclination::SunSynchronous => sun_synchronous_inclination_deg(a, self.eccentricity),
        }
    }

    /// Right ascension of the ascending node in TEME, degrees in [0, 360).
    pub fn raan_deg(&self) -> Result<f64> {
        let raan = match self.node {
            Node::RaanDeg(raan) if raan.is_finite() => raan,
            Node::RaanDeg(raan) => return Err(Error::invalid("raan_deg", raan, "a finite angle")),
            Node::LtanH(ltan) if (0.0..24.0).contains(&ltan) => {
                // RAAN = α☉ + 15°/h · (LTAN − 12 h)
                mean_sun_right_ascension_deg(self.epoch_unix_s) + 15.0 * (ltan - 12.0)
            }
            Node::LtanH(ltan) => return Err(Error::invalid("ltan_h", ltan, "hours in [0, 24)")),
        };
        Ok(raan.rem_euclid(360.0))
    }

    /// SGP4 elements of this orbit (Kozai mean motion, B* = 0, NORAD id none).
    pub fn to_satellite(&self) -> Result<Satellite> {
        if !self.epoch_unix_s.is_finite() {
            return Err(Error::invalid(
                "epoch",
                self.epoch_unix_s,
                "a finite Unix time",
            ));
        }
        for (key, angle) in [
            ("argument_of_perigee_deg", self.argument_of_perigee_deg),
            ("mean_anomaly_deg", self.mean_anomaly_deg),
        ] {
            if !angle.is_finite() {
                return Err(Error::invalid(key, angle, "a finite angle"));
            }
        }
        let a = self.semi_major_axis_m()?;
        let e = self.eccentricity;
        let i_deg = self.inclination_deg()?;
        let raan_deg = self.raan_deg()?;
        let argp_deg = self.argument_of_perigee_deg.rem_euclid(360.0);
        let m_deg = self.mean_anomaly_deg.rem_euclid(360.0);
        let kozai_rad_min = kozai_mean_motion_rad_min(a, e, i_deg.to_radians())
            .map_err(|reason| Error::invalid("semi_major_axis_m", a, reason))?;
        let elements = sgp4::Elements {
            object_name: Some(self.name.clone()),
            international_designator: None,
            norad_id: 0,
            classification: sgp4::Classification::Unclassified,
            datetime: from_unix_seconds(self.epoch_unix_s).naive_utc(),
            mean_motion_dot: 0.0,
            mean_motion_ddot: 0.0,
            drag_term: 0.0,
            element_set_number: 0,
            inclination: i_deg,
            right_ascension: raan_deg,
            eccentricity: e,
            argument_of_perigee: argp_deg,
            mean_anomaly: m_deg,
            // rev/day = rad/min · 1440 / 2π
            mean_motion: kozai_rad_min * 720.0 / std::f64::consts::PI,
            revolution_number: 0,
            ephemeris_type: 0,
        };
        Ok(Satellite {
            name: self.name.clone(),
            norad_id: None,
            source: "planned orbit".to_string(),
            elements,
            station_kept_longitude_deg: None,
        })
    }
}

/// Sun-synchronous inclination in degrees for a mean semi-major axis (m) and eccentricity:
/// cos i = −2 ρ̇ a^(7/2) (1−e²)² / (3 J2 R² √μ) (Vallado §9.6), WGS-72 constants. Errors when
/// no inclination makes the orbit sun-synchronous (a > 12 352 km for e = 0).
pub(crate) fn sun_synchronous_inclination_deg(
    semi_major_axis_m: f64,
    eccentricity: f64,
) -> Result<f64> {
    let (a, e) = (semi_major_axis_m, eccentricity);
    let cos_i = -2.0 * SUN_MEAN_MOTION_RAD_S * a.powf(3.5) * (1.0 - e * e).powi(2)
        / (3.0 * sgp4::WGS72.j2 * EARTH_RADIUS_M.powi(2) * mu_m3_s2().sqrt());
    if !(-1.0..=1.0).contains(&cos_i) {
        let allowed = format!(
            "a sun-synchronous orbit needs |cos i| <= 1; here cos i = {cos_i:.4} for a = {:.3} km, \
             e = {e}: lower the altitude or raise the eccentricity",
            a / 1e3
        );
        return Err(Error::invalid("inclination", "sun-synchronous", allowed));
    }
    Ok(cos_i.acos().to_degrees())
}

/// Right ascension of the mean Sun, degrees in [0, 360): the Sun's mean longitude
/// L = 280.460° + 0.9856474° d, d = days from J2000.0 (Astronomical Almanac, Section C,
/// low-precision formulas for the Sun; UT is used for TT, 69 s ≈ 0.003° apart).
pub(crate) fn mean_sun_right_ascension_deg(unix_s: f64) -> f64 {
    (280.460 + 0.985_647_4 * days_since_j2000(unix_s)).rem_euclid(360.0)
}

/// A station-kept geostationary satellite at `longitude_deg` (east): see
/// [`Satellite::station_kept_longitude_deg`]. Its SGP4 elements (e = 0, i = 0, one sidereal
/// revolution per day, over λ at the epoch) only describe the orbit for labels and the period.
pub fn geostationary(name: &str, epoch_unix_s: f64, longitude_deg: f64) -> Result<Satellite> {
    use crate::frames::{gmst_rad, EARTH_ROTATION_RATE_RAD_S};
    if !(-180.0..=360.0).contains(&longitude_deg) {
        return Err(Error::invalid(
            "longitude_deg",
            longitude_deg,
            "degrees east in [-180, 360]",
        ));
    }
    // Along-track angle Ω + ω + M = GMST + λ puts the satellite over λ at the epoch.
    let along_track_deg = (gmst_rad(epoch_unix_s).to_degrees() + longitude_deg).rem_euclid(360.0);
    let mut satellite = PlannedOrbit {
        name: name.to_string(),
        epoch_unix_s,
        size: OrbitSize::AltitudeM(35_786e3),
        eccentricity: 0.0,
        inclination: Inclination::Deg(0.0),
        node: Node::RaanDeg(0.0),
        argument_of_perigee_deg: 0.0,
        mean_anomaly_deg: along_track_deg,
    }
    .to_satellite()?;
    satellite.elements.mean_motion = EARTH_ROTATION_RATE_RAD_S * 86_400.0 / std::f64::consts::TAU;
    satellite.station_kept_longitude_deg = Some(longitude_deg);
    Ok(satellite)
}

/// Kozai mean motion n₀ (rad/min) whose Brouwer mean motion under SGP4 (WGS-72) is
/// n″ = kₑ (R/a)^(3/2): iterate n₀ ← n₀ · n″ / n″(n₀); δ₀ ~ 1e-3 varies slowly with n₀, so
/// each step gains about three digits.
fn kozai_mean_motion_rad_min(a_m: f64, e: f64, i_rad: f64) -> Result<f64, String> {
    let target = sgp4::WGS72.ke * (EARTH_RADIUS_M / a_m).powf(1.5);
    let mut kozai = target;
    for _ in 0..20 {
        let brouwer =
            sgp4::Orbit::from_kozai_elements(&sgp4::WGS72, i_rad, 0.0, e, 0.0, 0.0, kozai)
                .map_err(|e| e.to_string())?
                .mean_motion;
        let ratio = target / brouwer;
        kozai *= ratio;
        if (ratio - 1.0).abs() < 1e-15 {
            return Ok(kozai);
        }
    }
    Err("the Kozai mean motion did not converge".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orbit::propagator::GEOSTATIONARY_RADIUS_M;
    use crate::orbit::Propagator;
    use crate::time::{parse_utc, unix_seconds};

    fn sso(ltan_h: f64) -> PlannedOrbit {
        PlannedOrbit {
            name: "SSO-600".into(),
            epoch_unix_s: unix_seconds(parse_utc("2026-03-19T00:00:00Z").unwrap()),
            size: OrbitSize::AltitudeM(600e3),
            eccentricity: 0.0,
            inclination: Inclination::SunSynchronous,
            node: Node::LtanH(ltan_h),
            argument_of_perigee_deg: 0.0,
            mean_anomaly_deg: 0.0,
        }
    }

    #[test]
    fn wgs72_mu() {
        assert!((mu_m3_s2() / 398_600.8e9 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn sun_synchronous_inclination_reference_values() {
        // Vallado §9.6 / Wertz: ≈ 97.8° at 600 km and ≈ 98.6° at 800 km (circular).
        // Closed form with WGS-72: 97.7877° and 98.6032°; tolerance 1e-3°.
        let i600 = sso(10.5).inclination_deg().unwrap();
        assert!((i600 - 97.7877).abs() < 1e-3, "{i600}");
        let i800 = sun_synchronous_inclination_deg(EARTH_RADIUS_M + 800e3, 0.0).unwrap();
        assert!((i800 - 98.6032).abs() < 1e-3, "{i800}");
        let e = sun_synchronous_inclination_deg(13_000e3, 0.0)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("inclination = sun-synchronous is not allowed"),
            "{e}"
        );
    }

    #[test]
    fn sun_synchronous_node_follows_the_sun_under_sgp4() {
        // The node of the SGP4 orbit must advance at the mean Sun rate 0.98565°/day: 29.570°
        // in 30 days. SGP4's secular node rate adds J2² and J4 terms to the J2-only formula:
        // measured 29.477° (−3.1e-3 relative, an LTAN drift of ≈ −4.5 min/year). Tolerance
        // 0.15°; since dΩ̇/di = −Ω̇ tan i, it still catches inclination errors above 0.04°.
        let p = Propagator::new(&sso(10.5).to_satellite().unwrap()).unwrap();
        // Node of the osculating plane, averaged over one period to remove short-period terms.
        let mean_node = |t0: f64| {
            let (mut sx, mut sy) = (0.0, 0.0);
            for k in 0..100 {
                let s = p
                    .state_teme(t0 + p.period_s() * f64::from(k) / 100.0)
                    .unwrap();
                let h = s.position_m.cross(&s.velocity_m_s);
                let node = h.x.atan2(-h.y);
                (sx, sy) = (sx + node.cos(), sy + node.sin());
            }
            sy.atan2(sx).to_degrees()
        };
        let t0 = p.epoch_unix_s();
        let drift = (mean_node(t0 + 30.0 * 86_400.0) - mean_node(t0)).rem_euclid(360.0);
        let expected = 30.0 * 360.0 / 365.2422;
        assert!(
            (drift - expected).abs() < 0.15,
            "drift {drift} vs {expected}"
        );
    }

    #[test]
    fn ltan_to_raan() {
        // At J2000.0 the mean Sun is at 280.460°: LTAN 12 h → 280.46°, 6 h → 190.46°, 18 h → 10.46°.
        let mut orbit = sso(12.0);
        orbit.epoch_unix_s = 946_728_000.0;
        for (ltan, raan) in [(12.0, 280.46), (6.0, 190.46), (18.0, 10.46)] {
            orbit.node = Node::LtanH(ltan);
            assert!((orbit.raan_deg().unwrap() - raan).abs() < 1e-9, "{ltan}");
        }
        // At the March equinox (2026-03-20T14:46Z) the true Sun is at RA 0; the mean Sun is
        // ahead by the equation of time, −7.4 min there (≈ −1.9°): RAAN(LTAN 12 h) ≈ 358.1°.
        orbit.epoch_unix_s = unix_seconds(parse_utc("2026-03-20T14:46:00Z").unwrap());
        orbit.node = Node::LtanH(12.0);
        let raan = orbit.raan_deg().unwrap();
        assert!((raan - 358.1).abs() < 0.3, "{raan}");
        orbit.node = Node::LtanH(24.0);
        assert!(orbit.raan_deg().is_err());
    }

    #[test]
    fn brouwer_semi_major_axis_is_the_requested_one() {
        // SGP4's internal a″ = (kₑ/n″)^(2/3) R must equal R + 600 km to 1 mm, while the Kozai
        // mean motion written into the elements differs from n″ by δ₀ ≈ −6e-4 (≈ 3 km in a).
        let sat = sso(10.5).to_satellite().unwrap();
        let el = &sat.elements;
        let kozai = el.mean_motion * std::f64::consts::PI / 720.0;
        let brouwer = sgp4::Orbit::from_kozai_elements(
            &sgp4::WGS72,
            el.inclination.to_radians(),
            0.0,
            el.eccentricity,
            0.0,
            0.0,
            kozai,
        )
        .unwrap()
        .mean_motion;
        let a = (sgp4::WGS72.ke / brouwer).powf(2.0 / 3.0) * EARTH_RADIUS_M;
        assert!((a - (EARTH_RADIUS_M + 600e3)).abs() < 1e-3, "{a}");
        let a_kozai = (sgp4::WGS72.ke / kozai).powf(2.0 / 3.0) * EARTH_RADIUS_M;
        assert!((a - a_kozai).abs() > 2e3, "{}", a - a_kozai);
        assert_eq!(sat.norad_id, None);
        assert_eq!(el.drag_term, 0.0);
    }

    #[test]
    fn validation_errors() {
        let mut o = sso(10.5);
        o.eccentricity = 1.0;
        assert_eq!(
            o.to_satellite().unwrap_err().to_string(),
            "eccentricity = 1 is not allowed: must be in [0, 1)"
        );
        o.eccentricity = 0.1;
        assert!(o
            .to_satellite()
            .unwrap_err()
            .to_string()
            .contains("perigee"));
        o.eccentricity = 0.0;
        o.size = OrbitSize::AltitudeM(-1.0);
        assert!(o
            .to_satellite()
            .unwrap_err()
            .to_string()
            .starts_with("altitude_m = -1 is not allowed"));
        o.size = OrbitSize::AltitudeM(600e3);
        o.inclination = Inclination::Deg(181.0);
        assert!(o.to_satellite().is_err());
    }

    #[test]
    fn station_kept_geostationary_stays_over_its_longitude_for_a_year() {
        use crate::frames::{teme_to_ecef, Geodetic};
        let epoch = unix_seconds(parse_utc("2026-01-01T00:00:00Z").unwrap());
        let sat = geostationary("GEO-90.8E", epoch, 90.8).unwrap();
        let prop = Propagator::new(&sat).unwrap();
        let mut cursor = prop.cursor();
        for day in [0.0, 1.0, 100.0, 365.0] {
            let t = epoch + day * 86_400.0;
            let s = cursor.state_teme(t).unwrap();
            let ecef = teme_to_ecef(&s.position_m, &s.velocity_m_s, t, 0.0);
            let g = Geodetic::from_ecef(&ecef.position_m);
            // Station kept: the same Earth-fixed point at any time, at the geostationary radius.
            assert!(
                (g.longitude_deg() - 90.8).abs() < 1e-9,
                "day {day}: {}",
                g.longitude_deg()
            );
            assert!(g.latitude_deg().abs() < 1e-9, "{}", g.latitude_deg());
            assert!((ecef.position_m.norm() - GEOSTATIONARY_RADIUS_M).abs() < 1e-3);
            assert!(
                ecef.velocity_m_s.norm() < 1e-6,
                "{}",
                ecef.velocity_m_s.norm()
            );
        }
    }
}
