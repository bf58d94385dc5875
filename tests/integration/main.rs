//! Integration tests: the real CLI, reference data, invariants.
mod sgp4_vallado;
