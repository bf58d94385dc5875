//! Element sources (TLE, 3LE, OMM, planned mean elements) and the SGP4 propagator.
