//! Operator attributes (`AttributeProto`) by kind: one constructor per value type.
use crate::proto::{attribute_type, AttributeProto};

fn named(name: &str, r#type: i32) -> AttributeProto {
    AttributeProto { name: name.to_string(), r#type, ..Default::default() }
}

/// An integer attribute (`axis`, `group`, `transB`, ...).
pub(crate) fn int(name: &str, value: i64) -> AttributeProto {
    AttributeProto { i: Some(value), ..named(name, attribute_type::INT) }
}

/// A list of integers (`perm`, `pads`, `kernel_shape`, ...).
pub(crate) fn ints(name: &str, values: &[i64]) -> AttributeProto {
    AttributeProto { ints: values.to_vec(), ..named(name, attribute_type::INTS) }
}

/// A real attribute (`alpha`, `epsilon`).
pub(crate) fn float(name: &str, value: f64) -> AttributeProto {
    AttributeProto { f: Some(value as f32), ..named(name, attribute_type::FLOAT) }
}

/// A text attribute (`direction`).
pub(crate) fn string(name: &str, value: &str) -> AttributeProto {
    AttributeProto { s: Some(value.as_bytes().to_vec()), ..named(name, attribute_type::STRING) }
}

/// A list of texts (`activations`).
pub(crate) fn strings(name: &str, values: &[&str]) -> AttributeProto {
    let strings = values.iter().map(|v| v.as_bytes().to_vec()).collect();
    AttributeProto { strings, ..named(name, attribute_type::STRINGS) }
}

/// A usize list as ONNX's int64s.
pub(crate) fn i64s(values: &[usize]) -> Vec<i64> {
    values.iter().map(|&v| v as i64).collect()
}
