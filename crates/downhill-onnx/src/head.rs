//! The graph's outputs from the network's raw outputs z [N, ..., K], as `downhill predict` reads
//! them (`Objective::predict` and `proba`, `Model::decision_function`), over the last axis:
//!   squared, huber  `prediction` = z · σ + μ when trained on standardised targets (target_scale),
//!                   else z: values in the target's units, [N, ..., K]
//!   multinomial     `probabilities` = Softmax(z) [N, ..., K];  `label` = ArgMax(z) (int64, the
//!                   first maximum, as downhill's argmax) [N, ...]
//!   logistic        `probabilities` = [1 − σ(z), σ(z)] [N, ..., 2];  `label` = [z > 0] (int64)
//!   hinge           `scores` = z (the margin; no probabilities, as downhill);  `label` = [z > 0]
//! A label is the index of a class in the metadata's `class_names` (listed in its doc string).
use crate::attr;
use crate::frame::value_info;
use crate::graph::Graph;
use crate::proto::{data_type, ValueInfoProto};
use downhill_learn::{Objective, TargetScale};

/// `ONNX TensorProto.DataType` INT64, the `to` of a Cast.
const INT64: i64 = 7;

/// What a model's outputs mean: its objective, its target scale and its class names.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Meaning<'a> {
    pub objective: Objective,
    pub scale: Option<TargetScale>,
    pub classes: &'a [String],
}

/// The outputs for raw outputs `z` of per-sample shape `shape`.
pub(crate) fn head(g: &mut Graph, m: Meaning, z: &str, shape: &[usize]) -> Vec<ValueInfoProto> {
    g.set_scope("head");
    let float = |name: &str, dims: &[usize], doc: &str| value_info(name, data_type::FLOAT, dims, doc);
    let rest = &shape[..shape.len().saturating_sub(1)];
    let names: Vec<String> = m.classes.iter().enumerate().map(|(k, c)| format!("{k}={c}")).collect();
    let label_doc = match names.is_empty() {
        true => "class index".to_string(),
        false => format!("class index: {}", names.join(", ")),
    };
    let label_doc = label_doc.as_str();
    match m.objective {
        Objective::Squared | Objective::Huber { .. } | Objective::ScaledHuber { .. } => {
            prediction(g, z, m.scale);
            vec![float("prediction", shape, "predicted values, in the target's units")]
        }
        Objective::Multinomial => {
            g.op_as("probabilities", "Softmax", &[z], vec![attr::int("axis", -1)]);
            let argmax = vec![attr::int("axis", -1), attr::int("keepdims", 0)];
            g.op_as("label", "ArgMax", &[z], argmax);
            vec![
                value_info("label", data_type::INT64, rest, label_doc),
                float("probabilities", shape, "class probabilities"),
            ]
        }
        Objective::Logistic => {
            let p = g.op("Sigmoid", &[z], vec![]);
            let one = g.floats("one", &[], &[1.0]);
            let q = g.op("Sub", &[&one, &p], vec![]);
            g.op_as("probabilities", "Concat", &[&q, &p], vec![attr::int("axis", -1)]);
            positive_label(g, z, rest);
            let two: Vec<usize> = rest.iter().copied().chain([2]).collect();
            vec![
                value_info("label", data_type::INT64, rest, label_doc),
                float("probabilities", &two, "probabilities of classes 0 and 1"),
            ]
        }
        Objective::Hinge => {
            g.op_as("scores", "Identity", &[z], vec![]);
            positive_label(g, z, rest);
            vec![
                value_info("label", data_type::INT64, rest, label_doc),
                float("scores", shape, "margins; class 1 when positive"),
            ]
        }
    }
}

/// z · σ + μ, or z.
fn prediction(g: &mut Graph, z: &str, scale: Option<TargetScale>) {
    match scale {
        Some(TargetScale { mean, std }) => {
            let (std, mean) =
                (g.floats("target_std", &[], &[std as f32]), g.floats("target_mean", &[], &[mean as f32]));
            let spread = g.op("Mul", &[z, &std], vec![]);
            g.op_as("prediction", "Add", &[&spread, &mean], vec![])
        }
        None => g.op_as("prediction", "Identity", &[z], vec![]),
    };
}

/// `label` = 1 where z > 0, else 0, with the last (size-1) axis dropped.
fn positive_label(g: &mut Graph, z: &str, rest: &[usize]) {
    let zero = g.floats("zero", &[], &[0.0]);
    let positive = g.op("Greater", &[z, &zero], vec![]);
    let ids = g.op("Cast", &[&positive], vec![attr::int("to", INT64)]);
    let dims: Vec<i64> = std::iter::once(-1).chain(rest.iter().map(|&d| d as i64)).collect();
    let shape = g.ints("label_shape", &[dims.len()], &dims);
    g.op_as("label", "Reshape", &[&ids, &shape], vec![]);
}
