//! The sweep grid: axes from `[sweep]` and `--set`, their cartesian product, station subsets,
//! and which keys change the geometry.

use std::path::Path;

use crate::error::{Error, Result};
use crate::scenario::{apply_override, parse_key, parse_value, Scenario};

/// The grid key that selects station subsets by name.
pub(crate) const STATIONS_KEY: &str = "stations";
/// The grid key whose values k expand to every k-station subset.
pub(crate) const STATIONS_CHOOSE_KEY: &str = "stations.choose";
/// The largest grid a sweep accepts.
pub(crate) const MAX_GRID_POINTS: usize = 100_000;

/// One swept key with its values, in the order they are run.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Dotted scenario key (or `stations` / `stations.choose`).
    pub key: String,
    /// The values; for `stations` each is an array of station names.
    pub values: Vec<toml::Value>,
}

impl Axis {
    /// An axis from `KEY=V1,V2,...` (the `--set` syntax): values are TOML scalars or arrays
    /// split at top-level commas (commas inside `[...]` or quotes stay); text that is not TOML
    /// is a bare string (`gamma-gamma`, `koganei+kashima`).
    pub fn parse_set(arg: &str) -> Result<Axis> {
        let (key, list) = arg.split_once('=').ok_or_else(|| {
            Error::invalid(
                "--set",
                format!("{arg:?}"),
                "KEY=V1,V2,... (e.g. terminals.sota.tx_power_w=0.05,0.1)",
            )
        })?;
        let key = key.trim();
        parse_key(key)?;
        let (mut items, mut depth, mut quote, mut start) = (Vec::new(), 0i32, None, 0);
        for (i, c) in list.char_indices() {
            match (c, quote) {
                ('"' | '\'', None) => quote = Some(c),
                (c, Some(q)) if c == q => quote = None,
                ('[' | '{', None) => depth += 1,
                (']' | '}', None) => depth -= 1,
                (',', None) if depth == 0 => {
                    items.push(&list[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&list[start..]);
        if items.iter().any(|v| v.trim().is_empty()) {
            return Err(Error::invalid(
                format!("--set {key}"),
                format!("{list:?}"),
                "a comma-separated list of values, none empty",
            ));
        }
        Ok(Axis {
            key: key.to_string(),
            values: items.into_iter().map(parse_value).collect(),
        })
    }
}

/// The axes of a sweep: the `[sweep]` table's keys in sorted order, then the command line's
/// new keys in their order; a command-line key also in `[sweep]` replaces it in place.
/// A table value that is not an array is a one-value axis.
pub(crate) fn merge_axes(table: Option<&toml::Table>, cli: &[Axis]) -> Result<Vec<Axis>> {
    let mut axes: Vec<Axis> = Vec::new();
    for (key, value) in table.into_iter().flatten() {
        let values = match value {
            toml::Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        axes.push(Axis {
            key: key.clone(),
            values,
        });
    }
    for axis in cli {
        // `stations` and `stations.choose` are one axis: either on the command line replaces
        // either in the table.
        let same =
            |a: &Axis| a.key == axis.key || (is_station_axis(&a.key) && is_station_axis(&axis.key));
        match axes.iter_mut().find(|a| same(a)) {
            Some(a) => *a = axis.clone(),
            None => axes.push(axis.clone()),
        }
    }
    for a in &axes {
        if a.values.is_empty() {
            return Err(Error::invalid(
                format!("sweep.{:?}", a.key),
                "[]",
                "at least one value",
            ));
        }
    }
    if axes.iter().filter(|a| is_station_axis(&a.key)).count() > 1 {
        return Err(Error::invalid(
            STATIONS_KEY,
            "stations and stations.choose",
            "at most one station-set axis",
        ));
    }
    Ok(axes)
}

fn is_station_axis(key: &str) -> bool {
    key == STATIONS_KEY || key == STATIONS_CHOOSE_KEY
}

/// Every combination of axis value indices, the last axis varying fastest (nested loops in
/// axis order). No axes gives one point.
pub(crate) fn cartesian(lengths: &[usize]) -> Vec<Vec<usize>> {
    let total: usize = lengths.iter().product();
    (0..total)
        .map(|mut n| {
            let mut index = vec![0; lengths.len()];
            for (slot, &len) in index.iter_mut().zip(lengths).rev() {
                *slot = n % len;
                n /= len;
            }
            index
        })
        .collect()
}

/// C(n, k), saturating at `u128::MAX` (checked before subsets are listed).
fn binomial(n: usize, k: usize) -> u128 {
    (0..k.min(n - k)).fold(1u128, |c, i| {
        c.saturating_mul((n - i) as u128) / (i as u128 + 1)
    })
}

/// Every `k`-element subset of `0..n` in lexicographic order.
pub(crate) fn choose(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if k == 0 || k > n {
        return out;
    }
    let mut c: Vec<usize> = (0..k).collect();
    loop {
        out.push(c.clone());
        // Advance the rightmost index that can still move.
        let Some(i) = (0..k).rev().find(|&i| c[i] < n - k + i) else {
            return out;
        };
        c[i] += 1;
        for j in i + 1..k {
            c[j] = c[j - 1] + 1;
        }
    }
}

/// The station-set axis resolved to subsets of the base scenario's stations (indices in file
/// order): `stations` values are arrays of names or `"a+b+c"` strings; `stations.choose`
/// values are subset sizes k, each expanding to every k-subset in lexicographic order.
pub(crate) fn station_subsets(axis: &Axis, base: &Scenario) -> Result<Vec<Vec<usize>>> {
    let names: Vec<&str> = base
        .stations
        .iter()
        .map(|s| s.station.name.as_str())
        .collect();
    let n = names.len();
    if axis.key == STATIONS_CHOOSE_KEY {
        // Distinct sizes only, and the subsets counted before any is listed.
        let mut sizes: Vec<usize> = Vec::new();
        let mut count = 0u128;
        for v in &axis.values {
            let k = v
                .as_integer()
                .filter(|&k| k >= 1 && k as usize <= n)
                .ok_or_else(|| {
                    Error::invalid(
                        STATIONS_CHOOSE_KEY,
                        v,
                        format!("a subset size in [1, {n}] (the scenario's stations)"),
                    )
                })? as usize;
            if sizes.contains(&k) {
                continue;
            }
            sizes.push(k);
            count = count.saturating_add(binomial(n, k));
        }
        if count > MAX_GRID_POINTS as u128 {
            let list: Vec<String> = sizes.iter().map(|k| k.to_string()).collect();
            return Err(Error::invalid(
                STATIONS_CHOOSE_KEY,
                format!("[{}]", list.join(", ")),
                format!(
                    "at most {MAX_GRID_POINTS} subsets; these sizes of {n} stations give {count}"
                ),
            ));
        }
        return Ok(sizes.into_iter().flat_map(|k| choose(n, k)).collect());
    }
    let mut out = Vec::new();
    for v in &axis.values {
        let wanted: Vec<String> = match v {
            toml::Value::String(s) => s.split('+').map(|x| x.trim().to_string()).collect(),
            toml::Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| Error::invalid(STATIONS_KEY, v, "an array of station names"))?,
            other => {
                return Err(Error::invalid(
                    STATIONS_KEY,
                    other,
                    "an array of station names or \"a+b+c\"",
                ))
            }
        };
        let mut subset = Vec::new();
        for w in &wanted {
            let j = names.iter().position(|n| n == w).ok_or_else(|| {
                Error::invalid(
                    STATIONS_KEY,
                    format!("{w:?}"),
                    format!("a station of the scenario: {}", names.join(", ")),
                )
            })?;
            if subset.contains(&j) {
                return Err(Error::invalid(
                    STATIONS_KEY,
                    v,
                    "each station at most once per set",
                ));
            }
            subset.push(j);
        }
        if subset.is_empty() {
            return Err(Error::invalid(STATIONS_KEY, v, "at least one station"));
        }
        subset.sort_unstable();
        out.push(subset);
    }
    Ok(out)
}

/// One point of the grid, validated.
#[derive(Debug, Clone)]
pub struct GridPoint {
    /// Position in the grid (row order of the outputs).
    pub index: usize,
    /// One value per axis, in axis order (for the station axis: the array of names).
    pub values: Vec<toml::Value>,
    /// Stations of the network, indices into `scenario.stations` (all without a station axis).
    pub stations: Vec<usize>,
    /// The scenario with this point's keys set.
    pub scenario: Scenario,
}

/// Expands and validates the grid: each axis value alone on the base (the error names the
/// key and value), then every combination (the error names the point's keys).
pub(crate) fn expand(
    doc: &toml::Table,
    source: &str,
    base_dir: Option<&Path>,
    base: &Scenario,
    axes: &[Axis],
) -> Result<Vec<GridPoint>> {
    let source_name = source;
    // The point's or key's context around the innermost error (a scenario error of the
    // same file is unwrapped, not nested).
    let scenario_error = |context: String, e: Error| {
        let source = match e {
            Error::Scenario { source, .. } => source,
            other => Box::new(other),
        };
        Error::Scenario {
            file: source_name.to_string(),
            context: Some(context),
            source,
        }
    };
    // Station axis: its values become name arrays, its subsets are kept aside.
    let mut axes = axes.to_vec();
    let mut subsets: Option<Vec<Vec<usize>>> = None;
    for axis in &mut axes {
        if is_station_axis(&axis.key) {
            let s = station_subsets(axis, base)
                .map_err(|e| scenario_error(format!("sweep key {}", axis.key), e))?;
            axis.key = STATIONS_KEY.to_string();
            axis.values = s
                .iter()
                .map(|set| {
                    toml::Value::Array(
                        set.iter()
                            .map(|&j| toml::Value::String(base.stations[j].station.name.clone()))
                            .collect(),
                    )
                })
                .collect();
            subsets = Some(s);
        }
    }
    let lengths: Vec<usize> = axes.iter().map(|a| a.values.len()).collect();
    let total = lengths
        .iter()
        .try_fold(1usize, |acc, &l| acc.checked_mul(l))
        .filter(|&t| t <= MAX_GRID_POINTS)
        .ok_or_else(|| {
            Error::invalid(
                "sweep",
                format!(
                    "{} values per axis",
                    lengths
                        .iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join(" × ")
                ),
                format!("a grid of at most {MAX_GRID_POINTS} points"),
            )
        })?;
    let apply = |doc: &mut toml::Table, axis: &Axis, v: &toml::Value| -> Result<()> {
        if axis.key == STATIONS_KEY {
            return Ok(());
        }
        apply_override(doc, &axis.key, v.clone())
    };
    for axis in &axes {
        for v in &axis.values {
            let context = format!("sweep key {} = {v}", axis.key);
            let mut d = doc.clone();
            apply(&mut d, axis, v).map_err(|e| scenario_error(context.clone(), e))?;
            Scenario::from_document(d, source, base_dir).map_err(|e| {
                // `--set k=[0.1,0.2]` is one value, a TOML array: say how an axis is written.
                let context = if v.is_array()
                    && e.innermost().to_string().contains("invalid type: sequence")
                {
                    format!(
                        "{context} (one value, an array; an axis lists its values with commas: \
                         {}=V1,V2,...)",
                        axis.key
                    )
                } else {
                    context.clone()
                };
                scenario_error(context, e)
            })?;
        }
    }
    let all: Vec<usize> = (0..base.stations.len()).collect();
    let mut points = Vec::with_capacity(total);
    for (index, combo) in cartesian(&lengths).into_iter().enumerate() {
        let mut d = doc.clone();
        let mut stations = all.clone();
        for (axis, &i) in axes.iter().zip(&combo) {
            // Each value applied alone was checked above; together, one axis can still undo
            // another (a rename, then a key by the old name): that is an input error too.
            apply(&mut d, axis, &axis.values[i]).map_err(|e| {
                scenario_error(
                    format!("grid point {index} ({} = {})", axis.key, axis.values[i]),
                    e,
                )
            })?;
            if axis.key == STATIONS_KEY {
                stations = subsets.as_ref().expect("station axis")[i].clone();
            }
        }
        let scenario = Scenario::from_document(d, source, base_dir).map_err(|e| {
            let keys: Vec<String> = axes
                .iter()
                .zip(&combo)
                .map(|(a, &i)| format!("{} = {}", a.key, a.values[i]))
                .collect();
            scenario_error(format!("grid point {index} ({})", keys.join(", ")), e)
        })?;
        if scenario.stations.len() != base.stations.len() {
            return Err(scenario_error(
                format!("grid point {index}"),
                Error::invalid(
                    "stations",
                    scenario.stations.len(),
                    "the base scenario's stations",
                ),
            ));
        }
        points.push(GridPoint {
            index,
            values: combo
                .iter()
                .zip(&axes)
                .map(|(&i, a)| a.values[i].clone())
                .collect(),
            stations,
            scenario,
        });
    }
    Ok(points)
}

#[cfg(test)]
mod tests {

    #[test]
    fn binomial_counts_subsets() {
        assert_eq!(super::binomial(6, 3), 20);
        assert_eq!(super::binomial(6, 3) as usize, super::choose(6, 3).len());
        assert_eq!(super::binomial(5, 0), 1);
        assert!(super::binomial(200, 100) > super::MAX_GRID_POINTS as u128);
    }

    use super::*;

    #[test]
    fn cartesian_runs_the_last_axis_fastest() {
        assert_eq!(
            cartesian(&[2, 3]),
            vec![
                vec![0, 0],
                vec![0, 1],
                vec![0, 2],
                vec![1, 0],
                vec![1, 1],
                vec![1, 2]
            ]
        );
        assert_eq!(cartesian(&[]), vec![Vec::<usize>::new()]);
        assert_eq!(cartesian(&[2, 2, 2]).len(), 8);
    }

    #[test]
    fn choose_is_lexicographic_and_complete() {
        assert_eq!(
            choose(4, 2),
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
        assert_eq!(choose(6, 3).len(), 20);
        assert_eq!(choose(3, 3), vec![vec![0, 1, 2]]);
        assert!(choose(2, 3).is_empty());
    }

    #[test]
    fn set_syntax_splits_at_top_level_commas() {
        let a = Axis::parse_set("stations[0].horizon_mask=[[0,5],[90,10]],[[0,1]]").unwrap();
        assert_eq!(a.key, "stations[0].horizon_mask");
        assert_eq!(a.values.len(), 2);
        let a = Axis::parse_set("channel.fading = lognormal,\"gamma-gamma\"").unwrap();
        assert_eq!(a.values[1].as_str(), Some("gamma-gamma"));
        assert_eq!(a.values[0].as_str(), Some("lognormal"));
        let a = Axis::parse_set("terminals.t.tx_power_w=0.02,0.035,1").unwrap();
        assert_eq!(a.values[2].as_integer(), Some(1));
        for bad in ["noequals", "a=", "a=1,,2", "a..b=1"] {
            assert!(Axis::parse_set(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cli_replaces_table_keys_in_place() {
        let table: toml::Table = toml::from_str("\"b.x\" = [1, 2]\n\"a.y\" = 3").unwrap();
        let axes = merge_axes(
            Some(&table),
            &[
                Axis::parse_set("c.z=1,2").unwrap(),
                Axis::parse_set("b.x=5").unwrap(),
            ],
        )
        .unwrap();
        let keys: Vec<&str> = axes.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["a.y", "b.x", "c.z"]);
        assert_eq!(axes[1].values, vec![toml::Value::Integer(5)]);
        assert_eq!(axes[0].values, vec![toml::Value::Integer(3)]);
        let table: toml::Table = toml::from_str("\"stations.choose\" = 3").unwrap();
        let axes = merge_axes(Some(&table), &[Axis::parse_set("stations=a+b,c").unwrap()]).unwrap();
        assert_eq!(axes.len(), 1);
        assert_eq!(axes[0].key, "stations");
    }
}
