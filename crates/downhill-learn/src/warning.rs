//! Findings: problems the health monitor noticed during training that did not stop it, each one
//! line in words that says what it means and what to try. Where each is detected, and why there:
//! grad_health.rs (exploding and vanishing gradients), health_findings.rs (updates, stuck units,
//! plateaus), findings.rs (overfitting, too many features) and basins.rs (restarts that end far
//! apart).
use serde::{Deserialize, Serialize};
use std::fmt;

/// A problem noticed during training that did not stop it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Warning {
    /// A layer's mean gradient norm over an epoch fell below [`VANISHING`](crate::VANISHING) while the signal
    /// still reaches the net: it barely learns.
    VanishingGradient {
        /// The layer (`layers.0`: parameter names up to their last dot).
        layer: String,
        /// The first epoch it happened (1-based).
        epoch: usize,
        /// The layer's mean gradient L2 norm over that epoch's batches.
        norm: f64,
    },
    /// A batch's gradient norm for a layer exceeded [`EXPLODING`](crate::EXPLODING).
    ExplodingGradient {
        /// The layer (`layers.0`).
        layer: String,
        /// The first epoch it happened (1-based).
        epoch: usize,
        /// The exploding batch's gradient L2 norm for that layer.
        norm: f64,
        /// The first batch of the epoch whose norm exploded (absent in older model files).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        batch: Option<usize>,
    },
    /// The first layer's gradient RMS is `ratio` times the last's while the loss stalls.
    VanishingThroughDepth {
        /// The first layer with weights.
        first: String,
        /// The last layer with weights.
        last: String,
        /// The first epoch it happened (1-based).
        epoch: usize,
        /// First over last layer's gradient RMS (< 1e-3).
        ratio: f64,
    },
    /// The validation loss rose 5 % above its best while the training loss kept falling.
    Overfitting {
        /// The epoch it was noticed (1-based).
        epoch: usize,
        /// The lowest validation loss so far.
        best_val_loss: f64,
        /// This epoch's validation loss.
        val_loss: f64,
    },
    /// More than a tenth as many features as training rows for a dense model.
    TooManyFeatures {
        /// Input features.
        features: usize,
        /// Training rows.
        rows: usize,
    },
    /// The first layer's gradient RMS is `ratio` (> 1e3) times the last's while the loss stalls.
    ExplodingThroughDepth {
        /// The first layer with weights.
        first: String,
        /// The last layer with weights.
        last: String,
        /// The first epoch it happened (1-based).
        epoch: usize,
        /// First over last layer's gradient RMS (> 1e3).
        ratio: f64,
    },
    /// A layer's steps move its weights by less than 1e-6 of their norm while the loss stalls.
    TinyUpdates {
        /// The layer.
        layer: String,
        /// The first epoch it happened (1-based).
        epoch: usize,
        /// The mean of `‖Δw‖ / ‖w‖` over the epoch's sampled steps.
        ratio: f64,
    },
    /// A layer's steps move its weights by more than their own norm.
    LargeUpdates {
        /// The layer.
        layer: String,
        /// The first epoch it happened (1-based).
        epoch: usize,
        /// The mean of `‖Δw‖ / ‖w‖` over the epoch's sampled steps.
        ratio: f64,
    },
    /// More than half of a ReLU layer's units are off for every row.
    DeadUnits {
        /// The activation layer (`layers.1`).
        layer: String,
        /// The first epoch it happened (1-based).
        epoch: usize,
        /// The share of its units that are dead, in [0, 1].
        fraction: f64,
    },
    /// More than half of a sigmoid or tanh layer's units are saturated for every row.
    SaturatedUnits {
        /// The activation layer.
        layer: String,
        /// Its activation (`sigmoid`, `tanh`, ...).
        activation: String,
        /// The first epoch it happened (1-based).
        epoch: usize,
        /// The share of its units that are saturated, in [0, 1].
        fraction: f64,
    },
    /// The training loss moved by less than 0.1 % over `epochs` epochs, from `before` to `loss`,
    /// barely below where it started, with a small gradient.
    Plateau {
        /// The epoch it was noticed (1-based).
        epoch: usize,
        /// The epochs the loss was compared over.
        epochs: usize,
        /// The training loss `epochs` epochs earlier.
        before: f64,
        /// This epoch's training loss.
        loss: f64,
    },
    /// Restarts from `runs` seeds ended far apart: the worst final loss is more than
    /// `BASIN_SPREAD` above the best and more than `DESCENT_SHARE` of the descent (basins.rs gives
    /// the rule and its source).
    ManyBasins {
        /// The restarts compared.
        runs: usize,
        /// The lowest final loss.
        best: f64,
        /// The highest final loss.
        worst: f64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_in(f, "epoch")
    }
}

/// A finding worded for a run counted in rounds of steps (a language model's `--eval-interval`).
struct InRounds<'a>(&'a Warning);

impl fmt::Display for InRounds<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_in(f, "round")
    }
}

impl Warning {
    /// The finding as printed for a language model, whose epochs are rounds of steps.
    pub fn in_rounds(&self) -> impl fmt::Display + '_ {
        InRounds(self)
    }

    /// The message, with `unit` naming what its epoch counts.
    fn write_in(&self, f: &mut fmt::Formatter<'_>, unit: &str) -> fmt::Result {
        match self {
            Warning::VanishingGradient { layer, epoch, norm } => write!(
                f,
                "gradients of {layer} vanish (norm {norm:.2e} in {unit} {epoch}): it barely learns; try relu/he init, batch norm or a shallower net"
            ),
            Warning::ExplodingGradient { layer, epoch, norm, batch } => {
                let when = batch.map_or(format!("in {unit} {epoch}"), |b| format!("from batch {b} of {unit} {epoch}"));
                write!(
                    f,
                    "gradients of {layer} explode (norm {norm:.2e} {when}): lower the learning rate, scale the features or clip gradients"
                )
            }
            Warning::VanishingThroughDepth { first, last, epoch, ratio } => write!(
                f,
                "gradients vanish through depth ({unit} {epoch}): those of {first} are {ratio:.1e} of {last}'s (RMS) while the loss barely falls, so the early layers hardly learn; try --activation relu with --init he-uniform, --batch-norm, or fewer layers"
            ),
            Warning::Overfitting { epoch, best_val_loss, val_loss } => write!(
                f,
                "overfitting ({unit} {epoch}): the validation loss {val_loss:.4} is {:.0} % above its best {best_val_loss:.4} while the training loss still falls; try --early-stopping, an --l2 penalty or dropout",
                100.0 * (val_loss / best_val_loss - 1.0)
            ),
            Warning::TooManyFeatures { features, rows } => write!(
                f,
                "{features} features for {rows} training rows (fewer than 10 rows per feature): a dense model can fit noise; try an --l1 penalty or --select-features, or more rows"
            ),
            Warning::ExplodingThroughDepth { first, last, epoch, ratio } => write!(
                f,
                "gradients explode through depth ({unit} {epoch}): those of {first} are {ratio:.1e} times {last}'s (RMS) while the loss barely falls; try --clip-norm 1, a lower learning rate, --batch-norm or fewer layers"
            ),
            Warning::TinyUpdates { layer, epoch, ratio } => write!(
                f,
                "updates of {layer} are tiny ({unit} {epoch}): each step moves its weights by {ratio:.1e} of their norm (healthy is near 1e-3) while the loss barely falls; raise the learning rate or try an adaptive optimizer (adam), unless the loss rose first: then a rate too high has saturated the units, so lower it or clip gradients"
            ),
            Warning::LargeUpdates { layer, epoch, ratio } => write!(
                f,
                "updates of {layer} are too large ({unit} {epoch}): each step moves its weights by {ratio:.1e} times their norm (healthy is near 1e-3), so every step rewrites the layer; lower the learning rate or clip gradients"
            ),
            Warning::DeadUnits { layer, epoch, fraction } => write!(
                f,
                "{:.0} % of the relu units of {layer} are dead ({unit} {epoch}): off for every row, they get no gradient and never recover; lower the learning rate, use --init he-uniform, or try --activation leaky-relu",
                100.0 * fraction
            ),
            Warning::SaturatedUnits { layer, activation, epoch, fraction } => {
                let cure = match activation.as_str() {
                    "sigmoid" | "tanh" => "scale the features, use --init xavier-uniform, --batch-norm, or --activation relu",
                    _ => "lower the learning rate, clip gradients (--clip-norm 1), or add a layer_norm",
                };
                write!(
                    f,
                    "{:.0} % of the {activation} units of {layer} are saturated ({unit} {epoch}): flat for every row, they pass back almost no gradient; {cure}",
                    100.0 * fraction
                )
            }
            Warning::Plateau { epoch, epochs, before, loss } => write!(
                f,
                "a plateau ({unit} {epoch}): the training loss went from {before:.4} to {loss:.4} over {epochs} {unit}s, barely below where it started, with a small gradient; try momentum (--momentum 0.9), an adaptive optimizer (adam) or a higher learning rate"
            ),
            Warning::ManyBasins { runs, best, worst } => write!(
                f,
                "the {runs} restarts ended in different basins (final losses {best:.4} to {worst:.4}, the worst {:.0} % above the best): the result depends on the seed; try a wider network, a lower learning rate or --batch-norm, let the runs converge (more --epochs, a larger --n-iter-no-change), and report the spread",
                100.0 * (worst / best - 1.0)
            ),
        }
    }

    /// The layer it is about, for the findings that name one.
    pub fn layer(&self) -> Option<&str> {
        match self {
            Warning::VanishingGradient { layer, .. }
            | Warning::ExplodingGradient { layer, .. }
            | Warning::TinyUpdates { layer, .. }
            | Warning::LargeUpdates { layer, .. }
            | Warning::DeadUnits { layer, .. }
            | Warning::SaturatedUnits { layer, .. } => Some(layer),
            _ => None,
        }
    }

    /// Whether `other` reports the same thing: the same kind about the same layer (or, for the
    /// kinds about the whole run, the same kind). Each finding is reported once.
    pub fn same_finding(&self, other: &Warning) -> bool {
        self.kind() == other.kind() && self.layer() == other.layer()
    }

    /// Its kind, as tagged in the stored form: `vanishing_gradient`, `overfitting`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::VanishingGradient { .. } => "vanishing_gradient",
            Warning::ExplodingGradient { .. } => "exploding_gradient",
            Warning::VanishingThroughDepth { .. } => "vanishing_through_depth",
            Warning::Overfitting { .. } => "overfitting",
            Warning::TooManyFeatures { .. } => "too_many_features",
            Warning::ExplodingThroughDepth { .. } => "exploding_through_depth",
            Warning::TinyUpdates { .. } => "tiny_updates",
            Warning::LargeUpdates { .. } => "large_updates",
            Warning::DeadUnits { .. } => "dead_units",
            Warning::SaturatedUnits { .. } => "saturated_units",
            Warning::Plateau { .. } => "plateau",
            Warning::ManyBasins { .. } => "many_basins",
        }
    }

    /// The epoch it was found in (none for what the data shows before training).
    pub fn epoch(&self) -> Option<usize> {
        match self {
            Warning::VanishingGradient { epoch, .. }
            | Warning::ExplodingGradient { epoch, .. }
            | Warning::VanishingThroughDepth { epoch, .. }
            | Warning::Overfitting { epoch, .. }
            | Warning::ExplodingThroughDepth { epoch, .. }
            | Warning::TinyUpdates { epoch, .. }
            | Warning::LargeUpdates { epoch, .. }
            | Warning::DeadUnits { epoch, .. }
            | Warning::SaturatedUnits { epoch, .. }
            | Warning::Plateau { epoch, .. } => Some(*epoch),
            Warning::TooManyFeatures { .. } | Warning::ManyBasins { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<Warning> {
        vec![
            Warning::VanishingGradient { layer: "a".into(), epoch: 1, norm: 0.0 },
            Warning::ExplodingGradient { layer: "a".into(), epoch: 1, norm: 0.0, batch: None },
            Warning::VanishingThroughDepth { first: "a".into(), last: "b".into(), epoch: 1, ratio: 0.0 },
            Warning::Overfitting { epoch: 1, best_val_loss: 1.0, val_loss: 2.0 },
            Warning::TooManyFeatures { features: 9, rows: 10 },
            Warning::ExplodingThroughDepth { first: "a".into(), last: "b".into(), epoch: 1, ratio: 0.0 },
            Warning::TinyUpdates { layer: "a".into(), epoch: 1, ratio: 0.0 },
            Warning::LargeUpdates { layer: "a".into(), epoch: 1, ratio: 0.0 },
            Warning::DeadUnits { layer: "a".into(), epoch: 1, fraction: 0.0 },
            Warning::SaturatedUnits { layer: "a".into(), activation: "tanh".into(), epoch: 1, fraction: 0.0 },
            Warning::Plateau { epoch: 1, epochs: 5, before: 1.0, loss: 1.0 },
            Warning::ManyBasins { runs: 2, best: 1.0, worst: 2.0 },
        ]
    }

    #[test]
    fn the_kind_is_the_tag_of_the_stored_form() {
        for w in all() {
            let json = serde_json::to_value(&w).unwrap();
            assert_eq!(json["kind"], w.kind(), "{w:?}");
        }
    }

    #[test]
    fn a_finding_with_an_epoch_names_it_as_an_epoch_or_as_a_round() {
        for w in all() {
            let (epochs, rounds) = (w.to_string(), w.in_rounds().to_string());
            if w.epoch().is_some() {
                assert!(epochs.contains("epoch 1") && !epochs.contains("round"), "{epochs}");
                assert!(rounds.contains("round 1") && !rounds.contains("epoch"), "{rounds}");
            } else {
                assert_eq!(epochs, rounds);
            }
        }
        let plateau = Warning::Plateau { epoch: 7, epochs: 5, before: 1.0, loss: 1.0 };
        assert!(plateau.in_rounds().to_string().contains("over 5 rounds"), "{}", plateau.in_rounds());
    }
}
