//! The comparison table: per run, the final training and validation loss, the validation (and test)
//! metric, the wall time, and the first epoch whose watched loss is at most the threshold
//! (downhill-learn's `comparison`).
use super::Outcome;
use downhill_learn::comparison::epoch_reaching;
use downhill_learn::StopReason;

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
        // A run that diverged keeps the parameters before its failing step: say so instead of
        // printing its last losses as if it had finished.
        let train_loss = match h.stop {
            Some(StopReason::NonFiniteLoss { epoch, batch, .. }) => {
                format!("diverged (epoch {epoch}, batch {batch})")
            }
            _ => f(last.map(|r| r.train_loss)),
        };
        let mut row = vec![o.entry.name.clone(), train_loss];
        if validated {
            row.extend([f(last.and_then(|r| r.val_loss)), f(last.and_then(|r| r.val_metric))]);
        }
        if tested {
            row.push(f(o.test_metric));
        }
        let reached = epoch_reaching(h, threshold).map_or("-".to_string(), |e| e.to_string());
        row.extend([format!("{:.2}", o.seconds), reached]);
        rows.push(row);
    }
    crate::output::aligned(&rows)
}
