//! Photon-counting M-PPM (CCSDS 142.0-B "High Photon Efficiency" style) at the capacity of
//! the Poisson PPM channel, plus an implementation loss.
//!
//! **Channel** (Moision & Hamkins, IPN Progress Report 42-154, 2003, §II–III): each symbol
//! of M slots of width T_s (followed by `guard` empty slots) carries one pulse; an ideal
//! photon counter detects k_1 ~ Poisson(n_s + n_b) in the pulsed slot and k_j ~ Poisson(n_b)
//! in each of the M − 1 others, n_s the signal and n_b the noise photoelectrons per slot:
//! n_s = η·P·(M + guard)·T_s/(h·ν) (one pulse per symbol carries the average power of the
//! whole symbol) and n_b = η·P_b·T_s/(h·ν) + (dark count rate)·T_s.
//!
//! **Capacity** of soft-decision (count-observing) PPM with uniform inputs, bits/symbol:
//!
//! C(n_s, n_b, M) = log2 M − E[log2(1 + X)], X = Σ_(j=2..M) r^(k_j − k_1), r = 1 + n_s/n_b,
//!
//! the likelihood-ratio form C = log2 M − E[log2 Σ_j L(k_j)/L(k_1)] with
//! L(k) = ((n_s + n_b)/n_b)^k·e^(−n_s). For n_b = 0 it is the erasure channel
//! C = log2 M·(1 − e^(−n_s)).
//!
//! **Evaluation (exact up to quadrature).** Frullani's integral
//! ln(1 + X) = ∫_0^∞ (e^(−t) − e^(−t(1+X)))/t dt, the independence of the noise slots and
//! the substitution t = τ·r^(k_1) give
//!
//! E[ln(1 + X)] = ∫_(−∞)^(∞) χ(e^u)·[1 − ψ(e^u)^(M−1)] du,
//! χ(τ) = E[exp(−τ·r^(k_1))], ψ(τ) = E[exp(−τ·r^(k_j))],
//!
//! two Poisson sums of exp(−e^(u + k·ln r)). The integrand is analytic and decays double
//! exponentially as u → ∞ and like e^u as u → −∞, so the trapezoidal rule converges
//! geometrically. With the step h = ln(r)/n (n an integer), every term exp(−e^(u_i + k·ln r))
//! is a grid value exp(−e^(u_(i − k·n))): one `expm1` per grid point, and the sums are
//! multiply-adds. The grid runs from u = 3.7 (χ < e^(−40)) down until (M − 1)·(1 − ψ), a
//! bound on the integrand from there on, falls below 1e-12 of the sum (the geometric rest
//! is added). h ≤ [`H_MAX`] = 0.35 gives C to ~1e-13 bits (tested against h/4, exact
//! enumeration for M = 2 and 4, Monte Carlo for M = 16, and the n_b → 0 erasure limit). No
//! published value of C with n_b > 0 could be checked here, hence the enumeration.
//!
//! **Sensitivity.** The implementation loss L multiplies the signal power: with n_s* the
//! signal counts at which C(n_s*, n_b, M) equals the bits per symbol R_b·(M + guard)·T_s, the
//! power at the detector is P = 10^(L/10)·n_s*·h·ν/(η·(M + guard)·T_s). n_s* is found by
//! secant (then inverse quadratic) steps on y(n_s) = ln(log2 M/(log2 M − C)) =
//! −ln(1 − R/log2 M) (noiseless, y = n_s: the secant is nearly exact), from the noiseless
//! value, a lower bound (noise only lowers C), safeguarded by bisection inside the bracket
//! once there is one: 4–7 capacity evaluations, 20–55 µs per call (optimised build, this
//! machine) for 16- to 256-PPM with n_b ≤ 0.4. The data rate must be below the uncoded rate
//! log2(M)/((M + guard)·T_s), where C = log2 M needs n_s → ∞.

use super::{check_efficiency, check_implementation_loss, NoiseTerms};
use crate::error::require;
use crate::error::{Error, Result};
use crate::units::photon_energy_j;

/// Photon-counting M-PPM receiver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PpmReceiver {
    /// PPM order M, a power of two, 2..=256 (CCSDS HPE uses 4..=256), slots.
    pub order: u32,
    /// Slot width T_s, s (the scenario gives ns).
    pub slot_width_s: f64,
    /// Inter-symbol guard time, slots (CCSDS: M/4).
    pub guard_slots: u32,
    /// Detection efficiency η of the photon counter, (0, 1], dimensionless.
    pub detection_efficiency: f64,
    /// Dark count rate, counts/s.
    pub dark_count_rate_hz: f64,
    /// Gap of the real code and receiver to capacity (multiplies the signal power), dB, ≥ 0.
    pub implementation_loss_db: f64,
}

/// Largest step of the trapezoidal grid in u = ln τ. The integrand's components
/// exp(−e^(u + c)) are analytic and bounded in the strip |Im u| < π/2, so the trapezoid
/// error falls like exp(−π²/h): measured 1e-7 at h = 0.7, 4e-9 at 0.5, 3e-13 at 0.4,
/// 6e-14 at 0.35 and ~1e-16 at 0.3 (nats, against h = 0.05).
const H_MAX: f64 = 0.35;

/// Top of the grid in u: e^3.7 = 40.4, where exp(−τ) < 3e-18 bounds χ.
const U_TOP: f64 = 3.7;

/// Most grid points of one capacity evaluation. The grid needs about 120/h points with
/// h = min(ln(1 + n_s/n_b), 0.35): a few hundred at n_s/n_b ≳ 0.3, 20,000 at n_s/n_b ≈ 6e-3.
/// Below that the capacity is tiny (C → 0 like n_s²/n_b) and an evaluation that reaches
/// this bound is taken as C = 0 (see [`lost_bits`]): the solver then raises n_s, so the
/// sensitivity errs on the safe side and each evaluation costs at most ~2 ms.
const MAX_NODES: usize = 20_000;

/// Largest noise (background or dark) counts per slot: 100. A photon counter saturates at
/// about one count per dead time, and the Poisson model above a few counts per slot no
/// longer describes one (nor does PPM make sense there).
const MAX_NOISE_PER_SLOT: f64 = 100.0;

/// Largest signal counts per pulse the solver searches: beyond 1e6 the rate is so close to
/// the uncoded rate that no receiver reaches it.
const MAX_SIGNAL_PER_SLOT: f64 = 1e6;

/// A Poisson(λ) pmf on the window where it exceeds 1e-20 (from 10 standard deviations below
/// the mean), with its running CDF.
struct PoissonPmf {
    /// First count of the window.
    k0: usize,
    /// pmf(k0), pmf(k0 + 1), …
    pmf: Vec<f64>,
    /// CDF at k0, k0 + 1, … (the mass below k0, < 1e-20, taken as 0).
    cdf: Vec<f64>,
}

impl PoissonPmf {
    fn new(lambda: f64) -> Self {
        let sd = lambda.sqrt();
        let k0 = (lambda - 10.0 * sd - 10.0).max(0.0).floor();
        let mut p = if k0 == 0.0 {
            (-lambda).exp()
        } else {
            (k0 * lambda.ln() - lambda - libm::lgamma(k0 + 1.0)).exp()
        };
        let (mut pmf, mut cdf) = (Vec::new(), Vec::new());
        let (mut k, mut total) = (k0, 0.0);
        loop {
            total += p;
            pmf.push(p);
            cdf.push(total);
            k += 1.0;
            p *= lambda / k;
            if (k > lambda && p < 1e-20) || pmf.len() > 100_000 {
                break;
            }
        }
        PoissonPmf {
            k0: k0 as usize,
            pmf,
            cdf,
        }
    }

    /// Last count of the window.
    fn k1(&self) -> usize {
        self.k0 + self.pmf.len() - 1
    }
}

/// The noise-slot distribution Poisson(n_b), shared by the capacity evaluations of a solve.
struct NoiseSlots {
    nb: f64,
    pmf: PoissonPmf,
    /// Noise mass at and above m: suffix[m − k0].
    suffix: Vec<f64>,
}

impl NoiseSlots {
    fn new(nb: f64) -> Self {
        let pmf = PoissonPmf::new(nb);
        let mut suffix = vec![0.0; pmf.pmf.len() + 1];
        for i in (0..pmf.pmf.len()).rev() {
            suffix[i] = suffix[i + 1] + pmf.pmf[i];
        }
        NoiseSlots { nb, pmf, suffix }
    }
}

/// Grid buffers reused across the evaluations of a solve: g_j = exp(−e^(u_j)) and
/// gm_j = 1 − g_j.
#[derive(Default)]
struct Grid {
    g: Vec<f64>,
    gm: Vec<f64>,
}

/// Σ_t a[t]·b[j0 − t·steps] (every index valid), with four partial sums (the additions are
/// otherwise one dependency chain).
fn strided_dot(a: &[f64], b: &[f64], j0: usize, steps: usize) -> f64 {
    let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
    let mut j = j0;
    let mut chunks = a.chunks_exact(4);
    for c in &mut chunks {
        s0 += c[0] * b[j];
        s1 += c[1] * b[j - steps];
        s2 += c[2] * b[j - 2 * steps];
        s3 += c[3] * b[j - 3 * steps];
        // (Wraps only past the last term, where j is no longer read.)
        j = j.wrapping_sub(4 * steps);
    }
    for &x in chunks.remainder() {
        s0 += x * b[j];
        j = j.wrapping_sub(steps);
    }
    (s0 + s1) + (s2 + s3)
}

/// E[ln(1 + X)] of the module doc by the trapezoidal rule with steps ≤ `h_max`, n_s > 0,
/// n_b > 0; `None` when the sum has not converged within [`MAX_NODES`] grid points.
fn expected_log_sum(
    ns: f64,
    noise: &NoiseSlots,
    order: u32,
    h_max: f64,
    grid: &mut Grid,
) -> Option<f64> {
    let beta = (ns / noise.nb).ln_1p();
    let steps = (beta / h_max).ceil().max(1.0) as usize;
    let h = beta / steps as f64;
    let signal = PoissonPmf::new(ns + noise.nb);
    let (k0, k1) = (signal.k0, signal.k1());
    let (m0, m1) = (noise.pmf.k0, noise.pmf.k1());
    // exp(−e^u) = 1 in f64 once e^u < 1.1e-16 (u < −36.7): from grid index j_one on.
    let j_one = ((U_TOP + 37.0) / h).ceil() as usize;
    let others = (order - 1) as f64;
    // Binomial series coefficients of 1 − (1 − ε)^(M−1): (M − 2)/2, (M − 3)/3, (M − 4)/4.
    let (c2, c3, c4) = (
        0.5 * (others - 1.0),
        (others - 2.0) / 3.0,
        0.25 * (others - 3.0),
    );
    let ratio = (-h).exp();
    let Grid { g, gm } = grid;
    g.clear();
    gm.clear();
    // u_j = U_TOP − j·h, y_j = e^(u_j).
    let mut y = U_TOP.exp();
    let mut sum = 0.0;
    // q = i / steps and q_one = (i − j_one) / steps, advanced without divisions.
    let (mut q, mut q_rem) = (0, 0);
    let (mut q_one, mut q_one_rem) = (0, 0);
    for i in 0..MAX_NODES {
        if i > 0 {
            q_rem += 1;
            if q_rem == steps {
                q += 1;
                q_rem = 0;
            }
            if i > j_one {
                q_one_rem += 1;
                if q_one_rem == steps {
                    q_one += 1;
                    q_one_rem = 0;
                }
            }
        }
        let gmi = if y < 1e-3 {
            // 1 − e^(−y) = y − y²/2 + y³/6 − y⁴/24 + …, the next term y⁵/120 below 1e-17.
            y * (1.0 - y * (0.5 - y * (1.0 / 6.0 - y / 24.0)))
        } else {
            -(-y).exp_m1()
        };
        g.push(if y < 0.5 { 1.0 - gmi } else { (-y).exp() });
        gm.push(gmi);
        y *= ratio;
        // χ(e^(u_i)) = Σ_k P1(k)·g_(i − k·steps) over k·steps ≤ i (above, g = 0 in f64); the
        // k with i − k·steps ≥ j_one have g = 1 and sum to the CDF.
        let top = q.min(k1);
        let mut chi = 0.0;
        if top >= k0 {
            let mut k = k0;
            if i >= j_one && q_one >= k0 {
                chi = signal.cdf[q_one.min(k1) - k0];
                k = q_one + 1;
            }
            if k <= top {
                chi += strided_dot(&signal.pmf[k - k0..=top - k0], g, i - k * steps, steps);
            }
        }
        // 1 − ψ(e^(u_i)) = Σ_m p(m)·gm_(i − m·steps), gm = 1 above the grid (m·steps > i).
        let top = q.min(m1);
        let eps = if top >= m0 {
            noise.suffix[top + 1 - m0]
                + strided_dot(&noise.pmf.pmf[..=top - m0], gm, i - m0 * steps, steps)
        } else {
            noise.suffix[0]
        }
        .min(1.0);
        // 1 − ψ^(M−1) = 1 − (1 − ε)^(M−1): for (M − 1)ε < 1e-3 the binomial series
        // Σ_k (−1)^(k+1)·C(M−1, k)·ε^k to k = 4 (the rest below 1e-14 of it); for ε ≥ 0.01 by
        // repeated squaring (1 − ε is then exact to 1e-14 of itself, and the result ≥ 0.01);
        // between, −expm1((M − 1)·ln(1 − ε)).
        let x = others * eps;
        let power = if x < 1e-3 {
            x * (1.0 - c2 * eps * (1.0 - c3 * eps * (1.0 - c4 * eps)))
        } else if eps >= 0.01 {
            1.0 - (1.0 - eps).powi(order as i32 - 1)
        } else {
            -(others * (-eps).ln_1p()).exp_m1()
        };
        let f = chi * power;
        sum += f;
        // The integrand is at most (M − 1)·ε, which only falls further down the grid, here
        // like e^u (the empty noise slots' term p(0)·e^u dominates ε): the rest of the sum is
        // about f·e^(−h)/(1 − e^(−h)), added. Stop once that bound is below 1e-12 of the sum
        // (or 1e-16 absolute): the estimate's own error is a fraction of it.
        if x < 1e-16 || x < 1e-12 * (1.0 - ratio) * sum {
            sum += f * ratio / (1.0 - ratio);
            return Some(h * sum);
        }
    }
    None
}

/// log2 M − C(n_s, n_b, M), bits/symbol, in [0, log2 M] (computed directly, so that it
/// keeps its relative accuracy when C is close to log2 M), with the noise statistics and grid
/// buffers of the caller.
fn lost_bits(ns: f64, noise: &NoiseSlots, order: u32, grid: &mut Grid) -> f64 {
    let log2m = (order as f64).log2();
    if ns <= 0.0 {
        return log2m;
    }
    if noise.nb <= 0.0 {
        // Erasure channel: C = log2 M·(1 − e^(−n_s)).
        return log2m * (-ns).exp();
    }
    // An evaluation too fine for the grid (n_s/n_b ≲ 6e-3) counts as C = 0: a lower bound of
    // the capacity, so the solver looks for the root at larger n_s.
    match expected_log_sum(ns, noise, order, H_MAX, grid) {
        Some(sum) => (sum / std::f64::consts::LN_2).clamp(0.0, log2m),
        None => log2m,
    }
}

/// Capacity C(n_s, n_b, M) of soft-decision M-PPM on the Poisson channel, bits/symbol (the
/// solver works on the lost information directly; the tests check both against each other).
#[cfg(test)]
pub(super) fn capacity_bits(ns: f64, nb: f64, order: u32) -> f64 {
    let log2m = (order as f64).log2();
    log2m
        - lost_bits(
            ns,
            &NoiseSlots::new(nb.max(0.0)),
            order,
            &mut Grid::default(),
        )
}

/// Signal counts per pulse n_s at which C(n_s, n_b, M) = `bits` (0 < bits < log2 M), C to
/// 1e-9 of log2 M − C; None beyond [`MAX_SIGNAL_PER_SLOT`].
pub(super) fn required_signal_counts(bits: f64, nb: f64, order: u32) -> Option<f64> {
    let log2m = (order as f64).log2();
    // Noiseless: n_s = −ln(1 − bits/log2 M), a lower bound for n_b > 0.
    let s0 = -(-bits / log2m).ln_1p();
    if nb <= 0.0 {
        return Some(s0);
    }
    let noise = NoiseSlots::new(nb);
    let mut grid = Grid::default();
    // Solve y(n_s) = ln(log2 M/(log2 M − C)) = s0 instead of C = bits: noiseless, y = n_s
    // exactly, and the noise only bends it slightly, so secant steps on n_s converge in a few
    // evaluations. |y − s0| ≤ 1e-9 puts C within 1e-9·(log2 M − C) of `bits` (and n_s within
    // ~1e-9 of itself).
    let mut gap = |s: f64| {
        let lost = lost_bits(s, &noise, order, &mut grid);
        if lost > 0.0 {
            (log2m / lost).ln() - s0
        } else {
            f64::INFINITY
        }
    };
    let tol = 1e-9;
    // s0 is below the root (noise only lowers C); the first step assumes slope 1 (the
    // noiseless one). Then inverse quadratic interpolation through the last three points, or
    // the secant through the last two, kept inside the bracket [lo, hi] once there is one
    // (else bisection), and growing n_s at most ×4 per step while there is none.
    let g0 = gap(s0);
    if g0 >= -tol {
        return Some(s0);
    }
    let (mut lo, mut hi) = (s0, f64::INFINITY);
    let mut prev = (s0, g0);
    let mut older: Option<(f64, f64)> = None;
    let mut sb = (s0 - g0).min(4.0 * s0);
    for _ in 0..200 {
        let gb = gap(sb);
        if gb < 0.0 {
            lo = lo.max(sb);
        } else {
            hi = hi.min(sb);
        }
        if gb.abs() <= tol || (hi.is_finite() && hi - lo <= 1e-13 * hi) {
            return Some(sb);
        }
        if lo > MAX_SIGNAL_PER_SLOT {
            return None;
        }
        let (sa, ga) = prev;
        let step = match older {
            // Inverse quadratic interpolation s(g) through three points, at g = 0.
            Some((sc, gc)) if gb.is_finite() && ga != gc && gb != gc && ga != gb => {
                sa * gb * gc / ((ga - gb) * (ga - gc))
                    + sb * ga * gc / ((gb - ga) * (gb - gc))
                    + sc * ga * gb / ((gc - ga) * (gc - gb))
            }
            _ if gb.is_finite() && ga != gb => sb - gb * (sb - sa) / (gb - ga),
            _ => f64::NAN,
        };
        older = Some(prev);
        prev = (sb, gb);
        sb = if hi.is_finite() {
            if step > lo && step < hi {
                step
            } else {
                0.5 * (lo + hi)
            }
        } else if step > sb {
            step.min(4.0 * sb)
        } else {
            4.0 * sb
        };
    }
    Some(sb)
}

impl PpmReceiver {
    /// Checks every field (keys `ppm_order`, `slot_width_ns` in ns, `guard_slots`,
    /// `detection_efficiency`, `dark_count_rate_hz`, `implementation_loss_db`).
    pub(super) fn validate(&self) -> Result<()> {
        let m = self.order;
        if !(m.is_power_of_two() && (2..=256).contains(&m)) {
            return Err(Error::invalid(
                "ppm_order",
                m,
                "must be a power of two in [2, 256] (CCSDS 142.0-B HPE uses 4 to 256)",
            ));
        }
        let ns = self.slot_width_s * 1e9;
        // 10 ps is below the timing jitter of any photon counter; 1 ms slots carry no
        // optical link.
        require(
            (0.01..=1e6).contains(&ns),
            "slot_width_ns",
            ns,
            "must be in [0.01, 1000000] ns",
        )?;
        // A guard time also models a laser's recharge (dead) time, up to ~1e4 slots in
        // deep-space designs; 1e6 slots is far beyond.
        if self.guard_slots > 1_000_000 {
            return Err(Error::invalid(
                "guard_slots",
                self.guard_slots,
                "must be in [0, 1000000] slots (CCSDS: M/4)",
            ));
        }
        check_efficiency(self.detection_efficiency, "detection_efficiency")?;
        // 1e9 counts/s is beyond the saturation of any photon counter (1e2–1e6 counts/s dark).
        let dark = self.dark_count_rate_hz;
        require(
            (0.0..=1e9).contains(&dark),
            "dark_count_rate_hz",
            dark,
            "must be in [0, 1e9] counts/s",
        )?;
        require(
            dark * self.slot_width_s <= MAX_NOISE_PER_SLOT,
            "dark_count_rate_hz",
            dark,
            "must give at most 100 dark counts per slot (photon counters saturate far below)",
        )?;
        check_implementation_loss(self.implementation_loss_db)
    }

    /// The background power at the detector (W) that gives [`MAX_NOISE_PER_SLOT`] detected
    /// counts per slot: P = n·h·ν/(η·T_s).
    pub(super) fn saturation_background_w(&self, wavelength_m: f64) -> f64 {
        MAX_NOISE_PER_SLOT * photon_energy_j(wavelength_m)
            / (self.detection_efficiency * self.slot_width_s)
    }

    /// The power at the detector carrying `data_rate_bps` at capacity + loss, W, and the noise
    /// terms.
    pub(super) fn operating_point(
        &self,
        wavelength_m: f64,
        data_rate_bps: f64,
        background_w: f64,
    ) -> Result<(f64, NoiseTerms)> {
        let m = self.order;
        let ts = self.slot_width_s;
        let symbol_s = (m as f64 + self.guard_slots as f64) * ts;
        let log2m = (m as f64).log2();
        // Uncoded rate log2(M)/((M + guard)·T_s): C < log2 M for every finite n_s.
        let uncoded = log2m / symbol_s;
        let allowed = || {
            format!(
                "must be below the uncoded {m}-PPM rate log2(M)/((M + guard)·T_s) = {uncoded:.6e} \
                 bit/s"
            )
        };
        require(
            data_rate_bps < uncoded,
            "data_rate_bps",
            data_rate_bps,
            &allowed(),
        )?;
        let bits = data_rate_bps * symbol_s;
        let photon_j = photon_energy_j(wavelength_m);
        let eta = self.detection_efficiency;
        // n_b = η·P_b·T_s/(h·ν) + dark·T_s.
        let nb_background = eta * background_w * ts / photon_j;
        require(
            nb_background <= MAX_NOISE_PER_SLOT,
            "background_w",
            background_w,
            "must give at most 100 detected background photons per slot (photon counters \
             saturate far below)",
        )?;
        let nb_dark = self.dark_count_rate_hz * ts;
        let ns = required_signal_counts(bits, nb_background + nb_dark, m).ok_or_else(|| {
            Error::invalid(
                "data_rate_bps",
                data_rate_bps,
                format!(
                    "{} (this one is so close to it that it needs more than 1e6 signal photons \
                     per pulse)",
                    allowed()
                ),
            )
        })?;
        // P = 10^(L/10)·n_s·h·ν/(η·(M + guard)·T_s).
        let loss = 10f64.powf(self.implementation_loss_db / 10.0);
        let p = loss * ns * photon_j / (eta * symbol_s);
        let terms = NoiseTerms {
            signal_photons_per_slot: loss * ns,
            background_counts_per_slot: nb_background,
            dark_counts_per_slot: nb_dark,
            bits_per_symbol: bits,
            ..NoiseTerms::default()
        };
        Ok((p, terms))
    }
}

#[cfg(test)]
impl PpmReceiver {
    /// 16-PPM, 1 ns slots, M/4 guard, η = 0.5, 1 kcounts/s dark, 1 dB loss.
    pub(super) const REF: PpmReceiver = PpmReceiver {
        order: 16,
        slot_width_s: 1e-9,
        guard_slots: 4,
        detection_efficiency: 0.5,
        dark_count_rate_hz: 1e3,
        implementation_loss_db: 1.0,
    };
}

#[cfg(test)]
mod tests {
    use super::super::tests::key_of;
    use super::super::DetectionModel;
    use super::*;
    use crate::random::Stream;

    /// Poisson(λ) pmf at k.
    fn pois(lambda: f64, k: usize) -> f64 {
        let k = k as f64;
        (k * lambda.ln() - lambda - libm::lgamma(k + 1.0)).exp()
    }

    /// C by exact enumeration of the counts of every slot (M = 2 or 4), each Poisson pmf
    /// truncated where it falls below 1e-17 (the neglected mass is below 1e-16).
    fn capacity_by_enumeration(ns: f64, nb: f64, order: usize) -> f64 {
        let beta = (ns / nb).ln_1p();
        let table = |l: f64| -> Vec<f64> {
            (0..)
                .map(|k| pois(l, k))
                .enumerate()
                .take_while(|&(k, p)| (k as f64) < l || p > 1e-17)
                .map(|(_, p)| p)
                .collect()
        };
        let (p1, pn) = (table(ns + nb), table(nb));
        let mut e = 0.0;
        for (k1, &w1) in p1.iter().enumerate() {
            // r^(k − k1) for every noise count k.
            let rk: Vec<f64> = (0..pn.len())
                .map(|k| ((k as f64 - k1 as f64) * beta).exp())
                .collect();
            // Sum over the M − 1 noise slots' counts (nested, M − 1 ≤ 3).
            let mut idx = vec![0usize; order - 1];
            loop {
                let p: f64 = idx.iter().map(|&k| pn[k]).product();
                let x: f64 = idx.iter().map(|&k| rk[k]).sum();
                e += w1 * p * x.ln_1p();
                // Next index tuple.
                let mut d = 0;
                while d < idx.len() {
                    idx[d] += 1;
                    if idx[d] < pn.len() {
                        break;
                    }
                    idx[d] = 0;
                    d += 1;
                }
                if d == idx.len() {
                    break;
                }
            }
        }
        (order as f64).log2() - e / std::f64::consts::LN_2
    }

    #[test]
    fn capacity_matches_exact_enumeration() {
        // The Frullani/trapezoid evaluation against the definition summed exactly: to 1e-10
        // bits (the truncation of the enumeration is below 1e-14).
        for (ns, nb, m) in [
            (0.3, 0.01, 2),
            (2.0, 0.1, 2),
            (5.0, 1.0, 2),
            (1.0, 0.002, 4),
            (3.0, 0.2, 4),
            (8.0, 2.0, 4),
        ] {
            let exact = capacity_by_enumeration(ns, nb, m as usize);
            let c = capacity_bits(ns, nb, m);
            assert!((c - exact).abs() < 1e-10, "{ns} {nb} {m}: {c} vs {exact}");
        }
    }

    #[test]
    fn capacity_matches_monte_carlo_for_16_ppm() {
        // 40000 simulated symbols; log2(1 + X) has a standard deviation below 1.5 bits here,
        // so 4σ is below 0.03 bits.
        let (ns, nb, m) = (3.0, 0.05, 16usize);
        let r = 1.0 + ns / nb;
        let mut rng = Stream::new(&[42, 16]);
        let mut poisson = |lambda: f64| {
            // Inversion of the CDF.
            let u = rng.uniform();
            let (mut k, mut p) = (0usize, (-lambda).exp());
            let mut cdf = p;
            while u > cdf && k < 1000 {
                k += 1;
                p *= lambda / k as f64;
                cdf += p;
            }
            k as f64
        };
        let n = 40_000;
        let mut mean = 0.0;
        for _ in 0..n {
            let k1 = poisson(ns + nb);
            let x: f64 = (1..m).map(|_| r.powf(poisson(nb) - k1)).sum();
            mean += x.ln_1p() / std::f64::consts::LN_2;
        }
        let mc = (m as f64).log2() - mean / n as f64;
        let c = capacity_bits(ns, nb, m as u32);
        assert!((c - mc).abs() < 0.03, "{c} vs Monte Carlo {mc}");
    }

    #[test]
    fn capacity_limits() {
        // n_b → 0: the erasure channel log2 M·(1 − e^(−n_s)); the difference is O(n_b).
        for m in [4, 16, 256] {
            for ns in [0.5_f64, 3.0] {
                let erasure = (m as f64).log2() * (1.0 - (-ns).exp());
                let c = capacity_bits(ns, 1e-9, m);
                assert!(
                    (c - erasure).abs() < 1e-6 * (m as f64),
                    "{m} {ns}: {c} {erasure}"
                );
                assert_eq!(capacity_bits(ns, 0.0, m), erasure);
            }
        }
        // Monotone: up with n_s, down with n_b; bounded by log2 M.
        let mut prev = 0.0;
        for ns in [0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0] {
            let c = capacity_bits(ns, 0.5, 64);
            assert!(c > prev && c <= 6.0, "{ns}: {c}");
            prev = c;
        }
        assert!((prev - 6.0).abs() < 1e-9);
        let mut prev = 4.0;
        for nb in [1e-6, 1e-3, 0.01, 0.1, 1.0, 10.0, 100.0] {
            let c = capacity_bits(4.0, nb, 16);
            assert!(c < prev, "{nb}: {c}");
            prev = c;
        }
    }

    #[test]
    fn trapezoid_step_is_converged() {
        // h ≤ H_MAX against h ≤ H_MAX/4, from ln r < h (low signal-to-noise: h = ln r) to
        // ln r = 11.5 (n_s/n_b = 1e5).
        for (ns, nb, m) in [
            (0.5, 1.0, 16),
            (2.0, 3.0, 4),
            (3.0, 0.05, 16),
            (6.0, 0.3, 256),
            (10.0, 1e-4, 32),
            (40.0, 10.0, 64),
        ] {
            let noise = NoiseSlots::new(nb);
            let mut grid = Grid::default();
            let coarse = expected_log_sum(ns, &noise, m, H_MAX, &mut grid).unwrap();
            let fine = expected_log_sum(ns, &noise, m, 0.25 * H_MAX, &mut grid).unwrap();
            assert!(
                (coarse - fine).abs() < 1e-12,
                "{ns} {nb} {m}: {coarse} {fine}"
            );
        }
    }

    #[test]
    fn required_counts_invert_the_capacity() {
        for (bits, nb, m) in [
            (1.0, 0.0, 16),
            (1.0, 1e-4, 16),
            (2.0, 0.01, 16),
            (3.9, 0.01, 16),
            (0.5, 2.0, 16),
            (6.0, 0.1, 256),
            (0.2, 0.05, 4),
        ] {
            let ns = required_signal_counts(bits, nb, m).unwrap();
            let c = capacity_bits(ns, nb, m);
            let lost = (m as f64).log2() - bits;
            assert!(
                (c - bits).abs() < 1.1e-9 * lost,
                "{bits} {nb} {m}: {ns} → {c}"
            );
        }
        // Noiseless: −ln(1 − R/log2 M).
        let ns = required_signal_counts(2.0, 0.0, 16).unwrap();
        assert!((ns - 2f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn sensitivity_is_the_power_of_the_required_counts() {
        let wl = 1550e-9;
        let p = PpmReceiver {
            dark_count_rate_hz: 0.0,
            ..PpmReceiver::REF
        };
        let model = DetectionModel::PhotonCountingPpm(p);
        // Noiseless 16-PPM with 4 guard slots at 1 ns: symbol 20 ns, 1 bit/symbol at 50 Mb/s:
        // n_s = ln(4/3), P = 10^0.1·n_s·h·ν/(η·20 ns).
        let got = model.sensitivity_w(wl, 50e6, 0.0).unwrap();
        let want = 10f64.powf(0.1) * (4.0f64 / 3.0).ln() * photon_energy_j(wl) / (0.5 * 20e-9);
        assert!(((got - want) / want).abs() < 1e-12, "{got} {want}");
        let t = model.noise_terms(wl, 50e6, 0.0).unwrap();
        assert!((t.bits_per_symbol - 1.0).abs() < 1e-12);
        assert!((t.signal_photons_per_slot - 10f64.powf(0.1) * (4.0f64 / 3.0).ln()).abs() < 1e-12);
        // Background (1 pW: 0.39 detected photons per 1 ns slot at η = 0.5) and dark counts
        // raise it.
        let with_bg = model.sensitivity_w(wl, 50e6, 1e-10).unwrap();
        assert!(with_bg > got);
        let t = model.noise_terms(wl, 50e6, 1e-10).unwrap();
        let nb = 0.5 * 1e-10 * 1e-9 / photon_energy_j(wl);
        assert!(((t.background_counts_per_slot - nb) / nb).abs() < 1e-12);
        let dark = DetectionModel::PhotonCountingPpm(PpmReceiver::REF);
        assert!(dark.sensitivity_w(wl, 50e6, 1e-10).unwrap() > with_bg);
        let t = dark.noise_terms(wl, 50e6, 1e-10).unwrap();
        assert!((t.dark_counts_per_slot - 1e-6).abs() < 1e-18);
    }

    #[test]
    fn invalid_parameters_and_rates_name_their_key() {
        let b = PpmReceiver::REF;
        for (p, key) in [
            (PpmReceiver { order: 12, ..b }, "ppm_order"),
            (PpmReceiver { order: 1, ..b }, "ppm_order"),
            (PpmReceiver { order: 512, ..b }, "ppm_order"),
            (
                PpmReceiver {
                    slot_width_s: 0.0,
                    ..b
                },
                "slot_width_ns",
            ),
            (
                PpmReceiver {
                    slot_width_s: f64::NAN,
                    ..b
                },
                "slot_width_ns",
            ),
            (
                PpmReceiver {
                    guard_slots: 2_000_000,
                    ..b
                },
                "guard_slots",
            ),
            (
                PpmReceiver {
                    detection_efficiency: 1.1,
                    ..b
                },
                "detection_efficiency",
            ),
            (
                PpmReceiver {
                    dark_count_rate_hz: -1.0,
                    ..b
                },
                "dark_count_rate_hz",
            ),
            (
                PpmReceiver {
                    dark_count_rate_hz: 1e9,
                    slot_width_s: 1e-6,
                    ..b
                },
                "dark_count_rate_hz",
            ),
            (
                PpmReceiver {
                    implementation_loss_db: -0.5,
                    ..b
                },
                "implementation_loss_db",
            ),
        ] {
            let e = DetectionModel::PhotonCountingPpm(p).validate().unwrap_err();
            assert!(e.to_string().starts_with(key), "{e}");
        }
        // The slot width is reported in ns.
        let e = DetectionModel::PhotonCountingPpm(PpmReceiver {
            slot_width_s: 2e-12,
            ..b
        })
        .validate()
        .unwrap_err();
        assert!(e.to_string().starts_with("slot_width_ns = 0.002 "), "{e}");
        // 16-PPM, 20 ns symbols: uncoded rate 4 bits/20 ns = 200 Mb/s.
        let model = DetectionModel::PhotonCountingPpm(b);
        for rate in [200e6, 300e6] {
            let e = model.sensitivity_w(1550e-9, rate, 0.0).unwrap_err();
            assert!(e.to_string().contains("uncoded 16-PPM rate"), "{e}");
            assert_eq!(key_of(e), "data_rate_bps");
        }
        assert!(model.sensitivity_w(1550e-9, 199e6, 0.0).is_ok());
        let e = model.sensitivity_w(1550e-9, 1e6, 1e-6).unwrap_err();
        assert_eq!(key_of(e), "background_w");
    }

    #[test]
    fn low_signal_to_noise_is_solved_on_the_safe_side() {
        // 16-PPM at 6 kb/s with 1 ns slots and 4 guard slots: 1.2e-4 bit per symbol, against
        // one noise count per slot. The noiseless first guess n_s ≈ 3e-5 is far too fine for
        // the grid (it used to run a million nodes and return it unchanged); the solver must
        // end at an n_s whose capacity really carries the rate.
        let (bits, nb) = (6e3 * 20e-9, 1.0);
        let noiseless = -(-bits / 4.0f64).ln_1p();
        let ns = required_signal_counts(bits, nb, 16).unwrap();
        assert!(ns > 10.0 * noiseless, "{ns} vs {noiseless}");
        let c = capacity_bits(ns, nb, 16);
        assert!(c >= bits * (1.0 - 1e-6), "C({ns}) = {c} < {bits}");
        // Where the grid is fine enough, the capacity is C = 0 only at n_s = 0: a too-fine
        // evaluation is the lower bound 0, never more.
        assert_eq!(capacity_bits(1e-6, 1.0, 16), 0.0);
    }
}
