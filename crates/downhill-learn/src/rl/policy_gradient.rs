//! Policy gradients on an `Environment` with discrete actions (Williams 1992; pytorch/examples'
//! `reinforce.py` and `actor_critic.py`):
//!   π(a|s) = softmax(policy(s))    the policy network: the hidden layers given, then one logit per
//!                                  action; actions are drawn from it (training mode: dropout on)
//!   an episode s_0, a_0, r_0, …, s_{T−1}, a_{T−1}, r_{T−1}, recorded on one tape
//!   returns   G_t = r_t + γ·G_{t+1} (G_T = 0), standardised Ĝ_t = (G_t − mean G) / (std G + ε),
//!             std with Bessel's correction (0 for one step), ε the f32 machine epsilon
//!   reinforce      L = −Σ_t log π(a_t|s_t)·Ĝ_t
//!   actor-critic   a value network V(s) (the same hidden layers, one output) beside the policy:
//!                  L = −Σ_t log π(a_t|s_t)·(Ĝ_t − V(s_t)) + Σ_t smooth_l1(V(s_t), Ĝ_t),
//!                  V(s_t) a constant in the first term
//!   one optimizer step on L per episode (on both networks' parameters for actor-critic); a step
//!   whose gradient is not finite is not applied and the run stops, keeping the last good weights
//!   solved    the first episode at which the mean return of the last `window` episodes reaches the
//!             environment's reward threshold; the run stops there unless `run_all`
use super::{Algorithm, Environment, RlSettings};
use crate::seeds::{self, Stream};
use crate::{
    Architecture, EstimatorKind, Hooks, LayerStack, LearnError, Model, Objective, OptimizerSettings, Task,
};
use downhill_autograd::{Tape, Var};
use downhill_nn::losses::{Huber, Loss};
use downhill_nn::spec::{parse_layers, LayerSpec};
use downhill_nn::{Ctx, Module, Sequential};
use downhill_optim::Optimizer;
use downhill_tensor::{Float, Rng, Tensor};

/// Steps after which an episode that has not ended is an error (an environment that never ends).
const MAX_EPISODE_STEPS: usize = 1_000_000;

/// A trained policy and its run.
#[derive(Debug)]
pub struct PolicyRun {
    /// The trained policy network: observation in, one logit per action out.
    pub policy: Sequential,
    /// The policy's layers (the hidden ones and the output) and its observation width.
    pub layers: Vec<LayerSpec>,
    /// Values per observation the policy reads.
    pub observation_size: usize,
    /// The value network (actor-critic only).
    pub critic: Option<Sequential>,
    /// The return (summed reward) of every episode run.
    pub returns: Vec<f64>,
    /// The episode (1-based) at which the task was first solved.
    pub solved_at: Option<usize>,
    /// The episode whose gradient was not finite, if the run stopped there.
    pub diverged_at: Option<usize>,
}

impl PolicyRun {
    /// The policy as a model (estimator `policy`: one logit per action, the greedy action its
    /// prediction), to save or to act with.
    pub fn into_model(self) -> Model {
        let actions = self.policy.params().last().map_or(1, |b| b.value.numel());
        let stack = LayerStack { input_shape: vec![self.observation_size], layers: self.layers };
        let task = Task::Classification { classes: actions };
        Model::new(
            EstimatorKind::Policy,
            Objective::Multinomial,
            task,
            Architecture::Layers(stack),
            self.policy,
        )
    }

    /// The mean return of the last `window` episodes (of all of them when fewer were run).
    pub fn last_mean(&self, window: usize) -> f64 {
        let tail = &self.returns[self.returns.len().saturating_sub(window)..];
        tail.iter().sum::<f64>() / tail.len().max(1) as f64
    }
}

/// Trains a policy with `hidden` layers on `env`; `report(episode, return, mean of the window)`
/// is called after every episode.
pub fn train_policy<E: Environment + ?Sized>(
    env: &mut E,
    hidden: &[LayerSpec],
    settings: &RlSettings,
    optimizer: &OptimizerSettings,
    hooks: &Hooks<'_>,
    report: &mut dyn FnMut(usize, f64, f64),
) -> Result<PolicyRun, LearnError> {
    settings.validate()?;
    let (inputs, actions) = (env.observation_size(), env.actions());
    let stack = |outputs: usize| {
        let mut layers = hidden.to_vec();
        layers.extend(parse_layers(&format!("linear({outputs})")).expect("a linear layer parses"));
        layers
    };
    let network = |layers: &[LayerSpec], stream_index: u64| -> Result<Sequential, LearnError> {
        let seed = seeds::derive(settings.seed, Stream::Init, stream_index);
        Ok(Sequential::from_spec(layers, &[inputs], seed)?)
    };
    let layers = stack(actions);
    let mut policy = network(&layers, 0)?;
    let mut critic = match settings.algorithm {
        Algorithm::ActorCritic => Some(network(&stack(1), 1)?),
        Algorithm::Reinforce => None,
    };
    let mut values: Vec<Tensor> = params(&policy, critic.as_ref());
    let all: Vec<&downhill_autograd::Param> =
        policy.params().into_iter().chain(critic.iter().flat_map(|c| c.params())).collect();
    let tx = optimizer.build(1, settings.episodes, &all)?;
    let mut opt = Optimizer::new(tx, &values);
    let mut env_rng = seeds::rng(settings.seed, Stream::Split, 0);
    let mut action_rng = seeds::rng(settings.seed, Stream::Shuffle, 0);
    let threshold = env.reward_threshold();
    let mut run = PolicyRun {
        policy: Sequential::new(),
        layers,
        observation_size: inputs,
        critic: None,
        returns: Vec::new(),
        solved_at: None,
        diverged_at: None,
    };
    for episode in 1..=settings.episodes {
        let tape = Tape::new();
        let cx = Ctx::train(&tape, seeds::derive(settings.seed, Stream::Dropout, episode as u64));
        let Episode { picked, predicted, rewards } =
            play(env, &cx, &mut policy, critic.as_mut(), &mut env_rng, &mut action_rng)?;
        let returns = standardised_returns(&rewards, settings.gamma);
        let loss = episode_loss(&tape, &picked, &predicted, &returns);
        let grads = tape.backward(loss);
        let gs: Vec<Tensor> =
            all_params(&policy, critic.as_ref()).iter().map(|p| grads.get_or_zeros(p)).collect();
        if !opt.step_checked(&mut values, gs) {
            run.diverged_at = Some(episode);
            break;
        }
        set_params(&mut policy, critic.as_mut(), &values);
        run.returns.push(rewards.iter().sum());
        let mean = run.last_mean(settings.window);
        report(episode, *run.returns.last().expect("just pushed"), mean);
        let solved = threshold.is_some_and(|t| run.returns.len() >= settings.window && mean >= t);
        if solved && run.solved_at.is_none() {
            run.solved_at = Some(episode);
            if !settings.run_all {
                break;
            }
        }
        if hooks.stop_requested() {
            break;
        }
    }
    (run.policy, run.critic) = (policy, critic);
    Ok(run)
}

/// One episode on the tape: log π(a_t|s_t) and V(s_t) (actor-critic) per step, and the rewards.
struct Episode<'t> {
    picked: Vec<Var<'t>>,
    predicted: Vec<Var<'t>>,
    rewards: Vec<f64>,
}

/// Plays one episode.
fn play<'t, E: Environment + ?Sized>(
    env: &mut E,
    cx: &Ctx<'t>,
    policy: &mut Sequential,
    mut critic: Option<&mut Sequential>,
    env_rng: &mut Rng,
    action_rng: &mut Rng,
) -> Result<Episode<'t>, LearnError> {
    let (mut picked, mut predicted, mut rewards) = (Vec::new(), Vec::new(), Vec::new());
    let (mut observation, width) = (env.reset(env_rng), env.observation_size());
    loop {
        if observation.len() != width {
            return Err(LearnError::BadShape {
                what: "an observation of the environment",
                expected: format!("{width} values (its observation_size)"),
                actual: format!("{}", observation.len()),
            });
        }
        let x = cx.tape.leaf(Tensor::from_vec(observation, [1, width]).expect("one row of `width` values"));
        let log_p = policy.forward(cx, x).log_softmax(1);
        let action = draw(log_p.value().data(), action_rng);
        picked.push(log_p.pick(vec![action]));
        if let Some(c) = critic.as_deref_mut() {
            predicted.push(c.forward(cx, x));
        }
        let step = env.step(action);
        rewards.push(step.reward);
        observation = step.observation;
        if step.terminated || step.truncated {
            return Ok(Episode { picked, predicted, rewards });
        }
        if rewards.len() >= MAX_EPISODE_STEPS {
            return Err(LearnError::invalid(
                "environment",
                "one whose episodes end",
                "an episode of a million steps",
            ));
        }
    }
}

/// An action drawn from the log-probabilities `log_p`.
fn draw(log_p: &[Float], rng: &mut Rng) -> usize {
    let u = rng.unit_f64();
    let mut cumulative = 0.0;
    for (a, &l) in log_p.iter().enumerate() {
        cumulative += f64::from(l).exp();
        if u < cumulative {
            return a;
        }
    }
    log_p.len() - 1
}

/// Ĝ_t for `rewards`; see the module docs.
fn standardised_returns(rewards: &[f64], gamma: f64) -> Vec<f64> {
    let mut returns = vec![0.0; rewards.len()];
    let mut g = 0.0;
    for (t, r) in rewards.iter().enumerate().rev() {
        g = r + gamma * g;
        returns[t] = g;
    }
    let n = returns.len() as f64;
    let mean = returns.iter().sum::<f64>() / n;
    let var = match returns.len() {
        0 | 1 => 0.0,
        _ => returns.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n - 1.0),
    };
    let scale = var.sqrt() + f64::from(f32::EPSILON);
    returns.iter().map(|g| (g - mean) / scale).collect()
}

/// L of one episode (see the module docs): the critic's terms when there are values.
fn episode_loss<'t>(tape: &'t Tape, picked: &[Var<'t>], predicted: &[Var<'t>], returns: &[f64]) -> Var<'t> {
    let t = returns.len();
    let column = |v: Vec<Float>| tape.leaf(Tensor::from_vec(v, [t, 1]).expect("one value per step"));
    let log_p = Var::concat(picked, 0);
    if predicted.is_empty() {
        return (log_p * column(returns.iter().map(|g| -*g as Float).collect())).sum();
    }
    let v = Var::concat(predicted, 0);
    let advantage: Vec<Float> =
        returns.iter().zip(v.value().data()).map(|(g, &v)| -(*g as Float - v)).collect();
    let critic =
        Huber { delta: 1.0 }.loss(v, column(returns.iter().map(|&g| g as Float).collect())) * t as Float;
    (log_p * column(advantage)).sum() + critic
}

fn all_params<'a>(
    policy: &'a Sequential,
    critic: Option<&'a Sequential>,
) -> Vec<&'a downhill_autograd::Param> {
    policy.params().into_iter().chain(critic.into_iter().flat_map(|c| c.params())).collect()
}

fn params(policy: &Sequential, critic: Option<&Sequential>) -> Vec<Tensor> {
    all_params(policy, critic).into_iter().map(|p| p.value.clone()).collect()
}

fn set_params(policy: &mut Sequential, critic: Option<&mut Sequential>, values: &[Tensor]) {
    let params = policy.params_mut().into_iter().chain(critic.into_iter().flat_map(|c| c.params_mut()));
    params.zip(values).for_each(|(p, v)| p.value.assign(v));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_are_discounted_then_standardised() {
        // G = (1 + 0.5·(1 + 0.5·1), 1 + 0.5·1, 1) = (1.75, 1.5, 1): mean 1.4167, std 0.3819.
        let g = standardised_returns(&[1.0, 1.0, 1.0], 0.5);
        let (mean, std) =
            (4.25 / 3.0, ((0.3333f64.powi(2) + 0.0833f64.powi(2) + 0.4167f64.powi(2)) / 2.0).sqrt());
        let want: Vec<f64> = [1.75, 1.5, 1.0].iter().map(|x| (x - mean) / std).collect();
        // 1e-3: the std above is from rounded deviations.
        assert!(g.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-3), "{g:?} vs {want:?}");
        assert_eq!(standardised_returns(&[3.0], 0.9), [0.0]); // exact: (3 − 3) / ε
    }

    #[test]
    fn draws_follow_the_probabilities() {
        let log_p: Vec<Float> = [0.2f32, 0.8].iter().map(|p| p.ln()).collect();
        let mut rng = Rng::seed(3);
        let ones = (0..20_000).filter(|_| draw(&log_p, &mut rng) == 1).count();
        // Binomial(20000, 0.8): sd 57, so ±300 is over 5 sd.
        assert!((ones as i64 - 16_000).abs() < 300, "{ones}");
    }
}
