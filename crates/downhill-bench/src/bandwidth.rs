//! The memory-bandwidth floor of task (b), measured in the same run as the steps it bounds.
//! Each kernel moves exactly the bytes an optimizer step must move, over buffers of the same size
//! (so the same cache level), on all rayon threads, with no arithmetic worth the name:
//!   copy        dst <- src                      8 bytes per element (read 4, write 4)
//!   adam        p += g; m += g; v += g          28 bytes per parameter (read p g m v, write p m v)
//!   sgd         p += g; b += g                  20 bytes per parameter (read p g b, write p b)
//! Each pattern runs twice: as zipped iterators (no bounds checks, so they vectorise), which leaves
//! the streaming to the hardware prefetcher, and in `streamed` chunks with software prefetch, as the
//! fused optimizer steps run; each pattern reports the faster. The harness takes the best bandwidth
//! of the three patterns as the machine's streaming rate and divides each optimizer's bytes by it.
use crate::args::Args;
use downhill_tensor::{multiversion, streamed};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::time::Instant;

const CHUNK: usize = 1 << 16;

fn copy(dst: &mut [f32], src: &[f32]) {
    dst.par_chunks_mut(CHUNK).zip(src.par_chunks(CHUNK)).for_each(|(d, s)| d.copy_from_slice(s));
}

fn adam_traffic(p: &mut [f32], m: &mut [f32], v: &mut [f32], g: &[f32]) {
    p.par_chunks_mut(CHUNK)
        .zip(m.par_chunks_mut(CHUNK))
        .zip(v.par_chunks_mut(CHUNK))
        .zip(g.par_chunks(CHUNK))
        .for_each(|(((p, m), v), g)| {
            for (((p, m), v), g) in p.iter_mut().zip(m.iter_mut()).zip(v.iter_mut()).zip(g) {
                *p += g;
                *m += g;
                *v += g;
            }
        });
}

fn sgd_traffic(p: &mut [f32], b: &mut [f32], g: &[f32]) {
    p.par_chunks_mut(CHUNK).zip(b.par_chunks_mut(CHUNK)).zip(g.par_chunks(CHUNK)).for_each(|((p, b), g)| {
        for ((p, b), g) in p.iter_mut().zip(b.iter_mut()).zip(g) {
            *p += g;
            *b += g;
        }
    });
}

multiversion! {
    fn copy_prefetched(dst: &mut [f32], src: &[f32]) -> () {
        streamed(dst.len(), [dst.as_ptr(), src.as_ptr()], |r| dst[r.clone()].copy_from_slice(&src[r]));
    }
}

multiversion! {
    fn adam_prefetched(p: &mut [f32], m: &mut [f32], v: &mut [f32], g: &[f32]) -> () {
        streamed(p.len(), [p.as_ptr(), m.as_ptr(), v.as_ptr(), g.as_ptr()], |r| {
            let (p, m, v, g) = (&mut p[r.clone()], &mut m[r.clone()], &mut v[r.clone()], &g[r]);
            for (((p, m), v), g) in p.iter_mut().zip(m.iter_mut()).zip(v.iter_mut()).zip(g) {
                *p += g;
                *m += g;
                *v += g;
            }
        });
    }
}

multiversion! {
    fn sgd_prefetched(p: &mut [f32], b: &mut [f32], g: &[f32]) -> () {
        streamed(p.len(), [p.as_ptr(), b.as_ptr(), g.as_ptr()], |r| {
            let (p, b, g) = (&mut p[r.clone()], &mut b[r.clone()], &g[r]);
            for ((p, b), g) in p.iter_mut().zip(b.iter_mut()).zip(g) {
                *p += g;
                *b += g;
            }
        });
    }
}

/// The floor's buffers for one optimizer kind, interleaved with its steps by `optim --floor`: the
/// same pattern as the step's memory traffic (Adam and AdamW: p, m, v and g; SGD momentum: p, b and
/// g) over buffers of the same size, timed plain and prefetched as `run` times them.
pub struct Floor {
    p: Vec<f32>,
    m: Vec<f32>,
    v: Option<Vec<f32>>,
    g: Vec<f32>,
}

impl Floor {
    /// Buffers of `n` values; `v` only for the Adam pattern.
    pub fn new(n: usize, adam_pattern: bool) -> Floor {
        Floor { p: vec![1.0; n], m: vec![0.5; n], v: adam_pattern.then(|| vec![0.25; n]), g: vec![1e-7; n] }
    }

    /// One pass of the pattern as zipped loops (the hardware prefetcher streams it).
    fn plain(&mut self) {
        let Floor { p, m, v, g } = self;
        match v {
            Some(v) => adam_traffic(p, m, v, g),
            None => sgd_traffic(p, m, g),
        }
    }

    /// One pass in `streamed` chunks with software prefetch, as the fused optimizer steps run.
    fn prefetched(&mut self) {
        let Floor { p, m, v, g } = self;
        let pm = p.par_chunks_mut(CHUNK).zip(m.par_chunks_mut(CHUNK));
        match v {
            Some(v) => pm
                .zip(v.par_chunks_mut(CHUNK))
                .zip(g.par_chunks(CHUNK))
                .for_each(|(((p, m), v), g)| adam_prefetched(p, m, v, g)),
            None => pm.zip(g.par_chunks(CHUNK)).for_each(|((p, b), g)| sgd_prefetched(p, b, g)),
        }
    }

    /// Seconds of one plain pass, then of one prefetched pass.
    pub fn time_both(&mut self) -> (f64, f64) {
        let mut timed = |pass: fn(&mut Floor)| {
            let start = Instant::now();
            pass(self);
            start.elapsed().as_secs_f64()
        };
        (timed(Floor::plain), timed(Floor::prefetched))
    }
}

pub(crate) fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Median seconds of `reps` calls of `f` after `warmup` untimed ones.
fn time(warmup: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    (0..warmup).for_each(|_| f());
    median(
        (0..reps)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

pub fn run(args: &Args) -> Result<Value, String> {
    let n: usize = args.get("params", 10_000_000)?;
    let reps: usize = args.get("reps", 20)?;
    let warmup: usize = args.get("warmup", 2)?;
    // The Adam pattern's buffers; the SGD pattern then reuses p, m (as b) and g.
    let mut adam = Floor::new(n, true);
    let copy_plain = time(warmup, reps, || copy(&mut adam.p, &adam.g));
    let copy_pf = time(warmup, reps, || {
        let Floor { p, g, .. } = &mut adam;
        p.par_chunks_mut(CHUNK).zip(g.par_chunks(CHUNK)).for_each(|(d, s)| copy_prefetched(d, s))
    });
    let adam_plain = time(warmup, reps, || adam.plain());
    let adam_pf = time(warmup, reps, || adam.prefetched());
    let mut sgd = Floor { v: None, ..adam };
    let sgd_plain = time(warmup, reps, || sgd.plain());
    let sgd_pf = time(warmup, reps, || sgd.prefetched());
    let (copy_s, adam_s, sgd_s) = (copy_plain.min(copy_pf), adam_plain.min(adam_pf), sgd_plain.min(sgd_pf));
    let checksum = sgd.p[n / 2] as f64 + sgd.m[n / 3] as f64;
    let gbs = |bytes: usize, s: f64| (bytes * n) as f64 / s / 1e9;
    Ok(json!({
        "params": n,
        "threads": rayon::current_num_threads(),
        "copy_seconds": copy_s, "copy_gbs": gbs(8, copy_s),
        "adam_seconds": adam_s, "adam_gbs": gbs(28, adam_s),
        "sgd_seconds": sgd_s, "sgd_gbs": gbs(20, sgd_s),
        "plain_gbs": { "copy": gbs(8, copy_plain), "adam": gbs(28, adam_plain), "sgd": gbs(20, sgd_plain) },
        "prefetch_gbs": { "copy": gbs(8, copy_pf), "adam": gbs(28, adam_pf), "sgd": gbs(20, sgd_pf) },
        "checksum": checksum,
    }))
}
