//! A row-sparse tensor: some rows (along the first axis) of a dense tensor whose other rows are
//! zero, as MXNet's `row_sparse` storage and torch's coalesced sparse gradient of
//! `nn.Embedding(sparse=True)`:
//!   dense[rows[j]] = values[j]  for j < k;   every other row of `shape` is zero
//! `rows` is sorted and holds no index twice (coalesced), so a row's values are its whole value and
//! anything nonlinear in them (SparseAdam's g², a norm) is right. `values` is [k, ...] with the
//! dense shape's trailing dimensions.
//!
//! The gradient of a table lookup is made here (`from_lookups`, the scatter-add y[k] = W[i_k]
//! transposes) in O(k log k + k·row) for k lookups, never touching the table's other rows.
use crate::{simd, Float, Shape, Tensor};

/// Rows `rows` of a tensor of shape `shape`, the others zero (see the module docs).
///
/// ```
/// use downhill_tensor::{SparseRows, Tensor};
/// let dy = Tensor::from_rows(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).unwrap();
/// // Lookups of rows 4, 1, 4 of a [6, 2] table: row 4's two gradients add up.
/// let g = SparseRows::from_lookups(&[6, 2].into(), &[4, 1, 4], &dy, None);
/// assert_eq!(g.rows(), &[1, 4]);
/// assert_eq!(g.values().data(), &[3.0, 4.0, 6.0, 8.0]); // exact: sums of small integers
/// assert_eq!(g.to_dense().row(4), &[6.0, 8.0]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SparseRows {
    shape: Shape,
    rows: Vec<usize>,
    values: Tensor,
}

impl SparseRows {
    /// Rows `rows` (sorted, each once, below `shape`'s first dimension) holding `values` `[k, ...]`;
    /// panics naming what does not fit (programmer error).
    pub fn new(shape: impl Into<Shape>, rows: Vec<usize>, values: Tensor) -> SparseRows {
        let shape = shape.into();
        assert!(shape.rank() >= 1, "SparseRows: a scalar shape has no rows");
        let n = shape.dims()[0];
        let want: Vec<usize> = [rows.len()].into_iter().chain(shape.dims()[1..].iter().copied()).collect();
        assert!(
            values.dims() == want,
            "SparseRows: values of shape {} for {} rows of shape {shape}",
            values.shape(),
            rows.len()
        );
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "SparseRows: rows {rows:?} are not sorted and unique");
        assert!(
            rows.last().is_none_or(|&r| r < n),
            "SparseRows: row {:?} out of bounds for shape {shape}",
            rows.last()
        );
        SparseRows { shape, rows, values }
    }

    /// No rows: the zero tensor of `shape`.
    pub fn empty(shape: impl Into<Shape>) -> SparseRows {
        let shape = shape.into();
        let dims: Vec<usize> = [0].into_iter().chain(shape.dims()[1..].iter().copied()).collect();
        SparseRows::new(shape, Vec::new(), Tensor::zeros(dims))
    }

    /// The gradient of the lookups `y[k] = table[lookups[k]]` given `dy` (`[lookups.len(), ...]`),
    /// for a table of `shape`: `dtable[i] = Σ_{k: lookups[k] = i} dy[k]`, summed in k order from +0
    /// (the dense scatter-add's order, so densifying gives the same bits). Lookups of `skip` (an
    /// embedding's padding row) add nothing and leave no row.
    pub fn from_lookups(shape: &Shape, lookups: &[usize], dy: &Tensor, skip: Option<usize>) -> SparseRows {
        let per = row_len(shape);
        assert!(
            dy.numel() == lookups.len() * per,
            "from_lookups: dy of shape {} for {} lookups of shape {shape}",
            dy.shape(),
            lookups.len()
        );
        let mut order: Vec<usize> = (0..lookups.len()).filter(|&k| Some(lookups[k]) != skip).collect();
        order.sort_by_key(|&k| lookups[k]); // stable: equal rows keep their k order
        let mut rows: Vec<usize> = order.iter().map(|&k| lookups[k]).collect();
        rows.dedup();
        let dims: Vec<usize> = [rows.len()].into_iter().chain(shape.dims()[1..].iter().copied()).collect();
        let mut values = Tensor::zeros(dims);
        let out = values.data_mut();
        let mut j = 0;
        for (pos, &k) in order.iter().enumerate() {
            if pos > 0 && lookups[k] != lookups[order[pos - 1]] {
                j += 1;
            }
            simd::axpy(&mut out[j * per..(j + 1) * per], 1.0, &dy.data()[k * per..(k + 1) * per]);
        }
        SparseRows::new(shape.clone(), rows, values)
    }

    /// The dense tensor's shape.
    pub fn shape(&self) -> &Shape {
        &self.shape
    }
    /// The rows held, sorted and unique.
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }
    /// The held rows' values, `[k, ...]`.
    pub fn values(&self) -> &Tensor {
        &self.values
    }
    /// The held rows' values, mutably (the rows stay the same).
    pub fn values_mut(&mut self) -> &mut Tensor {
        &mut self.values
    }
    /// Values per row: the product of the dense shape's trailing dimensions.
    pub fn row_len(&self) -> usize {
        row_len(&self.shape)
    }

    /// Σ v² over the held values in f64: the dense tensor's, whose other values are zero.
    pub fn sum_squares(&self) -> f64 {
        self.values.sum_squares()
    }

    /// `dense[rows[j]] += alpha * values[j]` (the same arithmetic as `Tensor::add_scaled` on the
    /// densified tensor, restricted to the rows that are not zero).
    pub fn add_into(&self, dense: &mut Tensor, alpha: Float) {
        self.check_dense("add_into", dense);
        let out = dense.data_mut();
        for (j, r) in self.spans() {
            simd::axpy(&mut out[r], alpha, &self.values.data()[j]);
        }
    }

    /// `values[j] <- dense[rows[j]] + values[j]` (a row update becomes the rows it leads to); true
    /// when every result is finite. The row form of `Tensor::plus_checked`.
    pub fn plus_checked(&mut self, dense: &Tensor) -> bool {
        self.check_dense("plus_checked", dense);
        let spans: Vec<_> = self.spans().collect();
        let (values, p) = (self.values.data_mut(), dense.data());
        let mut finite = true;
        for (j, r) in spans {
            for (u, &p) in values[j].iter_mut().zip(&p[r]) {
                *u += p;
                finite &= u.is_finite();
            }
        }
        finite
    }

    /// `dense[rows[j]] = values[j]`, the other rows left as they are.
    pub fn write_into(&self, dense: &mut Tensor) {
        self.check_dense("write_into", dense);
        let out = dense.data_mut();
        for (j, r) in self.spans() {
            out[r].copy_from_slice(&self.values.data()[j]);
        }
    }

    /// `(values range, dense range)` of each held row, in row order.
    fn spans(&self) -> impl Iterator<Item = (std::ops::Range<usize>, std::ops::Range<usize>)> + '_ {
        let per = self.row_len();
        self.rows.iter().enumerate().map(move |(j, &r)| (j * per..(j + 1) * per, r * per..(r + 1) * per))
    }

    fn check_dense(&self, what: &str, dense: &Tensor) {
        let same = dense.shape() == &self.shape;
        assert!(same, "{what}: rows of shape {} and dense shape {}", self.shape, dense.shape());
    }

    /// The dense tensor: zeros with the rows added in. Allocates rows × row_len values, which is
    /// what the row form exists to avoid; for callers that need every value.
    pub fn to_dense(&self) -> Tensor {
        let mut dense = Tensor::zeros(self.shape.clone());
        self.add_into(&mut dense, 1.0);
        dense
    }

    /// `self += alpha * other` (same dense shape): the union of both row sets, rows in both summed.
    pub fn add_scaled(&mut self, other: &SparseRows, alpha: Float) {
        assert!(
            self.shape == other.shape,
            "SparseRows::add_scaled: shape {} and shape {}",
            self.shape,
            other.shape
        );
        let per = self.row_len();
        let (a, b) = (self.values.data(), other.values.data());
        let (mut rows, mut values) = (Vec::with_capacity(self.rows.len() + other.rows.len()), Vec::new());
        let (mut i, mut j) = (0, 0);
        while i < self.rows.len() || j < other.rows.len() {
            let (ra, rb) = (self.rows.get(i).copied(), other.rows.get(j).copied());
            let take_a = rb.is_none_or(|rb| ra.is_some_and(|ra| ra <= rb));
            let take_b = ra.is_none_or(|ra| rb.is_some_and(|rb| rb <= ra));
            let start = values.len();
            match take_a {
                true => values.extend_from_slice(&a[i * per..(i + 1) * per]),
                false => values.resize(start + per, 0.0),
            }
            if take_b {
                simd::axpy(&mut values[start..], alpha, &b[j * per..(j + 1) * per]);
            }
            rows.push(if take_a { self.rows[i] } else { other.rows[j] });
            i += take_a as usize;
            j += take_b as usize;
        }
        let dims: Vec<usize> =
            [rows.len()].into_iter().chain(self.shape.dims()[1..].iter().copied()).collect();
        self.values = Tensor::from_vec(values, dims).unwrap_or_else(|e| panic!("{e}"));
        self.rows = rows;
    }
}

fn row_len(shape: &Shape) -> usize {
    shape.dims()[1..].iter().product()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_coalesce_and_the_skipped_row_is_left_out() {
        let dy = Tensor::from_rows(&[[1.0], [2.0], [3.0], [4.0], [5.0]]).unwrap();
        let g = SparseRows::from_lookups(&[5, 1].into(), &[3, 0, 3, 2, 3], &dy, Some(2));
        assert_eq!(g.rows(), &[0, 3]);
        // Exact: 1 + 3 + 5 in small integers.
        assert_eq!(g.values().data(), &[2.0, 9.0]);
        assert_eq!(g.to_dense().data(), &[2.0, 0.0, 0.0, 9.0, 0.0]);
        // Sum of squares 4 + 81, exact in f64.
        assert_eq!(g.sum_squares(), 85.0);
        let none = SparseRows::from_lookups(&[5, 1].into(), &[2, 2], &Tensor::zeros([2, 1]), Some(2));
        assert!(none.rows().is_empty() && none.values().dims() == [0, 1]);
    }

    #[test]
    fn adding_merges_the_row_sets() {
        let mut a =
            SparseRows::new([6, 2], vec![1, 4], Tensor::from_rows(&[[1.0, 1.0], [2.0, 2.0]]).unwrap());
        let b = SparseRows::new(
            [6, 2],
            vec![0, 4, 5],
            Tensor::from_rows(&[[3.0, 3.0], [4.0, 4.0], [5.0, 5.0]]).unwrap(),
        );
        let mut dense = a.to_dense();
        dense.add_scaled(&b.to_dense(), 0.5);
        a.add_scaled(&b, 0.5);
        assert_eq!(a.rows(), &[0, 1, 4, 5]);
        // Exact: halves of small integers; the merge does the dense sum's arithmetic row by row.
        assert_eq!(a.to_dense().data(), dense.data());
        assert_eq!(a.values().data(), &[1.5, 1.5, 1.0, 1.0, 4.0, 4.0, 2.5, 2.5]);
    }

    #[test]
    #[should_panic(expected = "not sorted and unique")]
    fn unsorted_rows_are_refused() {
        SparseRows::new([3, 1], vec![2, 1], Tensor::zeros([2, 1]));
    }
}
