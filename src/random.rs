//! Counter-based random streams keyed by a tuple of indices: the one random-number source of
//! the simulator (fading and pointing draws through [`Stream`], the cloud process through
//! [`chacha8`], both keyed by the same hash [`stream_seed`]).
//!
//! Every random draw of a simulation is addressed by a key such as
//! `(seed, realization, satellite, station, time index)`: [`Stream::new`] hashes the key words
//! into a 64-bit stream seed, and the stream's `i`-th output is a pure function of
//! `(stream seed, i)`. Results therefore do not depend on the order in which keys are visited
//! or on the number of threads.
//!
//! Construction (SplitMix64, Steele, Lea & Flood, "Fast splittable pseudorandom number
//! generators", OOPSLA 2014):
//! - output `i` (i = 1, 2, …) is `mix64(s + i·γ)` with the golden-ratio Weyl increment
//!   γ = 0x9E3779B97F4A7C15 and the `mix64` finalizer (variant 13 of Stafford's MurmurHash3
//!   mixers), i.e. the `SplittableRandom` generator of Java 8;
//! - the stream seed is `s = h_n` with `h_0 = 0`, `h_{k+1} = mix64((h_k ⊕ w_k) + γ)` over the
//!   key words `w_k`. For a fixed prefix, `w_k ↦ h_{k+1}` is a bijection, so keys differing in
//!   one word never collide; unrelated keys collide with probability ≈ 2⁻⁶⁴.
//!
//! **Second key layout: 256-bit keys.** A generator with a 256-bit key (the ChaCha8 block
//! cipher of the cloud process, [`chacha8`]) gets the key words `h_{n+1}, …, h_{n+4}` of the
//! same hash continued over four zero words, little-endian ([`stream_key_256`]):
//! `key_256(w) = h(w ‖ 0) ‖ h(w ‖ 0 ‖ 0) ‖ h(w ‖ 0 ‖ 0 ‖ 0) ‖ h(w ‖ 0 ‖ 0 ‖ 0 ‖ 0)`. This is
//! exactly the former private key derivation of `channel::clouds` (an iterated SplitMix64 of
//! `(domain ⊕ seed, realization)`), written through the one hash, so cloud timelines are
//! bit-identical to the ones recorded before the two were merged. The clouds keep ChaCha8
//! rather than [`Stream`] for the same reason: switching generator would change every
//! recorded cloud timeline.
//!
//! Statistical quality, honestly: a single SplitMix64 stream passes TestU01 BigCrush (Steele et
//! al. 2014). All streams walk the same Weyl sequence from hashed starting points, so two
//! streams of length `L` overlap with probability ≈ `2L/2⁶⁴` per pair — negligible for the
//! ~10⁹ streams × 10⁶ draws of a run — and stream `b` is stream `a` shifted by a pseudo-random
//! offset; SplitMix64 is not designed to resist adversarial choices of such offsets (hashing
//! the key makes them effectively random). It is not cryptographic. Sampling quality beyond
//! this is not claimed; the tests check moments and independence of streams at the 4σ level.
//! ChaCha8 (Bernstein 2008, via `rand::rngs::ChaCha8Rng`) is a counter-mode stream cipher with
//! 8 rounds; its output is indistinguishable from random for all practical purposes.
//!
//! Distributions: [`Stream::uniform`] in the open interval (0, 1) (53-bit grid shifted by half
//! a step, so `ln` is always finite); [`Stream::normal`] is the ziggurat method (Marsaglia &
//! Tsang 2000 with Doornik's 2005 improvements) of `rand_distr::StandardNormal`, through the
//! [`rand::Rng`] implementation of [`Stream`]; [`Stream::exponential`] is the ziggurat of
//! `rand_distr::Exp1` (Marsaglia & Tsang, "The ziggurat method for generating random
//! variables", J. Stat. Softw. 5(8), 2000); gamma variates are in `channel::fading`.
//! Bit-identical results hold for a fixed `Cargo.lock` (a `rand_distr` or `rand` update may
//! change its ziggurat tables, algorithms or the ChaCha8 output order).
//!
//! [`Stream`]: crate::random::Stream
//! [`Stream::new`]: crate::random::Stream::new
//! [`Stream::uniform`]: crate::random::Stream::uniform
//! [`Stream::normal`]: crate::random::Stream::normal
//! [`Stream::exponential`]: crate::random::Stream::exponential
//! [`stream_seed`]: crate::random::stream_seed
//! [`stream_key_256`]: crate::random::stream_key_256
//! [`chacha8`]: crate::random::chacha8

use std::convert::Infallible;

use rand::rngs::ChaCha8Rng;
use rand::SeedableRng;

/// Golden-ratio Weyl increment of SplitMix64, 2⁶⁴/φ rounded to odd.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64 output finalizer (Stafford's mix variant 13): a bijection of `u64`.
#[inline(always)]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One step of the key hash: `h_{k+1} = mix64((h_k ⊕ w_k) + γ)`.
#[inline(always)]
fn absorb(h: u64, word: u64) -> u64 {
    mix64((h ^ word).wrapping_add(GAMMA))
}

/// Hashes the words of a key (seed, realization, satellite, station, time index, …) into a
/// 64-bit stream seed: `h_{k+1} = mix64((h_k ⊕ w_k) + γ)`, `h_0 = 0`.
pub fn stream_seed(key: &[u64]) -> u64 {
    key.iter().fold(0, |h, &w| absorb(h, w))
}

/// The 256-bit key of a key tuple (the second key layout of the module doc): the hash of the
/// key continued over four zero words, `h_{n+1} … h_{n+4}`, each word little-endian.
pub fn stream_key_256(key: &[u64]) -> [u8; 32] {
    let mut h = stream_seed(key);
    let mut out = [0u8; 32];
    for chunk in out.chunks_exact_mut(8) {
        h = absorb(h, 0);
        chunk.copy_from_slice(&h.to_le_bytes());
    }
    out
}

/// The ChaCha8 stream of a key tuple, keyed by [`stream_key_256`] (the generator of the cloud
/// process, `channel::clouds`).
pub fn chacha8(key: &[u64]) -> ChaCha8Rng {
    ChaCha8Rng::from_seed(stream_key_256(key))
}

/// A counter-based random stream: output `i` is `mix64(seed + i·γ)`.
///
/// `Clone` copies the position too; do not clone to get a "new" stream, key a new one.
#[derive(Debug, Clone)]
pub struct Stream {
    /// `seed + i·γ` for the last output `i`.
    state: u64,
}

impl Stream {
    /// The stream of a key tuple, e.g. `&[seed, realization, satellite, station, step]`.
    pub fn new(key: &[u64]) -> Self {
        Self::from_seed(stream_seed(key))
    }

    /// The stream of an already hashed seed (see [`stream_seed`]).
    pub(crate) fn from_seed(seed: u64) -> Self {
        Self { state: seed }
    }

    /// Positions the stream so that the next output is output number `index + 1` (0-based
    /// `index`): random access to any draw without generating the ones before it.
    pub fn seek(&mut self, seed: u64, index: u64) {
        self.state = seed.wrapping_add(index.wrapping_mul(GAMMA));
    }

    /// Next 64 random bits.
    #[inline(always)]
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix64(self.state)
    }

    /// Uniform in the open interval (0, 1): `(k + 0.5)·2⁻⁵³` with `k` the top 53 bits, so the
    /// result is never 0 or 1 and `ln` is finite (≥ −37.4).
    #[inline(always)]
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal N(0, 1) by the ziggurat method (`rand_distr::StandardNormal`).
    #[inline(always)]
    pub fn normal(&mut self) -> f64 {
        use rand_distr::Distribution;
        rand_distr::StandardNormal.sample(self)
    }

    /// Standard exponential Exp(1) by the ziggurat method (`rand_distr::Exp1`).
    #[inline(always)]
    pub fn exponential(&mut self) -> f64 {
        use rand_distr::Distribution;
        rand_distr::Exp1.sample(self)
    }
}

impl rand::TryRng for Stream {
    type Error = Infallible;

    #[inline(always)]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.next_u64() >> 32) as u32)
    }

    #[inline(always)]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sample mean and variance.
    fn moments(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
        (m, v)
    }

    #[test]
    fn same_key_same_sequence_random_access() {
        let key = [42, 3, 1, 7, 1000];
        let mut s = Stream::new(&key);
        let a: Vec<u64> = (0..100).map(|_| s.next_u64()).collect();
        let mut b = Stream::new(&key);
        assert!(a.iter().all(|&x| x == b.next_u64()));
        // Random access: output 57 (0-based) without drawing the first 57.
        let mut c = Stream::from_seed(0);
        c.seek(stream_seed(&key), 57);
        assert_eq!(c.next_u64(), a[57]);
    }

    #[test]
    fn key_256_is_the_former_cloud_key_derivation() {
        // The private derivation `channel::clouds` used before the merge, verbatim: the cloud
        // timelines (and the golden outputs) depend on this equality.
        fn splitmix64(x: u64) -> u64 {
            let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn former(domain: u64, seed: u64, realization: u64) -> [u8; 32] {
            let mut state = splitmix64(splitmix64(domain ^ seed) ^ realization);
            let mut key = [0u8; 32];
            for chunk in key.chunks_exact_mut(8) {
                state = splitmix64(state);
                chunk.copy_from_slice(&state.to_le_bytes());
            }
            key
        }
        let domain = 0x636c_6f75_6473;
        for (seed, r) in [(0, 0), (1, 2), (2, 1), (42, 5), (u64::MAX, 1 << 40)] {
            assert_eq!(
                stream_key_256(&[domain ^ seed, r]),
                former(domain, seed, r),
                "{seed} {r}"
            );
        }
        assert_ne!(
            stream_key_256(&[domain ^ 1, 2]),
            stream_key_256(&[domain ^ 2, 1])
        );
        // Same key → same ChaCha8 stream.
        use rand::Rng;
        let (mut a, mut b) = (chacha8(&[3, 4]), chacha8(&[3, 4]));
        assert_eq!(a.next_u64(), b.next_u64());
    }

    #[test]
    fn neighbouring_keys_give_uncorrelated_streams() {
        // Keys differing in one word (the typical case: the next time index) must give
        // streams whose uniforms are uncorrelated: |r| < 4/sqrt(N).
        let n = 200_000;
        for (ka, kb) in [
            (&[1u64, 0, 0, 0, 5][..], &[1u64, 0, 0, 0, 6][..]),
            (&[1, 0, 0, 0, 5], &[2, 0, 0, 0, 5]),
            (&[0, 0], &[0, 0, 0]),
        ] {
            assert_ne!(stream_seed(ka), stream_seed(kb));
            let (mut a, mut b) = (Stream::new(ka), Stream::new(kb));
            let r = (0..n)
                .map(|_| (a.uniform() - 0.5) * (b.uniform() - 0.5))
                .sum::<f64>()
                / n as f64
                * 12.0;
            assert!(r.abs() < 4.0 / (n as f64).sqrt(), "{ka:?} {kb:?}: r = {r}");
        }
    }

    #[test]
    fn uniform_moments_and_open_interval() {
        // Mean 1/2 ± 4·sqrt(1/12/N); variance 1/12 ± 4·sqrt((1/80 − 1/144)/N).
        let n = 1_000_000;
        let mut s = Stream::new(&[7]);
        let x: Vec<f64> = (0..n).map(|_| s.uniform()).collect();
        assert!(x.iter().all(|&u| u > 0.0 && u < 1.0));
        let (m, v) = moments(&x);
        let nf = n as f64;
        assert!((m - 0.5).abs() < 4.0 * (1.0 / 12.0 / nf).sqrt(), "{m}");
        assert!(
            (v - 1.0 / 12.0).abs() < 4.0 * ((1.0 / 80.0 - 1.0 / 144.0) / nf).sqrt(),
            "{v}"
        );
    }

    #[test]
    fn exponential_moments() {
        // Mean 1 ± 4/sqrt(N); variance 1 ± 4·sqrt(8/N) (μ4 = 9); P(E > 5) = e^(−5) ± 4σ.
        let n = 1_000_000;
        let mut s = Stream::new(&[13]);
        let x: Vec<f64> = (0..n).map(|_| s.exponential()).collect();
        let (m, v) = moments(&x);
        let nf = n as f64;
        assert!(x.iter().all(|&e| e > 0.0));
        assert!((m - 1.0).abs() < 4.0 / nf.sqrt(), "{m}");
        assert!((v - 1.0).abs() < 4.0 * (8.0 / nf).sqrt(), "{v}");
        let p = x.iter().filter(|&&e| e > 5.0).count() as f64 / nf;
        let p0 = (-5.0f64).exp();
        assert!((p - p0).abs() < 4.0 * (p0 * (1.0 - p0) / nf).sqrt(), "{p}");
    }

    #[test]
    fn normal_moments() {
        // Mean 0 ± 4/sqrt(N); variance 1 ± 4·sqrt(2/N); fourth moment 3 ± 4·sqrt(96/N).
        let n = 1_000_000;
        let mut s = Stream::new(&[11, 2]);
        let x: Vec<f64> = (0..n).map(|_| s.normal()).collect();
        let (m, v) = moments(&x);
        let nf = n as f64;
        let m4 = x.iter().map(|v| v.powi(4)).sum::<f64>() / nf;
        assert!(m.abs() < 4.0 / nf.sqrt(), "{m}");
        assert!((v - 1.0).abs() < 4.0 * (2.0 / nf).sqrt(), "{v}");
        assert!((m4 - 3.0).abs() < 4.0 * (96.0 / nf).sqrt(), "{m4}");
        // Tail: P(|Z| > 3) = 2.6998e-3.
        let p = x.iter().filter(|v| v.abs() > 3.0).count() as f64 / nf;
        let p0 = 2.699_796e-3;
        assert!((p - p0).abs() < 4.0 * (p0 * (1.0 - p0) / nf).sqrt(), "{p}");
    }
}
