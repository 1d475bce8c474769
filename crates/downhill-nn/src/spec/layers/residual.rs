//! `residual(layers...)`: y = body(x) + shortcut(x). The shortcut is the identity when the body
//! keeps the shape; otherwise a projection (He et al. 2016, option B): a 1×1 `conv2d(O, 1,
//! stride=s, bias=false)` for images, s = ⌈H / OH⌉, or `linear(out, bias=false)` for vectors.
//! Parameters are named `body.{i}.*` and `projection.weight`.
use crate::spec::layer_kind::shape_text;
use crate::spec::layers::{Conv2dSpec, LinearSpec};
use crate::spec::{build_stack, output_shapes, required, ArgKind, LayerInfo, LayerKind, LayerSpec, Pair};
use crate::{Module, Residual};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `residual(layers...)`: a [`Residual`] block around the sub-stack `layers`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResidualSpec {
    /// The body, applied in order; its output shape decides the shortcut (identity or projection).
    pub layers: Vec<LayerSpec>,
}

impl ResidualSpec {
    /// The projection the shortcut needs from `input` to the body's `output`, if any (its
    /// parameters are named `projection.*`; the ONNX export writes it from this description).
    pub fn projection(&self, input: &[usize], output: &[usize]) -> Result<Option<LayerSpec>, String> {
        if input == output {
            return Ok(None);
        }
        let mismatch = || {
            format!(
                "the body maps {} to {}, which no projection joins",
                shape_text(input),
                shape_text(output)
            )
        };
        match (input, output) {
            (&[_, h, w], &[o, oh, ow]) => {
                // The smallest stride giving ⌊(H − 1)/s⌋ + 1 = OH (9 → 5 takes s = 2); if it
                // misses, no stride does.
                let (sh, sw) = (h.div_ceil(oh), w.div_ceil(ow));
                if (h - 1) / sh + 1 != oh || (w - 1) / sw + 1 != ow {
                    return Err(mismatch());
                }
                Ok(Some(LayerSpec::Conv2d(Conv2dSpec {
                    out_channels: o,
                    kernel_size: Pair::square(1),
                    stride: Pair(sh, sw),
                    padding: Pair::square(0),
                    dilation: Pair::square(1),
                    groups: 1,
                    bias: false,
                })))
            }
            (&[_], &[o]) => Ok(Some(LayerSpec::Linear(LinearSpec { out_features: Some(o), bias: false }))),
            _ => Err(mismatch()),
        }
    }
}

impl LayerKind for ResidualSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "residual",
        help: "a sub-stack plus its input (projected by a 1×1 convolution when the shapes differ)",
        args: &[required("layers", ArgKind::Layers, "the sub-stack")],
    };
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        let shapes = output_shapes(&self.layers, input).map_err(|e| format!("> {e}"))?;
        let output = shapes.last().cloned().unwrap_or_else(|| input.to_vec());
        self.projection(input, &output)?;
        Ok(output)
    }
    fn looks_ahead(&self, input: &[usize]) -> Option<String> {
        crate::spec::check_causal(&self.layers, input).err().map(|e| e.to_string())
    }
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        let body = build_stack(&self.layers, input, rng, "body").unwrap_or_else(|e| panic!("checked: {e}"));
        let output = self.output_shape(input).unwrap_or_else(|e| panic!("checked: {e}"));
        let projection = self.projection(input, &output).unwrap_or_else(|e| panic!("checked: {e}"));
        let mut projection = projection.map(|p| p.build(input, rng));
        if let Some(p) = projection.as_mut() {
            p.prefix_names("projection");
        }
        Box::new(Residual::new(body, projection))
    }
}
