//! What a policy-gradient run adds to the optimizer settings, each option described once here (the
//! CLI's flags and help read `RL_OPTIONS`); defaults are pytorch/examples' `reinforce.py`:
//!   algorithm  reinforce (returns as the weights of the log-probabilities) or actor-critic (a
//!              learned value baseline: weights R − V(s), plus the critic's smooth-L1 loss)
//!   gamma      discount factor γ in [0, 1]
//!   episodes   the most episodes to run (≥ 1)
//!   window     episodes the "solved" mean return is taken over (gymnasium's 100)
//!   run_all    keep going after the task is solved, to `episodes`
//! The default policy is `reinforce.py`'s, 128 hidden units with dropout 0.6 (`POLICY_LAYERS`),
//! trained by Adam at 1e-2 (`default_optimizer`) for both algorithms. `actor_critic.py` uses 3e-2
//! with a body shared by the policy and value heads; here the critic is a network of its own, and
//! at 3e-2 the runs collapsed to a deterministic policy on most seeds, at 1e-2 none did.
use crate::{LearnError, OptimizerConfig, OptimizerSettings};
use serde::{Deserialize, Serialize};

/// The policy-gradient estimator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// REINFORCE (Williams 1992): the discounted returns weight the log-probabilities.
    Reinforce,
    /// Actor-critic: a learned value baseline, weights `R - V(s)`, plus the critic's smooth-L1 loss.
    ActorCritic,
}

impl Algorithm {
    /// Every algorithm, in listing order.
    pub const ALL: [Algorithm; 2] = [Algorithm::Reinforce, Algorithm::ActorCritic];

    /// The name as the CLI spells it (`reinforce`, `actor-critic`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Reinforce => "reinforce",
            Algorithm::ActorCritic => "actor-critic",
        }
    }
}

impl std::str::FromStr for Algorithm {
    type Err = LearnError;
    fn from_str(s: &str) -> Result<Algorithm, LearnError> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| LearnError::invalid("algorithm", RL_OPTIONS[0].2, s))
    }
}

/// The policy's hidden layers when none are given (pytorch/examples' `reinforce.py`).
pub const POLICY_LAYERS: &str = "linear(128), dropout(0.6), relu";

/// Adam at 1e-2, torch's other defaults.
pub fn default_optimizer() -> OptimizerSettings {
    OptimizerSettings::new(OptimizerConfig::default().with_lr(1e-2))
}

/// (name, default, rule, help) of each option.
pub const RL_OPTIONS: &crate::OptionTable = &[
    ("algorithm", "reinforce", "reinforce or actor-critic", "the policy-gradient estimator"),
    ("gamma", "0.99", "in [0, 1]", "discount factor of future rewards"),
    ("episodes", "2000", ">= 1", "the most episodes to run; the run stops once solved unless run_all"),
    ("window", "100", ">= 1", "the last episodes whose mean return says whether the task is solved"),
    ("run_all", "off", "on or off", "run every episode, even once the task is solved"),
];

/// A policy-gradient run's settings besides the optimizer; `Default` is pytorch/examples' `reinforce.py` (see
/// the module docs and `RL_OPTIONS`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RlSettings {
    /// The estimator (default `reinforce`).
    pub algorithm: Algorithm,
    /// Discount factor of future rewards, in [0, 1] (default 0.99).
    pub gamma: f64,
    /// The most episodes to run, >= 1 (default 2000).
    pub episodes: usize,
    /// Episodes the "solved" mean return is taken over, >= 1 (default 100).
    pub window: usize,
    /// Keep running after the task is solved, up to `episodes` (default false).
    pub run_all: bool,
    /// Seed of the policy's weights, the environment and the action sampling (default 0).
    pub seed: u64,
}

impl Default for RlSettings {
    fn default() -> Self {
        RlSettings {
            algorithm: Algorithm::Reinforce,
            gamma: 0.99,
            episodes: 2000,
            window: 100,
            run_all: false,
            seed: 0,
        }
    }
}

impl RlSettings {
    /// Checks `gamma`, `episodes` and `window`; the error names the first bad one.
    pub fn validate(&self) -> Result<(), LearnError> {
        if !(0.0..=1.0).contains(&self.gamma) {
            return Err(LearnError::invalid("gamma", RL_OPTIONS[1].2, self.gamma));
        }
        for (name, v) in [("episodes", self.episodes), ("window", self.window)] {
            if v == 0 {
                return Err(LearnError::invalid(name, "an integer >= 1", 0));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_states_the_defaults() {
        crate::table_defaults::assert_defaults_stated(RL_OPTIONS, &RlSettings::default(), &[]);
    }
}
