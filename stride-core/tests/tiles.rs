//! The library's methods on random layouts wide enough to take the tiled
//! paths (two axes of 16 or more elements, 32 or more for 1- and 2-byte
//! elements, where the operands disagree on the fastest one), the register
//! transposes of every element size and the staged transposed inputs, against
//! naive loops. Every operand is drawn by kind, as in `kernel.rs`: C, F,
//! transposed, step slices, negative strides, broadcasts and windows (inputs),
//! size-1 and size-0 axes; integers compare exactly. Outputs are random unique
//! layouts, and what lies outside them stays untouched. Under Miri, fewer and
//! smaller cases (its tiles and bands are smaller too).

#[path = "support/layouts.rs"]
mod layouts;

use layouts::{Rng, by_index, indices, lane_start, shaped_layout, untouched_outside, values};
use stride_core::kernel::{Nest, Operands, Priority, Zip, tile_edge};
use stride_core::{Array, C, F, Layout, Strided, View, ViewMut};

const CASES: usize = if cfg!(miri) { 1 } else { 60 };

/// A shape of rank `R` with two random axes of `lo..=hi` elements and the
/// others of 1 to 3 (1 under Miri), and now and then an axis of 0.
fn wide_shape<const R: usize>(rng: &mut Rng, lo: usize, hi: usize) -> [usize; R] {
    let small = if cfg!(miri) { 1 } else { 3 };
    let mut shape: [usize; R] = core::array::from_fn(|_| 1 + rng.below(small) as usize);
    let a = rng.below(R as u64) as usize;
    let b = (a + 1 + rng.below(R as u64 - 1) as usize) % R;
    for k in [a, b] {
        shape[k] = lo + rng.below((hi - lo + 1) as u64) as usize;
    }
    if rng.below(12) == 0 {
        shape[rng.below(R as u64) as usize] = 0;
    }
    shape
}

/// A random input of exactly `shape` (any kind) over new data.
fn input<const R: usize>(rng: &mut Rng, shape: [usize; R]) -> (Layout<R>, Vec<i64>) {
    let (l, len) = shaped_layout::<R>(rng, shape, true);
    (l, values(len, rng))
}

fn wide<const R: usize>(rng: &mut Rng) {
    let (lo, hi) = if cfg!(miri) { (16, 17) } else { (16, 72) };
    let mut tiled = 0;
    for _ in 0..CASES {
        let shape = wide_shape::<R>(rng, lo, hi);
        let (la, da) = input(rng, shape);
        let (lb, db) = input(rng, shape);
        let a = View::from_slice(&da, la).unwrap();
        let b = View::from_slice(&db, lb).unwrap();
        let (ea, eb) = (by_index(&a), by_index(&b));
        let what = format!("{la:?} {lb:?}");
        // New arrays: copies in either order, map, zip_with, operators.
        let c = a.to_contiguous::<C>().unwrap();
        assert_eq!(c.as_slice(), ea.as_slice(), "C copy of {what}");
        let f = a.to_contiguous::<F>().unwrap();
        assert_eq!(by_index(&f.view()), ea, "F copy of {what}");
        let m = a.map(|&x| 3 * x - 1).unwrap();
        let want: Vec<i64> = ea.iter().map(|&x| 3 * x - 1).collect();
        assert_eq!(m.as_slice(), want.as_slice(), "map of {what}");
        let z = a.zip_with(&b, |x, y| x * 7 - y).unwrap();
        let zwant: Vec<i64> = ea.iter().zip(&eb).map(|(x, y)| x * 7 - y).collect();
        assert_eq!(z.as_slice(), zwant.as_slice(), "zip_with {what}");
        let s: Array<i64, R> = &a + &b;
        let swant: Vec<i64> = ea.iter().zip(&eb).map(|(x, y)| x + y).collect();
        assert_eq!(s.as_slice(), swant.as_slice(), "a + b: {what}");
        // Reductions: the whole and along each axis.
        assert_eq!(a.sum(), ea.iter().sum::<i64>(), "sum of {la:?}");
        let fd: Vec<f64> = da.iter().map(|&x| x as f64 * 0.37).collect();
        let fa = View::from_slice(&fd, la).unwrap();
        let (fs, fexact) = (fa.sum(), by_index(&fa).iter().sum::<f64>());
        // Any two summation orders of n terms: within 2 (n - 1) eps sum|x|.
        let bound = 2.0
            * (a.size().max(1) - 1) as f64
            * f64::EPSILON
            * fa.iter().map(|x| x.abs()).sum::<f64>();
        assert!(
            (fs - fexact).abs() <= bound,
            "f64 sum of {la:?}: {fs} vs {fexact}"
        );
        // Into a random unique output: assign, zip_with_into, the compound
        // operators, a scan along each axis, the zip.
        let (lo_, leno) = shaped_layout::<R>(rng, shape, false);
        // How the engine walks `out = f(a)`: tiled when they disagree on the
        // fastest axis and both of its two axes are long enough.
        let ops = Operands {
            shape,
            strides: [*lo_.strides(), *la.strides()],
            offsets: [lo_.offset(), la.offset()],
        };
        let plan = Nest::plan(&ops, Priority::Operand(0), tile_edge::<i64>());
        tiled += usize::from(plan.tiling().is_some());
        let mut od = values(leno, rng);
        let before = od.clone();
        {
            let mut out = ViewMut::<i64, R, Strided>::from_slice(&mut od, lo_).unwrap();
            let into = format!("{what} -> {lo_:?}");
            out.assign(&a).unwrap();
            assert_eq!(by_index(&out.view()), ea, "assign {into}");
            out.zip_with_into(&a, &b, |x, y| x * 7 - y).unwrap();
            assert_eq!(by_index(&out.view()), zwant, "zip_with_into {into}");
            out -= &b;
            out += &a;
            let upd: Vec<i64> = zwant
                .iter()
                .zip(ea.iter().zip(&eb))
                .map(|(z, (x, y))| z - y + x)
                .collect();
            assert_eq!(by_index(&out.view()), upd, "-= then += {into}");
            Zip::from(&mut out)
                .and(a)
                .unwrap()
                .and(b)
                .unwrap()
                .for_each(|o, &x, &y| *o = x - 2 * y);
            let zz: Vec<i64> = ea.iter().zip(&eb).map(|(x, y)| x - 2 * y).collect();
            assert_eq!(by_index(&out.view()), zz, "Zip {into}");
            for axis in 0..R {
                a.cumsum_into(axis as isize, &mut out).unwrap();
                let got = by_index(&out.view());
                for (k, idx) in indices(shape).into_iter().enumerate() {
                    let mut lane = idx;
                    let run: i64 = (0..=idx[axis])
                        .map(|j| {
                            lane[axis] = j;
                            a[lane]
                        })
                        .sum();
                    assert_eq!(got[k], run, "cumsum_into({axis}) {into} at {idx:?}");
                }
            }
        }
        untouched_outside(&lo_, &od, &before);
    }
    // The draws reach the tiles: five cases or more of the 60 at each rank.
    assert!(
        cfg!(miri) || 12 * tiled >= CASES,
        "rank {R}: {tiled} of {CASES} tiled"
    );
}

/// `sum_axis`, `max_axis`, `min_axis`, `argmax_axis` and `argmin_axis` of
/// wide random inputs along each axis (rows of the input folded eight at a
/// time into the output's), against the naive loop over each lane (integers:
/// exact), and `argmax` / `argmin` of the whole input (the first in C order).
fn wide_axis_sums<const R: usize, const Q: usize>(rng: &mut Rng)
where
    stride_core::Rank<R>: stride_core::RankSub<stride_core::Rank<1>, Output = stride_core::Rank<Q>>,
{
    let (lo, hi) = if cfg!(miri) { (16, 17) } else { (16, 72) };
    for _ in 0..CASES {
        let shape = wide_shape::<R>(rng, lo, hi);
        let (la, da) = input(rng, shape);
        let a = View::from_slice(&da, la).unwrap();
        let flat: Vec<i64> = a.iter().copied().collect();
        let first = |want: Option<&i64>| want.and_then(|w| flat.iter().position(|x| x == w));
        assert_eq!(a.argmax(), first(flat.iter().max()), "argmax of {la:?}");
        assert_eq!(a.argmin(), first(flat.iter().min()), "argmin of {la:?}");
        for axis in 0..R {
            let s: Array<i64, Q> = a.sum_axis(axis as isize).unwrap();
            let amx: Option<Array<usize, Q>> = a.argmax_axis(axis as isize).unwrap();
            let amn: Option<Array<usize, Q>> = a.argmin_axis(axis as isize).unwrap();
            let mx: Option<Array<i64, Q>> = a.max_axis(axis as isize).unwrap();
            let mn: Option<Array<i64, Q>> = a.min_axis(axis as isize).unwrap();
            assert_eq!(mx.is_none(), shape[axis] == 0);
            assert_eq!(mn.is_none(), shape[axis] == 0);
            for (o, idx) in indices(*s.shape()).into_iter().enumerate() {
                let mut full: [usize; R] = lane_start(idx, axis);
                let lane: Vec<i64> = (0..shape[axis])
                    .map(|j| {
                        full[axis] = j;
                        a[full]
                    })
                    .collect();
                assert_eq!(
                    s.as_slice()[o],
                    lane.iter().sum::<i64>(),
                    "sum_axis({axis}) of {la:?}"
                );
                if let (Some(mx), Some(mn)) = (&mx, &mn) {
                    let (hi, lo) = (lane.iter().max(), lane.iter().min());
                    assert_eq!(Some(&mx.as_slice()[o]), hi, "max_axis({axis}) of {la:?}");
                    assert_eq!(Some(&mn.as_slice()[o]), lo, "min_axis({axis}) of {la:?}");
                }
                if let (Some(amx), Some(amn)) = (&amx, &amn) {
                    let at = |w: Option<&i64>| w.and_then(|w| lane.iter().position(|x| x == w));
                    let (hi, lo) = (at(lane.iter().max()), at(lane.iter().min()));
                    assert_eq!(Some(amx.as_slice()[o]), hi, "argmax_axis({axis}) of {la:?}");
                    assert_eq!(Some(amn.as_slice()[o]), lo, "argmin_axis({axis}) of {la:?}");
                }
            }
        }
    }
}

/// The transposing copies of 1-, 2-, 4- and 8-byte elements (each has its own
/// register transpose), from random inputs into random unique outputs and into
/// new arrays of either order.
fn wide_copies<T, const R: usize>(rng: &mut Rng, make: impl Fn(i64) -> T)
where
    T: Copy + PartialEq + core::fmt::Debug + Default,
{
    // 1- and 2-byte elements tile from 32 elements a side.
    let (lo, hi) = match (cfg!(miri), size_of::<T>() <= 2) {
        (true, true) => (32, 33),
        (true, false) => (16, 17),
        (false, true) => (32, 96),
        (false, false) => (16, 72),
    };
    for _ in 0..CASES {
        let shape = wide_shape::<R>(rng, lo, hi);
        let (la, len) = shaped_layout::<R>(rng, shape, true);
        let data: Vec<T> = values(len, rng).into_iter().map(&make).collect();
        let a = View::from_slice(&data, la).unwrap();
        let want = by_index(&a);
        let f = a.to_contiguous::<F>().unwrap();
        assert_eq!(by_index(&f.view()), want, "F copy of {la:?}");
        let c = a.to_owned().unwrap();
        assert_eq!(c.as_slice(), want.as_slice(), "C copy of {la:?}");
        // `map` reads a transposed input through the staged tiles too.
        let m = a.map(|&x| x).unwrap();
        assert_eq!(by_index(&m.view()), want, "map of {la:?}");
        let (lo_, leno) = shaped_layout::<R>(rng, shape, false);
        let mut od = vec![T::default(); leno];
        let mut out = ViewMut::<T, R, Strided>::from_slice(&mut od, lo_).unwrap();
        out.assign(&a).unwrap();
        assert_eq!(by_index(&out.view()), want, "assign {la:?} -> {lo_:?}");
        let mut reached = vec![false; leno];
        for i in indices(shape) {
            reached[lo_.offset_of(i).unwrap()] = true;
        }
        assert!(
            od.iter()
                .zip(&reached)
                .all(|(x, &r)| r || *x == T::default()),
            "written outside {lo_:?}"
        );
    }
}

/// Ranks 2 and 3 (and 4 natively).
macro_rules! ranks_2_to_4 {
    ($f:ident, $rng:expr) => {
        $f::<2>($rng);
        $f::<3>($rng);
        if !cfg!(miri) {
            $f::<4>($rng);
        }
    };
}

fn copies_of<T>(rng: &mut Rng, make: impl Fn(i64) -> T + Copy)
where
    T: Copy + PartialEq + core::fmt::Debug + Default,
{
    wide_copies::<T, 2>(rng, make);
    wide_copies::<T, 3>(rng, make);
    if !cfg!(miri) {
        wide_copies::<T, 4>(rng, make);
    }
}

#[test]
fn wide_random_layouts_take_the_tiles_and_match_the_naive_loops() {
    let mut rng = Rng(0x7115_5EED_0000_0001);
    ranks_2_to_4!(wide, &mut rng);
    wide_axis_sums::<2, 1>(&mut rng);
    wide_axis_sums::<3, 2>(&mut rng);
}

#[test]
fn transposing_copies_of_every_element_size_on_random_layouts() {
    let mut rng = Rng(0x7115_5EED_0000_0002);
    copies_of(&mut rng, |x| x as u8);
    copies_of(&mut rng, |x| x as u16);
    copies_of(&mut rng, |x| x as f32);
    copies_of(&mut rng, |x| x as f64);
    // Not a plain number: the generic walk of the tiles (natively only; under
    // Miri the `i64` cases above walk the same code).
    if !cfg!(miri) {
        copies_of(&mut rng, |x| (x as u32, x as u32 ^ 7));
    }
}

/// `out = a + b.T` and `out += b.T` from 4 MiB of the transposed input on
/// stage it through the output or through bands (under Miri, from 2 KiB, so
/// the small cases take those paths too): random kinds for the inputs,
/// against the naive loop.
#[test]
fn staged_transposed_inputs_of_random_kinds() {
    let mut rng = Rng(0x7115_5EED_0000_0003);
    let (n, m, cases) = if cfg!(miri) {
        (24, 20, 2)
    } else {
        (760, 730, 4)
    };
    for _ in 0..cases {
        let (la, da) = input::<2>(&mut rng, [n, m]);
        let (lb, db) = input::<2>(&mut rng, [m, n]);
        let a = View::from_slice(&da, la).unwrap();
        let b = View::from_slice(&db, lb).unwrap();
        let bt = b.t();
        let want: Vec<i64> = indices([n, m])
            .into_iter()
            .map(|[i, j]| a[[i, j]] + 3 * b[[j, i]])
            .collect();
        let mut out = Array::<i64, 2>::zeros([n, m]).unwrap();
        out.view_mut()
            .zip_with_into(&a, &bt, |x, y| x + 3 * y)
            .unwrap();
        assert_eq!(out.as_slice(), want.as_slice(), "a + 3 b.T: {la:?} {lb:?}");
        let new = a.zip_with(&bt, |x, y| x + 3 * y).unwrap();
        assert_eq!(new.as_slice(), want.as_slice());
        // An update: out += b.T, out in a random unique layout.
        let (lo, leno) = shaped_layout::<2>(&mut rng, [n, m], false);
        let mut od = values(leno, &mut rng);
        let before = od.clone();
        let mut o = ViewMut::<i64, 2, Strided>::from_slice(&mut od, lo).unwrap();
        let start = by_index(&o.view());
        o += &bt;
        let got = by_index(&o.view());
        for (k, [i, j]) in indices([n, m]).into_iter().enumerate() {
            assert_eq!(
                got[k],
                start[k] + b[[j, i]],
                "+= b.T at {i} {j}: {lo:?} {lb:?}"
            );
        }
        untouched_outside(&lo, &od, &before);
    }
}

/// Interleaved channels into planes (HWC to CHW) and back (CHW to HWC), for
/// 1 to 5 channels of 1-, 2-, 4- and 8-byte elements (2 to 4 take the
/// byte-shuffle path where the CPU has SSSE3), widths that leave pixels after
/// the 16-byte steps, into a fresh array, into a given one, into one whose
/// channel axis runs backwards (RGB to BGR), from a stepped input (pixels two
/// apart: the element loop) and from a cropped one (rows that do not merge: a
/// call per row): every element against the naive index.
#[test]
fn channel_planes_of_interleaved_elements() {
    channel_planes::<u8>(|v| v as u8);
    channel_planes::<f32>(|v| v as f32);
    // Under Miri, bytes and 4-byte elements only: the kernels of every size
    // have their own unit test there, and `channel_staging_variants` takes
    // 2-byte elements through the walks.
    if !cfg!(miri) {
        channel_planes::<u16>(|v| v as u16);
        channel_planes::<f64>(|v| v as f64);
    }
}

fn channel_planes<T>(make: fn(usize) -> T)
where
    T: Copy + Default + PartialEq + core::fmt::Debug + 'static,
{
    let sizes: &[(usize, usize)] = if cfg!(miri) {
        &[(2, 19)]
    } else {
        &[(1, 1), (3, 17), (7, 33), (48, 64), (5, 101)]
    };
    for c in 1..=5usize {
        for &(h, w) in sizes {
            let img =
                Array::<T, 3>::from_fn([h, 2 * w, c], |[y, x, k]| make(y * 31 + x * 7 + k * 3))
                    .unwrap();
            let want = |k: usize, y: usize, x: usize, step: usize, first: usize| {
                make(y * 31 + (first + x * step) * 7 + k * 3)
            };
            // Step 1, step 2, and step 1 cropped to columns 1..2w - 1 (rows
            // that do not merge: one call per row).
            for (step, crop) in [(1isize, false), (2, false), (1, true)] {
                let (first, wid) = match (step, crop) {
                    (1, false) => (0, 2 * w),
                    (_, false) => (0, w),
                    _ => (1, 2 * w - 2),
                };
                let end = first + wid * step as usize;
                let v = img
                    .view()
                    .slice_axis(
                        1,
                        stride_core::Slice::new(Some(first as isize), Some(end as isize), step),
                    )
                    .unwrap();
                let chw = v.permute([2, 0, 1]).unwrap();
                let fresh = chw.to_owned().unwrap();
                let mut given = Array::<T, 3>::from_fn([c, h, wid], |_| T::default()).unwrap();
                given.assign(&chw).unwrap();
                let mut bgr = Array::<T, 3>::from_fn([c, h, wid], |_| T::default()).unwrap();
                bgr.view_mut().flip(0).unwrap().assign(&chw).unwrap();
                // `map` and `zip_with` read the pixels through planes staged
                // in a tile.
                let mapped = chw.map(|&x| x).unwrap();
                let zipped = chw.zip_with(
                    &given.view(),
                    |&x, &y| if x == y { x } else { T::default() },
                );
                assert_eq!(
                    mapped.as_slice(),
                    fresh.as_slice(),
                    "map ({c}, {h}, {w}, {step}, {crop})"
                );
                assert_eq!(
                    zipped.unwrap().as_slice(),
                    fresh.as_slice(),
                    "zip_with ({c}, {h}, {w}, {step}, {crop})"
                );
                for k in 0..c {
                    for y in 0..h {
                        for x in 0..wid {
                            let e = want(k, y, x, step as usize, first);
                            let at = (c, h, w, step, crop, k, y, x);
                            assert_eq!(fresh[[k, y, x]], e, "fresh {at:?}");
                            assert_eq!(given[[k, y, x]], e, "given {at:?}");
                            assert_eq!(bgr[[c - 1 - k, y, x]], e, "bgr {at:?}");
                        }
                    }
                }
                // Back to pixels: from the planes (contiguous), into a new
                // array, into a given one, and into the stepped or cropped
                // pixels of the image's shape (the output's rows apart); and
                // from the backward planes (BGR to RGB).
                let hwc = given.view().permute([1, 2, 0]).unwrap();
                let back = hwc.to_owned().unwrap();
                let mut into = Array::<T, 3>::from_fn([h, 2 * w, c], |_| T::default()).unwrap();
                let mut part = into
                    .view_mut()
                    .slice_axis(
                        1,
                        stride_core::Slice::new(Some(first as isize), Some(end as isize), step),
                    )
                    .unwrap();
                part.assign(&hwc).unwrap();
                let rgb = bgr
                    .view()
                    .flip(0)
                    .unwrap()
                    .permute([1, 2, 0])
                    .unwrap()
                    .to_owned()
                    .unwrap();
                // `map` and `zip_with` read the planes through interleaved
                // tiles (given as whole runs).
                let mapped = hwc.map(|&x| x).unwrap();
                let zipped =
                    hwc.zip_with(&back.view(), |&x, &y| if x == y { x } else { T::default() });
                assert_eq!(
                    mapped.as_slice(),
                    back.as_slice(),
                    "map back ({c}, {h}, {w}, {step}, {crop})"
                );
                assert_eq!(
                    zipped.unwrap().as_slice(),
                    back.as_slice(),
                    "zip_with back ({c}, {h}, {w}, {step}, {crop})"
                );
                for y in 0..h {
                    for x in 0..wid {
                        for k in 0..c {
                            let e = want(k, y, x, step as usize, first);
                            let at = (c, h, w, step, crop, k, y, x);
                            assert_eq!(back[[y, x, k]], e, "back {at:?}");
                            assert_eq!(rgb[[y, x, k]], e, "rgb {at:?}");
                            assert_eq!(into[[y, first + x * step as usize, k]], e, "into {at:?}");
                        }
                    }
                }
                // Pixels the stepped or cropped copy skips stay untouched.
                for y in 0..h {
                    for x in 0..2 * w {
                        let inside = x >= first && x < end && (x - first) % step as usize == 0;
                        if !inside {
                            for k in 0..c {
                                assert_eq!(
                                    into[[y, x, k]],
                                    T::default(),
                                    "skipped ({c}, {y}, {x}, {k})"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An element of the staging tests' images: pixel (`y`, `x`), channel `k`.
fn pixel(y: usize, x: usize, k: usize) -> u16 {
    (y * 131 + x * 7 + k * 3 + 1) as u16
}

/// The elementwise loops over interleaved channels read across them, staged
/// through tiles of planes or of pixels: into planes, with a broadcast
/// operand, into an output whose pixel axis runs backwards, through
/// `zip_assign`, from cropped images (a call per row) and a batch (4-D);
/// and back, from cropped planes (pixel runs that do not merge) through `map`,
/// `zip_with` (a broadcast operand: not staged) and `zip_assign`. Widths past
/// one tile (3000 pixels of 3 `u16` channels: a partial second tile; under
/// Miri, whose tiles are smaller, 100).
#[test]
fn channel_staging_variants() {
    // Under Miri the tiles hold 512 bytes: 100 pixels take two.
    let sizes: &[(usize, usize)] = if cfg!(miri) {
        &[(2, 21), (1, 100)]
    } else {
        &[(3, 70), (40, 300), (2, 3000), (1, 9000)]
    };
    for c in 2..=4usize {
        for &(h, w) in sizes {
            let per_chw = Array::<u16, 3>::from_fn([c, 1, 1], |[k, _, _]| 100 * k as u16).unwrap();
            let per_hwc = Array::<u16, 3>::from_fn([1, 1, c], |[_, _, k]| 100 * k as u16).unwrap();
            // Into planes.
            let img = Array::<u16, 3>::from_fn([h, w + 2, c], |[y, x, k]| pixel(y, x, k)).unwrap();
            for first in [0, 1] {
                let v = img
                    .view()
                    .slice_axis(
                        1,
                        stride_core::Slice::new(
                            Some(first as isize),
                            Some((first + w) as isize),
                            1,
                        ),
                    )
                    .unwrap();
                let chw = v.permute([2, 0, 1]).unwrap();
                let zb = chw.zip_with(&per_chw.view(), |&a, &b| a + b).unwrap();
                let mut rev = Array::<u16, 3>::from_fn([c, h, w], |_| 0).unwrap();
                rev.view_mut()
                    .flip(2)
                    .unwrap()
                    .zip_with_into(&chw, &per_chw.view(), |&a, &b| a + b)
                    .unwrap();
                let mut acc = Array::<u16, 3>::from_fn([c, h, w], |_| 5).unwrap();
                acc.view_mut().zip_assign(&chw, |&a, &b| a + b).unwrap();
                let flipped = chw.flip(2).unwrap().map(|&a| a).unwrap();
                for [k, y, x] in indices([c, h, w]) {
                    let e = pixel(y, x + first, k);
                    let at = (c, h, w, first, k, y, x);
                    assert_eq!(zb[[k, y, x]], e + 100 * k as u16, "zip, broadcast {at:?}");
                    assert_eq!(
                        rev[[k, y, w - 1 - x]],
                        e + 100 * k as u16,
                        "backwards {at:?}"
                    );
                    assert_eq!(acc[[k, y, x]], e + 5, "zip_assign {at:?}");
                    assert_eq!(flipped[[k, y, w - 1 - x]], e, "flipped input {at:?}");
                }
            }
            // Back into pixels, from cropped planes.
            let planes =
                Array::<u16, 3>::from_fn([c, h, w + 3], |[k, y, x]| pixel(y, x, k)).unwrap();
            let crop = planes
                .view()
                .slice_axis(
                    2,
                    stride_core::Slice::new(Some(1), Some((w + 1) as isize), 1),
                )
                .unwrap();
            let hwc = crop.permute([1, 2, 0]).unwrap();
            let m = hwc.map(|&v| v).unwrap();
            let ones = Array::<u16, 3>::from_fn([h, w, c], |_| 1).unwrap();
            let z = hwc.zip_with(&ones.view(), |&a, &b| a + b).unwrap();
            let zb = hwc.zip_with(&per_hwc.view(), |&a, &b| a + b).unwrap();
            let mut acc = Array::<u16, 3>::from_fn([h, w, c], |_| 5).unwrap();
            acc.view_mut().zip_assign(&hwc, |&a, &b| a + b).unwrap();
            for [y, x, k] in indices([h, w, c]) {
                let e = pixel(y, x + 1, k);
                let at = (c, h, w, y, x, k);
                assert_eq!(m[[y, x, k]], e, "map back {at:?}");
                assert_eq!(z[[y, x, k]], e + 1, "zip back {at:?}");
                assert_eq!(
                    zb[[y, x, k]],
                    e + 100 * k as u16,
                    "zip back, broadcast {at:?}"
                );
                assert_eq!(acc[[y, x, k]], e + 5, "zip_assign back {at:?}");
            }
        }
        // A batch of 3 images: NHWC as NCHW, and back.
        let (n, h, w) = (3, 2, if cfg!(miri) { 21 } else { 70 });
        let b = Array::<u16, 4>::from_fn([n, h, w, c], |[i, y, x, k]| pixel(y + i, x, k)).unwrap();
        let nchw = b.view().permute([0, 3, 1, 2]).unwrap().map(|&a| a).unwrap();
        let back = nchw
            .view()
            .permute([0, 2, 3, 1])
            .unwrap()
            .map(|&a| a)
            .unwrap();
        for [i, k, y, x] in indices([n, c, h, w]) {
            assert_eq!(
                nchw[[i, k, y, x]],
                pixel(y + i, x, k),
                "batch ({i}, {k}, {y}, {x})"
            );
        }
        assert_eq!(back.as_slice(), b.as_slice(), "batch back, {c} channels");
    }
}
