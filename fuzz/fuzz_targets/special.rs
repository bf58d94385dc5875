//! The numeric kernels (src/numerics, src/channel) through `oslink::fuzzing`: Marcum Q1, the
//! normal CDF, ln Φ, Φ⁻¹ and Φ2, the incomplete gamma function, the fading CDFs (Gamma–Gamma
//! quadrature), the pointing-loss CDFs, the outage probability, the fade samplers, the
//! turbulence formulas, Gauss–Legendre nodes. Each result must lie in its range (a
//! probability in [0, 1], …) for every input the function's contract admits: a NaN is a
//! crash. With OSLINK_FUZZ_DEBUG set, each operation is printed before it runs (to read the
//! arguments of a crash inside a dependency).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oslink::channel::{joint_clear_probability, outage_probability, ReceiverPlaneJitter};
use oslink::fuzzing as k;
use oslink::{Fading, PointingJitter};

/// A float from the fuzzer: any bit pattern, ±2^(e/64)·(1 + m/256) (every magnitude from
/// 1e-154 to 1e154, densely), a small decimal e/16, or an IEEE special.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Num {
    Bits(u64),
    Log(i16, u8, bool),
    Small(i16),
    Special(u8),
}

impl Num {
    fn get(self) -> f64 {
        match self {
            Num::Bits(b) => f64::from_bits(b),
            Num::Log(e, m, negative) => {
                let x = (f64::from(e) / 64.0).exp2() * (1.0 + f64::from(m) / 256.0);
                if negative {
                    -x
                } else {
                    x
                }
            }
            Num::Small(i) => f64::from(i) / 16.0,
            Num::Special(i) => [
                0.0,
                -0.0,
                1.0,
                -1.0,
                0.5,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::MIN_POSITIVE,
                f64::MAX,
                f64::MIN,
                f64::EPSILON,
                5e-324,
                1.0 - f64::EPSILON / 2.0,
                40.0,
                100.0,
                50.0,
                1e6,
                0.01,
            ][usize::from(i) % 19],
        }
    }
}

#[derive(Debug, Arbitrary)]
enum FadingArg {
    None,
    LogNormal(Num),
    GammaGamma(Num, Num),
}

impl FadingArg {
    fn get(&self) -> Fading {
        match *self {
            FadingArg::None => Fading::None,
            FadingArg::LogNormal(s) => Fading::LogNormal {
                scintillation_index: s.get(),
            },
            FadingArg::GammaGamma(a, b) => Fading::GammaGamma {
                alpha: a.get(),
                beta: b.get(),
            },
        }
    }
}

#[derive(Debug, Arbitrary)]
struct PointingArg(Num, Num, Num);

impl PointingArg {
    fn get(&self) -> PointingJitter {
        PointingJitter {
            divergence_half_rad: self.0.get(),
            sigma_rad: self.1.get(),
            bias_rad: self.2.get(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Op {
    MarcumQ1(Num, Num, Num),
    Normal(Num),
    NormQuantile(Num),
    BivariateNormal(Num, Num, Num),
    JointClear(Num, Num, Num),
    IncompleteGamma(Num, Num),
    FadingCdf(FadingArg, Num),
    PointingCdf(PointingArg, Num),
    Outage(FadingArg, PointingArg, Num, u8, u64),
    FadeSamples(FadingArg, PointingArg, u8, u64),
    Turbulence(Num, Num, Num, Num),
    ReceiverPlane(Num, Num, Num, Num),
    GaussLegendre(u8),
}

fn probability(p: f64, what: &dyn Fn() -> String) {
    assert!((0.0..=1.0).contains(&p), "{} = {p}, not in [0, 1]", what());
}

fn run(op: &Op) {
    match *op {
        Op::MarcumQ1(a, b, db) => {
            let (a, b) = (a.get(), b.get());
            let q = k::marcum_q1(a, b);
            if a.is_nan() || b.is_nan() {
                assert!(q.is_nan(), "Q1({a}, {b}) = {q}");
                return;
            }
            probability(q, &|| format!("Q1({a}, {b})"));
            // A complementary CDF in b: non-increasing (to rounding).
            let b2 = b + db.get().abs();
            if !b2.is_nan() {
                let q2 = k::marcum_q1(a, b2);
                probability(q2, &|| format!("Q1({a}, {b2})"));
                assert!(q2 <= q + 1e-9, "Q1({a}, {b}) = {q} < Q1({a}, {b2}) = {q2}");
            }
        }
        Op::Normal(x) => {
            let x = x.get();
            let (p, lp) = (k::norm_cdf(x), k::ln_norm_cdf(x));
            if x.is_nan() {
                return;
            }
            probability(p, &|| format!("Φ({x})"));
            assert!(lp <= 0.0, "ln Φ({x}) = {lp}");
            if p > 1e-300 {
                let rel = (lp.exp() - p).abs() / p;
                assert!(rel < 1e-9, "exp(ln Φ({x})) = {} but Φ = {p}", lp.exp());
            }
        }
        Op::NormQuantile(p) => {
            let p = p.get();
            let x = k::norm_quantile(p);
            if p.is_nan() {
                assert!(x.is_nan(), "Φ⁻¹(NaN) = {x}"); // finding F4 (fixed): a panic
            }
            if (0.0..=1.0).contains(&p) {
                assert!(!x.is_nan(), "Φ⁻¹({p}) = {x}");
                if p > 1e-300 && p < 1.0 {
                    assert!(x.is_finite(), "Φ⁻¹({p}) = {x}");
                    let back = k::norm_cdf(x);
                    assert!(
                        (back - p).abs() <= 1e-9 * p.max(1e-300) + 1e-15,
                        "Φ(Φ⁻¹({p})) = {back}"
                    );
                }
            }
        }
        Op::BivariateNormal(h, kk, rho) => {
            let (h, kk, rho) = (h.get(), kk.get(), rho.get());
            // Findings F6 (ρ = NaN: minutes in the quadrature) and F7 (|ρ| = 1, h ≈ ±k: NaN),
            // fixed: NaN in, NaN out; ρ beyond ±1 is clamped.
            let p = k::bivariate_norm_cdf(h, kk, rho);
            if !(h.is_nan() || kk.is_nan() || rho.is_nan()) {
                probability(p, &|| format!("Φ2({h}, {kk}; {rho})"));
            }
        }
        Op::JointClear(p1, p2, rho) => {
            let (p1, p2, rho) = (p1.get(), p2.get(), rho.get());
            // Findings F4, F6, F7 (fixed): the arguments are checked.
            let valid = (0.0..=1.0).contains(&p1)
                && (0.0..=1.0).contains(&p2)
                && (-1.0..=1.0).contains(&rho);
            match joint_clear_probability(p1, p2, rho) {
                Ok(p) => {
                    assert!(valid, "joint_clear_probability({p1}, {p2}, {rho}) accepted");
                    probability(p, &|| format!("joint_clear_probability({p1}, {p2}, {rho})"));
                }
                Err(e) => {
                    assert!(!valid, "joint_clear_probability({p1}, {p2}, {rho}): {e}");
                }
            }
        }
        Op::IncompleteGamma(a, x) => {
            // Any arguments: a probability for a > 0 (finite) and x >= 0, NaN otherwise
            // (never puruspe's panic).
            let (a, x) = (a.get(), x.get());
            let p = k::incomplete_gamma_p(a, x);
            if a > 0.0 && a.is_finite() && x >= 0.0 {
                probability(p, &|| format!("P({a}, {x})"));
            } else {
                assert!(p.is_nan(), "P({a}, {x}) = {p}, not NaN");
            }
        }
        Op::FadingCdf(ref f, x) => {
            let (f, x) = (f.get(), x.get());
            let p = k::fading_cdf(&f, x);
            if f.validate().is_ok() && !x.is_nan() {
                probability(p, &|| format!("CDF of {f:?} at {x}"));
            } else {
                assert!(p.is_nan(), "CDF of invalid {f:?} at {x} = {p}, not NaN");
            }
        }
        Op::PointingCdf(ref pj, x) => {
            let (pj, x) = (pj.get(), x.get());
            match k::pointing_ln_loss_cdf(&pj, x) {
                Ok(p) if !x.is_nan() => probability(p, &|| format!("ln-loss CDF of {pj:?} at {x}")),
                Ok(_) => {}
                Err(e) => {
                    let _ = e.to_string();
                }
            }
            let p = pj.loss_cdf(x);
            if pj.validate().is_ok() && x >= 0.0 {
                probability(p, &|| format!("loss CDF of {pj:?} at {x}"));
            }
            if pj.validate().is_ok() {
                let m = pj.mean_loss();
                probability(m, &|| format!("mean loss of {pj:?}"));
            }
        }
        Op::Outage(ref f, ref pj, margin, n, seed) => {
            let (f, pj, margin) = (f.get(), pj.get(), margin.get());
            let o = outage_probability(&f, &pj, margin, 1 + u64::from(n % 64), seed);
            if f.validate().is_ok() && pj.validate().is_ok() && margin.is_finite() {
                probability(o.probability, &|| {
                    format!("outage of {f:?} × {pj:?} at {margin} dB")
                });
                assert!(
                    o.standard_error.is_finite() && o.standard_error >= 0.0,
                    "{o:?}"
                );
                if let Some(c) = o.closed_form {
                    probability(c, &|| {
                        format!("closed-form outage of {f:?} × {pj:?} at {margin} dB")
                    });
                }
            }
        }
        Op::FadeSamples(ref f, ref pj, n, seed) => {
            let (f, pj) = (f.get(), pj.get());
            if let Ok(samples) = k::fade_samples_db(&f, &pj, seed, usize::from(n % 64)) {
                for s in samples {
                    assert!(
                        !s.is_nan() && s < f64::INFINITY,
                        "fade {s} dB from {f:?} × {pj:?}"
                    );
                }
            }
        }
        Op::Turbulence(r, d, z0, zen) => {
            let (r, d, z0, zen) = (r.get(), d.get(), z0.get(), zen.get());
            if r.is_finite() && r >= 0.0 {
                let s = k::scintillation_index(r);
                assert!(s.is_finite() && s >= 0.0, "scintillation index({r}) = {s}");
            }
            if r.is_finite() && r > 0.0 {
                let (a, b) = k::gamma_gamma_parameters(r);
                assert!(
                    a > 0.0 && b > 0.0,
                    "Gamma–Gamma parameters({r}) = ({a}, {b})"
                );
            }
            if (0.0..=std::f64::consts::FRAC_PI_2).contains(&zen) {
                let m = k::air_mass(zen);
                assert!((0.99..=40.0).contains(&m), "air mass({zen}) = {m}");
                // λ in [200 nm, 20 µm], D in [1 mm, 100 m], z0 > 0: the budget's ranges.
                let lambda = 200e-9 * (1.0 + r.abs().min(99.0));
                if (1e-3..=100.0).contains(&d) && z0.is_finite() && z0 > 0.0 {
                    let a = k::aperture_averaging(d, lambda, z0, zen);
                    probability(a, &|| {
                        format!("aperture averaging({d}, {lambda}, {z0}, {zen})")
                    });
                }
            }
        }
        Op::ReceiverPlane(a, w, s, h) => {
            if let Ok(m) = ReceiverPlaneJitter::new(a.get(), w.get(), s.get()) {
                probability(m.a0(), &|| format!("A0 of {m:?}"));
                probability(m.mean(), &|| format!("mean of {m:?}"));
                let h = h.get();
                if !h.is_nan() {
                    probability(m.cdf(h), &|| format!("CDF of {m:?} at {h}"));
                }
            }
        }
        Op::GaussLegendre(n) => {
            let n = 1 + usize::from(n % 64);
            let rule = k::gauss_legendre(n);
            assert_eq!(rule.len(), n);
            let total: f64 = rule.iter().map(|&(_, w)| w).sum();
            assert!(
                (total - 2.0).abs() < 1e-10,
                "weights of order {n} sum to {total}"
            );
            for &(x, w) in &rule {
                assert!(x.abs() <= 1.0 && w > 0.0, "node ({x}, {w}) of order {n}");
            }
        }
    }
}

fuzz_target!(|ops: Vec<Op>| {
    // A few operations per input, so that one input can compare them; at most 8.
    let debug = std::env::var_os("OSLINK_FUZZ_DEBUG").is_some();
    for op in ops.iter().take(8) {
        if debug {
            eprintln!("special: {op:?}");
        }
        run(op);
    }
});
