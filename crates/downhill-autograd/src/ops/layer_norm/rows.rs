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
        // Every slice cut to the row's length, and walked by zipped iterators: with indexing, the
        // bounds checks kept both loops scalar (5 % of a transformer step).
        let (dy, gamma, dgamma, dbeta, dx) = (&dy[..d], &gamma[..d], &mut dgamma[..d], &mut dbeta[..d], &mut dx[..d]);
        let (mut sum_g, mut sum_g_xhat) = ([0.0f64; LANES], [0.0f64; LANES]);
        // Value k adds to lane k % LANES: whole groups of LANES (one vector each), then the tail.
        // The f32 terms of a group first (one vector), then the f64 adds.
        let terms = |x: Float, dy: Float, gamma: Float| {
            let (h, g) = ((x - mu) * r, dy * gamma);
            (g, g * h, dy * h)
        };
        let whole = d - d % LANES;
        let inputs = x.chunks_exact(LANES).zip(dy.chunks_exact(LANES)).zip(gamma.chunks_exact(LANES));
        let columns = dgamma.chunks_exact_mut(LANES).zip(dbeta.chunks_exact_mut(LANES));
        for (((xc, dyc), gc), (dgc, dbc)) in inputs.zip(columns) {
            let (mut g, mut gh, mut dh) = ([0.0 as Float; LANES], [0.0 as Float; LANES], [0.0 as Float; LANES]);
            for l in 0..LANES {
                (g[l], gh[l], dh[l]) = terms(xc[l], dyc[l], gc[l]);
            }
            for l in 0..LANES {
                sum_g[l] += g[l] as f64;
                sum_g_xhat[l] += gh[l] as f64;
                dgc[l] += dh[l] as f64;
                dbc[l] += dyc[l] as f64;
            }
        }
        for k in whole..d {
            let (g, gh, dh) = terms(x[k], dy[k], gamma[k]);
            sum_g[k - whole] += g as f64;
            sum_g_xhat[k - whole] += gh as f64;
            dgamma[k] += dh as f64;
            dbeta[k] += dy[k] as f64;
        }
        let mean = |s: [f64; LANES]| (s.iter().sum::<f64>() / d as f64) as Float;
        let (mean_g, mean_g_xhat) = (mean(sum_g), mean(sum_g_xhat));
        for (((o, &xv), &g), &gm) in dx.iter_mut().zip(x).zip(dy).zip(gamma) {
            *o = r * (g * gm - mean_g - (xv - mu) * r * mean_g_xhat);
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
