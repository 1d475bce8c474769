//! A gradient as the backward pass makes it: a dense tensor, or the rows of a lookup table
//! (`SparseRows`), so an embedding's gradient costs its lookups, not its table. Accumulating
//! follows the dense arithmetic (`a + alpha·b` per value); a sum stays rows only while both terms
//! are rows, and any dense term makes it dense.
use crate::{Float, Shape, SparseRows, Tensor};

/// A gradient, dense or row-sparse (see the module docs).
///
/// ```
/// use downhill_tensor::{Gradient, SparseRows, Tensor};
/// let rows = SparseRows::new([3, 2], vec![1], Tensor::from_rows(&[[3.0, 4.0]]).unwrap());
/// let mut g = Gradient::from(rows);
/// assert_eq!(g.sum_squares(), 25.0); // exact: 9 + 16
/// g.add_scaled(Gradient::Dense(Tensor::ones([3, 2])), 1.0);
/// assert_eq!(g.into_dense().data(), &[1.0, 1.0, 4.0, 5.0, 1.0, 1.0]); // exact: small integers
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Gradient {
    /// Every value.
    Dense(Tensor),
    /// Some rows along the first axis; the others are zero. Boxed, so a list of gradients of
    /// dense tensors (every parameter but the tables) costs no more than a list of tensors.
    Rows(Box<SparseRows>),
}

impl Default for Gradient {
    /// An empty dense tensor (what `std::mem::take` leaves behind).
    fn default() -> Gradient {
        Gradient::Dense(Tensor::default())
    }
}

impl From<Tensor> for Gradient {
    fn from(t: Tensor) -> Gradient {
        Gradient::Dense(t)
    }
}

impl From<SparseRows> for Gradient {
    fn from(r: SparseRows) -> Gradient {
        Gradient::Rows(Box::new(r))
    }
}

impl Gradient {
    /// The shape of the dense tensor it stands for.
    pub fn shape(&self) -> &Shape {
        match self {
            Gradient::Dense(t) => t.shape(),
            Gradient::Rows(r) => r.shape(),
        }
    }

    /// Σ g² in f64 (for a row gradient, over its rows: the others are zero).
    pub fn sum_squares(&self) -> f64 {
        match self {
            Gradient::Dense(t) => t.sum_squares(),
            Gradient::Rows(r) => r.sum_squares(),
        }
    }

    /// The dense tensor, made (zeros plus the rows) only for a row gradient.
    pub fn into_dense(self) -> Tensor {
        match self {
            Gradient::Dense(t) => t,
            Gradient::Rows(r) => r.to_dense(),
        }
    }

    /// The dense tensor, if it is one.
    pub fn as_dense(&self) -> Option<&Tensor> {
        match self {
            Gradient::Dense(t) => Some(t),
            Gradient::Rows(_) => None,
        }
    }

    /// The rows, if it is a row gradient.
    pub fn as_rows(&self) -> Option<&SparseRows> {
        match self {
            Gradient::Dense(_) => None,
            Gradient::Rows(r) => Some(&**r),
        }
    }

    /// The values it holds: all of a dense tensor's, or the rows' (for elementwise maps).
    pub fn values_mut(&mut self) -> &mut Tensor {
        match self {
            Gradient::Dense(t) => t,
            Gradient::Rows(r) => r.values_mut(),
        }
    }

    /// `dense += alpha * self` (same shape).
    pub fn add_into(&self, dense: &mut Tensor, alpha: Float) {
        match self {
            Gradient::Dense(t) => dense.add_scaled(t, alpha),
            Gradient::Rows(r) => r.add_into(dense, alpha),
        }
    }

    /// `dense += alpha * self` returning `self.sum_squares()` (the same bits; for a dense gradient
    /// one pass over its values).
    pub fn add_into_sum_squares(&self, dense: &mut Tensor, alpha: Float) -> f64 {
        match self {
            Gradient::Dense(t) => dense.add_scaled_sum_squares(t, alpha),
            Gradient::Rows(r) => {
                r.add_into(dense, alpha);
                r.sum_squares()
            }
        }
    }

    /// True when every value is finite (a row gradient's other values are zero).
    pub fn all_finite(&self) -> bool {
        match self {
            Gradient::Dense(t) => t.all_finite(),
            Gradient::Rows(r) => r.values().all_finite(),
        }
    }

    /// `self += alpha * other` (same shape): rows stay rows when both are; otherwise dense.
    pub fn add_scaled(&mut self, other: Gradient, alpha: Float) {
        assert!(
            self.shape() == other.shape(),
            "Gradient::add_scaled: shape {} and shape {}",
            self.shape(),
            other.shape()
        );
        match (&mut *self, other) {
            (Gradient::Dense(a), b) => b.add_into(a, alpha),
            (Gradient::Rows(a), Gradient::Rows(b)) => a.add_scaled(&b, alpha),
            (Gradient::Rows(a), Gradient::Dense(b)) => {
                let mut dense = a.to_dense();
                dense.add_scaled(&b, alpha);
                *self = Gradient::Dense(dense);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_stay_rows_only_between_rows() {
        let r = |row: usize, v: Float| {
            Gradient::from(SparseRows::new([4, 1], vec![row], Tensor::vector(vec![v]).reshape([1, 1])))
        };
        let mut g = r(1, 2.0);
        g.add_scaled(r(3, 1.0), 2.0);
        assert_eq!(g.as_rows().map(SparseRows::rows), Some(&[1, 3][..]));
        // Exact: 2 and 2·1.
        assert_eq!(g.clone().into_dense().data(), &[0.0, 2.0, 0.0, 2.0]);
        let mut d = Gradient::Dense(Tensor::ones([4, 1]));
        d.add_scaled(g, 0.5);
        assert_eq!(d.as_dense().map(Tensor::data), Some(&[1.0, 2.0, 1.0, 2.0][..]));
    }
}
