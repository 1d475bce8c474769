//! `Indices`: a vector of positions (class ids, the argmax of max pooling) whose buffer is recycled
//! the way a tensor's is (`pool.rs`): dropped, it goes to this thread's shelf of its length, and the
//! next `Indices` of that length takes it, so a training step that makes the same index vectors
//! every time allocates none after the first.
use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

/// Most index buffers one thread keeps, and the largest kept (in values).
const MAX_KEPT: usize = 64;
const MAX_LEN: usize = 16 << 20;

thread_local! {
    static SHELF: RefCell<Vec<Vec<usize>>> = const { RefCell::new(Vec::new()) };
}

/// A vector of indices; dereferences to `[usize]`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Indices(Vec<usize>);

impl Indices {
    /// `n` indices, every one of which `write` sets (a recycled buffer holds stale values).
    pub fn written(n: usize, write: impl FnOnce(&mut [usize])) -> Indices {
        let mut v = take(n).unwrap_or_else(|| vec![0; n]);
        write(&mut v);
        Indices(v)
    }

    /// `n` indices appended by `push` to an empty vector with room for them; panics unless exactly
    /// `n` were pushed.
    pub fn pushed(n: usize, push: impl FnOnce(&mut Vec<usize>)) -> Indices {
        let mut v = take(n).unwrap_or_else(|| Vec::with_capacity(n));
        v.clear();
        push(&mut v);
        assert!(v.len() == n, "Indices::pushed: {} indices pushed, {n} expected", v.len());
        Indices(v)
    }

    /// The indices as a plain vector (its buffer is then not recycled).
    pub fn into_vec(mut self) -> Vec<usize> {
        std::mem::take(&mut self.0)
    }
}

fn take(n: usize) -> Option<Vec<usize>> {
    let found = SHELF.try_with(|s| {
        let mut s = s.try_borrow_mut().ok()?;
        let at = s.iter().position(|v| v.len() == n)?;
        Some(s.swap_remove(at))
    });
    found.ok().flatten()
}

impl Drop for Indices {
    fn drop(&mut self) {
        let v = std::mem::take(&mut self.0);
        if v.capacity() == 0 || v.len() > MAX_LEN {
            return;
        }
        let _ = SHELF.try_with(move |s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                if s.len() < MAX_KEPT {
                    s.push(v);
                }
            }
        });
    }
}

impl From<Vec<usize>> for Indices {
    fn from(v: Vec<usize>) -> Indices {
        Indices(v)
    }
}

impl Deref for Indices {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        &self.0
    }
}

impl DerefMut for Indices {
    fn deref_mut(&mut self) -> &mut [usize] {
        &mut self.0
    }
}

impl PartialEq<Vec<usize>> for Indices {
    fn eq(&self, other: &Vec<usize>) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Debug for Indices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_buffer_is_reused_for_the_same_length() {
        let a = Indices::pushed(5, |v| v.extend(0..5));
        assert_eq!(a, vec![0, 1, 2, 3, 4]);
        let ptr = a.as_ptr();
        drop(a);
        let b = Indices::written(5, |v| v.iter_mut().enumerate().for_each(|(i, x)| *x = 10 + i));
        assert_eq!((b.as_ptr(), &b[..]), (ptr, &[10, 11, 12, 13, 14][..]));
        assert_eq!(Indices::from(vec![7]).into_vec(), vec![7]);
    }

    #[test]
    #[should_panic(expected = "2 indices pushed, 3 expected")]
    fn pushing_the_wrong_count_panics() {
        Indices::pushed(3, |v| v.extend([1, 2]));
    }
}
