//! Adafactor's second-moment estimate (Shazeer & Stern 2018) as `torch.optim.Adafactor` keeps it
//! (`_single_tensor_adafactor`), with w = 1 - beta2_t:
//!   rank >= 2, factored over the last two axes (R rows, C columns; leading axes are a batch):
//!     r <- lerp(r, mean_c g^2, w);   c <- lerp(c, mean_r g^2, w)
//!     v = r c^T / max(mean_r r, eps1)          (a rank-one estimate of the average of g^2)
//!   rank <= 1:  v <- lerp(v, g^2, w)
//!   g <- g / sqrt(max(v, eps1^2))               (eps1 squared, as the root restores its magnitude)
//! A matrix keeps R + C numbers instead of R C. The three buffers mirror torch's `row_var`,
//! `col_var` and `variance`; the ones a parameter does not use are empty.
use crate::{Float, Tensor};

/// The shapes of a parameter's `[row, col, full]` buffers: `[.., R, 1]`, `[.., 1, C]` and empty for
/// rank >= 2, else empty, empty and the parameter's own.
pub(crate) fn moment_shapes(dims: &[usize]) -> [Vec<usize>; 3] {
    let n = dims.len();
    if n < 2 {
        return [vec![0], vec![0], dims.to_vec()];
    }
    let (mut row, mut col) = (dims.to_vec(), dims.to_vec());
    row[n - 1] = 1;
    col[n - 2] = 1;
    [row, col, vec![0]]
}

/// Advances the moments of one parameter by its gradient `g` with weight `w`, then divides `g` by
/// the root of the estimate.
pub(crate) fn precondition(g: &mut Tensor, [row, col, full]: [&mut Tensor; 3], w: f64, eps1: Float) {
    let w = w as Float;
    let floor = eps1 * eps1;
    if g.rank() < 2 {
        for (g, v) in g.data_mut().iter_mut().zip(full.data_mut()) {
            *v = lerp(*v, *g * *g, w);
            *g *= 1.0 / v.max(floor).sqrt();
        }
        return;
    }
    let (r, c) = (g.dims()[g.rank() - 2], g.dims()[g.rank() - 1]);
    if r * c == 0 {
        return;
    }
    let (rows, cols) = (row.data_mut().chunks_mut(r), col.data_mut().chunks_mut(c));
    for ((g, row), col) in g.data_mut().chunks_mut(r * c).zip(rows).zip(cols) {
        let mut col_sums = vec![0.0f64; c];
        for (g, row) in g.chunks(c).zip(row.iter_mut()) {
            let sum: f64 = g.iter().map(|&x| (x as f64) * (x as f64)).sum();
            *row = lerp(*row, (sum / c as f64) as Float, w);
            col_sums.iter_mut().zip(g).for_each(|(s, &x)| *s += (x as f64) * (x as f64));
        }
        col.iter_mut().zip(&col_sums).for_each(|(v, s)| *v = lerp(*v, (s / r as f64) as Float, w));
        let row_mean = (row.iter().map(|&x| x as f64).sum::<f64>() / r as f64) as Float;
        let scale = row_mean.max(eps1);
        for (g, &ri) in g.chunks_mut(c).zip(row.iter()) {
            for (g, &cj) in g.iter_mut().zip(col.iter()) {
                *g *= 1.0 / (ri * cj / scale).max(floor).sqrt();
            }
        }
    }
}

/// torch's `lerp`: `a + w (b - a)` for |w| < 0.5, else `b - (b - a)(1 - w)`, so w = 1 gives b exactly.
fn lerp(a: Float, b: Float, w: Float) -> Float {
    if w.abs() < 0.5 {
        a + w * (b - a)
    } else {
        b - (b - a) * (1.0 - w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buffers(dims: &[usize]) -> [Tensor; 3] {
        moment_shapes(dims).map(Tensor::zeros)
    }

    #[test]
    fn a_matrix_keeps_row_and_column_means_and_a_vector_its_own() {
        assert_eq!(moment_shapes(&[4, 2, 3]), [vec![4, 2, 1], vec![4, 1, 3], vec![0]]);
        assert_eq!(moment_shapes(&[5]), [vec![0], vec![0], vec![5]]);
        // First step (w = 1) on g = [[1, 2], [3, 4]]: r = [(1 + 4) / 2, (9 + 16) / 2] = [2.5, 12.5],
        // c = [(1 + 9) / 2, (4 + 16) / 2] = [5, 10], mean r = 7.5, v = r c^T / 7.5.
        let mut g = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], [2, 2]).unwrap();
        let [mut r, mut c, mut f] = buffers(&[2, 2]);
        precondition(&mut g, [&mut r, &mut c, &mut f], 1.0, 1e-30);
        assert!(r.data() == [2.5, 12.5] && c.data() == [5.0, 10.0], "{r:?} {c:?}"); // exact: small sums
        let v = [2.5 * 5.0 / 7.5, 2.5 * 10.0 / 7.5, 12.5 * 5.0 / 7.5, 12.5 * 10.0 / 7.5];
        for (j, (&u, x)) in g.data().iter().zip([1.0, 2.0, 3.0, 4.0]).enumerate() {
            assert!((u as f64 - x / f64::sqrt(v[j])).abs() < 1e-6, "{j}: {u}");
        }
    }

    #[test]
    fn a_vector_is_not_factored_and_eps1_floors_the_estimate() {
        let mut g = Tensor::vector(vec![2.0, 0.0]);
        let [mut r, mut c, mut f] = buffers(&[2]);
        precondition(&mut g, [&mut r, &mut c, &mut f], 1.0, 1e-3);
        // v = g^2 = [4, 0]: u = 2 / 2 = 1, and 0 / sqrt(max(0, 1e-6)) = 0
        assert!((g.data()[0] - 1.0).abs() < 1e-7 && g.data()[1] == 0.0 && f.data()[0] == 4.0);
        // w = 0.25: v = 4 + 0.25 (1 - 4) = 3.25 for g = 1
        let mut g = Tensor::vector(vec![1.0, 0.0]);
        precondition(&mut g, [&mut r, &mut c, &mut f], 0.25, 1e-3);
        assert!((f.data()[0] - 3.25).abs() < 1e-6 && (g.data()[0] - 1.0 / 3.25f32.sqrt()).abs() < 1e-6);
    }
}
