//! Integration tests: the real CLI, reference data, invariants.

mod budget_cli;
mod cli_passes;
mod passes;
mod sgp4_vallado;
mod sweep;
