//! Learning policies by trial and error: the `Environment` an agent acts in, CartPole-v1 built in,
//! and policy-gradient training (REINFORCE and actor-critic) of a layer stack.
mod cartpole;
mod environment;
mod policy_gradient;
mod settings;

pub use cartpole::{CartPole, MAX_STEPS};
pub use environment::{Environment, Step};
pub use policy_gradient::{train_policy, PolicyRun};
pub use settings::{default_optimizer, Algorithm, RlSettings, POLICY_LAYERS, RL_OPTIONS};
