//! A `Collective` over threads of one process, for testing data-parallel training without MPI.
//! Each operation is three barrier phases: reset by rank 0, contribute, read.
use super::Collective;
use std::sync::{Arc, Barrier, Mutex};

pub(crate) struct ThreadRanks {
    rank: usize,
    ranks: usize,
    shared: Arc<Shared>,
}

struct Shared {
    barrier: Barrier,
    numbers: Mutex<Vec<f64>>,
    bytes: Mutex<Vec<u8>>,
}

impl ThreadRanks {
    /// One handle per rank, to move into that rank's thread.
    pub(crate) fn group(ranks: usize) -> Vec<ThreadRanks> {
        let shared = Arc::new(Shared {
            barrier: Barrier::new(ranks),
            numbers: Mutex::new(Vec::new()),
            bytes: Mutex::new(Vec::new()),
        });
        (0..ranks).map(|rank| ThreadRanks { rank, ranks, shared: shared.clone() }).collect()
    }

    fn sum(&self, values: &mut [f64]) {
        if self.rank == 0 {
            *self.shared.numbers.lock().unwrap() = vec![0.0; values.len()];
        }
        self.shared.barrier.wait();
        let mut total = self.shared.numbers.lock().unwrap();
        total.iter_mut().zip(values.iter()).for_each(|(t, v)| *t += v);
        drop(total);
        self.shared.barrier.wait();
        values.copy_from_slice(&self.shared.numbers.lock().unwrap());
        self.shared.barrier.wait();
    }
}

impl Collective for ThreadRanks {
    fn rank(&self) -> usize {
        self.rank
    }
    fn ranks(&self) -> usize {
        self.ranks
    }
    fn sum_f32(&self, values: &mut [f32]) {
        let mut wide: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
        self.sum(&mut wide);
        values.iter_mut().zip(wide).for_each(|(v, w)| *v = w as f32);
    }
    fn sum_f64(&self, values: &mut [f64]) {
        self.sum(values);
    }
    fn broadcast_bytes(&self, root: usize, bytes: &mut Vec<u8>) {
        if self.rank == root {
            *self.shared.bytes.lock().unwrap() = bytes.clone();
        }
        self.shared.barrier.wait();
        if self.rank != root {
            *bytes = self.shared.bytes.lock().unwrap().clone();
        }
        self.shared.barrier.wait();
    }
    fn broadcast_f32(&self, values: &mut [f32]) {
        let mut wide: Vec<f64> = match self.rank {
            0 => values.iter().map(|&v| f64::from(v)).collect(),
            _ => vec![0.0; values.len()],
        };
        self.sum(&mut wide);
        values.iter_mut().zip(wide).for_each(|(v, w)| *v = w as f32);
    }
}
