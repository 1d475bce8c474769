//! The hparams plugin's messages, declared with prost's derive, with the field numbers of
//! TensorBoard's `tensorboard/plugins/hparams/{plugin_data,api}.proto` and protobuf's
//! `google/protobuf/struct.proto` (TensorBoard 2.21). Only the fields written here are declared.
//!   HParamsPluginData { version: int32 = 1, oneof data { experiment = 2, session_start_info = 3,
//!                       session_end_info = 4 } }
//!   Experiment        { repeated HParamInfo hparam_infos = 4, repeated MetricInfo metric_infos = 5 }
//!   HParamInfo        { name = 1, type: DataType = 4, oneof domain { domain_discrete: ListValue = 5,
//!                       domain_interval: Interval = 6 }, differs: bool = 7 }
//!   Interval          { min_value: double = 1, max_value: double = 2 }
//!   MetricInfo        { name: MetricName = 1 };  MetricName { group = 1, tag = 2 }
//!   SessionStartInfo  { map<string, google.protobuf.Value> hparams = 1, start_time_secs: double = 5 }
//!   SessionEndInfo    { status: Status = 1, end_time_secs: double = 2 }
//!   Value             { oneof kind { number_value: double = 2, string_value = 3, bool_value = 4 } }
//!   ListValue         { repeated Value values = 1 }
use prost::{Enumeration, Message, Oneof};
use std::collections::BTreeMap;

#[derive(Clone, PartialEq, Message)]
pub struct HParamsPluginData {
    /// 0, the only version there is (`metadata.PLUGIN_DATA_VERSION`).
    #[prost(int32, tag = "1")]
    pub version: i32,
    #[prost(oneof = "PluginContent", tags = "2, 3, 4")]
    pub data: Option<PluginContent>,
}

#[derive(Clone, PartialEq, Oneof)]
pub enum PluginContent {
    #[prost(message, tag = "2")]
    Experiment(Experiment),
    #[prost(message, tag = "3")]
    SessionStartInfo(SessionStartInfo),
    #[prost(message, tag = "4")]
    SessionEndInfo(SessionEndInfo),
}

/// Which hyperparameters and metrics the sessions (runs) of an experiment have.
#[derive(Clone, PartialEq, Message)]
pub struct Experiment {
    #[prost(message, repeated, tag = "4")]
    pub hparam_infos: Vec<HParamInfo>,
    #[prost(message, repeated, tag = "5")]
    pub metric_infos: Vec<MetricInfo>,
}

#[derive(Clone, PartialEq, Message)]
pub struct HParamInfo {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(enumeration = "DataType", tag = "4")]
    pub r#type: i32,
    #[prost(message, optional, tag = "5")]
    pub domain_discrete: Option<ListValue>,
    #[prost(message, optional, tag = "6")]
    pub domain_interval: Option<Interval>,
    /// Whether the sessions' values differ (TensorBoard lists those first).
    #[prost(bool, tag = "7")]
    pub differs: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Enumeration)]
#[repr(i32)]
pub enum DataType {
    Unset = 0,
    String = 1,
    Bool = 2,
    Float64 = 3,
}

#[derive(Clone, PartialEq, Message)]
pub struct Interval {
    #[prost(double, tag = "1")]
    pub min_value: f64,
    #[prost(double, tag = "2")]
    pub max_value: f64,
}

#[derive(Clone, PartialEq, Message)]
pub struct MetricInfo {
    #[prost(message, optional, tag = "1")]
    pub name: Option<MetricName>,
}

/// A scalar tag; `group` is the session's subdirectory holding it ("" for the session's own).
#[derive(Clone, PartialEq, Message)]
pub struct MetricName {
    #[prost(string, tag = "1")]
    pub group: String,
    #[prost(string, tag = "2")]
    pub tag: String,
}

/// One session's (run's) hyperparameter values.
#[derive(Clone, PartialEq, Message)]
pub struct SessionStartInfo {
    #[prost(btree_map = "string, message", tag = "1")]
    pub hparams: BTreeMap<String, ProtoValue>,
    #[prost(double, tag = "5")]
    pub start_time_secs: f64,
}

#[derive(Clone, PartialEq, Message)]
pub struct SessionEndInfo {
    #[prost(enumeration = "Status", tag = "1")]
    pub status: i32,
    #[prost(double, tag = "2")]
    pub end_time_secs: f64,
}

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Enumeration)]
#[repr(i32)]
pub enum Status {
    Unknown = 0,
    /// Stopped by one of its rules (epochs, tolerance, early stopping, time, Ctrl-C).
    Success = 1,
    /// Diverged, or met a row it could not read.
    Failure = 2,
    /// Not written here: a run's end is written when it ends.
    Running = 3,
}

/// `google.protobuf.Value`, the kinds a hyperparameter can have.
#[derive(Clone, PartialEq, Message)]
pub struct ProtoValue {
    #[prost(oneof = "Kind", tags = "2, 3, 4")]
    pub kind: Option<Kind>,
}

#[derive(Clone, PartialEq, Oneof)]
pub enum Kind {
    #[prost(double, tag = "2")]
    NumberValue(f64),
    #[prost(string, tag = "3")]
    StringValue(String),
    #[prost(bool, tag = "4")]
    BoolValue(bool),
}

#[derive(Clone, PartialEq, Message)]
pub struct ListValue {
    #[prost(message, repeated, tag = "1")]
    pub values: Vec<ProtoValue>,
}
