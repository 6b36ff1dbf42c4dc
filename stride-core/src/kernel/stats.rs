//! Variance and standard deviation (NumPy's `var` and `std`, ndarray's `var`,
//! `std`, `var_axis` and `std_axis`), in two passes as NumPy computes them:
//! the mean, then the squared deviations from it, each pass in memory order
//! and pairwise along long runs, as the library's sums (so that a large mean
//! costs the result no more accuracy than in NumPy).

use num_traits::{Float, FromPrimitive};

use super::reduce::pairwise;

use crate::array::Array;
use crate::error::LayoutError;
use crate::order::{Kept, OrderMarker};
use crate::rank::{Rank, RankAdd, RankSub};
use crate::view::{Mutability, ViewBase};

/// `n` as a `T` (an infinity past its range).
fn count<T: Float + FromPrimitive>(n: usize) -> T {
    T::from_usize(n).unwrap_or_else(T::infinity)
}

/// NumPy's divisor of the squares, `n - ddof`: 0 when `ddof >= n` (the
/// variance is then an infinity or a NaN, where NumPy also warns); a NaN
/// `ddof` stays NaN, as in NumPy.
fn degrees<T: Float + FromPrimitive>(n: usize, ddof: T) -> T {
    let dof = count::<T>(n) - ddof;
    if dof < T::zero() { T::zero() } else { dof }
}

/// The sum of `(x - mean)²` over `len` elements `stride` apart from `p`: eight
/// partial sums over a contiguous run (the compiler vectorises them), four
/// over a strided one, pairwise over runs longer than [`PAIRWISE_RUN`](super::reduce::PAIRWISE_RUN).
///
/// # Safety
/// `p + k * stride` must be a valid `T` for shared reads for every `k < len`.
unsafe fn squares_run<T: Float>(p: *const T, len: usize, stride: isize, mean: T) -> T {
    pairwise(len, |start, n| {
        // `pairwise` gives this pieces `start..start + n` of the caller's
        // run, whose elements are valid (its promise).
        // SAFETY: as just said.
        unsafe { squares_piece(p.offset(start as isize * stride), n, stride, mean) }
    })
}

/// [`squares_run`] of one piece, at most [`PAIRWISE_RUN`](super::reduce::PAIRWISE_RUN) elements.
///
/// # Safety
/// As [`squares_run`].
unsafe fn squares_piece<T: Float>(p: *const T, len: usize, stride: isize, mean: T) -> T {
    let sq = |x: T| (x - mean) * (x - mean);
    let lanes = if stride == 1 { 8 } else { 4 };
    let mut acc = [T::zero(); 8];
    let at = |k: usize| {
        // k < len: an element of the run (the contract).
        // SAFETY: as just said.
        unsafe { *p.offset(k as isize * stride) }
    };
    let whole = len - len % lanes;
    for k in (0..whole).step_by(lanes) {
        for (j, a) in acc[..lanes].iter_mut().enumerate() {
            *a = *a + sq(at(k + j));
        }
    }
    let mut t = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for k in whole..len {
        t = t + sq(at(k));
    }
    t
}

impl<T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'_, T, R, O, M> {
    /// The variance of the elements with `ddof` delta degrees of freedom
    /// (NumPy's `a.var(ddof=ddof)`, ndarray's `var`): the mean of the squared
    /// deviations from the mean, their sum divided by `n - ddof`. As NumPy,
    /// NaN for an empty view, and an infinity or NaN when `ddof >= n`
    /// (ndarray panics there).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_vec([2, 2], vec![1.0, 2.0, 3.0, 4.0])?;
    /// assert_eq!(a.t().var(0.0), 1.25); // np.var
    /// assert_eq!(a.view().var(1.0), 5.0 / 3.0);
    /// assert_eq!(a.view().std(0.0), 1.25f64.sqrt());
    /// assert!(Array::<f64, 1>::zeros([0])?.var(0.0).is_nan());
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn var(&self, ddof: T) -> T
    where
        T: Float + FromPrimitive,
    {
        let n = self.size();
        // An empty view has no runs: its squares sum to 0, and the divisor
        // decides (NaN, or 0 for a negative `ddof`, as NumPy).
        let mean = self.mean().unwrap_or_else(T::nan);
        let base = self.base_nonnull().as_ptr().cast_const();
        let mut squares = T::zero();
        self.own_runs_at(|off, len, st| {
            // The runs visit `len` offsets `st` apart from `off` that the
            // layout reaches (valid elements of the borrowed buffer), and
            // `squares_run` reads just those.
            // SAFETY: as just said.
            squares = squares + unsafe { squares_run(base.offset(off), len, st, mean) };
        });
        squares / degrees(n, ddof)
    }

    /// The standard deviation: the square root of [`var`](Self::var)
    /// (NumPy's `a.std(ddof=ddof)`).
    pub fn std(&self, ddof: T) -> T
    where
        T: Float + FromPrimitive,
    {
        self.var(ddof).sqrt()
    }

    /// The variance along `axis` with `ddof` delta degrees of freedom
    /// (NumPy's `a.var(axis=k, ddof=ddof)`, ndarray's `var_axis`): the mean
    /// along the axis, then the squared deviations from it summed along the
    /// axis. Lanes of length `ddof` or less give an infinity or NaN, as in
    /// NumPy.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_vec([2, 3], vec![1.0, 2.0, 3.0, 3.0, 6.0, 9.0])?;
    /// assert_eq!(a.var_axis(1, 0.0)?.as_slice(), &[2.0 / 3.0, 6.0]);
    /// assert_eq!(a.t().var_axis(0, 1.0)?.as_slice(), &[1.0, 9.0]); // rows of a
    /// assert_eq!(a.std_axis(0, 0.0)?.as_slice(), &[1.0, 2.0, 3.0]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn var_axis<const Q: usize>(
        &self,
        axis: isize,
        ddof: T,
    ) -> Result<Array<T, Q, Kept<O>>, LayoutError>
    where
        T: Float + FromPrimitive,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
        Rank<Q>: RankAdd<Rank<1>, Output = Rank<R>>,
    {
        let a = crate::dims::normalize_axis(axis, R)?;
        let n = self.shape()[a];
        let mut mean = self.sum_axis::<Q>(axis)?;
        let count = count::<T>(n);
        mean.view_mut().mapv_inplace(|s| s / count);
        // The mean broadcast back along the axis: each element's deviation
        // from its lane's mean, squared, then summed along the axis.
        let lanes = mean.view().insert_axis::<R>(a as isize)?;
        let squares = self.zip_with(&lanes, |&x, &m| (x - m) * (x - m))?;
        let sums = squares.view().sum_axis::<Q>(axis)?;
        // Into the mean's array, of the order this view keeps.
        mean.view_mut().assign(&sums.view())?;
        let degrees = degrees(n, ddof);
        mean.view_mut().mapv_inplace(|s| s / degrees);
        Ok(mean)
    }

    /// The standard deviation along `axis`: the square root of
    /// [`var_axis`](Self::var_axis) (NumPy's `a.std(axis=k, ddof=ddof)`).
    pub fn std_axis<const Q: usize>(
        &self,
        axis: isize,
        ddof: T,
    ) -> Result<Array<T, Q, Kept<O>>, LayoutError>
    where
        T: Float + FromPrimitive,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
        Rank<Q>: RankAdd<Rank<1>, Output = Rank<R>>,
    {
        let mut v = self.var_axis(axis, ddof)?;
        v.view_mut().mapv_inplace(Float::sqrt);
        Ok(v)
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// The variance of the elements (see [`ViewBase::var`]).
    pub fn var(&self, ddof: T) -> T
    where
        T: Float + FromPrimitive,
    {
        self.view().var(ddof)
    }

    /// The standard deviation of the elements (see [`ViewBase::std`]).
    pub fn std(&self, ddof: T) -> T
    where
        T: Float + FromPrimitive,
    {
        self.view().std(ddof)
    }

    /// The variance along `axis` (see [`ViewBase::var_axis`]).
    pub fn var_axis<const Q: usize>(
        &self,
        axis: isize,
        ddof: T,
    ) -> Result<Array<T, Q, Kept<O>>, LayoutError>
    where
        T: Float + FromPrimitive,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
        Rank<Q>: RankAdd<Rank<1>, Output = Rank<R>>,
    {
        self.view().var_axis(axis, ddof)
    }

    /// The standard deviation along `axis` (see [`ViewBase::std_axis`]).
    pub fn std_axis<const Q: usize>(
        &self,
        axis: isize,
        ddof: T,
    ) -> Result<Array<T, Q, Kept<O>>, LayoutError>
    where
        T: Float + FromPrimitive,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
        Rank<Q>: RankAdd<Rank<1>, Output = Rank<R>>,
    {
        self.view().std_axis(axis, ddof)
    }
}
