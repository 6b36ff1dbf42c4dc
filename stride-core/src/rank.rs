//! Rank arithmetic in the type system: the result rank of an operation that adds or
//! removes axes is computed by the compiler from the input rank, so it is inferred
//! (no turbofish) and a rank mistake is a type error at the caller's line, which
//! `cargo check` and rust-analyzer report.
//!
//! Stable Rust cannot compute `R + 1` in a type, so the sums and differences are
//! tables: [`RankAdd`] and [`RankSub`] are implemented for every pair of ranks up
//! to [`MAX_RANK`]. Generic code states the step it needs as a bound:
//!
//! ```
//! use stride_core::{Layout, LayoutError, Rank, RankSub};
//!
//! /// The first row of any layout of rank >= 1, one rank lower.
//! fn first<const R: usize, const Q: usize>(l: Layout<R>) -> Result<Layout<Q>, LayoutError>
//! where
//!     Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
//! {
//!     l.index_axis(0, 0)
//! }
//!
//! let row = first(Layout::c([3, 4])?.strided())?; // Layout<1>, inferred
//! assert_eq!(row.shape(), &[4]);
//! # Ok::<(), LayoutError>(())
//! ```
//!
//! Asking for the wrong rank does not compile:
//!
//! ```compile_fail,E0308
//! use stride_core::Layout;
//! let a = Layout::c([3, 4]).unwrap();
//! let row: Layout<2> = a.index_axis(0, 0).unwrap(); // expected `2`, found `1`
//! ```

use crate::order::{ContiguousOrder, Kept, Kept2, OrderMarker};

/// A rank as a type, for the tables [`RankAdd`] and [`RankSub`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rank<const N: usize>;

/// The largest rank the tables cover (NumPy 1.x's `NPY_MAXDIMS`). Operations that
/// keep the rank work at any rank; those that change it need both ranks here.
pub const MAX_RANK: usize = 32;

/// `Self + Rhs`, for ranks whose sum is at most [`MAX_RANK`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` plus `{Rhs}` is over the maximum rank of 32",
    label = "this operation adds axes past the maximum rank"
)]
pub trait RankAdd<Rhs> {
    /// The sum.
    type Output;
}

/// `Self - Rhs`, for `Rhs <= Self <= MAX_RANK`.
#[diagnostic::on_unimplemented(
    message = "a layout of `{Self}` has too few axes for this operation, which consumes `{Rhs}`",
    label = "needs a layout with more axes"
)]
pub trait RankSub<Rhs> {
    /// The difference.
    type Output;
}

/// `max(Self, Rhs)`: the rank of two operands broadcast together (NumPy's
/// rule: the lower rank gains leading axes of length 1), for ranks up to
/// [`MAX_RANK`], and equal ranks at any rank. The operators use it: `&a + &row`
/// of ranks 2 and 1 is of rank 2.
#[diagnostic::on_unimplemented(
    message = "no broadcast rank is known for `{Self}` with `{Rhs}`",
    label = "operands of these ranks",
    note = "in code generic over two ranks, add the bound `Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>`; known ranks are covered up to 32"
)]
pub trait RankMax<Rhs> {
    /// The larger rank.
    type Output;
    /// The order of a new array computed from operands of these ranks marked
    /// `O` and `P` (NumPy's `order='K'`, as the type knows it): the order the
    /// operand of the larger rank keeps ([`Kept`]); of two equal ranks,
    /// [`Kept2`]. An F image plus a row is F.
    type Kept<O: OrderMarker, P: OrderMarker>: ContiguousOrder;
}

/// The order of a new array from operands of ranks `R` and `Q` marked `O` and
/// `P` (see [`RankMax::Kept`]).
pub(crate) type KeptMax<const R: usize, const Q: usize, O, P> =
    <Rank<R> as RankMax<Rank<Q>>>::Kept<O, P>;

/// Row `a` of the table of [`RankMax`]: the ranks below `a`, then those above.
macro_rules! rank_max_row {
    ($a:literal; [$($lo:literal)*] [$($hi:literal)*]) => {
        $(
            impl RankMax<Rank<$lo>> for Rank<$a> {
                type Output = Rank<$a>;
                type Kept<O: OrderMarker, P: OrderMarker> = Kept<O>;
            }
        )*
        $(
            impl RankMax<Rank<$hi>> for Rank<$a> {
                type Output = Rank<$hi>;
                type Kept<O: OrderMarker, P: OrderMarker> = Kept<P>;
            }
        )*
    };
}

/// Equal ranks, at any rank (so that generic code over one rank `R` needs no
/// bound): the rank itself.
impl<const R: usize> RankMax<Rank<R>> for Rank<R> {
    type Output = Rank<R>;
    type Kept<O: OrderMarker, P: OrderMarker> = Kept2<O, P>;
}

// Every pair of different ranks up to MAX_RANK (32).
#[rustfmt::skip]
mod max_table {
    use super::{Kept, OrderMarker, Rank, RankMax};
rank_max_row!(0; [] [1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(1; [0] [2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(2; [0 1] [3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(3; [0 1 2] [4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(4; [0 1 2 3] [5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(5; [0 1 2 3 4] [6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(6; [0 1 2 3 4 5] [7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(7; [0 1 2 3 4 5 6] [8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(8; [0 1 2 3 4 5 6 7] [9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(9; [0 1 2 3 4 5 6 7 8] [10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(10; [0 1 2 3 4 5 6 7 8 9] [11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(11; [0 1 2 3 4 5 6 7 8 9 10] [12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(12; [0 1 2 3 4 5 6 7 8 9 10 11] [13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(13; [0 1 2 3 4 5 6 7 8 9 10 11 12] [14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(14; [0 1 2 3 4 5 6 7 8 9 10 11 12 13] [15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(15; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14] [16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(16; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15] [17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(17; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16] [18 19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(18; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17] [19 20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(19; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18] [20 21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(20; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19] [21 22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(21; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20] [22 23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(22; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21] [23 24 25 26 27 28 29 30 31 32]);
rank_max_row!(23; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22] [24 25 26 27 28 29 30 31 32]);
rank_max_row!(24; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23] [25 26 27 28 29 30 31 32]);
rank_max_row!(25; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24] [26 27 28 29 30 31 32]);
rank_max_row!(26; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25] [27 28 29 30 31 32]);
rank_max_row!(27; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26] [28 29 30 31 32]);
rank_max_row!(28; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27] [29 30 31 32]);
rank_max_row!(29; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28] [30 31 32]);
rank_max_row!(30; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29] [31 32]);
rank_max_row!(31; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30] [32]);
rank_max_row!(32; [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31] []);
}

/// Row `a` of the tables: `a + b` and `(a + b) - b` for each `b` given.
macro_rules! rank_row {
    ($a:literal; $($b:literal)*) => {$(
        impl RankAdd<Rank<$b>> for Rank<$a> {
            type Output = Rank<{ $a + $b }>;
        }
        impl RankSub<Rank<$b>> for Rank<{ $a + $b }> {
            type Output = Rank<$a>;
        }
    )*};
}

// Every pair with a sum of at most MAX_RANK (32).
#[rustfmt::skip]
mod table {
    use super::{Rank, RankAdd, RankSub};
rank_row!(0; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);
rank_row!(1; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31);
rank_row!(2; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30);
rank_row!(3; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29);
rank_row!(4; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28);
rank_row!(5; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27);
rank_row!(6; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26);
rank_row!(7; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25);
rank_row!(8; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24);
rank_row!(9; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23);
rank_row!(10; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22);
rank_row!(11; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21);
rank_row!(12; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20);
rank_row!(13; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19);
rank_row!(14; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18);
rank_row!(15; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17);
rank_row!(16; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
rank_row!(17; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
rank_row!(18; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14);
rank_row!(19; 0 1 2 3 4 5 6 7 8 9 10 11 12 13);
rank_row!(20; 0 1 2 3 4 5 6 7 8 9 10 11 12);
rank_row!(21; 0 1 2 3 4 5 6 7 8 9 10 11);
rank_row!(22; 0 1 2 3 4 5 6 7 8 9 10);
rank_row!(23; 0 1 2 3 4 5 6 7 8 9);
rank_row!(24; 0 1 2 3 4 5 6 7 8);
rank_row!(25; 0 1 2 3 4 5 6 7);
rank_row!(26; 0 1 2 3 4 5 6);
rank_row!(27; 0 1 2 3 4 5);
rank_row!(28; 0 1 2 3 4);
rank_row!(29; 0 1 2 3);
rank_row!(30; 0 1 2);
rank_row!(31; 0 1);
rank_row!(32; 0);
}
