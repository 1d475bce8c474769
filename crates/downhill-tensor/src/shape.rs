//! Tensor shapes: a list of dimensions, row-major (the last dimension is contiguous).
//!
//! Up to `INLINE` dimensions are stored in the value itself, so making, cloning and comparing the
//! shape of a tensor (every op does) allocates nothing; higher ranks fall back to a `Vec`.
use std::fmt;
use std::hash::{Hash, Hasher};

/// Dimensions stored without a heap allocation (NCHW images need 4; permutes of 6-D views fit).
const INLINE: usize = 6;

/// The dimensions of a tensor. Rank 0 (no dimensions) is a scalar holding one value.
#[derive(Clone)]
pub struct Shape(Dims);

/// Invariant: `Inline` exactly when the rank is at most `INLINE`, with unused slots zero.
#[derive(Clone)]
enum Dims {
    Inline { rank: u8, dims: [usize; INLINE] },
    Heap(Vec<usize>),
}

impl Shape {
    /// The shape with these dimensions, outermost first.
    pub fn new(dims: impl AsRef<[usize]>) -> Self {
        let dims = dims.as_ref();
        if dims.len() > INLINE {
            return Shape(Dims::Heap(dims.to_vec()));
        }
        let mut inline = [0; INLINE];
        inline[..dims.len()].copy_from_slice(dims);
        Shape(Dims::Inline { rank: dims.len() as u8, dims: inline })
    }
    /// The shape of a scalar: rank 0, one value.
    pub fn scalar() -> Self {
        Shape(Dims::Inline { rank: 0, dims: [0; INLINE] })
    }
    /// The dimensions, outermost first.
    pub fn dims(&self) -> &[usize] {
        match &self.0 {
            Dims::Inline { rank, dims } => &dims[..*rank as usize],
            Dims::Heap(v) => v,
        }
    }
    fn dims_mut(&mut self) -> &mut [usize] {
        match &mut self.0 {
            Dims::Inline { rank, dims } => &mut dims[..*rank as usize],
            Dims::Heap(v) => v,
        }
    }
    /// The number of dimensions.
    pub fn rank(&self) -> usize {
        self.dims().len()
    }
    /// Number of elements: the product of the dimensions (1 for a scalar). A product beyond
    /// `usize` saturates at `usize::MAX`, which no buffer holds (allocating one fails as out of
    /// memory), rather than wrapping to a small count that would pass for a real shape.
    pub fn numel(&self) -> usize {
        self.checked_numel().unwrap_or(usize::MAX)
    }
    /// Number of elements, or `None` when the product of the dimensions overflows `usize`.
    pub fn checked_numel(&self) -> Option<usize> {
        self.dims().iter().try_fold(1usize, |n, &d| n.checked_mul(d))
    }
    /// Size of dimension `axis`; panics when `axis >= rank`.
    pub fn dim(&self, axis: usize) -> usize {
        assert!(axis < self.rank(), "axis {axis} out of range for shape {self}");
        self.dims()[axis]
    }
    /// `(outer, n, inner)` such that the tensor is viewed as `[outer, n, inner]` around `axis`.
    pub fn split_at_axis(&self, axis: usize) -> (usize, usize, usize) {
        let n = self.dim(axis);
        let outer = self.dims()[..axis].iter().product();
        let inner = self.dims()[axis + 1..].iter().product();
        (outer, n, inner)
    }
    /// The same shape with dimension `axis` replaced by `size`.
    pub fn with_dim(&self, axis: usize, size: usize) -> Shape {
        let mut out = self.clone();
        out.dims_mut()[axis] = size;
        out
    }
    /// Row-major strides, in elements.
    pub fn strides(&self) -> Vec<usize> {
        let mut strides = vec![1; self.rank()];
        for i in (0..self.rank().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1] * self.dims()[i + 1];
        }
        strides
    }
}

impl Default for Shape {
    fn default() -> Self {
        Shape::scalar()
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Shape) -> bool {
        self.dims() == other.dims()
    }
}
impl Eq for Shape {}

impl Hash for Shape {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.dims().hash(state)
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[")?;
        for (i, d) in self.dims().iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{d}")?;
        }
        write!(f, "]")
    }
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<Vec<usize>> for Shape {
    fn from(v: Vec<usize>) -> Self {
        match v.len() > INLINE {
            true => Shape(Dims::Heap(v)),
            false => Shape::new(v),
        }
    }
}
impl From<&[usize]> for Shape {
    fn from(v: &[usize]) -> Self {
        Shape::new(v)
    }
}
impl<const N: usize> From<[usize; N]> for Shape {
    fn from(v: [usize; N]) -> Self {
        Shape::new(v)
    }
}
impl From<usize> for Shape {
    fn from(n: usize) -> Self {
        Shape::new([n])
    }
}
impl FromIterator<usize> for Shape {
    /// Collects dimensions without allocating when they fit inline.
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut dims = [0; INLINE];
        let mut iter = iter.into_iter();
        for rank in 0..=INLINE {
            match iter.next() {
                None => return Shape(Dims::Inline { rank: rank as u8, dims }),
                Some(d) if rank < INLINE => dims[rank] = d,
                Some(d) => return Shape(Dims::Heap(dims.into_iter().chain([d]).chain(iter).collect())),
            }
        }
        unreachable!("the loop returns by its last pass")
    }
}
impl From<&Shape> for Shape {
    fn from(s: &Shape) -> Self {
        s.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strides_are_row_major() {
        assert_eq!(Shape::from([2, 3, 4]).strides(), vec![12, 4, 1]);
        assert_eq!(Shape::scalar().strides(), Vec::<usize>::new());
    }

    #[test]
    fn split_at_axis_views_as_outer_n_inner() {
        assert_eq!(Shape::from([2, 3, 4]).split_at_axis(1), (2, 3, 4));
        assert_eq!(Shape::from([5, 7]).split_at_axis(1), (5, 7, 1));
        assert_eq!(Shape::scalar().numel(), 1);
    }

    #[test]
    fn inline_and_heap_shapes_compare_by_their_dimensions() {
        let small = Shape::from([2, 3]).with_dim(1, 5);
        assert_eq!(small, Shape::from(vec![2, 5]));
        assert_ne!(small, Shape::from([2, 5, 1]));
        let big = Shape::from(vec![1, 2, 3, 4, 5, 6, 7]);
        assert_eq!((big.rank(), big.numel(), big.dim(6)), (7, 5040, 7));
        assert_eq!(big.with_dim(0, 2).numel(), 10080);
        assert_eq!(Shape::default(), Shape::scalar());
        assert_eq!((1..=3).collect::<Shape>(), Shape::from([1, 2, 3]));
        assert_eq!((1..=8).collect::<Shape>().dims(), &[1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn displays_like_a_list() {
        assert_eq!(Shape::from([3, 4]).to_string(), "[3, 4]");
    }
}
