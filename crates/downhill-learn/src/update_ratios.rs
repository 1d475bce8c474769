//! The update-to-weight ratio of each layer, ‖Δw‖/‖w‖ over the weights of the layer (its `Weight`
//! and `Table` parameters, grouped as in grad_health.rs; biases and norm gains are left out, since
//! they start at 0 or 1 whatever the scale of the layer). Measured on the steps the health monitor
//! samples, with w the weights before the step, and averaged over an epoch's samples.
//! Karpathy's rule of thumb ("A recipe for training neural networks", 2019; CS231n): healthy
//! training moves weights by about 1e-3 of their norm per step. Far below (1e-6), the layer
//! hardly learns (health_findings.rs); far above (1e-1 and more), a step rewrites the layer.
//! A layer whose weights are all zero before the step (a linear model's start) has no ratio then.
use downhill_autograd::ParamRole;
use downhill_tensor::Tensor;

#[derive(Debug)]
pub(crate) struct UpdateRatios {
    layers: Vec<String>,
    /// The layer of each parameter, `None` for the parameters that are not weights.
    layer_of: Vec<Option<usize>>,
    /// Per layer, Σ over samples of the ratio, and how many samples had one.
    sums: Vec<(f64, usize)>,
}

impl UpdateRatios {
    /// For parameters called `names` (`layers.0.weight`) with `roles`.
    pub fn new(names: &[&str], roles: &[ParamRole]) -> UpdateRatios {
        let weights = names.iter().zip(roles);
        let (layers, layer_of) = crate::grad_health::group_by_layer(
            weights.map(|(name, role)| matches!(role, ParamRole::Weight | ParamRole::Table).then_some(*name)),
        );
        let sums = vec![(0.0, 0); layers.len()];
        UpdateRatios { layers, layer_of, sums }
    }

    /// Records one step that took the parameters from `before` to `after`.
    pub fn record(&mut self, before: &[Tensor], after: &[Tensor]) {
        let mut sq = vec![(0.0, 0.0); self.layers.len()];
        for ((&layer, b), a) in self.layer_of.iter().zip(before).zip(after) {
            let Some(l) = layer else { continue };
            sq[l].0 += a.distance_squared(b);
            sq[l].1 += b.sum_squares();
        }
        for ((delta, weights), (sum, n)) in sq.into_iter().zip(&mut self.sums) {
            if weights > 0.0 {
                *sum += (delta / weights).sqrt();
                *n += 1;
            }
        }
    }

    /// The epoch's (layer, mean ratio) for the layers that had a sample; resets.
    pub fn finish_epoch(&mut self) -> Vec<(String, f64)> {
        let out = self
            .layers
            .iter()
            .zip(&self.sums)
            .filter(|(_, (_, n))| *n > 0)
            .map(|(l, (sum, n))| (l.clone(), sum / *n as f64))
            .collect();
        self.sums.iter_mut().for_each(|s| *s = (0.0, 0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_is_the_norm_of_the_step_over_the_norm_of_the_weights_before_it() {
        let roles = [ParamRole::Weight, ParamRole::Bias, ParamRole::Weight];
        let mut r = UpdateRatios::new(&["layers.0.weight", "layers.0.bias", "layers.2.weight"], &roles);
        let before = [Tensor::vector(vec![3.0, 4.0]), Tensor::vector(vec![0.0]), Tensor::vector(vec![0.0])];
        // Layer 0 moves by (0.03, 0.04): 0.05 over 5. The bias moves by 7 and is not counted.
        // Layer 2 starts at zero: no ratio.
        let after = [Tensor::vector(vec![3.03, 4.04]), Tensor::vector(vec![7.0]), Tensor::vector(vec![1.0])];
        r.record(&before, &after);
        r.record(&before, &before);
        let epoch = r.finish_epoch();
        assert_eq!(epoch.len(), 1, "{epoch:?}");
        // The mean of 0.01 and 0: f32 steps of 0.03 and 0.04, so 1e-6 relative.
        assert_eq!(epoch[0].0, "layers.0");
        assert!((epoch[0].1 - 0.005).abs() < 1e-8, "{}", epoch[0].1);
        assert!(r.finish_epoch().is_empty(), "reset");
    }
}
