//! Link windows of a scenario: every ground pass of every ground–space link and every
//! visibility window of every inter-satellite link, each with the geometry an engineer sizes
//! a terminal for (range, Doppler, point-ahead, slew) and its static (clear-sky or vacuum)
//! margin. What `oslink windows` lists.
//!
//! - **Ground windows** are the passes of the availability engine's geometry stage
//!   ([`crate::sim::Geometry`]): AOS to LOS above the station's elevation threshold and
//!   horizon mask, statistics over the grid steps inside the pass (the common grid
//!   t_k = start + k·step_s). The tracking rate is that of the station's mount (the line of
//!   sight's rate in the Earth-fixed frame).
//! - **Inter-satellite windows** are the crosslink passes of [`crate::crosslinks`]:
//!   visibility above the grazing margin and outside the receivers' Sun exclusion, a
//!   terminal head at each end (first come, first served) and samples on the same grid
//!   inside the window and at its ends. The slew is the line of sight's rate in each end's
//!   local orbital frame, the larger of the two ends reported; Doppler is first order,
//!   f_D = −ρ̇/λ, the larger over the legs of a duplex link; point-ahead is 2·v⊥/c
//!   (docs/models.md, "Inter-satellite links"). The volume is the forward leg's data rate
//!   times its up time (pointing fades only) from first data to the window end, by the
//!   trapezoid rule over the samples.

mod crosslink;
mod ground;
mod window;

pub use window::{LinkWindow, WindowKind};

use crate::error::Result;
use crate::scenario::Scenario;

/// The windows of a scenario and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkWindows {
    /// Ground windows link by link (by AOS within a link), then crosslink windows crosslink
    /// by crosslink (by start within one).
    pub windows: Vec<LinkWindow>,
    /// Why a satellite or link was left out (a satellite whose entry says
    /// `on_propagation_error = "skip"`), one line each.
    pub warnings: Vec<String>,
}

/// Every window of every link of `scenario` (see the module doc). Deterministic: the same
/// windows in the same order for any thread count.
pub fn link_windows(scenario: &Scenario) -> Result<LinkWindows> {
    let (mut windows, mut warnings) = ground::windows(scenario)?;
    let (crosslinks, crosslink_warnings) = crosslink::windows(scenario)?;
    windows.extend(crosslinks);
    warnings.extend(crosslink_warnings);
    Ok(LinkWindows { windows, warnings })
}
