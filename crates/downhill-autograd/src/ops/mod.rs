//! The `Op` trait and the list of operations. Each op lives in its own file with its forward, its
//! backward, the `Var` method that records it, and its tests.
use crate::InputGrads;
use downhill_tensor::Tensor;

/// A differentiable operation: a forward map and its vector-Jacobian product.
pub trait Op: 'static {
    /// Its name in messages and traces (`matmul`).
    fn name(&self) -> &'static str;
    /// The output for inputs `xs`.
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor;
    /// Gradients with respect to each input given the output `y` and its gradient `dy`
    /// (one entry per input; `None` where an input is not differentiable, e.g. indices).
    fn backward(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads;
    /// Like `backward`, told which inputs need a gradient so expensive ones can be skipped
    /// (matmul skips dX for a constant input batch). Defaults to computing all of them.
    fn backward_masked(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor, _needs: &[bool]) -> InputGrads {
        self.backward(xs, y, dy)
    }
}

mod abs;
mod adaptive_avg_pool2d;
mod add;
mod add_scalar;
mod attention;
mod avg_pool2d;
mod batch_norm;
mod clamp;
mod concat;
mod conv2d;
mod div;
mod dropout_mask;
mod elu;
mod exp;
mod gather_rows;
mod gelu;
mod layer_norm;
mod leaky_relu;
mod linear;
mod log;
mod log_softmax;
mod matmul;
mod max_axis;
mod max_pool2d;
mod mean;
mod mean_axis;
mod mul;
mod mul_scalar;
mod narrow;
mod neg;
mod permute;
mod pick;
mod pow;
mod recurrence;
mod relu;
mod reshape;
mod sigmoid;
mod softmax;
mod softmax_cross_entropy;
mod softplus;
mod sqrt;
mod sub;
mod sum;
mod sum_axis;
mod sum_squares;
mod tanh;
mod transpose;

pub use batch_norm::BatchNormStats;
pub use recurrence::{Cell, RecurrentState};

pub(crate) use add::Add;
pub(crate) use add_scalar::AddScalar;
pub(crate) use div::Div;
pub(crate) use mul::Mul;
pub(crate) use mul_scalar::MulScalar;
pub(crate) use neg::Neg;
pub(crate) use sub::Sub;
