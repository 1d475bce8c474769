//! Numbers for machine-readable output: the shortest text that parses back to the same `f64`
//! (serde_json's formatting: `2.0`, `0.001`, `1e-20`), and `null` for a missing value.

/// `v` as JSON/CSV number text.
pub fn num(v: f64) -> String {
    serde_json::Value::from(v).to_string()
}

/// `Some(v)` as a number, `None` as `none` (e.g. `null` in JSON, empty in CSV).
pub fn opt_num(v: Option<f64>, none: &str) -> String {
    v.map_or(none.to_string(), num)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_exactly() {
        for v in [2.0, -1.345, 0.1 + 0.2, 1e-20, 12.5, f32::MAX as f64, (-1.5f32 + 0.155) as f64] {
            // Bit-identical on purpose: the printed number must parse back to the very same f64.
            assert_eq!(num(v).parse::<f64>().unwrap().to_bits(), v.to_bits(), "{v}: {}", num(v));
        }
        assert_eq!((num(2.0), opt_num(None, "null")), ("2.0".to_string(), "null".to_string()));
    }
}
