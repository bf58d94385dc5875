//! How the library reports progress on long work: a trait the caller implements (the CLI
//! wraps a terminal progress bar in it); `()` reports nothing.

/// A sink for progress reports. Called from worker threads, so it must be `Sync`; every
/// method has a do-nothing default.
pub trait Progress: Sync {
    /// The total number of units the work will count (link steps, grid points).
    fn set_length(&self, _units: u64) {}
    /// `units` more units are done.
    fn advance(&self, _units: u64) {}
    /// What the work is doing now ("geometry", "weather").
    fn set_stage(&self, _stage: &str) {}
}

/// No progress reports.
impl Progress for () {}
