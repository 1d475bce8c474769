//! The `Transform` trait and its plain-data `State`.
//!
//! A transform maps the list of updates for *all* parameters at once (so global-norm clipping is
//! possible) and keeps whatever it remembers in a `State` it returns from `init`:
//!   `state = tx.init(params)`;  each step: `tx.update(&mut u, &mut state, params)` with `u = grads` on entry.
//! The optimizer then applies `p += u`. Config lives in `&self` and never changes; everything that
//! changes lives in `State`, which is why saving and resuming is just serialising `State`.
//! Gradients of lookup tables may come as rows (`Gradient::Rows`): `update_rows` takes them, and a
//! transform that keeps them rows says so (`takes_rows`); the others see them made dense.
use crate::Kernel;
use downhill_tensor::{Gradient, Tensor};

/// Everything a transform remembers between steps, as plain data.
///
/// - `count`: how many updates this transform has applied (torch's `step`).
/// - `scalars`: f64 bookkeeping (NAdam's `mu_product`, `ScaleByLr`'s plateau factor).
/// - `slots[k][i]`: buffer `k` (e.g. first moment) for parameter `i`.
/// - `inner`: the states of wrapped transforms (one per link of a `Chain`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// Updates this transform has applied (torch's `step`); a schedule's position.
    pub count: u64,
    /// f64 bookkeeping, per transform (NAdam's `mu_product`, `ScaleByLr`'s plateau factor).
    pub scalars: Vec<f64>,
    /// `slots[k][i]`: buffer `k` (e.g. the first moment) for parameter `i`, shaped like it.
    pub slots: Vec<Vec<Tensor>>,
    /// The states of wrapped transforms (one per link of a `Chain`).
    pub inner: Vec<State>,
}

impl State {
    /// A state with no buffers (stateless transforms still count their steps).
    pub fn empty() -> State {
        State::default()
    }

    /// `n_slots` buffers per parameter, each zeros shaped like its parameter.
    pub fn zeros_like(params: &[Tensor], n_slots: usize) -> State {
        State::full_like(params, n_slots, 0.0)
    }

    /// `n_slots` buffers per parameter, each filled with `value` (Adagrad's initial accumulator).
    pub fn full_like(params: &[Tensor], n_slots: usize, value: f32) -> State {
        let slot = || params.iter().map(|p| Tensor::full(p.shape().clone(), value)).collect();
        State { slots: (0..n_slots).map(|_| slot()).collect(), ..State::default() }
    }

    /// The first `N` slots, mutably and at once: `let [m, v] = state.slots_mut();`.
    /// Panics if the state has fewer slots (a state from another transform: programmer error).
    pub fn slots_mut<const N: usize>(&mut self) -> [&mut [Tensor]; N] {
        let have = self.slots.len();
        let mut rest: &mut [Vec<Tensor>] = &mut self.slots;
        std::array::from_fn(|k| {
            let (first, tail) = std::mem::take(&mut rest)
                .split_first_mut()
                .unwrap_or_else(|| panic!("state has {have} slots, slot {k} requested"));
            rest = tail;
            first.as_mut_slice()
        })
    }

    /// A state wrapping the states of inner transforms.
    pub fn wrapping(inner: Vec<State>) -> State {
        State { inner, ..State::default() }
    }
}

/// A gradient transformation over all parameters at once.
///
/// ```
/// use downhill_optim::{State, Transform, Tensor};
/// #[derive(Debug)]
/// struct Double;
/// impl Transform for Double {
///     fn init(&self, _params: &[Tensor]) -> State { State::empty() }
///     fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
///         updates.iter_mut().for_each(|u| u.map_inplace(|x| 2.0 * x));
///         state.count += 1;
///     }
/// }
/// let params = [Tensor::vector(vec![1.0])];
/// let mut state = Double.init(&params);
/// let mut u = vec![Tensor::vector(vec![3.0])];
/// Double.update(&mut u, &mut state, &params);
/// // Exact: 2 · 3 is a product of small integers, representable without rounding.
/// assert_eq!(u[0].data(), &[6.0]);
/// ```
pub trait Transform: Send + Sync + std::fmt::Debug {
    /// The state before the first step, shaped after `params`.
    fn init(&self, params: &[Tensor]) -> State;

    /// Transforms `updates` (gradients on entry) in place; `params` are the values before this step.
    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]);

    /// The learning rate the next `update` will apply, for transforms that apply one.
    fn lr(&self, _state: &State) -> Option<f64> {
        None
    }

    /// Multiplies the learning rate of every lr-applying transform by `factor` from now on
    /// (what `ReduceOnPlateau` asks for). The factor lives in `state`, so it is saved too.
    fn scale_lr(&self, _state: &mut State, _factor: f64) {}

    /// True when element j of the new update depends only on element j of the update, of the
    /// parameter and of this transform's slots. Chains of such transforms run fused (kernel.rs).
    fn is_elementwise(&self) -> bool {
        false
    }

    /// For an elementwise transform: advances `state`'s counters exactly as `update` does and returns
    /// this step as a kernel over blocks of elements. `None` (state untouched) for the others.
    fn begin_step(&self, _state: &mut State) -> Option<Box<dyn Kernel>> {
        None
    }

    /// True when `update_rows` leaves a row gradient as rows, its update touching only those rows
    /// (SparseAdam, and the links that only scale or clip values). False, the default, for every
    /// transform whose step reads all values (Adam's moments decay on every row every step).
    fn takes_rows(&self) -> bool {
        false
    }

    /// `update` for gradients some of which may be a table's rows. The default makes each row
    /// gradient dense and runs `update` (the same step as for the dense gradient); transforms that
    /// take rows override it and keep them.
    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, params: &[Tensor]) {
        dense_update(self, updates, state, params)
    }
}

/// `tx.update` on the updates made dense: the step a transform that does not take rows takes.
pub(crate) fn dense_update<T: Transform + ?Sized>(
    tx: &T,
    updates: &mut [Gradient],
    state: &mut State,
    params: &[Tensor],
) {
    let mut dense: Vec<Tensor> = updates.iter_mut().map(|u| std::mem::take(u).into_dense()).collect();
    tx.update(&mut dense, state, params);
    updates.iter_mut().zip(dense).for_each(|(u, d)| *u = Gradient::Dense(d));
}

impl<T: Transform + ?Sized> Transform for Box<T> {
    fn init(&self, params: &[Tensor]) -> State {
        (**self).init(params)
    }
    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        (**self).update(updates, state, params)
    }
    fn lr(&self, state: &State) -> Option<f64> {
        (**self).lr(state)
    }
    fn scale_lr(&self, state: &mut State, factor: f64) {
        (**self).scale_lr(state, factor)
    }
    fn is_elementwise(&self) -> bool {
        (**self).is_elementwise()
    }
    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        (**self).begin_step(state)
    }
    fn takes_rows(&self) -> bool {
        (**self).takes_rows()
    }
    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, params: &[Tensor]) {
        (**self).update_rows(updates, state, params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_like_shapes_one_buffer_per_parameter_per_slot() {
        let params = [Tensor::zeros([2, 3]), Tensor::zeros([4])];
        let s = State::full_like(&params, 2, 0.5);
        assert_eq!(s.slots.len(), 2);
        assert_eq!(s.slots[1][0].dims(), &[2, 3]);
        // Exact: the buffers are filled with the literal 0.5, no arithmetic.
        assert_eq!(s.slots[0][1].data(), &[0.5; 4]);
        assert_eq!(s.count, 0);
    }
}
