//! The parsed blocks of a LIBSVM file's first pass, kept in an anonymous temporary file, so that
//! every later pass (the training epochs, the validation and test rows) reads binary rows instead
//! of parsing the text again. Parsing numbers is nearly all of a streamed linear model's pass;
//! Vowpal Wabbit keeps a cache file for its later passes for the same reason.
//!
//! The file has no name: the system deletes it when the cache is dropped or the process ends,
//! however it ends. Memory stays a few blocks. Each block is encoded by the thread that parsed it
//! and written by a thread of its own: the kernel's copy into the page cache costs about as much
//! as parsing a sixth of the text, so the encoding is compact. A write that fails (a full disk)
//! abandons the cache, and the later passes parse the text as they would without one.
//!
//! Per block, little-endian, with `varint` LEB128 (7 bits a byte, low first) and deltas wrapping in u32:
//! ```text
//! lines u64, rows u64, body bytes u64, then the body:
//! per row:   label f32, varint (its line − the last row's line, within the block), varint n,
//!            then n times: varint (index − the last index, from 0), value f32
//! ```
//! Rows of consecutive indices (a dense file) take 5 bytes a value and 6 a row: about 0.45 of
//! their text for 6-digit values.
use std::fs::File;
use std::io::{Error, ErrorKind, Write};
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::libsvm_block::{Block, BlockRow};

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

/// `block` in the cache's form (see the module header), into `out`.
pub(super) fn encode(block: &Block, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(&[0; 24]); // the head, once the body's size is known
    let mut last_line = 0u32;
    for row in &block.rows {
        let line = row.line as u32; // a block is far fewer than 2^32 lines
        out.extend_from_slice(&row.label.to_le_bytes());
        varint(out, line.wrapping_sub(last_line));
        varint(out, row.entries.len() as u32);
        last_line = line;
        let mut last = 0u32;
        for &(k, v) in &block.entries[row.entries.clone()] {
            varint(out, k.wrapping_sub(last));
            out.extend_from_slice(&v.to_le_bytes());
            last = k;
        }
    }
    let body = (out.len() - 24) as u64;
    for (k, n) in [block.lines, block.rows.len() as u64, body].into_iter().enumerate() {
        out[8 * k..8 * k + 8].copy_from_slice(&n.to_le_bytes());
    }
}

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
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
                    let _ = give_back.send(bytes); // the writer gone: nobody to reuse it
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

/// The rows and entries of an encoded block's `body`; `None` if it ends early.
fn decode(body: &[u8], rows: usize, block: &mut Block) -> Option<bool> {
    let mut at = 0;
    let word = |at: &mut usize| -> Option<[u8; 4]> {
        let bytes = body.get(*at..*at + 4)?;
        *at += 4;
        bytes.try_into().ok()
    };
    let (mut line, mut start) = (0u32, 0);
    block.rows.clear();
    block.entries.clear();
    for _ in 0..rows {
        let label = f32::from_le_bytes(word(&mut at)?);
        line = line.wrapping_add(read_varint(body, &mut at)?);
        let n = read_varint(body, &mut at)? as usize;
        let mut index = 0u32;
        for _ in 0..n {
            index = index.wrapping_add(read_varint(body, &mut at)?);
            block.entries.push((index, f32::from_le_bytes(word(&mut at)?)));
        }
        block.rows.push(BlockRow { label, line: u64::from(line), entries: start..start + n });
        start += n;
    }
    Some(true)
}

fn read_varint(body: &[u8], at: &mut usize) -> Option<u32> {
    let (mut v, mut shift) = (0u32, 0);
    loop {
        let b = *body.get(*at)?;
        *at += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_decode_to_what_was_encoded_and_a_cut_body_is_refused() {
        let mut block = Block { lines: 1000, ..Block::default() };
        // Gaps of 1 to 5 varint bytes, an empty row, a line gap past 127, and unsorted indices.
        type Row<'a> = (f32, u64, &'a [(u32, f32)]);
        let rows: [Row<'_>; 4] = [
            (1.0, 0, &[(0, 0.5), (1, -2.0), (300, 1e-7), (70_000, 3.0), (u32::MAX, -0.0)]),
            (-1.0, 1, &[]),
            (0.25, 900, &[(9, f32::MAX), (3, f32::MIN_POSITIVE)]),
            (7.0, 999, &[(128, 1.0)]),
        ];
        for (label, line, entries) in rows {
            let start = block.entries.len();
            block.entries.extend_from_slice(entries);
            block.rows.push(BlockRow { label, line, entries: start..block.entries.len() });
        }
        let mut out = Vec::new();
        encode(&block, &mut out);
        let mut back = Block::default();
        assert_eq!(decode(&out[24..], block.rows.len(), &mut back), Some(true));
        assert_eq!(back.entries, block.entries); // exact: the bits are copied
        let seen =
            |b: &Block| b.rows.iter().map(|r| (r.label, r.line, r.entries.clone())).collect::<Vec<_>>();
        assert_eq!(seen(&back), seen(&block));
        assert_eq!(&out[..8], &1000u64.to_le_bytes());
        assert_eq!(decode(&out[24..out.len() - 1], block.rows.len(), &mut back), None);
    }
}
