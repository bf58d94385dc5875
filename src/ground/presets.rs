//! The station presets of `docs/sites.md`: the Japan network (NICT, JAXA, candidates), the
//! Luxembourg network and European reference sites, with monthly cloud-free line-of-sight
//! probabilities. Proxy: relative sunshine duration from the 1991–2020 climate normals (JMA
//! climate normals 2020; MeteoLux normals as quoted in MeteoLux bulletins; AEMET for Izaña,
//! 1971–2000). It is optimistic (thin cirrus counts as sunshine); the cloud-amount proxy
//! 1 − cloud/10 is pessimistic (Tokyo annual 0.34 against 0.44).

use super::mask::HorizonMask;
use super::station::{HeightReference, Station, DEFAULT_MIN_ELEVATION_DEG};
use crate::frames::Geodetic;

use HeightReference::{Ellipsoid as Ell, MeanSeaLevel as Msl};

/// A climate table: 12 monthly values (or one annual value repeated), annual value, source.
struct Clouds {
    monthly: [f64; 12],
    annual: f64,
    annual_only: bool,
    source: &'static str,
}

const fn monthly(monthly: [f64; 12], annual: f64, source: &'static str) -> Clouds {
    Clouds {
        monthly,
        annual,
        annual_only: false,
        source,
    }
}

const fn annual_only(annual: f64, source: &'static str) -> Clouds {
    Clouds {
        monthly: [annual; 12],
        annual,
        annual_only: true,
        source,
    }
}

const LUXEMBOURG: Clouds = monthly(
    [
        0.20, 0.27, 0.38, 0.49, 0.48, 0.50, 0.53, 0.53, 0.47, 0.34, 0.21, 0.16,
    ],
    0.41,
    "relative sunshine, MeteoLux Findel (WMO 06590) 1991-2020 normals; July-November split from \
     their known sum (835.4 h) by a typical Central-European seasonal shape",
);

/// One preset row: key, description, lat_deg, lon_deg, alt_m, height reference, clouds.
struct Preset(
    &'static str,
    &'static str,
    f64,
    f64,
    f64,
    HeightReference,
    Clouds,
);

const PRESETS: [Preset; 13] = [
    Preset(
        "koganei",
        "NICT headquarters, Koganei, Tokyo: 1 m OGS (El 10-88 deg, Rx 1550 nm, beacon 1064 nm) and \
         1.5 m telescope; position of the campus GNSS reference (IGS KGN0)",
        35.7068, 139.4885, 128.5, Ell,
        monthly([0.66, 0.59, 0.49, 0.47, 0.42, 0.29, 0.34, 0.43, 0.36, 0.40, 0.52, 0.61], 0.45,
            "relative sunshine, JMA Fuchu (2.7 km) 1991-2020 normals"),
    ),
    Preset(
        "kashima",
        "NICT Kashima Space Technology Center, Ibaraki (1 m OGS on campus); position of the 34 m \
         VLBI antenna reference point",
        35.9541, 140.6627, 80.5, Ell,
        monthly([0.62, 0.57, 0.49, 0.48, 0.43, 0.32, 0.38, 0.49, 0.41, 0.40, 0.48, 0.57], 0.46,
            "relative sunshine, JMA Kashima 1991-2020 normals"),
    ),
    Preset(
        "okinawa",
        "NICT Okinawa Electromagnetic Technology Center, Onna (approx.)",
        26.50, 127.86, 50.0, Msl,
        monthly([0.29, 0.29, 0.31, 0.32, 0.33, 0.37, 0.56, 0.53, 0.50, 0.47, 0.39, 0.34], 0.40,
            "relative sunshine, JMA Nago (15 km) 1991-2020 normals"),
    ),
    Preset(
        "tanegashima",
        "JAXA Tanegashima laser-ranging station (GUTS), Kagoshima; ILRS 7358 co-located GNSS",
        30.5564, 131.0156, 140.4, Ell,
        monthly([0.34, 0.37, 0.38, 0.43, 0.38, 0.27, 0.52, 0.55, 0.46, 0.45, 0.42, 0.38], 0.42,
            "relative sunshine, JMA Tanegashima 1991-2020 normals"),
    ),
    Preset(
        "tsukuba",
        "JAXA Tsukuba Space Center (candidate site, no OGS)",
        36.0670, 140.1310, 69.1, Ell,
        monthly([0.68, 0.60, 0.50, 0.47, 0.42, 0.30, 0.35, 0.44, 0.37, 0.40, 0.51, 0.63], 0.46,
            "relative sunshine, JMA Tateno 1991-2020 normals"),
    ),
    Preset(
        "kofu",
        "Kofu basin, Yamanashi, sunniest candidate in the set (candidate site, JMA station)",
        35.6667, 138.5533, 272.8, Msl,
        monthly([0.69, 0.65, 0.57, 0.53, 0.47, 0.35, 0.38, 0.48, 0.41, 0.47, 0.59, 0.68], 0.51,
            "relative sunshine, JMA Kofu 1991-2020 normals"),
    ),
    Preset(
        "betzdorf",
        "SES headquarters and satellite operations centre, Betzdorf, Luxembourg (approx.)",
        49.685, 6.350, 300.0, Msl, LUXEMBOURG,
    ),
    Preset(
        "kirchberg",
        "University of Luxembourg, Kirchberg campus (approx.)",
        49.626, 6.159, 320.0, Msl, LUXEMBOURG,
    ),
    Preset(
        "belval",
        "University of Luxembourg, Belval campus (SnT) (approx.)",
        49.504, 5.948, 300.0, Msl, LUXEMBOURG,
    ),
    Preset(
        "findel",
        "Luxembourg-Findel, MeteoLux climate station WMO 06590 (candidate site)",
        49.6327, 6.2329, 376.1, Msl, LUXEMBOURG,
    ),
    Preset(
        "redu",
        "ESA Redu, Belgium, RF site 88 km from Luxembourg City (reference)",
        50.0005, 5.1453, 386.6, Ell, LUXEMBOURG,
    ),
    Preset(
        "oberpfaffenhofen",
        "DLR optical ground station OGS-OP, Germany (approx.)",
        48.081, 11.283, 593.0, Msl,
        annual_only(0.40, "annual only (estimate), relative sunshine; repeated in every month"),
    ),
    Preset(
        "izana",
        "ESA Optical Ground Station, Izana, Tenerife, 1 m (reference)",
        28.3010, -16.5118, 2400.0, Msl,
        annual_only(0.78, "annual only, relative sunshine, AEMET Izana 1971-2000 (3433 h/yr); \
            repeated in every month"),
    ),
];

/// Names of all presets, in the order of `docs/sites.md`.
pub const PRESET_NAMES: [&str; 13] = [
    "koganei",
    "kashima",
    "okinawa",
    "tanegashima",
    "tsukuba",
    "kofu",
    "betzdorf",
    "kirchberg",
    "belval",
    "findel",
    "redu",
    "oberpfaffenhofen",
    "izana",
];

fn build(p: &Preset) -> Station {
    let Preset(name, description, lat, lon, alt, height_reference, ref clouds) = *p;
    Station {
        name: name.to_string(),
        description: description.to_string(),
        location: Geodetic::from_degrees(lat, lon, alt),
        height_reference,
        min_elevation_rad: DEFAULT_MIN_ELEVATION_DEG.to_radians(),
        horizon_mask: HorizonMask::none(),
        sun_exclusion_rad: None,
        cloud_free_monthly: clouds.monthly,
        cloud_free_annual: clouds.annual,
        cloud_annual_only: clouds.annual_only,
        cloud_source: clouds.source.to_string(),
    }
}

/// The preset of that name (case-insensitive), or `None`.
pub fn preset(name: &str) -> Option<Station> {
    PRESETS
        .iter()
        .find(|p| p.0.eq_ignore_ascii_case(name.trim()))
        .map(build)
}

/// All presets, in the order of `docs/sites.md`.
pub fn presets() -> Vec<Station> {
    PRESETS.iter().map(build).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_table() {
        let names: Vec<&str> = PRESETS.iter().map(|p| p.0).collect();
        assert_eq!(names, PRESET_NAMES);
    }

    #[test]
    fn approx_sites_say_so() {
        for name in [
            "okinawa",
            "betzdorf",
            "kirchberg",
            "belval",
            "oberpfaffenhofen",
        ] {
            assert!(
                preset(name).unwrap().description.contains("approx."),
                "{name}"
            );
        }
        assert!(!preset("koganei").unwrap().description.contains("approx."));
    }

    #[test]
    fn annual_values_match_possible_hour_weighting_roughly() {
        // The docs/sites.md annual value weights months by possible sunshine hours, so the plain
        // monthly mean differs from it by a few hundredths at most.
        for s in presets() {
            let mean = s.cloud_free_monthly.iter().sum::<f64>() / 12.0;
            assert!(
                (mean - s.cloud_free_annual).abs() < 0.03,
                "{} {mean} {}",
                s.name,
                s.cloud_free_annual
            );
            assert!(s.cloud_free_monthly.iter().all(|p| (0.0..=1.0).contains(p)));
        }
        assert!(preset("izana").unwrap().cloud_annual_only);
        assert_eq!(preset("izana").unwrap().cloud_free(7), 0.78);
        assert_eq!(preset("koganei").unwrap().cloud_free(6), 0.29);
    }

    #[test]
    fn distances_match_sites_md() {
        // Koganei–Kashima ≈ 109 km, Koganei–Okinawa ≈ 1507 km (the straight-line chords are
        // 109.6 and 1501.8 km, docs/sites.md; the 1507 km figure is nearer the great circle).
        let d = |a: &str, b: &str| {
            (preset(a).unwrap().location.to_ecef() - preset(b).unwrap().location.to_ecef()).norm()
                / 1e3
        };
        assert!(
            (d("koganei", "kashima") - 109.0).abs() < 1.5,
            "{}",
            d("koganei", "kashima")
        );
        assert!(
            (d("koganei", "okinawa") - 1507.0).abs() < 15.0,
            "{}",
            d("koganei", "okinawa")
        );
    }
}
