//! Permutation of axes (torch `permute`): y = x.permute(axes) has dims y.d[k] = x.d[axes[k]] and
//!   y[j_0, …, j_{r−1}] = x[i]  with  i[axes[k]] = j_k,
//! so y reads x through the strides s_y[k] = s_x[axes[k]]. The adjoint is the inverse permutation:
//! x = y.permute(inverse_permutation(axes)).
use crate::{Float, Shape, Tensor};

/// The permutation `inv` with `inv[axes[k]] = k`; panics unless `axes` is a permutation of 0..len.
pub fn inverse_permutation(axes: &[usize]) -> Vec<usize> {
    assert!(is_permutation(axes), "permute: {axes:?} is not a permutation of 0..{}", axes.len());
    let mut inv = vec![0; axes.len()];
    for (k, &a) in axes.iter().enumerate() {
        inv[a] = k;
    }
    inv
}

fn is_permutation(axes: &[usize]) -> bool {
    let mut seen = vec![false; axes.len()];
    axes.iter().all(|&a| a < axes.len() && !std::mem::replace(&mut seen[a], true))
}

impl Tensor {
    /// The values with their axes reordered: axis k of the result is axis `axes[k]` of `self`.
    /// Panics naming the shape unless `axes` is a permutation of `0..rank`.
    pub fn permute(&self, axes: &[usize]) -> Tensor {
        let valid = axes.len() == self.rank() && is_permutation(axes);
        assert!(valid, "permute: axes {axes:?} are not a permutation of the axes of shape {}", self.shape());
        let dims: Vec<usize> = axes.iter().map(|&a| self.dims()[a]).collect();
        let out_shape = Shape::from(dims.clone());
        if axes.iter().enumerate().all(|(k, &a)| k == a) || self.numel() == 0 {
            return self.reshape(out_shape);
        }
        let strides = self.shape().strides();
        let src_strides: Vec<usize> = axes.iter().map(|&a| strides[a]).collect();
        Tensor::written(out_shape, |out| gather_strided(self.data(), &dims, &src_strides, out))
    }
}

/// Walks `dims` in row-major order, reading `src` at Σ index·stride: an odometer over all but the last
/// two axes around a tiled 2-D copy of the last two, so a transpose-like permute reads and writes
/// within a few cache lines at a time.
fn gather_strided(src: &[Float], dims: &[usize], strides: &[usize], out: &mut [Float]) {
    let r = dims.len();
    let (rows, cols) = if r >= 2 { (dims[r - 2], dims[r - 1]) } else { (1, dims[0]) };
    let (rs, cs) = if r >= 2 { (strides[r - 2], strides[r - 1]) } else { (0, strides[0]) };
    let outer = dims[..r.saturating_sub(2)].iter().product::<usize>();
    debug_assert_eq!(out.len(), outer * rows * cols);
    let mut index = vec![0usize; r.saturating_sub(2)];
    const B: usize = 32;
    for block in out.chunks_exact_mut(rows * cols) {
        let base: usize = index.iter().zip(strides).map(|(i, s)| i * s).sum();
        for i0 in (0..rows).step_by(B) {
            for j0 in (0..cols).step_by(B) {
                for i in i0..(i0 + B).min(rows) {
                    for j in j0..(j0 + B).min(cols) {
                        block[i * cols + j] = src[base + i * rs + j * cs];
                    }
                }
            }
        }
        for d in (0..index.len()).rev() {
            index[d] += 1;
            if index[d] < dims[d] {
                break;
            }
            index[d] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_moves_every_value_to_its_permuted_index() {
        let x = Tensor::linspace(0.0, 119.0, 120).reshape([2, 3, 4, 5]);
        for axes in [[0, 1, 2, 3], [3, 2, 1, 0], [0, 2, 3, 1], [1, 0, 3, 2], [2, 3, 0, 1]] {
            let y = x.permute(&axes);
            let want: Vec<usize> = axes.iter().map(|&a| x.dims()[a]).collect();
            assert_eq!(y.dims(), &want[..], "{axes:?}");
            for (i0, i1, i2, i3) in (0..120).map(|f| (f / 60, f / 20 % 3, f / 5 % 4, f % 5)) {
                let i = [i0, i1, i2, i3];
                let j: Vec<usize> = axes.iter().map(|&a| i[a]).collect();
                // Exact: permuting only moves values.
                assert_eq!(y.at(&j).to_bits(), x.at(&i).to_bits(), "{axes:?} at {i:?}");
            }
            assert_eq!(y.permute(&inverse_permutation(&axes)), x, "{axes:?} round trip");
        }
    }

    #[test]
    fn permute_of_large_and_low_rank_tensors() {
        // A 2-D transpose larger than one 32×32 tile, and rank 1 and 0 (identities).
        let m = Tensor::linspace(0.0, 1.0, 70 * 45).reshape([70, 45]);
        assert_eq!(m.permute(&[1, 0]), m.transpose());
        let v = Tensor::vector(vec![1.0, 2.0]);
        assert_eq!(v.permute(&[0]), v);
        assert_eq!(Tensor::scalar(3.0).permute(&[]), Tensor::scalar(3.0));
        assert_eq!(Tensor::zeros([2, 0, 3]).permute(&[2, 1, 0]).dims(), &[3, 0, 2]);
    }

    #[test]
    #[should_panic(expected = "axes [0, 0, 1] are not a permutation of the axes of shape [2, 3, 4]")]
    fn repeated_axes_panic_naming_the_shape() {
        Tensor::zeros([2, 3, 4]).permute(&[0, 0, 1]);
    }
}
