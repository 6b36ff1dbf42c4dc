//! Kernel operand lengths the type checker knows: a [`Tensor`] over a static
//! layout has each axis's length in its type ([`StaticAxis`]), so the
//! `kernel!` expansion asks the type checker whether the operands sharing an
//! index letter agree. A mismatch between static lengths is then a compile
//! error at the offending operand (under `cargo check` and rust-analyzer too);
//! any operand whose length is known only at run time agrees with everything
//! here and is checked when the kernel runs.

use core::marker::PhantomData;
use core::ops::BitOr;
use std::cell::{Ref, RefMut};
use std::rc::Rc;
use std::sync::Arc;

use typenum::{B1, IsEqual, U1};

use crate::array::Array;
use crate::fixed::{StaticAxis, StaticLayout, Tensor};
use crate::order::OrderMarker;
use crate::view::{Mutability, ViewBase};

/// A length known only at run time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Dyn;

/// A length in the type: `U` (a `typenum` number) shown as `D` (a
/// [`Dim`](crate::Dim)).
#[derive(Clone, Copy, Debug, Default)]
pub struct Static<U, D>(PhantomData<(U, D)>);

/// The length of axis `K` of a kernel operand as a type: [`Dyn`] for views
/// and arrays, [`Static`] for tensors over static layouts.
pub trait AxisLen<const K: usize> {
    /// [`Dyn`] or [`Static`].
    type Len;
}

impl<T, const R: usize, O: OrderMarker, M: Mutability, const K: usize> AxisLen<K>
    for ViewBase<'_, T, R, O, M>
{
    type Len = Dyn;
}

impl<T, const R: usize, O: OrderMarker, const K: usize> AxisLen<K> for Array<T, R, O> {
    type Len = Dyn;
}

impl<L, const R: usize, M: Mutability, const K: usize> AxisLen<K> for Tensor<'_, L, R, M>
where
    L: StaticLayout<R> + StaticAxis<K>,
{
    type Len = Static<<L as StaticAxis<K>>::Len, <L as StaticAxis<K>>::Shown>;
}

macro_rules! len_through {
    ($($ty:ty),*) => {$(
        impl<const K: usize, X: AxisLen<K> + ?Sized> AxisLen<K> for $ty {
            type Len = X::Len;
        }
    )*};
}

len_through!(&X, &mut X, Box<X>, Rc<X>, Arc<X>, Ref<'_, X>, RefMut<'_, X>);

/// `typenum`'s equality of two numbers, as a bit.
type Same<A, B> = <A as IsEqual<B>>::Output;
/// `typenum`'s or of two bits.
type Either<A, B> = <A as BitOr<B>>::Output;

/// Two input lengths of one index letter agree: equal, or one of them 1 (it
/// broadcasts), or either known only at run time.
pub trait Agree<B> {}

impl<B> Agree<B> for Dyn {}
impl<U, D> Agree<Dyn> for Static<U, D> {}
impl<UA, DA, UB, DB> Agree<Static<UB, DB>> for Static<UA, DA>
where
    UA: IsEqual<UB> + IsEqual<U1>,
    UB: IsEqual<U1>,
    Same<UA, U1>: BitOr<Same<UB, U1>>,
    Same<UA, UB>: BitOr<Either<Same<UA, U1>, Same<UB, U1>>>,
    Either<Same<UA, UB>, Either<Same<UA, U1>, Same<UB, U1>>>: Broadcasts<DA, DB>,
{
}

/// Implemented by `typenum::True` only: the outcome of comparing two static
/// input lengths of one letter, behind [`Agree`], so that a mismatch names
/// both lengths.
#[diagnostic::on_unimplemented(
    message = "kernel operands disagree at compile time: static lengths `{A}` and `{B}` for one index letter",
    label = "this operand's length is `{B}`, another's is `{A}`",
    note = "only a length of 1 broadcasts"
)]
pub trait Broadcasts<A, B> {}

impl<A, B> Broadcasts<A, B> for B1 {}

/// The output's length of a letter agrees with an input's: equal, or the
/// input's 1 (the output never broadcasts), or either known only at run time.
pub trait Fits<B> {}

impl<B> Fits<B> for Dyn {}
impl<U, D> Fits<Dyn> for Static<U, D> {}
impl<UA, DA, UB, DB> Fits<Static<UB, DB>> for Static<UA, DA>
where
    UA: IsEqual<UB>,
    UB: IsEqual<U1>,
    Same<UA, UB>: BitOr<Same<UB, U1>>,
    Either<Same<UA, UB>, Same<UB, U1>>: OutputFits<DA, DB>,
{
}

/// Implemented by `typenum::True` only, behind [`Fits`].
#[diagnostic::on_unimplemented(
    message = "kernel output of static length `{A}` cannot take an input of static length `{B}` for one index letter",
    label = "this operand's length is `{B}`, the output's is `{A}`",
    note = "the output never broadcasts; an input broadcasts only from length 1"
)]
pub trait OutputFits<A, B> {}

impl<A, B> OutputFits<A, B> for B1 {}

/// Checks (in the type checker) that axis `KA` of `a` and axis `KB` of `b`,
/// two inputs indexed by one letter, can agree.
pub fn agree<const KA: usize, const KB: usize, A, B>(_: &A, _: &B)
where
    A: AxisLen<KA> + ?Sized,
    B: AxisLen<KB> + ?Sized,
    A::Len: Agree<B::Len>,
{
}

/// Checks (in the type checker) that axis `KB` of input `b` fits axis `KA` of
/// the output `a`, both indexed by one letter.
pub fn fits<const KA: usize, const KB: usize, A, B>(_: &A, _: &B)
where
    A: AxisLen<KA> + ?Sized,
    B: AxisLen<KB> + ?Sized,
    A::Len: Fits<B::Len>,
{
}

/// The check of one input against a letter's output length `Self` and the
/// letter's first input `F`: against the output when its length is in its
/// type (the output decides, and never broadcasts), else against the first
/// input. One check (one error) per input and letter.
pub trait Consistent<F, B> {}

impl<F: Agree<B>, B> Consistent<F, B> for Dyn {}
impl<U, D, F, B> Consistent<F, B> for Static<U, D> where Static<U, D>: Fits<B> {}

/// Checks (in the type checker) axis `KB` of input `b` against axis `KO` of
/// the output `o` and axis `KF` of the letter's first input `f`.
pub fn consistent<const KO: usize, const KF: usize, const KB: usize, O, F, B>(_: &O, _: &F, _: &B)
where
    O: AxisLen<KO> + ?Sized,
    F: AxisLen<KF> + ?Sized,
    B: AxisLen<KB> + ?Sized,
    O::Len: Consistent<F::Len, B::Len>,
{
}
