//! The `rayon` feature: library operations whose outer blocks run on
//! several threads. The operands are split in halves along the output's
//! memory-outermost axis (the one with the largest stride), recursively, with
//! `rayon::join`, until a block is small; each block then runs the serial loop
//! engine. A mutable operand is split into disjoint mutable views
//! ([`split_at`](ViewBase::split_at)), so no two threads touch one element.

use core::ops::Add;

use num_traits::Zero;

use crate::error::LayoutError;
use crate::order::{OrderMarker, Strided};
use crate::view::{Mutability, Shared, Unique, View, ViewBase, ViewMut};

/// Blocks with fewer elements than this run on one thread.
const MIN_BLOCK: usize = 1 << 15;

/// The most blocks per thread: a few, so that a thread that finishes early
/// (on a shared machine) takes over some of another's.
const BLOCKS_PER_THREAD: usize = 4;

/// Operands that split together along one axis.
trait Split: Sized + Send {
    /// The elements of the block.
    fn size(&self) -> usize;
    /// The length along `axis`.
    fn len(&self, axis: usize) -> usize;
    /// The two halves `[..mid]` and `[mid..]` along `axis`.
    fn halves(self, axis: usize, mid: usize) -> (Self, Self);
}

impl<T: Send, const R: usize> Split for ViewMut<'_, T, R, Strided> {
    fn size(&self) -> usize {
        self.layout().size()
    }
    fn len(&self, axis: usize) -> usize {
        self.shape()[axis]
    }
    fn halves(self, axis: usize, mid: usize) -> (Self, Self) {
        // `mid` is inside the axis (the caller's choice): the split succeeds.
        self.split_at(axis as isize, mid as isize)
            .expect("a split inside the axis")
    }
}

impl<T: Sync, const R: usize> Split for View<'_, T, R, Strided> {
    fn size(&self) -> usize {
        self.layout().size()
    }
    fn len(&self, axis: usize) -> usize {
        self.shape()[axis]
    }
    fn halves(self, axis: usize, mid: usize) -> (Self, Self) {
        self.split_at(axis as isize, mid as isize)
            .expect("a split inside the axis")
    }
}

impl<A: Split, B: Split> Split for (A, B) {
    fn size(&self) -> usize {
        self.0.size()
    }
    fn len(&self, axis: usize) -> usize {
        self.0.len(axis)
    }
    fn halves(self, axis: usize, mid: usize) -> (Self, Self) {
        let (a0, a1) = self.0.halves(axis, mid);
        let (b0, b1) = self.1.halves(axis, mid);
        ((a0, b0), (a1, b1))
    }
}

impl<A: Split, B: Split, C: Split> Split for (A, B, C) {
    fn size(&self) -> usize {
        self.0.size()
    }
    fn len(&self, axis: usize) -> usize {
        self.0.len(axis)
    }
    fn halves(self, axis: usize, mid: usize) -> (Self, Self) {
        let (a0, a1) = self.0.halves(axis, mid);
        let (b0, b1) = self.1.halves(axis, mid);
        let (c0, c1) = self.2.halves(axis, mid);
        ((a0, b0, c0), (a1, b1, c1))
    }
}

/// The axis to split: the longest-strided axis of `strides` that is longer
/// than 1 (the outermost in memory), or none.
fn outer_axis<const R: usize>(shape: &[usize; R], strides: &[isize; R]) -> Option<usize> {
    (0..R)
        .filter(|&a| shape[a] > 1)
        .max_by_key(|&a| strides[a].unsigned_abs())
}

/// Runs `f` on blocks of `s` in parallel and combines their results: at most
/// [`BLOCKS_PER_THREAD`] blocks per thread (and none under [`MIN_BLOCK`]
/// elements), so that each block is large enough for the serial engine's
/// choices (non-temporal stores, the transposing copy's strips) to hold.
fn split_reduce<S: Split, U: Send>(
    s: S,
    axis: Option<usize>,
    f: &(impl Fn(S) -> U + Sync),
    combine: &(impl Fn(U, U) -> U + Sync),
) -> U {
    let threads = rayon::current_num_threads().max(1);
    let min = MIN_BLOCK.max(s.size() / (BLOCKS_PER_THREAD * threads));
    split_blocks(s, axis, min, f, combine)
}

/// [`split_reduce`] with blocks of at least `min` elements.
fn split_blocks<S: Split, U: Send>(
    s: S,
    axis: Option<usize>,
    min: usize,
    f: &(impl Fn(S) -> U + Sync),
    combine: &(impl Fn(U, U) -> U + Sync),
) -> U {
    match axis {
        Some(axis) if s.size() >= 2 * min && s.len(axis) >= 2 => {
            let mid = s.len(axis) / 2;
            let (l, r) = s.halves(axis, mid);
            let (x, y) = rayon::join(
                || split_blocks(l, Some(axis), min, f, combine),
                || split_blocks(r, Some(axis), min, f, combine),
            );
            combine(x, y)
        }
        _ => f(s),
    }
}

impl<'a, T: Send, const R: usize, O: OrderMarker> ViewBase<'a, T, R, O, Unique> {
    /// [`map_inplace`](Self::map_inplace) on several threads.
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<f64, 2>::from_fn([400, 300], |[i, j]| (i + j) as f64)?;
    /// a.view_mut().par_map_inplace(|x| *x *= 2.0);
    /// assert_eq!(a[[399, 299]], 2.0 * 698.0);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn par_map_inplace(&mut self, f: impl Fn(&mut T) + Sync) {
        let axis = outer_axis(self.shape(), self.strides());
        let v = self.reborrow().into_strided();
        split_reduce(
            v,
            axis,
            &|mut b: ViewMut<'_, T, R, Strided>| b.map_inplace(&f),
            &|(), ()| (),
        );
    }

    /// [`zip_with_into`](Self::zip_with_into) on several threads: `a` and `b`
    /// broadcast to this view's shape, `f(a, b)` written into every element
    /// (with non-temporal stores when the whole output is larger than the
    /// caches, as `zip_with_into`'s).
    /// If `f` panics, the output's elements are valid values but otherwise
    /// unspecified, as there.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_fn([300, 400], |[i, j]| (i * 400 + j) as f64)?;
    /// let b = Array::<f64, 2>::from_fn([400, 300], |[i, j]| (i + j) as f64)?;
    /// let mut out = Array::<f64, 2>::zeros([300, 400])?;
    /// out.view_mut().par_zip_with_into(&a.view(), &b.t(), |x, y| x + y)?;
    /// assert_eq!(out[[299, 399]], a[[299, 399]] + b[[399, 299]]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn par_zip_with_into<A: Sync, B: Sync, PA, PB, MA, MB>(
        &mut self,
        a: &ViewBase<'_, A, R, PA, MA>,
        b: &ViewBase<'_, B, R, PB, MB>,
        f: impl Fn(&A, &B) -> T + Sync,
    ) -> Result<(), LayoutError>
    where
        PA: OrderMarker,
        PB: OrderMarker,
        MA: Mutability,
        MB: Mutability,
    {
        let shape = *self.shape();
        let a = a.view_shared().into_strided().broadcast_to(shape)?;
        let b = b.view_shared().into_strided().broadcast_to(shape)?;
        let axis = outer_axis(&shape, self.strides());
        let whole = Some(self.size());
        let v = self.reborrow().into_strided();
        split_reduce(
            (v, a, b),
            axis,
            &|(mut o, a, b): (
                ViewMut<'_, T, R, Strided>,
                View<'_, A, R, Strided>,
                View<'_, B, R, Strided>,
            )| { o.zip_block(&a, &b, &f, whole) },
            &|x: Result<(), LayoutError>, y| x.and(y),
        )
    }

    /// [`assign`](Self::assign) on several threads (the transposing copy,
    /// tiled on each thread; non-temporal stores when the whole copy is larger
    /// than the caches, as `assign`'s).
    pub fn par_assign<P: OrderMarker, M2: Mutability>(
        &mut self,
        src: &ViewBase<'_, T, R, P, M2>,
    ) -> Result<(), LayoutError>
    where
        T: Clone + Sync,
    {
        let shape = *self.shape();
        let s = src.view_shared().into_strided().broadcast_to(shape)?;
        let axis = outer_axis(&shape, self.strides());
        let whole = Some(self.size());
        let v = self.reborrow().into_strided();
        split_reduce(
            (v, s),
            axis,
            &|(mut o, s): (ViewMut<'_, T, R, Strided>, View<'_, T, R, Strided>)| {
                o.assign_block(&s, whole)
            },
            &|x: Result<(), LayoutError>, y| x.and(y),
        )
    }
}

impl<'a, T: Sync, const R: usize, O: OrderMarker> ViewBase<'a, T, R, O, Shared> {
    /// [`sum`](Self::sum) on several threads: each block summed in memory
    /// order, the partial sums added pairwise.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i64, 2>::from_fn([500, 300], |[i, j]| (i * 300 + j) as i64)?;
    /// assert_eq!(a.view().par_sum(), 150_000 * 149_999 / 2);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn par_sum(&self) -> T
    where
        T: Copy + Zero + Add<Output = T> + Send,
    {
        let axis = outer_axis(self.shape(), self.strides());
        let v = self.into_strided();
        split_reduce(v, axis, &|b: View<'_, T, R, Strided>| b.sum(), &|x, y| {
            x + y
        })
    }
}
