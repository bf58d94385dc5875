//! The REF link budget of docs/models.md, term by term.
//!
//! Shows the link part of the library: a `Transmitter`, a `Receiver` and a `Path`
//! (atmospheric, through a `Site`) make a `LinkBudget`; `evaluate` at a `LinkGeometry` gives a
//! `BudgetResult` with its named terms, the received power, the sensitivity, the margin and the
//! turbulence statistics. REF: 1 W at 1550 nm, Θ = 20 µrad, 0.4 m aperture, HV5/7, 1000 km
//! slant range at 30° elevation, 1000 photons/bit at 1 Gb/s.
//!
//! Run with `cargo run --release --example link_budget`.

use oslink::{Direction, FadingModel, LinkBudget, LinkGeometry, Path, Receiver, Site, Transmitter};

fn main() -> oslink::Result<()> {
    let downlink = Path::Atmospheric {
        site: Site::REF,
        direction: Direction::Downlink,
    };
    let budget = LinkBudget::new(&Transmitter::REF, &Receiver::REF, &downlink)?;
    let result = budget.evaluate(&LinkGeometry::ground(1000e3, 30f64.to_radians()))?;
    println!("REF downlink, 1000 km at 30° elevation");
    for term in result.terms() {
        println!("  {:<22} {:>9.2} dB", term.name, term.value_db);
    }
    println!(
        "  {:<22} {:>9.2} dBm",
        "received power", result.received_power_dbm
    );
    println!(
        "  {:<22} {:>9.2} dBm",
        "sensitivity", result.sensitivity_dbm
    );
    println!("  {:<22} {:>9.2} dB", "margin", result.margin_db);
    if let Some(t) = result.turbulence() {
        println!(
            "  Fried parameter r0     {:>9.2} cm",
            t.fried_parameter_m * 100.0
        );
        println!("  Rytov variance         {:>9.4}", t.rytov_variance);
        for model in FadingModel::ALL {
            println!(
                "  scintillation index, {:<12} {:.4}",
                model.name(),
                result.fading(model).scintillation_index()
            );
        }
    }
    Ok(())
}
