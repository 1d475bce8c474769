//! Test support: a (name, default, rule, help) options table states the defaults its settings
//! struct really has. The struct is read through its serde form, so a row whose default drifts
//! from `Default` fails the table's test. A switch's default is stated as `on` or `off` (a field
//! left out of the serde form when off reads as off).
use serde::Serialize;

/// Asserts each row of `table` not in `skip` states the value of the same-named field of
/// `defaults`.
pub(crate) fn assert_defaults_stated(table: &crate::OptionTable, defaults: &impl Serialize, skip: &[&str]) {
    let fields = serde_json::to_value(defaults).expect("settings serialise");
    for &(name, stated, _, _) in table.iter().filter(|row| !skip.contains(&row.0)) {
        let actual = match &fields[name] {
            serde_json::Value::Bool(on) => if *on { "on" } else { "off" }.to_string(),
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null if stated == "off" => "off".to_string(),
            serde_json::Value::Null => panic!("the settings have no field `{name}`"),
            other => other.to_string(),
        };
        assert_eq!(actual, stated, "option `{name}`: the table states {stated}, the default is {actual}");
    }
}
