//! `optimize --plot`: the race as plain data for `downhill-plot`'s contour map: the function's
//! values, minima and window, and each racer's iterates labelled with its rate and outcome.
use super::file::save;
use crate::error::CliError;
use crate::optimize::Run;
use downhill_plot::{ContourMap, Format, Trajectory};
use downhill_testfns::{Point, Surface, TestFunction};
use std::path::Path;

/// Draws `runs` over `function`'s contour map into `path`.
pub fn draw(
    path: &Path,
    format: Format,
    function: &TestFunction,
    start: Point,
    threshold: f64,
    runs: &[Run],
) -> Result<(), CliError> {
    let map = ContourMap {
        title: format!("{}:  f(x, y) = {}", function.name(), function.formula()),
        f: &|p| function.value(p),
        min_value: function.min_value(),
        minima: function.minima().to_vec(),
        window: function.window(),
        start,
        trajectories: runs.iter().map(|run| trajectory(run, threshold)).collect(),
    };
    save(path, format, &map)
}

fn trajectory(run: &Run, threshold: f64) -> Trajectory {
    let points = run.trajectory.entries.iter().map(|e| [e.params[0], e.params[1]]).collect();
    Trajectory { label: legend_label(run, threshold), points }
}

/// `adam (lr 0.05): loss 1.2e-6, <= 0.001 at step 212` (or `diverged at step k`).
fn legend_label(run: &Run, threshold: f64) -> String {
    let t = &run.trajectory;
    let last = t.entries.last().map_or(String::from("no finite step"), |e| format!("loss {:.2e}", e.loss));
    let tail = match (t.diverged_at, t.steps_to(threshold)) {
        (Some(k), _) => format!(", diverged at step {k}"),
        (None, Some(k)) => format!(", ≤ {threshold} at step {k}"),
        (None, None) => String::new(),
    };
    format!("{} (lr {}): {last}{tail}", run.racer.kind, run.lr0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::sample_runs;

    #[test]
    fn labels_give_rate_loss_and_outcome() {
        let runs = sample_runs();
        assert_eq!(legend_label(&runs[0], 12.0), "sgd (lr 0.001): loss 1.13e1, ≤ 12 at step 1");
        assert_eq!(legend_label(&runs[1], 1.0), "adam (lr 0.5): loss 1.25e1, diverged at step 1");
    }
}
