//! `max_pool2d(kernel_size, stride=kernel_size, padding=0)` and `avg_pool2d(...)`: torch's
//! `nn.MaxPool2d` and `nn.AvgPool2d` (zero-padded averages count the padding, torch's
//! `count_include_pad=True`; max pooling pads with −∞). Per-sample [C, H, W] → [C, OH, OW] with
//!   OH = ⌊(H + 2·padding − kernel) / stride⌋ + 1.   torch requires padding ≤ kernel / 2.
use crate::spec::layer_kind::{needs_image, shape_text};
use crate::spec::layers::conv2d::{sliding, zero};
use crate::spec::{optional, required, ArgInfo, ArgKind, LayerInfo, LayerKind, Pair};
use crate::{Module, Pool2d, PoolKind};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

const ARGS: &[ArgInfo] = &[
    required("kernel_size", ArgKind::Pair, "window height and width"),
    optional("stride", ArgKind::Pair, "kernel_size", "step between windows"),
    optional("padding", ArgKind::Pair, "0", "padding added on each side"),
];

macro_rules! pool_spec {
    ($spec:ident, $name:literal, $kind:expr, $help:literal) => {
        #[doc = concat!("`", $name, "(kernel_size, stride=kernel_size, padding=0)`: ", $help, ", a [`Pool2d`] layer.")]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct $spec {
            /// (kh, kw): the window's height and width.
            pub kernel_size: Pair,
            /// Step between windows; `None`: the kernel size (torch's default).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub stride: Option<Pair>,
            /// Padding on each side, at most half the kernel (torch's default 0).
            #[serde(default = "zero")]
            pub padding: Pair,
        }

        impl $spec {
            /// The kernel, stride (resolved) and padding.
            pub fn window(&self) -> Window {
                Window {
                    kernel: self.kernel_size,
                    stride: self.stride.unwrap_or(self.kernel_size),
                    padding: self.padding,
                }
            }
        }

        impl LayerKind for $spec {
            const INFO: LayerInfo = LayerInfo { name: $name, help: $help, args: ARGS };
            fn check(&self) -> Result<(), String> {
                self.window().check()
            }
            fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
                self.window().output_shape(input)
            }
            fn build(&self, _input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
                Box::new(Pool2d::new($kind, self.window()))
            }
        }
    };
}

pool_spec!(MaxPool2dSpec, "max_pool2d", PoolKind::Max, "2-D max pooling over [C, H, W]");
pool_spec!(AvgPool2dSpec, "avg_pool2d", PoolKind::Avg, "2-D average pooling over [C, H, W]");

/// A pooling window with its stride resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// (kh, kw): the window's height and width.
    pub kernel: Pair,
    /// Step between windows.
    pub stride: Pair,
    /// Padding on each side.
    pub padding: Pair,
}

impl Window {
    fn check(&self) -> Result<(), String> {
        if self.kernel.0.min(self.kernel.1) == 0 || self.stride.0.min(self.stride.1) == 0 {
            return Err("`kernel_size` and `stride` must be at least 1".into());
        }
        match 2 * self.padding.0 <= self.kernel.0 && 2 * self.padding.1 <= self.kernel.1 {
            true => Ok(()),
            false => Err(format!(
                "`padding` = {} must be at most half of kernel_size = {}",
                self.padding, self.kernel
            )),
        }
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        let &[c, h, w] = input else { return Err(needs_image(input)) };
        let fit = |r: Result<usize, String>| {
            r.map_err(|e| format!("kernel {}: {e} (input {})", self.kernel, shape_text(input)))
        };
        let oh = fit(sliding(h, self.kernel.0, self.stride.0, self.padding.0, 1))?;
        let ow = fit(sliding(w, self.kernel.1, self.stride.1, self.padding.1, 1))?;
        Ok(vec![c, oh, ow])
    }
}
