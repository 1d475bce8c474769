//! `downhill inspect MODEL`: what a model file holds, for a person: format and version, estimator
//! and layers, target and classes, features, preprocessing, training settings and final metrics.
use crate::args::InspectArgs;
use crate::error::CliError;
use crate::saved::{format_version, Saved};
use downhill_data::{FeatureEncoder, Names};
use downhill_learn::MODEL_FORMAT;

/// Encoders listed one per line up to this many input columns; beyond, a count.
const LISTED: usize = 30;

pub fn run(args: InspectArgs) -> Result<(), CliError> {
    if let Ok((lm, info)) = downhill_learn::text::LanguageModel::load(&args.model) {
        let version = format_version(&args.model).unwrap_or_else(|| "?".into());
        let v = &lm.vocabulary;
        let chars: String = v.chars().iter().collect();
        let (unit, vocabulary) = match v.merges().len() {
            0 => ("characters", format!("{} characters: {chars:?}", v.len())),
            merges => (
                "tokens",
                format!(
                    "{} tokens: {} characters {chars:?} and {merges} byte-pair merges",
                    v.len(),
                    v.chars().len()
                ),
            ),
        };
        print!(
            "file           {} ({MODEL_FORMAT}, format version {version})\nmodel          {}\n\
             context        {} {unit}\nvocabulary     {vocabulary}\n\
             training       {}\nmetrics        {}\n",
            args.model.display(),
            indent(&lm.model.summary()),
            lm.context(),
            info.training,
            info.metrics
        );
        return Ok(());
    }
    if let Ok((model, info)) = downhill_learn::load_model(&args.model) {
        if !info.extra.contains_key("preprocessing") {
            // A model trained on no data file (a policy): what it is, how it was trained, its results.
            let version = format_version(&args.model).unwrap_or_else(|| "?".into());
            print!(
                "file           {} ({MODEL_FORMAT}, format version {version})\nmodel          {}\n\
                 training       {}\nmetrics        {}\n",
                args.model.display(),
                indent(&model.summary()),
                info.training,
                info.metrics
            );
            return Ok(());
        }
    }
    let s = Saved::open(&args.model)?;
    let version = format_version(&args.model).unwrap_or_else(|| "?".into());
    let mut out =
        format!("file           {} ({MODEL_FORMAT}, format version {version})\n", args.model.display());
    out.push_str(&format!("model          {}\n", indent(&s.model.summary())));
    match (s.prep.target().column(), s.prep.classes()) {
        (None, _) => {
            out.push_str("target         none: the model reconstructs its inputs (an autoencoder)\n")
        }
        (Some(target), []) => out.push_str(&format!("target         {target} (regression)\n")),
        (Some(target), classes) => {
            out.push_str(&format!("target         {target}; classes: {}\n", Names(classes.to_vec())))
        }
    }
    out.push_str(&format!(
        "features       {}: {}\n",
        s.info.feature_names.len(),
        Names(s.info.feature_names.clone())
    ));
    let missing = serde_json::to_value(s.prep.missing()).unwrap_or_default();
    let scale = s.prep.scale().name(); // as --scale spells it
    out.push_str(&format!("preprocessing  scale {scale}, missing values {}\n", plain(&missing)));
    let encoders = s.prep.encoders();
    if encoders.len() <= LISTED {
        encoders.iter().for_each(|e| out.push_str(&format!("  {}\n", encoder(e))));
    } else {
        let one_hot = encoders.iter().filter(|e| matches!(e, FeatureEncoder::OneHot { .. })).count();
        out.push_str(&format!(
            "  {} input columns: {} numeric, {one_hot} one-hot\n",
            encoders.len(),
            encoders.len() - one_hot
        ));
    }
    if let Some(data) = s.info.extra.get("data") {
        out.push_str(&format!("data           {data}\n"));
    }
    out.push_str(&format!("training       {}\n", plain(&s.info.training["estimator"])));
    out.push_str(&fields(&s.info.training["params"], &["train"]));
    out.push_str("metrics\n");
    out.push_str(&fields(&s.info.metrics, &[]));
    print!("{out}");
    Ok(())
}

fn encoder(e: &FeatureEncoder) -> String {
    match e {
        FeatureEncoder::Numeric { column, fill, affine } => {
            let fill = fill.map_or(String::new(), |f| format!(", missing -> {f:.4}"));
            format!("{column}: numeric, (x - {:.4}) / {:.4}{fill}", affine.shift, affine.divisor)
        }
        FeatureEncoder::OneHot { column, categories, .. } => {
            format!("{column}: one-hot over {}", Names(categories.clone()))
        }
    }
}

/// One line per key of the object `v`, values as compact JSON; keys in `open` are listed field by field.
fn fields(v: &serde_json::Value, open: &[&str]) -> String {
    let Some(map) = v.as_object() else { return String::new() };
    let mut out = String::new();
    for (k, v) in map {
        match v.as_object().filter(|_| open.contains(&k.as_str())) {
            Some(inner) => inner.iter().for_each(|(k, v)| out.push_str(&format!("  {k:<20} {}\n", plain(v)))),
            None => out.push_str(&format!("  {k:<20} {}\n", plain(v))),
        }
    }
    out
}

/// Strings without quotes, anything else as compact JSON.
fn plain(v: &serde_json::Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// Continuation lines aligned under the value column.
fn indent(text: &str) -> String {
    text.replace('\n', "\n               ")
}
