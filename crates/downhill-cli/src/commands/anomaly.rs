//! `downhill anomaly MODEL DATA`: one anomaly score per row (downhill-learn's
//! `Model::anomaly_scores`), evaluated against a label column (AUROC, average precision, ROC
//! curve) and flagged by contamination if asked; the per-row scores go to --out as CSV.
use crate::args::{AnomalyArgs, ReportFormat};
use crate::error::CliError;
use crate::files::{check_apart, check_writable, write_atomic};
use crate::output::number::num;
use crate::plot;
use crate::saved::Saved;
use downhill_learn::metrics::{average_precision, roc_auc, roc_curve};
use downhill_learn::{AnomalyScore, AnomalyScores};
use downhill_plot::{Corner, Curves, Panel, Series, XAxis};

pub fn run(args: AnomalyArgs) -> Result<(), CliError> {
    for (flag, path) in [("--out", &args.out), ("--plot", &args.plot)] {
        if let Some(p) = path {
            check_writable(flag, p)?;
        }
    }
    let outputs = [("--out", args.out.as_deref()), ("--plot", args.plot.as_deref())];
    check_apart(&outputs, &[("MODEL", Some(&args.model)), ("DATA", Some(&args.data))])?;
    let plot_format = args.plot.as_deref().map(plot::format_of).transpose()?;
    // Checked before any work; `flagged` checks it again when it flags.
    args.contamination.map(AnomalyScores::check_contamination).transpose()?;
    let score: AnomalyScore = args.score.as_deref().map_or(Ok(AnomalyScore::default()), str::parse)?;
    let mut saved = Saved::open(&args.model)?;
    let table = saved.read(&args.data)?;
    let prepared = saved.prepare(&table, false)?;
    prepared.warning_messages().iter().for_each(|w| eprintln!("warning: {w}"));
    let scores = saved.model.anomaly_scores(&prepared.x, score)?;
    let oriented = scores.oriented();
    let labels: Option<Vec<bool>> = match (&args.label, &args.normal) {
        (Some(col), Some(normal)) => {
            let column = table.column(col).map_err(|e| CliError::Usage(format!("--label: {e}")))?;
            Some(prepared.rows.iter().map(|&r| column.text(r).as_deref() != Some(normal.as_str())).collect())
        }
        _ => None,
    };
    let flagged: Option<Vec<bool>> = args.contamination.map(|f| scores.flagged(f)).transpose()?;
    let mut summary = serde_json::json!({
        "score": score.name(), "rows": oriented.len(), "higher_is_anomalous": scores.higher_is_anomalous,
    });
    if let Some(l) = &labels {
        let missing_class = || {
            CliError::Usage(format!(
                "--label {}: the rows need both normal ({}) and anomalous values to evaluate",
                args.label.as_deref().unwrap_or_default(),
                args.normal.as_deref().unwrap_or_default()
            ))
        };
        summary["auroc"] = serde_json::json!(roc_auc(&oriented, l).ok_or_else(missing_class)?);
        summary["average_precision"] =
            serde_json::json!(average_precision(&oriented, l).ok_or_else(missing_class)?);
        summary["anomalies"] = serde_json::json!(l.iter().filter(|&&a| a).count());
        if let (Some(path), Some(format)) = (&args.plot, plot_format) {
            let points = roc_curve(&oriented, l).ok_or_else(missing_class)?;
            plot::save(path, format, &roc_picture(score.name(), points))?;
        }
    }
    if let Some(f) = &flagged {
        summary["flagged"] = serde_json::json!(f.iter().filter(|&&x| x).count());
    }
    if let Some(out) = &args.out {
        write_atomic(
            out,
            rows_csv(&prepared.rows, &scores.values, flagged.as_deref(), labels.as_deref()).as_bytes(),
        )?;
    }
    match args.format {
        ReportFormat::Json => println!("{summary}"),
        ReportFormat::Text => {
            let direction = if scores.higher_is_anomalous { "higher" } else { "lower" };
            println!("{} over {} rows ({direction} is more anomalous)", score.name(), oriented.len());
            for key in ["anomalies", "auroc", "average_precision", "flagged"] {
                if let Some(v) = summary.get(key) {
                    println!("{key:<18} {v}");
                }
            }
            let written: Vec<String> =
                [&args.out, &args.plot].into_iter().flatten().map(|p| p.display().to_string()).collect();
            if !written.is_empty() {
                println!("wrote {}", written.join(", "));
            }
        }
    }
    Ok(())
}

/// `row,score[,flagged][,anomaly]`, 1-based data rows.
fn rows_csv(rows: &[usize], scores: &[f64], flagged: Option<&[bool]>, labels: Option<&[bool]>) -> String {
    let mut out = String::from("row,score");
    out.push_str(if flagged.is_some() { ",flagged" } else { "" });
    out.push_str(if labels.is_some() { ",anomaly\n" } else { "\n" });
    for (i, row) in rows.iter().enumerate() {
        out.push_str(&format!("{},{}", row + 1, num(scores[i])));
        if let Some(f) = flagged {
            out.push_str(if f[i] { ",1" } else { ",0" });
        }
        if let Some(l) = labels {
            out.push_str(if l[i] { ",1" } else { ",0" });
        }
        out.push('\n');
    }
    out
}

fn roc_picture(score: &str, points: Vec<(f64, f64)>) -> Curves {
    let chance = Series { label: "chance".into(), points: vec![(0.0, 0.0), (1.0, 1.0)], colour: 7 };
    let roc = Series { label: format!("{score} ROC"), points, colour: 0 };
    let panel = Panel {
        y_desc: "true positive rate".into(),
        series: vec![roc, chance],
        log_y: false,
        legend: Some(Corner::LowerRight),
    };
    Curves {
        title: format!("anomaly detection: {score}"),
        x_desc: "false positive rate".into(),
        x_axis: XAxis::Linear,
        panels: vec![panel],
    }
}
