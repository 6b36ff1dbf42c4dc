//! Scans along an axis (`cumsum`, `cumprod`, any associative step) into a given
//! output or a new array: four rows at once, so that four independent
//! dependency chains keep the core busy instead of one; or, where the rows lie
//! side by side (the scan of a C array along its first axis), a stretch of
//! them position after position, in vectors.

use core::ops::{Add, Mul};

use super::nest::{Nest, Operands, Priority};
use crate::array::Array;
use crate::error::LayoutError;
use crate::order::{C, Kept, OrderMarker};
use crate::view::{Mutability, Unique, ViewBase};

/// Rows scanned together.
const LANES: usize = 4;

/// The scan engine, shared by the library's scans and the `kernel!` scans: along
/// `axis` of `ops.shape`, `out[.., 0, ..] = value(bases, first)` and `out[.., t,
/// ..] = step(out[.., t - 1, ..], value(bases, at t))`, where `value` reads the
/// inputs at the slots' offsets from their base pointers `bases` (slot 0 is the
/// output, of element type `V`). The bases are passed by value, not captured:
/// a closure that captured them would hold a reference to the caller's stack,
/// which the output stores might alias for all the optimiser knows, so it would
/// reload them after every store (1.3x slower). The rows (every
/// index of the other axes) come from one nest in the output's memory order;
/// four rows advance together, so four independent dependency chains (in
/// registers) keep the core busy, or rows one element apart in every operand
/// go a stretch at a time ([`scan_stretches`]); each row is scanned in order
/// (the same rounding as NumPy's sequential `accumulate`).
///
/// # Safety
/// Every offset `ops` reaches for an index of its shape must be valid for the
/// operand of that slot (`out` for slot 0, writable and not aliased by the
/// inputs `value` reads, which may read slot 0 only at the offset about to
/// be written: an in-place `kernel!` scan; the engine may read back what it
/// wrote at earlier positions); `axis < R`.
#[doc(hidden)]
pub unsafe fn scan_rows<const N: usize, const R: usize, V: Copy, P: Copy>(
    ops: &Operands<N, R>,
    axis: usize,
    out: *mut V,
    bases: P,
    mut value: impl FnMut(P, [isize; N]) -> V,
    mut step: impl FnMut(V, V) -> V,
) {
    let n = ops.shape[axis];
    if n == 0 || ops.shape.contains(&0) {
        return;
    }
    let along: [isize; N] = core::array::from_fn(|k| ops.strides[k][axis]);
    let mut rows = *ops;
    rows.shape[axis] = 1;
    Nest::plan(&rows, Priority::Operand(0), 0).runs(|off, len, st| {
        // SAFETY: the rows of this run, at the offsets the nest gives (the
        // caller's contract covers them).
        unsafe { scan_run(off, len, st, along, n, out, bases, &mut value, &mut step) };
    });
}

/// The rows of one run of the nest: `len` rows from offsets `off`, `st` apart,
/// scanned over `n` positions `along` apart. A function of its own, never
/// inlined, with every parameter by value and the closures by unique reference:
/// the optimiser then knows the output stores alias none of them, and keeps
/// offsets and accumulators in registers (inlined into the nest's closure, they
/// were reloaded after every store: 2.5x slower). Four rows at a time: with
/// run-time strides, eight rows' offsets no longer fit in the registers.
///
/// # Safety
/// As [`scan_rows`], for these rows.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
unsafe fn scan_run<const N: usize, V: Copy, P: Copy>(
    off: [isize; N],
    len: usize,
    st: [isize; N],
    along: [isize; N],
    n: usize,
    out: *mut V,
    bases: P,
    mut value: impl FnMut(P, [isize; N]) -> V,
    mut step: impl FnMut(V, V) -> V,
) {
    let lane = |r: usize| -> [isize; N] { core::array::from_fn(|k| off[k] + r as isize * st[k]) };
    if len >= LANES && st.iter().all(|&s| s == 1) {
        // Lanes side by side in every operand (the scan of a C array along
        // its first axis): a stretch of them position after position.
        // SAFETY: the caller's promise, for these rows.
        return unsafe { scan_stretches(off, len, along, n, out, bases, value, step) };
    }
    let mut r0 = 0;
    while r0 + LANES <= len {
        // Each lane's offsets at position 0 stay fixed; one running offset
        // along the axis is shared by every lane (few live registers).
        let base: [[isize; N]; LANES] = core::array::from_fn(|k| lane(r0 + k));
        let mut acc: [V; LANES] = core::array::from_fn(|k| value(bases, base[k]));
        for k in 0..LANES {
            // `base[k]` is the offset of row `r0 + k` at position 0, reached
            // by the layouts (the caller's contract).
            // SAFETY: as just said.
            unsafe { out.offset(base[k][0]).write(acc[k]) };
        }
        // Advanced before use, so that it never steps past position n - 1
        // (whose offset the layouts bound; one more step could overflow).
        let mut t_off = [0isize; N];
        for _ in 1..n {
            for (t, s) in t_off.iter_mut().zip(&along) {
                *t += s;
            }
            for k in 0..LANES {
                let at: [isize; N] = core::array::from_fn(|s| base[k][s] + t_off[s]);
                acc[k] = step(acc[k], value(bases, at));
                // The offset of row `r0 + k` at a position below `n`, reached
                // by the layouts.
                // SAFETY: as just said.
                unsafe { out.offset(at[0]).write(acc[k]) };
            }
        }
        r0 += LANES;
    }
    for r in r0..len {
        let mut at = lane(r);
        let mut acc = value(bases, at);
        // SAFETY: as above, for row `r`.
        unsafe { out.offset(at[0]).write(acc) };
        for _ in 1..n {
            for (o, s) in at.iter_mut().zip(&along) {
                *o += s;
            }
            acc = step(acc, value(bases, at));
            // SAFETY: as above.
            unsafe { out.offset(at[0]).write(acc) };
        }
    }
}

/// Lanes scanned together as one stretch by [`scan_stretches`]: the
/// previous position's results, read back from the output, stay in L1.
const STRETCH: usize = if cfg!(miri) { 8 } else { 1024 };

/// [`scan_run`] over `len` rows one element apart in every operand (the
/// lanes of a C array's first axis, whose positions are its rows): a stretch
/// of up to [`STRETCH`] rows at a time, position after position, so that
/// each position's elements of the stretch are one contiguous run of every
/// operand, and the loop over them a plain one the compiler vectorises, the
/// previous position's results read back from the output. Each row is still
/// scanned in order (the same results). Four rows at a time down the axis
/// read one element of each position's row, a cache line each: `cumsum(0)`
/// of a 1000 x 1000 `i64` took 2.0 ms against 1.0 for ndarray's
/// `accumulate_axis_inplace`, which goes row by row.
///
/// # Safety
/// As [`scan_run`], with every `st` 1.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn scan_stretches<const N: usize, V: Copy, P: Copy>(
    off: [isize; N],
    len: usize,
    along: [isize; N],
    n: usize,
    out: *mut V,
    bases: P,
    mut value: impl FnMut(P, [isize; N]) -> V,
    mut step: impl FnMut(V, V) -> V,
) {
    let mut r0 = 0;
    while r0 < len {
        let w = STRETCH.min(len - r0);
        let base: [isize; N] = core::array::from_fn(|k| off[k] + r0 as isize);
        for r in 0..w as isize {
            let at: [isize; N] = core::array::from_fn(|k| base[k] + r);
            // Row `r0 + r < len` at position 0 (the caller's promise).
            // SAFETY: as just said.
            unsafe { out.offset(at[0]).write(value(bases, at)) };
        }
        // Advanced before use, so that it never steps past position n - 1
        // (as in `scan_run`).
        let mut t_off = [0isize; N];
        for _ in 1..n {
            let prev = base[0] + t_off[0];
            for (t, s) in t_off.iter_mut().zip(&along) {
                *t += s;
            }
            for r in 0..w as isize {
                let at: [isize; N] = core::array::from_fn(|k| base[k] + t_off[k] + r);
                // Row `r0 + r` at this position and the one before (written
                // just before), offsets the layouts reach.
                // SAFETY: as just said.
                unsafe {
                    let v = step(out.offset(prev + r).read(), value(bases, at));
                    out.offset(at[0]).write(v);
                }
            }
        }
        r0 += w;
    }
}

impl<'a, T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'a, T, R, O, M> {
    /// Scans along `axis` into `out` (same shape): `out[.., 0, ..] = a[.., 0, ..]`
    /// and `out[.., k, ..] = step(out[.., k - 1, ..], a[.., k, ..])`, NumPy's
    /// `np.ufunc.accumulate(a, axis, out=out)`.
    pub fn scan_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
        mut step: impl FnMut(T, T) -> T,
    ) -> Result<(), LayoutError>
    where
        T: Copy,
    {
        let axis = crate::dims::normalize_axis(axis, R)?;
        crate::dims::same_shape(self.shape(), out.shape())?;
        let n = self.shape()[axis];
        if n == 0 || self.size() == 0 {
            return Ok(());
        }
        let src = self.base_nonnull().as_ptr().cast_const();
        let dst = out.base_nonnull().as_ptr();
        let ops = Operands {
            shape: *out.shape(),
            strides: [*out.strides(), *self.strides()],
            offsets: [out.layout().offset(), self.layout().offset()],
        };
        // SAFETY: `scan_rows` visits each index once, each operand at an offset
        // its layout reaches; `out` (slot 0) is borrowed exclusively, the input
        // (slot 1) is a shared borrow of other memory.
        unsafe {
            scan_rows(
                &ops,
                axis,
                dst,
                src,
                |src, off| *src.offset(off[1]),
                &mut step,
            );
        }
        Ok(())
    }

    /// `np.cumsum(a, axis)`, a new array in the order the view's type keeps
    /// ([`Kept`]: F for an F or column-major view, C otherwise), as NumPy's
    /// `order='K'` writes a scan of an F array in F.
    ///
    /// ```
    /// use stride_core::{Array, F};
    /// let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as i32)?;
    /// assert_eq!(a.cumsum(1)?.as_slice(), &[0, 1, 3, 3, 7, 12]);
    /// assert_eq!(a.cumsum(0)?.as_slice(), &[0, 1, 2, 3, 5, 7]);
    /// // An F array's scan is F, and written in its memory order.
    /// let f = a.to_contiguous::<F>()?;
    /// let scanned: Array<i32, 2, F> = f.cumsum(1)?;
    /// assert_eq!(scanned.as_slice(), &[0, 3, 1, 7, 3, 12]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn cumsum(&self, axis: isize) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.scan(axis, |a, b| a + b)
    }

    /// `np.cumprod(a, axis)`, a new array in the order the view's type keeps
    /// (as [`cumsum`](Self::cumsum)).
    pub fn cumprod(&self, axis: isize) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.scan(axis, |a, b| a * b)
    }

    /// `np.cumsum(a, axis, out=out)`.
    pub fn cumsum_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.scan_into(axis, out, |a, b| a + b)
    }

    /// `np.cumprod(a, axis, out=out)`.
    ///
    /// ```
    /// use stride_core::{Array, Slice};
    /// let a = Array::<f64, 2>::from_fn([4, 40], |[i, j]| 1.0 + (i + j % 3) as f64 * 0.01)?;
    /// let strided = a.slice([Slice::FULL, Slice::step_by(20)])?; // a[:, ::20]: 4 x 2
    /// let mut out = Array::<f64, 2>::zeros([4, 2])?;
    /// strided.cumprod_into(1, &mut out.view_mut())?;
    /// assert_eq!(out[[3, 1]], a[[3, 0]] * a[[3, 20]]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn cumprod_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.scan_into(axis, out, |a, b| a * b)
    }

    /// A scan along `axis` into a new array in the order the view's type keeps
    /// (as [`cumsum`](Self::cumsum)).
    pub fn scan(
        &self,
        axis: isize,
        mut step: impl FnMut(T, T) -> T,
    ) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Copy,
    {
        let axis = crate::dims::normalize_axis(axis, R)?;
        let mut out = Array::<T, R, Kept<O>>::uninit(*self.shape())?;
        let src = self.base_nonnull().as_ptr().cast_const();
        let dst = out.as_mut_slice().as_mut_ptr().cast::<T>();
        let ops = Operands {
            shape: *self.shape(),
            strides: [*out.strides(), *self.strides()],
            offsets: [0, self.layout().offset()],
        };
        // SAFETY: as in `scan_into`; the fresh output is written at every
        // offset of its packed layout, once each.
        unsafe {
            scan_rows(
                &ops,
                axis,
                dst,
                src,
                |src, off| *src.offset(off[1]),
                &mut step,
            );
        }
        // SAFETY: every element was written above.
        Ok(unsafe { out.assume_init() })
    }

    /// `np.cumsum(a)` without an axis: the elements flattened in C order, summed
    /// cumulatively.
    pub fn cumsum_flat(&self) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.flat_scan(|a, b| a + b)
    }

    /// `np.cumprod(a)` without an axis (flattened in C order).
    pub fn cumprod_flat(&self) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.flat_scan(|a, b| a * b)
    }

    fn flat_scan(&self, mut step: impl FnMut(T, T) -> T) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy,
    {
        let n = self.size();
        let mut data = crate::copy::try_vec(n)?;
        // One dependency chain in C order (the logical order is the answer's),
        // over the runs of a nest in that order: one run for a C-contiguous
        // view, instead of an index odometer per element.
        let ops = Operands {
            shape: *self.shape(),
            strides: [*self.strides()],
            offsets: [self.layout().offset()],
        };
        let base = self.base_nonnull().as_ptr().cast_const();
        let mut acc: Option<T> = None;
        Nest::plan(&ops, Priority::Logical, 0).runs(|off, len, st| {
            if len == 0 {
                return;
            }
            // SAFETY: called with k < len: an element of the run, an offset
            // the layout reaches.
            let at = |k: isize| unsafe { *base.offset(off[0] + k * st[0]) };
            // The running value: the first element starts it.
            let (mut a, from) = match acc {
                Some(a) => (a, 0),
                None => {
                    let first = at(0);
                    data.push(first);
                    (first, 1)
                }
            };
            for k in from..len as isize {
                a = step(a, at(k));
                data.push(a);
            }
            acc = Some(a);
        });
        Array::from_vec([n], data)
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// `np.cumsum(a, axis)` (see [`ViewBase::cumsum`]).
    pub fn cumsum(&self, axis: isize) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.view().cumsum(axis)
    }

    /// `np.cumprod(a, axis)` (see [`ViewBase::cumprod`]).
    pub fn cumprod(&self, axis: isize) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.view().cumprod(axis)
    }

    /// `np.cumprod(a, axis, out=out)` (see [`ViewBase::cumprod_into`]).
    pub fn cumprod_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.view().cumprod_into(axis, out)
    }

    /// `np.cumsum(a, axis, out=out)` (see [`ViewBase::cumsum_into`]).
    pub fn cumsum_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.view().cumsum_into(axis, out)
    }

    /// `np.cumprod(a)` flattened in C order.
    pub fn cumprod_flat(&self) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.view().cumprod_flat()
    }

    /// `np.cumsum(a)` flattened in C order.
    pub fn cumsum_flat(&self) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.view().cumsum_flat()
    }
}
