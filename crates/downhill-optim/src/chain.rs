//! `Chain`: transforms applied one after another, itself a `Transform` (optax `chain`).
//!   u <- t_n(... t_2(t_1(g)))   with `state.inner[k]` holding link k's state.
use crate::blocks::{self, Target};
use crate::kernel::slot_count;
use crate::{Float, Gradient, Kernel, Stage, State, Tensor, Transform};

/// A sequence of transforms applied in order; `state.inner[k]` is link `k`'s state.
///
/// ```
/// use downhill_optim::{chain, ClipByValue, ScaleByLr, Tensor, Transform};
/// let tx = chain![ClipByValue(1.0), ScaleByLr::constant(0.1)];
/// let params = [Tensor::vector(vec![0.0, 0.0])];
/// let mut state = tx.init(&params);
/// let mut u = vec![Tensor::vector(vec![5.0, -0.5])];
/// tx.update(&mut u, &mut state, &params);
/// // Clipped to 1 and -0.5, then each times -0.1: one f32 product each, 1e-7.
/// assert!((u[0].data()[0] + 0.1).abs() < 1e-7 && (u[0].data()[1] - 0.05).abs() < 1e-7, "{:?}", u[0]);
/// ```
#[derive(Debug, Default)]
pub struct Chain(pub Vec<Box<dyn Transform>>);

/// Builds a [`Chain`] from transforms: `chain![ClipByGlobalNorm(1.0), ScaleByAdam::default(), ...]`.
#[macro_export]
macro_rules! chain {
    ($($t:expr),* $(,)?) => {
        $crate::Chain(vec![$(Box::new($t) as Box<dyn $crate::Transform>),*])
    };
}

impl Chain {
    /// Appends `t` as the last link.
    pub fn then(mut self, t: impl Transform + 'static) -> Chain {
        self.0.push(Box::new(t));
        self
    }

    /// Puts `t` in front of every existing link (e.g. clipping, which must see the raw gradient).
    pub fn after(mut self, t: impl Transform + 'static) -> Chain {
        self.0.insert(0, Box::new(t));
        self
    }
}

impl Transform for Chain {
    fn init(&self, params: &[Tensor]) -> State {
        State::wrapping(self.0.iter().map(|t| t.init(params)).collect())
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        if self.is_elementwise() {
            blocks::run(self, updates, state, Target::Updates(params));
            return;
        }
        for (t, s) in self.0.iter().zip(&mut state.inner) {
            t.update(updates, s, params);
        }
        state.count += 1;
    }

    /// The first link that applies a learning rate reports it.
    fn lr(&self, state: &State) -> Option<f64> {
        self.0.iter().zip(&state.inner).find_map(|(t, s)| t.lr(s))
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        for (t, s) in self.0.iter().zip(&mut state.inner) {
            t.scale_lr(s, factor);
        }
    }

    fn is_elementwise(&self) -> bool {
        self.0.iter().all(|t| t.is_elementwise())
    }

    /// When every link takes rows; otherwise the chain is one dense step.
    fn takes_rows(&self) -> bool {
        self.0.iter().all(|t| t.takes_rows())
    }

    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, params: &[Tensor]) {
        if !self.takes_rows() {
            return crate::transform::dense_update(self, updates, state, params);
        }
        for (t, s) in self.0.iter().zip(&mut state.inner) {
            t.update_rows(updates, s, params);
        }
        state.count += 1;
    }

    /// Every link's kernel, run one after another on each block.
    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        if !self.is_elementwise() {
            return None;
        }
        let links = self.0.iter().zip(&mut state.inner).map(|(t, s)| {
            let slots = slot_count(s);
            (t.begin_step(s).unwrap_or_else(|| panic!("{t:?} is elementwise but gave no kernel")), slots)
        });
        let links = links.collect();
        state.count += 1;
        Some(Box::new(ChainKernel(links)))
    }
}

/// The links' kernels with how many slot buffers each owns (consecutive, in link order).
struct ChainKernel(Vec<(Box<dyn Kernel>, usize)>);

impl Kernel for ChainKernel {
    fn apply(&self, u: &mut [Float], p: &[Float], slots: &mut [&mut [Float]]) {
        let mut rest = slots;
        for (k, n) in &self.0 {
            let (mine, tail) = std::mem::take(&mut rest).split_at_mut(*n);
            k.apply(u, p, mine);
            rest = tail;
        }
    }

    fn stages(&self) -> Option<Vec<Stage>> {
        let mut all = Vec::new();
        for (k, _) in &self.0 {
            all.extend(k.stages()?);
        }
        Some(all)
    }
}

#[cfg(test)]
mod tests {
    use crate::{ClipByValue, Identity, ScaleByLr, State, Tensor, Transform};

    #[test]
    fn links_run_in_order_and_keep_separate_states() {
        let tx = chain![ScaleByLr::constant(10.0), ClipByValue(1.0)];
        let params = [Tensor::vector(vec![0.0])];
        let mut state = tx.init(&params);
        assert_eq!(state.inner.len(), 2);
        let mut u = vec![Tensor::vector(vec![0.05])];
        tx.update(&mut u, &mut state, &params);
        // -10 * 0.05 = -0.5, inside the clip bound
        assert!((u[0].data()[0] + 0.5).abs() < 1e-7);
        assert_eq!((state.count, state.inner[0].count), (1, 1));
        // Exact: the constant learning rate 10 read back, no arithmetic.
        assert_eq!(tx.lr(&state), Some(10.0));
    }

    #[test]
    fn after_inserts_in_front() {
        let tx = chain![Identity].after(ClipByValue(2.0));
        assert_eq!(format!("{:?}", tx.0[0]), "ClipByValue(2.0)");
        assert_eq!(tx.init(&[]), State::wrapping(vec![State::empty(), State::empty()]));
    }
}
