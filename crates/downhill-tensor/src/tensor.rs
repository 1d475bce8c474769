//! The tensor type: a contiguous, row-major buffer of `Float` with its shape.
//!
//! The buffer is shared copy-on-write (`Arc`): `clone` is O(1) and `data_mut` copies only while
//! another clone still holds the same buffer. Tensors keep value semantics, but putting a parameter
//! on a tape (`Tape::param`) or keeping a batch costs no copy: on the MNIST MLP that removed a
//! 0.94 MB memcpy from every step.
use crate::{Float, Rng, Shape, ShapeError};
use std::sync::Arc;

/// A dense, contiguous, row-major tensor of `Float`.
///
/// ```
/// use downhill_tensor::Tensor;
/// let a = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], [2, 2]).unwrap();
/// assert_eq!(a.at(&[1, 0]), 3.0); // exact: `at` reads the stored value back
/// assert!(Tensor::from_vec(vec![1.0, 2.0], [2, 2]).is_err());
/// ```
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Tensor {
    shape: Shape,
    data: Arc<Vec<Float>>,
}

impl Tensor {
    /// Wraps `data` as a tensor of `shape`; an error names both sizes when they differ.
    pub fn from_vec(data: Vec<Float>, shape: impl Into<Shape>) -> Result<Tensor, ShapeError> {
        let shape = shape.into();
        if data.len() != shape.numel() {
            return Err(ShapeError::LengthMismatch {
                context: "Tensor::from_vec",
                expected: shape.numel(),
                actual: data.len(),
                shape,
            });
        }
        Ok(Tensor { shape, data: Arc::new(data) })
    }

    /// Builds a matrix from rows of equal length; an error names the first ragged row.
    pub fn from_rows<R: AsRef<[Float]>>(rows: &[R]) -> Result<Tensor, ShapeError> {
        let cols = rows.first().map_or(0, |r| r.as_ref().len());
        let mut data = Vec::with_capacity(rows.len() * cols);
        for (i, row) in rows.iter().enumerate() {
            let row = row.as_ref();
            if row.len() != cols {
                return Err(ShapeError::RaggedRows {
                    context: "Tensor::from_rows",
                    row: i,
                    expected: cols,
                    actual: row.len(),
                });
            }
            data.extend_from_slice(row);
        }
        Ok(Tensor { shape: Shape::from([rows.len(), cols]), data: Arc::new(data) })
    }

    /// Internal constructor for math code that has already checked the length.
    pub(crate) fn from_parts(data: Vec<Float>, shape: Shape) -> Tensor {
        debug_assert_eq!(data.len(), shape.numel(), "buffer length vs shape {shape}");
        Tensor { shape, data: Arc::new(data) }
    }

    /// A 1-D tensor holding `data`.
    pub fn vector(data: Vec<Float>) -> Tensor {
        let n = data.len();
        Tensor { shape: Shape::from(n), data: Arc::new(data) }
    }

    /// A rank-0 tensor holding one value.
    pub fn scalar(x: Float) -> Tensor {
        Tensor { shape: Shape::scalar(), data: Arc::new(vec![x]) }
    }

    pub fn full(shape: impl Into<Shape>, value: Float) -> Tensor {
        let shape = shape.into();
        Tensor { data: Arc::new(crate::huge_pages::filled(shape.numel(), value)), shape }
    }
    pub fn zeros(shape: impl Into<Shape>) -> Tensor {
        Tensor::full(shape, 0.0)
    }
    pub fn ones(shape: impl Into<Shape>) -> Tensor {
        Tensor::full(shape, 1.0)
    }
    pub fn zeros_like(other: &Tensor) -> Tensor {
        Tensor::zeros(other.shape.clone())
    }

    /// `n` evenly spaced values from `start` to `end` inclusive (1-D).
    pub fn linspace(start: Float, end: Float, n: usize) -> Tensor {
        let step = if n > 1 { (end - start) / (n - 1) as Float } else { 0.0 };
        Tensor::vector((0..n).map(|i| start + step * i as Float).collect())
    }

    /// Independent uniform draws from `[low, high)`.
    pub fn rand_uniform(shape: impl Into<Shape>, low: Float, high: Float, rng: &mut Rng) -> Tensor {
        let shape = shape.into();
        let mut data = crate::huge_pages::with_capacity(shape.numel());
        data.extend((0..shape.numel()).map(|_| rng.uniform(low, high)));
        Tensor { shape, data: Arc::new(data) }
    }

    /// Independent normal draws with the given mean and standard deviation.
    pub fn rand_normal(shape: impl Into<Shape>, mean: Float, std: Float, rng: &mut Rng) -> Tensor {
        let shape = shape.into();
        let mut data = crate::huge_pages::with_capacity(shape.numel());
        data.extend((0..shape.numel()).map(|_| mean + std * rng.normal()));
        Tensor { shape, data: Arc::new(data) }
    }

    pub fn shape(&self) -> &Shape {
        &self.shape
    }
    pub fn dims(&self) -> &[usize] {
        self.shape.dims()
    }
    pub fn rank(&self) -> usize {
        self.shape.rank()
    }
    pub fn numel(&self) -> usize {
        self.data.len()
    }
    pub fn data(&self) -> &[Float] {
        &self.data
    }
    /// The values, mutably; copies the buffer first if another clone shares it.
    pub fn data_mut(&mut self) -> &mut [Float] {
        Arc::make_mut(&mut self.data).as_mut_slice()
    }
    /// The values as a `Vec` (no copy unless another clone shares the buffer).
    pub fn into_vec(self) -> Vec<Float> {
        Arc::try_unwrap(self.data).unwrap_or_else(|shared| (*shared).clone())
    }
    /// True when `self` and `other` are clones sharing one buffer (no copy was made).
    pub fn shares_buffer(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.data, &other.data)
    }

    /// Rows of a matrix (first dimension); panics unless the tensor is 2-D.
    pub fn rows(&self) -> usize {
        self.expect_matrix("rows");
        self.dims()[0]
    }
    /// Columns of a matrix (second dimension); panics unless the tensor is 2-D.
    pub fn cols(&self) -> usize {
        self.expect_matrix("cols");
        self.dims()[1]
    }
    pub(crate) fn expect_matrix(&self, op: &str) {
        assert!(self.rank() == 2, "{op}: expected a 2-D tensor, got shape {}", self.shape);
    }

    /// The single value of a one-element tensor; panics otherwise.
    pub fn item(&self) -> Float {
        assert!(self.numel() == 1, "item: tensor of shape {} has {} values", self.shape, self.numel());
        self.data[0]
    }

    /// The value at a multi-index; panics when the index does not fit the shape.
    pub fn at(&self, index: &[usize]) -> Float {
        self.data[self.offset(index)]
    }
    pub fn set(&mut self, index: &[usize], value: Float) {
        let i = self.offset(index);
        self.data_mut()[i] = value;
    }
    fn offset(&self, index: &[usize]) -> usize {
        let fits = index.len() == self.rank() && index.iter().zip(self.dims()).all(|(i, d)| i < d);
        assert!(fits, "index {index:?} out of bounds for shape {}", self.shape);
        index.iter().zip(self.shape.strides()).map(|(i, s)| i * s).sum()
    }

    /// Row `i` of a matrix as a slice.
    pub fn row(&self, i: usize) -> &[Float] {
        let cols = self.cols();
        assert!(i < self.rows(), "row {i} out of bounds for shape {}", self.shape);
        &self.data[i * cols..(i + 1) * cols]
    }

    /// True when every value is finite (no NaN or infinity).
    pub fn all_finite(&self) -> bool {
        crate::simd::all_finite(&self.data)
    }

    /// Checks that `self` has `expected` shape; for validating user-supplied values.
    pub fn check_shape(&self, expected: &Shape, context: impl Into<String>) -> Result<(), ShapeError> {
        if &self.shape == expected {
            return Ok(());
        }
        Err(ShapeError::Mismatch {
            context: context.into(),
            expected: expected.clone(),
            actual: self.shape.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    #[test]
    fn from_vec_rejects_wrong_length_naming_both_sizes() {
        let err = Tensor::from_vec(vec![1.0; 5], [2, 3]).unwrap_err().to_string();
        assert!(err.contains("expected 6") && err.contains("got 5") && err.contains("[2, 3]"), "{err}");
    }

    #[test]
    fn from_rows_names_the_ragged_row() {
        let err = Tensor::from_rows(&[vec![1.0, 2.0], vec![3.0]]).unwrap_err().to_string();
        assert!(err.contains("row 1"), "{err}");
    }

    #[test]
    fn indexing_is_row_major() {
        let t = Tensor::from_rows(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).unwrap();
        // Exact: `at` and `row` read stored values back without arithmetic.
        assert_eq!(t.at(&[1, 2]), 6.0);
        assert_eq!(t.row(1), &[4.0, 5.0, 6.0]);
        assert_eq!((t.rows(), t.cols()), (2, 3));
    }

    #[test]
    #[should_panic(expected = "out of bounds")]
    fn indexing_past_the_end_panics() {
        Tensor::zeros([2, 2]).at(&[2, 0]);
    }

    #[test]
    fn clones_share_until_written() {
        let a = Tensor::ones([3]);
        let mut b = a.clone();
        assert!(b.shares_buffer(&a));
        b.data_mut()[0] = 2.0;
        assert!(!b.shares_buffer(&a));
        // Exact: the values are the stored ones and 2.0 as written; copy-on-write computes nothing.
        assert_eq!((a.data(), b.data()), (&[1.0, 1.0, 1.0][..], &[2.0, 1.0, 1.0][..]));
        let ptr = b.data().as_ptr();
        let v = b.into_vec();
        assert_eq!(v.as_ptr(), ptr, "a sole owner gives its buffer back without a copy");
    }

    #[test]
    fn linspace_includes_both_ends() {
        let t = Tensor::linspace(-1.0, 1.0, 5);
        // start + step · i: one division for the step, then a product and a sum per value, 1e-6.
        assert_close("linspace(-1, 1, 5)", t.data(), &[-1.0, -0.5, 0.0, 0.5, 1.0], 1e-6);
    }

    #[test]
    fn check_shape_names_expected_and_actual() {
        let err = Tensor::zeros([2, 3]).check_shape(&Shape::from([3, 2]), "layer.weight").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("layer.weight") && msg.contains("[3, 2]") && msg.contains("[2, 3]"), "{msg}");
    }
}
