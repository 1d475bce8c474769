//! The row kernels of layer normalisation (the formulas: `layer_norm.rs`), compiled for the wide
//! vector units: one row's forward (μ, r, y) and one row's backward (dx, and the row's terms of the
//! column sums dγ, dβ).
use downhill_tensor::Float;

/// Interleaved partial sums of a row's reductions: one f64 vector of them, summed at the end in a
/// fixed order on every CPU (a single running sum is a chain of dependent adds LLVM may not
/// reorder, which kept these loops scalar).
const LANES: usize = 8;

downhill_tensor::multiversion! {
    /// One row of the forward: μ and σ² in f64 (lane sums), then y = (x − μ)·r·γ + β in f32;
    /// returns (μ, r).
    pub(super) fn normalize_row(x: &[Float], gamma: &[Float], beta: &[Float], eps: f64, out: &mut [Float]) -> (Float, Float) {
        let d = x.len() as f64;
        let mean = lane_sum(x, |v| v as f64) / d;
        let var = lane_sum(x, |v| (v as f64 - mean) * (v as f64 - mean)) / d;
        let (mean, r) = (mean as Float, (1.0 / (var + eps).sqrt()) as Float);
        for (((o, &v), &g), &b) in out.iter_mut().zip(x).zip(gamma).zip(beta) {
            *o = (v - mean) * r * g + b;
        }
        (mean, r)
    }
}

downhill_tensor::multiversion! {
    /// One row of the backward (the module header's formulas): the column sums dγ, dβ gain this
    /// row's dy·x̂ and dy, then dx = r·(g − Σg/D − x̂·Σ(g·x̂)/D).
    pub(super) fn backward_row(
        x: &[Float],
        dy: &[Float],
        gamma: &[Float],
        mu_r: (Float, Float),
        dgamma: &mut [f64],
        dbeta: &mut [f64],
        dx: &mut [Float],
    ) -> () {
        let (d, (mu, r)) = (x.len(), mu_r);
        let xhat = |k: usize| (x[k] - mu) * r;
        let (mut sum_g, mut sum_g_xhat) = ([0.0f64; LANES], [0.0f64; LANES]);
        // Value k adds to lane k % LANES: whole groups of LANES (one vector each), then the tail.
        let mut add = |k: usize, lane: usize| {
            let (h, g) = (xhat(k), dy[k] * gamma[k]);
            sum_g[lane] += g as f64;
            sum_g_xhat[lane] += (g * h) as f64;
            dgamma[k] += (dy[k] * h) as f64;
            dbeta[k] += dy[k] as f64;
        };
        let whole = d - d % LANES;
        for start in (0..whole).step_by(LANES) {
            for lane in 0..LANES {
                add(start + lane, lane);
            }
        }
        for k in whole..d {
            add(k, k - whole);
        }
        let mean = |s: [f64; LANES]| (s.iter().sum::<f64>() / d as f64) as Float;
        let (mean_g, mean_g_xhat) = (mean(sum_g), mean(sum_g_xhat));
        for k in 0..d {
            dx[k] = r * (dy[k] * gamma[k] - mean_g - xhat(k) * mean_g_xhat);
        }
    }
}

/// Σ f(v) over `x` in f64, in `LANES` interleaved partial sums.
#[inline(always)]
fn lane_sum(x: &[Float], f: impl Fn(Float) -> f64) -> f64 {
    let mut acc = [0.0f64; LANES];
    let chunks = x.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks {
        for k in 0..LANES {
            acc[k] += f(c[k]);
        }
    }
    for (a, &v) in acc.iter_mut().zip(tail) {
        *a += f(v);
    }
    acc.iter().sum()
}
