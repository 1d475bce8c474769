//! A layer stack written layer by layer: per-sample shapes come from the description
//! (`output_shapes`), parameters from the state dict under `{prefix}.{i}`, each layer in its own
//! graph scope. A residual block writes its body as a sub-stack (`{prefix}.{i}.body`) and adds
//! the shortcut: the input itself, or the projection its description implies (`projection.*`).
use crate::activation_kind::activation_of;
use crate::graph::Graph;
use crate::layers::recurrent::Recurrence;
use crate::layers::{activation, attention, conv, dense, norm, recurrent, sequence, transformer};
use crate::params::Params;
use crate::ExportError;
use downhill_nn::spec::layers::{MultiheadAttentionSpec, ResidualSpec};
use downhill_nn::spec::{output_shapes, LayerSpec};
use downhill_tensor::Tensor;
use std::collections::BTreeMap;

/// `layers` on `x` ([N, ...input]), parameters named `{prefix}.{i}.*` in `state`; the output value.
pub(crate) fn export_stack(
    g: &mut Graph,
    state: &BTreeMap<String, Tensor>,
    layers: &[LayerSpec],
    input: &[usize],
    prefix: &str,
    x: &str,
) -> Result<String, ExportError> {
    let shapes = output_shapes(layers, input)?;
    let inputs = std::iter::once(input).chain(shapes.iter().map(Vec::as_slice));
    let mut x = x.to_string();
    for (i, (layer, input)) in layers.iter().zip(inputs).enumerate() {
        let scope = format!("{prefix}.{i}");
        g.set_scope(&scope);
        let p = Params::new(state, &scope);
        x = match layer {
            LayerSpec::Residual(r) => residual(g, &p, r, &x, input)?,
            _ => export_layer(g, &p, layer, &x, input).map_err(|problem| ExportError::Layer {
                at: format!("{} #{} ({scope})", layer.name(), i + 1),
                problem,
            })?,
        };
    }
    Ok(x)
}

/// One layer other than a residual block.
fn export_layer(
    g: &mut Graph,
    p: &Params,
    layer: &LayerSpec,
    x: &str,
    input: &[usize],
) -> Result<String, String> {
    if let Some(a) = activation_of(layer) {
        return Ok(activation::activation(g, x, a));
    }
    match layer {
        LayerSpec::Linear(s) => dense::linear(g, p, s, x, input),
        LayerSpec::Flatten(_) => Ok(dense::flatten(g, x, input)),
        LayerSpec::Reparameterize(_) => Ok(dense::reparameterize(g, x, input)),
        LayerSpec::Dropout(_) => Ok(x.to_string()),
        LayerSpec::Conv2d(s) => conv::conv2d(g, p, s, x, input),
        LayerSpec::MaxPool2d(s) => Ok(conv::pool(g, x, s.window(), true)),
        LayerSpec::AvgPool2d(s) => Ok(conv::pool(g, x, s.window(), false)),
        LayerSpec::AdaptiveAvgPool2d(s) => Ok(conv::adaptive_avg_pool2d(g, x, input, s.output_size)),
        LayerSpec::BatchNorm1d(s) => norm::batch_norm(g, p, x, input, s.eps, s.affine),
        LayerSpec::BatchNorm2d(s) => norm::batch_norm(g, p, x, input, s.eps, s.affine),
        LayerSpec::LayerNorm(s) => norm::layer_norm(g, p, s, x, input),
        LayerSpec::Rnn(s) => recurrent::recurrent(g, p, Recurrence::rnn(s), x, input),
        LayerSpec::Lstm(s) => recurrent::recurrent(g, p, Recurrence::lstm(s), x, input),
        LayerSpec::Gru(s) => recurrent::recurrent(g, p, Recurrence::gru(s), x, input),
        LayerSpec::Embedding(s) => sequence::embedding(g, p, s, x),
        LayerSpec::PositionalEmbedding(_) => sequence::positional_embedding(g, p, x, input),
        LayerSpec::PositionalEncoding(_) => Ok(sequence::positional_encoding(g, x, input)),
        LayerSpec::MultiheadAttention(MultiheadAttentionSpec { num_heads, causal, bias, .. }) => {
            let heads = attention::Heads { heads: *num_heads, causal: *causal, bias: *bias };
            attention::self_attention(g, p, x, input, heads)
        }
        LayerSpec::TransformerEncoderLayer(s) => transformer::encoder_layer(g, p, s, x, input),
        other => Err(format!("no ONNX form is written for `{}` layers", other.name())),
    }
}

/// y = body(x) + shortcut(x).
fn residual(
    g: &mut Graph,
    p: &Params,
    r: &ResidualSpec,
    x: &str,
    input: &[usize],
) -> Result<String, ExportError> {
    let scope = p.prefix().to_string();
    let body = export_stack(g, p.state(), &r.layers, input, &format!("{scope}.body"), x)?;
    let output = output_shapes(&r.layers, input)?.last().cloned().unwrap_or_else(|| input.to_vec());
    let projection = r
        .projection(input, &output)
        .map_err(|problem| ExportError::Layer { at: format!("residual ({scope})"), problem })?;
    let shortcut = match projection {
        Some(projection) => {
            let at = format!("{scope}.projection");
            g.set_scope(&at);
            export_layer(g, &p.child("projection"), &projection, x, input).map_err(|problem| {
                ExportError::Layer { at: format!("residual projection ({at})"), problem }
            })?
        }
        None => x.to_string(),
    };
    g.set_scope(&scope);
    Ok(g.op("Add", &[&body, &shortcut], vec![]))
}
