//! Integers' reductions along short lanes and rows: their extremes, where
//! they lie, and their sums over lanes side by side. Their order is total
//! (no NaN, no two equal values told apart), so NumPy's rules reduce to
//! plain comparisons. `max` is the larger of two, `argmax`
//! the first index of the largest, and an element met in ascending index
//! replaces the best only where it lies strictly beyond it: so the loops
//! here are branch-free selects the compiler vectorises. Each is built
//! twice (see [`twin!`]), the second time for AVX2, called where the
//! processor has it: SSE2 has no 64-bit comparison, and AVX2's vectors are
//! twice as wide. The float kernels keep their own loops (`vector_lanes!`,
//! `vector_arg_fold!`, `vector_extreme!`), which carry NumPy's NaN rule.

/// A function `$name` that runs `$body` (an `#[inline(always)]` function of
/// the same signature) compiled for AVX2 where the processor has it (and the
/// build does not already), and as built otherwise: the same operations on
/// the same elements either way. (A closure run inside one function built
/// for AVX2 was not inlined there, so not built for it: `argmax_axis(0)` of
/// 16 x 4096 `u8` took 44.6 us that way, 16.8 so.)
macro_rules! twin {
    (@emit [$($q:tt)*] $(#[$m:meta])* $vis:vis fn $name:ident
     [$($generics:tt)*] [$($names:tt)*] ($($a:ident: $t:ty),* $(,)?) $(-> $r:ty)? = $body:ident;) => {
        $(#[$m])*
        #[inline(always)]
        #[allow(unused_unsafe)]
        $vis $($q)* fn $name<$($generics)*>($($a: $t),*) $(-> $r)? {
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2")]
            #[allow(unused_unsafe)]
            $($q)* fn avx2<$($generics)*>($($a: $t),*) $(-> $r)? {
                // The caller's promises, where `$body` is unsafe.
                // SAFETY: as just said.
                unsafe { $body::<$($names)*>($($a),*) }
            }
            #[cfg(target_arch = "x86_64")]
            if !cfg!(target_feature = "avx2") && $crate::kernel::cpu::has_avx2() {
                // The processor has AVX2 (just tested), and the rest is the
                // caller's promise.
                // SAFETY: as just said.
                return unsafe { avx2::<$($names)*>($($a),*) };
            }
            // The caller's promises, where `$body` is unsafe.
            // SAFETY: as just said.
            unsafe { $body::<$($names)*>($($a),*) }
        }
    };
    ($(#[$m:meta])* $vis:vis unsafe fn $name:ident $($rest:tt)*) => {
        $crate::kernel::total::twin!(@emit [unsafe] $(#[$m])* $vis fn $name $($rest)*);
    };
    ($(#[$m:meta])* $vis:vis fn $name:ident $($rest:tt)*) => {
        $crate::kernel::total::twin!(@emit [] $(#[$m])* $vis fn $name $($rest)*);
    };
}
pub(super) use twin;

/// Whether `T` is a primitive integer: its `PartialOrd` a total order, every
/// comparison answered and equality identity.
#[inline(always)]
pub(super) fn total<T>() -> bool {
    use core::any::TypeId;
    let t = typeid::of::<T>();
    [
        TypeId::of::<i8>(),
        TypeId::of::<i16>(),
        TypeId::of::<i32>(),
        TypeId::of::<i64>(),
        TypeId::of::<isize>(),
        TypeId::of::<u8>(),
        TypeId::of::<u16>(),
        TypeId::of::<u32>(),
        TypeId::of::<u64>(),
        TypeId::of::<usize>(),
    ]
    .contains(&t)
}

/// Contiguous runs of at least this many elements take [`extreme`] (behind
/// a call, for AVX2); shorter ones the generic fold, inlined.
pub(super) const FROM: usize = 16;

/// Whether `v` lies strictly beyond `b`: above it (`MAX`) or below it.
#[inline(always)]
fn beyond<T: PartialOrd, const MAX: bool>(v: T, b: T) -> bool {
    if MAX { v > b } else { v < b }
}

twin! {
    /// The largest (`MAX`) or smallest element of `s` (at least one), for a
    /// total order (see [`total`]): one select per element, which the
    /// compiler turns into vector `max`/`min` (or compares and blends).
    pub(super) fn extreme[T: Copy + PartialOrd, const MAX: bool][T, MAX](s: &[T]) -> T
        = extreme_in;
}

/// See [`extreme`].
#[inline(always)]
fn extreme_in<T: Copy + PartialOrd, const MAX: bool>(s: &[T]) -> T {
    s.iter()
        .fold(s[0], |b, &v| if beyond::<T, MAX>(v, b) { v } else { b })
}

/// Elements per block of [`first_equal`]: a few vectors of any width.
const BLOCK: usize = 64;

twin! {
    /// The offset of the first element of `s` equal to `m`, for a total
    /// order: a block of [`BLOCK`] elements is tested whole (an `or` of
    /// equalities, vectorised), and only the block that holds one is
    /// searched element by element.
    pub(super) fn first_equal[T: Copy + PartialOrd][T](s: &[T], m: T) -> Option<usize>
        = first_equal_in;
}

/// See [`first_equal`].
#[inline(always)]
fn first_equal_in<T: Copy + PartialOrd>(s: &[T], m: T) -> Option<usize> {
    let mut t = 0;
    for c in s.chunks(BLOCK) {
        if c.iter().fold(false, |any, &v| any | (v == m)) {
            return c.iter().position(|&v| v == m).map(|i| t + i);
        }
        t += c.len();
    }
    None
}

/// One row `s`, all at index `at` along the axis, folded into the bests
/// `b` and their indices `k` (one each per element of the row): where an
/// element lies strictly beyond its best, it and `at` replace them. NumPy's
/// rule for a total order when `at` is at least every index held (the
/// caller's promise: the rows come in ascending index), as a tie never
/// replaces. Two selects per element, vectorised.
#[inline(always)]
fn fold_arg_row_in<T: Copy + PartialOrd, const MAX: bool>(
    b: &mut [T],
    k: &mut [usize],
    s: &[T],
    at: usize,
) {
    for ((b, k), &v) in b.iter_mut().zip(k.iter_mut()).zip(s) {
        let g = beyond::<T, MAX>(v, *b);
        *b = if g { v } else { *b };
        *k = if g { at } else { *k };
    }
}

/// Lanes along the axis of at most this many contiguous elements, side by
/// side in memory, go [`SIDE_BY_SIDE`] at a time through [`fold_lanes`]
/// (for their indices); longer ones one at a time. Measured at the
/// twenty-sixth stop (Intel VM, a probe, best of seven blocks,
/// `argmax_axis(1)` of 10^6 random integers in lanes of `n`, side by side
/// against one at a time, microseconds): `i64` n = 3 551 against 7599, 8
/// 402 against 3523, 16 394 against 2435, 32 394 against 1381, 64 407
/// against 872; `u8` 575 against 5084, 625 against 3136, 642 against 2167,
/// 625 against 907, 662 against 638; `i32` and `u16` between the two.
pub(super) const LANES_UP_TO: usize = 64;

/// The same for the extremes themselves (`max_axis`): longer lanes take
/// [`extreme`] one at a time. The same probe, `max_axis(1)`: `i64` n = 3
/// 491 against 2505, 16 379 against 765, 64 306 against 379; `u8` 411
/// against 2296, 16 316 against 414, 64 97 against 134.
pub(super) const EXTREMES_UP_TO: usize = 64;

/// Lanes this many at a time in [`fold_lanes`]: independent chains side by
/// side.
const SIDE_BY_SIDE: usize = 4;

twin! {
    /// `lanes` lanes of `n` (at least one) contiguous elements, the first
    /// from `s` and each `sstep` after the one before (`steps` is `(lanes,
    /// ostep, sstep)`): each one's extreme, for a total order, written
    /// `ostep` apart from `bk.0` (`VALUES`) or else its index (the first
    /// where it lies) `ostep` apart from `bk.1`; [`SIDE_BY_SIDE`] lanes at a
    /// time, each walked from its first element with one select per element
    /// and none waiting on another lane's. How many lanes were done, from
    /// the first (the rest, fewer than [`SIDE_BY_SIDE`], are the caller's).
    ///
    /// # Safety
    /// For `l < lanes`, `s + l * sstep + j` is a valid `T` for shared reads
    /// for every `j < n`, and `bk.0 + l * ostep` (`VALUES`) or else `bk.1 +
    /// l * ostep` is valid for writes; distinct lanes, distinct outputs,
    /// none of them an input element.
    pub(super) unsafe fn fold_lanes
        [T: Copy + PartialOrd, const MAX: bool, const VALUES: bool][T, MAX, VALUES](
        bk: (*mut T, *mut usize),
        s: *const T,
        steps: (usize, isize, isize),
        n: usize,
    ) -> usize = fold_lanes_in;
}

/// See [`fold_lanes`].
///
/// # Safety
/// As [`fold_lanes`].
#[inline(always)]
unsafe fn fold_lanes_in<T: Copy + PartialOrd, const MAX: bool, const VALUES: bool>(
    (b, k): (*mut T, *mut usize),
    s: *const T,
    (lanes, ostep, sstep): (usize, isize, isize),
    n: usize,
) -> usize {
    const L: usize = SIDE_BY_SIDE;
    let mut l = 0;
    while l + L <= lanes {
        // Lanes `l..l + L`, within the caller's.
        // SAFETY: as just said.
        let (p, mut w) = unsafe { lane_firsts::<T>(s, l, sstep) };
        let mut at = [0usize; L];
        for j in 1..n {
            for q in 0..L {
                // Element `j < n` of lane `q`.
                // SAFETY: as just said.
                let v = unsafe { *p[q].add(j) };
                let g = beyond::<T, MAX>(v, w[q]);
                w[q] = if g { v } else { w[q] };
                at[q] = if g { j } else { at[q] };
            }
        }
        for q in 0..L {
            let o = (l + q) as isize * ostep;
            // The outputs of lanes within the caller's.
            // SAFETY: as just said.
            unsafe {
                if VALUES {
                    b.offset(o).write(w[q]);
                } else {
                    k.offset(o).write(at[q]);
                }
            }
        }
        l += L;
    }
    l
}

/// The starts of the [`SIDE_BY_SIDE`] lanes from lane `l`, `sstep` apart
/// from `s`, and their first elements.
///
/// # Safety
/// Each of those lanes begins with a valid `T` for shared reads.
#[inline(always)]
unsafe fn lane_firsts<T: Copy>(
    s: *const T,
    l: usize,
    sstep: isize,
) -> ([*const T; SIDE_BY_SIDE], [T; SIDE_BY_SIDE]) {
    let p: [*const T; SIDE_BY_SIDE] = core::array::from_fn(|q| {
        // The caller's promise.
        // SAFETY: as just said.
        unsafe { s.offset((l + q) as isize * sstep) }
    });
    // The caller's promise.
    // SAFETY: as just said.
    (p, p.map(|p| unsafe { *p }))
}

twin! {
    /// `rows.0` input rows of `len` contiguous elements, `rows.1` apart from
    /// `s`, whose indices along the axis run from `at.0` by `at.1`, folded
    /// into `len` contiguous bests `b` and their indices `k` as
    /// [`fold_arg_row_in`] folds one row: eight rows per pass over the bests
    /// (each best and index loaded and stored once per eight rows, eight
    /// read streams), the rows left over one at a time.
    ///
    /// # Safety
    /// `b..b + len` and `k..k + len` valid for reads and writes; `s + r *
    /// rows.1 + j` a valid `T` for shared reads for `r < rows.0`, `j <
    /// len`, none of them in the bests or indices. (For the answer, not for
    /// soundness: every index in `k..k + len` is at most `at.0`, and `at.1
    /// >= 0`.)
    pub(super) unsafe fn fold_arg_rows[T: Copy + PartialOrd, const MAX: bool][T, MAX](
        b: *mut T,
        k: *mut usize,
        s: *const T,
        rows: (usize, isize),
        len: usize,
        at: (usize, isize),
    ) = fold_arg_rows_in;
}

/// See [`fold_arg_rows`].
///
/// # Safety
/// As [`fold_arg_rows`].
#[inline(always)]
unsafe fn fold_arg_rows_in<T: Copy + PartialOrd, const MAX: bool>(
    b: *mut T,
    k: *mut usize,
    s: *const T,
    (rows, stride): (usize, isize),
    len: usize,
    (at, dat): (usize, isize),
) {
    // The bests and indices, and row `r < rows` (the caller's promise).
    // SAFETY: as just said.
    let (b, k) = unsafe {
        (
            core::slice::from_raw_parts_mut(b, len),
            core::slice::from_raw_parts_mut(k, len),
        )
    };
    // SAFETY: as just said.
    let row = |r: usize| unsafe { core::slice::from_raw_parts(s.offset(r as isize * stride), len) };
    // Row `r`'s index along the axis.
    let index = |r: usize| (at as isize + r as isize * dat) as usize;
    let mut r = 0;
    while r + 8 <= rows {
        let ins: [&[T]; 8] = core::array::from_fn(|q| row(r + q));
        let x: [usize; 8] = core::array::from_fn(|q| index(r + q));
        for (j, (b, k)) in b.iter_mut().zip(k.iter_mut()).enumerate() {
            let (mut w, mut i) = (*b, *k);
            for q in 0..8 {
                let v = ins[q][j];
                let g = beyond::<T, MAX>(v, w);
                w = if g { v } else { w };
                i = if g { x[q] } else { i };
            }
            (*b, *k) = (w, i);
        }
        r += 8;
    }
    while r < rows {
        fold_arg_row_in::<T, MAX>(b, k, row(r), index(r));
        r += 1;
    }
}

/// Integer sums of lanes side by side (`sum_axis`) up to this many
/// elements of `T` (256 bytes, at most 64 elements); longer ones one at a
/// time (`sum_run`, vectorised along the lane). Measured at the
/// twenty-sixth stop (Intel VM, a probe, best of seven blocks,
/// `sum_axis(1)` of 10^6 random integers in lanes of `n`, side by side
/// against one at a time, microseconds): `i64` n = 3 659 against 1954, 10
/// 347 against 614, 32 315 against 306, 48 301 against 276; `i32` 10 241
/// against 531, 48 152 against 157, 64 147 against 139; `u8` 10 161
/// against 432, 48 61 against 124, 64 52 against 73 (`f64` by its own
/// loops: 397 at n = 10).
#[inline(always)]
pub(super) const fn sums_up_to<T>() -> usize {
    let n = 256 / size_of::<T>();
    if n < 64 { n } else { 64 }
}

twin! {
    /// `steps.0` lanes of `n` (at least one) contiguous integers, the first
    /// from `s` and each `steps.2` after the one before: each output
    /// `steps.1` apart from `b` plus (`add`) the sum of its lane, the
    /// elements added in order; [`SIDE_BY_SIDE`] lanes at a time, none
    /// waiting on another's additions. How many lanes were done, from the
    /// first (the rest, fewer than [`SIDE_BY_SIDE`], are the caller's).
    ///
    /// # Safety
    /// For `l < steps.0`, `s + l * steps.2 + j` is a valid `T` for shared
    /// reads for every `j < n`, and `b + l * steps.1` valid for reads and
    /// writes; distinct lanes, distinct outputs, none of them an input
    /// element.
    pub(super) unsafe fn sum_lanes[T: Copy, F: Fn(T, T) -> T][T, F](
        b: *mut T,
        s: *const T,
        steps: (usize, isize, isize),
        n: usize,
        add: &F,
    ) -> usize = sum_lanes_in;
}

/// See [`sum_lanes`].
///
/// # Safety
/// As [`sum_lanes`].
#[inline(always)]
unsafe fn sum_lanes_in<T: Copy, F: Fn(T, T) -> T>(
    b: *mut T,
    s: *const T,
    (lanes, ostep, sstep): (usize, isize, isize),
    n: usize,
    add: &F,
) -> usize {
    const L: usize = SIDE_BY_SIDE;
    let mut l = 0;
    while l + L <= lanes {
        // Lanes `l..l + L`, within the caller's.
        // SAFETY: as just said.
        let (p, mut acc) = unsafe { lane_firsts::<T>(s, l, sstep) };
        for j in 1..n {
            for q in 0..L {
                // Element `j < n` of lane `q`.
                // SAFETY: as just said.
                acc[q] = add(acc[q], unsafe { *p[q].add(j) });
            }
        }
        for (q, &a) in acc.iter().enumerate() {
            // The output of a lane within the caller's.
            // SAFETY: as just said.
            unsafe {
                let o = b.offset((l + q) as isize * ostep);
                *o = add(*o, a);
            }
        }
        l += L;
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws below `m` from a linear congruential generator seeded `x`.
    fn draws(mut x: u64) -> impl FnMut(u64) -> u64 {
        move |m| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % m
        }
    }

    /// Each kernel through [`twin!`] (its AVX2 build, where the processor
    /// has it and the build does not) against its plain body on the same
    /// data, and against the naive answer: the extremes, the first equal
    /// element, the row folds (one row, and 0 to 17 rows eight at a time),
    /// the lanes side by side (0 to 9 lanes of 1 to 70, outputs 1 and 3
    /// apart) and their sums into outputs that start non-zero.
    #[test]
    fn twins_match_their_plain_bodies() {
        fn check<T: Copy + PartialOrd + core::fmt::Debug + core::ops::Add<Output = T>>(
            of: fn(u64) -> T,
        ) {
            let mut draw = draws(11);
            // Under Miri (for soundness), one length, few lanes and rows.
            let miri = cfg!(miri);
            let lens: &[usize] = if miri {
                &[9]
            } else {
                &[1, 2, 7, 16, 63, 64, 65, 70]
            };
            for &n in lens {
                // Values 0 to 2 (ties everywhere, small sums), or any.
                for few in [true, false].into_iter().take(if miri { 1 } else { 2 }) {
                    let s: Vec<T> = (0..18 * n)
                        .map(|_| of(draw(if few { 3 } else { u64::MAX })))
                        .collect();
                    let row = &s[..n];
                    assert_eq!(extreme::<T, true>(row), extreme_in::<T, true>(row));
                    assert_eq!(extreme::<T, false>(row), extreme_in::<T, false>(row));
                    let m = row[n / 2];
                    assert_eq!(first_equal(row, m), first_equal_in(row, m));
                    assert_eq!(first_equal(row, m), row.iter().position(|&v| v == m));
                    let rows_list: &[usize] = if miri { &[9] } else { &[1, 7, 8, 9, 17] };
                    for &rows in rows_list {
                        let fold = |wide: bool| {
                            let (mut b, mut k) = (s[17 * n..].to_vec(), vec![0usize; n]);
                            // `rows` rows of `n` from `s`, into bests and
                            // indices of their own.
                            // SAFETY: as just said.
                            unsafe {
                                let (bp, kp, p) = (b.as_mut_ptr(), k.as_mut_ptr(), s.as_ptr());
                                if wide {
                                    fold_arg_rows::<T, true>(
                                        bp,
                                        kp,
                                        p,
                                        (rows, n as isize),
                                        n,
                                        (1, 1),
                                    );
                                } else {
                                    fold_arg_rows_in::<T, true>(
                                        bp,
                                        kp,
                                        p,
                                        (rows, n as isize),
                                        n,
                                        (1, 1),
                                    );
                                }
                            }
                            (b, k)
                        };
                        let (b, k) = fold(true);
                        assert_eq!(
                            (&b, &k),
                            (&fold(false).0, &fold(false).1),
                            "{rows} rows of {n}"
                        );
                        for j in 0..n {
                            // Row 17 (index 0) first, then rows 0.. (indices 1..).
                            let lane = core::iter::once(s[17 * n + j])
                                .chain((0..rows).map(|r| s[r * n + j]));
                            let mut best = (s[17 * n + j], 0);
                            for (i, v) in lane.enumerate() {
                                if v > best.0 {
                                    best = (v, i);
                                }
                            }
                            assert_eq!((b[j], k[j]), best, "{rows} rows of {n}, column {j}");
                        }
                    }
                    let lanes_list: &[usize] = if miri {
                        &[5, 9]
                    } else {
                        &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
                    };
                    for &lanes in lanes_list {
                        for ostep in [1isize, 3].into_iter().skip(usize::from(miri)) {
                            let outs = lanes * ostep as usize + 1;
                            let run = |wide: bool, values: bool| {
                                let (mut b, mut k) = (vec![of(1); outs], vec![usize::MAX; outs]);
                                let steps = (lanes, ostep, n as isize);
                                let bk = (b.as_mut_ptr(), k.as_mut_ptr());
                                // `lanes <= 9` lanes of `n` in `s` (18 of
                                // them), their outputs `ostep` apart in
                                // buffers of their own.
                                // SAFETY: as just said.
                                let done = unsafe {
                                    match (wide, values) {
                                        (true, true) => {
                                            fold_lanes::<T, true, true>(bk, s.as_ptr(), steps, n)
                                        }
                                        (true, false) => {
                                            fold_lanes::<T, true, false>(bk, s.as_ptr(), steps, n)
                                        }
                                        (false, true) => {
                                            fold_lanes_in::<T, true, true>(bk, s.as_ptr(), steps, n)
                                        }
                                        (false, false) => fold_lanes_in::<T, true, false>(
                                            bk,
                                            s.as_ptr(),
                                            steps,
                                            n,
                                        ),
                                    }
                                };
                                (done, b, k)
                            };
                            let (done, _, k) = run(true, false);
                            assert_eq!(done, lanes / SIDE_BY_SIDE * SIDE_BY_SIDE);
                            let (plain_done, _, plain_k) = run(false, false);
                            assert_eq!((done, &k), (plain_done, &plain_k));
                            let (_, vb, _) = run(true, true);
                            assert_eq!(vb, run(false, true).1);
                            for l in 0..outs {
                                let o = l / ostep as usize;
                                if l % ostep as usize != 0 || o >= done {
                                    // Nothing written outside the lanes done.
                                    assert_eq!((k[l], vb[l]), (usize::MAX, of(1)), "output {l}");
                                    continue;
                                }
                                let lane = &s[o * n..(o + 1) * n];
                                let at =
                                    (0..n).fold(0, |a, j| if lane[j] > lane[a] { j } else { a });
                                assert_eq!((k[l], vb[l]), (at, lane[at]), "lane {o} of {lanes}");
                            }
                            if !few {
                                continue;
                            }
                            // Sums (of values too few to overflow) into
                            // outputs that start at 1.
                            let sums = |wide: bool| {
                                let mut b = vec![of(1); outs];
                                let steps = (lanes, ostep, n as isize);
                                let add = |x: T, y: T| x + y;
                                // As for the extremes.
                                // SAFETY: as just said.
                                unsafe {
                                    if wide {
                                        sum_lanes(b.as_mut_ptr(), s.as_ptr(), steps, n, &add);
                                    } else {
                                        sum_lanes_in(b.as_mut_ptr(), s.as_ptr(), steps, n, &add);
                                    }
                                }
                                b
                            };
                            let b = sums(true);
                            assert_eq!(b, sums(false));
                            for o in 0..done {
                                let want = s[o * n..(o + 1) * n].iter().fold(of(1), |t, &v| t + v);
                                assert_eq!(b[o * ostep as usize], want, "sum of lane {o}");
                            }
                        }
                    }
                }
            }
        }
        check::<i64>(|x| x as i64);
        check::<u8>(|x| x as u8);
        if !cfg!(miri) {
            check::<i32>(|x| x as i32);
            check::<u64>(|x| x);
        }
    }
}
