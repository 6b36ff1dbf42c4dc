//! [`Zip`]: several arrays and views visited together, element by element, in
//! the memory order of the first (tiled when the others disagree on their
//! fastest axis), the read-only ones broadcast to its shape, as `ndarray`'s
//! `Zip` and NumPy's multi-operand iterator. One plan per call, never per
//! element.

use core::marker::PhantomData;

use super::nest::{Nest, Operands, Priority};
use super::tile_edge;
use crate::array::Array;
use crate::error::LayoutError;
use crate::layout::Layout;
use crate::order::{OrderMarker, Strided};
use crate::view::{Mutability, Unique, ViewBase};

mod sealed {
    pub trait Sealed {}
}

/// One operand of a [`Zip`]: where its elements are and what it yields. Sealed:
/// the parts are [`Shr`] and [`Mut`], made by [`IntoPart`] from arrays and
/// views, whose layouts the zip trusts.
pub trait Part<const R: usize>: sealed::Sealed {
    /// What the closure receives for each element: `&'a T` or `&'a mut T`.
    type Item;
    /// Whether the part may be broadcast (read-only parts only).
    const BROADCASTS: bool;
    /// The layout of the elements.
    fn layout(&self) -> Layout<R, Strided>;
    /// The same part over `layout`.
    ///
    /// # Safety
    /// Every offset `layout` reaches is one the part's own layout reaches (a
    /// broadcast of it, say), and, for a part that does not broadcast, no two
    /// indices of `layout` reach the same offset.
    unsafe fn relayout(self, layout: Layout<R, Strided>) -> Self;
    /// The item at `offset`.
    ///
    /// # Safety
    /// `offset` is one the part's layout reaches; for a mutable part, each
    /// offset is asked for at most once while its items live.
    unsafe fn item(&self, offset: isize) -> Self::Item;
}

/// A read-only operand of a [`Zip`]: yields `&'a T`.
#[derive(Debug)]
pub struct Shr<'a, T, const R: usize> {
    base: *const T,
    layout: Layout<R, Strided>,
    _borrow: PhantomData<&'a T>,
}

/// A mutable operand of a [`Zip`]: yields `&'a mut T`, each element once.
#[derive(Debug)]
pub struct Mut<'a, T, const R: usize> {
    base: *mut T,
    layout: Layout<R, Strided>,
    _borrow: PhantomData<&'a mut T>,
}

impl<T, const R: usize> sealed::Sealed for Shr<'_, T, R> {}
impl<T, const R: usize> sealed::Sealed for Mut<'_, T, R> {}

impl<'a, T, const R: usize> Part<R> for Shr<'a, T, R> {
    type Item = &'a T;
    const BROADCASTS: bool = true;
    fn layout(&self) -> Layout<R, Strided> {
        self.layout
    }
    unsafe fn relayout(self, layout: Layout<R, Strided>) -> Self {
        Shr { layout, ..self }
    }
    unsafe fn item(&self, offset: isize) -> &'a T {
        // SAFETY: an offset the layout reaches, in a buffer borrowed shared for
        // `'a` (the caller's promise and the constructor's).
        unsafe { &*self.base.offset(offset) }
    }
}

impl<'a, T, const R: usize> Part<R> for Mut<'a, T, R> {
    type Item = &'a mut T;
    const BROADCASTS: bool = false;
    fn layout(&self) -> Layout<R, Strided> {
        self.layout
    }
    unsafe fn relayout(self, layout: Layout<R, Strided>) -> Self {
        Mut { layout, ..self }
    }
    unsafe fn item(&self, offset: isize) -> &'a mut T {
        // SAFETY: an offset the unique layout reaches, in a buffer borrowed
        // exclusively for `'a`, asked for once (the caller's promise): no other
        // reference to this element exists.
        unsafe { &mut *self.base.offset(offset) }
    }
}

/// What can be zipped: arrays and views, by reference (`&a`, `&mut out`) or by
/// value (`a.view()`, `out.view_mut()`).
pub trait IntoPart<const R: usize> {
    /// The part.
    type Part: Part<R>;
    /// Converts.
    fn into_part(self) -> Self::Part;
}

impl<'a, T, const R: usize, O: OrderMarker, M: Mutability> IntoPart<R>
    for &'a ViewBase<'_, T, R, O, M>
{
    type Part = Shr<'a, T, R>;
    fn into_part(self) -> Shr<'a, T, R> {
        Shr {
            base: self.base_ptr(),
            layout: self.layout().strided(),
            _borrow: PhantomData,
        }
    }
}

impl<'a, T, const R: usize, O: OrderMarker> IntoPart<R> for &'a Array<T, R, O> {
    type Part = Shr<'a, T, R>;
    fn into_part(self) -> Shr<'a, T, R> {
        Shr {
            // The buffer's start: the layout's offset is added per item (the
            // array's `as_ptr` already points at that offset).
            base: self.view().base_ptr(),
            layout: self.layout().strided(),
            _borrow: PhantomData,
        }
    }
}

impl<'a, T, const R: usize, O: OrderMarker> IntoPart<R> for crate::View<'a, T, R, O> {
    type Part = Shr<'a, T, R>;
    fn into_part(self) -> Shr<'a, T, R> {
        Shr {
            base: self.base_ptr(),
            layout: self.layout().strided(),
            _borrow: PhantomData,
        }
    }
}

impl<'a, T, const R: usize, O: OrderMarker> IntoPart<R> for &'a mut ViewBase<'_, T, R, O, Unique> {
    type Part = Mut<'a, T, R>;
    fn into_part(self) -> Mut<'a, T, R> {
        Mut {
            base: self.base_mut_ptr(),
            layout: self.layout().strided(),
            _borrow: PhantomData,
        }
    }
}

impl<'a, T, const R: usize, O: OrderMarker> IntoPart<R> for ViewBase<'a, T, R, O, Unique> {
    type Part = Mut<'a, T, R>;
    fn into_part(mut self) -> Mut<'a, T, R> {
        Mut {
            base: self.base_mut_ptr(),
            layout: self.layout().strided(),
            _borrow: PhantomData,
        }
    }
}

impl<'a, T, const R: usize, O: OrderMarker> IntoPart<R> for &'a mut Array<T, R, O> {
    type Part = Mut<'a, T, R>;
    fn into_part(self) -> Mut<'a, T, R> {
        let layout = self.layout().strided();
        Mut {
            base: self.view_mut().base_mut_ptr(),
            layout,
            _borrow: PhantomData,
        }
    }
}

/// Several arrays and views visited together, in the memory order of the
/// first part: `Zip::from(&mut out).and(&a)?.and(&b.t())?.for_each(|o, &x,
/// &y| *o = x * y)`. Read-only parts broadcast to the first part's shape
/// (NumPy's rules); a mutable part must have that shape exactly (an error
/// otherwise: it would write an element more than once). Up to six parts.
///
/// ```
/// use stride_core::Array;
/// use stride_core::kernel::Zip;
/// let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
/// let row = Array::<f64, 1>::from_vec([3], vec![10.0, 20.0, 30.0])?;
/// let mut out = Array::<f64, 2>::zeros([3, 2])?;
/// let mut count = Array::<u32, 2>::zeros([3, 2])?;
/// // out = a.T * row[:, None], and a second output, in one pass.
/// let col = row.view().insert_axis::<2>(1)?;
/// Zip::from(&mut out)
///     .and(&a.t())?
///     .and(&col)?
///     .and(&mut count)?
///     .for_each(|o, &x, &r, c| {
///         *o = x * r;
///         *c += 1;
///     });
/// assert_eq!(out.as_slice(), &[0.0, 30.0, 20.0, 80.0, 60.0, 150.0]);
/// assert!(count.as_slice().iter().all(|&c| c == 1));
/// // A shape that does not broadcast is an error.
/// let three = Array::<f64, 1>::zeros([3])?;
/// assert!(Zip::from(&mut out).and(&three.view().insert_axis::<2>(0)?).is_err());
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
#[derive(Debug)]
pub struct Zip<P, const R: usize> {
    shape: [usize; R],
    parts: P,
}

impl<P0: Part<R>, const R: usize> Zip<(P0,), R> {
    /// A zip of one part, whose shape and memory order lead.
    pub fn from(p: impl IntoPart<R, Part = P0>) -> Self {
        let p = p.into_part();
        Zip {
            shape: *p.layout().shape(),
            parts: (p,),
        }
    }
}

/// `p` fitted to `shape`: broadcast when it may be, equal otherwise.
fn fit<const R: usize, P: Part<R>>(p: P, shape: [usize; R]) -> Result<P, LayoutError> {
    let l = p.layout();
    if *l.shape() == shape {
        return Ok(p);
    }
    if !P::BROADCASTS {
        crate::dims::same_shape(&shape, l.shape())?;
    }
    let b = l.broadcast_to(shape)?;
    // SAFETY: a broadcast of the part's own layout reaches only offsets that
    // layout reaches, and the part broadcasts (it is read-only).
    Ok(unsafe { p.relayout(b) })
}

macro_rules! zip_arity {
    ($($p:ident $x:ident $k:tt),+ ; $next:ident) => {
        impl<$($p: Part<R>),+, const R: usize> Zip<($($p,)+), R> {
            /// Adds a part: read-only parts broadcast to the zip's shape, mutable
            /// ones must have it.
            pub fn and<$next: Part<R>>(
                self,
                p: impl IntoPart<R, Part = $next>,
            ) -> Result<Zip<($($p,)+ $next,), R>, LayoutError> {
                let p = fit(p.into_part(), self.shape)?;
                let ($($x,)+) = self.parts;
                Ok(Zip { shape: self.shape, parts: ($($x,)+ p,) })
            }
        }
    };
}

macro_rules! zip_for_each {
    ($n:literal; $($p:ident $x:ident $k:tt),+) => {
        impl<$($p: Part<R>),+, const R: usize> Zip<($($p,)+), R> {
            /// Calls `f` once per index with each part's element, in the first
            /// part's memory order.
            pub fn for_each(self, mut f: impl FnMut($($p::Item),+)) {
                let ($($x,)+) = self.parts;
                let ops = Operands::<$n, R> {
                    shape: self.shape,
                    strides: [$(*$x.layout().strides()),+],
                    offsets: [$($x.layout().offset()),+],
                };
                let nest = Nest::plan(&ops, Priority::Operand(0), tile_edge::<u64>());
                for (off, len, st) in nest.run_iter() {
                    for k in 0..len as isize {
                        // SAFETY: each index once, each part at an offset its layout
                        // reaches; mutable parts are unique, unbroadcast, distinct
                        // exclusive borrows: no element both read and written.
                        unsafe { f($($x.item(off[$k] + k * st[$k])),+) };
                    }
                }
            }
        }
    };
}

zip_arity!(P0 p0 0; P1);
zip_arity!(P0 p0 0, P1 p1 1; P2);
zip_arity!(P0 p0 0, P1 p1 1, P2 p2 2; P3);
zip_arity!(P0 p0 0, P1 p1 1, P2 p2 2, P3 p3 3; P4);
zip_arity!(P0 p0 0, P1 p1 1, P2 p2 2, P3 p3 3, P4 p4 4; P5);

zip_for_each!(1; P0 p0 0);
zip_for_each!(2; P0 p0 0, P1 p1 1);
zip_for_each!(3; P0 p0 0, P1 p1 1, P2 p2 2);
zip_for_each!(4; P0 p0 0, P1 p1 1, P2 p2 2, P3 p3 3);
zip_for_each!(5; P0 p0 0, P1 p1 1, P2 p2 2, P3 p3 3, P4 p4 4);
zip_for_each!(6; P0 p0 0, P1 p1 1, P2 p2 2, P3 p3 3, P4 p4 4, P5 p5 5);
