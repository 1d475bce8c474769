//! Gradient-based feature importance: per-row attributions with captum's methods (`attribute.rs`),
//! their settings (`settings.rs`), the quadrature integrated gradients uses (`gauss_legendre.rs`),
//! and per-column importance (`importance.rs`).
mod attribute;
mod gauss_legendre;
mod importance;
mod settings;

pub use attribute::Attributions;
pub use gauss_legendre::gauss_legendre;
pub use importance::{ColumnAttributions, Importance};
pub use settings::{AttributionSettings, Baseline, Method, ATTRIBUTION_OPTIONS};
