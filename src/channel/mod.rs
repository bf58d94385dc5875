//! The optical channel: clear-sky atmosphere, turbulence, fading distributions, pointing error.
