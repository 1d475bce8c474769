//! NumPy-style broadcasting: shapes are aligned at their last dimension and a dimension of size 1
//! (or a missing leading one) stretches to match the other. `[m, n]` with `[n]` or `[1, n]` adds a row
//! vector to every row; with `[m, 1]` a column vector to every column.
//!
//! The reverse, `sum_to`, is what backward passes need: the gradient of a broadcast input is the output
//! gradient summed over the stretched dimensions.
use crate::simd::vectorized;
use crate::{Float, Shape, Tensor};

/// The broadcast shape of `a` and `b`, or `None` when they are incompatible.
pub fn broadcast_shape(a: &Shape, b: &Shape) -> Option<Shape> {
    let rank = a.rank().max(b.rank());
    let mut dims = vec![0; rank];
    for (i, out) in dims.iter_mut().enumerate() {
        let da = dim_from_right(a, rank - 1 - i);
        let db = dim_from_right(b, rank - 1 - i);
        *out = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => return None,
        };
    }
    Some(Shape::from(dims))
}

fn dim_from_right(s: &Shape, k: usize) -> usize {
    if k < s.rank() {
        s.dims()[s.rank() - 1 - k]
    } else {
        1
    }
}

/// Strides of `s` seen inside the larger `out` shape: zero on broadcast dimensions.
fn broadcast_strides(s: &Shape, out: &Shape) -> Vec<usize> {
    let own = s.strides();
    let pad = out.rank() - s.rank();
    (0..out.rank()).map(|i| if i < pad || s.dims()[i - pad] == 1 { 0 } else { own[i - pad] }).collect()
}

/// Applies `f` pairwise after broadcasting; panics naming both shapes when they are incompatible.
pub(crate) fn zip_broadcast(a: &Tensor, b: &Tensor, f: impl Fn(Float, Float) -> Float + Sync) -> Tensor {
    if a.shape() == b.shape() {
        return Tensor::written(a.shape().clone(), |out| {
            let part = |out: &mut [Float], a: &[Float], b: &[Float]| vectorized(|| pair_up(out, a, b, &f));
            crate::halves::in_halves(out, a.data(), b.data(), &part)
        });
    }
    let out = broadcast_shape(a.shape(), b.shape())
        .unwrap_or_else(|| panic!("cannot broadcast shapes {} and {}", a.shape(), b.shape()));
    if b.numel() == 1 && out == *a.shape() {
        let y = b.data()[0];
        return Tensor::written(out, |o| o.iter_mut().zip(a.data()).for_each(|(o, &x)| *o = f(x, y)));
    }
    if out == *a.shape() && repeats_over_leading_dims(b.shape(), &out) {
        // b is a's last dimensions' block (a bias row, a positional table over a batch): a's values
        // go by blocks of b's length, each paired with b value for value.
        let tail = b.numel();
        return Tensor::written(out, |o| {
            let blocks = o.chunks_exact_mut(tail).zip(a.data().chunks_exact(tail));
            vectorized(|| blocks.for_each(|(o, x)| pair_up(o, x, b.data(), &f)))
        });
    }
    Tensor::pushed(out.clone(), |data| for_each_pair(a, b, &out, |x, y| data.push(f(x, y))))
}

/// `o[i] = f(x[i], y[i])`.
#[inline(always)]
fn pair_up(o: &mut [Float], x: &[Float], y: &[Float], f: &impl Fn(Float, Float) -> Float) {
    o.iter_mut().zip(x).zip(y).for_each(|((o, &x), &y)| *o = f(x, y));
}

/// Whether `small` (leading ones aside) is `out`'s last dimensions, not empty: broadcasting it
/// repeats its values, in order, once per index of `out`'s leading dimensions.
fn repeats_over_leading_dims(small: &Shape, out: &Shape) -> bool {
    let dims = small.dims();
    let own = &dims[dims.iter().take_while(|&&d| d == 1).count()..];
    small.numel() > 0 && own.len() <= out.rank() && own == &out.dims()[out.rank() - own.len()..]
}

/// In place: `a[i] = f(a[i], b[i])` where `b` broadcasts to `a`'s shape (which must not grow).
pub(crate) fn update_broadcast(a: &mut Tensor, b: &Tensor, f: impl Fn(Float, Float) -> Float) {
    if a.shape() == b.shape() {
        let out = a.data_mut();
        vectorized(|| out.iter_mut().zip(b.data()).for_each(|(x, &y)| *x = f(*x, y)));
        return;
    }
    let ok = broadcast_shape(a.shape(), b.shape()).is_some_and(|s| s == *a.shape());
    assert!(ok, "cannot broadcast shape {} into shape {}", b.shape(), a.shape());
    let out = a.shape().clone();
    let mut values = Vec::with_capacity(out.numel());
    for_each_pair(a, b, &out, |x, y| values.push(f(x, y)));
    a.data_mut().copy_from_slice(&values);
}

/// Calls `f(a_value, b_value)` for every output position in row-major order.
fn for_each_pair(a: &Tensor, b: &Tensor, out: &Shape, mut f: impl FnMut(Float, Float)) {
    let (sa, sb) = (broadcast_strides(a.shape(), out), broadcast_strides(b.shape(), out));
    let rank = out.rank();
    if rank == 0 {
        return f(a.data()[0], b.data()[0]);
    }
    // Walk the output with an odometer over all but the last dimension; the last is a tight loop.
    let last = out.dims()[rank - 1];
    let (la, lb) = (sa[rank - 1], sb[rank - 1]);
    let mut index = vec![0usize; rank - 1];
    let outer: usize = out.dims()[..rank - 1].iter().product();
    for _ in 0..outer {
        let base_a: usize = index.iter().zip(&sa).map(|(i, s)| i * s).sum();
        let base_b: usize = index.iter().zip(&sb).map(|(i, s)| i * s).sum();
        for j in 0..last {
            f(a.data()[base_a + j * la], b.data()[base_b + j * lb]);
        }
        for d in (0..rank - 1).rev() {
            index[d] += 1;
            if index[d] < out.dims()[d] {
                break;
            }
            index[d] = 0;
        }
    }
}

impl Tensor {
    /// Sums over broadcast dimensions so the result has `shape`: the adjoint of broadcasting to
    /// `self.shape()`. Panics when `shape` does not broadcast to `self.shape()`.
    pub fn sum_to(&self, shape: &Shape) -> Tensor {
        if self.shape() == shape {
            return self.clone();
        }
        let ok = broadcast_shape(shape, self.shape()).is_some_and(|s| s == *self.shape());
        assert!(ok, "sum_to: shape {} does not broadcast to {}", shape, self.shape());
        let pad = self.rank() - shape.rank();
        let mut acc = self.clone();
        for axis in 0..self.rank() {
            let keep = axis >= pad && shape.dims()[axis - pad] != 1;
            if !keep && acc.dims()[axis] != 1 {
                acc = acc.sum_axis(axis);
            }
        }
        acc.reshape(shape.clone())
    }

    /// Copies `self` out to the larger broadcast-compatible `shape`.
    pub fn broadcast_to(&self, shape: &Shape) -> Tensor {
        zip_broadcast(&Tensor::zeros(shape.clone()), self, |_, x| x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    fn m(rows: &[&[Float]]) -> Tensor {
        Tensor::from_rows(rows).unwrap()
    }

    #[test]
    fn row_and_column_vectors_broadcast_over_a_matrix() {
        let a = m(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]]);
        let row = Tensor::vector(vec![10.0, 20.0, 30.0]);
        let col = m(&[&[100.0], &[200.0]]);
        // One f32 addition per value: 1e-6. Pairing a wrong element changes a value by at least 1,
        // far outside the bound, so the tolerance cannot hide a broadcasting error.
        let by_row = zip_broadcast(&a, &row, |x, y| x + y);
        assert_close("a + row", by_row.data(), &[11.0, 22.0, 33.0, 14.0, 25.0, 36.0], 1e-6);
        let by_col = zip_broadcast(&a, &col, |x, y| x + y);
        assert_close("a + col", by_col.data(), &[101.0, 102.0, 103.0, 204.0, 205.0, 206.0], 1e-6);
        // [2,1] with [3] gives an outer sum of shape [2, 3].
        let outer = zip_broadcast(&col, &row, |x, y| x + y);
        assert_eq!(outer.dims(), &[2, 3]);
        assert_close("col + row", outer.data(), &[110.0, 120.0, 130.0, 210.0, 220.0, 230.0], 1e-6);
    }

    #[test]
    fn a_block_repeated_over_leading_dimensions_pairs_value_for_value() {
        // [2, 3, 4] with [3, 4] and with [1, 3, 4] (a positional table over a batch): value
        // (n, t, d) pairs with table value (t, d). Exact: each output is x · 1000 + y with small
        // integers, and a wrong pairing changes it by at least 1.
        let x = Tensor::from_vec((0..24).map(|v| v as Float).collect(), [2, 3, 4]).unwrap();
        let want: Vec<Float> = (0..24).map(|v| v as Float * 1000.0 + (v % 12) as Float).collect();
        for table in [[3, 4].as_slice(), &[1, 3, 4]] {
            let y = Tensor::from_vec((0..12).map(|v| v as Float).collect(), table).unwrap();
            let got = zip_broadcast(&x, &y, |a, b| a * 1000.0 + b);
            assert_eq!((got.dims(), got.data()), (&[2, 3, 4][..], &want[..]), "table {table:?}");
        }
        // [4] over [2, 3, 4] is a row; [3, 1] is not a trailing block and takes the general path.
        assert!(repeats_over_leading_dims(&Shape::from([4]), x.shape()));
        assert!(!repeats_over_leading_dims(&Shape::from([3, 1]), x.shape()));
        let col = Tensor::from_vec(vec![1.0, 2.0, 3.0], [3, 1]).unwrap();
        let got = zip_broadcast(&x, &col, |a, b| a * 1000.0 + b);
        let want: Vec<Float> = (0..24).map(|v| v as Float * 1000.0 + (v / 4 % 3 + 1) as Float).collect();
        assert_eq!(got.data(), &want[..]);
    }

    #[test]
    fn incompatible_shapes_are_reported() {
        assert_eq!(broadcast_shape(&Shape::from([2, 3]), &Shape::from([2])), None);
        let r =
            std::panic::catch_unwind(|| zip_broadcast(&Tensor::zeros([2, 3]), &Tensor::zeros([2]), |x, _| x));
        let msg = *r.unwrap_err().downcast::<String>().unwrap();
        assert!(msg.contains("[2, 3]") && msg.contains("[2]"), "{msg}");
    }

    #[test]
    fn sum_to_is_the_adjoint_of_broadcasting() {
        let g = m(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]]);
        // Sums of 2, 3 or 6 values, accumulated in f64 and rounded once to f32: 1e-6.
        assert_close("sum_to [3]", g.sum_to(&Shape::from([3])).data(), &[5.0, 7.0, 9.0], 1e-6);
        assert_close("sum_to [2, 1]", g.sum_to(&Shape::from([2, 1])).data(), &[6.0, 15.0], 1e-6);
        assert_close("sum_to []", g.sum_to(&Shape::scalar()).data(), &[21.0], 1e-6);
        assert_eq!(g.sum_to(&Shape::from([1, 3])).dims(), &[1, 3]);
    }

    #[test]
    fn update_in_place_with_a_broadcast_row() {
        let mut a = m(&[&[1.0, 2.0], &[3.0, 4.0]]);
        update_broadcast(&mut a, &Tensor::vector(vec![1.0, -1.0]), |x, y| x * y);
        // One f32 product per value: 1e-6.
        assert_close("a ⊙ row", a.data(), &[1.0, -2.0, 3.0, -4.0], 1e-6);
    }
}
