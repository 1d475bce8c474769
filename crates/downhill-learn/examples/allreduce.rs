//! The all-reduce time of data-parallel training, apart from compute: the median over 200 sums of
//! a gradient of N floats through `MpiWorld` (the bucketed average `DataParallel::average` does).
//!   cargo build --release -p downhill-learn --features mpi --example allreduce
//!   mpirun -np 2 target/release/examples/allreduce 235146 431080
use downhill_learn::distributed::{Collective, DataParallel, MpiWorld};
use downhill_learn::Tensor;
use std::time::Instant;

fn main() {
    let world = MpiWorld::init().expect("MPI starts");
    let parallel = DataParallel { comm: &world };
    for arg in std::env::args().skip(1) {
        let n: usize = arg.parse().expect("a number of floats");
        let mut grads = vec![Tensor::full([n], 1.0)];
        let mut times = Vec::new();
        for _ in 0..200 {
            let started = Instant::now();
            parallel.average(&mut grads, &mut 0.0);
            times.push(started.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        if world.rank() == 0 {
            let ms = times[times.len() / 2] * 1e3;
            let mb = n as f64 * 4.0 / 1e6;
            println!("{n} floats ({mb:.2} MB): median {ms:.3} ms per all-reduce on {} ranks", world.ranks());
        }
    }
}
