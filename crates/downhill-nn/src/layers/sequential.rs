//! Layers applied one after another. Names its children `layers.{i}`, so parameters are called
//! `layers.0.weight`, `layers.1.running_mean`, ... in the order of the optimizer's slots.
use crate::{Buffer, Ctx, Mode, Module};
use downhill_autograd::{Param, Shape, Var};

/// Layers applied in order, each to the previous one's output; the usual container of a network.
///
/// ```
/// use downhill_autograd::Tape;
/// use downhill_nn::{Activation, Ctx, Linear, Module, Sequential};
/// use downhill_tensor::Tensor;
/// let w = Tensor::from_rows(&[[1.0], [-1.0]]).unwrap();
/// let mut net = Sequential::new().with(Linear::from_values(w, None).unwrap()).with(Activation::Relu);
/// assert_eq!(net.params()[0].name(), "layers.0.weight");
/// let tape = Tape::new();
/// let y = net.forward(&Ctx::eval(&tape), tape.leaf(Tensor::from_rows(&[[2.0]]).unwrap()));
/// assert_eq!(y.value().data(), &[2.0, 0.0]); // relu(2, −2): exact
/// ```
pub struct Sequential {
    layers: Vec<Box<dyn Module>>,
    /// Children are named `{prefix}.{i}`: `layers` at the top, `body` inside a residual block.
    prefix: &'static str,
    /// The per-sample shape the first layer expects (`[1, 28, 28]`): rows `[N, product]` given
    /// to `forward` are viewed as `[N, ...shape]` (a reshape, no copy). `None`: taken as given.
    input_shape: Option<Vec<usize>>,
}

impl Default for Sequential {
    fn default() -> Sequential {
        Sequential::with_prefix("layers")
    }
}

impl std::fmt::Debug for Sequential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.layers.iter().map(|l| l.describe())).finish()
    }
}

impl Sequential {
    /// An empty stack naming its children `layers.{i}`.
    pub fn new() -> Sequential {
        Sequential::default()
    }

    /// An empty stack naming its children `{prefix}.{i}`.
    pub fn with_prefix(prefix: &'static str) -> Sequential {
        Sequential { layers: Vec::new(), prefix, input_shape: None }
    }

    /// Appends a layer, naming its parameters `layers.{index}.*`.
    pub fn push(&mut self, layer: impl Module + 'static) {
        self.push_boxed(Box::new(layer));
    }

    /// Appends a boxed layer, naming its parameters `layers.{index}.*`.
    pub fn push_boxed(&mut self, mut layer: Box<dyn Module>) {
        layer.prefix_names(&format!("{}.{}", self.prefix, self.layers.len()));
        self.layers.push(layer);
    }

    /// Views rows `[N, product]` as `[N, ...shape]` before the first layer.
    pub fn set_input_shape(&mut self, shape: &[usize]) {
        self.input_shape = (shape.len() > 1).then(|| shape.to_vec());
    }

    /// This stack with `layer` appended (a builder form of [`push`](Self::push)).
    pub fn with(mut self, layer: impl Module + 'static) -> Sequential {
        self.push(layer);
        self
    }

    /// Number of layers (a nested container counts as one).
    pub fn len(&self) -> usize {
        self.layers.len()
    }
    /// True when there are no layers (the stack is then the identity).
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }
    /// The layers, in order.
    pub fn layers(&self) -> &[Box<dyn Module>] {
        &self.layers
    }

    /// The layers at `span` only, one after another (a model whose loss reads an inner output, as
    /// a variational autoencoder's reads its code); the input shape applies when `span` starts at 0.
    pub fn forward_span<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>, span: std::ops::Range<usize>) -> Var<'t> {
        let x = match (&self.input_shape, span.start) {
            (Some(shape), 0) if x.shape().rank() == 2 => {
                let n = x.shape().dim(0);
                x.reshape(std::iter::once(n).chain(shape.iter().copied()).collect::<Shape>())
            }
            _ => x,
        };
        let prefix = self.prefix;
        let (mut h, mut i) = (x, span.start);
        while i < span.end {
            let (now, rest) = self.layers[i..span.end].split_first_mut().expect("i < span.end");
            // relu then max pooling is max pooling then relu, on a quarter of the values (see
            // `Module::commutes_with_max_pool`); not when probing, which records relu's own input.
            let pool_first = !cx.is_probing()
                && now.commutes_with_max_pool()
                && rest.first().is_some_and(|next| next.is_max_pool());
            if pool_first {
                h = now.forward(cx, rest[0].forward(cx, h));
                i += 2;
            } else {
                h = cx.in_layer(|| format!("{prefix}.{i}"), || now.forward(cx, h));
                i += 1;
            }
        }
        h
    }
}

impl Module for Sequential {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let all = 0..self.layers.len();
        self.forward_span(cx, x, all)
    }
    fn params(&self) -> Vec<&Param> {
        self.layers.iter().flat_map(|l| l.params()).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        self.layers.iter_mut().flat_map(|l| l.params_mut()).collect()
    }
    fn buffers(&self) -> Vec<&Buffer> {
        self.layers.iter().flat_map(|l| l.buffers()).collect()
    }
    fn buffers_mut(&mut self) -> Vec<&mut Buffer> {
        self.layers.iter_mut().flat_map(|l| l.buffers_mut()).collect()
    }
    fn describe(&self) -> String {
        let inner: Vec<String> = self.layers.iter().map(|l| l.describe()).collect();
        format!("Sequential[{}]", inner.join(", "))
    }
    fn carry_state(&mut self, on: bool) {
        self.layers.iter_mut().for_each(|l| l.carry_state(on));
    }
    fn reset_state(&mut self, mode: Mode) {
        self.layers.iter_mut().for_each(|l| l.reset_state(mode));
    }
    fn cumulative_stats(&mut self, on: bool) -> bool {
        self.layers.iter_mut().fold(false, |any, l| l.cumulative_stats(on) | any)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Activation, BatchNorm1d, Init, Linear};
    use downhill_tensor::{Rng, Tensor};

    #[test]
    fn children_get_stable_dotted_names() {
        let mut rng = Rng::seed(0);
        let net = Sequential::new()
            .with(Linear::new(4, 3, true, Init::TorchLinear, &mut rng))
            .with(BatchNorm1d::new(3))
            .with(Activation::Relu)
            .with(Linear::new(3, 2, true, Init::TorchLinear, &mut rng));
        let names: Vec<&str> = net.params().iter().map(|p| p.name()).collect();
        assert_eq!(
            names,
            [
                "layers.0.weight",
                "layers.0.bias",
                "layers.1.weight",
                "layers.1.bias",
                "layers.3.weight",
                "layers.3.bias"
            ]
        );
        let buffers: Vec<&str> = net.buffers().iter().map(|b| b.name()).collect();
        assert_eq!(buffers, ["layers.1.running_mean", "layers.1.running_var"]);
    }

    #[test]
    fn pooling_before_relu_gives_the_same_values_and_gradients() {
        // A pass that is not probed pools first; a probed one runs the layers in order. Both must
        // agree bit for bit: values, the input's gradient and the conv weights' (overlapping
        // windows at stride 1 included). The last conv's outputs are spread around 0, so windows of
        // only negative values (relu's zero gradient) occur.
        let spec = crate::spec::parse_layers(
            "conv2d(3, 3, padding=1), relu, max_pool2d(2), conv2d(3, 1), relu, max_pool2d(2, stride=1), flatten",
        )
        .unwrap();
        let x = Tensor::rand_normal([4, 2, 10, 10], 0.0, 1.0, &mut Rng::seed(5));
        let run = |probing: bool| {
            let mut net = Sequential::from_spec(&spec, &[2, 10, 10], 7).unwrap();
            let tape = downhill_autograd::Tape::new();
            let cx = Ctx::train(&tape, 0);
            let cx = if probing { cx.probing() } else { cx };
            let xv = tape.watch(x.clone());
            let y = net.forward(&cx, xv);
            let bits = |t: &Tensor| t.data().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            let values = bits(&y.value());
            let grads = tape.backward((y * y).sum());
            let out = (values, bits(grads.wrt(xv).unwrap()), bits(grads.get(net.params()[0]).unwrap()));
            out
        };
        let (fused, in_order) = (run(false), run(true));
        assert!(fused.0.contains(&0), "some outputs are relu's zeros");
        assert_eq!(fused, in_order);
    }
}
