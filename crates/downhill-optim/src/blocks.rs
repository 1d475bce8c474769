//! Runs an elementwise step (kernel.rs) over every parameter in L1-sized blocks, on one thread or
//! split into tasks over rayon's pool. Three ways to deliver the update:
//!   Updates   u = tx(g) left in place in the update buffers (`Transform::update`)
//!   Params    p += tx(g), g only read (`Optimizer::step`: read p g m v, write p m v for Adam)
//!   Next      g <- p + tx(g), p only read, reporting whether every new value is finite
//!             (`Optimizer::step_checked`: the same bytes as Params, and the caller keeps p when
//!             the step is refused, by swapping buffers only on success)
//! A chain fused.rs can fuse runs as one loop per task instead of block by block.
use crate::fused::Plan;
use crate::kernel::{slot_buffers, Kernel, PARALLEL_MIN};
use crate::{Float, State, Tensor, Transform};
use downhill_tensor::{flushing_subnormals, in_subnormal_mode, vectorized};
use rayon::prelude::*;

/// Most slot buffers one chain can have (Adam with amsgrad has 3; a chain adds its links').
const MAX_SLOTS: usize = 16;
/// Elements per block: u, p and three slot blocks of 4 KiB fit in L1 together.
const BLOCK: usize = 1024;
/// Elements per parallel task: large enough that scheduling costs nothing, small enough to balance.
const TASK: usize = 1 << 16;

/// Where the finished update goes.
pub(crate) enum Target<'a> {
    Updates(&'a [Tensor]),
    Params(&'a mut [Tensor]),
    Next(&'a [Tensor]),
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
    /// `g <- p + kernel(g)`, `p` only read.
    Next { g: &'a mut [Float], p: &'a [Float] },
}

/// Runs `tx`'s elementwise step over all parameters, advancing `state` (via `begin_step`). Returns
/// whether every new value is finite for `Target::Next` (true for the others, which do not check).
pub(crate) fn run(tx: &dyn Transform, updates: &mut [Tensor], state: &mut State, target: Target<'_>) -> bool {
    let kernel = tx.begin_step(state).unwrap_or_else(|| panic!("{tx:?} is not elementwise"));
    let buffers = slot_buffers(state);
    assert!(buffers.len() <= MAX_SLOTS, "{tx:?}: {} slot buffers, at most {MAX_SLOTS}", buffers.len());
    let total: usize = updates.iter().map(Tensor::numel).sum();
    let plan = match target {
        Target::Params(_) | Target::Next(_) => kernel.stages().and_then(|s| Plan::new(&s)),
        Target::Updates(_) => None,
    };
    let tasks = split(ios(updates, target), buffers);
    let work = |t: Task<'_>| match (&plan, t) {
        (Some(plan), Task { io: Io::Apply { g, p }, mut slots }) => {
            plan.apply(p, g, &mut slots);
            true
        }
        (Some(plan), Task { io: Io::Next { g, p }, mut slots }) => plan.apply_next(p, g, &mut slots),
        (_, t) => run_task(&*kernel, t),
    };
    // Every task runs (no short cut), so the state advances the same whether or not a value fails.
    if total >= PARALLEL_MIN && rayon::current_num_threads() > 1 {
        // Workers run in the caller's subnormal mode (read here, on the caller's thread), so the
        // numbers do not depend on threading.
        let flush = flushing_subnormals();
        let each = |t| in_subnormal_mode(flush, || work(t));
        tasks.into_par_iter().map(each).reduce(|| true, |a, b| a & b)
    } else {
        tasks.into_iter().map(work).fold(true, |a, b| a & b)
    }
}

/// Each parameter's buffers as one `Io`.
fn ios<'a>(updates: &'a mut [Tensor], target: Target<'a>) -> Vec<Io<'a>> {
    match target {
        Target::Updates(ps) => {
            let p = |i: usize| ps.get(i).map_or(&[][..], |p| p.data());
            updates.iter_mut().enumerate().map(|(i, u)| Io::InPlace { u: u.data_mut(), p: p(i) }).collect()
        }
        Target::Params(ps) => updates
            .iter()
            .zip(ps.iter_mut())
            .map(|(g, p)| Io::Apply { g: g.data(), p: p.data_mut() })
            .collect(),
        Target::Next(ps) => {
            updates.iter_mut().zip(ps).map(|(g, p)| Io::Next { g: g.data_mut(), p: p.data() }).collect()
        }
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
        let len = io.len();
        assert!(slots.iter().all(|s| s.len() == len), "slot shapes differ from the update's");
        let mut left = len;
        while left > 0 {
            let n = left.min(TASK);
            let (head, tail) = io.cut(n);
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

impl<'a> Io<'a> {
    fn len(&self) -> usize {
        match self {
            Io::InPlace { u, .. } => u.len(),
            Io::Apply { g, p } => {
                assert!(g.len() == p.len(), "update and parameter sizes differ");
                g.len()
            }
            Io::Next { g, p } => {
                assert!(g.len() == p.len(), "update and parameter sizes differ");
                g.len()
            }
        }
    }

    /// The first `n` elements and the rest.
    fn cut(self, n: usize) -> (Io<'a>, Io<'a>) {
        match self {
            Io::InPlace { u, p } => {
                // Parameters may be omitted (`update(.., &[])`) by callers of transforms that ignore them.
                let ((uh, ut), (ph, pt)) = (u.split_at_mut(n), p.split_at(n.min(p.len())));
                (Io::InPlace { u: uh, p: ph }, Io::InPlace { u: ut, p: pt })
            }
            Io::Apply { g, p } => {
                let ((gh, gt), (ph, pt)) = (g.split_at(n), p.split_at_mut(n));
                (Io::Apply { g: gh, p: ph }, Io::Apply { g: gt, p: pt })
            }
            Io::Next { g, p } => {
                let ((gh, gt), (ph, pt)) = (g.split_at_mut(n), p.split_at(n));
                (Io::Next { g: gh, p: ph }, Io::Next { g: gt, p: pt })
            }
        }
    }
}

/// Runs one task block by block; false when a `Next` value is not finite.
fn run_task(kernel: &dyn Kernel, t: Task<'_>) -> bool {
    let Task { mut io, mut slots } = t;
    let mut finite = true;
    let (n_slots, len) = (slots.len(), io.len());
    let mut scratch = [0.0 as Float; BLOCK];
    for start in (0..len).step_by(BLOCK) {
        let end = (start + BLOCK).min(len);
        let mut sub: [&mut [Float]; MAX_SLOTS] = Default::default();
        for (s, full) in sub.iter_mut().zip(slots.iter_mut()) {
            *s = &mut full[start..end];
        }
        let sub = &mut sub[..n_slots];
        let block = &mut scratch[..end - start];
        match &mut io {
            Io::InPlace { u, p } => kernel.apply(&mut u[start..end], p.get(start..end).unwrap_or(&[]), sub),
            Io::Apply { g, p } => {
                // The update lives only in this L1 scratch block: g is read once and never written.
                let p = &mut p[start..end];
                block.copy_from_slice(&g[start..end]);
                kernel.apply(block, p, sub);
                vectorized(|| add(p, block));
            }
            Io::Next { g, p } => {
                let (g, p) = (&mut g[start..end], &p[start..end]);
                block.copy_from_slice(g);
                kernel.apply(block, p, sub);
                finite &= vectorized(|| next(g, p, block));
            }
        }
    }
    finite
}

/// `g <- p + u`, and whether every result is finite.
#[inline(always)]
fn next(g: &mut [Float], p: &[Float], u: &[Float]) -> bool {
    let (p, u) = (&p[..g.len()], &u[..g.len()]);
    let mut not_finite = 0u32;
    for j in 0..g.len() {
        g[j] = p[j] + u[j];
        not_finite |= (!g[j].is_finite()) as u32;
    }
    not_finite == 0
}

#[inline(always)]
fn add(p: &mut [Float], u: &[Float]) {
    let u = &u[..p.len()];
    for j in 0..p.len() {
        p[j] += u[j];
    }
}

#[cfg(test)]
mod tests {
    use crate::{AddDecayedWeights, Momentum, Optimizer, ScaleByAdam, ScaleByLr, State, Tensor, Transform};
    use downhill_tensor::Rng;
    use downhill_testing::assert_same_tensor_bits;

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
        let shapes: [&[usize]; 2] = [&[crate::PARALLEL_MIN + 12_345], &[3, 5]];
        let mut fused: Vec<Tensor> =
            shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
        let mut plain = fused.clone();
        let mut opt = Optimizer::new(tx(), &fused);
        let links = tx();
        let mut states: Vec<State> = links.0.iter().map(|t| t.init(&plain)).collect();
        for _ in 0..3 {
            let grads: Vec<Tensor> =
                shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
            let mut u = grads.clone();
            for (t, s) in links.0.iter().zip(&mut states) {
                t.update(&mut u, s, &plain);
            }
            plain.iter_mut().zip(&u).for_each(|(p, u)| p.add_scaled(u, 1.0));
            opt.step(&mut fused, grads);
        }
        // Bit-identical on purpose: the fused loop performs the same f32 operations in the same order.
        assert_same_tensor_bits("fused vs link-by-link parameters", &fused, &plain);
        let flat: Vec<&Tensor> = opt.state().inner.iter().flat_map(|s| s.slots.iter().flatten()).collect();
        let want: Vec<&Tensor> = states.iter().flat_map(|s| s.slots.iter().flatten()).collect();
        assert_eq!(flat.len(), want.len(), "slot buffer count");
        assert_same_tensor_bits("every slot buffer ends the same", flat, want);
        assert_eq!(opt.steps(), 3);
    }

    #[test]
    fn chains_with_a_global_transform_are_not_elementwise() {
        let tx = tx().after(crate::ClipByGlobalNorm(1.0));
        assert!(!tx.is_elementwise() && crate::Transform::begin_step(&tx, &mut State::empty()).is_none());
    }
}
