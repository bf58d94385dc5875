//! Integration tests: the real CLI, reference data, invariants.
mod passes;
