//! Findings read from the health monitor's sampled signals and from the run's losses, after each
//! epoch. Thresholds, and where they come from:
//!   tiny updates    a layer's mean ‖Δw‖/‖w‖ below 1e-6 while the loss did not fall by a tenth over
//!                   the epoch: a thousandth of the healthy 1e-3 (update_ratios.rs), where f32
//!                   weights near 1 start to lose the update to rounding (their unit in the last
//!                   place is 1.2e-7), so the layer does not learn.
//!   large updates   a mean ratio above 1 in two epochs in a row: each step moves the layer by
//!                   more than its own norm. Healthy runs measured here stay under 0.1 (MNIST MLP
//!                   1e-3 to 1e-2 in epoch 1, the diabetes linear model 0.09 in its first epoch);
//!                   MNIST at lr 10 is at 1.4 to 1.5e5 as it diverges. Weights growing from zero
//!                   (a linear model's start) pass through a ratio near 1 once, then it falls as
//!                   1/t (a logistic model's full-batch steps: 1.07, 0.50, 0.34, ...); hence the
//!                   two epochs.
//!   stuck units     more than half of a layer's units dead (ReLU off for every row) or saturated
//!                   (sigmoid or tanh flat for every row), as measured on the epoch's sampled
//!                   batches (unit_health.rs). The layer works at under half its width, and those
//!                   units get no gradient to leave. Healthy ReLU nets measured here: at most 17 %
//!                   dead (MNIST MLP, SGD with momentum), 9 % in the 8-layer relu net on digits.
//!   plateau         over the last 5 epochs the training loss fell by less than 0.1 % (the
//!                   issue's figure), it is still at least 90 % of epoch 1's (it has barely come
//!                   down from its start, so it is far from any minimum the data allows: a
//!                   converged model has come down), and the norm of the epoch's mean gradient is
//!                   under 1e-2: no slope to descend, for losses and features of order 1 as
//!                   downhill scales them (a loss that stays put under large gradients is a
//!                   learning rate too high, not a plateau). Measured: a tanh MLP started at zero
//!                   weights on digits sits at ln 10 with 4e-3; the digits MLP converging, 8e-3
//!                   at a loss a tenth of its start.
//!                   Flat regions and saddle points slow gradient descent to a crawl (Dauphin et
//!                   al. 2014, "Identifying and attacking the saddle point problem"); momentum or
//!                   a per-coordinate step size carries it across.
//! Each (kind, layer) is reported once, at the first epoch it happens.
use crate::{EpochRecord, UnitRecord, Warning};

/// Update ratio below which a stalled layer's updates are tiny.
pub const TINY_UPDATE: f64 = 1e-6;
/// Update ratio above which a layer's updates are too large.
pub const LARGE_UPDATE: f64 = 1.0;
/// Fraction of a layer's units stuck above which it is a finding.
pub const STUCK_UNITS: f64 = 0.5;
/// Epochs over which a plateau's loss barely moves, and by how little (relative).
pub const PLATEAU_EPOCHS: usize = 5;
pub const PLATEAU_CHANGE: f64 = 1e-3;
/// Norm of the epoch's mean gradient below which a flat loss has no slope to descend.
pub const PLATEAU_GRADIENT: f64 = 1e-2;

/// New findings from `epoch`'s update ratios and units, given the previous epoch's ratios and
/// whether the loss fell by a tenth.
pub(crate) fn sampled(
    epoch: usize,
    (ratios, units): (&[(String, f64)], &[UnitRecord]),
    before: &[(String, f64)],
    falling: bool,
    seen: &[Warning],
) -> Vec<Warning> {
    let mut out = Vec::new();
    let large = |r: f64| r > LARGE_UPDATE || r.is_nan();
    for (layer, ratio) in ratios.iter().cloned() {
        let large_before = before.iter().any(|(l, r)| *l == layer && large(*r));
        let w = match ratio {
            r if large(r) && large_before => Warning::LargeUpdates { layer, epoch, ratio },
            r if r < TINY_UPDATE && !falling => Warning::TinyUpdates { layer, epoch, ratio },
            _ => continue,
        };
        out.push(w);
    }
    for u in units {
        let (layer, activation) = (u.layer.clone(), u.activation.clone());
        if u.dead > STUCK_UNITS {
            out.push(Warning::DeadUnits { layer, epoch, fraction: u.dead });
        } else if u.saturated > STUCK_UNITS {
            out.push(Warning::SaturatedUnits { layer, activation, epoch, fraction: u.saturated });
        }
    }
    out.retain(|w| !seen.iter().any(|s| s.same_finding(w)));
    out
}

/// A plateau ending at the last of `epochs`, unless one was already found.
pub(crate) fn plateau(epochs: &[EpochRecord], seen: &[Warning]) -> Option<Warning> {
    if seen.iter().any(|w| matches!(w, Warning::Plateau { .. })) || epochs.len() <= PLATEAU_EPOCHS {
        return None;
    }
    let (now, before) = (epochs.last()?, &epochs[epochs.len() - 1 - PLATEAU_EPOCHS]);
    let start = epochs[0].train_loss;
    let flat = before.train_loss - now.train_loss < PLATEAU_CHANGE * before.train_loss.abs();
    let far = now.train_loss >= 0.9 * start && start > 0.0;
    let small_gradient = now.grad_norm < PLATEAU_GRADIENT;
    (flat && far && small_gradient).then_some(Warning::Plateau {
        epoch: now.epoch,
        epochs: PLATEAU_EPOCHS,
        before: before.train_loss,
        loss: now.train_loss,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(layer: &str, activation: &str, dead: f64, saturated: f64) -> UnitRecord {
        let (layer, activation, mean, std) = (layer.into(), activation.into(), 0.0, 1.0);
        UnitRecord { layer, activation, dead, saturated, mean, std }
    }

    #[test]
    fn update_ratios_far_from_1e_3_are_findings_tiny_ones_only_while_the_loss_stalls() {
        let ratios =
            vec![("layers.0".to_string(), 5e-7), ("layers.2".to_string(), 2.0), ("layers.4".into(), 1e-3)];
        let found = sampled(3, (&ratios, &[]), &ratios, false, &[]);
        let kinds: Vec<&str> = found.iter().map(Warning::kind).collect();
        assert_eq!(kinds, ["tiny_updates", "large_updates"]);
        assert!(
            found[0].to_string().contains("layers.0") && found[0].to_string().contains("5.0e-7"),
            "{}",
            found[0]
        );
        let falling = sampled(3, (&ratios, &[]), &ratios, true, &[]);
        assert_eq!(falling.iter().map(Warning::kind).collect::<Vec<_>>(), ["large_updates"]);
        assert!(sampled(4, (&ratios, &[]), &ratios, false, &found).is_empty(), "once per layer");
        // Large in one epoch only (weights growing from zero): not yet.
        let first = sampled(3, (&ratios, &[]), &[("layers.2".to_string(), 0.5)], true, &[]);
        assert!(first.is_empty(), "{first:?}");
        // Just inside the thresholds: nothing.
        let edge = vec![("layers.0".to_string(), 1e-6), ("layers.2".to_string(), 1.0)];
        assert!(sampled(3, (&edge, &[]), &edge, false, &[]).is_empty());
    }

    #[test]
    fn a_layer_with_more_than_half_its_units_stuck_is_a_finding() {
        let units = vec![
            unit("layers.1", "relu", 0.51, 0.0),
            unit("layers.3", "relu", 0.5, 0.0),
            unit("layers.5", "tanh", 0.0, 0.75),
        ];
        let found = sampled(2, (&[], &units), &[], true, &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].to_string().starts_with("51 % of the relu units of layers.1"), "{}", found[0]);
        assert!(matches!(&found[1], Warning::SaturatedUnits { layer, .. } if layer == "layers.5"));
    }

    fn epochs(losses: &[f64], grads: &[f64]) -> Vec<EpochRecord> {
        let record = |(i, (&train_loss, &grad_norm)): (usize, (&f64, &f64))| EpochRecord {
            grad_norm,
            ..EpochRecord::new(i + 1, train_loss)
        };
        losses.iter().zip(grads).enumerate().map(record).collect()
    }

    #[test]
    fn a_plateau_is_a_flat_loss_near_its_start_with_a_small_gradient() {
        // Near its start and a gradient that has died out: a saddle.
        let flat = [2.41, 2.403, 2.4029, 2.4028, 2.4027, 2.4026, 2.4025];
        let dying = [0.5, 1e-2, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3];
        let w = plateau(&epochs(&flat, &dying), &[]).expect("a plateau");
        assert!(matches!(w, Warning::Plateau { epoch: 7, epochs: 5, .. }), "{w:?}");
        assert!(w.to_string().contains("momentum"), "{w}");
        assert!(plateau(&epochs(&flat, &dying), &[w]).is_none(), "once");
        assert!(plateau(&epochs(&flat[2..], &dying[2..]), &[]).is_none(), "needs 6 epochs");
        // Falling by 0.2 % over the 5 epochs: not flat.
        let sloped = [2.41, 2.403, 2.402, 2.401, 2.4, 2.399, 2.398];
        assert!(plateau(&epochs(&sloped, &dying), &[]).is_none());
        // Flat but far below the start (converged), or flat under a large gradient: not a plateau.
        let converged = [2.41, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2];
        assert!(plateau(&epochs(&converged, &[1e-3; 7]), &[]).is_none());
        assert!(plateau(&epochs(&flat, &[0.5, 0.4, 0.5, 0.4, 0.5, 0.4, 0.5]), &[]).is_none());
    }
}
