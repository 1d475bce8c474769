//! Convolution and pooling over [N, C, H, W] (NCHW, as downhill and torch lay images out):
//!   conv2d               → Conv(W [O, C/groups, kh, kw], b [O]; strides, pads, dilations, group)
//!   max_pool2d           → MaxPool (padding never wins the max, as downhill pads with −∞)
//!   avg_pool2d           → AveragePool(count_include_pad = 1: padded zeros count, torch's default)
//!   adaptive_avg_pool2d  y = P_h · x · P_wᵀ, two MatMuls with constant averaging matrices:
//!                        P_h[i, r] = 1/|bin i| for rows r in bin i = ⌊i·H/oh⌋ .. ⌈(i+1)·H/oh⌉
//!                        (torch's bins, which may overlap), and likewise P_w over the columns.
//! ONNX pads list the starts then the ends: [top, left, bottom, right].
use crate::attr::{self, i64s};
use crate::graph::Graph;
use crate::params::Params;
use downhill_nn::spec::layers::{Conv2dSpec, Window};
use downhill_nn::spec::Pair;

fn pads(p: Pair) -> Vec<i64> {
    i64s(&[p.0, p.1, p.0, p.1])
}

fn pair(p: Pair) -> Vec<i64> {
    i64s(&[p.0, p.1])
}

/// torch's `nn.Conv2d`: `weight` [O, C/groups, kh, kw] and `bias` [O].
pub(crate) fn conv2d(
    g: &mut Graph,
    p: &Params,
    s: &Conv2dSpec,
    x: &str,
    input: &[usize],
) -> Result<String, String> {
    let (kh, kw) = s.kernel_size.tuple();
    let weight = p.get("weight", &[s.out_channels, input[0] / s.groups, kh, kw])?;
    let bias = p.optional("bias", &[s.out_channels], s.bias)?;
    let w = g.tensor("weight", weight);
    let mut inputs = vec![x.to_string(), w];
    inputs.extend(bias.map(|b| g.tensor("bias", b)));
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let attributes = vec![
        attr::ints("kernel_shape", &pair(s.kernel_size)),
        attr::ints("strides", &pair(s.stride)),
        attr::ints("pads", &pads(s.padding)),
        attr::ints("dilations", &pair(s.dilation)),
        attr::int("group", s.groups as i64),
    ];
    Ok(g.op("Conv", &inputs, attributes))
}

/// Max or average pooling over `window`.
pub(crate) fn pool(g: &mut Graph, x: &str, window: Window, max: bool) -> String {
    let mut attributes = vec![
        attr::ints("kernel_shape", &pair(window.kernel)),
        attr::ints("strides", &pair(window.stride)),
        attr::ints("pads", &pads(window.padding)),
    ];
    match max {
        true => g.op("MaxPool", &[x], attributes),
        false => {
            attributes.push(attr::int("count_include_pad", 1));
            g.op("AveragePool", &[x], attributes)
        }
    }
}

/// The [bins, size] matrix averaging `size` positions into `bins` adaptive bins.
fn averaging(size: usize, bins: usize) -> Vec<f32> {
    let mut m = vec![0.0; bins * size];
    for i in 0..bins {
        let (start, end) = (i * size / bins, ((i + 1) * size).div_ceil(bins));
        let w = 1.0 / (end - start) as f32;
        m[i * size + start..i * size + end].iter_mut().for_each(|v| *v = w);
    }
    m
}

/// torch's `nn.AdaptiveAvgPool2d(output)` on per-sample [C, H, W].
pub(crate) fn adaptive_avg_pool2d(g: &mut Graph, x: &str, input: &[usize], output: Pair) -> String {
    let (h, w, (oh, ow)) = (input[1], input[2], output.tuple());
    let rows = g.floats("rows", &[oh, h], &averaging(h, oh));
    let cols = averaging(w, ow);
    let cols_t: Vec<f32> = (0..w * ow).map(|k| cols[(k % ow) * w + k / ow]).collect();
    let cols_t = g.floats("cols", &[w, ow], &cols_t);
    let y = g.op("MatMul", &[&rows, x], vec![]);
    g.op("MatMul", &[&y, &cols_t], vec![])
}

#[cfg(test)]
mod tests {
    use super::averaging;

    #[test]
    fn adaptive_bins_overlap_as_torchs() {
        // 5 rows into 3 bins: 0..2, 1..4, 3..5 (⌊5i/3⌋ .. ⌈5(i+1)/3⌉); weights 1/2, 1/3, 1/2.
        let m = averaging(5, 3);
        let (h, t) = (0.5, 1.0 / 3.0);
        let want = [h, h, 0.0, 0.0, 0.0, 0.0, t, t, t, 0.0, 0.0, 0.0, 0.0, h, h];
        downhill_testing::assert_close("P_h", &m, &want, 1e-7);
    }
}
