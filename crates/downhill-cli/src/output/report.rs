//! Metrics of a model on labelled data, as `evaluate` prints them and the model file stores them:
//! JSON with the keys accuracy, precision_macro, recall_macro, f1_macro, log_loss (when the model
//! gives probabilities) and confusion_matrix (rows: true class, columns: predicted), or
//! mse, rmse, mae, r2; a one-line summary; and aligned text with the confusion matrix.
use downhill_learn::metrics::Report;
use serde_json::{json, Map, Value};

/// The report as a JSON object with the documented keys.
pub fn report_json(r: &Report) -> Value {
    let mut m = Map::new();
    match r {
        Report::Classification(c) => {
            m.insert("accuracy".into(), json!(c.accuracy));
            m.insert("precision_macro".into(), json!(c.precision_macro));
            m.insert("recall_macro".into(), json!(c.recall_macro));
            m.insert("f1_macro".into(), json!(c.f1_macro));
            if let Some(l) = c.log_loss {
                m.insert("log_loss".into(), json!(l));
            }
            m.insert("confusion_matrix".into(), json!(c.confusion.counts));
        }
        Report::Regression(g) => {
            m.insert("mse".into(), json!(g.mse));
            m.insert("rmse".into(), json!(g.rmse));
            m.insert("mae".into(), json!(g.mae));
            m.insert("r2".into(), json!(g.r2));
            if let Some(v) = g.neg_elbo {
                m.insert("neg_elbo".into(), json!(v));
            }
        }
    }
    Value::Object(m)
}

/// `accuracy 0.9650  f1_macro 0.9648  log_loss 0.1234` or `r2 0.5123  rmse 53.21  mae 42.10`.
pub fn report_line(r: &Report) -> String {
    match r {
        Report::Classification(c) => {
            let mut s = format!("accuracy {:.4}  f1_macro {:.4}", c.accuracy, c.f1_macro);
            if let Some(l) = c.log_loss {
                s.push_str(&format!("  log_loss {l:.4}"));
            }
            s
        }
        Report::Regression(g) => {
            let line = format!("r2 {:.4}  rmse {:.4}  mae {:.4}  mse {:.4}", g.r2, g.rmse, g.mae, g.mse);
            match g.neg_elbo {
                Some(v) => format!("neg_elbo {v:.2} nats  {line}"),
                None => line,
            }
        }
    }
}

/// Aligned lines, plus the confusion matrix labelled with `classes` for classifiers.
pub fn report_text(r: &Report, classes: &[String], rows: usize) -> String {
    let mut out = format!("rows             {rows}\n");
    match r {
        Report::Classification(c) => {
            out.push_str(&format!("accuracy         {:.4}\n", c.accuracy));
            out.push_str(&format!("precision_macro  {:.4}\n", c.precision_macro));
            out.push_str(&format!("recall_macro     {:.4}\n", c.recall_macro));
            out.push_str(&format!("f1_macro         {:.4}\n", c.f1_macro));
            if let Some(l) = c.log_loss {
                out.push_str(&format!("log_loss         {l:.4}\n"));
            }
            out.push_str("confusion matrix (rows: true class, columns: predicted)\n");
            out.push_str(&confusion(&c.confusion.counts, classes));
        }
        Report::Regression(g) => {
            if let Some(v) = g.neg_elbo {
                out.push_str(&format!("{:<17}{v:.4} (nats per row)\n", "neg_elbo"));
            }
            for (k, v) in [("mse", g.mse), ("rmse", g.rmse), ("mae", g.mae), ("r2", g.r2)] {
                out.push_str(&format!("{k:<17}{v:.4}\n"));
            }
        }
    }
    out
}

fn confusion(counts: &[Vec<u64>], classes: &[String]) -> String {
    let name = |i: usize| classes.get(i).cloned().unwrap_or_else(|| i.to_string());
    let label_w = (0..counts.len()).map(|i| name(i).chars().count()).max().unwrap_or(0);
    let cell_w = counts
        .iter()
        .flatten()
        .map(|c| c.to_string().len())
        .chain((0..counts.len()).map(|i| name(i).chars().count()))
        .max()
        .unwrap_or(1);
    let mut out = format!("  {:label_w$}", "");
    for j in 0..counts.len() {
        out.push_str(&format!("  {:>cell_w$}", name(j)));
    }
    out.push('\n');
    for (i, row) in counts.iter().enumerate() {
        out.push_str(&format!("  {:label_w$}", name(i)));
        for c in row {
            out.push_str(&format!("  {c:>cell_w$}"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_learn::metrics::{ClassificationReport, RegressionReport};
    use downhill_learn::Tensor;

    #[test]
    fn classification_reports_have_the_documented_keys_and_a_labelled_matrix() {
        let (t, p) = (Tensor::vector(vec![0.0, 1.0, 1.0]), Tensor::vector(vec![0.0, 1.0, 0.0]));
        let r = Report::Classification(ClassificationReport::new(&t, &p, None, 2));
        let j = report_json(&r);
        assert!(j["accuracy"].as_f64().is_some() && j.get("log_loss").is_none() && j.get("r2").is_none());
        let text = report_text(&r, &["cat".into(), "dog".into()], 3);
        assert!(text.contains("       cat  dog\n  cat    1    0\n  dog    1    1\n"), "{text}");
        let r = Report::Regression(RegressionReport::new(&t, &p));
        assert!(report_line(&r).starts_with("r2 "));
        assert!(report_json(&r)["rmse"].as_f64().is_some());
    }
}
