//! A run's hyperparameters for TensorBoard's hparams plugin, in the three summaries that
//! `torch.utils.tensorboard.summary.hparams()` writes (plugin "hparams", content a serialized
//! `HParamsPluginData` of version 0):
//!   `_hparams_/experiment`          the hyperparameters' names, types and domains, and the metrics
//!   `_hparams_/session_start_info`  this run's values
//!   `_hparams_/session_end_info`    how it ended
//! TensorBoard expects one experiment per log directory: a single run writes its own; a set of runs
//! in subdirectories (compare, tune) writes one in the parent directory over all of them, and the
//! runs write only their sessions. Each `HParamInfo` is what TensorBoard computes itself from the
//! sessions when there is no experiment (`backend_context._compute_hparam_info_from_values`): one
//! kind for all values (else text), distinct values as the domain of text and bools, [min, max]
//! for numbers, and `differs` when the runs' values do.
use super::hparams_messages::{
    DataType, Experiment, HParamInfo, HParamsPluginData, Interval, Kind, ListValue, MetricInfo, MetricName,
    PluginContent, ProtoValue, SessionEndInfo, SessionStartInfo, Status,
};
use super::messages::SummaryValue;
use prost::Message;
use std::collections::BTreeMap;

/// The hparams plugin's name, in each of its summaries' metadata.
pub const PLUGIN: &str = "hparams";
/// The tag of the experiment summary (which hyperparameters and metrics the runs have).
pub const EXPERIMENT_TAG: &str = "_hparams_/experiment";
/// The tag of a run's hyperparameter values.
pub const SESSION_START_TAG: &str = "_hparams_/session_start_info";
/// The tag of a run's end and status.
pub const SESSION_END_TAG: &str = "_hparams_/session_end_info";

/// One hyperparameter's value.
#[derive(Clone, Debug, PartialEq)]
pub enum HParamValue {
    /// A number (a rate, a size, a count).
    Number(f64),
    /// A name (an optimizer, a schedule, a layer list).
    Text(String),
    /// A switch.
    Bool(bool),
}

/// A run's hyperparameters by name.
pub type HParams = BTreeMap<String, HParamValue>;

/// The experiment over `runs`: every name any run has, and `metrics` (scalar tags of the runs).
pub fn experiment(runs: &[&HParams], metrics: &[String]) -> SummaryValue {
    let mut values: BTreeMap<&str, Vec<&HParamValue>> = BTreeMap::new();
    for (name, value) in runs.iter().flat_map(|r| r.iter()) {
        values.entry(name).or_default().push(value);
    }
    let hparam_infos = values.into_iter().map(|(name, vs)| info(name, &vs)).collect();
    let metric_infos = metrics
        .iter()
        .map(|tag| MetricInfo { name: Some(MetricName { group: String::new(), tag: tag.clone() }) })
        .collect();
    plugin_value(EXPERIMENT_TAG, PluginContent::Experiment(Experiment { hparam_infos, metric_infos }))
}

/// This run's values; `start_time` in seconds since the Unix epoch.
pub fn session_start(hparams: &HParams, start_time: f64) -> SummaryValue {
    let hparams = hparams.iter().map(|(k, v)| (k.clone(), proto(v))).collect();
    let info = SessionStartInfo { hparams, start_time_secs: start_time };
    plugin_value(SESSION_START_TAG, PluginContent::SessionStartInfo(info))
}

/// How the run ended; `end_time` in seconds since the Unix epoch.
pub fn session_end(status: Status, end_time: f64) -> SummaryValue {
    let info = SessionEndInfo { status: status as i32, end_time_secs: end_time };
    plugin_value(SESSION_END_TAG, PluginContent::SessionEndInfo(info))
}

fn plugin_value(tag: &str, data: PluginContent) -> SummaryValue {
    let content = HParamsPluginData { version: 0, data: Some(data) }.encode_to_vec();
    SummaryValue::plugin(tag, PLUGIN, content)
}

fn info(name: &str, values: &[&HParamValue]) -> HParamInfo {
    let kind = |v: &HParamValue| match v {
        HParamValue::Number(_) => DataType::Float64,
        HParamValue::Text(_) => DataType::String,
        HParamValue::Bool(_) => DataType::Bool,
    };
    let first = values.first().map_or(DataType::String, |v| kind(v));
    let data_type = match values.iter().all(|v| kind(v) == first) {
        true => first,
        false => DataType::String,
    };
    let mut h = HParamInfo { name: name.into(), r#type: data_type as i32, ..HParamInfo::default() };
    if data_type == DataType::Float64 {
        let numbers: Vec<f64> = values
            .iter()
            .filter_map(|v| if let HParamValue::Number(x) = v { Some(*x) } else { None })
            .collect();
        let (lo, hi) = numbers.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        h.domain_interval = Some(Interval { min_value: lo, max_value: hi });
        h.differs = lo < hi;
    } else {
        let mut distinct: Vec<ProtoValue> = Vec::new();
        for v in values {
            let p = match data_type {
                DataType::Bool => proto(v),
                _ => ProtoValue { kind: Some(Kind::StringValue(text(v))) },
            };
            if !distinct.contains(&p) {
                distinct.push(p);
            }
        }
        h.differs = distinct.len() > 1;
        h.domain_discrete = Some(ListValue { values: distinct });
    }
    h
}

fn proto(v: &HParamValue) -> ProtoValue {
    let kind = match v {
        HParamValue::Number(x) => Kind::NumberValue(*x),
        HParamValue::Text(s) => Kind::StringValue(s.clone()),
        HParamValue::Bool(b) => Kind::BoolValue(*b),
    };
    ProtoValue { kind: Some(kind) }
}

/// A value as text, as TensorBoard shows one of a column of mixed kinds.
fn text(v: &HParamValue) -> String {
    match v {
        HParamValue::Number(x) => x.to_string(),
        HParamValue::Text(s) => s.clone(),
        HParamValue::Bool(b) => b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pairs: &[(&str, HParamValue)]) -> HParams {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    fn decode(v: &SummaryValue) -> PluginContent {
        let plugin = v.metadata.as_ref().and_then(|m| m.plugin_data.as_ref()).unwrap();
        assert_eq!(plugin.plugin_name, "hparams");
        let data = HParamsPluginData::decode(&plugin.content[..]).unwrap();
        assert_eq!(data.version, 0);
        data.data.unwrap()
    }

    #[test]
    fn the_experiment_types_each_name_from_every_runs_values() {
        let a = run(&[
            ("lr", HParamValue::Number(0.1)),
            ("optimizer", HParamValue::Text("adam".into())),
            ("batch", HParamValue::Number(32.0)),
        ]);
        let b = run(&[
            ("lr", HParamValue::Number(0.01)),
            ("optimizer", HParamValue::Text("adam".into())),
            ("batch", HParamValue::Text("full".into())),
            ("nesterov", HParamValue::Bool(true)),
        ]);
        let PluginContent::Experiment(e) = decode(&experiment(&[&a, &b], &["loss/train".into()])) else {
            panic!("not an experiment")
        };
        let by_name: BTreeMap<&str, &HParamInfo> = e.hparam_infos.iter().map(|h| (&h.name[..], h)).collect();
        let lr = by_name["lr"];
        assert_eq!((lr.r#type, lr.differs), (DataType::Float64 as i32, true));
        assert_eq!(lr.domain_interval, Some(Interval { min_value: 0.01, max_value: 0.1 }));
        // 32 and "full": mixed kinds make a text column with both as text.
        let batch = by_name["batch"];
        let texts: Vec<_> =
            batch.domain_discrete.as_ref().unwrap().values.iter().map(|v| v.kind.clone()).collect();
        assert_eq!(batch.r#type, DataType::String as i32);
        assert_eq!(texts, vec![Some(Kind::StringValue("32".into())), Some(Kind::StringValue("full".into()))]);
        assert!(!by_name["optimizer"].differs && by_name["nesterov"].r#type == DataType::Bool as i32);
        assert_eq!(e.metric_infos[0].name.as_ref().map(|n| &n.tag[..]), Some("loss/train"));
    }

    #[test]
    fn a_session_carries_its_values_and_its_end() {
        let a = run(&[("lr", HParamValue::Number(0.1)), ("epochs", HParamValue::Number(3.0))]);
        let start = session_start(&a, 10.0);
        assert_eq!(start.tag, SESSION_START_TAG);
        let PluginContent::SessionStartInfo(s) = decode(&start) else { panic!("not a session start") };
        assert_eq!(s.hparams["lr"].kind, Some(Kind::NumberValue(0.1)));
        assert_eq!((s.hparams.len(), s.start_time_secs), (2, 10.0));
        let PluginContent::SessionEndInfo(e) = decode(&session_end(Status::Failure, 12.0)) else {
            panic!("not a session end")
        };
        assert_eq!((e.status, e.end_time_secs), (Status::Failure as i32, 12.0));
    }
}
