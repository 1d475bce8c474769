//! LIBSVM rows read from a stream (gzipped or not) in file order, in batches of blocks of whole
//! lines parsed on all cores at once (`libsvm_block.rs`), each line by the same `parse_line` as
//! the in-memory reader, so a bad line is the same error with the same file, line and token, met
//! when the pass reaches it. Blank and comment-only lines are skipped but counted, so line numbers
//! are the file's. Memory is one batch: a block of about 1 MiB per core and its parsed pairs.
//! The first pass can keep its parsed blocks (`caching`), and later passes read those instead of
//! the text (`from_cache`; `block_cache.rs`): the same rows and line numbers, no parsing.
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use downhill_tensor::Float;

use super::block_cache::{BlockCache, CacheReader, CacheWriter};
use super::libsvm_block::{parse_all, Block, BLOCK_BYTES};
use super::open::{is_gzip, open, read_error};
use crate::error::show;
use crate::readers::libsvm_line::parse_line;
use crate::{DataError, FeatureHash, RowRef};

/// A LIBSVM file being read front to back.
pub(crate) struct LibsvmRows {
    input: Source,
    /// Where the first pass keeps its parsed blocks, when asked to.
    writer: Option<CacheWriter>,
    path: PathBuf,
    shown: String,
    hash: Option<FeatureHash>,
    /// The batch being handed out, and the part line after its last block.
    blocks: Vec<Block>,
    block_bytes: usize,
    carry: Vec<u8>,
    /// Where the next row is: block and row within it.
    block: usize,
    row: usize,
    /// Lines of the file before the current block; data rows handed out so far.
    lines_before: u64,
    rows: usize,
    /// A read that failed after the batch's last whole block, told once those rows are out.
    failed: Option<std::io::Error>,
}

/// Where blocks come from: the text, parsed; or a cache of the first pass's parsed blocks.
enum Source {
    Text(Box<dyn BufRead + Send>),
    Cache(CacheReader),
}

/// One data row: its label and its (0-based index or bucket, value) pairs, sorted, no index twice.
pub(crate) struct SparseRow<'a> {
    /// 0-based data row.
    pub index: usize,
    /// 1-based file line.
    pub line: u64,
    pub label: Float,
    pub entries: &'a [(u32, Float)],
}

impl SparseRow<'_> {
    /// The row as messages name it (1-based data row and file line).
    pub fn at(&self) -> RowRef {
        RowRef { row: self.index + 1, line: Some(self.line) }
    }
}

impl LibsvmRows {
    /// Opens `path` (gzipped or not); indices are hashed when `hash` is given.
    pub fn open(path: &Path, hash: Option<FeatureHash>) -> Result<LibsvmRows, DataError> {
        Ok(LibsvmRows::with(Source::Text(open(path)?), path, hash))
    }

    /// The rows of `path` as `cache` holds them (the first pass over it, with `hash`, kept them).
    pub fn from_cache(path: &Path, hash: Option<FeatureHash>, cache: Arc<BlockCache>) -> LibsvmRows {
        LibsvmRows::with(Source::Cache(CacheReader::new(cache)), path, hash)
    }

    /// This pass keeps its parsed blocks, for [`LibsvmRows::into_cache`].
    pub fn caching(mut self) -> LibsvmRows {
        self.writer = Some(CacheWriter::new());
        self
    }

    /// The blocks this pass kept, once it has read the whole file (`None` if it was not caching
    /// or the cache could not be written).
    pub fn into_cache(self) -> Option<BlockCache> {
        self.writer?.finish()
    }

    fn with(input: Source, path: &Path, hash: Option<FeatureHash>) -> LibsvmRows {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        LibsvmRows {
            input,
            writer: None,
            path: path.to_owned(),
            shown: show(path),
            hash,
            blocks: (0..threads).map(|_| Block::default()).collect(),
            block_bytes: BLOCK_BYTES,
            carry: Vec::new(),
            block: 0,
            row: 0,
            lines_before: 0,
            rows: 0,
            failed: None,
        }
    }

    /// The next data row, `None` at the end of the file; a malformed line is an error naming it.
    pub fn next_row(&mut self) -> Result<Option<SparseRow<'_>>, DataError> {
        // Find the row first and borrow it last: a borrow returned from the loop would hold `self`.
        loop {
            let Some(block) = self.blocks.get(self.block) else {
                if !self.next_batch()? {
                    return Ok(None);
                }
                continue;
            };
            if self.row < block.rows.len() {
                break;
            }
            if let Some((line, text)) = block.stopped.clone() {
                let at = RowRef { row: self.rows + 1, line: Some(self.lines_before + line + 1) };
                let result = parse_line(&block.bytes[text], at, &self.shown, self.hash, &mut Vec::new());
                return Err(result.expect_err("a line its block could not parse fails again"));
            }
            self.lines_before += block.lines;
            (self.block, self.row) = (self.block + 1, 0);
        }
        let (block, row) = (&self.blocks[self.block], &self.blocks[self.block].rows[self.row]);
        self.row += 1;
        self.rows += 1;
        let (index, line) = (self.rows - 1, self.lines_before + row.line + 1);
        Ok(Some(SparseRow { index, line, label: row.label, entries: &block.entries[row.entries.clone()] }))
    }

    /// Reads and parses the next batch of blocks; false at the end of the file. A failed read is
    /// reported after the whole blocks read before it.
    fn next_batch(&mut self) -> Result<bool, DataError> {
        if let Some(source) = self.failed.take() {
            return Err(read_error(&self.path, is_gzip(&self.path), source));
        }
        let mut filled = 0;
        let input = match &mut self.input {
            Source::Cache(cache) => {
                self.blocks.truncate(1);
                (self.block, self.row) = (0, 0);
                return next_cached(cache, &mut self.blocks[0], &self.path);
            }
            Source::Text(input) => input,
        };
        for block in self.blocks.iter_mut() {
            let (any, failed) = block.fill(input, &mut self.carry, self.block_bytes);
            filled += usize::from(any);
            self.failed = failed;
            if !any || self.failed.is_some() {
                break;
            }
        }
        self.blocks[filled..].iter_mut().for_each(|b| *b = Block::default());
        let keep = self.writer.as_ref().is_some_and(CacheWriter::keeping);
        parse_all(&mut self.blocks[..filled], &self.shown, self.hash, keep);
        if let Some(writer) = self.writer.as_mut().filter(|_| keep) {
            self.blocks[..filled].iter_mut().for_each(|b| writer.write(b));
        }
        (self.block, self.row) = (0, 0);
        Ok(filled > 0 || self.failed.is_some())
    }
}

/// Reads the cache's next block into `block`, as a batch of one; false at the end. A failed read
/// names the data file whose rows the cache holds.
fn next_cached(cache: &mut CacheReader, block: &mut Block, path: &Path) -> Result<bool, DataError> {
    cache.next_block(block).map_err(|e| {
        let source = std::io::Error::new(e.kind(), format!("the temporary copy of its parsed rows: {e}"));
        read_error(path, false, source)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, LoadOptions};

    type Seen = Vec<(RowRef, Float, Vec<(u32, Float)>)>;

    /// Every row, line and pair a reader gives, or its error's message.
    fn read_all(rows: &mut LibsvmRows) -> Result<Seen, String> {
        let mut seen = Vec::new();
        while let Some(row) = rows.next_row().map_err(|e| e.to_string())? {
            seen.push((row.at(), row.label, row.entries.to_vec()));
        }
        Ok(seen)
    }

    #[test]
    fn tiny_blocks_give_the_rows_lines_and_errors_of_one_big_block() {
        let dir = std::env::temp_dir().join(format!("downhill-libsvm-blocks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("b.svm");
        let mut text = String::from("# head\n");
        for i in 0..300 {
            match i % 7 {
                0 => text.push('\n'),
                3 => text.push_str(&format!("-1 qid:2 {}:{i}.5 1:-2 # c\n", i % 11 + 1)),
                _ => text.push_str(&format!("{} {}:0.{i} {}:1e-3\n", i % 2, i % 5 + 1, i % 13 + 7)),
            }
        }
        text.push_str("1 2:3"); // the last line has no newline
        std::fs::write(&path, &text).unwrap();
        let whole = read_all(&mut LibsvmRows::open(&path, None).unwrap()).unwrap();
        assert_eq!(whole.len(), 300 - 43 + 1);
        assert_eq!(whole.last().unwrap().0, RowRef { row: 258, line: Some(302) });
        // Blocks of a few lines, several per batch, lines cut at every place a block ends.
        // Kept by a caching pass, they read back the same, pass after pass.
        for (size, threads) in [(1, 1), (7, 3), (40, 2), (333, 4)] {
            let mut rows = LibsvmRows::open(&path, None).unwrap().caching();
            (rows.block_bytes, rows.blocks) = (size, (0..threads).map(|_| Block::default()).collect());
            assert_eq!(read_all(&mut rows).unwrap(), whole, "blocks of {size} bytes, {threads} per batch");
            let cache = Arc::new(rows.into_cache().expect("a whole pass keeps its blocks"));
            for pass in 0..2 {
                let mut cached = LibsvmRows::from_cache(&path, None, Arc::clone(&cache));
                assert_eq!(
                    read_all(&mut cached).unwrap(),
                    whole,
                    "cached pass {pass}, blocks of {size} bytes"
                );
            }
        }
        // A bad line late in the file: the same error, after the same rows, as one line at a time.
        text.insert_str(text.len() - 5, "1 4:x\n");
        std::fs::write(&path, &text).unwrap();
        let mut rows = LibsvmRows::open(&path, None).unwrap().caching();
        (rows.block_bytes, rows.blocks) = (16, (0..3).map(|_| Block::default()).collect());
        let mut seen = 0;
        let err = loop {
            match rows.next_row() {
                Ok(Some(_)) => seen += 1,
                Ok(None) => panic!("the bad line was not met"),
                Err(e) => break e.to_string(),
            }
        };
        assert_eq!(seen, 257);
        assert!(err.contains("b.svm, line 302: '4:x' has a value that is not a number"), "{err}");
        assert!(rows.into_cache().is_none(), "a pass that failed keeps no cache to read");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rows_and_lines_match_the_in_memory_reader() {
        let dir = std::env::temp_dir().join(format!("downhill-libsvm-rows-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.svm");
        std::fs::write(&path, "# head\n1 3:2 1:0.5\n\n-1 2:1 # note\r\n0 qid:3\n").unwrap();
        let table = load(&path, &LoadOptions::default()).unwrap();
        let mut rows = LibsvmRows::open(&path, None).unwrap();
        let mut seen = Vec::new();
        while let Some(row) = rows.next_row().unwrap() {
            seen.push((row.at(), row.label, row.entries.to_vec()));
        }
        let refs: Vec<RowRef> = (0..table.n_rows()).map(|i| table.row_ref(i)).collect();
        assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), refs);
        // Exact: copies of the file's literals, sorted by index.
        assert_eq!(seen[0].2, [(0, 0.5), (2, 2.0)]);
        assert_eq!((seen[1].1, seen[2].2.len()), (-1.0, 0));
        std::fs::write(&path, "1 1:1\n1 2:x\n").unwrap();
        let mut rows = LibsvmRows::open(&path, None).unwrap();
        assert!(rows.next_row().unwrap().is_some());
        let err = rows.next_row().err().unwrap().to_string();
        assert!(err.contains("r.svm, line 2: '2:x' has a value that is not a number"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
