//! An event file being written, the way TensorBoard's own `EventFileWriter` lays it out:
//! ```text
//!   DIR/events.out.tfevents.<unix seconds>.<hostname>   (TensorBoard reads files whose name holds
//!   "tfevents"; a run is a directory of them)
//!   record 1: Event { file_version: "brain.Event:2" }, then one record per `write`
//! ```
//! Records are appended as they come (a buffered file) and reach the disk at each `flush`, so a
//! TensorBoard watching DIR shows a run while it trains. A file of the same name (two runs started
//! in the same second) is never overwritten: the new one takes a `.1`, `.2`, ... suffix.
use super::messages::{Event, SummaryValue};
use super::record::frame;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Why event files cannot be written; says which path and what to do.
#[derive(Debug, thiserror::Error)]
pub enum TensorBoardError {
    #[error("{} is a file: give a directory for TensorBoard's event files", .0.display())]
    /// The path given for the directory is a file.
    NotADirectory(PathBuf),
    #[error("cannot write TensorBoard events to {}: {source}", .path.display())]
    /// Creating or writing a file failed.
    Io {
        /// The directory or event file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// Appends events to one file.
#[derive(Debug)]
pub struct EventWriter {
    file: BufWriter<File>,
    path: PathBuf,
}

impl EventWriter {
    /// A new event file in `dir` (created with its parents if missing), its version stamp written.
    pub fn create(dir: &Path) -> Result<EventWriter, TensorBoardError> {
        check_dir(dir)?;
        let base = format!("events.out.tfevents.{}.{}", now() as u64, hostname());
        let (file, path) = create_new(dir, &base)?;
        let mut writer = EventWriter { file: BufWriter::new(file), path };
        writer.write_event(&Event::file_version(now()))?;
        Ok(writer)
    }

    /// The file written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `values` at `step`, stamped with the time now.
    pub fn write(&mut self, step: i64, values: Vec<SummaryValue>) -> Result<(), TensorBoardError> {
        self.write_event(&Event::summary(now(), step, values))
    }

    /// Appends `event` as one record (written through, flushed by `flush`).
    pub fn write_event(&mut self, event: &Event) -> Result<(), TensorBoardError> {
        let bytes = frame(&event.to_bytes());
        self.file.write_all(&bytes).map_err(|source| self.error(source))
    }

    /// Everything written so far onto the disk.
    pub fn flush(&mut self) -> Result<(), TensorBoardError> {
        self.file.flush().map_err(|source| self.error(source))
    }

    fn error(&self, source: io::Error) -> TensorBoardError {
        TensorBoardError::Io { path: self.path.clone(), source }
    }
}

/// Makes `dir` (and its parents) unless it exists, and fails unless a file can be made in it: what
/// a command checks before it spends time training.
pub fn check_dir(dir: &Path) -> Result<(), TensorBoardError> {
    if dir.exists() && !dir.is_dir() {
        return Err(TensorBoardError::NotADirectory(dir.to_path_buf()));
    }
    let io = |source| TensorBoardError::Io { path: dir.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(io)?;
    let probe = dir.join(format!(".downhill-write-check-{}", std::process::id()));
    OpenOptions::new().write(true).create(true).truncate(true).open(&probe).map_err(io)?;
    std::fs::remove_file(&probe).map_err(io)
}

/// `dir/base`, or `dir/base.1`, `dir/base.2`, ... when taken.
fn create_new(dir: &Path, base: &str) -> Result<(File, PathBuf), TensorBoardError> {
    for k in 0u32.. {
        let path = match k {
            0 => dir.join(base),
            _ => dir.join(format!("{base}.{k}")),
        };
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(TensorBoardError::Io { path, source }),
        }
    }
    unreachable!("u32 suffixes run out only after 4 billion files of one name")
}

/// Seconds since the Unix epoch.
pub fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

/// This machine's name, for the file name only: the kernel's or the environment's, reduced to
/// letters, digits, `-` and `.`; `localhost` when none is found.
fn hostname() -> String {
    let found = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .chain(["HOSTNAME", "COMPUTERNAME"].iter().filter_map(|v| std::env::var(v).ok()))
        .map(|s| s.trim().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.').collect())
        .find(|s: &String| !s.is_empty());
    found.unwrap_or_else(|| "localhost".into())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::tensorboard::messages::What;
    use crate::tensorboard::record::read_records;
    use prost::Message;

    #[test]
    fn a_file_starts_with_its_version_and_names_are_never_reused() {
        let dir = scratch("writer");
        let mut a = EventWriter::create(&dir.join("run")).unwrap();
        let b = EventWriter::create(&dir.join("run")).unwrap();
        assert_ne!(a.path(), b.path());
        let name = a.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("events.out.tfevents.") && name.contains(&hostname()), "{name}");
        a.write(4, vec![SummaryValue::scalar("x", 1.0)]).unwrap();
        a.flush().unwrap();
        let bytes = std::fs::read(a.path()).unwrap();
        let events: Vec<Event> =
            read_records(&bytes).unwrap().iter().map(|r| Event::decode(*r).unwrap()).collect();
        assert_eq!(events[0].what, Some(What::FileVersion("brain.Event:2".into())));
        assert_eq!((events.len(), events[1].step), (2, 4));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_file_in_the_way_is_named() {
        let dir = scratch("file");
        let file = dir.join("taken");
        std::fs::write(&file, "x").unwrap();
        let e = EventWriter::create(&file).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{} is a file: give a directory for TensorBoard's event files", file.display())
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// An empty directory of this test's own.
    pub(crate) fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("downhill-tb-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
