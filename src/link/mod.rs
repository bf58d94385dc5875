//! Terminals (transmitter, receiver), the path between them (atmospheric or vacuum) and the
//! deterministic link budget.

mod budget;
mod detection;
mod path;
mod terminal;

pub use budget::{
    slant_range_m, AtmosphericTerms, BudgetResult, BudgetTerm, Collection, LinkBudget, PathTerms,
    TurbulenceStats,
};
pub use detection::{
    fibre_coupling_efficiency, mcintyre_excess_noise, CoherentModulation, CoherentReceiver,
    DetectionModel, DirectDetection, NoiseTerms, PpmReceiver,
};
pub use path::{Direction, FadingModel, LinkGeometry, Path, Site};
pub use terminal::{Divergence, Receiver, Sensitivity, Transmitter};
