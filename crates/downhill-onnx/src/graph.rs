//! A graph under construction: nodes appended in order (so the list is topologically sorted, as
//! ONNX requires), constant tensors as initializers, and unique names for both. Values are
//! referred to by name; every node here has one output. Names carry the scope of the layer being
//! written (`layers.2/MatMul_1`), so a graph viewer shows which layer each node belongs to.
use crate::proto::{data_type, AttributeProto, GraphProto, NodeProto, TensorProto, ValueInfoProto};
use downhill_tensor::Tensor;
use std::collections::HashSet;

#[derive(Debug, Default)]
pub(crate) struct Graph {
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    /// Value and constant names in use (graph inputs are reserved by `Graph::with_inputs`).
    taken: HashSet<String>,
    scope: String,
}

impl Graph {
    /// An empty graph whose inputs are called `inputs` (no node or constant takes those names).
    pub fn with_inputs(inputs: &[&str]) -> Graph {
        Graph { taken: inputs.iter().map(|s| s.to_string()).collect(), ..Graph::default() }
    }

    /// Names nodes and constants after `scope` (a layer's parameter prefix) until the next call.
    pub fn set_scope(&mut self, scope: &str) {
        self.scope = scope.to_string();
    }

    /// `hint` made unique with a numeric suffix.
    fn unique(&mut self, hint: String) -> String {
        let mut name = hint.clone();
        let mut k = 0;
        while !self.taken.insert(name.clone()) {
            k += 1;
            name = format!("{hint}_{k}");
        }
        name
    }

    /// Appends `op(inputs)` with `attributes`; returns its output's name.
    pub fn op(&mut self, op: &str, inputs: &[&str], attributes: Vec<AttributeProto>) -> String {
        let name = self.unique(format!("{}/{op}", self.scope));
        self.push(op, inputs, attributes, name)
    }

    /// `op` whose output is the graph value `output` (a graph output's declared name).
    pub fn op_as(
        &mut self,
        output: &str,
        op: &str,
        inputs: &[&str],
        attributes: Vec<AttributeProto>,
    ) -> String {
        let name = self.unique(output.to_string());
        assert_eq!(name, output, "graph output {output} named twice");
        self.push(op, inputs, attributes, name)
    }

    fn push(&mut self, op: &str, inputs: &[&str], attribute: Vec<AttributeProto>, name: String) -> String {
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: vec![name.clone()],
            name: name.clone(),
            op_type: op.to_string(),
            attribute,
        });
        name
    }

    /// A constant f32 tensor of shape `dims` named after `hint` in the current scope.
    pub fn floats(&mut self, hint: &str, dims: &[usize], data: &[f32]) -> String {
        assert_eq!(dims.iter().product::<usize>(), data.len(), "constant {hint}: {dims:?}");
        let raw = data.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.constant(hint, dims, data_type::FLOAT, raw)
    }

    /// `t` as a constant of its own shape.
    pub fn tensor(&mut self, hint: &str, t: &Tensor) -> String {
        self.floats(hint, t.dims(), t.data())
    }

    /// A constant int64 tensor (shapes, axes, indices).
    pub fn ints(&mut self, hint: &str, dims: &[usize], data: &[i64]) -> String {
        assert_eq!(dims.iter().product::<usize>(), data.len(), "constant {hint}: {dims:?}");
        let raw = data.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.constant(hint, dims, data_type::INT64, raw)
    }

    fn constant(&mut self, hint: &str, dims: &[usize], data_type: i32, raw_data: Vec<u8>) -> String {
        let name = match self.scope.is_empty() {
            true => self.unique(hint.to_string()),
            false => self.unique(format!("{}.{hint}", self.scope)),
        };
        let dims = dims.iter().map(|&d| d as i64).collect();
        self.initializers.push(TensorProto { dims, data_type, name: name.clone(), raw_data });
        name
    }

    /// The finished graph with its declared inputs and outputs.
    pub fn finish(self, name: &str, input: Vec<ValueInfoProto>, output: Vec<ValueInfoProto>) -> GraphProto {
        GraphProto {
            node: self.nodes,
            name: name.to_string(),
            initializer: self.initializers,
            doc_string: String::new(),
            input,
            output,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_scoped_and_unique() {
        let mut g = Graph::default();
        g.set_scope("layers.0");
        let w = g.floats("weight", &[2], &[1.0, 2.0]);
        let a = g.op("Relu", &["x"], vec![]);
        let b = g.op("Relu", &[&a], vec![]);
        assert_eq!(
            (w.as_str(), a.as_str(), b.as_str()),
            ("layers.0.weight", "layers.0/Relu", "layers.0/Relu_1")
        );
        let graph = g.finish("g", vec![], vec![]);
        assert_eq!(graph.node[1].input, ["layers.0/Relu"]);
        // Little-endian f32: 1.0 = 0x3f800000.
        assert_eq!(&graph.initializer[0].raw_data[..4], &[0, 0, 0x80, 0x3f]);
    }
}
