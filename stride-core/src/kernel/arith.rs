//! Arithmetic operators on arrays and views, as ndarray users write them:
//! `&a + &b` (broadcasting, into a new array: F-ordered when both operands'
//! types keep F, C otherwise, see [`Kept2`](crate::order::Kept2); of two
//! ranks, the order the higher-ranked one keeps, see
//! [`RankMax::Kept`](crate::RankMax::Kept)), `&a * 2.0`, `2.0 * &a`,
//! `a *= 2.0`, `a += &b.t()`, `v -= &b` for a mutable view `v` (an array or
//! a view on either side of each compound assignment). They run on the loop engine: memory order, tiles for
//! transposes, one pass and no temporary.
//!
//! Every operator Rust has for numbers: `+ - * / %`, the bitwise `& | ^ << >>`,
//! each with its compound assignment, and the unary `-` and `!`. Between two
//! arrays they take any element type with the operator (`bool` masks: `&m & &n`,
//! `!&m`); with a scalar, the primitive numbers, the scalar of the element's
//! own type (a shift of `i64`s by `2`, an `i64`). A scalar may stand on either
//! side (`1.0 - &a`, `255 ^ &img`). Operands may have different ranks,
//! broadcast by NumPy's rule (`&image + &row`: the result has the larger rank,
//! [`RankMax`](crate::RankMax)). As in ndarray (`DimMax`), the rank of the
//! result comes from both operands, so an operand whose rank was left to be
//! inferred from the other's needs it stated (`&a + &load::<2>()`). An operand
//! given by value is reused, as in
//! ndarray: `a * 2.0`, `a + &b` and `&b - a` write into the owned array's
//! buffer and return it (its order marker, its layout) when the result has its
//! shape, so a chain such as `(&x * 2.0 + 48.0) / 3.0` allocates once; when
//! the other operand broadcasts it up, into a new array of its order. With
//! both by value (`row + image`), the left's buffer, else the right's when it
//! has the result's shape and the left's order (the result's type).
//!
//! ```
//! use stride_core::{Array, F};
//! let a = Array::<f64, 2, F>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
//! let p = a.as_ptr();
//! let b = -(a * 2.0 + 1.0); // by value: a's buffer, still F
//! assert_eq!(b.as_ptr(), p);
//! assert_eq!(b[[1, 2]], -11.0);
//! let c = 1.0 - &b; // a new array
//! assert_eq!(c[[1, 2]], 12.0);
//! let m = Array::<u8, 2>::from_fn([2, 2], |[i, j]| (i * 2 + j) as u8)?;
//! assert_eq!((!&m).as_slice(), &[255, 254, 253, 252]);
//! assert_eq!((&m << 4u8 | 1).as_slice(), &[1, 17, 33, 49]);
//! let row = Array::<u8, 1>::from_vec([2], vec![10, 20])?;
//! assert_eq!((&m + &row).as_slice(), &[10, 21, 12, 23]); // ranks 2 and 1
//! # Ok::<(), stride_core::LayoutError>(())
//! ```
//!
//! Integer operators are Rust's: an overflow panics in a debug build (inside
//! the library's loop, not at the operator's line) and wraps in a release
//! one, and a division by zero panics, as for ndarray's arrays; NumPy wraps.
//! For wrapping in every build, `a.map(|x| x.wrapping_add(1))`.
//!
//! A binary operator has no `Result` to return: shapes that do not broadcast
//! panic at the operator's line with both shapes in the message. Use
//! [`zip_with`](crate::ViewBase::zip_with) and
//! [`zip_assign`](crate::ViewBase::zip_assign) for a `Result`.

use core::ops::{
    Add, AddAssign, BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Div, DivAssign,
    Mul, MulAssign, Neg, Not, Rem, RemAssign, Shl, ShlAssign, Shr, ShrAssign, Sub, SubAssign,
};

use crate::array::Array;
use crate::error::LayoutError;
use crate::order::{Kept, OrderMarker};
use crate::rank::{KeptMax, Rank, RankMax};
use crate::view::{Mutability, Unique, ViewBase};

/// The element types that combine with arrays as scalars (`&a * 2.0`): the
/// primitive numbers.
pub trait Scalar: Copy + 'static {}

macro_rules! scalars {
    ($($t:ty)*) => {$( impl Scalar for $t {} )*};
}
scalars!(f32 f64 i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

/// An operator's new array could not be made: its size in bytes is over
/// `isize::MAX` (a broadcast of a huge logical shape, say) or the allocator
/// refused it. An operator cannot return a `Result` (`map` and `zip_with`
/// do), so it panics with the error, at the operator's line, as `Vec` and
/// ndarray's operators do.
#[track_caller]
fn new_array_failed(e: LayoutError) -> ! {
    panic!("the operator's result could not be made: {e}")
}

#[track_caller]
fn broadcast_failed(a: &[usize], b: &[usize], e: LayoutError) -> ! {
    if let LayoutError::TooLarge | LayoutError::AllocationFailed { .. } = e {
        new_array_failed(e)
    }
    panic!("operands could not be broadcast together with shapes {a:?} and {b:?}: {e}")
}

/// `f(own[i], other[i])` for the operand a by-value operator owns: into its
/// own buffer, returned, when `other` broadcasts to its shape (the result then
/// has its rank, `N == R`); else into a new array of its order, of the shape
/// both broadcast to.
fn reuse_or_new<T, const R: usize, const Q: usize, const N: usize, O, P, M>(
    own: Array<T, R, O>,
    other: &ViewBase<'_, T, Q, P, M>,
    f: impl Fn(T, T) -> T,
) -> Result<Array<T, N, O>, LayoutError>
where
    T: Copy,
    O: OrderMarker,
    P: OrderMarker,
    M: Mutability,
{
    let own = if other.layout().broadcast_to(*own.shape()).is_ok() {
        match own.into_rank::<N>() {
            Ok(mut a) => {
                a.view_mut().zip_assign(other, |&x, &y| f(x, y))?;
                return Ok(a);
            }
            Err(own) => own,
        }
    } else {
        own
    };
    own.view()
        .zip_ranks::<_, _, _, N, _, _, Kept<O>>(other, |&x, &y| f(x, y))
        .and_then(Array::into_order)
}

macro_rules! binary {
    ($Op:ident, $op:ident, $OpAssign:ident, $op_assign:ident, $sym:tt) => {
        impl<T, const R: usize, const Q: usize, const N: usize, O, P, M, M2>
            $Op<&ViewBase<'_, T, Q, P, M2>> for &ViewBase<'_, T, R, O, M>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M: Mutability,
            M2: Mutability,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, KeptMax<R, Q, O, P>>;
            #[track_caller]
            fn $op(self, rhs: &ViewBase<'_, T, Q, P, M2>) -> Array<T, N, KeptMax<R, Q, O, P>> {
                match self.zip_ranks(rhs, |&a, &b| a $sym b) {
                    Ok(out) => out,
                    Err(e) => broadcast_failed(self.shape(), rhs.shape(), e),
                }
            }
        }

        impl<T, const R: usize, const Q: usize, const N: usize, O, P> $Op<&Array<T, Q, P>>
            for &Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, KeptMax<R, Q, O, P>>;
            #[track_caller]
            fn $op(self, rhs: &Array<T, Q, P>) -> Array<T, N, KeptMax<R, Q, O, P>> {
                &self.view() $sym &rhs.view()
            }
        }

        impl<T, const R: usize, const Q: usize, const N: usize, O, P, M2>
            $Op<&ViewBase<'_, T, Q, P, M2>> for &Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M2: Mutability,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, KeptMax<R, Q, O, P>>;
            #[track_caller]
            fn $op(self, rhs: &ViewBase<'_, T, Q, P, M2>) -> Array<T, N, KeptMax<R, Q, O, P>> {
                &self.view() $sym rhs
            }
        }

        impl<T, const R: usize, const Q: usize, const N: usize, O, P, M> $Op<&Array<T, Q, P>>
            for &ViewBase<'_, T, R, O, M>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M: Mutability,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, KeptMax<R, Q, O, P>>;
            #[track_caller]
            fn $op(self, rhs: &Array<T, Q, P>) -> Array<T, N, KeptMax<R, Q, O, P>> {
                self $sym &rhs.view()
            }
        }

        impl<T, const R: usize, O, M> $Op<T> for &ViewBase<'_, T, R, O, M>
        where
            T: Scalar + $Op<Output = T>,
            O: OrderMarker,
            M: Mutability,
        {
            type Output = Array<T, R, Kept<O>>;
            #[track_caller]
            #[inline]
            fn $op(self, rhs: T) -> Array<T, R, Kept<O>> {
                match self.map(|&a| a $sym rhs) {
                    Ok(out) => out,
                    Err(e) => new_array_failed(e),
                }
            }
        }

        impl<T, const R: usize, O> $Op<T> for &Array<T, R, O>
        where
            T: Scalar + $Op<Output = T>,
            O: OrderMarker,
        {
            type Output = Array<T, R, Kept<O>>;
            #[inline]
            fn $op(self, rhs: T) -> Array<T, R, Kept<O>> {
                &self.view() $sym rhs
            }
        }

        impl<T, const R: usize, const Q: usize, O, P, M2> $OpAssign<&ViewBase<'_, T, Q, P, M2>>
            for ViewBase<'_, T, R, O, Unique>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M2: Mutability,
        {
            #[track_caller]
            fn $op_assign(&mut self, rhs: &ViewBase<'_, T, Q, P, M2>) {
                if let Err(e) = self.zip_assign(rhs, |&a, &b| a $sym b) {
                    broadcast_failed(self.shape(), rhs.shape(), e)
                }
            }
        }

        impl<T, const R: usize, const Q: usize, O, P> $OpAssign<&Array<T, Q, P>>
            for ViewBase<'_, T, R, O, Unique>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
        {
            #[track_caller]
            fn $op_assign(&mut self, rhs: &Array<T, Q, P>) {
                self.$op_assign(&rhs.view());
            }
        }

        impl<T, const R: usize, O> $OpAssign<T> for ViewBase<'_, T, R, O, Unique>
        where
            T: Scalar + $Op<Output = T>,
            O: OrderMarker,
        {
            fn $op_assign(&mut self, rhs: T) {
                self.map_inplace(|a| *a = *a $sym rhs);
            }
        }

        impl<T, const R: usize, const Q: usize, O, P, M2> $OpAssign<&ViewBase<'_, T, Q, P, M2>>
            for Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M2: Mutability,
        {
            #[track_caller]
            fn $op_assign(&mut self, rhs: &ViewBase<'_, T, Q, P, M2>) {
                let mut v = self.view_mut();
                v.$op_assign(rhs);
            }
        }

        impl<T, const R: usize, const Q: usize, O, P> $OpAssign<&Array<T, Q, P>> for Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
        {
            #[track_caller]
            fn $op_assign(&mut self, rhs: &Array<T, Q, P>) {
                let mut v = self.view_mut();
                v.$op_assign(&rhs.view());
            }
        }

        impl<T, const R: usize, O> $Op<T> for Array<T, R, O>
        where
            T: Scalar + $Op<Output = T>,
            O: OrderMarker,
        {
            type Output = Array<T, R, O>;
            /// In place: the same buffer, returned.
            fn $op(mut self, rhs: T) -> Array<T, R, O> {
                self.view_mut().map_inplace(|a| *a = *a $sym rhs);
                self
            }
        }

        impl<T, const R: usize, const Q: usize, const N: usize, O, P, M2>
            $Op<&ViewBase<'_, T, Q, P, M2>> for Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M2: Mutability,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, O>;
            /// In place when `rhs` broadcasts to this array's shape; a new
            /// array (this array's order) otherwise.
            #[track_caller]
            fn $op(self, rhs: &ViewBase<'_, T, Q, P, M2>) -> Array<T, N, O> {
                let shape = *self.shape();
                match reuse_or_new(self, rhs, |a, b| a $sym b) {
                    Ok(out) => out,
                    Err(e) => broadcast_failed(&shape, rhs.shape(), e),
                }
            }
        }

        impl<T, const R: usize, const Q: usize, const N: usize, O, P> $Op<&Array<T, Q, P>>
            for Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, O>;
            #[track_caller]
            fn $op(self, rhs: &Array<T, Q, P>) -> Array<T, N, O> {
                self $sym &rhs.view()
            }
        }

        impl<T, const R: usize, const Q: usize, const N: usize, O, P> $Op<Array<T, Q, P>>
            for Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, O>;
            #[track_caller]
            fn $op(self, rhs: Array<T, Q, P>) -> Array<T, N, O> {
                if rhs.layout().broadcast_to(*self.shape()).is_ok() {
                    return self $sym &rhs.view();
                }
                // The left cannot hold the result: the right's buffer, when it
                // can and keeps the left's order (as ndarray, which reuses
                // either).
                match rhs.try_into_order::<O>() {
                    Ok(rhs) => {
                        let shape = *rhs.shape();
                        match reuse_or_new(rhs, &self.view(), |b, a| a $sym b) {
                            Ok(out) => out,
                            Err(e) => broadcast_failed(self.shape(), &shape, e),
                        }
                    }
                    Err(rhs) => self $sym &rhs.view(),
                }
            }
        }

        impl<T, const R: usize, const Q: usize, const N: usize, O, P, M>
            $Op<Array<T, Q, P>> for &ViewBase<'_, T, R, O, M>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M: Mutability,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, P>;
            /// Into `rhs`'s buffer when this view broadcasts to its shape; a
            /// new array (`rhs`'s order) otherwise.
            #[track_caller]
            fn $op(self, rhs: Array<T, Q, P>) -> Array<T, N, P> {
                let shape = *rhs.shape();
                match reuse_or_new(rhs, self, |b, a| a $sym b) {
                    Ok(out) => out,
                    Err(e) => broadcast_failed(self.shape(), &shape, e),
                }
            }
        }

        impl<T, const R: usize, const Q: usize, const N: usize, O, P> $Op<Array<T, Q, P>>
            for &Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
        {
            type Output = Array<T, N, P>;
            #[track_caller]
            fn $op(self, rhs: Array<T, Q, P>) -> Array<T, N, P> {
                &self.view() $sym rhs
            }
        }

        impl<T, const R: usize, O> $OpAssign<T> for Array<T, R, O>
        where
            T: Scalar + $Op<Output = T>,
            O: OrderMarker,
        {
            fn $op_assign(&mut self, rhs: T) {
                self.map_inplace(|a| *a = *a $sym rhs);
            }
        }
    };
}

binary!(Add, add, AddAssign, add_assign, +);
binary!(Sub, sub, SubAssign, sub_assign, -);
binary!(Mul, mul, MulAssign, mul_assign, *);
binary!(Div, div, DivAssign, div_assign, /);
binary!(Rem, rem, RemAssign, rem_assign, %);
binary!(BitAnd, bitand, BitAndAssign, bitand_assign, &);
binary!(BitOr, bitor, BitOrAssign, bitor_assign, |);
binary!(BitXor, bitxor, BitXorAssign, bitxor_assign, ^);
binary!(Shl, shl, ShlAssign, shl_assign, <<);
binary!(Shr, shr, ShrAssign, shr_assign, >>);

/// `-&a`, `!&a`, and by value `-a` (in place).
macro_rules! unary {
    ($Op:ident, $op:ident, $sym:tt) => {
        impl<T, const R: usize, O, M> $Op for &ViewBase<'_, T, R, O, M>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            M: Mutability,
        {
            type Output = Array<T, R, Kept<O>>;
            #[track_caller]
            fn $op(self) -> Array<T, R, Kept<O>> {
                match self.map(|&a| $sym a) {
                    Ok(out) => out,
                    Err(e) => new_array_failed(e),
                }
            }
        }

        impl<T, const R: usize, O> $Op for &Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
        {
            type Output = Array<T, R, Kept<O>>;
            fn $op(self) -> Array<T, R, Kept<O>> {
                $sym &self.view()
            }
        }

        impl<T, const R: usize, O> $Op for Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
        {
            type Output = Array<T, R, O>;
            /// In place: the same buffer, returned.
            fn $op(mut self) -> Array<T, R, O> {
                self.view_mut().map_inplace(|a| *a = $sym *a);
                self
            }
        }
    };
}
unary!(Neg, neg, -);
unary!(Not, not, !);

/// `2.0 * &a`, `1.0 - &a`, `2.0 * a`: a scalar on the left, for each primitive
/// number and each operator its type has (by value: in place).
macro_rules! scalar_left {
    ($Op:ident, $op:ident, $sym:tt; [$($t:ty)*]) => {$(
        impl<const R: usize, O: OrderMarker, M: Mutability> $Op<&ViewBase<'_, $t, R, O, M>> for $t {
            type Output = Array<$t, R, Kept<O>>;
            #[track_caller]
            fn $op(self, rhs: &ViewBase<'_, $t, R, O, M>) -> Array<$t, R, Kept<O>> {
                match rhs.map(|&b| self $sym b) {
                    Ok(out) => out,
                    Err(e) => new_array_failed(e),
                }
            }
        }
        impl<const R: usize, O: OrderMarker> $Op<&Array<$t, R, O>> for $t {
            type Output = Array<$t, R, Kept<O>>;
            fn $op(self, rhs: &Array<$t, R, O>) -> Array<$t, R, Kept<O>> {
                self $sym &rhs.view()
            }
        }
        impl<const R: usize, O: OrderMarker> $Op<Array<$t, R, O>> for $t {
            type Output = Array<$t, R, O>;
            // `self op b`, not `b op self`: for `-`, `/`, `%` and the shifts,
            // not the compound assignment clippy suggests.
            #[allow(clippy::assign_op_pattern)]
            fn $op(self, mut rhs: Array<$t, R, O>) -> Array<$t, R, O> {
                rhs.view_mut().map_inplace(|b| *b = self $sym *b);
                rhs
            }
        }
    )*};
}
macro_rules! scalar_left_all {
    ($($Op:ident $op:ident $sym:tt),*; $types:tt) => {$(
        scalar_left!($Op, $op, $sym; $types);
    )*};
}
scalar_left_all!(Add add +, Sub sub -, Mul mul *, Div div /, Rem rem %;
    [f32 f64 i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize]);
scalar_left_all!(BitAnd bitand &, BitOr bitor |, BitXor bitxor ^, Shl shl <<, Shr shr >>;
    [i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize]);
