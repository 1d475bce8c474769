//! What `Op::backward` returns: one gradient per input, in input order (`None` where an input needs
//! none), each dense or, for a lookup table, its rows (`Gradient::Rows`, from `gather_rows`). Up to
//! `INLINE` are stored in the value itself, so the backward pass of every op with at most three
//! inputs (all but `concat`) allocates no vector.
use downhill_tensor::{Gradient, Tensor};

const INLINE: usize = 3;

/// One optional gradient per input of an op.
///
/// ```
/// use downhill_autograd::{Gradient, InputGrads, Tensor};
/// let mut g = InputGrads::from([Some(Tensor::scalar(1.0)), None]);
/// g.push(Some(Tensor::scalar(2.0)));
/// assert_eq!(g.len(), 3);
/// let items: Vec<Option<Gradient>> = g.into_iter().collect();
/// assert!(items[1].is_none() && items[2].is_some());
/// ```
#[derive(Debug, Default)]
pub struct InputGrads {
    len: usize,
    inline: [Option<Gradient>; INLINE],
    rest: Vec<Option<Gradient>>,
}

impl InputGrads {
    /// Appends the (dense) gradient of the next input.
    pub fn push(&mut self, g: Option<Tensor>) {
        self.push_gradient(g.map(Gradient::Dense));
    }
    /// Appends the gradient of the next input, dense or rows.
    pub fn push_gradient(&mut self, g: Option<Gradient>) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = g,
            None => self.rest.push(g),
        }
        self.len += 1;
    }
    /// How many gradients it holds.
    pub fn len(&self) -> usize {
        self.len
    }
    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl IntoIterator for InputGrads {
    type Item = Option<Gradient>;
    type IntoIter = std::iter::Chain<
        std::iter::Take<std::array::IntoIter<Option<Gradient>, INLINE>>,
        std::vec::IntoIter<Option<Gradient>>,
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.inline.into_iter().take(self.len.min(INLINE)).chain(self.rest)
    }
}

impl<const N: usize> From<[Option<Tensor>; N]> for InputGrads {
    fn from(grads: [Option<Tensor>; N]) -> InputGrads {
        grads.into_iter().collect()
    }
}

impl From<Vec<Option<Tensor>>> for InputGrads {
    fn from(grads: Vec<Option<Tensor>>) -> InputGrads {
        grads.into_iter().collect()
    }
}

impl<const N: usize> From<[Option<Gradient>; N]> for InputGrads {
    fn from(grads: [Option<Gradient>; N]) -> InputGrads {
        let mut out = InputGrads::default();
        grads.into_iter().for_each(|g| out.push_gradient(g));
        out
    }
}

impl FromIterator<Option<Tensor>> for InputGrads {
    fn from_iter<I: IntoIterator<Item = Option<Tensor>>>(iter: I) -> InputGrads {
        let mut out = InputGrads::default();
        iter.into_iter().for_each(|g| out.push(g));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_input_order_past_the_inline_slots() {
        let grads: InputGrads = (0..5).map(|i| (i % 2 == 0).then(|| Tensor::scalar(i as f32))).collect();
        let items: Vec<Option<f32>> = grads.into_iter().map(|g| g.map(|t| t.into_dense().item())).collect();
        // Exact: the stored values come back.
        assert_eq!(items, [Some(0.0), None, Some(2.0), None, Some(4.0)]);
        assert_eq!(InputGrads::from(vec![None]).len(), 1);
    }
}
