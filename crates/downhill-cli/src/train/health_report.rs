//! `train --health FILE`: the health monitor's signals over training, one panel each with a line
//! per layer: the gradient norms (log scale), the update-to-weight ratios (log scale; healthy is
//! near 1e-3), the fractions of dead ReLU and saturated sigmoid/tanh units, and the loss for
//! reference. Read from the run's history (`EpochRecord`), as the metrics CSV is.
use downhill_learn::{EpochRecord, History};
use downhill_plot::{Corner, Curves, Panel, Series, XAxis};

pub fn health_report(h: &History, title: String) -> Curves {
    let grads = per_layer(h, |r| r.layer_grad_norms.clone());
    let ratios = per_layer(h, |r| r.layer_update_ratios.clone());
    let stuck = per_layer(h, |r| {
        let stuck = r.units.iter().filter_map(|u| match u.watches()? {
            "dead" => Some((format!("{} dead", u.layer), u.dead)),
            _ => Some((format!("{} saturated", u.layer), u.saturated)),
        });
        stuck.collect()
    });
    let loss = |label: &str, f: fn(&EpochRecord) -> Option<f64>, colour| Series {
        label: label.into(),
        points: h.epochs.iter().filter_map(|r| f(r).map(|v| (r.epoch as f64, v))).collect(),
        colour,
    };
    let losses =
        [loss("training loss", |r| Some(r.train_loss), 0), loss("validation loss", |r| r.val_loss, 1)];
    let panel = |y_desc: &str, series: Vec<Series>, log_y: bool| Panel {
        y_desc: y_desc.into(),
        series,
        log_y,
        legend: Some(Corner::UpperRight),
    };
    let panels = vec![
        panel("gradient norm", grads, true),
        panel("update / weight (‖Δw‖/‖w‖)", ratios, true),
        panel("fraction of units stuck", stuck, false),
        panel("loss", losses.into_iter().filter(|s| !s.points.is_empty()).collect(), true),
    ];
    Curves { title, x_desc: "epoch".into(), x_axis: XAxis::Counts, panels }
}

/// One series per name that `values` gives for some epoch, in order of first appearance.
fn per_layer(h: &History, values: impl Fn(&EpochRecord) -> Vec<(String, f64)>) -> Vec<Series> {
    let mut series: Vec<Series> = Vec::new();
    for r in &h.epochs {
        for (name, v) in values(r) {
            let point = (r.epoch as f64, v);
            match series.iter_mut().find(|s| s.label == name) {
                Some(s) => s.points.push(point),
                None => series.push(Series { label: name, points: vec![point], colour: series.len() }),
            }
        }
    }
    series
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_learn::UnitRecord;

    #[test]
    fn each_panel_has_a_line_per_layer_and_skips_epochs_without_a_sample() {
        let unit = |dead| UnitRecord {
            layer: "layers.1".into(),
            activation: "relu".into(),
            dead,
            saturated: 0.0,
            mean: 0.5,
            std: 1.0,
        };
        let record = |epoch, ratios: Vec<(String, f64)>, units| EpochRecord {
            layer_grad_norms: vec![("layers.0".into(), 0.5), ("layers.2".into(), 0.25)],
            layer_update_ratios: ratios,
            units,
            ..EpochRecord::new(epoch, 1.0 / epoch as f64)
        };
        let h = History {
            epochs: vec![
                record(1, vec![("layers.0".into(), 1e-3)], vec![unit(0.1)]),
                record(2, vec![], vec![]),
                record(3, vec![("layers.0".into(), 2e-3)], vec![unit(0.2)]),
            ],
            ..History::default()
        };
        let c = health_report(&h, "t".into());
        let labels = |k: usize| c.panels[k].series.iter().map(|s| s.label.clone()).collect::<Vec<_>>();
        assert_eq!(labels(0), ["layers.0", "layers.2"]);
        assert_eq!(labels(2), ["layers.1 dead"]);
        assert_eq!(labels(3), ["training loss"], "no validation rows, no validation line");
        // Epoch 2 sampled nothing: the ratio's line goes from epoch 1 to 3.
        assert_eq!(c.panels[1].series[0].points, [(1.0, 1e-3), (3.0, 2e-3)]);
    }
}
