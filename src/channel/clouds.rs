//! Cloud-free line of sight (CFLOS): a binary clear/cloudy state per station and time, drawn
//! from a thresholded latent Gaussian process (models.md §2 "Clouds" and "Cloud process in time
//! and space").
//!
//! An optically thick cloud costs tens of dB, so the link is possible only when the line of
//! sight is cloud free. Each station i has 12 monthly zenith probabilities p_i(month). A latent
//! standard-normal process Z(t) over the stations is
//!
//! * AR(1) in time: Z(t+Δt) = a·Z(t) + sqrt(1−a²)·L·n, a = exp(−Δt/τ_c), n ~ N(0, I),
//!   started stationary at Z(0) = L·n;
//! * correlated across stations: ρ_ij = exp(−d_ij/L_c), L·Lᵀ = ρ, with d_ij the **chord**
//!   (straight-line ECEF) distance between the stations. The chord keeps ρ positive definite
//!   (the exponential kernel is positive definite in ℝ³) and differs from the great-circle
//!   distance by d·θ²/24: 1e-5 relative at 109 km (Koganei–Kashima), 0.1 % at 1000 km.
//!
//! Station i is clear at t ⇔ Z_i(t) < Φ⁻¹(p_i(month of t)). Z is stationary N(0, ρ), so the
//! marginal clear probability is exactly p_i in every month, clear and cloudy spells last hours
//! (set by τ_c), and nearby stations share weather. The indicator correlation of two stations
//! follows from the bivariate normal CDF Φ2 ([`joint_clear_probability`]):
//! P(both clear) = Φ2(Φ⁻¹(p1), Φ⁻¹(p2); ρ) = p1p2 + ρ_I·sqrt(p1q1p2q2), and P(both cloudy) =
//! q1q2 + ρ_I·sqrt(p1q1p2q2) with the same ρ_I.
//!
//! Thresholded (clipped) Gaussian processes are the usual way to generate correlated binary
//! cloud fields with given marginals; optical ground-station network studies use this picture
//! of site diversity (Fuchs & Moll, JOCN 7(12):1148 (2015); Giggenbach, Knopp & Fuchs,
//! IJSCN 41(5):460 (2023)).
//!
//! **Factorisation.** L is nalgebra's Cholesky factor of ρ. Co-located or nearly co-located
//! stations make ρ singular (ρ_ij → 1) and Cholesky may fail; then L = V·diag(sqrt(max(λ, 0)))
//! from the symmetric eigendecomposition ρ = V·diag(λ)·Vᵀ, which still satisfies L·Lᵀ = ρ up to
//! rounding (co-located stations then see identical weather, as they should). No jitter is
//! added, so unit variances are kept.
//!
//! **Randomness.** Each weather realization is one independent stream: a ChaCha8 generator
//! keyed by a SplitMix64 hash of (seed, realization) and a constant naming this module, drawing
//! one standard normal per station per grid step in station order. A realization's timeline
//! therefore depends only on (seed, realization) and the inputs, never on the thread count or
//! on the order in which realizations are run.

use nalgebra::{Cholesky, DMatrix, DVector, SymmetricEigen};
use rand::rngs::ChaCha8Rng;
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};

use crate::error::{Error, Result};
use crate::frames::Geodetic;
use crate::time::month_of;

/// One station as the cloud model sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudSite {
    /// Station position (WGS-84 geodetic); only distances between stations matter.
    pub position: Geodetic,
    /// Zenith cloud-free probability for January … December (index 0 = January), each in
    /// [0, 1]; 0 means never clear, 1 always clear.
    pub clear_probability_by_month: [f64; 12],
}

/// The cloud process of a station network: thresholds per station and month and the factor of
/// the station correlation matrix. Build once, then [`CloudModel::realize`] per realization.
#[derive(Debug, Clone)]
pub struct CloudModel {
    /// Φ⁻¹(p_i(month)) per station, ±∞ for p = 1 / p = 0.
    thresholds: Vec<[f64; 12]>,
    /// L with L·Lᵀ = ρ, ρ_ij = exp(−d_ij/L_c).
    factor: DMatrix<f64>,
    correlation_time_s: f64,
}

/// Domain constant mixed into the stream key so that other random subsystems keyed by the same
/// (seed, realization) draw different numbers ("clouds" in ASCII).
const CLOUD_STREAM_DOMAIN: u64 = 0x636c_6f75_6473;

impl CloudModel {
    /// Builds the model for `stations` with the horizontal correlation length `correlation_length_m`
    /// (L_c, m, > 0) and the correlation time `correlation_time_s` (τ_c, s, > 0).
    ///
    /// Errors (scenario keys): no station; a probability outside [0, 1]
    /// (`stations[i].cloud_free_probability`); L_c or τ_c not finite and > 0
    /// (`cloud_correlation_length_km`, `cloud_correlation_time_h`, values quoted in those units).
    pub fn new(
        stations: &[CloudSite],
        correlation_length_m: f64,
        correlation_time_s: f64,
    ) -> Result<CloudModel> {
        if stations.is_empty() {
            return Err(Error::invalid("stations", 0, "at least one station"));
        }
        if !(correlation_length_m.is_finite() && correlation_length_m > 0.0) {
            return Err(Error::invalid(
                "cloud_correlation_length_km",
                correlation_length_m / 1e3,
                "must be finite and > 0",
            ));
        }
        if !(correlation_time_s.is_finite() && correlation_time_s > 0.0) {
            return Err(Error::invalid(
                "cloud_correlation_time_h",
                correlation_time_s / 3600.0,
                "must be finite and > 0",
            ));
        }
        let mut thresholds = Vec::with_capacity(stations.len());
        for (i, site) in stations.iter().enumerate() {
            let mut z = [0.0; 12];
            for (zm, &p) in z.iter_mut().zip(&site.clear_probability_by_month) {
                if !(0.0..=1.0).contains(&p) {
                    return Err(Error::invalid(
                        format!("stations[{i}].cloud_free_probability"),
                        p,
                        "each value must be in [0, 1]",
                    ));
                }
                *zm = normal_quantile(p);
            }
            thresholds.push(z);
        }

        let ecef: Vec<_> = stations.iter().map(|s| s.position.to_ecef()).collect();
        let n = stations.len();
        // ρ_ij = exp(−d_ij/L_c), d_ij = chord distance.
        let rho = DMatrix::from_fn(n, n, |i, j| {
            (-(ecef[i] - ecef[j]).norm() / correlation_length_m).exp()
        });
        let factor = match Cholesky::new(rho.clone()) {
            Some(c) => c.l(),
            None => {
                let eig = SymmetricEigen::new(rho);
                let sqrt_lambda = eig.eigenvalues.map(|l| l.max(0.0).sqrt());
                eig.eigenvectors * DMatrix::from_diagonal(&sqrt_lambda)
            }
        };
        Ok(CloudModel {
            thresholds,
            factor,
            correlation_time_s,
        })
    }

    /// Number of stations, in the order given to [`CloudModel::new`].
    pub fn station_count(&self) -> usize {
        self.thresholds.len()
    }

    /// The latent process of one weather realization on a grid of step `step_s` (s, > 0),
    /// positioned at its stationary start Z(0) = L·n.
    pub fn latent(&self, seed: u64, realization: u64, step_s: f64) -> Result<LatentProcess> {
        if !(step_s.is_finite() && step_s > 0.0) {
            return Err(Error::invalid("cloud_step_s", step_s, "must be finite and > 0"));
        }
        let mut rng = ChaCha8Rng::from_seed(stream_seed(seed, realization));
        // Stationary start: Z(0) = L·n.
        let noise = DVector::from_fn(self.station_count(), |_, _| StandardNormal.sample(&mut rng));
        Ok(LatentProcess {
            z: &self.factor * &noise,
            factor: self.factor.clone(),
            a: (-step_s / self.correlation_time_s).exp(),
            noise,
            rng,
        })
    }

    /// Draws the clear/cloudy timeline of weather realization `realization` under `seed` on the
    /// grid `start_unix_s, start_unix_s + step_s, …` up to and including `end_unix_s`
    /// (Unix seconds UTC, `step_s` in s, > 0; a few minutes suits clouds that change over
    /// hours). Same (seed, realization) → same timeline.
    pub fn realize(
        &self,
        seed: u64,
        realization: u64,
        start_unix_s: f64,
        end_unix_s: f64,
        step_s: f64,
    ) -> Result<CloudTimeline> {
        if !start_unix_s.is_finite() {
            return Err(Error::invalid("start", start_unix_s, "must be finite"));
        }
        if !(end_unix_s.is_finite() && end_unix_s >= start_unix_s) {
            return Err(Error::invalid("end", end_unix_s, "must be finite and ≥ start"));
        }
        let mut latent = self.latent(seed, realization, step_s)?;
        let len = ((end_unix_s - start_unix_s) / step_s + GRID_EPS).floor() as usize + 1;
        let words = len.div_ceil(64);
        let mut clear = vec![0u64; words * self.station_count()];
        for k in 0..len {
            if k > 0 {
                latent.advance();
            }
            let month = month_of(start_unix_s + k as f64 * step_s) as usize - 1;
            for (i, (&z, thr)) in latent.state().iter().zip(&self.thresholds).enumerate() {
                // Clear ⇔ Z_i < Φ⁻¹(p_i(month)); −∞ / +∞ thresholds give never / always.
                if z < thr[month] {
                    clear[i * words + k / 64] |= 1 << (k % 64);
                }
            }
        }
        Ok(CloudTimeline {
            start_unix_s,
            step_s,
            len,
            words,
            clear,
        })
    }
}

/// Tolerance (in grid steps) for a time computed as start + k·step to land on grid point k.
const GRID_EPS: f64 = 1e-9;

/// The latent Gaussian vector Z(t) of one weather realization, advanced one grid step at a time.
#[derive(Debug)]
pub struct LatentProcess {
    factor: DMatrix<f64>,
    a: f64,
    z: DVector<f64>,
    noise: DVector<f64>,
    rng: ChaCha8Rng,
}

impl LatentProcess {
    /// Z(t) at the current grid point, one standard-normal value per station.
    pub fn state(&self) -> &[f64] {
        self.z.as_slice()
    }

    /// The AR(1) coefficient a = exp(−Δt/τ_c) of one grid step.
    pub fn ar_coefficient(&self) -> f64 {
        self.a
    }

    /// Advances one grid step: Z ← a·Z + sqrt(1−a²)·L·n.
    pub fn advance(&mut self) {
        for v in self.noise.iter_mut() {
            *v = StandardNormal.sample(&mut self.rng);
        }
        let b = (1.0 - self.a * self.a).sqrt();
        self.z.gemv(b, &self.factor, &self.noise, self.a);
    }
}

/// The clear/cloudy state of every station on a regular time grid, one bit per station and
/// grid point (a year at 300 s for 6 stations is 80 kB).
#[derive(Debug, Clone, PartialEq)]
pub struct CloudTimeline {
    start_unix_s: f64,
    step_s: f64,
    len: usize,
    words: usize,
    clear: Vec<u64>,
}

impl CloudTimeline {
    /// Whether station `station` (index into the model's stations) has a cloud-free line of
    /// sight at `unix_s` (Unix seconds UTC): the state of the nearest grid point at or before
    /// `unix_s`; times before the start use the first point, after the end the last one.
    /// Panics if `station` is out of range (a programming error, like slice indexing).
    pub fn is_clear(&self, station: usize, unix_s: f64) -> bool {
        let k = ((unix_s - self.start_unix_s) / self.step_s + GRID_EPS).floor();
        // Saturating float → usize cast maps negative times and NaN to 0.
        self.is_clear_at(station, (k as usize).min(self.len - 1))
    }

    /// The state of station `station` at grid point `index` (time start + index·step).
    /// Panics if either is out of range.
    pub fn is_clear_at(&self, station: usize, index: usize) -> bool {
        assert!(index < self.len, "grid index {index} ≥ {}", self.len);
        (self.clear[station * self.words + index / 64] >> (index % 64)) & 1 == 1
    }

    /// Number of grid points.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: a timeline has at least its start point.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of stations.
    pub fn station_count(&self) -> usize {
        self.clear.len() / self.words
    }

    /// First grid time, Unix seconds UTC.
    pub fn start_unix_s(&self) -> f64 {
        self.start_unix_s
    }

    /// Grid step, s.
    pub fn step_s(&self) -> f64 {
        self.step_s
    }

    /// Fraction of grid points at which station `station` is clear.
    pub fn clear_fraction(&self, station: usize) -> f64 {
        let row = &self.clear[station * self.words..(station + 1) * self.words];
        row.iter().map(|w| w.count_ones() as f64).sum::<f64>() / self.len as f64
    }
}

/// P(both clear) of two stations with clear probabilities `p1`, `p2` (in [0, 1]) whose latent
/// variables have correlation `latent_correlation` (in [−1, 1]; exp(−d/L_c) for two stations, or
/// a = exp(−Δt/τ_c) for one station at two times Δt apart):
/// Φ2(Φ⁻¹(p1), Φ⁻¹(p2); ρ).
pub fn joint_clear_probability(p1: f64, p2: f64, latent_correlation: f64) -> f64 {
    bivariate_normal_cdf(normal_quantile(p1), normal_quantile(p2), latent_correlation)
}

/// Standard normal quantile Φ⁻¹(p) = −√2·erfc⁻¹(2p); −∞ at 0, +∞ at 1.
fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        f64::NEG_INFINITY
    } else if p >= 1.0 {
        f64::INFINITY
    } else {
        -std::f64::consts::SQRT_2 * puruspe::inverfc(2.0 * p)
    }
}

/// Standard normal CDF Φ(x) = erfc(−x/√2)/2.
fn normal_cdf(x: f64) -> f64 {
    0.5 * puruspe::erfc(-x / std::f64::consts::SQRT_2)
}

/// Bivariate standard normal CDF Φ2(h, k; ρ) = P(X < h, Y < k), corr(X, Y) = ρ.
///
/// From ∂Φ2/∂ρ = φ2(h, k; ρ) (Plackett 1954) with r = sin θ:
/// Φ2 = Φ(h)Φ(k) + (1/2π)·∫₀^{asin ρ} exp(−(h² − 2hk·sin θ + k²)/(2cos²θ)) dθ,
/// a bounded smooth integrand (→ 0 or exp(−h²/2) at θ = ±π/2), integrated by adaptive Simpson.
fn bivariate_normal_cdf(h: f64, k: f64, rho: f64) -> f64 {
    if h == f64::NEG_INFINITY || k == f64::NEG_INFINITY {
        return 0.0;
    }
    if h == f64::INFINITY {
        return normal_cdf(k);
    }
    if k == f64::INFINITY {
        return normal_cdf(h);
    }
    let rho = rho.clamp(-1.0, 1.0);
    let f = |theta: f64| {
        let c = theta.cos();
        let e = (h * h - 2.0 * h * k * theta.sin() + k * k) / (2.0 * c * c);
        if e.is_finite() {
            (-e).exp()
        } else {
            // cos θ = 0: the limit is exp(−(h∓k)²/0) = 0 unless h = ±k, where it is exp(−h²/2).
            let s = theta.sin().signum();
            if (h - s * k).abs() < 1e-300 {
                (-0.5 * h * h).exp()
            } else {
                0.0
            }
        }
    };
    let integral = adaptive_simpson(&f, 0.0, rho.asin(), 1e-13, 50);
    (normal_cdf(h) * normal_cdf(k) + integral / (2.0 * std::f64::consts::PI)).clamp(0.0, 1.0)
}

/// ∫ₐᵇ f by adaptive Simpson with Richardson correction, absolute tolerance `tol`.
fn adaptive_simpson(f: &impl Fn(f64) -> f64, a: f64, b: f64, tol: f64, depth: u32) -> f64 {
    fn step(
        f: &impl Fn(f64) -> f64,
        (a, fa): (f64, f64),
        (m, fm): (f64, f64),
        (b, fb): (f64, f64),
        whole: f64,
        tol: f64,
        depth: u32,
    ) -> f64 {
        let (lm, rm) = (0.5 * (a + m), 0.5 * (m + b));
        let (flm, frm) = (f(lm), f(rm));
        let left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
        let right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
        let delta = left + right - whole;
        if depth == 0 || delta.abs() <= 15.0 * tol {
            return left + right + delta / 15.0;
        }
        step(f, (a, fa), (lm, flm), (m, fm), left, 0.5 * tol, depth - 1)
            + step(f, (m, fm), (rm, frm), (b, fb), right, 0.5 * tol, depth - 1)
    }
    if a == b {
        return 0.0;
    }
    let m = 0.5 * (a + b);
    let (fa, fm, fb) = (f(a), f(m), f(b));
    let whole = (b - a) / 6.0 * (fa + 4.0 * fm + fb);
    step(f, (a, fa), (m, fm), (b, fb), whole, tol, depth)
}

/// SplitMix64 finaliser (Steele, Lea & Flood 2014) of x + golden-ratio increment.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 256-bit ChaCha8 key of weather realization `realization` under `seed`.
fn stream_seed(seed: u64, realization: u64) -> [u8; 32] {
    let mut state = splitmix64(splitmix64(CLOUD_STREAM_DOMAIN ^ seed) ^ realization);
    let mut key = [0u8; 32];
    for chunk in key.chunks_exact_mut(8) {
        state = splitmix64(state);
        chunk.copy_from_slice(&state.to_le_bytes());
    }
    key
}
