//! Layouts as types: [`StaticLayout`] (what `layout!`'s item form and the
//! `#[tensor]` attribute generate), shapes as types ([`Shape2<3, 4>`], ...) with
//! their element count as a `typenum` number, and [`Tensor`], a view whose layout
//! is a type, so that reshaping `[3, 4]` to `[5, 2]` is a type error that
//! `cargo check` reports, in generic code too.
//!
//! Const generics cannot multiply on stable Rust, so the element count of a shape
//! cannot be computed from its dimensions in a type; the macros compute it at
//! expansion and write it as a `typenum` number ([`StaticSize::Count`]), which
//! the type checker compares.

use core::marker::PhantomData;

use crate::error::LayoutError;
use crate::layout::Layout;
use crate::order::{ContiguousOrder, OrderMarker};
use crate::view::{Mutability, Shared, Unique, View, ViewBase, ViewMut};

/// A layout known to the compiler, as a (zero-sized) type: its element type,
/// order marker, shape and element count are associated items, so functions and
/// kernels can be generic over it and views built from it carry its order.
///
/// Implemented by the types `layout!` declares (`layout! { pub struct Image =
/// f32[3, 224, 224]; }`) and by `#[tensor(...)]` structs.
pub trait StaticLayout<const R: usize>: StaticSize {
    /// The element type.
    type Elem: 'static;
    /// The order marker the layout keeps.
    type Order: OrderMarker;
    /// The layout.
    const LAYOUT: Layout<R, Self::Order>;
    /// The rank, `R`.
    const RANK: usize = R;
    /// The length of buffer the layout needs (one past the last element it
    /// reaches).
    const LEN: usize = Self::LAYOUT.required_len();
    /// Whether the layout covers its buffer exactly, in C or F order from offset
    /// 0: then a buffer of another length than [`LEN`](Self::LEN) is a mistake.
    const PACKED: bool = Self::LAYOUT.offset() == 0
        && Self::LAYOUT.size() == Self::LEN
        && (Self::LAYOUT.is_c_contiguous() || Self::LAYOUT.is_f_contiguous());

    /// A view of `data`: exactly [`LEN`](Self::LEN) elements for a packed layout,
    /// at least that many for one that views part of a larger buffer (a block of
    /// a matrix, windows of a signal); a typed error otherwise.
    fn view(data: &[Self::Elem]) -> Result<View<'_, Self::Elem, R, Self::Order>, LayoutError> {
        check_len::<R, Self>(data.len())?;
        View::from_slice(data, Self::LAYOUT)
    }

    /// A mutable view of `data` (the same lengths as [`view`](Self::view));
    /// refused for a layout that reaches an element twice.
    fn view_mut(
        data: &mut [Self::Elem],
    ) -> Result<ViewMut<'_, Self::Elem, R, Self::Order>, LayoutError> {
        check_len::<R, Self>(data.len())?;
        ViewMut::from_slice(data, Self::LAYOUT)
    }
}

/// The shape of a static layout, as types: readable dimensions for messages and
/// the element count as a number the type checker compares.
pub trait StaticSize: Copy + Default + 'static {
    /// The shape as a type, for messages: `Shape3<3, 224, 224>`.
    type Shape: StaticShape;
    /// The number of elements, as a `typenum` number.
    type Count: typenum::Unsigned;
}

/// A dimension as a type, shown in decimal in messages: `Dim<224>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Dim<const N: usize>;

/// Axis `K` of a static layout as types: its length as a `typenum` number the
/// type checker compares (so `kernel!` over static operands checks their
/// shapes at compile time) and as a [`Dim`] for messages. `layout!` and
/// `#[tensor]` types implement it for each axis.
pub trait StaticAxis<const K: usize> {
    /// The length, as a `typenum` number.
    type Len: typenum::Unsigned;
    /// The length as a [`Dim`].
    type Shown;
}

/// `A: ReshapeTo<B>`: the static shapes of `A` and `B` have the same number of
/// elements, decided by the type checker (so `cargo check` and rust-analyzer
/// report a mismatch, in generic code too, naming both shapes in decimal).
pub trait ReshapeTo<B> {}

impl<A, B> ReshapeTo<B> for A
where
    A: StaticSize,
    B: StaticSize,
    A::Count: typenum::IsEqual<B::Count>,
    typenum::Eq<A::Count, B::Count>: SameCount<A::Shape, B::Shape>,
{
}

/// A [`StaticLayout`] that is packed: contiguous in its order (C or F), offset 0,
/// every element of its buffer reached once. Two packed layouts of the same
/// order and element count describe the same buffer, so [`Tensor::reshape`]
/// between them is free.
pub trait Packed<const R: usize>: StaticLayout<R, Order: ContiguousOrder> {}

/// The buffer-length rule of [`StaticLayout::view`].
fn check_len<const R: usize, L: StaticLayout<R>>(found: usize) -> Result<(), LayoutError> {
    let expected = L::LEN;
    if found == expected || (!L::PACKED && found > expected) {
        Ok(())
    } else {
        Err(LayoutError::LengthMismatch { expected, found })
    }
}

/// A shape as a type ([`Shape0`] to [`Shape8`]).
pub trait StaticShape: Copy + Default + 'static {
    /// The dimensions.
    const DIMS: &'static [usize];
}

macro_rules! shapes {
    ($($name:ident [$($d:ident)*];)*) => {$(
        /// A shape as a type, its dimensions in decimal (for messages and for
        /// [`StaticSize::Shape`]).
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name<$(const $d: usize),*>;
        impl<$(const $d: usize),*> StaticShape for $name<$($d),*> {
            const DIMS: &'static [usize] = &[$($d),*];
        }
    )*};
}

shapes! {
    Shape0 [];
    Shape1 [A];
    Shape2 [A B];
    Shape3 [A B C];
    Shape4 [A B C D];
    Shape5 [A B C D E];
    Shape6 [A B C D E F];
    Shape7 [A B C D E F G];
    Shape8 [A B C D E F G H];
}

/// A shape of rank over 8, as a pair of shapes: the leading dimensions, then the
/// rest.
impl<A: StaticShape, B: StaticShape> StaticShape for (A, B) {
    const DIMS: &'static [usize] = &[]; // the parts say it: see `A` and `B`
}

/// Implemented by `typenum::True`, the outcome of comparing two equal element
/// counts: behind [`ReshapeTo`], so that a mismatch is an unimplemented trait
/// whose message names both shapes.
#[diagnostic::on_unimplemented(
    message = "cannot reshape `{From}` into `{To}`: the numbers of elements differ",
    label = "a reshape keeps every element, so both shapes need the same product",
    note = "the shapes are `{From}` and `{To}`; their products must be equal"
)]
pub trait SameCount<From, To> {}

impl<From, To> SameCount<From, To> for typenum::True {}

/// A view whose layout is the static layout `L` (of rank `R`): its shape,
/// strides and order are known to the compiler.
///
/// ```
/// use stride_core::{Layout, Packed, C, Shape2, Shape1, StaticLayout, Tensor, const_unwrap};
/// # use stride_core::{typenum, StaticSize};
/// # #[derive(Clone, Copy, Default)] struct M34;
/// # impl StaticSize for M34 { type Shape = Shape2<3, 4>; type Count = typenum::U12; }
/// # impl StaticLayout<2> for M34 { type Elem = f32; type Order = C;
/// #   const LAYOUT: Layout<2, C> = const_unwrap(Layout::c([3, 4])); }
/// # impl Packed<2> for M34 {}
/// # #[derive(Clone, Copy, Default)] struct V12;
/// # impl StaticSize for V12 { type Shape = Shape1<12>; type Count = typenum::U12; }
/// # impl StaticLayout<1> for V12 { type Elem = f32; type Order = C;
/// #   const LAYOUT: Layout<1, C> = const_unwrap(Layout::c([12])); }
/// # impl Packed<1> for V12 {}
/// // (`layout! { struct M34 = f32[3, 4]; struct V12 = f32[12]; }` declares these.)
/// let data = [0.0f32; 12];
/// let m = Tensor::<M34, 2>::new(&data)?;
/// let v: Tensor<V12, 1> = m.reshape(); // 3 * 4 == 12: checked by the type system
/// assert_eq!(v.view().shape(), &[12]);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub struct Tensor<'a, L: StaticLayout<R>, const R: usize, M: Mutability = Shared> {
    /// Always over the layout `L::LAYOUT` (every constructor makes it so).
    view: ViewBase<'a, L::Elem, R, L::Order, M>,
    _layout: PhantomData<L>,
}

/// `view` with the layout it holds given as the type's constant, `L::LAYOUT`:
/// after inlining, every shape, stride and trip count read from it is a
/// constant (so a kernel over small tensors is unrolled in full), where the
/// stored copy is a value the optimiser cannot see through.
///
/// # Safety
/// `view`'s layout must be `L::LAYOUT` (a [`Tensor`]'s view is).
unsafe fn with_const_layout<'b, L: StaticLayout<R>, const R: usize, M: Mutability>(
    view: ViewBase<'b, L::Elem, R, L::Order, M>,
) -> ViewBase<'b, L::Elem, R, L::Order, M> {
    debug_assert!(*view.layout() == L::LAYOUT);
    // SAFETY: the same layout as the view's (the caller's promise), so the same
    // offsets, unique when the view's are.
    unsafe { view.relayout(L::LAYOUT) }
}

impl<'a, L: StaticLayout<R>, const R: usize> Tensor<'a, L, R, Shared> {
    /// The tensor over `data`, whose length must be `L::LEN`.
    pub fn new(data: &'a [L::Elem]) -> Result<Self, LayoutError> {
        // Through `L::LAYOUT` itself, not `L::view` (a method an implementor
        // may override): the tensor's layout is the type's, which the kernels
        // trust for their static trip counts.
        check_len::<R, L>(data.len())?;
        Ok(Tensor {
            view: View::from_slice(data, L::LAYOUT)?,
            _layout: PhantomData,
        })
    }

    /// A read-only view of the elements.
    pub fn view(&self) -> View<'a, L::Elem, R, L::Order> {
        // SAFETY: a tensor's view is over `L::LAYOUT`.
        unsafe { with_const_layout::<L, R, Shared>(self.view) }
    }
}

impl<'a, L: StaticLayout<R>, const R: usize> Tensor<'a, L, R, Unique> {
    /// The mutable tensor over `data`, whose length must be `L::LEN`.
    pub fn new_mut(data: &'a mut [L::Elem]) -> Result<Self, LayoutError> {
        check_len::<R, L>(data.len())?;
        Ok(Tensor {
            view: ViewMut::from_slice(data, L::LAYOUT)?,
            _layout: PhantomData,
        })
    }

    /// A read-only view of the elements, for a borrow of the tensor (as an
    /// ndarray `ArrayViewMut`'s `view()`).
    ///
    /// ```
    /// use stride_core::{Layout, C, Shape1, StaticLayout, Tensor, const_unwrap};
    /// # use stride_core::{typenum, StaticSize};
    /// # #[derive(Clone, Copy, Default)] struct V4;
    /// # impl StaticSize for V4 { type Shape = Shape1<4>; type Count = typenum::U4; }
    /// # impl StaticLayout<1> for V4 { type Elem = i32; type Order = C;
    /// #   const LAYOUT: Layout<1, C> = const_unwrap(Layout::c([4])); }
    /// // (`layout! { struct V4 = i32[4]; }` declares this.)
    /// let mut data = [1, 2, 3, 4];
    /// let mut t = Tensor::<V4, 1, _>::new_mut(&mut data)?;
    /// t.view_mut()[[0]] = 10;
    /// assert_eq!(t.view().sum(), 19);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn view(&self) -> View<'_, L::Elem, R, L::Order> {
        self.view_ref()
    }

    /// A mutable view of the elements.
    pub fn view_mut(&mut self) -> ViewMut<'_, L::Elem, R, L::Order> {
        // SAFETY: a tensor's view is over `L::LAYOUT`.
        unsafe { with_const_layout::<L, R, Unique>(self.view.reborrow()) }
    }
}

impl<'a, L: StaticLayout<R>, const R: usize, M: Mutability> Tensor<'a, L, R, M> {
    /// A read-only view for a borrow of the tensor (shared or unique).
    pub(crate) fn view_ref(&self) -> View<'_, L::Elem, R, L::Order> {
        // SAFETY: a tensor's view is over `L::LAYOUT`.
        unsafe { with_const_layout::<L, R, Shared>(self.view.view_shared()) }
    }

    /// The view, given up.
    pub fn into_view(self) -> ViewBase<'a, L::Elem, R, L::Order, M> {
        // SAFETY: a tensor's view is over `L::LAYOUT`.
        unsafe { with_const_layout::<L, R, M>(self.view) }
    }

    /// The same elements as the packed static layout `L2`, of the same order and
    /// element count: free, and checked by the type system (`cargo check` reports
    /// a count mismatch, naming both shapes).
    ///
    /// # Panics
    /// If an implementation of [`Packed`] is false (its layout is not packed): a
    /// bug in that implementation, never an out-of-bounds access.
    pub fn reshape<L2, const Q: usize>(self) -> Tensor<'a, L2, Q, M>
    where
        L: Packed<R> + ReshapeTo<L2>,
        L2: Packed<Q> + StaticLayout<Q, Elem = L::Elem, Order = L::Order>,
    {
        let view = self
            .view
            .relayout_checked(L2::LAYOUT)
            .expect("a `Packed` layout covers its buffer exactly");
        Tensor {
            view,
            _layout: PhantomData,
        }
    }
}
