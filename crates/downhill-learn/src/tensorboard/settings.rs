//! A run's hyperparameters read off its settings' serde form (the value a model file records under
//! `training`), so every setting a run has is listed without a list to keep in step:
//!   object   each field, its name joined to the path with `.`
//!   number, string, bool   one hyperparameter;  null (an unset option) none
//!   array    one text value, its compact JSON (`[64,32]`)
//! Names drop the wrappers `params` and `train`, and a part repeating the one before it
//! (`optimizer.optimizer.lr` is `optimizer.lr`); a serde tag naming the variant (`estimator`,
//! `name`) is a text value like any other.
use super::hparams::{HParamValue, HParams};
use serde::Serialize;
use serde_json::Value;

/// The hyperparameters in `settings`' serde form (empty when it does not serialise).
pub fn hparams_of(settings: &impl Serialize) -> HParams {
    let mut out = HParams::new();
    if let Ok(value) = serde_json::to_value(settings) {
        flatten(&value, &mut Vec::new(), &mut out);
    }
    out
}

fn flatten<'v>(value: &'v Value, path: &mut Vec<&'v str>, out: &mut HParams) {
    let leaf = match value {
        Value::Object(fields) => {
            for (name, v) in fields {
                path.push(name);
                flatten(v, path, out);
                path.pop();
            }
            return;
        }
        Value::Null => return,
        Value::Bool(b) => HParamValue::Bool(*b),
        Value::Number(n) => HParamValue::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => HParamValue::Text(s.clone()),
        Value::Array(_) => HParamValue::Text(value.to_string()),
    };
    out.insert(name(path), leaf);
}

fn name(path: &[&str]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for &p in path.iter().filter(|p| !matches!(**p, "params" | "train")) {
        if parts.last() != Some(&p) {
            parts.push(p);
        }
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_flatten_to_short_names() {
        let settings = serde_json::json!({
            "estimator": "mlp_classifier",
            "params": {
                "shape": { "hidden": [64, 32], "dropout": null },
                "train": {
                    "optimizer": { "optimizer": { "name": "adam", "lr": 0.001 }, "ema": null },
                    "batch_size": { "rows": 32 },
                    "early": true,
                },
            },
        });
        let h = hparams_of(&settings);
        let names: Vec<&str> = h.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["batch_size.rows", "early", "estimator", "optimizer.lr", "optimizer.name", "shape.hidden"]
        );
        assert_eq!(h["shape.hidden"], HParamValue::Text("[64,32]".into()));
        assert_eq!(h["optimizer.lr"], HParamValue::Number(0.001));
        assert_eq!(h["early"], HParamValue::Bool(true));
    }
}
