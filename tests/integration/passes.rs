//! Pass search invariants against brute-force 1 s sampling, on Kepler orbits (LEO 300–2000 km,
//! any inclination, e < 0.05) seen from random stations with random horizon masks, plus the
//! GEO (clipped pass) and Sun-exclusion cases.

use nalgebra::{Rotation3, Vector3};
use oslink::access::{find_passes, OrbitShape, Pass, PassSearch, SatelliteId};
use oslink::frames::{teme_to_ecef, EcefState, Topocentric};
use oslink::ground::{HorizonMask, Station};
use oslink::orbit::{Inclination, Node, OrbitSize, PlannedOrbit, Propagator, Satellite};
use proptest::prelude::*;

const MU_M3_S2: f64 = 3.986_004_418e14;
const EARTH_RATE_RAD_S: f64 = 7.292_115e-5;
const EARTH_RADIUS_M: f64 = 6_378_137.0;
const T0: f64 = 1_773_878_400.0; // 2026-03-19T00:00:00Z

/// A Kepler orbit seen in an Earth frame rotating at the IERS rate (an exact, cheap trajectory
/// whose elevation the brute force can sample densely).
#[derive(Debug, Clone, Copy)]
struct Kepler {
    a_m: f64,
    e: f64,
    inclination_rad: f64,
    raan_rad: f64,
    argp_rad: f64,
    mean_anomaly_rad: f64,
}

/// Anything the brute force can sample.
trait Orbit {
    fn state(&self, t: f64) -> EcefState;
}

impl Orbit for Kepler {
    fn state(&self, t: f64) -> EcefState {
        Kepler::state(self, t)
    }
}

/// SGP4 of a planned orbit, the real pipeline of `find_passes`.
impl Orbit for Propagator {
    fn state(&self, t: f64) -> EcefState {
        let s = self.state_teme(t).unwrap();
        teme_to_ecef(&s.position_m, &s.velocity_m_s, t, 0.0)
    }
}

impl Kepler {
    fn mean_motion(&self) -> f64 {
        (MU_M3_S2 / self.a_m.powi(3)).sqrt()
    }

    fn shape(&self) -> OrbitShape {
        OrbitShape {
            period_s: std::f64::consts::TAU / self.mean_motion(),
            eccentricity: self.e,
        }
    }

    fn state(&self, t: f64) -> EcefState {
        let n = self.mean_motion();
        let m = self.mean_anomaly_rad + n * (t - T0);
        let mut ecc = m;
        for _ in 0..30 {
            // Newton on Kepler's equation E − e sin E = M.
            ecc -= (ecc - self.e * ecc.sin() - m) / (1.0 - self.e * ecc.cos());
        }
        let (s, c) = ecc.sin_cos();
        let b = (1.0 - self.e * self.e).sqrt();
        let r_pf = Vector3::new(self.a_m * (c - self.e), self.a_m * b * s, 0.0);
        let v_pf = Vector3::new(-s, b * c, 0.0) * (n * self.a_m / (1.0 - self.e * c));
        let to_inertial = Rotation3::from_axis_angle(&Vector3::z_axis(), self.raan_rad)
            * Rotation3::from_axis_angle(&Vector3::x_axis(), self.inclination_rad)
            * Rotation3::from_axis_angle(&Vector3::z_axis(), self.argp_rad);
        let to_ecef = Rotation3::from_axis_angle(&Vector3::z_axis(), -EARTH_RATE_RAD_S * (t - T0));
        let r = to_ecef * (to_inertial * r_pf);
        let v = to_ecef * (to_inertial * v_pf) - Vector3::new(0.0, 0.0, EARTH_RATE_RAD_S).cross(&r);
        EcefState {
            position_m: r,
            velocity_m_s: v,
        }
    }
}

fn search(orbit: &Kepler, stations: &[Station], span_s: f64) -> Vec<Pass> {
    let id = SatelliteId {
        index: 0,
        name: "kepler".into(),
        norad_id: None,
    };
    let search = PassSearch::new(stations, T0, T0 + span_s).unwrap();
    search
        .search(&id, orbit.shape(), &mut |t: f64| Ok(orbit.state(t)))
        .unwrap()
}

/// Checks one station's passes against 1 s sampling; tolerances are 1e-3 degrees.
fn check_against_brute_force(
    orbit: &impl Orbit,
    station: &Station,
    index: usize,
    passes: &[Pass],
    span_s: f64,
) {
    let topo = Topocentric::new(&station.location);
    let tol = 1e-3_f64.to_radians();
    let look = |t: f64| topo.look_angles(&orbit.state(t));
    let margin = |t: f64| {
        let l = look(t);
        l.elevation_rad - station.threshold_rad(l.azimuth_rad)
    };
    let mine: Vec<&Pass> = passes.iter().filter(|p| p.station_index == index).collect();
    for p in &mine {
        assert!(
            p.aos_unix_s <= p.tca_unix_s && p.tca_unix_s <= p.los_unix_s,
            "{p:?}"
        );
        if !p.clipped_start {
            assert!(
                margin(p.aos_unix_s).abs() < tol,
                "AOS margin {} deg {p:?}",
                margin(p.aos_unix_s).to_degrees()
            );
        }
        if !p.clipped_end {
            assert!(
                margin(p.los_unix_s).abs() < tol,
                "LOS margin {} deg {p:?}",
                margin(p.los_unix_s).to_degrees()
            );
        }
        let mut t = p.aos_unix_s.ceil();
        while t <= p.los_unix_s {
            let el = look(t).elevation_rad;
            assert!(
                el <= p.max_elevation_rad + tol,
                "el {} > max {} at {t} {p:?}",
                el.to_degrees(),
                p.max_elevation_rad.to_degrees()
            );
            t += 1.0;
        }
    }
    // Every run of ≥ 11 s above the threshold (12 consecutive 1 s samples) overlaps a pass.
    let (mut run_start, mut run_len) = (0.0, 0usize);
    let n = span_s as usize;
    for k in 0..=n + 1 {
        let t = T0 + k as f64;
        if k <= n && margin(t) > 0.0 {
            if run_len == 0 {
                run_start = t;
            }
            run_len += 1;
        } else {
            if run_len >= 12 {
                let run_end = run_start + (run_len - 1) as f64;
                assert!(
                    mine.iter()
                        .any(|p| p.aos_unix_s <= run_end && p.los_unix_s >= run_start),
                    "missed a pass {run_start}..{run_end} at {} (found {mine:?})",
                    station.name
                );
            }
            run_len = 0;
        }
    }
}

fn station_strategy() -> impl Strategy<Value = Station> {
    (
        -89.0..89.0f64,
        -180.0..180.0f64,
        0.0..3000.0f64,
        0.0..30.0f64,
        prop::collection::vec((0.0..360.0f64, -5.0..40.0f64), 0..6),
    )
        .prop_map(|(lat, lon, alt, min_el, mut points)| {
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            points.dedup_by(|a, b| a.0 - b.0 < 1e-6);
            let mask = HorizonMask::from_degrees("mask", &points).unwrap();
            Station::custom("random", lat, lon, alt)
                .unwrap()
                .with_min_elevation_deg("min", min_el)
                .unwrap()
                .with_horizon_mask(mask)
        })
}

fn leo_strategy() -> impl Strategy<Value = Kepler> {
    (
        300e3..2000e3f64,
        0.0..0.05f64,
        0.0..180.0f64,
        0.0..360.0f64,
        0.0..360.0f64,
        0.0..360.0f64,
    )
        .prop_map(|(perigee_alt, e, inc, raan, argp, m)| Kepler {
            // Perigee altitude in the LEO range: a = (R + h_p)/(1 − e).
            a_m: (EARTH_RADIUS_M + perigee_alt) / (1.0 - e),
            e,
            inclination_rad: inc.to_radians(),
            raan_rad: raan.to_radians(),
            argp_rad: argp.to_radians(),
            mean_anomaly_rad: m.to_radians(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn passes_match_brute_force(orbit in leo_strategy(), stations in prop::collection::vec(station_strategy(), 1..3)) {
        let span_s = 12.0 * 3600.0;
        let passes = search(&orbit, &stations, span_s);
        for (i, s) in stations.iter().enumerate() {
            check_against_brute_force(&orbit, s, i, &passes, span_s);
        }
        let keys: Vec<(usize, f64)> = passes.iter().map(|p| (p.station_index, p.aos_unix_s)).collect();
        prop_assert!(keys.windows(2).all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
    }
}

fn planned_strategy() -> impl Strategy<Value = Satellite> {
    (
        300e3..2000e3f64,
        0.0..1.0f64,
        0.0..180.0f64,
        0.0..360.0f64,
        0.0..360.0f64,
        0.0..360.0f64,
    )
        .prop_map(|(altitude_m, e_fraction, inc, raan, argp, m)| {
            // e < 0.05, and small enough to keep the perigee 150 km up: a(1 − e) ≥ R + 150 km.
            let a = EARTH_RADIUS_M + altitude_m;
            let e = e_fraction * 0.05_f64.min((altitude_m - 150e3) / a);
            PlannedOrbit {
                name: "planned".into(),
                epoch_unix_s: T0,
                size: OrbitSize::AltitudeM(altitude_m),
                eccentricity: e,
                inclination: Inclination::Deg(inc),
                node: Node::RaanDeg(raan),
                argument_of_perigee_deg: argp,
                mean_anomaly_deg: m,
            }
            .to_satellite()
            .unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn sgp4_passes_match_brute_force(sat in planned_strategy(), stations in prop::collection::vec(station_strategy(), 1..3)) {
        let span_s = 8.0 * 3600.0;
        let passes = find_passes(std::slice::from_ref(&sat), &stations, T0, T0 + span_s, 0.0).unwrap();
        let propagator = Propagator::new(&sat).unwrap();
        for (i, s) in stations.iter().enumerate() {
            check_against_brute_force(&propagator, s, i, &passes, span_s);
        }
    }
}

#[test]
fn same_passes_on_any_thread_count() {
    let sats: Vec<Satellite> = (0..40)
        .map(|k| {
            PlannedOrbit {
                name: format!("W{k}"),
                epoch_unix_s: T0,
                size: OrbitSize::AltitudeM(550e3),
                eccentricity: 0.0,
                inclination: Inclination::Deg(53.0),
                node: Node::RaanDeg(45.0 * (k / 5) as f64),
                argument_of_perigee_deg: 0.0,
                mean_anomaly_deg: 72.0 * (k % 5) as f64,
            }
            .to_satellite()
            .unwrap()
        })
        .collect();
    let stations: Vec<Station> = ["koganei", "okinawa", "belval"]
        .iter()
        .map(|s| Station::parse_spec(s).unwrap())
        .collect();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| find_passes(&sats, &stations, T0, T0 + 86_400.0, 0.0).unwrap())
    };
    let one = run(1);
    assert!(one.len() > 100, "{}", one.len());
    assert_eq!(one, run(2));
    let keys: Vec<(usize, usize, f64)> = one
        .iter()
        .map(|p| (p.satellite_index, p.station_index, p.aos_unix_s))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn leo_over_koganei_has_passes_of_plausible_length() {
    // 550 km, 53°: several passes a day above 10°, each shorter than ~9 minutes (2ψ = 30° of arc at 0.063°/s).
    let orbit = Kepler {
        a_m: EARTH_RADIUS_M + 550e3,
        e: 0.0,
        inclination_rad: 53f64.to_radians(),
        raan_rad: 0.3,
        argp_rad: 0.0,
        mean_anomaly_rad: 1.0,
    };
    let stations = vec![Station::parse_spec("koganei").unwrap()];
    let passes = search(&orbit, &stations, 86_400.0);
    assert!((2..=10).contains(&passes.len()), "{}", passes.len());
    for p in &passes {
        assert!(p.duration_s() > 0.0 && p.duration_s() < 540.0, "{p:?}");
        assert!(p.max_elevation_rad >= 10f64.to_radians());
    }
    check_against_brute_force(&orbit, &stations[0], 0, &passes, 86_400.0);
}

#[test]
fn geo_gives_one_clipped_pass() {
    // Geostationary radius from the sidereal rate, slightly inclined (0.05°), above 140° E.
    let a_m = (MU_M3_S2 / EARTH_RATE_RAD_S.powi(2)).cbrt();
    let orbit = Kepler {
        a_m,
        e: 0.0002,
        inclination_rad: 0.05f64.to_radians(),
        raan_rad: 0.0,
        argp_rad: 0.0,
        mean_anomaly_rad: 140f64.to_radians(),
    };
    let stations = vec![
        Station::parse_spec("koganei").unwrap(),
        Station::parse_spec("betzdorf").unwrap(),
    ];
    let passes = search(&orbit, &stations, 86_400.0);
    assert_eq!(passes.len(), 1, "{passes:?}");
    let p = &passes[0];
    assert_eq!(p.station, "koganei");
    assert!(p.clipped_start && p.clipped_end);
    assert_eq!((p.aos_unix_s, p.los_unix_s), (T0, T0 + 86_400.0));
    // Koganei sees 140° E at roughly 48° elevation.
    assert!(
        (p.max_elevation_rad.to_degrees() - 48.0).abs() < 2.0,
        "{}",
        p.max_elevation_rad.to_degrees()
    );
}

#[test]
fn sun_windows_split_passes_where_the_sun_is_close() {
    // With a 180° exclusion nothing is usable; with 0° the whole pass is one window; with a
    // middle value every window edge is at the exclusion angle.
    let orbit = Kepler {
        a_m: EARTH_RADIUS_M + 600e3,
        e: 0.001,
        inclination_rad: 97.8f64.to_radians(),
        raan_rad: 1.0,
        argp_rad: 0.0,
        mean_anomaly_rad: 0.0,
    };
    let base = Station::parse_spec("izana")
        .unwrap()
        .with_min_elevation_deg("min", 0.0)
        .unwrap();
    for (exclusion, check) in [(0.0, 0), (179.9, 1), (60.0, 2)] {
        let station = base
            .clone()
            .with_sun_exclusion_deg("sun", exclusion)
            .unwrap();
        let passes = search(&orbit, std::slice::from_ref(&station), 86_400.0);
        assert!(!passes.is_empty());
        let topo = Topocentric::new(&station.location);
        for p in &passes {
            let w = p.sun_windows.as_ref().unwrap();
            match check {
                0 => assert_eq!(
                    w,
                    &vec![oslink::access::Window {
                        start_unix_s: p.aos_unix_s,
                        end_unix_s: p.los_unix_s
                    }]
                ),
                1 => assert!(w.is_empty(), "{w:?}"),
                _ => {
                    for win in w {
                        for (t, is_edge) in [
                            (win.start_unix_s, win.start_unix_s > p.aos_unix_s),
                            (win.end_unix_s, win.end_unix_s < p.los_unix_s),
                        ] {
                            let sep = oslink::frames::sun_separation_rad(
                                &topo,
                                &orbit.state(t).position_m,
                                &oslink::frames::sun_position_ecef_m(t),
                            );
                            assert!(sep.to_degrees() >= 60.0 - 1e-3, "{}", sep.to_degrees());
                            if is_edge {
                                assert!(
                                    (sep.to_degrees() - 60.0).abs() < 1e-3,
                                    "{}",
                                    sep.to_degrees()
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
