//! [`Buffer`]: the storage of an [`Array`](crate::Array). For small arrays an
//! allocation with a `Vec`'s layout (a `Vec`'s own, or made like one); for
//! large ones (4 MiB and more, the threshold) a 2 MiB-aligned region
//! (of an allocation a huge page larger) advised to use transparent huge pages
//! (`madvise(MADV_HUGEPAGE)`, a no-op where unsupported), as NumPy does: a
//! fresh large array is then faulted in 512 times fewer pages, which is most of
//! the cost of `b = a * 2` (BASELINES.md surprise 1).
//!
//! A freed large buffer's allocation is kept for the next large array of about
//! its size (`reuse`: at most four, 1 GiB in all, until reused or released
//! with [`release_cached_memory`]), which then faults in no page at all. (Until the fifteenth
//! stop the threshold was 32 MiB, glibc's largest dynamic `mmap` threshold:
//! below it glibc's heap reused freed memory, which beat huge pages then; but
//! glibc gives the top of its heap back past twice that threshold, and three
//! new 8 MB arrays per call (an outer product by tiling) faulted in every page
//! each call, 10-12 ms against 1.7 ms with kept huge pages, on the Zen 4 VM.)
//!
//! A new array copied from plain numbers in runs of 4 KiB or more (`clone`,
//! `to_owned` of a view whose rows are that long) has the pages of such a
//! buffer faulted in at once ([`Buffer::prefault`]) and is then written with
//! non-temporal stores (x86-64 with AVX, Linux 5.14 and later).
//!
//! A new array of zeros ([`Buffer::zeroed`]: `Array::zeros` of plain numbers)
//! is the allocator's zeroed memory, as NumPy's `np.zeros` is `calloc`'s: when
//! it comes fresh from the OS (past glibc's `mmap` threshold, which grows up to
//! 32 MiB as large blocks are freed; not a kept allocation), nothing is
//! written, and its pages cost nothing until first touched. A kept
//! allocation it reuses is zeroed by writing it (as the kernel zeroes each new
//! page, and cheaper than faulting new ones in: 128 MiB of zeros then filled
//! took 6.6 ms so, against 13.7 ms in new pages, and 260-290 ms when the
//! host had taken the pages back).

use core::mem::ManuallyDrop;
use core::ptr::NonNull;
use std::alloc::{self, Layout as AllocLayout};

use crate::error::LayoutError;

mod reuse;
pub use reuse::{release_cached_memory, set_cached_memory_limit};

/// Allocations of at least this many bytes get huge pages, and are kept for
/// reuse when freed (see the module docs).
pub(crate) const HUGE_THRESHOLD: usize = 4 << 20;
/// The huge page size (x86-64, aarch64 with 4 KiB base pages).
const HUGE_PAGE: usize = 2 << 20;

/// `cap` elements of `T` at `ptr`, the first `len` initialised.
///
/// Invariants: `ptr` is dangling iff nothing is allocated (`cap == 0` or `T` is
/// zero-sized). Otherwise, when `size` is 0, it was allocated with a `Vec`'s
/// layout, `Layout::array::<T>(cap)`, and `head` is 0; else (a huge-page
/// buffer, [`huge`](Self::huge)) the allocation starts `head` bytes before
/// `ptr` (`head < HUGE_PAGE`) and was made with `Layout::from_size_align(size,
/// align_of::<T>())`, `size` at least `cap * size_of::<T>() + HUGE_PAGE` (more
/// when it was a freed region reused), `ptr` being its first address aligned
/// to `HUGE_PAGE`.
/// `len <= cap` (any `len` for a zero-sized `T`).
pub(crate) struct Buffer<T> {
    ptr: NonNull<T>,
    len: usize,
    cap: usize,
    head: usize,
    size: usize,
}

// SAFETY: a `Buffer` owns its `T`s like a `Vec` does.
unsafe impl<T: Send> Send for Buffer<T> {}
// SAFETY: shared access to a `Buffer` gives `&T`s only, like a `Vec`.
unsafe impl<T: Sync> Sync for Buffer<T> {}

impl<T> Buffer<T> {
    /// Room for `n` elements, uninitialised (`len` 0): huge pages from
    /// [`HUGE_THRESHOLD`] bytes on, an error instead of an abort when the
    /// allocator fails.
    pub(crate) fn with_capacity(n: usize) -> Result<Self, LayoutError> {
        Self::allocate(n, false)
    }

    /// `n` elements whose bytes are all zero (`len` `n`), as `calloc` gives
    /// them: memory fresh from the OS (with glibc, an allocation past its
    /// `mmap` threshold: 128 KiB at first, raised up to 32 MiB as large blocks
    /// are freed) is not written at all, so its pages cost nothing until they
    /// are touched, as with NumPy's `np.zeros`; memory the allocator or
    /// `reuse` had kept is zeroed by writing it.
    ///
    /// # Safety
    /// A `T` whose bytes are all zero is a valid `T`.
    pub(crate) unsafe fn zeroed(n: usize) -> Result<Self, LayoutError> {
        let mut b = Self::allocate(n, true)?;
        // Room for `n` elements, every byte zero, which the caller says is a
        // valid `T`.
        // SAFETY: as just said.
        unsafe { b.set_len(n) };
        Ok(b)
    }

    /// Room for `n` elements, zeroed with `zeroed`, `len` 0.
    fn allocate(n: usize, zeroed: bool) -> Result<Self, LayoutError> {
        let bytes = n
            .checked_mul(size_of::<T>())
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or(LayoutError::TooLarge)?;
        if bytes == 0 {
            return Ok(Buffer::from_vec(Vec::new()));
        }
        // Small: the layout a `Vec` of capacity `n` has (its allocation can
        // become one), from the allocator directly (`try_reserve_exact` goes
        // through a grow path that is not inlined: a tenth of a 4x4 `map`).
        // Not aligned to a cache line: 256-bit sums from L2 would be up to
        // 1.8x faster from an aligned start, but aligned requests cost 36-100
        // ns more per new array of 4-32 KiB here (`&a * 2.0` of 4 KiB: 71 ->
        // 120 ns), and changed which freed pages glibc reuses for larger
        // arrays.
        // Huge: a huge page more than asked, with `T`'s own alignment, and
        // aligned by hand, so that a zeroed one is `calloc`'s (the allocator
        // zeroes allocations of a larger alignment by writing them).
        let huge = bytes >= HUGE_THRESHOLD;
        let layout = if huge {
            bytes.checked_add(HUGE_PAGE)
        } else {
            Some(bytes)
        }
        .and_then(|size| AllocLayout::from_size_align(size, align_of::<T>()).ok())
        .ok_or(LayoutError::TooLarge)?;
        // A huge request first looks for a freed region to reuse (see
        // `reuse`), which may be up to a third larger (a zeroed one then
        // writes its zeros, below).
        let kept = if huge { reuse::take(layout) } else { None };
        let (raw, layout) = match kept {
            Some((raw, kept)) => (raw.as_ptr(), kept),
            // SAFETY: `layout` has a non-zero size (`bytes` is non-zero).
            None => unsafe {
                if zeroed {
                    (alloc::alloc_zeroed(layout), layout)
                } else {
                    (alloc::alloc(layout), layout)
                }
            },
        };
        if raw.is_null() {
            // The size asked of the allocator (a huge page more than the
            // array's bytes for a huge buffer).
            return Err(LayoutError::AllocationFailed {
                bytes: layout.size(),
            });
        }
        let head = if huge {
            (HUGE_PAGE - raw.addr() % HUGE_PAGE) % HUGE_PAGE
        } else {
            0
        };
        // `head < HUGE_PAGE` bytes leave at least `bytes` of the `layout`
        // allocated (at least `bytes + HUGE_PAGE`) after `raw + head`, where
        // `ptr` points, aligned for `T` (`raw` is, and a huge page is a
        // multiple of any smaller power of two; `head` is 0 for larger
        // alignments).
        // SAFETY: as just said.
        let start = unsafe { raw.add(head) };
        if huge && kept.is_none() {
            advise_huge_pages(start, bytes);
        } else if zeroed && kept.is_some() {
            // A reused region holds old bytes: `bytes` of it from `start`
            // are zeroed here, as the kernel would zero new pages (and
            // cheaper than faulting in new ones).
            // SAFETY: `[start, start + bytes)` lies in the allocation (above).
            unsafe { core::ptr::write_bytes(start, 0, bytes) };
        }
        Ok(Buffer {
            // SAFETY: `raw` is not null, and `start` lies within its allocation.
            ptr: unsafe { NonNull::new_unchecked(start.cast::<T>()) },
            len: 0,
            cap: n,
            head,
            size: if huge { layout.size() } else { 0 },
        })
    }

    /// Whether this is a huge-page buffer (not a `Vec`'s layout).
    fn huge(&self) -> bool {
        self.size != 0
    }

    /// The buffer of a `Vec`, without copying.
    pub(crate) fn from_vec(v: Vec<T>) -> Self {
        let mut v = ManuallyDrop::new(v);
        let (len, cap) = (v.len(), v.capacity());
        // SAFETY: a Vec's pointer is never null.
        let ptr = unsafe { NonNull::new_unchecked(v.as_mut_ptr()) };
        // A Vec allocates with `Layout::array::<T>(cap)`, or not at all
        // (dangling).
        Buffer {
            ptr,
            len,
            cap,
            head: 0,
            size: 0,
        }
    }

    /// The elements as a `Vec`: the allocation itself when it has a `Vec`'s
    /// layout, a copy into one otherwise (a huge-page buffer).
    pub(crate) fn into_vec(self) -> Vec<T> {
        let me = ManuallyDrop::new(self);
        if !me.huge() {
            // Allocated by a Vec, or by the global allocator with
            // `Layout::array::<T>(cap)` (what `from_raw_parts` asks), or
            // dangling with cap 0 or a ZST (the invariant): the parts describe
            // it exactly.
            // SAFETY: as just said.
            return unsafe { Vec::from_raw_parts(me.ptr.as_ptr(), me.len, me.cap) };
        }
        let mut v = Vec::with_capacity(me.len);
        // `len` initialised elements move (bitwise) into the new Vec,
        // which then owns them; the old allocation is freed without dropping them.
        // SAFETY: as just said.
        unsafe {
            core::ptr::copy_nonoverlapping(me.ptr.as_ptr(), v.as_mut_ptr(), me.len);
            v.set_len(me.len);
            me.dealloc();
        }
        v
    }

    /// Frees the allocation (not the elements).
    ///
    /// # Safety
    /// Called once, when the elements have been dropped or moved out.
    unsafe fn dealloc(&self) {
        let bytes = self.cap * size_of::<T>();
        if bytes == 0 {
            return;
        }
        let (size, head) = if self.huge() {
            (self.size, self.head)
        } else {
            (bytes, 0)
        };
        // The allocation starts `head` bytes before `ptr` and was made with
        // `size` bytes aligned for `T` (the invariant; `size` fitted then);
        // a huge one goes to `reuse`, and is used no more here (called once).
        // SAFETY: as just said.
        unsafe {
            let raw = self.ptr.as_ptr().cast::<u8>().sub(head);
            let layout = AllocLayout::from_size_align_unchecked(size, align_of::<T>());
            if self.huge() {
                reuse::give(NonNull::new_unchecked(raw), layout);
            } else {
                alloc::dealloc(raw, layout)
            }
        }
    }

    /// Faults in every page of a buffer of [`HUGE_THRESHOLD`] bytes or more
    /// (a huge-page one, when made by `with_capacity`) in one call
    /// (`madvise(MADV_POPULATE_WRITE)`, Linux 5.14 on), before a loop writes
    /// all of it with non-temporal stores; whether it did (`false`: a smaller
    /// buffer, another OS, an older kernel, a buffer not aligned to a page
    /// (one from a `Vec`), any other error of the call, or under Miri).
    ///
    /// The kernel zeroes each page as it faults it in, leaving the zeroes in
    /// the cache: a non-temporal store into such a line must first evict it,
    /// so streaming into pages faulted one by one as the stores reach them is
    /// slower than ordinary stores (1.4x for `b = a * 2`), while streaming
    /// into pages faulted beforehand is faster: 512 MiB copied into a new
    /// array in 101 ms against 126 ms with ordinary stores and 152 ms
    /// streamed page by page (the zeroing alone takes 62 ms), and 16.5
    /// against 18.9 and 22.9 ms for 80 MB (side by side, Intel Xeon VM).
    pub(crate) fn prefault(&self) -> bool {
        let bytes = self.cap.saturating_mul(size_of::<T>());
        bytes >= HUGE_THRESHOLD && populate(self.ptr.as_ptr().cast(), bytes)
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn capacity(&self) -> usize {
        self.cap
    }

    pub(crate) fn as_ptr(&self) -> *const T {
        self.ptr.as_ptr()
    }

    pub(crate) fn as_mut_ptr(&mut self) -> *mut T {
        self.ptr.as_ptr()
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        // SAFETY: `len` initialised elements at `ptr` (invariant).
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: `len` initialised elements at `ptr`, borrowed exclusively.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }

    /// Appends `v`.
    ///
    /// # Panics
    /// When the buffer is full: buffers are sized once, never grown.
    pub(crate) fn push(&mut self, v: T) {
        assert!(
            self.len < self.cap || size_of::<T>() == 0,
            "a stride buffer is never grown"
        );
        // SAFETY: `len < cap`: the slot is inside the allocation and unused.
        unsafe { self.ptr.as_ptr().add(self.len).write(v) };
        self.len += 1;
    }

    /// Declares the first `len` elements initialised.
    ///
    /// # Safety
    /// `len <= cap`, and every element below `len` has been written.
    pub(crate) unsafe fn set_len(&mut self, len: usize) {
        self.len = len;
    }

    /// The same allocation seen as `U`s, of the same size and alignment.
    ///
    /// # Safety
    /// `U` must have the size and alignment of `T`, and every initialised `T`
    /// must be a valid `U`.
    pub(crate) unsafe fn cast<U>(self) -> Buffer<U> {
        let me = ManuallyDrop::new(self);
        Buffer {
            ptr: me.ptr.cast(),
            len: me.len,
            cap: me.cap,
            head: me.head,
            size: me.size,
        }
    }
}

impl<T: Clone> Clone for Buffer<T> {
    fn clone(&self) -> Self {
        let mut b = Buffer::with_capacity(self.len).unwrap_or_else(|e| panic!("{e}"));
        if crate::kernel::clone_plain(&mut b, self.as_slice()) {
            return b;
        }
        for x in self.as_slice() {
            b.push(x.clone());
        }
        b
    }
}

impl<T> Drop for Buffer<T> {
    fn drop(&mut self) {
        // Drop the `len` initialised elements, then free the allocation
        // once.
        // SAFETY: as just said.
        unsafe {
            core::ptr::drop_in_place(self.as_mut_slice());
            self.dealloc();
        }
    }
}

/// Asks the kernel for transparent huge pages on `[ptr, ptr + len)` (Linux; a
/// no-op elsewhere, under Miri, or when the kernel says no).
#[allow(unused_variables)]
fn advise_huge_pages(ptr: *mut u8, len: usize) {
    #[cfg(all(target_os = "linux", not(miri)))]
    // `[ptr, ptr + len)` is one allocation of ours; `madvise` only changes
    // how the kernel backs it, never its contents or validity.
    // SAFETY: as just said.
    unsafe {
        libc::madvise(ptr.cast(), len, libc::MADV_HUGEPAGE);
    }
}

/// Faults in every page of `[ptr, ptr + len)` for writing
/// (`madvise(MADV_POPULATE_WRITE)`): whether the kernel did (Linux 5.14 and
/// later; `false` elsewhere and under Miri).
#[allow(unused_variables)]
fn populate(ptr: *mut u8, len: usize) -> bool {
    // `[ptr, ptr + len)` is one allocation of ours, unused by anything else;
    // populating its pages makes them present (zeroed, if never touched) and
    // changes no byte that was written.
    #[cfg(all(target_os = "linux", not(miri)))]
    // SAFETY: as just said.
    unsafe {
        libc::madvise(ptr.cast(), len, libc::MADV_POPULATE_WRITE) == 0
    }
    #[cfg(not(all(target_os = "linux", not(miri))))]
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Zeroed buffers below and past the huge-page threshold: every byte zero,
    /// writable, a huge one aligned to its page, each freed with the layout it
    /// was made with (Miri checks the deallocation).
    #[test]
    fn zeroed_buffers_read_zero_and_free_as_made() {
        for n in [1usize, 3, 1000, HUGE_THRESHOLD / 8, HUGE_THRESHOLD / 8 + 5] {
            // SAFETY: an `f64` of zero bytes is 0.0.
            let mut b = unsafe { Buffer::<f64>::zeroed(n) }.unwrap();
            assert_eq!((b.len(), b.capacity()), (n, n));
            let huge = n * 8 >= HUGE_THRESHOLD;
            assert_eq!(b.huge(), huge);
            if huge {
                assert_eq!(b.as_ptr().addr() % HUGE_PAGE, 0);
                assert!(b.head < HUGE_PAGE);
            }
            for k in [0, n / 2, n - 1] {
                assert_eq!(b.as_slice()[k].to_bits(), 0);
                b.as_mut_slice()[k] = k as f64;
            }
            assert_eq!(b.as_slice()[n - 1], (n - 1) as f64);
            if n == 1000 {
                // A Vec's layout: into_vec takes the allocation as it is.
                let p = b.as_ptr();
                let v = b.into_vec();
                assert_eq!((v.as_ptr(), v.len(), v[500]), (p, 1000, 500.0));
            } else if huge {
                // Copied out of the over-allocation, which is freed.
                let v = b.into_vec();
                assert_eq!((v.len(), v[n / 2]), (n, (n / 2) as f64));
            }
        }
        // Zero-sized requests allocate nothing.
        // SAFETY: as above.
        let e = unsafe { Buffer::<f64>::zeroed(0) }.unwrap();
        assert_eq!(e.len(), 0);
        // SAFETY: `()` has no bytes.
        let z = unsafe { Buffer::<()>::zeroed(5) }.unwrap();
        assert_eq!(z.len(), 5);
        // Too large: an error, not an abort.
        // SAFETY: as above (nothing is allocated).
        let over = unsafe { Buffer::<f64>::zeroed(usize::MAX / 4) };
        assert!(matches!(over, Err(LayoutError::TooLarge)));
        // SAFETY: as above (nothing is allocated).
        let near = unsafe { Buffer::<u8>::zeroed(isize::MAX as usize - 1000) };
        assert!(matches!(near, Err(LayoutError::TooLarge)));
    }

    /// A huge buffer that is not zeroed (`with_capacity`), and one of an
    /// element aligned to 64 bytes: written in part, cloned, cast and
    /// dropped, each freed with the layout it was made with (Miri checks the
    /// deallocations).
    #[test]
    fn huge_buffers_clone_cast_and_free_as_made() {
        let n = HUGE_THRESHOLD / 8 + 3;
        let mut b = Buffer::<u64>::with_capacity(n).unwrap();
        assert!(b.huge() && b.head < HUGE_PAGE);
        assert_eq!((b.as_ptr().addr() % HUGE_PAGE, b.capacity()), (0, n));
        for k in 0..5 {
            b.push(k * 3);
        }
        let c = b.clone();
        assert_eq!(c.as_slice(), &[0, 3, 6, 9, 12]);
        // SAFETY: `i64` has `u64`'s size and alignment; every `u64` is an `i64`.
        let d = unsafe { b.cast::<i64>() };
        assert_eq!(d.as_slice(), &[0, 3, 6, 9, 12]);
        assert!(d.huge());
        drop(d);

        // An element aligned past `T`'s usual 8 bytes, whose alignment the
        // over-allocation keeps (64 divides the huge page).
        #[derive(Clone, Copy)]
        #[repr(align(64))]
        struct Line([u8; 64]);
        let mut l = Buffer::<Line>::with_capacity(HUGE_THRESHOLD / 64).unwrap();
        assert!(l.huge());
        assert_eq!(l.as_ptr().addr() % 64, 0);
        l.push(Line([7; 64]));
        let m = l.clone();
        assert_eq!(m.as_slice()[0].0, [7; 64]);
        assert_eq!(m.as_ptr().addr() % 64, 0);
    }
}
