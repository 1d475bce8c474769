//! Windows of a token sequence for next-token prediction. A window of `context + 1` ids starting
//! at offset o gives the inputs x = ids[o .. o+T] and the targets y = ids[o+1 .. o+T+1] (T =
//! `context`): every position predicts the next id.
//!   random       `count` offsets drawn uniformly from [0, len − T − 1] (nanoGPT's `get_batch`)
//!   consecutive  offsets 0, T, 2T, ...: each id after the first is a target exactly once; the
//!                last window is shorter when T does not divide len − 1 (returned apart)
//!   streams      B streams read side by side, T ids a step, for truncated backpropagation through
//!                time: stream s at step k starts at offset (s·⌊len/B⌋ + k·T) mod len and reads on
//!                past the end into the start, so every stream runs on without a break that would
//!                call for a state reset (the one seam, end to start, is just more text to it);
//!                rows are step-major, step k's B windows one batch
//! Ids travel as f32 (exact below 2^24, far above any character vocabulary).
use downhill_tensor::{Float, Rng, Tensor};

/// Inputs and targets, each [count, T].
pub type Windows = (Tensor, Tensor);

fn gather(ids: &[usize], offsets: &[usize], t: usize) -> Windows {
    let take = |shift: usize| -> Tensor {
        let data = offsets.iter().flat_map(|&o| ids[o + shift..o + shift + t].iter().map(|&i| i as Float));
        Tensor::from_vec(data.collect(), [offsets.len(), t]).unwrap_or_else(|e| panic!("windows: {e}"))
    };
    (take(0), take(1))
}

/// `count` windows at random offsets; `ids` must hold at least `context + 1` ids.
pub fn random_windows(ids: &[usize], context: usize, count: usize, rng: &mut Rng) -> Windows {
    let starts = ids.len() - context; // offsets 0 ..= len − T − 1
    let offsets: Vec<usize> = (0..count).map(|_| rng.below(starts)).collect();
    gather(ids, &offsets, context)
}

/// The windows of `steps` consecutive steps from step `first` of `streams` streams: row
/// (k − first)·B + s is stream s's window at step k. `ids` must hold at least `streams` ids.
pub fn stream_windows(ids: &[usize], context: usize, streams: usize, first: usize, steps: usize) -> Windows {
    let (len, spacing) = (ids.len(), ids.len() / streams);
    let at = |o: usize| ids[o % len] as Float;
    let (mut x, mut y) = (Vec::with_capacity(steps * streams * context), Vec::new());
    for k in first..first + steps {
        for s in 0..streams {
            let start = s * spacing + k * context;
            x.extend((start..start + context).map(at));
            y.extend((start + 1..start + context + 1).map(at));
        }
    }
    let shape = [steps * streams, context];
    let tensor = |v| Tensor::from_vec(v, shape).unwrap_or_else(|e| panic!("stream windows: {e}"));
    (tensor(x), tensor(y))
}

/// The full windows at offsets 0, T, 2T, ... and the shorter last one, if any.
pub fn consecutive_windows(ids: &[usize], context: usize) -> (Option<Windows>, Option<Windows>) {
    let targets = ids.len().saturating_sub(1);
    let full = targets / context;
    let offsets: Vec<usize> = (0..full).map(|k| k * context).collect();
    let rest = targets - full * context;
    let main = (full > 0).then(|| gather(ids, &offsets, context));
    let tail = (rest > 0).then(|| gather(ids, &[full * context], rest));
    (main, tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_the_inputs_shifted_by_one() {
        let ids: Vec<usize> = (0..10).collect();
        let (x, y) = random_windows(&ids, 4, 50, &mut Rng::seed(1));
        assert_eq!(x.dims(), &[50, 4]);
        for (xr, yr) in x.data().chunks(4).zip(y.data().chunks(4)) {
            // Exact: small integers.
            assert!(xr.windows(2).all(|w| w[1] == w[0] + 1.0) && yr[0] == xr[0] + 1.0 && yr[3] <= 9.0);
        }
        assert!(x.data().contains(&5.0), "every offset 0..=5 can be drawn");
    }

    #[test]
    fn streams_run_on_side_by_side_and_wrap_around() {
        // 10 ids, 2 streams 5 apart, context 3. Exact: small integers.
        let ids: Vec<usize> = (0..10).collect();
        let (x, y) = stream_windows(&ids, 3, 2, 1, 2);
        let rows = |t: &Tensor| t.data().chunks(3).map(|r| r.to_vec()).collect::<Vec<_>>();
        // Step 1: streams at 3 and 8; step 2: at 6 and 11 = 1 (mod 10).
        assert_eq!(rows(&x), [[3.0, 4.0, 5.0], [8.0, 9.0, 0.0], [6.0, 7.0, 8.0], [1.0, 2.0, 3.0]]);
        assert_eq!(rows(&y)[1], [9.0, 0.0, 1.0]);
        // Consecutive calls continue each other: step 2 alone is the second half of the above.
        assert_eq!(stream_windows(&ids, 3, 2, 2, 1).0.data(), &x.data()[6..]);
    }

    #[test]
    fn consecutive_windows_predict_every_id_once() {
        let ids: Vec<usize> = (0..11).collect();
        let (main, tail) = consecutive_windows(&ids, 4);
        let (x, y) = main.unwrap();
        assert_eq!((x.dims(), y.data()), (&[2, 4][..], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0][..]));
        let (tx, ty) = tail.unwrap();
        assert_eq!((tx.data(), ty.data()), (&[8.0, 9.0][..], &[9.0, 10.0][..]));
        assert!(consecutive_windows(&ids[..9], 4).1.is_none());
    }
}
