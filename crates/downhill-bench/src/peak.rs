//! The FMA roof, measured: the f32 FLOP/s of the widest fused multiply-add this CPU runs, on one
//! thread and on every core at once. Each thread keeps `CHAINS_512` (AVX2: `CHAINS_256`)
//! independent accumulator vectors (enough to cover the FMA latency on two ports) and runs
//! `a = a·x + y` on them in registers, with nothing else in the loop: no kernel can do f32
//! arithmetic faster. 2 FLOP per lane per FMA.
//! The harness divides each workload's matrix-product FLOP by the every-core figure
//! (`bench/harness/flop_floor.py`, `conv_bench.py`). A guess from the clock and the vector width
//! (PERFORMANCE.md's 32 FLOP per cycle) was off by the number of FMA ports; this measures them.
use crate::args::Args;
use serde_json::{json, Value};
use std::time::Instant;

/// Independent accumulators per thread (the locals of `chains!`): two FMA ports × 4 cycles of
/// latency need 8; 16 leaves slack with AVX-512's 32 registers. AVX2 has 16 registers, and the
/// two constants need one of them (the other is a memory operand): 16 chains there spilled every
/// round and measured half the roof (54 GFLOP/s on one core of an AMD EPYC), so it keeps 12.
const CHAINS_512: usize = 16;
/// Independent accumulators per thread with AVX2 (see `CHAINS_512`).
const CHAINS_256: usize = 12;
/// FMAs per accumulator between clock reads.
const ROUND: usize = 1 << 20;

pub fn run(args: &Args) -> Result<Value, String> {
    let seconds: f64 = args.get("seconds", 0.5)?;
    let Some((isa, lanes, chains, kernel)) = widest() else {
        return Ok(json!({ "isa": "none", "one_thread": null, "all_threads": null }));
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let flop_per_round = (2 * lanes * chains * ROUND) as f64;
    let rate = |k: usize| {
        // Every thread runs the same number of rounds; the slowest sets the time.
        let start = Instant::now();
        let mut rounds = 0usize;
        while start.elapsed().as_secs_f64() < seconds {
            std::thread::scope(|s| {
                for t in 0..k {
                    s.spawn(move || std::hint::black_box(kernel(t as f32)));
                }
            });
            rounds += 1;
        }
        rounds as f64 * k as f64 * flop_per_round / start.elapsed().as_secs_f64() / 1e9
    };
    std::hint::black_box(kernel(0.0)); // the vector unit's warm-up (its clock and power state)
    Ok(json!({ "isa": isa, "threads": threads, "one_thread": rate(1), "all_threads": rate(threads) }))
}

/// A measuring kernel: its instruction set's name, f32 lanes per vector, its chains and the function.
type Kernel = (&'static str, usize, usize, fn(f32) -> f32);

/// The widest kernel this CPU runs.
fn widest() -> Option<Kernel> {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx512f") {
            // SAFETY: AVX-512F was detected just above.
            return Some(("AVX-512", 16, CHAINS_512, |s| unsafe { fma512(s) }));
        }
        if has!("avx2") && has!("fma") {
            // SAFETY: AVX2 and FMA were detected just above.
            return Some(("AVX2+FMA", 8, CHAINS_256, |s| unsafe { fma256(s) }));
        }
    }
    None
}

/// `ROUND` FMAs on each accumulator, held in named locals (an array of them was
/// compiled to register rotations and spills); returns a sum so that none is optimised away.
macro_rules! chains {
    ($fma:ident, $set1:ident, $seed:expr, $sum:expr, [$($a:ident),*]) => {{
        let (x, y) = ($set1(0.999_999), $set1(1e-7));
        $( let mut $a = $set1($seed); )*
        for _ in 0..ROUND {
            $( $a = $fma($a, x, y); )*
        }
        0.0 $( + $sum($a) )*
    }};
}

/// 16-lane accumulators, `CHAINS_512` of them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn fma512(seed: f32) -> f32 {
    use std::arch::x86_64::*;
    chains!(
        _mm512_fmadd_ps,
        _mm512_set1_ps,
        seed,
        _mm512_reduce_add_ps,
        [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15]
    )
}

/// 8-lane accumulators, `CHAINS_256` of them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn fma256(seed: f32) -> f32 {
    use std::arch::x86_64::*;
    let first = |v: __m256| _mm256_cvtss_f32(v);
    chains!(_mm256_fmadd_ps, _mm256_set1_ps, seed, first, [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11])
}
