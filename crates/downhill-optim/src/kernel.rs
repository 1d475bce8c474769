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

/// Below this many elements in all, one thread. Measured on the fused Adam step (2 threads against 1,
/// on the 2-core Xeon VM): 262,144 elements 205 µs against 167 µs, 524,288 267-319 µs against 347 µs,
/// 786,432 312 µs against 482 µs. Waking the second worker costs more than half of a small step.
pub const PARALLEL_MIN: usize = 1 << 19;

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
