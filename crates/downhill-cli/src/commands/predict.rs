//! `downhill predict MODEL DATA`: read the data as training did, apply the stored preprocessing
//! (a missing training column is an error naming it; an unseen category a warning), predict, and
//! print CSV (or write it atomically with --out). An autoencoder's rows come back reconstructed,
//! one column per feature.
use crate::args::PredictArgs;
use crate::error::CliError;
use crate::files::{check_apart, check_writable, write_atomic};
use crate::output::{outputs_csv, predictions_csv};
use crate::saved::Saved;
use std::io::Write;

pub fn run(args: PredictArgs) -> Result<(), CliError> {
    if let Some(out) = &args.out {
        check_writable("--out", out)?;
        check_apart(&[("--out", Some(out))], &[("MODEL", Some(&args.model)), ("DATA", Some(&args.data))])?;
    }
    let saved = Saved::open(&args.model)?;
    if args.proba && !saved.model.objective.is_classifier() {
        return Err(CliError::Usage(format!(
            "--proba: {} is a regression model, so it has no class probabilities; drop --proba",
            args.model.display()
        )));
    }
    let table = saved.read(&args.data)?;
    let prepared = saved.prepare(&table, false)?;
    prepared.warning_messages().iter().for_each(|w| eprintln!("warning: {w}"));
    let pred = saved.model.predict(&prepared.x)?;
    let proba = if args.proba { Some(saved.model.predict_proba(&prepared.x)?) } else { None };
    let csv = match pred.cols() {
        1 => predictions_csv(&prepared.rows, &pred, proba.as_ref(), saved.prep.classes()),
        _ => outputs_csv(&prepared.rows, &pred, &prepared.feature_names),
    };
    match &args.out {
        Some(out) => write_atomic(out, csv.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(csv.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|source| CliError::Io { path: "<stdout>".into(), source })
        }
    }
}
