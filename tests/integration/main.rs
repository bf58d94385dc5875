//! Integration tests: the real CLI, reference data, invariants.

mod bad_input;
mod broken_pipe;
mod budget_cli;
mod cli_passes;
mod common;
mod conventions;
mod crosslinks;
mod engine;
mod frames;
mod golden;
mod hardening_numeric;
mod known_defects;
mod layering;
mod links;
mod outputs;
mod outputs_doc;
mod passes;
mod plots;
mod relays;
mod run_cli;
mod sgp4_vallado;
mod shards;
mod skyfield;
mod slurm;
mod sweep;
mod telescopes;
