//! Building a network from its description: shapes are inferred and checked first, then each
//! layer is built with torch's default initialisation from one seeded generator, in order.
use crate::spec::{output_shapes, LayerSpec};
use crate::{NnError, Sequential};
use downhill_tensor::Rng;

impl Sequential {
    /// The network `layers` describes, for samples of shape `input_shape` (`[1, 28, 28]` for
    /// MNIST images, `[features]` for table rows), with weights drawn from `seed`. Its `forward`
    /// takes `[N, ...input_shape]`, or rows `[N, product]` which it views as that shape.
    ///
    /// ```
    /// use downhill_nn::{spec::parse_layers, Module, Sequential};
    /// let layers = parse_layers("conv2d(4, 3, padding=1), relu, flatten, linear(10)").unwrap();
    /// let net = Sequential::from_spec(&layers, &[1, 8, 8], 0).unwrap();
    /// assert_eq!(net.params()[0].name(), "layers.0.weight");
    /// let err = Sequential::from_spec(&layers, &[64], 0).unwrap_err().to_string();
    /// assert!(err.contains("conv2d #1"));
    /// ```
    pub fn from_spec(layers: &[LayerSpec], input_shape: &[usize], seed: u64) -> Result<Sequential, NnError> {
        let mut rng = Rng::seed(seed);
        let mut net = build_stack(layers, input_shape, &mut rng, "layers")?;
        net.set_input_shape(input_shape);
        Ok(net)
    }
}

/// The layers of a (sub-)stack, children named `{prefix}.{i}`.
pub(crate) fn build_stack(
    layers: &[LayerSpec],
    input: &[usize],
    rng: &mut Rng,
    prefix: &'static str,
) -> Result<Sequential, NnError> {
    let shapes = output_shapes(layers, input)?;
    let mut net = Sequential::with_prefix(prefix);
    let inputs = std::iter::once(input).chain(shapes.iter().map(Vec::as_slice));
    for (layer, input) in layers.iter().zip(inputs) {
        net.push_boxed(layer.build(input, rng));
    }
    Ok(net)
}
