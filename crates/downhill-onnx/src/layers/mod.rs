//! One file per group of layer kinds, each writing a layer's eval-mode forward as ONNX nodes.
//! Every function takes the graph, the layer's parameters, its input value and per-sample input
//! shape (the batch dimension N is left free), and returns its output value or what is wrong.
pub(crate) mod activation;
pub(crate) mod attention;
pub(crate) mod conv;
pub(crate) mod dense;
pub(crate) mod norm;
pub(crate) mod recurrent;
pub(crate) mod sequence;
pub(crate) mod transformer;
