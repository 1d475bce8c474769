//! The boxes the tape keeps its ops in, recycled per thread. A training step records the same ops
//! every time, and ops that hold something (a convolution's options, the indices a max pool keeps
//! for its backward, the targets of a loss) are not zero-sized, so a fresh `Box` for each was an
//! allocation per op per step. A dropped op's memory goes to the shelf of its layout (size,
//! alignment) and the next op of that layout is written into it; zero-sized ops need no memory.
use crate::Op;
use std::alloc::Layout;
use std::cell::RefCell;
use std::ptr::NonNull;

/// Most blocks kept per thread.
const MAX_KEPT: usize = 256;

/// An op on the tape: a `Box<dyn Op>` whose memory is recycled on drop.
pub(crate) struct OpBox(Option<Box<dyn Op>>);

/// Freed blocks by layout. Owns the memory: frees what is left when the thread ends.
struct Shelves {
    blocks: Vec<(Layout, NonNull<u8>)>,
}

impl Drop for Shelves {
    fn drop(&mut self) {
        for (layout, ptr) in self.blocks.drain(..) {
            // SAFETY: each block was allocated by the global allocator with `layout` (by a `Box` of a
            // type with that layout) and holds no live value; it is freed once, here.
            unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) }
        }
    }
}

thread_local! {
    static SHELVES: RefCell<Shelves> = const { RefCell::new(Shelves { blocks: Vec::new() }) };
}

impl OpBox {
    pub(crate) fn new<O: Op>(op: O) -> OpBox {
        let layout = Layout::new::<O>();
        if layout.size() == 0 {
            return OpBox(Some(Box::new(op)));
        }
        let block = SHELVES.try_with(|s| {
            let mut s = s.try_borrow_mut().ok()?;
            let at = s.blocks.iter().rposition(|(l, _)| *l == layout)?;
            Some(s.blocks.swap_remove(at).1)
        });
        match block.ok().flatten() {
            Some(ptr) => {
                let ptr = ptr.as_ptr().cast::<O>();
                // SAFETY: the block was allocated by the global allocator with `Layout::new::<O>()`
                // and holds no live value, so writing an `O` there and owning it as a `Box<O>` is
                // what `Box::new` would have produced (see `Box`'s memory layout rules).
                unsafe {
                    ptr.write(op);
                    OpBox(Some(Box::from_raw(ptr)))
                }
            }
            None => OpBox(Some(Box::new(op))),
        }
    }
}

impl std::ops::Deref for OpBox {
    type Target = dyn Op;
    fn deref(&self) -> &dyn Op {
        self.0.as_deref().unwrap_or_else(|| unreachable!("an op is only taken out when dropped"))
    }
}

impl Drop for OpBox {
    fn drop(&mut self) {
        let Some(op) = self.0.take() else { return };
        let layout = Layout::for_value(&*op);
        if layout.size() == 0 {
            return;
        }
        let raw = Box::into_raw(op);
        // SAFETY: `raw` comes from a live `Box`: the op is dropped exactly once, here, and its
        // memory (allocated with `layout`) is then either shelved or freed, never used as an op again.
        unsafe { std::ptr::drop_in_place(raw) };
        let ptr = NonNull::new(raw.cast::<u8>()).unwrap_or_else(|| unreachable!("a Box is never null"));
        let kept = SHELVES.try_with(|s| match s.try_borrow_mut() {
            Ok(mut s) if s.blocks.len() < MAX_KEPT => {
                s.blocks.push((layout, ptr));
                true
            }
            _ => false,
        });
        if kept != Ok(true) {
            // SAFETY: allocated with `layout` by the global allocator, holding no live value.
            unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InputGrads;
    use downhill_tensor::Tensor;
    use std::rc::Rc;

    /// An op holding data, counting its drops through the `Rc`.
    struct Holding(#[allow(dead_code)] Rc<()>, #[allow(dead_code)] [u64; 3]);
    impl Op for Holding {
        fn name(&self) -> &'static str {
            "holding"
        }
        fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
            xs[0].clone()
        }
        fn backward(&self, _xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
            [Some(dy.clone())].into()
        }
    }

    #[test]
    fn a_dropped_op_is_dropped_once_and_its_memory_reused() {
        let alive = Rc::new(());
        let a = OpBox::new(Holding(alive.clone(), [1, 2, 3]));
        let addr = &*a as *const dyn Op as *const u8;
        drop(a);
        assert_eq!(Rc::strong_count(&alive), 1, "the op's fields were dropped");
        let b = OpBox::new(Holding(alive.clone(), [4, 5, 6]));
        assert_eq!(&*b as *const dyn Op as *const u8, addr);
        assert_eq!(b.name(), "holding");
        drop(b);
        assert_eq!(Rc::strong_count(&alive), 1);
    }
}
