//! The batch split the convolution backward passes share (im2col's `conv2d_backward.rs` and
//! Winograd's `conv2d_winograd_backward.rs`): past `BATCH_SPLIT_WORK` multiply-adds the batch is
//! cut into a few parts per thread for rayon. Each part writes its images' dx and sums its own
//! weight-gradient terms (from zeros) and db (in f64); the caller adds the parts' sums in a fixed
//! order, so the result does not depend on which thread ran what. An image's work runs back to
//! back on one thread while its data is in cache.
use crate::conv2d::Geometry;
use crate::matmul::BATCH_SPLIT_WORK;
use crate::scratch::with_f64_scratch;
use crate::{Float, Tensor};
use rayon::iter::Either;
use rayon::prelude::*;

/// One part of the batch: its images' x and dy, their dx when it is wanted, and this part's slot of
/// weight-gradient sums and of db sums (each empty when not wanted).
pub(crate) struct Part<'a> {
    pub x: &'a [Float],
    pub dy: &'a [Float],
    pub dx: Option<&'a mut [Float]>,
    pub sums: &'a mut [Float],
    pub db: &'a mut [f64],
}

/// One part's index with its dx (when wanted), weight-gradient and db slots, as rayon zips them.
type Slots<'a> = (usize, ((Option<&'a mut [Float]>, &'a mut [Float]), &'a mut [f64]));

/// Runs `work` on every part; returns the parts' weight-gradient sums, `[parts · sum_len]` in part
/// order, and db (when `want_db`) as the parts' f64 sums added in order.
pub(crate) fn in_parts(
    g: &Geometry,
    (x, dy): (&[Float], &[Float]),
    dx: Option<&mut [Float]>,
    (sum_len, want_db): (usize, bool),
    work: impl Fn(Part<'_>) + Sync,
) -> (Tensor, Option<Tensor>) {
    let (per_x, per_y) = (g.c * g.h * g.w, g.o * g.l());
    let split = g.n > 1 && g.macs() >= BATCH_SPLIT_WORK;
    let per_part = g.n.div_ceil(if split { 4 * rayon::current_num_threads() } else { 1 }).max(1);
    let parts = g.n.div_ceil(per_part).max(1);
    // Slots of at least one value, so that every part gets one even when nothing is wanted; from
    // pooled buffers, so a training step allocates nothing once warm.
    let db_len = if want_db { g.o } else { 0 };
    let mut sums = Tensor::written([parts * sum_len.max(1)], |_| {}); // each part clears its slot
    let db = with_f64_scratch(parts * db_len.max(1), |db_parts| {
        db_parts.fill(0.0);
        let part = |(p, ((dxp, s), db)): Slots<'_>| {
            let images = p * per_part..((p + 1) * per_part).min(g.n);
            s.fill(0.0);
            work(Part {
                x: &x[images.start * per_x..images.end * per_x],
                dy: &dy[images.start * per_y..images.end * per_y],
                dx: dxp,
                sums: &mut s[..sum_len],
                db: &mut db[..db_len],
            })
        };
        let dxs = match dx {
            Some(d) => Either::Left(d.par_chunks_mut(per_part * per_x).map(Some)),
            None => Either::Right((0..parts).into_par_iter().map(|_| None)),
        };
        let slots = sums.data_mut().par_chunks_mut(sum_len.max(1));
        // Unsplit, rayon runs the parts in order on this thread (no task is made).
        let min_len = if split { 1 } else { parts };
        dxs.zip(slots)
            .zip(db_parts.par_chunks_mut(db_len.max(1)))
            .enumerate()
            .with_min_len(min_len)
            .for_each(part);
        want_db.then(|| {
            Tensor::pushed([g.o], |v| {
                v.extend((0..g.o).map(|o| db_parts.chunks(db_len).map(|d| d[o]).sum::<f64>() as Float))
            })
        })
    });
    (sums, db)
}
