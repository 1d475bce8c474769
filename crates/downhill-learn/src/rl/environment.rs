//! What an agent acts in (gymnasium's `Env`, discrete actions): reset to a first observation, then
//! step with an action to the next observation, its reward, and whether the episode terminated
//! (a failure or goal state) or was truncated (a time limit). Rust users implement it for their own
//! environments; `CartPole` is built in.
use downhill_tensor::Rng;

/// The outcome of one step.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The observation after the step.
    pub observation: Vec<f32>,
    /// The reward for the step.
    pub reward: f64,
    /// The episode reached a terminal state (a failure or a goal).
    pub terminated: bool,
    /// The episode was cut short (a time limit).
    pub truncated: bool,
}

/// A discrete-action environment an agent learns in (gymnasium's `Env`); see the module docs.
pub trait Environment {
    /// Values per observation.
    fn observation_size(&self) -> usize;
    /// Actions to choose from: 0 .. actions.
    fn actions(&self) -> usize;
    /// Starts an episode (its randomness from `rng`); the first observation.
    fn reset(&mut self, rng: &mut Rng) -> Vec<f32>;
    /// Applies `action` (< `actions()`) to the current state.
    fn step(&mut self, action: usize) -> Step;
    /// The mean return over 100 episodes at which the task counts as solved, if it has one
    /// (gymnasium's `reward_threshold`).
    fn reward_threshold(&self) -> Option<f64> {
        None
    }
}
