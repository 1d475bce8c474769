//! A block of whole LIBSVM lines, read from the stream in order and parsed on its own, so that the
//! blocks of a batch can be parsed on all cores at once while the rows still come out in file
//! order (`libsvm_rows.rs`). Parsing the text is nearly all of a streamed linear model's pass, and
//! one core parses about 200 MB/s.
//!
//! A block knows its lines only relative to its start: the row and line numbers a message names
//! depend on the blocks before it, so a block that meets a line it cannot read stops there and keeps
//! the line; the reader parses that line again, in order, with its true numbers, which gives the
//! same error as reading the file line by line.
use std::io::{BufRead, ErrorKind};
use std::ops::Range;

use downhill_tensor::Float;

use crate::readers::libsvm_line::{canonical, content, parse_line};
use crate::{FeatureHash, RowRef};

/// Bytes per block: large against a line and a thread's start-up, small against memory.
pub(super) const BLOCK_BYTES: usize = 1 << 20;

/// One parsed row of a block.
pub(super) struct BlockRow {
    pub label: Float,
    /// Lines of the block before this row's line.
    pub line: u64,
    /// Its pairs in the block's `entries`.
    pub entries: Range<usize>,
}

/// Whole lines and what parsing them gave.
#[derive(Default)]
pub(super) struct Block {
    pub bytes: Vec<u8>,
    pub rows: Vec<BlockRow>,
    pub entries: Vec<(u32, Float)>,
    /// Lines in the block (a last line without a newline counts).
    pub lines: u64,
    /// The line parsing stopped at: lines before it, and its content's bytes.
    pub stopped: Option<(u64, Range<usize>)>,
    /// The parsed rows in the row cache's form, when the pass keeps them (`block_cache.rs`).
    pub encoded: Vec<u8>,
}

impl Block {
    /// Fills the block with whole lines from `input`, starting with `carry` (the part line the last
    /// block left), to about `size` bytes ([`BLOCK_BYTES`] but in tests); the bytes after its last newline go back to `carry`.
    /// Returns whether the block holds anything (not at the end of the input), and the read error
    /// that stopped it early, if one did: the whole lines read before it are kept.
    pub fn fill(
        &mut self,
        input: &mut dyn BufRead,
        carry: &mut Vec<u8>,
        size: usize,
    ) -> (bool, Option<std::io::Error>) {
        self.bytes.clear();
        self.bytes.append(carry);
        let (mut newline, mut at_end, mut error) = (self.bytes.contains(&b'\n'), false, None);
        while !(at_end || newline && self.bytes.len() >= size) {
            match input.fill_buf() {
                Ok(available) => {
                    at_end = available.is_empty();
                    newline |= memchr::memchr(b'\n', available).is_some();
                    self.bytes.extend_from_slice(available);
                    let n = available.len();
                    input.consume(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        if !at_end {
            let cut = memchr::memrchr(b'\n', &self.bytes).map_or(0, |i| i + 1);
            if error.is_none() {
                carry.extend_from_slice(&self.bytes[cut..]);
            }
            self.bytes.truncate(cut);
        }
        (!self.bytes.is_empty(), error)
    }

    /// Parses every line, or up to the first it cannot read (see the module header); `path` and
    /// `hash` as for `parse_line`.
    pub fn parse(&mut self, path: &str, hash: Option<FeatureHash>) {
        self.rows.clear();
        self.entries.clear();
        self.stopped = None;
        let (mut start, mut lines) = (0, 0u64);
        while start < self.bytes.len() {
            let end = memchr::memchr(b'\n', &self.bytes[start..]).map_or(self.bytes.len(), |i| start + i + 1);
            let (raw, line) = (&self.bytes[start..end], lines);
            (start, lines) = (end, lines + 1);
            let text = content(raw);
            if text.is_empty() {
                continue;
            }
            // The numbers are placeholders: a line that fails is parsed again with its own.
            let at = RowRef { row: 0, line: Some(0) };
            let first = self.entries.len();
            match parse_line(text, at, path, hash, &mut self.entries) {
                Ok(label) => {
                    canonical(&mut self.entries, first);
                    self.rows.push(BlockRow { label, line, entries: first..self.entries.len() });
                }
                Err(_) => {
                    self.entries.truncate(first);
                    let begin = text.as_ptr() as usize - self.bytes.as_ptr() as usize;
                    self.stopped = Some((line, begin..begin + text.len()));
                    break;
                }
            }
        }
        self.lines = lines;
    }
}

/// Parses `blocks` at once, one per thread (the calling thread takes the first), each also
/// encoded for the row cache when `encode` (a block that stopped is not).
pub(super) fn parse_all(blocks: &mut [Block], path: &str, hash: Option<FeatureHash>, encode: bool) {
    let one = |block: &mut Block| {
        block.parse(path, hash);
        if encode && block.stopped.is_none() {
            let mut out = std::mem::take(&mut block.encoded);
            super::block_codec::encode(block, &mut out);
            block.encoded = out;
        }
    };
    match blocks.split_first_mut() {
        None => {}
        Some((first, [])) => one(first),
        Some((first, rest)) => std::thread::scope(|scope| {
            for block in rest.iter_mut() {
                scope.spawn(move || one(block));
            }
            one(first);
        }),
    }
}
