//! Making tensors: from user data (`from_vec`, `from_rows`: a `Result` naming the sizes), from
//! kernels (`written`, `pushed`: a buffer from this thread's pool when it has one of the size, see
//! `pool.rs`), filled (`full`, `zeros`, `ones`) and random (`rand_uniform`, `rand_normal`).
use crate::pool;
use crate::{Float, Rng, Shape, ShapeError, Tensor};
use std::sync::Arc;

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
        Ok(Tensor::from_buffer(Arc::new(data), shape))
    }

    /// A tensor of `shape` whose values `write` sets, every one of them: the buffer may be a recycled
    /// one holding another tensor's values (NaN in debug builds, so a value read before it is
    /// written shows). For kernels that overwrite their output (a product with beta = 0, a copy).
    pub fn written(shape: impl Into<Shape>, write: impl FnOnce(&mut [Float])) -> Tensor {
        let shape = shape.into();
        let n = shape.numel();
        let mut data = match pool::take(n) {
            Some(mut buf) => {
                if cfg!(debug_assertions) {
                    if let Some(v) = Arc::get_mut(&mut buf) {
                        v.fill(Float::NAN);
                    }
                }
                buf
            }
            None => Arc::new(crate::huge_pages::filled(n, 0.0)),
        };
        write(Arc::get_mut(&mut data).map_or(&mut [][..], |v| v.as_mut_slice()));
        Tensor::from_buffer(data, shape)
    }

    /// A tensor of `shape` whose values `push` appends, in row-major order, to an empty vector with
    /// room for them (a recycled buffer when the pool has one). Panics unless exactly
    /// `shape.numel()` values were pushed.
    pub fn pushed(shape: impl Into<Shape>, push: impl FnOnce(&mut Vec<Float>)) -> Tensor {
        let shape = shape.into();
        let n = shape.numel();
        let mut data = pool::take(n).unwrap_or_else(|| Arc::new(crate::huge_pages::with_capacity(n)));
        if let Some(v) = Arc::get_mut(&mut data) {
            v.clear();
            push(v);
        }
        assert!(data.len() == n, "Tensor::pushed: {} values pushed for shape {shape}", data.len());
        Tensor::from_buffer(data, shape)
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
        Ok(Tensor::from_buffer(Arc::new(data), Shape::from([rows.len(), cols])))
    }

    /// Internal constructor for math code that has already checked the length.
    pub(crate) fn from_parts(data: Vec<Float>, shape: Shape) -> Tensor {
        debug_assert_eq!(data.len(), shape.numel(), "buffer length vs shape {shape}");
        Tensor::from_buffer(Arc::new(data), shape)
    }

    /// A 1-D tensor holding `data`.
    pub fn vector(data: Vec<Float>) -> Tensor {
        let n = data.len();
        Tensor::from_buffer(Arc::new(data), Shape::from(n))
    }

    /// A rank-0 tensor holding one value.
    pub fn scalar(x: Float) -> Tensor {
        Tensor::written(Shape::scalar(), |v| v[0] = x)
    }

    /// A tensor of `shape` with every value `value`.
    pub fn full(shape: impl Into<Shape>, value: Float) -> Tensor {
        let shape = shape.into();
        match pool::take(shape.numel()) {
            Some(mut buf) => {
                if let Some(v) = Arc::get_mut(&mut buf) {
                    v.fill(value);
                }
                Tensor::from_buffer(buf, shape)
            }
            None => Tensor::from_buffer(Arc::new(crate::huge_pages::filled(shape.numel(), value)), shape),
        }
    }
    /// A tensor of `shape` filled with 0.
    pub fn zeros(shape: impl Into<Shape>) -> Tensor {
        Tensor::full(shape, 0.0)
    }
    /// A tensor of `shape` filled with 1.
    pub fn ones(shape: impl Into<Shape>) -> Tensor {
        Tensor::full(shape, 1.0)
    }
    /// Zeros of `other`'s shape.
    pub fn zeros_like(other: &Tensor) -> Tensor {
        Tensor::zeros(other.shape().clone())
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
        Tensor::from_buffer(Arc::new(data), shape)
    }

    /// Independent normal draws with the given mean and standard deviation.
    pub fn rand_normal(shape: impl Into<Shape>, mean: Float, std: Float, rng: &mut Rng) -> Tensor {
        let shape = shape.into();
        let mut data = crate::huge_pages::with_capacity(shape.numel());
        data.extend((0..shape.numel()).map(|_| mean + std * rng.normal()));
        Tensor::from_buffer(Arc::new(data), shape)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Float, Tensor};
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
    fn a_dropped_tensor_lends_its_buffer_to_the_next_of_its_size() {
        crate::release_buffers();
        let a = Tensor::full([3, 5], 2.0);
        let ptr = a.data().as_ptr();
        let kept = a.clone();
        drop(a); // still shared with `kept`: nothing is recycled
        let b = Tensor::zeros([15]);
        assert_ne!(b.data().as_ptr(), ptr);
        drop(b);
        drop(kept); // the last owner: `a`'s buffer is shelved last, so it is handed out first
                    // Exact below: values are stored, not computed.
        let c = Tensor::pushed([5, 3], |v| v.extend((0..15).map(|i| i as Float)));
        assert_eq!((c.data().as_ptr(), c.data()[14]), (ptr, 14.0));
        let d = Tensor::written([15], |v| v.iter_mut().for_each(|x| *x = 1.0));
        assert!(d.data().iter().all(|&x| x == 1.0));
        drop(c);
        let e = Tensor::written([1, 15], |v| {
            // A recycled buffer arrives with stale values, poisoned in debug builds.
            assert!(!cfg!(debug_assertions) || v.iter().all(|x| x.is_nan()));
            v.fill(0.5);
        });
        assert_eq!(e.data().as_ptr(), ptr);
    }

    #[test]
    fn linspace_includes_both_ends() {
        let t = Tensor::linspace(-1.0, 1.0, 5);
        // start + step · i: one division for the step, then a product and a sum per value, 1e-6.
        assert_close("linspace(-1, 1, 5)", t.data(), &[-1.0, -0.5, 0.0, 0.5, 1.0], 1e-6);
    }
}
