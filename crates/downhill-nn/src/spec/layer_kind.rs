//! What every kind of layer tells the registry: its description (name, arguments, defaults, help),
//! the range checks its arguments need beyond their kinds, how its per-sample output shape follows
//! from its input shape, and how it builds. Shapes here leave out the batch dimension: an image
//! batch `[N, C, H, W]` has the per-sample shape `[C, H, W]`.
use crate::spec::LayerInfo;
use crate::Module;
use downhill_tensor::Rng;

/// One kind of layer in a description (`linear`, `conv2d`, ...): the arguments it takes, their
/// checks, its shape rule and how it builds. Each `spec/layers/*.rs` file implements it for one
/// argument struct; [`LayerSpec`](crate::spec::LayerSpec) dispatches to them.
pub trait LayerKind {
    /// Its name, arguments (torch's names, kinds, defaults) and help, for parsing, printing and
    /// `--help`.
    const INFO: LayerInfo;

    /// Why the arguments are out of range, if they are (e.g. a dropout `p` above 1).
    fn check(&self) -> Result<(), String> {
        Ok(())
    }

    /// The per-sample output shape for a per-sample `input`, or why the input does not fit
    /// ("needs a [C, H, W] input, got `[1568]`").
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String>;

    /// The layer for a per-sample `input` (already checked by `output_shape`), drawing its initial
    /// weights from `rng` with torch's default initialisation.
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module>;

    /// Why an output step of a sequence `input` [T, ...] can depend on later input steps, and what
    /// to write instead, if it can (`causality.rs`). Layers that act on each step alone keep this
    /// default.
    fn looks_ahead(&self, _input: &[usize]) -> Option<String> {
        None
    }
}

/// `[a, b, c]`, the way shapes are written in messages.
pub(crate) fn shape_text(dims: &[usize]) -> String {
    downhill_tensor::Shape::from(dims).to_string()
}

/// The error for a layer that needs images.
pub(crate) fn needs_image(input: &[usize]) -> String {
    format!(
        "needs a [C, H, W] input, got {} (a table's rows take that shape with train's --input-shape C,H,W)",
        shape_text(input)
    )
}
