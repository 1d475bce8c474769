//! `train --format json`: what `summary` prints, as one JSON document on stdout:
//!   {"stop": {"reason": ..., ...} | null, "stop_message": "...", "metric": "accuracy",
//!    "best_epoch": k | null, "restored_epoch": k | null,
//!    "epochs": [{"epoch", "seconds", "lr", "train_loss", "val_loss", "val_metric", "grad_norm",
//!                "layer_grad_norms", and when sampled "layer_update_ratios", "units"}, ...],
//!    "findings": [{"kind": "overfitting", ...the finding's fields, "message": "..."}, ...],
//!    "notes": ["model: ...", ...], "test": {"rows": n, "metrics": {...}} | null,
//!    "seconds": s, "written": ["model.safetensors", ...], "restarts": {...} (with --restarts N > 1)}
//! `findings` are the structured `Warning`s (tagged by `kind`) with their printed text; numbers that
//! are not finite are written as null (JSON has no NaN). Language models and --stream print their
//! own summaries and refuse it.
use crate::args::{TrainArgs, TrainFormat};
use crate::error::CliError;
use crate::output::report_json;
use downhill_learn::metrics::Report;
use downhill_learn::{History, Restarts};
use serde_json::{json, Value};

/// The document for a run of `seconds` wall time; `test` is the report and its row count.
pub fn summary_json(
    h: &History,
    test: Option<(&Report, usize)>,
    seconds: f64,
    written: &[String],
    notes: &[String],
    restarts: Option<&Restarts>,
) -> String {
    let findings: Vec<Value> = h
        .warnings
        .iter()
        .map(|w| {
            let mut v = serde_json::to_value(w).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("message".into(), json!(w.to_string()));
            }
            v
        })
        .collect();
    let mut doc = json!({
        "stop": h.stop,
        "stop_message": h.stop.as_ref().map(ToString::to_string),
        "metric": h.metric,
        "best_epoch": h.best_epoch(),
        "restored_epoch": h.restored_epoch,
        "epochs": h.epochs,
        "findings": findings,
        "notes": notes,
        "test": test.map(|(r, rows)| json!({ "rows": rows, "metrics": report_json(r) })),
        "seconds": seconds,
        "written": written,
    });
    if let (Some(r), Value::Object(m)) = (restarts, &mut doc) {
        m.insert("restarts".into(), json!(r));
    }
    format!("{doc:#}\n")
}

/// `--format json` documents an in-memory table run; the other paths print their own summaries.
pub fn refuse_json(args: &TrainArgs) -> Result<(), CliError> {
    let other = if crate::commands::train_text::is_text(args.data.data.as_deref()) {
        "a language model (.txt data)"
    } else if args.stream.stream {
        "--stream"
    } else {
        return Ok(());
    };
    match args.format {
        TrainFormat::Json => Err(CliError::Usage(format!(
            "--format json is not available yet with {other}: drop --format json"
        ))),
        TrainFormat::Table => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_learn::{EpochRecord, StopReason, Warning};

    #[test]
    fn findings_keep_their_kind_and_fields_and_add_the_message() {
        let record = |epoch, train_loss| EpochRecord {
            seconds: 0.1,
            lr: 0.01,
            grad_norm: 1.0,
            ..EpochRecord::new(epoch, train_loss)
        };
        let h = History {
            epochs: vec![record(1, 2.0), record(2, f64::NAN)],
            warnings: vec![Warning::TooManyFeatures { features: 64, rows: 100 }],
            stop: Some(StopReason::MaxEpochs { epochs: 2 }),
            ..History::default()
        };
        let doc: Value =
            serde_json::from_str(&summary_json(&h, None, 1.5, &["m".into()], &[], None)).unwrap();
        assert_eq!(doc["stop"]["reason"], "max_epochs");
        assert_eq!(doc["stop_message"], "reached the maximum of 2 epochs");
        assert_eq!(doc["epochs"].as_array().map(Vec::len), Some(2));
        assert!(doc["epochs"][1]["train_loss"].is_null(), "NaN is written as null");
        let f = &doc["findings"][0];
        assert_eq!((f["kind"].as_str(), f["features"].as_u64()), (Some("too_many_features"), Some(64)));
        assert!(f["message"].as_str().is_some_and(|m| m.starts_with("64 features for 100")), "{f}");
        assert!(doc["test"].is_null() && doc.get("restarts").is_none());
        assert_eq!(doc["written"][0], "m");
    }
}
