//! `adaptive_avg_pool2d(output_size)`: torch's `nn.AdaptiveAvgPool2d`, averaging [C, H, W] into
//! [C, oh, ow] bins; bin i spans rows ⌊i·H/oh⌋ .. ⌈(i+1)·H/oh⌉ (bins may overlap).
use crate::spec::layer_kind::needs_image;
use crate::spec::{required, ArgKind, LayerInfo, LayerKind, Pair};
use crate::{layers::AdaptiveAvgPool2d, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `adaptive_avg_pool2d(output_size)`: averages each channel into a fixed grid of bins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdaptiveAvgPool2dSpec {
    /// (oh, ow), the output's height and width (torch's `output_size`); at least 1 each.
    pub output_size: Pair,
}

impl LayerKind for AdaptiveAvgPool2dSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "adaptive_avg_pool2d",
        help: "average pooling to a fixed output height and width",
        args: &[required("output_size", ArgKind::Pair, "output height and width")],
    };
    fn check(&self) -> Result<(), String> {
        match self.output_size.0.min(self.output_size.1) {
            0 => Err("`output_size` must be at least 1".into()),
            _ => Ok(()),
        }
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        let &[c, _, _] = input else { return Err(needs_image(input)) };
        Ok(vec![c, self.output_size.0, self.output_size.1])
    }
    fn build(&self, _input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
        Box::new(AdaptiveAvgPool2d { output: self.output_size.tuple() })
    }
}
