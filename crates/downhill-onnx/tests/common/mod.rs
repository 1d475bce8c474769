//! What the export tests share: building a layer stack with seeded random weights (and buffers),
//! running it in downhill in evaluation mode, running its ONNX file with tract, and comparing.
#![allow(dead_code)] // each test file uses its own subset
use downhill_autograd::Tape;
use downhill_nn::spec::{parse_layers, LayerSpec};
use downhill_nn::{Ctx, Module, Sequential};
use downhill_tensor::{Rng, Tensor};
use tract_onnx::prelude::{DatumType, Framework, InferenceFact, InferenceModelExt, IntoTValue, TValue, TVec};

/// The tolerance of every comparison: 1e-5 relative to max(1, |downhill's value|), so values
/// below 1 in magnitude are held to 1e-5 absolute (`downhill_testing::assert_close`).
pub const TOL: f64 = 1e-5;

/// `text`'s layers built for samples of `shape` with weights from `seed`, every parameter then
/// moved by N(0, 0.1) noise (so γ = 1, β = 0 and zero biases are not special) and batch-norm
/// statistics drawn (means N(0, 0.5), variances U(0.5, 2)).
pub fn random_net(text: &str, shape: &[usize], seed: u64) -> (Vec<LayerSpec>, Sequential) {
    let layers = parse_layers(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let mut net = Sequential::from_spec(&layers, shape, seed).unwrap_or_else(|e| panic!("{text}: {e}"));
    let mut rng = Rng::seed(seed + 1);
    for p in net.params_mut() {
        let noise = Tensor::rand_normal(p.value.dims(), 0.0, 0.1, &mut rng);
        p.value = p.value.zip_map(&noise, |a, b| a + b);
    }
    for b in net.buffers_mut() {
        b.value = match b.name().ends_with("running_var") {
            true => Tensor::rand_uniform(b.value.dims(), 0.5, 2.0, &mut rng),
            false => Tensor::rand_normal(b.value.dims(), 0.0, 0.5, &mut rng),
        };
    }
    (layers, net)
}

/// downhill's outputs of `net` on `x` in evaluation mode.
pub fn forward(net: &mut Sequential, x: &Tensor) -> Tensor {
    let tape = Tape::inference();
    let y = net.forward(&Ctx::eval(&tape), tape.leaf(x.clone()));
    let value = y.value().clone();
    value
}

/// tract's outputs (as f32) of the ONNX file `bytes` on `inputs`, each input's shape fixed.
pub fn tract_run(bytes: &[u8], inputs: &[&Tensor]) -> Vec<Tensor> {
    let mut model = tract_onnx::onnx().model_for_read(&mut &bytes[..]).expect("tract reads the file");
    for (i, x) in inputs.iter().enumerate() {
        let fact = InferenceFact::dt_shape(DatumType::F32, x.dims());
        model = model.with_input_fact(i, fact).expect("input fact");
    }
    let plan = model.into_optimized().expect("tract optimises the graph").into_runnable().expect("runnable");
    let values: TVec<TValue> = inputs
        .iter()
        .map(|x| tract_onnx::prelude::Tensor::from_shape(x.dims(), x.data()).expect("shape").into_tvalue())
        .collect();
    let outputs = plan.run(values).expect("tract runs the graph");
    outputs
        .iter()
        .map(|t| {
            let t = t.cast_to::<f32>().expect("numeric output");
            Tensor::from_vec(t.as_slice::<f32>().expect("f32").to_vec(), t.shape()).expect("shape")
        })
        .collect()
}

/// Exports `text` on samples of `shape`, runs it in tract and downhill on `x` and compares.
pub fn check_layers(text: &str, shape: &[usize], x: &Tensor) {
    let (layers, mut net) = random_net(text, shape, 7);
    let bytes = downhill_onnx::export_layers(&layers, shape, &downhill_nn::state_dict(&net))
        .map(|e| e.bytes)
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    let want = forward(&mut net, x);
    let got = tract_run(&bytes, &[x]);
    assert_eq!(got[0].dims(), want.dims(), "{text}: output shape");
    downhill_testing::assert_close(text, got[0].data(), want.data(), TOL);
}

/// A batch of `n` samples of `shape` drawn N(0, 1) from `seed`.
pub fn batch(n: usize, shape: &[usize], seed: u64) -> Tensor {
    let dims: Vec<usize> = std::iter::once(n).chain(shape.iter().copied()).collect();
    Tensor::rand_normal(dims, 0.0, 1.0, &mut Rng::seed(seed))
}
