//! Freed huge-page regions kept for the next large array: a fresh array of
//! the same size then reuses pages already faulted in instead of faulting
//! in new ones, as glibc's heap reuses freed memory below its `mmap`
//! threshold, and as jemalloc and mimalloc keep freed pages for a while.
//!
//! Why: a new large array's pages cost more to fault in than the loop that
//! fills them. `b = a * 2` of 128 MiB took 18 ms into a new array and 9 ms
//! into an existing one; three new 8 MB arrays per outer product by tiling
//! took 10-12 ms, all but 0.5 ms of it page faults at about 1.8 us each (a
//! Zen 4 VM whose host takes back freed memory; `ndarray`'s arrays, through
//! glibc, pay the same faults). A loop that makes a temporary array per call
//! (NumPy-style expressions, `to_owned` of a view) pays that per call
//! without this.
//!
//! The rules:
//! - only huge-page regions (see [`HUGE_THRESHOLD`](super::HUGE_THRESHOLD)) are
//!   kept; a zeroed request (`Array::zeros`) that reuses one writes its zeros
//!   (one that does not is `calloc`'s memory, whose untouched pages cost
//!   nothing);
//! - at most [`MAX_REGIONS`] regions and [`MAX_BYTES`] in all (or the limit
//!   set by [`set_cached_memory_limit`]; 0 keeps nothing), the oldest freed
//!   first past either bound;
//! - a region kept for [`KEEP_FOR`] without being reused is freed the next
//!   time a large array is made or dropped, so that a program past its phase
//!   of large temporaries does not hold their memory for good (jemalloc's
//!   dirty pages decay over 10 s by default, in the same spirit);
//! - a request takes the smallest kept region of its alignment that holds it
//!   and wastes at most a quarter of it;
//! - the pages stay as they are: no advice to the kernel. (Lending them back
//!   with `madvise(MADV_FREE)`, so that the kernel could take them when memory
//!   runs short, made reuse slower: on a region of 4 KiB pages (a 4-32 MiB
//!   array from glibc's heap, where memory the heap had used before keeps its
//!   small pages) an 8 MB outer product took 2x as long, 520 against 265 us in
//!   the report, and on part of a huge page, which the advice splits, 1.4x in
//!   a probe; presumably the first store to each page after the advice, which
//!   must mark it dirty again);
//! - making or dropping an array never waits for the list's lock: while
//!   another thread holds it (or for good, in a child `fork`ed while a
//!   thread of its parent held it), an array comes from the allocator and
//!   goes back to it as if nothing were kept ([`release_cached_memory`] and
//!   [`set_cached_memory_limit`], called on purpose, do wait for it: in such
//!   a child they would block);
//! - [`release_cached_memory`] frees them all at once.

use core::ptr::NonNull;
use core::time::Duration;
use std::alloc::{self, Layout as AllocLayout};
use std::sync::Mutex;
use std::time::Instant;

/// The most regions kept at once.
pub const MAX_REGIONS: usize = 4;

/// The most bytes kept at once by default (a region larger than the limit is
/// freed at once); see [`set_cached_memory_limit`].
pub const MAX_BYTES: usize = 1 << 30;

/// How long a region is kept without being reused: one that has waited
/// longer is freed the next time a large array is made or dropped.
pub const KEEP_FOR: Duration = Duration::from_secs(10);

/// One allocation from the global allocator, not in use since `since`.
struct Region {
    raw: NonNull<u8>,
    layout: AllocLayout,
    since: Instant,
}

// A `Region` is an allocation nobody else points into (it was taken out of a
// dropped buffer); freeing it from any thread is fine.
// SAFETY: as just said.
unsafe impl Send for Region {}

/// The kept regions, oldest first, and the most bytes they may hold; the
/// rules above (no memory is touched here: the callers allocate and free).
struct Kept {
    regions: Vec<Region>,
    limit: usize,
}

impl Kept {
    /// The regions that have waited longer than [`KEEP_FOR`] at `now`,
    /// removed (the oldest are first).
    fn stale(&mut self, now: Instant) -> Vec<Region> {
        let n = self
            .regions
            .iter()
            .take_while(|r| now.saturating_duration_since(r.since) > KEEP_FOR)
            .count();
        self.regions.drain(..n).collect()
    }

    /// The oldest regions past [`MAX_REGIONS`] or the byte limit, removed.
    fn over(&mut self) -> Vec<Region> {
        let mut total: usize = self.regions.iter().map(|r| r.layout.size()).sum();
        let mut out = Vec::new();
        while self.regions.len() > MAX_REGIONS || total > self.limit {
            let old = self.regions.remove(0);
            total -= old.layout.size();
            out.push(old);
        }
        out
    }

    /// The smallest region of `layout`'s alignment that holds `layout.size()`
    /// bytes and wastes at most a quarter of its own, removed.
    fn take(&mut self, layout: AllocLayout) -> Option<Region> {
        let need = layout.size();
        let best = self
            .regions
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.layout.align() == layout.align()
                    && r.layout.size() >= need
                    && r.layout.size() - need <= r.layout.size() / 4
            })
            .min_by_key(|(_, r)| r.layout.size())
            .map(|(k, _)| k)?;
        Some(self.regions.remove(best))
    }

    /// Keeps `r` (the newest), and gives back the regions to free: `r`
    /// itself when larger than the limit, else the oldest past either bound.
    fn keep(&mut self, r: Region) -> Vec<Region> {
        if r.layout.size() > self.limit {
            return vec![r];
        }
        self.regions.push(r);
        self.over()
    }
}

/// The process's kept regions.
static KEPT: Mutex<Kept> = Mutex::new(Kept {
    regions: Vec::new(),
    limit: MAX_BYTES,
});

fn kept() -> std::sync::MutexGuard<'static, Kept> {
    // A panic while the lock is held leaves a valid list (every step of
    // `Kept` leaves it whole), so a poisoned lock is still good.
    KEPT.lock().unwrap_or_else(|e| e.into_inner())
}

/// The kept regions if the lock is free now, for [`take`] and [`give`],
/// which never wait for it: the list is a cache, and an array made or
/// dropped while another thread holds it (for the few instructions of a
/// list step, or for good in a child `fork`ed while a thread of its parent
/// held it) simply comes from the allocator or goes back to it.
fn kept_now() -> Option<std::sync::MutexGuard<'static, Kept>> {
    match KEPT.try_lock() {
        Ok(k) => Some(k),
        // As in `kept`.
        Err(std::sync::TryLockError::Poisoned(e)) => Some(e.into_inner()),
        Err(std::sync::TryLockError::WouldBlock) => None,
    }
}

/// A kept region for an allocation of `layout`: its start and its own layout
/// (at least `layout.size()`, at most a third more, the same alignment),
/// now the caller's; `None` when none fits.
pub(super) fn take(layout: AllocLayout) -> Option<(NonNull<u8>, AllocLayout)> {
    let (stale, r) = {
        let mut k = kept_now()?;
        (k.stale(Instant::now()), k.take(layout))
    };
    free_all(stale);
    r.map(|r| (r.raw, r.layout))
}

/// Keeps the allocation `raw` of `layout` for a later [`take`], or frees it
/// (too large, or the list busy: see [`kept_now`]), freeing the oldest kept
/// ones past the bounds.
///
/// # Safety
/// `raw` was allocated by the global allocator with `layout`, and is not used
/// after this call.
pub(super) unsafe fn give(raw: NonNull<u8>, layout: AllocLayout) {
    let Some(mut k) = kept_now() else {
        // Not kept (see `kept_now`): the caller's promise lets it go.
        free_all([Region {
            raw,
            layout,
            since: Instant::now(),
        }]);
        return;
    };
    // The clock read under the lock: the list stays in the order of `since`,
    // which `stale` relies on.
    let since = Instant::now();
    let stale = k.stale(since);
    let over = k.keep(Region { raw, layout, since });
    drop(k);
    free_all(stale);
    free_all(over);
}

/// Frees every region kept for reuse; returns how many bytes that was.
///
/// The library keeps up to four freed large arrays' allocations (huge-page
/// ones, of 4 MiB and more; at most 1 GiB in all) so that the next new array
/// of about the same size reuses their pages instead of faulting in new ones.
/// That memory stays the process's until reused, released, or kept unused
/// for 10 seconds (it is then freed the next time a large array is made or
/// dropped): call this to give all of it back at once, say after a phase
/// of work on large arrays (or see [`set_cached_memory_limit`]).
///
/// ```
/// use stride_core::{Array, release_cached_memory};
/// let a = Array::<f64, 1>::zeros([8 << 20])?; // 64 MiB
/// let b = &a + 1.0; // a new array: its allocation is kept when dropped
/// drop(b);
/// let c = &a + 2.0; // reuses it
/// drop((a, c));
/// assert!(release_cached_memory() >= 128 << 20);
/// assert_eq!(release_cached_memory(), 0);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub fn release_cached_memory() -> usize {
    let all = core::mem::take(&mut kept().regions);
    let bytes = all.iter().map(|r| r.layout.size()).sum();
    free_all(all);
    bytes
}

/// Sets the most bytes of freed large arrays' allocations kept for reuse
/// (see [`release_cached_memory`]; 1 GiB by default), frees
/// the oldest kept ones past it at once, and returns the limit it replaces.
/// 0 keeps nothing: every large array then comes from the allocator and
/// goes back to it when dropped.
///
/// ```
/// use stride_core::{Array, release_cached_memory, set_cached_memory_limit};
/// let old = set_cached_memory_limit(0);
/// let a = Array::<f64, 1>::zeros([1 << 20])?; // 8 MiB
/// drop(&a + 1.0); // not kept
/// assert_eq!(release_cached_memory(), 0);
/// set_cached_memory_limit(old);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub fn set_cached_memory_limit(bytes: usize) -> usize {
    let (old, over) = {
        let mut k = kept();
        let old = core::mem::replace(&mut k.limit, bytes);
        (old, k.over())
    };
    free_all(over);
    old
}

/// Frees regions (outside the lock: freeing a large block is a system call).
fn free_all(regions: impl IntoIterator<Item = Region>) {
    for r in regions {
        // Each region was allocated with its layout and is no one's (see
        // `give`).
        // SAFETY: as just said.
        unsafe { alloc::dealloc(r.raw.as_ptr(), r.layout) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(size: usize, align: usize) -> Region {
        Region {
            raw: NonNull::dangling(),
            layout: AllocLayout::from_size_align(size, align).unwrap(),
            since: Instant::now(),
        }
    }

    fn sizes(k: &Kept) -> Vec<usize> {
        k.regions.iter().map(|r| r.layout.size()).collect()
    }

    fn new_kept() -> Kept {
        Kept {
            regions: Vec::new(),
            limit: MAX_BYTES,
        }
    }

    /// With the list's lock held by another thread (for good, say, in a
    /// child `fork`ed while its parent held it), a request takes nothing and
    /// a freed allocation goes straight back to the allocator, at once: a
    /// `take` or `give` that waited would time the receive below out.
    #[test]
    fn a_held_lock_is_never_waited_for() {
        let held = kept();
        let before = held.regions.len();
        let (tx, rx) = std::sync::mpsc::channel();
        let worker = std::thread::spawn(move || {
            let layout = AllocLayout::from_size_align(8 << 20, 64).unwrap();
            let took = take(layout).is_some();
            // SAFETY: a non-zero size.
            let raw = NonNull::new(unsafe { alloc::alloc(layout) }).unwrap();
            // `raw` was just allocated with `layout` and is not used again.
            // SAFETY: as just said.
            unsafe { give(raw, layout) };
            tx.send((took, raw.as_ptr().addr())).unwrap();
        });
        let (took, raw) = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("take and give waited for the lock");
        assert!(!took);
        assert_eq!(held.regions.len(), before);
        assert!(held.regions.iter().all(|r| r.raw.as_ptr().addr() != raw));
        drop(held);
        worker.join().unwrap();
    }

    /// Regions that waited past [`KEEP_FOR`] go, oldest first, and only
    /// they; a lower limit evicts the oldest at once; a limit of 0 keeps
    /// nothing.
    #[test]
    fn kept_regions_age_out_and_follow_the_limit() {
        const M: usize = 1 << 20;
        let t0 = Instant::now();
        let mut k = new_kept();
        for (size, age) in [(10 * M, 0), (20 * M, 3), (30 * M, 6)] {
            let mut r = region(size, 8);
            r.since = t0 + Duration::from_secs(age);
            assert!(k.keep(r).is_empty());
        }
        assert!(k.stale(t0 + KEEP_FOR).is_empty());
        let gone = k.stale(t0 + KEEP_FOR + Duration::from_secs(4));
        assert_eq!(
            gone.iter().map(|r| r.layout.size()).collect::<Vec<_>>(),
            [10 * M, 20 * M]
        );
        assert_eq!(sizes(&k), [30 * M]);
        assert!(k.keep(region(40 * M, 8)).is_empty());
        k.limit = 50 * M;
        assert_eq!(k.over().len(), 1);
        assert_eq!(sizes(&k), [40 * M]);
        k.limit = 0;
        assert_eq!(k.keep(region(5 * M, 8)).len(), 1);
        assert_eq!(k.over().len(), 1);
        assert!(k.regions.is_empty());
    }

    /// The rules on a list of its own (no memory: the regions are never
    /// touched): the best fit within a quarter's waste, of the same alignment;
    /// the oldest freed first past four regions or 1 GiB; a region over 1 GiB
    /// given straight back.
    #[test]
    fn kept_regions_follow_the_rules() {
        const M: usize = 1 << 20;
        let mut k = new_kept();
        for size in [100 * M, 40 * M, 50 * M] {
            assert!(k.keep(region(size, 8)).is_empty());
        }
        // 40 MiB fits 40 (no waste); 45 fits 50 (a tenth), not 100.
        assert_eq!(
            k.take(AllocLayout::from_size_align(40 * M, 8).unwrap())
                .map(|r| r.layout.size()),
            Some(40 * M)
        );
        assert_eq!(
            k.take(AllocLayout::from_size_align(45 * M, 8).unwrap())
                .map(|r| r.layout.size()),
            Some(50 * M)
        );
        // 70 MiB would waste 30 of 100: more than a quarter.
        assert!(
            k.take(AllocLayout::from_size_align(70 * M, 8).unwrap())
                .is_none()
        );
        // Another alignment never matches.
        assert!(
            k.take(AllocLayout::from_size_align(100 * M, 16).unwrap())
                .is_none()
        );
        assert_eq!(sizes(&k), [100 * M]);
        // Past four regions, the oldest goes.
        for size in [10 * M, 20 * M, 30 * M] {
            assert!(k.keep(region(size, 8)).is_empty());
        }
        let out = k.keep(region(60 * M, 8));
        assert_eq!(
            out.iter().map(|r| r.layout.size()).collect::<Vec<_>>(),
            [100 * M]
        );
        assert_eq!(sizes(&k), [10 * M, 20 * M, 30 * M, 60 * M]);
        // Past 1 GiB in all, the oldest go until it fits.
        let out = k.keep(region(950 * M, 8));
        assert_eq!(
            out.iter().map(|r| r.layout.size()).collect::<Vec<_>>(),
            [10 * M, 20 * M, 30 * M]
        );
        assert_eq!(sizes(&k), [60 * M, 950 * M]);
        // Over 1 GiB on its own: given straight back, nothing else moves.
        let out = k.keep(region(MAX_BYTES + 1, 8));
        assert_eq!(out.len(), 1);
        assert_eq!(sizes(&k), [60 * M, 950 * M]);
    }
}
