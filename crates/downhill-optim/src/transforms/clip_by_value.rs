//! torch `clip_grad_value_`: `g <- clamp(g, -v, v)` elementwise. Put it first in the chain.
use crate::blocks::{self, Target};
use crate::{Float, Gradient, Kernel, State, Tensor, Transform};
use downhill_tensor::vectorized;

/// Clamps every update component to `[-self.0, self.0]`.
///
/// ```
/// use downhill_optim::{ClipByValue, Tensor, Transform};
/// let mut u = vec![Tensor::vector(vec![-3.0, 0.2, 9.0])];
/// let mut state = ClipByValue(1.0).init(&u);
/// ClipByValue(1.0).update(&mut u, &mut state, &[]);
/// // Exact: clamping returns each input or a bound, no arithmetic.
/// assert_eq!(u[0].data(), &[-1.0, 0.2, 1.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClipByValue(pub f64);

impl Transform for ClipByValue {
    fn init(&self, _params: &[Tensor]) -> State {
        State::empty()
    }
    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        blocks::run(self, updates, state, Target::Updates(params));
    }
    fn is_elementwise(&self) -> bool {
        true
    }
    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        state.count += 1;
        Some(Box::new(Clamp(self.0 as Float)))
    }
    /// The rows absent from a row gradient are zero, which clamping leaves zero.
    fn takes_rows(&self) -> bool {
        true
    }
    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        let v = self.0 as Float;
        updates.iter_mut().for_each(|u| u.values_mut().map_inplace(|x| x.clamp(-v, v)));
    }
}

struct Clamp(Float);

impl Kernel for Clamp {
    fn apply(&self, u: &mut [Float], _p: &[Float], _slots: &mut [&mut [Float]]) {
        let v = self.0;
        vectorized(|| u.iter_mut().for_each(|x| *x = x.clamp(-v, v)));
    }
}
