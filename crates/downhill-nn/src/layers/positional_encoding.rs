//! Sinusoidal positional encoding (Vaswani et al. 2017, §3.5; the PyTorch tutorial's
//! `PositionalEncoding` without its dropout): x [N, T, E] → x + PE[0..T], a constant
//!   PE[t, 2i] = sin(t / 10000^(2i/E)),   PE[t, 2i+1] = cos(t / 10000^(2i/E))
//! computed in f64. No parameters, any T; the gradient passes through unchanged.
use crate::{Ctx, Module};
use downhill_autograd::{Param, Var};
use downhill_tensor::{Float, Tensor};

/// Adds the fixed sinusoids [`sinusoids`]`(T, E)` to [N, T, E] inputs; no parameters.
#[derive(Debug, Clone, Copy, Default)]
pub struct PositionalEncoding;

/// The encoding table PE for positions `0..t` and `e` features, `[t, e]` (the formula above).
pub fn sinusoids(t: usize, e: usize) -> Tensor {
    Tensor::written([t, e], |pe| {
        for (pos, row) in pe.chunks_exact_mut(e.max(1)).enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                let angle = pos as f64 / 10000f64.powf((j - j % 2) as f64 / e as f64);
                *v = if j % 2 == 0 { angle.sin() } else { angle.cos() } as Float;
            }
        }
    })
}

impl Module for PositionalEncoding {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let s = x.shape();
        assert!(s.rank() == 3, "positional_encoding: needs [N, T, E], got {s}");
        x + cx.tape.leaf(sinusoids(s.dims()[1], s.dims()[2]))
    }
    fn params(&self) -> Vec<&Param> {
        vec![]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![]
    }
    fn describe(&self) -> String {
        "PositionalEncoding(sinusoidal)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sinusoids_follow_the_formula() {
        let pe = sinusoids(3, 4);
        // Row t = 2: sin(2), cos(2), sin(2/100), cos(2/100), each one f32 rounding: 1e-6.
        let want = [2f64.sin(), 2f64.cos(), 0.02f64.sin(), 0.02f64.cos()].map(|v| v as f32);
        downhill_testing::assert_close("PE[2]", &pe.data()[8..], &want, 1e-6);
        assert_eq!(&pe.data()[..4], &[0.0, 1.0, 0.0, 1.0]); // position 0: sin 0, cos 0 exactly
    }
}
