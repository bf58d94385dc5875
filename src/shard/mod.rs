//! Sharded runs and sweeps (`--shard K/N`, `oslink merge`): N independent processes (a Slurm
//! job array, a Kubernetes Indexed Job) each compute one part of the work, and the merge
//! writes exactly the outputs one machine would have written.
//!
//! **What a shard of a run computes.** The work of a run grows with its satellites: the pass
//! search, the step propagation, the link budgets and the fading draws of every link of a
//! satellite ([`crate::sim::run_part`]). Shard K of N takes a contiguous range of satellites,
//! cut so that every shard gets about the same estimated work
//! ([`crate::scenario::Scenario::satellite_work`]: expected contact steps × (draws + budget),
//! plus the pass search). A satellite's passes do not depend on the other satellites, and the
//! draws of step k of the link between satellite i and station j are keyed (seed, i, j, k)
//! by the scenario's indices, never by the shard's, so the parts appended in satellite order
//! are the whole run's geometry and link statistics, bit for bit. The merge then runs the
//! weather stage (cloud timelines keyed by realization, combined with the per-step outage
//! probabilities, and site diversity across the stations of a satellite) and the
//! statistics over the whole run, in the order a single machine uses: the floating-point
//! sums are the same sums. The weather stage is cheap beside the fading draws (one
//! comparison per step and realization against `fading_samples` draws per step), so the
//! merge is a small fraction of the work; it needs the memory of the whole run's per-step
//! arrays, as a single machine would.
//!
//! **What a shard of a sweep computes.** Whole grid points: the points are taken in
//! geometry-group order (points that share a geometry stay together, so the geometry is
//! computed once per shard and group) and cut into contiguous runs of equal estimated work.
//! Every point's result is bit-identical to its result in the whole sweep (common random
//! numbers are keyed by the full scenario's indices), so the merge only gathers them.
//!
//! **The shard folder** holds `shard.json` (the manifest: format, oslink version, SHA-256 of
//! the executable, the inputs, SHA-256 of the built scenario, seed, K and N, what the shard
//! holds, its timings) and `shard.bin` (the results, postcard-encoded: every float kept
//! exactly). It is written like any output folder: into a staging folder beside the target,
//! swapped in at the end, so a killed or re-queued task leaves either no shard or a whole one.
//!
//! **The merge** ([`merge_shards`]) reads every manifest first and refuses, before reading
//! any result or writing anything: a folder that is not a shard, shards of another scenario
//! (its inputs are rebuilt and hashed: an element file that changed between the shards and
//! the merge is caught too), seed, shard count, kind or executable, a shard missing or given
//! twice.

mod inputs;
mod manifest;
mod merge;
mod partition;
mod slurm;

pub use inputs::ScenarioInputs;
pub use manifest::{
    executable_sha256, run_shard_satellites, sweep_shard_points, write_run_shard,
    write_sweep_shard, ShardKind, ShardManifest,
};
pub use merge::{merge_shards, read_manifests, Merged};
pub use partition::{Shard, MAX_SHARDS};
pub use slurm::SlurmJob;
