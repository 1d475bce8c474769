//! Batched matrix product over equal leading (batch) dimensions, torch `matmul` on rank ≥ 3:
//!   Y[b] = A[b]·B[b]   with A: [..., m, k], B: [..., k, n], Y: [..., m, n]
//! and the two products its backward needs, reading the stored operands through transposed strides
//! (no copies): `_nt` gives A[b]·B[b]ᵀ (dA = dY·Bᵀ) and `_tn` gives A[b]ᵀ·B[b] (dB = Aᵀ·dY).
//! Small products are spread over rayon's threads by batch, each on one thread, once the whole batch
//! reaches `BATCH_SPLIT_WORK`; a product big enough on its own is threaded inside faer instead.
use crate::matmul::{BATCH_SPLIT_WORK, PARALLEL_WORK};
use crate::{gemm, Float, MatRef, Parallelism, Shape, Tensor};
use rayon::prelude::*;

impl Tensor {
    /// `self[b] · rhs[b]` for every batch index b; panics naming both shapes unless both are rank ≥ 3
    /// with equal batch dimensions and matching inner dimensions.
    pub fn batched_matmul(&self, rhs: &Tensor) -> Tensor {
        batched("batched_matmul", self, false, rhs, false)
    }
    /// `self[b] · rhs[b]ᵀ` without materialising the transposes.
    pub fn batched_matmul_nt(&self, rhs: &Tensor) -> Tensor {
        batched("batched_matmul_nt", self, false, rhs, true)
    }
    /// `self[b]ᵀ · rhs[b]` without materialising the transposes.
    pub fn batched_matmul_tn(&self, rhs: &Tensor) -> Tensor {
        batched("batched_matmul_tn", self, true, rhs, false)
    }
}

/// Entry `i` of a batch of row-major `r × c` matrices, transposed when `t`.
fn view(data: &[Float], i: usize, r: usize, c: usize, t: bool) -> MatRef<'_> {
    let v = MatRef::row_major(&data[i * r * c..(i + 1) * r * c], r, c);
    if t {
        v.t()
    } else {
        v
    }
}

/// The last two dimensions of a rank ≥ 2 shape.
fn matrix_dims(t: &Tensor) -> (usize, usize) {
    let d = t.dims();
    (d[d.len() - 2], d[d.len() - 1])
}

fn batched(what: &str, a: &Tensor, ta: bool, b: &Tensor, tb: bool) -> Tensor {
    let (ra, rb) = (a.rank(), b.rank());
    let same_batch = ra >= 3 && ra == rb && a.dims()[..ra - 2] == b.dims()[..rb - 2];
    assert!(same_batch, "{what}: batch dimensions differ: shape {} and shape {}", a.shape(), b.shape());
    let ((ar, ac), (br, bc)) = (matrix_dims(a), matrix_dims(b));
    let (m, k) = if ta { (ac, ar) } else { (ar, ac) };
    let (k2, n) = if tb { (bc, br) } else { (br, bc) };
    assert!(k == k2, "{what}: inner dimensions differ: shape {} · shape {}", a.shape(), b.shape());
    let mut dims = a.dims()[..ra - 2].to_vec();
    let batch: usize = dims.iter().product();
    dims.extend([m, n]);
    let one = |i: usize, c: &mut [Float], par: Parallelism| {
        gemm(1.0, view(a.data(), i, ar, ac, ta), view(b.data(), i, br, bc, tb), 0.0, c, par)
    };
    let work = m * n * k;
    // beta = 0: every product overwrites its block of the output.
    Tensor::written(Shape::from(dims), |out| {
        if m * n == 0 {
            return;
        }
        if batch > 1 && work < PARALLEL_WORK && work * batch >= BATCH_SPLIT_WORK {
            out.par_chunks_mut(m * n).enumerate().for_each(|(i, c)| one(i, c, Parallelism::Sequential));
        } else {
            out.chunks_mut(m * n).enumerate().for_each(|(i, c)| one(i, c, Parallelism::Auto));
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::{Rng, Tensor};
    use downhill_testing::assert_close;

    /// The batch as a list of 2-D matrices (the last two dimensions of each batch entry).
    fn split(t: &Tensor) -> Vec<Tensor> {
        let d = t.dims();
        let (r, c) = (d[d.len() - 2], d[d.len() - 1]);
        (0..t.numel() / (r * c).max(1))
            .map(|i| t.reshape([t.numel() / (r * c), r, c]).narrow(0, i..i + 1).reshape([r, c]))
            .collect()
    }

    #[test]
    fn every_batch_entry_equals_the_2d_product() {
        let mut rng = Rng::seed(21);
        // Batch [2, 3] and a batch big enough to be spread over threads (7 · 40·50·60 > 4M).
        for (batch, m, k, n) in
            [(vec![2, 3], 3, 5, 4), (vec![1], 1, 7, 1), (vec![7], 40, 50, 60), (vec![2], 3, 0, 2)]
        {
            let dims = |r, c| [batch.clone(), vec![r, c]].concat();
            let a = Tensor::rand_normal(dims(m, k), 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal(dims(k, n), 0.0, 1.0, &mut rng);
            let dy = Tensor::rand_normal(dims(m, n), 0.0, 1.0, &mut rng);
            let (y, nt, tn) = (a.batched_matmul(&b), dy.batched_matmul_nt(&b), a.batched_matmul_tn(&dy));
            assert_eq!(y.dims(), &dims(m, n)[..]);
            for (i, ((a, b), dy)) in split(&a).iter().zip(split(&b)).zip(split(&dy)).enumerate() {
                // Each entry is the 2-D product of the same operands; faer may order the k ≤ 60 terms
                // differently per call, so agreement to rounding: √k · ε · Σ|a·b| < 1e-5 here.
                assert_close(&format!("Y[{i}]"), split(&y)[i].data(), a.matmul(&b).data(), 1e-5);
                assert_close(&format!("dY·Bᵀ[{i}]"), split(&nt)[i].data(), dy.matmul_nt(&b).data(), 1e-5);
                assert_close(&format!("Aᵀ·dY[{i}]"), split(&tn)[i].data(), a.matmul_tn(&dy).data(), 1e-5);
            }
        }
    }

    #[test]
    #[should_panic(expected = "batch dimensions differ: shape [2, 3, 4] and shape [3, 4, 5]")]
    fn different_batches_panic_naming_both_shapes() {
        Tensor::zeros([2, 3, 4]).batched_matmul(&Tensor::zeros([3, 4, 5]));
    }

    #[test]
    #[should_panic(expected = "inner dimensions differ: shape [2, 3, 4] · shape [2, 5, 6]")]
    fn mismatched_inner_dimensions_panic_naming_both_shapes() {
        Tensor::zeros([2, 3, 4]).batched_matmul(&Tensor::zeros([2, 5, 6]));
    }
}
