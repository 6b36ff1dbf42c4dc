//! Views over memory: [`View`] (shared; may overlap, so windows and broadcasts live
//! here) and [`ViewMut`] (unique; every element reached once, so it can be written).
//!
//! Both are one type, [`ViewBase`], with the mutability as a type parameter, so each
//! layout operation is written once. The memory order marker `O` ([`C`], [`F`],
//! [`RowMajor`](crate::RowMajor), [`ColMajor`](crate::ColMajor) or [`Strided`]) is
//! part of the type, carried by the view's [`Layout<R, O>`].

use core::fmt;
use core::marker::PhantomData;
use core::ops::{Index, IndexMut};
use core::ptr::NonNull;

use crate::array::Array;
use crate::copy::gather;
use crate::error::LayoutError;
use crate::flags::Flags;
use crate::index::{IndexFor, Item, Slice, SliceInfo};
use crate::iter::{IndexedIter, IndexedIterMut, Iter, IterMut};
use crate::layout::Layout;
use crate::order::{C, Contiguity, Implies, Order, OrderMarker, Strided};
use crate::rank::{Rank, RankAdd, RankSub};
use crate::window::Window;

mod axes;
mod contiguous;
mod display;
mod shared;

pub use axes::{AxisChunks, AxisIter, Lanes};

pub(crate) use contiguous::packed_layout;

mod sealed {
    pub trait Sealed {}
}

/// Whether a view may write: [`Shared`] or [`Unique`].
pub trait Mutability: sealed::Sealed + 'static {
    /// NumPy's `WRITEABLE` flag for a view of this kind (see [`Flags::writeable`]).
    const WRITEABLE: bool;
}

/// Read-only access; the layout may reach an element more than once.
#[derive(Clone, Copy, Debug)]
pub struct Shared;
/// Exclusive access; the layout reaches every element at most once.
#[derive(Clone, Copy, Debug)]
pub struct Unique;

impl sealed::Sealed for Shared {}
impl sealed::Sealed for Unique {}
impl Mutability for Shared {
    const WRITEABLE: bool = false;
}
impl Mutability for Unique {
    const WRITEABLE: bool = true;
}

/// A rank-`R` strided view of `T`s borrowed for `'a`, with order marker `O` and
/// mutability `M`. Use the aliases [`View`] and [`ViewMut`].
///
/// Invariants (every constructor proves them, every operation keeps them):
/// 1. `base..base + len` lies within one allocated object, and every offset the
///    layout reaches addresses an initialised `T`, valid for reads for `'a` (and,
///    when `M` is [`Unique`], for writes, accessed through this view only);
/// 2. every offset the layout reaches is `< len`;
/// 3. the layout keeps the promise of `O` (a [`Layout<R, O>`] always does);
/// 4. when `M` is [`Unique`], no two indices reach the same offset.
///
/// Elements between the reached ones need not be `T`s (a field view of an array
/// of records skips the other fields): nothing reads them.
pub struct ViewBase<'a, T, const R: usize, O: OrderMarker, M: Mutability> {
    base: NonNull<T>,
    len: usize,
    layout: Layout<R, O>,
    /// Covariant in `'a`, invariant in `T` (as `&'a mut [T]`, which a shared view
    /// does not need but which is always sound).
    _marker: PhantomData<(&'a mut [T], M)>,
}

/// A read-only view: `&'a [T]` seen through a [`Layout<R, O>`]. Copy it freely.
pub type View<'a, T, const R: usize, O = Strided> = ViewBase<'a, T, R, O, Shared>;
/// A mutable view: `&'a mut [T]` seen through a unique [`Layout<R, O>`].
pub type ViewMut<'a, T, const R: usize, O = Strided> = ViewBase<'a, T, R, O, Unique>;

// A shared view only hands out `&T`, like `&'a [T]`, which is Send when
// `T: Sync`.
// SAFETY: as just said.
unsafe impl<T: Sync, const R: usize, O: OrderMarker> Send for ViewBase<'_, T, R, O, Shared> {}
// SAFETY: sharing a shared view across threads shares `&T`s, which needs `T: Sync`.
unsafe impl<T: Sync, const R: usize, O: OrderMarker> Sync for ViewBase<'_, T, R, O, Shared> {}
// A mutable view is an exclusive borrow, like `&'a mut [T]`: sending it
// moves that exclusive access, which needs `T: Send`.
// SAFETY: as just said.
unsafe impl<T: Send, const R: usize, O: OrderMarker> Send for ViewBase<'_, T, R, O, Unique> {}
// SAFETY: through `&ViewMut` only `&T` can be reached, which needs `T: Sync`.
unsafe impl<T: Sync, const R: usize, O: OrderMarker> Sync for ViewBase<'_, T, R, O, Unique> {}

impl<T, const R: usize, O: OrderMarker> Clone for ViewBase<'_, T, R, O, Shared> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, const R: usize, O: OrderMarker> Copy for ViewBase<'_, T, R, O, Shared> {}

/// Whether a layout with marker `O` is unique by its promise alone: every marker
/// but `Strided` promises it.
const fn unique_by_marker<O: OrderMarker>() -> bool {
    !matches!(O::CONTIGUITY, Contiguity::Strided)
}

impl<'a, T, const R: usize, O: OrderMarker> View<'a, T, R, O> {
    /// A view of `slice` through `layout` (NumPy's `as_strided`, made safe): every
    /// offset the layout reaches must lie inside the slice. The layout already
    /// keeps the promise of `O` (its type says so), so the length is all that is
    /// checked. Overlapping layouts are fine: the view is read-only.
    ///
    /// ```
    /// use stride_core::{Layout, LayoutError, View};
    /// let data: Vec<i32> = (0..10).collect();
    /// // Overlapping windows of 4 over 10 samples, hop 2 (as_strided done safely).
    /// let frames = View::from_slice(&data, Layout::from_parts([4, 4], [2, 1], 0)?)?;
    /// assert_eq!(frames[[3, 2]], 8);
    /// // One more frame would read past the end:
    /// let err = View::from_slice(&data, Layout::from_parts([5, 4], [2, 1], 0)?).unwrap_err();
    /// assert_eq!(err, LayoutError::OutOfBounds { offset: 11, len: 10 });
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub const fn from_slice(slice: &'a [T], layout: Layout<R, O>) -> Result<Self, LayoutError> {
        if let Err(e) = layout.check_fits(slice.len()) {
            return Err(e);
        }
        // SAFETY: a slice's pointer is never null.
        let base = unsafe { NonNull::new_unchecked(slice.as_ptr().cast_mut()) };
        // The slice gives invariant 1 (initialised, shared reads for 'a, one
        // allocation); invariant 2 was just checked; 3 is the layout's type; 4 does
        // not apply to shared views.
        // SAFETY: as just said.
        Ok(unsafe { Self::from_raw_parts(base, slice.len(), layout) })
    }
}

impl<'a, T, const R: usize, O: OrderMarker> ViewMut<'a, T, R, O> {
    /// A mutable view of `slice` through `layout`: every reached offset must lie
    /// inside the slice, and the layout must be unique (no two indices reach one
    /// element). Every marker but `Strided` promises that; a `Strided` layout is
    /// proved unique with the exact overlap solver.
    ///
    /// ```
    /// use stride_core::{Layout, LayoutError, ViewMut};
    /// let mut data = [0u8; 12];
    /// let mut cols = ViewMut::from_slice(&mut data, Layout::from_parts([4, 3], [1, 4], 0)?)?;
    /// cols[[1, 2]] = 7;
    /// assert_eq!(data[9], 7);
    /// // Windows overlap: refused for writing.
    /// let w = Layout::from_parts([4, 3], [1, 1], 0)?;
    /// assert_eq!(ViewMut::from_slice(&mut data, w).unwrap_err(), LayoutError::Overlapping);
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn from_slice(slice: &'a mut [T], layout: Layout<R, O>) -> Result<Self, LayoutError> {
        layout.check_fits(slice.len())?;
        if !unique_by_marker::<O>() {
            layout.check_unique()?;
        }
        let len = slice.len();
        // The exclusive slice gives invariant 1 for 'a; invariant 2 and 4
        // were just checked (or are promised by O); 3 is the layout's type.
        // SAFETY: as just said.
        Ok(unsafe { Self::from_raw_parts(NonNull::from(slice).cast(), len, layout) })
    }

    /// Address of the start of the borrowed buffer, for writing (what the
    /// `kernel!` expansion dereferences at offsets the layout reaches).
    pub fn base_mut_ptr(&mut self) -> *mut T {
        self.base.as_ptr()
    }

    /// A shorter-lived mutable view of the same elements.
    pub fn reborrow(&mut self) -> ViewMut<'_, T, R, O> {
        // The new view borrows `self` exclusively for its lifetime, so it
        // inherits all four invariants, and `self` is unusable meanwhile.
        // SAFETY: as just said.
        unsafe { ViewMut::from_raw_parts(self.base, self.len, self.layout) }
    }

    /// A read-only view of the same elements.
    pub fn view(&self) -> View<'_, T, R, O> {
        // Shared reads of elements `self` holds exclusively, for a borrow of
        // `self`: invariants 1-3 carry over.
        // SAFETY: as just said.
        unsafe { View::from_raw_parts(self.base, self.len, self.layout) }
    }

    /// A mutable reference to the element at `index`, or `None` out of bounds.
    pub fn get_mut(&mut self, index: [usize; R]) -> Option<&mut T> {
        let off = self.layout.offset_of(index).ok()?;
        // `off` is reached by the layout, so `off < len` (invariant 2) and it
        // addresses an initialised T the view holds exclusively (invariant 1);
        // `&mut self` keeps it so for the reference's lifetime.
        // SAFETY: as just said.
        Some(unsafe { &mut *self.base.as_ptr().add(off) })
    }

    /// Iterates over mutable references in logical (C) order.
    pub fn iter_mut(&mut self) -> IterMut<'_, T, R> {
        // Every offset the layout reaches is < len (invariant 2) and holds a
        // T ours exclusively (invariant 1) for the borrow of `self`, each reached
        // once (invariant 4).
        // SAFETY: as just said.
        unsafe { IterMut::new(self.base, self.layout.strided()) }
    }

    /// Iterates over `(index, &mut element)` pairs in logical (C) order.
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<usize, 2>::zeros([2, 3])?;
    /// for ([i, j], x) in a.view_mut().indexed_iter_mut() {
    ///     *x = 10 * i + j;
    /// }
    /// assert_eq!(a.as_slice(), &[0, 1, 2, 10, 11, 12]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn indexed_iter_mut(&mut self) -> IndexedIterMut<'_, T, R> {
        IndexedIterMut(self.iter_mut())
    }

    /// Windows that share no element, as a mutable view: those that never
    /// do, whatever the axes' lengths ([`Window::disjoint`]: the rule of
    /// [`windows_share`](crate::windows_share) along every axis, tiling
    /// windows among them), or any windows whose layout the exact overlap
    /// solver proves unique; overlapping windows are
    /// [`LayoutError::Overlapping`].
    ///
    /// ```
    /// use stride_core::{Array, LayoutError, Window};
    /// let mut img = Array::<u8, 2>::zeros([4, 6])?;
    /// // 2x3 tiles of a 4x6 image: each pixel in exactly one tile.
    /// let mut tiles = img.view_mut().window_mut(Window::all([2, 3]).step([2, 3]))?;
    /// assert_eq!(tiles.shape(), &[2, 2, 2, 3]);
    /// tiles[[1, 1, 0, 0]] = 9; // tile (1, 1), its top-left pixel
    /// assert_eq!(img[[2, 3]], 9);
    /// // A step of 1 makes 2x3 windows overlap: refused.
    /// let err = img.view_mut().window_mut(Window::all([2, 3])).unwrap_err();
    /// assert_eq!(err, LayoutError::Overlapping);
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn window_mut<const N: usize, const Q: usize>(
        self,
        w: Window<N>,
    ) -> Result<ViewMut<'a, T, Q, Strided>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<N>, Output = Rank<Q>>,
    {
        let l = self.layout.window(w)?;
        if !w.disjoint(R) {
            l.check_unique()?;
        }
        // Window elements are elements of the input (a subset of its
        // offsets); over a unique input, disjoint windows reach each offset at
        // most once (see `Window::disjoint`), and otherwise uniqueness was just
        // proved.
        // SAFETY: as just said.
        Ok(unsafe { self.relayout(l) })
    }
}

impl<'a, T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'a, T, R, O, M> {
    /// # Safety
    /// `base`, `len` and `layout` must satisfy the four invariants of [`ViewBase`]
    /// for `'a` and `M`.
    pub(crate) const unsafe fn from_raw_parts(
        base: NonNull<T>,
        len: usize,
        layout: Layout<R, O>,
    ) -> Self {
        ViewBase {
            base,
            len,
            layout,
            _marker: PhantomData,
        }
    }

    /// The same memory through a new layout.
    ///
    /// # Safety
    /// `layout` may reach only offsets the current layout reaches (or none), and
    /// must be unique when `M` is [`Unique`].
    pub(crate) unsafe fn relayout<const Q: usize, P: OrderMarker>(
        self,
        layout: Layout<Q, P>,
    ) -> ViewBase<'a, T, Q, P, M> {
        ViewBase {
            base: self.base,
            len: self.len,
            layout,
            _marker: PhantomData,
        }
    }

    /// The same buffer through another layout, when this view reaches every
    /// element of its buffer (a packed view) and `layout` fits the buffer (and is
    /// unique, for a mutable view).
    pub(crate) fn relayout_checked<const Q: usize, P: OrderMarker>(
        self,
        layout: Layout<Q, P>,
    ) -> Result<ViewBase<'a, T, Q, P, M>, LayoutError> {
        let packed = self.layout.size() == self.len
            && (self.layout.is_c_contiguous() || self.layout.is_f_contiguous());
        if !packed {
            // Not every element of the buffer is reached: another layout could
            // reach one that is not a `T` of this view.
            return Err(LayoutError::LengthMismatch {
                expected: self.layout.size(),
                found: self.len,
            });
        }
        layout.check_fits(self.len)?;
        if M::WRITEABLE && !unique_by_marker::<P>() {
            layout.check_unique()?;
        }
        // This view reaches every element of its buffer, all initialised
        // (invariant 1), so any layout that fits reaches only such elements; it
        // was just checked to fit, and to be unique when the view is mutable.
        // SAFETY: as just said.
        Ok(unsafe { self.relayout(layout) })
    }

    /// The buffer's first element (crate-internal: the record views build on it).
    pub(crate) fn base_nonnull(&self) -> NonNull<T> {
        self.base
    }

    /// Elements in the buffer (invariant 2's `len`).
    pub(crate) fn buffer_len(&self) -> usize {
        self.len
    }

    /// The layout.
    pub fn layout(&self) -> &Layout<R, O> {
        &self.layout
    }

    /// The shape.
    pub fn shape(&self) -> &[usize; R] {
        self.layout.shape()
    }

    /// The strides, in elements.
    pub fn strides(&self) -> &[isize; R] {
        self.layout.strides()
    }

    /// The strides in bytes (NumPy's `strides`).
    pub fn strides_bytes(&self) -> Result<[isize; R], LayoutError> {
        self.layout.strides_bytes(size_of::<T>())
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        self.layout.size()
    }

    /// Address of element `[0, …, 0]` (NumPy's data pointer, seed 003's `aid()`):
    /// two views with the same pointer and offset share their first element.
    pub fn as_ptr(&self) -> *const T {
        self.base
            .as_ptr()
            .wrapping_add(self.layout.offset())
            .cast_const()
    }

    /// Address of the start of the borrowed buffer (the same for every view made
    /// from one buffer: NumPy's `base` chain, resolved).
    pub fn base_ptr(&self) -> *const T {
        self.base.as_ptr().cast_const()
    }

    /// `false`: a view never owns its data (NumPy's `OWNDATA`).
    pub fn owns_data(&self) -> bool {
        false
    }

    /// NumPy's flags; `writeable` says whether this view can write (a
    /// [`ViewMut`]), see [`Flags::writeable`].
    pub fn flags(&self) -> Flags {
        Flags::of(&self.layout, false, M::WRITEABLE)
    }

    /// A reference to the element at `index`, or `None` out of bounds.
    pub fn get(&self, index: [usize; R]) -> Option<&T> {
        let off = self.layout.offset_of(index).ok()?;
        // `off` is reached by the layout, so `off < len` (invariant 2), and
        // it addresses an initialised T valid for shared reads while `self` is
        // borrowed (invariant 1).
        // SAFETY: as just said.
        Some(unsafe { &*self.base.as_ptr().add(off) })
    }

    /// Iterates over the elements in logical (C) order.
    pub fn iter(&self) -> Iter<'_, T, R> {
        // Every offset the layout reaches is < len (invariant 2) and holds an
        // initialised T valid for shared reads while `self` is borrowed.
        // SAFETY: as just said.
        unsafe { Iter::new(self.base, self.layout.strided()) }
    }

    /// Iterates over `(index, &element)` pairs in logical (C) order (NumPy's
    /// `np.ndenumerate`, ndarray's `indexed_iter`).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i32, 2>::from_vec([2, 2], vec![1, 2, 3, 4])?;
    /// let pairs: Vec<_> = a.t().indexed_iter().map(|(i, &x)| (i, x)).collect();
    /// assert_eq!(pairs, vec![([0, 0], 1), ([0, 1], 3), ([1, 0], 2), ([1, 1], 4)]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn indexed_iter(&self) -> IndexedIter<'_, T, R> {
        IndexedIter(self.iter())
    }

    /// The view with nothing promised about its order (free).
    pub fn into_strided(self) -> ViewBase<'a, T, R, Strided, M> {
        let l = self.layout.strided();
        // SAFETY: same layout.
        unsafe { self.relayout(l) }
    }

    /// The view under a weaker promise (free): `C` as `RowMajor`, anything as
    /// `Strided`.
    pub fn relax<P: OrderMarker>(self) -> ViewBase<'a, T, R, P, M>
    where
        O: Implies<P>,
    {
        let l = self.layout.relax();
        // SAFETY: same layout.
        unsafe { self.relayout(l) }
    }

    /// The view with order marker `P`, if its layout keeps that promise.
    ///
    /// ```
    /// use stride_core::{Array, View, C, F, Slice};
    /// let a = Array::<f32, 2>::zeros([4, 6])?;
    /// let s = a.slice([Slice::range(1, 3), Slice::FULL])?; // rows 1..3: still C-contiguous
    /// let c: View<f32, 2, C> = s.try_into_order()?;
    /// assert!(s.try_into_order::<F>().is_err());
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn try_into_order<P: OrderMarker>(self) -> Result<ViewBase<'a, T, R, P, M>, LayoutError> {
        let l = self.layout.try_order()?;
        // SAFETY: same layout.
        Ok(unsafe { self.relayout(l) })
    }

    /// All axes reversed (`a.T`), without moving data: a `C` view becomes an `F`
    /// view and back, in the type.
    ///
    /// ```
    /// use stride_core::{Array, View, F};
    /// let a = Array::<f64, 2>::zeros([3, 4])?;
    /// let t: View<f64, 2, F> = a.t();
    /// assert_eq!((t.shape(), t.strides()), (&[4, 3], &[1, 4]));
    /// assert_eq!(t.as_ptr(), a.as_ptr()); // same data
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn t(self) -> ViewBase<'a, T, R, O::Reversed, M> {
        let l = self.layout.transpose();
        // SAFETY: a permutation reaches the same offsets and stays unique.
        unsafe { self.relayout(l) }
    }

    /// Axes permuted (`np.transpose(a, axes)`; negative axes count from the end).
    pub fn permute(self, axes: [isize; R]) -> Result<ViewBase<'a, T, R, Strided, M>, LayoutError> {
        let l = self.layout.permute(axes)?;
        // SAFETY: a permutation reaches the same offsets and stays unique.
        Ok(unsafe { self.relayout(l) })
    }

    /// Two axes exchanged (`np.swapaxes`).
    pub fn swap_axes(
        self,
        a: isize,
        b: isize,
    ) -> Result<ViewBase<'a, T, R, Strided, M>, LayoutError> {
        let l = self.layout.swap_axes(a, b)?;
        // SAFETY: a permutation reaches the same offsets and stays unique.
        Ok(unsafe { self.relayout(l) })
    }

    /// One axis reversed (`np.flip`).
    pub fn flip(self, axis: isize) -> Result<ViewBase<'a, T, R, Strided, M>, LayoutError> {
        let l = self.layout.flip(axis)?;
        // SAFETY: reversing an axis reaches the same offsets and stays unique.
        Ok(unsafe { self.relayout(l) })
    }

    /// Every axis sliced (`a[s0, s1, …]`).
    pub fn slice(self, slices: [Slice; R]) -> Result<ViewBase<'a, T, R, Strided, M>, LayoutError> {
        let l = self.layout.slice(slices)?;
        // SAFETY: a slice reaches a subset of the offsets, each still once.
        Ok(unsafe { self.relayout(l) })
    }

    /// One axis sliced.
    pub fn slice_axis(
        self,
        axis: isize,
        s: Slice,
    ) -> Result<ViewBase<'a, T, R, Strided, M>, LayoutError> {
        let l = self.layout.slice_axis(axis, s)?;
        // SAFETY: a slice reaches a subset of the offsets, each still once.
        Ok(unsafe { self.relayout(l) })
    }

    /// NumPy basic indexing, the result rank computed by the compiler (see
    /// [`Layout::index`]; the `stride` crate's `s!` writes the index).
    pub fn index<const N: usize, const IN: usize, const OUT: usize, const Q: usize>(
        self,
        index: SliceInfo<N, IN, OUT>,
    ) -> Result<ViewBase<'a, T, Q, Strided, M>, LayoutError>
    where
        SliceInfo<N, IN, OUT>: IndexFor<R, Out = Rank<Q>>,
    {
        self.index_items(index.items())
    }

    /// Basic indexing with the result rank checked at run time (see
    /// [`Layout::index_items`]).
    pub fn index_items<const Q: usize>(
        self,
        items: &[Item],
    ) -> Result<ViewBase<'a, T, Q, Strided, M>, LayoutError> {
        let l = self.layout.index_items(items)?;
        // Integers and slices select a subset of the offsets; new axes have
        // length 1; each offset is still reached at most once.
        // SAFETY: as just said.
        Ok(unsafe { self.relayout(l) })
    }

    /// `a[.., i, ..]` on `axis` (rank drops by one, inferred).
    pub fn index_axis<const Q: usize>(
        self,
        axis: isize,
        i: isize,
    ) -> Result<ViewBase<'a, T, Q, Strided, M>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let l = self.layout.index_axis(axis, i)?;
        // SAFETY: fixing one index selects a subset of the offsets.
        Ok(unsafe { self.relayout(l) })
    }

    /// A new length-1 axis at `axis` of the result (rank grows by one, inferred).
    pub fn insert_axis<const Q: usize>(
        self,
        axis: isize,
    ) -> Result<ViewBase<'a, T, Q, Strided, M>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<1>, Output = Rank<Q>>,
    {
        let l = self.layout.insert_axis(axis)?;
        // SAFETY: a length-1 axis adds no offsets and no repeats.
        Ok(unsafe { self.relayout(l) })
    }

    /// The diagonal of two axes, appended as the last axis (`np.diagonal`).
    pub fn diagonal<const Q: usize>(
        self,
        k: isize,
        axis1: isize,
        axis2: isize,
    ) -> Result<ViewBase<'a, T, Q, Strided, M>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let l = self.layout.diagonal(k, axis1, axis2)?;
        // Distinct diagonal positions are distinct indices of the input, so
        // a subset of its offsets, each reached once.
        // SAFETY: as just said.
        Ok(unsafe { self.relayout(l) })
    }

    /// Reshape without copy (`a.reshape(shape, order=order, copy=False)`): an error
    /// naming the axes that cannot merge when NumPy would have to copy.
    pub fn reshape<const Q: usize>(
        self,
        shape: [isize; Q],
        order: Order,
    ) -> Result<ViewBase<'a, T, Q, Strided, M>, LayoutError> {
        // A C-typed view reshaped in C order (an F-typed one in F order) takes
        // the general algorithm's contiguous case directly.
        let l = match (O::CONTIGUITY, order) {
            (Contiguity::C, Order::C) => self.layout.reshape_contiguous(shape, false)?,
            (Contiguity::F, Order::F) => self.layout.reshape_contiguous(shape, true)?,
            _ => self.layout.reshape(shape, order)?,
        };
        // A no-copy reshape reads the same offsets in another arrangement,
        // each exactly as often as before.
        // SAFETY: as just said.
        Ok(unsafe { self.relayout(l) })
    }

    /// Converts every element with an `as` cast into a new array (NumPy's
    /// `astype`; always a copy), in the order the view's type keeps (see
    /// [`map`](Self::map)), as NumPy's default `order='K'`.
    ///
    /// ```
    /// use stride_core::Array;
    /// let x = Array::<f64, 1>::from_vec([3], vec![100.12, 120.23, 130.91])?;
    /// let x2 = x.astype::<f32>()?;
    /// assert_eq!(x2[[0]], 100.12f32);
    /// assert_eq!(size_of_val(x2.as_slice()), 12); // np.float32(x2).nbytes == 12
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn astype<U>(&self) -> Result<Array<U, R, crate::order::Kept<O>>, LayoutError>
    where
        T: num_traits::AsPrimitive<U>,
        U: Copy + 'static,
    {
        self.map(|x: &T| x.as_())
    }

    /// A copy flattened in `order` (`flatten`: always a copy; `K` walks memory
    /// order without flipping negative strides, as NumPy).
    pub fn flatten(&self, order: Order) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Clone,
    {
        let data = gather(self.view_internal(), order)?;
        Array::from_buffer([data.len()], data)
    }

    fn view_internal(&self) -> View<'_, T, R, Strided> {
        // SAFETY: shared reads, for a borrow of `self`, of what `self` may read.
        unsafe { View::from_raw_parts(self.base, self.len, self.layout.strided()) }
    }
}

impl<T, const R: usize, O: OrderMarker, M: Mutability> Index<[usize; R]>
    for ViewBase<'_, T, R, O, M>
{
    type Output = T;
    /// # Panics
    /// When `index` is out of bounds, like slice indexing; use [`ViewBase::get`] to
    /// get an `Option`.
    fn index(&self, index: [usize; R]) -> &T {
        match self.get(index) {
            Some(x) => x,
            None => panic!(
                "index {index:?} is out of bounds for shape {:?}",
                self.shape()
            ),
        }
    }
}

impl<T, const R: usize, O: OrderMarker> IndexMut<[usize; R]> for ViewBase<'_, T, R, O, Unique> {
    /// # Panics
    /// When `index` is out of bounds; use [`ViewMut::get_mut`] for an `Option`.
    fn index_mut(&mut self, index: [usize; R]) -> &mut T {
        let shape = *self.shape();
        match self.get_mut(index) {
            Some(x) => x,
            None => panic!("index {index:?} is out of bounds for shape {shape:?}"),
        }
    }
}

impl<T: fmt::Debug, const R: usize, O: OrderMarker, M: Mutability> fmt::Debug
    for ViewBase<'_, T, R, O, M>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View")
            .field("shape", self.shape())
            .field("strides", self.strides())
            .field("offset", &self.layout.offset())
            .field("order", &O::default())
            .field("writeable", &M::WRITEABLE)
            .field("elements", &DebugElements(|| self.iter()))
            .finish()
    }
}

/// The elements a `Debug` shows (of the iterator the closure makes): the
/// first [`DEBUG_ELEMENTS`] in logical order, then `..` when there are more.
pub(crate) struct DebugElements<F>(pub(crate) F);

/// How many elements `Debug` shows of an array or view.
const DEBUG_ELEMENTS: usize = 64;

impl<F: Fn() -> I, I: Iterator<Item = E>, E: fmt::Debug> fmt::Debug for DebugElements<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = (self.0)();
        let mut list = f.debug_list();
        list.entries(rest.by_ref().take(DEBUG_ELEMENTS));
        if rest.next().is_some() {
            list.finish_non_exhaustive()
        } else {
            list.finish()
        }
    }
}

/// Same shape and equal elements, whatever the layouts, order markers and
/// mutability (NumPy's `array_equal`; ndarray compares views so too).
///
/// ```
/// use stride_core::Array;
/// let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (10 * i + j) as i32)?;
/// let t = a.t().to_contiguous::<stride_core::C>()?; // 3 x 2, C order
/// assert!(a.view() == t.t());
/// assert!(a.view() != t.view()); // another shape
/// assert!(a == t.t() && t.t() == a);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
impl<T, U, const R: usize, O, P, M, N> PartialEq<ViewBase<'_, U, R, P, N>>
    for ViewBase<'_, T, R, O, M>
where
    T: PartialEq<U>,
    O: OrderMarker,
    P: OrderMarker,
    M: Mutability,
    N: Mutability,
{
    fn eq(&self, other: &ViewBase<'_, U, R, P, N>) -> bool {
        self.shape() == other.shape() && self.iter().zip(other.iter()).all(|(x, y)| x == y)
    }
}

/// A view against an array: as two views.
impl<T, U, const R: usize, O, P, M> PartialEq<Array<U, R, P>> for ViewBase<'_, T, R, O, M>
where
    T: PartialEq<U>,
    O: OrderMarker,
    P: OrderMarker,
    M: Mutability,
{
    fn eq(&self, other: &Array<U, R, P>) -> bool {
        *self == other.view()
    }
}

/// An array against a view: as two views.
impl<T, U, const R: usize, O, P, N> PartialEq<ViewBase<'_, U, R, P, N>> for Array<T, R, O>
where
    T: PartialEq<U>,
    O: OrderMarker,
    P: OrderMarker,
    N: Mutability,
{
    fn eq(&self, other: &ViewBase<'_, U, R, P, N>) -> bool {
        self.view() == *other
    }
}

impl<'a, T, const R: usize, O: OrderMarker> From<ViewBase<'a, T, R, O, Unique>>
    for View<'a, T, R, O>
{
    /// A mutable view given up for a read-only one.
    fn from(v: ViewBase<'a, T, R, O, Unique>) -> Self {
        // SAFETY: the exclusive borrow becomes a shared one for the same 'a.
        unsafe { View::from_raw_parts(v.base, v.len, v.layout) }
    }
}

/// `for x in view`: the elements in logical (C) order, as
/// [`iter`](ViewBase::iter) (ndarray's views iterate so too).
///
/// ```
/// use stride_core::Array;
/// let a = Array::<i32, 2>::from_fn([2, 2], |[i, j]| (10 * i + j) as i32)?;
/// let mut seen = Vec::new();
/// for &x in a.t() {
///     seen.push(x);
/// }
/// assert_eq!(seen, [0, 10, 1, 11]);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
impl<'a, T, const R: usize, O: OrderMarker> IntoIterator for View<'a, T, R, O> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T, R>;

    fn into_iter(self) -> Iter<'a, T, R> {
        // Every offset the layout reaches is < len (invariant 2) and
        // holds an initialised T valid for shared reads for 'a, which the
        // consumed view borrowed.
        // SAFETY: as just said.
        unsafe { Iter::new(self.base, self.layout.strided()) }
    }
}

/// `for x in &view`: as [`iter`](ViewBase::iter).
impl<'b, T, const R: usize, O: OrderMarker, M: Mutability> IntoIterator
    for &'b ViewBase<'_, T, R, O, M>
{
    type Item = &'b T;
    type IntoIter = Iter<'b, T, R>;

    fn into_iter(self) -> Iter<'b, T, R> {
        self.iter()
    }
}

/// `for x in view_mut`: mutable references in logical (C) order, as
/// [`iter_mut`](ViewBase::iter_mut).
///
/// ```
/// use stride_core::Array;
/// let mut a = Array::<i32, 2>::zeros([2, 2])?;
/// for (k, x) in a.view_mut().flip(1)?.into_iter().enumerate() {
///     *x = k as i32;
/// }
/// assert_eq!(a.as_slice(), &[1, 0, 3, 2]);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
impl<'a, T, const R: usize, O: OrderMarker> IntoIterator for ViewMut<'a, T, R, O> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T, R>;

    fn into_iter(self) -> IterMut<'a, T, R> {
        // Every offset the layout reaches is < len (invariant 2) and
        // holds a T the consumed view held exclusively for 'a (invariant 1),
        // each reached once (invariant 4).
        // SAFETY: as just said.
        unsafe { IterMut::new(self.base, self.layout.strided()) }
    }
}

/// `for x in &mut view_mut`: as [`iter_mut`](ViewBase::iter_mut).
impl<'b, T, const R: usize, O: OrderMarker> IntoIterator for &'b mut ViewMut<'_, T, R, O> {
    type Item = &'b mut T;
    type IntoIter = IterMut<'b, T, R>;

    fn into_iter(self) -> IterMut<'b, T, R> {
        self.iter_mut()
    }
}
