//! Where the extremes are: `argmax` and `argmin`, NumPy's, over the whole
//! view (a flat index in C order) and along an axis (an array of indices),
//! walked in memory order by the engine like the other reductions.
//!
//! NumPy's rules: the first occurrence wins (the smallest index: in C order
//! for the whole view, along the axis for a lane), and a NaN (any `x != x`)
//! beats every number, the first NaN winning. The walk visits elements in
//! memory order, not in index order, so a tie is settled by comparing
//! indices, never by which element came first. The flat index rides along as
//! a second operand of the nest, whose strides are the C strides of the shape
//! (and the lane index as one whose stride is 1 along the axis and 0
//! elsewhere): the nest hands each run its first index and its step, as it
//! hands it its first element and stride.

#[cfg(target_arch = "x86_64")]
use super::lanes::{blend_in_f32, blend_in_f64};
use super::nest::{Nest, Operands, Priority, over_short_lanes};
#[cfg(target_arch = "x86_64")]
use super::reduce::eight_rows;
use super::reduce::{fold_short_lanes, max_run, min_run, short_lanes_up_to, spread_over};
#[cfg(target_arch = "x86_64")]
use super::reduce::{has_avx, wide_float};
use super::total;
use crate::array::Array;
use crate::error::LayoutError;
use crate::order::{Kept, OrderMarker};
use crate::rank::{Rank, RankSub};
use crate::view::{Mutability, ViewBase};

/// Whether `v` at index `k` replaces `b` at index `bk` as the largest (`MAX`)
/// or smallest element found so far: it lies beyond `b`, or is a NaN where
/// `b` is not; or it ties with `b` (equal, or both NaN) at a smaller index.
/// One comparison when `v` does not reach `b` (the usual case).
#[inline(always)]
#[allow(clippy::eq_op)]
fn replaces<T: PartialOrd, const MAX: bool>(v: T, k: usize, b: T, bk: usize) -> bool {
    let short = if MAX { v < b } else { v > b };
    if short {
        return false;
    }
    // Now `v` reaches `b`, or one of them is a NaN.
    if v == b {
        return k < bk;
    }
    if b != b {
        // Only an earlier NaN replaces a NaN.
        return v != v && k < bk;
    }
    true
}

/// `rows` input rows of `len` contiguous elements, `stride` apart from `s`,
/// whose indices along the axis run from `at` by `dat`, folded into `len`
/// contiguous bests and indices (see `vector_arg_fold!`).
///
/// # Safety
/// `T` is `f64` or `f32`, and the processor has AVX; `b..b + len` and
/// `k..k + len` valid for reads and writes; `s + r * stride + j` a valid `T`
/// for shared reads for `r < rows`, `j < len`, none of them in the bests or
/// indices. (For the answer, not for soundness: every index in
/// `k..k + len` is at most `at`, and `dat >= 0`.)
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn fold_rows_at<T: Copy + PartialOrd, const MAX: bool>(
    b: *mut T,
    k: *mut usize,
    s: *const T,
    (rows, stride): (usize, isize),
    len: usize,
    (at, dat): (usize, isize),
) {
    // `T` is `f64` (tested) or else `f32`; the rest is the caller's promise.
    // SAFETY: as just said.
    unsafe {
        if typeid::of::<T>() == core::any::TypeId::of::<f64>() {
            arg_rows_f64::<MAX>(b.cast(), k, s.cast(), (rows, stride), len, (at, dat));
        } else {
            arg_rows_f32::<MAX>(b.cast(), k, s.cast(), (rows, stride), len, (at, dat));
        }
    }
}

/// Whether [`fold_arg_rows`] folds rows of `T`: integers on any processor,
/// `f64` and `f32` with AVX.
#[inline(always)]
fn rows_fold<T>() -> bool {
    #[cfg(target_arch = "x86_64")]
    if has_avx() && wide_float::<T>() {
        return true;
    }
    total::total::<T>()
}

/// [`fold_rows_at`] for `f64` and `f32`, `total::fold_arg_rows` for
/// integers.
///
/// # Safety
/// [`rows_fold`] holds for `T`, and the rest of `fold_rows_at`'s promise.
#[inline(always)]
unsafe fn fold_arg_rows<T: Copy + PartialOrd, const MAX: bool>(
    b: *mut T,
    k: *mut usize,
    s: *const T,
    rows: (usize, isize),
    len: usize,
    at: (usize, isize),
) {
    if total::total::<T>() {
        // The caller's promise.
        // SAFETY: as just said.
        return unsafe { total::fold_arg_rows::<T, MAX>(b, k, s, rows, len, at) };
    }
    // No integer, so `f64` or `f32` with AVX (`rows_fold`); the rest is
    // the caller's promise.
    #[cfg(target_arch = "x86_64")]
    // SAFETY: as just said.
    unsafe {
        fold_rows_at::<T, MAX>(b, k, s, rows, len, at)
    }
}

/// Rows of `argmax_axis` / `argmin_axis` folded into the bests and their
/// indices, `$lanes` columns at a time with no branch: each row's elements
/// are compared with the bests in registers, and a mask blends the elements
/// into the bests and the row's index into the indices (`$blend_in`, see
/// `blend_in!`). Eight rows at a time (eight read streams, as the axis sums
/// and extremes fold their rows), the rows left over one at a time.
///
/// A branch-free rule needs the rows' indices to ascend past every index
/// held (the callers' promise, which the engine's walk keeps: see
/// `arg_extreme_axis`). Then [`replaces`] reduces to: the element lies
/// strictly beyond the best, or is a NaN where the best is not. A tie never
/// replaces (its index is not smaller), nor does a NaN replace a NaN: the
/// same answer as the scalar loop row after row.
///
/// `U` column vectors go side by side (four of `f64`, two of `f32`): one at
/// a time waited on each row's comparison and blend (16 x 4096 `f64`: 31
/// against 22.5 us; two side by side 25).
///
/// Measured at the twenty-fifth stop (Intel VM, a probe of random data,
/// best of nine blocks): `argmax_axis(0)` of 16 x 4096 `f64` 22.5 us
/// against 131.7 before (a vector comparison skipped the columns where every
/// row fell short, and the rest went through [`replaces`] element by
/// element, which a random array's early rows and any tied data hit;
/// `max_axis(0)` 8.7), of 64 x 1024 22.5 against 60.7 (7.9), of 1000 x
/// 1000 355-363 against 389 (270), of 4000 x 4000 7.9-8.7 ms (`max_axis(0)`
/// 7.0-7.5).
#[cfg(target_arch = "x86_64")]
macro_rules! vector_arg_fold {
    ($rows:ident, $step:ident, $cols:ident, $t:ty, $v:ty, $lanes:literal, $unroll:literal,
     $zero:ident, $load:ident, $store:ident, $blend_in:ident, $words:literal) => {
        /// See `vector_arg_fold!`: `N` rows from `p` at indices `x` (each
        /// broadcast) into `U` vectors of bests and indices from column
        /// `j`, side by side (independent chains of comparisons and blends,
        /// which one vector at a time waited on).
        ///
        /// # Safety
        /// The processor has AVX; `b + j..b + j + U * $lanes` and the same
        /// of `k` valid for reads and writes, `p[q] + j..p[q] + j + U *
        /// $lanes` valid for shared reads and disjoint from them; (for the
        /// answer) the indices in `x` ascend, from at least every index
        /// held.
        #[target_feature(enable = "avx")]
        #[inline]
        unsafe fn $cols<const MAX: bool, const N: usize, const U: usize>(
            b: *mut $t,
            k: *mut usize,
            p: &[*const $t; N],
            x: &[core::arch::x86_64::__m256d; N],
            j: usize,
        ) {
            use core::arch::x86_64::*;
            // The caller's columns: `U` vectors of `$lanes` from `j`.
            // SAFETY: as just said.
            unsafe {
                let mut w: [$v; U] = [$zero(); U];
                let mut i = [[_mm256_setzero_pd(); $words]; U];
                for u in 0..U {
                    let c = j + u * $lanes;
                    w[u] = $load(b.add(c));
                    for (h, i) in i[u].iter_mut().enumerate() {
                        *i = _mm256_castsi256_pd(_mm256_loadu_si256(k.add(c + 4 * h).cast()));
                    }
                }
                for (ptr, &x) in p.iter().zip(x) {
                    for u in 0..U {
                        $blend_in::<MAX>(&mut w[u], &mut i[u], $load(ptr.add(j + u * $lanes)), x);
                    }
                }
                for u in 0..U {
                    let c = j + u * $lanes;
                    $store(b.add(c), w[u]);
                    for (h, i) in i[u].iter().enumerate() {
                        _mm256_storeu_si256(k.add(c + 4 * h).cast(), _mm256_castpd_si256(*i));
                    }
                }
            }
        }

        /// See `vector_arg_fold!`: `N` rows from `p` at indices `at` into
        /// `len` bests and indices.
        ///
        /// # Safety
        /// The processor has AVX; `b..b + len` and `k..k + len` valid for
        /// reads and writes, `p[q]..p[q] + len` valid for shared reads and
        /// disjoint from them; (for the answer) `at` ascends, from at least
        /// every index in `k..k + len`.
        #[target_feature(enable = "avx")]
        #[inline]
        unsafe fn $step<const MAX: bool, const N: usize>(
            b: *mut $t,
            k: *mut usize,
            p: &[*const $t; N],
            at: [usize; N],
            len: usize,
        ) {
            use core::arch::x86_64::*;
            let mut x = [_mm256_setzero_pd(); N];
            for (x, &a) in x.iter_mut().zip(&at) {
                // An index of the axis: at most isize::MAX.
                *x = _mm256_castsi256_pd(_mm256_set1_epi64x(a as i64));
            }
            let mut j = 0;
            while j + $unroll * $lanes <= len {
                // Columns `j..j + $unroll * $lanes`, within `len` (the
                // caller's promise), the indices as the caller's.
                // SAFETY: as just said.
                unsafe { $cols::<MAX, N, $unroll>(b, k, p, &x, j) };
                j += $unroll * $lanes;
            }
            while j + $lanes <= len {
                // Columns `j..j + $lanes`, as above.
                // SAFETY: as just said.
                unsafe { $cols::<MAX, N, 1>(b, k, p, &x, j) };
                j += $lanes;
            }
            for (ptr, &a) in p.iter().zip(&at) {
                for l in j..len {
                    // Column `l < len` (the caller's promise).
                    // SAFETY: as just said.
                    unsafe {
                        let (v, b, k) = (*ptr.add(l), &mut *b.add(l), &mut *k.add(l));
                        if replaces::<$t, MAX>(v, a, *b, *k) {
                            (*b, *k) = (v, a);
                        }
                    }
                }
            }
        }

        /// See `vector_arg_fold!`.
        ///
        /// # Safety
        /// The processor has AVX, and [`fold_rows_at`]'s promises hold.
        #[target_feature(enable = "avx")]
        unsafe fn $rows<const MAX: bool>(
            b: *mut $t,
            k: *mut usize,
            s: *const $t,
            (rows, stride): (usize, isize),
            len: usize,
            (at, dat): (usize, isize),
        ) {
            // An index of the axis (the caller's promise): no overflow.
            let index = |r: usize| (at as isize + r as isize * dat) as usize;
            let mut r = 0;
            while r + 8 <= rows {
                // Rows `r..r + 8` (`r` a multiple of 8) of the caller's rows,
                // which begin in the input, and their indices (ascending).
                // SAFETY: as just said.
                unsafe {
                    let p = eight_rows(s, r / 8, stride);
                    $step::<MAX, 8>(b, k, &p, core::array::from_fn(|q| index(r + q)), len);
                }
                r += 8;
            }
            while r < rows {
                // Row `r < rows`, as above.
                // SAFETY: as just said.
                unsafe { $step::<MAX, 1>(b, k, &[s.offset(r as isize * stride)], [index(r)], len) };
                r += 1;
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
vector_arg_fold!(
    arg_rows_f64,
    arg_step_f64,
    arg_cols_f64,
    f64,
    __m256d,
    4,
    4,
    _mm256_setzero_pd,
    _mm256_loadu_pd,
    _mm256_storeu_pd,
    blend_in_f64,
    1
);
#[cfg(target_arch = "x86_64")]
vector_arg_fold!(
    arg_rows_f32,
    arg_step_f32,
    arg_cols_f32,
    f32,
    __m256,
    8,
    2,
    _mm256_setzero_ps,
    _mm256_loadu_ps,
    _mm256_storeu_ps,
    blend_in_f32,
    2
);

/// Elements per chunk of a contiguous run whose extreme is found first (a
/// vectorised fold, see [`scan_run`]).
const CHUNK: usize = 1024;

/// Contiguous runs of at least this many elements go in chunks (see
/// [`scan_run`]: a vectorised extreme, then a vectorised search for it);
/// shorter ones element by element, a vector at a time where they can. From
/// 8 (a vector of `f32`, two of `f64`), since the extremes of runs shorter
/// than a chunk go a vector at a time too: at the twenty-fifth stop (Intel
/// VM, a probe of random data), `argmax` of 10, 16, 32 and 50 `f64` took
/// 13.9, 16.5, 18.1 and 22.4 ns against 18.3, 20.8, 28.9 and 37.4 from 64
/// (the scan's vector comparison was rarely all short in so few elements);
/// `argmax_axis(1)` of 100 000 x 10 4.3 against 5.5 ms.
const CHUNKED_FROM: usize = 8;

/// The extreme of `len` elements `stride` apart from `p`, whose indices run
/// from `k0` by `dk`, folded into `(b, bk)`.
///
/// A contiguous run of [`CHUNKED_FROM`] elements or more goes in chunks of
/// [`CHUNK`]: each chunk's extreme first, by the vectorised NaN-propagating
/// fold of `max` / `min` (eight partial results; 256-bit vectors for `f64`
/// and `f32`, `total::extreme` for integers). A chunk whose extreme falls
/// short of `b` is done. One whose extreme is a number that reaches `b` has
/// its candidate in the first element equal to that extreme
/// ([`first_equal`], a vector at a time for `f64` and `f32`, in blocks for
/// integers), which `b` meets by NumPy's rule; one that holds a NaN
/// is scanned by the rule element by element (a vector at a time for `f64`
/// and `f32` where the elements fall short, see [`scan_contiguous`]). Once
/// `b` is a NaN at an index below the chunk's (indices never fall along a
/// run: `dk >= 0`, the nest flips no axis of the index operand, whose
/// strides are not negative), nothing in the chunk can replace it, and the
/// rest of the run is skipped.
///
/// Measured at the twenty-fourth stop (Intel VM, a probe, best of 15 blocks;
/// before, chunks of 256 from 512 elements, each chunk that reached `b`
/// scanned, which went one element at a time wherever a new best appeared):
/// `argmax` of 65 536 `f64` of unordered data 9.4 against 16.8 us (`max`
/// 5.5), of ascending data 12.3 against 104 us; of 1024 elements 116 against
/// 302 ns and 183 against 1633; of 100, 42 against 49 and 53 against 145 ns;
/// of 2^20 from memory 338 against 426 us and 374 against 1857 us (`max`
/// 307).
///
/// # Safety
/// `p + t * stride` must be a valid `T` for shared reads for every `t < len`.
#[inline(always)]
unsafe fn scan_run<T: Copy + PartialOrd, const MAX: bool>(
    p: *const T,
    stride: isize,
    (k0, dk): (usize, isize),
    len: usize,
    (b, bk): (&mut T, &mut usize),
) {
    if stride == 1 && len >= CHUNKED_FROM {
        let mut t = 0;
        while t < len {
            let n = CHUNK.min(len - t);
            // A chunk of `n` of the caller's elements, from element `t`.
            // SAFETY: as just said.
            unsafe {
                let c = p.add(t);
                let m = if MAX {
                    max_run(c, n, 1)
                } else {
                    min_run(c, n, 1)
                };
                // Nothing in the chunk replaces `b` when its extreme falls
                // short of it (so is no NaN: a NaN compares false).
                let short = if MAX { m < *b } else { m > *b };
                let k = (k0 as isize + t as isize * dk) as usize;
                #[allow(clippy::eq_op)]
                if *b != *b && *bk < k {
                    // A NaN before the chunk: only an earlier NaN replaces
                    // it, and the run's indices only grow.
                    return;
                }
                if !short {
                    // The chunk's extreme reaches `b`: where it is a number,
                    // its first occurrence is the chunk's candidate (found by
                    // equality, a vector at a time for `f64` and `f32`:
                    // scanning for a new best went one element at a time
                    // wherever one appeared, at every element of ascending
                    // data); a NaN equals nothing, and the chunk is scanned
                    // by NumPy's rule, element by element.
                    match first_equal(c, n, m) {
                        Some(i) => {
                            let at = (k as isize + i as isize * dk) as usize;
                            let v = *c.add(i);
                            if replaces::<T, MAX>(v, at, *b, *bk) {
                                (*b, *bk) = (v, at);
                            }
                        }
                        None => scan_contiguous::<T, MAX>(c, (k, dk), n, (&mut *b, &mut *bk)),
                    }
                }
            }
            t += n;
        }
        return;
    }
    if stride == 1 {
        // SAFETY: the caller's promise, for a contiguous run.
        return unsafe { scan_contiguous::<T, MAX>(p, (k0, dk), len, (b, bk)) };
    }
    // SAFETY: the caller's promise.
    unsafe { scan_elements::<T, MAX>(p, stride, (k0, dk), len, (b, bk)) }
}

/// [`scan_run`] over a contiguous run: for `f64` and `f32` on a processor
/// with AVX, a vector at a time, skipping those that fall short of `b` (see
/// `vector_arg_scan!`); otherwise element by element.
///
/// # Safety
/// `p + t` must be a valid `T` for shared reads for every `t < len`.
#[inline(always)]
unsafe fn scan_contiguous<T: Copy + PartialOrd, const MAX: bool>(
    p: *const T,
    (k0, dk): (usize, isize),
    len: usize,
    (b, bk): (&mut T, &mut usize),
) {
    #[cfg(target_arch = "x86_64")]
    if len >= 8 && has_avx() {
        let ty = typeid::of::<T>();
        // `T` is the type just tested (so `b` one too), on a processor with
        // AVX (just tested); the run is the caller's promise.
        if ty == core::any::TypeId::of::<f64>() {
            let b = (b as *mut T).cast::<f64>();
            // SAFETY: as just said.
            return unsafe { arg_scan_f64::<MAX>(p.cast(), (k0, dk), len, (&mut *b, bk)) };
        }
        if ty == core::any::TypeId::of::<f32>() {
            let b = (b as *mut T).cast::<f32>();
            // SAFETY: as just said.
            return unsafe { arg_scan_f32::<MAX>(p.cast(), (k0, dk), len, (&mut *b, bk)) };
        }
    }
    // SAFETY: the caller's promise.
    unsafe { scan_elements::<T, MAX>(p, 1, (k0, dk), len, (b, bk)) }
}

/// [`scan_elements`] over a contiguous run, `$lanes` elements at a time: one
/// ordered vector comparison with the best so far (false for a NaN) finds
/// whether every element falls short of it, and only a vector with one that
/// does not goes element by element. The same elements through the same
/// rule ([`replaces`]), so the same answer. The first chunk of each lane is
/// where `argmax_axis(1)` spent its time (1000 x 1000 `f64`: 0.37 ms
/// against 0.09 for `max_axis(1)`, in a probe).
#[cfg(target_arch = "x86_64")]
macro_rules! vector_arg_scan {
    ($name:ident, $t:ty, $lanes:literal, $load:ident, $set1:ident, $cmp:ident, $mask:ident,
     $full:literal) => {
        /// See `vector_arg_scan!`.
        ///
        /// # Safety
        /// The processor has AVX, and [`scan_contiguous`]'s promise holds.
        #[target_feature(enable = "avx")]
        unsafe fn $name<const MAX: bool>(
            p: *const $t,
            (k0, dk): (usize, isize),
            len: usize,
            (b, bk): (&mut $t, &mut usize),
        ) {
            use core::arch::x86_64::*;
            let mut j = 0;
            while j < len {
                let n = if j + $lanes <= len {
                    // `$lanes` of the caller's elements from `j`.
                    // SAFETY: as just said.
                    let v = unsafe { $load(p.add(j)) };
                    let w = $set1(*b);
                    let short = if MAX {
                        $cmp::<_CMP_LT_OQ>(v, w)
                    } else {
                        $cmp::<_CMP_GT_OQ>(v, w)
                    };
                    if $mask(short) == $full {
                        j += $lanes;
                        continue;
                    }
                    $lanes
                } else {
                    len - j
                };
                let k = (k0 as isize + j as isize * dk) as usize;
                // `n` of the caller's elements from `j`.
                // SAFETY: as just said.
                unsafe { scan_elements::<$t, MAX>(p.add(j), 1, (k, dk), n, (&mut *b, &mut *bk)) };
                j += n;
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
vector_arg_scan!(
    arg_scan_f64,
    f64,
    4,
    _mm256_loadu_pd,
    _mm256_set1_pd,
    _mm256_cmp_pd,
    _mm256_movemask_pd,
    0xf
);
#[cfg(target_arch = "x86_64")]
vector_arg_scan!(
    arg_scan_f32,
    f32,
    8,
    _mm256_loadu_ps,
    _mm256_set1_ps,
    _mm256_cmp_ps,
    _mm256_movemask_ps,
    0xff
);

/// The offset of the first of `n` contiguous elements from `p` equal to `m`
/// (`None` where none is): for `f64` and `f32` on a processor with AVX,
/// sixteen or thirty-two at a time (see `vector_first_equal!`); for
/// integers in blocks (`total::first_equal`).
///
/// # Safety
/// `p + t` must be a valid `T` for shared reads for every `t < n`.
#[inline(always)]
unsafe fn first_equal<T: Copy + PartialOrd>(p: *const T, n: usize, m: T) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if has_avx() && wide_float::<T>() {
        // `T` is `f64` (tested) or else `f32`, on a processor with AVX
        // (tested); the run is the caller's promise.
        // SAFETY: as just said.
        return unsafe {
            if typeid::of::<T>() == core::any::TypeId::of::<f64>() {
                first_equal_f64(p.cast(), n, core::mem::transmute_copy::<T, f64>(&m))
            } else {
                first_equal_f32(p.cast(), n, core::mem::transmute_copy::<T, f32>(&m))
            }
        };
    }
    if total::total::<T>() {
        // `n` valid elements from `p` (the caller's promise).
        // SAFETY: as just said.
        return total::first_equal(unsafe { core::slice::from_raw_parts(p, n) }, m);
    }
    // `t < n`: the caller's elements.
    // SAFETY: as just said.
    (0..n).find(|&t| unsafe { *p.add(t) } == m)
}

/// The first of a contiguous run equal to `m`, four vectors of `$lanes` at a
/// time (one ordered equality and a mask test per vector), then a vector at
/// a time, the last one overlapping, and element by element in a run
/// shorter than a vector.
#[cfg(target_arch = "x86_64")]
macro_rules! vector_first_equal {
    ($name:ident, $t:ty, $lanes:literal, $load:ident, $set1:ident, $cmp:ident, $or:ident,
     $mask:ident) => {
        /// See `vector_first_equal!`.
        ///
        /// # Safety
        /// The processor has AVX, and [`first_equal`]'s promise holds.
        #[target_feature(enable = "avx")]
        unsafe fn $name(p: *const $t, n: usize, m: $t) -> Option<usize> {
            use core::arch::x86_64::*;
            let w = $set1(m);
            let mut t = 0;
            // Four vectors from `t`, `t + 4 * $lanes <= n` (the caller's
            // elements).
            // SAFETY: as just said.
            unsafe {
                while t + 4 * $lanes <= n {
                    let e: [_; 4] = core::array::from_fn(|j| {
                        $cmp::<_CMP_EQ_OQ>($load(p.add(t + j * $lanes)), w)
                    });
                    if $mask($or($or(e[0], e[1]), $or(e[2], e[3]))) != 0 {
                        for (j, e) in e.into_iter().enumerate() {
                            let bits = $mask(e);
                            if bits != 0 {
                                return Some(t + j * $lanes + bits.trailing_zeros() as usize);
                            }
                        }
                    }
                    t += 4 * $lanes;
                }
                while t + $lanes <= n {
                    let bits = $mask($cmp::<_CMP_EQ_OQ>($load(p.add(t)), w));
                    if bits != 0 {
                        return Some(t + bits.trailing_zeros() as usize);
                    }
                    t += $lanes;
                }
                if t < n && n >= $lanes {
                    // The last `$lanes` elements, overlapping those before
                    // `t` (none of them equal to `m`).
                    let bits = $mask($cmp::<_CMP_EQ_OQ>($load(p.add(n - $lanes)), w));
                    return (bits != 0).then(|| n - $lanes + bits.trailing_zeros() as usize);
                }
                (t..n).find(|&u| *p.add(u) == m)
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
vector_first_equal!(
    first_equal_f64,
    f64,
    4,
    _mm256_loadu_pd,
    _mm256_set1_pd,
    _mm256_cmp_pd,
    _mm256_or_pd,
    _mm256_movemask_pd
);
#[cfg(target_arch = "x86_64")]
vector_first_equal!(
    first_equal_f32,
    f32,
    8,
    _mm256_loadu_ps,
    _mm256_set1_ps,
    _mm256_cmp_ps,
    _mm256_or_ps,
    _mm256_movemask_ps
);

/// [`scan_run`] element by element.
///
/// # Safety
/// As [`scan_run`].
#[inline(always)]
unsafe fn scan_elements<T: Copy + PartialOrd, const MAX: bool>(
    p: *const T,
    stride: isize,
    (k0, dk): (usize, isize),
    len: usize,
    (b, bk): (&mut T, &mut usize),
) {
    for t in 0..len {
        // The caller's promise, for `t < len`.
        // SAFETY: as just said.
        let v = unsafe { *p.offset(t as isize * stride) };
        // An index of the view: `k0 + t * dk` lies in `0..=isize::MAX`.
        let k = (k0 as isize + t as isize * dk) as usize;
        if replaces::<T, MAX>(v, k, *b, *bk) {
            (*b, *bk) = (v, k);
        }
    }
}

impl<T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'_, T, R, O, M> {
    /// The index of the largest element, as NumPy's `a.argmax()`: a flat
    /// index in C (row-major) order whatever the layout, the first one where
    /// the maximum occurs, or the first NaN's if any element is a NaN (`x !=
    /// x`); `None` for an empty view (NumPy raises). Found in one walk in
    /// memory order.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_fn([3, 4], |[i, j]| ((i * 4 + j) % 5) as f64)?;
    /// // [[0, 1, 2, 3], [4, 0, 1, 2], [3, 4, 0, 1]]: 4.0 first at [1, 0].
    /// assert_eq!(a.argmax(), Some(4));
    /// assert_eq!(a.t().argmax(), Some(1)); // [0, 1] of the transpose is a[1, 0]
    /// assert_eq!(a.argmin(), Some(0));
    /// let mut b = a.clone();
    /// b.view_mut()[[2, 1]] = f64::NAN;
    /// assert_eq!(b.argmax(), Some(9));
    /// assert_eq!(Array::<i32, 1>::zeros([0])?.argmax(), None);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn argmax(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        self.arg_extreme::<true>()
    }

    /// The index of the smallest element (NumPy's `a.argmin()`); see
    /// [`argmax`](Self::argmax).
    pub fn argmin(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        self.arg_extreme::<false>()
    }

    /// The index along `axis` (negative counts from the end) of the largest
    /// element of each lane: NumPy's `a.argmax(axis=k)`, an array of one rank
    /// less (inferred) in the order the view's type keeps ([`Kept`]), with
    /// NumPy's rules for ties and NaN (see [`argmax`](Self::argmax)); walked
    /// in the input's memory order, like [`max_axis`](Self::max_axis).
    /// `Ok(None)` when the axis has length 0 (NumPy raises).
    ///
    /// ```
    /// use stride_core::Array;
    /// // Scores of 2 samples over 3 classes: the most likely class of each.
    /// let logits = Array::<f32, 2>::from_vec([2, 3], vec![0.1, 2.5, 2.5, -1.0, 0.0, 3.0])?;
    /// assert_eq!(logits.argmax_axis(1)?.unwrap().as_slice(), &[1, 2]);
    /// assert_eq!(logits.argmin_axis(0)?.unwrap().as_slice(), &[1, 1, 0]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn argmax_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.arg_extreme_axis::<Q, true>(axis)
    }

    /// The index along `axis` of the smallest element of each lane (NumPy's
    /// `a.argmin(axis=k)`); see [`argmax_axis`](Self::argmax_axis).
    pub fn argmin_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.arg_extreme_axis::<Q, false>(axis)
    }

    fn arg_extreme<const MAX: bool>(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        let first = *self.view_shared().iter().next()?;
        let shape = *self.shape();
        // The C strides of the shape: each a product of extents of a
        // non-empty view, so at most its size, which is at most isize::MAX
        // (a layout's invariant): `fill_strides` never fails here.
        let mut flat = [0isize; R];
        crate::dims::fill_strides(&shape, false, &mut flat).ok()?;
        let ops = Operands {
            shape,
            strides: [*self.strides(), flat],
            offsets: [self.layout().offset(), 0],
        };
        let base = self.base_nonnull().as_ptr().cast_const();
        let (mut b, mut bk) = (first, 0usize);
        Nest::plan(&ops, Priority::Operand(0), 0).runs(|off, len, st| {
            // The runs visit offsets the layout reaches (valid `T`s of the
            // buffer, shared reads while `self` is borrowed), `len` of them
            // `st[0]` apart, whose flat indices start at `off[1]` (at least
            // 0: the C strides are not negative) and step by `st[1]`.
            // SAFETY: `scan_run`'s contract, as just said.
            unsafe {
                scan_run::<T, MAX>(
                    base.offset(off[0]),
                    st[0],
                    (off[1] as usize, st[1]),
                    len,
                    (&mut b, &mut bk),
                )
            };
        });
        Some(bk)
    }

    fn arg_extreme_axis<const Q: usize, const MAX: bool>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        let axis = crate::dims::normalize_axis(axis, R)?;
        if self.shape()[axis] == 0 {
            return Ok(None);
        }
        // The index along the axis of each lane's best so far, from 0.
        let first = self.view_shared().index_axis::<Q>(axis as isize, 0)?;
        let mut index = Array::<usize, Q, Kept<O>>::zeros(*first.shape())?;
        // The outputs seen in the input's shape (stride 0 along the axis),
        // the input, and the index along the axis (stride 1 along it, 0
        // elsewhere), walked in the input's memory order.
        let out = spread_over(index.layout().strides(), axis);
        let mut along = [0isize; R];
        along[axis] = 1;
        let ops = Operands {
            shape: *self.shape(),
            strides: [out, *self.strides(), along],
            offsets: [0, self.layout().offset(), 0],
        };
        let src = self.base_nonnull().as_ptr().cast_const();
        let ip = index.as_mut_slice().as_mut_ptr();
        let nest = Nest::plan(&ops, Priority::Operand(1), 0);
        // Whether every lane is walked in ascending index along the axis,
        // which the branch-free folds need (of rows and of lanes side by
        // side, floats and integers: see `vector_arg_fold!` and `total`):
        // the index operand moves along one loop only
        // (the axis's: its other strides are 0, and the output's 0 stride
        // along it merges it with no other), forwards (no flip: its stride
        // is positive), so that the walk (planned untiled) visits a lane's
        // elements in order. With every index from 0 at first, each row's
        // index is then at least every index held in its lanes. Checked
        // once per call.
        let ascending = nest.loops().filter(|(_, s)| s[2] != 0).count() == 1
            && nest.loops().all(|(_, s)| s[2] >= 0);
        // Short contiguous lanes side by side (the inner loop walks the
        // axis, the one loop the index operand moves along, so the whole of
        // it from index 0; the next one lanes, each its own output element):
        // several lanes at a time for integers, `f64` and `f32` (see
        // `fold_short_lanes`), the rest one at a time.
        let up_to = short_lanes_up_to::<T, false>();
        if ascending && up_to > 0 {
            // `over_short_lanes`' planes of lanes (at most `up_to` elements,
            // at offsets the input's layout reaches, from index 0) and
            // their indices (distinct, in their own buffer):
            // `fold_short_lanes`' promise.
            // SAFETY: as just said.
            let lanes = |k, s, steps, n| unsafe {
                fold_short_lanes::<T, MAX, false>((core::ptr::null_mut(), k), s, steps, n)
            };
            // One lane of `n` valid elements (`scan_run`'s), and its index.
            // SAFETY: as just said.
            let rest = |k: *mut usize, s: *const T, n| unsafe {
                let (mut b, mut bk) = (*s, 0);
                scan_run::<T, MAX>(s, 1, (0, 1), n, (&mut b, &mut bk));
                *k = bk;
            };
            // The nest's operands: the indices' buffer, then the input's.
            // SAFETY: as just said.
            if unsafe { over_short_lanes(&nest, (ip, src), up_to, lanes, rest) } {
                return Ok(Some(index));
            }
        }
        // The best so far, from the first element of each lane; packed as
        // the indices (one shape, one order).
        let mut best = first.to_contiguous::<Kept<O>>()?;
        debug_assert_eq!(best.layout().strides(), index.layout().strides());
        let bp = best.as_mut_slice().as_mut_ptr();
        if let Some((outer, len, rows, step)) = nest
            .row_fold_where(|p, s| s == if p == 2 { 0 } else { 1 })
            .filter(|&(_, _, rows, _)| rows >= 8 && ascending && rows_fold::<T>())
        {
            // Rows of the input folded into one row of the bests (the
            // argmax of a C array along its first axis): eight rows at a
            // time (see `fold_arg_rows`), however short the rows: unlike
            // the sums' (see `folds_eight_rows`), a row by row fold of
            // bests and indices was never faster. At the twenty-sixth stop
            // (Intel VM, a probe, best of seven blocks), `argmax_axis(0)`
            // of `f64`, eight rows at a time against row by row: 16 x 4096
            // 23.4 against 29.5 us, 256 x 256 22.1 against 23.5, 100 x 64
            // 2.3 against 4.5; of `u8` 43.6 against 84.0, 42.2 against
            // 63.3 and 4.9 against 6.5; of `i64` 28.7 against 48.7, 27.9
            // against 48.8 and 2.8 against 5.1.
            outer.runs(|first, planes, apart| {
                for t in 0..planes as isize {
                    // The plane's rows of bests and indices: `len` elements
                    // from one offset of their own buffers; its `rows`
                    // input rows of `len` contiguous elements, `step[1]`
                    // apart, at offsets the input's layout reaches, whose
                    // indices along the axis run from `first[2]` by
                    // `step[2]` (within the axis, ascending past every
                    // index held: `ascending`); `rows_fold` holds for `T`
                    // (just tested).
                    // SAFETY: as just said.
                    unsafe {
                        fold_arg_rows::<T, MAX>(
                            bp.offset(first[0] + t * apart[0]),
                            ip.offset(first[0] + t * apart[0]),
                            src.offset(first[1] + t * apart[1]),
                            (rows, step[1]),
                            len,
                            ((first[2] + t * apart[2]) as usize, step[2]),
                        )
                    };
                }
            });
            return Ok(Some(index));
        }
        nest.runs(|off, len, st| {
            // Output offsets: the packed outputs' (the same for both, in
            // buffers of their own, so never aliasing the input); input
            // offsets: ones its layout reaches, `len` of them `st[1]` apart;
            // indices along the axis from `off[2]` by `st[2]`, within the
            // axis.
            // SAFETY: as just said.
            unsafe {
                let (b, k) = (bp.offset(off[0]), ip.offset(off[0]));
                let s = src.offset(off[1]);
                if st[0] == 0 {
                    // One lane's run: folded into its one output element.
                    scan_run::<T, MAX>(s, st[1], (off[2] as usize, st[2]), len, (&mut *b, &mut *k));
                } else {
                    // (A row of lanes: one row of `fold_arg_rows` where the
                    // walk ascends, so that `off[2]` is at least every
                    // index held; the bests, indices and input row all `len`
                    // elements at unit stride, as above.)
                    if ascending && (st[0], st[1], st[2]) == (1, 1, 0) && rows_fold::<T>() {
                        let at = (off[2] as usize, 0);
                        return fold_arg_rows::<T, MAX>(b, k, s, (1, 0), len, at);
                    }
                    for t in 0..len as isize {
                        let (b, k) = (b.offset(t * st[0]), k.offset(t * st[0]));
                        let v = *s.offset(t * st[1]);
                        let at = (off[2] + t * st[2]) as usize;
                        if replaces::<T, MAX>(v, at, *b, *k) {
                            (*b, *k) = (v, at);
                        }
                    }
                }
            }
        });
        Ok(Some(index))
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// The flat (C-order) index of the largest element (see
    /// [`ViewBase::argmax`]).
    pub fn argmax(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        self.view().argmax()
    }

    /// The flat (C-order) index of the smallest element (see
    /// [`ViewBase::argmin`]).
    pub fn argmin(&self) -> Option<usize>
    where
        T: Copy + PartialOrd,
    {
        self.view().argmin()
    }

    /// The index along `axis` of each lane's largest element (see
    /// [`ViewBase::argmax_axis`]).
    pub fn argmax_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().argmax_axis(axis)
    }

    /// The index along `axis` of each lane's smallest element (see
    /// [`ViewBase::argmin_axis`]).
    pub fn argmin_axis<const Q: usize>(
        &self,
        axis: isize,
    ) -> Result<Option<Array<usize, Q, Kept<O>>>, LayoutError>
    where
        T: Copy + PartialOrd,
        Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    {
        self.view().argmin_axis(axis)
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
pub(super) mod tests {
    use super::{
        arg_rows_f32, arg_rows_f64, arg_scan_f32, arg_scan_f64, replaces, scan_elements, scan_run,
    };
    use crate::kernel::reduce::has_avx;

    /// `replaces` element by element: the loop the vector rows stand for.
    fn scalar<T: Copy + PartialOrd, const MAX: bool>(
        b: &mut [T],
        k: &mut [usize],
        s: &[T],
        at: usize,
    ) {
        for ((b, k), &v) in b.iter_mut().zip(k.iter_mut()).zip(s) {
            if replaces::<T, MAX>(v, at, *b, *k) {
                (*b, *k) = (v, at);
            }
        }
    }

    /// Draws below `m` from a linear congruential generator seeded `x`
    /// (the kernels' tests here and in `lanes`).
    pub(in crate::kernel) fn draws(mut x: u64) -> impl FnMut(u64) -> u64 {
        move |m| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % m
        }
    }

    /// [`scalar`] for one `MAX`.
    type Naive<T> = fn(&mut [T], &mut [usize], &[T], usize);
    /// A fold of rows of `argmax_axis` (one `MAX` of [`arg_rows_f64`] and
    /// kin).
    type Rows<T> = unsafe fn(*mut T, *mut usize, *const T, (usize, isize), usize, (usize, isize));

    /// One AVX row of `argmax_axis` / `argmin_axis` leaves the same bests
    /// and indices as the scalar loop: values from four (ties everywhere),
    /// NaNs in the row and among the bests, the row's index equal to and
    /// above the bests' (never below: the folds' promise), for every length
    /// around the vectors. Under Miri only with AVX in the build
    /// (`.ci/run`).
    #[test]
    fn wide_arg_rows_match_the_scalar_loop() {
        if !has_avx() {
            return;
        }
        let mut next = draws(0x9E37_79B9_7F4A_7C15u64);
        let lens: Vec<usize> = if cfg!(miri) {
            vec![0, 3, 4, 9, 17]
        } else {
            (0..70).collect()
        };
        let value = |r: u64| if r == 4 { f64::NAN } else { r as f64 - 1.5 };
        for &len in &lens {
            for at in [0, 5, 10] {
                let b0: Vec<f64> = (0..len).map(|_| value(next(5))).collect();
                let k0: Vec<usize> = (0..len).map(|_| next(at as u64 + 1) as usize).collect();
                let s: Vec<f64> = (0..len).map(|_| value(next(5))).collect();
                let (b32, s32): (Vec<f32>, Vec<f32>) = (
                    b0.iter().map(|&v| v as f32).collect(),
                    s.iter().map(|&v| v as f32).collect(),
                );
                for max in [true, false] {
                    let (mut b, mut k, mut wb, mut wk) =
                        (b0.clone(), k0.clone(), b0.clone(), k0.clone());
                    let (mut c, mut ck, mut wc, mut wck) =
                        (b32.clone(), k0.clone(), b32.clone(), k0.clone());
                    let (row64, row32, naive64, naive32): (
                        Rows<f64>,
                        Rows<f32>,
                        Naive<f64>,
                        Naive<f32>,
                    ) = if max {
                        (
                            arg_rows_f64::<true>,
                            arg_rows_f32::<true>,
                            scalar::<f64, true>,
                            scalar::<f32, true>,
                        )
                    } else {
                        (
                            arg_rows_f64::<false>,
                            arg_rows_f32::<false>,
                            scalar::<f64, false>,
                            scalar::<f32, false>,
                        )
                    };
                    // The processor has AVX (tested above); one row of `len`.
                    // SAFETY: as just said.
                    unsafe {
                        let one = ((1, 0), len, (at, 0));
                        row64(
                            b.as_mut_ptr(),
                            k.as_mut_ptr(),
                            s.as_ptr(),
                            one.0,
                            one.1,
                            one.2,
                        );
                        row32(
                            c.as_mut_ptr(),
                            ck.as_mut_ptr(),
                            s32.as_ptr(),
                            one.0,
                            one.1,
                            one.2,
                        );
                    }
                    naive64(&mut wb, &mut wk, &s, at);
                    naive32(&mut wc, &mut wck, &s32, at);
                    let at_ = format!("{len} elements, index {at}, max {max}");
                    assert_eq!(k, wk, "{at_}");
                    assert_eq!(ck, wck, "{at_}");
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    let bits32 = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&b), bits(&wb), "{at_}");
                    assert_eq!(bits32(&c), bits32(&wc), "{at_}");
                }
            }
        }
    }

    /// The AVX scan of a contiguous run into one best leaves the same best
    /// and index as the element-by-element scan: values from four (ties),
    /// NaNs in the run or as the best, indices from below and above the
    /// best's, by steps of 1 and 3, for every length around the vectors.
    /// Under Miri only with AVX in the build (`.ci/run`).
    /// The vector and element-by-element scans of `s` (and of `s32`) into
    /// the best `start` at index 5: the bests' bits and indices, vector
    /// first, `f64` then `f32`.
    fn scans<const MAX: bool>(
        s: &[f64],
        s32: &[f32],
        kd: (usize, isize),
        (start, start32): (f64, f32),
    ) -> [u64; 8] {
        let len = s.len();
        let (mut b, mut bk, mut wb, mut wbk) = (start, 5usize, start, 5usize);
        let (mut c, mut ck, mut wc, mut wck) = (start32, 5usize, start32, 5usize);
        // The processor has AVX (the caller's test); runs of `len`.
        // SAFETY: as just said.
        unsafe {
            arg_scan_f64::<MAX>(s.as_ptr(), kd, len, (&mut b, &mut bk));
            arg_scan_f32::<MAX>(s32.as_ptr(), kd, len, (&mut c, &mut ck));
            scan_elements::<f64, MAX>(s.as_ptr(), 1, kd, len, (&mut wb, &mut wbk));
            scan_elements::<f32, MAX>(s32.as_ptr(), 1, kd, len, (&mut wc, &mut wck));
        }
        let u = |k: usize| k as u64;
        [
            b.to_bits(),
            u(bk),
            wb.to_bits(),
            u(wbk),
            c.to_bits().into(),
            u(ck),
            wc.to_bits().into(),
            u(wck),
        ]
    }

    #[test]
    fn wide_arg_scans_match_the_scalar_loop() {
        if !has_avx() {
            return;
        }
        let mut next = draws(0x2545_F491_4F6C_DD1Du64);
        let lens: Vec<usize> = if cfg!(miri) {
            vec![8, 9, 17]
        } else {
            (8..70).chain([256, 300]).collect()
        };
        let value = |r: u64| if r == 4 { f64::NAN } else { r as f64 - 1.5 };
        for &len in &lens {
            for (k0, dk) in [(0, 1), (7, 3)] {
                for start in [value(0), value(3), value(4)] {
                    let s: Vec<f64> = (0..len)
                        .map(|_| value(next(if len % 3 == 0 { 4 } else { 5 })))
                        .collect();
                    let s32: Vec<f32> = s.iter().map(|&v| v as f32).collect();
                    // (One conversion: a NaN's bits after one are not
                    // specified, and Miri gives any.)
                    let start32 = start as f32;
                    for max in [true, false] {
                        let scan = if max { scans::<true> } else { scans::<false> };
                        let [b, bk, wb, wbk, c, ck, wc, wck] =
                            scan(&s, &s32, (k0, dk), (start, start32));
                        let at = format!("{len} from {k0} by {dk}, best {start}, max {max}");
                        assert_eq!((b, bk), (wb, wbk), "{at}");
                        assert_eq!((c, ck), (wc, wck), "{at}");
                    }
                }
            }
        }
    }

    /// [`scan_run`] over contiguous runs, in chunks whose extreme is found
    /// and then its first occurrence (`first_equal`), leaves the same best
    /// and index as the scalar loop: `f64`, `f32` and `i32`; ascending,
    /// descending and tied data, signed zeros, NaNs early and late, starting
    /// bests below, above and a NaN, indices stepping by 1 or 3; lengths
    /// around the chunk threshold, the vectors and whole chunks.
    #[test]
    fn chunked_runs_match_the_scalar_loop() {
        let mut next = draws(0x9E37_79B9_7F4A_7C15u64);
        let lens: Vec<usize> = if cfg!(miri) {
            vec![10, 70]
        } else {
            vec![
                7, 8, 9, 10, 13, 17, 31, 63, 64, 65, 100, 1023, 1024, 1025, 1030, 2049, 5000,
            ]
        };
        for &len in &lens {
            let orders: [Vec<f64>; 5] = [
                (0..len).map(|k| k as f64).collect(),
                (0..len).map(|k| -(k as f64)).collect(),
                (0..len).map(|_| next(4) as f64 - 1.5).collect(),
                (0..len)
                    .map(|_| if next(2) == 0 { -0.0 } else { 0.0 })
                    .collect(),
                (0..len).map(|k| ((k * 7919) % 97) as f64).collect(),
            ];
            for (o, base) in orders.iter().enumerate() {
                for nan in [None, Some(1), Some(len / 2), Some(len - 2)] {
                    let mut s = base.clone();
                    if let Some(at) = nan {
                        s[at] = f64::NAN;
                    }
                    let s32: Vec<f32> = s.iter().map(|&v| v as f32).collect();
                    let si: Vec<i32> = base.iter().map(|&v| v as i32).collect();
                    for (k0, dk) in [(0, 1), (7, 3)] {
                        for start in [-1e9, 1e9, f64::NAN] {
                            for max in [true, false] {
                                let at = format!(
                                    "{len} ({o}), NaN at {nan:?}, best {start}, max {max}, {k0} by {dk}"
                                );
                                let [g, w] = run_both(&s, start, (k0, dk), max);
                                assert_eq!((g.0.to_bits(), g.1), (w.0.to_bits(), w.1), "f64 {at}");
                                let [g, w] = run_both(&s32, start as f32, (k0, dk), max);
                                assert_eq!((g.0.to_bits(), g.1), (w.0.to_bits(), w.1), "f32 {at}");
                                if nan.is_none() && !start.is_nan() {
                                    let [g, w] = run_both(&si, start as i32, (k0, dk), max);
                                    assert_eq!(g, w, "i32 {at}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// [`scan_run`] and [`scan_elements`] over all of `s` from the best
    /// `start` at index 5, their bests and indices.
    fn run_both<T: Copy + PartialOrd>(
        s: &[T],
        start: T,
        kd: (usize, isize),
        max: bool,
    ) -> [(T, usize); 2] {
        let (mut b, mut bk, mut wb, mut wbk) = (start, 5usize, start, 5usize);
        let len = s.len();
        // Runs of `len` valid elements.
        // SAFETY: as just said.
        unsafe {
            if max {
                scan_run::<T, true>(s.as_ptr(), 1, kd, len, (&mut b, &mut bk));
                scan_elements::<T, true>(s.as_ptr(), 1, kd, len, (&mut wb, &mut wbk));
            } else {
                scan_run::<T, false>(s.as_ptr(), 1, kd, len, (&mut b, &mut bk));
                scan_elements::<T, false>(s.as_ptr(), 1, kd, len, (&mut wb, &mut wbk));
            }
        }
        [(b, bk), (wb, wbk)]
    }

    /// The AVX folds of eight rows at a time (and the rows left over) leave
    /// the same bests and indices as the scalar loop row after row: values
    /// from five (ties, new extremes in later rows), NaNs in the rows and
    /// among the bests, 8 to 19 rows whose indices step by 1 or 2, for
    /// lengths around the vectors. Under Miri only with AVX in the build.
    #[test]
    fn wide_arg_rows_in_blocks_match_the_scalar_loop() {
        if !has_avx() {
            return;
        }
        let mut next = draws(0xD6E8_FEB8_6659_FD93u64);
        let (lens, counts): (Vec<usize>, Vec<usize>) = if cfg!(miri) {
            (vec![3, 9], vec![8, 9])
        } else {
            ((0..40).collect(), vec![8, 9, 16, 19])
        };
        let value = |r: u64| if r == 5 { f64::NAN } else { r as f64 - 1.5 };
        for &len in &lens {
            for &rows in &counts {
                for dat in [1isize, 2] {
                    let stride = len + 2;
                    let src: Vec<f64> = (0..rows * stride)
                        .map(|_| value(next(if rows == 9 { 6 } else { 5 })))
                        .collect();
                    let b0: Vec<f64> = (0..len).map(|_| value(next(6))).collect();
                    let k0: Vec<usize> = (0..len).map(|_| next(4) as usize).collect();
                    let (src32, b32): (Vec<f32>, Vec<f32>) = (
                        src.iter().map(|&v| v as f32).collect(),
                        b0.iter().map(|&v| v as f32).collect(),
                    );
                    for max in [true, false] {
                        let (mut b, mut k, mut wb, mut wk) =
                            (b0.clone(), k0.clone(), b0.clone(), k0.clone());
                        let (mut c, mut ck, mut wc, mut wck) =
                            (b32.clone(), k0.clone(), b32.clone(), k0.clone());
                        for r in 0..rows {
                            let at = 3 + r * dat as usize;
                            let row = &src[r * stride..r * stride + len];
                            let row32 = &src32[r * stride..r * stride + len];
                            if max {
                                scalar::<f64, true>(&mut wb, &mut wk, row, at);
                                scalar::<f32, true>(&mut wc, &mut wck, row32, at);
                            } else {
                                scalar::<f64, false>(&mut wb, &mut wk, row, at);
                                scalar::<f32, false>(&mut wc, &mut wck, row32, at);
                            }
                        }
                        let (st, at) = ((rows, stride as isize), (3, dat));
                        let (rows64, rows32): (Rows<f64>, Rows<f32>) = if max {
                            (arg_rows_f64::<true>, arg_rows_f32::<true>)
                        } else {
                            (arg_rows_f64::<false>, arg_rows_f32::<false>)
                        };
                        // The processor has AVX (tested above); `rows` rows
                        // of `len` elements `stride` apart, and bests and
                        // indices of `len` apart from them.
                        // SAFETY: as just said.
                        unsafe {
                            rows64(b.as_mut_ptr(), k.as_mut_ptr(), src.as_ptr(), st, len, at);
                            rows32(c.as_mut_ptr(), ck.as_mut_ptr(), src32.as_ptr(), st, len, at);
                        }
                        let at_ = format!("{rows} rows of {len}, index step {dat}, max {max}");
                        assert_eq!(k, wk, "{at_}");
                        assert_eq!(ck, wck, "{at_}");
                        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                        let bits32 = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(&b), bits(&wb), "{at_}");
                        assert_eq!(bits32(&c), bits32(&wc), "{at_}");
                    }
                }
            }
        }
    }
}
