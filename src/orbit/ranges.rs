//! The documented ranges of the mean elements oslink gives SGP4, checked the same way for TLE
//! and OMM input: inclination 0–180°, eccentricity in [0, 1), mean motion in (0, 20] rev/day,
//! every other number finite. (A TLE field such as `58.e579` parses as +∞; an OMM value can be
//! any JSON number.)

/// An element outside its range: the element's name in each format and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutOfRange {
    /// TLE line (1 or 2) of the field.
    pub tle_line: u8,
    /// The TLE field name (as in the TLE error messages).
    pub tle_field: &'static str,
    /// The OMM key.
    pub omm_key: &'static str,
    /// The value.
    pub value: f64,
    /// What is allowed.
    pub allowed: &'static str,
}

/// (TLE line, TLE field, OMM key, value, range test, what is allowed).
type Check = (
    u8,
    &'static str,
    &'static str,
    f64,
    fn(f64) -> bool,
    &'static str,
);

/// The first element of `e` outside its range, in element order.
pub(crate) fn first_out_of_range(e: &sgp4::Elements) -> Option<OutOfRange> {
    let finite = |x: f64| x.is_finite();
    let checks: [Check; 8] = [
        (
            1,
            "first derivative of the mean motion",
            "MEAN_MOTION_DOT",
            e.mean_motion_dot,
            finite,
            "a finite number",
        ),
        (
            1,
            "second derivative of the mean motion",
            "MEAN_MOTION_DDOT",
            e.mean_motion_ddot,
            finite,
            "a finite number",
        ),
        (
            1,
            "BSTAR drag term",
            "BSTAR",
            e.drag_term,
            finite,
            "a finite number",
        ),
        (
            2,
            "inclination",
            "INCLINATION",
            e.inclination,
            |x| (0.0..=180.0).contains(&x),
            "degrees in [0, 180]",
        ),
        (
            2,
            "right ascension of the ascending node",
            "RA_OF_ASC_NODE",
            e.right_ascension,
            finite,
            "finite degrees",
        ),
        (
            2,
            "eccentricity",
            "ECCENTRICITY",
            e.eccentricity,
            |x| (0.0..1.0).contains(&x),
            "in [0, 1)",
        ),
        (
            2,
            "argument of perigee",
            "ARG_OF_PERICENTER",
            e.argument_of_perigee,
            finite,
            "finite degrees",
        ),
        (
            2,
            "mean anomaly",
            "MEAN_ANOMALY",
            e.mean_anomaly,
            finite,
            "finite degrees",
        ),
    ];
    let mean_motion: Check = (
        2,
        "mean motion",
        "MEAN_MOTION",
        e.mean_motion,
        |x| x > 0.0 && x <= 20.0,
        "rev/day in (0, 20]",
    );
    checks
        .into_iter()
        .chain([mean_motion])
        .find(|&(_, _, _, value, ok, _)| !ok(value))
        .map(
            |(tle_line, tle_field, omm_key, value, _, allowed)| OutOfRange {
                tle_line,
                tle_field,
                omm_key,
                value,
                allowed,
            },
        )
}
