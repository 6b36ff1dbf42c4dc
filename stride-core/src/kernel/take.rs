//! Selections that copy, NumPy's "advanced indexing" along one axis:
//! [`select`](crate::ViewBase::select) by integer positions (`np.take(a, idx,
//! axis)`, `a[:, [2, 0, 2]]`, ndarray's `select`) and
//! [`compress`](crate::ViewBase::compress) by a boolean mask (`np.compress`,
//! `a[:, mask]`). Unlike a slice, which is a view, these always make a new
//! array: NumPy's own rule, here in the return type. The new array keeps the
//! input's order as the type knows it (F for an F view, C otherwise), as the
//! elementwise methods do.
//!
//! When the axis is the input's fastest in memory, each lane of the input
//! along it (a run of nearby elements) is gathered at the positions into the
//! output's lane, the lanes taken in the output's memory order so that the
//! writes of neighbouring lanes meet in cache. Along any other axis each
//! position is one block of the output (a row of a C matrix, say), copied
//! by the engine in memory order for its layout.

use core::cell::OnceCell;
use core::mem::MaybeUninit;

use super::copy::is_plain;
use super::elementwise::{is_f, pushed, unflatten};
use super::join::fill_block;
use crate::array::Array;
use crate::buffer::Buffer;
use crate::dims::normalize_axis;
use crate::error::LayoutError;
use crate::index::{Slice, normalize_index};
use crate::iter::Cursor;
use crate::order::{Contiguity, Kept, OrderMarker};
use crate::view::{Mutability, ViewBase, packed_layout};

/// A position type [`select`](crate::ViewBase::select) takes: the signed
/// integers (negative positions count from the end, as in NumPy) and the
/// unsigned ones (as ndarray's `select` and an argsort give them). Sealed.
pub trait Position: Copy + sealed::Sealed {
    /// The position along an axis of length `len` (`axis` names it in the
    /// error), or `IndexOutOfBounds`.
    fn resolve(self, len: usize, axis: usize) -> Result<usize, LayoutError>;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! signed_positions {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Position for $t {
            fn resolve(self, len: usize, axis: usize) -> Result<usize, LayoutError> {
                // Saturated to isize: past it, out of bounds either way.
                let i = isize::try_from(self).unwrap_or(if self < 0 { isize::MIN } else { isize::MAX });
                normalize_index(i, len, axis)
            }
        }
    )*};
}

macro_rules! unsigned_positions {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Position for $t {
            fn resolve(self, len: usize, axis: usize) -> Result<usize, LayoutError> {
                match usize::try_from(self) {
                    Ok(i) if i < len => Ok(i),
                    _ => Err(LayoutError::IndexOutOfBounds {
                        axis,
                        index: isize::try_from(self).unwrap_or(isize::MAX),
                        len,
                    }),
                }
            }
        }
    )*};
}

signed_positions!(isize, i64, i32, i16, i8);
unsigned_positions!(usize, u64, u32, u16, u8);

impl<T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'_, T, R, O, M> {
    /// The positions `indices` of `axis`, in that order and repeats allowed,
    /// as a new array, C-ordered or F for an F view (NumPy's `np.take(a,
    /// indices, axis)` and `a[..., indices, ...]`, ndarray's `select`). The
    /// positions may be of any signed integer type (negative ones count from
    /// the end, as NumPy's do) or unsigned one (as an argsort gives them; see
    /// [`Position`]).
    ///
    /// ```
    /// use stride_core::{Array, LayoutError};
    /// let a = Array::<i32, 2>::from_fn([3, 4], |[i, j]| (10 * i + j) as i32)?;
    /// // a[:, [3, 0, -1]]: a copy, never a view.
    /// let cols = a.view().select(1, &[3, 0, -1])?;
    /// assert_eq!(cols.as_slice(), &[3, 0, 3, 13, 10, 13, 23, 20, 23]);
    /// // a.T[[1, 1]]: rows of the F-ordered transposed view, as an F array;
    /// // positions from an argsort are usize.
    /// let rows = a.t().select(0, &[1usize, 1])?;
    /// assert_eq!(rows, Array::<i32, 2>::from_vec([2, 3], vec![1, 11, 21, 1, 11, 21])?);
    /// assert_eq!(rows.as_slice(), &[1, 1, 11, 11, 21, 21]);
    /// assert_eq!(
    ///     a.view().select(0, &[3]).unwrap_err(),
    ///     LayoutError::IndexOutOfBounds { axis: 0, index: 3, len: 3 }
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn select<P: Position>(
        &self,
        axis: isize,
        indices: &[P],
    ) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Clone,
    {
        let axis = normalize_axis(axis, R)?;
        let len = self.shape()[axis];
        let picks = indices
            .iter()
            .map(|&i| i.resolve(len, axis))
            .collect::<Result<Vec<_>, _>>()?;
        self.take_positions(axis, &picks)
    }

    /// The positions of `axis` where `mask` is `true`, in order, as a new
    /// array ordered as [`select`](Self::select)'s (NumPy's `a[..., mask,
    /// ...]` with a boolean array, `np.compress(mask, a, axis)`). The mask must
    /// be as long as the axis, as NumPy's boolean indexing requires
    /// (`np.compress` also takes a shorter one, the rest `false`: pad it).
    ///
    /// ```
    /// use stride_core::{Array, LayoutError};
    /// let a = Array::<f64, 2>::from_fn([3, 2], |[i, j]| (2 * i + j) as f64)?;
    /// // The rows whose first element is at least 2.
    /// let keep: Vec<bool> = a.view().lanes(1)?.map(|row| row[[0]] >= 2.0).collect();
    /// let rows = a.view().compress(0, &keep)?;
    /// assert_eq!(rows.as_slice(), &[2.0, 3.0, 4.0, 5.0]);
    /// assert_eq!(
    ///     a.view().compress(1, &[true]).unwrap_err().to_string(),
    ///     "a boolean mask of length 1 cannot select along axis 1 of length 2"
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn compress(&self, axis: isize, mask: &[bool]) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Clone,
    {
        let axis = normalize_axis(axis, R)?;
        let len = self.shape()[axis];
        if mask.len() != len {
            return Err(LayoutError::MaskMismatch {
                axis,
                len,
                mask: mask.len(),
            });
        }
        let picks: Vec<usize> = (0..len).filter(|&i| mask[i]).collect();
        self.take_positions(axis, &picks)
    }

    /// The positions `picks` (each below the axis's length) of `axis`.
    fn take_positions(
        &self,
        axis: usize,
        picks: &[usize],
    ) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Clone,
    {
        let mut shape = *self.shape();
        shape[axis] = picks.len();
        let out = packed_layout::<R, Kept<O>>(shape)?;
        let n = out.size();
        if core::mem::needs_drop::<T>() {
            // Elements that need dropping are cloned in the output's memory
            // order into a counting buffer, so that a panicking `Clone` drops
            // those already made (see `pushed`).
            let f_order = is_f::<Kept<O>>();
            let items = (0..n).map(|k| {
                let mut idx = unflatten(k, &shape, f_order);
                idx[axis] = picks[idx[axis]];
                self[idx].clone()
            });
            return Ok(Array::from_packed(out, pushed(n, items)?));
        }
        let mut data = Buffer::<T>::with_capacity(n)?;
        if n > 0 {
            let (dst, src) = (data.as_mut_ptr(), self.base_nonnull().as_ptr().cast_const());
            let strides = *self.strides();
            let gather = (0..R)
                .filter(|&q| q != axis && self.shape()[q] > 1)
                .all(|q| strides[axis].unsigned_abs() <= strides[q].unsigned_abs());
            if gather {
                // A large output's pages, asked for at once (huge pages where
                // the OS has them) rather than faulted in one by one.
                data.prefault();
                // The lanes' starts (position 0 of `axis`, which the input
                // and the output have: `picks` is not empty) in the input and
                // the output, visited in one order: the output's memory order.
                let one = Slice::range(0, 1);
                let (mut ins, mut outs) = (
                    self.layout().slice_axis(axis as isize, one)?,
                    out.strided().slice_axis(axis as isize, one)?,
                );
                if matches!(<Kept<O> as OrderMarker>::CONTIGUITY, Contiguity::F) {
                    (ins, outs) = (ins.transpose().strided(), outs.transpose().strided());
                }
                let (step, to) = (strides[axis], out.strides()[axis]);
                let lane_len = self.shape()[axis];
                let touch = touch_every::<T>(step, lane_len, picks.len());
                let mut outs = Cursor::new(outs);
                Cursor::new(ins).fold_offsets((), |(), start| {
                    // The two cursors walk one shape in one order.
                    let Some(at) = outs.next_offset() else {
                        return;
                    };
                    if let Some(every) = touch {
                        for j in (0..lane_len).step_by(every) {
                            // Element `j` of the lane is the view's, valid for
                            // reads; one byte of it is read as `MaybeUninit`,
                            // which any byte may be. `T` is a plain number (no
                            // interior mutability), so while the view is
                            // borrowed nothing writes it: no data race.
                            // SAFETY: as just said.
                            unsafe {
                                let byte = src
                                    .offset(start + j as isize * step)
                                    .cast::<MaybeUninit<u8>>();
                                core::ptr::read_volatile(byte);
                            }
                        }
                    }
                    for (k, &p) in picks.iter().enumerate() {
                        // `start` is an offset the view reaches and `p` a
                        // position of its lane, so the element is the view's
                        // (valid for reads); `at + k to` is element `k` of the
                        // output's matching lane, an offset of the packed
                        // output (below `n`, in the fresh buffer), each
                        // written once over all lanes.
                        // SAFETY: as just said.
                        unsafe {
                            let x = (*src.offset(start + p as isize * step)).clone();
                            dst.offset(at as isize + k as isize * to).write(x);
                        }
                    }
                });
            } else {
                let populated = OnceCell::new();
                for (k, &p) in picks.iter().enumerate() {
                    let block = self
                        .layout()
                        .slice_axis(axis as isize, Slice::range(p as isize, p as isize + 1))?;
                    let start = k * out.strides()[axis].unsigned_abs();
                    // Output block `k` is the output's position `k` of `axis`,
                    // `block`'s shape at `start` with the output's strides,
                    // inside the fresh buffer and apart from every other
                    // position's block; `block` is a sub-view of the view's
                    // layout (its offsets hold valid `T`s), in memory the
                    // buffer does not share; the prefault hook only asks the
                    // OS for the buffer's pages (`Buffer::prefault` touches
                    // no element).
                    // SAFETY: as just said.
                    unsafe {
                        fill_block((dst, n, *out.strides(), start), src, block, || {
                            *populated.get_or_init(|| data.prefault())
                        });
                    }
                }
            }
        }
        // Every element of the output was written above, once: lane by lane
        // in the gather, position by position along `axis` in the blocks.
        // SAFETY: as just said.
        unsafe { data.set_len(n) };
        Ok(Array::from_packed(out, data))
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// The positions `indices` of `axis` as a new array (see
    /// [`ViewBase::select`]).
    pub fn select<P: Position>(
        &self,
        axis: isize,
        indices: &[P],
    ) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Clone,
    {
        self.view().select(axis, indices)
    }

    /// The positions of `axis` where `mask` is `true`, as a new array (see
    /// [`ViewBase::compress`]).
    pub fn compress(&self, axis: isize, mask: &[bool]) -> Result<Array<T, R, Kept<O>>, LayoutError>
    where
        T: Clone,
    {
        self.view().compress(axis, mask)
    }
}

/// How many elements apart to read one byte of each cache line of a lane
/// before gathering from it, or `None` when not to: random positions in a
/// lane fetched from memory each wait on a miss the hardware prefetcher does
/// not foresee, while a first pass along the lane, one read per 64-byte line,
/// streams it into the cache (a 2000 x 2000 `f64` column selection: 9.7 ms
/// without, 3.6 ms with, in a probe). Only for dense lanes (elements at most a
/// line apart) of at most 256 KiB, and at least as many positions as the lane
/// has lines, so the pass costs no more than the gather; and only for plain
/// numbers, since a type with interior mutability (a `OnceLock`) may be
/// written through a shared reference while the pass reads its bytes.
fn touch_every<T>(step: isize, len: usize, picks: usize) -> Option<usize> {
    if !is_plain::<T>() {
        return None;
    }
    let bytes = step
        .unsigned_abs()
        .checked_mul(size_of::<T>())
        .filter(|&b| b > 0 && b <= 64)?;
    let every = 64 / bytes;
    let lines = len.div_ceil(every);
    (len.saturating_mul(bytes) <= 256 << 10 && picks >= lines).then_some(every)
}
