//! Copies between any two layouts at memory bandwidth: the engine behind
//! `assign`, `to_contiguous`, `to_owned` and NumPy-order copies.
//!
//! The nest is planned in the output's memory order. For plain numbers (whose
//! clone is a copy of their bytes), three cases leave the element loop:
//! - the operands disagree on their fastest axis (a transpose) and each is
//!   contiguous along its own: every plane runs as one call of the register-block
//!   transposing copy;
//! - the runs are contiguous in both: byte copies;
//! - and outputs of [`STREAM_BYTES`] and more are written with non-temporal
//!   stores (by the transposing copies where the destination rows start on a
//!   64-byte line), which go to memory without first reading the lines they fill (a
//!   third less traffic than a cached copy of a large array): in both cases
//!   into a given output; transposes into a fresh one too; byte copies into a
//!   fresh one when its pages could be faulted in beforehand (huge-page
//!   buffers on Linux), else with ordinary stores (a fresh output's new pages
//!   are zeroed in cache as the copy reaches them, and a non-temporal store
//!   into such a line must first evict it).
//!
//! Everything else, and every other element type, runs element by element in
//! the nest's order (tiled for transposes), calling `clone`; but the long
//! unit-stride runs of a large given output of plain numbers (a gather from a
//! strided input, such as `a[:, ::2]`) are gathered into an L1 chunk and
//! streamed from it.

use core::any::TypeId;

use super::elementwise::{map_run, stream_run, update_run, update_small};
use super::nest::{Nest, Operands, Priority, SMALL_BOX, packed_run, small_runs};
#[cfg(target_arch = "x86_64")]
use super::staging::Across;
use super::tile_edge;
use super::transpose::{transpose_copy, transpose_tile};
use crate::buffer::Buffer;

/// Outputs of at least this many bytes are written with non-temporal stores:
/// past the caches, where the stores' reads of the lines they fill are wasted
/// traffic. Below, the output may still be in cache when it is next read.
/// Under Miri, 4 KiB, so that its small tests walk the streamed paths (the
/// gathers; and, where Miri is given AVX2, the streaming transposes and runs).
pub(crate) const STREAM_BYTES: usize = if cfg!(miri) { 4 << 10 } else { 8 << 20 };

/// Whether `T` is a primitive number, `bool` or `char`: `Copy`, without padding,
/// its clone a copy of its bytes, so a copy may move its bytes in any grouping.
pub(crate) fn is_plain<T>() -> bool {
    let id = typeid::of::<T>();
    [
        TypeId::of::<f64>(),
        TypeId::of::<f32>(),
        TypeId::of::<i64>(),
        TypeId::of::<u64>(),
        TypeId::of::<i32>(),
        TypeId::of::<u32>(),
        TypeId::of::<isize>(),
        TypeId::of::<usize>(),
        TypeId::of::<i16>(),
        TypeId::of::<u16>(),
        TypeId::of::<i8>(),
        TypeId::of::<u8>(),
        TypeId::of::<i128>(),
        TypeId::of::<u128>(),
        TypeId::of::<bool>(),
        TypeId::of::<char>(),
    ]
    .contains(&id)
}

/// Whether `value` is a plain number (see [`is_plain`]) whose bytes are all
/// zero (`0`, `0.0` but not `-0.0`, `false`, `'\0'`): then the zeroed bytes of
/// an allocation are copies of it.
pub(crate) fn is_zero_bytes<T>(value: &T) -> bool {
    if !is_plain::<T>() {
        return false;
    }
    let p = (value as *const T).cast::<u8>();
    // A plain number has no padding: each of its `size_of::<T>()` bytes is
    // initialised, and reading them does not outlive the borrow.
    // SAFETY: as just said.
    let bytes = unsafe { core::slice::from_raw_parts(p, size_of::<T>()) };
    bytes.iter().all(|&b| b == 0)
}

/// Copies (clones) every element of operand 1 into operand 0 of `ops`: `dst`
/// and `src` are the base pointers the offsets and strides (in elements) are
/// relative to. With `FRESH`, the output is uninitialised memory, written without
/// dropping; otherwise every output element is a valid `T`, replaced. `whole`
/// is the number of elements of the copy this call is a block of (a thread's
/// share of [`par_assign`](crate::ViewBase::par_assign)), or `None` for a
/// whole copy: the stores stream when the whole copy is larger than the caches.
/// A fresh output's byte copies stream only where `prefault` (called once,
/// before the first store, when streaming would pay) says its pages are
/// present (see `Buffer::prefault`); its transposes stream regardless.
///
/// # Safety
/// - Every offset operand 0's layout reaches from `dst` is valid for writes of
///   a `T`, each reached once (the layout is unique), and nothing else reads or
///   writes them during the call; unless `FRESH`, each holds a valid `T`;
/// - every offset operand 1's layout reaches from `src` is a valid `T` for
///   reads, none of them an output element.
pub(crate) unsafe fn copy<T: Clone, const R: usize, const FRESH: bool>(
    dst: *mut T,
    src: *const T,
    ops: &Operands<2, R>,
    whole: Option<usize>,
    prefault: impl FnOnce() -> bool,
) {
    // A small box: plain numbers packed alike as one byte copy, anything else
    // run by run without a plan, element by element.
    if whole.is_none() && crate::dims::size(&ops.shape) <= SMALL_BOX {
        if is_plain::<T>()
            && let Some(len) = packed_run(ops)
        {
            // `len` elements (at least one: see `dense`) from each operand's
            // offset, in one order (packed alike); plain numbers are copies
            // of their bytes.
            // SAFETY: as just said; the output's exclusive and apart from the
            // input's (the caller's promise).
            unsafe { copy_run(dst.add(ops.offsets[0]), src.add(ops.offsets[1]), len, false) };
            return;
        }
        small_runs(ops, |off, len, st| {
            let (d, s) = (dst.wrapping_offset(off[0]), src.wrapping_offset(off[1]));
            // SAFETY: runs of offsets each layout reaches, the output's
            // exclusive and apart from the input's (the caller's promise);
            // unless `FRESH`, each output element holds a valid `T`, replaced.
            unsafe {
                if FRESH {
                    map_run(d, st[0], s, st[1], len, &mut |x: &T| x.clone())
                } else {
                    update_small(d, st[0], s, st[1], len, &mut |_, x: &T| x.clone())
                }
            }
        });
        return;
    }
    let nest = Nest::plan(ops, Priority::Operand(0), tile_edge::<T>());
    let elements = whole.unwrap_or(nest.size()).max(nest.size());
    let stream = elements.saturating_mul(size_of::<T>()) >= STREAM_BYTES;
    let plain = is_plain::<T>();
    // Interleaved channels into planes (HWC to CHW) and back. (Such a nest is
    // never tiled: a loop of 2-4 is below the tiles' least side.)
    #[cfg(target_arch = "x86_64")]
    if plain
        && nest.tiling().is_none()
        // The operands' offsets and disjointness (the caller's
        // promise, passed on); a plain `T` is a write and a read of its bytes.
        // SAFETY: as just said.
        && unsafe { channels(&nest, size_of::<T>(), dst.cast(), src.cast()) }
    {
        return;
    }
    // A fresh output's pages are zeroed as the stores reach them, the zeroes
    // left in the cache, where a non-temporal store must first evict them:
    // the plain copies below stream into a fresh output only when its pages
    // were faulted in beforehand (`to_owned` of 512 MiB: 101 ms, against 126
    // ms with ordinary stores into pages faulted one by one and 152 ms
    // streamed into them; of 80 MB 16.5, 18.6 and 22.8 ms; the Intel VM, side
    // by side). The gather further down does not pay for it (measured slower
    // streamed into prefaulted pages, as `b = a * 2`).
    if plain {
        if let Some((inner, other, _)) = nest.tiling() {
            let ((cols, [d_in, s_in]), (rows, [d_out, s_out])) =
                (nest.loop_at(inner), nest.loop_at(other));
            if d_in == 1 && s_out == 1 {
                // Streamed into fresh pages too, not prefaulted: 2x faster for
                // `a.t().to_shape(..)` than ordinary stores, and its first strip
                // faults in every page of the output, so that prefaulting
                // measured the same (5000² and 8192² `f64`, side by side).
                nest.planes(inner, other, |off| {
                    // The plane's box is the nest's (loops `other` x `inner`): its
                    // offsets are the layouts' (the caller's promise), the output's
                    // contiguous along `inner`, the input's along `other`.
                    // SAFETY: as just said; a plain `T` has no padding and no drop,
                    // so overwriting one is a write.
                    unsafe {
                        transpose_sized(
                            size_of::<T>(),
                            dst.offset(off[0]).cast(),
                            d_out,
                            src.offset(off[1]).cast(),
                            s_in,
                            rows,
                            cols,
                            stream,
                            false,
                        )
                    };
                });
                return;
            }
        } else if let Some((run, [1, 1])) = nest.loops().last() {
            // Byte copies: into a fresh output, streamed when its pages could
            // be faulted in first (above), with ordinary stores otherwise,
            // which fill the zeroed lines in the cache.
            let stream = stream
                && run >= stream_min_run::<T>()
                && (!FRESH || (has_stream_stores() && prefault()));
            nest.runs(|off, len, _| {
                // SAFETY: a run of `len` contiguous elements in each operand,
                // reached by their layouts, disjoint (the caller's promise);
                // plain numbers need no drop and are copies of their bytes.
                unsafe {
                    copy_run(
                        dst.offset(off[0]),
                        src.offset(off[1]),
                        len,
                        stream && len >= stream_min_run::<T>(),
                    )
                };
            });
            if stream {
                stream_fence();
            }
            return;
        }
    }
    // Other plain copies into the unit-stride runs of a given output (a gather
    // from a strided input, such as `a[:, ::2]`) stream their long runs through
    // an L1 chunk: 3-4% faster for `a[:, ::2]` of 256 MiB, read-bound (every
    // line of the input is read for half its elements). Not fresh outputs,
    // whose new pages are zeroed in cache as the loop reaches them (measured no
    // faster), as in the elementwise loops. (A plain `T` has no drop, so
    // overwriting one is a write, and its clone is a copy of its bytes.)
    let gather = stream && !FRESH && plain && (cfg!(miri) || has_stream_stores());
    let mut clone = |x: &T| x.clone();
    nest.runs(|off, len, st| {
        if gather && st[0] == 1 && len >= stream_min_run::<T>() {
            // SAFETY: an exclusive unit-stride output run of `len` elements and
            // `len` valid input elements `st[1]` apart, apart from it (the
            // caller's promise); plain `T`: a write and a `read` (see above).
            unsafe {
                let s = src.offset(off[1]);
                stream_run(dst.offset(off[0]), len, |buf, k0, n| {
                    let s = s.offset(k0 as isize * st[1]);
                    for k in 0..n {
                        buf.add(k).write(s.offset(k as isize * st[1]).read());
                    }
                });
            }
            return;
        }
        if plain && st[0] == 1 && st[1] == 0 {
            // A broadcast input (`to_owned` of `a[:, None]` broadcast to a
            // matrix): one element repeated along a contiguous output run,
            // stored as a fill the compiler vectorises (the element loop
            // reloads it per store). `to_owned` of a 1000 x 1000 column
            // broadcast, in a probe alternating with the outer product's
            // other steps: 743-863 us before, 592-635 us after (ndarray's
            // 482-552 us there; alone, ours 302-330 us, ndarray's 357-382).
            // SAFETY: `len` exclusive contiguous output elements and one valid
            // input element, apart (the caller's promise); a plain `T` has no
            // drop, and its clone is a copy of its bytes.
            unsafe {
                let v = core::mem::ManuallyDrop::new(src.offset(off[1]).read());
                let d = dst.offset(off[0]);
                for k in 0..len {
                    d.add(k).write(core::ptr::read(&*v));
                }
            }
            return;
        }
        // SAFETY: a run of offsets each layout reaches, the output's exclusive
        // and apart from the input's (the caller's promise); unless `FRESH`,
        // each output element holds a valid `T`.
        unsafe {
            if FRESH {
                map_run(
                    dst.offset(off[0]),
                    st[0],
                    src.offset(off[1]),
                    st[1],
                    len,
                    &mut clone,
                )
            } else {
                update_run(
                    dst.offset(off[0]),
                    st[0],
                    src.offset(off[1]),
                    st[1],
                    len,
                    &mut |_, s: &T| s.clone(),
                )
            }
        };
    });
    if gather {
        stream_fence();
    }
}

/// The copies between interleaved channels and planes (HWC to CHW and back,
/// 2-4 channels of 1, 2, 4 or 8 bytes; `kernel::channels`), where `nest`
/// (an output and an input of plain `size`-byte elements) is one and this CPU
/// runs it; false (nothing copied) where not.
///
/// The pattern is [`Nest::channel_walk`]'s for the input, with the output
/// contiguous along the run (to planes: rows of planes; back: the channels of
/// a pixel).
///
/// # Safety
/// `dst` and `src` (byte pointers to elements of `size` bytes) are valid for
/// writes and reads at every offset `nest` reaches from its start, scaled by
/// `size`, and the output's do not overlap the input's.
#[cfg(target_arch = "x86_64")]
unsafe fn channels<const R: usize>(
    nest: &Nest<2, R>,
    size: usize,
    dst: *mut u8,
    src: *const u8,
) -> bool {
    // A nest of no loops (rank 0) has no run to take.
    let Some(inner) = nest.depth().checked_sub(1) else {
        return false;
    };
    let (len, [d_in, s_in]) = nest.loop_at(inner);
    // Byte pointers to an element's offsets: inside the operands (the
    // contract), so below isize::MAX bytes, as are their distances.
    let bytes = |n: isize| n * size as isize;
    // The kernels write whole rows of planes, or whole pixels, forwards.
    if d_in != 1 {
        return false;
    }
    match nest.channel_walk(1) {
        Some((other, Across::Split)) => {
            let (ch, [d_out, _]) = nest.loop_at(other);
            let Some(planes) = super::channels::planes_for(size, ch) else {
                return false;
            };
            nest.planes(inner, other, |off| {
                // The plane's box is the nest's (loops `other` x `inner`):
                // `ch` output rows `d_out` elements apart, each a run of
                // `len` elements, and the input's `ch * len` contiguous
                // elements (the contract), apart; the kernel is for this
                // CPU, `ch` and `size`.
                // SAFETY: as just said.
                unsafe {
                    planes(
                        dst.offset(bytes(off[0])),
                        bytes(d_out),
                        src.offset(bytes(off[1])),
                        len,
                    )
                };
            });
            true
        }
        Some((other, Across::Join)) => {
            let Some(join) = super::channels::interleave_for(size, len) else {
                return false;
            };
            let pixels = nest.loop_at(other).0;
            nest.planes(inner, other, |off| {
                // The box of loops `other` x `inner`: `pixels * len`
                // contiguous output elements and `len` input rows `s_in`
                // elements apart, each a run of `pixels` elements (the
                // contract), apart; the kernel is for this CPU, `len`
                // channels and `size`.
                // SAFETY: as just said.
                unsafe {
                    join(
                        dst.offset(bytes(off[0])),
                        src.offset(bytes(off[1])),
                        bytes(s_in),
                        pixels,
                    )
                };
            });
            true
        }
        None => false,
    }
}

/// [`transpose_copy`] (or, with `tile`, [`transpose_tile`]) of plain elements
/// of `size` bytes (strides in elements), moved as the unsigned integer of that
/// size (which has their alignment: every plain type of a size is aligned as
/// the integer of that size, or is that integer).
///
/// # Safety
/// As [`transpose_copy`] for elements of a plain type of `size` bytes at
/// `dst` and `src`.
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn transpose_sized(
    size: usize,
    dst: *mut u8,
    dst_rs: isize,
    src: *const u8,
    src_rs: isize,
    rows: usize,
    cols: usize,
    stream: bool,
    tile: bool,
) {
    macro_rules! as_int {
        ($($n:literal => $u:ty),*) => {
            match size {
                $($n => {
                    // SAFETY: a plain element of this size is a plain run of
                    // its bytes, aligned as the integer of its size.
                    unsafe {
                        let (d, s) = (dst.cast::<$u>(), src.cast::<$u>());
                        if tile {
                            transpose_tile(d, dst_rs, s, src_rs, rows, cols)
                        } else {
                            transpose_copy(d, dst_rs, s, src_rs, rows, cols, stream)
                        }
                    }
                })*
                _ => unreachable!("plain types are 1 to 16 bytes"),
            }
        };
    }
    as_int!(1 => u8, 2 => u16, 4 => u32, 8 => u64, 16 => u128)
}

/// Clones `src` into the empty fresh buffer `dst` (of capacity at least
/// `src.len()`) when `T` is plain: one byte copy, streamed into a large
/// buffer whose pages could be faulted in first (as [`copy`]'s); `false`,
/// with nothing written, for any other `T`.
pub(crate) fn clone_plain<T: Clone>(dst: &mut Buffer<T>, src: &[T]) -> bool {
    if !is_plain::<T>() {
        return false;
    }
    assert!(
        dst.len() == 0 && dst.capacity() >= src.len(),
        "clone_plain: an empty buffer with room for the elements"
    );
    let stream = has_stream_stores() && dst.prefault();
    // The empty buffer has room for `src.len()` elements (checked above),
    // apart from `src`; a plain `T` is a copy of its bytes, with no drop.
    // SAFETY: as just said.
    unsafe {
        copy_run(dst.as_mut_ptr(), src.as_ptr(), src.len(), stream);
        if stream {
            stream_fence();
        }
        // Every one of the elements was written just above.
        dst.set_len(src.len());
    }
    true
}

/// Orders the non-temporal stores issued so far before whatever follows (a
/// no-op elsewhere than on x86-64, and under Miri, which runs them as ordinary
/// stores). For the library's loops and the `kernel!` expansion: not an API.
#[doc(hidden)]
pub fn stream_fence() {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    // SAFETY: SSE is part of the x86-64 baseline.
    unsafe {
        core::arch::x86_64::_mm_sfence()
    };
}

/// Whether this CPU has the non-temporal stores [`copy_run`] streams with
/// (AVX).
pub(super) fn has_stream_stores() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx");
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// Bytes below which a run is copied with ordinary stores even where the
/// output streams (a short run shares its first and last lines with its
/// neighbours). Under Miri, 64, so that its small tests walk streamed runs.
const STREAM_RUN_BYTES: usize = if cfg!(miri) { 64 } else { 4096 };

/// The shortest run of `T`s worth streaming (see [`STREAM_RUN_BYTES`]). For the
/// library's loops and the `kernel!` expansion: not an API.
#[doc(hidden)]
pub fn stream_min_run<T>() -> usize {
    STREAM_RUN_BYTES.div_ceil(size_of::<T>().max(1))
}

/// Copies `len` contiguous elements, with non-temporal stores if `stream` and
/// the CPU has AVX (the caller issues the closing [`stream_fence`]).
///
/// # Safety
/// `dst` is valid for writes and `src` for reads of `len` elements, apart; `T`
/// is plain (see [`is_plain`]).
pub(super) unsafe fn copy_run<T>(dst: *mut T, src: *const T, len: usize, stream: bool) {
    #[cfg(target_arch = "x86_64")]
    if stream && has_stream_stores() {
        // AVX is available; `len * size_of::<T>()` bytes are valid at both
        // ends and apart (the caller's promise).
        // SAFETY: as just said.
        unsafe {
            stream_bytes(
                dst.cast(),
                src.cast(),
                len * size_of::<T>(),
                !super::cpu::amd(),
            )
        };
        return;
    }
    let _ = stream;
    // SAFETY: the caller's promise.
    unsafe { core::ptr::copy_nonoverlapping(src, dst, len) };
}

/// Copies `n` bytes with 32-byte non-temporal stores (ordinary copies for the
/// unaligned head and the tail), four per step: two whole lines. With
/// `pages`, the body runs in blocks of four 4 KiB pages copied side by side,
/// 128 bytes of each page per step, with the source lines 256 bytes ahead in
/// the same page (two of its steps) prefetched: four read and four write
/// streams at once, as glibc's large `memcpy` does; else in one stream.
/// [`copy_run`] takes the pages except on AMD CPUs. Measured on the Intel VM
/// (512 MiB, huge pages, side by side): 0.94x of `copy_from_slice` (which
/// streams at this size), against 1.09x for one stream; the same at 64 MiB
/// (0.65x). On the Zen 4 VM the other way round (a probe, 9 rounds side by
/// side, ratios to `copy_from_slice`, which streams there from 64 MiB): one
/// stream 0.62x at 512 MiB and 0.58x at 64 MiB, four pages 0.77x and 0.79x
/// (with a prefetch 2 KiB ahead, one stream 0.60x and 0.63x; in 64-byte
/// stores, 0.67x and 0.72x).
///
/// # Safety
/// AVX is available; `dst` is valid for writes and `src` for reads of `n`
/// bytes, apart.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn stream_bytes(dst: *mut u8, src: *const u8, n: usize, pages: bool) {
    use core::arch::x86_64::{__m256i, _mm256_loadu_si256, _mm256_stream_si256};
    /// Copies the 128 bytes at `s` to `d` (32-byte aligned) with
    /// non-temporal stores.
    ///
    /// # Safety
    /// AVX; 128 bytes valid at `s` for reads and at `d` for writes, apart;
    /// `d` is 32-byte aligned (the non-temporal stores need it).
    #[target_feature(enable = "avx")]
    unsafe fn step(d: *mut u8, s: *const u8) {
        let (d, s) = (d.cast::<__m256i>(), s.cast::<__m256i>());
        // SAFETY: the caller's promise.
        unsafe {
            let v = [
                _mm256_loadu_si256(s),
                _mm256_loadu_si256(s.add(1)),
                _mm256_loadu_si256(s.add(2)),
                _mm256_loadu_si256(s.add(3)),
            ];
            for (j, v) in v.into_iter().enumerate() {
                // Miri cannot run the non-temporal store (inline assembly):
                // there, an ordinary one.
                if cfg!(miri) {
                    core::arch::x86_64::_mm256_storeu_si256(d.add(j), v);
                } else {
                    _mm256_stream_si256(d.add(j), v);
                }
            }
        }
    }
    const PAGE: usize = 4096;
    const PAGES: usize = 4;
    let head = (dst.align_offset(32)).min(n);
    let blocks = if pages {
        (n - head) / (PAGE * PAGES) * (PAGE * PAGES)
    } else {
        0
    };
    let body = (n - head) / 128 * 128;
    // Loads are unaligned; prefetch addresses are made without `add`'s
    // in-bounds promise (a prefetch is a hint that never faults).
    // Head, blocks, rest of the body and tail split the `n` bytes; from `head`
    // on `dst` is 32-byte aligned (every step is a multiple of 32 bytes).
    // SAFETY: as just said.
    unsafe {
        core::ptr::copy_nonoverlapping(src, dst, head);
        let (d, s) = (dst.add(head), src.add(head));
        let mut b = 0;
        while b < blocks {
            let mut k = 0;
            while k < PAGE {
                for p in 0..PAGES {
                    let o = b + p * PAGE + k;
                    #[cfg(not(miri))]
                    {
                        use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
                        _mm_prefetch::<_MM_HINT_T0>(s.wrapping_add(o + 256).cast());
                        _mm_prefetch::<_MM_HINT_T0>(s.wrapping_add(o + 320).cast());
                    }
                    step(d.add(o), s.add(o));
                }
                k += 128;
            }
            b += PAGE * PAGES;
        }
        while b < body {
            step(d.add(b), s.add(b));
            b += 128;
        }
        core::ptr::copy_nonoverlapping(s.add(body), d.add(body), n - head - body);
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    /// The streamed byte copy moves every byte and nothing else, for
    /// destinations off a 32-byte boundary and lengths below one step, between
    /// steps, and past one 16 KiB block with a partial one after it; in blocks
    /// of four pages and in one stream. Small enough for Miri, which takes it
    /// when the target has AVX (the CI's AVX2 Miri step).
    #[test]
    fn stream_bytes_copies_every_byte() {
        if !super::has_stream_stores() {
            return;
        }
        let src: Vec<u8> = (0..(16 << 10) + 4096 + 77)
            .map(|k| (k % 251) as u8)
            .collect();
        for (n, pages) in [0, 31, 200, src.len()]
            .into_iter()
            .flat_map(|n| [(n, true), (n, false)])
        {
            for off in [1, 8, 32] {
                let mut dst = vec![0xAAu8; n + 96];
                // 32-byte aligned plus `off`: a head of `(32 - off) % 32` bytes.
                let start = dst.as_ptr().align_offset(32) + off;
                // AVX (checked above); `start <= 31 + 32`, so the `n` bytes
                // from it lie in `dst`'s `n + 96`; `n` bytes of `src`; two
                // vectors, apart.
                // SAFETY: as just said.
                unsafe { super::stream_bytes(dst.as_mut_ptr().add(start), src.as_ptr(), n, pages) };
                assert!(dst[..start].iter().all(|&b| b == 0xAA), "{n} at {off}");
                assert_eq!(&dst[start..start + n], &src[..n], "{n} at {off}");
                assert!(dst[start + n..].iter().all(|&b| b == 0xAA), "{n} at {off}");
            }
        }
    }
}
