//! The health monitor's sampled signals in a real training run: a ReLU net started with large
//! negative biases is flagged for dead units, the same net started as drawn is not, and the
//! monitor's records reach the history (update ratios per layer with weights, units per
//! activation layer).
#![allow(clippy::unwrap_used)]
mod common;
use common::prepared;
use downhill_learn::{
    BatchSize, Hooks, Objective, Split, StoppingRules, Task, TrainConfig, Trainer, Warning,
};
use downhill_nn::{Mlp, Module, Sequential};

/// Trains `net` on iris (standardised, a fifth held out) for 5 epochs of Adam.
fn train(net: &mut Sequential) -> downhill_learn::History {
    let (x, y, _, _) = prepared("iris.csv", 0.2, Task::Classification { classes: 3 }, 1);
    let split = Split::train_only(&x, &y);
    let config = TrainConfig {
        batch_size: BatchSize::Rows(16),
        stopping: StoppingRules::epochs(5),
        ..TrainConfig::default()
    };
    let trainer = Trainer {
        config: &config,
        criterion: Objective::Multinomial,
        identity: String::new(),
        in_order: false,
    };
    trainer.train(net, &split, &mut Hooks::default()).unwrap().history().clone()
}

#[test]
fn relu_units_started_below_zero_for_every_row_are_flagged_dead_and_drawn_ones_are_not() {
    let mlp = Mlp::new(&[4, 16, 16, 3]).seed(3);
    let mut drawn = mlp.build().unwrap();
    let healthy = train(&mut drawn);
    let last = healthy.epochs.last().unwrap();
    // Three layers with weights, two relu layers (a linear, a relu, a linear, a relu, a linear).
    let ratios: Vec<&str> = last.layer_update_ratios.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(ratios, ["layers.0", "layers.2", "layers.4"]);
    assert!(
        last.layer_update_ratios.iter().all(|(_, r)| *r > 1e-5 && *r < 0.1),
        "{:?}",
        last.layer_update_ratios
    );
    let units: Vec<(&str, &str)> =
        last.units.iter().map(|u| (u.layer.as_str(), u.activation.as_str())).collect();
    assert_eq!(units, [("layers.1", "relu"), ("layers.3", "relu")]);
    assert!(
        healthy.warnings.iter().all(|w| !matches!(w, Warning::DeadUnits { .. })),
        "{:?}",
        healthy.warnings
    );

    // Biases of -10 under standardised features and weights of at most 0.5: every pre-activation
    // of the first hidden layer is below 4·2.5·0.5 − 10 < 0 for every row.
    let mut dead = mlp.build().unwrap();
    dead.params_mut()
        .into_iter()
        .filter(|p| p.name() == "layers.0.bias")
        .for_each(|p| p.value.map_inplace(|_| -10.0));
    let h = train(&mut dead);
    let found: Vec<&Warning> = h.warnings.iter().filter(|w| matches!(w, Warning::DeadUnits { .. })).collect();
    assert_eq!(found.len(), 1, "{:?}", h.warnings);
    assert_eq!(found[0], &Warning::DeadUnits { layer: "layers.1".into(), epoch: 1, fraction: 1.0 });
    assert!(
        found[0].to_string().starts_with("100 % of the relu units of layers.1 are dead (epoch 1)"),
        "{}",
        found[0]
    );
}
