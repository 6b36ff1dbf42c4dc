//! [`Array`]: an owned buffer with a layout, its rank and order in the type.

use core::fmt;
use core::mem::MaybeUninit;
use core::ops::{Index, IndexMut};
use core::ptr::NonNull;

use num_traits::{Float, NumCast};

use crate::buffer::Buffer;
use crate::cow::CowArray;
use crate::error::LayoutError;
use crate::flags::Flags;
use crate::index::{IndexFor, Slice, SliceInfo};
use crate::iter::{IndexedIter, IndexedIterMut, Iter, IterMut};
use crate::layout::Layout;
use crate::order::{C, ContiguousOrder, Order, OrderMarker, Strided};
use crate::range::RangeElem;
use crate::rank::{Rank, RankAdd, RankSub};
use crate::region::MemoryRegion;
use crate::view::{View, ViewMut, packed_layout};
use crate::window::Window;

/// An owned rank-`R` array of `T` whose layout keeps the promise of `O` (`C` by
/// default, as NumPy's arrays).
///
/// Invariants: every offset the layout reaches is `< data.len()`, no two indices
/// reach the same offset, and the layout keeps `O`'s promise.
///
/// ```
/// use stride_core::{Array, Order};
/// // x = np.arange(8, dtype=np.int8)
/// let x = Array::<i8, 1>::arange(0, 8, 1)?;
/// assert_eq!(x.strides_bytes()?, [1]);
/// let y = x.reshape([2, 4], Order::C)?; // x.shape = 2, 4
/// assert_eq!(y.strides_bytes()?, [4, 1]);
/// assert_eq!(y.as_ptr(), x.as_ptr());   // the data buffer is the same
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub struct Array<T, const R: usize, O: OrderMarker = C> {
    data: Buffer<T>,
    layout: Layout<R, O>,
}

impl<T, const R: usize, O: ContiguousOrder> Array<T, R, O> {
    /// An array of `shape` over `data`, read as packed in `O`'s order
    /// (`np.array(data).reshape(shape, order=…)`). The length must match.
    ///
    /// ```
    /// use stride_core::{Array, F};
    /// // np.array([[1, 2, 3], [4, 5, 6]], order='F').strides == (8, 16)
    /// let a = Array::<i64, 2, F>::from_vec([2, 3], vec![1, 4, 2, 5, 3, 6])?;
    /// assert_eq!(a.strides_bytes()?, [8, 16]);
    /// assert_eq!(a[[0, 2]], 3);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn from_vec(shape: [usize; R], data: Vec<T>) -> Result<Self, LayoutError> {
        let layout = packed_layout::<R, O>(shape)?;
        if layout.size() != data.len() {
            return Err(LayoutError::LengthMismatch {
                expected: layout.size(),
                found: data.len(),
            });
        }
        Ok(Array {
            data: Buffer::from_vec(data),
            layout,
        })
    }

    /// An array of `shape` over a buffer of exactly its size (crate-internal: the
    /// kernels' fresh outputs).
    pub(crate) fn from_buffer(shape: [usize; R], data: Buffer<T>) -> Result<Self, LayoutError> {
        let layout = packed_layout::<R, O>(shape)?;
        if layout.size() != data.len() {
            return Err(LayoutError::LengthMismatch {
                expected: layout.size(),
                found: data.len(),
            });
        }
        Ok(Array { data, layout })
    }

    /// An array of the packed layout `layout` over a buffer of its size, as
    /// [`from_buffer`](Self::from_buffer) with the layout already made
    /// (crate-internal: the kernels' fresh outputs).
    pub(crate) fn from_packed(layout: Layout<R, O>, data: Buffer<T>) -> Self {
        debug_assert_eq!(layout.size(), data.len());
        Array { data, layout }
    }

    /// An array of `shape` with every element `value`.
    pub fn from_elem(shape: [usize; R], value: T) -> Result<Self, LayoutError>
    where
        T: Clone,
    {
        let layout = packed_layout::<R, O>(shape)?;
        let n = layout.size();
        if crate::kernel::is_zero_bytes(&value) {
            // `value` is a plain number whose bytes are all zero (just
            // checked), so a `T` of zero bytes is a valid `T` equal to it.
            // SAFETY: as just said.
            let data = unsafe { Buffer::zeroed(n)? };
            return Ok(Array { data, layout });
        }
        let mut data = Buffer::with_capacity(n)?;
        for _ in 0..n {
            data.push(value.clone());
        }
        Ok(Array { data, layout })
    }

    /// `np.full(shape, value)`: every element `value` (the same as
    /// [`from_elem`](Self::from_elem)).
    pub fn full(shape: [usize; R], value: T) -> Result<Self, LayoutError>
    where
        T: Clone,
    {
        Self::from_elem(shape, value)
    }

    /// `np.zeros(shape)`. For plain numbers this is the allocator's zeroed
    /// memory, as NumPy's is `calloc`'s: a large array (past the allocator's
    /// `mmap` threshold: with glibc 128 KiB at first, up to 32 MiB as large
    /// blocks are freed) comes fresh from the OS and is not written at all, so
    /// its pages cost nothing until first touched;
    /// or, when the library kept a freed large array's allocation for reuse
    /// (see [`release_cached_memory`](crate::release_cached_memory)), that
    /// allocation, zeroed by writing it.
    /// (So does [`from_elem`](Self::from_elem) with a value whose bytes are all
    /// zero.)
    ///
    /// ```
    /// use stride_core::Array;
    /// // 800 MB of address space, allocated in microseconds.
    /// let mut a = Array::<f64, 2>::zeros([10_000, 10_000])?;
    /// a[[9_999, 9_999]] = 1.0;
    /// assert_eq!((a[[0, 0]], a[[9_999, 9_999]]), (0.0, 1.0));
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn zeros(shape: [usize; R]) -> Result<Self, LayoutError>
    where
        T: Clone + num_traits::Zero,
    {
        Self::from_elem(shape, T::zero())
    }

    /// `np.ones(shape)`.
    ///
    /// ```
    /// use stride_core::{Array, F};
    /// let a = Array::<f32, 2, F>::ones([2, 3])?;
    /// assert_eq!(a.as_slice(), &[1.0; 6]);
    /// assert_eq!(a.strides(), &[1, 2]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn ones(shape: [usize; R]) -> Result<Self, LayoutError>
    where
        T: Clone + num_traits::One,
    {
        Self::from_elem(shape, T::one())
    }

    /// An array whose element at `index` is `f(index)`; `f` is called in memory
    /// order.
    pub fn from_fn(
        shape: [usize; R],
        mut f: impl FnMut([usize; R]) -> T,
    ) -> Result<Self, LayoutError> {
        let layout = packed_layout::<R, O>(shape)?;
        let n = layout.size();
        let mut data = Buffer::with_capacity(n)?;
        let fastest_last = !matches!(O::ORDER, Order::F);
        let mut index = [0usize; R];
        for _ in 0..n {
            data.push(f(index));
            for step in 0..R {
                let k = if fastest_last { R - 1 - step } else { step };
                index[k] += 1;
                if index[k] < shape[k] {
                    break;
                }
                index[k] = 0;
            }
        }
        Ok(Array { data, layout })
    }

    /// `np.empty(shape)`, done soundly: the elements are [`MaybeUninit`], to be
    /// written and then declared initialised with [`Array::assume_init`].
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<f64, 2>::uninit([2, 3])?;
    /// for (k, x) in a.iter_mut().enumerate() {
    ///     x.write(k as f64);
    /// }
    /// // SAFETY: every element was written just above.
    /// let a = unsafe { a.assume_init() };
    /// assert_eq!(a[[1, 2]], 5.0);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn uninit(shape: [usize; R]) -> Result<Array<MaybeUninit<T>, R, O>, LayoutError> {
        let layout = packed_layout::<R, O>(shape)?;
        let mut data = Buffer::with_capacity(layout.size())?;
        // `MaybeUninit<T>` needs no initialisation; the capacity is
        // exactly the size.
        // SAFETY: as just said.
        unsafe { data.set_len(layout.size()) };
        Ok(Array { data, layout })
    }

    /// The elements in memory order, as one slice.
    pub fn as_slice(&self) -> &[T] {
        self.view().as_contiguous_slice()
    }

    /// The elements in memory order, as one mutable slice.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        let layout = self.layout;
        let n = layout.size();
        if n == 0 {
            // An empty layout's offset may lie past an empty buffer.
            return &mut [];
        }
        &mut self.data.as_mut_slice()[layout.offset()..layout.offset() + n]
    }

    /// Reshape in the order of the array's type `O`, keeping the buffer: never
    /// a copy. For an F array that is F order, which is not NumPy's default:
    /// `a.T.reshape(2, 6)` reads in C order, which here is
    /// [`reshape`](Self::reshape)`(shape, Order::C)` (a view, or an error
    /// when it would need a copy) or [`to_shape`](crate::ViewBase::to_shape)
    /// (a view or a copy).
    ///
    /// ```
    /// use stride_core::{Array, Order};
    /// let t = Array::<i32, 1>::arange(0, 12, 1)?.into_shape([3, 4])?.into_transposed(); // F
    /// let in_f = t.clone().into_shape([2, 6])?; // memory order: F
    /// assert_eq!(in_f.iter().take(3).copied().collect::<Vec<_>>(), [0, 2, 4]);
    /// let in_c = t.view().to_shape([2, 6], Order::C)?; // NumPy's a.T.reshape(2, 6)
    /// assert_eq!(in_c.view().iter().take(3).copied().collect::<Vec<_>>(), [0, 4, 8]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn into_shape<const Q: usize>(
        self,
        shape: [isize; Q],
    ) -> Result<Array<T, Q, O>, LayoutError> {
        let layout = self.layout.reshape(shape, O::ORDER)?;
        // Reshaping a contiguous layout in its own order packs it in that order.
        // SAFETY: so it keeps O's promise.
        let layout = unsafe { layout.remark::<O>() };
        // The reshaped layout reaches the same offsets, once each, packed in O's order.
        Ok(Array {
            data: self.data,
            layout,
        })
    }
}

impl<T, const R: usize, O: OrderMarker> Array<MaybeUninit<T>, R, O> {
    /// Declares every element initialised.
    ///
    /// # Safety
    /// Every element must have been written.
    pub unsafe fn assume_init(self) -> Array<T, R, O> {
        // `MaybeUninit<T>` has the size and alignment of `T`, and the
        // caller promises every element is initialised.
        // SAFETY: as just said.
        let data = unsafe { self.data.cast::<T>() };
        Array {
            data,
            layout: self.layout,
        }
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// An array over `data` through any `layout`: every reached offset must lie in
    /// `data`, and the layout must be unique (an owner can write; every marker but
    /// `Strided` promises it, a `Strided` layout is proved unique).
    pub fn from_parts(data: Vec<T>, layout: Layout<R, O>) -> Result<Self, LayoutError> {
        Self::from_buffer_parts(Buffer::from_vec(data), layout)
    }

    /// [`from_parts`](Self::from_parts) over a buffer of the crate's.
    pub(crate) fn from_buffer_parts(
        data: Buffer<T>,
        layout: Layout<R, O>,
    ) -> Result<Self, LayoutError> {
        layout.check_fits(data.len())?;
        if matches!(O::CONTIGUITY, crate::Contiguity::Strided) {
            layout.check_unique()?;
        }
        Ok(Array { data, layout })
    }

    /// This array as one of rank `N` when `N` is its rank `R` (code generic
    /// over two ranks that agree at run time); the array back otherwise.
    pub(crate) fn into_rank<const N: usize>(self) -> Result<Array<T, N, O>, Self> {
        // The same shape, strides, offset and marker: the same layout.
        let Ok(layout) = self.layout.with_rank::<N>() else {
            return Err(self);
        };
        Ok(Array {
            data: self.data,
            layout,
        })
    }

    /// The buffer, for a copy that reuses it under another layout.
    pub(crate) fn into_buffer(self) -> Buffer<T> {
        self.data
    }

    /// [`into_order`](Self::into_order), giving the array back when the layout
    /// does not keep `P`'s promise.
    pub(crate) fn try_into_order<P: OrderMarker>(self) -> Result<Array<T, R, P>, Self> {
        match self.layout.try_order() {
            Ok(layout) => Ok(Array {
                layout,
                data: self.data,
            }),
            Err(_) => Err(self),
        }
    }

    /// The same array with order marker `P`, if the layout keeps that promise.
    pub fn into_order<P: OrderMarker>(self) -> Result<Array<T, R, P>, LayoutError> {
        Ok(Array {
            layout: self.layout.try_order()?,
            data: self.data,
        })
    }

    /// A read-only view of the whole array.
    pub fn view(&self) -> View<'_, T, R, O> {
        // `data` holds `len` initialised elements, borrowed shared for the
        // view's lifetime; the array's invariants give the view's invariants 2 and 3.
        // SAFETY: as just said.
        unsafe {
            View::from_raw_parts(
                NonNull::from(self.data.as_slice()).cast(),
                self.data.len(),
                self.layout,
            )
        }
    }

    /// A mutable view of the whole array.
    pub fn view_mut(&mut self) -> ViewMut<'_, T, R, O> {
        let len = self.data.len();
        // `data` is borrowed exclusively for the view's lifetime; the array's
        // invariants (in bounds, unique, O's promise) are the view's 2, 3 and 4.
        // SAFETY: as just said.
        unsafe {
            ViewMut::from_raw_parts(
                NonNull::from(self.data.as_mut_slice()).cast(),
                len,
                self.layout,
            )
        }
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

    /// Address of element `[0, …, 0]` (NumPy's data pointer; seed 003's `aid()`).
    pub fn as_ptr(&self) -> *const T {
        self.data.as_ptr().wrapping_add(self.layout.offset())
    }

    /// `true`: an array owns its buffer (NumPy's `OWNDATA`).
    pub fn owns_data(&self) -> bool {
        true
    }

    /// NumPy's flags.
    pub fn flags(&self) -> Flags {
        Flags::of(&self.layout, true, true)
    }

    /// A reference to the element at `index`, or `None` out of bounds.
    pub fn get(&self, index: [usize; R]) -> Option<&T> {
        self.data.as_slice().get(self.layout.offset_of(index).ok()?)
    }

    /// A mutable reference to the element at `index`, or `None` out of bounds.
    pub fn get_mut(&mut self, index: [usize; R]) -> Option<&mut T> {
        let off = self.layout.offset_of(index).ok()?;
        self.data.as_mut_slice().get_mut(off)
    }

    /// Iterates in logical (C) order.
    pub fn iter(&self) -> Iter<'_, T, R> {
        // SAFETY: reached offsets are in bounds of `data` (invariant), shared-borrowed.
        unsafe {
            Iter::new(
                NonNull::from(self.data.as_slice()).cast(),
                self.layout.strided(),
            )
        }
    }

    /// Iterates over mutable references in logical (C) order.
    pub fn iter_mut(&mut self) -> IterMut<'_, T, R> {
        let layout = self.layout.strided();
        // Reached offsets are in bounds and unique (invariants), and `data` is
        // borrowed exclusively.
        // SAFETY: as just said.
        unsafe { IterMut::new(NonNull::from(self.data.as_mut_slice()).cast(), layout) }
    }

    /// Iterates over `(index, &element)` pairs in logical (C) order (see
    /// [`ViewBase::indexed_iter`](crate::ViewBase::indexed_iter)).
    pub fn indexed_iter(&self) -> IndexedIter<'_, T, R> {
        IndexedIter(self.iter())
    }

    /// Iterates over `(index, &mut element)` pairs in logical (C) order.
    pub fn indexed_iter_mut(&mut self) -> IndexedIterMut<'_, T, R> {
        IndexedIterMut(self.iter_mut())
    }

    /// All axes reversed (`a.T`) as a view: `C` becomes `F` and back.
    pub fn t(&self) -> View<'_, T, R, O::Reversed> {
        self.view().t()
    }

    /// All axes reversed, keeping the buffer (no copy).
    pub fn into_transposed(self) -> Array<T, R, O::Reversed> {
        // A permutation keeps the offsets; reversing turns C into F and back.
        Array {
            data: self.data,
            layout: self.layout.transpose(),
        }
    }

    /// Every axis sliced, as a view.
    pub fn slice(&self, slices: [Slice; R]) -> Result<View<'_, T, R, Strided>, LayoutError> {
        self.view().slice(slices)
    }

    /// NumPy basic indexing, as a view; the result rank is computed by the
    /// compiler (see [`Layout::index`]).
    pub fn index<const N: usize, const IN: usize, const OUT: usize, const Q: usize>(
        &self,
        index: SliceInfo<N, IN, OUT>,
    ) -> Result<View<'_, T, Q, Strided>, LayoutError>
    where
        SliceInfo<N, IN, OUT>: IndexFor<R, Out = Rank<Q>>,
    {
        self.view().index(index)
    }

    /// `a[.., i, ..]` on `axis`, as a view (rank drops by one, inferred).
    pub fn index_axis<const Q: usize>(
        &self,
        axis: isize,
        i: isize,
    ) -> Result<View<'_, T, Q, Strided>, LayoutError>
    where
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().index_axis(axis, i)
    }

    /// Sliding windows (see [`Layout::window`]), as a read-only view.
    pub fn window<const N: usize, const Q: usize>(
        &self,
        w: Window<N>,
    ) -> Result<View<'_, T, Q, Strided>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<N>, Output = Rank<Q>>,
    {
        self.view().window(w)
    }

    /// Reshape without copy, as a view (an error when NumPy would copy).
    pub fn reshape<const Q: usize>(
        &self,
        shape: [isize; Q],
        order: Order,
    ) -> Result<View<'_, T, Q, Strided>, LayoutError> {
        self.view().reshape(shape, order)
    }

    /// `ravel`: a view when NumPy returns one, else a copy.
    #[inline]
    pub fn ravel(&self, order: Order) -> Result<CowArray<'_, T, 1, C>, LayoutError>
    where
        T: Clone,
    {
        self.view().ravel(order)
    }

    /// `flatten`: always a copy.
    pub fn flatten(&self, order: Order) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Clone,
    {
        self.view().flatten(order)
    }

    /// Converts every element with an `as` cast (`astype`; a copy, in this
    /// array's order, as NumPy's default `order='K'`).
    pub fn astype<U>(&self) -> Result<Array<U, R, crate::order::Kept<O>>, LayoutError>
    where
        T: num_traits::AsPrimitive<U>,
        U: Copy + 'static,
    {
        self.view().astype()
    }

    /// The whole buffer, in memory order: moved when it has a `Vec`'s layout
    /// (an array made from a `Vec`, or one the library allocated below 4 MiB);
    /// copied once out of a huge-page allocation (4 MiB and more), which a
    /// `Vec` cannot own.
    ///
    /// It is the buffer, not the elements in logical order (ndarray's
    /// `into_raw_vec`): an F array's in F order, and an array made
    /// [`from_parts`](Self::from_parts) with gaps or an offset, gaps and all.
    /// For the elements in C order, `a.iter().cloned().collect()` or
    /// `a.to_contiguous::<C>()?.into_vec()`.
    ///
    /// ```
    /// use stride_core::{Array, C, F};
    /// let a = Array::<i32, 2, F>::from_fn([2, 2], |[i, j]| (10 * i + j) as i32)?;
    /// assert_eq!(a.clone().into_vec(), [0, 10, 1, 11]); // memory (F) order
    /// assert_eq!(a.to_contiguous::<C>()?.into_vec(), [0, 1, 10, 11]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn into_vec(self) -> Vec<T> {
        self.data.into_vec()
    }
}

impl<T: RangeElem> Array<T, 1, C> {
    /// `np.arange(start, stop, step)`: the values `start + i * step` before `stop`.
    /// Integer ranges are exact over the whole type; floating ones follow NumPy's
    /// length rule `ceil((stop - start) / step)`.
    ///
    /// ```
    /// use stride_core::{Array, LayoutError};
    /// let a = Array::<f64, 1>::arange(0.0, 1.0, 0.25)?;
    /// assert_eq!(a.as_slice(), &[0.0, 0.25, 0.5, 0.75]);
    /// let b = Array::<i8, 1>::arange(-128, 127, 100)?;
    /// assert_eq!(b.as_slice(), &[-128, -28, 72]);
    /// assert_eq!(Array::<i32, 1>::arange(0, 5, 0), Err(LayoutError::ZeroRangeStep));
    /// assert_eq!(
    ///     Array::<f64, 1>::arange(0.0, f64::NAN, 1.0),
    ///     Err(LayoutError::RangeLengthUndefined)
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn arange(start: T, stop: T, step: T) -> Result<Self, LayoutError> {
        let data = crate::range::arange(start, stop, step)?;
        Self::from_vec([data.len()], data)
    }
}

impl<T: Float> Array<T, 1, C> {
    /// `np.linspace(start, stop, num)`: `num` evenly spaced values, both ends
    /// included.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 1>::linspace(0.0, 1.0, 5)?;
    /// assert_eq!(a.as_slice(), &[0.0, 0.25, 0.5, 0.75, 1.0]);
    /// // `f32` values are computed in `f64` and rounded once, as NumPy's with
    /// // `dtype=np.float32`:
    /// // consecutive positions past 2^24 stay distinct.
    /// let b = Array::<f32, 1>::linspace(0.0, 40_000_000.0, 20_000_001)?;
    /// assert_eq!((b[[16_777_217]], b[[16_777_218]]), (33_554_434.0, 33_554_436.0));
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn linspace(start: T, stop: T, num: usize) -> Result<Self, LayoutError> {
        let mut data = crate::copy::try_vec(num)?;
        if size_of::<T>() < size_of::<f64>() {
            // In `f64`, as NumPy computes `np.linspace(a, b, n,
            // dtype=np.float32)` with Python-number ends before casting
            // (NumPy 2 computes in `float32` when the ends are `float32`
            // themselves): in `f32`, positions above 2^24 would round and
            // repeat.
            let wide = |x: T| x.to_f64().ok_or(LayoutError::TooLarge);
            let (a, b) = (wide(start)?, wide(stop)?);
            let step = (b - a) / num.saturating_sub(1).max(1) as f64;
            for i in 0..num {
                data.push(T::from(a + i as f64 * step).ok_or(LayoutError::TooLarge)?);
            }
        } else {
            let div: T =
                NumCast::from(num.saturating_sub(1).max(1)).ok_or(LayoutError::TooLarge)?;
            let step = (stop - start) / div;
            for i in 0..num {
                let fi: T = NumCast::from(i).ok_or(LayoutError::TooLarge)?;
                data.push(start + fi * step);
            }
        }
        if num > 1 {
            data[num - 1] = stop;
        }
        Self::from_vec([num], data)
    }
}

impl<T: Clone, const R: usize, O: OrderMarker> Clone for Array<T, R, O> {
    fn clone(&self) -> Self {
        Array {
            data: self.data.clone(),
            layout: self.layout,
        }
    }
}

impl<T, const R: usize, O: OrderMarker> Index<[usize; R]> for Array<T, R, O> {
    type Output = T;
    /// # Panics
    /// When `index` is out of bounds; use [`Array::get`] for an `Option`.
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

impl<T, const R: usize, O: OrderMarker> IndexMut<[usize; R]> for Array<T, R, O> {
    /// # Panics
    /// When `index` is out of bounds; use [`Array::get_mut`] for an `Option`.
    fn index_mut(&mut self, index: [usize; R]) -> &mut T {
        let shape = *self.shape();
        match self.get_mut(index) {
            Some(x) => x,
            None => panic!("index {index:?} is out of bounds for shape {shape:?}"),
        }
    }
}

impl<T: fmt::Debug, const R: usize, O: OrderMarker> fmt::Debug for Array<T, R, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Array")
            .field("shape", self.shape())
            .field("strides", self.strides())
            .field("order", &O::default())
            .field("elements", &crate::view::DebugElements(|| self.iter()))
            .finish()
    }
}

impl<T, U, const R: usize, O: OrderMarker, P: OrderMarker> PartialEq<Array<U, R, P>>
    for Array<T, R, O>
where
    T: PartialEq<U>,
{
    /// Same shape and equal elements (whatever the layouts), as two views.
    fn eq(&self, other: &Array<U, R, P>) -> bool {
        self.view() == other.view()
    }
}

impl<T, const R: usize, O: OrderMarker> MemoryRegion for Array<T, R, O> {
    fn itemsize(&self) -> usize {
        size_of::<T>()
    }
    fn region_shape(&self) -> &[usize] {
        self.shape()
    }
    fn region_strides(&self) -> &[isize] {
        self.strides()
    }
    fn region_base(&self) -> usize {
        self.data.as_ptr() as usize
    }
    fn region_offset(&self) -> usize {
        self.layout.offset()
    }
}

/// `for x in &a`: the elements in logical (C) order, as [`Array::iter`]
/// (ndarray's `for x in &a`).
///
/// ```
/// use stride_core::{Array, F};
/// let a = Array::<i32, 2, F>::from_fn([2, 2], |[i, j]| (10 * i + j) as i32)?;
/// let seen: Vec<i32> = (&a).into_iter().copied().collect();
/// assert_eq!(seen, [0, 1, 10, 11]); // logical order, whatever the memory order
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
impl<'a, T, const R: usize, O: OrderMarker> IntoIterator for &'a Array<T, R, O> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T, R>;

    fn into_iter(self) -> Iter<'a, T, R> {
        self.iter()
    }
}

/// `for x in &mut a`: mutable references in logical (C) order, as
/// [`Array::iter_mut`].
///
/// ```
/// use stride_core::Array;
/// let mut a = Array::<i32, 1>::zeros([3])?;
/// for (k, x) in (&mut a).into_iter().enumerate() {
///     *x = k as i32 * 2;
/// }
/// assert_eq!(a.as_slice(), &[0, 2, 4]);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
impl<'a, T, const R: usize, O: OrderMarker> IntoIterator for &'a mut Array<T, R, O> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T, R>;

    fn into_iter(self) -> IterMut<'a, T, R> {
        self.iter_mut()
    }
}
