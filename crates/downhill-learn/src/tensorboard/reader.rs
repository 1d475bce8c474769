//! Reading an event file back, for tests and tools: every record's framing and both CRCs checked
//! (record.rs), each record decoded as an `Event`; a value's hparams plugin content decoded.
use super::hparams::PLUGIN;
use super::hparams_messages::{HParamsPluginData, PluginContent};
use super::messages::{Event, SummaryValue};
use super::record::{read_records, RecordError};
use prost::Message;
use std::path::{Path, PathBuf};

/// Why an event file cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: {source}", .path.display())]
    /// The file cannot be read.
    Io {
        /// The event file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    /// The bytes are not whole, intact records.
    Record {
        /// The event file.
        path: PathBuf,
        /// Where and how the framing breaks.
        source: RecordError,
    },
    #[error("{}: record {index} is not an Event: {source}", .path.display())]
    /// A record's data is not an `Event`.
    Decode {
        /// The event file.
        path: PathBuf,
        /// The record, counting from 0.
        index: usize,
        /// Why protobuf could not decode it.
        source: prost::DecodeError,
    },
}

/// The events of the file at `path`, in order.
pub fn read_events(path: &Path) -> Result<Vec<Event>, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io { path: path.into(), source })?;
    let records = read_records(&bytes).map_err(|source| ReadError::Record { path: path.into(), source })?;
    let decode = |(index, r): (usize, &&[u8])| {
        Event::decode(*r).map_err(|source| ReadError::Decode { path: path.into(), index, source })
    };
    records.iter().enumerate().map(decode).collect()
}

impl SummaryValue {
    /// The hparams plugin's content of this value, if it is one of the plugin's (version 0).
    pub fn hparams(&self) -> Option<PluginContent> {
        let plugin = self.metadata.as_ref()?.plugin_data.as_ref().filter(|p| p.plugin_name == PLUGIN)?;
        let data = HParamsPluginData::decode(&plugin.content[..]).ok().filter(|d| d.version == 0)?;
        data.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tensorboard::{hparams, EventWriter};

    #[test]
    fn written_events_read_back_and_a_damaged_file_is_refused() {
        let dir = crate::tensorboard::writer::tests::scratch("reader");
        let mut w = EventWriter::create(&dir).unwrap();
        let h = [("lr".to_string(), hparams::HParamValue::Number(0.5))].into_iter().collect();
        w.write(0, vec![hparams::session_start(&h, 1.0), SummaryValue::scalar("x", 2.0)]).unwrap();
        w.flush().unwrap();
        let events = read_events(w.path()).unwrap();
        let Some(super::super::What::Summary(s)) = &events[1].what else { panic!("no summary") };
        assert!(matches!(s.value[0].hparams(), Some(PluginContent::SessionStartInfo(_))));
        assert_eq!(s.value[1].hparams(), None);
        let mut bytes = std::fs::read(w.path()).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(w.path(), bytes).unwrap();
        let e = read_events(w.path()).unwrap_err().to_string();
        assert!(e.contains("data CRC"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
