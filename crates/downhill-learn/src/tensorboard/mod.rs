//! TensorBoard event files: the record framing (record.rs), the protocol-buffer messages
//! (messages.rs, hparams_messages.rs), histograms in TensorFlow's buckets (histogram.rs), a file
//! being written (writer.rs) and read back (reader.rs), the hparams plugin's summaries (hparams.rs,
//! settings.rs) and the log of a training run, a `Progress` observer (training_log.rs).
//! `tensorboard --logdir DIR` shows them; every run is a directory of event files.
mod histogram;
mod hparams;
mod hparams_messages;
mod messages;
mod reader;
mod record;
mod settings;
mod training_log;
mod writer;

pub use histogram::histogram;
pub use hparams::{experiment, session_end, session_start, HParamValue, HParams};
pub use hparams::{EXPERIMENT_TAG, PLUGIN, SESSION_END_TAG, SESSION_START_TAG};
pub use hparams_messages::{
    DataType, Experiment as ExperimentInfo, HParamInfo, HParamsPluginData, Interval, Kind, ListValue,
    MetricInfo, MetricName, PluginContent, ProtoValue, SessionEndInfo, SessionStartInfo, Status,
};
pub use messages::{Event, HistogramProto, PluginData, Summary, SummaryMetadata, SummaryValue, Value, What};
pub use reader::{read_events, ReadError};
pub use record::{frame, masked_crc, read_records, RecordError};
pub use settings::hparams_of;
pub use training_log::{
    metric_tags, write_experiment, Experiment, Histograms, RunLog, TrainingLog, TENSORBOARD_OPTIONS,
};
pub use writer::{check_dir, now, EventWriter, TensorBoardError};
