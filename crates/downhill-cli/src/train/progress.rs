//! Training progress on stderr: an indicatif bar on a terminal (epoch, batch, running loss, last
//! validation metric, ETA to the epoch budget, with one line kept per finished epoch), one plain
//! line per epoch when stderr is not a terminal, nothing with --quiet.
use downhill_learn::{BatchEvent, EpochRecord, Progress};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

#[derive(Debug)]
pub enum Reporter {
    Bar { bar: ProgressBar, metric: &'static str },
    Lines { metric: &'static str },
    Quiet,
}

impl Reporter {
    /// The reporter for this terminal; `metric` names the validation metric (`accuracy` or `r2`).
    pub fn new(quiet: bool, metric: &'static str) -> Reporter {
        if quiet {
            Reporter::Quiet
        } else if std::io::stderr().is_terminal() {
            let style =
                ProgressStyle::with_template("{bar:30.cyan/blue} {msg}  [{elapsed_precise} < {eta_precise}]")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            let bar = ProgressBar::new(1).with_style(style);
            Reporter::Bar { bar, metric }
        } else {
            Reporter::Lines { metric }
        }
    }

    /// Removes the bar (the epoch lines stay).
    pub fn finish(&self) {
        if let Reporter::Bar { bar, .. } = self {
            bar.finish_and_clear();
        }
    }
}

/// `epoch 3/10  train_loss 0.2345  val_loss 0.2511  val_accuracy 0.9312  lr 0.001  0.41 s`.
pub fn epoch_line(r: &EpochRecord, max_epochs: usize, metric: &str) -> String {
    let mut line = format!("epoch {}/{max_epochs}  train_loss {:.4}", r.epoch, r.train_loss);
    if let Some(v) = r.val_loss {
        line.push_str(&format!("  val_loss {v:.4}"));
    }
    if let Some(m) = r.val_metric {
        line.push_str(&format!("  val_{metric} {m:.4}"));
    }
    line.push_str(&format!("  lr {}  {:.2} s", short(r.lr), r.seconds));
    line
}

/// Four significant digits, without float noise: `0.001`, `0.0009512`.
fn short(v: f64) -> String {
    format!("{v:.3e}").parse::<f64>().map_or_else(|_| v.to_string(), |x| x.to_string())
}

impl Progress for Reporter {
    fn on_batch(&mut self, e: &BatchEvent) {
        let Reporter::Bar { bar, metric } = self else { return };
        let total = (e.max_epochs * e.batches) as u64;
        if bar.length() != Some(total) {
            bar.set_length(total);
        }
        bar.set_position(((e.epoch - 1) * e.batches + e.batch) as u64);
        let val = e.val_metric.map_or(String::new(), |m| format!("  val_{metric} {m:.4}"));
        bar.set_message(format!(
            "epoch {}/{} batch {}/{}  loss {:.4}{val}",
            e.epoch, e.max_epochs, e.batch, e.batches, e.loss
        ));
    }

    fn on_epoch(&mut self, r: &EpochRecord, max_epochs: usize) {
        match self {
            Reporter::Bar { bar, metric } => bar.println(epoch_line(r, max_epochs, metric)),
            Reporter::Lines { metric } => eprintln!("{}", epoch_line(r, max_epochs, metric)),
            Reporter::Quiet => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_lines_show_what_is_known() {
        let r = EpochRecord { seconds: 0.5, lr: 1e-3, val_metric: Some(0.9), ..EpochRecord::new(3, 0.25) };
        let line = epoch_line(&r, 10, "accuracy");
        assert_eq!(line, "epoch 3/10  train_loss 0.2500  val_accuracy 0.9000  lr 0.001  0.50 s");
    }
}
