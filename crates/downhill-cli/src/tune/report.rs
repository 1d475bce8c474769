//! A search's results for people and programs: the table of configurations by validation metric,
//! one CSV row per trial, and the picture of the metric against each hyperparameter by rung.
use crate::output::number::opt_num;
use crate::output::{aligned, quote};
use downhill_learn::tune::{Distribution, Record, SearchSpace};
use downhill_plot::{Scatter, ScatterPanel, Series};

/// Each configuration at its furthest rung, best first: rank, trial, epochs, values, metric, seconds.
pub fn table<T>(records: &[Record<T>], space: &SearchSpace, metric: &str) -> String {
    let mut last: Vec<&Record<T>> = Vec::new();
    for r in records {
        match last.iter_mut().find(|l| l.trial.id == r.trial.id) {
            Some(l) if l.trial.rung < r.trial.rung => *l = r,
            Some(_) => {}
            None => last.push(r),
        }
    }
    let key = |r: &Record<T>| r.outcome.metric.filter(|m| m.is_finite()).unwrap_or(f64::NEG_INFINITY);
    last.sort_by(|a, b| b.trial.rung.cmp(&a.trial.rung).then(key(b).total_cmp(&key(a))));
    let mut rows = vec![[
        vec!["rank".to_string(), "trial".into(), "epochs".into()],
        space.params.iter().map(|p| p.name.clone()).collect(),
        vec![format!("val {metric}"), "seconds".into()],
    ]
    .concat()];
    for (k, r) in last.iter().enumerate() {
        let values = r.trial.assignment.iter().map(|(_, v)| v.clone());
        let metric = r.outcome.metric.map_or("failed".to_string(), |m| format!("{m:.4}"));
        let head = [(k + 1).to_string(), r.trial.id.to_string(), r.outcome.epochs.to_string()];
        let tail = [metric, format!("{:.2}", r.outcome.seconds)];
        rows.push(head.into_iter().chain(values).chain(tail).collect());
    }
    aligned(&rows)
}

/// `trial,rung,epochs,<names>,val_<metric>,seconds`, one row per trial in the order they ran.
pub fn csv<T>(records: &[Record<T>], space: &SearchSpace, metric: &str) -> String {
    let names: Vec<String> = space.params.iter().map(|p| quote(&p.name)).collect();
    let mut out = format!("trial,rung,epochs,{},val_{metric},seconds\n", names.join(","));
    for r in records {
        let values: Vec<String> = r.trial.assignment.iter().map(|(_, v)| quote(v)).collect();
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.trial.id,
            r.trial.rung,
            r.outcome.epochs,
            values.join(","),
            opt_num(r.outcome.metric, ""),
            r.outcome.seconds
        ));
    }
    out
}

/// The validation metric against each hyperparameter, one colour per rung: numbers on their axis
/// (logarithmic for a loguniform range), other choices as categories in the order written.
pub fn picture<T>(records: &[Record<T>], space: &SearchSpace, metric: &str, title: String) -> Scatter {
    let rungs = records.iter().map(|r| r.trial.rung).max().map_or(1, |m| m + 1);
    let panels = (space.params.iter().enumerate())
        .map(|(k, p)| {
            let choices = match &p.distribution {
                Distribution::Choice(values) if values.iter().any(|v| v.parse::<f64>().is_err()) => {
                    Some(values.clone())
                }
                _ => None,
            };
            let x = |value: &str| match &choices {
                Some(labels) => labels.iter().position(|l| l == value).map_or(f64::NAN, |i| i as f64),
                None => value.parse().unwrap_or(f64::NAN),
            };
            let groups = (0..rungs)
                .map(|rung| Series {
                    label: if rungs == 1 { "trial".into() } else { format!("rung {rung}") },
                    points: (records.iter().filter(|r| r.trial.rung == rung))
                        .map(|r| (x(&r.trial.assignment[k].1), r.outcome.metric.unwrap_or(f64::NAN)))
                        .collect(),
                    colour: rung,
                })
                .collect();
            let log_x = matches!(p.distribution, Distribution::LogUniform(..));
            ScatterPanel { x_desc: p.name.clone(), log_x, x_labels: choices, groups }
        })
        .collect();
    Scatter { title, y_desc: format!("validation {metric}"), panels }
}
