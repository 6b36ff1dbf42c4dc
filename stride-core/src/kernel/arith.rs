//! Arithmetic operators on arrays and views, as ndarray users write them:
//! `&a + &b` (broadcasting, into a new array: F-ordered when both operands'
//! types keep F, C otherwise, see [`Kept2`]), `&a * 2.0`, `2.0 * &a`,
//! `a *= 2.0`, `a += &b.t()`. They run on the loop engine: memory order, tiles for
//! transposes, one pass and no temporary.
//!
//! A binary operator has no `Result` to return: shapes that do not broadcast
//! panic at the operator's line with both shapes in the message. Use
//! [`zip_with`](crate::ViewBase::zip_with) and
//! [`zip_assign`](crate::ViewBase::zip_assign) for a `Result`.

use core::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Sub, SubAssign};

use crate::array::Array;
use crate::error::LayoutError;
use crate::order::{Kept, Kept2, OrderMarker};
use crate::view::{Mutability, Unique, ViewBase};

/// The element types that combine with arrays as scalars (`&a * 2.0`): the
/// primitive numbers.
pub trait Scalar: Copy + 'static {}

macro_rules! scalars {
    ($($t:ty)*) => {$( impl Scalar for $t {} )*};
}
scalars!(f32 f64 i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

#[track_caller]
fn broadcast_failed(a: &[usize], b: &[usize], e: LayoutError) -> ! {
    panic!("operands could not be broadcast together with shapes {a:?} and {b:?}: {e}")
}

macro_rules! binary {
    ($Op:ident, $op:ident, $OpAssign:ident, $op_assign:ident, $sym:tt) => {
        impl<T, const R: usize, O, P, M, M2> $Op<&ViewBase<'_, T, R, P, M2>> for &ViewBase<'_, T, R, O, M>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M: Mutability,
            M2: Mutability,
        {
            type Output = Array<T, R, Kept2<O, P>>;
            #[track_caller]
            fn $op(self, rhs: &ViewBase<'_, T, R, P, M2>) -> Array<T, R, Kept2<O, P>> {
                self.zip_with(rhs, |&a, &b| a $sym b)
                    .unwrap_or_else(|e| broadcast_failed(self.shape(), rhs.shape(), e))
            }
        }

        impl<T, const R: usize, O, P> $Op<&Array<T, R, P>> for &Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
        {
            type Output = Array<T, R, Kept2<O, P>>;
            #[track_caller]
            fn $op(self, rhs: &Array<T, R, P>) -> Array<T, R, Kept2<O, P>> {
                &self.view() $sym &rhs.view()
            }
        }

        impl<T, const R: usize, O, P, M2> $Op<&ViewBase<'_, T, R, P, M2>> for &Array<T, R, O>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M2: Mutability,
        {
            type Output = Array<T, R, Kept2<O, P>>;
            #[track_caller]
            fn $op(self, rhs: &ViewBase<'_, T, R, P, M2>) -> Array<T, R, Kept2<O, P>> {
                &self.view() $sym rhs
            }
        }

        impl<T, const R: usize, O, P, M> $Op<&Array<T, R, P>> for &ViewBase<'_, T, R, O, M>
        where
            T: Copy + $Op<Output = T>,
            O: OrderMarker,
            P: OrderMarker,
            M: Mutability,
        {
            type Output = Array<T, R, Kept2<O, P>>;
            #[track_caller]
            fn $op(self, rhs: &Array<T, R, P>) -> Array<T, R, Kept2<O, P>> {
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
            fn $op(self, rhs: T) -> Array<T, R, Kept<O>> {
                // The only error of `map` is an allocation failure, which
                // `Vec` also turns into an abort.
                self.map(|&a| a $sym rhs).unwrap_or_else(|e| panic!("{e}"))
            }
        }

        impl<T, const R: usize, O> $Op<T> for &Array<T, R, O>
        where
            T: Scalar + $Op<Output = T>,
            O: OrderMarker,
        {
            type Output = Array<T, R, Kept<O>>;
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

/// `2.0 * &a`: a scalar on the left, for each primitive number.
macro_rules! scalar_left {
    ($($t:ty)*) => {$(
        impl<const R: usize, O: OrderMarker, M: Mutability> Add<&ViewBase<'_, $t, R, O, M>> for $t {
            type Output = Array<$t, R, Kept<O>>;
            fn add(self, rhs: &ViewBase<'_, $t, R, O, M>) -> Array<$t, R, Kept<O>> {
                rhs.map(|&b| self + b).unwrap_or_else(|e| panic!("{e}"))
            }
        }
        impl<const R: usize, O: OrderMarker, M: Mutability> Mul<&ViewBase<'_, $t, R, O, M>> for $t {
            type Output = Array<$t, R, Kept<O>>;
            fn mul(self, rhs: &ViewBase<'_, $t, R, O, M>) -> Array<$t, R, Kept<O>> {
                rhs.map(|&b| self * b).unwrap_or_else(|e| panic!("{e}"))
            }
        }
        impl<const R: usize, O: OrderMarker> Add<&Array<$t, R, O>> for $t {
            type Output = Array<$t, R, Kept<O>>;
            fn add(self, rhs: &Array<$t, R, O>) -> Array<$t, R, Kept<O>> {
                self + &rhs.view()
            }
        }
        impl<const R: usize, O: OrderMarker> Mul<&Array<$t, R, O>> for $t {
            type Output = Array<$t, R, Kept<O>>;
            fn mul(self, rhs: &Array<$t, R, O>) -> Array<$t, R, Kept<O>> {
                self * &rhs.view()
            }
        }
    )*};
}
scalar_left!(f32 f64 i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);
