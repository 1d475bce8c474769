//! Byte-pair encoding over a text's characters (Sennrich, Haddow & Birch 2016, "Neural Machine
//! Translation of Rare Words with Subword Units"; the scheme GPT-2's tokenizer and Karpathy's
//! minbpe use, here over characters instead of bytes). From one token per character (ids below
//! `base`), learning repeats
//!   count every adjacent pair (a, b) of the training sequence;
//!   take the most frequent, the smallest (a, b) among equals, so a text always gives the same merges;
//!   give it the next id z and replace its occurrences left to right, without overlap, by z
//! until the vocabulary holds `vocab_size` tokens or no pair occurs twice (a merge that saves one
//! token is not worth an id). Encoding gives what applying the merges in the order learned, each
//! as one left-to-right pass, gives (on the training text: the learned sequence again), by always
//! merging the adjacent pair of lowest rank, the leftmost among equals: a merge only makes pairs
//! with the new token, whose ranks come later, so the ranks are taken in order as the passes take
//! them. A token decodes to the characters it was merged from.
//!
//! Learning keeps the counts in a dense table of vocab_size² entries, reset where they were
//! touched, so a merge costs one pass over the sequence: O(merges × characters) in all, a few
//! seconds for 2,048 tokens over a megabyte of text. Encoding keeps the sequence as a linked list
//! and its ranked pairs in a heap: O(characters × log characters), whatever the merges.
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

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

/// `ids` (characters below `base`) with `merges` applied in order (see the module docs).
pub(crate) fn apply(mut ids: Vec<usize>, base: usize, merges: &[(usize, usize)]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let rank: HashMap<(usize, usize), usize> = merges.iter().enumerate().map(|(k, &p)| (p, k)).collect();
    let n = ids.len();
    // Position i's neighbours while it is alive; a merged pair lives on at its left position.
    let (mut prev, mut next): (Vec<usize>, Vec<usize>) = (
        (0..n).map(|i| i.wrapping_sub(1)).collect(),
        (1..=n).map(|i| if i < n { i } else { NONE }).collect(),
    );
    let mut alive = vec![true; n];
    let mut heap: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<_>, ids: &[usize], i: usize, j: usize| {
        if let Some(&k) = rank.get(&(ids[i], ids[j])) {
            heap.push(Reverse((k, i)));
        }
    };
    (1..n).for_each(|j| push(&mut heap, &ids, j - 1, j));
    while let Some(Reverse((k, i))) = heap.pop() {
        let j = next[i];
        // Stale: i was merged into its left neighbour, or its pair changed since it was pushed.
        if !alive[i] || j == NONE || rank.get(&(ids[i], ids[j])) != Some(&k) {
            continue;
        }
        ids[i] = base + k;
        alive[j] = false;
        next[i] = next[j];
        if next[i] != NONE {
            prev[next[i]] = i;
            push(&mut heap, &ids, i, next[i]);
        }
        if prev[i] != NONE {
            push(&mut heap, &ids, prev[i], i);
        }
    }
    (0..n).filter(|&i| alive[i]).map(|i| ids[i]).collect()
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
    fn encoding_gives_what_one_pass_per_merge_gives() {
        // Random texts over 3 characters (many overlapping runs like "aaa"), merges learned on
        // one and applied to others: the heap's order equals the passes'.
        let mut state = 7u64;
        let mut draw = |n: usize| -> Vec<usize> {
            (0..n)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((state >> 33) % 3) as usize
                })
                .collect()
        };
        let (merges, _) = learn(draw(3000), 3, 40);
        assert!(merges.len() > 20);
        for len in [0, 1, 2, 3, 50, 2000] {
            let ids = draw(len);
            let mut passes = ids.clone();
            merges.iter().enumerate().for_each(|(k, &pair)| merge(&mut passes, pair, 3 + k));
            assert_eq!(apply(ids, 3, &merges), passes, "length {len}");
        }
        assert_eq!(
            apply(vec![0, 0, 0, 0, 0], 1, &[(0, 0), (1, 1)]),
            [2, 0],
            "aaaaa: (aa)(aa)a, then ((aa)(aa))a"
        );
    }

    #[test]
    fn a_merge_never_overlaps_itself() {
        let mut ids = vec![0, 0, 0];
        merge(&mut ids, (0, 0), 1);
        assert_eq!(ids, [1, 0]);
    }
}
