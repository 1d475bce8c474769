//! How an optimizer, solver or schedule describes its options once: a table of entries (name,
//! accepted range, one-line help, the field it sets) beside a plain serde struct whose `Default` is
//! torch's. Validation, CLI flags, `--help`, config keys and model files are all derived from it.
mod described;
mod hyper;
mod links;
mod option_family;
mod pair_range;
mod preset;
mod range;
mod required;
mod value;

pub use described::{Described, OptionInfo};
pub use hyper::{Field, Hyper};
pub use links::Links;
pub use option_family::OptionFamily;
pub use pair_range::PairRange;
pub(crate) use preset::DynPreset;
pub use preset::Preset;
pub use range::Range;
pub use required::Required;
pub use value::{Value, ValueKind};
