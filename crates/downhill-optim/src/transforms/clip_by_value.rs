//! torch `clip_grad_value_`: `g <- clamp(g, -v, v)` elementwise. Put it first in the chain.
use crate::{Float, State, Tensor, Transform};

/// Clamps every update component to `[-self.0, self.0]`.
///
/// ```
/// use downhill_optim::{ClipByValue, Tensor, Transform};
/// let mut u = vec![Tensor::vector(vec![-3.0, 0.2, 9.0])];
/// let mut state = ClipByValue(1.0).init(&u);
/// ClipByValue(1.0).update(&mut u, &mut state, &[]);
/// assert_eq!(u[0].data(), &[-1.0, 0.2, 1.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClipByValue(pub f64);

impl Transform for ClipByValue {
    fn init(&self, _params: &[Tensor]) -> State {
        State::empty()
    }
    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        let v = self.0 as Float;
        updates.iter_mut().for_each(|u| u.map_inplace(|x| x.clamp(-v, v)));
        state.count += 1;
    }
}
