//! Terminals (transmitter, receiver) and the deterministic link budget.
