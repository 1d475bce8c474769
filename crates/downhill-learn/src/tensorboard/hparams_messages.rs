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

/// The content of every hparams summary: a version and one of its three messages.
#[derive(Clone, PartialEq, Message)]
pub struct HParamsPluginData {
    /// 0, the only version there is (`metadata.PLUGIN_DATA_VERSION`).
    #[prost(int32, tag = "1")]
    pub version: i32,
    /// The experiment, a session's start or a session's end.
    #[prost(oneof = "PluginContent", tags = "2, 3, 4")]
    pub data: Option<PluginContent>,
}

/// Which hparams message a summary holds (the proto's `data` oneof).
#[derive(Clone, PartialEq, Oneof)]
pub enum PluginContent {
    /// The experiment: the hyperparameters and metrics of its runs.
    #[prost(message, tag = "2")]
    Experiment(Experiment),
    /// A run's hyperparameter values.
    #[prost(message, tag = "3")]
    SessionStartInfo(SessionStartInfo),
    /// How and when a run ended.
    #[prost(message, tag = "4")]
    SessionEndInfo(SessionEndInfo),
}

/// Which hyperparameters and metrics the sessions (runs) of an experiment have.
#[derive(Clone, PartialEq, Message)]
pub struct Experiment {
    /// Each hyperparameter: name, type and the values the runs took.
    #[prost(message, repeated, tag = "4")]
    pub hparam_infos: Vec<HParamInfo>,
    /// The scalar tags TensorBoard shows beside the hyperparameters.
    #[prost(message, repeated, tag = "5")]
    pub metric_infos: Vec<MetricInfo>,
}

/// One hyperparameter of an experiment.
#[derive(Clone, PartialEq, Message)]
pub struct HParamInfo {
    /// Its name (`optimizer.lr`).
    #[prost(string, tag = "1")]
    pub name: String,
    /// Its `DataType`, as protobuf stores enums.
    #[prost(enumeration = "DataType", tag = "4")]
    pub r#type: i32,
    /// The distinct values the runs took (names and switches).
    #[prost(message, optional, tag = "5")]
    pub domain_discrete: Option<ListValue>,
    /// The range the runs' values span (numbers).
    #[prost(message, optional, tag = "6")]
    pub domain_interval: Option<Interval>,
    /// Whether the sessions' values differ (TensorBoard lists those first).
    #[prost(bool, tag = "7")]
    pub differs: bool,
}

/// The type of a hyperparameter's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Enumeration)]
#[repr(i32)]
pub enum DataType {
    /// Not given (protobuf's default).
    Unset = 0,
    /// Text.
    String = 1,
    /// A switch.
    Bool = 2,
    /// A number.
    Float64 = 3,
}

/// A closed range of numbers.
#[derive(Clone, PartialEq, Message)]
pub struct Interval {
    /// The smallest value.
    #[prost(double, tag = "1")]
    pub min_value: f64,
    /// The largest value.
    #[prost(double, tag = "2")]
    pub max_value: f64,
}

/// One metric TensorBoard shows against the hyperparameters.
#[derive(Clone, PartialEq, Message)]
pub struct MetricInfo {
    /// The scalar it reads.
    #[prost(message, optional, tag = "1")]
    pub name: Option<MetricName>,
}

/// A scalar tag; `group` is the session's subdirectory holding it ("" for the session's own).
#[derive(Clone, PartialEq, Message)]
pub struct MetricName {
    /// The run subdirectory holding the scalar ("" for the run's own).
    #[prost(string, tag = "1")]
    pub group: String,
    /// The scalar's tag (`loss/validation`).
    #[prost(string, tag = "2")]
    pub tag: String,
}

/// One session's (run's) hyperparameter values.
#[derive(Clone, PartialEq, Message)]
pub struct SessionStartInfo {
    /// Each hyperparameter's value, by name.
    #[prost(btree_map = "string, message", tag = "1")]
    pub hparams: BTreeMap<String, ProtoValue>,
    /// When the run started, seconds since the Unix epoch.
    #[prost(double, tag = "5")]
    pub start_time_secs: f64,
}

/// How and when a session (run) ended.
#[derive(Clone, PartialEq, Message)]
pub struct SessionEndInfo {
    /// Its `Status`, as protobuf stores enums.
    #[prost(enumeration = "Status", tag = "1")]
    pub status: i32,
    /// When it ended, seconds since the Unix epoch.
    #[prost(double, tag = "2")]
    pub end_time_secs: f64,
}

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Enumeration)]
#[repr(i32)]
pub enum Status {
    /// Not given (protobuf's default).
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
    /// The value; `None` is protobuf's null.
    #[prost(oneof = "Kind", tags = "2, 3, 4")]
    pub kind: Option<Kind>,
}

/// The kinds of `google.protobuf.Value` written here.
#[derive(Clone, PartialEq, Oneof)]
pub enum Kind {
    /// A number.
    #[prost(double, tag = "2")]
    NumberValue(f64),
    /// Text.
    #[prost(string, tag = "3")]
    StringValue(String),
    /// A switch.
    #[prost(bool, tag = "4")]
    BoolValue(bool),
}

/// `google.protobuf.ListValue`: a list of values.
#[derive(Clone, PartialEq, Message)]
pub struct ListValue {
    /// The values, in order.
    #[prost(message, repeated, tag = "1")]
    pub values: Vec<ProtoValue>,
}
