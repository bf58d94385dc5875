//! Monte Carlo machinery: counter-based random streams (and, later, the availability engine).
