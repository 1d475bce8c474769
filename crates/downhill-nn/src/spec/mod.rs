//! Layer stacks described as data: torch's layer names and constructor arguments (input sizes
//! inferred), read from the `--layers` text, an architecture file or a model file, checked for
//! shape, printed back, and built (`Sequential::from_spec`).
mod arg;
mod build;
mod causality;
mod error;
mod inferred_sizes;
mod layer_kind;
pub mod layers;
mod pair;
mod parse;
mod reading;
mod registry;
mod shapes;
mod text;

pub use arg::{inferred, optional, required, ArgInfo, ArgKind, LayerInfo, INFERRED, NONE};
pub use causality::check_causal;
pub use error::SpecError;
pub use inferred_sizes::{with_outputs, with_vocabulary};
pub use layer_kind::LayerKind;
pub use pair::Pair;
pub use parse::parse_layers;
pub use reading::{read_stack, MAX_NESTING};
pub use registry::{layer_info, LayerSpec, LAYERS};
pub use shapes::{numel, output_shapes};
pub use text::layers_text;

pub(crate) use build::build_stack;
pub(crate) use reading::unknown_layer;
