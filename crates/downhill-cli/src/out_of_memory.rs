//! Running out of memory is a one-line error with exit code 2, like every other error, instead of
//! Rust's abort ("memory allocation of N bytes failed", a core dump, exit 134). A layer of 10^8
//! units, a convolution padded by 10^5 or a LIBSVM index of 4·10^9 ask for more than a machine
//! has; the allocation that fails can be any of the model's, its batch's or the data's, so the
//! message gives the size and the usual fixes.
//!
//! The program's allocator is the system's, wrapped: an allocation the system refuses ends the
//! program here. The message is formatted on the stack and written with one `write(2)`, since
//! nothing may allocate at that point, and `_exit` skips destructors that might.
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write;

/// The system allocator, ending the program with a message when it runs out.
pub struct ExitOnFailure;

// SAFETY: every method forwards to `System` with the same arguments and returns its result, or
// does not return at all; `System` upholds `GlobalAlloc`'s contract.
unsafe impl GlobalAlloc for ExitOnFailure {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are `System.alloc`'s.
        checked(unsafe { System.alloc(layout) }, layout.size())
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        checked(unsafe { System.alloc_zeroed(layout) }, layout.size())
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `dealloc`, and the caller's guarantees for `new_size` are `System.realloc`'s.
        checked(unsafe { System.realloc(ptr, layout, new_size) }, new_size)
    }
}

fn checked(ptr: *mut u8, bytes: usize) -> *mut u8 {
    if ptr.is_null() {
        exit_out_of_memory(bytes);
    }
    ptr
}

/// A message buffer on the stack (`core::fmt` formats numbers without allocating).
struct Line {
    bytes: [u8; 400],
    len: usize,
}

impl Write for Line {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = (self.len + s.len()).min(self.bytes.len());
        self.bytes[self.len..end].copy_from_slice(&s.as_bytes()[..end - self.len]);
        self.len = end;
        Ok(())
    }
}

fn exit_out_of_memory(bytes: usize) -> ! {
    let mut line = Line { bytes: [0; 400], len: 0 };
    let _ = writeln!(
        line,
        "error: out of memory: this machine could not give {:.2} GB for the model, its batch or the data; \
         use smaller layers, a smaller --batch-size, fewer or hashed features (--hash-bits), or --stream",
        bytes as f64 / 1e9
    );
    // SAFETY: writes `line.len` initialised bytes of a live buffer to stderr, then ends the process
    // without running anything else; neither call allocates.
    unsafe {
        libc::write(2, line.bytes.as_ptr().cast(), line.len);
        libc::_exit(2)
    }
}
