//! Views whose marker promises contiguity: read as plain slices (`C`, `F`),
//! reshaped in their own order without a copy, cut along the outermost axis
//! keeping the marker, and (`RowMajor`, `ColMajor` too) read lane by lane with a
//! leading dimension, as BLAS takes them.

use super::{Mutability, View, ViewBase, ViewMut};
use crate::error::LayoutError;
use crate::index::Slice;
use crate::order::{ContiguousOrder, InnerContiguous, Order};
use crate::rank::{Rank, RankSub};

impl<'a, T, const R: usize, O: ContiguousOrder> View<'a, T, R, O> {
    /// A view of all of `slice` as `shape`, packed in `O`'s order (C or F). The
    /// slice length must equal the number of elements.
    ///
    /// ```
    /// use stride_core::{View, C};
    /// let v = View::<_, 2, C>::from_shape(&[1, 2, 3, 4, 5, 6], [2, 3])?;
    /// assert_eq!(v[[1, 0]], 4);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn from_shape(slice: &'a [T], shape: [usize; R]) -> Result<Self, LayoutError> {
        let layout = packed_for::<R, O>(shape, slice.len())?;
        Self::from_slice(slice, layout)
    }

    /// The elements as one slice, in memory order.
    pub fn as_contiguous_slice(&self) -> &'a [T] {
        let n = self.layout.size();
        if n == 0 {
            return &[];
        }
        // A C- or F-contiguous layout (invariant 3) with n > 0 elements reaches
        // exactly offsets offset..offset+n, all < len (invariant 2), each an
        // initialised T valid for shared reads for 'a (invariant 1).
        // SAFETY: as just said.
        unsafe { core::slice::from_raw_parts(self.base.as_ptr().add(self.layout.offset()), n) }
    }
}

/// The packed layout of `shape` in `O`'s order, typed.
pub(crate) use crate::layout::packed_of as packed_layout;

/// The packed layout of `shape` in `O`'s order, for a slice of `len`
/// elements: exactly as many as the shape has.
fn packed_for<const R: usize, O: ContiguousOrder>(
    shape: [usize; R],
    len: usize,
) -> Result<crate::layout::Layout<R, O>, LayoutError> {
    let layout = packed_layout::<R, O>(shape)?;
    if layout.size() != len {
        return Err(LayoutError::LengthMismatch {
            expected: layout.size(),
            found: len,
        });
    }
    Ok(layout)
}

impl<'a, T, const R: usize, O: ContiguousOrder> ViewMut<'a, T, R, O> {
    /// A mutable view of all of `slice` as `shape`, packed in `O`'s order (C
    /// or F): ndarray's `ArrayViewMut::from_shape`. The slice length must
    /// equal the number of elements.
    ///
    /// ```
    /// use stride_core::{F, ViewMut};
    /// let mut data = [0u8; 6];
    /// let mut v = ViewMut::<_, 2, F>::from_shape(&mut data, [2, 3])?;
    /// v[[1, 0]] = 7; // F order: element 1
    /// assert_eq!(data, [0, 7, 0, 0, 0, 0]);
    /// let e = ViewMut::<_, 2, F>::from_shape(&mut data, [4, 2]).unwrap_err();
    /// assert_eq!(e, stride_core::LayoutError::LengthMismatch { expected: 8, found: 6 });
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn from_shape(slice: &'a mut [T], shape: [usize; R]) -> Result<Self, LayoutError> {
        let layout = packed_for::<R, O>(shape, slice.len())?;
        Self::from_slice(slice, layout)
    }

    /// The elements as one mutable slice, in memory order.
    pub fn as_contiguous_slice_mut(&mut self) -> &mut [T] {
        let n = self.layout.size();
        if n == 0 {
            return &mut [];
        }
        // A contiguous layout with n > 0 reaches exactly offset..offset+n,
        // all < len (invariants 2, 3), initialised and held exclusively
        // (invariant 1) for the borrow of `self`.
        // SAFETY: as just said.
        unsafe { core::slice::from_raw_parts_mut(self.base.as_ptr().add(self.layout.offset()), n) }
    }
}

impl<'a, T, const R: usize, O: ContiguousOrder, M: Mutability> ViewBase<'a, T, R, O, M> {
    /// Reshape a contiguous view in its own order: never a copy, so the only
    /// possible error is a size mismatch, and the result keeps the marker.
    ///
    /// ```
    /// use stride_core::{Array, View, C};
    /// let a = Array::<u8, 1>::arange(0, 8, 1)?;
    /// let b: View<u8, 3, C> = a.view().into_shape([1, 4, -1])?;
    /// assert_eq!(b.strides(), &[8, 2, 1]); // x.shape = 1, 4, 2
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn into_shape<const Q: usize>(
        self,
        shape: [isize; Q],
    ) -> Result<ViewBase<'a, T, Q, O, M>, LayoutError> {
        let l = self.layout.reshape(shape, O::ORDER)?;
        // A layout contiguous in O's order reshaped in that order gets packed
        // strides in that order: the same offsets, each once, still
        // O-contiguous.
        // SAFETY: as just said, O's promise holds.
        let l = unsafe { l.remark::<O>() };
        // SAFETY: as just said.
        Ok(unsafe { self.relayout(l) })
    }

    /// The axis that is outermost in memory: 0 for C, the last for F.
    fn outer_axis() -> Result<isize, LayoutError> {
        match (R, O::ORDER) {
            (0, _) => Err(LayoutError::AxisOutOfRange { axis: 0, rank: 0 }),
            (_, Order::F) => Ok(R as isize - 1),
            _ => Ok(0),
        }
    }

    /// The sub-array at position `i` (negative counts from the end) of the axis
    /// outermost in memory: a row of a C matrix, a column of an F matrix. It is
    /// still contiguous, so it keeps the marker.
    ///
    /// ```
    /// use stride_core::{Array, View, C, F};
    /// let a = Array::<i32, 2>::from_fn([3, 4], |[i, j]| (10 * i + j) as i32)?;
    /// let row: View<i32, 1, C> = a.view().outer(-1)?;      // a[-1]
    /// assert_eq!(row.as_contiguous_slice(), &[20, 21, 22, 23]);
    /// let col: View<i32, 1, F> = a.t().outer(1)?;          // a.T[:, 1] == a[1]
    /// assert_eq!(col.as_contiguous_slice(), &[10, 11, 12, 13]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn outer<const Q: usize>(self, i: isize) -> Result<ViewBase<'a, T, Q, O, M>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let l = self.layout.index_axis(Self::outer_axis()?, i)?;
        // Removing the outermost axis of a C- (F-) contiguous layout leaves it
        // C- (F-) contiguous.
        // SAFETY: as just said, O's promise holds.
        let l = unsafe { l.remark::<O>() };
        // SAFETY: fixing one index selects a subset of the offsets.
        Ok(unsafe { self.relayout(l) })
    }

    /// Positions `start..stop` (Python clamping) of the axis outermost in memory:
    /// a block of rows of a C matrix, of columns of an F matrix. Still contiguous,
    /// so it keeps the marker.
    ///
    /// ```
    /// use stride_core::{Array, F, View};
    /// let a = Array::<f64, 2, F>::zeros([5, 8])?;
    /// let block: View<f64, 2, F> = a.view().outer_range(2, 6)?; // a[:, 2:6]
    /// assert_eq!((block.shape(), block.as_contiguous_slice().len()), (&[5, 4], 20));
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn outer_range(
        self,
        start: isize,
        stop: isize,
    ) -> Result<ViewBase<'a, T, R, O, M>, LayoutError> {
        let l = self
            .layout
            .slice_axis(Self::outer_axis()?, Slice::range(start, stop))?;
        // A step-1 range of the outermost axis keeps the packed strides of every
        // other axis, so the layout stays C- (F-) contiguous.
        // SAFETY: as just said, O's promise holds.
        let l = unsafe { l.remark::<O>() };
        // SAFETY: a range selects a subset of the offsets, each once.
        Ok(unsafe { self.relayout(l) })
    }
}

impl<'a, T, const R: usize, O: InnerContiguous, M: Mutability> ViewBase<'a, T, R, O, M> {
    /// The contiguous axis: the last one (C, `RowMajor`) or the first (F,
    /// `ColMajor`).
    fn inner_axis() -> usize {
        if O::FIRST_AXIS {
            0
        } else {
            R.saturating_sub(1)
        }
    }

    /// The leading dimension, as BLAS takes it: the stride (in elements) of the
    /// axis next to the contiguous one (the row stride of a row-major matrix, the
    /// column stride of a column-major one), or the length of the contiguous axis
    /// (at least 1) when that axis has length 1 or there is none.
    ///
    /// ```
    /// use stride_core::{Array, ColMajor, Slice, View};
    /// let a = Array::<f64, 2>::zeros([6, 10])?;
    /// // a.T[2:5, 1:4]: column-major with leading dimension 10.
    /// let b: View<f64, 2, ColMajor> =
    ///     a.t().slice([Slice::range(2, 5), Slice::range(1, 4)])?.try_into_order()?;
    /// assert_eq!(b.leading_dim(), 10);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn leading_dim(&self) -> usize {
        let inner = Self::inner_axis();
        let next = if O::FIRST_AXIS { 1 } else { R.wrapping_sub(2) };
        let inner_len = if R == 0 {
            1
        } else {
            self.shape()[inner].max(1)
        };
        match (R >= 2, R >= 2 && self.shape()[next] > 1) {
            (true, true) => self.strides()[next].unsigned_abs(),
            _ => inner_len,
        }
    }

    /// A block cut out with a slice per axis, keeping its guarantee in its type: a
    /// block of a `C` (or `RowMajor`) layout is `RowMajor` (a BLAS submatrix:
    /// unit inner stride, a leading dimension), of an `F` one `ColMajor`. The
    /// contiguous axis must be sliced with step 1 and the others with positive
    /// steps; anything else is [`LayoutError::NotContiguous`] (use
    /// [`slice`](ViewBase::slice) for a `Strided` result).
    ///
    /// ```
    /// use stride_core::{Array, RowMajor, Slice, View};
    /// let a = Array::<f64, 2>::from_fn([6, 10], |[i, j]| (10 * i + j) as f64)?;
    /// let b: View<f64, 2, RowMajor> = a.view().block([Slice::range(1, 4), Slice::range(2, 5)])?;
    /// assert_eq!((b.leading_dim(), b.lane(0)), (10, &[12.0, 13.0, 14.0][..]));
    /// // Every other row is still row-major; every other column is not.
    /// assert!(a.view().block([Slice::step_by(2), Slice::FULL]).is_ok());
    /// assert!(a.view().block([Slice::FULL, Slice::step_by(2)]).is_err());
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn block(
        self,
        slices: [Slice; R],
    ) -> Result<ViewBase<'a, T, R, O::Padded, M>, LayoutError> {
        let l = self.layout().slice(slices)?.try_order::<O::Padded>()?;
        // SAFETY: a slice reaches a subset of the offsets, each at most once.
        Ok(unsafe { self.relayout(l) })
    }

    /// Lane `i` along the contiguous axis, as a slice: row `i` of a row-major
    /// matrix, column `i` of a column-major one (rank 2; for other ranks, the
    /// lanes are numbered in memory order of the other axes).
    ///
    /// # Panics
    /// When `i` is not below the number of lanes (`size / len` of the contiguous
    /// axis), like slice indexing.
    pub fn lane(&self, i: usize) -> &[T]
    where
        Rank<R>: RankSub<Rank<1>>,
    {
        let inner = Self::inner_axis();
        let n = self.shape()[inner];
        let lanes = self.size().checked_div(n).unwrap_or(0);
        assert!(i < lanes, "lane {i} is out of bounds: there are {lanes}");
        // The index of lane i: the other axes counted in memory order (innermost
        // fastest), the contiguous axis at 0.
        let mut index = [0usize; R];
        let mut rest = i;
        for step in 0..R {
            let k = if O::FIRST_AXIS { step } else { R - 1 - step };
            if k == inner {
                continue;
            }
            index[k] = rest % self.shape()[k];
            rest /= self.shape()[k];
        }
        let first = self
            .layout
            .offset_of(index)
            .expect("lane index is in bounds");
        // The lane's n elements sit at first, first + 1, ... (unit stride
        // when n > 1), reached by the layout, so < len (invariant 2), initialised
        // and readable while `self` is borrowed (invariant 1).
        // SAFETY: as just said.
        unsafe { core::slice::from_raw_parts(self.base.as_ptr().add(first), n) }
    }
}
