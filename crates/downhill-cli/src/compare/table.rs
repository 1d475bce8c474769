//! The comparison table: per run, the final training and validation loss, the validation (and test)
//! metric, the wall time, and the first epoch whose loss (validation loss when there is a
//! validation set, else training loss) is at most the threshold. The default threshold is the
//! median of the runs' final losses, so the faster half of the runs reach it.
use super::Outcome;
use downhill_learn::EpochRecord;

/// The loss a comparison watches in `r`.
pub fn watched(r: &EpochRecord) -> f64 {
    r.val_loss.unwrap_or(r.train_loss)
}

/// The median of the runs' final watched losses (finite ones), if any.
pub fn default_threshold(runs: &[Outcome]) -> Option<f64> {
    let mut finals: Vec<f64> =
        runs.iter().filter_map(|o| o.trained.history.last().map(watched)).filter(|v| v.is_finite()).collect();
    finals.sort_by(f64::total_cmp);
    finals.get(finals.len().saturating_sub(1) / 2).copied()
}

pub fn to_table(runs: &[Outcome], threshold: f64, metric: &str) -> String {
    let validated = runs.iter().any(|o| o.trained.history.epochs.iter().any(|r| r.val_loss.is_some()));
    let tested = runs.iter().any(|o| o.test_metric.is_some());
    let loss = if validated { "val loss" } else { "train loss" };
    let mut header = vec!["run".to_string(), "train loss".into()];
    if validated {
        header.extend(["val loss".to_string(), format!("val {metric}")]);
    }
    if tested {
        header.push(format!("test {metric}"));
    }
    header.extend(["time (s)".to_string(), format!("epochs to {loss} <= {threshold:.4}")]);
    let mut rows = vec![header];
    for o in runs {
        let h = &o.trained.history;
        let last = h.last();
        let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.4}"));
        let mut row = vec![o.entry.name.clone(), f(last.map(|r| r.train_loss))];
        if validated {
            row.extend([f(last.and_then(|r| r.val_loss)), f(last.and_then(|r| r.val_metric))]);
        }
        if tested {
            row.push(f(o.test_metric));
        }
        let reached = h
            .epochs
            .iter()
            .find(|r| watched(r) <= threshold)
            .map_or("-".to_string(), |r| r.epoch.to_string());
        row.extend([format!("{:.2}", o.seconds), reached]);
        rows.push(row);
    }
    crate::output::aligned(&rows)
}
