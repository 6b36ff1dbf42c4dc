//! Reductions in memory order: `sum` (eight accumulators over contiguous runs),
//! `product`, `mean`, `max` and `min` (NaN-propagating, as NumPy's), `fold`
//! and `for_each` (when the order does not matter), `sum_axis`, `mean_axis`,
//! `max_axis` and `min_axis`. (Where the extremes lie, `argmax` and its
//! kin, is `arg`.)

use core::ops::{Add, Div, Mul};

use num_traits::{FromPrimitive, One, Zero};

#[cfg(target_arch = "x86_64")]
use super::cpu::to_boundary;
#[cfg(target_arch = "x86_64")]
use super::lanes::{ACROSS_UP_TO, EXTREMES_UP_TO, SUMS_UP_TO, fold_lanes, sum_lanes};
use super::nest::{Nest, Operands, Priority, folds_eight_rows, over_short_lanes};
use super::total;
use crate::array::Array;
use crate::error::LayoutError;
use crate::order::{Contiguity, Kept, OrderMarker};
use crate::rank::{Rank, RankSub};
use crate::view::{Mutability, ViewBase};

/// The element types the library sums (and the `kernel!` expansion, through
/// [`sum_slice`]): copyable, with a zero and an addition. Every primitive
/// number is one, and so is any type that implements these (for the `kernel!`
/// expansion: not an API).
#[doc(hidden)]
pub trait Summable: Copy + Zero + Add<Output = Self> {}

impl<T: Copy + Zero + Add<Output = T>> Summable for T {}

/// The longest run [`sum_run`] sums in one piece; a longer one is summed in
/// two halves, recursively (NumPy's pairwise summation, over pieces of
/// 4096 elements instead of 128): the rounding error of a sum of `n`
/// floating-point numbers then grows with `256 + log2(n / 4096)` roundings
/// instead of `n / 16` (a mean of four million `f32`s near 10⁴ was off by
/// 10⁻¹ before). Each piece is 32 KiB of `f64`, so the recursion costs one
/// call per 1-2 thousand elements' work.
pub(crate) const PAIRWISE_RUN: usize = 4096;

/// The sum of `len` elements `stride` apart from `p`: over a contiguous run,
/// eight independent accumulators (the compiler vectorises them) or, for `f64`
/// and `f32` on x86-64, explicit vector accumulators (see [`sum_f64`]); four
/// accumulators over a strided run; pairwise over runs longer than
/// [`PAIRWISE_RUN`].
///
/// # Safety
/// `p + k * stride` must be a valid `T` for shared reads for every `k < len`.
#[inline]
pub(crate) unsafe fn sum_run<T: Summable>(p: *const T, len: usize, stride: isize) -> T {
    pairwise(len, |start, n| {
        // `pairwise` gives this pieces `start..start + n` of the caller's
        // run, whose elements are valid (its promise).
        // SAFETY: as just said.
        unsafe { sum_piece(p.offset(start as isize * stride), n, stride) }
    })
}

/// `piece(start, n)` over pieces `start..start + n` of `0..len` of at most
/// [`PAIRWISE_RUN`] elements, their results added pairwise (`0..len` in
/// halves, recursively; every piece but the last starts and ends at a
/// multiple of 16, so that vector loops over it leave no remainder).
#[inline(always)]
pub(crate) fn pairwise<T: Add<Output = T>>(len: usize, piece: impl Fn(usize, usize) -> T) -> T {
    // Short runs (every run of a small static layout) take one piece, with
    // no call: the recursion is out of line.
    if len <= PAIRWISE_RUN {
        return piece(0, len);
    }
    fn halves<T: Add<Output = T>>(
        start: usize,
        len: usize,
        piece: &impl Fn(usize, usize) -> T,
    ) -> T {
        if len <= PAIRWISE_RUN {
            return piece(start, len);
        }
        // A multiple of 16 below `len` (which is above 4096).
        let half = (len / 2).next_multiple_of(16);
        halves(start, half, piece) + halves(start + half, len - half, piece)
    }
    halves(0, len, &piece)
}

/// [`sum_run`] of one piece, at most [`PAIRWISE_RUN`] elements.
///
/// # Safety
/// As [`sum_run`].
#[inline]
unsafe fn sum_piece<T: Summable>(p: *const T, len: usize, stride: isize) -> T {
    #[cfg(target_arch = "x86_64")]
    if stride == 1 {
        let ty = typeid::of::<T>();
        if ty == core::any::TypeId::of::<f64>() {
            // `T` is `f64`: a contiguous run of `len` valid `f64`s (the
            // caller's promise), and the sum is the same value.
            // SAFETY: as just said.
            return unsafe {
                let f = core::slice::from_raw_parts(p.cast::<f64>(), len);
                core::mem::transmute_copy::<f64, T>(&sum_f64(f))
            };
        }
        if ty == core::any::TypeId::of::<f32>() {
            // SAFETY: as for `f64`.
            return unsafe {
                let f = core::slice::from_raw_parts(p.cast::<f32>(), len);
                core::mem::transmute_copy::<f32, T>(&sum_f32(f))
            };
        }
    }
    // SAFETY: the caller's promise.
    unsafe { fold_run(p, len, stride, T::zero(), |a, b| a + b) }
}

/// The product of `len` elements `stride` apart from `p` (see [`fold_run`]).
///
/// # Safety
/// As [`sum_run`].
unsafe fn product_run<T: Copy + One + Mul<Output = T>>(
    p: *const T,
    len: usize,
    stride: isize,
) -> T {
    // SAFETY: the caller's promise.
    unsafe { fold_run(p, len, stride, T::one(), |a, b| a * b) }
}

/// NumPy's `maximum` of two values: the larger, or a NaN (any `x != x`) if
/// either is one.
#[inline(always)]
#[allow(clippy::eq_op)]
fn max_nan<T: PartialOrd>(a: T, b: T) -> T {
    if a >= b || a != a { a } else { b }
}

/// NumPy's `minimum` of two values (see [`max_nan`]).
#[inline(always)]
#[allow(clippy::eq_op)]
fn min_nan<T: PartialOrd>(a: T, b: T) -> T {
    if a <= b || a != a { a } else { b }
}

/// The largest of `len` elements `stride` apart from `p`, NaN-propagating
/// (see [`max_nan`] and [`fold_run`]).
///
/// # Safety
/// As [`sum_run`], and `len` is at least 1.
pub(super) unsafe fn max_run<T: Copy + PartialOrd>(p: *const T, len: usize, stride: isize) -> T {
    // SAFETY: the caller's promise: `p` is the first of at least one element.
    unsafe { extreme_run(p, len, stride, Extreme::Max) }
}

/// What [`fold_rows`] folds: a sum, in order, or an extreme, in a tree. It
/// must name the `op` given with it: the vector loops for `f64` and `f32`
/// take their operation from it, not from `op`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum RowFold {
    /// `+`, one row after another.
    Sum,
    /// NumPy's `maximum` or `minimum`, eight rows in a tree.
    Extreme(Extreme),
}

/// Which extreme a reduction looks for: NumPy's `maximum` or `minimum`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Extreme {
    /// The largest ([`max_nan`]).
    Max,
    /// The smallest ([`min_nan`]).
    Min,
}

/// Contiguous runs of `f64` or `f32` of at least this many elements (a
/// vector of either) take their extremes in 256-bit vectors where the
/// processor has AVX: shorter than a chunk, a vector at a time (see
/// `vector_extreme!`). The generic fold's eight partial results, combined
/// by the scalar rule, took most of `max_axis(1)` of 100 000 x 10 `f64` (a
/// probe at the twenty-fifth stop: 2.9-3.0 ms, now 1.2, against 0.58 for
/// `sum_axis(1)`; `max` of 10, 16, 32 and 50 `f64` 7.7, 8.6, 9.6 and 11.6 ns
/// against 10.5, 10.9, 16.4 and 28.1).
#[cfg(target_arch = "x86_64")]
const SHORT_FROM: usize = 8;

/// The extreme `E` (NaN-propagating) of `len` elements `stride` apart from
/// `p`: over a contiguous run of `f64` or `f32` of at least [`SHORT_FROM`]
/// elements on a processor with AVX, in vector registers (see
/// `vector_extreme!`); over one of integers of at least `total::FROM`, by
/// `total::extreme` (in AVX2 where the processor has it); otherwise by
/// [`fold_run`].
///
/// # Safety
/// As [`max_run`].
#[inline(always)]
unsafe fn extreme_run<T: Copy + PartialOrd>(
    p: *const T,
    len: usize,
    stride: isize,
    e: Extreme,
) -> T {
    // A closure (a function pointer chosen by `e` was called per element,
    // never inlined), whose match on `e` folds away: every caller's `e` is a
    // constant.
    let op = move |a: T, b: T| match e {
        Extreme::Max => max_nan(a, b),
        Extreme::Min => min_nan(a, b),
    };
    #[cfg(target_arch = "x86_64")]
    if stride == 1 && len >= SHORT_FROM && has_avx() && wide_float::<T>() {
        // From [`WIDE_FROM`] elements, the elements before the first 32-byte
        // boundary by the scalar rule first (fewer than a vector's lanes, so
        // fewer than `len - SHORT_FROM`), and
        // the vector loop's loads from the boundary, none across two cache
        // lines: from L2, a run 8 or 16 bytes past a boundary took 1.47x the
        // time of an aligned one (`max` of 8192 to 65 536 `f64`, a probe on
        // the Intel VM of the twenty-fourth stop). The head's extreme is
        // the first operand, so a NaN in it is the one returned, as by the
        // scalar loop.
        let head = if len >= WIDE_FROM {
            to_boundary(p, len)
        } else {
            0
        };
        // `head < len` elements from `p`, valid (the caller's promise).
        // SAFETY: as just said.
        let first = (head > 0).then(|| unsafe { fold_run(p, head, 1, *p, op) });
        // `T` is `f64` (tested) or else `f32`: a contiguous run of `len -
        // head` (at least [`SHORT_FROM`], a vector of either) valid elements
        // from `p + head` (the caller's promise), on a processor with AVX
        // (just tested); the result is the same value (up to which of two
        // equal zeros).
        // SAFETY: as just said.
        let rest = unsafe {
            if typeid::of::<T>() == core::any::TypeId::of::<f64>() {
                let f = core::slice::from_raw_parts(p.add(head).cast::<f64>(), len - head);
                let m = match e {
                    Extreme::Max => max_f64_wide(f),
                    Extreme::Min => min_f64_wide(f),
                };
                core::mem::transmute_copy::<f64, T>(&m)
            } else {
                let f = core::slice::from_raw_parts(p.add(head).cast::<f32>(), len - head);
                let m = match e {
                    Extreme::Max => max_f32_wide(f),
                    Extreme::Min => min_f32_wide(f),
                };
                core::mem::transmute_copy::<f32, T>(&m)
            }
        };
        return first.map_or(rest, |f| op(f, rest));
    }
    if stride == 1 && len >= total::FROM && total::total::<T>() {
        // A contiguous run of `len` valid elements (the caller's promise).
        // SAFETY: as just said.
        let s = unsafe { core::slice::from_raw_parts(p, len) };
        return match e {
            Extreme::Max => total::extreme::<T, true>(s),
            Extreme::Min => total::extreme::<T, false>(s),
        };
    }
    // SAFETY: the caller's promise: `p` is the first of at least one element.
    unsafe { fold_run(p, len, stride, *p, op) }
}

/// The largest (`max`) or smallest element of a contiguous run by NumPy's
/// rule (a NaN wins): `f64` and `f32` runs in vector registers where the
/// processor has AVX, as the library's `max` (see `extreme_run`), any other
/// element by the scalar rule. Not an API: the `kernel!` expansion's
/// `max[…](a[[…]])` over unit-stride runs.
///
/// # Safety
/// `p` is the first of `len` (at least one) valid elements at unit stride,
/// in one allocation, which nothing writes during the call.
#[doc(hidden)]
#[inline]
pub unsafe fn extreme_of_unit_run<T: Copy + PartialOrd>(p: *const T, len: usize, max: bool) -> T {
    let e = if max { Extreme::Max } else { Extreme::Min };
    // The caller's promise is `extreme_run`'s (`max_run`'s, `sum_run`'s)
    // at unit stride.
    // SAFETY: as just said.
    unsafe { extreme_run(p, len, 1, e) }
}

/// NumPy's `maximum` or `minimum` over a contiguous, non-empty run of floats
/// with AVX: eight vector accumulators of `$op` (`vmaxpd` and kin, which
/// return their second operand where either is a NaN: not NumPy's rule), and
/// beside them a mask of the lanes where a NaN was loaded (`vcmpunordpd` of
/// pairs of loaded vectors). A run that holds a NaN is folded again by the
/// scalar rule (`$scalar`), so the result is always the scalar loop's, up to
/// which of two equal zeros. The compiler's own vectorisation of the scalar
/// rule at AVX2 gathers lanes one by one: from L2 2.7x slower than the sum of
/// the same run.
macro_rules! vector_extreme {
    ($name:ident, $t:ty, $lanes:literal, $scalar:ident, $op:ident, $set1:ident,
     $load:ident, $unord:ident, $or:ident, $zero:ident, $mask:ident, $store:ident) => {
        /// See `vector_extreme!`.
        ///
        /// # Safety
        /// The processor has AVX, and `s` holds at least `$lanes` elements.
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx")]
        unsafe fn $name(s: &[$t]) -> $t {
            use core::arch::x86_64::*;
            let (p, n) = (s.as_ptr(), s.len());
            if n < 8 * $lanes {
                // Less than a chunk: one accumulator, a vector at a time,
                // the last one the run's last `$lanes` elements (overlapping
                // the one before: the extreme is the same). The run's
                // elements, as `n >= $lanes` (the caller's promise).
                // SAFETY: as just said.
                let (acc, nan) = unsafe {
                    let mut acc = $load(p);
                    let mut nan = $unord(acc, acc);
                    let mut k = $lanes;
                    while k < n {
                        let x = $load(p.add(k.min(n - $lanes)));
                        acc = $op(acc, x);
                        nan = $or(nan, $unord(x, x));
                        k += $lanes;
                    }
                    (acc, nan)
                };
                if $mask(nan) != 0 {
                    return s[1..].iter().fold(s[0], |t, &x| $scalar(t, x));
                }
                let mut lanes = [s[0]; $lanes];
                // SAFETY: `lanes` holds one vector.
                unsafe { $store(lanes.as_mut_ptr(), acc) };
                return lanes[1..].iter().fold(lanes[0], |t, &x| $scalar(t, x));
            }
            let chunks = s.chunks_exact(8 * $lanes);
            let rest = chunks.remainder();
            // The elements past the last whole chunk: as one more chunk, the
            // last `8 * $lanes` elements (an extreme of some elements twice
            // is the same), where there is one; a scalar fold of up to
            // `8 * $lanes - 1` elements waited on each comparison's latency
            // (31 `f64`: about 100 ns).
            let last = match s.len().checked_sub(8 * $lanes) {
                Some(k) if !rest.is_empty() => Some(&s[k..]),
                _ => None,
            };
            let rest = if last.is_some() { &[] } else { rest };
            let mut acc = [$set1(s[0]); 8];
            let mut nan = $zero();
            // One chunk of `8 * $lanes` elements into the accumulators and
            // the NaN mask.
            let mut step = |c: &[$t]| {
                let p = c.as_ptr();
                let mut x = acc;
                for (k, v) in x.iter_mut().enumerate() {
                    // `8 * $lanes` elements from `p`: `$lanes` of them from
                    // element `k * $lanes`.
                    // SAFETY: as just said.
                    *v = unsafe { $load(p.add(k * $lanes)) };
                }
                for k in 0..8 {
                    acc[k] = $op(acc[k], x[k]);
                }
                let u = $or(
                    $or($unord(x[0], x[1]), $unord(x[2], x[3])),
                    $or($unord(x[4], x[5]), $unord(x[6], x[7])),
                );
                nan = $or(nan, u);
            };
            for c in chunks {
                step(c);
            }
            if let Some(c) = last {
                step(c);
            }
            if $mask(nan) != 0 {
                return s[1..].iter().fold(s[0], |t, &x| $scalar(t, x));
            }
            let mut n = 8;
            while n > 1 {
                n /= 2;
                for k in 0..n {
                    acc[k] = $op(acc[k], acc[k + n]);
                }
            }
            let mut lanes = [s[0]; $lanes];
            // SAFETY: `lanes` holds one vector.
            unsafe { $store(lanes.as_mut_ptr(), acc[0]) };
            let t = lanes[1..].iter().fold(lanes[0], |t, &x| $scalar(t, x));
            rest.iter().fold(t, |t, &x| $scalar(t, x))
        }
    };
}

/// The lanes where `a` or `b` is a NaN (all ones), four `f64`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
#[inline]
fn unord_pd(
    a: core::arch::x86_64::__m256d,
    b: core::arch::x86_64::__m256d,
) -> core::arch::x86_64::__m256d {
    use core::arch::x86_64::*;
    _mm256_cmp_pd::<_CMP_UNORD_Q>(a, b)
}

/// The lanes where `a` or `b` is a NaN (all ones), eight `f32`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
#[inline]
fn unord_ps(
    a: core::arch::x86_64::__m256,
    b: core::arch::x86_64::__m256,
) -> core::arch::x86_64::__m256 {
    use core::arch::x86_64::*;
    _mm256_cmp_ps::<_CMP_UNORD_Q>(a, b)
}

vector_extreme!(
    max_f64_wide,
    f64,
    4,
    max_nan,
    _mm256_max_pd,
    _mm256_set1_pd,
    _mm256_loadu_pd,
    unord_pd,
    _mm256_or_pd,
    _mm256_setzero_pd,
    _mm256_movemask_pd,
    _mm256_storeu_pd
);
vector_extreme!(
    min_f64_wide,
    f64,
    4,
    min_nan,
    _mm256_min_pd,
    _mm256_set1_pd,
    _mm256_loadu_pd,
    unord_pd,
    _mm256_or_pd,
    _mm256_setzero_pd,
    _mm256_movemask_pd,
    _mm256_storeu_pd
);
vector_extreme!(
    max_f32_wide,
    f32,
    8,
    max_nan,
    _mm256_max_ps,
    _mm256_set1_ps,
    _mm256_loadu_ps,
    unord_ps,
    _mm256_or_ps,
    _mm256_setzero_ps,
    _mm256_movemask_ps,
    _mm256_storeu_ps
);
vector_extreme!(
    min_f32_wide,
    f32,
    8,
    min_nan,
    _mm256_min_ps,
    _mm256_set1_ps,
    _mm256_loadu_ps,
    unord_ps,
    _mm256_or_ps,
    _mm256_setzero_ps,
    _mm256_movemask_ps,
    _mm256_storeu_ps
);

/// `op(o, op(op(op(v0, v1), op(v2, v3)), op(op(v4, v5), op(v6, v7))))`: one
/// output element of [`fold_rows`]' eight-row tree.
#[inline(always)]
fn tree8<T: Copy>(o: T, v: [T; 8], op: impl Fn(T, T) -> T) -> T {
    let (a, b) = (op(v[0], v[1]), op(v[2], v[3]));
    let (c, d) = (op(v[4], v[5]), op(v[6], v[7]));
    op(o, op(op(a, b), op(c, d)))
}

/// [`fold_rows`]' eight-row tree of NumPy's `maximum` or `minimum` for
/// floats, with AVX: `blocks` blocks of eight rows, `$lanes` columns at a
/// time in vector registers (the tree of `$op`, as `vector_extreme!`), and
/// where one of the eight inputs or the output holds a NaN (`$unord` of
/// pairs), those columns by the scalar rule ([`tree8`] of `$scalar`). The
/// compiler's own vectorisation of the scalar rule (SSE2) took 2.7x the time
/// of the sum along the same axis (1000 x 1000 `f64`, in L3).
macro_rules! vector_rows_extreme {
    ($name:ident, $t:ty, $lanes:literal, $scalar:ident, $op:ident, $load:ident,
     $unord:ident, $or:ident, $mask:ident, $store:ident) => {
        /// See `vector_rows_extreme!`.
        ///
        /// # Safety
        /// The processor has AVX, and [`fold_rows`]' promises hold for
        /// `8 * blocks` rows.
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx")]
        unsafe fn $name(dst: *mut $t, src: *const $t, blocks: usize, stride: isize, len: usize) {
            use core::arch::x86_64::*;
            // The columns before the first 32-byte boundary of the input
            // rows one by one, so that the vector loop's eight loads per
            // store do not straddle cache lines.
            let head = to_boundary(src, len);
            for b in 0..blocks {
                // Rows `8 * b..8 * b + 8` of the caller's rows, which begin in
                // the input (the caller's promise).
                // SAFETY: as just said.
                let p = unsafe { eight_rows(src, b, stride) };
                for l in 0..head {
                    // Column `l < len`, as below.
                    // SAFETY: as just said.
                    unsafe {
                        let v = p.map(|q| *q.add(l));
                        *dst.add(l) = tree8(*dst.add(l), v, $scalar);
                    }
                }
                let mut j = head;
                while j + $lanes <= len {
                    // Columns `j..j + $lanes` of the output row and of the
                    // eight rows: valid elements, the output's for reads and
                    // writes, disjoint from the rows (the caller's promise).
                    // SAFETY: as just said.
                    unsafe {
                        let d = $load(dst.add(j));
                        let mut x = [d; 8];
                        for (v, q) in x.iter_mut().zip(p) {
                            *v = $load(q.add(j));
                        }
                        let u = $or(
                            $or($unord(x[0], x[1]), $unord(x[2], x[3])),
                            $or($or($unord(x[4], x[5]), $unord(x[6], x[7])), $unord(d, d)),
                        );
                        if $mask(u) == 0 {
                            let (a, b) = ($op(x[0], x[1]), $op(x[2], x[3]));
                            let (c, e) = ($op(x[4], x[5]), $op(x[6], x[7]));
                            $store(dst.add(j), $op(d, $op($op(a, b), $op(c, e))));
                        } else {
                            for l in j..j + $lanes {
                                let v = p.map(|q| *q.add(l));
                                *dst.add(l) = tree8(*dst.add(l), v, $scalar);
                            }
                        }
                    }
                    j += $lanes;
                }
                for l in j..len {
                    // Column `l < len`, as above.
                    // SAFETY: as just said.
                    unsafe {
                        let v = p.map(|q| *q.add(l));
                        *dst.add(l) = tree8(*dst.add(l), v, $scalar);
                    }
                }
            }
        }
    };
}

/// The starts of rows `8 * b..8 * b + 8`, `stride` apart from `src`.
///
/// # Safety
/// Those rows begin in the caller's input ([`fold_rows`]' promise).
#[inline(always)]
pub(super) unsafe fn eight_rows<T>(src: *const T, b: usize, stride: isize) -> [*const T; 8] {
    let mut p = [src; 8];
    for (k, q) in p.iter_mut().enumerate() {
        // Row `8 * b + k`: the caller's promise.
        // SAFETY: as just said.
        *q = unsafe { src.offset((8 * b + k) as isize * stride) };
    }
    p
}

/// [`fold_rows`]' sum for floats, with AVX: `blocks` blocks of eight rows,
/// `$lanes` columns at a time, each output element plus the eight rows'
/// elements in order, as the scalar loop adds them (the same bits).
macro_rules! vector_rows_sum {
    ($name:ident, $t:ty, $lanes:literal, $add:ident, $load:ident, $store:ident) => {
        /// See `vector_rows_sum!`.
        ///
        /// # Safety
        /// The processor has AVX, and [`fold_rows`]' promises hold for
        /// `8 * blocks` rows.
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx")]
        unsafe fn $name(dst: *mut $t, src: *const $t, blocks: usize, stride: isize, len: usize) {
            use core::arch::x86_64::*;
            // The columns before the first 32-byte boundary of the input
            // rows one by one, so that the vector loop's eight loads per
            // store do not straddle cache lines.
            let head = to_boundary(src, len);
            for b in 0..blocks {
                // Rows `8 * b..8 * b + 8` of the caller's rows, which begin in
                // the input (the caller's promise).
                // SAFETY: as just said.
                let p = unsafe { eight_rows(src, b, stride) };
                for l in 0..head {
                    // Column `l < len`, as below.
                    // SAFETY: as just said.
                    unsafe { *dst.add(l) = p.iter().fold(*dst.add(l), |t, q| t + *q.add(l)) };
                }
                let mut j = head;
                while j + $lanes <= len {
                    // Columns `j..j + $lanes` of the output row and of the
                    // eight rows: valid elements, the output's for reads and
                    // writes, disjoint from the rows (the caller's promise).
                    // SAFETY: as just said.
                    unsafe {
                        let mut t = $load(dst.add(j));
                        for q in p {
                            t = $add(t, $load(q.add(j)));
                        }
                        $store(dst.add(j), t);
                    }
                    j += $lanes;
                }
                for l in j..len {
                    // Column `l < len`, as above.
                    // SAFETY: as just said.
                    unsafe { *dst.add(l) = p.iter().fold(*dst.add(l), |t, q| t + *q.add(l)) };
                }
            }
        }
    };
}

vector_rows_sum!(
    sum_rows_f64,
    f64,
    4,
    _mm256_add_pd,
    _mm256_loadu_pd,
    _mm256_storeu_pd
);
vector_rows_sum!(
    sum_rows_f32,
    f32,
    8,
    _mm256_add_ps,
    _mm256_loadu_ps,
    _mm256_storeu_ps
);

vector_rows_extreme!(
    max_rows_f64,
    f64,
    4,
    max_nan,
    _mm256_max_pd,
    _mm256_loadu_pd,
    unord_pd,
    _mm256_or_pd,
    _mm256_movemask_pd,
    _mm256_storeu_pd
);
vector_rows_extreme!(
    min_rows_f64,
    f64,
    4,
    min_nan,
    _mm256_min_pd,
    _mm256_loadu_pd,
    unord_pd,
    _mm256_or_pd,
    _mm256_movemask_pd,
    _mm256_storeu_pd
);
vector_rows_extreme!(
    max_rows_f32,
    f32,
    8,
    max_nan,
    _mm256_max_ps,
    _mm256_loadu_ps,
    unord_ps,
    _mm256_or_ps,
    _mm256_movemask_ps,
    _mm256_storeu_ps
);
vector_rows_extreme!(
    min_rows_f32,
    f32,
    8,
    min_nan,
    _mm256_min_ps,
    _mm256_loadu_ps,
    unord_ps,
    _mm256_or_ps,
    _mm256_movemask_ps,
    _mm256_storeu_ps
);

/// The smallest of `len` elements `stride` apart from `p` (see [`max_run`]).
///
/// # Safety
/// As [`max_run`].
pub(super) unsafe fn min_run<T: Copy + PartialOrd>(p: *const T, len: usize, stride: isize) -> T {
    // SAFETY: as in `max_run`.
    unsafe { extreme_run(p, len, stride, Extreme::Min) }
}

/// The strides `packed` of an array of one rank less than `R` (an axis
/// reduction's output) seen in the input's shape: 0 along `axis`, the others
/// in order.
pub(super) fn spread_over<const R: usize, const Q: usize>(
    packed: &[isize; Q],
    axis: usize,
) -> [isize; R] {
    let mut strides = [0isize; R];
    let mut o = 0;
    for (a, s) in strides.iter_mut().enumerate() {
        if a != axis {
            *s = packed[o];
            o += 1;
        }
    }
    strides
}

/// Folds `rows` rows of `len` elements, `stride` apart from `src`, into the
/// row of `len` elements at `dst`, in order (`dst[j] = op(dst[j], row[j])`
/// for each row in turn: the same operations in the same order as one row at
/// a time, so a float sum has the same bits), eight rows per pass over `dst`:
/// the output row is loaded and stored once per eight input rows, and eight
/// streams are read at once (a sum of 4000 x 4000 `f64` along its first axis
/// took 4.8-5.0 ms in a probe against 8.2-8.6 ms row by row; for rows that
/// stay in L1, see `folds_eight_rows`).
///
/// For [`RowFold::Extreme`] (`op` is NumPy's NaN-propagating `maximum` or
/// `minimum`: associative, commutative and idempotent), each pass combines
/// its eight values pairwise first, `op(dst[j], op(op(op(r0, r1), op(r2,
/// r3)), op(op(r4, r5), op(r6, r7))))`: the same result up to which NaN or
/// which signed zero is returned, with a chain of four operations per element
/// instead of eight (`max_axis(0)` in a probe, medians of 11-51 calls: 0.29
/// against 0.38 ms at 1000 x 1000 `f64`, 5.7-5.8 against 6.6-6.7 ms at 4000 x
/// 4000; `sum_axis(0)` 0.11 and 4.8-5.1 ms).
///
/// `f64` and `f32` on a processor with AVX take the 256-bit loops of
/// `vector_rows_sum!` and `vector_rows_extreme!`, with the same results
/// (the sum's bits; the extremes' values). Measured at the sixteenth stop
/// (Zen 4 VM, a probe, medians of 15 calls in a row): `max_axis(0)` of
/// 1000 x 1000 `f64` 0.10 ms against 0.29 ms before (`sum_axis(0)` 0.09-0.11
/// ms), of 4000 x 4000 4.8-5.5 against 5.7-6.3 ms. Their vector loops start
/// at the first 32-byte boundary of the input rows (the columns before it
/// one by one), so that their eight loads per store do not straddle cache
/// lines: on the Intel VM of the twenty-fourth stop (a probe, best of 15
/// blocks), `sum_axis(0)` of 64 x 1024 `f64` whose rows start 16 bytes past
/// a boundary took 6.0-6.5 against 7.9 us, of 16 x 4096 6.5 against 8.3 us
/// (level where the rows start at one). The extremes of integers take the
/// generic loops built again for AVX2 where the processor has it
/// ([`fold_rows_wide`]): `max_axis(0)` of 16 x 4096 `i64` 20-22 against 10-12
/// us, `i32` 8.2-8.3 against 4.4-4.7 (the twenty-sixth stop, Intel VM, a
/// probe beside the previous build).
///
/// # Safety
/// `dst..dst + len` must be valid for writes and reads and hold initialised
/// `T`s, `src + r * stride + j` valid `T`s for shared reads for every
/// `r < rows` and `j < len`, and no input element may lie in the output row.
unsafe fn fold_rows<T: Copy>(
    dst: *mut T,
    src: *const T,
    rows: usize,
    stride: isize,
    len: usize,
    op: &impl Fn(T, T) -> T,
    fold: RowFold,
) {
    let mut r = 0;
    #[cfg(target_arch = "x86_64")]
    if rows >= 8 && has_avx() {
        let blocks = rows / 8;
        let ty = typeid::of::<T>();
        // `T` is the type just tested, on a processor with AVX (just tested);
        // the other promises are the caller's.
        if ty == core::any::TypeId::of::<f64>() {
            let (d, s) = (dst.cast::<f64>(), src.cast::<f64>());
            // SAFETY: as just said.
            unsafe {
                match fold {
                    RowFold::Sum => sum_rows_f64(d, s, blocks, stride, len),
                    RowFold::Extreme(Extreme::Max) => max_rows_f64(d, s, blocks, stride, len),
                    RowFold::Extreme(Extreme::Min) => min_rows_f64(d, s, blocks, stride, len),
                }
            }
            r = 8 * blocks;
        } else if ty == core::any::TypeId::of::<f32>() {
            let (d, s) = (dst.cast::<f32>(), src.cast::<f32>());
            // SAFETY: as just said.
            unsafe {
                match fold {
                    RowFold::Sum => sum_rows_f32(d, s, blocks, stride, len),
                    RowFold::Extreme(Extreme::Max) => max_rows_f32(d, s, blocks, stride, len),
                    RowFold::Extreme(Extreme::Min) => min_rows_f32(d, s, blocks, stride, len),
                }
            }
            r = 8 * blocks;
        }
    }
    if total::total::<T>() && fold != RowFold::Sum {
        // The extremes of integers in AVX2 where the processor has it (no
        // 64-bit comparison in SSE2, and twice the lanes): the same loops.
        // SAFETY: the caller's promise.
        return unsafe { fold_rows_wide(dst, src, (r, rows), stride, len, op, fold) };
    }
    // SAFETY: the caller's promise.
    unsafe { fold_rows_from(dst, src, (r, rows), stride, len, op, fold) }
}

total::twin! {
    /// [`fold_rows_from`], built again for AVX2.
    ///
    /// # Safety
    /// As [`fold_rows`].
    unsafe fn fold_rows_wide[T: Copy, F: Fn(T, T) -> T][T, F](
        dst: *mut T,
        src: *const T,
        from: (usize, usize),
        stride: isize,
        len: usize,
        op: &F,
        fold: RowFold,
    ) = fold_rows_from;
}

/// [`fold_rows`]' generic loops, over rows `from.0..from.1`.
///
/// # Safety
/// As [`fold_rows`].
#[inline(always)]
unsafe fn fold_rows_from<T: Copy, F: Fn(T, T) -> T>(
    dst: *mut T,
    src: *const T,
    (mut r, rows): (usize, usize),
    stride: isize,
    len: usize,
    op: &F,
    fold: RowFold,
) {
    // The output row: valid, and disjoint from every input row (the caller's
    // promise).
    // SAFETY: as just said.
    let out = unsafe { core::slice::from_raw_parts_mut(dst, len) };
    let row = |r: usize| {
        // Called with `r < rows` only: `len` valid elements from
        // `src + r * stride` (the caller's promise).
        // SAFETY: as just said.
        unsafe { core::slice::from_raw_parts(src.offset(r as isize * stride), len) }
    };
    while r + 8 <= rows {
        let ins: [&[T]; 8] = core::array::from_fn(|k| row(r + k));
        if fold != RowFold::Sum {
            for (j, o) in out.iter_mut().enumerate() {
                *o = tree8(*o, core::array::from_fn(|k| ins[k][j]), op);
            }
        } else {
            for (j, o) in out.iter_mut().enumerate() {
                let mut t = *o;
                for q in ins {
                    t = op(t, q[j]);
                }
                *o = t;
            }
        }
        r += 8;
    }
    while r < rows {
        for (o, &x) in out.iter_mut().zip(row(r)) {
            *o = op(*o, x);
        }
        r += 1;
    }
}

/// `op` over `len` elements `stride` apart from `p`, from `id` (an identity of
/// `op`, which must be associative: the elements are combined in eight
/// independent partial results over a contiguous run, which the compiler
/// vectorises, four over a strided one).
///
/// # Safety
/// `p + k * stride` must be a valid `T` for shared reads for every `k < len`.
#[inline]
unsafe fn fold_run<T: Copy>(
    p: *const T,
    len: usize,
    stride: isize,
    id: T,
    op: impl Fn(T, T) -> T,
) -> T {
    // SAFETY: the caller's promise.
    unsafe { map_fold_run(p, len, stride, id, |x| x, op) }
}

/// [`fold_run`] over the elements each first taken through `map` (to an
/// accumulator type of its own: NaN-ignoring sums map a NaN to zero).
///
/// # Safety
/// As [`fold_run`].
#[inline]
pub(super) unsafe fn map_fold_run<T: Copy, A: Copy>(
    p: *const T,
    len: usize,
    stride: isize,
    id: A,
    map: impl Fn(T) -> A,
    op: impl Fn(A, A) -> A,
) -> A {
    if stride == 1 {
        // SAFETY: a contiguous run of `len` valid `T`s (the caller's promise).
        let s = unsafe { core::slice::from_raw_parts(p, len) };
        let mut acc = [id; 8];
        let chunks = s.chunks_exact(8);
        let rest = chunks.remainder();
        for c in chunks {
            for (a, &x) in acc.iter_mut().zip(c) {
                *a = op(*a, map(x));
            }
        }
        let [a0, a1, a2, a3, a4, a5, a6, a7] = acc;
        let mut t = op(op(op(a0, a1), op(a2, a3)), op(op(a4, a5), op(a6, a7)));
        for &x in rest {
            t = op(t, map(x));
        }
        t
    } else {
        let mut acc = [id; 4];
        let mut k = 0;
        while k + 4 <= len {
            for (j, a) in acc.iter_mut().enumerate() {
                // SAFETY: k + j < len: a valid element (the caller's promise).
                *a = op(*a, map(unsafe { *p.offset((k + j) as isize * stride) }));
            }
            k += 4;
        }
        let [a0, a1, a2, a3] = acc;
        let mut t = op(op(a0, a1), op(a2, a3));
        while k < len {
            // SAFETY: k < len.
            t = op(t, map(unsafe { *p.offset(k as isize * stride) }));
            k += 1;
        }
        t
    }
}

/// The value of `$acc` vector accumulators `acc` (an array, used up) as
/// [`vector_sum`] and `vector_dot!` add them: pairwise in a tree
/// (accumulator `k` plus accumulator `k + $acc / 2`, and so on), `$halve`
/// taking the last one to 128 bits (`$v` naming it), its `$half` lanes
/// stored with `$store` and added in order from zero. Inside an `unsafe`
/// block of a function with the vector extension.
macro_rules! accumulators_tree {
    ($acc_arr:ident, $acc:literal, $add:ident, $store:ident, $half:literal, |$v:ident| $halve:expr) => {{
        let mut n = $acc;
        while n > 1 {
            n /= 2;
            for k in 0..n {
                $acc_arr[k] = $add($acc_arr[k], $acc_arr[k + n]);
            }
        }
        let $v = $acc_arr[0];
        let mut lanes = [0.0; $half];
        $store(lanes.as_mut_ptr(), $halve);
        lanes.iter().fold(0.0, |t, &x| t + x)
    }};
}

/// The sum of a contiguous run of floats in `$acc` vector accumulators of
/// `$lanes` lanes each, over chunks of `$acc * $lanes` elements (element `k`
/// into partial sum `k % ($acc * $lanes)`), the accumulators added in a tree,
/// `$halve` taking the last one to 128 bits (`|v| v` for SSE2), its
/// `$half` lanes added from zero, then the rest in order. The SSE2 and the
/// AVX loops below have the same sixteen partial sums, and their trees pair
/// the same ones (partial `p` with `p + 8`, then `p + 4`, then for `f64`
/// `p + 2`), so their results have the same bits (a NaN's sign and payload
/// aside).
macro_rules! vector_sum {
    ($(#[$attr:meta])* $name:ident, $t:ty, $acc:literal, $lanes:literal, $half:literal,
     $zero:ident, $add:ident, $load:ident, $store:ident, |$v:ident| $halve:expr) => {
        $(#[$attr])*
        #[cfg(target_arch = "x86_64")]
        fn $name(s: &[$t]) -> $t {
            #[allow(unused_imports)]
            use core::arch::x86_64::*;
            let chunks = s.chunks_exact($acc * $lanes);
            let rest = chunks.remainder();
            // The function's vector extension is present (SSE2: the
            // x86-64 baseline; AVX: tested by its callers); each load reads
            // `$lanes` elements of a `$acc * $lanes`-element chunk, and the
            // store one 128-bit vector into `lanes`.
            // SAFETY: as just said.
            let t = unsafe {
                let mut acc = [$zero(); $acc];
                for c in chunks {
                    let p = c.as_ptr();
                    for (k, a) in acc.iter_mut().enumerate() {
                        *a = $add(*a, $load(p.add($lanes * k)));
                    }
                }
                accumulators_tree!(acc, $acc, $add, $store, $half, |$v| $halve)
            };
            rest.iter().fold(t, |t, &x| t + x)
        }
    };
}

vector_sum!(
    /// The sum of a contiguous run of `f64`: eight two-lane accumulators
    /// (sixteen partial sums), so that eight vector additions are in flight:
    /// with four, a sum from L1 or L2 waited on the addition's latency on a
    /// Xeon with two adders (1.09-1.12x ndarray's sum of 10 000 and 100 000
    /// elements; 0.96-0.97x with eight; level from memory). Written
    /// generically, the compiler vectorised across iterations instead and
    /// shuffled lanes at every step (15% slower from memory, 25% from cache).
    #[inline(always)]
    sum_f64_narrow, f64, 8, 2, 2, _mm_setzero_pd, _mm_add_pd, _mm_loadu_pd, _mm_storeu_pd, |v| v
);

vector_sum!(
    /// The sum of a contiguous run of `f32`: four four-lane accumulators
    /// (sixteen partial sums), so that four independent additions are in
    /// flight. The eight-accumulator loop keeps only two vector registers of
    /// them, and waits on the addition's latency: 1.7x slower from L1 than
    /// `ndarray`'s sum.
    #[inline(always)]
    sum_f32_narrow, f32, 4, 4, 4, _mm_setzero_ps, _mm_add_ps, _mm_loadu_ps, _mm_storeu_ps, |v| v
);

/// Runs of at least this many elements are summed with 256-bit vectors where
/// the processor has AVX (a call the compiler cannot inline into the SSE2
/// caller: shorter runs, and every run of a static layout's constant length
/// below it, take the inlined SSE2 loop).
#[cfg(target_arch = "x86_64")]
const WIDE_FROM: usize = 64;

/// Runs of at least this many elements that do not start at a 32-byte
/// boundary take the sums whose loads start at the next one
/// (`vector_sum_from_boundary!`; many more than its two chunks of sixteen):
/// every piece of a long run's pairwise sum (2048 to 4096 elements). From L2
/// and L3 every other load of a run 8 or 16 bytes past a boundary straddles
/// two cache lines; from L1 that costs little, and the rotated partial sums'
/// set-up and tree about 10-20 ns. On the Intel VM of the twenty-fourth stop
/// (a probe, best of 15 blocks, `f64`, runs 8 and 16 bytes past; aligned in
/// brackets): 512 elements 52-54 against 33 ns (29), 1024 75-78 against 66
/// (60), 2048 119 against 129 (122), 4096 225 against 260 (250), 200 000
/// 16.3-17.5 against 24.2-24.3 us (15.4-16.6), 10⁶ (from memory) level.
#[cfg(target_arch = "x86_64")]
const ALIGNED_FROM: usize = 2048;

/// The longest lanes [`fold_short_lanes`] folds side by side for `T`, for
/// the extremes (`VALUES`) or where they lie: integers on any processor
/// (see `total::fold_lanes`), `f64` and `f32` with AVX (see
/// `lanes::fold_lanes`); 0 where it folds none.
#[inline(always)]
pub(super) fn short_lanes_up_to<T, const VALUES: bool>() -> usize {
    if total::total::<T>() {
        return if VALUES {
            total::EXTREMES_UP_TO
        } else {
            total::LANES_UP_TO
        };
    }
    #[cfg(target_arch = "x86_64")]
    if has_avx() && wide_float::<T>() {
        return if VALUES { EXTREMES_UP_TO } else { ACROSS_UP_TO };
    }
    0
}

/// `lanes` lanes of `n` contiguous elements side by side: each one's extreme
/// (`VALUES`, written `ostep` apart from `b`) or its index (from `k`), by
/// NumPy's rules; how many lanes were done, from the first (see
/// `total::fold_lanes` and `lanes::fold_lanes`, which it calls by `T`).
///
/// # Safety
/// `n` in `1..=short_lanes_up_to::<T, VALUES>()` (so that is not 0), and
/// the lanes and their outputs as `total::fold_lanes` asks.
#[inline(always)]
pub(super) unsafe fn fold_short_lanes<T: Copy + PartialOrd, const MAX: bool, const VALUES: bool>(
    bk: (*mut T, *mut usize),
    s: *const T,
    steps: (usize, isize, isize),
    n: usize,
) -> usize {
    if total::total::<T>() {
        // The caller's promise.
        // SAFETY: as just said.
        return unsafe { total::fold_lanes::<T, MAX, VALUES>(bk, s, steps, n) };
    }
    // Not an integer, and `short_lanes_up_to` is not 0: `f64` or `f32` on
    // a processor with AVX, within `ACROSS_UP_TO`; the rest is the
    // caller's promise.
    #[cfg(target_arch = "x86_64")]
    // SAFETY: as just said.
    return unsafe { fold_lanes::<T, MAX, VALUES>(bk, s, steps, n) };
    #[cfg(not(target_arch = "x86_64"))]
    unreachable!("no lanes fold for {}", core::any::type_name::<T>())
}

/// The longest lanes [`sum_short_lanes`] adds side by side for `T`:
/// integers on any processor (up to 256 bytes, see `total::sums_up_to`),
/// `f64` and `f32` with AVX (`lanes::SUMS_UP_TO`, where the bits are one
/// lane's own sum's); 0 where it adds none.
#[inline(always)]
fn sum_lanes_up_to<T>() -> usize {
    if total::total::<T>() {
        return total::sums_up_to::<T>();
    }
    #[cfg(target_arch = "x86_64")]
    if has_avx() && wide_float::<T>() {
        return SUMS_UP_TO;
    }
    0
}

/// `lanes` lanes of `n` contiguous elements side by side: each output
/// `ostep` apart from `b` plus the sum of its lane, the lane's elements
/// added in order (`total::sum_lanes` for integers, whose `add` is `op`, in
/// any order the sum `run` gives, though a debug build's overflow check may
/// fire on another partial sum; `lanes::sum_lanes` for `f64` and `f32`, to
/// the bit); how many lanes were done, from the first.
///
/// # Safety
/// `n` in `1..=sum_lanes_up_to::<T>()` (so that is not 0), `add` is `+`,
/// and the lanes and their outputs as `total::sum_lanes` asks.
#[inline(always)]
unsafe fn sum_short_lanes<T: Copy, F: Fn(T, T) -> T>(
    b: *mut T,
    s: *const T,
    steps: (usize, isize, isize),
    n: usize,
    add: &F,
) -> usize {
    if total::total::<T>() {
        // The caller's promise.
        // SAFETY: as just said.
        return unsafe { total::sum_lanes(b, s, steps, n, add) };
    }
    // Not an integer, and `sum_lanes_up_to` is not 0: `f64` or `f32` on a
    // processor with AVX, within `SUMS_UP_TO`; the rest is the caller's
    // promise.
    #[cfg(target_arch = "x86_64")]
    // SAFETY: as just said.
    return unsafe { sum_lanes(b, s, steps, n) };
    #[cfg(not(target_arch = "x86_64"))]
    unreachable!("no lanes sum for {}", core::any::type_name::<T>())
}

/// Whether `T` is `f64` or `f32`, whose vector loops the kernels have.
#[cfg(target_arch = "x86_64")]
pub(super) fn wide_float<T>() -> bool {
    let ty = typeid::of::<T>();
    ty == core::any::TypeId::of::<f64>() || ty == core::any::TypeId::of::<f32>()
}

/// Whether this processor has AVX (a constant where the build enables it;
/// otherwise the standard library's cached run-time test; under Miri, only
/// the build's features count): the test of the kernels' AVX loops, and of
/// the `kernel!` expansion's (not an API).
#[doc(hidden)]
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn has_avx() -> bool {
    cfg!(target_feature = "avx") || (!cfg!(miri) && std::arch::is_x86_feature_detected!("avx"))
}

vector_sum!(
    /// [`sum_f64_narrow`] with four four-lane AVX accumulators: twice the
    /// additions per instruction, from L1 and L2 on the Intel VM 1.4-1.8x
    /// faster than the SSE2 loop (1000 and 10 000 `f64` from an aligned
    /// start); level from memory.
    #[target_feature(enable = "avx")]
    sum_f64_wide, f64, 4, 4, 2, _mm256_setzero_pd, _mm256_add_pd, _mm256_loadu_pd, _mm_storeu_pd,
    |v| _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd::<1>(v))
);

vector_sum!(
    /// [`sum_f32_narrow`] with two eight-lane AVX accumulators (as
    /// [`sum_f64_wide`]).
    #[target_feature(enable = "avx")]
    sum_f32_wide, f32, 2, 8, 4, _mm256_setzero_ps, _mm256_add_ps, _mm256_loadu_ps, _mm_storeu_ps,
    |v| _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v))
);

/// [`vector_sum`]'s AVX sums, with the same bits, for a run that starts
/// `h` elements before a 32-byte boundary (`0 < h < $lanes`) and holds at
/// least two chunks: the loads start at the boundary, so that none straddles
/// two cache lines. Element `k` still goes into partial sum `k % 16`, in
/// order: the accumulators hold the partial sums rotated by `h` (lane `i` of
/// the accumulators, counted across them, is partial `(h + i) % 16`), the
/// `h` elements before the boundary start their partials' lanes, and the
/// last chunk's elements past the last whole chunk of loads are added lane by
/// lane; the partials, put back in their places, are added in the tree of
/// [`tree16`], then the rest in order.
macro_rules! vector_sum_from_boundary {
    ($(#[$attr:meta])* $name:ident, $t:ty, $acc:literal, $lanes:literal, $half:literal,
     $add:ident, $loadu:ident, $load:ident, $storeu:ident) => {
        $(#[$attr])*
        ///
        /// # Safety
        /// The processor has AVX; `0 < h < $lanes`, `s.as_ptr() + h` is
        /// 32-byte aligned, and `s` holds at least `2 * $acc * $lanes`
        /// elements.
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx")]
        unsafe fn $name(s: &[$t], h: usize) -> $t {
            use core::arch::x86_64::*;
            const N: usize = $acc * $lanes;
            let whole = s.len() - s.len() % N;
            let chunks = whole / N;
            let mut rot: [$t; N] = [0.0; N];
            // Partial `p < h` is lane `N - h + p`; it starts from zero, as
            // each of the other lanes.
            for p in 0..h {
                rot[N - h + p] = 0.0 + s[p];
            }
            // `rot` holds `N` elements, `$lanes` per accumulator; the loads
            // from `s + h` read `chunks - 1` chunks of `N` elements below
            // `whole` (`h < N`), from a 32-byte boundary (the caller's
            // promises); the stores write `rot`'s `N` elements.
            // SAFETY: as just said.
            unsafe {
                let mut acc: [_; $acc] = core::array::from_fn(|k| $loadu(rot.as_ptr().add($lanes * k)));
                let base = s.as_ptr().add(h);
                for c in 0..chunks - 1 {
                    let p = base.add(N * c);
                    for (k, a) in acc.iter_mut().enumerate() {
                        *a = $add(*a, $load(p.add($lanes * k)));
                    }
                }
                for (k, a) in acc.iter().enumerate() {
                    $storeu(rot.as_mut_ptr().add($lanes * k), *a);
                }
            }
            // The last `N - h` elements of the whole chunks: partials `h..N`.
            let last = h + N * (chunks - 1);
            for (r, &x) in rot.iter_mut().zip(&s[last..whole]) {
                *r += x;
            }
            let mut partial: [$t; N] = [0.0; N];
            for (i, &r) in rot.iter().enumerate() {
                partial[(h + i) % N] = r;
            }
            let t = tree16(partial, $half);
            s[whole..].iter().fold(t, |t, &x| t + x)
        }
    };
}

/// [`vector_sum`]'s tree of its sixteen partial sums, lane by lane: partial
/// `p` plus partial `p + 8`, then `p + 4`, then (for two final lanes, `f64`)
/// `p + 2`, and the `half` lanes left added in order from zero.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn tree16<T: Copy + Zero + Add<Output = T>>(mut p: [T; 16], half: usize) -> T {
    let mut n = 16;
    while n > half {
        n /= 2;
        for k in 0..n {
            p[k] = p[k] + p[k + n];
        }
    }
    p[..half].iter().fold(T::zero(), |t, &x| t + x)
}

vector_sum_from_boundary!(
    /// [`sum_f64_wide`] with aligned loads (see `vector_sum_from_boundary!`).
    sum_f64_from_boundary, f64, 4, 4, 2, _mm256_add_pd, _mm256_loadu_pd, _mm256_load_pd, _mm256_storeu_pd
);

vector_sum_from_boundary!(
    /// [`sum_f32_wide`] with aligned loads (see `vector_sum_from_boundary!`).
    sum_f32_from_boundary, f32, 2, 8, 4, _mm256_add_ps, _mm256_loadu_ps, _mm256_load_ps, _mm256_storeu_ps
);

/// The sum of a contiguous run of `f64` (see [`sum_f64_narrow`] and
/// [`sum_f64_wide`]: the same value either way).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn sum_f64(s: &[f64]) -> f64 {
    if s.len() >= WIDE_FROM && has_avx() {
        let h = to_boundary(s.as_ptr(), s.len());
        if h > 0 && s.len() >= ALIGNED_FROM {
            // The processor has AVX (just tested); `h < 4` elements to the
            // boundary (`to_boundary`), more than two chunks (`ALIGNED_FROM`).
            // SAFETY: as just said.
            return unsafe { sum_f64_from_boundary(s, h) };
        }
        // SAFETY: the processor has AVX (just tested).
        return unsafe { sum_f64_wide(s) };
    }
    sum_f64_narrow(s)
}

/// The sum of a contiguous run of `f32` (see [`sum_f32_narrow`] and
/// [`sum_f32_wide`]: the same value either way).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn sum_f32(s: &[f32]) -> f32 {
    if s.len() >= WIDE_FROM && has_avx() {
        let h = to_boundary(s.as_ptr(), s.len());
        if h > 0 && s.len() >= ALIGNED_FROM {
            // The processor has AVX (just tested); `h < 8` elements to the
            // boundary (`to_boundary`), more than two chunks (`ALIGNED_FROM`).
            // SAFETY: as just said.
            return unsafe { sum_f32_from_boundary(s, h) };
        }
        // SAFETY: the processor has AVX (just tested).
        return unsafe { sum_f32_wide(s) };
    }
    sum_f32_narrow(s)
}

/// Whether a `kernel!` reduction over unit strides whose partial results are
/// `T`s keeps sixteen of them, in a loop that only the SLP vectoriser packs
/// (for the expansion: not an API): one- and two-byte types, and `i32` and
/// `u32`. Measured against ndarray's `dot` of the same elements
/// (`sum_types`, from L2, side by side): `i32` dot 1.01-1.14x with LLVM's
/// loop over eight (six runs), 0.82-0.99x with sixteen (ten runs), sums of
/// squares 0.79-1.12x and 0.71-0.81x; `u32` 0.86-0.99x with sixteen. `f32`
/// keeps eight for its other reductions (its dot products take
/// [`dot_slices`]), as do the 8-byte types.
#[doc(hidden)]
pub fn sixteen_partials<T>() -> bool {
    let id = typeid::of::<T>();
    size_of::<T>() <= 2
        || id == core::any::TypeId::of::<i32>()
        || id == core::any::TypeId::of::<u32>()
}

/// The dot product of two contiguous runs of floats in `$acc` vector
/// accumulators of `$lanes` lanes each, over chunks of `$acc * $lanes`
/// elements (the product of elements `k` into partial sum `k % ($acc *
/// $lanes)`), the accumulators added in a tree, `$halve` taking the last one
/// to 128 bits, its `$half` lanes added from zero, then the rest in order: as
/// [`vector_sum`] for the products, with the same sixteen partial sums and
/// trees, so the SSE2 and AVX loops give the same bits.
macro_rules! vector_dot {
    ($(#[$attr:meta])* $name:ident, $t:ty, $acc:literal, $lanes:literal, $half:literal,
     $zero:ident, $add:ident, $mul:ident, $load:ident, $store:ident, |$v:ident| $halve:expr) => {
        $(#[$attr])*
        #[cfg(target_arch = "x86_64")]
        fn $name(a: &[$t], b: &[$t]) -> $t {
            #[allow(unused_imports)]
            use core::arch::x86_64::*;
            let n = a.len().min(b.len());
            let (a, b) = (&a[..n], &b[..n]);
            let whole = n - n % ($acc * $lanes);
            // The function's vector extension is present (SSE2: the x86-64
            // baseline; AVX: tested by its callers); each load reads
            // `$lanes` elements of a `$acc * $lanes`-element chunk below
            // `whole` of both slices, and the store one 128-bit vector into
            // `lanes`.
            // SAFETY: as just said.
            let t = unsafe {
                let mut acc = [$zero(); $acc];
                let (pa, pb) = (a.as_ptr(), b.as_ptr());
                let mut k = 0;
                if core::ptr::eq(pa, pb) {
                    // A sum of squares (`x[[i]] * x[[i]]`): one load per
                    // vector (two measured about 1.6x slower from L2).
                    while k < whole {
                        for (j, s) in acc.iter_mut().enumerate() {
                            let x = $load(pa.add(k + $lanes * j));
                            *s = $add(*s, $mul(x, x));
                        }
                        k += $acc * $lanes;
                    }
                }
                while k < whole {
                    for (j, s) in acc.iter_mut().enumerate() {
                        let o = k + $lanes * j;
                        *s = $add(*s, $mul($load(pa.add(o)), $load(pb.add(o))));
                    }
                    k += $acc * $lanes;
                }
                accumulators_tree!(acc, $acc, $add, $store, $half, |$v| $halve)
            };
            a[whole..].iter().zip(&b[whole..]).fold(t, |t, (&x, &y)| t + x * y)
        }
    };
}

vector_dot!(
    /// The dot product of two contiguous runs of `f64`: sixteen partial sums
    /// in eight two-lane accumulators, as [`sum_f64_narrow`] (four, with
    /// eight partial sums, waited on the addition's latency: half the
    /// throughput of the sum from L1).
    #[inline(always)]
    dot_f64_narrow, f64, 8, 2, 2, _mm_setzero_pd, _mm_add_pd, _mm_mul_pd, _mm_loadu_pd, _mm_storeu_pd,
    |v| v
);

vector_dot!(
    /// The dot product of two contiguous runs of `f32`: sixteen partial sums
    /// in four four-lane accumulators, as [`sum_f32_narrow`].
    #[inline(always)]
    dot_f32_narrow, f32, 4, 4, 4, _mm_setzero_ps, _mm_add_ps, _mm_mul_ps, _mm_loadu_ps, _mm_storeu_ps,
    |v| v
);

vector_dot!(
    /// [`dot_f64_narrow`] with four four-lane AVX accumulators (as
    /// [`sum_f64_wide`]): the same bits.
    #[target_feature(enable = "avx")]
    dot_f64_wide, f64, 4, 4, 2, _mm256_setzero_pd, _mm256_add_pd, _mm256_mul_pd, _mm256_loadu_pd,
    _mm_storeu_pd,
    |v| _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd::<1>(v))
);

vector_dot!(
    /// [`dot_f32_narrow`] with two eight-lane AVX accumulators (as
    /// [`sum_f32_wide`]): the same bits.
    #[target_feature(enable = "avx")]
    dot_f32_wide, f32, 2, 8, 4, _mm256_setzero_ps, _mm256_add_ps, _mm256_mul_ps, _mm256_loadu_ps,
    _mm_storeu_ps,
    |v| _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v))
);

/// The dot product of two contiguous runs of `f64` (see [`dot_f64_narrow`]
/// and [`dot_f64_wide`]: the same value either way).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn dot_f64(a: &[f64], b: &[f64]) -> f64 {
    if a.len().min(b.len()) >= WIDE_FROM && has_avx() {
        // SAFETY: the processor has AVX (just tested).
        return unsafe { dot_f64_wide(a, b) };
    }
    dot_f64_narrow(a, b)
}

/// The dot product of two contiguous runs of `f32` (see [`dot_f32_narrow`]
/// and [`dot_f32_wide`]: the same value either way).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    if a.len().min(b.len()) >= WIDE_FROM && has_avx() {
        // SAFETY: the processor has AVX (just tested).
        return unsafe { dot_f32_wide(a, b) };
    }
    dot_f32_narrow(a, b)
}

/// The dot product of two slices of equal length as the library computes it
/// for `f64` and `f32` on x86-64 (explicit vector accumulators, pairwise
/// over pieces of [`PAIRWISE_RUN`] elements), `None` for
/// every other type and target (for the `kernel!` expansion, which then runs
/// its own loop: not an API). Against ndarray's `dot` of the same elements
/// from L2 (`sum_types`, five runs each way, side by side): `f64` dot
/// 0.99-1.13x with LLVM's code for the expansion's eight partial sums,
/// 0.79-1.01x with this; `f32` 0.76-0.97x and 0.36-0.53x; sums of squares
/// (one operand, one load) `f64` 0.77-0.86x and 0.49-0.59x, `f32` 0.70-0.90x
/// and 0.27-0.42x. From memory, level before and after. At the
/// twenty-fourth stop (Intel VM) the `f64` dot went from eight partial sums
/// in SSE2 registers to sixteen, in AVX registers from [`WIDE_FROM`]
/// elements (a probe, best of 15 blocks, against ndarray's `dot` side by
/// side): 1024 elements 104 against 155 ns before (ndarray 152), 4096 777
/// against 978 (967), 16 384 3.17 against 3.84 us (3.79). The partial sums
/// start at `+0.0`, so a dot product of negative zeros is `+0.0`, as NumPy's
/// `np.dot` gives it (and `np.sum`, see [`sum_slice`]).
#[doc(hidden)]
#[inline(always)]
pub fn dot_slices<T: Copy>(a: &[T], b: &[T]) -> Option<T> {
    #[cfg(target_arch = "x86_64")]
    {
        /// The dot product through `$dot` when `T` is `$t`.
        macro_rules! when {
            ($t:ty, $dot:ident) => {
                if typeid::of::<T>() == core::any::TypeId::of::<$t>() {
                    // `T` is `$t`: the slices are slices of `$t`, and the
                    // result is a `$t`.
                    // SAFETY: as just said.
                    return Some(unsafe {
                        let (a, b) = (
                            core::slice::from_raw_parts(a.as_ptr().cast::<$t>(), a.len()),
                            core::slice::from_raw_parts(b.as_ptr().cast::<$t>(), b.len()),
                        );
                        core::mem::transmute_copy::<$t, T>(&pairwise(
                            a.len().min(b.len()),
                            |s, n| $dot(&a[s..s + n], &b[s..s + n]),
                        ))
                    });
                }
            };
        }
        when!(f64, dot_f64);
        when!(f32, dot_f32);
    }
    let _ = (a, b);
    None
}

/// The sum of a slice as the library sums a contiguous run (for the `kernel!`
/// expansion: not an API).
#[doc(hidden)]
#[inline(always)]
pub fn sum_slice<T: Summable>(s: &[T]) -> T {
    // SAFETY: a slice of valid `T`s, unit stride.
    unsafe { sum_run(s.as_ptr(), s.len(), 1) }
}

impl<T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'_, T, R, O, M> {
    /// The runs of this view in its memory order: `run(offset, len, stride)`
    /// for each, `offset` the first element's from the base pointer. A view
    /// whose type says C or F is one run from its offset, with no nest (a
    /// sixth of a 4x4 `sum` was the nest's walk); an empty one has none.
    #[inline]
    pub(crate) fn own_runs_at(&self, mut run: impl FnMut(isize, usize, isize)) {
        if matches!(O::CONTIGUITY, Contiguity::C | Contiguity::F) {
            let n = self.size();
            if n > 0 {
                // The offset of a valid layout is at most isize::MAX.
                run(self.layout().offset() as isize, n, 1);
            }
            return;
        }
        let ops = Operands {
            shape: *self.shape(),
            strides: [*self.strides()],
            offsets: [self.layout().offset()],
        };
        Nest::plan(&ops, Priority::Operand(0), 0).runs(|off, len, st| run(off[0], len, st[0]));
    }

    /// The sum of the elements, in memory order whatever the layout (NumPy's
    /// `a.sum()`); floating-point results may differ from a left-to-right sum in
    /// the last bits, as NumPy's pairwise ones do. A contiguous run of `f64` or
    /// `f32` is summed in sixteen partial sums (element `k` of the run into
    /// partial `k % 16`), added in a fixed tree: the value does not depend on
    /// where the run lies in memory, nor on whether the processor sums it with
    /// 128- or 256-bit vectors (SSE2 or AVX, chosen at run time). A run
    /// longer than 4096 elements is summed in halves, pairwise, as NumPy
    /// sums: its rounding error grows with the logarithm of its length.
    ///
    /// Integers add in their own type, as Rust's `+` and ndarray's `sum`: an
    /// overflow panics in a debug build and wraps in a release one. NumPy
    /// sums `uint8` and the other small integer types in a 64-bit integer;
    /// here convert first: `a.astype::<u64>()?.sum()`.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i64, 2>::from_fn([100, 30], |[i, j]| (i * 30 + j) as i64)?;
    /// assert_eq!(a.sum(), (0..3000).sum::<i64>());
    /// assert_eq!(a.t().sum(), a.sum()); // the F view walks memory in order too
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn sum(&self) -> T
    where
        T: Copy + Zero + Add<Output = T>,
    {
        self.reduce_runs(T::zero(), |a, b| a + b, sum_run)
    }

    /// `op` over the results of `run` on each run of the view, in memory
    /// order, from `id`.
    fn reduce_runs(
        &self,
        id: T,
        op: impl Fn(T, T) -> T,
        run: unsafe fn(*const T, usize, isize) -> T,
    ) -> T
    where
        T: Copy,
    {
        let base = self.base_nonnull().as_ptr().cast_const();
        let mut total = id;
        self.own_runs_at(|off, len, st| {
            // `run` reads `len` elements `st` apart from its pointer (its
            // contract); the runs visit only offsets the layout reaches for
            // some index (every one < len of the buffer, an initialised `T`),
            // `len` of them (at least one: a view's runs are never empty)
            // from `off` `st` apart; shared reads while `self` is borrowed.
            // SAFETY: `run`'s contract holds for this run, as just said.
            let r = unsafe { run(base.offset(off), len, st) };
            total = op(total, r);
        });
        total
    }

    /// The product of the elements, in memory order (NumPy's `a.prod()`);
    /// 1 for an empty view.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i64, 2>::from_fn([3, 4], |[i, j]| (i + j + 1) as i64)?;
    /// assert_eq!(a.t().product(), (1..=4).product::<i64>() * (2..=5).product::<i64>() * (3..=6).product::<i64>());
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn product(&self) -> T
    where
        T: Copy + One + Mul<Output = T>,
    {
        self.reduce_runs(T::one(), |a, b| a * b, product_run)
    }

    /// The mean of the elements (NumPy's `a.mean()`, ndarray's `mean`): the
    /// sum divided by the number of elements, in `T` (integer division for
    /// integers, as ndarray); `None` for an empty view, or when the number of
    /// elements is not a `T` (a `u8` mean of 300 elements).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
    /// assert_eq!(a.t().mean(), Some(2.5));
    /// assert_eq!(Array::<f64, 2>::zeros([0, 3])?.mean(), None);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn mean(&self) -> Option<T>
    where
        T: Copy + Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
    {
        if self.size() == 0 {
            return None;
        }
        Some(self.sum() / T::from_usize(self.size())?)
    }

    /// Folds every element into `init` with `f`, in memory order (the order
    /// NumPy's reductions use; use [`iter`](Self::iter) for logical order).
    pub fn fold<B>(&self, init: B, mut f: impl FnMut(B, &T) -> B) -> B {
        let base = self.base_nonnull().as_ptr().cast_const();
        let mut acc = Some(init);
        self.own_runs_at(|off, len, st| {
            let mut a = acc.take().expect("set after each run");
            for k in 0..len as isize {
                // SAFETY: as in `sum`: an offset the layout reaches.
                a = f(a, unsafe { &*base.offset(off + k * st) });
            }
            acc = Some(a);
        });
        acc.expect("set after each run")
    }

    /// Calls `f` on every element, in memory order.
    pub fn for_each(&self, mut f: impl FnMut(&T)) {
        self.fold((), |(), x| f(x));
    }

    /// Sums along `axis` (negative counts from the end): NumPy's
    /// `a.sum(axis=k)`, a new array of one rank less (inferred), in the order
    /// the view's type keeps ([`Kept`]: F for an F or column-major view, C
    /// otherwise, as NumPy's `order='K'`). The loops
    /// follow the input's memory order: reducing across the rows of a C array
    /// adds whole rows, contiguous, instead of walking columns.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i32, 2>::from_fn([3, 4], |[i, j]| (10 * i + j) as i32)?;
    /// assert_eq!(a.sum_axis(0)?.as_slice(), &[30, 33, 36, 39]);
    /// assert_eq!(a.sum_axis(-1)?.as_slice(), &[6, 46, 86]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn sum_axis<const Q: usize>(&self, axis: isize) -> Result<Array<T, Q, Kept<O>>, LayoutError>
    where
        T: Copy + Zero + Add<Output = T>,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let axis = crate::dims::normalize_axis(axis, R)?;
        let mut out_shape = [0usize; Q];
        let mut o = 0;
        for (a, &n) in self.shape().iter().enumerate() {
            if a != axis {
                out_shape[o] = n;
                o += 1;
            }
        }
        let mut out = Array::<T, Q, Kept<O>>::zeros(out_shape)?;
        // `fold_axis_into` calls `run` only on runs of valid elements (its
        // contract), which is `sum_run`'s.
        let run = |acc: T, p: *const T, len, st| {
            // SAFETY: as just said.
            unsafe { acc + sum_run(p, len, st) }
        };
        self.fold_axis_into(axis, &mut out, |a, b| a + b, run, RowFold::Sum);
        Ok(out)
    }

    /// Folds every element of the view into `out`, the packed result of a
    /// reduction along `axis` (already normalised): `op(out[j], x)` for each
    /// element `x` of the lane at `j`, walking the input in its memory order;
    /// where a run lies along `axis` (one output element),
    /// `out[j] = run(out[j], p, len, stride)` over its `len` elements `stride`
    /// apart from `p`, each a valid `T` for shared reads. `fold` says what
    /// `op` is, for `fold_rows`: `+` ([`RowFold::Sum`]), or NumPy's `maximum`
    /// or `minimum` ([`RowFold::Extreme`]), whose rows folded eight at a time
    /// are combined pairwise first.
    fn fold_axis_into<const Q: usize>(
        &self,
        axis: usize,
        out: &mut Array<T, Q, Kept<O>>,
        op: impl Fn(T, T) -> T,
        run: impl Fn(T, *const T, usize, isize) -> T,
        fold: RowFold,
    ) where
        T: Copy,
    {
        // The output seen in the input's shape: stride 0 along the reduced axis.
        let strides = spread_over(out.layout().strides(), axis);
        let ops = Operands {
            shape: *self.shape(),
            strides: [strides, *self.strides()],
            offsets: [0, self.layout().offset()],
        };
        let nest = Nest::plan(&ops, Priority::Operand(1), 0);
        let dst = out.as_mut_slice().as_mut_ptr();
        let src = self.base_nonnull().as_ptr().cast_const();
        if let Some((outer, len, rows, step)) = nest
            .row_fold()
            .filter(|&(_, len, ..)| folds_eight_rows(len, size_of::<T>()))
        {
            // Rows of the input folded into one row of the output (the sum
            // of a C array along its first axis): eight rows at a time (see
            // `fold_rows`).
            outer.runs(|first, planes, apart| {
                for t in 0..planes as isize {
                    // The plane's output row: `len` elements from its offset,
                    // in the output's own buffer; its `rows` input rows, each
                    // of `len` contiguous elements, `step[1]` apart, at
                    // offsets the input's layout reaches (the nest's
                    // elements).
                    // SAFETY: `fold_rows`' contract, as just said.
                    unsafe {
                        let d = dst.offset(first[0] + t * apart[0]);
                        let s = src.offset(first[1] + t * apart[1]);
                        fold_rows(d, s, rows, step[1], len, &op, fold);
                    }
                }
            });
            return;
        }
        // Sums of short contiguous lanes side by side: several lanes at a
        // time for integers, `f64` and `f32` (see `sum_short_lanes`), the
        // rest one at a time by `run`.
        let up_to = if fold == RowFold::Sum {
            sum_lanes_up_to::<T>()
        } else {
            0
        };
        if up_to > 0 {
            // `over_short_lanes`' planes of lanes (at most `up_to`
            // elements) and their outputs (which are initialised), and `op`
            // the sum's `+`: `sum_short_lanes`' promise.
            // SAFETY: as just said.
            let lanes = |d, s, steps, n| unsafe { sum_short_lanes(d, s, steps, n, &op) };
            // One lane of `n` valid elements, and its output: `run`'s
            // contract.
            // SAFETY: as just said.
            let rest = |d: *mut T, s, n| unsafe { *d = run(*d, s, n, 1) };
            // The nest's operands: the output's buffer, then the input's.
            // SAFETY: as just said.
            if unsafe { over_short_lanes(&nest, (dst, src), up_to, lanes, rest) } {
                return;
            }
        }
        nest.runs(|off, len, st| {
            // Output offsets: the packed output's (its shape is the input's
            // without `axis`, stride 0 along it); input offsets: ones its
            // layout reaches, `len` of them `st[1]` apart (`run`'s contract);
            // the output is a buffer of its own, so writing it never aliases
            // the input.
            // SAFETY: as just said.
            unsafe {
                let d = dst.offset(off[0]);
                let s = src.offset(off[1]);
                if st[0] == 0 {
                    *d = run(*d, s, len, st[1]);
                } else if st[0] == 1 && st[1] == 1 {
                    // One row of the input into the output row, as slices
                    // (`fold_rows`' contract, as just said): the compiler
                    // vectorises the extremes there, not over two raw
                    // pointers that might alias (`max_axis(0)` of 4096 x
                    // 512 `f64`, a probe: 0.82 against 3.6 ms).
                    fold_rows(d, s, 1, 0, len, &op, fold);
                } else {
                    for k in 0..len as isize {
                        let p = d.offset(k * st[0]);
                        *p = op(*p, *s.offset(k * st[1]));
                    }
                }
            }
        });
    }

    /// The largest element (NumPy's `a.max()`), found in memory order;
    /// `None` for an empty view. A NaN anywhere gives NaN, as in NumPy (any
    /// value `x` with `x != x` wins); between equal values which one is
    /// returned is not specified (`-0.0` and `0.0`).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_fn([3, 4], |[i, j]| ((i * 4 + j) as f64 - 5.5).abs())?;
    /// assert_eq!(a.t().max(), Some(5.5));
    /// assert_eq!(a.min(), Some(0.5));
    /// let mut b = a.clone();
    /// b.view_mut()[[1, 2]] = f64::NAN;
    /// assert!(b.max().unwrap().is_nan());
    /// assert_eq!(Array::<i32, 1>::zeros([0])?.max(), None);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn max(&self) -> Option<T>
    where
        T: Copy + PartialOrd,
    {
        let first = *self.view_shared().iter().next()?;
        Some(self.reduce_runs(first, max_nan, max_run))
    }

    /// The smallest element (NumPy's `a.min()`); see [`max`](Self::max).
    pub fn min(&self) -> Option<T>
    where
        T: Copy + PartialOrd,
    {
        let first = *self.view_shared().iter().next()?;
        Some(self.reduce_runs(first, min_nan, min_run))
    }

    /// The largest element of each lane along `axis` (negative counts from
    /// the end): NumPy's `a.max(axis=k)`, a new array of one rank less
    /// (inferred) in the order the view's type keeps ([`Kept`]), NaN where a
    /// lane holds one; walked in the input's memory order, like
    /// [`sum_axis`](Self::sum_axis). `Ok(None)` when the axis has length 0
    /// (NumPy raises: a maximum of nothing has no value).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i32, 2>::from_fn([3, 4], |[i, j]| (i as i32 - 1) * (j as i32 - 2))?;
    /// assert_eq!(a.max_axis(0)?.unwrap().as_slice(), &[2, 1, 0, 1]);
    /// assert_eq!(a.min_axis(1)?.unwrap().as_slice(), &[-1, 0, -2]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn max_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<T, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.reduce_axis_idempotent::<Q, true>(axis)
    }

    /// The smallest element of each lane along `axis` (NumPy's
    /// `a.min(axis=k)`); see [`max_axis`](Self::max_axis).
    pub fn min_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<T, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.reduce_axis_idempotent::<Q, false>(axis)
    }

    /// The largest (`MAX`) or smallest element along `axis`: the output
    /// starts as the lanes' first elements, then every element is folded in
    /// (the first ones again: the extremes are idempotent, `op(x, x) == x`).
    fn reduce_axis_idempotent<const Q: usize, const MAX: bool>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<T, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let axis = crate::dims::normalize_axis(axis, R)?;
        if self.shape()[axis] == 0 {
            return Ok(None);
        }
        let first = self.view_shared().index_axis::<Q>(axis as isize, 0)?;
        let e = if MAX { Extreme::Max } else { Extreme::Min };
        // (A lane short enough and its elements one apart, or the path is
        // not for this view: no output made and no nest planned for
        // nothing.)
        let up_to = short_lanes_up_to::<T, true>();
        if self.shape()[axis] <= up_to && self.strides()[axis].unsigned_abs() == 1 {
            // Short contiguous lanes side by side, whose extremes are
            // written whole, into an output not made first (the copy of the
            // lanes' first elements took a third of `max_axis(1)` of 10^6
            // `f64` in lanes of 3: 1.13 ms, 0.76 without it, a probe).
            let mut out = Array::<T, Q, Kept<O>>::uninit(*first.shape())?;
            let ops = Operands {
                shape: *self.shape(),
                strides: [spread_over(out.layout().strides(), axis), *self.strides()],
                offsets: [0, self.layout().offset()],
            };
            let nest = Nest::plan(&ops, Priority::Operand(1), 0);
            let dst = out.as_mut_slice().as_mut_ptr().cast::<T>();
            let src = self.base_nonnull().as_ptr().cast_const();
            // `over_short_lanes`' planes of lanes (at most `up_to` elements)
            // and their outputs (only written): `fold_short_lanes`' promise.
            // SAFETY: as just said.
            let lanes = |d, s, steps, n| unsafe {
                fold_short_lanes::<T, MAX, true>((d, core::ptr::null_mut()), s, steps, n)
            };
            // One lane of `n >= 2` valid elements (`extreme_run`'s), and its
            // output, written.
            // SAFETY: as just said.
            let rest = |d: *mut T, s, n| unsafe { d.write(extreme_run(s, n, 1, e)) };
            // The nest's operands: the output's buffer (of `T`s not yet
            // initialised), then the input's.
            // SAFETY: as just said.
            let whole = unsafe { over_short_lanes(&nest, (dst, src), up_to, lanes, rest) };
            if whole {
                // Every output element is one lane's, which was written: the
                // lanes fold wrote the first `done` of each plane, `rest` the
                // others.
                // SAFETY: as just said.
                return Ok(Some(unsafe { out.assume_init() }));
            }
        }
        let mut out = first.to_contiguous::<Kept<O>>()?;
        // `MAX` a constant, so that `op` is inlined where it is called per
        // element (a function pointer chosen at run time was not: the row
        // by row fold of `max_axis(0)` of 4096 x 512 `f64` took 3.6 ms
        // against 0.6 for `sum_axis(0)`, a probe).
        let op = |a: T, b: T| if MAX { max_nan(a, b) } else { min_nan(a, b) };
        // `fold_axis_into` calls `run` only on runs of valid elements (its
        // contract; at least one), which is `extreme_run`'s.
        let run = |acc: T, p: *const T, len, st| {
            // SAFETY: as just said.
            op(acc, unsafe { extreme_run(p, len, st, e) })
        };
        self.fold_axis_into(axis, &mut out, op, run, RowFold::Extreme(e));
        Ok(Some(out))
    }

    /// The mean along `axis` (NumPy's `a.mean(axis=k)`, ndarray's
    /// `mean_axis`): [`sum_axis`](Self::sum_axis) divided by the axis length;
    /// `Ok(None)` when that length is 0 or is not a `T`.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
    /// assert_eq!(a.mean_axis(0)?.unwrap().as_slice(), &[1.5, 2.5, 3.5]);
    /// assert_eq!(a.mean_axis(1)?.unwrap().as_slice(), &[1.0, 4.0]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn mean_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<T, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let n = self.shape()[crate::dims::normalize_axis(axis, R)?];
        let Some(d) = T::from_usize(n).filter(|_| n > 0) else {
            return Ok(None);
        };
        let mut s = self.sum_axis(axis)?;
        s.view_mut().map_inplace(|x| *x = *x / d);
        Ok(Some(s))
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// The sum of the elements (see [`ViewBase::sum`]).
    pub fn sum(&self) -> T
    where
        T: Copy + Zero + Add<Output = T>,
    {
        self.view().sum()
    }

    /// Sums along `axis` (see [`ViewBase::sum_axis`]).
    pub fn sum_axis<const Q: usize>(&self, axis: isize) -> Result<Array<T, Q, Kept<O>>, LayoutError>
    where
        T: Copy + Zero + Add<Output = T>,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().sum_axis(axis)
    }

    /// The product of the elements (see [`ViewBase::product`]).
    pub fn product(&self) -> T
    where
        T: Copy + One + Mul<Output = T>,
    {
        self.view().product()
    }

    /// The mean of the elements (see [`ViewBase::mean`]).
    pub fn mean(&self) -> Option<T>
    where
        T: Copy + Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
    {
        self.view().mean()
    }

    /// The mean along `axis` (see [`ViewBase::mean_axis`]).
    pub fn mean_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<T, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().mean_axis(axis)
    }

    /// The largest element (see [`ViewBase::max`]).
    pub fn max(&self) -> Option<T>
    where
        T: Copy + PartialOrd,
    {
        self.view().max()
    }

    /// The smallest element (see [`ViewBase::min`]).
    pub fn min(&self) -> Option<T>
    where
        T: Copy + PartialOrd,
    {
        self.view().min()
    }

    /// The largest element of each lane along `axis` (see
    /// [`ViewBase::max_axis`]).
    pub fn max_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<T, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().max_axis(axis)
    }

    /// The smallest element of each lane along `axis` (see
    /// [`ViewBase::min_axis`]).
    pub fn min_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<T, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().min_axis(axis)
    }

    /// Folds every element in memory order (see [`ViewBase::fold`]).
    pub fn fold<B>(&self, init: B, f: impl FnMut(B, &T) -> B) -> B {
        self.view().fold(init, f)
    }

    /// Calls `f` on every element in memory order (see [`ViewBase::for_each`]).
    ///
    /// ```
    /// use stride_core::{Array, F};
    /// let a = Array::<i32, 2, F>::from_fn([2, 2], |[i, j]| (10 * i + j) as i32)?;
    /// let mut seen = Vec::new();
    /// a.for_each(|&x| seen.push(x));
    /// assert_eq!(seen, [0, 10, 1, 11]); // F order: down each column
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn for_each(&self, f: impl FnMut(&T)) {
        self.view().for_each(f)
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::{
        dot_f32_narrow, dot_f32_wide, dot_f64_narrow, dot_f64_wide, has_avx, max_f32_wide,
        max_f64_wide, max_nan, max_rows_f32, max_rows_f64, min_f32_wide, min_f64_wide, min_nan,
        min_rows_f32, min_rows_f64, sum_f32_from_boundary, sum_f32_narrow, sum_f32_wide,
        sum_f64_from_boundary, sum_f64_narrow, sum_f64_wide, sum_rows_f32, sum_rows_f64, sum_slice,
        tree8,
    };
    use crate::kernel::cpu::to_boundary;

    /// Values whose sums round at every step, of mixed signs and magnitudes
    /// (with a negative zero), so that any change in the order of the
    /// additions shows in the bits.
    fn values(n: usize, seed: u64) -> Vec<f64> {
        let mut x = seed;
        (0..n)
            .map(|k| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let m = ((x >> 11) as f64) / (1u64 << 53) as f64 - 0.5;
                if k % 37 == 5 {
                    -0.0
                } else {
                    m * 10f64.powi((k % 9) as i32 - 4)
                }
            })
            .collect()
    }

    /// The AVX sums equal the SSE2 ones to the last bit, for every length
    /// around the chunks (16 elements) and the threshold, and from every
    /// alignment. Under Miri only with AVX in the build (`.ci/run`).
    #[test]
    fn wide_sums_match_the_narrow_bits() {
        if !has_avx() {
            return;
        }
        let lens: Vec<usize> = if cfg!(miri) {
            vec![0, 1, 15, 16, 17, 63, 64, 65, 100]
        } else {
            (0..300).chain([1000, 4099, 10_000]).collect()
        };
        for (s, &n) in lens.iter().enumerate() {
            let v = values(n + 8, s as u64 + 1);
            let w: Vec<f32> = v.iter().map(|&x| x as f32).collect();
            for start in 0..if cfg!(miri) { 1 } else { 8 } {
                let (a, b) = (&v[start..start + n], &w[start..start + n]);
                // SAFETY: the processor has AVX (tested above).
                let (wa, wb) = unsafe { (sum_f64_wide(a), sum_f32_wide(b)) };
                assert_eq!(
                    wa.to_bits(),
                    sum_f64_narrow(a).to_bits(),
                    "f64, {n} from {start}"
                );
                assert_eq!(
                    wb.to_bits(),
                    sum_f32_narrow(b).to_bits(),
                    "f32, {n} from {start}"
                );
                // The library's entry point, whichever loop it takes; past
                // `PAIRWISE_RUN`, the sum of its halves' sums.
                if n <= super::PAIRWISE_RUN {
                    assert_eq!(sum_slice(a).to_bits(), wa.to_bits(), "sum_slice f64, {n}");
                    assert_eq!(sum_slice(b).to_bits(), wb.to_bits(), "sum_slice f32, {n}");
                } else {
                    let h = (n / 2).next_multiple_of(16);
                    let pa = sum_slice(&a[..h]) + sum_slice(&a[h..]);
                    let pb = sum_slice(&b[..h]) + sum_slice(&b[h..]);
                    assert_eq!(sum_slice(a).to_bits(), pa.to_bits(), "pairwise f64, {n}");
                    assert_eq!(sum_slice(b).to_bits(), pb.to_bits(), "pairwise f32, {n}");
                }
            }
        }
    }

    /// The AVX dot products equal the SSE2 ones to the last bit, for every
    /// length around the chunks (16 elements) and the threshold, from every
    /// start, two slices and one slice with itself (a sum of squares). Under
    /// Miri only with AVX in the build (`.ci/run`).
    #[test]
    fn wide_dots_match_the_narrow_bits() {
        if !has_avx() {
            return;
        }
        let lens: Vec<usize> = if cfg!(miri) {
            vec![0, 1, 15, 16, 17, 64, 65]
        } else {
            (0..300).chain([1000, 4099]).collect()
        };
        for (s, &n) in lens.iter().enumerate() {
            let (v, u) = (values(n + 8, s as u64 + 3), values(n + 8, s as u64 + 5));
            let (w, z): (Vec<f32>, Vec<f32>) = (
                v.iter().map(|&x| x as f32).collect(),
                u.iter().map(|&x| x as f32).collect(),
            );
            for start in 0..if cfg!(miri) { 1 } else { 8 } {
                let (a, b) = (&v[start..start + n], &u[start..start + n]);
                let (c, d) = (&w[start..start + n], &z[start..start + n]);
                for (x, y) in [(a, b), (a, a)] {
                    // SAFETY: the processor has AVX (tested above).
                    let wide = unsafe { dot_f64_wide(x, y) };
                    let narrow = dot_f64_narrow(x, y);
                    assert_eq!(wide.to_bits(), narrow.to_bits(), "f64, {n} from {start}");
                }
                for (x, y) in [(c, d), (c, c)] {
                    // SAFETY: as above.
                    let wide = unsafe { dot_f32_wide(x, y) };
                    let narrow = dot_f32_narrow(x, y);
                    assert_eq!(wide.to_bits(), narrow.to_bits(), "f32, {n} from {start}");
                }
            }
        }
    }

    /// The AVX sums whose loads start at a 32-byte boundary equal the SSE2
    /// ones to the last bit, for every length from two chunks (32 elements)
    /// around the chunks, and every start before a boundary; and the library's
    /// entry point takes them for long runs. Under Miri only with AVX in the
    /// build (`.ci/run`).
    #[test]
    fn sums_from_a_boundary_match_the_narrow_bits() {
        if !has_avx() {
            return;
        }
        let lens: Vec<usize> = if cfg!(miri) {
            vec![32, 33, 47, 48, 63, 100]
        } else {
            (32..300).chain([1000, 4099, 10_000]).collect()
        };
        for (s, &n) in lens.iter().enumerate() {
            let v = values(n + 8, s as u64 + 7);
            let w: Vec<f32> = v.iter().map(|&x| x as f32).collect();
            for start in 0..8 {
                let a = &v[start..][..n.min(v.len() - start)];
                let b = &w[start..][..n.min(w.len() - start)];
                let (ha, hb) = (
                    to_boundary(a.as_ptr(), a.len()),
                    to_boundary(b.as_ptr(), b.len()),
                );
                if a.len() == n && ha > 0 {
                    // The processor has AVX (tested above); `ha` elements to
                    // the boundary, 0 < ha < 4, and `n >= 32`.
                    // SAFETY: as just said.
                    let got = unsafe { sum_f64_from_boundary(a, ha) };
                    let want = sum_f64_narrow(a);
                    assert_eq!(got.to_bits(), want.to_bits(), "f64, {n} from {start}");
                }
                if b.len() == n && hb > 0 {
                    // As above, 0 < hb < 8.
                    // SAFETY: as just said.
                    let got = unsafe { sum_f32_from_boundary(b, hb) };
                    let want = sum_f32_narrow(b);
                    assert_eq!(got.to_bits(), want.to_bits(), "f32, {n} from {start}");
                }
            }
        }
    }

    /// Values for the extremes: few distinct ones (ties everywhere), both
    /// zeros and both infinities, and a NaN at each index of `nans`.
    fn extreme_values(n: usize, seed: u64, nans: &[usize]) -> Vec<f64> {
        let special = [0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 1.5, -2.25];
        let mut x = seed;
        (0..n)
            .map(|k| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if nans.contains(&k) {
                    f64::NAN
                } else {
                    // (1 to 3 times: no `0 * inf`, which would be a NaN.)
                    special[(x >> 33) as usize % special.len()] * (1 + (x >> 40) % 3) as f64
                }
            })
            .collect()
    }

    /// Whether `got` is the scalar rule's `want`: the same value (either
    /// zero for a zero: which one is not specified), or both NaN.
    fn same<T: Into<f64> + Copy>(got: T, want: T) -> bool {
        let (g, w) = (got.into(), want.into());
        (g.is_nan() && w.is_nan()) || g == w
    }

    /// The AVX extremes of a contiguous run equal the scalar rule's (NumPy's
    /// `maximum` / `minimum` folded from the first element), for every
    /// length around the vectors and the chunks (32 `f64`, 64 `f32`; runs
    /// shorter than a chunk a vector at a time), with no NaN or one in
    /// the chunks, in the rest or first, and through the library. Under Miri
    /// only with AVX in the build (`.ci/run`).
    #[test]
    fn wide_extremes_match_the_scalar_rule() {
        if !has_avx() {
            return;
        }
        let lens: Vec<usize> = if cfg!(miri) {
            vec![1, 8, 13, 31, 32, 33, 64, 65, 100]
        } else {
            (1..300).chain([1000, 4099]).collect()
        };
        for (s, &n) in lens.iter().enumerate() {
            for (nans, peaks) in [
                (vec![], false),
                (vec![], true),
                (vec![0], false),
                (vec![1.min(n - 1)], false),
                (vec![3.min(n - 1)], false),
                (vec![n / 2], false),
                (vec![n - 1], false),
                (vec![n / 3, n - 1], false),
            ] {
                let mut v = extreme_values(n, s as u64 + 7, &nans);
                if peaks {
                    // The only largest and smallest elements, second and
                    // third (before a boundary, from some starts).
                    v[1.min(n - 1)] = 1e30;
                    v[2.min(n - 1)] = -1e30;
                }
                assert_eq!(v.iter().any(|x| x.is_nan()), !nans.is_empty());
                let w: Vec<f32> = v.iter().map(|&x| x as f32).collect();
                let scalar = |op: fn(f64, f64) -> f64| v[1..].iter().fold(v[0], |t, &x| op(t, x));
                let scalar32 = |op: fn(f32, f32) -> f32| w[1..].iter().fold(w[0], |t, &x| op(t, x));
                // The processor has AVX (tested above); each run holds a
                // vector at least (`f32`'s eight lanes).
                // SAFETY: as just said.
                let got = (n >= 8).then(|| unsafe {
                    [
                        max_f64_wide(&v),
                        min_f64_wide(&v),
                        max_f32_wide(&w) as f64,
                        min_f32_wide(&w) as f64,
                    ]
                });
                let want = [
                    scalar(max_nan),
                    scalar(min_nan),
                    scalar32(max_nan) as f64,
                    scalar32(min_nan) as f64,
                ];
                for (g, w) in got.into_iter().flatten().zip(want) {
                    assert!(
                        same(g, w),
                        "{n} elements, NaNs at {nans:?}: {got:?} vs {want:?}"
                    );
                }
                // The library's entry points, whichever loop they take,
                // from every start before a 32-byte boundary (the elements
                // before it by the scalar rule).
                for start in 0..if cfg!(miri) { 2 } else { 8 } {
                    let mut at = vec![0.0; start];
                    at.extend_from_slice(&v);
                    let mut at32 = vec![0.0; start];
                    at32.extend_from_slice(&w);
                    let l = crate::Layout::c([n]).unwrap();
                    let lib = crate::View::from_slice(&at[start..], l).unwrap();
                    let lib32 = crate::View::from_slice(&at32[start..], l).unwrap();
                    let got = [
                        lib.max().unwrap(),
                        lib.min().unwrap(),
                        lib32.max().unwrap() as f64,
                        lib32.min().unwrap() as f64,
                    ];
                    for (g, w) in got.into_iter().zip(want) {
                        assert!(same(g, w), "library, {n} from {start}, NaNs at {nans:?}");
                    }
                }
            }
        }
    }

    /// The AVX folds of eight rows at a time into an output row (the sum in
    /// order, the extremes in a tree) equal the scalar loops bit for bit (the
    /// sum) or by value (the extremes, NaN where one is met): for row lengths
    /// around the vectors, NaNs in the output row, in an input row and in
    /// the last columns, one to three blocks of rows with a padded stride.
    #[test]
    fn wide_row_folds_match_the_scalar_loops() {
        if !has_avx() {
            return;
        }
        let lens: Vec<usize> = if cfg!(miri) {
            vec![0, 3, 4, 9, 17]
        } else {
            (0..40).chain([61, 64, 67, 1000]).collect()
        };
        for &len in &lens {
            for blocks in 1..=if cfg!(miri) { 2 } else { 3 } {
                let stride = len + 3;
                let rows = 8 * blocks;
                let nans = if len == 0 {
                    vec![]
                } else {
                    vec![len / 2, (rows / 2) * stride + len - 1, (rows - 1) * stride]
                };
                let src = extreme_values(rows * stride, len as u64, &nans);
                let dst0 = {
                    let mut d = extreme_values(len, 99, &[]);
                    if len > 5 {
                        d[5] = f64::NAN;
                    }
                    d
                };
                let row = |r: usize| &src[r * stride..r * stride + len];
                // The scalar loops: the sum row after row, the extremes in
                // `fold_rows`' tree.
                let mut sum = dst0.clone();
                let mut mx = dst0.clone();
                let mut mn = dst0.clone();
                for b in 0..blocks {
                    for j in 0..len {
                        let v: [f64; 8] = core::array::from_fn(|k| row(8 * b + k)[j]);
                        sum[j] = v.iter().fold(sum[j], |t, &x| t + x);
                        mx[j] = tree8(mx[j], v, max_nan);
                        mn[j] = tree8(mn[j], v, min_nan);
                    }
                }
                let src32: Vec<f32> = src.iter().map(|&x| x as f32).collect();
                let dst32: Vec<f32> = dst0.iter().map(|&x| x as f32).collect();
                let row32 = |r: usize| &src32[r * stride..r * stride + len];
                let mut sum32 = dst32.clone();
                let mut mx32 = dst32.clone();
                let mut mn32 = dst32.clone();
                for b in 0..blocks {
                    for j in 0..len {
                        let v: [f32; 8] = core::array::from_fn(|k| row32(8 * b + k)[j]);
                        sum32[j] = v.iter().fold(sum32[j], |t, &x| t + x);
                        mx32[j] = tree8(mx32[j], v, max_nan);
                        mn32[j] = tree8(mn32[j], v, min_nan);
                    }
                }
                let (mut s, mut x, mut n) = (dst0.clone(), dst0.clone(), dst0.clone());
                let (mut s32, mut x32, mut n32) = (dst32.clone(), dst32.clone(), dst32.clone());
                let (p, p32, st) = (src.as_ptr(), src32.as_ptr(), stride as isize);
                // The processor has AVX (tested above); `8 * blocks` rows of
                // `len` elements `stride` apart, and output rows of `len`,
                // apart from them.
                // SAFETY: as just said.
                unsafe {
                    sum_rows_f64(s.as_mut_ptr(), p, blocks, st, len);
                    max_rows_f64(x.as_mut_ptr(), p, blocks, st, len);
                    min_rows_f64(n.as_mut_ptr(), p, blocks, st, len);
                    sum_rows_f32(s32.as_mut_ptr(), p32, blocks, st, len);
                    max_rows_f32(x32.as_mut_ptr(), p32, blocks, st, len);
                    min_rows_f32(n32.as_mut_ptr(), p32, blocks, st, len);
                }
                for j in 0..len {
                    // (columns, blocks, column): formatted on failure only.
                    let at = (len, blocks, j);
                    assert!(
                        s[j].to_bits() == sum[j].to_bits() || (s[j].is_nan() && sum[j].is_nan()),
                        "(columns, blocks, column) {at:?}"
                    );
                    assert!(
                        s32[j].to_bits() == sum32[j].to_bits()
                            || (s32[j].is_nan() && sum32[j].is_nan()),
                        "(columns, blocks, column) {at:?}"
                    );
                    assert!(
                        same(x[j], mx[j]) && same(n[j], mn[j]),
                        "(columns, blocks, column) {at:?}"
                    );
                    assert!(
                        same(x32[j], mx32[j]) && same(n32[j], mn32[j]),
                        "(columns, blocks, column) {at:?}"
                    );
                }
            }
        }
    }
}
