//! `mpirun -np N downhill train ... --distributed`: this process is one rank of a data-parallel
//! run (downhill-learn's distributed.rs). Every rank reads the whole file; the ranks check they
//! read the same data, rank 0 alone prints and writes, and an error on any rank ends every rank
//! (`MPI_Abort`) rather than leaving the others waiting. Without an MPI build the flag is an error.
use super::train_text::is_text;
use crate::args::TrainArgs;
use crate::error::CliError;
use crate::train::Dataset;

/// The settings a data-parallel run cannot honour, as one line, or None.
fn refused(args: &TrainArgs) -> Option<&'static str> {
    if is_text(args.data.data.as_deref()) {
        Some("a language model trains on one process: drop --distributed for .txt data")
    } else if args.model.model.is_some_and(|m| m.0 == downhill_learn::ModelFamily::Gan) {
        Some("a GAN runs its own two-network loop on one process: drop --distributed")
    } else if args.descent.hyper.lr_auto {
        Some("--lr auto runs the range test on one process: run `downhill lr-find`, then give --lr")
    } else if args.stream.stream {
        Some("--stream reads the file on one process: drop one of them")
    } else if args.select_features.is_some() {
        Some("--select-features trains twice on one process: drop --distributed")
    } else {
        None
    }
}

/// What every rank must agree on: the training rows, their columns and a checksum of their values.
pub fn fingerprint(data: &Dataset) -> String {
    let x = data.train.x.data();
    let sum = x
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, v| (h ^ u64::from(v.to_bits())).wrapping_mul(0x100_0000_01b3));
    let columns = data.prep.input_columns().join(",");
    format!("{} training rows of columns [{columns}] (checksum {sum:016x})", data.train.n_rows())
}

#[cfg(feature = "mpi")]
pub fn run(args: TrainArgs) -> Result<(), CliError> {
    use downhill_learn::distributed::{Collective, DataParallel, MpiWorld};
    use downhill_learn::LearnError;
    if let Some(why) = refused(&args) {
        return Err(CliError::Usage(format!("--distributed: {why}")));
    }
    let world = MpiWorld::init()?;
    let (rank, ranks) = (world.rank(), world.ranks());
    if ranks == 1 {
        eprintln!(
            "warning: --distributed with one rank (not under mpirun, or -np 1): training as one process"
        );
    }
    let quiet = args.quiet;
    let started = std::time::Instant::now();
    match super::train::run_as(args, Some(DataParallel { comm: &world })) {
        // Every rank found this one alike: rank 0 says it, and every rank ends normally once it
        // has (mpirun ends the job at the first non-zero exit, which could cut rank 0 short).
        Err(e @ CliError::Learn(LearnError::Distributed(_))) => {
            if rank == 0 {
                eprintln!("error: {e}");
            }
            world.sum_f64(&mut [0.0]);
            drop(world);
            std::process::exit(2)
        }
        // This rank alone may have failed, while the others wait for it in a collective.
        Err(e) if ranks > 1 => {
            eprintln!("error: rank {rank}: {e}");
            world.abort(2)
        }
        Err(e) => Err(e),
        Ok(()) => {
            if rank == 0 && !quiet {
                let (comm, total) = (world.seconds(), started.elapsed().as_secs_f64());
                println!(
                    "distributed: {ranks} ranks; rank 0 spent {comm:.3} s of {total:.3} s in collectives ({:.1}%)",
                    100.0 * comm / total
                );
            }
            Ok(())
        }
    }
}

#[cfg(not(feature = "mpi"))]
pub fn run(args: TrainArgs) -> Result<(), CliError> {
    let why = refused(&args).unwrap_or(
        "this downhill was built without MPI: build it with `cargo build --release -p downhill-cli \
         --features mpi` (OpenMPI or MPICH, and libclang; see the README) and run it under mpirun",
    );
    Err(CliError::Usage(format!("--distributed: {why}")))
}
