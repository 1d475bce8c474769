//! The lines `train` prints when it is done: why it stopped, the best epoch, the last epoch's
//! figures, the test metrics, the time, and what was written.
use downhill_learn::metrics::Report;
use downhill_learn::{History, TrainConfig};

/// The summary of a run of `seconds` wall time; `test` is the report and its row count.
pub fn summary(h: &History, test: Option<(&Report, usize)>, seconds: f64, written: &[String]) -> String {
    let mut out = String::new();
    if let Some(stop) = &h.stop {
        out.push_str(&format!("stopped: {stop}\n"));
    }
    let watched = if h.epochs.iter().any(|r| r.val_loss.is_some()) { "validation" } else { "training" };
    if let Some(best) = h.best_epoch().and_then(|b| h.epochs.iter().find(|r| r.epoch == b)) {
        let loss = best.val_loss.unwrap_or(best.train_loss);
        out.push_str(&format!("best epoch: {} ({watched} loss {loss:.4})", best.epoch));
        match h.restored_epoch {
            Some(e) => out.push_str(&format!("; the model holds epoch {e}'s weights\n")),
            None => out.push('\n'),
        }
    }
    if let Some(r) = h.last() {
        let mut line = format!("final epoch {}: train_loss {:.4}", r.epoch, r.train_loss);
        if let Some(v) = r.val_loss {
            line.push_str(&format!("  val_loss {v:.4}"));
        }
        if let Some(m) = r.val_metric {
            line.push_str(&format!("  val_{} {m:.4}", h.metric));
        }
        out.push_str(&line);
        out.push('\n');
    }
    if let Some((report, rows)) = test {
        out.push_str(&format!("test ({rows} rows): {}\n", crate::output::report_line(report)));
    }
    let epochs = h.epochs.len().max(1);
    out.push_str(&format!(
        "time: {seconds:.2} s ({} epochs, {:.3} s per epoch)\n",
        h.epochs.len(),
        seconds / epochs as f64
    ));
    if !written.is_empty() {
        out.push_str(&format!("wrote {}\n", written.join(", ")));
    }
    out
}

/// With `--swa-start`: which model was validated and written.
pub fn swa_line(config: &TrainConfig, h: &History) -> Option<String> {
    let swa = config.optimizer.swa?;
    Some(match h.swa_epochs? {
        0 => format!(
            "model: no stochastic weight average (training stopped before the end of epoch {}, the first \
             to average); the last weights are validated and written",
            swa.start
        ),
        n => format!(
            "model: the stochastic weight average of {n} epochs' weights (epochs {}-{}; SWALR to {}), \
             batch-norm statistics (if any) recomputed on the training rows, as validated and written",
            swa.start,
            swa.start + n - 1,
            swa.swa_lr
        ),
    })
}
