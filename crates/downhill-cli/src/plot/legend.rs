//! Legend helpers: each racer's label (rate, final loss, when it reached the threshold or where it
//! diverged) and the corner to put the legend in so it hides as little as possible.
use super::figure::Scene;
use crate::optimize::Run;
use downhill_testfns::{Point, Surface, Window};
use plotters::chart::SeriesLabelPosition;

/// `adam (lr 0.05): loss 1.2e-6, <= 0.001 at step 212` (or `diverged at step k`).
pub fn legend_label(run: &Run, threshold: f64) -> String {
    let t = &run.trajectory;
    let last = t.entries.last().map_or(String::from("no finite step"), |e| format!("loss {:.2e}", e.loss));
    let tail = match (t.diverged_at, t.steps_to(threshold)) {
        (Some(k), _) => format!(", diverged at step {k}"),
        (None, Some(k)) => format!(", ≤ {threshold} at step {k}"),
        (None, None) => String::new(),
    };
    format!("{} (lr {}): {last}{tail}", run.racer.kind, run.lr0)
}

/// The legend corner whose legend-sized box (45% x 30% of the view) covers the fewest trajectory
/// points; a known minimum or the start inside the box counts as a thousand points.
pub fn emptiest_corner(scene: &Scene, view: &Window) -> SeriesLabelPosition {
    let (w, h) = (0.45 * (view.x.1 - view.x.0), 0.3 * (view.y.1 - view.y.0));
    let boxes = [
        (SeriesLabelPosition::UpperRight, (view.x.1 - w, view.x.1), (view.y.1 - h, view.y.1)),
        (SeriesLabelPosition::UpperLeft, (view.x.0, view.x.0 + w), (view.y.1 - h, view.y.1)),
        (SeriesLabelPosition::LowerRight, (view.x.1 - w, view.x.1), (view.y.0, view.y.0 + h)),
        (SeriesLabelPosition::LowerLeft, (view.x.0, view.x.0 + w), (view.y.0, view.y.0 + h)),
    ];
    let paths = scene.runs.iter().flat_map(|r| r.trajectory.entries.iter().map(|e| (e.params, 1)));
    let marks = scene.function.minima().iter().chain([&scene.start]).map(|p| (*p, 1000));
    let weighted: Vec<(Point, usize)> = paths.chain(marks).collect();
    let cost = |(_, x, y): &(SeriesLabelPosition, (f64, f64), (f64, f64))| {
        let inside = Window { x: *x, y: *y };
        weighted.iter().filter(|(p, _)| inside.contains(*p)).map(|(_, w)| w).sum::<usize>()
    };
    boxes.iter().min_by_key(|b| cost(b)).map_or(SeriesLabelPosition::UpperRight, |b| b.0.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::sample_runs;
    use downhill_testfns::TestFunction;

    #[test]
    fn labels_give_rate_loss_and_outcome() {
        let runs = sample_runs();
        assert_eq!(legend_label(&runs[0], 12.0), "sgd (lr 0.001): loss 1.13e1, ≤ 12 at step 1");
        assert_eq!(legend_label(&runs[1], 1.0), "adam (lr 0.5): loss 1.25e1, diverged at step 1");
    }

    #[test]
    fn the_legend_avoids_paths_and_the_start() {
        // boxes on rosenbrock's window: upper right x in [0.2, 2], y in [1.8, 3]; upper left
        // x in [-2, -0.2], same y. The start (1.5, 2.5) rules out the upper right, the sample paths
        // (near (-1.5, 2)) the upper left, so the legend goes to the first empty one: lower right.
        let runs = sample_runs();
        let scene =
            Scene { function: &TestFunction::Rosenbrock, start: [1.5, 2.5], threshold: 0.0, runs: &runs };
        let corner = emptiest_corner(&scene, &TestFunction::Rosenbrock.window());
        assert!(matches!(corner, SeriesLabelPosition::LowerRight), "{corner:?}");
    }
}
