//! Byte-pair encoding over a text's characters (Sennrich, Haddow & Birch 2016, "Neural Machine
//! Translation of Rare Words with Subword Units"; the scheme GPT-2's tokenizer and Karpathy's
//! minbpe use, here over characters instead of bytes). From one token per character (ids below
//! `base`), learning repeats
//!   count every adjacent pair (a, b) of the training sequence;
//!   take the most frequent, the smallest (a, b) among equals, so a text always gives the same merges;
//!   give it the next id z and replace its occurrences left to right, without overlap, by z
//! until the vocabulary holds `vocab_size` tokens or no pair occurs twice (a merge that saves one
//! token is not worth an id). Encoding applies the merges in the order they were learned, each as
//! one left-to-right pass, which on the training text gives the learned sequence again. A token
//! decodes to the characters it was merged from.
//!
//! The counts live in a dense table of vocab_size² entries, reset where they were touched, so a
//! merge costs one pass over the sequence: O(merges × characters) in all, a few seconds for 2,048
//! tokens over a megabyte of text.

/// The largest vocabulary learned (its count table is 4 × MAX_VOCAB² bytes, 16 MB).
pub const MAX_VOCAB: usize = 2048;

/// The merges that grow `base` character ids to at most `vocab_size` tokens over `ids` (each below
/// `base`), in the order learned, and `ids` encoded with them. `vocab_size` at most `MAX_VOCAB`.
pub(crate) fn learn(
    mut ids: Vec<usize>,
    base: usize,
    vocab_size: usize,
) -> (Vec<(usize, usize)>, Vec<usize>) {
    assert!(vocab_size <= MAX_VOCAB, "vocab_size {vocab_size} above {MAX_VOCAB}");
    let width = vocab_size.max(base);
    let mut counts = vec![0u32; width * width];
    let mut touched: Vec<usize> = Vec::new();
    let mut merges = Vec::new();
    for z in base..vocab_size {
        for pair in ids.windows(2) {
            let at = pair[0] * width + pair[1];
            if counts[at] == 0 {
                touched.push(at);
            }
            counts[at] += 1;
        }
        // The most frequent pair; among equals the smallest index, i.e. the smallest (a, b).
        let best = touched.iter().copied().max_by(|&p, &q| counts[p].cmp(&counts[q]).then(q.cmp(&p)));
        let best = best.filter(|&at| counts[at] >= 2);
        touched.drain(..).for_each(|at| counts[at] = 0);
        let Some(at) = best else { break };
        let pair = (at / width, at % width);
        merge(&mut ids, pair, z);
        merges.push(pair);
    }
    (merges, ids)
}

/// `ids` (characters below `base`) with `merges` applied in order.
pub(crate) fn apply(mut ids: Vec<usize>, base: usize, merges: &[(usize, usize)]) -> Vec<usize> {
    for (k, &pair) in merges.iter().enumerate() {
        merge(&mut ids, pair, base + k);
    }
    ids
}

/// Replaces each occurrence of `pair` in `ids`, left to right without overlap, by `z`.
fn merge(ids: &mut Vec<usize>, pair: (usize, usize), z: usize) {
    let (mut read, mut write) = (0, 0);
    while read < ids.len() {
        if read + 1 < ids.len() && (ids[read], ids[read + 1]) == pair {
            ids[write] = z;
            read += 2;
        } else {
            ids[write] = ids[read];
            read += 1;
        }
        write += 1;
    }
    ids.truncate(write);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_frequent_pair_merges_first_and_ties_take_the_smallest_pair() {
        // "aaabdaaabac" (minbpe's example, Wikipedia's): a=0, b=1, c=2, d=3.
        let ids = vec![0, 0, 0, 1, 3, 0, 0, 0, 1, 0, 2];
        let (merges, encoded) = learn(ids.clone(), 4, 7);
        // Pairs: (a, a) 4 times, (a, b) twice: Z = aa, merged left to right: Z a b d Z a b a c.
        // Then (Z, a) = (4, 0) and (a, b) = (0, 1) both twice: the smaller, Y = ab: Z Y d Z Y a c.
        // Then X = (Z, Y): X d X a c.
        assert_eq!(merges, [(0, 0), (0, 1), (4, 5)]);
        assert_eq!(encoded, [6, 3, 6, 0, 2]);
        assert_eq!(apply(ids, 4, &merges), encoded, "encoding the training text gives the learned ids");
    }

    #[test]
    fn learning_stops_when_no_pair_repeats() {
        let (merges, encoded) = learn(vec![0, 1, 2, 3], 4, 100);
        assert!(merges.is_empty());
        assert_eq!(encoded, [0, 1, 2, 3]);
        let (merges, _) = learn(vec![0, 1, 0, 1, 0, 1], 2, 2);
        assert!(merges.is_empty(), "a vocabulary as large as the characters has no merges");
    }

    #[test]
    fn a_merge_never_overlaps_itself() {
        let mut ids = vec![0, 0, 0];
        merge(&mut ids, (0, 0), 1);
        assert_eq!(ids, [1, 0]);
    }
}
