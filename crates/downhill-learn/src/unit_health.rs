//! The units of each activation layer over an epoch (downhill-nn's unit_probe.rs measures one
//! batch): the fractions of its units that are dead (ReLU off for every row) or saturated
//! (sigmoid or tanh flat for every row), and its output's mean and standard deviation, each the
//! mean over the epoch's sampled steps. More than half of a layer's units stuck is a finding
//! (health_findings.rs): that layer works at under half its width, and its stuck units get no
//! gradient to leave the state they are in.
use downhill_nn::UnitStats;
use serde::{Deserialize, Serialize};

/// One activation layer over one epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRecord {
    /// Its path in the model (`layers.1`).
    pub layer: String,
    /// `relu`, `sigmoid`, ...
    pub activation: String,
    /// Fraction of its units dead (relu off for every row), in [0, 1].
    pub dead: f64,
    /// Fraction of its units saturated (sigmoid or tanh flat for every row), in [0, 1].
    pub saturated: f64,
    /// Mean of its output.
    pub mean: f64,
    /// Standard deviation of its output.
    pub std: f64,
}

impl UnitRecord {
    /// Which kind of stuck unit this layer can have: `dead` (relu, an RNN with relu), `saturated`
    /// (sigmoid, tanh, the other recurrent layers), or none (gelu, silu, ...).
    pub fn watches(&self) -> Option<&'static str> {
        match self.activation.as_str() {
            "relu" | "rnn_relu" => Some("dead"),
            "sigmoid" | "tanh" | "rnn" | "lstm" | "gru" => Some("saturated"),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct UnitHealth {
    /// Per layer in order of first appearance: Σ of each field over samples, and the count.
    sums: Vec<(UnitRecord, usize)>,
}

impl UnitHealth {
    /// Adds one sampled forward pass.
    pub fn record(&mut self, stats: Vec<UnitStats>) {
        for s in stats {
            let units = s.units.max(1) as f64;
            let k = match self.sums.iter().position(|(r, _)| r.layer == s.layer) {
                Some(k) => k,
                None => {
                    let (activation, zero) = (s.activation.to_string(), 0.0);
                    let r = UnitRecord {
                        layer: s.layer,
                        activation,
                        dead: zero,
                        saturated: zero,
                        mean: zero,
                        std: zero,
                    };
                    self.sums.push((r, 0));
                    self.sums.len() - 1
                }
            };
            let (r, n) = &mut self.sums[k];
            r.dead += s.dead as f64 / units;
            r.saturated += s.saturated as f64 / units;
            r.mean += s.mean;
            r.std += s.std;
            *n += 1;
        }
    }

    /// The epoch's records, one per layer seen; resets.
    pub fn finish_epoch(&mut self) -> Vec<UnitRecord> {
        std::mem::take(&mut self.sums)
            .into_iter()
            .map(|(r, n)| {
                let n = n.max(1) as f64;
                UnitRecord {
                    dead: r.dead / n,
                    saturated: r.saturated / n,
                    mean: r.mean / n,
                    std: r.std / n,
                    ..r
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(layer: &str, dead: usize, mean: f64) -> UnitStats {
        let (activation, units, saturated, std) = ("relu", 4, 0, 1.0);
        UnitStats { layer: layer.into(), activation, units, dead, saturated, mean, std }
    }

    #[test]
    fn fractions_and_moments_are_averaged_over_the_sampled_passes_per_layer() {
        let mut h = UnitHealth::default();
        h.record(vec![stats("layers.1", 4, 1.0), stats("layers.3", 0, 0.0)]);
        h.record(vec![stats("layers.1", 2, 2.0), stats("layers.3", 1, 0.0)]);
        let epoch = h.finish_epoch();
        // Dead fractions 1 and 0.5 average to 0.75; 0 and 0.25 to 0.125 (exact in binary).
        assert_eq!(epoch.len(), 2);
        assert_eq!((epoch[0].layer.as_str(), epoch[0].dead, epoch[0].mean), ("layers.1", 0.75, 1.5));
        assert_eq!((epoch[1].dead, epoch[1].activation.as_str()), (0.125, "relu"));
        assert!(h.finish_epoch().is_empty(), "reset");
    }
}
