//! Numerical building blocks shared by the channel models: the standard normal distribution
//! (Φ, ln Φ, Φ⁻¹, bivariate Φ2), the regularized incomplete gamma function P(a, x), the
//! first-order Marcum Q function, quadrature rules and Brent's minimiser.
//!
//! Each function is written once here; the physics modules cite their models beside the code
//! and call these. Sources are in each submodule: fdlibm/`libm` and `puruspe` (libcerf port)
//! for erfc, erfcx and erfc⁻¹; Plackett (1954) for Φ2; Shnidman (1989) for Marcum Q;
//! Abramowitz & Stegun ch. 25 for Gauss–Legendre; Lyness (1969) for adaptive Simpson.

mod gamma;
mod marcum;
mod minimize;
mod normal;
mod quadrature;

pub(crate) use gamma::gamma_p;
pub(crate) use marcum::marcum_q1;
pub(crate) use minimize::minimize;
pub(crate) use normal::{bivariate_norm_cdf, ln_norm_cdf, norm_cdf, norm_quantile};
pub(crate) use quadrature::{gauss_legendre, integrate};
