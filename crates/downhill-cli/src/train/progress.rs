//! Training progress on stderr: an indicatif bar on a terminal (epoch, batch, running loss, last
//! validation metric, ETA to the epoch budget, with one line kept per finished epoch), one plain
//! line per epoch when stderr is not a terminal, nothing with --quiet.
use downhill_learn::{BatchEvent, EpochRecord, Progress};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Where the progress goes, what the validation metric is called and what a unit of progress is
/// (`epoch` for tables; `round` for language models, whose `--eval-interval` steps make one).
#[derive(Debug)]
pub struct Reporter {
    out: Output,
    metric: &'static str,
    unit: &'static str,
}

#[derive(Debug)]
enum Output {
    Bar(ProgressBar),
    Lines,
    Quiet,
}

impl Reporter {
    /// The reporter for this terminal; `metric` names the validation metric (`accuracy` or `r2`).
    pub fn new(quiet: bool, metric: &'static str) -> Reporter {
        let out = if quiet {
            Output::Quiet
        } else if std::io::stderr().is_terminal() {
            let style =
                ProgressStyle::with_template("{bar:30.cyan/blue} {msg}  [{elapsed_precise} < {eta_precise}]")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            Output::Bar(ProgressBar::new(1).with_style(style))
        } else {
            Output::Lines
        };
        Reporter { out, metric, unit: "epoch" }
    }

    /// The same, counting `unit`s (`round`) instead of epochs.
    pub fn counting(self, unit: &'static str) -> Reporter {
        Reporter { unit, ..self }
    }

    /// Removes the bar (the epoch lines stay).
    pub fn finish(&self) {
        if let Output::Bar(bar) = &self.out {
            bar.finish_and_clear();
        }
    }
}

/// `epoch 3/10  train_loss 0.2345  val_loss 0.2511  val_accuracy 0.9312  lr 0.001  0.41 s`
/// (`unit` names the first word).
pub fn epoch_line(r: &EpochRecord, max_epochs: usize, metric: &str, unit: &str) -> String {
    let mut line = format!("{unit} {}/{max_epochs}  train_loss {:.4}", r.epoch, r.train_loss);
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
        let Output::Bar(bar) = &self.out else { return };
        let total = (e.max_epochs * e.batches) as u64;
        if bar.length() != Some(total) {
            bar.set_length(total);
        }
        bar.set_position(((e.epoch - 1) * e.batches + e.batch) as u64);
        let val = e.val_metric.map_or(String::new(), |m| format!("  val_{} {m:.4}", self.metric));
        bar.set_message(format!(
            "{} {}/{} batch {}/{}  loss {:.4}{val}",
            self.unit, e.epoch, e.max_epochs, e.batch, e.batches, e.loss
        ));
    }

    fn on_epoch(&mut self, r: &EpochRecord, max_epochs: usize) {
        let line = || epoch_line(r, max_epochs, self.metric, self.unit);
        match &self.out {
            Output::Bar(bar) => bar.println(line()),
            Output::Lines => eprintln!("{}", line()),
            Output::Quiet => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_lines_show_what_is_known() {
        let r = EpochRecord { seconds: 0.5, lr: 1e-3, val_metric: Some(0.9), ..EpochRecord::new(3, 0.25) };
        let line = epoch_line(&r, 10, "accuracy", "epoch");
        assert_eq!(line, "epoch 3/10  train_loss 0.2500  val_accuracy 0.9000  lr 0.001  0.50 s");
        let round = epoch_line(&EpochRecord::new(2, 1.5), 4, "accuracy", "round");
        assert_eq!(round, "round 2/4  train_loss 1.5000  lr 0  0.00 s");
    }
}
