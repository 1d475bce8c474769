//! 2-D convolution layer, torch's `nn.Conv2d`: x [N, C, H, W], weight [O, C/groups, kh, kw],
//! bias [O] → y [N, O, OH, OW] (the op and its backward: `downhill-autograd`'s `conv2d`).
//! Initialised as torch: weight and bias U(−1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = C/groups·kh·kw.
use crate::spec::layers::Conv2dSpec;
use crate::{Ctx, Init, Module};
use downhill_autograd::{Conv2d as Geometry, Param, ParamRole, Var};
use downhill_tensor::Rng;

/// A 2-D convolution layer, torch's `nn.Conv2d`: [N, C, H, W] → [N, O, OH, OW].
#[derive(Debug, Clone)]
pub struct Conv2d {
    /// The kernels [O, C/groups, kh, kw].
    pub weight: Param,
    /// One bias per output channel, `[O]`; `None` when the description says `bias=false`.
    pub bias: Option<Param>,
    geometry: Geometry,
}

impl Conv2d {
    /// A convolution of `in_channels` input channels with the kernel, stride, padding, dilation,
    /// groups and bias of `spec`, drawn from `rng` as torch initialises it. `spec.groups` must
    /// divide `in_channels` (the description checks it before building).
    pub fn new(in_channels: usize, spec: &Conv2dSpec, rng: &mut Rng) -> Conv2d {
        let (kh, kw) = spec.kernel_size.tuple();
        let per_group = in_channels / spec.groups;
        let fan_in = per_group * kh * kw;
        let fan_out = spec.out_channels / spec.groups * kh * kw;
        let shape = [spec.out_channels, per_group, kh, kw];
        let weight = Param::with_role(
            "weight",
            ParamRole::Weight,
            Init::TorchLinear.sample(shape, fan_in, fan_out, rng),
        );
        let bias = spec.bias.then(|| {
            let b = Init::TorchLinear.sample([spec.out_channels], fan_in, fan_out, rng);
            Param::with_role("bias", ParamRole::Bias, b)
        });
        let geometry = Geometry {
            stride: spec.stride.tuple(),
            padding: spec.padding.tuple(),
            dilation: spec.dilation.tuple(),
            groups: spec.groups,
        };
        Conv2d { weight, bias, geometry }
    }
}

impl Module for Conv2d {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        x.conv2d(cx.param(&self.weight), self.bias.as_ref().map(|b| cx.param(b)), self.geometry)
    }
    fn params(&self) -> Vec<&Param> {
        std::iter::once(&self.weight).chain(self.bias.as_ref()).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        std::iter::once(&mut self.weight).chain(self.bias.as_mut()).collect()
    }
    fn describe(&self) -> String {
        let d = self.weight.value.dims();
        format!("Conv2d({} -> {}, {}x{})", d[1] * self.geometry.groups, d[0], d[2], d[3])
    }
}
