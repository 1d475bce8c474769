//! `conv2d(out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=true)`:
//! torch's `nn.Conv2d`, input channels inferred. Per-sample shapes [C, H, W] → [O, OH, OW] with
//!   OH = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1   (and likewise OW)
//! Weight [O, C/groups, kh, kw] and bias [O] drawn as torch does, U(−1/sqrt(fan_in), 1/sqrt(fan_in))
//! with fan_in = C/groups·kh·kw.
use crate::spec::layer_kind::{needs_image, shape_text};
use crate::spec::{layers::linear::yes, optional, required, ArgKind, LayerInfo, LayerKind, Pair};
use crate::{Conv2d, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `conv2d(out_channels, kernel_size, ...)`: a [`Conv2d`] layer, the input channels inferred.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conv2dSpec {
    /// O: output channels; `groups` must divide it.
    pub out_channels: usize,
    /// (kh, kw): the kernel's height and width.
    pub kernel_size: Pair,
    /// Step between windows (torch's default 1).
    #[serde(default = "one")]
    pub stride: Pair,
    /// Zeros added on each side (torch's default 0).
    #[serde(default = "zero")]
    pub padding: Pair,
    /// Spacing between kernel elements (torch's default 1).
    #[serde(default = "one")]
    pub dilation: Pair,
    /// Channel groups convolved separately; divides both channel counts (torch's default 1).
    #[serde(default = "groups")]
    pub groups: usize,
    /// Learn a bias per output channel (torch's default true).
    #[serde(default = "yes")]
    pub bias: bool,
}

pub(crate) fn one() -> Pair {
    Pair::square(1)
}
pub(crate) fn zero() -> Pair {
    Pair::square(0)
}
fn groups() -> usize {
    1
}

/// ⌊(size + 2·padding − span) / stride⌋ + 1 where span = dilation·(kernel − 1) + 1, or why the
/// window does not fit.
pub(crate) fn sliding(
    size: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
    dilation: usize,
) -> Result<usize, String> {
    // Checked: sizes near usize::MAX would wrap to a small, plausible answer.
    let overflow = || {
        format!("a window of dilation {dilation} and kernel {kernel} with padding {padding} is too large to compute with: give smaller sizes")
    };
    let span = kernel.checked_sub(1).and_then(|k| dilation.checked_mul(k)).and_then(|s| s.checked_add(1));
    let padded = padding.checked_mul(2).and_then(|p| p.checked_add(size));
    let (Some(span), Some(padded)) = (span, padded) else { return Err(overflow()) };
    match padded >= span {
        true => Ok((padded - span) / stride + 1),
        false => Err(format!("a window of {span} does not fit an input of {size} with padding {padding}")),
    }
}

impl LayerKind for Conv2dSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "conv2d",
        help: "2-D convolution over [C, H, W] (cross-correlation, as torch)",
        args: &[
            required("out_channels", ArgKind::Count, "output channels"),
            required("kernel_size", ArgKind::Pair, "window height and width"),
            optional("stride", ArgKind::Pair, "1", "step between windows"),
            optional("padding", ArgKind::Pair, "0", "zeros added on each side"),
            optional("dilation", ArgKind::Pair, "1", "spacing between kernel elements"),
            optional("groups", ArgKind::Count, "1", "channel groups convolved separately"),
            optional("bias", ArgKind::Flag, "true", "learn an additive bias per output channel"),
        ],
    };
    fn check(&self) -> Result<(), String> {
        let positive = [
            ("out_channels", self.out_channels),
            ("kernel_size", self.kernel_size.0.min(self.kernel_size.1)),
            ("stride", self.stride.0.min(self.stride.1)),
            ("dilation", self.dilation.0.min(self.dilation.1)),
            ("groups", self.groups),
        ];
        if let Some((name, _)) = positive.iter().find(|(_, v)| *v == 0) {
            return Err(format!("`{name}` must be at least 1"));
        }
        match self.out_channels % self.groups {
            0 => Ok(()),
            _ => Err(format!("`groups` = {} must divide out_channels = {}", self.groups, self.out_channels)),
        }
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        let &[c, h, w] = input else { return Err(needs_image(input)) };
        if c % self.groups != 0 {
            return Err(format!("`groups` = {} must divide the input's {c} channels", self.groups));
        }
        let oh = sliding(h, self.kernel_size.0, self.stride.0, self.padding.0, self.dilation.0);
        let ow = sliding(w, self.kernel_size.1, self.stride.1, self.padding.1, self.dilation.1);
        let fit = |r: Result<usize, String>| {
            r.map_err(|e| format!("kernel {}: {e} (input {})", self.kernel_size, shape_text(input)))
        };
        Ok(vec![self.out_channels, fit(oh)?, fit(ow)?])
    }
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        Box::new(Conv2d::new(input[0], self, rng))
    }
}
