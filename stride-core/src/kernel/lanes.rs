//! Short lanes side by side, folded several at a time: the extremes and
//! where they lie along an axis whose lanes are a few contiguous elements
//! each (`argmax_axis(1)` and `max_axis(1)` of a C array of a few columns),
//! one lane of the input in each lane of a vector. Only on x86-64 with AVX,
//! for `f64` and `f32` (integers have their own, `total::fold_lanes`; the
//! callers fold any other lane one at a time). The walk over the planes of
//! lanes is `nest::over_short_lanes`.

/// Lanes `0..lanes` in groups of `width`: `two(l)` on the two groups from
/// lane `l` while two fit (independent chains side by side), then `one(l)`
/// on one group where one fits. How many lanes they took, from the first.
#[inline(always)]
fn in_groups(
    lanes: usize,
    width: usize,
    mut two: impl FnMut(usize),
    mut one: impl FnMut(usize),
) -> usize {
    let mut l = 0;
    while l + 2 * width <= lanes {
        two(l);
        l += 2 * width;
    }
    if l + width <= lanes {
        one(l);
        l += width;
    }
    l
}

/// The first elements of lanes `l + u * L + q` (`u < U`, `q < L`), lane
/// after lane `step` apart from `s`.
///
/// # Safety
/// Each of those lanes begins in the caller's buffer.
#[inline(always)]
unsafe fn lane_starts<T, const L: usize, const U: usize>(
    s: *const T,
    l: usize,
    step: isize,
) -> [[*const T; L]; U] {
    core::array::from_fn(|u| {
        core::array::from_fn(|q| {
            // The caller's promise.
            // SAFETY: as just said.
            unsafe { s.offset((l + u * L + q) as isize * step) }
        })
    })
}

/// `v[q]` into the element `(l + q) * step` from `d`, for each `q`.
///
/// # Safety
/// Those elements are valid for writes.
#[inline(always)]
unsafe fn put<D: Copy, const L: usize>(d: *mut D, l: usize, step: isize, v: [D; L]) {
    for (q, &x) in v.iter().enumerate() {
        // The caller's promise.
        // SAFETY: as just said.
        unsafe { *d.offset((l + q) as isize * step) = x };
    }
}

/// One element of each lane (`v`) into the bests (`w`) and their indices
/// (`i`, 64-bit, `x` the element's index in each): where it lies strictly
/// beyond the best, or is a NaN where the best is not (one unordered
/// comparison, true where the best falls short of it or either is a NaN,
/// and one ordered one, the best is no NaN), a mask blends it in and its
/// index. That is NumPy's rule for elements met in ascending index past
/// every index held (a tie never replaces, nor does a NaN replace a NaN):
/// the folds of `argmax_axis` rows and of short lanes side by side.
/// `$spread` widens the mask to the indices' lanes.
macro_rules! blend_in {
    ($name:ident, $v:ident, $words:literal, $cmp:ident, $and:ident, $blend:ident,
     |$i:ident, $x:ident, $m:ident| $spread:block) => {
        /// See `blend_in!`.
        #[target_feature(enable = "avx")]
        #[inline]
        pub(super) fn $name<const MAX: bool>(
            w: &mut core::arch::x86_64::$v,
            $i: &mut [core::arch::x86_64::__m256d; $words],
            v: core::arch::x86_64::$v,
            $x: core::arch::x86_64::__m256d,
        ) {
            use core::arch::x86_64::*;
            let beyond = if MAX {
                $cmp::<_CMP_NGE_UQ>(*w, v)
            } else {
                $cmp::<_CMP_NLE_UQ>(*w, v)
            };
            let $m = $and(beyond, $cmp::<_CMP_ORD_Q>(*w, *w));
            *w = $blend(*w, v, $m);
            $spread
        }
    };
}

blend_in!(
    blend_in_f64,
    __m256d,
    1,
    _mm256_cmp_pd,
    _mm256_and_pd,
    _mm256_blendv_pd,
    |i, x, m| {
        i[0] = _mm256_blendv_pd(i[0], x, m);
    }
);
blend_in!(
    blend_in_f32,
    __m256,
    2,
    _mm256_cmp_ps,
    _mm256_and_ps,
    _mm256_blendv_ps,
    |i, x, m| {
        // Each 32-bit mask doubled to cover its 64-bit index (the blend reads
        // the top bit of each 64-bit lane): [m0 m0 m1 m1 | m4 m4 m5 m5] and
        // [m2 m2 m3 m3 | m6 m6 m7 m7], then their halves in order.
        let (lo, hi) = (_mm256_unpacklo_ps(m, m), _mm256_unpackhi_ps(m, m));
        let first = _mm256_castps_pd(_mm256_permute2f128_ps::<0x20>(lo, hi));
        let last = _mm256_castps_pd(_mm256_permute2f128_ps::<0x31>(lo, hi));
        i[0] = _mm256_blendv_pd(i[0], x, first);
        i[1] = _mm256_blendv_pd(i[1], x, last);
    }
);

/// Lanes along the axis of at most this many contiguous elements, side by
/// side in memory (`argmax_axis(1)` of a C array of a few columns: the
/// classes of a batch of scores; `max_axis(1)` of a few coordinates), are
/// folded several lanes at a time for `f64` and `f32` (see
/// `vector_lanes!`); longer ones one at a time (`argmax_axis`: an extreme
/// then a search; the extremes: vector loops). Measured at the twenty-fifth
/// stop (Intel VM, a probe, `argmax_axis(1)` of 10^6 random `f64` in lanes
/// of `n`, several lanes at a time against one at a time): n = 3 1.0
/// against 8.6 ms, 10 0.72 against 3.5-4.3, 32 0.77 against 1.7, 64 0.78
/// against 0.97.
pub(super) const ACROSS_UP_TO: usize = 64;

/// The extremes themselves (`max_axis`, `min_axis`) fold lanes side by side
/// up to this many elements: from 32 the vector loop of one lane at a time
/// (from 8 elements) was faster (a probe at the twenty-fifth stop,
/// `max_axis(1)` of 10^6 `f64` in lanes of `n`, side by side against one at
/// a time: n = 16 0.60 against 0.88 ms, 24 0.61 against 0.65, 32 0.66
/// against 0.57).
pub(super) const EXTREMES_UP_TO: usize = 24;

/// `lanes` lanes of `n` contiguous elements, the first from `s` and each
/// `sstep` after the one before: each one's extreme (`MAX` or the smallest,
/// NumPy's: the first NaN, else the first largest) written `ostep` apart
/// from `b` (`VALUES`) or its index (from 0) `ostep` apart from `k`; as many
/// lanes at a time as a vector has (see `vector_lanes!`). How many lanes
/// were done, from the first (the rest, fewer than a vector's lanes, are
/// the caller's).
///
/// # Safety
/// `T` is `f64` or `f32`, and the processor has AVX; `n` in
/// `1..=ACROSS_UP_TO`; for `l < lanes`, `s + l * sstep + j` a valid `T` for
/// shared reads for every `j < n`, and `b + l * ostep` (`VALUES`) or else
/// `k + l * ostep` valid for writes, distinct lanes distinct elements, none
/// of them an input element.
#[inline(always)]
pub(super) unsafe fn fold_lanes<T: Copy, const MAX: bool, const VALUES: bool>(
    (b, k): (*mut T, *mut usize),
    s: *const T,
    steps: (usize, isize, isize),
    n: usize,
) -> usize {
    // `T` is `f64` (tested) or else `f32`; the rest is the caller's promise.
    // SAFETY: as just said.
    unsafe {
        if typeid::of::<T>() == core::any::TypeId::of::<f64>() {
            lanes_f64::<MAX, VALUES>((b.cast(), k), s.cast(), steps, n)
        } else {
            lanes_f32::<MAX, VALUES>((b.cast(), k), s.cast(), steps, n)
        }
    }
}

/// Short lanes, `$lanes` at a time, each in one lane of a vector: element
/// `j` of each (`$gather`, one load per lane) is compared with the bests and
/// blended in by a mask, with `j` into the indices, as `argmax_axis` folds
/// rows (the lanes are walked from their first element in the order of the
/// walk, from index 0 up for `argmax_axis`, so that the same branch-free
/// rule is NumPy's: a tie never replaces, a NaN replaces a number; the
/// bests are then the scalar fold's values to the bit, the first NaN met or
/// the first extreme). For `argmax_axis` / `argmin_axis`
/// the indices are written, for `max_axis` / `min_axis` the bests (the
/// index blends, unused, are left out by the compiler). For `argmax_axis`, one
/// lane at a time, an extreme and then a search, waited on a chain of
/// comparisons and a branch on where the extreme lay, per lane:
/// `argmax_axis(1)` of 100 000 x 10 `f64` took 3.5-4.3 ms, now 0.72 (at
/// the twenty-fifth stop, the Intel VM, a probe; `sum_axis(1)` 0.57). Two
/// groups of lanes go side by side (1.28 ms, against 1.36 one group at a
/// time, while the bests were still made; the rest of the gain is from not
/// making them at all: the lanes are whole, and only their indices are
/// wanted). For `max_axis(1)` of 10^6
/// `f64` in lanes of `n`: n = 3 0.71-0.76 ms, 10 0.58 (one lane at a time,
/// the vector loop from 8 elements: 4.6 and 1.2 ms; ndarray's `fold_axis`
/// with `f64::max` 1.2-1.3 and 2.9-3.0).
macro_rules! vector_lanes {
    ($name:ident, $groups:ident, $t:ty, $lanes:literal, $gather:ident, $store:ident,
     $blend_in:ident, $words:literal) => {
        /// See `vector_lanes!`: `U` groups of `$lanes` lanes from lane `l`.
        ///
        /// # Safety
        /// The processor has AVX, [`fold_lanes`]' promises hold, and
        /// `l + U * $lanes` is at most its `lanes`.
        #[target_feature(enable = "avx")]
        #[inline]
        unsafe fn $groups<const MAX: bool, const VALUES: bool, const U: usize>(
            (b, k): (*mut $t, *mut usize),
            s: *const $t,
            (l, ostep, sstep): (usize, isize, isize),
            n: usize,
            x: &[core::arch::x86_64::__m256d; ACROSS_UP_TO],
        ) {
            use core::arch::x86_64::*;
            // Lanes `l..l + U * $lanes` (within the caller's), their
            // elements `0..n` (at most `ACROSS_UP_TO`), and their outputs
            // (the caller's promise).
            // SAFETY: as just said.
            unsafe {
                let p = lane_starts::<$t, $lanes, U>(s, l, sstep);
                let mut w = [$gather(&p[0], 0); U];
                for u in 1..U {
                    w[u] = $gather(&p[u], 0);
                }
                let mut i = [[_mm256_setzero_pd(); $words]; U];
                for (j, &x) in x.iter().enumerate().take(n).skip(1) {
                    for u in 0..U {
                        $blend_in::<MAX>(&mut w[u], &mut i[u], $gather(&p[u], j), x);
                    }
                }
                for u in 0..U {
                    if VALUES {
                        let mut bests = [0 as $t; $lanes];
                        $store(bests.as_mut_ptr(), w[u]);
                        put(b, l + u * $lanes, ostep, bests);
                        continue;
                    }
                    let mut at = [0usize; $lanes];
                    for (h, i) in i[u].iter().enumerate() {
                        _mm256_storeu_si256(
                            at.as_mut_ptr().add(4 * h).cast(),
                            _mm256_castpd_si256(*i),
                        );
                    }
                    put(k, l + u * $lanes, ostep, at);
                }
            }
        }

        /// See `vector_lanes!`.
        ///
        /// # Safety
        /// The processor has AVX, and [`fold_lanes`]' promises hold.
        #[target_feature(enable = "avx")]
        pub(super) unsafe fn $name<const MAX: bool, const VALUES: bool>(
            (b, k): (*mut $t, *mut usize),
            s: *const $t,
            (lanes, ostep, sstep): (usize, isize, isize),
            n: usize,
        ) -> usize {
            use core::arch::x86_64::*;
            // Each index of the lanes in all four 64-bit lanes of a vector.
            let mut x = [_mm256_setzero_pd(); ACROSS_UP_TO];
            for (j, x) in x.iter_mut().enumerate() {
                *x = _mm256_castsi256_pd(_mm256_set1_epi64x(j as i64));
            }
            // Groups of lanes from `l`, within `lanes` (`in_groups`), and
            // the caller's promises.
            // SAFETY: as just said.
            let two = |l| unsafe { $groups::<MAX, VALUES, 2>((b, k), s, (l, ostep, sstep), n, &x) };
            // SAFETY: as just said.
            let one = |l| unsafe { $groups::<MAX, VALUES, 1>((b, k), s, (l, ostep, sstep), n, &x) };
            in_groups(lanes, $lanes, two, one)
        }
    };
}

/// Element `j` of four lanes of `f64`, one from each of `p`.
///
/// # Safety
/// The processor has AVX, and `p[q] + j` is a valid `f64` for reads.
#[target_feature(enable = "avx")]
#[inline]
unsafe fn gather_f64(p: &[*const f64; 4], j: usize) -> core::arch::x86_64::__m256d {
    // SAFETY: the caller's promise.
    unsafe {
        core::arch::x86_64::_mm256_set_pd(*p[3].add(j), *p[2].add(j), *p[1].add(j), *p[0].add(j))
    }
}

/// Element `j` of eight lanes of `f32`, one from each of `p`.
///
/// # Safety
/// The processor has AVX, and `p[q] + j` is a valid `f32` for reads.
#[target_feature(enable = "avx")]
#[inline]
unsafe fn gather_f32(p: &[*const f32; 8], j: usize) -> core::arch::x86_64::__m256 {
    // SAFETY: the caller's promise.
    unsafe {
        core::arch::x86_64::_mm256_set_ps(
            *p[7].add(j),
            *p[6].add(j),
            *p[5].add(j),
            *p[4].add(j),
            *p[3].add(j),
            *p[2].add(j),
            *p[1].add(j),
            *p[0].add(j),
        )
    }
}

vector_lanes!(
    lanes_f64,
    groups_f64,
    f64,
    4,
    gather_f64,
    _mm256_storeu_pd,
    blend_in_f64,
    1
);
vector_lanes!(
    lanes_f32,
    groups_f32,
    f32,
    8,
    gather_f32,
    _mm256_storeu_ps,
    blend_in_f32,
    2
);

/// Sums of lanes side by side (`sum_axis`) up to this many elements: below
/// 16, the sum of one lane alone (`sum_run`, sixteen partial sums per
/// chunk of 16) adds its elements in order from zero, as the lanes side by
/// side do, so the bits are the same; from 16 it adds them in partial sums.
pub(super) const SUMS_UP_TO: usize = 15;

/// `lanes` lanes of `n` contiguous elements, the first from `s` and each
/// `sstep` after the one before: each output `ostep` apart from `b` plus the
/// sum of its lane, the elements added in order from zero (`sum_run`'s
/// bits for `n <= SUMS_UP_TO`), as many lanes at a time as a vector has
/// (see `vector_lane_sums!`). How many lanes were done, from the first (the
/// rest, fewer than a vector's lanes, are the caller's).
///
/// # Safety
/// `T` is `f64` or `f32`, and the processor has AVX; for `l < lanes`,
/// `s + l * sstep + j` a valid `T` for shared reads for every `j < n`, and
/// `b + l * ostep` valid for reads and writes, distinct lanes distinct
/// elements, none of them an input element.
#[inline(always)]
pub(super) unsafe fn sum_lanes<T: Copy>(
    b: *mut T,
    s: *const T,
    steps: (usize, isize, isize),
    n: usize,
) -> usize {
    // `T` is `f64` (tested) or else `f32`; the rest is the caller's promise.
    // SAFETY: as just said.
    unsafe {
        if typeid::of::<T>() == core::any::TypeId::of::<f64>() {
            sum_lanes_f64(b.cast(), s.cast(), steps, n)
        } else {
            sum_lanes_f32(b.cast(), s.cast(), steps, n)
        }
    }
}

/// Sums of short lanes, `$lanes` at a time, each in one lane of a vector:
/// element `j` of each (`$gather`) added in order from zero, then the
/// outputs (gathered the same way) plus those sums, as `sum_axis` adds one
/// lane's sum to its output. One lane at a time, `sum_axis(1)` of 10^6
/// `f64` in lanes of 3 took 2.2 ms against 1.1 for ndarray's `sum_axis`
/// (at the twenty-fifth stop, the Intel VM, a probe); lanes of 10 0.64
/// against 0.45.
macro_rules! vector_lane_sums {
    ($name:ident, $groups:ident, $t:ty, $lanes:literal, $gather:ident, $zero:ident, $add:ident,
     $store:ident) => {
        /// See `vector_lane_sums!`: `U` groups of `$lanes` lanes from lane
        /// `l`.
        ///
        /// # Safety
        /// The processor has AVX, [`sum_lanes`]' promises hold, and
        /// `l + U * $lanes` is at most its `lanes`.
        #[target_feature(enable = "avx")]
        #[inline]
        unsafe fn $groups<const U: usize>(
            b: *mut $t,
            s: *const $t,
            (l, ostep, sstep): (usize, isize, isize),
            n: usize,
        ) {
            use core::arch::x86_64::*;
            // Lanes `l..l + U * $lanes` (within the caller's), their
            // elements `0..n`, and their outputs (the caller's promise).
            // SAFETY: as just said.
            unsafe {
                let p = lane_starts::<$t, $lanes, U>(s, l, sstep);
                let mut w = [$zero(); U];
                for j in 0..n {
                    for u in 0..U {
                        w[u] = $add(w[u], $gather(&p[u], j));
                    }
                }
                let o = lane_starts::<$t, $lanes, U>(b.cast_const(), l, ostep);
                for u in 0..U {
                    let mut sums = [0 as $t; $lanes];
                    $store(sums.as_mut_ptr(), $add($gather(&o[u], 0), w[u]));
                    put(b, l + u * $lanes, ostep, sums);
                }
            }
        }

        /// See `vector_lane_sums!`.
        ///
        /// # Safety
        /// The processor has AVX, and [`sum_lanes`]' promises hold.
        #[target_feature(enable = "avx")]
        pub(super) unsafe fn $name(
            b: *mut $t,
            s: *const $t,
            (lanes, ostep, sstep): (usize, isize, isize),
            n: usize,
        ) -> usize {
            // Groups of lanes from `l`, within `lanes` (`in_groups`), and
            // the caller's promises.
            // SAFETY: as just said.
            let two = |l| unsafe { $groups::<2>(b, s, (l, ostep, sstep), n) };
            // SAFETY: as just said.
            let one = |l| unsafe { $groups::<1>(b, s, (l, ostep, sstep), n) };
            in_groups(lanes, $lanes, two, one)
        }
    };
}

vector_lane_sums!(
    sum_lanes_f64,
    sum_groups_f64,
    f64,
    4,
    gather_f64,
    _mm256_setzero_pd,
    _mm256_add_pd,
    _mm256_storeu_pd
);
vector_lane_sums!(
    sum_lanes_f32,
    sum_groups_f32,
    f32,
    8,
    gather_f32,
    _mm256_setzero_ps,
    _mm256_add_ps,
    _mm256_storeu_ps
);

#[cfg(test)]
mod tests {
    use super::{ACROSS_UP_TO, SUMS_UP_TO, lanes_f32, lanes_f64, sum_lanes_f32, sum_lanes_f64};
    use crate::kernel::arg::tests::draws;
    use crate::kernel::reduce::has_avx;

    /// NumPy's `argmax` / `argmin` of a lane: the first NaN, else the first
    /// largest (smallest).
    #[allow(clippy::eq_op)]
    fn naive<T: Copy + PartialOrd>(lane: &[T], max: bool) -> usize {
        let mut k = 0;
        for (j, &x) in lane.iter().enumerate() {
            let b = lane[k];
            if b != b {
                break;
            }
            if x != x || (max && x > b) || (!max && x < b) {
                k = j;
            }
        }
        k
    }

    /// One call of the four kernels of a type and extreme (indices and
    /// values of `f64`, then of `f32`), on `lanes` lanes of `n` elements
    /// `n + 1` apart, outputs `ostep` apart: what each wrote, and how many
    /// lanes each did.
    type Outputs = (Vec<usize>, Vec<f64>, Vec<usize>, Vec<f32>, [usize; 4]);

    fn run<const MAX: bool>(
        src: &[f64],
        src32: &[f32],
        (lanes, n, ostep): (usize, usize, usize),
    ) -> Outputs {
        let (mut k, mut b) = (
            vec![usize::MAX; lanes * ostep],
            vec![-7.0f64; lanes * ostep],
        );
        let (mut k32, mut b32) = (
            vec![usize::MAX; lanes * ostep],
            vec![-7.0f32; lanes * ostep],
        );
        let steps = (lanes, ostep as isize, n as isize + 1);
        let (no64, no32, nok) = (
            core::ptr::null_mut::<f64>(),
            core::ptr::null_mut::<f32>(),
            core::ptr::null_mut::<usize>(),
        );
        // The processor has AVX (the caller's test); `lanes` lanes of
        // `n <= ACROSS_UP_TO` elements, and outputs `ostep` apart for each
        // (the kernels write only the one they are asked for).
        // SAFETY: as just said.
        let done = unsafe {
            [
                lanes_f64::<MAX, false>((no64, k.as_mut_ptr()), src.as_ptr(), steps, n),
                lanes_f64::<MAX, true>((b.as_mut_ptr(), nok), src.as_ptr(), steps, n),
                lanes_f32::<MAX, false>((no32, k32.as_mut_ptr()), src32.as_ptr(), steps, n),
                lanes_f32::<MAX, true>((b32.as_mut_ptr(), nok), src32.as_ptr(), steps, n),
            ]
        };
        (k, b, k32, b32, done)
    }

    /// The kernels leave each lane's index and extreme as the naive scan, and
    /// each output plus the lane's sum in order from zero (up to 15):
    /// values from five (ties everywhere) with NaNs, 0 to 19 lanes (around
    /// one and two vectors' lanes, the rest left to the caller), every
    /// length up to the threshold, outputs one and two apart; the extremes'
    /// bits are the element's at that index (the first NaN's, the first
    /// extreme's). Under Miri only with AVX in the build (`.ci/run`).
    #[test]
    fn wide_lanes_match_the_naive_scan() {
        if !has_avx() {
            return;
        }
        let mut next = draws(0x3C6E_F372_FE94_F82Bu64);
        let (counts, lens): (Vec<usize>, Vec<usize>) = if cfg!(miri) {
            (vec![5, 17], vec![1, 3, 9])
        } else {
            ((0..20).collect(), (1..=ACROSS_UP_TO).collect())
        };
        let value = |r: u64| if r == 4 { f64::NAN } else { r as f64 - 1.5 };
        for &lanes in &counts {
            for &n in &lens {
                for ostep in [1usize, 2] {
                    let src: Vec<f64> = (0..lanes * (n + 1))
                        .map(|_| value(next(if n % 2 == 0 { 5 } else { 9 })))
                        .collect();
                    let src32: Vec<f32> = src.iter().map(|&v| v as f32).collect();
                    for max in [true, false] {
                        let (k, b, k32, b32, done) = if max {
                            run::<true>(&src, &src32, (lanes, n, ostep))
                        } else {
                            run::<false>(&src, &src32, (lanes, n, ostep))
                        };
                        let at = format!("{lanes} lanes of {n}, outputs {ostep} apart, max {max}");
                        let (whole, whole32) = (lanes / 4 * 4, lanes / 8 * 8);
                        assert_eq!(done, [whole, whole, whole32, whole32], "{at}");
                        for l in 0..lanes {
                            let lane = &src[l * (n + 1)..][..n];
                            let lane32 = &src32[l * (n + 1)..][..n];
                            let (want, want32) = (naive(lane, max), naive(lane32, max));
                            let o = l * ostep;
                            if l < whole {
                                assert_eq!(k[o], want, "f64 lane {l}, {at}");
                                assert_eq!(
                                    b[o].to_bits(),
                                    lane[want].to_bits(),
                                    "f64 lane {l}, {at}"
                                );
                            }
                            if l < whole32 {
                                assert_eq!(k32[o], want32, "f32 lane {l}, {at}");
                                assert_eq!(
                                    b32[o].to_bits(),
                                    lane32[want32].to_bits(),
                                    "f32 lane {l}, {at}"
                                );
                            }
                        }
                        if n <= SUMS_UP_TO {
                            // Values whose sums round, so that the order of
                            // the additions shows in the bits; no NaN (whose
                            // bits after an addition are not specified, and
                            // Miri gives any).
                            let src: Vec<f64> = src
                                .iter()
                                .enumerate()
                                .map(|(e, &v)| v.max(0.0) * 0.1 + (e as f64).sqrt())
                                .collect();
                            let src32: Vec<f32> = src.iter().map(|&v| v as f32).collect();
                            let (mut t, mut t32) =
                                (vec![0.5f64; lanes * ostep], vec![0.5f32; lanes * ostep]);
                            // As above: `lanes` lanes of `n` elements, and
                            // outputs `ostep` apart.
                            // SAFETY: as just said.
                            let done = unsafe {
                                let steps = (lanes, ostep as isize, n as isize + 1);
                                [
                                    sum_lanes_f64(t.as_mut_ptr(), src.as_ptr(), steps, n),
                                    sum_lanes_f32(t32.as_mut_ptr(), src32.as_ptr(), steps, n),
                                ]
                            };
                            assert_eq!(done, [whole, whole32], "{at}");
                            for l in 0..lanes {
                                let lane = &src[l * (n + 1)..][..n];
                                let lane32 = &src32[l * (n + 1)..][..n];
                                let o = l * ostep;
                                let sum = 0.5 + lane.iter().fold(0.0, |t, &x| t + x);
                                let sum32 = 0.5 + lane32.iter().fold(0.0, |t, &x| t + x);
                                if l < whole {
                                    assert_eq!(t[o].to_bits(), sum.to_bits(), "f64 sum {l}, {at}");
                                }
                                if l < whole32 {
                                    assert_eq!(
                                        t32[o].to_bits(),
                                        sum32.to_bits(),
                                        "f32 sum {l}, {at}"
                                    );
                                }
                            }
                            for e in 0..lanes * ostep {
                                let untouched = !e.is_multiple_of(ostep) || e / ostep >= whole;
                                let untouched32 = !e.is_multiple_of(ostep) || e / ostep >= whole32;
                                // (A written sum may be 0.5 too.)
                                assert!(!untouched || t[e] == 0.5, "{at}");
                                assert!(!untouched32 || t32[e] == 0.5, "{at}");
                            }
                        }
                        // Nothing written past the lanes done, nor between.
                        let untouched =
                            |e: usize, d: usize| !e.is_multiple_of(ostep) || e / ostep >= d;
                        for e in 0..lanes * ostep {
                            assert_eq!(k[e] == usize::MAX, untouched(e, whole), "{at}");
                            assert_eq!(b[e] == -7.0, untouched(e, whole), "{at}");
                            assert_eq!(k32[e] == usize::MAX, untouched(e, whole32), "{at}");
                            assert_eq!(b32[e] == -7.0, untouched(e, whole32), "{at}");
                        }
                    }
                }
            }
        }
    }
}
