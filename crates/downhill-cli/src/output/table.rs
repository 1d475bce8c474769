//! The default output: one summary row per racer with the starting rate, final point, final loss
//! and the first step whose loss is at most `--threshold` (`-` if never; `diverged at k` if the run
//! blew up). Columns are padded to their widest cell.
use crate::optimize::Run;

pub fn to_table(function: &str, start: [f64; 2], steps: u64, threshold: f64, runs: &[Run]) -> String {
    let header =
        ["optimizer", "lr", "final x", "final y", "final loss", &format!("steps to loss <= {threshold}")]
            .map(String::from);
    let mut rows = vec![header.to_vec()];
    for run in runs {
        let t = &run.trajectory;
        let last = t.entries.last();
        let fmt = |v: Option<f64>, f: fn(f64) -> String| v.map_or("-".to_string(), f);
        let reached = match (t.steps_to(threshold), t.diverged_at) {
            (Some(k), _) => k.to_string(),
            (None, Some(k)) => format!("diverged at {k}"),
            (None, None) => "-".to_string(),
        };
        rows.push(vec![
            run.racer.name.clone(),
            format!("{}", run.lr0),
            fmt(last.map(|e| e.params[0]), coordinate),
            fmt(last.map(|e| e.params[1]), coordinate),
            fmt(last.map(|e| e.loss), |v| format!("{v:.4e}")),
            reached,
        ]);
    }
    let head = format!("{function} from ({}, {}), {steps} steps\n", start[0], start[1]);
    head + &super::aligned(&rows)
}

/// Five decimals for ordinary coordinates, scientific notation for far-away ones.
fn coordinate(v: f64) -> String {
    if v.abs() < 1e5 {
        format!("{v:.5}")
    } else {
        format!("{v:.4e}")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::optimize::{Entry, Racer, Trajectory};
    use downhill_optim::OptimizerKind;

    /// Two runs: sgd for one step (torch's first Rosenbrock step), and adam:0.5 that diverged at step 1.
    pub(crate) fn sample_runs() -> Vec<Run> {
        let e = |step, params: [f64; 2], loss| Entry { step, params: params.to_vec(), loss, lr: Some(1e-3) };
        let sgd = Trajectory {
            entries: vec![e(0, [-1.5, 2.0], 12.5), e(1, [-1.345, 2.05], 11.3059200625)],
            diverged_at: None,
        };
        let adam = Trajectory { entries: vec![e(0, [-1.5, 2.0], 12.5)], diverged_at: Some(1) };
        let racer = |kind, lr: Option<f64>, name: &str| Racer { kind, lr, name: name.into() };
        vec![
            Run { racer: racer(OptimizerKind::Sgd, None, "sgd"), lr0: 1e-3, trajectory: sgd },
            Run { racer: racer(OptimizerKind::Adam, Some(0.5), "adam:0.5"), lr0: 0.5, trajectory: adam },
        ]
    }

    #[test]
    fn rows_show_final_state_and_threshold_steps() {
        let table = to_table("rosenbrock", [-1.5, 2.0], 1, 12.0, &sample_runs());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "rosenbrock from (-1.5, 2), 1 steps");
        assert!(
            lines[1].starts_with("optimizer  lr     final x") && lines[1].ends_with("steps to loss <= 12")
        );
        assert!(
            lines[2].starts_with("sgd") && lines[2].contains("-1.34500") && lines[2].ends_with(" 1"),
            "{table}"
        );
        assert!(lines[3].starts_with("adam:0.5") && lines[3].ends_with("diverged at 1"), "{table}");
        assert_eq!((coordinate(-1.345), coordinate(5.2e11)), ("-1.34500".into(), "5.2000e11".into()));
    }
}
