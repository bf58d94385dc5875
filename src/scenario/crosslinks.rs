//! Raw `[[crosslinks]]` and the crosslink keys of `[[satellites]]` → validated
//! [`ScenarioCrosslink`]s: names resolved, equipment present at both ends, budgets buildable.

use std::collections::{BTreeMap, BTreeSet};

use super::keys::{check, defined, quoted, rekeyed};
use super::raw::{RawCrosslink, RawSatellite};
use super::{CrosslinkLeg, ReceiverSpec, Scenario, ScenarioCrosslink, ScenarioSatellite, Terminal};
use crate::error::{Error, Result};

/// Default grazing-altitude margin of a crosslink, km: an assumption, above the mesosphere
/// (absorption, refraction and scintillation at grazing incidence; docs/models.md).
pub(crate) const DEFAULT_GRAZING_MARGIN_KM: f64 = 100.0;
/// The most crosslink terminal heads one satellite may carry.
const MAX_CROSSLINK_TERMINALS: u32 = 64;

/// The crosslink equipment of one `[[satellites]]` entry, names checked to exist.
pub(super) struct Equipment {
    /// Its crosslink terminal.
    pub terminal: Option<String>,
    /// Its crosslink receiver.
    pub receiver: Option<String>,
    /// Terminal heads, ≥ 1.
    pub heads: u32,
}

/// The crosslink equipment of the satellite entry `s` at `key` (`satellites[i]`).
pub(super) fn equipment(
    s: &RawSatellite,
    key: &str,
    terminals: &BTreeMap<String, Terminal>,
    receivers: &BTreeMap<String, ReceiverSpec>,
) -> Result<Equipment> {
    let terminal = s
        .crosslink_terminal
        .as_deref()
        .map(|name| defined(key, "terminal", name, terminals))
        .transpose()
        .map_err(rename(key, "crosslink_terminal"))?;
    let receiver = s
        .crosslink_receiver
        .as_deref()
        .map(|name| defined(key, "receiver", name, receivers))
        .transpose()
        .map_err(rename(key, "crosslink_receiver"))?;
    let heads = s.crosslink_terminals.unwrap_or(1);
    check(
        (1..=MAX_CROSSLINK_TERMINALS).contains(&heads),
        &format!("{key}.crosslink_terminals"),
        heads,
        &format!("must be in [1, {MAX_CROSSLINK_TERMINALS}]"),
    )?;
    if s.crosslink_terminals.is_some() && terminal.is_none() && receiver.is_none() {
        return Err(Error::invalid(
            format!("{key}.crosslink_terminals"),
            heads,
            "only with a crosslink_terminal or a crosslink_receiver",
        ));
    }
    Ok(Equipment {
        terminal,
        receiver,
        heads,
    })
}

/// `defined` names the key `KEY.terminal`; a crosslink's is `KEY.crosslink_terminal`.
fn rename<'a>(key: &'a str, field: &'a str) -> impl Fn(Error) -> Error + 'a {
    move |e| rekeyed(e, |_| format!("{key}.{field}"))
}

/// The `[[crosslinks]]` entries resolved against the satellites (by name, ignoring case).
pub(super) fn crosslinks(
    raw: &[RawCrosslink],
    satellites: &[ScenarioSatellite],
) -> Result<Vec<ScenarioCrosslink>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut pairs = BTreeSet::new();
    for (k, c) in raw.iter().enumerate() {
        let key = format!("crosslinks[{k}]");
        let from = satellite_named(satellites, &c.from, &format!("{key}.from"))?;
        let to = satellite_named(satellites, &c.to, &format!("{key}.to"))?;
        if from == to {
            return Err(Error::invalid(
                format!("{key}.to"),
                quoted(&c.to),
                "a satellite other than `from`: a link needs two ends",
            ));
        }
        if !pairs.insert((from.min(to), from.max(to))) {
            return Err(Error::invalid(
                key,
                format!("{} and {}", quoted(&c.from), quoted(&c.to)),
                "one [[crosslinks]] entry per pair of satellites (use duplex = true for both \
                 directions)",
            ));
        }
        let leg = |tx: usize, rx: usize, end: &str, other: &str| -> Result<CrosslinkLeg> {
            let (a, b) = (&satellites[tx], &satellites[rx]);
            let need = |what: &str, sat: &ScenarioSatellite, side: &str| {
                Error::invalid(
                    format!("{key}.{side}"),
                    quoted(&sat.satellite.name),
                    format!(
                        "a satellite with a {what} (satellites[{}].{what} names a [{}s.NAME] \
                         table)",
                        sat.entry,
                        if what == "crosslink_terminal" {
                            "terminal"
                        } else {
                            "receiver"
                        }
                    ),
                )
            };
            Ok(CrosslinkLeg {
                terminal: a
                    .crosslink_terminal
                    .clone()
                    .ok_or_else(|| need("crosslink_terminal", a, end))?,
                receiver: b
                    .crosslink_receiver
                    .clone()
                    .ok_or_else(|| need("crosslink_receiver", b, other))?,
            })
        };
        let forward = leg(from, to, "from", "to")?;
        let back = if c.duplex.unwrap_or(false) {
            Some(leg(to, from, "to", "from")?)
        } else {
            None
        };
        out.push(ScenarioCrosslink {
            ends: [from, to],
            forward,
            back,
        });
    }
    Ok(out)
}

/// The index of the one satellite called `name` (ignoring case).
pub(super) fn satellite_named(
    satellites: &[ScenarioSatellite],
    name: &str,
    key: &str,
) -> Result<usize> {
    let matches: Vec<usize> = (0..satellites.len())
        .filter(|&i| satellites[i].satellite.name.eq_ignore_ascii_case(name))
        .collect();
    match matches[..] {
        [i] => Ok(i),
        [] => {
            let mut names: Vec<&str> = satellites
                .iter()
                .map(|s| s.satellite.name.as_str())
                .take(8)
                .collect();
            if satellites.len() > names.len() {
                names.push("…");
            }
            Err(Error::invalid(
                key,
                quoted(name),
                format!(
                    "the name of a satellite; the scenario has {}",
                    names.join(", ")
                ),
            ))
        }
        _ => Err(Error::invalid(
            key,
            quoted(name),
            format!(
                "a unique satellite name; {} satellites are called that",
                matches.len()
            ),
        )),
    }
}

/// Builds each crosslink leg's budget once so that an inconsistent terminal and receiver
/// (wavelengths, a rate the detection model cannot carry) fail here, keyed by the entry.
pub(super) fn check_budgets(scenario: &Scenario) -> Result<()> {
    for (k, c) in scenario.crosslinks.iter().enumerate() {
        for leg in c.legs() {
            scenario.crosslink_budget(leg).map_err(|e| {
                rekeyed(e, |key| {
                    format!(
                        "crosslinks[{k}] (terminals.{}, receivers.{}): {key}",
                        leg.terminal, leg.receiver
                    )
                })
            })?;
        }
    }
    Ok(())
}
