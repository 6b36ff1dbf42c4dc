//! [`Layout<R, O>`]: shape, strides (elements, signed) and offset of a rank-`R`
//! view, with the order marker `O` in its type and all of NumPy's layout algebra
//! as `const fn`.

use core::fmt;
use core::marker::PhantomData;

use crate::broadcast;
use crate::dims;
use crate::error::LayoutError;
use crate::index::{self, IndexFor, Item, Slice, SliceInfo};
use crate::order::{C, Contiguity, F, Implies, Order, OrderMarker, Strided, check_marker};
use crate::overlap::{self, Sharing};
use crate::rank::{Rank, RankAdd, RankSub};
use crate::reshape::{self, Decision, ViewOrCopy};
use crate::window::{self, Window};

/// A map from a rank-`R` index to an element offset:
/// `offset + Σ strides[k] * index[k]` (seed 001's formula, in elements), whose type
/// also says what is known about its memory order: `O` is [`C`], [`F`],
/// [`RowMajor`](crate::RowMajor), [`ColMajor`](crate::ColMajor) or [`Strided`]
/// (the default: nothing promised).
///
/// Every method is a `const fn`, so layouts can be computed in `const` items and
/// checked by the compiler, and the very same code runs at run time:
///
/// ```
/// use stride_core::{C, F, Layout, Order, const_unwrap};
///
/// // x = np.arange(8, dtype=np.int8); x.shape = 2, 4; x.strides == (4, 1)
/// const X: Layout<1, C> = const_unwrap(Layout::c([8]));
/// const X24: Layout<2> = const_unwrap(X.reshape([2, 4], Order::C));
/// const X142: Layout<3> = const_unwrap(X.reshape([1, 4, 2], Order::C));
/// assert_eq!(X24.strides(), &[4, 1]);
/// assert_eq!(X142.strides(), &[8, 2, 1]);
///
/// // The transpose of a C layout is F, in the type.
/// const T: Layout<2, F> = const_unwrap(Layout::c([3, 4])).transpose();
///
/// // nd_1 = np.random.randn(4, 6, 8); nd_1[::, ::2, ::2].strides == (384, 128, 16)
/// use stride_core::Slice;
/// const ND1: Layout<3, C> = const_unwrap(Layout::c([4, 6, 8]));
/// const ND2: Layout<3> =
///     const_unwrap(ND1.slice([Slice::FULL, Slice::step_by(2), Slice::step_by(2)]));
/// const BYTES: [isize; 3] = const_unwrap(ND2.strides_bytes(8));
/// assert_eq!(BYTES, [384, 128, 16]);
/// assert_eq!(ND2.shape(), &[4, 3, 4]);
/// ```
///
/// A layout value upholds a few invariants, checked (with overflow-checked
/// arithmetic) wherever one is made, by every constructor and after every
/// operation: its number of elements and its offset lie in `0..=isize::MAX`, and
/// every offset its index box reaches fits in `isize` and, unless the layout is
/// empty, lies in `0..=isize::MAX`; and it keeps the promise of `O`. So no
/// arithmetic on a valid layout overflows, and a view needs only to check the
/// buffer length.
pub struct Layout<const R: usize, O: OrderMarker = Strided> {
    shape: [usize; R],
    strides: [isize; R],
    offset: usize,
    _order: PhantomData<O>,
}

impl<const R: usize, O: OrderMarker> Clone for Layout<R, O> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<const R: usize, O: OrderMarker> Copy for Layout<R, O> {}

impl<const R: usize, O: OrderMarker, P: OrderMarker> PartialEq<Layout<R, P>> for Layout<R, O> {
    /// Same shape, strides and offset (whatever the markers say).
    fn eq(&self, other: &Layout<R, P>) -> bool {
        self.shape == other.shape && self.strides == other.strides && self.offset == other.offset
    }
}
impl<const R: usize, O: OrderMarker> Eq for Layout<R, O> {}

impl<const R: usize, O: OrderMarker> core::hash::Hash for Layout<R, O> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        (self.shape, self.strides, self.offset).hash(state);
    }
}

impl<const R: usize, O: OrderMarker> fmt::Debug for Layout<R, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Layout")
            .field("shape", &self.shape)
            .field("strides", &self.strides)
            .field("offset", &self.offset)
            .field("order", &O::default())
            .finish()
    }
}

/// The outcome of [`Layout::reshape_plan`] and [`Layout::ravel`]: a view of the same
/// memory, or the layout of the copy NumPy would make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reshaped<const R: usize> {
    /// A view: same buffer, new strides and the same offset.
    View(Layout<R>),
    /// A copy is needed; this is the packed layout of the new buffer.
    Copy(Layout<R>),
}

impl<const R: usize> Reshaped<R> {
    /// The layout, whichever the outcome.
    pub const fn layout(&self) -> &Layout<R> {
        match self {
            Reshaped::View(l) | Reshaped::Copy(l) => l,
        }
    }

    /// `true` for a view.
    pub const fn is_view(&self) -> bool {
        matches!(self, Reshaped::View(_))
    }
}

const fn check_rank(expected: usize, found: usize) -> Result<(), LayoutError> {
    if expected == found {
        Ok(())
    } else {
        Err(LayoutError::RankMismatch { expected, found })
    }
}

/// A layout of rank `R` from arrays the caller has validated.
const fn raw<const R: usize, O: OrderMarker>(
    shape: [usize; R],
    strides: [isize; R],
    offset: usize,
) -> Layout<R, O> {
    Layout {
        shape,
        strides,
        offset,
        _order: PhantomData,
    }
}

impl<const R: usize> Layout<R, C> {
    /// Packed row-major (C) layout of `shape`, offset 0.
    ///
    /// ```
    /// use stride_core::{C, Layout};
    /// let a: Layout<2, C> = Layout::c([2, 3])?;
    /// assert_eq!(a.strides(), &[3, 1]);
    /// assert!(a.is_c_contiguous() && !a.is_f_contiguous());
    /// // Shapes whose size does not fit in isize are refused, never wrapped.
    /// assert!(Layout::c([usize::MAX, 2]).is_err());
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn c(shape: [usize; R]) -> Result<Self, LayoutError> {
        match packed(shape, false) {
            Ok((shape, strides)) => Ok(raw(shape, strides, 0)),
            Err(e) => Err(e),
        }
    }
}

impl<const R: usize> Layout<R, F> {
    /// Packed column-major (F) layout of `shape`, offset 0.
    ///
    /// ```
    /// use stride_core::Layout;
    /// // np.array([[1, 2, 3], [4, 5, 6]], order='F').strides == (8, 16)
    /// let a = Layout::f([2, 3])?;
    /// assert_eq!(a.strides_bytes(8)?, [8, 16]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn f(shape: [usize; R]) -> Result<Self, LayoutError> {
        match packed(shape, true) {
            Ok((shape, strides)) => Ok(raw(shape, strides, 0)),
            Err(e) => Err(e),
        }
    }
}

const fn packed<const R: usize>(
    shape: [usize; R],
    f: bool,
) -> Result<([usize; R], [isize; R]), LayoutError> {
    if let Err(e) = dims::checked_size(&shape) {
        return Err(e);
    }
    let mut strides = [0isize; R];
    match dims::fill_strides(&shape, f, &mut strides) {
        Ok(()) => Ok((shape, strides)),
        Err(e) => Err(e),
    }
}

/// The packed layout of `shape` in `O`'s order (`Layout::c` or `Layout::f`
/// under `O`'s marker, with no second test of the contiguity they have by
/// construction).
pub(crate) const fn packed_of<const R: usize, O: crate::order::ContiguousOrder>(
    shape: [usize; R],
) -> Result<Layout<R, O>, LayoutError> {
    match packed(shape, matches!(O::ORDER, Order::F)) {
        // The strides `fill_strides` gives are the packed ones in `O`'s order,
        // which keep `O`'s promise.
        Ok((shape, strides)) => Ok(raw(shape, strides, 0)),
        Err(e) => Err(e),
    }
}

impl<const R: usize> Layout<R> {
    /// Packed layout in `order` (`F` for F, `C` otherwise), with the order known
    /// only at run time.
    pub const fn packed_in(shape: [usize; R], order: Order) -> Result<Self, LayoutError> {
        match packed(shape, matches!(order, Order::F)) {
            Ok((shape, strides)) => Ok(raw(shape, strides, 0)),
            Err(e) => Err(e),
        }
    }

    /// Any layout (`as_strided`), checked: the size and every offset the index box
    /// reaches must lie in `0..=isize::MAX`. Whether it fits a buffer is checked
    /// when a view is made; [`try_order`](Self::try_order) checks a marker.
    ///
    /// ```
    /// use stride_core::{Layout, LayoutError};
    /// // Overlapping windows of length 3 over a stride-1 buffer.
    /// let w = Layout::from_parts([4, 3], [1, 1], 0)?;
    /// assert_eq!(w.span(), Some((0, 6)));
    /// assert!(!w.is_unique());
    /// // A negative stride that would reach before element 0:
    /// assert_eq!(
    ///     Layout::from_parts([3], [-1], 1),
    ///     Err(LayoutError::BeforeStart { offset: -1 })
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub const fn from_parts(
        shape: [usize; R],
        strides: [isize; R],
        offset: usize,
    ) -> Result<Self, LayoutError> {
        match dims::validate(&shape, &strides, offset) {
            Ok(()) => Ok(raw(shape, strides, offset)),
            Err(e) => Err(e),
        }
    }
}

impl<const R: usize, O: OrderMarker> Layout<R, O> {
    /// The rank, `R`.
    pub const RANK: usize = R;

    /// The shape.
    pub const fn shape(&self) -> &[usize; R] {
        &self.shape
    }

    /// The strides, in elements.
    pub const fn strides(&self) -> &[isize; R] {
        &self.strides
    }

    /// Element offset of index `[0, …, 0]` from the start of the buffer.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Offset in bytes for elements of `itemsize` bytes.
    pub const fn offset_bytes(&self, itemsize: usize) -> Result<usize, LayoutError> {
        match self.offset.checked_mul(itemsize) {
            Some(b) if b <= isize::MAX as usize => Ok(b),
            _ => Err(LayoutError::TooLarge),
        }
    }

    /// The rank, `R`.
    pub const fn rank(&self) -> usize {
        R
    }

    /// Number of elements.
    pub const fn size(&self) -> usize {
        dims::size(&self.shape)
    }

    /// What the marker `O` promises.
    pub const fn contiguity(&self) -> Contiguity {
        O::CONTIGUITY
    }

    /// Strides in bytes for elements of `itemsize` bytes (NumPy's `strides`).
    pub const fn strides_bytes(&self, itemsize: usize) -> Result<[isize; R], LayoutError> {
        let mut out = [0isize; R];
        match dims::scale_strides(&self.strides, itemsize, &mut out) {
            Ok(()) => Ok(out),
            Err(e) => Err(e),
        }
    }

    /// Element offset of `index`, or an error naming the axis out of bounds.
    ///
    /// ```
    /// use stride_core::Layout;
    /// let a = Layout::c([3, 4])?;
    /// assert_eq!(a.offset_of([1, 2])?, 6);
    /// assert!(a.offset_of([3, 0]).is_err());
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn offset_of(&self, index: [usize; R]) -> Result<usize, LayoutError> {
        dims::offset_of(&self.shape, &self.strides, self.offset, &index)
    }

    /// NumPy's `C_CONTIGUOUS` flag: length-1 axes are ignored and any empty layout
    /// is contiguous.
    pub const fn is_c_contiguous(&self) -> bool {
        dims::is_c_contiguous(&self.shape, &self.strides)
    }

    /// NumPy's `F_CONTIGUOUS` flag.
    pub const fn is_f_contiguous(&self) -> bool {
        dims::is_f_contiguous(&self.shape, &self.strides)
    }

    /// Half-open range `[start, end)` of element offsets the layout reaches, or
    /// `None` when it has no elements.
    pub const fn span(&self) -> Option<(usize, usize)> {
        dims::span(&self.shape, &self.strides, self.offset)
    }

    /// Length a buffer needs for every reached offset to be in bounds.
    pub const fn required_len(&self) -> usize {
        match self.span() {
            Some((_, end)) => end,
            None => 0,
        }
    }

    /// Checks that a buffer of `len` elements holds every offset the layout
    /// reaches, the lowest as well as the highest (what every safe view
    /// constructor proves).
    ///
    /// ```
    /// use stride_core::{Layout, LayoutError};
    /// let l = Layout::c([3, 4])?;
    /// assert_eq!(l.check_fits(12), Ok(()));
    /// assert_eq!(l.check_fits(11), Err(LayoutError::OutOfBounds { offset: 11, len: 11 }));
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub const fn check_fits(&self, len: usize) -> Result<(), LayoutError> {
        dims::check_fits(&self.shape, &self.strides, self.offset, len)
    }

    /// Checks that no two indices reach the same element (what a mutable view
    /// needs): [`LayoutError::Overlapping`] when they do,
    /// [`LayoutError::OverlapUndecided`] when the solver gives up.
    pub const fn check_unique(&self) -> Result<(), LayoutError> {
        match self.internal_overlap(overlap::DEFAULT_MAX_WORK) {
            Sharing::Disjoint => Ok(()),
            Sharing::Shared => Err(LayoutError::Overlapping),
            Sharing::TooHard => Err(LayoutError::OverlapUndecided),
        }
    }

    /// Whether two different indices can reach the same element, decided exactly
    /// within `max_work` steps (NumPy's internal-overlap solver).
    pub const fn internal_overlap(&self, max_work: u64) -> Sharing {
        overlap::solve_internal_overlap(&self.shape, &self.strides, max_work)
    }

    /// `true` when no two indices share an offset (proved within the default work
    /// limit). Windows and broadcasts are not unique.
    pub const fn is_unique(&self) -> bool {
        matches!(
            self.internal_overlap(overlap::DEFAULT_MAX_WORK),
            Sharing::Disjoint
        )
    }

    /// `np.may_share_memory`: do the offset ranges of two layouts over the same
    /// buffer intersect?
    pub const fn may_share_memory<const Q: usize, P: OrderMarker>(
        &self,
        other: &Layout<Q, P>,
    ) -> bool {
        overlap::bounds_overlap(
            &self.shape,
            &self.strides,
            self.offset as isize,
            &other.shape,
            &other.strides,
            other.offset as isize,
            1,
        )
    }

    /// `np.shares_memory`: is there an element both layouts reach? Exact, as a
    /// bounded linear Diophantine problem; [`Sharing::TooHard`] past `max_work`.
    ///
    /// ```
    /// use stride_core::{Layout, Sharing, Slice, DEFAULT_MAX_WORK};
    /// let a = Layout::c([10])?;
    /// let even = a.slice([Slice::new(Some(0), None, 2)])?;
    /// let odd = a.slice([Slice::new(Some(1), None, 2)])?;
    /// assert!(even.may_share_memory(&odd)); // the bounds overlap ...
    /// assert_eq!(even.shares_memory(&odd, DEFAULT_MAX_WORK), Sharing::Disjoint); // ... no element does
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn shares_memory<const Q: usize, P: OrderMarker>(
        &self,
        other: &Layout<Q, P>,
        max_work: u64,
    ) -> Sharing {
        overlap::solve_shared(
            &self.shape,
            &self.strides,
            self.offset as isize,
            &other.shape,
            &other.strides,
            other.offset as isize,
            1,
            max_work,
        )
    }

    // --------------------------------------------------------------- markers ---

    /// The same layout with nothing promised about its order (free).
    pub const fn strided(self) -> Layout<R> {
        raw(self.shape, self.strides, self.offset)
    }

    /// The same layout under a weaker promise (free): `C` as `RowMajor`, anything
    /// as `Strided`.
    pub const fn relax<P: OrderMarker>(self) -> Layout<R, P>
    where
        O: Implies<P>,
    {
        raw(self.shape, self.strides, self.offset)
    }

    /// The same layout with marker `P`, if it keeps that promise.
    ///
    /// ```
    /// use stride_core::{C, F, Layout, RowMajor, Slice};
    /// let rows = Layout::c([4, 6])?.slice([Slice::range(1, 3), Slice::FULL])?;
    /// let c: Layout<2, C> = rows.try_order()?;        // rows 1..3: still C-contiguous
    /// assert!(rows.try_order::<F>().is_err());
    /// let block = Layout::c([4, 6])?.slice([Slice::range(1, 3), Slice::range(0, 2)])?;
    /// let rm: Layout<2, RowMajor> = block.try_order()?; // a padded block: row-major
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn try_order<P: OrderMarker>(self) -> Result<Layout<R, P>, LayoutError> {
        match check_marker::<P>(&self.shape, &self.strides) {
            Ok(()) => Ok(raw(self.shape, self.strides, self.offset)),
            Err(e) => Err(e),
        }
    }

    // ----------------------------------------------------------------- views ---

    /// Axes permuted: new axis `i` is old axis `axes[i]` (`np.transpose(a, axes)`;
    /// negative axes count from the end).
    pub const fn permute(&self, axes: [isize; R]) -> Result<Layout<R>, LayoutError> {
        let mut shape = [0usize; R];
        let mut strides = [0isize; R];
        match dims::permute(&self.shape, &self.strides, &axes, &mut shape, &mut strides) {
            Ok(()) => Ok(raw(shape, strides, self.offset)),
            Err(e) => Err(e),
        }
    }

    /// All axes reversed (`a.T`): a C layout becomes an F layout and back, in the
    /// type. No data moves, only the strides are swapped.
    pub const fn transpose(&self) -> Layout<R, O::Reversed> {
        let mut shape = [0usize; R];
        let mut strides = [0isize; R];
        let mut i = 0;
        while i < R {
            shape[i] = self.shape[R - 1 - i];
            strides[i] = self.strides[R - 1 - i];
            i += 1;
        }
        raw(shape, strides, self.offset)
    }

    /// Two axes exchanged (`np.swapaxes`).
    pub const fn swap_axes(&self, a: isize, b: isize) -> Result<Layout<R>, LayoutError> {
        let a = match dims::normalize_axis(a, R) {
            Ok(a) => a,
            Err(e) => return Err(e),
        };
        let b = match dims::normalize_axis(b, R) {
            Ok(b) => b,
            Err(e) => return Err(e),
        };
        let mut out = self.strided();
        out.shape[a] = self.shape[b];
        out.shape[b] = self.shape[a];
        out.strides[a] = self.strides[b];
        out.strides[b] = self.strides[a];
        Ok(out)
    }

    /// One axis reversed (`np.flip(a, axis)`, i.e. `a[..., ::-1, ...]`).
    pub const fn flip(&self, axis: isize) -> Result<Layout<R>, LayoutError> {
        self.slice_axis(axis, Slice::REVERSE)
    }

    /// One axis sliced; the rank is kept.
    pub const fn slice_axis(&self, axis: isize, s: Slice) -> Result<Layout<R>, LayoutError> {
        let axis = match dims::normalize_axis(axis, R) {
            Ok(a) => a,
            Err(e) => return Err(e),
        };
        let mut items = [Item::FULL; R];
        items[axis] = Item::Slice(s);
        self.index_items(&items)
    }

    /// Every axis sliced (`a[s0, s1, …]`); the rank is kept.
    pub const fn slice(&self, slices: [Slice; R]) -> Result<Layout<R>, LayoutError> {
        let mut items = [Item::FULL; R];
        let mut k = 0;
        while k < R {
            items[k] = Item::Slice(slices[k]);
            k += 1;
        }
        self.index_items(&items)
    }

    /// NumPy basic indexing with integers, slices, new axes and an ellipsis; the
    /// result rank is computed by the compiler from the index (see
    /// [`SliceInfo`]; the `stride` crate's `s!` macro writes one from NumPy's
    /// notation).
    ///
    /// ```
    /// use stride_core::{Item, Layout, Slice, SliceInfo};
    /// let a = Layout::c([4, 6])?;
    /// // a[1, ::2] -> rank 1, a[:, None] -> rank 3
    /// let row = a.index(SliceInfo::<2, 2, 1>::new([Item::Index(1), Item::Slice(Slice::step_by(2))])?)?;
    /// assert_eq!((row.shape(), row.strides(), row.offset()), (&[3], &[2], 6));
    /// let col = a.index(SliceInfo::<2, 1, 2>::new([Item::FULL, Item::NewAxis])?)?;
    /// assert_eq!(col.strides(), &[6, 0, 1]); // NumPy's newaxis has stride 0
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn index<const N: usize, const IN: usize, const OUT: usize, const Q: usize>(
        &self,
        index: SliceInfo<N, IN, OUT>,
    ) -> Result<Layout<Q>, LayoutError>
    where
        SliceInfo<N, IN, OUT>: IndexFor<R, Out = Rank<Q>>,
    {
        self.index_items(index.items())
    }

    /// Basic indexing with the result rank checked at run time (for generic code
    /// that cannot name the rank arithmetic): [`LayoutError::RankMismatch`] when
    /// the items do not give rank `Q`.
    pub const fn index_items<const Q: usize>(
        &self,
        items: &[Item],
    ) -> Result<Layout<Q>, LayoutError> {
        let mut shape = [0usize; Q];
        let mut strides = [0isize; Q];
        match index::apply_index(
            &self.shape,
            &self.strides,
            self.offset,
            items,
            &mut shape,
            &mut strides,
        ) {
            Ok(offset) => Ok(raw(shape, strides, offset)),
            Err(e) => Err(e),
        }
    }

    /// `a[..., i, ...]` on `axis` (negative counts from the end): the axis is
    /// removed, and the result rank is inferred.
    ///
    /// ```
    /// use stride_core::Layout;
    /// let a = Layout::c([3, 4])?;
    /// let col = a.index_axis(-1, 2)?; // a[:, 2]: Layout<1>
    /// assert_eq!((col.shape(), col.strides(), col.offset()), (&[3], &[4], 2));
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn index_axis<const Q: usize>(
        &self,
        axis: isize,
        i: isize,
    ) -> Result<Layout<Q>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let axis = match dims::normalize_axis(axis, R) {
            Ok(a) => a,
            Err(e) => return Err(e),
        };
        let mut items = [Item::FULL; R];
        items[axis] = Item::Index(i);
        self.index_items(&items)
    }

    /// A new length-1 axis at position `axis` of the result (stride 0, as
    /// `np.expand_dims`; negative counts from the end of the result).
    pub const fn insert_axis<const Q: usize>(&self, axis: isize) -> Result<Layout<Q>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<1>, Output = Rank<Q>>,
    {
        let axis = match dims::normalize_axis(axis, Q) {
            Ok(a) => a,
            Err(e) => return Err(e),
        };
        // R full slices and one new axis at `axis`.
        let mut items = [Item::FULL; Q];
        items[axis] = Item::NewAxis;
        self.index_items(&items)
    }

    /// `np.diagonal(a, k, axis1, axis2)`: both axes are removed and the diagonal is
    /// appended as the last axis; the result rank is inferred.
    ///
    /// ```
    /// use stride_core::Layout;
    /// let a = Layout::c([3, 4])?;
    /// let d = a.diagonal(1, 0, 1)?; // a[0,1], a[1,2], a[2,3]
    /// assert_eq!((d.shape(), d.strides(), d.offset()), (&[3], &[5], 1));
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn diagonal<const Q: usize>(
        &self,
        k: isize,
        axis1: isize,
        axis2: isize,
    ) -> Result<Layout<Q>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let mut shape = [0usize; Q];
        let mut strides = [0isize; Q];
        match index::diagonal(
            &self.shape,
            &self.strides,
            self.offset,
            k,
            axis1,
            axis2,
            &mut shape,
            &mut strides,
        ) {
            Ok(offset) => Ok(raw(shape, strides, offset)),
            Err(e) => Err(e),
        }
    }

    /// `np.broadcast_to(a, shape)`: stretched and new axes get stride 0 (so do all
    /// length-1 input axes, as in NumPy). The result overlaps itself when anything
    /// is stretched, so only immutable views can use it.
    ///
    /// ```
    /// use stride_core::{Layout, LayoutError};
    /// let row = Layout::c([1, 3])?;
    /// let b = row.broadcast_to([4, 3])?;
    /// assert_eq!(b.strides(), &[0, 1]);
    /// assert_eq!(
    ///     row.broadcast_to([4, 2]),
    ///     Err(LayoutError::BroadcastMismatch { axis: 1, len: 3, target: 2 })
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub const fn broadcast_to<const Q: usize>(
        &self,
        shape: [usize; Q],
    ) -> Result<Layout<Q>, LayoutError> {
        let mut strides = [0isize; Q];
        match broadcast::broadcast_to(
            &self.shape,
            &self.strides,
            self.offset,
            &shape,
            &mut strides,
        ) {
            Ok(()) => Ok(raw(shape, strides, self.offset)),
            Err(e) => Err(e),
        }
    }

    /// Sliding windows ([`Window`]: a length per windowed axis, the axes, a step
    /// and a dilation per axis): `sliding_window_view(a, shape, axis)` followed by
    /// the step slice `[::step]` on each position axis. The input axes now count
    /// window positions; one axis per window is appended, and the result rank is
    /// inferred. Windows overlap unless they tile: only immutable views read
    /// them, or mutable ones when [`Window::tiles`].
    ///
    /// ```
    /// use stride_core::{Layout, Window};
    /// let x = Layout::c([6])?;
    /// let w = x.window(Window::new([3], [0]))?;
    /// assert_eq!((w.shape(), w.strides()), (&[4, 3], &[1, 1]));
    /// assert!(!w.is_unique()); // windows overlap: never mutable
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn window<const N: usize, const Q: usize>(
        &self,
        w: Window<N>,
    ) -> Result<Layout<Q>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<N>, Output = Rank<Q>>,
    {
        if let Err(e) = w.check_rank(R) {
            return Err(e);
        }
        let mut shape = [0usize; Q];
        let mut strides = [0isize; Q];
        match window::sliding_window(
            &self.shape,
            &self.strides,
            &w.shape,
            &w.axes,
            &w.step,
            &w.dilation,
            self.offset,
            &mut shape,
            &mut strides,
        ) {
            Ok(()) => Ok(raw(shape, strides, self.offset)),
            Err(e) => Err(e),
        }
    }

    /// `sliding_window_view(a, window, axis=axes)` (see [`window`](Self::window)).
    ///
    /// ```
    /// use stride_core::Layout;
    /// let x = Layout::c([6])?;
    /// let w = x.sliding_window([3], [0])?;
    /// assert_eq!((w.shape(), w.strides()), (&[4, 3], &[1, 1]));
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn sliding_window<const N: usize, const Q: usize>(
        &self,
        window: [usize; N],
        axes: [isize; N],
    ) -> Result<Layout<Q>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<N>, Output = Rank<Q>>,
    {
        self.window(Window::new(window, axes))
    }

    /// [`sliding_window`](Self::sliding_window) with a dilation per window: window
    /// element `j` sits `j * dilation` positions from the window start.
    pub const fn sliding_window_dilated<const N: usize, const Q: usize>(
        &self,
        window: [usize; N],
        axes: [isize; N],
        dilation: [usize; N],
    ) -> Result<Layout<Q>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<N>, Output = Rank<Q>>,
    {
        self.window(Window::new(window, axes).dilation(dilation))
    }

    /// Windows of shape `window` over every axis, taken every `step[k]` positions
    /// along axis `k` (`sliding_window_view(a, window)[::step0, ::step1, …]`);
    /// the result has twice the rank.
    ///
    /// ```
    /// use stride_core::Layout;
    /// // Frames of 4 samples with a hop of 2 over 10 samples.
    /// let x = Layout::c([10])?;
    /// let frames = x.windows([4], [2])?;
    /// assert_eq!((frames.shape(), frames.strides()), (&[4, 4], &[2, 1]));
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn windows<const Q: usize>(
        &self,
        window: [usize; R],
        step: [usize; R],
    ) -> Result<Layout<Q>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<R>, Output = Rank<Q>>,
    {
        self.window(Window::all(window).step(step))
    }

    // --------------------------------------------------------------- reshape ---

    /// Reshape without copy (`a.reshape(shape, order=order, copy=False)`): one
    /// negative entry is inferred; a layout that cannot be read in `order` as the
    /// new shape is [`LayoutError::NeedsCopy`], naming the two axes that do not
    /// merge.
    ///
    /// ```
    /// use stride_core::{Layout, LayoutError, Order};
    /// let a = Layout::c([100, 100])?;
    /// let b = a.reshape([1, -1], Order::C)?; // a view
    /// assert_eq!(b.shape(), &[1, 10000]);
    /// // a.T.reshape(1, -1) needs a copy
    /// assert!(matches!(a.transpose().reshape([1, -1], Order::C), Err(LayoutError::NeedsCopy { .. })));
    /// // ... but reading it in F order is free
    /// assert!(a.transpose().reshape([1, -1], Order::F).is_ok());
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub const fn reshape<const Q: usize>(
        &self,
        shape: [isize; Q],
        order: Order,
    ) -> Result<Layout<Q>, LayoutError> {
        match self.decide_reshape(shape, order) {
            Ok((Decision::View, l)) => Ok(l),
            Ok((Decision::Copy(why), _)) => Err(why),
            Err(e) => Err(e),
        }
    }

    /// The reshape decision (`a.reshape(shape, order=order)`): a view, or the
    /// packed layout of the copy NumPy would return.
    pub const fn reshape_plan<const Q: usize>(
        &self,
        shape: [isize; Q],
        order: Order,
    ) -> Result<Reshaped<Q>, LayoutError> {
        match self.decide_reshape(shape, order) {
            Ok((Decision::View, l)) => Ok(Reshaped::View(l)),
            Ok((Decision::Copy(_), l)) => Ok(Reshaped::Copy(l)),
            Err(e) => Err(e),
        }
    }

    /// [`reshape`](Self::reshape) in C order (`f == false`) or F order of a
    /// layout known to be contiguous in that order (its type says so): the
    /// general algorithm's contiguous case without its contiguity test and its
    /// check of the offsets, which the input passed (packed strides reach the
    /// same `size` offsets from the same offset). A shape that is literally the
    /// input's keeps the input's strides, as in the general case. An empty
    /// input takes the general algorithm: its result's index box is checked
    /// even though it reaches no offset, and the input's says nothing of it.
    pub(crate) const fn reshape_contiguous<const Q: usize>(
        &self,
        shape: [isize; Q],
        f: bool,
    ) -> Result<Layout<Q>, LayoutError> {
        if self.size() == 0 {
            return self.reshape(shape, if f { Order::F } else { Order::C });
        }
        let mut out_shape = [0usize; Q];
        let mut out_strides = [0isize; Q];
        if R == Q && reshape::same_dims(&shape, &self.shape) {
            let mut i = 0;
            while i < Q {
                out_shape[i] = self.shape[i];
                out_strides[i] = self.strides[i];
                i += 1;
            }
            return Ok(raw(out_shape, out_strides, self.offset));
        }
        if let Err(e) = reshape::resolve_unknown(&shape, self.size(), &mut out_shape) {
            return Err(e);
        }
        match dims::fill_strides(&out_shape, f && Q > 1, &mut out_strides) {
            Ok(()) => Ok(raw(out_shape, out_strides, self.offset)),
            Err(e) => Err(e),
        }
    }

    /// The reshape decision with the result's layout (offset 0 for a copy).
    const fn decide_reshape<const Q: usize>(
        &self,
        shape: [isize; Q],
        order: Order,
    ) -> Result<(Decision, Layout<Q>), LayoutError> {
        let mut out_shape = [0usize; Q];
        let mut out_strides = [0isize; Q];
        let (mut d, mut s, mut a) = ([0usize; R], [0isize; R], [0usize; R]);
        match reshape::reshape(
            &self.shape,
            &self.strides,
            self.offset,
            &shape,
            order,
            &mut out_shape,
            &mut out_strides,
            &mut d,
            &mut s,
            &mut a,
        ) {
            Ok(decision) => {
                let offset = if matches!(decision, Decision::View) {
                    self.offset
                } else {
                    0
                };
                Ok((decision, raw(out_shape, out_strides, offset)))
            }
            Err(e) => Err(e),
        }
    }

    /// `np.ravel(a, order)`: a 1-D view when NumPy returns one (C: C-contiguous; F:
    /// F-contiguous; A: either; K: contiguous once axes are sorted by stride, all
    /// positive), else the layout of the copy. Unlike `reshape(-1)`, a strided 1-D
    /// layout is copied.
    ///
    /// ```
    /// use stride_core::{Layout, Order, Reshaped, Slice};
    /// let a = Layout::c([10])?.slice([Slice::step_by(2)])?;
    /// assert!(a.reshape([-1], Order::C).is_ok()); // reshape: a view
    /// assert!(!a.ravel(Order::C).is_view());      // ravel: a copy
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn ravel(&self, order: Order) -> Reshaped<1> {
        let mut perm = [0usize; R];
        let size = self.size();
        match reshape::ravel(&self.shape, &self.strides, order, &mut perm) {
            ViewOrCopy::View => Reshaped::View(raw([size], [1], self.offset)),
            ViewOrCopy::Copy => Reshaped::Copy(raw([size], [1], 0)),
        }
    }

    /// The axes in NumPy's K order (decreasing `|stride|`, stable; length-1 and
    /// stride-0 axes stay in place): the order a K-order copy walks.
    pub const fn keep_order_axes(&self) -> [usize; R] {
        let mut perm = [0usize; R];
        dims::keep_order_perm(&self.shape, &self.strides, &mut perm);
        perm
    }

    /// The rank-`Q` version of this layout, if `Q == R` (for code generic over
    /// ranks).
    pub const fn with_rank<const Q: usize>(&self) -> Result<Layout<Q, O>, LayoutError> {
        if let Err(e) = check_rank(Q, R) {
            return Err(e);
        }
        let mut shape = [0usize; Q];
        let mut strides = [0isize; Q];
        let mut k = 0;
        while k < R {
            shape[k] = self.shape[k];
            strides[k] = self.strides[k];
            k += 1;
        }
        Ok(raw(shape, strides, self.offset))
    }

    /// A layout of the same values under marker `P`, for callers that proved the
    /// promise some other way (the view types re-mark after operations that keep
    /// it). Unchecked in release builds.
    ///
    /// # Safety
    /// The layout keeps `P`'s promise (`order::satisfies::<P>`): code that
    /// reads a view's elements as one slice trusts a C or F marker.
    pub(crate) const unsafe fn remark<P: OrderMarker>(self) -> Layout<R, P> {
        debug_assert!(crate::order::satisfies::<P>(&self.shape, &self.strides));
        raw(self.shape, self.strides, self.offset)
    }

    /// A layout of these values, unchecked.
    ///
    /// # Safety
    /// The values are a layout the checked constructors accept (every offset
    /// it reaches lies in `0..=isize::MAX`, its size fits), and keep `O`'s
    /// promise: views trust both.
    pub(crate) const unsafe fn from_parts_unchecked(
        shape: [usize; R],
        strides: [isize; R],
        offset: usize,
    ) -> Self {
        raw(shape, strides, offset)
    }
}

/// `np.broadcast_shapes`: the shape several shapes broadcast to. `Q` must be the
/// largest rank among them.
///
/// ```
/// use stride_core::broadcast_shapes;
/// assert_eq!(broadcast_shapes::<3>(&[&[4, 1], &[3, 1, 5]])?, [3, 4, 5]);
/// assert!(broadcast_shapes::<2>(&[&[4, 2], &[3]]).is_err());
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub const fn broadcast_shapes<const Q: usize>(
    shapes: &[&[usize]],
) -> Result<[usize; Q], LayoutError> {
    if let Err(e) = check_rank(Q, broadcast::max_rank(shapes)) {
        return Err(e);
    }
    let mut out = [1usize; Q];
    match broadcast::broadcast_shapes(shapes, &mut out) {
        Ok(()) => Ok(out),
        Err(e) => Err(e),
    }
}
