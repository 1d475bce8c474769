//! A parsed block of LIBSVM rows in the row cache's form (`block_cache.rs`): compact, because
//! the kernel's copy of the cache into the page cache costs in proportion to its bytes.
//!
//! Per block, little-endian, with `varint` LEB128 (7 bits a byte, low first) and deltas wrapping in u32:
//! ```text
//! lines u64, rows u64, body bytes u64, then the body:
//! per row:   label f32, varint (its line − the last row's line, within the block), varint n,
//!            then n times: varint (index − the last index, from 0), value f32
//! ```
//! Rows of consecutive indices (a dense file) take 5 bytes a value and 6 a row: about 0.45 of
//! their text for 6-digit values (212 MB for task (h)'s 474 MB file; 336 MB as plain pairs).
use super::libsvm_block::{Block, BlockRow};

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

/// The rows and entries of an encoded block's `body`; `None` if it ends early.
pub(super) fn decode(body: &[u8], rows: usize, block: &mut Block) -> Option<bool> {
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
