//! Elementwise loops with a transposed input (`out = a + b.T`): the nest is
//! tiled, and each tile of the transposed input is first copied, transposed in
//! register blocks, into a scratch buffer; the loop then reads it with unit
//! stride, as it reads the other operands. Without it the loop would read the
//! transposed input one element per cache line, with no vector loads. The
//! library's elementwise methods and the `kernel!` expansion both walk the rows
//! of [`Staged`].
//!
//! Two scratch shapes, by the size of the operation:
//! - in cache (below 4 MiB of the staged input), a 16 KiB tile of 32 rows that
//!   stays in L1 with the rows of the other operands it meets;
//! - from memory, a band of 32 rows and up to 512 KiB (whole rows of 2048
//!   `f64`): the other operands are then read and written in runs of up to 16
//!   KiB instead of 512 bytes, and the transposed input in pieces of 256 bytes,
//!   by the transposing copy's cache-blocked walk.
//!
//! Measured on the development machine (`out = a + b.T` against `out = a + b`,
//! side by side in one process): with 16 KiB tiles throughout, 2.8-3.7x at
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

use core::mem::MaybeUninit;

use super::copy::{is_plain, transpose_sized};
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

/// Rows (along the nest's other tiled loop) of a scratch tile or band; its
/// columns fill [`TILE_BYTES`] or [`BAND_BYTES`].
const TILE_ROWS: usize = 32;

/// One cache line of scratch, aligned for any plain element and for vectors.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([MaybeUninit<u8>; 64]);

/// An input that may be staged: its base pointer, and what its element is
/// (for the `kernel!` expansion: not an API).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct StageSlot {
    base: *const u8,
    size: usize,
    plain: bool,
}

impl StageSlot {
    /// The input whose offsets are relative to `base`.
    pub fn of<T>(base: *const T) -> Self {
        StageSlot {
            base: base.cast(),
            size: size_of::<T>(),
            plain: is_plain::<T>(),
        }
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
    /// Columns of a tile (elements along the inner loop).
    cols: usize,
    /// A band (in the transposing copy's cache-blocked order), not an L1 tile.
    band: bool,
    scratch: Vec<Line>,
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
    /// the run. `None` when no input qualifies.
    ///
    /// # Safety
    /// For each `Some` slot of `inputs`, every offset the nest gives that
    /// operand is a valid element for reads from its base pointer, not written
    /// while the rows are walked.
    #[doc(hidden)]
    pub unsafe fn staged(&self, inputs: [Option<StageSlot>; N]) -> Option<Staged<'_, N, R>> {
        let (inner, other, _) = self.tiling()?;
        let start = self.start()?;
        let ((ni, si), (no, so)) = (self.loop_at(inner), self.loop_at(other));
        let (slot, input) = inputs.iter().enumerate().find_map(|(k, c)| {
            c.filter(|c| c.plain && so[k] == 1 && si[k] != 1 && c.size <= 16)
                .map(|c| (k, c))
        })?;
        let band = self.size().saturating_mul(input.size) >= BAND_FROM;
        let bytes = if band { BAND_BYTES } else { TILE_BYTES };
        let cols = (bytes / input.size / TILE_ROWS).min(ni).max(1);
        let lines = (TILE_ROWS * cols * input.size).div_ceil(64);
        Some(Staged {
            nest: self,
            slot,
            input,
            inner,
            other,
            ni,
            no,
            si,
            so,
            cols,
            band,
            scratch: vec![Line([MaybeUninit::uninit(); 64]); lines],
            index: [0; R],
            off: start,
            ob: 0,
            ib: 0,
            rows: 0,
            len: 0,
            o: 0,
            done: false,
        })
    }
}

impl<const N: usize, const R: usize> Staged<'_, N, R> {
    /// Offsets of operand `k` at row `o`, column `ib` of the current plane.
    fn at(&self, o: usize, k: usize) -> isize {
        self.off[k] + self.so[k] * o as isize + self.si[k] * self.ib as isize
    }

    /// Copies the tile at (`ob`, `ib`) of the staged input into the scratch,
    /// transposed: row `o - ob` holds its elements along the run.
    #[inline(never)]
    fn fill(&mut self) {
        self.rows = TILE_ROWS.min(self.no - self.ob);
        self.len = self.cols.min(self.ni - self.ib);
        let s = self.slot;
        let src = self
            .input
            .base
            .wrapping_offset(self.at(self.ob, s) * self.input.size as isize);
        let dst = self.scratch.as_mut_ptr().cast::<u8>();
        let (rows, cols, rs) = (self.rows, self.len, self.si[s]);
        let pitch = self.cols as isize;
        // SAFETY: the input's box at (ob, ib) is in the nest's: valid elements
        // (`Nest::staged`'s promise), contiguous along `other`; the scratch holds
        // `TILE_ROWS x self.cols` plain elements, 64-byte aligned.
        unsafe {
            transpose_sized(
                self.input.size,
                dst,
                pitch,
                src,
                rs,
                rows,
                cols,
                false,
                !self.band,
            )
        };
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
        let row = (o - self.ob) * self.cols * self.input.size;
        // A row of the tile just filled (`len` elements).
        let staged = self.scratch.as_ptr().cast::<u8>().wrapping_add(row);
        let item = (first, self.len, st, staged);
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
