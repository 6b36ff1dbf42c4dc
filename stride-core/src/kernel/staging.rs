//! Elementwise loops with a transposed input (`out = a + b.T`): the nest is
//! tiled, and each tile of the transposed input is first copied, transposed in
//! register blocks, into a small scratch buffer that stays in L1; the loop then
//! reads it with unit stride, as it reads the other operands. Without it the
//! loop would read the transposed input one element per cache line, with no
//! vector loads. The library's elementwise methods and the `kernel!`
//! expansion both walk the rows of [`Staged`].
//!
//! Measured on the development machine (`out = a + b.T` against `out = a + b`,
//! 4096 x 4096 `f64`): 2.0-2.5x, from 3.0x with plain 32 x 32 tiles. What
//! remains: in cache, the register transpose of a tile costs about as much as
//! the addition; from memory, the transposed input arrives in 256-byte pieces
//! of rows 32 KiB apart. Other tile shapes (8 to 128 rows, 8 to 64 KiB) and
//! software prefetch of the next tile measured no better.

use core::mem::MaybeUninit;

use super::copy::{is_plain, transpose_sized};
use super::nest::Nest;

/// Bytes of one scratch tile: with the rows of the other operands that the
/// tile's loop touches, it stays in a 32 KiB L1 data cache.
const SCRATCH_BYTES: usize = 16 << 10;

/// Rows (along the nest's other tiled loop) of a scratch tile; its columns fill
/// [`SCRATCH_BYTES`].
const TILE_ROWS: usize = 32;

/// The scratch tile, aligned for any plain element and for 32-byte vectors.
#[repr(C, align(64))]
struct Scratch([MaybeUninit<u8>; SCRATCH_BYTES]);

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
    scratch: Box<Scratch>,
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
        let cols = SCRATCH_BYTES / input.size / TILE_ROWS;
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
            scratch: Box::new(Scratch([MaybeUninit::uninit(); SCRATCH_BYTES])),
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
    /// The staged operand.
    pub fn slot(&self) -> usize {
        self.slot
    }

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
        let dst = self.scratch.0.as_mut_ptr().cast::<u8>();
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
                true,
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
        let staged = self.scratch.0.as_ptr().wrapping_add(row).cast::<u8>();
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
