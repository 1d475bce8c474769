//! Gradient health, per layer. A layer is the parameter name up to its last dot (`layers.0.weight`
//! and `layers.0.bias` make `layers.0`). For each batch, ‖g_layer‖₂ over that layer's parameters;
//! the epoch's figure is the mean over its batches. Thresholds:
//!   exploding  a batch's norm > 1e3: updates of lr·1e3 per step wreck a layer unless lr is tiny.
//!              Reported with the first such batch, so a run that then diverges says where the
//!              explosion began, before the step whose loss or update was not finite.
//!   vanishing  mean norm < 1e-7 while the signal reaches the net: in epoch 1, or while another
//!              layer's norm exceeds 1e-3. (A converged model, where all gradients are small, is
//!              not flagged; 1e-7 is near f32 round-off for weights of order 1.)
//!   vanishing through depth  RMS(g) of the first layer < 1e-3 × RMS(g) of the last, while the
//!              loss fell by less than a tenth over the epoch (from its first step in epoch 1).
//!              The RMS (‖g‖/√size) makes layers of different sizes comparable. Glorot & Bengio
//!              (2010) show back-propagated gradients shrinking layer by layer in saturating
//!              nets; measured here, an 8-layer sigmoid MLP on digits is at 5e-4 with its loss
//!              stuck above chance, the same net with relu and He init at 0.35, the MNIST MLP at
//!              0.09. The loss condition spares a first layer that sees mostly zero inputs
//!              (one-hot, sparse) and so gets small gradients in a net that learns.
//!   exploding through depth  the mirror: the first layer's RMS over 1e3 × the last's while the
//!              loss stalls, gradients growing layer by layer on their way back (Pascanu et al.
//!              2013, "On the difficulty of training recurrent neural networks"). The absolute
//!              rule above catches what is large; this one what is large for its net.
//! Each (layer, kind) is reported once, at the first epoch it happens.
//! The norm of the epoch's mean gradient over all parameters feeds the `grad_tol` rule.
use crate::Warning;
use downhill_tensor::{Gradient, Tensor};

/// A layer's mean gradient L2 norm over an epoch below this counts as vanishing (near f32 round-off for
/// weights of order 1).
pub const VANISHING: f64 = 1e-7;
/// A batch's gradient L2 norm for a layer above this counts as exploding (steps of `lr * 1e3` wreck a layer).
pub const EXPLODING: f64 = 1e3;
const SIGNAL: f64 = 1e-3;
/// First over last layer's gradient RMS below which gradients vanish through depth.
pub const DEPTH_RATIO: f64 = 1e-3;

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
    /// Per layer, the first batch of the epoch (1-based) whose norm exploded, and that norm.
    exploded: Vec<Option<(usize, f64)>>,
}

impl GradHealth {
    /// Per layer, in `finish_epoch`'s order, the epoch's first batch whose gradient norm exploded
    /// and that norm (read it before `finish_epoch`, which resets it).
    pub fn explosions(&self) -> Vec<Option<(usize, f64)>> {
        self.exploded.clone()
    }

    /// The epoch's mean gradient so far, per parameter (read it before `finish_epoch`).
    pub fn mean_gradient(&self) -> &[Tensor] {
        &self.mean_grad
    }

    /// The number of values in each layer's parameters, in `finish_epoch`'s order.
    pub fn layer_sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.layers.len()];
        self.layer_of.iter().zip(&self.mean_grad).for_each(|(&l, g)| sizes[l] += g.numel());
        sizes
    }

    pub fn new(param_names: &[&str], shapes: &[&Tensor]) -> GradHealth {
        let (layers, grouped) = group_by_layer(param_names.iter().map(|n| Some(*n)));
        let layer_of = grouped.into_iter().flatten().collect();
        let (norm_sums, exploded) = (vec![0.0; layers.len()], vec![None; layers.len()]);
        let mean_grad = shapes.iter().map(|t| Tensor::zeros_like(t)).collect();
        GradHealth { layers, layer_of, norm_sums, batches: 0, mean_grad, exploded }
    }

    /// Records one batch's gradients, which carry weight `share` (its rows / epoch rows).
    #[cfg(test)]
    pub fn record(&mut self, grads: &[Tensor], share: f64) {
        let squares: Vec<f64> = grads.iter().map(Tensor::sum_squares).collect();
        let grads: Vec<Gradient> = grads.iter().cloned().map(Gradient::Dense).collect();
        self.record_squares(&grads, &squares, share)
    }

    /// `record` given each gradient's Σg² (already computed by the caller). A table's row gradient
    /// adds its rows to the epoch's mean gradient, which is dense (it is the epoch's sum).
    pub fn record_squares(&mut self, grads: &[Gradient], squares: &[f64], share: f64) {
        for (g, m) in grads.iter().zip(&mut self.mean_grad) {
            g.add_into(m, share as f32);
        }
        self.add_norms(squares);
    }

    /// The epoch's running gradient sum, for a step to add its gradients into, each with weight
    /// `share` (`Optimizer::step_summing`, which reads each gradient once for the sum, its Σg²
    /// and the step); then `record_summed`.
    pub fn running_sum(&mut self) -> &mut [Tensor] {
        &mut self.mean_grad
    }

    /// Records a step that added its gradients into `running_sum`, from their Σg². When every
    /// gradient is finite its norms count, as `record_squares` counts them, whether or not the
    /// update was applied (a finite gradient whose update overflowed is where an explosion
    /// shows). A gradient that is not finite is recorded in no norm, and leaves the epoch's mean
    /// gradient not finite, as the loss of an epoch that diverged is.
    pub fn record_summed(&mut self, squares: &[f64]) {
        if squares.iter().all(|q| q.is_finite()) {
            self.add_norms(squares);
        }
    }

    /// Adds one batch's per-layer norms, from each parameter's Σg².
    fn add_norms(&mut self, squares: &[f64]) {
        let mut sq = vec![0.0; self.layers.len()];
        for (&l, q) in self.layer_of.iter().zip(squares) {
            sq[l] += q;
        }
        self.batches += 1;
        for ((s, q), first) in self.norm_sums.iter_mut().zip(sq).zip(&mut self.exploded) {
            let norm = q.sqrt();
            *s += norm;
            if first.is_none() && (norm > EXPLODING || norm.is_nan()) {
                *first = Some((self.batches, norm));
            }
        }
    }

    /// The epoch's (layer, mean norm) pairs and mean-gradient norm; resets for the next epoch.
    pub fn finish_epoch(&mut self) -> (Vec<(String, f64)>, f64) {
        let b = self.batches.max(1) as f64;
        let per_layer = self.layers.iter().cloned().zip(self.norm_sums.iter().map(|s| s / b)).collect();
        let global = self.mean_grad.iter().map(Tensor::sum_squares).sum::<f64>().sqrt();
        self.norm_sums.iter_mut().for_each(|s| *s = 0.0);
        self.mean_grad.iter_mut().for_each(|m| m.map_inplace(|_| 0.0));
        self.exploded.iter_mut().for_each(|e| *e = None);
        self.batches = 0;
        (per_layer, global)
    }
}

/// New warnings for `epoch` given its per-layer norms, sizes (values per layer) and first
/// exploding batches (`GradHealth::explosions`) and whether the loss fell over the epoch, skipping
/// any already in `seen`.
pub fn warnings(
    epoch: usize,
    per_layer: &[(String, f64)],
    sizes: &[usize],
    explosions: &[Option<(usize, f64)>],
    falling: bool,
    seen: &[Warning],
) -> Vec<Warning> {
    let strongest = per_layer.iter().map(|(_, n)| *n).fold(0.0, f64::max);
    let signal = epoch == 1 || strongest > SIGNAL;
    let mut out = Vec::new();
    for (k, (layer, norm)) in per_layer.iter().enumerate() {
        let (layer, norm) = (layer.clone(), *norm);
        let exploded = explosions.get(k).copied().flatten();
        let w = if let Some((batch, norm)) = exploded {
            Warning::ExplodingGradient { layer, epoch, norm, batch: Some(batch) }
        } else if norm > EXPLODING || !norm.is_finite() {
            Warning::ExplodingGradient { layer, epoch, norm, batch: None }
        } else if norm < VANISHING && signal {
            Warning::VanishingGradient { layer, epoch, norm }
        } else {
            continue;
        };
        if !seen.iter().chain(&out).any(|s| s.same_finding(&w)) {
            out.push(w);
        }
    }
    let rms = |k: usize| per_layer[k].1 / (sizes[k].max(1) as f64).sqrt();
    if per_layer.len() >= 2 && !falling {
        let ratio = rms(0) / rms(per_layer.len() - 1);
        let (first, last) = (per_layer[0].0.clone(), per_layer[per_layer.len() - 1].0.clone());
        let w = match ratio {
            r if r < DEPTH_RATIO => Some(Warning::VanishingThroughDepth { first, last, epoch, ratio }),
            r if r > 1.0 / DEPTH_RATIO => Some(Warning::ExplodingThroughDepth { first, last, epoch, ratio }),
            _ => None,
        };
        out.extend(w.filter(|w| !seen.iter().any(|s| s.same_finding(w))));
    }
    out
}

/// The layer a parameter belongs to: its name up to the last dot (`layers.0.weight` → `layers.0`).
pub(crate) fn layer_of(param: &str) -> &str {
    param.rsplit_once('.').map_or(param, |(layer, _)| layer)
}

/// The layers of the named parameters in order of first appearance, and each parameter's index
/// among them (`None` for the parameters left out, given as `None`).
pub(crate) fn group_by_layer<'a>(
    names: impl Iterator<Item = Option<&'a str>>,
) -> (Vec<String>, Vec<Option<usize>>) {
    let mut layers: Vec<String> = Vec::new();
    let index = names
        .map(|name| {
            let layer = layer_of(name?);
            Some(layers.iter().position(|l| l == layer).unwrap_or_else(|| {
                layers.push(layer.to_string());
                layers.len() - 1
            }))
        })
        .collect();
    (layers, index)
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

    /// Two health records of the same steps: one summed by the optimizer's step, one apart.
    fn summed_and_apart(shapes: &[Tensor], bad: Option<usize>) -> (GradHealth, GradHealth, bool) {
        let mut rng = downhill_tensor::Rng::seed(7);
        let names = ["layers.0.weight", "layers.0.bias"];
        let refs: Vec<&Tensor> = shapes.iter().collect();
        let (mut fused, mut apart) = (GradHealth::new(&names, &refs), GradHealth::new(&names, &refs));
        let mut params = shapes.to_vec();
        let sgd = downhill_optim::SgdOptions { lr: 0.1, momentum: 0.9, ..Default::default() };
        let mut opt = downhill_optim::Optimizer::new(downhill_optim::sgd(sgd).unwrap(), &params);
        let mut applied = true;
        for (k, share) in [0.3, 0.7].into_iter().enumerate() {
            let mut g: Vec<Tensor> =
                shapes.iter().map(|t| Tensor::rand_normal(t.shape().clone(), 0.0, 1.0, &mut rng)).collect();
            if let (Some(at), 1) = (bad, k) {
                g[1].data_mut()[at] = f32::NAN;
            }
            let g: Vec<Gradient> = g.into_iter().map(Gradient::Dense).collect();
            let squares: Vec<f64> = g.iter().map(Gradient::sum_squares).collect();
            if squares.iter().all(|q| q.is_finite()) {
                apart.record_squares(&g, &squares, share);
            }
            let summed = opt.step_summing(&mut params, g, fused.running_sum(), share as f32);
            fused.record_summed(&summed.squares);
            applied &= summed.applied;
        }
        (fused, apart, applied)
    }

    #[test]
    fn a_step_s_summed_gradients_are_recorded_as_by_record_squares() {
        let shapes = [Tensor::zeros([37, 11]), Tensor::zeros([11])];
        let (mut fused, mut apart, applied) = summed_and_apart(&shapes, None);
        assert!(applied);
        downhill_testing::assert_same_tensor_bits("mean", fused.mean_gradient(), apart.mean_gradient());
        let (a, b) = (fused.finish_epoch(), apart.finish_epoch());
        // Bit for bit: under 65,536 values a parameter's squares are summed in `sum_squares`' lanes.
        assert_eq!(
            (a.0[0].1.to_bits(), a.1.to_bits()),
            (b.0[0].1.to_bits(), b.1.to_bits()),
            "{a:?} vs {b:?}"
        );
        // Over it, the pieces' lanes are merged: the same sums to f64 rounding (1e-12 relative).
        let large = [Tensor::zeros([300, 301]), Tensor::zeros([301])];
        let (mut fused, mut apart, _) = summed_and_apart(&large, None);
        downhill_testing::assert_same_tensor_bits("mean", fused.mean_gradient(), apart.mean_gradient());
        let (a, b) = (fused.finish_epoch(), apart.finish_epoch());
        assert!(
            (a.0[0].1 / b.0[0].1 - 1.0).abs() < 1e-12 && (a.1 / b.1 - 1.0).abs() < 1e-12,
            "{a:?} vs {b:?}"
        );
    }

    #[test]
    fn a_gradient_that_is_not_finite_is_in_no_norm_and_spoils_the_mean() {
        let shapes = [Tensor::zeros([37, 11]), Tensor::zeros([11])];
        let (mut fused, mut apart, applied) = summed_and_apart(&shapes, Some(4));
        assert!(!applied, "a NaN gradient refuses the step");
        // The per-layer norm is the first step's alone, as if the second had not happened...
        let (a, b) = (fused.finish_epoch(), apart.finish_epoch());
        assert_eq!(a.0[0].1.to_bits(), b.0[0].1.to_bits(), "the first batch alone, bit for bit");
        // ...and the mean gradient, which holds the NaN, is not finite.
        assert!(a.1.is_nan() && b.1.is_finite(), "{a:?} vs {b:?}");
    }

    #[test]
    fn warns_once_per_layer_and_not_for_a_converged_model() {
        let norms = vec![("layers.0".to_string(), 1e-9), ("layers.2".to_string(), 5e3)];
        let first = warnings(3, &norms, &[1, 1], &[], true, &[]);
        assert_eq!(first.len(), 2);
        assert!(first[0].to_string().contains("layers.0") && first[1].to_string().contains("learning rate"));
        assert!(warnings(4, &norms, &[1, 1], &[], true, &first).is_empty());
        let converged = vec![("layers.0".to_string(), 1e-9), ("layers.2".to_string(), 1e-8)];
        assert!(warnings(9, &converged, &[1, 1], &[], true, &[]).is_empty());
        assert_eq!(warnings(1, &converged, &[1, 1], &[], true, &[]).len(), 2);
    }

    #[test]
    fn gradients_vanishing_through_depth_are_flagged_by_their_rms_while_the_loss_stalls() {
        // First layer: norm 0.008 over 6,400 values (RMS 1e-4); last: norm 0.8 over 100 (RMS 0.08):
        // a ratio of 1.25e-3 by RMS, so the rule fires only below it.
        let norms = vec![("layers.0".to_string(), 8e-3), ("layers.2".to_string(), 8e-1)];
        let fired = |sizes: [usize; 2], falling: bool| {
            warnings(1, &norms, &sizes, &[], falling, &[])
                .iter()
                .any(|w| matches!(w, Warning::VanishingThroughDepth { .. }))
        };
        assert!(!fired([6_400, 100], false), "RMS ratio 1.25e-3 is above 1e-3");
        assert!(fired([25_600, 100], false), "RMS ratio 6.25e-4");
        assert!(!fired([25_600, 100], true), "not while the loss falls");
        let w = &warnings(1, &norms, &[25_600, 100], &[], false, &[])[0];
        assert!(w.to_string().contains("layers.0") && w.to_string().contains("relu"), "{w}");
        assert!(warnings(2, &norms, &[25_600, 100], &[], false, std::slice::from_ref(w)).is_empty(), "once");
        // The mirror: the first layer's RMS 1.6e3 times the last's (norm 0.4 over 100 values, RMS
        // 0.04, against norm 2.5e-4 over 100, RMS 2.5e-5).
        let growing = vec![("layers.0".to_string(), 0.4), ("layers.2".to_string(), 0.00025)];
        let w = warnings(1, &growing, &[100, 100], &[], false, &[]);
        assert!(matches!(&w[..], [Warning::ExplodingThroughDepth { .. }]), "{w:?}");
        assert!(w[0].to_string().contains("1.6e3 times layers.2's"), "{}", w[0]);
        assert!(warnings(1, &growing, &[100, 100], &[], true, &[]).is_empty(), "not while the loss falls");
    }

    #[test]
    fn an_explosion_is_reported_from_its_first_batch_even_when_the_epoch_mean_is_tame() {
        // Batches of norm 1, 2000, 1: the mean 667 is under 1e3, the second batch is not.
        let g = Tensor::zeros([1]);
        let mut h = GradHealth::new(&["layers.0.weight"], &[&g]);
        for norm in [1.0, 2000.0, 1.0] {
            h.record(&[Tensor::vector(vec![norm])], 1.0 / 3.0);
        }
        let explosions = h.explosions();
        assert_eq!(explosions, [Some((2, 2000.0))]);
        let (per_layer, _) = h.finish_epoch();
        let w = warnings(1, &per_layer, &[1], &explosions, true, &[]);
        assert_eq!(w[0].to_string(), "gradients of layers.0 explode (norm 2.00e3 from batch 2 of epoch 1): lower the learning rate, scale the features or clip gradients");
        assert_eq!(h.explosions(), [None], "reset for the next epoch");
    }
}
