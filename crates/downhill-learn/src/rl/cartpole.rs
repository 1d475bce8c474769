//! CartPole-v1, as gymnasium's `cartpole.py` (Barto, Sutton & Anderson 1983): a pole hinged on a
//! cart that moves along a track. State s = (x, ẋ, θ, θ̇); action 0 pushes left, 1 right, with
//! force F = ±10 N. With g = 9.8, m_c = 1.0, m_p = 0.1, M = m_c + m_p, l = 0.5 (half the pole),
//! m_p·l = 0.05, per step of τ = 0.02 s (explicit Euler, gymnasium's default integrator):
//!   t  = (F + m_p·l·θ̇²·sin θ) / M
//!   θ̈  = (g·sin θ − cos θ·t) / (l·(4/3 − m_p·cos²θ / M))
//!   ẍ  = t − m_p·l·θ̈·cos θ / M
//!   x ← x + τ·ẋ,  ẋ ← ẋ + τ·ẍ,  θ ← θ + τ·θ̇,  θ̇ ← θ̇ + τ·θ̈
//! The episode terminates when |x| > 2.4 or |θ| > 12° (2π·12/360 rad), and is truncated after 500
//! steps (v1's time limit); every step, the terminating one included, earns +1. Reset draws each
//! state variable from U(−0.05, 0.05). The state is f64, as gymnasium's; observations are f32.
use super::{Environment, Step};
use downhill_tensor::Rng;

const GRAVITY: f64 = 9.8;
const MASS_CART: f64 = 1.0;
const MASS_POLE: f64 = 0.1;
const TOTAL_MASS: f64 = MASS_CART + MASS_POLE;
const HALF_LENGTH: f64 = 0.5;
const POLE_MASS_LENGTH: f64 = MASS_POLE * HALF_LENGTH;
const FORCE: f64 = 10.0;
const TAU: f64 = 0.02;
const THETA_LIMIT: f64 = 12.0 * 2.0 * std::f64::consts::PI / 360.0;
const X_LIMIT: f64 = 2.4;
/// CartPole-v1's `max_episode_steps`.
pub const MAX_STEPS: usize = 500;

/// gymnasium's `CartPole-v1`: balance a pole on a cart by pushing it left or right; reward 1 per step, at
/// most 500 steps.
#[derive(Clone, Debug, Default)]
pub struct CartPole {
    /// x, ẋ, θ, θ̇.
    pub state: [f64; 4],
    steps: usize,
}

impl CartPole {
    /// A cart at rest; call `reset` to start an episode.
    pub fn new() -> CartPole {
        CartPole::default()
    }

    fn observation(&self) -> Vec<f32> {
        self.state.iter().map(|&v| v as f32).collect()
    }
}

impl Environment for CartPole {
    fn observation_size(&self) -> usize {
        4
    }
    fn actions(&self) -> usize {
        2
    }
    fn reset(&mut self, rng: &mut Rng) -> Vec<f32> {
        self.state = std::array::from_fn(|_| -0.05 + 0.1 * rng.unit_f64());
        self.steps = 0;
        self.observation()
    }
    fn step(&mut self, action: usize) -> Step {
        assert!(action < 2, "CartPole: action {action}, expected 0 (left) or 1 (right)");
        let [x, x_dot, theta, theta_dot] = self.state;
        let force = if action == 1 { FORCE } else { -FORCE };
        let (sin, cos) = theta.sin_cos();
        let t = (force + POLE_MASS_LENGTH * theta_dot * theta_dot * sin) / TOTAL_MASS;
        let theta_acc =
            (GRAVITY * sin - cos * t) / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
        let x_acc = t - POLE_MASS_LENGTH * theta_acc * cos / TOTAL_MASS;
        self.state =
            [x + TAU * x_dot, x_dot + TAU * x_acc, theta + TAU * theta_dot, theta_dot + TAU * theta_acc];
        self.steps += 1;
        let [x, _, theta, _] = self.state;
        let terminated = !(-X_LIMIT..=X_LIMIT).contains(&x) || !(-THETA_LIMIT..=THETA_LIMIT).contains(&theta);
        Step { observation: self.observation(), reward: 1.0, terminated, truncated: self.steps >= MAX_STEPS }
    }
    fn reward_threshold(&self) -> Option<f64> {
        Some(475.0)
    }
}
