//! Policy gradients: CartPole-v1's dynamics against gymnasium's (`tools/refgen/cartpole_reference.py`:
//! the same start states and actions give the same states, rewards and ends), and REINFORCE and
//! actor-critic improving a policy on CartPole within a short budget.
#![allow(clippy::unwrap_used)]
use downhill_learn::rl::{
    default_optimizer, train_policy, Algorithm, CartPole, Environment, RlSettings, POLICY_LAYERS,
};
use downhill_learn::{parse_layers, Hooks};
use serde_json::Value;

#[test]
fn cartpole_follows_gymnasium_step_for_step() {
    // Each step from gymnasium's state before it gives gymnasium's state after it (1e-12: the same
    // f64 operations, libm's sin and cos against numpy's). Run freely from the start, the states
    // agree as long as the pole's instability leaves an ulp small: the first 100 steps within 1e-9.
    let doc: Value = serde_json::from_str(include_str!("data/gymnasium_cartpole.json")).unwrap();
    let floats =
        |v: &Value| -> Vec<f64> { v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect() };
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let steps = case["steps"].as_array().unwrap();
        let (mut free, mut stepped) = (CartPole::new(), CartPole::new());
        free.state.copy_from_slice(&floats(&case["start"]));
        stepped.state = free.state;
        for (k, s) in steps.iter().enumerate() {
            let (action, want) = (s["action"].as_u64().unwrap() as usize, floats(&s["state"]));
            let step = stepped.step(action);
            let worst = stepped.state.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            assert!(worst < 1e-12, "{name} step {k}: {:?} vs {want:?}", stepped.state);
            assert_eq!(step.reward, s["reward"].as_f64().unwrap());
            let ends = (s["terminated"] == true, s["truncated"] == true);
            assert_eq!((step.terminated, step.truncated), ends, "{name} step {k}");
            stepped.state.copy_from_slice(&want);
            free.step(action);
            if k < 100 {
                let drift = free.state.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
                assert!(drift < 1e-9, "{name} step {k}: drifted by {drift}");
            }
        }
        let last = steps.last().unwrap();
        assert!(last["terminated"] == true || last["truncated"] == true, "every case ends");
    }
    assert_eq!(doc["cases"][2]["steps"].as_array().unwrap().len(), 500, "the time limit");
}

#[test]
fn both_algorithms_learn_to_balance_longer() {
    // 150 episodes of the default policy: a random policy lasts about 22 steps; both estimators
    // must at least double the mean return of their first 20 episodes over their last 20.
    let hidden = parse_layers(POLICY_LAYERS).unwrap();
    for algorithm in [Algorithm::Reinforce, Algorithm::ActorCritic] {
        let settings = RlSettings { algorithm, episodes: 150, seed: 1, ..RlSettings::default() };
        let optimizer = default_optimizer();
        let mut env = CartPole::new();
        let run =
            train_policy(&mut env, &hidden, &settings, &optimizer, &Hooks::default(), &mut |_, _, _| {})
                .unwrap();
        assert_eq!((run.returns.len(), run.solved_at, run.diverged_at), (150, None, None));
        let first: f64 = run.returns[..20].iter().sum::<f64>() / 20.0;
        assert!(
            run.last_mean(20) > 2.0 * first,
            "{algorithm:?}: first 20 {first}, last 20 {}",
            run.last_mean(20)
        );
        assert_eq!(run.critic.is_some(), algorithm == Algorithm::ActorCritic);
        assert!(env.observation_size() == 4 && env.actions() == 2);
    }
}

#[test]
fn bad_settings_name_the_option() {
    let bad = RlSettings { gamma: 1.5, ..RlSettings::default() };
    assert!(bad.validate().unwrap_err().to_string().contains("gamma"));
    let bad = RlSettings { episodes: 0, ..RlSettings::default() };
    assert!(bad.validate().unwrap_err().to_string().contains("episodes"));
    assert!("ppo".parse::<Algorithm>().unwrap_err().to_string().contains("actor-critic"));
}
