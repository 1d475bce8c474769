//! The `Collective` over MPI's world communicator (rsmpi): `MPI_Allreduce` with `MPI_SUM` and
//! `MPI_Bcast`. Initialising it installs a panic hook that calls `MPI_Abort`, so a rank that panics
//! takes every rank down at once instead of leaving them waiting in a collective forever; a rank
//! that is killed is noticed by mpirun, which ends the others.
use super::Collective;
use crate::LearnError;
use mpi::collective::SystemOperation;
use mpi::topology::{Communicator, SimpleCommunicator};
use mpi::traits::{CommunicatorCollectives, Root};
use std::cell::{Cell, RefCell};
use std::time::Instant;

/// MPI's world communicator as a `Collective`: every rank of the `mpirun` job.
pub struct MpiWorld {
    /// Finalises MPI when dropped.
    _universe: mpi::environment::Universe,
    world: SimpleCommunicator,
    /// Seconds spent in collectives, for the report of communication against compute.
    seconds: Cell<f64>,
    /// The send side of an all-reduce, kept between calls (fresh pages cost more than the sum).
    send: RefCell<Vec<f32>>,
}

impl std::fmt::Debug for MpiWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MpiWorld(rank {} of {})", self.rank(), self.ranks())
    }
}

impl MpiWorld {
    /// Initialises MPI (once per process). Outside mpirun this is a world of one rank.
    pub fn init() -> Result<MpiWorld, LearnError> {
        let universe = mpi::initialize()
            .ok_or_else(|| LearnError::Distributed("MPI is already initialised in this process".into()))?;
        let world = universe.world();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            previous(info);
            SimpleCommunicator::world().abort(70);
        }));
        Ok(MpiWorld { _universe: universe, world, seconds: Cell::new(0.0), send: RefCell::new(Vec::new()) })
    }

    /// Seconds this rank has spent in collectives (waiting for the others included).
    pub fn seconds(&self) -> f64 {
        self.seconds.get()
    }

    /// Ends every rank's process with `code` (after this one has said why).
    pub fn abort(&self, code: i32) -> ! {
        self.world.abort(code)
    }

    fn timed<T>(&self, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.seconds.set(self.seconds.get() + started.elapsed().as_secs_f64());
        out
    }
}

impl Collective for MpiWorld {
    fn rank(&self) -> usize {
        self.world.rank() as usize
    }
    fn ranks(&self) -> usize {
        self.world.size() as usize
    }
    fn sum_f32(&self, values: &mut [f32]) {
        let mut send = self.send.borrow_mut();
        send.clear();
        send.extend_from_slice(values);
        self.timed(|| self.world.all_reduce_into(&send[..], values, SystemOperation::sum()));
    }
    fn sum_f64(&self, values: &mut [f64]) {
        let send = values.to_vec();
        self.timed(|| self.world.all_reduce_into(&send[..], values, SystemOperation::sum()));
    }
    fn broadcast_bytes(&self, root: usize, bytes: &mut Vec<u8>) {
        let root = self.world.process_at_rank(root as i32);
        self.timed(|| {
            let mut len = [bytes.len() as u64];
            root.broadcast_into(&mut len[..]);
            bytes.resize(len[0] as usize, 0);
            root.broadcast_into(&mut bytes[..]);
        });
    }
    fn broadcast_f32(&self, values: &mut [f32]) {
        self.timed(|| self.world.process_at_rank(0).broadcast_into(values));
    }
}
