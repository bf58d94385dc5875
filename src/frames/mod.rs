//! Reference frames: TEME → ECEF through GMST, WGS-84 geodetic, topocentric look angles, Sun.
