//! What the `kernel!` macro's expansion needs from its operands: a view of any
//! array or view, with its rank checked by the type system against the number of
//! indices the kernel writes, and each operand's strides in the kernel's index
//! space (broadcasting length-1 axes, as NumPy does).

use core::cell::{Ref, RefMut};
use std::rc::Rc;
use std::sync::Arc;

use crate::array::Array;
use crate::error::LayoutError;
use crate::fixed::{StaticLayout, Tensor};
use crate::order::OrderMarker;
use crate::view::{Mutability, Unique, View, ViewBase, ViewMut};

/// An operand a kernel reads, indexed with `R` indices: arrays and views of rank
/// `R` (and references to them).
#[diagnostic::on_unimplemented(
    message = "this kernel operand is indexed by a list of length {R}, but it is not an array or view of rank {R}",
    label = "an index list of length {R} here"
)]
pub trait KernelRead<const R: usize> {
    /// The element type.
    type Elem;
    /// The order marker of its views (which may fix the loop order at compile
    /// time: operands that are all `C`, or all `F`, run as one flat loop).
    type Order: OrderMarker;
    /// A read-only view of the operand. A [`Tensor`]'s carries its type's
    /// layout as a constant: once inlined, a kernel's shapes, strides and trip
    /// counts are constants, and a small one is unrolled in full.
    fn kernel_view(&self) -> View<'_, Self::Elem, R, Self::Order>;
}

/// An operand a kernel writes, indexed with `R` indices: arrays and mutable
/// views of rank `R` (and mutable references to them).
#[diagnostic::on_unimplemented(
    message = "this kernel output is indexed by a list of length {R}, but it is not an array or mutable view of rank {R}",
    label = "written with an index list of length {R} here",
    note = "an output is written through `Array`, `&mut Array`, `ViewMut` or `&mut ViewMut`; not through a shared `&` to one"
)]
pub trait KernelWrite<const R: usize> {
    /// The element type.
    type Elem;
    /// The order marker of its views.
    type Order: OrderMarker;
    /// A mutable view of the operand (a [`Tensor`]'s with its layout a
    /// constant, as for [`KernelRead`]).
    fn kernel_view_mut(&mut self) -> ViewMut<'_, Self::Elem, R, Self::Order>;
}

impl<T, const R: usize, O: OrderMarker, M: Mutability> KernelRead<R> for ViewBase<'_, T, R, O, M> {
    type Elem = T;
    type Order = O;
    fn kernel_view(&self) -> View<'_, T, R, O> {
        self.view_shared()
    }
}

impl<T, const R: usize, O: OrderMarker> KernelRead<R> for Array<T, R, O> {
    type Elem = T;
    type Order = O;
    fn kernel_view(&self) -> View<'_, T, R, O> {
        self.view()
    }
}

impl<L: StaticLayout<R>, const R: usize, M: Mutability> KernelRead<R> for Tensor<'_, L, R, M> {
    type Elem = L::Elem;
    type Order = L::Order;
    fn kernel_view(&self) -> View<'_, L::Elem, R, L::Order> {
        self.view_ref()
    }
}

/// Through references and the standard smart pointers (a blanket impl over
/// `Deref` would make a rank mistake read as a missing `Deref`).
macro_rules! read_through {
    ($($ty:ty),*) => {$(
        impl<const R: usize, X: KernelRead<R> + ?Sized> KernelRead<R> for $ty {
            type Elem = X::Elem;
            type Order = X::Order;
            fn kernel_view(&self) -> View<'_, X::Elem, R, X::Order> {
                (**self).kernel_view()
            }
        }
    )*};
}

read_through!(&X, &mut X, Box<X>, Rc<X>, Arc<X>, Ref<'_, X>, RefMut<'_, X>);

impl<T, const R: usize, O: OrderMarker> KernelWrite<R> for ViewBase<'_, T, R, O, Unique> {
    type Elem = T;
    type Order = O;
    fn kernel_view_mut(&mut self) -> ViewMut<'_, T, R, O> {
        self.reborrow()
    }
}

impl<T, const R: usize, O: OrderMarker> KernelWrite<R> for Array<T, R, O> {
    type Elem = T;
    type Order = O;
    fn kernel_view_mut(&mut self) -> ViewMut<'_, T, R, O> {
        self.view_mut()
    }
}

impl<L: StaticLayout<R>, const R: usize> KernelWrite<R> for Tensor<'_, L, R, Unique> {
    type Elem = L::Elem;
    type Order = L::Order;
    fn kernel_view_mut(&mut self) -> ViewMut<'_, L::Elem, R, L::Order> {
        self.view_mut()
    }
}

macro_rules! write_through {
    ($($ty:ty),*) => {$(
        impl<const R: usize, X: KernelWrite<R> + ?Sized> KernelWrite<R> for $ty {
            type Elem = X::Elem;
            type Order = X::Order;
            fn kernel_view_mut(&mut self) -> ViewMut<'_, X::Elem, R, X::Order> {
                (**self).kernel_view_mut()
            }
        }
    )*};
}

write_through!(&mut X, Box<X>, RefMut<'_, X>);

/// One operand of a kernel as the macro wrote it: its name, and for each of
/// its axes the index letter (its position among the kernel's letters, below
/// `L`: its methods panic on a letter of `L` or more, which the `kernel!`
/// expansion never writes).
#[derive(Clone, Copy, Debug)]
pub struct OperandIndex<'n, const R: usize, const L: usize> {
    /// The operand's name.
    pub name: &'static str,
    /// The letter of each axis.
    pub letters: [usize; R],
    /// The names of the kernel's letters.
    pub names: &'n [&'static str; L],
}

impl<const R: usize, const L: usize> OperandIndex<'_, R, L> {
    /// The operand's strides in the kernel's index space of `L` letters: axis
    /// `k` is indexed by letter `letters[k]`; an axis of length 1 broadcasts
    /// (stride 0) against any extent; letters the operand does not use get
    /// stride 0; a letter used on two axes (a diagonal, `a[[i, i]]`) adds their
    /// strides. The error names the operand, the axis and the letter.
    ///
    /// ```
    /// use stride_core::kernel::OperandIndex;
    /// let names = ["i", "j"];
    /// // b[[j]] with b of length 4, in a kernel over i (3) and j (4).
    /// let b = OperandIndex { name: "b", letters: [1], names: &names };
    /// assert_eq!(b.strides_in(&[4], &[1], &[3, 4]), Ok([0, 1]));
    /// let err = b.strides_in(&[5], &[1], &[3, 4]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "kernel operand `b` has length 5 on axis 0, indexed by `j`, whose extent is 4 \
    ///      (only an input axis of length 1 broadcasts)"
    /// );
    /// ```
    // Always inlined, as `strides_out`: a `kernel!` over small static tensors
    // then folds the checks away. When the error path grew (the diagonal's
    // error), the inliner stopped taking them, and the report's group 11 went
    // from 2 to 14 ns (4x4 sum), 7 to 59 (`a + b.T`), 8 to 32 (`y += m x`).
    #[inline(always)]
    pub fn strides_in(
        &self,
        shape: &[usize; R],
        strides: &[isize; R],
        extents: &[usize; L],
    ) -> Result<[isize; L], LayoutError> {
        let mut out = [0isize; L];
        for k in 0..R {
            let l = self.letters[k];
            let (n, want) = (shape[k], extents[l]);
            if n == want {
                // An axis of length 0 or 1 never steps (its stride, however
                // large, is not added: `m[[i, i]]` of a 1x1 view).
                if n > 1 {
                    out[l] = out[l]
                        .checked_add(strides[k])
                        .ok_or(LayoutError::TooLarge)?;
                }
            } else if let Some(q) = (0..R).find(|&q| self.letters[q] == l && shape[q] != n) {
                // A letter an operand takes twice (a diagonal, `m[[i, i]]`)
                // needs equal lengths on its axes, as NumPy's `einsum('ii',
                // m)`; the diagonal then broadcasts as any axis (a 1x1 `m`).
                return Err(self.diagonal((q, shape[q]), (k, n)));
            } else if n != 1 {
                return Err(self.mismatch(k, n, want));
            }
        }
        Ok(out)
    }

    /// As [`strides_in`](Self::strides_in) for the output, which never
    /// broadcasts (NumPy's "non-broadcastable output operand"): every axis's
    /// length must be its letter's extent, so each output element is written
    /// for exactly one index.
    #[inline(always)]
    pub fn strides_out(
        &self,
        shape: &[usize; R],
        strides: &[isize; R],
        extents: &[usize; L],
    ) -> Result<[isize; L], LayoutError> {
        for k in 0..R {
            let (n, want) = (shape[k], extents[self.letters[k]]);
            if n != want {
                return Err(self.mismatch(k, n, want));
            }
        }
        self.strides_in(shape, strides, extents)
    }

    /// Axis `axis`, of length `len`, does not take its letter's `extent`.
    #[cold]
    fn mismatch(&self, axis: usize, len: usize, extent: usize) -> LayoutError {
        LayoutError::KernelExtent {
            operand: self.name,
            axis,
            len,
            letter: self.names[self.letters[axis]],
            extent,
            from: None,
        }
    }

    /// Two axes `(axis, len)` of this operand take one letter with unequal
    /// lengths.
    #[cold]
    fn diagonal(&self, a: (usize, usize), b: (usize, usize)) -> LayoutError {
        let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
        LayoutError::KernelDiagonal {
            operand: self.name,
            letter: self.names[self.letters[a.0]],
            axes: [first.0, second.0],
            lens: [first.1, second.1],
        }
    }
}

/// The extent of each of a kernel's `L` letters from `(letter, length)` pairs,
/// one per operand axis: the first length other than 1 (length-1 axes
/// broadcast), or 1.
///
/// ```
/// use stride_core::kernel::extents;
/// assert_eq!(extents::<2>(&[(0, 1), (1, 4), (0, 3)]), [3, 4]);
/// ```
///
/// # Panics
/// When a letter is `L` or more (the `kernel!` expansion numbers its letters
/// from 0 to `L - 1`).
pub fn extents<const L: usize>(uses: &[(usize, usize)]) -> [usize; L] {
    let mut out = [1usize; L];
    let mut set = [false; L];
    for &(letter, len) in uses {
        if len != 1 && !set[letter] {
            out[letter] = len;
            set[letter] = true;
        }
    }
    out
}

/// `e` with the operand and axis that set the disagreeing letter's extent
/// named ([`LayoutError::KernelExtent`]'s `from`): the first of `uses`
/// (`(letter, length)` pairs, as given to [`checked_extents`]) of that letter
/// and length whose owner in `owners` (`(operand, axis)`, one per use) has a
/// name (a new output, whose shape the inputs set, has none). Any other
/// error as it is.
///
/// ```
/// use stride_core::LayoutError;
/// use stride_core::kernel::extent_source;
/// let e = LayoutError::KernelExtent {
///     operand: "m", axis: 1, len: 4, letter: "j", extent: 5, from: None,
/// };
/// let named = extent_source(e, &["i", "j"], &[(0, 3), (1, 5), (0, 3), (1, 4)],
///     &[("out", 0), ("out", 1), ("m", 0), ("m", 1)]);
/// assert_eq!(
///     named.to_string(),
///     "kernel operand `m` has length 4 on axis 1, indexed by `j`, whose extent is 5, \
///      set by axis 1 of `out` (only an input axis of length 1 broadcasts)"
/// );
/// ```
#[cold]
pub fn extent_source(
    e: LayoutError,
    names: &[&'static str],
    uses: &[(usize, usize)],
    owners: &'static [(&'static str, usize)],
) -> LayoutError {
    let mut e = e;
    if let LayoutError::KernelExtent {
        letter,
        extent,
        from: from @ None,
        ..
    } = &mut e
        && *extent != 1
    {
        *from = uses
            .iter()
            .zip(owners)
            .find(|((l, n), (owner, _))| {
                names.get(*l) == Some(letter) && n == extent && !owner.is_empty()
            })
            .map(|(_, o)| o);
    }
    e
}

/// [`extents`], refused with [`LayoutError::TooLarge`] when the letters' box
/// holds more than `isize::MAX` elements (the lengths of its non-zero extents
/// multiplied, as NumPy's size rule). Each operand's size fits, but letters
/// taken from different operands multiply: `s += a[[i]] * b[[j]]` over two
/// long broadcasts visits their product.
///
/// ```
/// use stride_core::LayoutError;
/// use stride_core::kernel::checked_extents;
/// assert_eq!(checked_extents::<2>(&[(0, 3), (1, 4)]), Ok([3, 4]));
/// let huge = 1usize << 62;
/// assert_eq!(checked_extents::<2>(&[(0, 3), (1, huge)]), Err(LayoutError::TooLarge));
/// ```
///
/// # Panics
/// As [`extents`], when a letter is `L` or more.
pub fn checked_extents<const L: usize>(uses: &[(usize, usize)]) -> Result<[usize; L], LayoutError> {
    let out = extents::<L>(uses);
    crate::dims::checked_size(&out)?;
    Ok(out)
}
