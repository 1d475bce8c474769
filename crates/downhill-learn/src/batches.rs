//! Mini-batches. Each epoch visits every training row once, in an order reshuffled from the seed
//! and the epoch number (so epoch k's order is the same whether or not the run was resumed), or in
//! the rows' own order when the trainer asks (`shuffle` false: carried recurrent state):
//!   Full      one batch of all rows (batch gradient descent; no shuffle needed)
//!   Rows(1)   one row per step (stochastic gradient descent)
//!   Rows(b)   ceil(n / b) batches of b rows, the last one smaller (torch's `drop_last=False`)
use crate::seeds::{self, Stream};
use crate::LearnError;
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// How many rows each optimizer step sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchSize {
    /// One batch of all training rows per step (batch gradient descent).
    Full,
    /// Batches of this many rows (the last one smaller); 1 is stochastic gradient descent.
    Rows(usize),
}

/// What a batch size may be, as its errors say.
const RULE: &str = "`full`, 1 (stochastic) or a positive number of rows";

impl BatchSize {
    pub(crate) fn validate(self) -> Result<(), LearnError> {
        match self {
            BatchSize::Rows(0) => Err(LearnError::invalid("batch_size", RULE, 0)),
            _ => Ok(()),
        }
    }

    /// Rows per batch for `n` training rows.
    pub fn rows(self, n: usize) -> usize {
        match self {
            BatchSize::Full => n.max(1),
            BatchSize::Rows(b) => b.clamp(1, n.max(1)),
        }
    }

    /// Optimizer steps per epoch for `n` training rows.
    pub fn per_epoch(self, n: usize) -> usize {
        n.div_ceil(self.rows(n)).max(1)
    }

    /// The row indices of every batch of `epoch`, for `n` rows, shuffled or in order.
    pub fn plan(self, n: usize, seed: u64, epoch: usize, shuffle: bool) -> Vec<Vec<usize>> {
        let mut order: Vec<usize> = (0..n).collect();
        if shuffle && self != BatchSize::Full {
            seeds::rng(seed, Stream::Shuffle, epoch as u64).shuffle(&mut order);
        }
        order.chunks(self.rows(n)).map(<[usize]>::to_vec).collect()
    }

    /// Rank `rank` of `ranks`' batches of `epoch` (torch's DistributedSampler): the seeded order of
    /// `plan`, padded by wrapping to a multiple of `ranks` rows, of which the rank takes positions
    /// rank, rank + ranks, ...; then batches of `self` rows of those. Every rank gets the same
    /// number of batches of the same sizes, and the ranks' k-th batches together are the one-process
    /// k-th batch of `ranks`·B rows (Full: every rank's share is one batch).
    pub fn plan_shard(
        self,
        n: usize,
        seed: u64,
        epoch: usize,
        shuffle: bool,
        rank: usize,
        ranks: usize,
    ) -> Vec<Vec<usize>> {
        let order = self.plan(n, seed, epoch, shuffle).concat();
        let padded = n.div_ceil(ranks) * ranks;
        let mine: Vec<usize> = (rank..padded).step_by(ranks).map(|i| order[i % n]).collect();
        mine.chunks(self.rows(mine.len())).map(<[usize]>::to_vec).collect()
    }
}

impl FromStr for BatchSize {
    type Err = LearnError;
    /// `full` or a positive integer (`1` is stochastic gradient descent).
    fn from_str(s: &str) -> Result<BatchSize, LearnError> {
        let bad = || LearnError::invalid("batch_size", RULE, s);
        match s.trim() {
            "full" | "all" => Ok(BatchSize::Full),
            n => match n.parse::<usize>() {
                Ok(0) | Err(_) => Err(bad()),
                Ok(b) => Ok(BatchSize::Rows(b)),
            },
        }
    }
}

impl fmt::Display for BatchSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchSize::Full => f.write_str("full"),
            BatchSize::Rows(b) => write!(f, "{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_take_strided_shards_of_the_one_process_batches_padded_by_wrapping() {
        // torch's DistributedSampler: 10 rows on 3 ranks pad to 12 by repeating the first two of
        // the shuffled order; rank r takes positions r, r+3, ...
        let order = BatchSize::Rows(6).plan(10, 3, 0, true).concat();
        let shards: Vec<Vec<Vec<usize>>> =
            (0..3).map(|r| BatchSize::Rows(2).plan_shard(10, 3, 0, true, r, 3)).collect();
        for (r, shard) in shards.iter().enumerate() {
            assert_eq!(shard.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2], "rank {r}");
            let want: Vec<usize> = (r..12).step_by(3).map(|i| order[i % 10]).collect();
            assert_eq!(shard.concat(), want, "rank {r}");
        }
        // The ranks' first batches together are the one-process first batch of 3·2 rows.
        let mut first: Vec<usize> = shards.iter().flat_map(|s| s[0].clone()).collect();
        first.sort_unstable();
        let mut one = BatchSize::Rows(6).plan(10, 3, 0, true)[0].clone();
        one.sort_unstable();
        assert_eq!(first, one);
        // One rank is the one-process plan.
        assert_eq!(
            BatchSize::Rows(4).plan_shard(10, 3, 1, true, 0, 1),
            BatchSize::Rows(4).plan(10, 3, 1, true)
        );
    }

    #[test]
    fn batches_cover_every_row_once_and_reshuffle_per_epoch() {
        let b = BatchSize::Rows(4);
        let e0 = b.plan(10, 3, 0, true);
        assert_eq!(e0.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 2]);
        let mut all: Vec<usize> = e0.concat();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert_ne!(b.plan(10, 3, 1, true).concat(), e0.concat());
        assert_eq!(b.plan(10, 3, 0, true), e0);
        assert_eq!(b.per_epoch(10), 3);
        assert_eq!(b.plan(10, 3, 1, false), [vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9]]);
    }

    #[test]
    fn full_and_stochastic_sizes() {
        assert_eq!(BatchSize::Full.plan(5, 0, 7, true), vec![vec![0, 1, 2, 3, 4]]);
        assert_eq!(BatchSize::Rows(1).per_epoch(5), 5);
        assert_eq!(BatchSize::Rows(99).per_epoch(5), 1);
    }

    #[test]
    fn parses_and_rejects_with_the_option_name() {
        assert_eq!("full".parse::<BatchSize>().unwrap(), BatchSize::Full);
        assert_eq!("32".parse::<BatchSize>().unwrap(), BatchSize::Rows(32));
        assert!("0".parse::<BatchSize>().unwrap_err().to_string().contains("batch_size"));
        assert!("x".parse::<BatchSize>().is_err());
        assert_eq!(BatchSize::Rows(8).to_string(), "8");
    }
}
