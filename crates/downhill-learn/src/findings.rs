//! Findings read from the run as a whole rather than from one epoch's gradients (grad_health.rs):
//!   overfitting          Prechelt's generalisation loss GL(t) = 100·(E_va(t)/E_opt(t) − 1), with
//!                        E_opt the lowest validation loss so far, above 5 (his GL5), while the
//!                        training loss is still falling: lower than PATIENCE epochs before.
//!                        (L. Prechelt, "Early stopping — but when?", 1998.)
//!   too many features    more than a tenth as many features as training rows for a dense model,
//!                        the rule of thumb of about ten rows per parameter-bearing input (the curse
//!                        of dimensionality), unless an L1 or elastic-net penalty already selects
//!                        or the linear models' C penalty (‖w‖²/(2·C·n), strong on few rows)
//!                        already shrinks the weights.
//! Each is reported once.
use crate::{EpochRecord, Penalty, Split, Warning};
use downhill_autograd::ParamRole;
use downhill_nn::Module;

/// Prechelt's GL threshold, in percent.
pub const GENERALISATION_LOSS: f64 = 5.0;
/// Epochs over which the training loss must have kept falling.
const PATIENCE: usize = 5;
/// Rows per feature below which a dense model has too many features.
pub const ROWS_PER_FEATURE: usize = 10;

/// Overfitting after the last of `epochs`, unless already in `seen`.
pub(crate) fn overfitting(epochs: &[EpochRecord], seen: &[Warning]) -> Option<Warning> {
    if seen.iter().any(|w| matches!(w, Warning::Overfitting { .. })) || epochs.len() <= PATIENCE {
        return None;
    }
    let (now, before) = (epochs.last()?, &epochs[epochs.len() - 1 - PATIENCE]);
    let best = epochs.iter().filter_map(|e| e.val_loss).fold(f64::INFINITY, f64::min);
    let gl = 100.0 * (now.val_loss? / best - 1.0);
    let training_falls = now.train_loss < before.train_loss;
    (gl > GENERALISATION_LOSS && best > 0.0 && training_falls).then(|| Warning::Overfitting {
        epoch: now.epoch,
        best_val_loss: best,
        val_loss: now.val_loss.unwrap_or(f64::NAN),
    })
}

/// Too many features in `split`'s training rows for `model`, when its first layer is dense (a
/// weight matrix the features multiply), unless already in `seen`.
pub(crate) fn dense_features<M: Module + ?Sized>(
    model: &M,
    split: &Split,
    penalty: &Penalty,
    seen: &[Warning],
) -> Option<Warning> {
    let params = model.params();
    let first = params.first()?;
    let (rows, features) = (split.train_rows(), split.x_train.dims().last().copied()?);
    let dense = first.role() == ParamRole::Weight && first.value.dims().get(1) == Some(&features);
    let seen = seen.iter().any(|w| matches!(w, Warning::TooManyFeatures { .. }));
    too_many_features(rows, features, penalty).filter(|_| dense && !seen)
}

/// Too many features for `rows` training rows of a dense model with `penalty`.
pub(crate) fn too_many_features(rows: usize, features: usize, penalty: &Penalty) -> Option<Warning> {
    let selects = matches!(penalty, Penalty::L1(_) | Penalty::ElasticNet { .. } | Penalty::C(_));
    (features * ROWS_PER_FEATURE > rows && !selects).then_some(Warning::TooManyFeatures { features, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epoch(epoch: usize, train_loss: f64, val_loss: f64) -> EpochRecord {
        EpochRecord { val_loss: Some(val_loss), ..EpochRecord::new(epoch, train_loss) }
    }

    #[test]
    fn overfitting_is_a_validation_loss_5_percent_above_its_best_while_training_still_falls() {
        // Validation bottoms out at 1.0 in epoch 3; training falls throughout.
        let val = [1.4, 1.1, 1.0, 1.01, 1.02, 1.03, 1.04, 1.06];
        let epochs: Vec<EpochRecord> =
            val.iter().enumerate().map(|(i, &v)| epoch(i + 1, 1.0 / (i + 1) as f64, v)).collect();
        assert!(overfitting(&epochs[..7], &[]).is_none(), "GL 4 % is below GL5");
        let w = overfitting(&epochs, &[]).expect("GL 6 %");
        assert!(matches!(w, Warning::Overfitting { epoch: 8, .. }), "{w:?}");
        assert!(w.to_string().contains("--early-stopping"), "{w}");
        assert!(overfitting(&epochs, &[w]).is_none(), "once");
        // Training no longer falling is not overfitting (a bad rate, a plateau): not flagged.
        let flat: Vec<EpochRecord> = val.iter().enumerate().map(|(i, &v)| epoch(i + 1, 0.5, v)).collect();
        assert!(overfitting(&flat, &[]).is_none());
    }

    #[test]
    fn more_than_a_tenth_as_many_features_as_rows_is_flagged_unless_l1_selects() {
        assert!(too_many_features(1000, 100, &Penalty::None).is_none());
        assert!(too_many_features(1000, 101, &Penalty::L2(1e-4)).is_some());
        assert!(too_many_features(1000, 101, &Penalty::L1(1e-4)).is_none());
        assert!(too_many_features(1000, 101, &Penalty::C(1.0)).is_none());
    }
}
