//! `downhill evaluate MODEL DATA`: the model's metrics on labelled data, as aligned text (with the
//! confusion matrix for classifiers) or one JSON object (`--format json`).
use crate::args::{EvaluateArgs, ReportFormat};
use crate::error::CliError;
use crate::output::{report_json, report_text};
use crate::saved::Saved;

pub fn run(args: EvaluateArgs) -> Result<(), CliError> {
    if super::train_text::is_text(Some(&args.data)) {
        return text(args);
    }
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

/// A language model on a text file: nats and bits per character, every character after the first
/// predicted once.
fn text(args: EvaluateArgs) -> Result<(), CliError> {
    let (mut lm, _) = downhill_learn::text::LanguageModel::load(&args.model)?;
    let chars = downhill_data::read_text(&args.data)?;
    let (nats, predicted) = lm.nats_per_char(&chars, &args.data.display().to_string())?;
    let bits = downhill_learn::text::bits(nats);
    match args.format {
        ReportFormat::Json => {
            let json =
                serde_json::json!({"nats_per_char": nats, "bits_per_char": bits, "characters": predicted});
            println!("{json}");
        }
        ReportFormat::Text => {
            println!("nats_per_char  {nats:.4}\nbits_per_char  {bits:.4}\ncharacters     {predicted}");
        }
    }
    Ok(())
}
