//! Integration tests: the real CLI, reference data, invariants.

mod budget_cli;
mod passes;
mod plots;
mod sgp4_vallado;
