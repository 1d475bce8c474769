//! Muon's orthogonalisation: the quintic Newton–Schulz iteration of Keller Jordan's Muon, as
//! `torch.optim._muon._zeropower_via_newtonschulz` computes it (torch 2.15). torch runs it in
//! bfloat16 whatever the parameter's dtype, so for our f32 parameters we do the same: every
//! tensor it produces is rounded to bf16 (round to nearest even), each product and `addmm`
//! accumulated in f32 and rounded once, as torch's CPU bf16 kernels do (float accumulation):
//!   X = bf16(G), transposed if it has more rows than columns;  X <- X / max(||X||_F, eps)
//!   k times:  A = X X^T;   B = b A + c A A;   X <- a X + B X
//!   O = X (transposed back)
//! `tools/refgen/muon_bf16_check.py` compares this order bit for bit with torch's function.
use crate::{Float, Tensor};

/// `x` rounded to the nearest bfloat16 (ties to even), as `c10::BFloat16` rounds a float; NaN
/// stays NaN.
pub(crate) fn bf16(x: Float) -> Float {
    if x.is_nan() {
        return x;
    }
    let bits = x.to_bits();
    let rounded = bits.wrapping_add(0x7FFF + ((bits >> 16) & 1)) & 0xFFFF_0000;
    Float::from_bits(rounded)
}

fn rounded(mut t: Tensor) -> Tensor {
    t.map_inplace(bf16);
    t
}

/// The orthogonalised `g` (a matrix `[rows, cols]`), shaped like `g`.
pub(crate) fn orthogonalize(g: &Tensor, (a, b, c): (f64, f64, f64), steps: usize, eps: f64) -> Tensor {
    assert_eq!(g.rank(), 2, "Newton-Schulz takes a matrix, got shape {}", g.shape());
    let tall = g.rows() > g.cols();
    let mut x = rounded(if tall { g.transpose() } else { g.clone() });
    let norm = bf16(x.sum_squares().sqrt() as Float).max(bf16(eps as Float));
    x.map_inplace(|v| bf16(v / norm));
    let (a, b, c) = (a as Float, b as Float, c as Float);
    for _ in 0..steps {
        let gram = rounded(x.matmul_nt(&x));
        let mut update = gram.matmul(&gram);
        update.update_with(&gram, |aa, g| c * aa + b * g);
        let update = rounded(update);
        let mut next = update.matmul(&x);
        next.update_with(&x, |bx, x| a * x + bx);
        x = rounded(next);
    }
    if tall {
        x.transpose()
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bf16_keeps_eight_significant_bits_and_rounds_ties_to_even() {
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties go to the even mantissa, 1.
        assert_eq!(bf16(1.0 + 1.0 / 256.0), 1.0);
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 and 1 + 2^-6: even is 1 + 2^-6.
        assert_eq!(bf16(1.0 + 3.0 / 256.0), 1.0 + 1.0 / 64.0);
        assert_eq!(bf16(3.0), 3.0); // exact: representable
        assert!(bf16(Float::NAN).is_nan());
    }

    #[test]
    fn the_result_is_nearly_orthogonal_for_a_tall_and_a_wide_matrix() {
        // Keller Jordan's coefficients leave the singular values s' in roughly [0.5, 1.5] (his
        // post: "S' ~ Uniform(0.5, 1.5)"), so the eigenvalues of the 2 x 2 O O^T = U S'^2 U^T,
        // tr/2 +- sqrt(((a - d)/2)^2 + b^2), lie in [0.25, 2.25]; G G^T's are 10.2 and 5.05.
        let wide = Tensor::from_vec(vec![3.0, 1.0, 0.0, -1.0, 2.0, 0.5], [2, 3]).unwrap();
        for g in [wide.clone(), wide.transpose()] {
            let o = orthogonalize(&g, (3.4445, -4.7750, 2.0315), 5, 1e-7);
            assert_eq!(o.dims(), g.dims());
            let s = if g.rows() < g.cols() { o.matmul_nt(&o) } else { o.matmul_tn(&o) };
            let (a, b, d) = (s.at(&[0, 0]), s.at(&[0, 1]), s.at(&[1, 1]));
            let r = (((a - d) / 2.0).powi(2) + b * b).sqrt();
            for eig in [(a + d) / 2.0 - r, (a + d) / 2.0 + r] {
                assert!((0.25..=2.25).contains(&eig), "{s:?}");
            }
        }
    }

    #[test]
    fn a_zero_gradient_stays_zero() {
        // ||0|| = 0 is clamped to eps, so 0 / eps = 0 and every product of zeros is zero.
        let o = orthogonalize(&Tensor::zeros([2, 2]), (3.4445, -4.7750, 2.0315), 5, 1e-7);
        assert!(o.data().iter().all(|&v| v == 0.0));
    }
}
