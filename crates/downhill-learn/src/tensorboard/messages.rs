//! The protocol-buffer messages of an event file, declared with prost's derive (no protoc, no
//! build script) with the field numbers of TensorFlow's `tensorflow/core/util/event.proto` and
//! `tensorflow/core/framework/summary.proto` (as vendored in TensorBoard 2.21,
//! `tensorboard/compat/proto/{event,summary}.proto`). Only the fields written here are declared;
//! a reader skips the rest, as protobuf readers do.
//!   Event           { wall_time: double = 1, step: int64 = 2, oneof what { file_version: string = 3,
//!                     summary: Summary = 5 } }
//!   Summary         { repeated Value value = 1 }
//!   Summary.Value   { tag: string = 1, metadata: SummaryMetadata = 9,
//!                     oneof value { simple_value: float = 2, histo: HistogramProto = 5 } }
//!   SummaryMetadata { plugin_data: PluginData = 1 };  PluginData { plugin_name = 1, content: bytes = 2 }
//!   HistogramProto  { min = 1, max = 2, num = 3, sum = 4, sum_squares = 5 (doubles),
//!                     repeated double bucket_limit = 6 [packed], repeated double bucket = 7 [packed] }
use prost::{Message, Oneof};

/// One entry of an event file: the file's version stamp or a summary at a step.
#[derive(Clone, PartialEq, Message)]
pub struct Event {
    /// Seconds since the Unix epoch.
    #[prost(double, tag = "1")]
    pub wall_time: f64,
    /// The training step the values belong to (the epoch, for a run's scalars).
    #[prost(int64, tag = "2")]
    pub step: i64,
    /// What the event carries.
    #[prost(oneof = "What", tags = "3, 5")]
    pub what: Option<What>,
}

/// What an `Event` carries.
#[derive(Clone, PartialEq, Oneof)]
pub enum What {
    /// `brain.Event:2` in the first event of a file.
    #[prost(string, tag = "3")]
    FileVersion(String),
    /// Values recorded at `step`.
    #[prost(message, tag = "5")]
    Summary(Summary),
}

/// Tagged values recorded together.
#[derive(Clone, PartialEq, Message)]
pub struct Summary {
    /// The values, each with its tag.
    #[prost(message, repeated, tag = "1")]
    pub value: Vec<SummaryValue>,
}

/// One tagged value (`Summary.Value` in the proto).
#[derive(Clone, PartialEq, Message)]
pub struct SummaryValue {
    /// The name TensorBoard groups and plots by (`loss/train`).
    #[prost(string, tag = "1")]
    pub tag: String,
    /// Which plugin reads it; `None` for plain scalars and histograms.
    #[prost(message, optional, tag = "9")]
    pub metadata: Option<SummaryMetadata>,
    /// The scalar or histogram.
    #[prost(oneof = "Value", tags = "2, 5")]
    pub value: Option<Value>,
}

/// The value of a `SummaryValue` (absent for plugin data carried in the metadata alone).
#[derive(Clone, PartialEq, Oneof)]
pub enum Value {
    /// A scalar.
    #[prost(float, tag = "2")]
    SimpleValue(f32),
    /// A histogram.
    #[prost(message, tag = "5")]
    Histo(HistogramProto),
}

/// Which plugin reads a value, with the plugin's own serialized content.
#[derive(Clone, PartialEq, Message)]
pub struct SummaryMetadata {
    /// The plugin and its content.
    #[prost(message, optional, tag = "1")]
    pub plugin_data: Option<PluginData>,
}

/// A plugin's name and its own serialized message.
#[derive(Clone, PartialEq, Message)]
pub struct PluginData {
    /// The plugin (`hparams`).
    #[prost(string, tag = "1")]
    pub plugin_name: String,
    /// Its message, serialized (for hparams an `HParamsPluginData`).
    #[prost(bytes = "vec", tag = "2")]
    pub content: Vec<u8>,
}

/// A histogram: bucket i counts the values in `[bucket_limit[i-1], bucket_limit[i])` (from −∞
/// for i = 0); see histogram.rs.
#[derive(Clone, PartialEq, Message)]
pub struct HistogramProto {
    /// The smallest value.
    #[prost(double, tag = "1")]
    pub min: f64,
    /// The largest value.
    #[prost(double, tag = "2")]
    pub max: f64,
    /// How many values.
    #[prost(double, tag = "3")]
    pub num: f64,
    /// Their sum.
    #[prost(double, tag = "4")]
    pub sum: f64,
    /// The sum of their squares.
    #[prost(double, tag = "5")]
    pub sum_squares: f64,
    /// Each bucket's right edge, increasing.
    #[prost(double, repeated, tag = "6")]
    pub bucket_limit: Vec<f64>,
    /// How many values fall in each bucket.
    #[prost(double, repeated, tag = "7")]
    pub bucket: Vec<f64>,
}

impl Event {
    /// The first event of every file: TensorBoard reads a file only after this stamp.
    pub fn file_version(wall_time: f64) -> Event {
        Event { wall_time, step: 0, what: Some(What::FileVersion("brain.Event:2".into())) }
    }

    /// `values` recorded at `step`.
    pub fn summary(wall_time: f64, step: i64, values: Vec<SummaryValue>) -> Event {
        Event { wall_time, step, what: Some(What::Summary(Summary { value: values })) }
    }

    /// The serialized message, the data of one record.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.encode_to_vec()
    }
}

impl SummaryValue {
    /// The scalar `value` under `tag`.
    pub fn scalar(tag: &str, value: f32) -> SummaryValue {
        SummaryValue { tag: tag.into(), metadata: None, value: Some(Value::SimpleValue(value)) }
    }

    /// The histogram under `tag`.
    pub fn histogram(tag: &str, histogram: HistogramProto) -> SummaryValue {
        SummaryValue { tag: tag.into(), metadata: None, value: Some(Value::Histo(histogram)) }
    }

    /// A value that is only `plugin`'s `content` (how the hparams plugin's summaries travel).
    pub fn plugin(tag: &str, plugin: &str, content: Vec<u8>) -> SummaryValue {
        let plugin_data = Some(PluginData { plugin_name: plugin.into(), content });
        SummaryValue { tag: tag.into(), metadata: Some(SummaryMetadata { plugin_data }), value: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scalar_event_encodes_to_the_bytes_protobuf_prescribes() {
        // Hand-encoded: wall_time (1, fixed64) 1.5; step (2, varint) 3; summary (5, bytes) {
        //   value (1, bytes) { tag (1) "a"; simple_value (2, fixed32) 0.5 } }.
        let event = Event::summary(1.5, 3, vec![SummaryValue::scalar("a", 0.5)]);
        let mut expected = vec![0x09];
        expected.extend(1.5f64.to_le_bytes());
        expected.extend([0x10, 3, 0x2a, 10, 0x0a, 8, 0x0a, 1, b'a', 0x15]);
        expected.extend(0.5f32.to_le_bytes());
        assert_eq!(event.to_bytes(), expected);
        assert_eq!(Event::decode(&expected[..]).unwrap(), event);
    }
}
