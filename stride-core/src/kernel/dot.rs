//! Matrix products: [`dot`](crate::ViewBase::dot) of a matrix with a matrix
//! or a vector and of two vectors (NumPy's `a @ b` and `np.dot` for ranks 1
//! and 2, ndarray's `dot`), and [`dot_into`](crate::ViewBase::dot_into) a
//! given output (`np.matmul(a, b, out=out)`, ndarray's `general_mat_mul`),
//! and [`matmul`](crate::ViewBase::matmul) / [`matmul_into`](crate::ViewBase::matmul_into)
//! of stacks of matrices (`a @ b` of ranks 2 to 6, batch axes aligned on the
//! right and broadcast).
//!
//! Matrix by matrix, `f64`, `f32` and their complex numbers go through the
//! `matrixmultiply` crate, the backend of ndarray's own `dot` without BLAS:
//! panels packed to fit the caches and register kernels chosen at run time
//! (AVX, FMA, AVX-512). It
//! takes each operand's strides as they are, of either sign, so a transposed,
//! stepped, reversed or broadcast operand is never copied first. Other
//! numbers (integers) run a loop along the output's fastest axis, each
//! element summed over the inner axis in order, exactly for integers.
//!
//! Matrix by vector runs one dot product per output element when the
//! matrix's rows are its short strides (each row a contiguous run for the
//! library's vector dot products), and a sum of the matrix's columns scaled
//! by the vector's elements when its columns are: each walks the matrix in
//! its memory order.

use core::any::TypeId;
use core::ops::{Add, Mul};

use num_complex::Complex;
use num_traits::Zero;

use super::reduce::{dot_slices, pairwise};
use crate::array::Array;
use crate::buffer::Buffer;
use crate::dims::same_shape;
use crate::error::LayoutError;
use crate::layout::Layout;
use crate::order::{C, ContiguousOrder, Order, OrderMarker};
use crate::rank::{Rank, RankMax};
use crate::view::{Mutability, Unique, ViewBase, packed_layout};

/// The ranks a matrix may be multiplied by: 2 (a matrix, giving a matrix) and
/// 1 (a vector, giving a vector). Sealed.
pub trait DotRank: sealed::Sealed {}

impl DotRank for Rank<1> {}
impl DotRank for Rank<2> {}

/// The ranks [`matmul`](ViewBase::matmul) takes: 2 (one matrix) to 6 (four
/// batch axes before the matrices' two). Sealed.
pub trait MatmulRank: sealed::Sealed {}

impl MatmulRank for Rank<2> {}
impl MatmulRank for Rank<3> {}
impl MatmulRank for Rank<4> {}
impl MatmulRank for Rank<5> {}
impl MatmulRank for Rank<6> {}

mod sealed {
    pub trait Sealed {}
    pub trait SealedRhs {}
    impl<T, P: crate::order::OrderMarker, N: crate::view::Mutability> SealedRhs
        for crate::view::ViewBase<'_, T, 1, P, N>
    {
    }
    impl<T, P: crate::order::OrderMarker, N: crate::view::Mutability> SealedRhs
        for crate::view::ViewBase<'_, T, 2, P, N>
    {
    }
    impl Sealed for crate::rank::Rank<1> {}
    impl Sealed for crate::rank::Rank<2> {}
    impl Sealed for crate::rank::Rank<3> {}
    impl Sealed for crate::rank::Rank<4> {}
    impl Sealed for crate::rank::Rank<5> {}
    impl Sealed for crate::rank::Rank<6> {}
}

/// A matrix operand: the address of element `[0, 0]` and the strides in
/// elements (of any sign; 0 along a broadcast axis).
#[derive(Clone, Copy)]
struct Mat<T> {
    p: *const T,
    rs: isize,
    cs: isize,
}

impl<T> Mat<T> {
    /// Element `[i, j]`.
    ///
    /// # Safety
    /// `[i, j]` lies in the operand's shape.
    #[inline(always)]
    unsafe fn at(self, i: usize, j: usize) -> *const T {
        // The operand's offsets from `[0, 0]` exist inside its allocation
        // (the caller's promise), so neither product nor sum overflows.
        // SAFETY: as just said.
        unsafe { self.p.offset(i as isize * self.rs + j as isize * self.cs) }
    }

    /// The transposed operand.
    fn t(self) -> Self {
        Mat {
            p: self.p,
            rs: self.cs,
            cs: self.rs,
        }
    }
}

/// `c = a b` for an `m x k` matrix `a`, a `k x n` matrix `b` and an `m x n`
/// matrix `c`.
///
/// # Safety
/// Every element `a[i, l]` and `b[l, j]` (`i < m`, `l < k`, `j < n`) is a valid
/// `T` for shared reads; every `c[i, j]` is valid for writes (it may be
/// uninitialised), no two of them are the same element, none overlaps an
/// element of `a` or `b`, and nothing else accesses them during the call.
unsafe fn gemm<T>(m: usize, k: usize, n: usize, a: Mat<T>, b: Mat<T>, c: Mat<T>)
where
    T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
{
    if m == 0 || n == 0 {
        return;
    }
    let ty = typeid::of::<T>();
    /// `matrixmultiply`'s `$gemm` when `T` is `$t` (a complex kernel takes
    /// the conjugation flags first).
    macro_rules! kernel {
        ($t:ty, $gemm:path, $one:expr, $zero:expr $(, $flag:expr)*) => {
            if ty == TypeId::of::<$t>() {
                // `T` is `$t` (for complex numbers, `num_complex`'s
                // `#[repr(C)]` pair of parts is the `[f; 2]` the kernel
                // takes), so the pointers address its numbers; the kernel
                // asks of them what this function's contract gives: element
                // [0, 0], strides in elements of any sign, `c` written and
                // never read with β = 0, its elements distinct.
                // SAFETY: as just said.
                unsafe {
                    $gemm(
                        $($flag,)* m, k, n, $one, a.p.cast(), a.rs, a.cs, b.p.cast(), b.rs,
                        b.cs, $zero, c.p.cast_mut().cast(), c.rs, c.cs,
                    )
                };
                return;
            }
        };
    }
    use matrixmultiply::CGemmOption::Standard;
    kernel!(f64, matrixmultiply::dgemm, 1.0, 0.0);
    kernel!(f32, matrixmultiply::sgemm, 1.0, 0.0);
    kernel!(
        Complex<f64>,
        matrixmultiply::zgemm,
        [1.0, 0.0],
        [0.0; 2],
        Standard,
        Standard
    );
    kernel!(
        Complex<f32>,
        matrixmultiply::cgemm,
        [1.0, 0.0],
        [0.0; 2],
        Standard,
        Standard
    );
    if c.cs.unsigned_abs() > c.rs.unsigned_abs() {
        // The output's columns are its short strides: c.T = b.T a.T, whose
        // rows are (the same elements, the same contract).
        // SAFETY: as just said.
        unsafe { gemm_rows(n, k, m, b.t(), a.t(), c.t(), |x, y| y * x) };
    } else {
        // SAFETY: the contract, unchanged.
        unsafe { gemm_rows(m, k, n, a, b, c, |x, y| x * y) };
    }
}

/// `c = a b` row by row of `c` (`mul(a[i, l], b[l, j])` for each product, so
/// that the transposed call keeps the operands' order): each row zeroed, then
/// `b`'s rows scaled by `a[i, l]` added to it in turn, so the inner loop runs
/// along rows of `b` and `c`.
///
/// # Safety
/// As [`gemm`].
unsafe fn gemm_rows<T>(
    m: usize,
    k: usize,
    n: usize,
    a: Mat<T>,
    b: Mat<T>,
    c: Mat<T>,
    mul: impl Fn(T, T) -> T,
) where
    T: Copy + Zero + Add<Output = T>,
{
    let out = |i: usize, j: usize| {
        // [i, j] lies in c's shape (every caller below).
        // SAFETY: as just said.
        unsafe { c.at(i, j).cast_mut() }
    };
    for i in 0..m {
        for j in 0..n {
            // c[i, j] is writable (the contract).
            // SAFETY: as just said.
            unsafe { out(i, j).write(T::zero()) };
        }
        for l in 0..k {
            // a[i, l] and b[l, j] are readable, c[i, j] initialised just
            // above, and none of c's elements is one of theirs.
            // SAFETY: as just said.
            unsafe {
                let x = a.at(i, l).read();
                for j in 0..n {
                    let o = out(i, j);
                    o.write(o.read() + mul(x, b.at(l, j).read()));
                }
            }
        }
    }
}

/// The dot product of `len` elements `sa` and `sb` apart from `a` and `b`:
/// `f64` and `f32` pairwise over long runs (as the library's sums), by its
/// vector dot products for unit strides and four partial sums otherwise;
/// other numbers summed in order.
///
/// # Safety
/// Every `a + l * sa` and `b + l * sb` (`l < len`) is a valid `T` for shared
/// reads.
unsafe fn dot_run<T>(a: *const T, sa: isize, b: *const T, sb: isize, len: usize) -> T
where
    T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
{
    let ty = typeid::of::<T>();
    if ty != TypeId::of::<f64>() && ty != TypeId::of::<f32>() {
        // Other numbers in order, as the matrix loops sum them (an integer
        // sum that overflows in some order overflows in this one).
        return (0..len).fold(T::zero(), |t, l| {
            // l < len: an element of both runs (the contract).
            // SAFETY: as just said.
            unsafe { t + a.offset(l as isize * sa).read() * b.offset(l as isize * sb).read() }
        });
    }
    if sa == 1 && sb == 1 && len > 0 {
        // Both runs are `len` contiguous valid elements (the contract).
        // SAFETY: as just said.
        let (x, y) = unsafe {
            (
                core::slice::from_raw_parts(a, len),
                core::slice::from_raw_parts(b, len),
            )
        };
        // (Pairwise itself; `None` off x86-64, where the loop below runs.)
        if let Some(d) = dot_slices(x, y) {
            return d;
        }
    }
    pairwise(len, |start, n| {
        // `pairwise` gives this pieces `start..start + n` of both runs,
        // whose elements are valid (the contract).
        // SAFETY: as just said.
        unsafe {
            dot_partials(
                a.offset(start as isize * sa),
                sa,
                b.offset(start as isize * sb),
                sb,
                n,
            )
        }
    })
}

/// The dot product of one piece of [`dot_run`]'s (at most
/// [`PAIRWISE_RUN`](super::reduce::PAIRWISE_RUN) elements) in four partial
/// sums.
///
/// # Safety
/// As [`dot_run`].
unsafe fn dot_partials<T>(a: *const T, sa: isize, b: *const T, sb: isize, len: usize) -> T
where
    T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
{
    let at = |p: *const T, s: isize, l: usize| {
        // l < len: an element of the run (the contract).
        // SAFETY: as just said.
        unsafe { p.offset(l as isize * s).read() }
    };
    let mut acc = [T::zero(); 4];
    let whole = len - len % 4;
    for l in (0..whole).step_by(4) {
        for (q, acc) in acc.iter_mut().enumerate() {
            *acc = *acc + at(a, sa, l + q) * at(b, sb, l + q);
        }
    }
    let mut t = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for l in whole..len {
        t = t + at(a, sa, l) * at(b, sb, l);
    }
    t
}

/// `y = a x` for an `m x k` matrix `a`, a vector `x` of `k` elements (stride
/// `sx`) and `y` of `m` (stride `sy`).
///
/// # Safety
/// As [`gemm`], with `x` and `y` as `k x 1` and `m x 1` matrices.
unsafe fn gemv<T>(m: usize, k: usize, a: Mat<T>, x: *const T, sx: isize, y: *mut T, sy: isize)
where
    T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
{
    let yi = |i: usize| {
        // i < m: an element of y (every caller below).
        // SAFETY: as just said.
        unsafe { y.offset(i as isize * sy) }
    };
    if k > 0 && a.rs.unsigned_abs() >= a.cs.unsigned_abs() {
        for i in 0..m {
            // Row i of a (k elements a.cs apart) and x are readable, y[i]
            // writable (the contract).
            // SAFETY: as just said.
            unsafe { yi(i).write(dot_run(a.at(i, 0), a.cs, x, sx, k)) };
        }
        return;
    }
    // (With `k` = 0 the matrix has no elements, not even a row start: `y` is
    // zeros.)
    for i in 0..m {
        // y[i] is writable (the contract).
        // SAFETY: as just said.
        unsafe { yi(i).write(T::zero()) };
    }
    for l in 0..k {
        // x[l] and column l of a are readable, y initialised just above and
        // none of its elements one of theirs.
        // SAFETY: as just said.
        unsafe {
            let s = x.offset(l as isize * sx).read();
            for i in 0..m {
                let o = yi(i);
                o.write(o.read() + a.at(i, l).read() * s);
            }
        }
    }
}

/// The shape of `a b` for an `m x k` matrix and a right operand of rank `Q`
/// (1 or 2), or the error naming the inner lengths that differ.
fn product_shape<const Q: usize>(a: [usize; 2], b: &[usize; Q]) -> Result<[usize; Q], LayoutError> {
    if a[1] != b[0] {
        return Err(LayoutError::DotMismatch {
            left: a[1],
            right: b[0],
        });
    }
    Ok(core::array::from_fn(|q| if q == 0 { a[0] } else { b[1] }))
}

impl<T, O: OrderMarker, M: Mutability> ViewBase<'_, T, 2, O, M> {
    /// The matrix product `self @ rhs` (NumPy's `a @ b` and `np.dot`,
    /// ndarray's `dot`) as a new C-ordered array: a matrix times a matrix
    /// (`Q` = 2) or a vector (`Q` = 1). Either operand may have any layout
    /// (transposed, stepped, reversed, broadcast); neither is copied first.
    /// `f64` and `f32` run `matrixmultiply`'s cache-blocked kernels (ndarray's
    /// backend without BLAS), other numbers a loop along the output's rows or
    /// columns, whichever are contiguous; sums of floating-point products may
    /// differ from a left-to-right sum in the last bits.
    ///
    /// ```
    /// use stride_core::{Array, LayoutError};
    /// let a = Array::<f64, 2>::from_vec([2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0])?;
    /// let aat = a.view().dot(&a.t())?; // a @ a.T: 2 x 2, no copy of a.T
    /// assert_eq!(aat.as_slice(), &[14.0, 32.0, 32.0, 77.0]);
    /// let x = Array::<f64, 1>::from_vec([3], vec![1.0, 0.0, -1.0])?;
    /// assert_eq!(a.view().dot(&x.view())?.as_slice(), &[-2.0, -2.0]);
    /// // Integers are summed exactly.
    /// let i = Array::<i64, 2>::from_fn([2, 2], |[r, c]| (2 * r + c) as i64)?;
    /// assert_eq!(i.view().dot(&i.view())?.as_slice(), &[2, 3, 6, 11]);
    /// // NumPy: "shapes (2,3) and (2,3) not aligned: 3 (dim 1) != 2 (dim 0)".
    /// let err = a.view().dot(&a.view()).unwrap_err();
    /// assert_eq!(err, LayoutError::DotMismatch { left: 3, right: 2 });
    /// assert_eq!(
    ///     err.to_string(),
    ///     "matrix product of misaligned operands: the left one's last axis has length 3 and \
    ///      the right one's contracted axis (its first, or its second to last in a stack) has \
    ///      length 2"
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn dot<const Q: usize, P: OrderMarker, N: Mutability>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
    ) -> Result<Array<T, Q, C>, LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
        Rank<Q>: DotRank,
    {
        let shape = product_shape(*self.shape(), rhs.shape())?;
        let out = packed_layout::<Q, C>(shape)?;
        let n = out.size();
        let mut data = Buffer::<T>::with_capacity(n)?;
        let dst = Mat {
            p: data.as_mut_ptr().cast_const(),
            rs: out.strides()[0],
            cs: out.strides().get(1).copied().unwrap_or(1),
        };
        // The fresh buffer holds the `n` elements of the packed output, each
        // at its own offset, in memory neither operand shares.
        // SAFETY: as just said.
        unsafe { self.mat_product(rhs, dst) };
        // `mat_product` wrote every element of the output.
        // SAFETY: as just said.
        unsafe { data.set_len(n) };
        Ok(Array::from_packed(out, data))
    }

    /// `self @ rhs` written into `out` (`np.matmul(a, b, out=out)`, ndarray's
    /// `general_mat_mul` with α = 1 and β = 0), whose shape must be the
    /// product's; `out` may have any layout.
    ///
    /// ```
    /// use stride_core::{Array, F};
    /// let a = Array::<f32, 2>::from_fn([3, 2], |[i, j]| (i + j) as f32)?;
    /// let mut out = Array::<f32, 2, F>::zeros([3, 3])?;
    /// a.view().dot_into(&a.t(), &mut out.view_mut())?;
    /// assert_eq!(out, a.view().dot(&a.t())?);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn dot_into<const Q: usize, P: OrderMarker, N: Mutability, PO: OrderMarker>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
        out: &mut ViewBase<'_, T, Q, PO, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
        Rank<Q>: DotRank,
    {
        let shape = product_shape(*self.shape(), rhs.shape())?;
        same_shape(&shape, out.shape())?;
        let dst = Mat {
            p: out
                .base_nonnull()
                .as_ptr()
                .wrapping_add(out.layout().offset())
                .cast_const(),
            rs: out.strides()[0],
            cs: out.strides().get(1).copied().unwrap_or(1),
        };
        // `out` has the product's shape, its elements distinct (a unique
        // view), borrowed exclusively, so no operand (shared borrows) is in
        // its memory.
        // SAFETY: as just said.
        unsafe { self.mat_product(rhs, dst) };
        Ok(())
    }

    /// Writes `self @ rhs` into `dst`.
    ///
    /// # Safety
    /// The shapes agree (`product_shape`); `dst` addresses the product's
    /// elements, distinct, writable, and in no operand's memory.
    unsafe fn mat_product<const Q: usize, P: OrderMarker, N: Mutability>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
        dst: Mat<T>,
    ) where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
    {
        let [m, k] = *self.shape();
        let a = Mat {
            p: self.as_ptr(),
            rs: self.strides()[0],
            cs: self.strides()[1],
        };
        let b = Mat {
            p: rhs.as_ptr(),
            rs: rhs.strides()[0],
            cs: rhs.strides().get(1).copied().unwrap_or(0),
        };
        if Q == 1 {
            // The views' layouts reach every element of their shapes, and
            // `dst` is the output's (the contract).
            // SAFETY: as just said.
            unsafe { gemv(m, k, a, b.p, b.rs, dst.p.cast_mut(), dst.rs) };
        } else {
            let n = rhs.shape()[Q - 1];
            // As just said.
            // SAFETY: as just said.
            unsafe { gemm(m, k, n, a, b, dst) };
        }
    }
}

/// The matrix of the last two axes of a layout with `strides`, its first
/// element at `p`.
fn last_two<T, const Z: usize>(p: *const T, strides: &[isize; Z]) -> Mat<T> {
    Mat {
        p,
        rs: strides[Z - 2],
        cs: strides[Z - 1],
    }
}

/// The shape of `a @ b` for stacks of matrices of shapes `a` (rank `R`) and
/// `b` (rank `Q`), of rank `S` (the larger): the batch axes aligned on the
/// right and broadcast (a missing axis or a length of 1 against any), then
/// `m x k @ k x n`.
fn stack_shape<const R: usize, const Q: usize, const S: usize>(
    a: [usize; R],
    b: [usize; Q],
) -> Result<[usize; S], LayoutError> {
    let (k, k2) = (a[R - 1], b[Q - 2]);
    if k != k2 {
        return Err(LayoutError::DotMismatch { left: k, right: k2 });
    }
    let mut shape = [0; S];
    for (axis, len) in shape.iter_mut().enumerate().take(S - 2) {
        let x = (axis + R).checked_sub(S).map_or(1, |q| a[q]);
        let y = (axis + Q).checked_sub(S).map_or(1, |q| b[q]);
        *len = match (x, y) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            (x, y) => {
                return Err(LayoutError::ShapesMismatch {
                    axis,
                    first: x,
                    second: y,
                });
            }
        };
    }
    shape[S - 2] = a[R - 2];
    shape[S - 1] = b[Q - 1];
    Ok(shape)
}

impl<T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'_, T, R, O, M>
where
    Rank<R>: MatmulRank,
{
    /// The product of two stacks of matrices (NumPy's `a @ b` and
    /// `np.matmul` for ranks from 2 to 6): `[..., m, k] @ [..., k, n]` gives
    /// `[..., m, n]`, a new C-ordered array of the larger rank, each matrix
    /// product as [`dot`](ViewBase::dot) computes it (any layouts, no copy
    /// first). The batch axes broadcast as NumPy's do: aligned on the right,
    /// a missing axis or a length of 1 against any length (one weight matrix
    /// applied to a whole batch, or one stack to every head).
    ///
    /// ```
    /// use stride_core::{Array, LayoutError};
    /// // Attention scores: q @ k.T for each of 2 heads of 3 tokens, dimension 4.
    /// let q = Array::<f32, 3>::from_fn([2, 3, 4], |[h, t, d]| (h + t * d) as f32)?;
    /// let k = Array::<f32, 3>::from_fn([2, 3, 4], |[h, t, d]| (h * t + d) as f32)?;
    /// let kt = k.view().permute([0, 2, 1])?; // [2, 4, 3], no copy
    /// let scores = q.view().matmul(&kt)?;
    /// assert_eq!(scores.shape(), &[2, 3, 3]);
    /// assert_eq!(scores[[1, 2, 0]], (0..4).map(|d| ((1 + 2 * d) * d) as f32).sum::<f32>());
    /// // Batch axes of 2 and 3 do not broadcast (NumPy: "operands could not be
    /// // broadcast together").
    /// let three = Array::<f32, 3>::zeros([3, 4, 3])?;
    /// assert_eq!(
    ///     q.view().matmul(&three.view()).unwrap_err(),
    ///     LayoutError::ShapesMismatch { axis: 0, first: 2, second: 3 }
    /// );
    /// // Rank 4, [batch, heads, tokens, dim]: one projection matrix per head,
    /// // shared by the whole batch (its batch axis has length 1).
    /// let x = Array::<f64, 4>::from_fn([5, 2, 3, 4], |[b, h, t, d]| (b + h + t * d) as f64)?;
    /// let w = Array::<f64, 4>::from_fn([1, 2, 4, 6], |[_, h, d, e]| (h * d + e) as f64)?;
    /// let y = x.view().matmul(&w.view())?;
    /// assert_eq!(y.shape(), &[5, 2, 3, 6]);
    /// let one = x.view().index_axis(0, 4)?.index_axis(0, 1)?; // x[4, 1], 3 x 4
    /// let w1 = w.view().index_axis(0, 0)?.index_axis(0, 1)?; // w[0, 1], 4 x 6
    /// assert_eq!(y.view().index_axis(0, 4)?.index_axis(0, 1)?, one.dot(&w1)?.view());
    /// // x @ W of ranks 4 and 2: the weights serve every batch and head.
    /// let wt = Array::<f64, 2>::from_fn([4, 2], |[d, e]| (d + 10 * e) as f64)?;
    /// let z = x.view().matmul(&wt.view())?;
    /// assert_eq!(z.shape(), &[5, 2, 3, 2]);
    /// assert_eq!(z.view().index_axis(0, 4)?.index_axis(0, 1)?, one.dot(&wt.view())?.view());
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn matmul<const Q: usize, const S: usize, P: OrderMarker, N: Mutability>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
    ) -> Result<Array<T, S, C>, LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
        Rank<Q>: MatmulRank,
        Rank<R>: RankMax<Rank<Q>, Output = Rank<S>>,
    {
        let shape = stack_shape(*self.shape(), *rhs.shape())?;
        let out = packed_layout::<S, C>(shape)?;
        let size = out.size();
        let mut data = Buffer::<T>::with_capacity(size)?;
        // The fresh buffer holds the packed output's `size` elements, each at
        // its own offset, in memory no operand shares.
        // SAFETY: as just said.
        unsafe { self.stack_product(rhs, data.as_mut_ptr(), out.strided()) };
        // `stack_product` wrote every element of the output.
        // SAFETY: as just said.
        unsafe { data.set_len(size) };
        Ok(Array::from_packed(out, data))
    }

    /// `self @ rhs` for stacks of matrices, written into `out`
    /// (`np.matmul(a, b, out=out)`), whose shape must be the product's; `out`
    /// may have any layout.
    ///
    /// ```
    /// use stride_core::{Array, F, LayoutError};
    /// let a = Array::<f64, 3>::from_fn([2, 3, 2], |[b, i, j]| (b + i * j) as f64)?;
    /// let mut out = Array::<f64, 3, F>::zeros([2, 3, 3])?;
    /// let at = a.view().permute([0, 2, 1])?;
    /// a.view().matmul_into(&at, &mut out.view_mut())?;
    /// assert_eq!(out.view(), a.view().matmul(&at)?.view());
    /// let mut wrong = Array::<f64, 3>::zeros([2, 3, 4])?;
    /// assert_eq!(
    ///     a.view().matmul_into(&at, &mut wrong.view_mut()).unwrap_err(),
    ///     LayoutError::OutputShape { axis: 2, expected: 3, found: 4 }
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn matmul_into<const Q: usize, const S: usize, P, N, PO>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
        out: &mut ViewBase<'_, T, S, PO, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
        P: OrderMarker,
        N: Mutability,
        PO: OrderMarker,
        Rank<Q>: MatmulRank,
        Rank<R>: RankMax<Rank<Q>, Output = Rank<S>>,
    {
        let shape = stack_shape(*self.shape(), *rhs.shape())?;
        same_shape(&shape, out.shape())?;
        let dst = out
            .base_nonnull()
            .as_ptr()
            .wrapping_add(out.layout().offset());
        // `out` has the product's shape, its elements distinct (a unique
        // view), borrowed exclusively, so no operand (shared borrows) is in
        // its memory.
        // SAFETY: as just said.
        unsafe { self.stack_product(rhs, dst, out.layout().strided()) };
        Ok(())
    }

    /// Writes `self @ rhs` to the elements of `out`'s layout, `dst` being its
    /// first (`out`'s offset is not added again).
    ///
    /// # Safety
    /// `out`'s shape is `stack_shape` of the operands' shapes; its elements
    /// from `dst` are distinct, valid for writes, and in no operand's memory.
    unsafe fn stack_product<const Q: usize, const S: usize, P: OrderMarker, N: Mutability>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
        dst: *mut T,
        out: Layout<S>,
    ) where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
    {
        let (shape, strides) = (*out.shape(), out.strides());
        if shape.contains(&0) {
            return;
        }
        let (m, k, n) = (shape[S - 2], self.shape()[R - 1], shape[S - 1]);
        let (sa, sb) = (self.strides(), rhs.strides());
        // One matrix on the right for every batch index (`x @ W`): when the
        // left operand and the output reshape without a copy to their rows
        // over all batch indices (the library's reshape), the stack is one
        // product of all its rows, which `matrixmultiply` blocks for the
        // caches as a whole.
        let shared =
            (0..S - 2).all(|q| (q + Q).checked_sub(S).is_none_or(|qb| rhs.shape()[qb] == 1));
        let rows = shape[..S - 1].iter().product::<usize>();
        if shared
            && let (Ok(a2), Ok(c2)) = (
                self.layout().reshape([rows as isize, k as isize], Order::C),
                out.reshape([rows as isize, n as isize], Order::C),
            )
        {
            // The right operand's batch axes all broadcast, so its matrix 0
            // is every batch index's; the left operand's batch lengths are
            // the output's (the right one's being 1), so `a2` and `c2` are
            // views of the left operand's and the output's elements as
            // `rows` rows (a reshape keeps the offset, so their first
            // elements are `self.as_ptr()` and `dst`), the output's distinct,
            // writable and in no operand's memory (the contract).
            // SAFETY: as just said.
            unsafe {
                gemm(
                    rows,
                    k,
                    n,
                    last_two(self.as_ptr(), a2.strides()),
                    last_two(rhs.as_ptr(), sb),
                    last_two(dst.cast_const(), c2.strides()),
                )
            };
            return;
        }
        let mut index = [0usize; S];
        loop {
            // Matrix `index` of each operand: its batch axes are the output's
            // last ones, and along a missing axis or one of length 1 (which
            // broadcasts) it is matrix 0. Every batch index used lies in the
            // operand's shape, so when `k > 0` (the operands have elements)
            // these are element addresses; when `k = 0` an operand may be
            // empty and its pointer anywhere, and `gemm` reads none of it.
            // The arithmetic wraps only to stay a safe expression.
            let (mut a, mut b, mut c) = (self.as_ptr(), rhs.as_ptr(), dst.cast_const());
            for q in 0..S - 2 {
                let i = index[q] as isize;
                if let Some(qa) = (q + R).checked_sub(S)
                    && self.shape()[qa] != 1
                {
                    a = a.wrapping_offset(i * sa[qa]);
                }
                if let Some(qb) = (q + Q).checked_sub(S)
                    && rhs.shape()[qb] != 1
                {
                    b = b.wrapping_offset(i * sb[qb]);
                }
                c = c.wrapping_offset(i * strides[q]);
            }
            let (a, b, c) = (last_two(a, sa), last_two(b, sb), last_two(c, strides));
            // Matrix `index` of each operand is an `m x k` and a `k x n`
            // matrix of its view, every element valid for reads (none is
            // read when `k = 0`: `gemm` then writes zeros); that of the
            // output is the `m x n` block at `c`, its elements distinct,
            // writable and in no operand's memory (the contract); blocks of
            // different batch indices are disjoint.
            // SAFETY: as just said.
            unsafe { gemm(m, k, n, a, b, c) };
            // The next batch index, last axis fastest (the C output's order).
            let mut q = S - 2;
            loop {
                if q == 0 {
                    return;
                }
                q -= 1;
                index[q] += 1;
                if index[q] < shape[q] {
                    break;
                }
                index[q] = 0;
            }
        }
    }
}

/// What a vector's [`dot`](ViewBase::dot) takes on its right: a vector (the
/// dot product, a number) or a matrix (`x @ W`, a vector). Sealed.
pub trait VectorDot<T>: sealed::SealedRhs {
    /// A number for a vector on the right, a new C-ordered vector for a
    /// matrix.
    type Output;

    /// `lhs @ self`.
    #[doc(hidden)]
    fn left_dot<O: OrderMarker, M: Mutability>(
        &self,
        lhs: &ViewBase<'_, T, 1, O, M>,
    ) -> Result<Self::Output, LayoutError>;
}

impl<T, P: OrderMarker, N: Mutability> VectorDot<T> for ViewBase<'_, T, 1, P, N>
where
    T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
{
    type Output = T;

    fn left_dot<O: OrderMarker, M: Mutability>(
        &self,
        lhs: &ViewBase<'_, T, 1, O, M>,
    ) -> Result<T, LayoutError> {
        let (len, other) = (lhs.shape()[0], self.shape()[0]);
        if len != other {
            return Err(LayoutError::DotMismatch {
                left: len,
                right: other,
            });
        }
        // Both views reach `len` valid elements their strides apart.
        // SAFETY: as just said.
        Ok(unsafe {
            dot_run(
                lhs.as_ptr(),
                lhs.strides()[0],
                self.as_ptr(),
                self.strides()[0],
                len,
            )
        })
    }
}

impl<T, P: OrderMarker, N: Mutability> VectorDot<T> for ViewBase<'_, T, 2, P, N>
where
    T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
{
    type Output = Array<T, 1, C>;

    fn left_dot<O: OrderMarker, M: Mutability>(
        &self,
        lhs: &ViewBase<'_, T, 1, O, M>,
    ) -> Result<Array<T, 1, C>, LayoutError> {
        // `x @ W` is `W.T @ x`: the matrix's own product with a vector, over
        // the matrix read across its columns (no copy). A mismatch names the
        // lengths as `x @ W` has them: `x`'s on the left.
        self.view_shared()
            .t()
            .dot(&lhs.view_shared())
            .map_err(|e| match e {
                LayoutError::DotMismatch { left, right } => LayoutError::DotMismatch {
                    left: right,
                    right: left,
                },
                e => e,
            })
    }
}

impl<T, O: OrderMarker, M: Mutability> ViewBase<'_, T, 1, O, M> {
    /// The dot product of two vectors (`np.dot` of two 1-D arrays, ndarray's
    /// `dot`), a number; or a vector times a matrix (NumPy's `x @ W`,
    /// ndarray's `Array1::dot(&Array2)`), a new C-ordered vector. Contiguous
    /// `f64` and `f32` vectors run the library's vector loops; a matrix runs
    /// the matrix-vector loop of a matrix's own [`dot`](ViewBase::dot) with a
    /// vector, over the matrix read across its columns (no copy); a product
    /// of floating-point numbers may differ from a left-to-right sum in the
    /// last bits.
    ///
    /// ```
    /// use stride_core::{Array, LayoutError, Slice};
    /// let x = Array::<i32, 1>::from_vec([4], vec![1, 2, 3, 4])?;
    /// assert_eq!(x.view().dot(&x.view().flip(0)?)?, 4 + 6 + 6 + 4);
    /// let odd = x.slice([Slice::step_by(2)])?; // [1, 3]
    /// assert_eq!(
    ///     x.view().dot(&odd).unwrap_err(),
    ///     LayoutError::DotMismatch { left: 4, right: 2 }
    /// );
    /// // x @ W: a row vector through a 4 x 2 matrix (any layout, here F).
    /// let w = Array::<i32, 2>::from_fn([2, 4], |[r, c]| (4 * r + c) as i32)?;
    /// assert_eq!(x.view().dot(&w.t())?.as_slice(), &[20, 60]);
    /// // NumPy: "shapes (2,) and (4,2) not aligned: 2 (dim 0) != 4 (dim 0)".
    /// assert_eq!(
    ///     odd.dot(&w.t()).unwrap_err(),
    ///     LayoutError::DotMismatch { left: 2, right: 4 }
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn dot<Rhs: VectorDot<T>>(&self, rhs: &Rhs) -> Result<Rhs::Output, LayoutError> {
        rhs.left_dot(self)
    }
}

impl<T, O: ContiguousOrder> Array<T, 2, O> {
    /// `np.eye(n)`: the `n x n` identity matrix, the unit of [`dot`](Self::dot).
    ///
    /// ```
    /// use stride_core::Array;
    /// let i = Array::<f64, 2>::eye(3)?;
    /// assert_eq!(i.as_slice(), &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
    /// let a = Array::<f64, 2>::from_fn([3, 2], |[r, c]| (r * 2 + c) as f64)?;
    /// assert_eq!(i.dot(&a.view())?, a);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn eye(n: usize) -> Result<Self, LayoutError>
    where
        T: Clone + Zero + num_traits::One,
    {
        let mut a = Self::zeros([n, n])?;
        for i in 0..n {
            a[[i, i]] = T::one();
        }
        Ok(a)
    }
}

impl<T, O: OrderMarker> Array<T, 2, O> {
    /// The matrix product (see [`ViewBase::dot`]).
    pub fn dot<const Q: usize, P: OrderMarker, N: Mutability>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
    ) -> Result<Array<T, Q, C>, LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
        Rank<Q>: DotRank,
    {
        self.view().dot(rhs)
    }

    /// The matrix product into `out` (see [`ViewBase::dot_into`]).
    pub fn dot_into<const Q: usize, P: OrderMarker, N: Mutability, PO: OrderMarker>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
        out: &mut ViewBase<'_, T, Q, PO, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
        Rank<Q>: DotRank,
    {
        self.view().dot_into(rhs, out)
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O>
where
    Rank<R>: MatmulRank,
{
    /// The product of two stacks of matrices (see [`ViewBase::matmul`]).
    pub fn matmul<const Q: usize, const S: usize, P: OrderMarker, N: Mutability>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
    ) -> Result<Array<T, S, C>, LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
        Rank<Q>: MatmulRank,
        Rank<R>: RankMax<Rank<Q>, Output = Rank<S>>,
    {
        self.view().matmul(rhs)
    }

    /// The product of two stacks of matrices into `out` (see
    /// [`ViewBase::matmul_into`]).
    pub fn matmul_into<const Q: usize, const S: usize, P, N, PO>(
        &self,
        rhs: &ViewBase<'_, T, Q, P, N>,
        out: &mut ViewBase<'_, T, S, PO, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
        P: OrderMarker,
        N: Mutability,
        PO: OrderMarker,
        Rank<Q>: MatmulRank,
        Rank<R>: RankMax<Rank<Q>, Output = Rank<S>>,
    {
        self.view().matmul_into(rhs, out)
    }
}

impl<T, O: OrderMarker> Array<T, 1, O> {
    /// The dot product of two vectors, or a vector times a matrix (see
    /// [`ViewBase::dot`]).
    pub fn dot<Rhs: VectorDot<T>>(&self, rhs: &Rhs) -> Result<Rhs::Output, LayoutError> {
        self.view().dot(rhs)
    }
}
