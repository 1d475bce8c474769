//! The printed form of a layer, the same text `--layers` reads: required arguments positionally,
//! the others by name when they differ from their defaults (`conv2d(16, 5, padding=2)`).
use crate::spec::{arg::INFERRED, parse::value_text, ArgKind, LayerSpec};
use serde_json::Value;

impl LayerSpec {
    /// The layer as `--layers` text: required arguments positionally, the others by name when they
    /// differ from their defaults (`conv2d(16, 5, padding=2)`); [`parse_layers`](crate::spec::parse_layers)
    /// reads it back to the same layer.
    pub fn to_text(&self) -> String {
        let info = self.info();
        let stored = serde_json::to_value(self).unwrap_or_else(|e| panic!("layer specs serialise: {e}"));
        let mut args = Vec::new();
        for (index, arg) in info.args.iter().enumerate() {
            let Some(v) = stored.get(arg.name).filter(|v| !v.is_null()) else { continue };
            match (arg.kind, arg.default) {
                (ArgKind::Layers, _) => {
                    let layers: Vec<LayerSpec> = serde_json::from_value(v.clone()).unwrap_or_default();
                    args.extend(layers.iter().map(LayerSpec::to_text));
                }
                (_, None) => args.push(value(v)),
                // Positional while every argument before it was; by name after a skipped one.
                (_, Some(INFERRED)) if args.len() == index && !args.iter().any(|a| a.contains('=')) => {
                    args.push(value(v))
                }
                (_, Some(d)) if value_text(d).ok().as_ref() == Some(v) => {}
                (_, Some(_)) => args.push(format!("{}={}", arg.name, value(v))),
            }
        }
        match args.is_empty() {
            true => info.name.to_string(),
            false => format!("{}({})", info.name, args.join(", ")),
        }
    }
}

/// Joins layers the way `--layers` takes them.
pub fn layers_text(layers: &[LayerSpec]) -> String {
    layers.iter().map(LayerSpec::to_text).collect::<Vec<_>>().join(", ")
}

fn value(v: &Value) -> String {
    match v {
        Value::Array(xs) => format!("({})", xs.iter().map(value).collect::<Vec<_>>().join(", ")),
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::parse_layers;

    #[test]
    fn prints_what_it_reads_leaving_out_defaults() {
        for text in [
            "conv2d(16, 5, padding=2), relu, max_pool2d(2), flatten, linear(10)",
            "conv2d(4, (3, 1), stride=(2, 1), bias=false), leaky_relu(negative_slope=0.2)",
            "residual(conv2d(8, 3, padding=1), batch_norm2d, relu), dropout(p=0.25), linear(3, bias=false)",
        ] {
            assert_eq!(super::layers_text(&parse_layers(text).unwrap()), text);
        }
        let defaults = parse_layers("conv2d(16, 5, stride=1, padding=0), max_pool2d(2, stride=2)").unwrap();
        assert_eq!(super::layers_text(&defaults), "conv2d(16, 5), max_pool2d(2, stride=2)");
    }
}
