//! `Indices`: a vector of positions (class ids as usize, the argmax of max pooling as u32 within
//! its plane: half the bytes to write and read back) whose buffer is recycled the way a tensor's is
//! (`pool.rs`): dropped, it goes to this thread's shelf of its type and length, and the next
//! `Indices` of that length takes it, so a training step that makes the same index vectors every
//! time allocates none after the first.
use std::cell::RefCell;
use std::ops::{Deref, DerefMut};
use std::thread::LocalKey;

/// Most index buffers one thread keeps, and the largest kept (in values).
const MAX_KEPT: usize = 64;
const MAX_LEN: usize = 16 << 20;

type Shelf<T> = RefCell<Vec<Vec<T>>>;

thread_local! {
    static USIZE_SHELF: Shelf<usize> = const { RefCell::new(Vec::new()) };
    static U32_SHELF: Shelf<u32> = const { RefCell::new(Vec::new()) };
}

/// An index type `Indices` holds, each with its own shelf of buffers.
pub trait IndexType: Copy + Default + Eq + std::fmt::Debug + 'static {
    /// This thread's shelf of dropped buffers of this type.
    fn shelf() -> &'static LocalKey<Shelf<Self>>;
}

impl IndexType for usize {
    fn shelf() -> &'static LocalKey<Shelf<usize>> {
        &USIZE_SHELF
    }
}

impl IndexType for u32 {
    fn shelf() -> &'static LocalKey<Shelf<u32>> {
        &U32_SHELF
    }
}

/// A vector of indices; dereferences to `[T]`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Indices<T: IndexType = usize>(Vec<T>);

impl<T: IndexType> Indices<T> {
    /// `n` indices, every one of which `write` sets (a recycled buffer holds stale values).
    pub fn written(n: usize, write: impl FnOnce(&mut [T])) -> Indices<T> {
        let mut v = take(n).unwrap_or_else(|| vec![T::default(); n]);
        write(&mut v);
        Indices(v)
    }

    /// `n` indices appended by `push` to an empty vector with room for them; panics unless exactly
    /// `n` were pushed.
    pub fn pushed(n: usize, push: impl FnOnce(&mut Vec<T>)) -> Indices<T> {
        let mut v = take(n).unwrap_or_else(|| Vec::with_capacity(n));
        v.clear();
        push(&mut v);
        assert!(v.len() == n, "Indices::pushed: {} indices pushed, {n} expected", v.len());
        Indices(v)
    }

    /// The indices as a plain vector (its buffer is then not recycled).
    pub fn into_vec(mut self) -> Vec<T> {
        std::mem::take(&mut self.0)
    }
}

fn take<T: IndexType>(n: usize) -> Option<Vec<T>> {
    let found = T::shelf().try_with(|s| {
        let mut s = s.try_borrow_mut().ok()?;
        let at = s.iter().position(|v| v.len() == n)?;
        Some(s.swap_remove(at))
    });
    found.ok().flatten()
}

impl<T: IndexType> Drop for Indices<T> {
    fn drop(&mut self) {
        let v = std::mem::take(&mut self.0);
        if v.capacity() == 0 || v.len() > MAX_LEN {
            return;
        }
        let _ = T::shelf().try_with(move |s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                if s.len() < MAX_KEPT {
                    s.push(v);
                }
            }
        });
    }
}

impl<T: IndexType> From<Vec<T>> for Indices<T> {
    fn from(v: Vec<T>) -> Indices<T> {
        Indices(v)
    }
}

impl<T: IndexType> Deref for Indices<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: IndexType> DerefMut for Indices<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

impl<T: IndexType> PartialEq<Vec<T>> for Indices<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.0 == *other
    }
}

impl<T: IndexType> std::fmt::Debug for Indices<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_buffer_is_reused_for_the_same_length() {
        let a = Indices::<usize>::pushed(5, |v| v.extend(0..5));
        assert_eq!(a, vec![0, 1, 2, 3, 4]);
        let ptr = a.as_ptr();
        drop(a);
        let b = Indices::written(5, |v| v.iter_mut().enumerate().for_each(|(i, x)| *x = 10 + i));
        assert_eq!((b.as_ptr(), &b[..]), (ptr, &[10, 11, 12, 13, 14][..]));
        assert_eq!(Indices::from(vec![7usize]).into_vec(), vec![7]);
        // Each index type has its own shelf: a u32 vector of length 5 does not take b's buffer.
        let ptr = b.as_ptr() as usize;
        drop(b);
        let c = Indices::<u32>::written(5, |v| v.fill(3));
        assert_ne!(c.as_ptr() as usize, ptr);
        assert_eq!(c, vec![3u32; 5]);
    }

    #[test]
    #[should_panic(expected = "2 indices pushed, 3 expected")]
    fn pushing_the_wrong_count_panics() {
        Indices::<usize>::pushed(3, |v| v.extend([1, 2]));
    }
}
