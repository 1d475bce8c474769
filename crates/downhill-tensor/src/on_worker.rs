//! Run a whole job (a training run, a command) on a worker of rayon's global pool, with the other
//! workers kept ready for its parallel calls.
//!
//! Every kernel here that splits its work (`par_chunks`, `rayon::join`, faer's parallel products)
//! asks rayon's global pool. Two costs come with the way rayon waits, and a training step makes
//! dozens of parallel calls with serial work between them:
//! - Asked from a thread outside the pool, rayon queues the work, wakes a worker and puts the
//!   asking thread to sleep until the work is done: futex calls and context switches each time.
//!   Asked from a worker, the same call pushes the other half onto that worker's own deque and
//!   starts on its own half at once. So the job runs on a worker.
//! - A worker that finds no work yields 32 times (microseconds) and then sleeps; the next parallel
//!   call must wake it, and its other half waits for the wake-up or is done by the caller too.
//!   So while the job runs, every other worker polls for work (`rayon::yield_now`, which runs what
//!   it finds) and rests only after `SPIN` without any, napping from `NAP` up to `NAP_MAX` so that
//!   a long serial stretch (reading a file, writing a report) does not keep a core busy. Libraries
//!   built on OpenMP wait the same way (GNU OpenMP spins before it sleeps).
//!
//! Measured on the MNIST CNN (2 cores, about thirty parallel calls per batch of 64): running the
//! CLI command on a worker took a 1-thread epoch from 1.33 to 1.16 s of CPU and the 2-thread epoch
//! from 0.61 to 0.58 s; keeping the other worker ready took it to 0.53 s, with context switches from
//! 26,000 to a few hundred per run. (Making the main thread worker 0 instead, rayon's
//! `use_current_thread`, saved the CPU but not the wall time.)
//!
//! Not for work that must stay on the calling thread: MPI, initialised on the main thread, which
//! alone may call it. One job at a time is kept ready: a call inside another (or alongside it, from
//! another thread) runs its work on a worker without the polling.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a waiting worker polls without finding work before it naps.
const SPIN: Duration = Duration::from_millis(2);
/// Its first nap; each idle nap doubles it, up to `NAP_MAX` (the delay a parallel call may wait
/// for help after a long serial stretch).
const NAP: Duration = Duration::from_micros(50);
const NAP_MAX: Duration = Duration::from_millis(2);

/// Set while a job keeps the pool's workers ready; a second job then runs without doing so.
static KEPT_READY: AtomicBool = AtomicBool::new(false);

/// Runs `work` on a worker thread of rayon's global pool (at once if this thread is one) with the
/// pool's other workers polling for its parallel calls, and returns its result; the calling thread
/// waits. Wrap a training run in it (the CLI runs its commands so).
pub fn on_worker<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    rayon::scope(|_| {
        let first = rayon::current_num_threads() > 1
            && KEPT_READY.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire).is_ok();
        if !first {
            return work();
        }
        let done = Arc::new(AtomicBool::new(false));
        let _release = Release(done.clone());
        let owner = rayon::current_thread_index();
        rayon::spawn_broadcast(move |cx| {
            // The owner never waits for its own job: it would poll above the stack it waits on.
            if Some(cx.index()) != owner {
                keep_ready(&done);
            }
        });
        work()
    })
}

/// Ends the workers' polling when the job returns or panics.
struct Release(Arc<AtomicBool>);

impl Drop for Release {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
        KEPT_READY.store(false, Ordering::Release);
    }
}

/// Runs the pool's pending work until `done`: polls while work came within `SPIN`, then naps.
fn keep_ready(done: &AtomicBool) {
    let (mut last_work, mut nap) = (Instant::now(), NAP);
    while !done.load(Ordering::Acquire) {
        match rayon::yield_now() {
            Some(rayon::Yield::Executed) => (last_work, nap) = (Instant::now(), NAP),
            Some(rayon::Yield::Idle) if last_work.elapsed() < SPIN => std::hint::spin_loop(),
            Some(rayon::Yield::Idle) => {
                std::thread::sleep(nap);
                nap = (nap * 2).min(NAP_MAX);
            }
            None => return, // not on a worker: nothing to keep ready
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn returns_the_work_and_runs_nested_parallel_calls() {
        let sum: u64 = on_worker(|| (0..100_000u64).into_par_iter().map(|i| i % 7).sum());
        assert_eq!(sum, (0..100_000u64).map(|i| i % 7).sum::<u64>());
        // A call inside another runs its work directly; joins inside both complete.
        let nested = on_worker(|| on_worker(|| rayon::join(|| 1, || 2)));
        assert_eq!(nested, (1, 2));
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller_and_frees_the_workers() {
        let caught = std::panic::catch_unwind(|| on_worker(|| panic!("inside")));
        assert!(caught.is_err());
        // The next job keeps the workers ready again (the flag was released by the panic).
        assert_eq!(on_worker(|| (0..1000).into_par_iter().count()), 1000);
    }
}
