//! Preprocessing: scaling, one-hot encoding, missing values; fitted once, applied to any table.
pub(crate) mod feature;
mod missing;
mod prepared;
mod preprocessor;
mod scale;

pub use feature::FeatureEncoder;
pub use missing::MissingPolicy;
pub use prepared::Prepared;
pub use preprocessor::{PreprocessOptions, Preprocessor};
pub(crate) use scale::Summary;
pub use scale::{Affine, Scale};
