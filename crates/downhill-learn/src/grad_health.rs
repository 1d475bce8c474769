//! Gradient health, per layer. A layer is the parameter name up to its last dot (`layers.0.weight`
//! and `layers.0.bias` make `layers.0`). For each batch, ‖g_layer‖₂ over that layer's parameters;
//! the epoch's figure is the mean over its batches. Thresholds:
//!   exploding  mean norm > 1e3: updates of lr·1e3 per step wreck a layer unless lr is tiny.
//!   vanishing  mean norm < 1e-7 while the signal reaches the net: in epoch 1, or while another
//!              layer's norm exceeds 1e-3. (A converged model, where all gradients are small, is
//!              not flagged; 1e-7 is near f32 round-off for weights of order 1.)
//! Each (layer, kind) is reported once, at the first epoch it happens.
//! The norm of the epoch's mean gradient over all parameters feeds the `grad_tol` rule.
use crate::Warning;
use downhill_tensor::Tensor;

pub const VANISHING: f64 = 1e-7;
pub const EXPLODING: f64 = 1e3;
const SIGNAL: f64 = 1e-3;

/// Accumulates one epoch's gradient statistics.
#[derive(Debug)]
pub struct GradHealth {
    layers: Vec<String>,
    /// Layer index of each parameter.
    layer_of: Vec<usize>,
    norm_sums: Vec<f64>,
    batches: usize,
    /// Σ_batches (rows_b / n) · g_b per parameter: the epoch's mean gradient.
    mean_grad: Vec<Tensor>,
}

impl GradHealth {
    pub fn new(param_names: &[&str], shapes: &[&Tensor]) -> GradHealth {
        let mut layers: Vec<String> = Vec::new();
        let layer_of = param_names
            .iter()
            .map(|name| {
                let layer = name.rsplit_once('.').map_or(*name, |(l, _)| l);
                layers.iter().position(|l| l == layer).unwrap_or_else(|| {
                    layers.push(layer.to_string());
                    layers.len() - 1
                })
            })
            .collect();
        let norm_sums = vec![0.0; layers.len()];
        let mean_grad = shapes.iter().map(|t| Tensor::zeros_like(t)).collect();
        GradHealth { layers, layer_of, norm_sums, batches: 0, mean_grad }
    }

    /// Records one batch's gradients, which carry weight `share` (its rows / epoch rows).
    #[cfg(test)]
    pub fn record(&mut self, grads: &[Tensor], share: f64) {
        let squares: Vec<f64> = grads.iter().map(Tensor::sum_squares).collect();
        self.record_squares(grads, &squares, share)
    }

    /// `record` given each gradient's Σg² (already computed by the caller).
    pub fn record_squares(&mut self, grads: &[Tensor], squares: &[f64], share: f64) {
        let mut sq = vec![0.0; self.layers.len()];
        for (((g, &l), m), q) in grads.iter().zip(&self.layer_of).zip(&mut self.mean_grad).zip(squares) {
            sq[l] += q;
            m.add_scaled(g, share as f32);
        }
        self.norm_sums.iter_mut().zip(sq).for_each(|(s, q)| *s += q.sqrt());
        self.batches += 1;
    }

    /// The epoch's (layer, mean norm) pairs and mean-gradient norm; resets for the next epoch.
    pub fn finish_epoch(&mut self) -> (Vec<(String, f64)>, f64) {
        let b = self.batches.max(1) as f64;
        let per_layer = self.layers.iter().cloned().zip(self.norm_sums.iter().map(|s| s / b)).collect();
        let global = self.mean_grad.iter().map(Tensor::sum_squares).sum::<f64>().sqrt();
        self.norm_sums.iter_mut().for_each(|s| *s = 0.0);
        self.mean_grad.iter_mut().for_each(|m| m.map_inplace(|_| 0.0));
        self.batches = 0;
        (per_layer, global)
    }
}

/// New warnings for `epoch` given its per-layer norms, skipping any already in `seen`.
pub fn warnings(epoch: usize, per_layer: &[(String, f64)], seen: &[Warning]) -> Vec<Warning> {
    let strongest = per_layer.iter().map(|(_, n)| *n).fold(0.0, f64::max);
    let signal = epoch == 1 || strongest > SIGNAL;
    let mut out = Vec::new();
    for (layer, norm) in per_layer {
        let (layer, norm) = (layer.clone(), *norm);
        let w = if norm > EXPLODING || !norm.is_finite() {
            Warning::ExplodingGradient { layer, epoch, norm }
        } else if norm < VANISHING && signal {
            Warning::VanishingGradient { layer, epoch, norm }
        } else {
            continue;
        };
        if !seen.iter().chain(&out).any(|s| same_kind(s, &w)) {
            out.push(w);
        }
    }
    out
}

fn same_kind(a: &Warning, b: &Warning) -> bool {
    match (a, b) {
        (Warning::VanishingGradient { layer: x, .. }, Warning::VanishingGradient { layer: y, .. }) => x == y,
        (Warning::ExplodingGradient { layer: x, .. }, Warning::ExplodingGradient { layer: y, .. }) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    #[test]
    fn groups_parameters_by_layer_and_averages_over_batches() {
        let (w, b) = (Tensor::zeros([1, 2]), Tensor::zeros([1]));
        let mut h = GradHealth::new(&["layers.0.weight", "layers.0.bias"], &[&w, &b]);
        h.record(&[Tensor::from_rows(&[[3.0, 0.0]]).unwrap(), Tensor::vector(vec![4.0])], 0.5); // norm 5
        h.record(&[Tensor::from_rows(&[[1.0, 0.0]]).unwrap(), Tensor::vector(vec![0.0])], 0.5); // norm 1
        let (layers, global) = h.finish_epoch();
        assert_eq!(layers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["layers.0"]);
        // Mean of the norms 5 and 1: f64 square roots, a sum and a division, 1e-12.
        assert_close("layer norm", &[layers[0].1], &[3.0], 1e-12);
        // mean gradient = ([2, 0], [2]) -> norm sqrt(8)
        assert!((global - 8f64.sqrt()).abs() < 1e-6);
        assert_eq!(h.finish_epoch().1, 0.0); // exact: the buffers were reset, sqrt(0 + 0) = 0
    }

    #[test]
    fn warns_once_per_layer_and_not_for_a_converged_model() {
        let norms = vec![("layers.0".to_string(), 1e-9), ("layers.2".to_string(), 5e3)];
        let first = warnings(3, &norms, &[]);
        assert_eq!(first.len(), 2);
        assert!(first[0].to_string().contains("layers.0") && first[1].to_string().contains("learning rate"));
        assert!(warnings(4, &norms, &first).is_empty());
        let converged = vec![("layers.0".to_string(), 1e-9), ("layers.2".to_string(), 1e-8)];
        assert!(warnings(9, &converged, &[]).is_empty());
        assert_eq!(warnings(1, &converged, &[]).len(), 2);
    }
}
