//! Scaled dot-product self-attention over packed projections, every head in one pass (Vaswani et
//! al. 2017; what torch's `nn.MultiheadAttention` computes through `scaled_dot_product_attention`).
//! Input qkv [N, T, 3D]: each row holds the query, key and value projections side by side; H heads
//! of d = D/H features, head h reading columns h·d..(h+1)·d of each part. Per sample and head:
//!   S = Q·Kᵀ/√d  [T, T],  S_ij = −∞ for j > i when causal (step i sees steps ≤ i only)
//!   P = softmax_rows(S);  P̃ = P ⊙ M  (attention dropout: M_ij = 0 or 1/(1−p), in training only)
//!   O = P̃·V  [T, d], written to columns h·d.. of the output [N, T, D]
//! Backward, dO being the output gradient's head columns:
//!   dV = P̃ᵀ·dO;  dP̃ = dO·Vᵀ;  dP = dP̃ ⊙ M;  dS = P ⊙ (dP − rowsum(dP ⊙ P))
//!   dQ = dS·K/√d;  dK = dSᵀ·Q/√d
//! P is returned for the backward ([N, H, T, T]). Samples are spread over rayon's threads, each
//! head's products on one thread (the T×T products are small: threading inside them loses).
use crate::fast_math::exp;
use crate::matmul::BATCH_SPLIT_WORK;
use crate::scratch::with_scratch;
use crate::{gemm, Float, MatRef, Parallelism, Shape, Tensor};
use rayon::prelude::*;

/// The sizes of a self-attention: N samples of T steps, H heads of d features each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttentionShape {
    /// Samples (sequences) in the batch.
    pub n: usize,
    /// Steps per sequence.
    pub t: usize,
    /// Attention heads.
    pub heads: usize,
    /// Features per head.
    pub d: usize,
    /// Whether step i attends to steps ≤ i only.
    pub causal: bool,
}

impl AttentionShape {
    /// For packed projections of shape `qkv` [N, T, 3D]; panics naming the shape unless 3D splits
    /// into three parts of `heads` heads.
    pub fn new(qkv: &Shape, heads: usize, causal: bool) -> AttentionShape {
        let &[n, t, width] = qkv.dims() else {
            panic!("self_attention: projections {qkv} must be [N, T, 3·D]")
        };
        assert!(
            heads > 0 && width % (3 * heads) == 0,
            "self_attention: projections {qkv} do not split into query, key and value of {heads} heads"
        );
        AttentionShape { n, t, heads, d: width / (3 * heads), causal }
    }
    /// D, the model width: H·d.
    pub fn width(&self) -> usize {
        self.heads * self.d
    }
    /// The shape of P and of a dropout mask: [N, H, T, T].
    pub fn probs_shape(&self) -> [usize; 4] {
        [self.n, self.heads, self.t, self.t]
    }
    fn parallel(&self) -> bool {
        self.n > 1 && 2 * self.n * self.heads * self.t * self.t * self.d >= BATCH_SPLIT_WORK
    }
    /// 1/√d.
    fn scale(&self) -> Float {
        (self.d as Float).sqrt().recip()
    }
}

/// Head `h`'s columns of part `part` (0 query, 1 key, 2 value) of one sample's packed rows.
fn part<'a>(x: &'a [Float], s: &AttentionShape, part: usize, h: usize) -> MatRef<'a> {
    let width = s.width();
    MatRef::with_row_stride(&x[part * width + h * s.d..], s.t, s.d, 3 * width)
}

/// Copies the row-major [T, d] `src` into columns `offset..` of rows `stride` apart in `dst`.
fn put_columns(dst: &mut [Float], stride: usize, offset: usize, src: &[Float], d: usize) {
    for (i, row) in src.chunks_exact(d).enumerate() {
        dst[i * stride + offset..][..d].copy_from_slice(row);
    }
}

crate::multiversion! {
    /// Row-wise softmax of the [T, T] scores in place; under a causal mask row i covers columns
    /// ≤ i and the rest become exact zeros. e^x is `fast_math::exp`, so the loop vectorises.
    fn softmax_rows(p: &mut [Float], t: usize, causal: bool) -> () {
        for (i, row) in p.chunks_exact_mut(t).enumerate() {
            let (live, masked) = row.split_at_mut(if causal { i + 1 } else { t });
            let max = live.iter().fold(Float::NEG_INFINITY, |m, &v| m.max(v));
            live.iter_mut().for_each(|v| *v = exp(*v - max));
            let inv = live.iter().sum::<Float>().recip();
            live.iter_mut().for_each(|v| *v *= inv);
            masked.fill(0.0);
        }
    }
}

/// P̃ = P ⊙ M into `out`, or P itself when there is no mask.
fn dropped<'a>(p: &'a [Float], mask: Option<&[Float]>, out: &'a mut [Float]) -> &'a [Float] {
    match mask {
        None => p,
        Some(m) => {
            out.iter_mut().zip(p.iter().zip(m)).for_each(|(o, (p, m))| *o = p * m);
            out
        }
    }
}

impl Tensor {
    /// Self-attention of packed projections `self` [N, T, 3D] with `heads` heads, causal or not,
    /// with an optional attention-dropout `mask` [N, H, T, T]: the output [N, T, D] and P.
    pub fn self_attention(&self, heads: usize, causal: bool, mask: Option<&Tensor>) -> (Tensor, Tensor) {
        let s = AttentionShape::new(self.shape(), heads, causal);
        check_mask(&s, mask);
        let (tt, width) = (s.t * s.t, s.width());
        let mut probs = Tensor::zeros(s.probs_shape());
        let sample = |(b, (y, p)): (usize, (&mut [Float], &mut [Float]))| {
            let x = &self.data()[b * s.t * 3 * width..][..s.t * 3 * width];
            let m = mask.map(|m| &m.data()[b * s.heads * tt..][..s.heads * tt]);
            forward_sample(x, &s, m, p, y);
        };
        let y = Tensor::written([s.n, s.t, width], |y| {
            let (per_y, per_p) = (s.t * width, s.heads * tt);
            if s.parallel() {
                y.par_chunks_mut(per_y)
                    .zip(probs.data_mut().par_chunks_mut(per_p))
                    .enumerate()
                    .for_each(sample);
            } else {
                y.chunks_mut(per_y).zip(probs.data_mut().chunks_mut(per_p)).enumerate().for_each(sample);
            }
        });
        (y, probs)
    }

    /// The gradient of `self_attention` with respect to its packed projections `self` [N, T, 3D],
    /// given the P it returned, the same `mask`, and the output gradient `dy` [N, T, D].
    pub fn self_attention_backward(
        &self,
        probs: &Tensor,
        mask: Option<&Tensor>,
        dy: &Tensor,
        heads: usize,
        causal: bool,
    ) -> Tensor {
        let s = AttentionShape::new(self.shape(), heads, causal);
        check_mask(&s, mask);
        let (tt, width) = (s.t * s.t, s.width());
        assert!(probs.dims() == s.probs_shape(), "self_attention: P {} for {}", probs.shape(), self.shape());
        assert!(
            dy.dims() == [s.n, s.t, width],
            "self_attention: gradient {} for {}",
            dy.shape(),
            self.shape()
        );
        let sample = |(b, dx): (usize, &mut [Float])| {
            let m = mask.map(|m| sample_of(m, b, s.heads * tt));
            let (x, p) = (sample_of(self, b, s.t * 3 * width), sample_of(probs, b, s.heads * tt));
            backward_sample(x, p, m, sample_of(dy, b, s.t * width), &s, dx);
        };
        Tensor::written(self.shape().clone(), |dx| {
            if s.parallel() {
                dx.par_chunks_mut(s.t * 3 * width).enumerate().for_each(sample);
            } else {
                dx.chunks_mut(s.t * 3 * width).enumerate().for_each(sample);
            }
        })
    }
}

/// Sample `b`'s `len` values.
fn sample_of(t: &Tensor, b: usize, len: usize) -> &[Float] {
    &t.data()[b * len..][..len]
}

fn check_mask(s: &AttentionShape, mask: Option<&Tensor>) {
    if let Some(m) = mask {
        assert!(
            m.dims() == s.probs_shape(),
            "self_attention: dropout mask {} for P {:?}",
            m.shape(),
            s.probs_shape()
        );
    }
}

/// One sample: every head's P (into `probs` [H, T, T]) and output columns (into `y` [T, D]).
fn forward_sample(
    x: &[Float],
    s: &AttentionShape,
    mask: Option<&[Float]>,
    probs: &mut [Float],
    y: &mut [Float],
) {
    let (t, d, tt) = (s.t, s.d, s.t * s.t);
    with_scratch(t * d + tt, |buf| {
        let (o, pm) = buf.split_at_mut(t * d);
        for (h, p) in probs.chunks_exact_mut(tt).enumerate() {
            gemm(s.scale(), part(x, s, 0, h), part(x, s, 1, h).t(), 0.0, p, Parallelism::Sequential);
            softmax_rows(p, t, s.causal);
            let p = dropped(p, mask.map(|m| &m[h * tt..][..tt]), pm);
            gemm(1.0, MatRef::row_major(p, t, t), part(x, s, 2, h), 0.0, o, Parallelism::Sequential);
            put_columns(y, s.width(), h * d, o, d);
        }
    });
}

/// One sample's gradient with respect to its packed rows (into `dx` [T, 3D]).
fn backward_sample(
    x: &[Float],
    probs: &[Float],
    mask: Option<&[Float]>,
    dy: &[Float],
    s: &AttentionShape,
    dx: &mut [Float],
) {
    let (t, d, tt, width) = (s.t, s.d, s.t * s.t, s.width());
    with_scratch(t * d + 2 * tt, |buf| {
        let (part_grad, rest) = buf.split_at_mut(t * d);
        let (dp, pm) = rest.split_at_mut(tt);
        for h in 0..s.heads {
            let p = &probs[h * tt..][..tt];
            let m = mask.map(|m| &m[h * tt..][..tt]);
            let d_out = MatRef::with_row_stride(&dy[h * d..], t, d, width);
            let p_kept = MatRef::row_major(dropped(p, m, pm), t, t);
            gemm(1.0, p_kept.t(), d_out, 0.0, part_grad, Parallelism::Sequential); // dV
            put_columns(dx, 3 * width, 2 * width + h * d, part_grad, d);
            gemm(1.0, d_out, part(x, s, 2, h).t(), 0.0, dp, Parallelism::Sequential); // dP̃
            if let Some(m) = m {
                dp.iter_mut().zip(m).for_each(|(g, m)| *g *= m);
            }
            for (g_row, p_row) in dp.chunks_exact_mut(t).zip(p.chunks_exact(t)) {
                let dot: Float = g_row.iter().zip(p_row).map(|(g, p)| g * p).sum();
                g_row.iter_mut().zip(p_row).for_each(|(g, p)| *g = p * (*g - dot));
                // dS
            }
            let ds = MatRef::row_major(dp, t, t);
            gemm(s.scale(), ds, part(x, s, 1, h), 0.0, part_grad, Parallelism::Sequential); // dQ
            put_columns(dx, 3 * width, h * d, part_grad, d);
            gemm(s.scale(), ds.t(), part(x, s, 0, h), 0.0, part_grad, Parallelism::Sequential); // dK
            put_columns(dx, 3 * width, width + h * d, part_grad, d);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rng;

    /// The formula written out with loops in f64, one head at a time.
    fn reference(qkv: &Tensor, heads: usize, causal: bool) -> Vec<f64> {
        let s = AttentionShape::new(qkv.shape(), heads, causal);
        let (t, d, w) = (s.t, s.d, s.width());
        let at = |b: usize, i: usize, c: usize| qkv.data()[(b * t + i) * 3 * w + c] as f64;
        let mut y = vec![0.0; s.n * t * w];
        for b in 0..s.n {
            for h in 0..heads {
                for i in 0..t {
                    let live = if causal { i + 1 } else { t };
                    let scores: Vec<f64> = (0..live)
                        .map(|j| (0..d).map(|c| at(b, i, h * d + c) * at(b, j, w + h * d + c)).sum::<f64>())
                        .map(|v| v / (d as f64).sqrt())
                        .collect();
                    let max = scores.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                    let e: Vec<f64> = scores.iter().map(|v| (v - max).exp()).collect();
                    let z: f64 = e.iter().sum();
                    for c in 0..d {
                        let v: f64 = (0..live).map(|j| e[j] / z * at(b, j, 2 * w + h * d + c)).sum();
                        y[(b * t + i) * w + h * d + c] = v;
                    }
                }
            }
        }
        y
    }

    #[test]
    fn matches_the_formula_with_and_without_a_causal_mask() {
        let qkv = Tensor::rand_normal([2, 5, 3 * 6], 0.0, 1.0, &mut Rng::seed(3));
        for causal in [false, true] {
            let (y, p) = qkv.self_attention(3, causal, None);
            let want = reference(&qkv, 3, causal);
            // Sums of 5 products of O(1) values in f32 against f64: 1e-5.
            for (a, b) in y.data().iter().zip(&want) {
                assert!((*a as f64 - b).abs() < 1e-5, "{a} vs {b} (causal {causal})");
            }
            // Rows of P sum to one; the causal mask leaves exact zeros above the diagonal.
            for (r, row) in p.data().chunks(5).enumerate() {
                assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6);
                let i = r % 5;
                assert!(!causal || row[i + 1..].iter().all(|&v| v == 0.0));
            }
        }
    }

    #[test]
    #[should_panic(expected = "do not split into query, key and value of 4 heads")]
    fn widths_that_do_not_split_into_heads_panic_naming_the_shape() {
        Tensor::zeros([1, 2, 18]).self_attention(4, false, None);
    }
}
