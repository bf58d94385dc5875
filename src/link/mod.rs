//! Terminals (transmitter, receiver), the path between them (atmospheric or vacuum) and the
//! deterministic link budget.

mod budget;
mod detection;
mod path;
mod ranges;
mod terminal;

pub use budget::{
    slant_range_m, AtmosphericTerms, BackgroundSource, BudgetResult, BudgetTerm, Collection,
    LinkBudget, PathTerms, ReceiverTerms, TurbulenceStats, UplinkBeam, BLINDED_SENSITIVITY_W,
};
pub(crate) use detection::check_ionization_ratio;
pub use detection::{
    fibre_coupling_efficiency, mcintyre_excess_noise, CoherentModulation, CoherentReceiver,
    DetectionModel, DirectDetection, NoiseTerms, PpmReceiver,
};
pub use path::{Direction, FadingModel, LinkGeometry, Path, Site, SunAngles};
pub use terminal::{
    BackgroundFilter, DetectionSpec, Divergence, Receiver, Sensitivity, Transmitter,
};
