//! Reading a stored layer stack (a model file's JSON, an architecture file's TOML, or the layer
//! text after `parse.rs` has named its arguments), checked against the layers' tables so every
//! mistake is one line naming the layer, its position, and what it accepts.
use crate::spec::{
    arg::{INFERRED, NONE},
    error::position,
    layer_info, ArgInfo, ArgKind, LayerInfo, LayerSpec, SpecError, LAYERS,
};
use serde_json::Value;

/// How deep sub-stacks may nest (`residual(residual(...))`): far beyond any real network, and
/// well within what the readers of a model file (serde_json stops at 128 levels) and the
/// recursive reading and building here handle.
pub const MAX_NESTING: usize = 16;

/// Reads each layer object of a stack; `within` prefixes positions of a nested stack
/// (`residual #5 > `, one ` > ` per level).
pub fn read_stack(objects: &[Value], within: &str) -> Result<Vec<LayerSpec>, SpecError> {
    if objects.is_empty() {
        return Err(SpecError::new(format!("{within}layers"), "no layers given"));
    }
    if within.matches(" > ").count() > MAX_NESTING {
        let problem = format!("sub-stacks nest more than {MAX_NESTING} deep: flatten the description");
        return Err(SpecError::new(within.trim_end_matches(" > "), problem));
    }
    objects.iter().enumerate().map(|(i, v)| read_layer(v, i, within)).collect()
}

fn read_layer(value: &Value, index: usize, within: &str) -> Result<LayerSpec, SpecError> {
    let obj = value.as_object().ok_or_else(|| {
        SpecError::new(format!("{within}layer #{}", index + 1), "expected a table with a `type`")
    })?;
    let name = obj.get("type").and_then(Value::as_str).ok_or_else(|| {
        SpecError::new(format!("{within}layer #{}", index + 1), "has no `type` naming the layer")
    })?;
    let info = layer_info(name).ok_or_else(|| {
        let e = unknown_layer(name, index);
        SpecError::new(format!("{within}{}", e.at), e.problem)
    })?;
    let at = format!("{within}{}", position(name, index));
    for (key, v) in obj.iter().filter(|(k, _)| k.as_str() != "type") {
        let arg = info.arg(key).ok_or_else(|| {
            SpecError::new(&at, format!("unknown argument `{key}`; it takes {}", info.signature()))
        })?;
        check_kind(arg, v, &at)?;
    }
    if let Some(missing) = info.args.iter().find(|a| a.default.is_none() && !obj.contains_key(a.name)) {
        return Err(SpecError::new(&at, format!("`{}` is required: {}", missing.name, info.signature())));
    }
    let spec: LayerSpec =
        serde_json::from_value(value.clone()).map_err(|e| SpecError::new(&at, e.to_string()))?;
    spec.check().map_err(|problem| SpecError::new(&at, problem))?;
    Ok(spec)
}

/// Checks that `v` is the kind of value `arg` takes; sub-stacks are read here, with nested positions.
fn check_kind(arg: &ArgInfo, v: &Value, at: &str) -> Result<(), SpecError> {
    if v.is_null() && matches!(arg.default, Some(NONE | INFERRED)) {
        return Ok(());
    }
    let count = |v: &Value| v.as_u64().is_some();
    let fits = match arg.kind {
        ArgKind::Count => count(v),
        ArgKind::Pair => count(v) || v.as_array().is_some_and(|a| a.len() == 2 && a.iter().all(count)),
        // Layers compute in f32: a number beyond its range (1e40) would become infinite there.
        ArgKind::Real => v.as_f64().is_some_and(|x| (x as f32).is_finite()),
        ArgKind::Flag => v.is_boolean(),
        ArgKind::Choice(names) => v.as_str().is_some_and(|s| names.contains(&s)),
        ArgKind::Layers => {
            let Some(items) = v.as_array() else { return Err(kind_error(arg, v, at)) };
            read_stack(items, &format!("{at} > "))?;
            true
        }
    };
    match fits {
        true => Ok(()),
        false => Err(kind_error(arg, v, at)),
    }
}

fn kind_error(arg: &ArgInfo, v: &Value, at: &str) -> SpecError {
    SpecError::new(at, format!("`{}` must be {}, got {v}", arg.name, arg.kind.describe()))
}

/// The error for a name no layer has, listing the known ones.
pub(crate) fn unknown_layer(name: &str, index: usize) -> SpecError {
    let known: Vec<&str> = LAYERS.iter().map(|l: &LayerInfo| l.name).collect();
    SpecError::new(position(name, index), format!("unknown layer; known layers: {}", known.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_a_file_stores_and_checks_every_argument() {
        let ok = read_stack(&[json!({"type": "conv2d", "out_channels": 4, "kernel_size": [3, 1]})], "");
        assert_eq!(ok.unwrap()[0].name(), "conv2d");
        let err = |v: Value| read_stack(&[json!({"type": "relu"}), v], "").unwrap_err().to_string();
        let e = err(json!({"type": "conv2d", "out_channels": -4, "kernel_size": 3}));
        assert!(e.contains("conv2d #2") && e.contains("out_channels") && e.contains("whole number"), "{e}");
        let e = err(json!({"kind": "relu"}));
        assert!(e.contains("layer #2") && e.contains("type"), "{e}");
        let e = err(json!({"type": "residual", "layers": [{"type": "conv2d", "out_channels": 2}]}));
        assert!(e.contains("residual #2 > conv2d #1") && e.contains("kernel_size"), "{e}");
        let e = err(json!({"type": "batch_norm2d", "momentum": "fast"}));
        assert!(e.contains("momentum") && e.contains("a number"), "{e}");
        let e = err(json!({"type": "leaky_relu", "negative_slope": -1e40}));
        assert!(e.contains("negative_slope") && e.contains("within f32's range"), "{e}");
        assert!(read_stack(&[], "").unwrap_err().to_string().contains("no layers"));
    }
}
