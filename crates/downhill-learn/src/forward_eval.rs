//! A network's outputs in evaluation mode (batch-norm running statistics, no dropout) on a tape that
//! records no ops (`Tape::inference`), a chunk of rows at a time so that memory stays bounded
//! whatever the number of rows.
//!
//! The chunk is sized by bytes, not rows: an inference tape keeps every layer's output until it is
//! dropped, and what one row costs differs by orders of magnitude between an MLP (a few KB) and a
//! CNN (the MNIST CNN's first conv alone writes 50 KB per row, so 4,096 rows were 400 MB of
//! activations). A probe of `PROBE_ROWS` rows measures the bytes per row; the remaining rows go in
//! chunks of `CHUNK_BYTES` (8 MB) of activations (at least `PROBE_ROWS`, at most `MAX_CHUNK` rows).
//! Rows are independent in evaluation mode, so the chunking does not change any output.
use downhill_autograd::Tape;
use downhill_nn::{Ctx, Module};
use downhill_tensor::Tensor;

/// Rows of the first chunk, which measures the activation bytes per row.
const PROBE_ROWS: usize = 16;
/// Activation bytes a chunk may hold on its tape.
const CHUNK_BYTES: usize = 8 << 20;
/// Most rows in one chunk (a large product gains nothing beyond this).
pub(crate) const MAX_CHUNK: usize = 4096;

/// Outputs of `net` on `x` in evaluation mode; see the module docs.
pub(crate) fn forward_eval<M: Module + ?Sized>(net: &mut M, x: &Tensor) -> Tensor {
    let n = x.rows();
    if n <= PROBE_ROWS {
        return run(net, x.clone()).0;
    }
    let (first, bytes) = run(net, x.slice_rows(0..PROBE_ROWS));
    let chunk = (CHUNK_BYTES / bytes.div_ceil(PROBE_ROWS).max(1)).clamp(PROBE_ROWS, MAX_CHUNK);
    let mut parts = vec![first];
    parts.extend(
        (PROBE_ROWS..n).step_by(chunk).map(|start| run(net, x.slice_rows(start..(start + chunk).min(n))).0),
    );
    Tensor::concat(&parts.iter().collect::<Vec<_>>(), 0)
}

/// The outputs for `rows` and the bytes of the values their tape held.
fn run<M: Module + ?Sized>(net: &mut M, rows: Tensor) -> (Tensor, usize) {
    let tape = Tape::inference();
    let out = net.forward(&Ctx::eval(&tape), tape.leaf(rows));
    let value = out.value().clone();
    (value, tape.value_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::spec::parse_layers;
    use downhill_nn::Sequential;
    use downhill_tensor::Rng;

    #[test]
    fn chunked_outputs_equal_the_outputs_of_one_pass() {
        // The CNN's rows cost ~3 KB of activations each: 5,000 rows run as a 16-row probe and two
        // chunks; the MLP's as a probe and two chunks of at most 4,096 rows.
        for (layers, shape) in [
            ("conv2d(4, 3, padding=1), relu, max_pool2d(2), flatten, linear(3)", vec![1, 8, 8]),
            ("linear(5), tanh, linear(2)", vec![6]),
        ] {
            let mut net = Sequential::from_spec(&parse_layers(layers).unwrap(), &shape, 3).unwrap();
            let features: usize = shape.iter().product();
            let x = Tensor::rand_uniform([5000, features], -1.0, 1.0, &mut Rng::seed(2));
            let chunked = forward_eval(&mut net, &x);
            let tape = Tape::new();
            let whole = net.forward(&Ctx::eval(&tape), tape.leaf(x.clone())).value().clone();
            assert_eq!(chunked.dims(), whole.dims());
            // Equal to 1e-6: each output row is the same arithmetic on the same values, only the
            // products' blocking over rows may differ.
            let worst =
                chunked.data().iter().zip(whole.data()).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
            assert!(worst <= 1e-6, "{layers}: chunked and whole outputs differ by {worst}");
        }
    }

    #[test]
    fn a_chunk_holds_a_bounded_amount_of_activations() {
        let mut net =
            Sequential::from_spec(&parse_layers("conv2d(16, 5, padding=2), relu").unwrap(), &[1, 28, 28], 1)
                .unwrap();
        let (_, bytes) = run(&mut net, Tensor::zeros([PROBE_ROWS, 784]));
        // Per row the input, its [1, 28, 28] view (a shared buffer, counted again), the conv's and the
        // relu's outputs: (1 + 1 + 16 + 16)·784 floats; once, the 16·25 weights and 16 biases.
        assert_eq!(bytes, (PROBE_ROWS * 34 * 784 + 416) * 4);
        let chunk = (CHUNK_BYTES / bytes.div_ceil(PROBE_ROWS)).clamp(PROBE_ROWS, MAX_CHUNK);
        assert!(chunk * 34 * 784 * 4 <= CHUNK_BYTES && chunk >= PROBE_ROWS, "chunk of {chunk} rows");
    }
}
