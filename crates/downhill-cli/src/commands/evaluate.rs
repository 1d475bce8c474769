//! `downhill evaluate MODEL DATA`: the model's metrics on labelled data, as aligned text (with the
//! confusion matrix for classifiers) or one JSON object (`--format json`).
use crate::args::{EvaluateArgs, ReportFormat};
use crate::error::CliError;
use crate::output::{report_json, report_text};
use crate::saved::Saved;

pub fn run(args: EvaluateArgs) -> Result<(), CliError> {
    let saved = Saved::open(&args.model)?;
    let table = saved.read(&args.data)?;
    let prepared = saved.prepare(&table, true)?;
    prepared.warning_messages().iter().for_each(|w| eprintln!("warning: {w}"));
    let y = prepared.y.as_ref().ok_or_else(|| CliError::Usage("the data has no target values".into()))?;
    let report = saved.model.evaluate(&prepared.x, y)?;
    let text = match args.format {
        ReportFormat::Json => {
            let mut json = report_json(&report);
            json["rows"] = serde_json::json!(prepared.n_rows());
            format!("{json}\n")
        }
        ReportFormat::Text => report_text(&report, saved.prep.classes(), prepared.n_rows()),
    };
    print!("{text}");
    Ok(())
}
