//! What a run or a sweep is built from (the scenario text, where relative paths in it
//! resolve, the `--set` axes and the seed override), kept in each shard's manifest so that
//! the merge builds the same scenario again.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::scenario::{Scenario, DEFAULT_SCENARIO_SOURCE, DEFAULT_SCENARIO_TOML};
use crate::sweep::{Axis, SweepPlan};

/// The inputs of `oslink run` or `oslink sweep`, from which [`ScenarioInputs::scenario`] and
/// [`ScenarioInputs::sweep_plan`] build exactly what the command runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScenarioInputs {
    /// The scenario file's text (or the built-in default's).
    pub text: String,
    /// Its name in outputs and errors: the path as given, or the built-in default's name.
    pub source: String,
    /// The folder relative element files resolve against (the scenario file's folder as
    /// given; `None` for the built-in default).
    pub base_dir: Option<PathBuf>,
    /// The working directory the inputs were read in (relative paths resolve against it).
    pub working_dir: Option<PathBuf>,
    /// `--set KEY=V1,V2,...` of a sweep, as given.
    pub sets: Vec<String>,
    /// `--seed`, if given.
    pub seed: Option<u64>,
}

impl ScenarioInputs {
    /// The inputs of scenario file `path` (read here) with `sets` and `seed`.
    pub fn from_file(path: &Path, sets: &[String], seed: Option<u64>) -> Result<ScenarioInputs> {
        Ok(ScenarioInputs {
            text: Scenario::read_text(path)?,
            source: path.display().to_string(),
            base_dir: path.parent().map(Path::to_path_buf),
            working_dir: std::env::current_dir().ok(),
            sets: sets.to_vec(),
            seed,
        })
    }

    /// The built-in default scenario with `seed`.
    pub fn built_in(seed: Option<u64>) -> ScenarioInputs {
        ScenarioInputs {
            text: DEFAULT_SCENARIO_TOML.to_string(),
            source: DEFAULT_SCENARIO_SOURCE.to_string(),
            base_dir: None,
            working_dir: std::env::current_dir().ok(),
            sets: Vec::new(),
            seed,
        }
    }

    /// The validated scenario of `oslink run` (the seed override applied).
    pub fn scenario(&self) -> Result<Scenario> {
        let mut scenario = Scenario::parse(&self.text, &self.source, self.base_dir.as_deref())?;
        if let Some(seed) = self.seed {
            scenario.seed = seed;
        }
        Ok(scenario)
    }

    /// The validated grid of `oslink sweep`.
    pub fn sweep_plan(&self) -> Result<SweepPlan> {
        let axes = self
            .sets
            .iter()
            .map(|s| Axis::parse_set(s))
            .collect::<Result<Vec<_>>>()?;
        SweepPlan::new(
            &self.text,
            &self.source,
            self.base_dir.as_deref(),
            &axes,
            self.seed,
        )
    }
}
