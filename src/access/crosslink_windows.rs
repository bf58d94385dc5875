//! Inter-satellite link windows: the intervals where the line of sight between two satellites
//! clears the Earth by a margin and neither receiving terminal looks too close to the Sun.
//!
//! A window of the pair (A, B) needs, at every instant,
//!
//! - Earth: the grazing altitude of the segment A–B above the WGS-84 ellipsoid
//!   ([`grazing_altitude_m`]) at least the margin m;
//! - Sun at A (and at B) when that end has an exclusion angle θ: the angle between the line of
//!   sight toward the other end and the Sun ([`CrosslinkGeometry::sun_separation_rad`]) at
//!   least θ. The Sun is the low-precision one of `frames::sun`, of date (≈ TEME to 0.01°).
//!
//! Method. Each constraint is a function of time whose sign says whether it holds (grazing
//! altitude − m, separation − θ). The span is sampled with steps from Lipschitz bounds on
//! these functions (see `Link::sample` for the argument): from each sample the search jumps
//! as far as the bounds prove that the visibility of the link cannot change, and at least
//! 10 s, so every interval of visibility longer than 10 s contains a sample and far from any
//! edge the steps are minutes long. For the Earth two bounds are taken, the larger proven
//! time wins: |f|/V (f the grazing-altitude excess, V the ends' speed bound), and the
//! horizons of the two ends to second order in time (`Link::horizon_width_s`: whether each
//! end's ray toward the other clears a sphere enclosing, or is blocked by one inside, the
//! surface at the margin). The first is at most a minute for a LEO (its own altitude over
//! its speed); the second proves most of a LEO's view of a relay, and most of its
//! occultation, in a few steps. Between two samples whose constraints differ in sign, each
//! changing constraint's crossing is refined by Brent's method (R. P. Brent, *Algorithms for
//! Minimization without Derivatives*, Prentice-Hall 1973, ch. 4) to 1 ms and, for the Earth,
//! to 1 m of grazing altitude; walking these crossings in time order opens and closes the
//! windows, each edge named by the constraint that crossed ([`WindowEdge`]). A link visible at
//! a span edge gets a window clipped there ([`WindowEdge::Span`]).
//!
//! The exact grazing altitude is a Brent minimisation along the segment; away from the
//! margin it is not needed. The surface at height m above WGS-84 lies between the spheroid of
//! axes (a + m, b + m) and the same spheroid grown by at most 10 m (`earth_bound_m`); whether
//! a segment enters a spheroid, and by how much, is a closed form (scale z to make it a
//! sphere, then project the centre onto the segment). So only segments within that ~1 m band
//! need [`grazing_altitude_m`], and an Earth edge starts from the closed-form crossing of a
//! spheroid, checked and refined with the exact function in a 1 ms bracket.
//!
//! The Sun is evaluated on a 600 s grid over the span and interpolated linearly (its vector's
//! curvature, |S|·ω☉² ≈ 6e-3 m/s², makes that 270 m or 2e-9 rad at most).

use nalgebra::Vector3;
use rayon::prelude::*;
use serde::Serialize;

use super::crosslink::{grazing_altitude_m, sun_separations_rad};
use super::roots::brent;
#[cfg(doc)]
use super::CrosslinkGeometry;
use crate::error::{Error, Result};
use crate::frames::sun_position_mod_m;
use crate::orbit::{Cursor, Propagator, Satellite, TemeState};
use crate::units::{GM_EARTH_M3_S2, WGS84_A_M, WGS84_F};

/// Window edges are refined to this time tolerance, s.
const EDGE_TOL_S: f64 = 1e-3;
/// Earth edges are also refined until |grazing altitude − margin| ≤ this, m.
const EARTH_TOL_M: f64 = 1.0;
/// Sun edges are also refined until |separation − exclusion| ≤ this, rad (at the fastest
/// line-of-sight rates, ~1e-3 rad/s, 1 ms is 1e-6 rad; the time tolerance decides).
const SUN_TOL_RAD: f64 = 1e-7;
/// The shortest sampling step, s: a visibility interval longer than this contains a sample.
const FLOOR_STEP_S: f64 = 10.0;
/// Upper bound of the turning rate of the direction from a satellite to the Sun, rad/s: the
/// Sun's geocentric motion (~2e-7 rad/s) plus the satellite's parallax (≤ 8 km/s / 1 AU ≈
/// 5e-8 rad/s), with margin.
const SUN_DIRECTION_RATE_RAD_S: f64 = 1e-6;
/// Slack of the spheroid pre-tests, m: keeps their verdict equal to the sign of the numerical
/// [`grazing_altitude_m`] (accurate to far below this) where a segment touches a spheroid.
const SPHEROID_SLACK_M: f64 = 0.01;

/// Spacing of the Sun's interpolation nodes, s (see the module doc).
const SUN_NODE_STEP_S: f64 = 600.0;

/// The most Sun nodes kept (about 2.3 years at `SUN_NODE_STEP_S`, 5 MB).
const SUN_NODES_MAX: usize = 120_000;

/// How far the surface at height h above WGS-84 reaches outside the spheroid of axes
/// (a + h, b + h), m, bounded: ≤ 0.07 m at h = 50 km, 0.65 m at 500 km, 4 m at 5000 km and
/// below 9 m at any height (checked by the test `parallel_surface_lies_between_the_spheroids`).
fn parallel_surface_excess_m(height_m: f64) -> f64 {
    (1.0 + 1e-6 * height_m).min(10.0)
}

/// One satellite pair to search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrosslinkRequest {
    /// Index of end A in the satellite list.
    pub a: usize,
    /// Index of end B in the satellite list.
    pub b: usize,
    /// Sun exclusion angle of the receiving terminal at A and at B, rad in [0, π] (`None`: no
    /// constraint at that end): the angle between the line of sight toward the other end and
    /// the Sun must be at least this.
    pub sun_exclusion_rad: [Option<f64>; 2],
}

/// What opened or closed a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowEdge {
    /// Clipped at the start or end of the search span.
    Span,
    /// The grazing altitude crossed the margin.
    Earth,
    /// The Sun separation at A crossed A's exclusion angle.
    SunA,
    /// The Sun separation at B crossed B's exclusion angle.
    SunB,
}

impl WindowEdge {
    /// The edge's name in outputs: `span`, `earth`, `sun-a`, `sun-b`.
    pub fn name(&self) -> &'static str {
        match self {
            WindowEdge::Span => "span",
            WindowEdge::Earth => "earth",
            WindowEdge::SunA => "sun-a",
            WindowEdge::SunB => "sun-b",
        }
    }

    /// The edge of constraint `k` (0 Earth, 1 Sun at A, 2 Sun at B).
    fn of_constraint(k: usize) -> WindowEdge {
        [WindowEdge::Earth, WindowEdge::SunA, WindowEdge::SunB][k]
    }
}

/// An interval where the link between the two ends of a request is usable.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CrosslinkWindow {
    /// Start, Unix seconds UTC.
    pub start_unix_s: f64,
    /// End, Unix seconds UTC.
    pub end_unix_s: f64,
    /// What opened the window (unitless label).
    pub start_edge: WindowEdge,
    /// What closed the window (unitless label).
    pub end_edge: WindowEdge,
}

impl CrosslinkWindow {
    /// End − start, s.
    pub fn duration_s(&self) -> f64 {
        self.end_unix_s - self.start_unix_s
    }
}

/// The link windows of each request during [start, end] (Unix s UTC) with an Earth margin of
/// `margin_m` (m of grazing altitude above WGS-84): one result per request, in request order,
/// each with its windows in start order (see the module doc for the method). Requests run in
/// parallel on the current rayon pool, each satellite's propagator is built once, and the
/// output is identical for any thread count.
///
/// The outer error is an input that cannot be searched: a non-finite span or one that does
/// not end after it starts, a negative or non-finite margin, a request whose index is out of
/// range or whose ends are the same satellite, an exclusion angle outside [0, π]. An inner
/// error is a request whose satellite cannot be propagated over the span.
pub fn find_crosslink_windows(
    satellites: &[Satellite],
    requests: &[CrosslinkRequest],
    start_unix_s: f64,
    end_unix_s: f64,
    margin_m: f64,
) -> Result<Vec<Result<Vec<CrosslinkWindow>>>> {
    validate(
        satellites.len(),
        requests,
        start_unix_s,
        end_unix_s,
        margin_m,
    )?;
    let mut used = vec![false; satellites.len()];
    for r in requests {
        used[r.a] = true;
        used[r.b] = true;
    }
    // One propagator per satellite in use; a failed one is rebuilt per request for its error.
    let propagators: Vec<Option<Propagator>> = satellites
        .par_iter()
        .zip(used)
        .map(|(s, used)| used.then(|| Propagator::new(s).ok()).flatten())
        .collect();
    let sun = SunTable::new(start_unix_s, end_unix_s);
    Ok(requests
        .par_iter()
        .map(|request| {
            let (built_a, built_b);
            let pa = match &propagators[request.a] {
                Some(p) => p,
                None => {
                    built_a = Propagator::new(&satellites[request.a])?;
                    &built_a
                }
            };
            let pb = match &propagators[request.b] {
                Some(p) => p,
                None => {
                    built_b = Propagator::new(&satellites[request.b])?;
                    &built_b
                }
            };
            let eccentricity = [request.a, request.b].map(|i| satellites[i].elements.eccentricity);
            Link::new([pa, pb], eccentricity, &sun, request, margin_m)
                .search(start_unix_s, end_unix_s)
        })
        .collect())
}

fn validate(
    n_satellites: usize,
    requests: &[CrosslinkRequest],
    start_unix_s: f64,
    end_unix_s: f64,
    margin_m: f64,
) -> Result<()> {
    if !start_unix_s.is_finite() {
        return Err(Error::invalid("start", start_unix_s, "a finite Unix time"));
    }
    if !(end_unix_s.is_finite() && end_unix_s > start_unix_s) {
        return Err(Error::invalid(
            "end",
            crate::time::format_unix_ms(end_unix_s),
            format!(
                "must be after start {}",
                crate::time::format_unix_ms(start_unix_s)
            ),
        ));
    }
    if !(margin_m.is_finite() && margin_m >= 0.0) {
        return Err(Error::invalid(
            "margin_m",
            margin_m,
            "a finite grazing-altitude margin >= 0 m",
        ));
    }
    for (i, r) in requests.iter().enumerate() {
        for (end, index) in [("a", r.a), ("b", r.b)] {
            if index >= n_satellites {
                return Err(Error::invalid(
                    format!("requests[{i}].{end}"),
                    index,
                    format!("a satellite index below {n_satellites}"),
                ));
            }
        }
        if r.a == r.b {
            return Err(Error::invalid(
                format!("requests[{i}].b"),
                r.b,
                "a satellite other than end a",
            ));
        }
        for (k, theta) in r.sun_exclusion_rad.iter().enumerate() {
            if let Some(theta) = *theta {
                if !(0.0..=std::f64::consts::PI).contains(&theta) {
                    return Err(Error::invalid(
                        format!("requests[{i}].sun_exclusion_rad[{k}]"),
                        theta,
                        "an angle in [0, π] rad",
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The Kepler semi-major axis a = (μ/n²)^(1/3) of the propagator's period, m, and the
/// eccentricity clamped to [0, 0.999].
fn kepler_orbit(propagator: &Propagator, eccentricity: f64) -> (f64, f64) {
    let n = std::f64::consts::TAU / propagator.period_s();
    let a = (GM_EARTH_M3_S2 / (n * n)).cbrt();
    (a, eccentricity.clamp(0.0, 0.999))
}

/// Upper bound of a satellite's speed over its orbit, m/s: the Kepler perigee speed
/// v_p = √(μ(1+e)/(a(1−e))) with a = (μ/n²)^(1/3), 2 % + 10 m/s higher for SGP4's
/// perturbations.
fn speed_bound_m_s(propagator: &Propagator, eccentricity: f64) -> f64 {
    let (a, e) = kepler_orbit(propagator, eccentricity);
    1.02 * (GM_EARTH_M3_S2 * (1.0 + e) / (a * (1.0 - e))).sqrt() + 10.0
}

/// The band of geocentric radii a satellite keeps over the span, m: the Kepler band
/// [a(1 − e), a(1 + e)] of its mean elements widened by [`RADIUS_SLACK_M`] (SGP4's
/// short-period terms move a low orbit's radius by about 10 km about it), and widened again
/// whenever a sample comes within half the slack of an edge (drag lowers a decaying orbit by
/// far less than that between two samples).
#[derive(Debug, Clone, Copy)]
struct RadiusBand {
    lo_m: f64,
    hi_m: f64,
}

/// Slack of a [`RadiusBand`] beyond the Kepler band, m.
const RADIUS_SLACK_M: f64 = 50e3;

impl RadiusBand {
    fn of(propagator: &Propagator, eccentricity: f64) -> RadiusBand {
        let (a, e) = kepler_orbit(propagator, eccentricity);
        RadiusBand {
            lo_m: a * (1.0 - e) - RADIUS_SLACK_M,
            hi_m: a * (1.0 + e) + RADIUS_SLACK_M,
        }
    }

    /// Widens the band around a sampled radius `r_m` that comes near an edge.
    fn include(&mut self, r_m: f64) {
        if r_m - 0.5 * RADIUS_SLACK_M < self.lo_m {
            self.lo_m = r_m - RADIUS_SLACK_M;
        }
        if r_m + 0.5 * RADIUS_SLACK_M > self.hi_m {
            self.hi_m = r_m + RADIUS_SLACK_M;
        }
    }
}

/// Distance from the Earth's centre to the segment from `a` to `b`, m: the origin projected
/// onto the line, s* = −a·(b − a)/|b − a|², clamped to the segment s ∈ [0, 1].
fn segment_distance_m(a: &Vector3<f64>, b: &Vector3<f64>) -> f64 {
    let ab = b - a;
    let len2 = ab.norm_squared();
    let s = if len2 > 0.0 {
        (-a.dot(&ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * s).norm()
}

/// An Earth-centred spheroid (equatorial radius `equatorial_m`, polar radius `polar_m`).
#[derive(Debug, Clone, Copy)]
struct Spheroid {
    equatorial_m: f64,
    polar_m: f64,
}

impl Spheroid {
    /// A signed lower bound of the distance between the segment from `a` to `b` and the
    /// spheroid's surface, m: positive when the segment passes outside, negative when it
    /// enters (then its magnitude bounds the depth of the segment's deepest point).
    ///
    /// Scaling z by k = equatorial/polar maps the spheroid onto the sphere of radius
    /// `equatorial_m`, where the segment's clearance is D − equatorial with D its distance
    /// from the centre (`segment_distance_m`); scaling back shrinks distances by at most 1/k.
    fn clearance_m(&self, a: &Vector3<f64>, b: &Vector3<f64>) -> f64 {
        let k = self.equatorial_m / self.polar_m;
        let scale = |v: &Vector3<f64>| Vector3::new(v.x, v.y, v.z * k);
        (segment_distance_m(&scale(a), &scale(b)) - self.equatorial_m) / k
    }
}

/// The Sun's position of date (`frames::sun`) on a grid over the span, interpolated linearly.
struct SunTable {
    start_unix_s: f64,
    nodes_m: Vec<Vector3<f64>>,
}

impl SunTable {
    /// The table over [start, end]; no table (direct evaluation) beyond `SUN_NODES_MAX` nodes.
    fn new(start_unix_s: f64, end_unix_s: f64) -> SunTable {
        let n = ((end_unix_s - start_unix_s) / SUN_NODE_STEP_S).ceil() + 1.0;
        let nodes_m = if n <= SUN_NODES_MAX as f64 {
            (0..=n as usize)
                .map(|k| sun_position_mod_m(start_unix_s + SUN_NODE_STEP_S * k as f64))
                .collect()
        } else {
            Vec::new()
        };
        SunTable {
            start_unix_s,
            nodes_m,
        }
    }

    /// The Sun at `t` (inside the span), m, TEME ≈ of date.
    fn at(&self, t: f64) -> Vector3<f64> {
        if self.nodes_m.len() < 2 {
            return sun_position_mod_m(t);
        }
        let x = ((t - self.start_unix_s) / SUN_NODE_STEP_S).max(0.0);
        let k = (x.floor() as usize).min(self.nodes_m.len() - 2);
        let w = x - k as f64;
        self.nodes_m[k] * (1.0 - w) + self.nodes_m[k + 1] * w
    }
}

/// The two ends of a link, propagated together.
#[derive(Clone)]
struct Ends<'p> {
    a: Cursor<'p>,
    b: Cursor<'p>,
}

impl Ends<'_> {
    /// TEME positions of A and B at `t`, m.
    fn positions(&mut self, t: f64) -> Result<(Vector3<f64>, Vector3<f64>)> {
        Ok((
            self.a.state_teme(t)?.position_m,
            self.b.state_teme(t)?.position_m,
        ))
    }
}

/// The constraints at one sampled instant.
#[derive(Debug, Clone, Copy)]
struct Sample {
    t: f64,
    /// Per constraint (Earth, Sun at A, Sun at B): a value of the sign of the constraint
    /// function and at most its magnitude (m, rad, rad); +∞ for a constraint not asked for.
    value: [f64; 3],
    /// The link's visibility cannot change during [t, t + jump_s), s.
    jump_s: f64,
}

impl Sample {
    fn holds(&self, k: usize) -> bool {
        self.value[k] >= 0.0
    }

    fn visible(&self) -> bool {
        (0..3).all(|k| self.holds(k))
    }
}

/// One request prepared for the search.
struct Link<'p> {
    ends: Ends<'p>,
    sun: &'p SunTable,
    margin_m: f64,
    exclusion_rad: [Option<f64>; 2],
    /// Segments that enter this spheroid (inside the surface at height m) are occulted.
    inner: Spheroid,
    /// Segments that pass outside this spheroid (enclosing the surface at height m) are
    /// visible.
    outer: Spheroid,
    /// Upper bound of max(|v_A|, |v_B|), m/s.
    end_speed_m_s: f64,
    /// Upper bounds of |v_A| and |v_B|, m/s.
    speed_m_s: [f64; 2],
    /// The band of geocentric radii of A and of B over the span.
    radius: [RadiusBand; 2],
    /// Upper bound of |v_B − v_A|, m/s.
    relative_speed_m_s: f64,
}

impl<'p> Link<'p> {
    /// The link between `ends` (propagators of A and B, orbits of `eccentricity`).
    fn new(
        ends: [&'p Propagator; 2],
        eccentricity: [f64; 2],
        sun: &'p SunTable,
        request: &CrosslinkRequest,
        margin_m: f64,
    ) -> Link<'p> {
        let b_m = WGS84_A_M * (1.0 - WGS84_F);
        let [pa, pb] = ends;
        let va = speed_bound_m_s(pa, eccentricity[0]);
        let vb = speed_bound_m_s(pb, eccentricity[1]);
        let excess_m = parallel_surface_excess_m(margin_m) + SPHEROID_SLACK_M;
        Link {
            ends: Ends {
                a: pa.cursor(),
                b: pb.cursor(),
            },
            sun,
            margin_m,
            exclusion_rad: request.sun_exclusion_rad,
            inner: Spheroid {
                equatorial_m: WGS84_A_M + margin_m - SPHEROID_SLACK_M,
                polar_m: b_m + margin_m - SPHEROID_SLACK_M,
            },
            outer: Spheroid {
                equatorial_m: WGS84_A_M + margin_m + excess_m,
                polar_m: b_m + margin_m + excess_m,
            },
            end_speed_m_s: va.max(vb),
            speed_m_s: [va, vb],
            radius: [
                RadiusBand::of(pa, eccentricity[0]),
                RadiusBand::of(pb, eccentricity[1]),
            ],
            relative_speed_m_s: va + vb,
        }
    }

    /// How long the Earth constraint provably keeps its sign from the horizons of the two
    /// ends, s (0 when nothing is proven): far from an edge, and moving away from one, much
    /// longer than |f|/V.
    ///
    /// The ray from an end at r toward the other end (unit direction d) is blocked by the
    /// sphere of radius R (r > R) iff p = d·r < −√(r² − R²). A segment is clear when either
    /// end's ray is clear, and blocked when both are (the chord of the line inside the sphere
    /// then lies between the ends), or when one end's is and its tangent length
    /// √(r² − R²) is shorter than the range (its ray enters the sphere nearer than the
    /// tangent point, so before the other end). The radius stays in its band [r_lo, r_hi]
    /// ([`RadiusBand`]), so an end with g = p + √(r_lo² − R_out²) ≥ 0 keeps the segment clear
    /// of the sphere of radius R_out (which encloses the outer spheroid: visible), and ends
    /// that all have g = p + √(r_hi² − R_in²) < 0 (or one such end with √(r_hi² − R_in²) <
    /// ρ/2) keep it blocked by the sphere of radius R_in (inside the inner spheroid:
    /// occulted).
    ///
    /// Over the next Δ ≤ ρ/(2·V_rel) the range stays above ρ/2, and with |a| ≤ μ/r_lo² · 1.01
    /// per end (gravity and J2) and W = 2·V_rel/ρ:
    /// |ḋ| ≤ W, |d̈| ≤ 2(|a_A| + |a_B|)/ρ + 2·V_rel·W/ρ·2 + W² (d = w/|w|, w the relative
    /// position: d̈ = (ẅ − (d·ẅ)d)/|w| − 2(|w|˙/|w|)ḋ − |ḋ|²d), and
    /// |p̈| = |d̈·r + 2ḋ·v + d·a| ≤ G = |d̈|max·r_hi + 2W·V + |a|max. So g(t + Δ) ≥ g + ġΔ − GΔ²/2
    /// (clear) or ≤ g + ġΔ + GΔ²/2 (blocked), with ġ = ḋ·r + d·v from the states, and the
    /// sign holds up to the first root of that parabola. A satellite receding from a relay's
    /// horizon (ġ ≈ 7 km/s) proves minutes at once; one approaching it steps nearly to the
    /// crossing (the steps shrink like Newton's).
    fn horizon_width_s(&mut self, ends: [&TemeState; 2], clear: bool) -> f64 {
        let (ra, rb) = (&ends[0].position_m, &ends[1].position_m);
        let w = rb - ra;
        let rho = w.norm();
        let u = w / rho;
        let v_rel = ends[1].velocity_m_s - ends[0].velocity_m_s;
        let u_dot = (v_rel - u * u.dot(&v_rel)) / rho;
        let turn = 2.0 * self.relative_speed_m_s / rho;
        for (band, state) in self.radius.iter_mut().zip(ends) {
            band.include(state.position_m.norm());
        }
        let accel = self
            .radius
            .map(|band| 1.01 * GM_EARTH_M3_S2 / (band.lo_m * band.lo_m));
        let d_ddot = 2.0 * (accel[0] + accel[1]) / rho
            + 4.0 * self.relative_speed_m_s * turn / rho
            + turn * turn;
        let (r_out, r_in) = (self.outer.equatorial_m, self.inner.polar_m);
        // Clear: the best end. Blocked: both ends, or one end alone whose tangent length
        // √(r_hi² − R_in²) stays below the range (then its ray enters the sphere before it
        // reaches the other end).
        let (mut clear_s, mut both_s, mut alone_s) = (0.0f64, f64::INFINITY, 0.0f64);
        for k in 0..2 {
            let (r, v) = (&ends[k].position_m, &ends[k].velocity_m_s);
            let band = &self.radius[k];
            let (d, d_dot) = if k == 0 { (u, u_dot) } else { (-u, -u_dot) };
            let p = d.dot(r);
            let p_dot = d_dot.dot(r) + d.dot(v);
            let curvature = d_ddot * band.hi_m + 2.0 * turn * self.speed_m_s[k] + accel[k];
            if clear {
                if band.lo_m > r_out {
                    let g = p + (band.lo_m * band.lo_m - r_out * r_out).sqrt();
                    if g >= 0.0 {
                        // First root of g + ġΔ − GΔ²/2.
                        let root =
                            (p_dot + (p_dot * p_dot + 2.0 * curvature * g).sqrt()) / curvature;
                        clear_s = clear_s.max(root);
                    }
                }
            } else {
                let mut root = 0.0;
                if band.lo_m > r_in {
                    let tangent_m = (band.hi_m * band.hi_m - r_in * r_in).sqrt();
                    let g = p + tangent_m;
                    if g < 0.0 {
                        // First root of g + ġΔ + GΔ²/2.
                        root = (-p_dot + (p_dot * p_dot - 2.0 * curvature * g).sqrt()) / curvature;
                        if tangent_m < 0.5 * rho {
                            alone_s = alone_s.max(root);
                        }
                    }
                }
                both_s = both_s.min(root);
            }
        }
        let proven = if clear { clear_s } else { both_s.max(alone_s) };
        proven.clamp(0.0, 0.5 * rho / self.relative_speed_m_s)
    }

    /// The Earth constraint f = grazing − m for the segment from `a` to `b`, or a value of
    /// its sign no larger in magnitude, m.
    ///
    /// The surface at height m above WGS-84 (the boundary of the points within m of the
    /// ellipsoid, a convex body O_m) lies between the spheroids `inner` (axes a + m, b + m,
    /// less a slack) and `outer` (the same plus `parallel_surface_excess_m`). Outside O_m,
    /// h − m is the distance to O_m, inside it −(distance to its surface). So a segment that
    /// enters `inner` has f ≤ −(its depth there) and one that passes outside `outer` has
    /// f ≥ (its clearance from it): `Spheroid::clearance_m` bounds both. Only segments
    /// between the two (a band about 1 m wide) need the exact `grazing_altitude_m`.
    fn earth_bound_m(&self, a: &Vector3<f64>, b: &Vector3<f64>) -> f64 {
        let inner = self.inner.clearance_m(a, b);
        if inner < 0.0 {
            return inner;
        }
        let outer = self.outer.clearance_m(a, b);
        if outer >= 0.0 {
            return outer;
        }
        grazing_altitude_m(a, b) - self.margin_m
    }

    /// The constraints at `t`, and how far the link's visibility provably stays as it is.
    ///
    /// Step bounds. Every point A + s(B − A) of the segment moves at
    /// |(1 − s)v_A + s·v_B| ≤ V = max(|v_A|, |v_B|) (bounded over the orbit by
    /// `speed_bound_m_s`). The distance of the segment from the centre and its grazing
    /// altitude (a minimum over s of heights, each 1-Lipschitz in the point) therefore change
    /// at most at V: the Earth constraint keeps its sign for |τ − t| < |f|/V, where |f| is
    /// `earth_bound_m` (never more than |f|). The line of sight u turns at |v_rel,⊥|/ρ ≤ V_rel/ρ
    /// (V_rel = |v_A| + |v_B| bounds |v_B − v_A|); for |τ − t| ≤ ρ/(2·V_rel) the range stays
    /// above ρ/2, so the Sun separation (an angle between two unit vectors, Lipschitz in
    /// each) changes at most at 2·V_rel/ρ + ω☉ (`SUN_DIRECTION_RATE_RAD_S`): it keeps its
    /// sign for |τ − t| < min(ρ/(2·V_rel), |g|/(2·V_rel/ρ + ω☉)). The Earth constraint also
    /// keeps its sign for the time `horizon_width_s` proves (the larger of the two is used).
    /// A visible link stays
    /// visible while every constraint keeps its sign (the smallest of their widths); an
    /// occulted one while any failing constraint keeps failing (the largest of theirs).
    fn sample(&mut self, t: f64) -> Result<Sample> {
        let states = [self.ends.a.state_teme(t)?, self.ends.b.state_teme(t)?];
        let (a, b) = (states[0].position_m, states[1].position_m);
        let mut value = [f64::INFINITY; 3];
        let mut width = [f64::INFINITY; 3];
        value[0] = self.earth_bound_m(&a, &b);
        width[0] = (value[0].abs() / self.end_speed_m_s)
            .max(self.horizon_width_s([&states[0], &states[1]], value[0] >= 0.0));
        if self.exclusion_rad.iter().any(Option::is_some) {
            let separation = sun_separations_rad(&a, &b, &self.sun.at(t));
            let rho = (b - a).norm();
            let rate = 2.0 * self.relative_speed_m_s / rho + SUN_DIRECTION_RATE_RAD_S;
            for k in 0..2 {
                if let Some(theta) = self.exclusion_rad[k] {
                    let g = separation[k] - theta;
                    value[k + 1] = g;
                    width[k + 1] = (0.5 * rho / self.relative_speed_m_s).min(g.abs() / rate);
                }
            }
        }
        let visible = value.iter().all(|v| *v >= 0.0);
        let jump_s = if visible {
            width.iter().copied().fold(f64::INFINITY, f64::min)
        } else {
            (0..3)
                .filter(|&k| value[k] < 0.0)
                .map(|k| width[k])
                .fold(0.0, f64::max)
        };
        Ok(Sample { t, value, jump_s })
    }

    /// The exact constraint function `k` at `t` (grazing − m in m; separation − θ in rad).
    fn exact(
        ends: &mut Ends<'_>,
        sun: &SunTable,
        margin_m: f64,
        theta: [Option<f64>; 2],
        k: usize,
        t: f64,
    ) -> Result<f64> {
        let (a, b) = ends.positions(t)?;
        Ok(match k {
            0 => grazing_altitude_m(&a, &b) - margin_m,
            _ => {
                let separation = sun_separations_rad(&a, &b, &sun.at(t));
                separation[k - 1] - theta[k - 1].unwrap_or(0.0)
            }
        })
    }

    fn search(mut self, start_unix_s: f64, end_unix_s: f64) -> Result<Vec<CrosslinkWindow>> {
        let mut windows = Vec::new();
        let mut prev = self.sample(start_unix_s)?;
        let mut open = prev.visible().then_some((start_unix_s, WindowEdge::Span));
        while prev.t < end_unix_s {
            let t = (prev.t + prev.jump_s.max(FLOOR_STEP_S)).min(end_unix_s);
            // The cursors before they reach t: refinements inside [prev.t, t] run forward.
            let before = self.ends.clone();
            let next = self.sample(t)?;
            let proven = prev.jump_s >= t - prev.t;
            if !proven || prev.visible() != next.visible() {
                self.refine(before, &prev, &next, &mut open, &mut windows)?;
            }
            prev = next;
        }
        if let Some((start, edge)) = open {
            push(&mut windows, start, end_unix_s, edge, WindowEdge::Span);
        }
        Ok(windows)
    }

    /// The time where the grazing altitude crosses the margin between two samples, to
    /// `EDGE_TOL_S` and `EARTH_TOL_M`.
    ///
    /// The exact grazing altitude is a minimisation; the spheroids' clearances are closed
    /// forms whose zeros lie within about a metre of grazing altitude of the crossing (see
    /// `earth_bound_m`). So the crossing of whichever spheroid changes sign is found first,
    /// then a bracket of ±0.5 ms around it (widened tenfold until the exact function changes
    /// sign across it) is checked with the exact function and refined by Brent's method
    /// when it does not already meet both tolerances.
    fn earth_crossing(&self, before: &Ends<'_>, prev: &Sample, next: &Sample) -> Result<f64> {
        let mut ends = before.clone();
        let mut guess = 0.5 * (prev.t + next.t);
        for spheroid in [self.inner, self.outer] {
            let mut clearance = |t: f64| {
                let (a, b) = ends.positions(t)?;
                Ok(spheroid.clearance_m(&a, &b))
            };
            let (c0, c1) = (clearance(prev.t)?, clearance(next.t)?);
            if (c0 >= 0.0) != (c1 >= 0.0) {
                guess = brent(clearance, prev.t, next.t, c0, c1, 0.1 * EDGE_TOL_S, 0.0)?;
                break;
            }
        }
        let (margin_m, theta, sun) = (self.margin_m, self.exclusion_rad, self.sun);
        let mut f = |t: f64| Link::exact(&mut ends, sun, margin_m, theta, 0, t);
        let mut half_width_s = 0.5 * EDGE_TOL_S;
        loop {
            let lo = (guess - half_width_s).max(prev.t);
            let hi = (guess + half_width_s).min(next.t);
            let (f_lo, f_hi) = (f(lo)?, f(hi)?);
            if (f_lo >= 0.0) != (f_hi >= 0.0) {
                if hi - lo <= EDGE_TOL_S && f_lo.abs().min(f_hi.abs()) <= EARTH_TOL_M {
                    return Ok(if f_lo.abs() <= f_hi.abs() { lo } else { hi });
                }
                return brent(f, lo, hi, f_lo, f_hi, EDGE_TOL_S, EARTH_TOL_M);
            }
            if lo <= prev.t && hi >= next.t {
                // The samples' verdicts disagree with the exact function only within the
                // spheroids' slack: keep the later sample's verdict from its time on.
                return Ok(next.t);
            }
            half_width_s *= 10.0;
        }
    }

    /// The window edges between two samples: each constraint that changes sign is refined to
    /// its crossing, and the crossings, walked in time order, open and close windows.
    fn refine(
        &self,
        before: Ends<'_>,
        prev: &Sample,
        next: &Sample,
        open: &mut Option<(f64, WindowEdge)>,
        windows: &mut Vec<CrosslinkWindow>,
    ) -> Result<()> {
        let (margin_m, theta, sun) = (self.margin_m, self.exclusion_rad, self.sun);
        let mut crossings = Vec::with_capacity(3);
        for k in (0..3).filter(|&k| prev.holds(k) != next.holds(k)) {
            let root = if k == 0 {
                self.earth_crossing(&before, prev, next)?
            } else {
                let mut ends = before.clone();
                let f = |t: f64| Link::exact(&mut ends, sun, margin_m, theta, k, t);
                brent(
                    f,
                    prev.t,
                    next.t,
                    prev.value[k],
                    next.value[k],
                    EDGE_TOL_S,
                    SUN_TOL_RAD,
                )?
            };
            crossings.push((root, k));
        }
        crossings.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        let mut holds = [prev.holds(0), prev.holds(1), prev.holds(2)];
        for (t, k) in crossings {
            let was_visible = holds.iter().all(|h| *h);
            holds[k] = !holds[k];
            let visible = holds.iter().all(|h| *h);
            let edge = WindowEdge::of_constraint(k);
            match (was_visible, visible) {
                (false, true) => *open = Some((t, edge)),
                (true, false) => {
                    if let Some((start, start_edge)) = open.take() {
                        push(windows, start, t, start_edge, edge);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Appends a window of positive length.
fn push(
    windows: &mut Vec<CrosslinkWindow>,
    start_unix_s: f64,
    end_unix_s: f64,
    start_edge: WindowEdge,
    end_edge: WindowEdge,
) {
    if end_unix_s > start_unix_s {
        windows.push(CrosslinkWindow {
            start_unix_s,
            end_unix_s,
            start_edge,
            end_edge,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::CrosslinkGeometry;
    use crate::orbit::{from_tle_lines, geostationary, Inclination, Node, OrbitSize, PlannedOrbit};
    use std::f64::consts::{PI, TAU};

    const START: f64 = 1_773_878_400.0; // 2026-03-19T00:00:00Z
    const HOUR_S: f64 = 3600.0;
    const B_M: f64 = WGS84_A_M * (1.0 - WGS84_F);

    fn planned(
        name: &str,
        altitude_m: f64,
        inclination_deg: f64,
        raan_deg: f64,
        m_deg: f64,
    ) -> Satellite {
        PlannedOrbit {
            name: name.to_string(),
            epoch_unix_s: START,
            size: OrbitSize::AltitudeM(altitude_m),
            eccentricity: 0.0,
            inclination: Inclination::Deg(inclination_deg),
            node: Node::RaanDeg(raan_deg),
            argument_of_perigee_deg: 0.0,
            mean_anomaly_deg: m_deg,
        }
        .to_satellite()
        .unwrap()
    }

    /// 0: LEO 550 km 53°; 1: LEO 1200 km 97°; 2: GEO at 31° E; 3: MEO 8000 km 56°;
    /// 4: equatorial LEO 700 km; 5: GEO at 140° E.
    fn satellites() -> Vec<Satellite> {
        vec![
            planned("LEO-53", 550e3, 53.0, 0.0, 0.0),
            planned("LEO-97", 1200e3, 97.0, 70.0, 40.0),
            geostationary("GEO-31E", START, 31.0).unwrap(),
            planned("MEO-56", 8000e3, 56.0, 200.0, 100.0),
            planned("LEO-EQ", 700e3, 0.0, 0.0, 10.0),
            geostationary("GEO-140E", START, 140.0).unwrap(),
        ]
    }

    fn request(a: usize, b: usize, sun: [Option<f64>; 2]) -> CrosslinkRequest {
        CrosslinkRequest {
            a,
            b,
            sun_exclusion_rad: sun,
        }
    }

    /// The exact geometry of a request at `t`, from stateless propagation.
    fn geometry(props: &[Propagator], r: &CrosslinkRequest, t: f64) -> CrosslinkGeometry {
        let a = props[r.a].state_teme(t).unwrap();
        let b = props[r.b].state_teme(t).unwrap();
        CrosslinkGeometry::new(&a, &b, &sun_position_mod_m(t))
    }

    fn visible(props: &[Propagator], r: &CrosslinkRequest, t: f64, margin_m: f64) -> bool {
        let g = geometry(props, r, t);
        g.grazing_altitude_m >= margin_m
            && (0..2).all(|k| r.sun_exclusion_rad[k].is_none_or(|th| g.sun_separation_rad[k] >= th))
    }

    fn propagators(sats: &[Satellite]) -> Vec<Propagator> {
        sats.iter().map(|s| Propagator::new(s).unwrap()).collect()
    }

    fn search(
        sats: &[Satellite],
        requests: &[CrosslinkRequest],
        end_unix_s: f64,
        margin_m: f64,
    ) -> Vec<Vec<CrosslinkWindow>> {
        find_crosslink_windows(sats, requests, START, end_unix_s, margin_m)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect()
    }

    /// Pairs with Sun exclusion at one or both ends, over 6 h.
    fn mixed_requests() -> Vec<CrosslinkRequest> {
        vec![
            request(0, 1, [None, None]),
            request(0, 2, [Some(0.5), Some(1.2)]),
            request(3, 0, [Some(0.8), None]),
            request(1, 5, [None, Some(1.0)]),
            request(3, 2, [None, None]),
        ]
    }

    #[test]
    fn the_horizon_bound_never_outlasts_the_earth_constraint() {
        // Every pair of the test satellites, from a sample every 7 min over 12 h: over the time
        // the horizons prove, the exact grazing altitude keeps its side of the margin at
        // every second; and far from edges the proof is long (minutes for a LEO–GEO link).
        let sats = satellites();
        let props = propagators(&sats);
        let sun = SunTable::new(START, START + 13.0 * HOUR_S);
        let margin_m = 50e3;
        let mut longest_s: f64 = 0.0;
        for a in 0..sats.len() {
            for b in (a + 1)..sats.len() {
                let r = request(a, b, [None, None]);
                let ecc = [0.0, 0.0];
                let mut link = Link::new([&props[a], &props[b]], ecc, &sun, &r, margin_m);
                let mut t = START;
                while t < START + 12.0 * HOUR_S {
                    let states = [
                        props[a].state_teme(t).unwrap(),
                        props[b].state_teme(t).unwrap(),
                    ];
                    let f0 = geometry(&props, &r, t).grazing_altitude_m - margin_m;
                    let proven = link.horizon_width_s([&states[0], &states[1]], f0 >= 0.0);
                    if a == 0 && sats[b].name.starts_with("GEO") {
                        longest_s = longest_s.max(proven);
                    }
                    let mut tau = t;
                    while tau < t + proven {
                        let f = geometry(&props, &r, tau).grazing_altitude_m - margin_m;
                        assert_eq!(
                            f >= 0.0,
                            f0 >= 0.0,
                            "pair ({a}, {b}) at t + {:.0} s of {proven:.0} s proven",
                            tau - t
                        );
                        tau += 1.0;
                    }
                    t += 420.0;
                }
            }
        }
        assert!(longest_s > 300.0, "{longest_s}");
    }

    #[test]
    fn edges_sit_on_the_constraints() {
        let sats = satellites();
        let props = propagators(&sats);
        let requests = mixed_requests();
        let margin_m = 80e3;
        let found = search(&sats, &requests, START + 6.0 * HOUR_S, margin_m);
        let (mut earth, mut sun) = (0, 0);
        for (r, windows) in requests.iter().zip(&found) {
            for w in windows {
                for (t, edge) in [(w.start_unix_s, w.start_edge), (w.end_unix_s, w.end_edge)] {
                    let g = geometry(&props, r, t);
                    match edge {
                        WindowEdge::Span => {
                            assert!(t == START || t == START + 6.0 * HOUR_S, "{w:?}")
                        }
                        WindowEdge::Earth => {
                            earth += 1;
                            let miss = g.grazing_altitude_m - margin_m;
                            assert!(miss.abs() <= EARTH_TOL_M, "{r:?} {w:?}: {miss} m");
                        }
                        WindowEdge::SunA | WindowEdge::SunB => {
                            sun += 1;
                            let k = usize::from(edge == WindowEdge::SunB);
                            let miss = g.sun_separation_rad[k] - r.sun_exclusion_rad[k].unwrap();
                            assert!(miss.abs() <= 2e-6, "{r:?} {w:?}: {miss} rad");
                        }
                    }
                }
            }
        }
        assert!(earth > 20 && sun > 2, "{earth} Earth and {sun} Sun edges");
    }

    #[test]
    fn matches_brute_force_sampling_every_second() {
        let sats = satellites();
        let props = propagators(&sats);
        let requests = mixed_requests();
        let margin_m = 80e3;
        let end = START + 6.0 * HOUR_S;
        let found = search(&sats, &requests, end, margin_m);
        let tol = 2.0 * EDGE_TOL_S;
        for (r, windows) in requests.iter().zip(&found) {
            for pair in windows.windows(2) {
                assert!(pair[0].end_unix_s < pair[1].start_unix_s, "{pair:?}");
            }
            let mut visible_samples = vec![0usize; windows.len()];
            for i in 0..=(end - START) as usize {
                let t = START + i as f64;
                let vis = visible(&props, r, t, margin_m);
                let hit = windows
                    .iter()
                    .position(|w| w.start_unix_s - tol <= t && t <= w.end_unix_s + tol);
                let inside = windows
                    .iter()
                    .any(|w| w.start_unix_s + tol < t && t < w.end_unix_s - tol);
                assert!(
                    !vis || hit.is_some(),
                    "{r:?}: visible at +{i} s outside every window"
                );
                assert!(vis || !inside, "{r:?}: occulted at +{i} s inside a window");
                if let (true, Some(j)) = (vis, hit) {
                    visible_samples[j] += 1;
                }
            }
            for (w, n) in windows.iter().zip(visible_samples) {
                assert!(
                    w.duration_s() < 2.0 || n > 0,
                    "{r:?}: {w:?} has no visible sample"
                );
            }
        }
        // Every pair has both windows and gaps in 6 h except the MEO–GEO one (some).
        assert!(found.iter().all(|w| !w.is_empty()));
        assert!(
            found.iter().filter(|w| w.len() > 1).count() >= 3,
            "{found:?}"
        );
    }

    #[test]
    fn leo_to_geo_range_stays_below_the_grazing_geometry() {
        // A visible line of sight passes at d ≥ b + m from the centre (h ≤ r − b), so its range
        // is at most √(r₁² − (b + m)²) + √(r₂² − (b + m)²) with each end's largest radius.
        // (With the equatorial radius a this is the exact limit only for equatorial lines of
        // sight, see the next test: near the poles the Earth is b from the centre.)
        let sats = satellites();
        let props = propagators(&sats);
        let margin_m = 30e3;
        let end = START + 24.0 * HOUR_S;
        let r = request(0, 2, [None, None]);
        let windows = &search(&sats, &[r], end, margin_m)[0];
        let r_max = |p: &Propagator| {
            (0..=1440)
                .map(|k| {
                    p.state_teme(START + 60.0 * k as f64)
                        .unwrap()
                        .position_m
                        .norm()
                })
                .fold(0.0, f64::max)
        };
        let limb = |r_m: f64| (r_m * r_m - (B_M + margin_m).powi(2)).sqrt();
        let bound = limb(r_max(&props[0])) + limb(r_max(&props[2]));
        let mut longest: f64 = 0.0;
        for w in windows {
            let n = (w.duration_s() / 10.0).ceil() as usize;
            for j in 0..=n {
                let t = w.start_unix_s + w.duration_s() * j as f64 / n as f64;
                longest = longest.max(geometry(&props, &r, t).range_m);
            }
        }
        assert!(windows.len() > 10, "{}", windows.len());
        assert!(longest <= bound, "{longest} > {bound}");
        assert!(
            longest > 0.995 * bound,
            "{longest} vs {bound}: the edges reach the limb"
        );
    }

    #[test]
    fn equatorial_occultation_matches_the_closed_form() {
        // In the equatorial plane the ellipsoid is the circle of radius a and the grazing
        // altitude is d − a, so the LEO is occulted from the GEO when the angle ψ between
        // their position vectors exceeds ψ₀ = acos((a + m)/r₁) + acos((a + m)/r₂). The
        // relative phase φ advances at the mean relative rate ω (measured from the
        // propagation, which includes J2); the occulted time is the measure of
        // {t : |φ(t) mod 2π| > ψ₀}.
        let sats = satellites();
        let props = propagators(&sats);
        let margin_m = 50e3;
        let span_s = 24.0 * HOUR_S;
        let r = request(4, 2, [None, None]);
        let windows = &search(&sats, &[r], START + span_s, margin_m)[0];
        let visible_s: f64 = windows.iter().map(CrosslinkWindow::duration_s).sum();

        let phase = |t: f64| {
            let l = props[4].state_teme(t).unwrap().position_m;
            let g = props[2].state_teme(t).unwrap().position_m;
            assert!(l.z.abs() < 1.0 && g.z.abs() < 1.0);
            g.cross(&l).z.atan2(g.dot(&l))
        };
        let (mut unwrapped, mut last, mut r1_sum) = (phase(START), phase(START), 0.0);
        let phi0 = unwrapped;
        let n = 1440;
        for k in 1..=n {
            let t = START + span_s * k as f64 / n as f64;
            let p = phase(t);
            unwrapped += (p - last + PI).rem_euclid(TAU) - PI;
            last = p;
            r1_sum += props[4].state_teme(t).unwrap().position_m.norm();
        }
        let omega = (unwrapped - phi0) / span_s;
        let r1 = r1_sum / n as f64;
        let r2 = props[2].state_teme(START).unwrap().position_m.norm();
        let rm = WGS84_A_M + margin_m;
        let psi0 = (rm / r1).acos() + (rm / r2).acos();
        // Occulted phase in [0, y) of y = φ + π: per turn [0, π − ψ₀) and (π + ψ₀, 2π).
        let occulted_phase = |y: f64| {
            let turns = (y / TAU).floor();
            let z = y - turns * TAU;
            turns * 2.0 * (PI - psi0) + z.min(PI - psi0) + (z - (PI + psi0)).max(0.0)
        };
        let occulted_s = (occulted_phase(unwrapped + PI) - occulted_phase(phi0 + PI)) / omega;
        let searched_s = span_s - visible_s;
        assert!(windows.len() > 10, "{}", windows.len());
        assert!(
            (searched_s - occulted_s).abs() < 3.0,
            "occulted {searched_s} s, closed form {occulted_s} s"
        );
        // The longest line of sight is the equatorial limb geometry.
        let bound = (r1 * r1 - rm * rm).sqrt() + (r2 * r2 - rm * rm).sqrt();
        for w in windows.iter().filter(|w| w.start_edge == WindowEdge::Earth) {
            let range = geometry(&props, &r, w.start_unix_s).range_m;
            assert!((range / bound - 1.0).abs() < 1e-4, "{range} vs {bound}");
        }
    }

    #[test]
    fn bad_input_is_an_error() {
        let sats = satellites();
        let ok = [request(0, 2, [None, None])];
        let err = |requests: &[CrosslinkRequest], start: f64, end: f64, margin: f64| {
            find_crosslink_windows(&sats, requests, start, end, margin)
                .unwrap_err()
                .to_string()
        };
        let end = START + HOUR_S;
        let msg = err(&[request(1, 1, [None, None])], START, end, 0.0);
        assert!(msg.starts_with("requests[0].b = 1 is not allowed"), "{msg}");
        let msg = err(&[ok[0], request(0, 6, [None, None])], START, end, 0.0);
        assert!(
            msg.contains("requests[1].b = 6") && msg.contains("below 6"),
            "{msg}"
        );
        let msg = err(&ok, START, end, -1.0);
        assert!(msg.starts_with("margin_m = -1 is not allowed"), "{msg}");
        assert!(err(&ok, START, end, f64::NAN).starts_with("margin_m = NaN"));
        assert!(err(&ok, START, end, f64::INFINITY).starts_with("margin_m"));
        assert!(err(&ok, START, START, 0.0).starts_with("end = "));
        assert!(err(&ok, START, START - 1.0, 0.0).contains("must be after start"));
        assert!(err(&ok, f64::NAN, end, 0.0).starts_with("start = NaN"));
        assert!(err(&ok, START, f64::NAN, 0.0).starts_with("end = "));
        let msg = err(&[request(0, 2, [None, Some(-0.1)])], START, end, 0.0);
        assert!(msg.starts_with("requests[0].sun_exclusion_rad[1]"), "{msg}");
        let msg = err(&[request(0, 2, [Some(f64::NAN), None])], START, end, 0.0);
        assert!(msg.starts_with("requests[0].sun_exclusion_rad[0]"), "{msg}");
        // No requests: nothing to do.
        assert!(find_crosslink_windows(&sats, &[], START, end, 0.0)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_satellite_that_cannot_be_propagated_fails_only_its_requests() {
        // Heavy drag (the propagator tests' element set): SGP4 fails within a day of the epoch.
        let mut sats = satellites();
        sats.push(
            from_tle_lines(
                "DECAYING",
                "1 99999U 26001A   26078.50000000  .01000000  00000+0  50000-2 0  9999",
                "2 99999  51.6000  25.0000 0010000 200.0000 160.0000 16.30000000 00017",
            )
            .unwrap(),
        );
        let requests = [request(0, 2, [None, None]), request(6, 2, [None, None])];
        let out =
            find_crosslink_windows(&sats, &requests, START, START + 3.0 * 86_400.0, 0.0).unwrap();
        assert!(out[0].as_ref().is_ok_and(|w| !w.is_empty()));
        let msg = out[1].as_ref().unwrap_err().to_string();
        assert!(
            msg.starts_with("propagating DECAYING (NORAD 99999) at 2026-03-"),
            "{msg}"
        );
    }

    #[test]
    fn same_result_on_one_and_two_threads() {
        let sats = satellites();
        let requests = mixed_requests();
        let end = START + 12.0 * HOUR_S;
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| search(&sats, &requests, end, 20e3))
        };
        let one = on(1);
        assert_eq!(one, on(2));
        assert!(one.iter().map(Vec::len).sum::<usize>() > 20);
    }

    #[test]
    fn parallel_surface_lies_between_the_spheroids() {
        // Points at height h above WGS-84 at every latitude: inside the spheroid of axes
        // (a + h + excess, b + h + excess), outside the one of axes (a + h, b + h).
        let e2 = WGS84_F * (2.0 - WGS84_F);
        for h in [0.0, 1e3, 5e4, 5e5, 5e6, 2e7, 1e8, 1e9, 1e12] {
            let excess = parallel_surface_excess_m(h);
            for i in 0..=9000 {
                let lat = (i as f64 / 100.0).to_radians();
                let n = WGS84_A_M / (1.0 - e2 * lat.sin().powi(2)).sqrt();
                let (x, z) = ((n + h) * lat.cos(), (n * (1.0 - e2) + h) * lat.sin());
                let q = |d: f64| (x / (WGS84_A_M + h + d)).hypot(z / (B_M + h + d));
                assert!(q(excess) < 1.0, "h = {h}, latitude {i}");
                assert!(q(0.0) >= 1.0 - 1e-15, "h = {h}, latitude {i}");
            }
        }
        // The clearance bound: a chord over the pole at 300 km, a tangent and a deep one.
        let s = Spheroid {
            equatorial_m: WGS84_A_M + 100e3,
            polar_m: B_M + 100e3,
        };
        let over = |z: f64| s.clearance_m(&Vector3::new(-5e6, 0.0, z), &Vector3::new(5e6, 0.0, z));
        assert!((over(B_M + 300e3) - 200e3).abs() < 1e-6);
        assert!(over(B_M + 100e3).abs() < 1e-6);
        assert!(over(B_M).abs() <= 100e3 && over(B_M) < -99e3);
    }

    #[test]
    fn shell_pre_test_and_names() {
        // The closest point of a segment to the centre: interior, or an end.
        let a = Vector3::new(7e6, -3e6, 0.0);
        let b = Vector3::new(7e6, 4e6, 0.0);
        assert!((segment_distance_m(&a, &b) - 7e6).abs() < 1e-6);
        assert!((segment_distance_m(&a, &(a * 2.0)) - a.norm()).abs() < 1e-6);
        assert_eq!(segment_distance_m(&a, &a), a.norm());
        let names: Vec<_> = [
            WindowEdge::Span,
            WindowEdge::Earth,
            WindowEdge::SunA,
            WindowEdge::SunB,
        ]
        .iter()
        .map(|e| (e.name(), serde_json::to_string(e).unwrap()))
        .collect();
        for (name, json) in names {
            assert_eq!(json, format!("\"{name}\""));
        }
    }
}
