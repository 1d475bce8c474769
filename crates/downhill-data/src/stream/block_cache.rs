//! The parsed blocks of a LIBSVM file's first pass, kept in an anonymous temporary file, so that
//! every later pass (the training epochs, the validation and test rows) reads binary rows instead
//! of parsing the text again. Parsing numbers is nearly all of a streamed linear model's pass;
//! Vowpal Wabbit keeps a cache file for its later passes for the same reason.
//!
//! The file has no name: the system deletes it when the cache is dropped or the process ends,
//! however it ends. Memory stays a few blocks. Each block is encoded (`block_codec.rs`) by the
//! thread that parsed it and written by a thread of its own: the kernel's copy into the page cache
//! costs about as much as parsing a sixth of the text. A write that fails (a full disk) abandons
//! the cache, and the later passes parse the text as they would without one.
use std::fs::File;
use std::io::{Error, ErrorKind, Write};
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::block_codec::decode;
use super::libsvm_block::Block;

/// Parsed blocks in a temporary file, written by the first pass.
#[derive(Debug)]
pub struct BlockCache {
    file: File,
    bytes: u64,
}

impl BlockCache {
    /// The cache's size on disk.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// Two caches are alike when they hold as many bytes (the rows are the file's either way).
impl PartialEq for BlockCache {
    fn eq(&self, other: &BlockCache) -> bool {
        self.bytes == other.bytes
    }
}

/// Encoded blocks queued for the writing thread: a few, so memory stays a few blocks.
const QUEUED: usize = 4;

/// The first pass's side: encoded blocks appended in order.
pub(super) struct CacheWriter {
    out: Option<Writing>,
    bytes: u64,
}

/// The thread writing the file, the queue to it, and its written buffers coming back for reuse.
struct Writing {
    queue: SyncSender<Vec<u8>>,
    spent: Receiver<Vec<u8>>,
    thread: JoinHandle<std::io::Result<File>>,
}

impl CacheWriter {
    /// A writer to a new anonymous file; one that cannot be made is an abandoned cache.
    pub fn new() -> CacheWriter {
        let out = tempfile::tempfile().ok().map(|mut file| {
            let (queue, queued) = sync_channel::<Vec<u8>>(QUEUED);
            let (give_back, spent) = channel();
            let thread = std::thread::spawn(move || {
                for bytes in queued {
                    file.write_all(&bytes)?;
                    let _ = give_back.send(bytes); // the CacheWriter gone: nobody to reuse it
                }
                Ok(file)
            });
            Writing { queue, spent, thread }
        });
        CacheWriter { out, bytes: 0 }
    }

    /// Appends `block`, which its parsing thread encoded into `block.encoded` (taken, and replaced
    /// by a written buffer to reuse). A block that stopped at a bad line abandons the cache (the
    /// pass is about to fail there anyway), as does a failed write.
    pub fn write(&mut self, block: &mut Block) {
        if block.stopped.is_some() {
            self.out = None;
        }
        let Some(out) = &mut self.out else { return };
        let reuse = out.spent.try_recv().unwrap_or_default();
        let encoded = std::mem::replace(&mut block.encoded, reuse);
        self.bytes += encoded.len() as u64;
        if out.queue.send(encoded).is_err() {
            self.out = None; // the thread stopped at a failed write
        }
    }

    /// Whether blocks are still being kept (their parsing threads encode them only then).
    pub fn keeping(&self) -> bool {
        self.out.is_some()
    }

    /// The cache once every block is written; `None` if it was abandoned.
    pub fn finish(self) -> Option<BlockCache> {
        let Writing { queue, thread, .. } = self.out?;
        drop(queue);
        let file = thread.join().ok()?.ok()?;
        Some(BlockCache { file, bytes: self.bytes })
    }
}

/// A later pass's side: blocks read back in order, each pass at its own offset (passes may overlap).
pub(super) struct CacheReader {
    cache: Arc<BlockCache>,
    offset: u64,
    body: Vec<u8>,
}

impl CacheReader {
    pub fn new(cache: Arc<BlockCache>) -> CacheReader {
        CacheReader { cache, offset: 0, body: Vec::new() }
    }

    /// Reads the next block into `block` (its rows and entries; no text); false at the end.
    pub fn next_block(&mut self, block: &mut Block) -> std::io::Result<bool> {
        if self.offset >= self.cache.bytes {
            return Ok(false);
        }
        let mut head = [0u8; 24];
        read_at(&self.cache.file, &mut head, self.offset)?;
        let field = |k: usize| u64::from_le_bytes(head[8 * k..8 * k + 8].try_into().expect("8 bytes"));
        let (lines, rows, body) = (field(0), field(1) as usize, field(2) as usize);
        self.body.resize(body, 0);
        read_at(&self.cache.file, &mut self.body, self.offset + 24)?;
        self.offset += 24 + body as u64;
        block.bytes.clear();
        (block.stopped, block.lines) = (None, lines);
        decode(&self.body, rows, block)
            .ok_or_else(|| Error::new(ErrorKind::InvalidData, "a cached block is cut short"))
    }
}

/// Fills `buf` from `file` at `offset`, leaving the file's own cursor to no one.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fills `buf` from `file` at `offset` (Windows moves the cursor, which no one else uses).
#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(ErrorKind::UnexpectedEof.into()),
            n => (buf, offset) = (&mut buf[n..], offset + n as u64),
        }
    }
    Ok(())
}
