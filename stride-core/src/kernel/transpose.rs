//! The transposing copy at memory bandwidth: `dst[i][j] = src[j][i]`, where the
//! rows of `dst` and the rows of `src` are both contiguous (so the copy reads
//! along `src` rows and writes along `dst` rows, each in its own memory order).
//!
//! For 8- and 4-byte elements on x86-64 with AVX2 (detected at run time), the
//! copy runs in register blocks: 8 x 16 blocks of 8-byte elements (eight 4 x 4
//! transposes, `vinsertf128` row pairs + `unpacklo/hi_pd`) and 16 x 16 blocks of
//! 4-byte elements (four 8 x 8 transposes, `vinsertf128` row pairs +
//! `unpacklo/hi_ps` + `shuffle_ps`). A block reads one whole 64-byte line of
//! each of its 16 source rows and writes whole lines of the destination (two
//! per row for 8-byte elements, one for 4-byte ones), so every line is touched
//! once, completely, and nothing needs to stay in cache between blocks.
//!
//! 2- and 1-byte elements (`u16`, `u8` images) run the same walk in 16 x 16 and
//! 16 x 32 blocks: two source rows per register (one per 128-bit lane), then
//! rounds of in-lane unpacks (16, 32, 64 bits; 8, 16, 32, 64 bits), which give
//! 32 bytes of each destination row per block. Measured against
//! `copy_from_slice` of the same bytes (4096² and 8192², side by side):
//! 2.4-3.0x for both, against 10-12x (`u16`) and 22x (`u8`) for the portable
//! tiles they replace (on the AMD VM). Blocks that write whole lines (16 x 32
//! for `u16`, 16 x 64 for `u8`: twice the source rows per strip) measured
//! 3.0-3.6x there; ordinary instead of non-temporal stores, 3.0-4.4x.
//!
//! On the Intel VM those blocks' streaming copy took 7.7-8.3x of the streaming
//! copy of the same bytes (4.2-4.5x `copy_from_slice`, which does not stream
//! at 64-128 MiB) at 8192², and 4.5x (`u8`) and 8.2x (`u16`) at 8000²: each
//! destination line was written in two 32-byte halves by two strips far apart
//! in time, so the write-combining buffers were flushed half full. The
//! streaming copy of 2- and 1-byte elements therefore writes whole lines, two
//! 32-byte non-temporal stores back to back, from blocks of 32 (`u16`) or 64
//! (`u8`) source rows (`K16L`, `K8L`). Read directly, 64 source rows a
//! power of two apart share one L1 set and evict each other between the
//! blocks that read their lines' four quarters (and more streams than the
//! prefetcher follows), so a block first stages whole lines of its source rows
//! in a scratch (64-byte rows, consecutive sets), 8 lines per row for bytes
//! (a 32 KiB scratch, each source row read in a 512-byte run), 1 for `u16`,
//! and transposes from there. Measured with `transpose_probe` (two runs, ratios
//! to the streaming copy; `copy_from_slice` in brackets): `u8` 8192² 1.84-1.87x
//! (1.07-1.09x), 8000² 1.48-1.59x (0.91-0.94x); `u16` 8192² 1.54-1.59x
//! (0.87-0.91x), 8000² 1.41-1.42x (0.79-0.80x). Tried: whole lines without the
//! scratch, 2.7-2.9x (`u8`) and 1.5-1.9x (`u16`); `u8` with 1, 2, 4 or 16
//! lines per row staged, 2.0-2.4x, 2.0-2.7x, 1.8-2.1x and 2.0-2.1x (8 lines:
//! 1.6-1.9x); `u16` with 2-16 lines per row or 64-row blocks, no better;
//! software prefetch of the next blocks' lines (64-512 bytes ahead, into L1
//! or L2): better at 8000² (2.4-2.7x against 3.3x, without staging), worse at
//! 8192² (3.1-5.2x); the blocks compiled for AVX-512VL (32 vector registers):
//! no change.
//!
//! - With `stream` (outputs larger than the caches): non-temporal stores, in
//!   strips of 16 source rows walked from end to end, i.e. 16 sequential read
//!   streams, which the hardware prefetcher follows (software prefetch measured
//!   no better; 32 streams measured much worse). (So the AVX2 blocks of 4- and
//!   8-byte elements; the AVX-512 blocks walk strips of 32 rows (16 on AMD),
//!   and `u16` and `u8` whole-line blocks of 32 and 64 staged rows: below.)
//!   Destination rows must all start on a 64-byte line for the stores: the
//!   first columns up to the alignment use ordinary stores, and a destination
//!   whose rows cannot all be aligned gets ordinary stores throughout. (Rows
//!   an odd multiple of 32 bytes apart streamed too until the twenty-sixth
//!   stop, every other row's lines in two halves from two strips: 4.3x
//!   `copy_from_slice` for `f64` at 1444² to 2012², 8.4x for `i32` at
//!   2008² and 3000²; ordinary stores 1.3-1.9x, see `x86::copy`.)
//!
//!   Measured on a 2-core AMD Zen 3 VM (8192 x 8192 and 8000 x 8000, huge
//!   pages; ratios to `copy_from_slice` of the same bytes, side by side, with
//!   run-to-run noise of about 0.2, and an occasional run 2.5x or worse for
//!   every layout): 1.0-1.35x when the row strides are not powers of two,
//!   1.3-1.75x for `f64` and 2.1-2.5x for `f32` when they are. Split timings
//!   locate the cost in the writes: the reads of the strips alone take
//!   0.6-0.9x, but writing the destination in the strips' pattern alone
//!   (128-byte runs per row for `f64`, 64 for `f32`, rows 32 or 64 KiB apart)
//!   takes 0.9-1.3x for `f64` (also at 8000 x 8000, but 0.6x with rows 8200
//!   elements apart) and 1.7-1.9x for `f32`, against 0.6-0.7x with runs of
//!   256-512 bytes. No way found to get the longer runs without slowing the
//!   reads more: 32 or more source rows read together (tiles, 2-4x; two 16-row
//!   strips alternating in chunks of 64-1024 columns, 1.5-1.8x), staging 16-64
//!   source rows through a 16-256 KiB scratch tile and streaming 256-512 byte
//!   runs out of it (with or without the stream-out interleaved with the reads;
//!   1.6-2.6x, as slow without power-of-two strides), panels of 8 destination
//!   rows with non-temporal stores (2.3-5.4x), 128-512 element square tiles
//!   written in panels while the next tile is prefetched row by row (2-3x),
//!   blocks visited in a permuted order within windows of 8-64 blocks
//!   (1.6-3.5x), and software prefetch (`T0` or `NTA`, 2-8 blocks ahead; no
//!   better at 8192, worse for `f32` at 8000) were all slower. So were strips
//!   split into independent 8-row sub-strips (8 x 8 blocks, one line per
//!   destination row): sub-strips a line or more apart in their columns, so
//!   that the 16 source lines fall in different cache sets, 1.3-1.8x; two
//!   sub-strips 32 rows apart, so that the stores alternate between 256-byte
//!   blocks, 1.5-2.1x; 32-64 rows in skewed sub-strips, 2.6-3.1x; and the
//!   destination's base address moved by 64 bytes to 512 KiB: no change.
//!   Staging through L3 (tiles of 64-512 source rows by 512-2048 columns, 1-2
//!   MiB, read in 16-row strips into a padded scratch, then streamed out in
//!   runs of 512 B-4 KiB): 1.9-2.2x; the transposes into a scratch that lives
//!   in L3 are themselves about as slow as the whole copy.
//!
//!   On the 2-core Intel Xeon VM (AVX-512, 2 MiB L2), which later stops ran
//!   on, with `copy_from_slice` of the same bytes now a streaming copy at these
//!   sizes: 1.10-1.15x at 8192 x 8192 `f64`, 1.00-1.04x at 8000 x 8000, against
//!   1.21-1.22x and 1.08-1.10x of the four-page streaming copy of
//!   [`copy`](super::copy). Tried there: strips of 32 or 64 source rows
//!   (two or four blocks per destination row, 256-512 byte runs): 1.23-1.25x
//!   and 1.75x at 8192, 1.05-1.06x and 2.8x at 8000, against 1.11x and
//!   0.97-1.01x for 16 rows in the same runs; software prefetch of the
//!   strips' source lines 2-16 blocks ahead: at 8192 no better or 3-5% slower,
//!   at 8000 0.99-1.01x instead of 1.02-1.04x with 8 blocks (1.5-2% with 4 or
//!   16), but with rows padded to 8200 elements 1.22-1.32x instead of
//!   1.08-1.10x (the `transpose_probe` example, two runs each), so not taken.
//!   At the tenth stop, with AVX-512 blocks (8 x 8 transposes of one 64-byte
//!   line per source row in `zmm` registers, each destination line written
//!   by one full-line non-temporal store), seven to nine rounds side by side,
//!   as ratios to `copy_from_slice` (which streams at 2896² and up):
//!
//!   | strips of | 8192² | 8000² | 8192², rows 8200 apart | 4096² | 2896² | 2048² |
//!   |---|---|---|---|---|---|---|
//!   | 16 rows, AVX2 (before) | 1.19x | 1.07x | 1.05x | 0.67x | 0.57x | 0.71x |
//!   | 16 rows, AVX-512 | 1.19x | 1.10x | 1.02x | 0.64x | 0.58x | 0.69x |
//!   | 32 rows, AVX-512 (taken) | 1.12x | 1.03x | 1.02x | 0.60x | 0.55x | 0.72x |
//!   | 48 rows, AVX-512 | 1.17-1.18x | | | | | |
//!   | 64 rows, AVX-512 | 2.5x | | | | | |
//!
//!   Padding only the destination's rows (8192² into rows 8200 apart) took
//!   1.18x to 1.07x, only the source's 1.14x: the cost at power-of-two strides
//!   is mostly in the writes, 128-byte pieces of rows 64 KiB apart; 32-row
//!   strips write 256 bytes of each row at a time, each line in one store
//!   (32-row strips of the AVX2 blocks, which write a line in two 32-byte
//!   halves, were slower than 16-row ones: above). Also tried there: 8-row
//!   strips (1.43-1.49x), and the second 8-row half of a 16-row strip run 8
//!   to 520 columns ahead of the first, or a second strip 32 to 512 rows
//!   away alternating with the first (1.17-1.20x at 8192²): no better.
//! - Without `stream`: ordinary stores in panels of 8 (16) destination rows
//!   written from end to end, so the lines the stores must first read come in
//!   sequential streams, with the source lines a few blocks ahead prefetched;
//!   in strips instead when the source row stride is a multiple of 4 KiB (the
//!   prefetched lines would all share one cache set). With AVX-512F, 4- and
//!   8-byte elements run the `zmm` blocks below in strips instead, for every
//!   box of at least 16 x 32 (the thinner keep the AVX2 kernels' smaller edge
//!   blocks). Measured on the Intel VM with the `transpose_probe` example's
//!   sweep of square sizes 128-1400 (outputs below the 8 MiB from which the
//!   library streams), two runs of the AVX2 build and of this one alternating,
//!   ratios to `copy_from_slice`: `f32` 1.43-1.54x against 1.78-1.91x at
//!   128-256, 1.15-1.52x against 1.42-1.84x at 724-1400; `f64` 1.48-1.54x
//!   against 1.75-2.02x at 128-256, 1.10-1.17x against 1.31-1.35x at 512,
//!   1.20-1.62x against 1.26-1.74x at 724-1400. Slower in two of the twenty
//!   cases: `f32` at 500 (1.57-1.63x against 1.23-1.43x) and `f64` at 400
//!   (1.31-1.34x against 1.18-1.23x). The `zmm` blocks in panels measured
//!   worse at some sizes (`f32` 2.4x at 724, `f64` 1.9x at 800). 2- and 1-byte
//!   elements whose source rows lie a multiple of 256 bytes apart run the
//!   streaming copy's staged whole-line blocks (above) with ordinary stores:
//!   the `transpose_probe` sweep, two runs each, ratios to `copy_from_slice`:
//!   `u8` 256² 2.39-2.40x against 3.76-3.90x, 512² 2.70-2.87x against
//!   5.10-5.69x, 1024² 2.68x against 3.24-3.39x; `u16` 256² 1.81-1.83x against
//!   2.40-2.44x, 512² 1.88-1.95x against 2.93-3.12x, 1024² 1.62-1.65x against
//!   2.44-2.49x. For other strides the blocks were no better (at 1000² `u16`
//!   1.57-1.60x against 1.39-1.41x, `u8` 600² 4.2-4.4x against 3.4-3.5x;
//!   better from 1200² on, by 5-25%), so those keep the panels.
//! - [`transpose_tile`]: strips, ordinary stores, no prefetch (with AVX-512F,
//!   the `zmm` blocks for 4- and 8-byte elements in boxes of at least 16 x 32).
//!
//! With AVX-512F (detected at run time), the streaming copy of 8- and 4-byte
//! elements whose destination rows can all be aligned to 64 bytes runs in
//! `zmm` blocks instead, one 64-byte non-temporal store per destination line:
//! 8 x 32 blocks of 8-byte elements (four 8 x 8 transposes) and 16 x 32 blocks
//! of 4-byte elements (two 16 x 16 transposes), both in strips of 32 source
//! rows (16 on AMD: below), which write 256 (8-byte) or 128 (4-byte) bytes of
//! each destination row at a time (measurements above). For `f32` on the Intel VM (the
//! `transpose_probe` example, runs of seven rounds side by side, ratios to
//! `copy_from_slice`; the AVX2 blocks' in the same runs in brackets): 8192²
//! 1.14-1.19x (1.47-1.52x), 8000² 1.14-1.19x (1.35-1.42x), 4096² 0.63-0.64x
//! (0.80-0.82x), 2896² 0.64-0.67x (0.67-0.72x). Strips of 16 source rows (one
//! transpose per block) measured 1.47-1.48x at both large sizes, strips of 64
//! (256 bytes per destination row, as for `f64`) 2.8-2.9x: 64 sequential read
//! streams are more than the prefetcher follows, as for `f64`. Storing each
//! transpose's sixteen lines in turn instead of each row's two lines back to
//! back: 1.16-1.19x at 8192², level at 8000².
//!
//! On AMD CPUs ([`short_strips`]) the `zmm` blocks walk strips of 16 source
//! rows instead (two 8 x 8 transposes per block for 8-byte elements, one 16 x
//! 16 for 4-byte ones), and the streaming copy prefetches each strip's source
//! lines [`STRIP_AHEAD`] blocks ahead into L2. On the 2-core AMD EPYC Zen 4
//! VM of the fourteenth stop (32 KiB L1d, 1 MiB L2), a probe of the bare
//! loops found the reads the bottleneck, not the writes as on Intel: reading
//! 8192² `f64` in the pattern of 32-row strips took 42 ms, of 16-row strips
//! 24 ms, and writing in either pattern 23 ms (the streaming copy: 36-45
//! ms). Measured with the library's copy, 15 rounds side by side, ratios to
//! `copy_from_slice` (to the streaming copy in brackets):
//!
//! | `f64` | 8192² | 8000² | 4096² | 2896² |
//! |---|---|---|---|---|
//! | 32-row strips | 1.60x (1.94x) | 1.25x (1.53x) | 0.96x (1.24x) | 1.18x (1.53x) |
//! | 16 rows, no prefetch | 0.87x (1.06x) | 0.93x (1.13x) | 0.82x (1.07x) | 0.71x (0.93x) |
//! | 16 rows, 8 blocks ahead | 0.81x (0.98x) | 0.79x (0.96x) | 0.79x (1.03x) | 0.61x (0.80x) |
//! | 16 rows, 12 blocks ahead (taken) | 0.83x (1.01x) | 0.78x (0.95x) | 0.75x (0.98x) | 0.58x (0.75x) |
//! | 16 rows, 16 blocks ahead | 0.82x (0.99x) | 0.77x (0.94x) | 0.76x (0.99x) | 0.57x (0.75x) |
//!
//! `f32`, the same way: 32-row strips 1.20x, 1.21x, 0.99x and 1.21x; 16 rows
//! 12 blocks ahead 1.11x, 1.16x, 0.97x and 0.61x (without prefetch 1.15x,
//! 1.12x, 1.01x, 0.72x). Without streaming (ordinary stores), 16-row strips
//! took `f32` from 3.62x to 1.94x at 4096² and from 2.66x to 1.65x at 2896²;
//! `f64` in the bare loops 0.73 against 0.94 ms at 1024², 1.47 against 1.76
//! ms at 1280², 4.8 against 6.1 ms at 2048² (prefetch there: worse at 1280²,
//! better at 2048², so not taken). Strips of 8 rows (one transpose per block)
//! measured 1.15x at 8192², of 64 rows 2.05x.
//!
//! Probed again at the twentieth stop, bare loops at 8000² `f64` against a
//! one-stream streaming copy of the same bytes (the benchmarks' strictest
//! peer), 7-9 rounds side by side: these 16-row strips 1.25-1.32x. Reading
//! in the strips' pattern alone takes 0.73x (a sequential read 0.71x),
//! writing in it alone 0.83x (sequential writes 0.73x), strip reads with
//! sequential writes 1.10x: the cost is in the scattered 128-byte writes
//! meeting the reads. No better: prefetching a whole 1 KiB of one source
//! row at a time (16 lines, cycling through the rows) 24-48 blocks ahead,
//! 1.28-1.29x (8 lines, 1.31-1.32x); prefetching 8-24 blocks ahead instead
//! of 12, 1.21-1.28x (noise); hint `T0`, 1.95x; `NTA`, 1.40-1.53x; two or
//! four lines of each source row per block, 1.29x and 1.37x; 32-row strips
//! with prefetch, 1.40x (two lines per row, 1.52x).

//! Other element sizes (16 bytes, odd sizes), other targets, and machines
//! without AVX2 run a portable loop in 32 x 32 tiles.
//!
//! Under Miri the SIMD path is compiled but not taken unless the target enables
//! AVX2 (`-C target-feature=+avx2`), since Miri reports only the target's
//! compile-time features; with it, the non-temporal stores (inline assembly,
//! which Miri cannot run) are ordinary stores, so that the register blocks can
//! be checked: `RUSTFLAGS="-C target-feature=+avx2" cargo +nightly miri test -p
//! stride-core --lib transpose -- --include-ignored`, and with
//! `+avx2,+avx512f` for the AVX-512 blocks (`-- transpose_f64 transpose_f32`,
//! and the staging tests: `.ci/run` runs both).

#[cfg(target_arch = "x86_64")]
use core::sync::atomic::{AtomicU8, Ordering};

/// Edge (in elements) of the square tiles of the portable loop: two 32 x 32
/// tiles of 8-byte elements take 16 KiB, half of a typical L1 data cache.
const TILE: usize = 32;

/// `dst[i * dst_rs + j] = src[j * src_rs + i]` for `i < rows`, `j < cols`
/// (strides in elements, either sign): the transposing copy of a `cols x rows`
/// source (rows contiguous) into a `rows x cols` destination (rows contiguous).
///
/// With `stream`, the destination is written with non-temporal stores where the
/// SIMD path can align them: worth it when the output is larger than the
/// last-level cache and not read right away; slower otherwise.
///
/// # Safety
/// - For every `i < rows`, `j < cols`: `dst.offset(i * dst_rs + j)` is valid for
///   writes of a `T` and `src.offset(j * src_rs + i)` is valid for reads of an
///   initialised `T` (each offset computed without overflow, within one
///   allocation);
/// - the destination elements and the source elements do not overlap, and nothing
///   else accesses the destination elements during the call;
/// - if `size_of::<T>()` is 1, 2, 4 or 8, `T` has no padding bytes (numbers,
///   pointers, and arrays or padding-free structs of them): such elements are
///   moved as integers of their size.
pub(crate) unsafe fn transpose_copy<T: Copy>(
    dst: *mut T,
    dst_rs: isize,
    src: *const T,
    src_rs: isize,
    rows: usize,
    cols: usize,
    stream: bool,
) {
    if rows == 0 || cols == 0 {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if matches!(size_of::<T>(), 1 | 2 | 4 | 8) && has_avx2() {
        // SAFETY: AVX2 is available (checked just above) and the element size is
        // 1, 2, 4 or 8 bytes; the rest is the caller's contract, which is
        // `x86::copy`'s.
        unsafe { x86::copy(dst, dst_rs, src, src_rs, rows, cols, stream) };
        return;
    }
    let _ = stream;
    // SAFETY: the caller's contract is the portable loop's.
    unsafe { portable::tiled(dst, dst_rs, src, src_rs, rows, cols) };
}

/// The transposing copy of one small tile, as [`transpose_copy`] without
/// streaming and without cache blocking: for a building block of fused kernels
/// (e.g. transposing a tile of an input into a contiguous scratch buffer in L1,
/// then running an elementwise loop over it). Tiles whose sides are multiples of
/// 16 run in whole register blocks.
///
/// # Safety
/// As [`transpose_copy`].
pub(crate) unsafe fn transpose_tile<T: Copy>(
    dst: *mut T,
    dst_rs: isize,
    src: *const T,
    src_rs: isize,
    rows: usize,
    cols: usize,
) {
    if rows == 0 || cols == 0 {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if matches!(size_of::<T>(), 1 | 2 | 4 | 8) && has_avx2() {
        // SAFETY: AVX2 is available (checked just above) and the element size is
        // 1, 2, 4 or 8 bytes; the rest is the caller's contract, which is
        // `x86::tile`'s.
        unsafe { x86::tile(dst, dst_rs, src, src_rs, rows, cols) };
        return;
    }
    // SAFETY: the caller's contract is the naive loop's.
    unsafe { portable::naive(dst, dst_rs, src, src_rs, 0..rows, 0..cols) };
}

/// Whether the CPU has AVX2, detected once: 0 not yet known, 1 no, 2 yes.
#[cfg(target_arch = "x86_64")]
static AVX2: AtomicU8 = AtomicU8::new(0);

/// Whether the CPU has AVX-512F, detected once, as [`AVX2`].
#[cfg(target_arch = "x86_64")]
static AVX512F: AtomicU8 = AtomicU8::new(0);

/// `detect()`, asked once and remembered in `cache` (0 not yet known, 1 no, 2
/// yes).
#[cfg(target_arch = "x86_64")]
#[inline]
fn detected(cache: &AtomicU8, detect: fn() -> bool) -> bool {
    match cache.load(Ordering::Relaxed) {
        0 => {
            let yes = detect();
            cache.store(1 + u8::from(yes), Ordering::Relaxed);
            yes
        }
        state => state == 2,
    }
}

/// Whether the SIMD path may run: AVX2 detected at run time (cached in [`AVX2`]).
#[cfg(target_arch = "x86_64")]
#[inline]
fn has_avx2() -> bool {
    detected(&AVX2, || std::arch::is_x86_feature_detected!("avx2"))
}

/// Whether the copies of 8- and 4-byte elements (streaming or not, and
/// [`transpose_tile`]) may run in AVX-512 blocks: AVX-512F detected at run
/// time (cached in [`AVX512F`]); in this module's tests, not when
/// `tests::AVX2_ONLY` is set on the calling thread.
#[cfg(target_arch = "x86_64")]
#[inline]
fn has_avx512f() -> bool {
    #[cfg(test)]
    if tests::AVX2_ONLY.with(core::cell::Cell::get) {
        return false;
    }
    detected(&AVX512F, || std::arch::is_x86_feature_detected!("avx512f"))
}

/// Whether the `zmm` blocks walk strips of 16 source rows (a 64-byte line
/// of each destination row per block for `f64`, two 8 x 8 transposes; one 16
/// x 16 transpose for `f32`) instead of 32, and the streaming copy prefetches
/// the source lines [`STRIP_AHEAD`] blocks ahead into L2: on AMD CPUs
/// ([`amd`](super::cpu::amd)). On the Zen 4 VM, reading 32 rows side by side
/// in the strips' pattern took 1.7x as long as 16; on the Intel one, the
/// 16-row strips wrote too little of each destination row at a time (see the
/// module docs). In this module's tests, what `tests::SHORT_STRIPS` says on
/// the calling thread, if anything.
#[cfg(target_arch = "x86_64")]
#[inline]
fn short_strips() -> bool {
    #[cfg(test)]
    if let Some(short) = tests::SHORT_STRIPS.with(core::cell::Cell::get) {
        return short;
    }
    super::cpu::amd()
}

/// How many blocks ahead the short strips of the streaming copy prefetch
/// their source lines (see [`short_strips`]).
#[cfg(target_arch = "x86_64")]
const STRIP_AHEAD: usize = 12;

/// The portable loops, generic over the element type.
mod portable {
    use core::ops::Range;

    use super::TILE;

    /// The transposing copy of the index box `is x js`, element by element along
    /// destination rows.
    ///
    /// # Safety
    /// As [`transpose_copy`](super::transpose_copy) for every `i` in `is` and
    /// `j` in `js`.
    #[inline]
    pub(super) unsafe fn naive<T: Copy>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        is: Range<usize>,
        js: Range<usize>,
    ) {
        for i in is {
            let i = i as isize;
            for j in js.clone() {
                let j = j as isize;
                // SAFETY: (i, j) lies in the box, so both offsets address valid,
                // non-overlapping elements (the caller's contract); an index in
                // the box is below isize::MAX elements since the offsets exist.
                unsafe {
                    dst.offset(i * dst_rs + j)
                        .write(src.offset(j * src_rs + i).read())
                };
            }
        }
    }

    /// The transposing copy in `TILE x TILE` tiles, so that the lines of both
    /// operands stay in cache while a tile uses them.
    ///
    /// # Safety
    /// As [`transpose_copy`](super::transpose_copy).
    pub(super) unsafe fn tiled<T: Copy>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        rows: usize,
        cols: usize,
    ) {
        for i0 in (0..rows).step_by(TILE) {
            for j0 in (0..cols).step_by(TILE) {
                let (is, js) = (i0..rows.min(i0 + TILE), j0..cols.min(j0 + TILE));
                // SAFETY: the tile lies in the caller's box.
                unsafe { naive(dst, dst_rs, src, src_rs, is, js) };
            }
        }
    }
}

/// The AVX2 path for 1-, 2-, 4- and 8-byte elements.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use core::arch::x86_64::{
        __m128i, __m256, __m256d, __m256i, __m512, __m512d, _MM_HINT_T0, _MM_HINT_T1, _mm_loadu_pd,
        _mm_loadu_ps, _mm_loadu_si128, _mm_prefetch, _mm_storeu_si128, _mm_stream_si128,
        _mm256_castpd128_pd256, _mm256_castps128_ps256, _mm256_castsi256_si128,
        _mm256_insertf128_pd, _mm256_insertf128_ps, _mm256_inserti128_si256, _mm256_loadu_si256,
        _mm256_setzero_pd, _mm256_setzero_ps, _mm256_setzero_si256, _mm256_shuffle_ps,
        _mm256_storeu_pd, _mm256_storeu_ps, _mm256_storeu_si256, _mm256_stream_pd,
        _mm256_stream_ps, _mm256_stream_si256, _mm256_unpackhi_epi8, _mm256_unpackhi_epi16,
        _mm256_unpackhi_epi32, _mm256_unpackhi_epi64, _mm256_unpackhi_pd, _mm256_unpackhi_ps,
        _mm256_unpacklo_epi8, _mm256_unpacklo_epi16, _mm256_unpacklo_epi32, _mm256_unpacklo_epi64,
        _mm256_unpacklo_pd, _mm256_unpacklo_ps, _mm256_zextsi128_si256, _mm512_castpd_ps,
        _mm512_castps_pd, _mm512_loadu_pd, _mm512_loadu_ps, _mm512_setzero_pd, _mm512_setzero_ps,
        _mm512_shuffle_f32x4, _mm512_shuffle_f64x2, _mm512_storeu_pd, _mm512_stream_pd,
        _mm512_unpackhi_pd, _mm512_unpackhi_ps, _mm512_unpacklo_pd, _mm512_unpacklo_ps,
    };

    use core::mem::MaybeUninit;

    use super::STRIP_AHEAD;
    use super::portable::naive;

    /// A register-block transpose for one element size.
    ///
    /// A block reads `BJ` source rows of `BI` elements (`src[j][i..i + BI]`) and
    /// writes `BI` destination rows of `BJ` elements; the small block does the
    /// same with `SI x SJ`, for the columns a strip of full blocks leaves.
    trait Kernel {
        /// The element, as the intrinsics see it.
        type E;
        /// Destination rows (source elements) per block.
        const BI: usize;
        /// Destination columns (source rows) per block.
        const BJ: usize;
        /// Destination rows per small block.
        const SI: usize;
        /// Destination columns per small block (16 to `LINE` bytes, the
        /// alignment its non-temporal stores need).
        const SJ: usize;
        /// The alignment (bytes) of the destination rows' starts the
        /// non-temporal stores need: 32, or 64 for [`K64W`] and [`K32W`].
        const LINE: usize;

        /// `dst[i * drs + j] = src[j * srs + i]` for `i < BI`, `j < BJ`; with
        /// `NT`, non-temporal stores.
        ///
        /// # Safety
        /// The kernel's instructions are available (AVX2; AVX-512F for
        /// [`K64W`] and [`K32W`]); the box `BI x BJ` satisfies the contract of
        /// [`transpose_copy`](super::transpose_copy), and with `NT` every
        /// destination row start `dst + i * drs` is `LINE`-byte aligned.
        unsafe fn block<const NT: bool>(
            dst: *mut Self::E,
            drs: isize,
            src: *const Self::E,
            srs: isize,
        );

        /// As [`block`](Kernel::block) for the box `SI x SJ`.
        ///
        /// # Safety
        /// As [`block`](Kernel::block) for the box `SI x SJ`, except that with
        /// `NT` the destination row starts need only be aligned to `SJ` elements.
        unsafe fn small<const NT: bool>(
            dst: *mut Self::E,
            drs: isize,
            src: *const Self::E,
            srs: isize,
        );
    }

    /// Four 4 x 4 transposes: 8 x 16 blocks of 8-byte elements.
    struct K64;

    /// Reads the 4 x 4 block `src[r][0..4]` (`r < 4`, rows `srs` apart) and
    /// returns its columns: element `k` of result `c` is `src[k][c]`.
    ///
    /// Two rows share a register as 128-bit halves (`vinsertf128` from memory),
    /// so the transpose is four in-lane unpacks.
    ///
    /// # Safety
    /// AVX2 is available; `src.offset(r * srs + c)` is valid for reads for `r, c
    /// < 4`.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn cols4x4(src: *const f64, srs: isize) -> [__m256d; 4] {
        // SAFETY: rows 0..4, elements 0..4, all inside the block (the contract).
        unsafe {
            let row = |r: isize, c: usize| src.offset(r * srs).add(c);
            let a = _mm256_castpd128_pd256(_mm_loadu_pd(row(0, 0)));
            let a = _mm256_insertf128_pd(a, _mm_loadu_pd(row(2, 0)), 1); // 00 01 20 21
            let b = _mm256_castpd128_pd256(_mm_loadu_pd(row(1, 0)));
            let b = _mm256_insertf128_pd(b, _mm_loadu_pd(row(3, 0)), 1); // 10 11 30 31
            let c = _mm256_castpd128_pd256(_mm_loadu_pd(row(0, 2)));
            let c = _mm256_insertf128_pd(c, _mm_loadu_pd(row(2, 2)), 1); // 02 03 22 23
            let d = _mm256_castpd128_pd256(_mm_loadu_pd(row(1, 2)));
            let d = _mm256_insertf128_pd(d, _mm_loadu_pd(row(3, 2)), 1); // 12 13 32 33
            [
                _mm256_unpacklo_pd(a, b), // 00 10 20 30
                _mm256_unpackhi_pd(a, b), // 01 11 21 31
                _mm256_unpacklo_pd(c, d), // 02 12 22 32
                _mm256_unpackhi_pd(c, d), // 03 13 23 33
            ]
        }
    }

    /// Stores four `f64`s at `p`, non-temporally with `NT`.
    ///
    /// # Safety
    /// AVX2 is available; `p` is valid for writes of 32 bytes, and 32-byte
    /// aligned with `NT`.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn store_pd<const NT: bool>(p: *mut f64, v: __m256d) {
        // SAFETY: the contract.
        unsafe {
            if NT && !cfg!(miri) {
                _mm256_stream_pd(p, v);
            } else {
                _mm256_storeu_pd(p, v);
            }
        }
    }

    impl Kernel for K64 {
        type E = f64;
        const BI: usize = 8;
        const BJ: usize = 16;
        const SI: usize = 4;
        const SJ: usize = 4;
        const LINE: usize = 32;

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn block<const NT: bool>(dst: *mut f64, drs: isize, src: *const f64, srs: isize) {
            // The eight 4 x 4 transposes first, source row group by group, so
            // that the two halves of a source line are read back to back (the 16
            // lines of a block may share one cache set); then the eight
            // destination rows, 16 elements each (two whole lines when aligned).
            let mut t = [[[_mm256_setzero_pd(); 4]; 2]; 4];
            for (g, tg) in t.iter_mut().enumerate() {
                for (h, th) in tg.iter_mut().enumerate() {
                    // SAFETY: source rows 4g..4g+4 (g < 4) and elements 4h..4h+4
                    // (h < 2) lie in the 8 x 16 box (the contract).
                    *th = unsafe { cols4x4(src.offset(4 * g as isize * srs).add(4 * h), srs) };
                }
            }
            for r in 0..8 {
                let (h, k) = (r / 4, r % 4);
                // Destination row r < 8 and columns 4g..4g+4 (g < 4) are in the
                // box; with NT the row start is 32-byte aligned and 4g elements
                // are 32g bytes.
                // SAFETY: as just said.
                unsafe {
                    let d = dst.offset(r as isize * drs);
                    for (g, tg) in t.iter().enumerate() {
                        store_pd::<NT>(d.add(4 * g), tg[h][k]);
                    }
                }
            }
        }

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn small<const NT: bool>(dst: *mut f64, drs: isize, src: *const f64, srs: isize) {
            // The 4 x 4 box is the contract's; with NT each row start is
            // 32-byte aligned.
            // SAFETY: as just said.
            unsafe {
                let t = cols4x4(src, srs);
                for (r, &v) in t.iter().enumerate() {
                    store_pd::<NT>(dst.offset(r as isize * drs), v);
                }
            }
        }
    }

    /// AVX-512F: `G` 8 x 8 transposes in `zmm` registers, 8 x `8G` blocks of
    /// 8-byte elements, each destination line written by one 64-byte store. A
    /// strip of `8G` source rows writes `64G` bytes of each destination row at
    /// a time: `G = 4` (32 rows, 256 bytes), or 2 (16 rows) where
    /// [`short_strips`](super::short_strips) (see the module docs).
    struct K64W<const G: usize>;

    /// Reads the 8 x 8 block `src[r][0..8]` (`r < 8`, rows `srs` apart) and
    /// returns its columns: element `k` of result `c` is `src[k][c]`.
    ///
    /// Unpacks of row pairs, then two rounds of 128-bit lane shuffles.
    ///
    /// # Safety
    /// AVX-512F is available; `src.offset(r * srs + c)` is valid for reads for
    /// `r, c < 8`.
    #[inline]
    #[target_feature(enable = "avx512f")]
    unsafe fn cols8x8_pd(src: *const f64, srs: isize) -> [__m512d; 8] {
        // (Plain calls, not `array::from_fn`: a closure called from a function
        // compiled without AVX-512 may not be inlined.)
        // Rows 0..8, each read whole (8 elements), inside the block
        // (the contract).
        // SAFETY: as just said.
        let row = |k: isize| unsafe { _mm512_loadu_pd(src.offset(k * srs)) };
        let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3));
        let (r4, r5, r6, r7) = (row(4), row(5), row(6), row(7));
        // Element pairs of rows 2p and 2p + 1: lo holds columns 0, 2, 4, 6,
        // hi columns 1, 3, 5, 7 (each as a pair of rows per 128-bit lane).
        let lo = [
            _mm512_unpacklo_pd(r0, r1),
            _mm512_unpacklo_pd(r2, r3),
            _mm512_unpacklo_pd(r4, r5),
            _mm512_unpacklo_pd(r6, r7),
        ];
        let hi = [
            _mm512_unpackhi_pd(r0, r1),
            _mm512_unpackhi_pd(r2, r3),
            _mm512_unpackhi_pd(r4, r5),
            _mm512_unpackhi_pd(r6, r7),
        ];
        // Lanes 0 and 2 (0x88) or 1 and 3 (0xDD) of two registers: rows 0-3
        // (from lo/hi 0 and 1) or 4-7 (2 and 3) of columns c and c + 4.
        let (e0, e1) = (
            _mm512_shuffle_f64x2::<0x88>(lo[0], lo[1]),
            _mm512_shuffle_f64x2::<0xDD>(lo[0], lo[1]),
        );
        let (e2, e3) = (
            _mm512_shuffle_f64x2::<0x88>(hi[0], hi[1]),
            _mm512_shuffle_f64x2::<0xDD>(hi[0], hi[1]),
        );
        let (f0, f1) = (
            _mm512_shuffle_f64x2::<0x88>(lo[2], lo[3]),
            _mm512_shuffle_f64x2::<0xDD>(lo[2], lo[3]),
        );
        let (f2, f3) = (
            _mm512_shuffle_f64x2::<0x88>(hi[2], hi[3]),
            _mm512_shuffle_f64x2::<0xDD>(hi[2], hi[3]),
        );
        [
            _mm512_shuffle_f64x2::<0x88>(e0, f0),
            _mm512_shuffle_f64x2::<0x88>(e2, f2),
            _mm512_shuffle_f64x2::<0x88>(e1, f1),
            _mm512_shuffle_f64x2::<0x88>(e3, f3),
            _mm512_shuffle_f64x2::<0xDD>(e0, f0),
            _mm512_shuffle_f64x2::<0xDD>(e2, f2),
            _mm512_shuffle_f64x2::<0xDD>(e1, f1),
            _mm512_shuffle_f64x2::<0xDD>(e3, f3),
        ]
    }

    /// Stores eight `f64`s at `p`, non-temporally with `NT`.
    ///
    /// # Safety
    /// AVX-512F is available; `p` is valid for writes of 64 bytes, and 64-byte
    /// aligned with `NT`.
    #[inline]
    #[target_feature(enable = "avx512f")]
    unsafe fn store_line<const NT: bool>(p: *mut f64, v: __m512d) {
        // SAFETY: the contract.
        unsafe {
            if NT && !cfg!(miri) {
                _mm512_stream_pd(p, v);
            } else {
                _mm512_storeu_pd(p, v);
            }
        }
    }

    /// One 8 x 8 block of [`K64W`]: `dst[r * drs + c] = src[c * srs + r]`.
    ///
    /// # Safety
    /// As [`Kernel::block`] for [`K64W`] and the box 8 x 8.
    #[inline]
    #[target_feature(enable = "avx512f")]
    unsafe fn block8x8<const NT: bool>(dst: *mut f64, drs: isize, src: *const f64, srs: isize) {
        // The 8 x 8 box is the contract's (its 8 source rows of 8
        // elements, its 8 destination rows of 8); with NT each destination
        // row start is 64-byte aligned.
        // SAFETY: as just said.
        unsafe {
            let c = cols8x8_pd(src, srs);
            for (r, &v) in c.iter().enumerate() {
                store_line::<NT>(dst.offset(r as isize * drs), v);
            }
        }
    }

    impl<const G: usize> Kernel for K64W<G> {
        type E = f64;
        const BI: usize = 8;
        const BJ: usize = 8 * G;
        const SI: usize = 8;
        const SJ: usize = 8;
        const LINE: usize = 64;

        #[inline]
        #[target_feature(enable = "avx512f")]
        unsafe fn block<const NT: bool>(dst: *mut f64, drs: isize, src: *const f64, srs: isize) {
            // The G 8 x 8 transposes first, then each destination row's G
            // lines stored back to back: in a probe of the bare loops (G =
            // 4), 1-3% faster than storing each transpose's eight lines in
            // turn (8000² and 8192², three runs); in the library's copy,
            // level with it (three alternating runs of both builds).
            let mut t = [[_mm512_setzero_pd(); 8]; G];
            for (g, tg) in t.iter_mut().enumerate() {
                // Source rows 8g..8g+8 (g < G), 8 elements each, lie in the
                // 8 x 8G box.
                // SAFETY: as just said.
                *tg = unsafe { cols8x8_pd(src.offset(8 * g as isize * srs), srs) };
            }
            for r in 0..8 {
                // Destination row r < 8, columns 8g..8g+8 (g < G), lie
                // in the box; with NT the row start is 64-byte aligned, and 8g
                // elements are 64g bytes further.
                // SAFETY: as just said.
                unsafe {
                    let d = dst.offset(r as isize * drs);
                    for (g, tg) in t.iter().enumerate() {
                        store_line::<NT>(d.add(8 * g), tg[r]);
                    }
                }
            }
        }

        #[inline]
        #[target_feature(enable = "avx512f")]
        unsafe fn small<const NT: bool>(dst: *mut f64, drs: isize, src: *const f64, srs: isize) {
            // SAFETY: the contract, for the 8 x 8 box.
            unsafe { block8x8::<NT>(dst, drs, src, srs) };
        }
    }

    /// AVX-512F: `G` 16 x 16 transposes in `zmm` registers, 16 x `16G` blocks
    /// of 4-byte elements, each destination line written by one 64-byte
    /// store. A strip of `16G` source rows writes `64G` bytes of each
    /// destination row at a time: `G = 2` (32 rows, 128 bytes), or 1 (16
    /// rows) where [`short_strips`](super::short_strips) (see the module docs).
    struct K32W<const G: usize>;

    /// Reads the 16 x 16 block `src[r][0..16]` (`r < 16`, rows `srs` apart) and
    /// returns its columns: element `k` of result `c` is `src[k][c]`.
    ///
    /// Unpacks of row pairs (32 bits), then of register pairs (64 bits), then
    /// two rounds of 128-bit lane shuffles.
    ///
    /// # Safety
    /// AVX-512F is available; `src.offset(r * srs + c)` is valid for reads for
    /// `r, c < 16`.
    #[inline]
    #[target_feature(enable = "avx512f")]
    unsafe fn cols16x16_ps(src: *const f32, srs: isize) -> [__m512; 16] {
        // Rows 0..16, each read whole (16 elements), inside the block (the
        // contract).
        // SAFETY: as just said.
        let row = |k: isize| unsafe { _mm512_loadu_ps(src.offset(k * srs)) };
        let mut u = [_mm512_setzero_ps(); 16];
        for g in 0..4 {
            let k = 4 * g as isize;
            let (a, b, c, d) = (row(k), row(k + 1), row(k + 2), row(k + 3));
            // Per 128-bit lane L: rows a, b interleaved, columns 4L, 4L + 1
            // (lo) and 4L + 2, 4L + 3 (hi); the same for rows c, d.
            let (ab_lo, ab_hi) = (
                _mm512_castps_pd(_mm512_unpacklo_ps(a, b)),
                _mm512_castps_pd(_mm512_unpackhi_ps(a, b)),
            );
            let (cd_lo, cd_hi) = (
                _mm512_castps_pd(_mm512_unpacklo_ps(c, d)),
                _mm512_castps_pd(_mm512_unpackhi_ps(c, d)),
            );
            // u[4g + c], lane L: rows 4g..4g+4 of column 4L + c.
            u[4 * g] = _mm512_castpd_ps(_mm512_unpacklo_pd(ab_lo, cd_lo));
            u[4 * g + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(ab_lo, cd_lo));
            u[4 * g + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(ab_hi, cd_hi));
            u[4 * g + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(ab_hi, cd_hi));
        }
        let mut out = [_mm512_setzero_ps(); 16];
        for c in 0..4 {
            // Lanes 0 and 2 (0x88) or 1 and 3 (0xDD) of groups 0, 1 (v, w)
            // and of groups 2, 3 (x, y).
            let (v, w) = (
                _mm512_shuffle_f32x4::<0x88>(u[c], u[4 + c]),
                _mm512_shuffle_f32x4::<0xDD>(u[c], u[4 + c]),
            );
            let (x, y) = (
                _mm512_shuffle_f32x4::<0x88>(u[8 + c], u[12 + c]),
                _mm512_shuffle_f32x4::<0xDD>(u[8 + c], u[12 + c]),
            );
            // out[c + 4m] is column c + 4m, its lane g from group g (rows
            // 4g..4g + 4).
            out[c] = _mm512_shuffle_f32x4::<0x88>(v, x);
            out[c + 8] = _mm512_shuffle_f32x4::<0xDD>(v, x);
            out[c + 4] = _mm512_shuffle_f32x4::<0x88>(w, y);
            out[c + 12] = _mm512_shuffle_f32x4::<0xDD>(w, y);
        }
        out
    }

    /// One 16 x 16 block of [`K32W`]: `dst[r * drs + c] = src[c * srs + r]`.
    ///
    /// # Safety
    /// As [`Kernel::block`] for [`K32W`] and the box 16 x 16.
    #[inline]
    #[target_feature(enable = "avx512f")]
    unsafe fn block16x16<const NT: bool>(dst: *mut f32, drs: isize, src: *const f32, srs: isize) {
        // The 16 x 16 box is the contract's (its 16 source rows of 16
        // elements, its 16 destination rows of 16); with NT each destination
        // row start is 64-byte aligned.
        // SAFETY: as just said.
        unsafe {
            let c = cols16x16_ps(src, srs);
            for (r, &v) in c.iter().enumerate() {
                store_line::<NT>(dst.offset(r as isize * drs).cast(), _mm512_castps_pd(v));
            }
        }
    }

    impl<const G: usize> Kernel for K32W<G> {
        type E = f32;
        const BI: usize = 16;
        const BJ: usize = 16 * G;
        const SI: usize = 16;
        const SJ: usize = 16;
        const LINE: usize = 64;

        #[inline]
        #[target_feature(enable = "avx512f")]
        unsafe fn block<const NT: bool>(dst: *mut f32, drs: isize, src: *const f32, srs: isize) {
            // The G 16 x 16 transposes first, then each destination row's G
            // lines stored back to back, as in `K64W::block`: in a probe (G =
            // 2), 1.11-1.14x of `copy_from_slice` at 8192² against 1.16-1.19x
            // storing each transpose's sixteen lines in turn (level at 8000²).
            let mut t = [[_mm512_setzero_ps(); 16]; G];
            for (g, tg) in t.iter_mut().enumerate() {
                // Source rows 16g..16g+16 (g < G), 16 elements each, lie in
                // the 16 x 16G box.
                // SAFETY: as just said.
                *tg = unsafe { cols16x16_ps(src.offset(16 * g as isize * srs), srs) };
            }
            for r in 0..16 {
                // Destination row r < 16, columns 16g..16g+16 (g < G), lie in
                // the box; with NT the row start is 64-byte aligned, and 16g
                // elements are 64g bytes further.
                // SAFETY: as just said.
                unsafe {
                    let d = dst.offset(r as isize * drs);
                    for (g, tg) in t.iter().enumerate() {
                        store_line::<NT>(d.add(16 * g).cast(), _mm512_castps_pd(tg[r]));
                    }
                }
            }
        }

        #[inline]
        #[target_feature(enable = "avx512f")]
        unsafe fn small<const NT: bool>(dst: *mut f32, drs: isize, src: *const f32, srs: isize) {
            // SAFETY: the contract, for the 16 x 16 box.
            unsafe { block16x16::<NT>(dst, drs, src, srs) };
        }
    }

    /// Four 8 x 8 transposes: 16 x 16 blocks of 4-byte elements.
    struct K32;

    /// Reads the 8 x 8 block `src[r][0..8]` (`r < 8`, rows `srs` apart) and
    /// returns its columns: element `k` of result `c` is `src[k][c]`.
    ///
    /// Rows `r` and `r + 4` share a register as 128-bit halves, so the transpose
    /// is in-lane: unpacks of row pairs, then 64-bit shuffles.
    ///
    /// # Safety
    /// AVX2 is available; `src.offset(r * srs + c)` is valid for reads for `r, c
    /// < 8`.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn cols8x8(src: *const f32, srs: isize) -> [__m256; 8] {
        let mut out = [[_mm256_setzero_ps(); 4]; 2];
        for (half, o) in out.iter_mut().enumerate() {
            let c = 4 * half;
            // SAFETY: rows 0..8, elements c..c+4 with c + 4 <= 8: inside the block.
            let [a0, a1, a2, a3] = unsafe {
                let pair = |r: isize| {
                    let lo = _mm256_castps128_ps256(_mm_loadu_ps(src.offset(r * srs).add(c)));
                    _mm256_insertf128_ps(lo, _mm_loadu_ps(src.offset((r + 4) * srs).add(c)), 1)
                };
                [pair(0), pair(1), pair(2), pair(3)] // row r | row r + 4
            };
            let t0 = _mm256_unpacklo_ps(a0, a1); // r0c0 r1c0 r0c1 r1c1 | rows 4, 5
            let t1 = _mm256_unpackhi_ps(a0, a1); // r0c2 r1c2 r0c3 r1c3 | rows 4, 5
            let t2 = _mm256_unpacklo_ps(a2, a3); // rows 2, 3 | rows 6, 7
            let t3 = _mm256_unpackhi_ps(a2, a3);
            *o = [
                _mm256_shuffle_ps::<0x44>(t0, t2), // column c
                _mm256_shuffle_ps::<0xEE>(t0, t2), // column c + 1
                _mm256_shuffle_ps::<0x44>(t1, t3), // column c + 2
                _mm256_shuffle_ps::<0xEE>(t1, t3), // column c + 3
            ];
        }
        let [[c0, c1, c2, c3], [c4, c5, c6, c7]] = out;
        [c0, c1, c2, c3, c4, c5, c6, c7]
    }

    /// Stores eight `f32`s at `p`, non-temporally with `NT`.
    ///
    /// # Safety
    /// AVX2 is available; `p` is valid for writes of 32 bytes, and 32-byte
    /// aligned with `NT`.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn store_ps<const NT: bool>(p: *mut f32, v: __m256) {
        // SAFETY: the contract.
        unsafe {
            if NT && !cfg!(miri) {
                _mm256_stream_ps(p, v);
            } else {
                _mm256_storeu_ps(p, v);
            }
        }
    }

    impl Kernel for K32 {
        type E = f32;
        const BI: usize = 16;
        const BJ: usize = 16;
        const SI: usize = 8;
        const SJ: usize = 8;
        const LINE: usize = 32;

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn block<const NT: bool>(dst: *mut f32, drs: isize, src: *const f32, srs: isize) {
            // The four 8 x 8 transposes first, source row group by group (as in
            // `K64::block`), then the sixteen destination rows, 16 elements each
            // (a whole line when aligned).
            let mut t = [[[_mm256_setzero_ps(); 8]; 2]; 2];
            for (g, tg) in t.iter_mut().enumerate() {
                for (h, th) in tg.iter_mut().enumerate() {
                    // SAFETY: source rows 8g..8g+8 (g < 2) and elements 8h..8h+8
                    // (h < 2) lie in the 16 x 16 box (the contract).
                    *th = unsafe { cols8x8(src.offset(8 * g as isize * srs).add(8 * h), srs) };
                }
            }
            for r in 0..16 {
                let (h, k) = (r / 8, r % 8);
                // SAFETY: destination row r < 16 and columns 8g..8g+8 (g < 2) are
                // in the box; with NT the row start is 32-byte aligned and 8g
                // elements are 32g bytes.
                unsafe {
                    let d = dst.offset(r as isize * drs);
                    for (g, tg) in t.iter().enumerate() {
                        store_ps::<NT>(d.add(8 * g), tg[h][k]);
                    }
                }
            }
        }

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn small<const NT: bool>(dst: *mut f32, drs: isize, src: *const f32, srs: isize) {
            // SAFETY: the 8 x 8 box is the contract's; with NT each row start is
            // 32-byte aligned.
            unsafe {
                let t = cols8x8(src, srs);
                for (r, &v) in t.iter().enumerate() {
                    store_ps::<NT>(dst.offset(r as isize * drs), v);
                }
            }
        }
    }

    /// One round of an in-lane transpose: registers paired and interleaved
    /// at `W` bits (8, 16, 32 or 64). Within each group of `2 * stride`
    /// registers, `a[q]` is paired with `a[q + stride]`, and the pairs' low
    /// halves (of each lane) interleaved, then their high halves, are listed
    /// in turn. Rounds of stride 1, 2, 4, … with `W` doubling from the element
    /// size take `N` rows (registers) of `N` elements per lane to `N`
    /// columns, column `k` in register `k`: the round of stride `s` leaves in
    /// each register a run of `N / 2s` columns, the low run before the high
    /// one, and the runs of rows `2s` apart are joined by the next round.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn interleave<const N: usize, const W: u32>(a: [__m256i; N], stride: usize) -> [__m256i; N] {
        let mut out = [_mm256_setzero_si256(); N];
        let mut k = 0;
        for group in (0..N).step_by(2 * stride) {
            for q in group..group + stride {
                let (x, y) = (a[q], a[q + stride]);
                let (lo, hi) = match W {
                    8 => (_mm256_unpacklo_epi8(x, y), _mm256_unpackhi_epi8(x, y)),
                    16 => (_mm256_unpacklo_epi16(x, y), _mm256_unpackhi_epi16(x, y)),
                    32 => (_mm256_unpacklo_epi32(x, y), _mm256_unpackhi_epi32(x, y)),
                    _ => (_mm256_unpacklo_epi64(x, y), _mm256_unpackhi_epi64(x, y)),
                };
                out[k] = lo;
                out[k + 1] = hi;
                k += 2;
            }
        }
        out
    }

    /// The in-lane transpose of two `N x N` blocks (`N` = 8 for 2-byte
    /// elements, 16 for bytes): lane `l` of `a[r]` holds row `r` of block `l`;
    /// lane `l` of result `c` holds column `c` of block `l`. Rounds of unpacks
    /// from the element's width (8 or 16 bits) to 64 bits.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn transpose_lanes<const N: usize>(a: [__m256i; N]) -> [__m256i; N] {
        // Bytes take one more round (8 bits) before the 2-byte elements' first.
        let (a, s) = if N == 16 {
            (interleave::<N, 8>(a, 1), 2)
        } else {
            (a, 1)
        };
        let b = interleave::<N, 16>(a, s);
        let c = interleave::<N, 32>(b, 2 * s);
        interleave::<N, 64>(c, 4 * s)
    }

    /// `N` destination rows of 32 bytes from `2N` source rows of 16 bytes (rows
    /// `r` and `N + r` share a register, one per 128-bit lane), or with `SMALL`
    /// `N` rows of 16 bytes from `N` source rows (lane 0; lane 1 repeats it,
    /// unused): the blocks of 1- and 2-byte elements. Strides in bytes.
    ///
    /// # Safety
    /// AVX2 is available; source rows `0..2N` (`0..N` with `SMALL`), 16 bytes
    /// each, are valid for reads, destination rows `0..N`, 32 bytes each (16
    /// with `SMALL`), for writes, apart from them; with `NT` every destination
    /// row start is 32-byte aligned (16 with `SMALL`).
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn lane_block<const N: usize, const NT: bool, const SMALL: bool>(
        dst: *mut u8,
        drs: isize,
        src: *const u8,
        srs: isize,
    ) {
        // SAFETY: rows r and N + r (r < N; r alone with SMALL), 16 bytes each:
        // inside the source box (the contract).
        let a: [__m256i; N] = core::array::from_fn(|r| unsafe {
            let lo = src.offset(r as isize * srs);
            let hi = if SMALL {
                lo
            } else {
                src.offset((N + r) as isize * srs)
            };
            load_lanes(lo, hi)
        });
        for (k, &v) in transpose_lanes::<N>(a).iter().enumerate() {
            // SAFETY: destination row k < N, 32 (16) bytes: in the box, aligned
            // with NT (the contract).
            unsafe {
                let d = dst.offset(k as isize * drs);
                if SMALL {
                    store_low::<NT>(d, v);
                } else {
                    store_si256::<NT>(d, v);
                }
            }
        }
    }

    /// Loads 16 or 32 bytes per register: lane 0 from `lo`, lane 1 from `hi`.
    ///
    /// # Safety
    /// AVX2 is available; both pointers are valid for reads of 16 bytes.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn load_lanes(lo: *const u8, hi: *const u8) -> __m256i {
        // SAFETY: the contract.
        unsafe {
            let l = _mm256_zextsi128_si256(_mm_loadu_si128(lo.cast::<__m128i>()));
            _mm256_inserti128_si256::<1>(l, _mm_loadu_si128(hi.cast::<__m128i>()))
        }
    }

    /// Stores 32 bytes at `p`, non-temporally with `NT`.
    ///
    /// # Safety
    /// AVX2 is available; `p` is valid for writes of 32 bytes, and 32-byte
    /// aligned with `NT`.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn store_si256<const NT: bool>(p: *mut u8, v: __m256i) {
        // SAFETY: the contract.
        unsafe {
            if NT && !cfg!(miri) {
                _mm256_stream_si256(p.cast::<__m256i>(), v);
            } else {
                _mm256_storeu_si256(p.cast::<__m256i>(), v);
            }
        }
    }

    /// Stores the low 16 bytes of `v` at `p`, non-temporally with `NT`.
    ///
    /// # Safety
    /// AVX2 is available; `p` is valid for writes of 16 bytes, and 16-byte
    /// aligned with `NT`.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn store_low<const NT: bool>(p: *mut u8, v: __m256i) {
        // SAFETY: the contract.
        unsafe {
            let v = _mm256_castsi256_si128(v);
            if NT && !cfg!(miri) {
                _mm_stream_si128(p.cast::<__m128i>(), v);
            } else {
                _mm_storeu_si128(p.cast::<__m128i>(), v);
            }
        }
    }

    /// In-lane 8 x 8 transposes: 16 x 16 blocks of 2-byte elements.
    struct K16;

    impl Kernel for K16 {
        type E = u16;
        const BI: usize = 16;
        const BJ: usize = 16;
        const SI: usize = 8;
        const SJ: usize = 8;
        const LINE: usize = 32;

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn block<const NT: bool>(dst: *mut u16, drs: isize, src: *const u16, srs: isize) {
            // Per half h of the source elements (8h..8h+8), destination rows
            // 8h..8h+8 of 16 elements (32 bytes: a multiple of 32 bytes from
            // the aligned row start with NT).
            for h in 0..2isize {
                // SAFETY: source rows 0..16, elements 8h..8h+8, and destination
                // rows 8h..8h+8, elements 0..16: inside the 16 x 16 box (the
                // contract), aligned with NT.
                unsafe {
                    lane_block::<8, NT, false>(
                        dst.offset(8 * h * drs).cast(),
                        2 * drs,
                        src.offset(8 * h).cast(),
                        2 * srs,
                    )
                };
            }
        }

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn small<const NT: bool>(dst: *mut u16, drs: isize, src: *const u16, srs: isize) {
            // The 8 x 8 box (16 bytes per row) is the contract's; with NT,
            // each row start is 16-byte aligned (a multiple of 8 elements
            // after an aligned row start).
            // SAFETY: as just said.
            unsafe { lane_block::<8, NT, true>(dst.cast(), 2 * drs, src.cast(), 2 * srs) };
        }
    }

    /// In-lane 16 x 16 byte transposes: 16 x 32 blocks of 1-byte elements.
    struct K8;

    impl Kernel for K8 {
        type E = u8;
        const BI: usize = 16;
        const BJ: usize = 32;
        const SI: usize = 16;
        const SJ: usize = 16;
        const LINE: usize = 32;

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn block<const NT: bool>(dst: *mut u8, drs: isize, src: *const u8, srs: isize) {
            // Source rows 0..32, elements 0..16, and destination rows 0..16,
            // elements 0..32: the 16 x 32 box (the contract), aligned with NT.
            // SAFETY: as just said.
            unsafe { lane_block::<16, NT, false>(dst, drs, src, srs) };
        }

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn small<const NT: bool>(dst: *mut u8, drs: isize, src: *const u8, srs: isize) {
            // The 16 x 16 box is the contract's; with NT, each row start is
            // 16-byte aligned (a multiple of 16 bytes after an aligned row
            // start).
            // SAFETY: as just said.
            unsafe { lane_block::<16, NT, true>(dst, drs, src, srs) };
        }
    }

    /// One 64-byte line of a scratch.
    #[derive(Clone, Copy)]
    #[repr(C, align(64))]
    struct Line64([u8; 64]);

    /// Source lines staged per block of [`K16L`] and [`K8L`] (`W` lines of
    /// each source row; under Miri 2, so that its tests reach whole blocks).
    const LINES: usize = if cfg!(miri) { 2 } else { 8 };

    /// Copies `W` whole lines of each of `R` source rows (`srs` bytes apart)
    /// into a scratch: line `w` of row `r` to `buf[w * R + r]`. The scratch's
    /// rows then lie 64 bytes apart, in consecutive cache sets, where source
    /// rows a power of two apart would all share one set.
    ///
    /// # Safety
    /// AVX2 is available; `src.offset(r * srs + b)` is valid for reads for `r
    /// < R`, `b < 64 W`; `buf` is valid for writes of `R W` lines.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn stage_lines<const R: usize, const W: usize>(
        src: *const u8,
        srs: isize,
        buf: *mut Line64,
    ) {
        for r in 0..R {
            // Row r < R, bytes 64w..64w + 64 (w < W) of it, and scratch line
            // w R + r < R W: inside both (the contract).
            // SAFETY: as just said.
            unsafe {
                let row = src.offset(r as isize * srs);
                for w in 0..W {
                    let (from, to) = (row.add(64 * w), buf.add(w * R + r).cast::<u8>());
                    let lo = _mm256_loadu_si256(from.cast());
                    let hi = _mm256_loadu_si256(from.add(32).cast());
                    _mm256_storeu_si256(to.cast(), lo);
                    _mm256_storeu_si256(to.add(32).cast(), hi);
                }
            }
        }
    }

    /// The transposed registers of [`lane_block`] (not `SMALL`), not stored:
    /// lane `l` of result `k` holds column `k` of the `N x N` block whose rows
    /// are source rows `l N..l N + N`, 16 bytes each.
    ///
    /// # Safety
    /// AVX2 is available; source rows `0..2N`, 16 bytes each, are valid for
    /// reads.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn lane_regs<const N: usize>(src: *const u8, srs: isize) -> [__m256i; N] {
        // Rows r and N + r (r < N), 16 bytes each: inside the source
        // (the contract).
        // SAFETY: as just said.
        let a: [__m256i; N] = core::array::from_fn(|r| unsafe {
            load_lanes(
                src.offset(r as isize * srs),
                src.offset((N + r) as isize * srs),
            )
        });
        transpose_lanes::<N>(a)
    }

    /// The block of [`K16L`] (`N` = 8, `R` = 32 source rows of 2-byte
    /// elements) and [`K8L`] (`N` = 16, `R` = 64 rows of bytes), `R` = 4`N`:
    /// `W` whole lines of each source row staged in a scratch, then, per line
    /// and per quarter `p` of it (16 bytes, `N` elements), the `N` destination
    /// rows of those elements, 64 bytes each (`R` elements), from two
    /// [`lane_regs`] of `2N` scratch rows, stored back to back. Strides in
    /// bytes.
    ///
    /// # Safety
    /// AVX2 is available; source rows `0..R`, bytes `0..64 W`, are valid for
    /// reads, destination rows `0..4N W`, bytes `0..64`, for writes, apart
    /// from them; with `NT` every destination row start is 32-byte aligned.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn line_block<const N: usize, const R: usize, const W: usize, const NT: bool>(
        dst: *mut u8,
        drs: isize,
        src: *const u8,
        srs: isize,
    ) {
        debug_assert_eq!(R, 4 * N);
        let mut scratch = MaybeUninit::<[[Line64; R]; W]>::uninit();
        let buf = scratch.as_mut_ptr().cast::<Line64>();
        // Source rows 0..R, bytes 0..64 W, are the box's (the contract);
        // the scratch holds R W lines.
        // SAFETY: as just said.
        unsafe { stage_lines::<R, W>(src, srs, buf) };
        for w in 0..W {
            for p in 0..4 {
                // The scratch's lines R w..R w + R are initialised (just
                // above); bytes 16p..16p + 16 of their rows 0..2N and 2N..R
                // (64 bytes apart) hold elements N p..N p + N of the source
                // rows' line w; their columns go to destination rows
                // 4N w + N p + k (k < N), bytes 0..32 and 32..64, inside the
                // contract's rows; with NT their starts are 32-byte aligned.
                // SAFETY: as just said.
                unsafe {
                    let t = buf.add(R * w).cast::<u8>().add(16 * p);
                    let lo = lane_regs::<N>(t, 64);
                    let hi = lane_regs::<N>(t.add(2 * N * 64), 64);
                    for (k, (&l, &h)) in lo.iter().zip(&hi).enumerate() {
                        let d = dst.offset((4 * N * w + N * p + k) as isize * drs);
                        store_si256::<NT>(d, l);
                        store_si256::<NT>(d.add(32), h);
                    }
                }
            }
        }
    }

    /// 2-byte elements in 32 W x 32 blocks through a scratch, each destination
    /// line written by two 32-byte stores back to back ([`line_block`]; see
    /// the module docs).
    struct K16L<const W: usize>;

    impl<const W: usize> Kernel for K16L<W> {
        type E = u16;
        const BI: usize = 32 * W;
        const BJ: usize = 32;
        const SI: usize = K16::SI;
        const SJ: usize = K16::SJ;
        const LINE: usize = 32;

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn block<const NT: bool>(dst: *mut u16, drs: isize, src: *const u16, srs: isize) {
            // The 32 W x 32 box is the contract's: source rows 0..32 of 64 W
            // bytes, destination rows 0..32 W of 64 bytes (32 elements).
            // SAFETY: as just said.
            unsafe { line_block::<8, 32, W, NT>(dst.cast(), 2 * drs, src.cast(), 2 * srs) };
        }

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn small<const NT: bool>(dst: *mut u16, drs: isize, src: *const u16, srs: isize) {
            // The contract, which is `K16`'s for its small block (the same
            // 8 x 8 box).
            // SAFETY: as just said.
            unsafe { K16::small::<NT>(dst, drs, src, srs) };
        }
    }

    /// 1-byte elements in 64 W x 64 blocks through a scratch, as [`K16L`].
    struct K8L<const W: usize>;

    impl<const W: usize> Kernel for K8L<W> {
        type E = u8;
        const BI: usize = 64 * W;
        const BJ: usize = 64;
        const SI: usize = K8::SI;
        const SJ: usize = K8::SJ;
        const LINE: usize = 32;

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn block<const NT: bool>(dst: *mut u8, drs: isize, src: *const u8, srs: isize) {
            // The 64 W x 64 box is the contract's: source rows 0..64 of 64 W
            // bytes, destination rows 0..64 W of 64 bytes.
            // SAFETY: as just said.
            unsafe { line_block::<16, 64, W, NT>(dst, drs, src, srs) };
        }

        #[inline]
        #[target_feature(enable = "avx2")]
        unsafe fn small<const NT: bool>(dst: *mut u8, drs: isize, src: *const u8, srs: isize) {
            // The contract, which is `K8`'s for its small block (the same
            // 16 x 16 box).
            // SAFETY: as just said.
            unsafe { K8::small::<NT>(dst, drs, src, srs) };
        }
    }

    /// How the full blocks of a box are visited.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Order {
        /// Strips of `BJ` source rows, each walked from end to end: whole source
        /// lines read in `BJ` sequential streams (which the hardware prefetcher
        /// follows), whole destination lines written once each. For non-temporal
        /// stores, and for tiles.
        Strips,
        /// Panels of `BI` destination rows, each written from end to end, so that
        /// the lines the ordinary stores must first read come in `BI` sequential
        /// streams; the source lines of the block [`PANEL_AHEAD`] blocks ahead are
        /// prefetched.
        Panels,
        /// As `Strips`, with the source lines of the block [`STRIP_AHEAD`]
        /// blocks further along the strip prefetched into L2.
        StripsAhead,
    }

    /// How many blocks ahead a panel prefetches its source lines.
    const PANEL_AHEAD: usize = 4;

    /// Prefetches, with hint `H`, the line holding element `col` of each of
    /// the `rows` source rows from row `row` (rows `src_rs` elements apart
    /// from `s`): a hint only, so the lines may lie past the box (hence
    /// wrapping arithmetic; a prefetch never faults).
    #[inline(always)]
    fn prefetch_rows<T, const H: i32>(
        s: *const T,
        src_rs: isize,
        row: usize,
        rows: usize,
        col: usize,
    ) {
        for r in row..row + rows {
            let p = s.wrapping_offset((r as isize).wrapping_mul(src_rs).wrapping_add(col as isize));
            // SSE is part of the x86-64 baseline, and a prefetch reads
            // nothing the program sees.
            // SAFETY: as just said.
            unsafe { _mm_prefetch::<H>(p.cast::<i8>()) };
        }
    }

    /// The copy of the box `rows x cols` for kernel `K`: the full blocks in
    /// `order`, the leftover columns (fewer than `K::BJ`) in small blocks, the
    /// leftover rows and columns element by element (ordinary stores).
    ///
    /// Inlined into a caller compiled for the kernel's instructions (`copy`
    /// and `tile` for AVX2, [`wide`] for AVX-512F), so that the
    /// kernel's blocks inline into its loops.
    ///
    /// # Safety
    /// The kernel's instructions are available; `T` has the size of `K::E`
    /// and no padding bytes; the contract of
    /// [`transpose_copy`](super::transpose_copy) for the box; with `NT`, every
    /// destination row start `dst + i * dst_rs` is `K::LINE`-byte aligned.
    #[inline(always)]
    unsafe fn run<K: Kernel, T: Copy, const NT: bool>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        rows: usize,
        cols: usize,
        order: Order,
    ) {
        debug_assert!(
            !NT || rows == 0
                || (dst.addr().is_multiple_of(K::LINE)
                    && dst_rs
                        .unsigned_abs()
                        .wrapping_mul(size_of::<T>())
                        .is_multiple_of(K::LINE)),
            "transpose: non-temporal stores need destination rows aligned to {} bytes",
            K::LINE
        );
        let (d, s) = (dst.cast::<K::E>(), src.cast::<K::E>());
        let full_i = rows - rows % K::BI;
        let full_j = cols - cols % K::BJ;
        // SAFETY (for `at`'s callers): a block at (i, j) with i + BI <= full_i
        // <= rows and j + BJ <= full_j <= cols lies in the box; with NT, its
        // destination rows start LINE-aligned (the contract) and its columns
        // start a multiple of BJ elements (a multiple of LINE bytes) further.
        let at = |i: usize, j: usize| {
            let (i, j) = (i as isize, j as isize);
            // SAFETY: see above.
            unsafe {
                K::block::<NT>(
                    d.offset(i * dst_rs + j),
                    dst_rs,
                    s.offset(j * src_rs + i),
                    src_rs,
                )
            };
        };
        match order {
            Order::Strips => {
                for j in (0..full_j).step_by(K::BJ) {
                    for i in (0..full_i).step_by(K::BI) {
                        at(i, j);
                    }
                }
            }
            Order::StripsAhead => {
                let ahead = STRIP_AHEAD * K::BI;
                for j in (0..full_j).step_by(K::BJ) {
                    for i in (0..full_i).step_by(K::BI) {
                        prefetch_rows::<_, _MM_HINT_T1>(s, src_rs, j, K::BJ, i + ahead);
                        at(i, j);
                    }
                }
            }
            Order::Panels => {
                let ahead = PANEL_AHEAD * K::BJ;
                for i in (0..full_i).step_by(K::BI) {
                    for j in (0..full_j).step_by(K::BJ) {
                        prefetch_rows::<_, _MM_HINT_T0>(s, src_rs, j + ahead, K::BJ, i);
                        at(i, j);
                    }
                }
            }
        }
        // The leftover columns in small blocks.
        let small_i = rows - rows % K::SI;
        let mut j = full_j;
        while j + K::SJ <= cols {
            let ji = j as isize;
            for i in (0..small_i).step_by(K::SI) {
                let ii = i as isize;
                // Rows i..i+SI (small_i <= rows) and columns j..j+SJ
                // (<= cols) lie in the box; with NT, the columns start a multiple
                // of SJ elements after a LINE-aligned row start (full_j is a
                // multiple of BJ, itself of SJ), which is all the small block
                // asks.
                // SAFETY: as just said.
                unsafe {
                    K::small::<NT>(
                        d.offset(ii * dst_rs + ji),
                        dst_rs,
                        s.offset(ji * src_rs + ii),
                        src_rs,
                    )
                };
            }
            j += K::SJ;
        }
        // SAFETY: three sub-boxes of the box, element by element: the rows below
        // the full blocks, those below the small blocks, and the last columns.
        unsafe {
            naive(dst, dst_rs, src, src_rs, full_i..rows, 0..full_j);
            naive(dst, dst_rs, src, src_rs, small_i..rows, full_j..j);
            naive(dst, dst_rs, src, src_rs, 0..rows, j..cols);
        }
    }

    /// [`run`] in strips over the first rows of the box that fill whole
    /// blocks of `K` (a multiple of `K::BI`), then `rest` over the others.
    ///
    /// # Safety
    /// As [`run`] for both kernels.
    #[inline(always)]
    unsafe fn run_then<K: Kernel, T: Copy, const NT: bool>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        rows: usize,
        cols: usize,
        rest: impl FnOnce(*mut T, *const T, usize),
    ) {
        let whole = rows - rows % K::BI;
        // The rows 0..whole of the box.
        // SAFETY: as just said.
        unsafe { run::<K, T, NT>(dst, dst_rs, src, src_rs, whole, cols, Order::Strips) };
        if whole < rows && cols > 0 {
            // Destination row `whole` and source element `whole` of every
            // source row lie in the box (whole < rows, and the box has
            // columns: an empty box's pointers need not point anywhere).
            // SAFETY: as just said.
            let (d, s) = unsafe { (dst.offset(whole as isize * dst_rs), src.add(whole)) };
            rest(d, s, rows - whole);
        }
    }

    /// The copy of 2- and 1-byte elements in bands of [`K16L`] or [`K8L`]
    /// blocks, whole destination lines at a time: for `u16`, bands of 32 rows;
    /// for bytes, bands of `64 LINES` rows, then of 64; for both, the AVX2
    /// blocks for the last rows. With `NT`, non-temporal stores.
    ///
    /// A block of [`K8L<LINES>`] keeps a 32 KiB scratch on the stack (a
    /// thread with a stack of 64 KiB or less may overflow it, which aborts).
    ///
    /// # Safety
    /// As [`run`] for [`K16`] or [`K8`] (AVX2; `size_of::<T>()` is 2 or 1).
    #[inline(always)]
    unsafe fn lines<T: Copy, const NT: bool>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        rows: usize,
        cols: usize,
    ) {
        // The contract, passed on to kernels of T's size.
        // SAFETY: as just said.
        unsafe {
            if size_of::<T>() == 2 {
                run_then::<K16L<1>, T, NT>(dst, dst_rs, src, src_rs, rows, cols, |d, s, rows| {
                    run::<K16, T, NT>(d, dst_rs, s, src_rs, rows, cols, Order::Strips)
                })
            } else {
                run_then::<K8L<LINES>, T, NT>(dst, dst_rs, src, src_rs, rows, cols, |d, s, rows| {
                    run_then::<K8L<1>, T, NT>(d, dst_rs, s, src_rs, rows, cols, |d, s, rows| {
                        run::<K8, T, NT>(d, dst_rs, s, src_rs, rows, cols, Order::Strips)
                    })
                })
            }
        }
    }

    /// [`transpose_copy`](super::transpose_copy) for 1-, 2-, 4- and 8-byte
    /// elements.
    ///
    /// With `stream`, non-temporal stores in strips, from the first column at
    /// which every destination row is 64-byte aligned, ordinary stores before
    /// it; if the rows cannot all be aligned to a line (a row stride that is
    /// not a multiple of 64 bytes, or elements not aligned to their size),
    /// ordinary stores. Without `stream`,
    /// ordinary stores: with AVX-512F, 4- and 8-byte elements in `zmm` blocks
    /// in strips (boxes of at least 16 x 32); 2- and 1-byte elements whose
    /// source rows lie a multiple of 256 bytes apart in whole lines through a
    /// scratch; otherwise in panels (in strips when the source row stride is a
    /// multiple of 4 KiB).
    ///
    /// # Safety
    /// AVX2 is available; `size_of::<T>()` is 1, 2, 4 or 8; the contract of
    /// [`transpose_copy`](super::transpose_copy).
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn copy<T: Copy>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        rows: usize,
        cols: usize,
        stream: bool,
    ) {
        let size = size_of::<T>();
        let row_bytes = dst_rs.unsigned_abs().wrapping_mul(size);
        let addr = dst as usize;
        // Streams only where every destination row can start on a line:
        // rows an odd multiple of 32 bytes apart would have every other row's
        // lines written in two halves by two strips far apart in time (the
        // write-combining buffers flushed half full). At the twenty-sixth stop
        // (Intel VM, a probe, `assign` of a transposed square array against
        // `copy_from_slice`, best of five blocks), streaming them took `f64`
        // 1444² to 2012² 4.3-4.4x and `i32` 2008² and 3000² 8.4x; ordinary
        // stores 1.3-1.5x and 1.5-1.9x. (From memory, 6004² `f64` 3.3x
        // against 3.6x streamed; `i32` 6008² 3.4x against 7.5x.)
        if stream && addr.is_multiple_of(size) && row_bytes.is_multiple_of(64) {
            let head = (64 - addr % 64) % 64 / size;
            if head < cols {
                let rest = cols - head;
                // The columns 0..head and head..cols split the box; from
                // `head` on, every row start is 64-byte aligned: row 0 by the
                // choice of `head`, and rows are a multiple of 64 bytes apart.
                // SAFETY: as just said.
                unsafe {
                    tile(dst, dst_rs, src, src_rs, rows, head);
                    let (d, s) = (dst.add(head), src.offset(head as isize * src_rs));
                    match size {
                        4 | 8 if super::has_avx512f() => {
                            wide::<T, true>(d, dst_rs, s, src_rs, rows, rest)
                        }
                        8 => run::<K64, T, true>(d, dst_rs, s, src_rs, rows, rest, Order::Strips),
                        4 => run::<K32, T, true>(d, dst_rs, s, src_rs, rows, rest, Order::Strips),
                        _ => lines::<T, true>(d, dst_rs, s, src_rs, rows, rest),
                    }
                }
                // Orders the non-temporal stores before whatever follows (Miri,
                // which runs them as ordinary stores, has no `sfence`).
                #[cfg(not(miri))]
                core::arch::x86_64::_mm_sfence();
                return;
            }
        }
        // With AVX-512F, the `zmm` blocks in strips (see `takes_wide`).
        if takes_wide::<T>(rows, cols) {
            // AVX-512F is available (just checked), T's size is 4 or 8; the
            // rest is the contract, passed on (ordinary stores need no
            // alignment).
            // SAFETY: as just said.
            unsafe { wide::<T, false>(dst, dst_rs, src, src_rs, rows, cols) };
            return;
        }
        // 2- and 1-byte elements whose source rows lie a multiple of 256 bytes
        // apart (their lines then crowd a few cache sets): whole lines through
        // a scratch, as the streaming copy (see the module docs).
        if size <= 2 && src_rs.unsigned_abs().wrapping_mul(size).is_multiple_of(256) {
            // T's size is 2 or 1 (just checked); the rest is the contract,
            // passed on (ordinary stores need no alignment).
            // SAFETY: as just said.
            unsafe { lines::<T, false>(dst, dst_rs, src, src_rs, rows, cols) };
            return;
        }
        // Panels, unless source rows a multiple of 4 KiB apart would put the
        // lines a panel prefetches (one column of lines) in one cache set.
        let order = if src_rs
            .unsigned_abs()
            .wrapping_mul(size)
            .is_multiple_of(4096)
        {
            Order::Strips
        } else {
            Order::Panels
        };
        // SAFETY: the contract, passed on.
        unsafe {
            match size {
                8 => run::<K64, T, false>(dst, dst_rs, src, src_rs, rows, cols, order),
                4 => run::<K32, T, false>(dst, dst_rs, src, src_rs, rows, cols, order),
                2 => run::<K16, T, false>(dst, dst_rs, src, src_rs, rows, cols, order),
                _ => run::<K8, T, false>(dst, dst_rs, src, src_rs, rows, cols, order),
            }
        }
    }

    /// Whether a box of `rows x cols` elements of `T` takes the `zmm` blocks
    /// without streaming ([`wide`], in `copy` and `tile`): 4- and 8-byte
    /// elements, a box holding a whole block of each kernel (thinner boxes
    /// keep the AVX2 kernels' smaller edge blocks), and AVX-512F.
    #[inline]
    fn takes_wide<T>(rows: usize, cols: usize) -> bool {
        matches!(size_of::<T>(), 4 | 8) && rows >= 16 && cols >= 32 && super::has_avx512f()
    }

    /// The copy of 8- and 4-byte elements in [`K64W`] and [`K32W`] blocks, in
    /// strips of 32 source rows (16 where [`short_strips`](super::short_strips),
    /// with the streaming copy's source lines prefetched ahead); with `NT`,
    /// non-temporal stores.
    ///
    /// # Safety
    /// AVX-512F is available; `size_of::<T>()` is 8 or 4; the contract of
    /// [`transpose_copy`](super::transpose_copy); with `NT`, every destination
    /// row start `dst + i * dst_rs` is 64-byte aligned.
    #[target_feature(enable = "avx512f")]
    unsafe fn wide<T: Copy, const NT: bool>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        rows: usize,
        cols: usize,
    ) {
        // The contract, passed on, with the kernel of T's size (8, else 4:
        // the contract); both kernels' instructions are AVX-512F's, and with
        // NT their stores need the 64-byte row starts given.
        // SAFETY: as just said.
        unsafe {
            if super::short_strips() {
                let order = if NT {
                    Order::StripsAhead
                } else {
                    Order::Strips
                };
                if size_of::<T>() == 8 {
                    run::<K64W<2>, T, NT>(dst, dst_rs, src, src_rs, rows, cols, order)
                } else {
                    run::<K32W<1>, T, NT>(dst, dst_rs, src, src_rs, rows, cols, order)
                }
            } else if size_of::<T>() == 8 {
                run::<K64W<4>, T, NT>(dst, dst_rs, src, src_rs, rows, cols, Order::Strips)
            } else {
                run::<K32W<2>, T, NT>(dst, dst_rs, src, src_rs, rows, cols, Order::Strips)
            }
        };
    }

    /// [`transpose_tile`](super::transpose_tile) for 1-, 2-, 4- and 8-byte
    /// elements: ordinary stores in strips, no prefetch (with AVX-512F, the
    /// `zmm` blocks for 4- and 8-byte elements, as in [`copy`]).
    ///
    /// # Safety
    /// As [`copy`].
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn tile<T: Copy>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        rows: usize,
        cols: usize,
    ) {
        // With AVX-512F, as in `copy`: the `zmm` blocks for boxes of at least
        // 16 x 32 (`out = a + b.T` from 512² to 1024² `f64` and `f32`, whose
        // scratch tiles take this path: 0.91-0.98x of the AVX2 blocks' time,
        // two runs side by side; level at 128² and 256²).
        if takes_wide::<T>(rows, cols) {
            // AVX-512F is available (just checked), T's size is 4 or 8; the
            // rest is the contract, passed on.
            // SAFETY: as just said.
            unsafe { wide::<T, false>(dst, dst_rs, src, src_rs, rows, cols) };
            return;
        }
        // SAFETY: the contract, passed on.
        unsafe {
            match size_of::<T>() {
                8 => run::<K64, T, false>(dst, dst_rs, src, src_rs, rows, cols, Order::Strips),
                4 => run::<K32, T, false>(dst, dst_rs, src, src_rs, rows, cols, Order::Strips),
                2 => run::<K16, T, false>(dst, dst_rs, src, src_rs, rows, cols, Order::Strips),
                _ => run::<K8, T, false>(dst, dst_rs, src, src_rs, rows, cols, Order::Strips),
            }
        }
    }
}

/// The transposing copies for the `transpose_probe` example: not an API.
#[doc(hidden)]
pub mod probe {
    /// `dst[i * dst_rs + j] = src[j * src_rs + i]` for `i < rows`, `j < cols`:
    /// the crate's transposing copy, non-temporal stores with `stream`.
    ///
    /// # Safety
    /// Both boxes of offsets are valid (writes of `dst`, reads of initialised
    /// `src`), do not overlap, and `T` has no padding bytes.
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn transpose_copy<T: Copy>(
        dst: *mut T,
        dst_rs: isize,
        src: *const T,
        src_rs: isize,
        rows: usize,
        cols: usize,
        stream: bool,
    ) {
        // SAFETY: the same contract.
        unsafe { super::transpose_copy(dst, dst_rs, src, src_rs, rows, cols, stream) }
    }
}

#[cfg(test)]
mod tests {
    use core::fmt::Debug;

    use super::{transpose_copy, transpose_tile};

    std::thread_local! {
        /// Set by a test to take the AVX2 blocks on a CPU with AVX-512F (see
        /// `has_avx512f`), so that both paths run there.
        pub(super) static AVX2_ONLY: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
        /// Set by a test to choose the `zmm` blocks' strips (see
        /// `short_strips`), so that both run on any CPU.
        pub(super) static SHORT_STRIPS: core::cell::Cell<Option<bool>> = const { core::cell::Cell::new(None) };
    }

    /// A 64-byte aligned chunk, so that test buffers have a known alignment.
    #[derive(Clone, Copy)]
    #[repr(C, align(64))]
    struct Chunk([u8; 64]);

    /// A buffer of at least `len` `T`s, 64-byte aligned, every element `fill`.
    fn buffer<T: Copy>(len: usize, fill: impl Fn(usize) -> T) -> Vec<Chunk> {
        let chunks = (len * size_of::<T>()).div_ceil(64) + 1;
        let mut v = vec![Chunk([0; 64]); chunks];
        let p = v.as_mut_ptr().cast::<T>();
        for k in 0..len {
            // k < len and the buffer holds at least `len` `T`s; a chunk is
            // 64-byte aligned, which suits every `T` used here.
            // SAFETY: as just said.
            unsafe { p.add(k).write(fill(k)) };
        }
        v
    }

    /// How the copy is called.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Mode {
        Copy,
        Stream,
        Tile,
    }

    /// One layout of both operands, in elements.
    #[derive(Clone, Copy, Debug)]
    struct Case {
        rows: usize,
        cols: usize,
        /// Source row stride minus `rows`.
        src_pad: usize,
        /// Destination row stride minus `cols`, or, if `None`, the stride rounded
        /// up to a multiple of 64 bytes (so that the streaming path runs).
        dst_pad: Option<usize>,
        src_neg: bool,
        dst_neg: bool,
        /// Elements between the 64-byte aligned buffer start and the first
        /// element of the destination.
        dst_off: usize,
    }

    /// Runs `case` in `mode` for elements `make(k)` and checks every element of
    /// the destination buffer: the transposed box, and the sentinel elsewhere.
    fn check<T: Copy + PartialEq + Debug>(
        case: Case,
        mode: Mode,
        make: impl Fn(usize) -> T,
        sentinel: T,
    ) {
        let Case {
            rows,
            cols,
            src_pad,
            dst_pad,
            src_neg,
            dst_neg,
            dst_off,
        } = case;
        let size = size_of::<T>();
        let srs = rows + src_pad;
        let drs = match dst_pad {
            Some(p) => cols + p,
            None => (cols * size).div_ceil(64) * 64 / size,
        };
        let src_len = cols * srs + 1;
        let dst_len = dst_off + rows * drs + 1;
        let src_buf = buffer(src_len, &make);
        let mut dst_buf = buffer(dst_len, |_| sentinel);
        let src_idx = |j: usize, i: usize| (if src_neg { cols - 1 - j } else { j }) * srs + i;
        let dst_idx =
            |i: usize, j: usize| dst_off + (if dst_neg { rows - 1 - i } else { i }) * drs + j;
        let sp = src_buf.as_ptr().cast::<T>();
        let dp = dst_buf.as_mut_ptr().cast::<T>();
        let (s0, d0) = (
            if src_neg {
                cols.saturating_sub(1) * srs
            } else {
                0
            },
            dst_off
                + if dst_neg {
                    rows.saturating_sub(1) * drs
                } else {
                    0
                },
        );
        let (src_rs, dst_rs) = (
            if src_neg {
                -(srs as isize)
            } else {
                srs as isize
            },
            if dst_neg {
                -(drs as isize)
            } else {
                drs as isize
            },
        );
        // SAFETY: the source box lies in `src_len` elements and the destination
        // box in `dst_len` (by `src_idx`, `dst_idx`), two separate buffers; the
        // test types have no padding bytes.
        unsafe {
            let (d, s) = (dp.add(d0), sp.add(s0));
            match mode {
                Mode::Copy => transpose_copy(d, dst_rs, s, src_rs, rows, cols, false),
                Mode::Stream => transpose_copy(d, dst_rs, s, src_rs, rows, cols, true),
                Mode::Tile => transpose_tile(d, dst_rs, s, src_rs, rows, cols),
            }
        }
        let mut want = vec![sentinel; dst_len];
        for i in 0..rows {
            for j in 0..cols {
                want[dst_idx(i, j)] = make(src_idx(j, i));
            }
        }
        // SAFETY: `dst_len` initialised elements.
        let got = unsafe { core::slice::from_raw_parts(dp.cast_const(), dst_len) };
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(
                g,
                w,
                "{case:?} {mode:?} {}: element {k}",
                core::any::type_name::<T>()
            );
        }
    }

    /// The shapes: every pair of sides from `sides`, and a few long thin ones.
    fn shapes() -> Vec<(usize, usize)> {
        let sides: &[usize] = if cfg!(miri) {
            &[0, 1, 5, 17]
        } else {
            &[0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33]
        };
        let mut v: Vec<_> = sides
            .iter()
            .flat_map(|&r| sides.iter().map(move |&c| (r, c)))
            .collect();
        if cfg!(miri) {
            v.extend([(33, 20), (20, 33)]);
        } else {
            v.extend([
                (100, 37),
                (37, 100),
                (64, 64),
                (48, 80),
                (2, 70),
                (70, 2),
                (129, 18),
                (41, 77),
                // Bands of 512, 64 and 16 rows of bytes, with columns left
                // over (`K8L<8>`, `K8L<1>`, `K8`); one band of 64.
                (600, 130),
                (600, 146),
                (70, 530),
            ]);
        }
        v
    }

    /// Every shape with several layouts and all three modes.
    fn check_all<T: Copy + PartialEq + Debug>(make: impl Fn(usize) -> T + Copy, sentinel: T) {
        let layouts: &[(usize, Option<usize>, bool, bool, usize)] = &[
            (0, Some(0), false, false, 0),
            (3, Some(5), false, false, 0),
            (1, None, false, false, 0),
            (0, None, false, false, 1),
            (2, None, false, false, 3),
            (0, Some(2), true, false, 0),
            (5, None, false, true, 2),
            (0, None, true, true, 0),
        ];
        // Under Miri: padded rows, and both strides negative.
        let few = [layouts[1], layouts[7]];
        let layouts = if cfg!(miri) { &few[..] } else { layouts };
        for (rows, cols) in shapes() {
            for &(src_pad, dst_pad, src_neg, dst_neg, dst_off) in layouts {
                let case = Case {
                    rows,
                    cols,
                    src_pad,
                    dst_pad,
                    src_neg,
                    dst_neg,
                    dst_off,
                };
                for mode in [Mode::Copy, Mode::Stream, Mode::Tile] {
                    check(case, mode, make, sentinel);
                    // With AVX-512F, the AVX2 blocks too.
                    #[cfg(target_arch = "x86_64")]
                    if super::has_avx512f() {
                        AVX2_ONLY.with(|a| a.set(true));
                        check(case, mode, make, sentinel);
                        AVX2_ONLY.with(|a| a.set(false));
                        // And the `zmm` blocks' other strips, where the box
                        // takes them (`takes_wide`; the streaming copy takes
                        // them for any box whose rows align).
                        if mode == Mode::Stream || (rows >= 16 && cols >= 32) {
                            let other = !super::short_strips();
                            SHORT_STRIPS.with(|s| s.set(Some(other)));
                            check(case, mode, make, sentinel);
                            SHORT_STRIPS.with(|s| s.set(None));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn transpose_u64() {
        check_all(|k| k as u64 * 3 + 1, u64::MAX);
    }

    #[test]
    #[cfg_attr(
        miri,
        ignore = "the portable loop is the same for every size: u64 and [u8; 3] cover it"
    )]
    fn transpose_f64() {
        check_all(|k| k as f64 + 0.5, -1.0);
    }

    #[test]
    #[cfg_attr(
        miri,
        ignore = "the portable loop is the same for every size: u64 and [u8; 3] cover it"
    )]
    fn transpose_u32() {
        check_all(|k| k as u32 * 7 + 1, u32::MAX);
    }

    #[test]
    #[cfg_attr(
        miri,
        ignore = "the portable loop is the same for every size: u64 and [u8; 3] cover it"
    )]
    fn transpose_f32() {
        check_all(|k| k as f32 + 0.25, -1.0);
    }

    /// 8 bytes with 4-byte alignment: the SIMD path with elements that may not
    /// be 8-byte aligned.
    #[test]
    #[cfg_attr(
        miri,
        ignore = "the portable loop is the same for every size: u64 and [u8; 3] cover it"
    )]
    fn transpose_u32_pairs() {
        check_all(|k| [k as u32, !(k as u32)], [0, 0]);
    }

    /// 2-byte elements: the SIMD path's 16 x 16 blocks and 8 x 8 small blocks,
    /// also with 1-byte alignment.
    #[test]
    #[cfg_attr(
        miri,
        ignore = "the portable loop is the same for every size: u64 and [u8; 3] cover it"
    )]
    fn transpose_u16() {
        check_all(|k| k as u16, u16::MAX);
        check_all(|k| [k as u8, (k >> 8) as u8], [255, 255]);
    }

    /// 1-byte elements: the SIMD path's 16 x 32 blocks and 16 x 16 small blocks;
    /// values past 255 wrap, so that every position's byte differs from its
    /// neighbours'.
    #[test]
    #[cfg_attr(
        miri,
        ignore = "the portable loop is the same for every size: u64 and [u8; 3] cover it"
    )]
    fn transpose_u8() {
        check_all(|k| (k * 7 % 251) as u8, 255);
        check_all(|k| ((k % 250) as i16 - 125) as i8, i8::MAX);
    }

    /// The bands of 1- and 2-byte elements (`K8L`, `K16L`), which need boxes
    /// of 64 to 512 rows: 600 x 90 (216 x 90 under Miri: bands of 512 and 64
    /// rows of bytes, of 128 and 64 under Miri, then 16-row blocks and the
    /// rows left over; 64-column blocks, a 16-column small block and the
    /// columns left over), streamed, and without streaming from source rows a
    /// multiple of 256 bytes apart (the path without streaming takes them only
    /// there), in two layouts (one under Miri).
    #[test]
    #[cfg_attr(
        miri,
        ignore = "the portable loop is the same for every size: u64 and [u8; 3] cover it"
    )]
    fn transpose_bands() {
        fn bands<T: Copy + PartialEq + Debug>(make: impl Fn(usize) -> T + Copy, sentinel: T) {
            let (rows, cols) = if cfg!(miri) { (216, 90) } else { (600, 90) };
            let size = size_of::<T>();
            // Source rows a multiple of 256 bytes apart.
            let pad256 = (rows * size).div_ceil(256) * 256 / size - rows;
            // (more padding, negative source rows, negative destination rows)
            let layouts: &[(usize, bool, bool)] = if cfg!(miri) {
                &[(0, false, false)]
            } else {
                &[(0, false, false), (1, true, true)]
            };
            for &(more, src_neg, dst_neg) in layouts {
                let case = |src_pad| Case {
                    rows,
                    cols,
                    src_pad,
                    dst_pad: None,
                    src_neg,
                    dst_neg,
                    dst_off: 0,
                };
                check(case(5 * more), Mode::Stream, make, sentinel);
                let pad = pad256 + more * 256 / size;
                check(case(pad), Mode::Copy, make, sentinel);
            }
        }
        bands(|k| (k * 7 % 251) as u8, 255);
        bands(|k| k as u16, u16::MAX);
    }

    /// A 16-byte element: the portable loop.
    #[test]
    #[cfg_attr(
        miri,
        ignore = "the portable loop is the same for every size: u64 and [u8; 3] cover it"
    )]
    fn transpose_u128_like() {
        check_all(|k| [k as u64, !(k as u64)], [0, 0]);
    }

    /// A 3-byte element (odd size and alignment 1): the portable loop.
    #[test]
    fn transpose_bytes3() {
        check_all(|k| [k as u8, (k >> 8) as u8, 7], [255, 255, 255]);
    }
}
