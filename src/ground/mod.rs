//! Optical ground stations, horizon masks and the Luxembourg and Japan presets.
//!
//! A [`Station`] is a WGS-84 site with its visibility constraints (minimum elevation, an
//! azimuth-dependent [`HorizonMask`], an optional Sun exclusion angle) and its monthly
//! cloud-free line-of-sight probabilities. The presets and their climate tables come from
//! `docs/sites.md` (JMA and MeteoLux 1991–2020 climate normals, AEMET for Izaña); the
//! cloud-free proxy is the relative sunshine duration (sunshine hours / possible hours), an
//! optimistic estimate of the zenith cloud-free line-of-sight probability.

mod mask;
mod presets;
mod spec;
mod station;
mod telescopes;

pub use mask::HorizonMask;
pub use presets::{preset, presets, PRESET_NAMES};
pub use station::{HeightReference, Station};
pub use telescopes::{SchedulingPolicy, Telescopes};
