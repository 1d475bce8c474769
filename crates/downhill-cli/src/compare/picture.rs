//! `compare --plot`: every run's loss per epoch in one panel (validation loss when there is a
//! validation set, else training loss), beside the validation metric per epoch.
use super::Outcome;
use downhill_learn::comparison::watched;
use downhill_plot::{Corner, Curves, Panel, Series, XAxis};

pub fn loss_curves(runs: &[Outcome], title: String, metric: &str) -> Curves {
    let validated = runs.iter().any(|o| o.trained.history.epochs.iter().any(|r| r.val_loss.is_some()));
    let series = |f: &dyn Fn(&downhill_learn::EpochRecord) -> Option<f64>| -> Vec<Series> {
        runs.iter()
            .enumerate()
            .map(|(i, o)| Series {
                label: o.entry.name.clone(),
                points: o
                    .trained
                    .history
                    .epochs
                    .iter()
                    .filter_map(|r| f(r).map(|v| (r.epoch as f64, v)))
                    .collect(),
                colour: i,
            })
            .collect()
    };
    let y_desc = if validated { "validation loss" } else { "training loss" };
    let mut panels = vec![Panel {
        y_desc: y_desc.into(),
        series: series(&|r| Some(watched(r))),
        log_y: true,
        legend: Some(Corner::UpperRight),
    }];
    if validated {
        let name = format!("validation {}", if metric == "r2" { "R²" } else { metric });
        panels.push(Panel { y_desc: name, series: series(&|r| r.val_metric), log_y: false, legend: None });
    }
    Curves { title, x_desc: "epoch".into(), x_axis: XAxis::Counts, panels }
}
