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
//! - **Inter-satellite windows** ([`crate::access::find_crosslink_windows`]): the line of sight
//!   grazes the Earth no lower than `channel.grazing_margin_km` and no receiving end has the
//!   Sun inside its receiver's `sun_exclusion_deg`. Each window then asks for a crosslink
//!   terminal head at each end (`schedule.rs`: first come, first served; a satellite holds at
//!   most `crosslink_terminals` links at once) and carries data from the heads' acquisition
//!   on (the larger `acquisition_s` of the two terminals of a duplex link). Statistics are
//!   sampled on the same grid inside the window and at its two ends; the slew is the line of
//!   sight's rate in each end's local orbital frame, the larger of the two ends reported.
//!   The volume is the forward leg's data rate times the time from first data to the window
//!   end during which the vacuum margin is ≥ 0 (between two samples, the mean of their
//!   up/down states: exact when the margin keeps its sign between them).
//!
//! Doppler is first order, f_D = −ρ̇/λ, at the link's wavelength (the larger over the legs of
//! a duplex link); point-ahead is 2·v⊥/c with the inertial transverse velocity (docs/models.md,
//! "Inter-satellite links").

mod crosslink;
mod ground;
mod schedule;
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
