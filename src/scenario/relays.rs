//! Raw `[[relays]]` → validated [`RelayChain`]s: one chain per source, its crosslink to the
//! relay found, the feeder checked (an optical feeder needs the relay's downlinks).

use std::collections::{BTreeMap, BTreeSet};

use super::crosslinks::satellite_named;
use super::keys::{check, quoted};
use super::raw::RawRelay;
use super::{Feeder, RelayChain, Scenario, ScenarioCrosslink, ScenarioSatellite};
use crate::error::{Error, Result};
use crate::link::Direction;

/// The highest declared feeder rate, bit/s (1 Tbit/s: far above any feeder flown).
const MAX_FEEDER_RATE_BPS: f64 = 1e12;

/// The chains of the `[[relays]]` entries, in file order (sources in their order).
pub(super) fn chains(
    raw: &[RawRelay],
    satellites: &[ScenarioSatellite],
    crosslinks: &[ScenarioCrosslink],
) -> Result<Vec<RelayChain>> {
    let mut out = Vec::new();
    let mut pairs = BTreeSet::new();
    // The feeder of each relay: one per relay, shared by all its chains.
    let mut feeders: BTreeMap<usize, (usize, Feeder)> = BTreeMap::new();
    for (entry, r) in raw.iter().enumerate() {
        let key = format!("relays[{entry}]");
        let relay = satellite_named(satellites, &r.relay, &format!("{key}.relay"))?;
        let feeder = feeder(r, &key, &satellites[relay])?;
        match feeders.get(&relay) {
            Some((first, f)) if *f != feeder => {
                return Err(Error::invalid(
                    format!("{key}.feeder"),
                    quoted(feeder.name()),
                    format!(
                        "the feeder of relays[{first}] ({}), which has the same relay: a relay \
                         has one feeder, shared by its chains",
                        f.name()
                    ),
                ));
            }
            Some(_) => {}
            None => {
                feeders.insert(relay, (entry, feeder.clone()));
            }
        }
        if r.sources.is_empty() {
            return Err(Error::invalid(
                format!("{key}.sources"),
                "[]",
                "at least one source satellite",
            ));
        }
        for (n, name) in r.sources.iter().enumerate() {
            let source_key = format!("{key}.sources[{n}]");
            let source = satellite_named(satellites, name, &source_key)?;
            if source == relay {
                return Err(Error::invalid(
                    source_key,
                    quoted(name),
                    "a satellite other than the relay",
                ));
            }
            if !pairs.insert((source, relay)) {
                return Err(Error::invalid(
                    source_key,
                    quoted(name),
                    format!(
                        "a source relayed by {} once (it is listed already)",
                        quoted(&r.relay)
                    ),
                ));
            }
            let (crosslink, on_return_leg) =
                crosslink_of(crosslinks, source, relay).ok_or_else(|| {
                    Error::invalid(
                        source_key.clone(),
                        quoted(name),
                        format!(
                            "a satellite with a [[crosslinks]] entry to {} (from = {}, or from \
                             = {} with duplex = true)",
                            quoted(&r.relay),
                            quoted(name),
                            quoted(&r.relay)
                        ),
                    )
                })?;
            out.push(RelayChain {
                entry,
                source,
                relay,
                crosslink,
                on_return_leg,
                feeder: feeder.clone(),
            });
        }
    }
    Ok(out)
}

/// The crosslink that carries `source`'s data to `relay`, and whether on its return leg.
fn crosslink_of(
    crosslinks: &[ScenarioCrosslink],
    source: usize,
    relay: usize,
) -> Option<(usize, bool)> {
    crosslinks
        .iter()
        .enumerate()
        .find_map(|(k, c)| match c.ends {
            [a, b] if a == source && b == relay => Some((k, false)),
            [a, b] if a == relay && b == source && c.back.is_some() => Some((k, true)),
            _ => None,
        })
}

/// The feeder of relay entry `r` (at `key`) whose relay satellite is `relay`.
fn feeder(r: &RawRelay, key: &str, relay: &ScenarioSatellite) -> Result<Feeder> {
    let kind = r.feeder.as_deref().unwrap_or("optical");
    match kind {
        "optical" => {
            for (field, set) in [
                ("feeder_rate_bps", r.feeder_rate_bps.is_some()),
                ("feeder_availability", r.feeder_availability.is_some()),
                ("feeder_name", r.feeder_name.is_some()),
            ] {
                if set {
                    return Err(Error::invalid(
                        format!("{key}.{field}"),
                        "set",
                        "only with feeder = \"declared\" (an optical feeder is the relay's \
                         downlinks)",
                    ));
                }
            }
            if relay.terminal.is_none() {
                return Err(Error::invalid(
                    format!("{key}.relay"),
                    quoted(&relay.satellite.name),
                    format!(
                        "a relay with a terminal for its optical feeder (satellites[{}].terminal), \
                         or feeder = \"declared\" with feeder_rate_bps and feeder_availability",
                        relay.entry
                    ),
                ));
            }
            Ok(Feeder::Optical)
        }
        "declared" => {
            let rate_bps = r.feeder_rate_bps.ok_or_else(|| {
                Error::invalid(
                    format!("{key}.feeder_rate_bps"),
                    "missing",
                    "the declared feeder's data rate, bit/s",
                )
            })?;
            check(
                rate_bps > 0.0 && rate_bps <= MAX_FEEDER_RATE_BPS,
                &format!("{key}.feeder_rate_bps"),
                rate_bps,
                "must be in (0, 1e12] bit/s",
            )?;
            let availability = r.feeder_availability.ok_or_else(|| {
                Error::invalid(
                    format!("{key}.feeder_availability"),
                    "missing",
                    "the fraction of the time the declared feeder is up, in [0, 1]",
                )
            })?;
            check(
                (0.0..=1.0).contains(&availability),
                &format!("{key}.feeder_availability"),
                availability,
                "must be in [0, 1]",
            )?;
            Ok(Feeder::Declared {
                name: r
                    .feeder_name
                    .clone()
                    .unwrap_or_else(|| "declared feeder".to_string()),
                rate_bps,
                availability,
            })
        }
        other => Err(Error::invalid(
            format!("{key}.feeder"),
            quoted(other),
            "\"optical\" (the relay's downlinks) or \"declared\" (a non-optical feeder)",
        )),
    }
}

/// An optical feeder is the relay's links of the network direction: that direction must be
/// the downlink and the relay must have one to some station.
pub(super) fn check_optical_feeders(scenario: &Scenario) -> Result<()> {
    for chain in &scenario.chains {
        if chain.feeder != Feeder::Optical {
            continue;
        }
        let downlinks = scenario.links.iter().any(|l| {
            l.ground_space()
                .is_some_and(|(i, _, d)| i == chain.relay && d == Direction::Downlink)
        });
        if scenario.network_direction() != Direction::Downlink || !downlinks {
            return Err(Error::invalid(
                format!("relays[{}].feeder", chain.entry),
                quoted("optical"),
                format!(
                    "a relay with downlinks to the stations ({} has none in a scenario whose \
                     network direction is the {}), or feeder = \"declared\"",
                    scenario.satellites[chain.relay].satellite.name,
                    scenario.network_direction().name()
                ),
            ));
        }
    }
    Ok(())
}
