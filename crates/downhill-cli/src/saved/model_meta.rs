//! What `train` stores beside the weights: feature and class names, the settings, the final
//! metrics and, in `extra`, the preprocessing and the data's provenance. Nothing here depends on
//! the clock, so a resumed run writes a file bit-identical to an uninterrupted one.
use crate::error::CliError;
use crate::output::report_json;
use crate::train::{Dataset, Trained};
use downhill_data::Preprocessor;
use downhill_learn::metrics::Report;
use downhill_learn::ModelInfo;
use serde_json::json;

/// The model file's metadata for a run on `d` that produced `t`, with its test report if any.
pub fn model_info(d: &Dataset, t: &Trained, test: Option<&Report>) -> Result<ModelInfo, CliError> {
    let file = d.path.file_name().map(|n| n.to_string_lossy().into_owned());
    let data = json!({
        "file": file,
        "rows": d.rows,
        "train_rows": d.train.n_rows(),
        "test_rows": d.test.as_ref().map(|p| p.n_rows()),
        "target": d.prep.target().column(),
    });
    let test = test.zip(d.test.as_ref().map(|p| p.n_rows()));
    info_with(&d.prep, data, t, test)
}

/// The metadata of a run whose data is described by `data` (file, row counts, target) and was
/// preprocessed by `prep`; `test` is the test report and its row count.
pub fn info_with(
    prep: &Preprocessor,
    data: serde_json::Value,
    t: &Trained,
    test: Option<(&Report, usize)>,
) -> Result<ModelInfo, CliError> {
    let h = &t.history;
    let last = h.last();
    let mut metrics = json!({
        "epochs": h.epochs.len(),
        "stop_reason": h.stop.as_ref().map(ToString::to_string),
        "best_epoch": h.best_epoch(),
        "restored_epoch": h.restored_epoch,
        "metric": h.metric,
        // What the run's health checks found (grad_health.rs, findings.rs), as they were printed.
        "findings": h.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "final": {
            "train_loss": last.map(|r| r.train_loss),
            "val_loss": last.and_then(|r| r.val_loss),
            "val_metric": last.and_then(|r| r.val_metric),
        },
    });
    if let Some((report, rows)) = test {
        let mut test = report_json(report);
        test["rows"] = json!(rows);
        metrics["test"] = test;
    }
    let extra = [("preprocessing".to_string(), prep.to_json()?), ("data".to_string(), data.to_string())];
    Ok(ModelInfo {
        feature_names: prep.feature_names(),
        class_names: prep.classes().to_vec(),
        training: t.training.clone(),
        metrics,
        extra: extra.into_iter().collect(),
    })
}
