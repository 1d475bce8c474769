//! `train --plot`: the run's loss per epoch (training and, with a validation set, validation) beside
//! the validation metric, titled with what was trained and how.
use super::fit::Recipe;
use downhill_learn::{BatchSize, History, Model, Solver};
use downhill_optim::OptimizerKind;
use downhill_plot::{Corner, Curves, Panel, Series, XAxis};

/// `mlp_classifier 784-256-128-10 · adam lr 0.001 · batch 128`.
pub fn describe_run(model: &Model, recipe: &Recipe) -> String {
    let c = recipe.train_config();
    let lr = match &c.solver {
        Solver::Lbfgs(o) => o.lr,
        Solver::FirstOrder => c.optimizer.optimizer.lr(),
    };
    let (name, batch) = describe_descent(recipe);
    format!("{} {} · {name} lr {lr} · {batch}", model.estimator.name(), model.architecture.short_text())
}

/// The optimizer's name and the batch size in words (`adam`, `batch 32`; `lbfgs`, `full batch`).
pub fn describe_descent(recipe: &Recipe) -> (String, String) {
    if let Solver::Lbfgs(_) = recipe.train_config().solver {
        return (OptimizerKind::Lbfgs.name().into(), "full batch".into());
    }
    let name = recipe.train_config().optimizer.optimizer.name().to_string();
    let batch = match recipe.train_config().batch_size {
        BatchSize::Full => "full batch".to_string(),
        BatchSize::Rows(b) => format!("batch {b}"),
    };
    (name, batch)
}

pub fn training_curves(h: &History, title: String) -> Curves {
    let points = |f: &dyn Fn(&downhill_learn::EpochRecord) -> Option<f64>| -> Vec<(f64, f64)> {
        h.epochs.iter().filter_map(|r| f(r).map(|v| (r.epoch as f64, v))).collect()
    };
    let mut losses =
        vec![Series { label: "training loss".into(), points: points(&|r| Some(r.train_loss)), colour: 0 }];
    let val = points(&|r| r.val_loss);
    if !val.is_empty() {
        losses.push(Series { label: "validation loss".into(), points: val, colour: 1 });
    }
    let mut panels =
        vec![Panel { y_desc: "loss".into(), series: losses, log_y: true, legend: Some(Corner::UpperRight) }];
    let metric = points(&|r| r.val_metric);
    if !metric.is_empty() {
        let name = format!("validation {}", if h.metric == "r2" { "R²" } else { h.metric.as_str() });
        panels.push(Panel {
            y_desc: name.clone(),
            series: vec![Series { label: name, points: metric, colour: 2 }],
            log_y: false,
            legend: Some(Corner::LowerRight),
        });
    }
    Curves { title, x_desc: "epoch".into(), x_axis: XAxis::Counts, panels }
}
