//! Elementwise transforms as kernels, so a whole chain runs in one pass over memory.
//!
//! Most transforms are elementwise: element j of the new update depends only on element j of the
//! update, of the parameter and of the transform's slots. Such a transform says so
//! (`Transform::is_elementwise`) and can start a step as a `Kernel` (`Transform::begin_step`) that
//! applies that step to any block of elements. A `Chain` of elementwise links is then one kernel
//! running every link over a block while it sits in L1, instead of one pass over all parameters per
//! link (Adam + lr + `p += u` as three passes moved 44 bytes per parameter; fused it moves 28, the
//! floor: read p, g, m, v and write p, m, v). The blocks are split over rayon's threads when the
//! parameters are large enough to pay for the fork-join (`PARALLEL_MIN`); blocks.rs drives them.
//! `Optimizer::step` goes one step further for the chains the presets build (Adam, AdamW, SGD with
//! or without momentum): their kernels describe their per-element math (`Kernel::stages`) and
//! fused.rs runs the whole chain as one loop with every intermediate in registers.
use crate::fused::Stage;
use crate::{Float, State, Tensor};

/// One step of an elementwise transform, ready to run on any block of elements.
pub trait Kernel: Send + Sync {
    /// Transforms the updates `u` in place, given the parameter values `p` of the same elements and
    /// this transform's slot buffers restricted to them (`slots[k]` is slot k; see `slot_buffers`).
    fn apply(&self, u: &mut [Float], p: &[Float], slots: &mut [&mut [Float]]);

    /// This step's math per element, link by link, when fused.rs knows how to run it as one loop
    /// over the parameters. The default, `None`, keeps the kernel on the block-by-block path.
    fn stages(&self) -> Option<Vec<Stage>> {
        None
    }
}

/// Below this many elements in all, one thread. At 2^19 (first measured on the fused Adam step alone:
/// 262,144 elements 205 µs on 2 threads against 167 µs on one, when every fork-join woke a sleeping
/// worker) the MNIST MLP's 235,146 parameters stepped on one thread while the other waited. Since
/// training runs on a worker whose peers poll for work (`downhill_tensor::on_worker`), and the step
/// also sums the gradients (`Optimizer::step_summing`), 2^16 pays: an MNIST MLP epoch (2 threads,
/// alternating runs) with Adam at batch 128 0.052 -> 0.047 s, with SGD-momentum at batch 32
/// 0.097 -> 0.083 s. Pieces of 2^14 instead of blocks.rs's 2^16 were no faster.
pub const PARALLEL_MIN: usize = 1 << 16;

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
