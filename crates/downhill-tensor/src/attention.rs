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
//! Under a causal mask the products go by blocks of `ROW_BLOCK` query rows: rows r0..r1 see keys
//! 0..r1 only, so S, O, dP, dQ (and, by key blocks, dV and dK) skip the blocks above the diagonal,
//! whose P and dS are zero: at T = 128, 6 of 16 blocks (`attention_forward.rs`,
//! `attention_backward.rs`). Every value is the same sum as over whole rows: only terms 0·x go.
use crate::attention_backward::backward_sample;
use crate::attention_forward::forward_sample;
use crate::matmul::BATCH_SPLIT_WORK;
use crate::{Float, MatRef, Shape, Tensor};
use rayon::prelude::*;
use std::ops::Range;

/// Query (or key) rows per block of a causal attention's products. 32 at T = 128 skips 6 of
/// 16 blocks; smaller blocks skip more but make each product too small to run at speed.
const ROW_BLOCK: usize = 32;

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
    pub(crate) fn scale(&self) -> Float {
        (self.d as Float).sqrt().recip()
    }
    /// The blocks of rows the products go by: one block of all T rows without a causal mask,
    /// `ROW_BLOCK` rows each with one.
    pub(crate) fn row_blocks(&self) -> impl Iterator<Item = Range<usize>> {
        let (t, step) = (self.t, if self.causal { ROW_BLOCK } else { self.t.max(1) });
        (0..t).step_by(step).map(move |r0| r0..(r0 + step).min(t))
    }
    /// The keys a block of query rows ending before `end` sees: 0..end when causal, all T otherwise.
    pub(crate) fn live(&self, end: usize) -> usize {
        if self.causal {
            end
        } else {
            self.t
        }
    }
    /// The first query row that sees a block of keys starting at `start`: `start` when causal, 0
    /// otherwise.
    pub(crate) fn first_seeing(&self, start: usize) -> usize {
        if self.causal {
            start
        } else {
            0
        }
    }
    /// Head `h`'s columns of part `part` (0 query, 1 key, 2 value) of one sample's packed rows
    /// `x` [T, 3D].
    pub(crate) fn part<'a>(&self, x: &'a [Float], part: usize, h: usize) -> MatRef<'a> {
        let width = self.width();
        MatRef::with_row_stride(&x[part * width + h * self.d..], self.t, self.d, 3 * width)
    }
}

impl Tensor {
    /// Self-attention of packed projections `self` [N, T, 3D] with `heads` heads, causal or not,
    /// with an optional attention-dropout `mask` [N, H, T, T]: the output [N, T, D] and P.
    pub fn self_attention(&self, heads: usize, causal: bool, mask: Option<&Tensor>) -> (Tensor, Tensor) {
        let s = AttentionShape::new(self.shape(), heads, causal);
        check_mask(&s, mask);
        let (tt, width) = (s.t * s.t, s.width());
        let sample = |(b, (y, p)): (usize, (&mut [Float], &mut [Float]))| {
            let m = mask.map(|m| sample_of(m, b, s.heads * tt));
            forward_sample(sample_of(self, b, s.t * 3 * width), &s, m, p, y);
        };
        // Both overwritten: every row of P gets its probabilities and zeros, every head its columns.
        let mut y = None;
        let probs = Tensor::written(s.probs_shape(), |probs| {
            y = Some(Tensor::written([s.n, s.t, width], |y| {
                let (per_y, per_p) = (s.t * width, s.heads * tt);
                if s.parallel() {
                    y.par_chunks_mut(per_y).zip(probs.par_chunks_mut(per_p)).enumerate().for_each(sample);
                } else {
                    y.chunks_mut(per_y).zip(probs.chunks_mut(per_p)).enumerate().for_each(sample);
                }
            }));
        });
        (y.expect("written runs its closure"), probs)
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
        // T = 5 is one block; T = 70 makes causal blocks of 32, 32 and 6 rows.
        for t in [5, 70] {
            let qkv = Tensor::rand_normal([2, t, 3 * 6], 0.0, 1.0, &mut Rng::seed(3));
            for causal in [false, true] {
                let (y, p) = qkv.self_attention(3, causal, None);
                let want = reference(&qkv, 3, causal);
                // Averages of ≤ 70 values from sums of 2 products of O(1) values, in f32
                // against f64: 1e-5.
                for (a, b) in y.data().iter().zip(&want) {
                    assert!((*a as f64 - b).abs() < 1e-5, "{a} vs {b} (T {t}, causal {causal})");
                }
                // Rows of P sum to one (70 rounded terms: 1e-5); the causal mask leaves exact
                // zeros above the diagonal.
                for (r, row) in p.data().chunks(t).enumerate() {
                    assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
                    let i = r % t;
                    assert!(!causal || row[i + 1..].iter().all(|&v| v == 0.0));
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "do not split into query, key and value of 4 heads")]
    fn widths_that_do_not_split_into_heads_panic_naming_the_shape() {
        Tensor::zeros([1, 2, 18]).self_attention(4, false, None);
    }
}
