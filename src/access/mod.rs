//! Pass search (AOS, TCA, LOS) and visibility constraints (elevation mask, Sun exclusion).
