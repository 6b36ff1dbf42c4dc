//! Elementwise loops with a transposed input (`out = a + b.T`): the nest is
//! tiled, and each tile of the transposed input is first copied, transposed in
//! register blocks, into a scratch buffer; the loop then reads it with unit
//! stride, as it reads the other operands. Without it the loop would read the
//! transposed input one element per cache line, with no vector loads. The
//! library's elementwise methods and the `kernel!` expansion both walk the rows
//! of [`Staged`].
//!
//! Three scratch shapes, by the size of the operation and the output:
//! - in cache (below 4 MiB of the staged input), a 16 KiB tile of 32 rows that
//!   stays in L1 with the rows of the other operands it meets;
//! - from memory, when the output is written and not read (`out = f(a, b.T)`,
//!   a given or a new output) and can hold the staged input's elements (a
//!   number of the same size), the output itself: each band of its rows (at
//!   least 4 MiB, and 32 KiB of each of the input's rows; the whole array at
//!   4096 x 4096 `f64`) first receives the input's elements by the transposing
//!   copy (16-row strips, register transposes, non-temporal stores where the
//!   output's rows start on a line), and the
//!   loop then reads them back from the row it writes, with ordinary stores;
//! - from memory otherwise (an update such as `a += b.T`), a band of 32 rows
//!   and up to 512 KiB (whole rows of 2048 `f64`): the other operands are then
//!   read and written in runs of up to 16 KiB instead of 512 bytes, and the
//!   transposed input in pieces of 256 bytes, by the transposing copy's
//!   cache-blocked walk.
//!
//! And a fourth, in a nest that is not tiled: an input of interleaved
//! channels (2-4 of 1, 2, 4 or 8 bytes: an HWC image) read a channel at a
//! time, or planes read into interleaved pixels, goes through an L1 tile
//! filled by `kernel::channels`' byte shuffles: `C` rows of pixels, one per
//! channel, or interleaved pixels given to the loop as one run instead of a
//! run of `C` per pixel (`map` of a `u8` HWC image into `f32` CHW planes,
//! 224 x 224 x 3: 38 us, was 115-119 us; see that module).
//!
//! The output as the scratch moves more bytes than any staging in cache (the
//! output goes to memory and comes back once more: 5 arrays' worth of traffic
//! against 3), but it reads the transposed input as the transposing copy does,
//! at close to copy speed, where every way of reading it in cache-sized pieces
//! measured 2-3x slower. Measured side by side in one process (`out = a + b.T`
//! against `out = a + b`, given output, `f64`): 1.46-1.83x against 1.93-2.45x
//! with the band at 1024 x 1024 to 4096 x 4096, 1.9-2.0x against 2.3-2.5x at
//! 900 x 900; in `bench_report` (4096 x 4096), 1.17-1.57x against 1.70-2.24x.
//! With non-temporal stores in the second pass too, 0.2-0.3x slower; with
//! ordinary stores into the band (so that it stays in L3), 2.3-2.6x; bands of
//! 8-16 KiB per input row measured about 0.1x slower than 32 KiB (within the
//! noise).
//!
//! The 32-row bands, measured on the development machine (`out = a + b.T`
//! against `out = a + b`, side by side in one process, before the output
//! served as the scratch): with 16 KiB tiles throughout, 2.8-3.7x at
//! 4096 x 4096 and 4000 x 4000 `f64`; with bands, 1.9-2.6x (64-row, 1 MiB
//! bands: 2.0-2.1x), and 2.2-2.6x at 1000-2000; at 256 x 256, in cache, bands
//! measured 3.3-4.5x against the tiles' 2.5-2.8x, hence the threshold. Plain
//! 32 x 32 tiles with no staging: 3.0x. What remains is reading the transposed
//! input across its rows: transposing a band into the scratch alone takes about
//! as long as the addition, and 2-3x as long as the whole transposed copy, which
//! reads its source along the rows and writes across them with non-temporal
//! stores. Tiles of 8 to 128 rows and 8 to 64 KiB, software prefetch (of the
//! next tile; of the next band, spread over the current band's rows), and bands
//! of 64-512 rows (4-16 MiB, in L3) with or without streaming measured no
//! better. Nor did these, measured against a hand-written streamed `a + b` in
//! one process, at 4096 x 4096 on huge pages (2.0-2.35x for this band shape):
//! - the transposed copy's own walk (16-row strips of `b` end to end, `a` read
//!   and `out` streamed across in 128-byte pieces), with or without software
//!   prefetch of `a` 2-8 blocks ahead: 3.5x;
//! - square and oblong staged tiles of 64 x 512 to 1024 x 32 elements (runs of
//!   the transposed input up to 8 KiB long): 1.9-3.1x;
//! - double buffering, the next tile's transpose interleaved with the current
//!   tile's additions row by row, so that its reads overlap the streams:
//!   1.97-2.5x, no better than the plain band;
//! - column panels: 64-512 rows of `b` read in 16-row strips end to end into
//!   an L3 scratch, then `a` and `out` in runs of 512 B-4 KiB: 2.9-3.4x;
//! - a row stride that is not a power of two (4104): no better.
//!
//! Split timings of staged tiles (rows x columns of the output, against the
//! same streamed `a + b`): transposing the tiles of `b` into the scratch alone
//! takes 0.85-1.7x (1.5-1.7x for this band shape, 0.95x for 512 x 512 tiles,
//! whose 4 KiB pieces of `b`'s rows stream well but whose 2 MiB scratch lives
//! in L3), the additions from the scratch alone 0.8-1.2x, and the whole is
//! their sum (1.9-2.7x): the two phases do not overlap. Software prefetch of
//! `b` 8-64 rows ahead within the transpose: 2.25-2.55x, no better.
//!
//! Updates (`a += b.T`) on the Intel VM (2 MiB L2), against `a += b` side by
//! side: the 32-row bands take 1.7-3.0x (2.5-3.0x from 2048 x 2048 `f64` on).
//! A separate scratch band of 16 MiB filled by the streaming transposing copy,
//! then added from: 1.8x at 4096 x 4096 when the scratch is kept between calls
//! (27 ms against 42-45), but with a new scratch per call (its pages faulted
//! in each time) 2.3x at 4096 and 2.7-5.0x at 724-3000, slower than the bands
//! below 4096. Not taken: it would pay only with a scratch the library keeps.
//! Since the bands are filled by the AVX-512 blocks of the transposing copy
//! (eleventh stop; a probe, `a += &b.t()` against `a += &b`, medians of 7-200
//! calls, two and three runs of each build alternating): `f32` 4096²
//! 2.55-2.73x (was 3.35-3.36x), `f64` 4096² 2.86-3.00x (3.14-3.16x), `f64`
//! 2048² 1.77-1.87x (1.92-2.38x), `f64` 1024² 1.71-1.78x (1.53-1.70x), the
//! rest level.
//!
//! Probed again at the twentieth stop on the Zen 4 VM (4096 x 4096 `f64`,
//! bare AVX-512 loops against the library's `a + b` side by side, the
//! library's `a + b.T` at 1.57-1.64x in the same runs):
//! - one pass in the transposing copy's walk (16-row strips of `b`, `a` read
//!   and `out` streamed in 128-byte pieces across their rows), `a`
//!   prefetched 2-8 blocks ahead: 1.93-2.02x into L2, 2.2-2.3x into L1,
//!   2.4x non-temporally. Read alone in that pattern, `a` takes 1.8x as
//!   long as read along its rows, even prefetched into L2 (2.3x into L1);
//! - panels of 64-256 rows of `b` with no scratch (the output's 8 rows of a
//!   block written 512 B-2 KiB at a time): 1.9-2.0x, 2.1-2.2x with the next
//!   panel prefetched. Split, gathering the panel's lines alone takes 1.0x
//!   of the whole `a + b` at 256 rows (0.87x at 64), and reading `a` and
//!   writing `out` alone in the panel's pattern 1.1x;
//! - a scratch band in L3: `b`'s columns for 32-256 output rows transposed
//!   with ordinary stores into a scratch of those rows (2-8 MiB), then
//!   `out = a + scratch` row by row, streamed: 1.73-2.2x.
//!
//! Reading `b` takes strips of at most 16 rows to run at the speed of a
//! sequential read (`transpose.rs`), and then `a` and `out` are met 128
//! bytes at a time across their rows, which costs more than the extra pass
//! through memory of the output as the scratch.

use core::any::TypeId;
use core::mem::MaybeUninit;

use super::copy::{is_plain, stream_fence, transpose_sized};
use super::nest::Nest;

/// Bytes of one scratch tile when the operation fits in the caches: with the
/// rows of the other operands that the tile's loop touches, it stays in a 32
/// KiB L1 data cache.
const TILE_BYTES: usize = 16 << 10;

/// Most bytes of one scratch band, for operations from [`BAND_FROM`] bytes on:
/// half of a 1 MiB L2.
const BAND_BYTES: usize = 512 << 10;

/// The size (in bytes of the staged input) from which the scratch is a band
/// (under Miri, from 2 KiB, so that its small tests walk both).
const BAND_FROM: usize = if cfg!(miri) { 2 << 10 } else { 4 << 20 };

/// Bytes of one tile of interleaved channels (see [`Nest::channel_staged`]):
/// [`TILE_BYTES`], and under Miri 512, so that its small tests walk several
/// tiles and a partial last one.
const CHANNEL_TILE_BYTES: usize = if cfg!(miri) { 512 } else { TILE_BYTES };

/// Rows (along the nest's other tiled loop) of a scratch tile or band; its
/// columns fill [`TILE_BYTES`] or [`BAND_BYTES`].
const TILE_ROWS: usize = 32;

/// When the output is the scratch: the shortest piece (in bytes) of each of
/// the staged input's rows that one band reads (the band's rows then number
/// at least this many bytes' worth of elements). Under Miri, 64, so that its
/// small tests walk several bands.
const OUT_RUN_BYTES: usize = if cfg!(miri) { 64 } else { 32 << 10 };

/// One cache line of scratch, aligned for any plain element and for vectors.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([MaybeUninit<u8>; 64]);

/// An input that may be staged, or the output that may hold the staged
/// input's elements before its own: its base pointer, and what its element is
/// (for the `kernel!` expansion: not an API).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct StageSlot {
    base: *const u8,
    size: usize,
    /// An input: a plain number (see [`is_plain`]). The output: a plain
    /// number whose every bit pattern is a valid value, or new memory.
    plain: bool,
    output: bool,
    align: usize,
}

impl StageSlot {
    /// A slot of `T`s at `base`.
    fn new<T>(base: *const T, plain: bool, output: bool) -> Self {
        StageSlot {
            base: base.cast(),
            size: size_of::<T>(),
            plain,
            output,
            align: align_of::<T>(),
        }
    }

    /// The input whose offsets are relative to `base`.
    pub fn of<T>(base: *const T) -> Self {
        Self::new(base, is_plain::<T>(), false)
    }

    /// The output whose offsets are relative to `base`, holding valid `T`s:
    /// it may serve as the scratch (see [`Nest::staged`]) if every bit
    /// pattern of `T` is a valid `T` (a number: not `bool`, not `char`), since
    /// it holds the input's elements until it is written.
    pub fn output<T>(base: *mut T) -> Self {
        let id = typeid::of::<T>();
        let numeric = id != TypeId::of::<bool>() && id != TypeId::of::<char>();
        Self::new(base.cast_const(), is_plain::<T>() && numeric, true)
    }

    /// A new output (uninitialised memory) whose offsets are relative to
    /// `base`: it may serve as the scratch if `T` is plain.
    pub fn new_output<T>(base: *mut MaybeUninit<T>) -> Self {
        Self::new(base.cast_const().cast::<T>(), is_plain::<T>(), true)
    }
}

/// The rows of a tiled nest with one input staged through a transposed scratch
/// tile (see [`Nest::staged`]): each item is `(offsets, len, strides, staged)`,
/// with the other operands' offsets and strides as [`Nest::run_iter`] gives
/// them, and `staged` the row of the staged input's elements in the tile (its
/// stride is given as 1 and its offset is not to be used). The pointer is valid
/// until the next call of `next`.
#[doc(hidden)]
pub struct Staged<'a, const N: usize, const R: usize> {
    nest: &'a Nest<N, R>,
    /// The staged operand.
    slot: usize,
    input: StageSlot,
    /// The tiled loops (inner, other), their lengths and strides.
    inner: usize,
    other: usize,
    ni: usize,
    no: usize,
    si: [isize; N],
    so: [isize; N],
    /// Columns of a tile (elements along the inner loop) and its rows (at
    /// most).
    cols: usize,
    tile_rows: usize,
    /// A band (in the transposing copy's cache-blocked order), not an L1 tile.
    band: bool,
    /// The output slot and base pointer, when the output is the scratch.
    into: Option<(usize, *const u8)>,
    scratch: Vec<Line>,
    /// The tiles are channels to or from interleaved pixels, filled by
    /// these kernels (see [`Nest::channel_staged`]).
    channels: Option<ChannelFill>,
    /// The plane: index and offsets of the loops outside the tile.
    index: [usize; R],
    off: [isize; N],
    /// The tile's origin, its size, and the next row in it.
    ob: usize,
    ib: usize,
    rows: usize,
    len: usize,
    o: usize,
    done: bool,
}

impl<const N: usize, const R: usize> Nest<N, R> {
    /// The rows of this nest with one input staged (the first of `inputs` that
    /// qualifies): when the nest is tiled, and the input is a plain number
    /// contiguous along the tile's other loop (its fastest axis) but not along
    /// the run; or, when it is not, interleaved channels read across them
    /// (see [`channel_staged`](Nest::channel_staged)). `None` when no input
    /// qualifies.
    ///
    /// From memory (a band), if `inputs` also names the output
    /// ([`StageSlot::output`]), of the staged input's size, contiguous along
    /// the run, then the output itself is the scratch: each band of its rows
    /// (at least [`BAND_FROM`] bytes, and 32 KiB of each of the input's rows)
    /// first receives the input's elements, transposed (with non-temporal
    /// stores where its rows start on a line), and each row the iterator
    /// gives points into the output's own
    /// row. The caller must then read the staged element of each position
    /// before it writes the output's element there, and should store with
    /// ordinary stores (the row is in cache): [`fills_output`](Staged::fills_output)
    /// tells. This moves more bytes (the output goes to memory and back once
    /// more) but reads the input in runs of 32 KiB instead of 256 bytes and
    /// needs no scratch. See the module docs for what it measured.
    ///
    /// # Safety
    /// For each `Some` input slot of `inputs`, every offset the nest gives that
    /// operand is a valid element for reads from its base pointer, not written
    /// while the rows are walked. An output slot is made from the output's
    /// own element type and base pointer; its offsets are distinct valid
    /// elements for writes (uninitialised for [`StageSlot::new_output`], else
    /// valid values of its type), apart from every input's, that nothing else
    /// reads or writes while the rows are walked. If the rows fill the output
    /// ([`fills_output`](Staged::fills_output)), the caller reads the staged
    /// element of each position of a row, and reads it only, before it writes
    /// the output's element there, and reads the output's elements only
    /// through the staged rows.
    #[doc(hidden)]
    pub unsafe fn staged(&self, inputs: [Option<StageSlot>; N]) -> Option<Staged<'_, N, R>> {
        let Some((inner, other, _)) = self.tiling() else {
            // SAFETY: the caller's promise, passed on.
            return unsafe { self.channel_staged(&inputs) };
        };
        let start = self.start()?;
        let ((ni, si), (no, so)) = (self.loop_at(inner), self.loop_at(other));
        let (slot, input) = inputs.iter().enumerate().find_map(|(k, c)| {
            // Not a broadcast along the run (stride 0): it reads one element.
            c.filter(|c| {
                !c.output && c.plain && so[k] == 1 && si[k].unsigned_abs() > 1 && c.size <= 16
            })
            .map(|c| (k, c))
        })?;
        let band = self.size().saturating_mul(input.size) >= BAND_FROM;
        // The output as the scratch: bands of whole rows, each row at least
        // `OUT_RUN_BYTES` of the input's and the band at least `BAND_FROM`.
        let size = input.size;
        let out_rows = (OUT_RUN_BYTES / size)
            .max(BAND_FROM.div_ceil(ni.saturating_mul(size)))
            .min(no);
        let into = inputs
            .iter()
            .enumerate()
            .find_map(|(k, c)| {
                c.filter(|c| {
                    c.output && c.plain && c.size == size && c.align == input.align && si[k] == 1
                })
                .map(|c| (k, c.base))
            })
            .filter(|_| band && out_rows.saturating_mul(ni).saturating_mul(size) >= BAND_FROM);
        let (cols, tile_rows, lines) = if into.is_some() {
            (ni, out_rows, 0)
        } else {
            let bytes = if band { BAND_BYTES } else { TILE_BYTES };
            let cols = (bytes / size / TILE_ROWS).min(ni).max(1);
            (cols, TILE_ROWS, (TILE_ROWS * cols * size).div_ceil(64))
        };
        Some(Staged {
            band,
            into,
            ..Staged::new(
                self,
                start,
                (slot, input),
                [inner, other],
                [cols, tile_rows, lines],
            )
        })
    }

    /// Whether operand `k` holds interleaved channels (2-4 of them) that
    /// this nest reads across, and how: the loop `other` along which `k` is
    /// contiguous, and
    /// - [`Across::Split`] (to planes): `other` is the channels' loop (2-4
    ///   long), the run goes along the pixels, `k`'s elements there lie as
    ///   many apart as the channels number, and every other operand moves by
    ///   at most one element along the run;
    /// - [`Across::Join`] (back to pixels): the run is the channels' loop
    ///   (2-4 long), `other` the pixels', and every other operand is
    ///   contiguous across the two (the run's length apart along `other`).
    ///
    /// The one test of the pattern for the copy engine and the staged walks.
    pub(crate) fn channel_walk(&self, k: usize) -> Option<(usize, Across)> {
        let inner = self.depth().checked_sub(1)?;
        let (ni, si) = self.loop_at(inner);
        // The innermost other loop along which the input is contiguous.
        let other = (0..inner).rev().find(|&d| self.loop_at(d).1[k] == 1)?;
        let (no, so) = self.loop_at(other);
        // (A channels' loop is 2-4 long: a plane's stride may equal the
        // pixels' count.)
        if (2..=4).contains(&no)
            && si[k] == no as isize
            && (0..N).all(|j| j == k || si[j].unsigned_abs() <= 1)
        {
            Some((other, Across::Split))
        } else if (2..=4).contains(&ni)
            && (0..N).all(|j| j == k || (si[j], so[j]) == (1, ni as isize))
        {
            Some((other, Across::Join))
        } else {
            None
        }
    }

    /// [`staged`](Nest::staged) for a nest that is not tiled, with an input of
    /// 2-4 channels of 1, 2, 4 or 8 bytes read across them, where this CPU
    /// runs `kernel::channels`' kernels (the tiles stay in L1):
    /// - interleaved channels (an HWC image) read along the pixels, the
    ///   channels' loop (any of the outer ones) being the one along which the
    ///   input is contiguous, while every other operand is read or written
    ///   with unit stride (or is broadcast) along the run: each tile is `C`
    ///   rows of pixels, one per channel;
    /// - planes read into interleaved channels (CHW to HWC): the run is the
    ///   channels' loop, another loop the pixels', along which the input is
    ///   contiguous, and every other operand is contiguous across the two
    ///   (`C` apart along the pixels): each tile is interleaved pixels, given
    ///   as one run (`merged`) instead of a run of `C` per pixel.
    ///
    /// # Safety
    /// As [`staged`](Nest::staged).
    unsafe fn channel_staged(&self, inputs: &[Option<StageSlot>; N]) -> Option<Staged<'_, N, R>> {
        let inner = self.depth().checked_sub(1)?;
        let start = self.start()?;
        let ni = self.loop_at(inner).0;
        let (slot, input, other, fill) = inputs.iter().enumerate().find_map(|(k, c)| {
            let c = c.filter(|c| !c.output && c.plain)?;
            let (other, across) = self.channel_walk(k)?;
            let fill = match across {
                Across::Split => {
                    ChannelFill::Split(channel_kernels(c.size, self.loop_at(other).0)?.0)
                }
                Across::Join => ChannelFill::Join(channel_kernels(c.size, ni)?.1),
            };
            Some((k, c, other, fill))
        })?;
        let no = self.loop_at(other).0;
        let size = input.size;
        // Tiles of up to `CHANNEL_TILE_BYTES`: to planes, `no` rows of `cols` pixels,
        // each a whole number of lines where it is not the whole run; back,
        // `rows` pixels of `ni` channels.
        let line = 64 / size;
        let (cols, tile_rows) = match fill {
            ChannelFill::Split(_) => {
                let cols = (CHANNEL_TILE_BYTES / size / no).min(ni);
                let cols = if cols < ni {
                    (cols / line * line).max(line)
                } else {
                    cols.max(1)
                };
                (cols, no)
            }
            ChannelFill::Join(_) => (ni, (CHANNEL_TILE_BYTES / size / ni / line * line).max(line)),
        };
        let lines = (tile_rows * cols * size).div_ceil(64);
        Some(Staged {
            channels: Some(fill),
            ..Staged::new(
                self,
                start,
                (slot, input),
                [inner, other],
                [cols, tile_rows, lines],
            )
        })
    }
}

/// How a nest reads across interleaved channels (see [`Nest::channel_walk`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Across {
    /// Into planes: the run goes along the pixels.
    Split,
    /// Back into pixels: the run is the channels' loop.
    Join,
}

/// How [`Nest::channel_staged`]'s tiles are filled: `kernel::channels`'
/// kernels, to planes or back to interleaved pixels.
#[derive(Clone, Copy)]
enum ChannelFill {
    Split(PlanesFn),
    Join(JoinFn),
}

/// A copy of interleaved channels into planes (see `kernel::channels`):
/// `f(dst, dst_rs, src, len)` with `dst_rs` in bytes.
type PlanesFn = unsafe fn(*mut u8, isize, *const u8, usize);

/// A copy of planes into interleaved channels (see `kernel::channels`):
/// `f(dst, src, src_rs, len)` with `src_rs` in bytes.
type JoinFn = unsafe fn(*mut u8, *const u8, isize, usize);

/// The kernels this CPU runs for `channels` channels of `size`-byte
/// elements, to planes and back, if any.
fn channel_kernels(size: usize, channels: usize) -> Option<(PlanesFn, JoinFn)> {
    #[cfg(target_arch = "x86_64")]
    return super::channels::planes_for(size, channels)
        .zip(super::channels::interleave_for(size, channels));
    #[cfg(not(target_arch = "x86_64"))]
    None
}

impl<'a, const N: usize, const R: usize> Staged<'a, N, R> {
    /// The walk of `nest` from its first plane (offsets `start`), staging
    /// operand `slot` (`input`) in tiles of `cols x tile_rows` elements along
    /// the loops `[inner, other]` through a scratch of `lines` cache lines:
    /// not a band, not into the output, not of channels.
    fn new(
        nest: &'a Nest<N, R>,
        start: [isize; N],
        (slot, input): (usize, StageSlot),
        [inner, other]: [usize; 2],
        [cols, tile_rows, lines]: [usize; 3],
    ) -> Self {
        let ((ni, si), (no, so)) = (nest.loop_at(inner), nest.loop_at(other));
        Staged {
            nest,
            slot,
            input,
            inner,
            other,
            ni,
            no,
            si,
            so,
            cols,
            tile_rows,
            band: false,
            into: None,
            scratch: vec![Line([MaybeUninit::uninit(); 64]); lines],
            channels: None,
            index: [0; R],
            off: start,
            ob: 0,
            ib: 0,
            rows: 0,
            len: 0,
            o: 0,
            done: false,
        }
    }

    /// Offsets of operand `k` at row `o`, column `ib` of the current plane.
    fn at(&self, o: usize, k: usize) -> isize {
        self.off[k] + self.so[k] * o as isize + self.si[k] * self.ib as isize
    }

    /// Whether the rows are the output's own (see [`Nest::staged`]): the
    /// caller should then write them with ordinary stores.
    pub fn fills_output(&self) -> bool {
        self.into.is_some()
    }

    /// Copies the tile at (`ob`, `ib`) of the staged input into the scratch (or
    /// the output's band), transposed: row `o - ob` holds its elements along
    /// the run.
    #[inline(never)]
    fn fill(&mut self) {
        self.rows = self.tile_rows.min(self.no - self.ob);
        self.len = self.cols.min(self.ni - self.ib);
        let s = self.slot;
        let size = self.input.size;
        let src = self
            .input
            .base
            .wrapping_offset(self.at(self.ob, s) * size as isize);
        let (rows, cols, rs) = (self.rows, self.len, self.si[s]);
        if let Some((k, base)) = self.into {
            let dst = base
                .cast_mut()
                .wrapping_offset(self.at(self.ob, k) * size as isize);
            // The output's box at (ob, 0), contiguous along the run, is
            // distinct elements of the input's plain size and alignment, this
            // walk's alone to write, apart from the input's (`Nest::staged`'s
            // promise). Writing the input's bytes over them leaves valid
            // values: a new output is uninitialised memory, and a given one's
            // type takes every bit pattern (`StageSlot::output` admits no
            // other); the caller reads each back before writing it. Non-temporal
            // stores where the output's rows start on a line (the band is at
            // least `BAND_FROM`: with ordinary stores, measured slower; rows
            // an odd multiple of 32 bytes apart measured faster with ordinary
            // stores, see `transpose::x86::copy`), ordered before the rows are
            // read back by the fence.
            // SAFETY: the input's box at (ob, 0) is in the nest's, valid and
            // contiguous along `other`; the output's box as just said.
            unsafe {
                transpose_sized(size, dst, self.so[k], src, rs, rows, cols, true, false);
            }
            stream_fence();
            return;
        }
        let dst = self.scratch.as_mut_ptr().cast::<u8>();
        let pitch = self.cols as isize;
        match self.channels {
            Some(ChannelFill::Split(planes)) => {
                // The input's box at (0, ib): `cols` pixels of `rows`
                // contiguous channels, the pixels `rows` elements apart
                // (`channel_staged`), valid (`Nest::staged`'s promise); the
                // scratch holds `rows` rows of `self.cols >= cols` plain
                // elements, `pitch * size` bytes apart; the kernel is this
                // CPU's for `rows` channels of `size` bytes.
                // SAFETY: as just said.
                unsafe { planes(dst, pitch * size as isize, src, cols) };
                return;
            }
            Some(ChannelFill::Join(join)) => {
                // The input's box at (ob, 0): `cols` rows (the channels) `rs`
                // elements apart, each of `rows` contiguous pixels, valid
                // (`Nest::staged`'s promise, `channel_staged`); the scratch
                // holds `tile_rows >= rows` pixels of `cols` (its pitch)
                // plain elements; the kernel is this CPU's for `cols`
                // channels of `size` bytes.
                // SAFETY: as just said.
                unsafe { join(dst, src, rs * size as isize, rows) };
                return;
            }
            None => {}
        }
        // The input's box at (ob, ib) is in the nest's: valid elements
        // (`Nest::staged`'s promise), contiguous along `other`; the scratch holds
        // `TILE_ROWS x self.cols` plain elements, 64-byte aligned.
        // SAFETY: as just said.
        unsafe { transpose_sized(size, dst, pitch, src, rs, rows, cols, false, !self.band) };
    }
}

impl<const N: usize, const R: usize> Iterator for Staged<'_, N, R> {
    type Item = ([isize; N], usize, [isize; N], *const u8);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if self.o == self.ob {
            self.fill();
        }
        let o = self.o;
        let first = core::array::from_fn(|k| self.at(o, k));
        let mut st = self.si;
        st[self.slot] = 1;
        // A row of the tile just filled (`len` elements).
        let staged = match self.into {
            Some((k, base)) => base.wrapping_offset(first[k] * self.input.size as isize),
            None => {
                let row = (o - self.ob) * self.cols * self.input.size;
                self.scratch.as_ptr().cast::<u8>().wrapping_add(row)
            }
        };
        let mut item = (first, self.len, st, staged);
        if matches!(self.channels, Some(ChannelFill::Join(_))) {
            // Interleaved pixels: the tile's rows (pixels) end to end in the
            // scratch (its pitch is the run's length) and in every other
            // operand (`channel_staged`): the whole tile as one run.
            item.1 = self.rows * self.len;
            item.2 = [1; N];
            self.o = self.ob + self.rows - 1;
        }
        // Next: the next row of the tile, else the next tile along the run, else
        // the next band of rows, else the next plane.
        self.o += 1;
        if self.o == self.ob + self.rows {
            self.o = self.ob;
            self.ib += self.len;
            if self.ib >= self.ni {
                self.ib = 0;
                self.ob += self.rows;
                self.o = self.ob;
                if self.ob >= self.no {
                    self.ob = 0;
                    self.o = 0;
                    self.done = !self.nest.advance(
                        &mut self.index,
                        &mut self.off,
                        self.nest.depth(),
                        self.inner,
                        self.other,
                    );
                }
            }
        }
        Some(item)
    }
}

/// The runs of a nest for the `kernel!` expansion (see [`Nest::rows`]): each
/// item is `(offsets, len, strides, staged)`, where `staged` is `Some((slot,
/// row))` when the run is a row of a staged tile (slot `slot` is then read
/// from `row`, with stride 1, until the next call of `next`).
#[doc(hidden)]
pub struct Rows<'a, const N: usize, const R: usize>(RowsOf<'a, N, R>);

/// Which walk [`Rows`] is.
enum RowsOf<'a, const N: usize, const R: usize> {
    Plain(super::nest::Runs<'a, N, R>),
    Staged(Staged<'a, N, R>),
}

impl<const N: usize, const R: usize> Nest<N, R> {
    /// The runs of the nest, with one input staged through a transposed scratch
    /// tile where [`staged`](Nest::staged) allows it, as [`run_iter`](Nest::run_iter)
    /// otherwise.
    ///
    /// # Safety
    /// As [`staged`](Nest::staged).
    #[doc(hidden)]
    pub unsafe fn rows(&self, inputs: [Option<StageSlot>; N]) -> Rows<'_, N, R> {
        // SAFETY: the caller's promise.
        match unsafe { self.staged(inputs) } {
            Some(s) => Rows(RowsOf::Staged(s)),
            None => Rows(RowsOf::Plain(self.run_iter())),
        }
    }
}

/// The first element of slot `k`'s run in an item of [`Rows`]: the staged row
/// if `k` is the staged slot, else `base + off` (a wrapping offset: the caller
/// dereferences only what the nest promises). For the library's loops and the
/// `kernel!` expansion: not an API.
#[doc(hidden)]
#[inline(always)]
pub fn run_start<X>(
    staged: Option<(usize, *const u8)>,
    k: usize,
    base: *const X,
    off: isize,
) -> *const X {
    match staged {
        Some((s, row)) if s == k => row.cast(),
        _ => base.wrapping_offset(off),
    }
}

impl<const N: usize, const R: usize> Rows<'_, N, R> {
    /// Whether the staged rows are the output's own (see [`Nest::staged`]):
    /// the caller should then write with ordinary stores.
    pub fn fills_output(&self) -> bool {
        matches!(&self.0, RowsOf::Staged(s) if s.fills_output())
    }
}

impl<const N: usize, const R: usize> Iterator for Rows<'_, N, R> {
    type Item = ([isize; N], usize, [isize; N], Option<(usize, *const u8)>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            RowsOf::Plain(r) => r.next().map(|(o, l, s)| (o, l, s, None)),
            RowsOf::Staged(r) => {
                let slot = r.slot;
                r.next().map(|(o, l, s, p)| (o, l, s, Some((slot, p))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use core::mem::MaybeUninit;

    use super::super::nest::{Nest, Operands, Priority};
    use super::StageSlot;

    /// `out = f(a, b.T)` for an `m x n` output with row pitch `pitch` (`a` C,
    /// `b.T` F, both `input`): whether the output would be the scratch.
    fn fills_output(m: usize, n: usize, pitch: isize, out: StageSlot, input: StageSlot) -> bool {
        let ops = Operands {
            shape: [m, n],
            strides: [[pitch, 1], [n as isize, 1], [1, m as isize]],
            // Reversed rows start at the last one (the operands fit).
            offsets: [
                if pitch < 0 {
                    (m - 1) * pitch.unsigned_abs()
                } else {
                    0
                },
                0,
                0,
            ],
        };
        let nest = Nest::plan(&ops, Priority::Operand(0), 32);
        // SAFETY: the rows are never walked.
        let staged = unsafe { nest.staged([Some(out), Some(input), Some(input)]) };
        staged.expect("b.T is staged").fills_output()
    }

    #[test]
    fn an_input_broadcast_along_the_run_is_not_staged() {
        // out[i, j] = col[i] + b.T[i, j]: `col` is contiguous along the tile's
        // other loop but reads one element per run; `b.T` is the one to stage.
        let (m, n) = if cfg!(miri) { (24, 40) } else { (1100, 1000) };
        let ops = Operands {
            shape: [m, n],
            strides: [[n as isize, 1], [1, 0], [1, m as isize]],
            offsets: [0; 3],
        };
        let nest = Nest::plan(&ops, Priority::Operand(0), 32);
        let x = StageSlot::of([0.0f64].as_ptr());
        // SAFETY: the rows are never walked.
        let staged = unsafe { nest.staged([None, Some(x), Some(x)]) };
        assert_eq!(staged.expect("b.T is staged").slot, 2);
    }

    #[test]
    fn the_output_is_the_scratch_only_when_it_may_hold_the_input() {
        let (m, n) = if cfg!(miri) { (24, 40) } else { (1100, 1000) };
        let (mut f, mut i, mut s) = ([0.0f64], [0i64], [0.0f32]);
        let mut u = [MaybeUninit::<f64>::uninit()];
        let (mut flag, mut new_flag) = ([false], [MaybeUninit::<bool>::uninit()]);
        let x = StageSlot::of(f.as_ptr());
        let out = StageSlot::output(f.as_mut_ptr());
        let c = n as isize;
        // A given or new output of the input's size, contiguous along the run:
        // plain rows, padded rows, reversed rows.
        assert!(fills_output(m, n, c, out, x));
        assert!(fills_output(m, n, c, StageSlot::output(i.as_mut_ptr()), x));
        assert!(fills_output(
            m,
            n,
            c,
            StageSlot::new_output(u.as_mut_ptr()),
            x
        ));
        assert!(fills_output(m, n, c + 5, out, x));
        assert!(fills_output(m, n, -c, out, x));
        // Not of the input's size; an input, not the output; an operation in
        // cache (L1 tiles, not bands).
        assert!(!fills_output(m, n, c, StageSlot::output(s.as_mut_ptr()), x));
        assert!(!fills_output(m, n, c, StageSlot::of(f.as_ptr()), x));
        let (k, l) = if cfg!(miri) { (16, 16) } else { (275, 250) };
        let (xs, outs) = (StageSlot::of(s.as_ptr()), StageSlot::output(s.as_mut_ptr()));
        assert!(!fills_output(k, l, l as isize, outs, xs));
        // A given `bool` output could not hold a `u8`'s bits as valid values
        // (a new one can: it is uninitialised memory).
        let (m, n) = if cfg!(miri) { (64, 80) } else { (3000, 3000) };
        let bytes = StageSlot::of([0u8].as_ptr());
        let c = n as isize;
        assert!(!fills_output(
            m,
            n,
            c,
            StageSlot::output(flag.as_mut_ptr()),
            bytes
        ));
        assert!(fills_output(
            m,
            n,
            c,
            StageSlot::new_output(new_flag.as_mut_ptr()),
            bytes
        ));
        assert!(fills_output(
            m,
            n,
            c,
            StageSlot::output([0u8].as_mut_ptr()),
            bytes
        ));
    }
}
