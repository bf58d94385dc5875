//! Inter-satellite windows: the crosslink passes ([`crate::crosslinks`]) folded into window
//! statistics and volume.

use super::window::{Extremes, LinkWindow, WindowBase, WindowKind};
use crate::crosslinks::{CrosslinkPass, CrosslinkPasses};
use crate::scenario::Scenario;

/// The crosslink windows of `scenario` from its crosslink passes (crosslink by crosslink, by
/// start within one).
pub(super) fn windows(scenario: &Scenario, found: &CrosslinkPasses) -> Vec<LinkWindow> {
    found.passes.iter().map(|p| window(scenario, p)).collect()
}

/// The statistics of one crosslink pass; its volume is the forward leg's data rate times its
/// up time from first data to the window end.
fn window(scenario: &Scenario, pass: &CrosslinkPass) -> LinkWindow {
    let k = pass.crosslink;
    let mut extremes = Extremes::new();
    for s in &pass.samples {
        extremes.add(
            s.range_m,
            s.doppler_hz,
            s.point_ahead_rad,
            s.slew_rate_rad_s,
            s.min_margin_db(),
        );
    }
    let data_rate_bps = scenario.terminals[&scenario.crosslinks[k].forward.terminal].data_rate_bps;
    let w = &pass.window;
    extremes.into_window(WindowBase {
        kind: WindowKind::Crosslink,
        link: k,
        name: scenario.crosslink_name(k),
        start_unix_s: w.start_unix_s,
        end_unix_s: w.end_unix_s,
        start_edge: w.start_edge.name(),
        end_edge: w.end_edge.name(),
        data_start_unix_s: pass.data_start_unix_s,
        volume_bits: pass
            .data_start_unix_s
            .map(|t| data_rate_bps * pass.up_time_s(0, t, f64::INFINITY)),
    })
}
