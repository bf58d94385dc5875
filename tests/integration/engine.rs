//! The Monte Carlo availability engine (`oslink::sim`) against closed forms (docs/models.md §4 and
//! §2, §5), and its invariants: determinism, site-diversity bounds, time budgets.

use oslink::channel::joint_clear_probability;
use oslink::frames::Geodetic;
use oslink::report::Summary;
use oslink::scenario::Scenario;
use oslink::sim::{self, RunOutput};

fn parse(text: &str) -> Scenario {
    Scenario::parse(text, "test", None).unwrap_or_else(|e| panic!("{e}"))
}

fn run(scenario: &Scenario) -> RunOutput {
    sim::run(scenario, &()).unwrap_or_else(|e| panic!("{e}"))
}

fn smoke() -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/smoke.toml");
    Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Every time budget of a realization adds up to the span (per satellite), nothing negative.
fn check_time_budgets(scenario: &Scenario, out: &RunOutput) {
    let span = scenario.duration_s() * scenario.satellites.len() as f64;
    for (r, real) in out.realizations.iter().enumerate() {
        for (name, b) in real
            .stations
            .iter()
            .map(|b| ("station", b))
            .chain([("network", &real.network)])
        {
            for (what, v) in [
                ("no_contact_s", b.no_contact_s),
                ("sun_s", b.sun_s),
                ("cloud_s", b.cloud_s),
                ("fade_s", b.fade_s),
                ("up_s", b.up_s),
                ("volume_bits", b.volume_bits),
            ] {
                assert!(
                    v >= 0.0,
                    "realization {r}, {name}: {what} = {v} < 0 ({b:?})"
                );
            }
            let total = b.no_contact_s + b.contact_s();
            assert!(
                (total - span).abs() <= 1e-9 * span,
                "realization {r}, {name}: budget sums to {total}, span {span}"
            );
        }
    }
}

/// A GEO terminal over Japan at 135° E seen from 35° N (elevation ≈ 48°), no clouds, no
/// turbulence: pointing jitter is the only fading. θ = 10 µrad, σ = 4 µrad → β = θ²/(4σ²) =
/// 1.5625; the sensitivity puts the static margin near 6 dB, i.e. p = 10^(−βM/10) ≈ 0.1.
fn geo_jitter_toml(fading_samples: u64) -> String {
    format!(
        r#"
name = "GEO jitter only"
[time]
start = "2026-06-01T00:00:00Z"
duration_h = 24
step_s = 600
[montecarlo]
seed = 11
weather_realizations = 2
fading_samples = {fading_samples}
[channel]
fading = "none"
clouds = false
[[satellites]]
name = "GEO-135E"
terminal = "geo"
orbit = {{ epoch = "2026-06-01T00:00:00Z", longitude_deg = 135.0 }}
[terminals.geo]
wavelength_nm = 1550
tx_power_w = 1.0
divergence_half_angle_urad = 10
pointing_jitter_urad = 4
data_rate_bps = 1e9
[receivers.ogs]
aperture_m = 0.5
sensitivity_dbm = -39
[[stations]]
name = "site"
lat_deg = 35.0
lon_deg = 135.0
alt_m = 100
receiver = "ogs"
"#
    )
}

/// Test 1: with pointing jitter as the only fading, the outage probability of each step is the
/// Rayleigh closed form P(L_p ≤ x) = x^β at x = 10^(−M/10) (docs/models.md §4), and the
/// availability is 1 − mean(p) over the steps.
#[test]
fn geo_pointing_jitter_outage_matches_closed_form() {
    let n = 20_000u64;
    let sc = parse(&geo_jitter_toml(n));
    let out = run(&sc);
    let steps = &out.geometry.steps;
    // GEO seen all day: one pass covering the span, one step per grid point.
    assert_eq!(out.geometry.passes.len(), 1, "{:?}", out.geometry.passes);
    // Grid point k stands for [t_k, t_k + Δt): span/Δt points, none at the span end.
    let grid_points = (sc.duration_s() / sc.step_s).round() as usize;
    assert_eq!(steps.len(), grid_points);
    let beta = 10e-6f64.powi(2) / (4.0 * 4e-6f64.powi(2));
    let (mut sum_p, mut sum_want, mut sum_var) = (0.0, 0.0, 0.0);
    for (g, l) in steps.iter().zip(&out.links.steps) {
        assert!(g.sun_ok, "no Sun exclusion configured");
        let x = 10f64.powf(-l.margin_db / 10.0);
        let want = x.powf(beta);
        assert!(
            (0.02..0.5).contains(&want),
            "margin {} dB gives p = {want}: the test needs frequent outages",
            l.margin_db
        );
        // Binomial estimate of N draws: sd = sqrt(p(1−p)/N); 4 sd per step.
        let tol = 4.0 * (want * (1.0 - want) / n as f64).sqrt();
        assert!(
            (l.outage_probability - want).abs() <= tol,
            "step {}: p̂ = {} vs x^β = {want} (M = {} dB, tol {tol})",
            g.time_index,
            l.outage_probability,
            l.margin_db
        );
        sum_p += l.outage_probability;
        sum_want += want;
        sum_var += want * (1.0 - want) / n as f64;
    }
    // The steps draw from independent streams: the mean over K steps has
    // sd = sqrt(Σ p(1−p)/N)/K; 4 sd.
    let k = steps.len() as f64;
    let (mean_p, mean_want) = (sum_p / k, sum_want / k);
    let tol = 4.0 * sum_var.sqrt() / k;
    println!(
        "GEO jitter: {k} steps, M {:.3}–{:.3} dB, mean p̂ {mean_p:.5} vs x^β {mean_want:.5} (tol {tol:.5})",
        out.links.steps.iter().map(|l| l.margin_db).fold(f64::INFINITY, f64::min),
        out.links.steps.iter().map(|l| l.margin_db).fold(f64::NEG_INFINITY, f64::max),
    );
    assert!(
        (mean_p - mean_want).abs() <= tol,
        "mean p̂ {mean_p} vs {mean_want} (tol {tol})"
    );

    // Availability = up / contact = Σ(1 − p)·Δt / (K·Δt) = 1 − mean(p), in every realization
    // (no clouds), hence also its mean; only float rounding separates them.
    let summary = Summary::new(&sc, &out);
    for a in [&summary.stations[0], &summary.network] {
        for (what, v) in [
            ("mean", a.availability.mean),
            ("p10", a.availability.p10),
            ("p90", a.availability.p90),
        ] {
            assert!(
                (v - (1.0 - mean_p)).abs() <= 1e-12,
                "{} availability {what} {v} vs 1 − mean(p) = {}",
                a.name,
                1.0 - mean_p
            );
        }
        assert!((a.fade_outage_given_clear - mean_p).abs() <= 1e-12);
        assert_eq!(a.cloud_free_fraction, 1.0);
    }
}

/// The time budget of a GEO seen all the time: contact must equal the span, no_contact_s 0.
/// Each grid step counts Δt, and a pass clipped at both ends of the span holds span/Δt + 1
/// grid points (both ends included), so contact = span + Δt and no_contact_s = −Δt.
#[test]
fn geo_time_budget_adds_up_to_the_span() {
    let sc = parse(&geo_jitter_toml(100));
    check_time_budgets(&sc, &run(&sc));
}

/// GEO at 0° over two equatorial stations, clouds the only loss: huge margin, no fading, no
/// jitter. τ_c = 1 h, L_c = 300 km, cloud grid = engine step = 600 s.
fn two_station_clouds_toml(lon1_deg: f64, lon2_deg: f64, p1: f64, p2: f64) -> String {
    format!(
        r#"
name = "two stations, clouds only"
[time]
start = "2026-01-01T00:00:00Z"
duration_h = 720
step_s = 600
[montecarlo]
seed = 5
weather_realizations = 256
fading_samples = 16
[channel]
fading = "none"
cloud_correlation_length_km = 300
cloud_correlation_time_h = 1
cloud_step_s = 600
[[satellites]]
name = "GEO-0"
terminal = "geo"
orbit = {{ epoch = "2026-01-01T00:00:00Z", longitude_deg = 0.0 }}
[terminals.geo]
wavelength_nm = 1550
tx_power_w = 1.0
divergence_half_angle_urad = 10
data_rate_bps = 1e9
[receivers.ogs]
aperture_m = 0.5
sensitivity_dbm = -90
[[stations]]
name = "a"
lat_deg = 0.0
lon_deg = {lon1_deg}
alt_m = 0
receiver = "ogs"
cloud_free_probability = {p1}
[[stations]]
name = "b"
lat_deg = 0.0
lon_deg = {lon2_deg}
alt_m = 0
receiver = "ogs"
cloud_free_probability = {p2}
"#
    )
}

/// 4 × an upper bound of the sd of a clear-sky fraction averaged over `n` steps Δt apart and
/// `r` independent realizations, for an indicator with probability `p` of a stationary vector
/// AR(1) latent Gaussian whose lag-k cross-covariance is a^k·ρ, a = exp(−Δt/τ_c).
///
/// The canonical correlations between Z(t) and Z(t+kΔt) all equal a^k, so by the Gaussian
/// maximal-correlation theorem (Kolmogorov–Rozanov; Lancaster 1957) any function f of the latent
/// vector (a station's clear flag, or "at least one clear") has |corr(f_t, f_{t+k})| ≤ a^k.
/// Then Var(mean over n) ≤ p(1−p)/n·(1 + 2Σ_{k≥1} a^k) = p(1−p)/n·(1+a)/(1−a), i.e. an effective
/// sample count ≥ r·n·(1−a)/(1+a) ≈ r·span/(2τ_c).
fn cloud_tolerance(p: f64, n: usize, r: u64, a: f64) -> f64 {
    4.0 * (p * (1.0 - p) * (1.0 + a) / (1.0 - a) / (n as f64 * r as f64)).sqrt()
}

/// Runs a two-station cloud scenario and checks the per-station clear fractions and the network
/// availability against `want_network`; returns the measured network availability.
fn check_two_stations(sc: &Scenario, p: [f64; 2], want_network: f64) -> f64 {
    let out = run(sc);
    let n = (sc.duration_s() / sc.step_s).round() as usize;
    assert_eq!(out.geometry.passes.len(), 2, "both stations see the GEO");
    assert_eq!(
        out.geometry.steps.len(),
        2 * n,
        "every grid point in contact"
    );
    assert!(out.links.steps.iter().all(|l| l.outage_probability == 0.0));
    let c = sc.clouds.expect("clouds on");
    let a = (-sc.step_s / c.correlation_time_s).exp();
    let r = sc.weather_realizations;
    let summary = Summary::new(sc, &out);
    for (j, s) in summary.stations.iter().enumerate() {
        let tol = cloud_tolerance(p[j], n, r, a);
        println!(
            "station {j}: clear {:.5} vs p {} (tol {tol:.5})",
            s.cloud_free_fraction, p[j]
        );
        assert!(
            (s.cloud_free_fraction - p[j]).abs() <= tol,
            "station {j}: clear fraction {} vs p = {} (tol {tol})",
            s.cloud_free_fraction,
            p[j]
        );
        // No fading: up whenever clear.
        assert!((s.availability.mean - s.cloud_free_fraction).abs() <= 1e-12);
    }
    let got = summary.network.availability.mean;
    let tol = cloud_tolerance(want_network, n, r, a);
    println!("network: {got:.5} vs {want_network:.5} (tol {tol:.5})");
    assert!(
        (got - want_network).abs() <= tol,
        "network availability {got} vs {want_network} (tol {tol})"
    );
    got
}

/// Test 2: site diversity under clouds (docs/models.md §2): far-apart stations are independent,
/// 1 − (1−p1)(1−p2); close ones follow the bivariate normal with latent ρ = exp(−d/L_c).
#[test]
fn two_station_cloud_diversity() {
    let (p1, p2) = (0.4, 0.6);
    let l_c = 300e3;
    let rho = |lon1: f64, lon2: f64| {
        let d = (Geodetic::from_degrees(0.0, lon1, 0.0).to_ecef()
            - Geodetic::from_degrees(0.0, lon2, 0.0).to_ecef())
        .norm();
        (-d / l_c).exp()
    };
    let network = |rho: f64| {
        // P(both cloudy) = 1 − p1 − p2 + P(both clear); network = 1 − P(both cloudy).
        let both_clear = joint_clear_probability(p1, p2, rho).expect("valid probabilities");
        1.0 - (1.0 - p1 - p2 + both_clear)
    };

    // 40° of longitude apart (≈ 4400 km): ρ ≈ 4e-7, independent.
    let far = parse(&two_station_clouds_toml(-20.0, 20.0, p1, p2));
    let independent = 1.0 - (1.0 - p1) * (1.0 - p2);
    assert!((network(rho(-20.0, 20.0)) - independent).abs() < 1e-6);
    let got_far = check_two_stations(&far, [p1, p2], independent);

    // 0.3° apart (≈ 33 km): ρ ≈ 0.89, far from independent (network ≈ 0.64 vs 0.76).
    let r = rho(0.0, 0.3);
    assert!(r > 0.85, "ρ = {r}");
    let want = network(r);
    let close = parse(&two_station_clouds_toml(0.0, 0.3, p1, p2));
    let got_close = check_two_stations(&close, [p1, p2], want);
    assert!(
        independent - want > 0.1 && got_far - got_close > 0.1,
        "correlation must cost diversity: want {independent} vs {want}, got {got_far} vs {got_close}"
    );
}

/// Test 4 (library side): same seed → bit-identical results; another seed → different
/// fading draws and cloud timelines.
#[test]
fn seed_determines_the_results() {
    let sc = smoke();
    let (a, b) = (run(&sc), run(&sc));
    assert_eq!(a.links.steps, b.links.steps);
    assert!(!a.links.steps.is_empty());
    for (ra, rb) in a.realizations.iter().zip(&b.realizations) {
        assert_eq!(ra.stations, rb.stations);
        assert_eq!(ra.network, rb.network);
        assert_eq!(ra.passes, rb.passes);
        assert_eq!(ra.clear, rb.clear);
    }
    let mut other = sc.clone();
    other.seed += 1;
    let c = run(&other);
    assert_eq!(
        a.geometry.steps, c.geometry.steps,
        "geometry has no randomness"
    );
    assert_ne!(
        a.links
            .steps
            .iter()
            .map(|l| l.margin_percentiles_db)
            .collect::<Vec<_>>(),
        c.links
            .steps
            .iter()
            .map(|l| l.margin_percentiles_db)
            .collect::<Vec<_>>(),
        "fading draws must depend on the seed"
    );
    assert_ne!(
        a.realizations.iter().map(|r| &r.clear).collect::<Vec<_>>(),
        c.realizations.iter().map(|r| &r.clear).collect::<Vec<_>>(),
        "cloud timelines must depend on the seed"
    );
}

/// Test 7: site diversity in a LEO scenario (the default one cut to a day, 200 fading draws,
/// every station 70 % clear so that several stations have up time in one realization).
/// Network availability ≥ max over stations does not hold in general (stations see the
/// satellite at different times, so the contact times differ), but in every realization the
/// network up time lies between the best station's and the sum over stations, the network
/// contact time likewise, and the network volume is at most the sum of the station volumes (a
/// satellite uses one link at a time). Koganei–Kashima and Betzdorf–Kirchberg see the same
/// passes, so both bounds are strict somewhere.
#[test]
fn network_bounds_in_leo_scenario() {
    let text = crate::run_cli::shortened_toml(oslink::scenario::DEFAULT_SCENARIO_TOML, 24.0);
    let mut sc = parse(&text);
    sc.fading_samples = 200;
    for s in &mut sc.stations {
        s.station.cloud_free_monthly = [0.7; 12];
    }
    let out = run(&sc);
    let eps = 1e-9;
    let (mut above_max, mut below_sum) = (false, false);
    for (r, real) in out.realizations.iter().enumerate() {
        let st = &real.stations;
        let net = &real.network;
        let max_up = st.iter().map(|b| b.up_s).fold(0.0, f64::max);
        let sum_up: f64 = st.iter().map(|b| b.up_s).sum();
        assert!(
            net.up_s >= max_up - eps && net.up_s <= sum_up + eps,
            "realization {r}: network up {} vs max {max_up}, sum {sum_up}",
            net.up_s
        );
        above_max |= net.up_s > max_up + 1.0;
        below_sum |= net.up_s < sum_up - 1.0;
        let max_contact = st.iter().map(|b| b.contact_s()).fold(0.0, f64::max);
        let sum_contact: f64 = st.iter().map(|b| b.contact_s()).sum();
        assert!(net.contact_s() >= max_contact - eps && net.contact_s() <= sum_contact + eps);
        let sum_volume: f64 = st.iter().map(|b| b.volume_bits).sum();
        assert!(
            net.volume_bits <= sum_volume * (1.0 + eps),
            "realization {r}: network volume {} > sum {sum_volume}",
            net.volume_bits
        );
    }
    assert!(above_max, "a second station should add up time");
    assert!(below_sum, "overlapping passes should be counted once");
    check_time_budgets(&sc, &out);
}
