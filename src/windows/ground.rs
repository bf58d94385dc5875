//! Ground windows: the passes of every ground–space link with statistics over their grid
//! steps (the geometry stage of the availability engine computes both).

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use super::window::{Extremes, LinkWindow, WindowBase, WindowKind};
use crate::error::Result;
use crate::link::Direction;
use crate::scenario::Scenario;
use crate::sim::{Geometry, LinkSteps};
use crate::units::SPEED_OF_LIGHT_M_S;

/// The ground windows of `scenario`: the passes of its geometry stage `geometry`, with the
/// static margins of its link stage `links` when there is one (else evaluated here).
pub(super) fn windows(
    scenario: &Scenario,
    geometry: &Geometry,
    links: Option<&LinkSteps>,
) -> Result<Vec<LinkWindow>> {
    let mut budgets = BTreeMap::new();
    let mut out = Vec::with_capacity(geometry.passes.len());
    for (i, pass) in geometry.passes.iter().enumerate() {
        let link = geometry.pass_link[i];
        let (_, _, direction) = scenario.links[link]
            .ground_space()
            .expect("the engine's links are ground–space links");
        let wavelength_m = scenario.terminals[&scenario.links[link].terminal]
            .transmitter
            .wavelength_m;
        let mut extremes = Extremes::new();
        for k in geometry.pass_steps[i].clone() {
            let step = &geometry.steps[k];
            let margin_db = match links {
                Some(links) => links.steps[k].margin_db,
                // Without a link stage: the link's budget, built once.
                None => {
                    let budget = match budgets.entry(link) {
                        Entry::Occupied(e) => e.into_mut(),
                        Entry::Vacant(e) => e.insert(scenario.link_budget(link)?),
                    };
                    budget.evaluate(&step.link_geometry())?.margin_db
                }
            };
            extremes.add(
                step.range_m,
                // f_D = −ρ̇/λ
                -step.range_rate_m_s / wavelength_m,
                // θ_PA = 2·v⊥/c
                2.0 * step.transverse_velocity_m_s / SPEED_OF_LIGHT_M_S,
                step.tracking_rate_rad_s,
                margin_db,
            );
        }
        let edge = |clipped: bool, name: &'static str| if clipped { "span" } else { name };
        out.push(extremes.into_window(WindowBase {
            kind: match direction {
                Direction::Downlink => WindowKind::Downlink,
                Direction::Uplink => WindowKind::Uplink,
            },
            link,
            name: scenario.link_name(link),
            start_unix_s: pass.aos_unix_s,
            end_unix_s: pass.los_unix_s,
            start_edge: edge(pass.clipped_start, "aos"),
            end_edge: edge(pass.clipped_end, "los"),
            data_start_unix_s: Some(pass.aos_unix_s),
            volume_bits: None,
        }));
    }
    Ok(out)
}
