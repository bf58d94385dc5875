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

use crate::crosslinks::{crosslink_passes, CrosslinkPasses};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::sim::{Geometry, LinkSteps};

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
    let geometry = Geometry::compute(scenario)?;
    windows_of(scenario, &geometry, None, &crosslink_passes(scenario)?)
}

/// The windows of a scenario from its geometry stage, its link stage when there is one (the
/// static margins are then read, not evaluated again) and its crosslink passes: those of a
/// run ([`crate::sim::RunOutput`]), the same windows [`link_windows`] finds.
pub fn windows_of(
    scenario: &Scenario,
    geometry: &Geometry,
    links: Option<&LinkSteps>,
    crosslinks: &CrosslinkPasses,
) -> Result<LinkWindows> {
    let mut windows = ground::windows(scenario, geometry, links)?;
    windows.extend(crosslink::windows(scenario, crosslinks));
    let warnings = geometry
        .skipped
        .iter()
        .map(ToString::to_string)
        .chain(crosslinks.warnings.iter().cloned())
        .collect();
    Ok(LinkWindows { windows, warnings })
}
