//! Allowed ranges shared by the transmitters, the sensitivities and the detection models
//! (one check each, so that every entry point refuses the same values with the same words).

use crate::error::{require, Result};

/// Checks a wavelength (key `wavelength_nm`): 200 nm to 20 µm, ultraviolet to thermal
/// infrared, spans every optical terminal.
pub(crate) fn check_wavelength(wavelength_m: f64) -> Result<()> {
    let nm = wavelength_m * 1e9;
    require(
        (200.0..=20_000.0).contains(&nm),
        "wavelength_nm",
        nm,
        "must be in [200, 20000] nm",
    )
}

/// Checks a data rate (key `data_rate_bps`): 1 bit/s to 1 Pb/s spans every optical link.
pub(crate) fn check_data_rate(data_rate_bps: f64) -> Result<()> {
    require(
        (1.0..=1e15).contains(&data_rate_bps),
        "data_rate_bps",
        data_rate_bps,
        "must be in [1, 1e15] bit/s",
    )
}
