//! `--format json`: exactly one JSON document. One run:
//!   {"function": F, "optimizer": NAME, "steps": [{"step": 0, "params": [x, y], "loss": f, "lr": lr}, ...]}
//! with `--steps`+1 entries (fewer, plus `"diverged_at": k`, if the run diverged). A race of several
//! optimizers: {"function": F, "runs": [{"optimizer": NAME, "steps": [...]}, ...]}.
//! One step per line, keys in the order above.
use super::number::{num, opt_num};
use crate::optimize::{Entry, Run};

fn string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

fn entry(e: &Entry) -> String {
    format!(
        "{{\"step\": {}, \"params\": [{}, {}], \"loss\": {}, \"lr\": {}}}",
        e.step,
        num(e.params[0]),
        num(e.params[1]),
        num(e.loss),
        opt_num(e.lr, "null")
    )
}

/// `"optimizer": ..., "steps": [...]` (and `"diverged_at"`), indented by `pad`.
fn run_body(run: &Run, pad: &str) -> String {
    let steps: Vec<String> = run.trajectory.entries.iter().map(|e| format!("{pad}  {}", entry(e))).collect();
    let diverged = run.trajectory.diverged_at.map_or(String::new(), |k| format!(", \"diverged_at\": {k}"));
    format!(
        "\"optimizer\": {}{diverged}, \"steps\": [\n{}\n{pad}]",
        string(&run.racer.name),
        steps.join(",\n")
    )
}

pub fn to_json(function: &str, runs: &[Run]) -> String {
    match runs {
        [run] => format!("{{\"function\": {}, {}}}\n", string(function), run_body(run, "")),
        _ => {
            let bodies: Vec<String> = runs.iter().map(|r| format!("  {{{}}}", run_body(r, "  "))).collect();
            format!("{{\"function\": {}, \"runs\": [\n{}\n]}}\n", string(function), bodies.join(",\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::tests::sample_runs;
    use serde_json::Value;

    #[test]
    fn one_run_has_the_documented_shape() {
        let runs = sample_runs();
        let doc: Value = serde_json::from_str(&to_json("rosenbrock", &runs[..1])).unwrap();
        assert_eq!(doc["function"], "rosenbrock");
        assert_eq!(doc["optimizer"], "sgd");
        let steps = doc["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 2);
        // Exact on purpose: the sample's literal values must round-trip through the JSON text.
        assert_eq!(steps[1]["params"][0].as_f64(), Some(-1.345));
        assert_eq!((steps[0]["step"].as_u64(), steps[0]["lr"].as_f64()), (Some(0), Some(1e-3)));
        assert_eq!(doc.as_object().unwrap().len(), 3);
    }

    #[test]
    fn a_race_lists_runs_and_marks_divergence() {
        let doc: Value = serde_json::from_str(&to_json("rosenbrock", &sample_runs())).unwrap();
        let runs = doc["runs"].as_array().unwrap();
        assert_eq!((runs.len(), runs[1]["optimizer"].as_str()), (2, Some("adam:0.5")));
        assert_eq!(runs[1]["diverged_at"].as_u64(), Some(1));
        assert!(runs[0].get("diverged_at").is_none());
    }
}
