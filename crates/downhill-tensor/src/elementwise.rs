//! Elementwise maps and arithmetic, with broadcasting for binary operations.
use crate::broadcast::{update_broadcast, zip_broadcast};
use crate::halves::in_halves;
use crate::simd::{self, vectorized};
use crate::{Float, Tensor};
use std::ops::{Add, Div, Mul, Neg, Sub};

impl Tensor {
    /// A new tensor with `f` applied to every value.
    /// Big tensors are done in two halves on two threads (`halves.rs`).
    pub fn map(&self, f: impl Fn(Float) -> Float + Sync) -> Tensor {
        Tensor::written(self.shape().clone(), |out| {
            let part = |out: &mut [Float], x: &[Float], _: &[Float]| {
                vectorized(|| out.iter_mut().zip(x).for_each(|(o, &x)| *o = f(x)))
            };
            in_halves(out, self.data(), self.data(), &part)
        })
    }

    /// Applies `f` to every value in place.
    pub fn map_inplace(&mut self, f: impl Fn(Float) -> Float) {
        let data = self.data_mut();
        vectorized(|| data.iter_mut().for_each(|x| *x = f(*x)));
    }

    /// `f(a, b)` pairwise after broadcasting; panics naming both shapes if they are incompatible.
    /// Big tensors of equal shapes are done in two halves on two threads (`halves.rs`).
    pub fn zip_map(&self, rhs: &Tensor, f: impl Fn(Float, Float) -> Float + Sync) -> Tensor {
        zip_broadcast(self, rhs, f)
    }

    /// In place `self = f(self, rhs)`; `rhs` must broadcast to `self`'s shape.
    pub fn update_with(&mut self, rhs: &Tensor, f: impl Fn(Float, Float) -> Float) {
        update_broadcast(self, rhs, f)
    }

    /// Copies `src` into `self`; the shapes must be equal.
    pub fn assign(&mut self, src: &Tensor) {
        assert!(self.shape() == src.shape(), "assign: shape {} from shape {}", self.shape(), src.shape());
        self.data_mut().copy_from_slice(src.data());
    }

    /// `self += alpha * rhs` (same shape), the accumulate-gradient primitive.
    pub fn add_scaled(&mut self, rhs: &Tensor, alpha: Float) {
        assert!(self.shape() == rhs.shape(), "add_scaled: shape {} and shape {}", self.shape(), rhs.shape());
        simd::axpy(self.data_mut(), alpha, rhs.data());
    }

    /// `self += alpha * rhs` (as `add_scaled`) returning Σ rhs² (as `rhs.sum_squares()`, bit for
    /// bit), in one pass over `rhs`.
    pub fn add_scaled_sum_squares(&mut self, rhs: &Tensor, alpha: Float) -> f64 {
        let (a, b) = (self.shape(), rhs.shape());
        assert!(a == b, "add_scaled_sum_squares: shape {a} and shape {b}");
        simd::axpy_sum_squares(self.data_mut(), alpha, rhs.data())
    }

    /// `self <- p + self` (an update becomes the parameter it leads to); true when every result is
    /// finite. One pass, vectorised: an optimizer's checked step needs no second look.
    pub fn plus_checked(&mut self, p: &Tensor) -> bool {
        assert!(self.shape() == p.shape(), "plus_checked: shape {} and shape {}", self.shape(), p.shape());
        let (u, p) = (self.data_mut(), p.data());
        simd::vectorized(|| {
            let mut not_finite = 0u32;
            for (u, p) in u.iter_mut().zip(p) {
                *u += *p;
                not_finite |= (!u.is_finite()) as u32;
            }
            not_finite == 0
        })
    }

    /// Every value plus `c`.
    pub fn add_scalar(&self, c: Float) -> Tensor {
        self.map(|x| x + c)
    }
    /// Every value times `c`.
    pub fn mul_scalar(&self, c: Float) -> Tensor {
        self.map(|x| x * c)
    }

    /// Sum of squares of all values, accumulated in f64 so long vectors keep their precision.
    pub fn sum_squares(&self) -> f64 {
        simd::sum_squares(self.data())
    }
    /// ‖self − other‖² in f64, without a tensor for the difference; the shapes must match.
    pub fn distance_squared(&self, other: &Tensor) -> f64 {
        assert_eq!(
            self.dims(),
            other.dims(),
            "distance_squared: shapes {:?} and {:?}",
            self.dims(),
            other.dims()
        );
        simd::sum_squared_differences(self.data(), other.data())
    }
}

macro_rules! binary_op {
    ($trait:ident, $method:ident, $op:tt) => {
        impl $trait<&Tensor> for &Tensor {
            type Output = Tensor;
            fn $method(self, rhs: &Tensor) -> Tensor {
                zip_broadcast(self, rhs, |a, b| a $op b)
            }
        }
        impl $trait<Float> for &Tensor {
            type Output = Tensor;
            fn $method(self, rhs: Float) -> Tensor {
                self.map(|a| a $op rhs)
            }
        }
    };
}
binary_op!(Add, add, +);
binary_op!(Sub, sub, -);
binary_op!(Mul, mul, *);
binary_op!(Div, div, /);

impl Neg for &Tensor {
    type Output = Tensor;
    fn neg(self) -> Tensor {
        self.map(|x| -x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    #[test]
    fn arithmetic_broadcasts_and_maps() {
        let a = Tensor::from_rows(&[[1.0, 2.0], [3.0, 4.0]]).unwrap();
        let b = Tensor::vector(vec![1.0, 2.0]);
        // One f32 operation per value: 1e-6.
        assert_close("a + b", (&a + &b).data(), &[2.0, 4.0, 4.0, 6.0], 1e-6);
        assert_close("a - b", (&a - &b).data(), &[0.0, 0.0, 2.0, 2.0], 1e-6);
        assert_close("a * b", (&a * &b).data(), &[1.0, 4.0, 3.0, 8.0], 1e-6);
        assert_close("a / b", (&a / &b).data(), &[1.0, 1.0, 3.0, 2.0], 1e-6);
        assert_close("a * 2", (&a * 2.0).data(), &[2.0, 4.0, 6.0, 8.0], 1e-6);
        // Exact: negation only flips the sign bit, nothing rounds.
        assert_eq!((-&a).data(), &[-1.0, -2.0, -3.0, -4.0]);
    }

    #[test]
    fn add_scaled_accumulates() {
        let mut acc = Tensor::ones([3]);
        acc.add_scaled(&Tensor::vector(vec![1.0, 2.0, 3.0]), 0.5);
        // 1 + 0.5 · x: one product and one sum per value, 1e-6.
        assert_close("1 + 0.5 x", acc.data(), &[1.5, 2.0, 2.5], 1e-6);
    }

    #[test]
    fn plus_checked_adds_and_says_whether_every_sum_is_finite() {
        let p = Tensor::vector(vec![1.0, -2.0]);
        let mut u = Tensor::vector(vec![0.5, 0.25]);
        assert!(u.plus_checked(&p));
        // Sums of short binary fractions: exact.
        assert_eq!(u.data(), &[1.5, -1.75]);
        let mut big = Tensor::vector(vec![Float::MAX, 0.0]);
        assert!(!big.plus_checked(&Tensor::vector(vec![Float::MAX, 0.0])), "overflow to inf");
        let mut nan = Tensor::vector(vec![0.0, Float::NAN]);
        assert!(!nan.plus_checked(&p));
    }

    #[test]
    #[should_panic(expected = "assign: shape [2] from shape [3]")]
    fn assign_names_both_shapes() {
        Tensor::zeros([2]).assign(&Tensor::zeros([3]));
    }
}
