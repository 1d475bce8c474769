//! Runs an elementwise step (kernel.rs) over every parameter in L1-sized blocks, on one thread or
//! split into tasks over rayon's pool. Three ways to deliver the update:
//!   Updates   u = tx(g) left in place in the update buffers (`Transform::update`)
//!   Params    p += tx(g), g only read (`Optimizer::step`: read p g m v, write p m v for Adam)
//!   Next      g <- p + tx(g), p only read, reporting whether every new value is finite
//!             (`Optimizer::step_checked`: the same bytes as Params, and the caller keeps p when
//!             the step is refused, by swapping buffers only on success); optionally also
//!             `sum += alpha g` and Σg² per parameter, from the same read of g
//!             (`Optimizer::step_summing`)
//! A chain fused.rs can fuse runs as one loop per task instead of block by block.
use crate::fused::{Plan, Summing};
use crate::kernel::{slot_buffers, Kernel, PARALLEL_MIN};
use crate::{Float, State, Tensor, Transform};
use downhill_tensor::{flushing_subnormals, in_subnormal_mode, vectorized, SquareLanes};
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
    Next(&'a [Tensor], Option<Sums<'a>>),
}

/// Where `Target::Next` adds the gradients it reads, and where it leaves their squares.
pub(crate) struct Sums<'a> {
    /// One running sum per parameter: `total += alpha · g`.
    pub totals: &'a mut [Tensor],
    pub alpha: Float,
    /// Σg² per parameter, set by `run` (its lanes: pieces of one parameter merged in order).
    pub squares: &'a mut [SquareLanes],
}

/// One piece of work: an element range of one parameter with its slices of every buffer.
struct Task<'a> {
    io: Io<'a>,
    slots: Vec<&'a mut [Float]>,
    /// The parameter the piece belongs to.
    param: usize,
}

/// The update and parameter slices of a task.
enum Io<'a> {
    /// `u` transformed in place; `p` read (empty when the caller gave no parameters).
    InPlace { u: &'a mut [Float], p: &'a [Float] },
    /// `g` only read (it may be shared with the caller's copy), `p += kernel(g)`.
    Apply { g: &'a [Float], p: &'a mut [Float] },
    /// `g <- p + kernel(g)`, `p` only read; `sum += alpha g` first when summing.
    Next { g: &'a mut [Float], p: &'a [Float], sum: Option<&'a mut [Float]> },
}

/// Runs `tx`'s elementwise step over all parameters, advancing `state` (via `begin_step`). Returns
/// whether every new value is finite for `Target::Next` (true for the others, which do not check).
pub(crate) fn run(
    tx: &dyn Transform,
    updates: &mut [Tensor],
    state: &mut State,
    mut target: Target<'_>,
) -> bool {
    let kernel = tx.begin_step(state).unwrap_or_else(|| panic!("{tx:?} is not elementwise"));
    let buffers = slot_buffers(state);
    assert!(buffers.len() <= MAX_SLOTS, "{tx:?}: {} slot buffers, at most {MAX_SLOTS}", buffers.len());
    let total: usize = updates.iter().map(Tensor::numel).sum();
    let plan = match target {
        Target::Params(_) | Target::Next(..) => kernel.stages().and_then(|s| Plan::new(&s)),
        Target::Updates(_) => None,
    };
    // The squares and the weight leave the target before its buffers are handed to the tasks.
    let (mut squares, alpha) = match &mut target {
        Target::Next(_, Some(sums)) => (Some(std::mem::take(&mut sums.squares)), sums.alpha),
        _ => (None, 0.0),
    };
    let tasks = split(ios(updates, target), buffers);
    let work = |t: Task<'_>| -> (bool, usize, Option<SquareLanes>) {
        let param = t.param;
        let (finite, lanes) = match (&plan, t) {
            (Some(plan), Task { io: Io::Apply { g, p }, mut slots, .. }) => {
                plan.apply(p, g, &mut slots);
                (true, None)
            }
            (Some(plan), Task { io: Io::Next { g, p, sum: None }, mut slots, .. }) => {
                (plan.apply_next(p, g, &mut slots), None)
            }
            (Some(plan), Task { io: Io::Next { g, p, sum: Some(total) }, mut slots, .. }) => {
                let (finite, lanes) = plan.apply_next_summing(p, g, Summing { total, alpha }, &mut slots);
                (finite, Some(lanes))
            }
            (_, t) => run_task(&*kernel, t, alpha),
        };
        (finite, param, lanes)
    };
    // A parameter's pieces merge in task order, whichever thread ran them: the same bits either way.
    let mut finite = true;
    if let Some(squares) = squares.as_deref_mut() {
        squares.fill(SquareLanes::default());
    }
    let merge = |(ok, param, lanes): (bool, usize, Option<SquareLanes>)| {
        finite &= ok;
        if let (Some(squares), Some(lanes)) = (squares.as_deref_mut(), lanes) {
            squares[param].merge(lanes);
        }
    };
    // Every task runs (no short cut), so the state advances the same whether or not a value fails.
    if total >= PARALLEL_MIN && rayon::current_num_threads() > 1 {
        // Workers run in the caller's subnormal mode (read here, on the caller's thread), so the
        // numbers do not depend on threading.
        let flush = flushing_subnormals();
        let each = |t| in_subnormal_mode(flush, || work(t));
        let done: Vec<_> = tasks.into_par_iter().map(each).collect();
        done.into_iter().for_each(merge);
    } else {
        tasks.into_iter().map(work).for_each(merge);
    }
    finite
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
        Target::Next(ps, None) => updates
            .iter_mut()
            .zip(ps)
            .map(|(g, p)| Io::Next { g: g.data_mut(), p: p.data(), sum: None })
            .collect(),
        Target::Next(ps, Some(sums)) => {
            assert!(sums.totals.len() == updates.len(), "one running sum per gradient");
            let sums = sums.totals.iter_mut().map(|t| Some(t.data_mut()));
            updates
                .iter_mut()
                .zip(ps)
                .zip(sums)
                .map(|((g, p), sum)| Io::Next { g: g.data_mut(), p: p.data(), sum })
                .collect()
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
    let mut tasks = Vec::with_capacity(io.iter().map(|io| io.len().div_ceil(TASK)).sum());
    for (param, (mut io, mut slots)) in io.into_iter().zip(per_param).enumerate() {
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
            tasks.push(Task { io: head, slots: heads.collect(), param });
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
            Io::Next { g, p, sum } => {
                assert!(g.len() == p.len(), "update and parameter sizes differ");
                let sum_len = sum.as_ref().map_or(g.len(), |s| s.len());
                assert!(sum_len == g.len(), "running sum and gradient sizes differ");
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
            Io::Next { g, p, sum } => {
                let ((gh, gt), (ph, pt)) = (g.split_at_mut(n), p.split_at(n));
                let (sh, st) = match sum.map(|s| s.split_at_mut(n)) {
                    Some((h, t)) => (Some(h), Some(t)),
                    None => (None, None),
                };
                (Io::Next { g: gh, p: ph, sum: sh }, Io::Next { g: gt, p: pt, sum: st })
            }
        }
    }
}

/// Runs one task block by block; false when a `Next` value is not finite. When summing (with
/// weight `alpha`), its squares.
fn run_task(kernel: &dyn Kernel, t: Task<'_>, alpha: Float) -> (bool, Option<SquareLanes>) {
    let Task { mut io, mut slots, .. } = t;
    let mut finite = true;
    let mut squares = SquareLanes::default();
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
            Io::Next { g, p, sum } => {
                let (g, p) = (&mut g[start..end], &p[start..end]);
                if let Some(total) = sum {
                    vectorized(|| squares.add_scaled(&mut total[start..end], alpha, g));
                }
                block.copy_from_slice(g);
                kernel.apply(block, p, sub);
                finite &= vectorized(|| next(g, p, block));
            }
        }
    }
    let summing = matches!(io, Io::Next { sum: Some(_), .. });
    (finite, summing.then_some(squares))
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
