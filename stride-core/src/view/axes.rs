//! Walking a view by axis, as ndarray users do: `axis_iter` (the sub-views at each
//! position of an axis), `axis_chunks_iter` (blocks of positions), `lanes` (the
//! 1-D views along an axis: `rows`, `columns`), and `split_at` (two disjoint
//! views). Mutable versions hand out views that never share an element.

use core::iter::FusedIterator;
use core::marker::PhantomData;

use super::{Mutability, Shared, Unique, ViewBase};
use crate::array::Array;
use crate::error::LayoutError;
use crate::index::{Item, Slice};
use crate::layout::Layout;
use crate::order::{OrderMarker, Strided};
use crate::rank::{Rank, RankSub};

/// The sub-views at each position of one axis (see [`ViewBase::axis_iter`]).
pub struct AxisIter<'a, T, const R: usize, const Q: usize, M: Mutability> {
    base: core::ptr::NonNull<T>,
    len: usize,
    layout: Layout<R>,
    axis: usize,
    next: usize,
    end: usize,
    _marker: PhantomData<(&'a mut [T], M)>,
}

impl<'a, T, const R: usize, const Q: usize, M: Mutability> Iterator for AxisIter<'a, T, R, Q, M> {
    type Item = ViewBase<'a, T, Q, Strided, M>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        self.next += 1;
        self.at(self.next - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.next;
        (n, Some(n))
    }
}

impl<'a, T, const R: usize, const Q: usize, M: Mutability> AxisIter<'a, T, R, Q, M> {
    /// The sub-view at position `at` of the axis (`at` below its length).
    fn at(&self, at: usize) -> Option<ViewBase<'a, T, Q, Strided, M>> {
        let mut items = [Item::FULL; R];
        items[self.axis] = Item::Index(at as isize);
        let l: Layout<Q> = self.layout.index_items(&items).ok()?;
        // A position of the axis selects a subset of the consumed
        // view's offsets (invariants 1-3); each position is handed out once
        // (from the front or the back), and distinct positions are distinct
        // indices, so sub-views of a unique view never share an element
        // (invariant 4).
        // SAFETY: as just said.
        Some(unsafe { ViewBase::from_raw_parts(self.base, self.len, l) })
    }
}

impl<T, const R: usize, const Q: usize, M: Mutability> DoubleEndedIterator
    for AxisIter<'_, T, R, Q, M>
{
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        self.end -= 1;
        self.at(self.end)
    }
}

impl<T, const R: usize, const Q: usize, M: Mutability> ExactSizeIterator
    for AxisIter<'_, T, R, Q, M>
{
}

impl<T, const R: usize, const Q: usize, M: Mutability> FusedIterator for AxisIter<'_, T, R, Q, M> {}

/// Blocks of `size` positions of one axis (see [`ViewBase::axis_chunks_iter`]).
pub struct AxisChunks<'a, T, const R: usize, M: Mutability> {
    base: core::ptr::NonNull<T>,
    len: usize,
    layout: Layout<R>,
    axis: usize,
    size: usize,
    next: usize,
    end: usize,
    _marker: PhantomData<(&'a mut [T], M)>,
}

impl<'a, T, const R: usize, M: Mutability> Iterator for AxisChunks<'a, T, R, M> {
    type Item = ViewBase<'a, T, R, Strided, M>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let start = self.next;
        self.next = start.saturating_add(self.size).min(self.end);
        self.block(start, self.next)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.end - self.next).div_ceil(self.size);
        (n, Some(n))
    }
}

impl<'a, T, const R: usize, M: Mutability> AxisChunks<'a, T, R, M> {
    /// Positions `start..stop` of the axis (within it).
    fn block(&self, start: usize, stop: usize) -> Option<ViewBase<'a, T, R, Strided, M>> {
        let l = self
            .layout
            .slice_axis(
                self.axis as isize,
                Slice::range(start as isize, stop as isize),
            )
            .ok()?;
        // A range of positions selects a subset of the offsets of the
        // consumed view; the ranges handed out (from the front or the back) are
        // disjoint, so for a unique view the blocks never share an element.
        // SAFETY: as just said.
        Some(unsafe { ViewBase::from_raw_parts(self.base, self.len, l) })
    }
}

impl<T, const R: usize, M: Mutability> DoubleEndedIterator for AxisChunks<'_, T, R, M> {
    /// The last block first, which is the shorter one when the length is not
    /// a multiple of the size (as ndarray's).
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let stop = self.end;
        // The blocks start at multiples of `size` from where the walk began;
        // `next` is always at such a start.
        self.end = self.next + (stop - self.next - 1) / self.size * self.size;
        self.block(self.end, stop)
    }
}

impl<T, const R: usize, M: Mutability> ExactSizeIterator for AxisChunks<'_, T, R, M> {}

impl<T, const R: usize, M: Mutability> FusedIterator for AxisChunks<'_, T, R, M> {}

/// The 1-D views along one axis, one per index of the other axes in C order
/// (see [`ViewBase::lanes`]).
pub struct Lanes<'a, T, const R: usize, M: Mutability> {
    base: core::ptr::NonNull<T>,
    len: usize,
    layout: Layout<R>,
    axis: usize,
    /// The next lane from the front and one past the next from the back, as
    /// positions among all lanes in C order of the other axes.
    front: usize,
    back: usize,
    _marker: PhantomData<(&'a mut [T], M)>,
}

impl<'a, T, const R: usize, M: Mutability> Lanes<'a, T, R, M> {
    /// The lane at position `at` (below the number of lanes, so every other
    /// axis is nonempty).
    fn at(&self, mut at: usize) -> Option<ViewBase<'a, T, 1, Strided, M>> {
        let shape = *self.layout.shape();
        // The index of the other axes, in C order (the lane axis stays 0).
        let mut index = [0usize; R];
        for k in (0..R).rev() {
            if k != self.axis {
                index[k] = at % shape[k];
                at /= shape[k];
            }
        }
        let offset = if shape[self.axis] == 0 {
            self.layout.offset()
        } else {
            self.layout.offset_of(index).ok()?
        };
        let l = Layout::from_parts(
            [shape[self.axis]],
            [self.layout.strides()[self.axis]],
            offset,
        )
        .ok()?;
        // The lane reaches the indices differing from `index` only
        // along `axis`: a subset of the consumed view's; each position is
        // handed out once (from the front or the back), and distinct lanes
        // differ on another axis, so lanes of a unique view never share an
        // element.
        // SAFETY: as just said.
        Some(unsafe { ViewBase::from_raw_parts(self.base, self.len, l) })
    }
}

impl<'a, T, const R: usize, M: Mutability> Iterator for Lanes<'a, T, R, M> {
    type Item = ViewBase<'a, T, 1, Strided, M>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.at(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl<T, const R: usize, M: Mutability> DoubleEndedIterator for Lanes<'_, T, R, M> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.at(self.back)
    }
}

impl<T, const R: usize, M: Mutability> ExactSizeIterator for Lanes<'_, T, R, M> {}

impl<T, const R: usize, M: Mutability> FusedIterator for Lanes<'_, T, R, M> {}

impl<'a, T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'a, T, R, O, M> {
    /// The sub-views at each position of `axis` (negative counts from the end),
    /// one rank lower: `a[0]`, `a[1]`, ... for axis 0, ndarray's `axis_iter`. For a
    /// mutable view they are mutable and never share an element.
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<i32, 2>::from_fn([3, 4], |[i, j]| (10 * i + j) as i32)?;
    /// let sums: Vec<i32> = a.view().axis_iter(1)?.map(|col| col.sum()).collect();
    /// assert_eq!(sums, vec![30, 33, 36, 39]);
    /// for (i, mut row) in a.view_mut().axis_iter(0)?.enumerate() {
    ///     row.fill(i as i32);
    /// }
    /// assert_eq!(a.as_slice(), &[0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn axis_iter<const Q: usize>(
        self,
        axis: isize,
    ) -> Result<AxisIter<'a, T, R, Q, M>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let axis = crate::dims::normalize_axis(axis, R)?;
        Ok(AxisIter {
            base: self.base_nonnull(),
            len: self.buffer_len(),
            end: self.shape()[axis],
            layout: self.layout().strided(),
            axis,
            next: 0,
            _marker: PhantomData,
        })
    }

    /// Blocks of `size` positions of `axis` (the last block may be shorter),
    /// ndarray's `axis_chunks_iter`. A `size` of 0 is
    /// [`LayoutError::ZeroChunkSize`].
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<u8, 2>::zeros([5, 3])?;
    /// let rows: Vec<usize> = a.view().axis_chunks_iter(0, 2)?.map(|b| b.shape()[0]).collect();
    /// assert_eq!(rows, vec![2, 2, 1]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn axis_chunks_iter(
        self,
        axis: isize,
        size: usize,
    ) -> Result<AxisChunks<'a, T, R, M>, LayoutError> {
        let axis = crate::dims::normalize_axis(axis, R)?;
        if size == 0 {
            return Err(LayoutError::ZeroChunkSize { axis });
        }
        Ok(AxisChunks {
            base: self.base_nonnull(),
            len: self.buffer_len(),
            end: self.shape()[axis],
            layout: self.layout().strided(),
            axis,
            size,
            next: 0,
            _marker: PhantomData,
        })
    }

    /// The 1-D views along `axis`, one for each index of the other axes in C
    /// order: ndarray's `lanes(Axis(k))` (`rows` and `columns` for a matrix).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (10 * i + j) as i32)?;
    /// let rows: Vec<Vec<i32>> = a.view().lanes(-1)?.map(|r| r.iter().copied().collect()).collect();
    /// assert_eq!(rows, vec![vec![0, 1, 2], vec![10, 11, 12]]);
    /// assert_eq!(a.view().lanes(0)?.len(), 3); // the columns
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn lanes(self, axis: isize) -> Result<Lanes<'a, T, R, M>, LayoutError> {
        let axis = crate::dims::normalize_axis(axis, R)?;
        let shape = *self.shape();
        let left = (0..R)
            .filter(|&k| k != axis)
            .map(|k| shape[k])
            .product::<usize>();
        // An empty other axis means no lane at all.
        let left = if shape.iter().enumerate().any(|(k, &n)| k != axis && n == 0) {
            0
        } else {
            left
        };
        Ok(Lanes {
            base: self.base_nonnull(),
            len: self.buffer_len(),
            layout: self.layout().strided(),
            axis,
            front: 0,
            back: left,
            _marker: PhantomData,
        })
    }

    /// `f` of each 1-D view along `axis`, as a new C-ordered array of the other
    /// axes (ndarray's `map_axis`, and `map_axis_mut` when the view is
    /// mutable; NumPy's `np.apply_along_axis` for a function giving one
    /// value). The lanes come in C order of the other axes, as
    /// [`lanes`](Self::lanes) gives them.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_vec([2, 3], vec![3.0, 1.0, 2.0, 0.5, 4.0, 9.0])?;
    /// // The median of each row, a reduction no one-pass kernel gives.
    /// let median = a.view().map_axis(1, |row| {
    ///     let mut v: Vec<f64> = row.iter().copied().collect();
    ///     v.sort_by(f64::total_cmp);
    ///     v[v.len() / 2]
    /// })?;
    /// assert_eq!(median.as_slice(), &[2.0, 4.0]);
    /// // On a mutable view each lane is mutable: normalise the columns.
    /// let mut b = a.clone();
    /// let norms = b.view_mut().map_axis(0, |mut col| {
    ///     let n = col.iter().map(|x| x * x).sum::<f64>().sqrt();
    ///     col.map_inplace(|x| *x /= n);
    ///     n
    /// })?;
    /// assert_eq!(norms.shape(), &[3]);
    /// assert!((b[[0, 0]] * norms[[0]] - 3.0).abs() < 1e-12);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn map_axis<U, const Q: usize>(
        self,
        axis: isize,
        f: impl FnMut(ViewBase<'a, T, 1, Strided, M>) -> U,
    ) -> Result<Array<U, Q, crate::order::C>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let ax = crate::dims::normalize_axis(axis, R)?;
        let shape = *self.shape();
        let out: [usize; Q] = core::array::from_fn(|q| shape[if q < ax { q } else { q + 1 }]);
        Array::from_vec(out, self.lanes(axis)?.map(f).collect())
    }

    /// Splits at position `i` of `axis` into `[..i]` and `[i..]` (Python
    /// clamping): for a mutable view, two mutable views that never share an
    /// element, as `split_at_mut` does for slices.
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<i32, 2>::zeros([4, 3])?;
    /// let (mut top, mut bottom) = a.view_mut().split_at(0, 1)?;
    /// top.fill(1);
    /// bottom.fill(2);
    /// assert_eq!(a.as_slice(), &[1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn split_at(
        self,
        axis: isize,
        i: isize,
    ) -> Result<
        (
            ViewBase<'a, T, R, Strided, M>,
            ViewBase<'a, T, R, Strided, M>,
        ),
        LayoutError,
    > {
        let l = self.layout().strided();
        let first = l.slice_axis(axis, Slice::new(None, Some(i), 1))?;
        let second = l.slice_axis(axis, Slice::new(Some(i), None, 1))?;
        let (base, len) = (self.base_nonnull(), self.buffer_len());
        // `[..i]` and `[i..]` are disjoint sets of positions of the axis,
        // each a subset of the consumed view's offsets; for a unique view they
        // never share an element.
        // SAFETY: as just said.
        Ok(unsafe {
            (
                ViewBase::from_raw_parts(base, len, first),
                ViewBase::from_raw_parts(base, len, second),
            )
        })
    }
}

impl<'a, T, O: OrderMarker, M: Mutability> ViewBase<'a, T, 2, O, M> {
    /// The rows of a matrix (ndarray's `rows()`).
    pub fn rows(self) -> Lanes<'a, T, 2, M> {
        self.lanes(1).expect("a matrix has an axis 1")
    }

    /// The columns of a matrix (ndarray's `columns()`).
    pub fn columns(self) -> Lanes<'a, T, 2, M> {
        self.lanes(0).expect("a matrix has an axis 0")
    }

    /// Row `i` of a matrix, a view (NumPy's `a[i]`, ndarray's `row(i)`); a
    /// negative `i` counts from the end, and one out of range is
    /// [`IndexOutOfBounds`](LayoutError::IndexOutOfBounds).
    ///
    /// ```
    /// use stride_core::{Array, LayoutError};
    /// let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (10 * i + j) as i32)?;
    /// assert_eq!(a.view().row(-1)?.iter().copied().collect::<Vec<_>>(), vec![10, 11, 12]);
    /// assert_eq!(a.t().row(2)?.iter().copied().collect::<Vec<_>>(), vec![2, 12]); // a column of `a`
    /// assert!(matches!(a.view().row(2), Err(LayoutError::IndexOutOfBounds { .. })));
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn row(self, i: isize) -> Result<ViewBase<'a, T, 1, Strided, M>, LayoutError> {
        self.index_axis(0, i)
    }

    /// Column `j` of a matrix, a view (NumPy's `a[:, j]`, ndarray's
    /// `column(j)`); a negative `j` counts from the end.
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<i32, 2>::zeros([2, 3])?;
    /// a.view_mut().column(1)?.fill(7);
    /// assert_eq!(a.as_slice(), &[0, 7, 0, 0, 7, 0]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn column(self, j: isize) -> Result<ViewBase<'a, T, 1, Strided, M>, LayoutError> {
        self.index_axis(1, j)
    }
}

/// The axis tools of a mutable view for a borrow of it, as ndarray's
/// `ArrayViewMut` has them (the view itself stays usable after): the same as
/// calling the consuming ones on [`reborrow`](ViewBase::reborrow).
impl<T, const R: usize, O: OrderMarker> ViewBase<'_, T, R, O, Unique> {
    /// The mutable sub-views at each position of `axis` (see
    /// [`ViewBase::axis_iter`]).
    ///
    /// ```
    /// use stride_core::{Array, Slice};
    /// let mut a = Array::<i32, 2>::zeros([3, 4])?;
    /// let mut right = a.view_mut().slice([Slice::FULL, Slice::range(2, 4)])?;
    /// for (i, mut row) in right.axis_iter_mut(0)?.enumerate() {
    ///     row.fill(i as i32 + 1);
    /// }
    /// for mut block in right.axis_chunks_iter_mut(0, 2)? {
    ///     block.map_inplace(|x| *x *= 10);
    /// }
    /// for mut col in right.lanes_mut(0)? {
    ///     col[[0]] += 1;
    /// }
    /// assert_eq!(a.as_slice(), &[0, 0, 11, 11, 0, 0, 20, 20, 0, 0, 30, 30]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn axis_iter_mut<const Q: usize>(
        &mut self,
        axis: isize,
    ) -> Result<AxisIter<'_, T, R, Q, Unique>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.reborrow().axis_iter(axis)
    }

    /// Mutable blocks of `size` positions of `axis` (see
    /// [`ViewBase::axis_chunks_iter`]).
    pub fn axis_chunks_iter_mut(
        &mut self,
        axis: isize,
        size: usize,
    ) -> Result<AxisChunks<'_, T, R, Unique>, LayoutError> {
        self.reborrow().axis_chunks_iter(axis, size)
    }

    /// The mutable 1-D views along `axis` (see [`ViewBase::lanes`]).
    pub fn lanes_mut(&mut self, axis: isize) -> Result<Lanes<'_, T, R, Unique>, LayoutError> {
        self.reborrow().lanes(axis)
    }
}

/// The rows and columns of a mutable matrix view for a borrow of it.
impl<T, O: OrderMarker> ViewBase<'_, T, 2, O, Unique> {
    /// The rows, mutable (ndarray's `rows_mut()`).
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<i32, 2>::zeros([2, 3])?;
    /// let mut t = a.view_mut().t();
    /// for (i, mut r) in t.rows_mut().enumerate() {
    ///     r.fill(i as i32);
    /// }
    /// t.columns_mut().for_each(|mut c| c[[0]] += 10);
    /// assert_eq!(a.as_slice(), &[10, 1, 2, 10, 1, 2]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn rows_mut(&mut self) -> Lanes<'_, T, 2, Unique> {
        self.reborrow().rows()
    }

    /// The columns, mutable (ndarray's `columns_mut()`).
    pub fn columns_mut(&mut self) -> Lanes<'_, T, 2, Unique> {
        self.reborrow().columns()
    }
}

/// The same walks on an owned array, through [`view`](Array::view) (shared
/// sub-views) or [`view_mut`](Array::view_mut) (the `_mut` forms: mutable
/// sub-views that never share an element), as ndarray's arrays have them.
impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// The sub-views at each position of `axis` (see
    /// [`ViewBase::axis_iter`]).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i32, 2>::from_fn([3, 2], |[i, j]| (10 * i + j) as i32)?;
    /// let last: Vec<i32> = a.axis_iter(0)?.rev().map(|row| row.sum()).collect();
    /// assert_eq!(last, vec![41, 21, 1]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn axis_iter<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<AxisIter<'_, T, R, Q, Shared>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().axis_iter(axis)
    }

    /// The mutable sub-views at each position of `axis` (see
    /// [`ViewBase::axis_iter`]).
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<i32, 2>::zeros([2, 3])?;
    /// for (j, mut col) in a.axis_iter_mut(1)?.enumerate() {
    ///     col.fill(j as i32);
    /// }
    /// assert_eq!(a.as_slice(), &[0, 1, 2, 0, 1, 2]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn axis_iter_mut<const Q: usize>(
        &mut self,
        axis: isize,
    ) -> Result<AxisIter<'_, T, R, Q, Unique>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view_mut().axis_iter(axis)
    }

    /// Blocks of `size` positions of `axis` (see
    /// [`ViewBase::axis_chunks_iter`]).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<u8, 2>::zeros([5, 3])?;
    /// let rows: Vec<usize> = a.axis_chunks_iter(0, 2)?.rev().map(|b| b.shape()[0]).collect();
    /// assert_eq!(rows, vec![1, 2, 2]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn axis_chunks_iter(
        &self,
        axis: isize,
        size: usize,
    ) -> Result<AxisChunks<'_, T, R, Shared>, LayoutError> {
        self.view().axis_chunks_iter(axis, size)
    }

    /// Mutable blocks of `size` positions of `axis` (see
    /// [`ViewBase::axis_chunks_iter`]).
    pub fn axis_chunks_iter_mut(
        &mut self,
        axis: isize,
        size: usize,
    ) -> Result<AxisChunks<'_, T, R, Unique>, LayoutError> {
        self.view_mut().axis_chunks_iter(axis, size)
    }

    /// `f` of each 1-D view along `axis`, as an array of the other axes (see
    /// [`ViewBase::map_axis`]).
    pub fn map_axis<U, const Q: usize>(
        &self,
        axis: isize,
        f: impl FnMut(ViewBase<'_, T, 1, Strided, Shared>) -> U,
    ) -> Result<Array<U, Q, crate::order::C>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().map_axis(axis, f)
    }

    /// `f` of each mutable 1-D view along `axis` (see
    /// [`ViewBase::map_axis`]).
    pub fn map_axis_mut<U, const Q: usize>(
        &mut self,
        axis: isize,
        f: impl FnMut(ViewBase<'_, T, 1, Strided, Unique>) -> U,
    ) -> Result<Array<U, Q, crate::order::C>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view_mut().map_axis(axis, f)
    }

    /// The 1-D views along `axis` (see [`ViewBase::lanes`]).
    pub fn lanes(&self, axis: isize) -> Result<Lanes<'_, T, R, Shared>, LayoutError> {
        self.view().lanes(axis)
    }

    /// The mutable 1-D views along `axis` (see [`ViewBase::lanes`]).
    pub fn lanes_mut(&mut self, axis: isize) -> Result<Lanes<'_, T, R, Unique>, LayoutError> {
        self.view_mut().lanes(axis)
    }
}

impl<T, O: OrderMarker> Array<T, 2, O> {
    /// The rows of a matrix (ndarray's `rows()`).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (10 * i + j) as i32)?;
    /// let sums: Vec<i32> = a.rows().map(|r| r.sum()).collect();
    /// assert_eq!(sums, vec![3, 33]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn rows(&self) -> Lanes<'_, T, 2, Shared> {
        self.view().rows()
    }

    /// The rows of a matrix, mutable (ndarray's `rows_mut()`).
    pub fn rows_mut(&mut self) -> Lanes<'_, T, 2, Unique> {
        self.view_mut().rows()
    }

    /// The columns of a matrix (ndarray's `columns()`).
    pub fn columns(&self) -> Lanes<'_, T, 2, Shared> {
        self.view().columns()
    }

    /// The columns of a matrix, mutable (ndarray's `columns_mut()`).
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<i32, 2>::zeros([2, 3])?;
    /// for (j, mut c) in a.columns_mut().rev().enumerate() {
    ///     c.fill(j as i32);
    /// }
    /// assert_eq!(a.as_slice(), &[2, 1, 0, 2, 1, 0]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn columns_mut(&mut self) -> Lanes<'_, T, 2, Unique> {
        self.view_mut().columns()
    }

    /// Row `i`, a view (see [`ViewBase::row`]).
    pub fn row(&self, i: isize) -> Result<ViewBase<'_, T, 1, Strided, Shared>, LayoutError> {
        self.view().row(i)
    }

    /// Row `i`, a mutable view.
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<f64, 2>::zeros([2, 2])?;
    /// a.row_mut(0)?.fill(1.0);
    /// a.column_mut(-1)?.map_inplace(|x| *x += 2.0);
    /// assert_eq!(a.as_slice(), &[1.0, 3.0, 0.0, 2.0]);
    /// assert_eq!(a.row(0)?.sum(), 4.0);
    /// assert_eq!(a.column(0)?.sum(), 1.0);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn row_mut(
        &mut self,
        i: isize,
    ) -> Result<ViewBase<'_, T, 1, Strided, Unique>, LayoutError> {
        self.view_mut().row(i)
    }

    /// Column `j`, a view (see [`ViewBase::column`]).
    pub fn column(&self, j: isize) -> Result<ViewBase<'_, T, 1, Strided, Shared>, LayoutError> {
        self.view().column(j)
    }

    /// Column `j`, a mutable view.
    pub fn column_mut(
        &mut self,
        j: isize,
    ) -> Result<ViewBase<'_, T, 1, Strided, Unique>, LayoutError> {
        self.view_mut().column(j)
    }
}
