//! Elementwise transforms as kernels, so a whole chain runs in one pass over memory.
//!
//! Most transforms are elementwise: element j of the new update depends only on element j of the
//! update, of the parameter and of the transform's slots. Such a transform says so
//! (`Transform::is_elementwise`) and can start a step as a `Kernel` (`Transform::begin_step`) that
//! applies that step to any block of elements. A `Chain` of elementwise links is then one kernel
//! running every link over a block while it sits in L1, instead of one pass over all parameters per
//! link (Adam + lr + `p += u` as three passes moved 44 bytes per parameter; fused it moves 28, the
//! floor: read p, g, m, v and write p, m, v). The blocks are split over rayon's threads when the
//! parameters are large enough to pay for the fork-join (`PARALLEL_MIN`).
use crate::{Float, State, Tensor, Transform};
use downhill_tensor::vectorized;
use rayon::prelude::*;

/// One step of an elementwise transform, ready to run on any block of elements.
pub trait Kernel: Send + Sync {
    /// Transforms the updates `u` in place, given the parameter values `p` of the same elements and
    /// this transform's slot buffers restricted to them (`slots[k]` is slot k; see `slot_buffers`).
    fn apply(&self, u: &mut [Float], p: &[Float], slots: &mut [&mut [Float]]);
}

/// Most slot buffers one chain can have (Adam with amsgrad has 3; a chain adds its links').
const MAX_SLOTS: usize = 16;
/// Elements per block: u, p and three slot blocks of 4 KiB fit in L1 together.
const BLOCK: usize = 1024;
/// Elements per parallel task: large enough that scheduling costs nothing, small enough to balance.
const TASK: usize = 1 << 16;
/// Below this many elements in all, one thread: a fork-join costs 10-25 µs here.
pub const PARALLEL_MIN: usize = 1 << 18;

/// Every slot buffer of `state` in kernel order: its own slots, then each inner state's, depth first.
pub(crate) fn slot_buffers(state: &mut State) -> Vec<&mut Vec<Tensor>> {
    let mut out: Vec<&mut Vec<Tensor>> = state.slots.iter_mut().collect();
    for inner in &mut state.inner {
        out.extend(slot_buffers(inner));
    }
    out
}

/// How many slot buffers `slot_buffers` returns, without borrowing mutably.
pub(crate) fn slot_count(state: &State) -> usize {
    state.slots.len() + state.inner.iter().map(slot_count).sum::<usize>()
}

/// Where the finished update goes.
pub(crate) enum Target<'a> {
    /// Left in the updates, which the caller applies (parameters only read).
    Updates(&'a [Tensor]),
    /// Added to the parameters (`p += u`); the updates are then only read.
    Params(&'a mut [Tensor]),
}

/// One piece of work: an element range of one parameter with its slices of every buffer.
struct Task<'a> {
    io: Io<'a>,
    slots: Vec<&'a mut [Float]>,
}

/// The update and parameter slices of a task.
enum Io<'a> {
    /// `u` transformed in place; `p` read (empty when the caller gave no parameters).
    InPlace { u: &'a mut [Float], p: &'a [Float] },
    /// `g` only read (it may be shared with the caller's copy), `p += kernel(g)`.
    Apply { g: &'a [Float], p: &'a mut [Float] },
}

/// Runs `tx`'s elementwise step over all parameters: advances `state` (via `begin_step`) and either
/// leaves the updates in `updates` or adds them to the parameters.
pub(crate) fn run(tx: &dyn Transform, updates: &mut [Tensor], state: &mut State, target: Target<'_>) {
    let kernel = tx.begin_step(state).unwrap_or_else(|| panic!("{tx:?} is not elementwise"));
    let buffers = slot_buffers(state);
    assert!(buffers.len() <= MAX_SLOTS, "{tx:?}: {} slot buffers, at most {MAX_SLOTS}", buffers.len());
    let total: usize = updates.iter().map(Tensor::numel).sum();
    let io: Vec<Io<'_>> = match target {
        Target::Updates(ps) => {
            let p = |i: usize| ps.get(i).map_or(&[][..], |p| p.data());
            updates.iter_mut().enumerate().map(|(i, u)| Io::InPlace { u: u.data_mut(), p: p(i) }).collect()
        }
        Target::Params(ps) => {
            updates.iter().zip(ps.iter_mut()).map(|(g, p)| Io::Apply { g: g.data(), p: p.data_mut() }).collect()
        }
    };
    let tasks = split(io, buffers);
    let work = |t: Task<'_>| run_task(&*kernel, t);
    if total >= PARALLEL_MIN && rayon::current_num_threads() > 1 {
        tasks.into_par_iter().for_each(work);
    } else {
        tasks.into_iter().for_each(work);
    }
}

/// Cuts every parameter into `TASK`-sized pieces with matching slices of the updates and slots.
fn split<'a>(io: Vec<Io<'a>>, buffers: Vec<&'a mut Vec<Tensor>>) -> Vec<Task<'a>> {
    let mut per_param: Vec<Vec<&'a mut [Float]>> = io.iter().map(|_| Vec::new()).collect();
    for buffer in buffers {
        for (slices, t) in per_param.iter_mut().zip(buffer.iter_mut()) {
            slices.push(t.data_mut());
        }
    }
    let mut tasks = Vec::new();
    for (mut io, mut slots) in io.into_iter().zip(per_param) {
        let len = match &io {
            Io::InPlace { u, .. } => u.len(),
            Io::Apply { g, p } => {
                assert!(g.len() == p.len(), "update and parameter sizes differ");
                g.len()
            }
        };
        assert!(slots.iter().all(|s| s.len() == len), "slot shapes differ from the update's");
        let mut left = len;
        while left > 0 {
            let n = left.min(TASK);
            let (head, tail) = cut(io, n);
            let heads = slots.iter_mut().map(|s| {
                let (h, t) = std::mem::take(s).split_at_mut(n);
                *s = t;
                h
            });
            tasks.push(Task { io: head, slots: heads.collect() });
            (io, left) = (tail, left - n);
        }
    }
    tasks
}

/// The first `n` elements of `io` and the rest.
fn cut(io: Io<'_>, n: usize) -> (Io<'_>, Io<'_>) {
    match io {
        Io::InPlace { u, p } => {
            let (uh, ut) = u.split_at_mut(n);
            // Parameters may be omitted (`update(.., &[])`) by callers of transforms that ignore them.
            let (ph, pt) = p.split_at(n.min(p.len()));
            (Io::InPlace { u: uh, p: ph }, Io::InPlace { u: ut, p: pt })
        }
        Io::Apply { g, p } => {
            let ((gh, gt), (ph, pt)) = (g.split_at(n), p.split_at_mut(n));
            (Io::Apply { g: gh, p: ph }, Io::Apply { g: gt, p: pt })
        }
    }
}

fn run_task(kernel: &dyn Kernel, t: Task<'_>) {
    let Task { mut io, mut slots } = t;
    let n_slots = slots.len();
    let len = match &io {
        Io::InPlace { u, .. } => u.len(),
        Io::Apply { g, .. } => g.len(),
    };
    let mut scratch = [0.0 as Float; BLOCK];
    for start in (0..len).step_by(BLOCK) {
        let end = (start + BLOCK).min(len);
        let mut sub: [&mut [Float]; MAX_SLOTS] = Default::default();
        for (s, full) in sub.iter_mut().zip(slots.iter_mut()) {
            *s = &mut full[start..end];
        }
        let sub = &mut sub[..n_slots];
        match &mut io {
            Io::InPlace { u, p } => kernel.apply(&mut u[start..end], p.get(start..end).unwrap_or(&[]), sub),
            Io::Apply { g, p } => {
                // The update lives only in this L1 scratch block: g is read once and never written.
                let (block, p) = (&mut scratch[..end - start], &mut p[start..end]);
                block.copy_from_slice(&g[start..end]);
                kernel.apply(block, p, sub);
                vectorized(|| p.iter_mut().zip(block.iter()).for_each(|(p, &u)| *p += u));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{chain, AddDecayedWeights, Momentum, Optimizer, ScaleByAdam, ScaleByLr, State, Tensor, Transform};
    use downhill_tensor::Rng;

    /// A chain whose links own 0, 1, 3 and 0 slots, so the flat slot order across links matters.
    fn tx() -> crate::Chain {
        chain![
            AddDecayedWeights(0.1),
            Momentum::Nesterov { mu: 0.9 },
            ScaleByAdam { amsgrad: true, ..Default::default() },
            ScaleByLr::constant(0.01),
        ]
    }

    #[test]
    fn fused_step_equals_link_by_link_updates_then_add_bit_for_bit() {
        let mut rng = Rng::seed(7);
        // Over PARALLEL_MIN with a ragged last task, plus a small matrix.
        let shapes: [&[usize]; 2] = [&[super::PARALLEL_MIN + 12_345], &[3, 5]];
        let mut fused: Vec<Tensor> = shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
        let mut plain = fused.clone();
        let mut opt = Optimizer::new(tx(), &fused);
        let links = tx();
        let mut states: Vec<State> = links.0.iter().map(|t| t.init(&plain)).collect();
        for _ in 0..3 {
            let grads: Vec<Tensor> = shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
            let mut u = grads.clone();
            for (t, s) in links.0.iter().zip(&mut states) {
                t.update(&mut u, s, &plain);
            }
            plain.iter_mut().zip(&u).for_each(|(p, u)| p.add_scaled(u, 1.0));
            opt.step(&mut fused, grads);
        }
        assert_eq!(fused, plain, "fused and link-by-link steps must agree exactly");
        let flat: Vec<&Tensor> = opt.state().inner.iter().flat_map(|s| s.slots.iter().flatten()).collect();
        let want: Vec<&Tensor> = states.iter().flat_map(|s| s.slots.iter().flatten()).collect();
        assert_eq!(flat, want, "every slot buffer ends the same");
        assert_eq!(opt.steps(), 3);
    }

    #[test]
    fn chains_with_a_global_transform_are_not_elementwise() {
        let tx = tx().after(crate::ClipByGlobalNorm(1.0));
        assert!(!tx.is_elementwise() && crate::Transform::begin_step(&tx, &mut State::empty()).is_none());
    }
}
