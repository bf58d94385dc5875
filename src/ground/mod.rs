//! Optical ground stations, horizon masks and the Luxembourg and Japan presets.
