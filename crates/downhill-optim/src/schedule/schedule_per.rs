//! How often a schedule advances, for training loops that count epochs:
//!   Batch   once per optimizer step (torch: `scheduler.step()` per batch)
//!   Epoch   once per epoch: lr_k = s(⌊k / batches_per_epoch⌋) for step k
//!           (torch: `scheduler.step()` after each epoch). Pure in k, so resuming needs only k.
use crate::{Lr, Schedule};
use serde::{Deserialize, Serialize};

/// How often a schedule advances: per optimizer step or per epoch (serialised as `"batch"` or `"epoch"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchedulePer {
    /// Once per optimizer step (a batch).
    Batch,
    /// Once per epoch (the default, as torch's examples step schedulers).
    #[default]
    Epoch,
}

impl SchedulePer {
    /// `inner`, counting schedule steps, as a rate for each optimizer step.
    pub fn apply(self, inner: Lr, batches_per_epoch: u64) -> Lr {
        match self {
            SchedulePer::Batch => inner,
            SchedulePer::Epoch => Lr::new(PerEpoch { inner, batches_per_epoch }),
        }
    }
}

/// A schedule read once per epoch.
#[derive(Debug)]
struct PerEpoch {
    inner: Lr,
    batches_per_epoch: u64,
}

impl Schedule for PerEpoch {
    fn at(&self, step: u64) -> f64 {
        self.inner.at(step / self.batches_per_epoch.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StepLr;
    use downhill_testing::assert_close;

    #[test]
    fn per_epoch_holds_the_rate_for_a_whole_epoch() {
        let halving = || Lr::new(StepLr { base: 1.0, step_size: 1, gamma: 0.5 });
        let per_epoch = SchedulePer::Epoch.apply(halving(), 4);
        // StepLr is base · 0.5 powf k: f64 powf, 1e-12.
        assert_close("per epoch", &[0, 3, 4, 8].map(|k| per_epoch.at(k)), &[1.0, 1.0, 0.5, 0.25], 1e-12);
        assert_close("per batch", &[SchedulePer::Batch.apply(halving(), 4).at(3)], &[0.125], 1e-12);
    }
}
