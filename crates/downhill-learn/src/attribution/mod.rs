//! Gradient-based feature importance: per-row attributions with captum's methods (`attribute.rs`),
//! their settings (`settings.rs`), the quadrature integrated gradients uses (`gauss_legendre.rs`),
//! per-column importance (`importance.rs`) and feature selection by it (`selection.rs`).
mod attribute;
mod gauss_legendre;
mod importance;
mod selection;
mod settings;

pub use attribute::Attributions;
pub use gauss_legendre::gauss_legendre;
pub use importance::{ColumnAttributions, Importance};
pub use selection::{select_features, Selection};
pub use settings::{AttributionSettings, Baseline, Method, ATTRIBUTION_OPTIONS};
