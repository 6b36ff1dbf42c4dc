//! Where the extremes are: `argmax` and `argmin`, NumPy's, over the whole
//! view (a flat index in C order) and along an axis (an array of indices),
//! walked in memory order by the engine like the other reductions.
//!
//! NumPy's rules: the first occurrence wins (the smallest index: in C order
//! for the whole view, along the axis for a lane), and a NaN (any `x != x`)
//! beats every number, the first NaN winning. The walk visits elements in
//! memory order, not in index order, so a tie is settled by comparing
//! indices, never by which element came first. The flat index rides along as
//! a second operand of the nest, whose strides are the C strides of the shape
//! (and the lane index as one whose stride is 1 along the axis and 0
//! elsewhere): the nest hands each run its first index and its step, as it
//! hands it its first element and stride.

use super::nest::{Nest, Operands, Priority};
use super::reduce::{max_run, min_run, spread_over};
use crate::array::Array;
use crate::error::LayoutError;
use crate::order::{Kept, OrderMarker};
use crate::rank::{Rank, RankSub};
use crate::view::{Mutability, ViewBase};

/// Whether `v` at index `k` replaces `b` at index `bk` as the largest (`MAX`)
/// or smallest element found so far: it lies beyond `b`, or is a NaN where
/// `b` is not; or it ties with `b` (equal, or both NaN) at a smaller index.
/// One comparison when `v` does not reach `b` (the usual case).
#[inline(always)]
#[allow(clippy::eq_op)]
fn replaces<T: PartialOrd, const MAX: bool>(v: T, k: usize, b: T, bk: usize) -> bool {
    let short = if MAX { v < b } else { v > b };
    if short {
        return false;
    }
    // Now `v` reaches `b`, or one of them is a NaN.
    if v == b {
        return k < bk;
    }
    if b != b {
        // Only an earlier NaN replaces a NaN.
        return v != v && k < bk;
    }
    true
}

/// Elements per chunk of a contiguous run whose extreme is found first (a
/// vectorised fold, see [`scan_run`]).
const CHUNK: usize = 256;

/// The extreme of `len` elements `stride` apart from `p`, whose indices run
/// from `k0` by `dk`, folded into `(b, bk)`.
///
/// A contiguous run goes in chunks of [`CHUNK`]: each chunk's extreme first,
/// by the vectorised NaN-propagating fold of `max` / `min` (eight partial
/// results), and the chunk is scanned element by element only when that
/// extreme reaches `b` or one of them is a NaN, which is rare past the first
/// chunks of unordered data (`argmax` of 1e7 random `f64`: 5.7 ms one element
/// at a time against `max`'s 3.4 ms; in chunks 3.9-4.7 ms against 3.4-4.3 ms,
/// side by side in a probe). Once `b` is a NaN at an index below the chunk's
/// (indices never fall along a run: `dk >= 0`, the nest flips no axis of the
/// index operand, whose strides are not negative), nothing in the chunk can
/// replace it, and the rest of the run is skipped.
///
/// # Safety
/// `p + t * stride` must be a valid `T` for shared reads for every `t < len`.
#[inline(always)]
unsafe fn scan_run<T: Copy + PartialOrd, const MAX: bool>(
    p: *const T,
    stride: isize,
    (k0, dk): (usize, isize),
    len: usize,
    (b, bk): (&mut T, &mut usize),
) {
    if stride == 1 && len >= 2 * CHUNK {
        let mut t = 0;
        while t < len {
            let n = CHUNK.min(len - t);
            // A chunk of `n` of the caller's elements, from element `t`.
            // SAFETY: as just said.
            unsafe {
                let c = p.add(t);
                let m = if MAX {
                    max_run(c, n, 1)
                } else {
                    min_run(c, n, 1)
                };
                // Nothing in the chunk replaces `b` when its extreme falls
                // short of it (so is no NaN: a NaN compares false).
                let short = if MAX { m < *b } else { m > *b };
                let k = (k0 as isize + t as isize * dk) as usize;
                #[allow(clippy::eq_op)]
                if *b != *b && *bk < k {
                    // A NaN before the chunk: only an earlier NaN replaces
                    // it, and the run's indices only grow.
                    return;
                }
                if !short {
                    scan_elements::<T, MAX>(c, 1, (k, dk), n, (&mut *b, &mut *bk));
                }
            }
            t += n;
        }
        return;
    }
    // SAFETY: the caller's promise.
    unsafe { scan_elements::<T, MAX>(p, stride, (k0, dk), len, (b, bk)) }
}

/// [`scan_run`] element by element.
///
/// # Safety
/// As [`scan_run`].
#[inline(always)]
unsafe fn scan_elements<T: Copy + PartialOrd, const MAX: bool>(
    p: *const T,
    stride: isize,
    (k0, dk): (usize, isize),
    len: usize,
    (b, bk): (&mut T, &mut usize),
) {
    for t in 0..len {
        // The caller's promise, for `t < len`.
        // SAFETY: as just said.
        let v = unsafe { *p.offset(t as isize * stride) };
        // An index of the view: `k0 + t * dk` lies in `0..=isize::MAX`.
        let k = (k0 as isize + t as isize * dk) as usize;
        if replaces::<T, MAX>(v, k, *b, *bk) {
            (*b, *bk) = (v, k);
        }
    }
}

impl<T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'_, T, R, O, M> {
    /// The index of the largest element, as NumPy's `a.argmax()`: a flat
    /// index in C (row-major) order whatever the layout, the first one where
    /// the maximum occurs, or the first NaN's if any element is a NaN (`x !=
    /// x`); `None` for an empty view (NumPy raises). Found in one walk in
    /// memory order.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_fn([3, 4], |[i, j]| ((i * 4 + j) % 5) as f64)?;
    /// // [[0, 1, 2, 3], [4, 0, 1, 2], [3, 4, 0, 1]]: 4.0 first at [1, 0].
    /// assert_eq!(a.argmax(), Some(4));
    /// assert_eq!(a.t().argmax(), Some(1)); // [0, 1] of the transpose is a[1, 0]
    /// assert_eq!(a.argmin(), Some(0));
    /// let mut b = a.clone();
    /// b.view_mut()[[2, 1]] = f64::NAN;
    /// assert_eq!(b.argmax(), Some(9));
    /// assert_eq!(Array::<i32, 1>::zeros([0])?.argmax(), None);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn argmax(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        self.arg_extreme::<true>()
    }

    /// The index of the smallest element (NumPy's `a.argmin()`); see
    /// [`argmax`](Self::argmax).
    pub fn argmin(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        self.arg_extreme::<false>()
    }

    /// The index along `axis` (negative counts from the end) of the largest
    /// element of each lane: NumPy's `a.argmax(axis=k)`, an array of one rank
    /// less (inferred) in the order the view's type keeps ([`Kept`]), with
    /// NumPy's rules for ties and NaN (see [`argmax`](Self::argmax)); walked
    /// in the input's memory order, like [`max_axis`](Self::max_axis).
    /// `Ok(None)` when the axis has length 0 (NumPy raises).
    ///
    /// ```
    /// use stride_core::Array;
    /// // Scores of 2 samples over 3 classes: the most likely class of each.
    /// let logits = Array::<f32, 2>::from_vec([2, 3], vec![0.1, 2.5, 2.5, -1.0, 0.0, 3.0])?;
    /// assert_eq!(logits.argmax_axis(1)?.unwrap().as_slice(), &[1, 2]);
    /// assert_eq!(logits.argmin_axis(0)?.unwrap().as_slice(), &[1, 1, 0]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn argmax_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.arg_extreme_axis::<Q, true>(axis)
    }

    /// The index along `axis` of the smallest element of each lane (NumPy's
    /// `a.argmin(axis=k)`); see [`argmax_axis`](Self::argmax_axis).
    pub fn argmin_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.arg_extreme_axis::<Q, false>(axis)
    }

    fn arg_extreme<const MAX: bool>(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        let first = *self.view_shared().iter().next()?;
        let shape = *self.shape();
        // The C strides of the shape: each a product of extents of a
        // non-empty view, so at most its size, which is at most isize::MAX
        // (a layout's invariant): `fill_strides` never fails here.
        let mut flat = [0isize; R];
        crate::dims::fill_strides(&shape, false, &mut flat).ok()?;
        let ops = Operands {
            shape,
            strides: [*self.strides(), flat],
            offsets: [self.layout().offset(), 0],
        };
        let base = self.base_nonnull().as_ptr().cast_const();
        let (mut b, mut bk) = (first, 0usize);
        Nest::plan(&ops, Priority::Operand(0), 0).runs(|off, len, st| {
            // The runs visit offsets the layout reaches (valid `T`s of the
            // buffer, shared reads while `self` is borrowed), `len` of them
            // `st[0]` apart, whose flat indices start at `off[1]` (at least
            // 0: the C strides are not negative) and step by `st[1]`.
            // SAFETY: `scan_run`'s contract, as just said.
            unsafe {
                scan_run::<T, MAX>(
                    base.offset(off[0]),
                    st[0],
                    (off[1] as usize, st[1]),
                    len,
                    (&mut b, &mut bk),
                )
            };
        });
        Some(bk)
    }

    fn arg_extreme_axis<const Q: usize, const MAX: bool>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let axis = crate::dims::normalize_axis(axis, R)?;
        if self.shape()[axis] == 0 {
            return Ok(None);
        }
        // The best so far, from the first element of each lane, and its
        // index along the axis; both packed alike (one shape, one order).
        let mut best = self
            .view_shared()
            .index_axis::<Q>(axis as isize, 0)?
            .to_contiguous::<Kept<O>>()?;
        let mut index = Array::<usize, Q, Kept<O>>::zeros(*best.shape())?;
        debug_assert_eq!(best.layout().strides(), index.layout().strides());
        // The outputs seen in the input's shape (stride 0 along the axis),
        // the input, and the index along the axis (stride 1 along it, 0
        // elsewhere), walked in the input's memory order.
        let out = spread_over(best.layout().strides(), axis);
        let mut along = [0isize; R];
        along[axis] = 1;
        let ops = Operands {
            shape: *self.shape(),
            strides: [out, *self.strides(), along],
            offsets: [0, self.layout().offset(), 0],
        };
        let src = self.base_nonnull().as_ptr().cast_const();
        let bp = best.as_mut_slice().as_mut_ptr();
        let ip = index.as_mut_slice().as_mut_ptr();
        Nest::plan(&ops, Priority::Operand(1), 0).runs(|off, len, st| {
            // Output offsets: the packed outputs' (the same for both, in
            // buffers of their own, so never aliasing the input); input
            // offsets: ones its layout reaches, `len` of them `st[1]` apart;
            // indices along the axis from `off[2]` by `st[2]`, within the
            // axis.
            // SAFETY: as just said.
            unsafe {
                let (b, k) = (bp.offset(off[0]), ip.offset(off[0]));
                let s = src.offset(off[1]);
                if st[0] == 0 {
                    // One lane's run: folded into its one output element.
                    scan_run::<T, MAX>(s, st[1], (off[2] as usize, st[2]), len, (&mut *b, &mut *k));
                } else {
                    for t in 0..len as isize {
                        let (b, k) = (b.offset(t * st[0]), k.offset(t * st[0]));
                        let v = *s.offset(t * st[1]);
                        let at = (off[2] + t * st[2]) as usize;
                        if replaces::<T, MAX>(v, at, *b, *k) {
                            (*b, *k) = (v, at);
                        }
                    }
                }
            }
        });
        Ok(Some(index))
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// The flat (C-order) index of the largest element (see
    /// [`ViewBase::argmax`]).
    pub fn argmax(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        self.view().argmax()
    }

    /// The flat (C-order) index of the smallest element (see
    /// [`ViewBase::argmin`]).
    pub fn argmin(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        self.view().argmin()
    }

    /// The index along `axis` of each lane's largest element (see
    /// [`ViewBase::argmax_axis`]).
    pub fn argmax_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().argmax_axis(axis)
    }

    /// The index along `axis` of each lane's smallest element (see
    /// [`ViewBase::argmin_axis`]).
    pub fn argmin_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().argmin_axis(axis)
    }
}
