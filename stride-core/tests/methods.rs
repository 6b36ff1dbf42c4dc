//! Library methods on random layouts that the loops of `kernel.rs` leave
//! out, against naive loops: operands of a lower rank or with axes of length
//! 1 that the methods broadcast themselves (operators, `zip_with`, `assign`,
//! `zip_assign`, `zip_with_into`, the compound operators of views and arrays),
//! zips of one to six parts, `split_at` of shared views, `astype`, `flatten`
//! in every order, floating-point products, means and `f32` axis reductions
//! and scans, the NaN-ignoring reductions, `for_each` over broadcasts and windows, and the fast paths of
//! views typed C or F. Integers compare exactly; the floating-point bounds
//! are stated where they are used.

#[macro_use]
#[path = "support/layouts.rs"]
mod layouts;

use layouts::{
    Rng, by_index, indices, lane_start, random_layout, shaped_layout, untouched_outside, values,
};
use stride_core::kernel::Zip;
use stride_core::{
    Array, C, F, Layout, Order, OrderMarker, Rank, RankMax, RankSub, Strided, View, ViewMut,
};

const CASES: usize = if cfg!(miri) { 3 } else { 200 };

/// A shape that broadcasts to `shape` from rank `Q` (NumPy's rule: aligned
/// on the last axes), each axis either `shape`'s or 1.
fn lower_shape<const R: usize, const Q: usize>(rng: &mut Rng, shape: [usize; R]) -> [usize; Q] {
    core::array::from_fn(|k| {
        let n = shape[R - Q + k];
        if rng.below(2) == 0 { 1 } else { n }
    })
}

/// The index into an operand of shape `small` (rank `Q`) that the element
/// at `idx` of the broadcast shape reads.
fn project<const R: usize, const Q: usize>(idx: [usize; R], small: [usize; Q]) -> [usize; Q] {
    core::array::from_fn(|k| if small[k] == 1 { 0 } else { idx[R - Q + k] })
}

/// Operands of rank `Q` (or with axes of length 1) broadcast by the methods
/// themselves to the shape of a random rank-`R` view.
fn broadcasts<const R: usize, const Q: usize>(rng: &mut Rng)
where
    Rank<R>: RankMax<Rank<Q>, Output = Rank<R>>,
    Rank<Q>: RankMax<Rank<R>, Output = Rank<R>>,
{
    for _ in 0..CASES {
        let (la, lena) = random_layout::<R>(rng, true);
        let shape = *la.shape();
        let da = values(lena, rng);
        let a = View::from_slice(&da, la).unwrap();
        let small = lower_shape::<R, Q>(rng, shape);
        let (lw, lenw) = shaped_layout::<Q>(rng, small, true);
        let dw = values(lenw, rng);
        let w = View::from_slice(&dw, lw).unwrap();
        let what = format!("{la:?} with {lw:?}");
        let pairs: Vec<(i64, i64)> = indices(shape)
            .into_iter()
            .map(|i| (a[i], w[project(i, small)]))
            .collect();
        let want = |f: fn(i64, i64) -> i64| pairs.iter().map(|&(x, y)| f(x, y)).collect::<Vec<_>>();
        // New arrays: the operators on either side, zip_with.
        let s = &a + &w;
        assert_eq!(by_index(&s.view()), want(|x, y| x + y), "a + w: {what}");
        let d = &w - &a;
        assert_eq!(by_index(&d.view()), want(|x, y| y - x), "w - a: {what}");
        let z = a.zip_with(&w, |x, y| 5 * x - y).unwrap();
        assert_eq!(
            by_index(&z.view()),
            want(|x, y| 5 * x - y),
            "zip_with: {what}"
        );
        let z2 = w.zip_with(&a, |y, x| y * 3 + x).unwrap();
        assert_eq!(
            by_index(&z2.view()),
            want(|x, y| y * 3 + x),
            "w.zip_with(a): {what}"
        );
        // Into a random unique output of the full shape.
        let (lo, leno) = shaped_layout::<R>(rng, shape, false);
        let mut od = values(leno, rng);
        let before = od.clone();
        {
            let mut out = ViewMut::<i64, R, Strided>::from_slice(&mut od, lo).unwrap();
            out.assign(&w).unwrap();
            assert_eq!(
                by_index(&out.view()),
                want(|_, y| y),
                "assign {what} -> {lo:?}"
            );
            out.zip_assign(&a, |o, x| 2 * o - x).unwrap();
            assert_eq!(by_index(&out.view()), want(|x, y| 2 * y - x), "zip_assign");
            out.zip_with_into(&w, &a, |y, x| y - 4 * x).unwrap();
            assert_eq!(
                by_index(&out.view()),
                want(|x, y| y - 4 * x),
                "zip_with_into"
            );
            out += &w;
            out *= &w;
            let upd = want(|x, y| (y - 4 * x + y) * y);
            assert_eq!(by_index(&out.view()), upd, "+= and *= {what} -> {lo:?}");
        }
        untouched_outside(&lo, &od, &before);
        // The compound operators of arrays, C and F: from a view of lower
        // rank, from an array, from a scalar.
        let mut c = a.to_owned().unwrap();
        let mut f = a.to_contiguous::<F>().unwrap();
        let wo = w.to_owned().unwrap();
        c -= &w;
        f -= &wo;
        c *= 3;
        f *= 3;
        let wf = w.to_contiguous::<F>().unwrap();
        c += &wf;
        f += &wf.view();
        let arr = want(|x, y| (x - y) * 3 + y);
        assert_eq!(by_index(&c.view()), arr, "C array -=, *=, +=: {what}");
        assert_eq!(by_index(&f.view()), arr, "F array -=, *=, +=: {what}");
        let c2 = c.clone();
        c %= &c2.view().map(|&x| x.abs().max(1)).unwrap();
        assert!(
            by_index(&c.view())
                .iter()
                .zip(&arr)
                .all(|(r, x)| *r == x % x.abs().max(1))
        );
    }
}

#[test]
fn methods_broadcast_lower_ranks_and_unit_axes() {
    let mut rng = Rng(0x00B2_0ADC_A575_0001);
    broadcasts::<0, 0>(&mut rng);
    broadcasts::<1, 0>(&mut rng);
    broadcasts::<1, 1>(&mut rng);
    broadcasts::<2, 1>(&mut rng);
    broadcasts::<2, 2>(&mut rng);
    broadcasts::<3, 1>(&mut rng);
    broadcasts::<3, 2>(&mut rng);
    broadcasts::<4, 2>(&mut rng);
    broadcasts::<4, 4>(&mut rng);
    broadcasts::<5, 3>(&mut rng);
    broadcasts::<6, 2>(&mut rng);
    broadcasts::<6, 6>(&mut rng);
}

/// Zips of one to six parts: a mutable first part (a random unique layout),
/// read-only parts broadcast from axes of length 1, a second mutable part.
fn zips<const R: usize>(rng: &mut Rng) {
    for _ in 0..CASES {
        let (lo, leno) = random_layout::<R>(rng, false);
        let shape = *lo.shape();
        let mut od = values(leno, rng);
        let before = od.clone();
        let ins: Vec<(Layout<R>, Vec<i64>)> = (0..3)
            .map(|_| {
                let small: [usize; R] = lower_shape::<R, R>(rng, shape);
                let (l, len) = shaped_layout::<R>(rng, small, true);
                (l, values(len, rng))
            })
            .collect();
        let v: Vec<View<'_, i64, R>> = ins
            .iter()
            .map(|(l, d)| View::from_slice(d, *l).unwrap())
            .collect();
        let at = |k: usize, i: [usize; R]| v[k][project(i, *v[k].shape())];
        let mut count = Array::<u32, R>::zeros(shape).unwrap();
        let want =
            |f: &dyn Fn([usize; R]) -> i64| indices(shape).into_iter().map(f).collect::<Vec<_>>();
        {
            let mut out = ViewMut::<i64, R, Strided>::from_slice(&mut od, lo).unwrap();
            Zip::from(&mut out).for_each(|o| *o = -*o);
            let neg: Vec<i64> = by_index(&out.view());
            Zip::from(&mut out)
                .and(v[0])
                .unwrap()
                .for_each(|o, &x| *o += x);
            let got = by_index(&out.view());
            assert_eq!(
                got,
                want(&|i| neg[flat(i, shape)] + at(0, i)),
                "2 parts, {lo:?}"
            );
            Zip::from(&mut out)
                .and(v[0])
                .unwrap()
                .and(v[1])
                .unwrap()
                .for_each(|o, &x, &y| *o = x - y);
            assert_eq!(
                by_index(&out.view()),
                want(&|i| at(0, i) - at(1, i)),
                "3 parts"
            );
            Zip::from(&mut out)
                .and(v[0])
                .unwrap()
                .and(v[1])
                .unwrap()
                .and(v[2])
                .unwrap()
                .and(&mut count)
                .unwrap()
                .for_each(|o, &x, &y, &z, c| {
                    *o = x * y - z;
                    *c += 1;
                });
            assert_eq!(
                by_index(&out.view()),
                want(&|i| at(0, i) * at(1, i) - at(2, i)),
                "5 parts"
            );
            let mut second = Array::<i64, R>::zeros(shape).unwrap();
            Zip::from(&mut out)
                .and(v[0])
                .unwrap()
                .and(v[1])
                .unwrap()
                .and(v[2])
                .unwrap()
                .and(&mut count)
                .unwrap()
                .and(&mut second)
                .unwrap()
                .for_each(|o, &x, &y, &z, c, s| {
                    *s = *o;
                    *o = x + y + z;
                    *c += 1;
                });
            assert_eq!(
                by_index(&out.view()),
                want(&|i| at(0, i) + at(1, i) + at(2, i)),
                "6 parts"
            );
            assert_eq!(
                by_index(&second.view()),
                want(&|i| at(0, i) * at(1, i) - at(2, i))
            );
        }
        assert!(
            count.iter().all(|&c| c == 2),
            "each index once per zip: {lo:?}"
        );
        untouched_outside(&lo, &od, &before);
    }
}

/// The position of `idx` in C order.
fn flat<const R: usize>(idx: [usize; R], shape: [usize; R]) -> usize {
    idx.iter().zip(&shape).fold(0, |acc, (&i, &n)| acc * n + i)
}

for_ranks!(
    0x003E_70D5_0000_0001 ^ 271, miri up to 4;
    zips_of_one_to_six_parts_match_the_naive_loops, zips
);

/// `split_at` of shared views (with Python's clamping of the position),
/// `astype`, `flatten` in every order, and `for_each` over any layout.
fn copies_and_splits<const R: usize>(rng: &mut Rng) {
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        let shape = *l.shape();
        let elems = by_index(&v);
        if R > 0 {
            let axis = rng.below(R as u64) as usize;
            let n = shape[axis] as isize;
            let i = rng.below(2 * n as u64 + 5) as isize - n - 2;
            let (x, y) = v.split_at(axis as isize, i).unwrap();
            let cut = if i < 0 { (n + i).max(0) } else { i.min(n) } as usize;
            assert_eq!(
                (x.shape()[axis], y.shape()[axis]),
                (cut, shape[axis] - cut),
                "{l:?} at {i}"
            );
            for idx in indices(*x.shape()) {
                assert_eq!(x[idx], v[idx]);
            }
            for idx in indices(*y.shape()) {
                let mut j = idx;
                j[axis] += cut;
                assert_eq!(y[idx], v[j], "{l:?} split at {i}");
            }
        }
        // astype: the values converted, in the view's logical order.
        let fl = v.astype::<f64>().unwrap();
        assert_eq!(
            by_index(&fl.view()),
            elems.iter().map(|&x| x as f64).collect::<Vec<_>>()
        );
        let narrow = v.astype::<i8>().unwrap();
        assert_eq!(
            by_index(&narrow.view()),
            elems.iter().map(|&x| x as i8).collect::<Vec<_>>()
        );
        // flatten: C is the logical order; F the logical order of the
        // reversed indices; A is F for an F-contiguous layout that is not C,
        // else C; K holds the same elements.
        let in_c = v.flatten(Order::C).unwrap();
        assert_eq!(in_c.as_slice(), elems.as_slice(), "flatten(C) of {l:?}");
        let mut rev = shape;
        rev.reverse();
        let in_f: Vec<i64> = indices(rev)
            .into_iter()
            .map(|mut i| {
                i.reverse();
                v[i]
            })
            .collect();
        assert_eq!(
            v.flatten(Order::F).unwrap().as_slice(),
            in_f.as_slice(),
            "flatten(F) of {l:?}"
        );
        let a_is_f = l.is_f_contiguous() && !l.is_c_contiguous();
        let in_a = if a_is_f { &in_f } else { &elems };
        assert_eq!(
            v.flatten(Order::A).unwrap().as_slice(),
            in_a.as_slice(),
            "flatten(A) of {l:?}"
        );
        let mut k = v.flatten(Order::K).unwrap().as_slice().to_vec();
        let mut sorted = elems.clone();
        k.sort();
        sorted.sort();
        assert_eq!(k, sorted, "flatten(K) of {l:?}");
        // for_each visits every element once, broadcasts and windows too.
        let mut seen = Vec::new();
        v.for_each(|&x| seen.push(x));
        seen.sort();
        assert_eq!(seen, sorted, "for_each over {l:?}");
    }
}

for_ranks!(
    0x003E_70D5_0000_0001 ^ 352, miri up to 4;
    splits_astype_flatten_and_for_each_match_the_naive_loops, copies_and_splits
);

/// Floating-point products, means, and `f32` axis reductions and scans.
///
/// Products of powers of two (and of +-1) are exact in any order while no
/// partial product leaves the exponent range: the factors here are +-2^k for
/// |k| <= 1, and the views hold at most 4096 elements (|exponent| <= 4096
/// would overflow `f64`), so only views of at most 900 (f64) and 100 (f32)
/// elements are compared. Means: within the sum's bound divided by n, plus
/// one rounding of the division (`eps |mean|`), doubled for the reference's
/// own rounding. Scans add along each lane in order: the same bits as the
/// sequential loop.
fn floats<const R: usize, const Q: usize>(rng: &mut Rng)
where
    Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
{
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        let raw = values(len, rng);
        let pow: Vec<f64> = raw
            .iter()
            .map(|&x| [1.0, -1.0, 2.0, 0.5, -0.5][x.rem_euclid(5) as usize])
            .collect();
        let pv = View::from_slice(&pow, l).unwrap();
        if pv.size() <= 900 {
            let want: f64 = pv.iter().product();
            assert_eq!(pv.product(), want, "f64 product of {l:?}");
        }
        let pow32: Vec<f32> = pow.iter().map(|&x| x as f32).collect();
        let pv32 = View::from_slice(&pow32, l).unwrap();
        if pv32.size() <= 100 {
            assert_eq!(
                pv32.product(),
                pv32.iter().product::<f32>(),
                "f32 product of {l:?}"
            );
        }
        let fd: Vec<f64> = raw.iter().map(|&x| x as f64 * 0.37).collect();
        let fv = View::from_slice(&fd, l).unwrap();
        let n = fv.size();
        match fv.mean() {
            None => assert_eq!(n, 0),
            Some(m) => {
                let exact = fv.iter().sum::<f64>() / n as f64;
                let abs: f64 = fv.iter().map(|x| x.abs()).sum();
                let bound = 2.0 * (n - 1) as f64 * f64::EPSILON * abs / n as f64
                    + 2.0 * f64::EPSILON * exact.abs();
                assert!(
                    (m - exact).abs() <= bound,
                    "f64 mean of {l:?}: {m} vs {exact}"
                );
            }
        }
        let gd: Vec<f32> = raw.iter().map(|&x| x as f32 * 0.37).collect();
        let gv = View::from_slice(&gd, l).unwrap();
        let shape = *l.shape();
        for axis in 0..R {
            let s: Array<f32, Q> = gv.sum_axis(axis as isize).unwrap();
            let m = gv.mean_axis::<Q>(axis as isize).unwrap();
            let len_axis = shape[axis];
            for (o, idx) in indices(*s.shape()).into_iter().enumerate() {
                let mut full: [usize; R] = lane_start(idx, axis);
                let (mut want, mut abs) = (0.0f32, 0.0f32);
                for j in 0..len_axis {
                    full[axis] = j;
                    want += gv[full];
                    abs += gv[full].abs();
                }
                // Any two orders of the lane's additions: 2 (n - 1) eps sum|x|.
                let bound = 2.0 * (len_axis.max(1) - 1) as f32 * f32::EPSILON * abs;
                let got = s.as_slice()[o];
                assert!(
                    (got - want).abs() <= bound,
                    "f32 sum_axis({axis}) of {l:?}: {got} vs {want}"
                );
                if let Some(m) = &m {
                    let exact = want / len_axis as f32;
                    let mb = bound / len_axis as f32 + 2.0 * f32::EPSILON * exact.abs();
                    let got = m.as_slice()[o];
                    assert!((got - exact).abs() <= mb, "f32 mean_axis({axis}) of {l:?}");
                }
            }
            // Scans: new arrays, into a random unique output and into an F
            // array, against the sequential running sums and products.
            let cs = gv.cumsum(axis as isize).unwrap();
            let cp = pv32.cumprod(axis as isize).unwrap();
            let (lo, leno) = shaped_layout::<R>(rng, shape, false);
            let mut od = vec![0.0f32; leno];
            let mut out = ViewMut::<f32, R, Strided>::from_slice(&mut od, lo).unwrap();
            gv.cumsum_into(axis as isize, &mut out).unwrap();
            let mut fout = Array::<f32, R, F>::zeros(shape).unwrap();
            pv32.cumprod_into(axis as isize, &mut fout.view_mut())
                .unwrap();
            for idx in indices(shape) {
                let mut lane = idx;
                let (mut sum, mut prod) = (0.0f32, 1.0f32);
                for j in 0..=idx[axis] {
                    lane[axis] = j;
                    sum = if j == 0 { gv[lane] } else { sum + gv[lane] };
                    prod = if j == 0 {
                        pv32[lane]
                    } else {
                        prod * pv32[lane]
                    };
                }
                assert_eq!(
                    cs[idx].to_bits(),
                    sum.to_bits(),
                    "f32 cumsum({axis}) of {l:?}"
                );
                assert_eq!(
                    out[idx].to_bits(),
                    sum.to_bits(),
                    "f32 cumsum_into({axis}) -> {lo:?}"
                );
                if idx[axis] < 100 {
                    assert_eq!(cp[idx].to_bits(), prod.to_bits(), "f32 cumprod({axis})");
                    assert_eq!(fout[idx].to_bits(), prod.to_bits(), "f32 cumprod_into F");
                }
            }
        }
        // The flat product scan, in C order.
        let flat = pv.cumprod_flat().unwrap();
        let mut acc = None::<f64>;
        for (k, &x) in pv.iter().enumerate().take(900) {
            let t = acc.map_or(x, |t| t * x);
            acc = Some(t);
            assert_eq!(flat[[k]].to_bits(), t.to_bits(), "cumprod_flat of {l:?}");
        }
    }
}

#[test]
fn float_products_means_and_f32_axis_methods_match_the_naive_loops() {
    let mut rng = Rng(0xF10A_7500_0000_0001);
    floats::<1, 0>(&mut rng);
    floats::<2, 1>(&mut rng);
    floats::<3, 2>(&mut rng);
    floats::<4, 3>(&mut rng);
    if !cfg!(miri) {
        floats::<5, 4>(&mut rng);
        floats::<6, 5>(&mut rng);
    }
}

/// Views whose type says C or F (an array's own view, and its sub-views
/// along the outermost axis, which start inside the buffer) take one run
/// from their offset: sums, products, folds, maps, in-place maps, fills,
/// `for_each` and copies, against the elements by index.
fn typed<const R: usize>(rng: &mut Rng) {
    for _ in 0..CASES {
        let (l, _) = random_layout::<R>(rng, false);
        let shape = *l.shape();
        let mut k = 0i64;
        let c = Array::<i64, R, C>::from_fn(shape, |_| {
            k += 1;
            (k * 37) % 101 - 50
        })
        .unwrap();
        let f = c.view().to_contiguous::<F>().unwrap();
        check_typed(&c.view());
        check_typed(&f.view());
        if R > 0 {
            // Past the first outer position: typed views that start inside
            // the buffer (axis 0 is C's outermost, the last axis F's).
            check_typed(&c.view().outer_range(1, shape[0] as isize).unwrap());
            check_typed(&f.view().outer_range(1, shape[R - 1] as isize).unwrap());
            let mut c3 = c.clone();
            c3.view_mut()
                .outer_range(1, shape[0] as isize)
                .unwrap()
                .map_inplace(|x| *x = -*x);
            for idx in indices(shape) {
                let x = c[idx];
                assert_eq!(c3[idx], if idx[0] >= 1 { -x } else { x }, "{idx:?}");
            }
        }
        let mut c2 = c.clone();
        let mut f2 = f.clone();
        c2.view_mut().map_inplace(|x| *x = 2 * *x + 1);
        f2.view_mut().map_inplace(|x| *x = 2 * *x + 1);
        let want: Vec<i64> = by_index(&c.view()).iter().map(|x| 2 * x + 1).collect();
        assert_eq!(by_index(&c2.view()), want);
        assert_eq!(by_index(&f2.view()), want);
        c2.view_mut().fill(4);
        f2.view_mut().fill(4);
        assert!(c2.iter().chain(f2.iter()).all(|&x| x == 4));
    }
}

fn check_typed<const R: usize, O: OrderMarker>(v: &View<'_, i64, R, O>) {
    let e = by_index(v);
    let shape = v.shape();
    assert_eq!(v.sum(), e.iter().sum::<i64>(), "{shape:?}");
    let signs: i64 = e.iter().map(|x| if x % 2 == 0 { 1 } else { -1 }).product();
    let fsign = v.fold(1i64, |a, x| a * if x % 2 == 0 { 1 } else { -1 });
    assert_eq!(fsign, signs);
    let m = v.map(|x| x - 3).unwrap();
    assert_eq!(
        by_index(&m.view()),
        e.iter().map(|x| x - 3).collect::<Vec<_>>()
    );
    let mut seen = Vec::new();
    v.for_each(|&x| seen.push(x));
    let mut sorted = e.clone();
    seen.sort();
    sorted.sort();
    assert_eq!(seen, sorted);
    let o = v.to_owned().unwrap();
    assert_eq!(o.as_slice(), e.as_slice());
}

for_ranks!(
    0x003E_70D5_0000_0001 ^ 567, miri up to 4;
    views_typed_c_or_f_take_their_fast_paths_and_match, typed
);

/// `concatenate` along each axis and `stack` at each position, of one to four
/// parts in random layouts (broadcasts and windows among them), against the
/// element each output index names in its part; and the errors.
fn joins<const R: usize, const Q: usize>(rng: &mut Rng)
where
    stride_core::Rank<R>: stride_core::RankAdd<stride_core::Rank<1>, Output = stride_core::Rank<Q>>,
{
    use stride_core::{LayoutError, concatenate, stack};
    for _ in 0..(CASES / 4).max(2) {
        let shape: [usize; R] = core::array::from_fn(|_| rng.below(4) as usize);
        let count = 1 + rng.below(4) as usize;
        let make = |rng: &mut Rng, shape: [usize; R]| {
            let (l, len) = shaped_layout::<R>(rng, shape, true);
            (l, values(len, rng))
        };
        // stack: parts of one shape, a new axis anywhere.
        let parts: Vec<_> = (0..count).map(|_| make(rng, shape)).collect();
        let views: Vec<View<'_, i64, R, Strided>> = parts
            .iter()
            .map(|(l, d)| View::from_slice(d, *l).unwrap())
            .collect();
        let at = rng.below(R as u64 + 1) as usize;
        let s = stack::<_, R, Q, _>(at as isize, &views).unwrap();
        // The same axis counted from the end of the result's, as NumPy's.
        assert_eq!(
            stack::<_, R, Q, _>(at as isize - Q as isize, &views).unwrap(),
            s
        );
        for idx in indices(*s.shape()) {
            let inner: [usize; R] = core::array::from_fn(|k| idx[if k < at { k } else { k + 1 }]);
            assert_eq!(s[idx], views[idx[at]][inner], "stack at {at} {idx:?}");
        }
        assert_eq!(s.shape()[at], count);
        if R == 0 {
            continue;
        }
        // concatenate: lengths along `axis` differ, the rest agree.
        let axis = rng.below(R as u64) as usize;
        let parts: Vec<_> = (0..count)
            .map(|_| {
                let mut sh = shape;
                sh[axis] = rng.below(4) as usize;
                make(rng, sh)
            })
            .collect();
        let views: Vec<View<'_, i64, R, Strided>> = parts
            .iter()
            .map(|(l, d)| View::from_slice(d, *l).unwrap())
            .collect();
        let c = concatenate(axis as isize, &views).unwrap();
        assert_eq!(concatenate(axis as isize - R as isize, &views).unwrap(), c);
        let total: usize = views.iter().map(|v| v.shape()[axis]).sum();
        assert_eq!(c.shape()[axis], total);
        for idx in indices(*c.shape()) {
            let (mut part, mut i) = (0, idx[axis]);
            while i >= views[part].shape()[axis] {
                i -= views[part].shape()[axis];
                part += 1;
            }
            let mut inner = idx;
            inner[axis] = i;
            assert_eq!(c[idx], views[part][inner], "concatenate on {axis} {idx:?}");
        }
        // A part that differs off the axis is named, with both lengths.
        let off = (axis + 1) % R;
        if R > 1 {
            let mut sh = shape;
            sh[off] += 1;
            let (l, d) = make(rng, sh);
            let mut bad = views.clone();
            bad.push(View::from_slice(&d, l).unwrap());
            assert_eq!(
                concatenate(axis as isize, &bad).unwrap_err(),
                LayoutError::JoinMismatch {
                    part: count,
                    axis: off,
                    expected: shape[off],
                    found: shape[off] + 1
                }
            );
        }
        assert_eq!(
            concatenate(R as isize, &views).unwrap_err(),
            LayoutError::AxisOutOfRange {
                axis: R as isize,
                rank: R
            }
        );
        assert_eq!(
            concatenate(-(R as isize) - 1, &views).unwrap_err(),
            LayoutError::AxisOutOfRange {
                axis: -(R as isize) - 1,
                rank: R
            }
        );
        assert_eq!(
            stack::<_, R, Q, _>(Q as isize, &views).unwrap_err(),
            LayoutError::AxisOutOfRange {
                axis: Q as isize,
                rank: Q
            }
        );
    }
    let none: [View<'_, i64, R, C>; 0] = [];
    assert_eq!(
        concatenate(0, &none).unwrap_err(),
        LayoutError::NothingToJoin
    );
    assert_eq!(
        stack::<_, R, Q, _>(0, &none).unwrap_err(),
        LayoutError::NothingToJoin
    );
}

#[test]
fn concatenate_and_stack_match_the_parts_on_random_layouts() {
    let mut rng = Rng(0x6a6f_696e);
    joins::<0, 1>(&mut rng);
    joins::<1, 2>(&mut rng);
    joins::<2, 3>(&mut rng);
    joins::<3, 4>(&mut rng);
    if !cfg!(miri) {
        joins::<4, 5>(&mut rng);
        joins::<5, 6>(&mut rng);
    }
}

/// `a @ b` for an `m x k` and a `k x n` (`Q` = 2) or `k` (`Q` = 1) operand
/// of random layouts, as `f(x)` numbers: the product of every kind against
/// the naive sum (integers exactly, floating point within `tol(k, |a||b|)`);
/// `dot_into` a random unique output leaves the rest of its buffer as it was.
fn products<T, const Q: usize>(rng: &mut Rng, f: fn(i64) -> T, close: fn(T, T, usize, f64) -> bool)
where
    T: Copy
        + core::fmt::Debug
        + num_traits::Zero
        + core::ops::Add<Output = T>
        + core::ops::Mul<Output = T>,
    T: Into<f64> + PartialEq,
    stride_core::Rank<Q>: stride_core::kernel::DotRank,
{
    use stride_core::LayoutError;
    for _ in 0..CASES {
        // Past matrixmultiply's register tiles (8 x 4 for f64, 8 x 8 for
        // f32) natively, so that its full-tile kernels and packing see the
        // odd layouts too; under Miri (its portable kernel) small.
        let big = if cfg!(miri) { 0 } else { 14 * rng.below(2) };
        let (m, k, n) = (
            (rng.below(6) + big) as usize,
            (rng.below(7) + big) as usize,
            (rng.below(6) + big) as usize,
        );
        let (la, lena) = shaped_layout::<2>(rng, [m, k], true);
        let bshape: [usize; Q] = core::array::from_fn(|q| if q == 0 { k } else { n });
        let (lb, lenb) = shaped_layout::<Q>(rng, bshape, true);
        let (da, db): (Vec<T>, Vec<T>) = (
            values(lena, rng).into_iter().map(f).collect(),
            values(lenb, rng).into_iter().map(f).collect(),
        );
        let a = View::from_slice(&da, la).unwrap();
        let b = View::from_slice(&db, lb).unwrap();
        let want = |idx: [usize; Q]| {
            let (mut s, mut abs) = (T::zero(), 0.0f64);
            for l in 0..k {
                let y = if Q == 2 {
                    b[core::array::from_fn(|q| if q == 0 { l } else { idx[1] })]
                } else {
                    b[core::array::from_fn(|_| l)]
                };
                let p = a[[idx[0], l]] * y;
                s = s + p;
                let pf: f64 = p.into();
                abs += pf.abs();
            }
            (s, abs)
        };
        let c = a.dot(&b).unwrap();
        let oshape: [usize; Q] = core::array::from_fn(|q| if q == 0 { m } else { n });
        assert_eq!(c.shape(), &oshape);
        for idx in indices(oshape) {
            let (w, abs) = want(idx);
            assert!(
                close(c[idx], w, k, abs),
                "{m}x{k} @ {bshape:?} at {idx:?}: {:?} against {w:?} ({la:?}, {lb:?})",
                c[idx]
            );
        }
        // Into an output of any unique layout.
        let (lo, leno) = shaped_layout::<Q>(rng, oshape, false);
        let before: Vec<i64> = values(leno, rng);
        let mut dout: Vec<T> = before.iter().copied().map(f).collect();
        a.dot_into(&b, &mut ViewMut::from_slice(&mut dout, lo).unwrap())
            .unwrap();
        let o = View::from_slice(&dout, lo).unwrap();
        for idx in indices(oshape) {
            let (w, abs) = want(idx);
            assert!(
                close(o[idx], w, k, abs),
                "into {lo:?} at {idx:?}: {:?} against {w:?}",
                o[idx]
            );
        }
        let mut reached = vec![false; leno];
        for i in indices(oshape) {
            reached[lo.offset_of(i).unwrap()] = true;
        }
        for (e, (x, y)) in dout.iter().zip(&before).enumerate() {
            assert!(
                reached[e] || *x == f(*y),
                "element {e} outside {lo:?} was written"
            );
        }
        // Inner lengths that differ, and an output of another shape.
        let (lbad, lenbad) = shaped_layout::<Q>(
            rng,
            core::array::from_fn(|q| if q == 0 { k + 1 } else { n }),
            false,
        );
        let dbad = vec![T::zero(); lenbad];
        let bad = View::from_slice(&dbad, lbad).unwrap();
        assert_eq!(
            a.dot(&bad).unwrap_err(),
            LayoutError::DotMismatch {
                left: k,
                right: k + 1
            }
        );
        let mut wrong = Array::<T, Q>::zeros(core::array::from_fn(|q| {
            oshape[q] + usize::from(q + 1 == Q)
        }))
        .unwrap();
        assert_eq!(
            a.dot_into(&b, &mut wrong.view_mut()).unwrap_err(),
            LayoutError::OutputShape {
                axis: Q - 1,
                expected: oshape[Q - 1],
                found: oshape[Q - 1] + 1
            }
        );
        // Vector by vector.
        let (lx, lenx) = shaped_layout::<1>(rng, [k], true);
        let dx: Vec<T> = values(lenx, rng).into_iter().map(f).collect();
        let x = View::from_slice(&dx, lx).unwrap();
        let row = a.index_axis::<1>(0, 0);
        if let Ok(row) = row {
            let (mut s, mut abs) = (T::zero(), 0.0f64);
            for l in 0..k {
                let p = row[[l]] * x[[l]];
                s = s + p;
                abs += Into::<f64>::into(p).abs();
            }
            let d = row.dot(&x).unwrap();
            assert!(close(d, s, k, abs), "{row:?} . {x:?}: {d:?} against {s:?}");
        }
    }
}

#[test]
fn matrix_products_match_the_naive_sums_on_random_layouts() {
    let mut rng = Rng(0x646f_7473);
    let exact = |x: i32, y: i32, _: usize, _: f64| x == y;
    products::<i32, 2>(&mut rng, |v| v as i32, exact);
    products::<i32, 1>(&mut rng, |v| v as i32, exact);
    // Integers are summed in order in every form: these products overflow
    // in no prefix, so a debug build (overflow checks on) gives the sum.
    let x =
        Array::<i32, 1>::from_vec([8], vec![i32::MAX, -i32::MAX, 0, 0, i32::MAX, 0, 0, 0]).unwrap();
    let ones = Array::<i32, 1>::ones([8]).unwrap();
    let row = x.view().into_shape::<2>([1, 8]).unwrap();
    assert_eq!(x.dot(&ones.view()), Ok(i32::MAX));
    assert_eq!(row.dot(&ones.view()).unwrap().as_slice(), &[i32::MAX]);
    assert_eq!(
        row.dot(&ones.view().into_shape::<2>([8, 1]).unwrap())
            .unwrap()
            .as_slice(),
        &[i32::MAX]
    );
    // Any order of summation of k products is within k ε Σ|a b| of the exact
    // sum (Higham's γ_k bound, to first order); the naive sum is within as
    // much again. The values are integers below 2^18 in size, so the f64
    // sums here are exact and the bound only matters for f32.
    fn within<T: Into<f64>>(eps: f64) -> impl Fn(T, T, usize, f64) -> bool {
        move |x, y, k, abs| (x.into() - y.into()).abs() <= 2.0 * k as f64 * eps * abs
    }
    products::<f64, 2>(
        &mut rng,
        |v| v as f64 * 0.5,
        |x, y, k, a| within::<f64>(f64::EPSILON)(x, y, k, a),
    );
    products::<f64, 1>(
        &mut rng,
        |v| v as f64 * 0.5,
        |x, y, k, a| within::<f64>(f64::EPSILON)(x, y, k, a),
    );
    products::<f32, 2>(
        &mut rng,
        |v| v as f32 * 0.25,
        |x, y, k, a| within::<f32>(f32::EPSILON as f64)(x, y, k, a),
    );
    products::<f32, 1>(
        &mut rng,
        |v| v as f32 * 0.25,
        |x, y, k, a| within::<f32>(f32::EPSILON as f64)(x, y, k, a),
    );
}

/// `x @ W` for a vector `x` of `k` and a `k x n` matrix `W`, both of random
/// layouts: against the naive sums (integers exactly, `f64` within `k` ε
/// Σ|x w|, twice over for the naive sum's own error); a vector of another
/// length is named with both lengths.
#[test]
fn vector_matrix_products_match_the_naive_sums_on_random_layouts() {
    use stride_core::LayoutError;
    fn run<T>(rng: &mut Rng, f: fn(i64) -> T, close: fn(T, T, usize, f64) -> bool)
    where
        T: Copy
            + core::fmt::Debug
            + num_traits::Zero
            + core::ops::Add<Output = T>
            + core::ops::Mul<Output = T>
            + Into<f64>,
    {
        for _ in 0..CASES {
            let big = if cfg!(miri) { 0 } else { 14 * rng.below(2) };
            let (k, n) = ((rng.below(7) + big) as usize, (rng.below(6) + big) as usize);
            let (lx, lenx) = shaped_layout::<1>(rng, [k], true);
            let (lw, lenw) = shaped_layout::<2>(rng, [k, n], true);
            let dx: Vec<T> = values(lenx, rng).into_iter().map(f).collect();
            let dw: Vec<T> = values(lenw, rng).into_iter().map(f).collect();
            let (x, w) = (
                View::from_slice(&dx, lx).unwrap(),
                View::from_slice(&dw, lw).unwrap(),
            );
            let y = x.dot(&w).unwrap();
            assert_eq!(y.shape(), &[n]);
            for j in 0..n {
                let (mut s, mut abs) = (T::zero(), 0.0f64);
                for l in 0..k {
                    let p = x[[l]] * w[[l, j]];
                    s = s + p;
                    abs += Into::<f64>::into(p).abs();
                }
                assert!(
                    close(y[[j]], s, k, abs),
                    "{lx:?} @ {lw:?} at {j}: {:?} against {s:?}",
                    y[[j]]
                );
            }
            let (lbad, lenbad) = shaped_layout::<1>(rng, [k + 1], false);
            let dbad = vec![T::zero(); lenbad];
            assert_eq!(
                View::from_slice(&dbad, lbad).unwrap().dot(&w).unwrap_err(),
                LayoutError::DotMismatch {
                    left: k + 1,
                    right: k
                }
            );
        }
    }
    let mut rng = Rng(0x7665_636d);
    run::<i32>(&mut rng, |v| v as i32, |x, y, _, _| x == y);
    run::<f64>(
        &mut rng,
        |v| v as f64 * 0.5,
        |x, y, k, abs| (x - y).abs() <= 2.0 * k as f64 * f64::EPSILON * abs,
    );
}

#[test]
fn complex_matrix_products_match_the_naive_sums_on_random_layouts() {
    use num_complex::Complex;
    fn run<F: num_traits::Float + core::fmt::Debug + Into<f64> + 'static>(rng: &mut Rng, eps: f64)
    where
        Complex<F>: stride_core::DType,
    {
        let z = |v: i64| {
            Complex::new(
                F::from(v).unwrap() * F::from(0.5).unwrap(),
                F::from(v % 7).unwrap(),
            )
        };
        for _ in 0..(CASES / 4).max(3) {
            let big = if cfg!(miri) { 0 } else { 14 * rng.below(2) };
            let (m, k, n) = (
                (rng.below(5) + big) as usize,
                (rng.below(5) + big) as usize,
                (rng.below(5) + big) as usize,
            );
            let (la, lena) = shaped_layout::<2>(rng, [m, k], true);
            let (lb, lenb) = shaped_layout::<2>(rng, [k, n], true);
            let da: Vec<Complex<F>> = values(lena, rng).into_iter().map(z).collect();
            let db: Vec<Complex<F>> = values(lenb, rng).into_iter().map(z).collect();
            let (a, b) = (
                View::from_slice(&da, la).unwrap(),
                View::from_slice(&db, lb).unwrap(),
            );
            let c = a.dot(&b).unwrap();
            for [i, j] in indices([m, n]) {
                let (mut s, mut abs) = (Complex::new(F::zero(), F::zero()), 0.0f64);
                for l in 0..k {
                    let p = a[[i, l]] * b[[l, j]];
                    s = s + p;
                    abs += Into::<f64>::into(p.norm());
                }
                let err: f64 = (c[[i, j]] - s).norm().into();
                // Each product and sum of complex numbers: a few roundings
                // of the parts, k of them (Higham's γ bound, generously).
                assert!(
                    err <= 4.0 * k as f64 * eps * abs,
                    "{m}x{k}x{n} at [{i}, {j}]: {:?} against {s:?}",
                    c[[i, j]]
                );
            }
        }
    }
    let mut rng = Rng(0x7a67_656d);
    run::<f64>(&mut rng, f64::EPSILON);
    run::<f32>(&mut rng, f32::EPSILON as f64);
}

/// `var`, `std`, `var_axis` and `std_axis` on random layouts (broadcasts
/// and windows too) against NumPy's two-pass formula in logical order.
fn variances<const R: usize, const Q: usize>(rng: &mut Rng)
where
    Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
    Rank<Q>: stride_core::RankAdd<Rank<1>, Output = Rank<R>>,
{
    // Both sides compute the mean and the squared deviations in some order:
    // each sum of n terms is within n ε of its terms' absolute sum (Higham's
    // γ_n, to first order), and a mean off by δ moves the squares by about
    // 2δ Σ|d|; the bound is a generous multiple of those.
    fn naive(xs: &[f64], ddof: f64) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let sq: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
        let abs: f64 = xs.iter().map(|x| x.abs()).sum();
        let bound = 8.0 * n * f64::EPSILON * (sq + abs * abs / n.max(1.0)) / (n - ddof).max(1.0);
        (sq / (n - ddof).max(0.0), bound)
    }
    // The same value, any NaN equal to any other (Miri gives NaNs random
    // signs and payloads, as IEEE allows).
    let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
    let close = |got: f64, (want, bound): (f64, f64)| {
        if want.is_finite() {
            (got - want).abs() <= bound
        } else {
            got.is_nan() == want.is_nan() && (want.is_nan() || got == want)
        }
    };
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        let d: Vec<f64> = values(len, rng).iter().map(|&x| x as f64 * 0.37).collect();
        let v = View::from_slice(&d, l).unwrap();
        let xs: Vec<f64> = v.iter().copied().collect();
        for ddof in [0.0, 1.0] {
            let got = v.var(ddof);
            let want = naive(&xs, ddof);
            assert!(close(got, want), "var({ddof}) of {l:?}: {got} vs {want:?}");
            assert!(same(v.std(ddof), got.sqrt()));
            for axis in 0..R {
                let va: Array<f64, Q> = v.var_axis(axis as isize, ddof).unwrap();
                let sa: Array<f64, Q> = v.std_axis(axis as isize, ddof).unwrap();
                let shape = *l.shape();
                for idx in indices(*va.shape()) {
                    let lane: Vec<f64> = (0..shape[axis])
                        .map(|k| v[lane_start::<R, Q>(idx, axis).map_with(axis, k)])
                        .collect();
                    let want = naive(&lane, ddof);
                    assert!(
                        close(va[idx], want),
                        "var_axis({axis}, {ddof}) of {l:?} at {idx:?}: {} vs {want:?}",
                        va[idx]
                    );
                    assert!(same(sa[idx], va[idx].sqrt()));
                }
            }
        }
    }
}

/// Element `k` along `axis` of the lane that starts at `start`.
trait AlongAxis {
    fn map_with(self, axis: usize, k: usize) -> Self;
}

impl<const R: usize> AlongAxis for [usize; R] {
    fn map_with(mut self, axis: usize, k: usize) -> Self {
        self[axis] = k;
        self
    }
}

#[test]
fn variances_match_numpys_two_pass_formula_on_random_layouts() {
    // NumPy: np.var([], ddof=-1) is 0.0; a NaN ddof gives NaN.
    let empty = Array::<f64, 1>::zeros([0]).unwrap();
    assert_eq!(empty.var(-1.0), 0.0);
    assert!(empty.var(0.0).is_nan());
    let two = Array::<f64, 1>::from_vec([2], vec![1.0, 3.0]).unwrap();
    assert!(two.var(f64::NAN).is_nan());
    assert_eq!(
        (two.var(0.0), two.var(1.0), two.var(2.0)),
        (1.0, 2.0, f64::INFINITY)
    );
    let mut rng = Rng(0x7661_7273);
    variances::<1, 0>(&mut rng);
    variances::<2, 1>(&mut rng);
    variances::<3, 2>(&mut rng);
    if !cfg!(miri) {
        variances::<4, 3>(&mut rng);
    }
}

/// `matmul` and `matmul_into` of stacks of matrices of ranks 2 to 6, equal
/// and mixed (batch axes aligned on the right), on random layouts (each batch
/// axis equal, or of length 1 or missing on either side and broadcast),
/// against the naive sums: `i64` exactly, `f64` within the bound of
/// `products`.
#[test]
fn stacked_matrix_products_match_the_naive_sums_on_random_layouts() {
    let mut rng = Rng(0x7374_6b73);
    stacks::<2, 2, 2>(&mut rng);
    stacks::<3, 3, 3>(&mut rng);
    stacks::<3, 2, 3>(&mut rng);
    stacks::<2, 4, 4>(&mut rng);
    if !cfg!(miri) {
        stacks::<4, 4, 4>(&mut rng);
        stacks::<4, 3, 4>(&mut rng);
        stacks::<5, 5, 5>(&mut rng);
        stacks::<6, 6, 6>(&mut rng);
        stacks::<6, 2, 6>(&mut rng);
        stacks::<3, 5, 5>(&mut rng);
    }
}

/// `a` (rank `R`) `@ b` (rank `Q`) giving rank `S`.
fn stacks<const R: usize, const Q: usize, const S: usize>(rng: &mut Rng)
where
    Rank<R>: stride_core::kernel::MatmulRank + RankMax<Rank<Q>, Output = Rank<S>>,
    Rank<Q>: stride_core::kernel::MatmulRank,
{
    use stride_core::LayoutError;
    for _ in 0..CASES {
        let big = if cfg!(miri) { 0 } else { 10 * rng.below(2) };
        let (m, k, n) = (
            (rng.below(5) + big) as usize,
            (rng.below(5) + big) as usize,
            (rng.below(5) + big) as usize,
        );
        // Batch axes of 0 to 3 (to 2 past rank 3), equal or one side 1; an
        // operand of the smaller rank has only the last ones.
        let most = if S > 3 { 3 } else { 4 };
        let (mut sa, mut sb, mut want) = ([0usize; R], [0usize; Q], [0usize; S]);
        for (q, w) in want.iter_mut().enumerate().take(S - 2) {
            let len = rng.below(most) as usize;
            let (x, y) = match rng.below(3) {
                0 => (len, len),
                1 => (1, len),
                _ => (len, 1),
            };
            *w = len;
            // Where one operand has no such axis, the other's length stands.
            match ((q + R).checked_sub(S), (q + Q).checked_sub(S)) {
                (Some(qa), Some(qb)) => (sa[qa], sb[qb]) = (x, y),
                (Some(qa), None) => sa[qa] = len,
                (None, Some(qb)) => sb[qb] = len,
                (None, None) => unreachable!("the larger rank is S"),
            }
        }
        (sa[R - 2], sa[R - 1], sb[Q - 2], sb[Q - 1]) = (m, k, k, n);
        (want[S - 2], want[S - 1]) = (m, n);
        let (la, lena) = shaped_layout::<R>(rng, sa, true);
        let (lb, lenb) = shaped_layout::<Q>(rng, sb, true);
        let (da, db) = (values(lena, rng), values(lenb, rng));
        let (a, b) = (
            View::from_slice(&da, la).unwrap(),
            View::from_slice(&db, lb).unwrap(),
        );
        let c: Array<i64, S> = a.matmul(&b).unwrap();
        assert_eq!(c.shape(), &want);
        let fa: Vec<f64> = da.iter().map(|&x| x as f64 * 0.37).collect();
        let fb: Vec<f64> = db.iter().map(|&x| x as f64 * 0.37).collect();
        let (fav, fbv) = (
            View::from_slice(&fa, la).unwrap(),
            View::from_slice(&fb, lb).unwrap(),
        );
        let fc: Array<f64, S> = fav.matmul(&fbv).unwrap();
        // And into a random unique output, whose other elements stay.
        let (lo, leno) = shaped_layout::<S>(rng, want, false);
        let before: Vec<i64> = values(leno, rng);
        let mut dout = before.clone();
        a.matmul_into(&b, &mut ViewMut::from_slice(&mut dout, lo).unwrap())
            .unwrap();
        let o = View::from_slice(&dout, lo).unwrap();
        let mut reached = vec![false; leno];
        for idx in indices(want) {
            // Element `l` of row `i` of `a`'s matrix and of column `j` of
            // `b`'s, each batch index the output's last ones, 0 where the
            // operand's axis broadcasts.
            let ia: [usize; R] = core::array::from_fn(|q| match q {
                _ if q == R - 2 => idx[S - 2],
                _ if q == R - 1 => 0,
                _ if sa[q] == 1 => 0,
                _ => idx[q + S - R],
            });
            let ib: [usize; Q] = core::array::from_fn(|q| match q {
                _ if q == Q - 1 => idx[S - 1],
                _ if q == Q - 2 => 0,
                _ if sb[q] == 1 => 0,
                _ => idx[q + S - Q],
            });
            let at = |mut i: [usize; R], l: usize| {
                i[R - 1] = l;
                i
            };
            let bt = |mut i: [usize; Q], l: usize| {
                i[Q - 2] = l;
                i
            };
            let want_i: i64 = (0..k).map(|l| a[at(ia, l)] * b[bt(ib, l)]).sum();
            assert_eq!(c[idx], want_i, "{la:?} @ {lb:?} at {idx:?}");
            assert_eq!(o[idx], want_i, "{la:?} @ {lb:?} into {lo:?} at {idx:?}");
            reached[lo.offset_of(idx).unwrap()] = true;
            let prods = (0..k).map(|l| fav[at(ia, l)] * fbv[bt(ib, l)]);
            let (exact, abs) = prods.fold((0.0f64, 0.0f64), |(s, a), p| (s + p, a + p.abs()));
            assert!((fc[idx] - exact).abs() <= 2.0 * k as f64 * f64::EPSILON * abs);
        }
        for (e, (x, y)) in dout.iter().zip(&before).enumerate() {
            assert!(
                reached[e] || x == y,
                "element {e} outside {lo:?} was written"
            );
        }
        // Inner lengths that differ, batch axes that do not broadcast, and an
        // output of another shape.
        let mut sk = sb;
        sk[Q - 2] = k + 1;
        let (lk, lenk) = shaped_layout::<Q>(rng, sk, false);
        let dk = vec![0i64; lenk];
        let bad: Result<Array<i64, S>, _> = a.matmul(&View::from_slice(&dk, lk).unwrap());
        assert_eq!(
            bad.unwrap_err(),
            LayoutError::DotMismatch {
                left: k,
                right: k + 1
            }
        );
        if let Some(q) = (0..S - 2).find(|&q| {
            let (qa, qb) = ((q + R).checked_sub(S), (q + Q).checked_sub(S));
            matches!((qa, qb), (Some(qa), Some(qb)) if sa[qa] > 1 && sb[qb] == 1)
        }) {
            let mut sc = sb;
            sc[q + Q - S] = want[q] + 1;
            let (lc, lenc) = shaped_layout::<Q>(rng, sc, false);
            let dc = vec![0i64; lenc];
            let bad: Result<Array<i64, S>, _> = a.matmul(&View::from_slice(&dc, lc).unwrap());
            assert_eq!(
                bad.unwrap_err(),
                LayoutError::ShapesMismatch {
                    axis: q,
                    first: want[q],
                    second: want[q] + 1
                }
            );
        }
        let mut wrong = want;
        wrong[S - 1] += 1;
        let mut dw = vec![0i64; wrong.iter().product()];
        let lw = Layout::<S, C>::c(wrong).unwrap();
        assert_eq!(
            a.matmul_into(&b, &mut ViewMut::from_slice(&mut dw, lw).unwrap())
                .unwrap_err(),
            LayoutError::OutputShape {
                axis: S - 1,
                expected: n,
                found: n + 1
            }
        );
    }
}

/// Long `f32` sums, dot products, means and variances of data far from 0
/// (10⁴ plus eighths), contiguous and every other element: pairwise over
/// pieces of 4096 elements
/// (`PAIRWISE_RUN`), a sum of n elements is within (256 + log2 n) ε of its
/// absolute sum (Higham, pairwise summation), so the mean is within δ = 280 ε
/// |mean| and the variance within δ² plus 2 × 280 ε of itself. The data's
/// exact sums are integers times 1/8 below 2^40, exact in `f64`.
#[test]
fn long_float_sums_are_pairwise_and_variances_keep_their_accuracy() {
    // Under Miri just past one split (the pairwise recursion's pointer
    // arithmetic), natively four million elements.
    let n: usize = if cfg!(miri) { 4_500 } else { 1 << 22 };
    let data: Vec<f32> = (0..n)
        .map(|k| 10_000.0 + ((k * 7919) % 13) as f32 * 0.125 - 0.75)
        .collect();
    let eps = f32::EPSILON as f64;
    let rounds = 256.0 + (n as f64).log2();
    for step in [1usize, 2] {
        let xs: Vec<f64> = data.iter().step_by(step).map(|&x| x as f64).collect();
        let m = xs.len() as f64;
        let exact_sum: f64 = xs.iter().sum();
        let mean = exact_sum / m;
        let exact_var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / m;
        let v = View::from_slice(&data, Layout::c([n]).unwrap().strided())
            .unwrap()
            .slice([stride_core::Slice::step_by(step as isize)])
            .unwrap();
        let sum = v.sum() as f64;
        assert!(
            (sum - exact_sum).abs() <= rounds * eps * exact_sum,
            "step {step}: sum {sum} against {exact_sum}"
        );
        // A dot product with ones adds the same numbers, pairwise too.
        let ones = vec![1.0f32; v.size()];
        let dot =
            v.dot(&View::from_slice(&ones, Layout::c([v.size()]).unwrap().strided()).unwrap());
        let dot = dot.unwrap() as f64;
        assert!(
            (dot - exact_sum).abs() <= rounds * eps * exact_sum,
            "step {step}: dot {dot} against {exact_sum}"
        );
        let delta = rounds * eps * mean;
        let var = v.var(0.0) as f64;
        assert!(
            (var - exact_var).abs() <= delta * delta + 2.0 * rounds * eps * exact_var,
            "step {step}: var {var} against {exact_var}"
        );
    }
}

/// `select` and `compress` along every axis of random layouts of ranks 1 to
/// 6 (positions in any order, repeated, negative, none), against the naive
/// gather `out[.., k, ..] = a[.., picks[k], ..]`; and `indexed_iter` /
/// `indexed_iter_mut` against `iter` paired with the C-order indices.
#[test]
fn selections_match_the_naive_gathers_on_random_layouts() {
    let mut rng = Rng(0x7365_6c65);
    selections::<1>(&mut rng);
    selections::<2>(&mut rng);
    selections::<3>(&mut rng);
    if !cfg!(miri) {
        selections::<4>(&mut rng);
        selections::<5>(&mut rng);
        selections::<6>(&mut rng);
    }
}

fn selections<const R: usize>(rng: &mut Rng) {
    use stride_core::LayoutError;
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        let data = values(len, rng);
        let a = View::from_slice(&data, l).unwrap();
        let pairs: Vec<([usize; R], i64)> = a.indexed_iter().map(|(i, &x)| (i, x)).collect();
        let want: Vec<([usize; R], i64)> =
            indices(*l.shape()).into_iter().map(|i| (i, a[i])).collect();
        assert_eq!(pairs, want, "indexed_iter of {l:?}");
        // Its fold walks rows without the odometer: the same pairs in order,
        // also from a clone taken midway.
        let folded = a.indexed_iter().fold(Vec::new(), |mut v, (i, &x)| {
            v.push((i, x));
            v
        });
        assert_eq!(folded, want, "indexed_iter().fold of {l:?}");
        let mut it = a.indexed_iter();
        let skip = want.len() / 2;
        it.nth(skip.saturating_sub(1));
        let rest: Vec<([usize; R], i64)> = it.clone().map(|(i, &x)| (i, x)).collect();
        let rest_folded = it.fold(0, |n, (i, &x)| {
            assert_eq!((i, x), rest[n]);
            n + 1
        });
        assert_eq!(rest_folded, rest.len());
        assert_eq!(rest[..], want[want.len() - rest.len()..]);
        let axis = rng.below(R as u64) as usize;
        let n = l.shape()[axis];
        let count = if n == 0 {
            0
        } else {
            rng.below(2 * n as u64 + 2) as usize
        };
        let picks: Vec<usize> = (0..count).map(|_| rng.below(n as u64) as usize).collect();
        // Each position as itself or counted from the end.
        let given: Vec<isize> = picks
            .iter()
            .map(|&p| {
                if rng.below(2) == 0 {
                    p as isize
                } else {
                    p as isize - n as isize
                }
            })
            .collect();
        let check = |out: View<'_, i64, R, Strided>, picks: &[usize], what: &str| {
            let mut shape = *l.shape();
            shape[axis] = picks.len();
            assert_eq!(out.shape(), &shape, "{what} of {l:?}");
            for idx in indices(shape) {
                let mut from = idx;
                from[axis] = picks[idx[axis]];
                assert_eq!(out[idx], a[from], "{what} of {l:?} along {axis} at {idx:?}");
            }
        };
        let out = a.select(axis as isize, &given).unwrap();
        assert!(out.layout().is_c_contiguous());
        check(out.view().into_strided(), &picks, "select");
        let mask: Vec<bool> = (0..n).map(|_| rng.below(2) == 0).collect();
        let kept: Vec<usize> = (0..n).filter(|&i| mask[i]).collect();
        let out = a.compress(axis as isize, &mask).unwrap();
        check(out.view().into_strided(), &kept, "compress");
        // A view typed F gives an F array (its lanes along axis 0 gathered,
        // other axes copied by blocks).
        let fa = a.to_contiguous::<F>().unwrap();
        let out: Array<i64, R, F> = fa.view().select(axis as isize, &given).unwrap();
        check(out.view().into_strided(), &picks, "F select");
        let out: Array<i64, R, F> = fa.view().compress(axis as isize, &mask).unwrap();
        check(out.view().into_strided(), &kept, "F compress");
        // Errors: a position past either end, a mask of another length, an
        // axis out of range.
        let past = if rng.below(2) == 0 {
            n as isize
        } else {
            -(n as isize) - 1
        };
        assert_eq!(
            a.select(axis as isize, &[past]).unwrap_err(),
            LayoutError::IndexOutOfBounds {
                axis,
                index: past,
                len: n
            }
        );
        assert_eq!(
            a.compress(axis as isize, &vec![true; n + 1]).unwrap_err(),
            LayoutError::MaskMismatch {
                axis,
                len: n,
                mask: n + 1
            }
        );
        assert!(matches!(
            a.select(R as isize, &[0isize; 0]),
            Err(LayoutError::AxisOutOfRange { .. })
        ));
        // The same positions as unsigned and narrower integers.
        let out = a.select(axis as isize, &picks).unwrap();
        check(out.view().into_strided(), &picks, "select usize");
        let narrow: Vec<i32> = given.iter().map(|&g| g as i32).collect();
        assert_eq!(a.select(axis as isize, &narrow).unwrap(), out);
        let wide: Vec<u32> = picks.iter().map(|&p| p as u32).collect();
        assert_eq!(a.select(axis as isize, &wide).unwrap(), out);
        assert_eq!(
            a.select(axis as isize, &[n]).unwrap_err(),
            LayoutError::IndexOutOfBounds {
                axis,
                index: n as isize,
                len: n
            }
        );
        // The mutable pairs, on a unique layout.
        let (lu, lenu) = random_layout::<R>(rng, false);
        let mut du = vec![0i64; lenu];
        let mut m = ViewMut::from_slice(&mut du, lu).unwrap();
        for (idx, x) in m.indexed_iter_mut() {
            *x = idx.iter().fold(1, |s, &i| 7 * s + i as i64);
        }
        for idx in indices(*lu.shape()) {
            assert_eq!(m[idx], idx.iter().fold(1, |s, &i| 7 * s + i as i64));
        }
    }
}

/// `map_axis` of shared and mutable views along every axis of random layouts
/// of ranks 1 to 6, against the lanes read by index: a position-weighted sum
/// of each lane (so that order counts), and on a mutable view each lane
/// scaled in place.
#[test]
fn lane_maps_match_the_naive_lanes_on_random_layouts() {
    let mut rng = Rng(0x6d61_7061);
    lane_maps::<1, 0>(&mut rng);
    lane_maps::<2, 1>(&mut rng);
    lane_maps::<3, 2>(&mut rng);
    if !cfg!(miri) {
        lane_maps::<4, 3>(&mut rng);
        lane_maps::<5, 4>(&mut rng);
        lane_maps::<6, 5>(&mut rng);
    }
}

fn lane_maps<const R: usize, const Q: usize>(rng: &mut Rng)
where
    Rank<R>: RankSub<Rank<1>, Output = Rank<Q>>,
{
    let weighted = |lane: View<'_, i64, 1, Strided>| {
        (0..lane.shape()[0])
            .map(|k| (k as i64 + 1) * lane[[k]])
            .sum::<i64>()
    };
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        let data = values(len, rng);
        let a = View::from_slice(&data, l).unwrap();
        let axis = rng.below(R as u64) as usize;
        let out = a.map_axis::<i64, Q>(axis as isize, weighted).unwrap();
        let want_shape: [usize; Q] =
            core::array::from_fn(|q| l.shape()[if q < axis { q } else { q + 1 }]);
        assert_eq!(out.shape(), &want_shape, "{l:?} along {axis}");
        for idx in indices(want_shape) {
            let want: i64 = (0..l.shape()[axis])
                .map(|k| (k as i64 + 1) * a[lane_start::<R, Q>(idx, axis).map_with(axis, k)])
                .sum();
            assert_eq!(out[idx], want, "{l:?} along {axis} at {idx:?}");
        }
        let (lu, lenu) = random_layout::<R>(rng, false);
        let before = values(lenu, rng);
        let mut du = before.clone();
        let mut m = ViewMut::from_slice(&mut du, lu).unwrap();
        let sums = m
            .reborrow()
            .map_axis::<i64, Q>(axis as isize, |mut lane| {
                lane.map_inplace(|x| *x *= 3);
                lane.iter().sum()
            })
            .unwrap();
        let b = View::from_slice(&before, lu).unwrap();
        for idx in indices(*lu.shape()) {
            assert_eq!(m[idx], 3 * b[idx]);
        }
        let other: [usize; Q] =
            core::array::from_fn(|q| lu.shape()[if q < axis { q } else { q + 1 }]);
        for idx in indices(other) {
            let want: i64 = (0..lu.shape()[axis])
                .map(|k| 3 * b[lane_start::<R, Q>(idx, axis).map_with(axis, k)])
                .sum();
            assert_eq!(sums[idx], want);
        }
        untouched_outside(&lu, &du, &before);
    }
}

/// `select` of elements that can change behind a shared reference, while
/// another thread sets them: it reads them only through `&T` (`clone`), never
/// as raw bytes (Miri's race detector checks this).
#[test]
fn selections_of_cells_read_them_only_through_shared_references() {
    use std::sync::OnceLock;
    let a = Array::<OnceLock<u64>, 1>::from_fn([64], |_| OnceLock::new()).unwrap();
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..64 {
                let _ = a[[i]].get_or_init(|| i as u64);
            }
        });
        let picked = a.view().select(0, &[0usize; 32]).unwrap();
        assert!(picked.iter().all(|c| c.get().is_none_or(|&v| v == 0)));
    });
    assert_eq!(a[[63]].get(), Some(&63));
}

/// The methods' paths for elements that need dropping (`String` here, built
/// in the output's memory order into a counting buffer) give the plain
/// numbers' paths' elements in the same memory order: `map` of C- and
/// F-typed and strided views, `zip_with` with a lower-rank operand and of two
/// F arrays, `to_contiguous` in F, `flatten` in K, `select`, `compress`,
/// `concatenate` with empty parts, and `stack` on a negative axis.
#[test]
fn elements_that_need_dropping_come_in_the_plain_paths_order() {
    use stride_core::{concatenate, stack};
    fn text<T: ToString>(xs: &[T]) -> Vec<String> {
        xs.iter().map(ToString::to_string).collect()
    }
    let mut rng = Rng(0x6472_6f70);
    for _ in 0..(CASES / 4).max(3) {
        let (l, len) = random_layout::<3>(&mut rng, true);
        let d = values(len, &mut rng);
        let a = View::from_slice(&d, l).unwrap();
        let s = |v: &i64| v.to_string();
        assert_eq!(
            a.map(s).unwrap().as_slice(),
            text(a.map(|v| *v).unwrap().as_slice())
        );
        let f = Array::<i64, 3, F>::from_fn(*a.shape(), |i| a[i]).unwrap();
        assert_eq!(
            f.map(s).unwrap().as_slice(),
            text(f.map(|v| *v).unwrap().as_slice())
        );
        assert_eq!(
            f.zip_with(&f.view(), |x, y| (x - y).to_string())
                .unwrap()
                .as_slice(),
            text(f.zip_with(&f.view(), |x, y| x - y).unwrap().as_slice())
        );
        if let Ok(row) = a.index_axis::<2>(0, 0) {
            assert_eq!(
                a.zip_with(&row, |x, y| (x * 3 + y).to_string())
                    .unwrap()
                    .as_slice(),
                text(a.zip_with(&row, |x, y| x * 3 + y).unwrap().as_slice())
            );
        }
        // The same elements in the same memory layout (K orders follow it).
        let (strings, plain) = (a.map(s).unwrap(), a.map(|v| *v).unwrap());
        let sv = strings.view().permute([2, 0, 1]).unwrap();
        let av = plain.view().permute([2, 0, 1]).unwrap();
        assert_eq!(
            sv.to_contiguous::<F>().unwrap().as_slice(),
            text(av.to_contiguous::<F>().unwrap().as_slice())
        );
        assert_eq!(
            sv.flatten(Order::K).unwrap().as_slice(),
            text(av.flatten(Order::K).unwrap().as_slice())
        );
        let axis = rng.below(3) as usize;
        let n = a.shape()[axis] as i64;
        if n > 0 {
            let picks: Vec<i64> = (0..4).map(|_| rng.below(2 * n as u64) as i64 - n).collect();
            let mask: Vec<bool> = (0..n).map(|_| rng.below(2) == 0).collect();
            let ax = axis as isize;
            assert_eq!(
                strings.select(ax, &picks).unwrap().as_slice(),
                text(a.select(ax, &picks).unwrap().as_slice())
            );
            // F-typed views (axis `axis` of `a` is axis `2 - axis` of
            // `a.T`): the outputs are F too.
            let tx = 2 - ax;
            assert_eq!(
                strings.t().select(tx, &picks).unwrap().as_slice(),
                text(plain.t().select(tx, &picks).unwrap().as_slice())
            );
            assert_eq!(
                strings.compress(axis as isize, &mask).unwrap().as_slice(),
                text(a.compress(axis as isize, &mask).unwrap().as_slice())
            );
        }
        let empty = strings
            .view()
            .slice_axis(axis as isize, stride_core::Slice::range(0, 0));
        let sparts = [
            strings.view().into_strided(),
            empty.unwrap(),
            sv.permute([1, 2, 0]).unwrap(),
        ];
        let parts: Vec<View<'_, i64, 3, Strided>> = vec![
            a.into_strided(),
            a.slice_axis(axis as isize, stride_core::Slice::range(0, 0))
                .unwrap(),
            av.permute([1, 2, 0]).unwrap(),
        ];
        assert_eq!(
            concatenate(axis as isize, &sparts).unwrap().as_slice(),
            text(concatenate(axis as isize, &parts).unwrap().as_slice())
        );
        assert_eq!(
            stack::<_, 3, 4, _>(-1, &sparts[..1]).unwrap().as_slice(),
            text(stack::<_, 3, 4, _>(-1, &parts[..1]).unwrap().as_slice())
        );
    }
}

/// `nansum`, `nanmax`, `nanmin` and `nanmean` of `v` against loops over its
/// elements in logical order: the extremes exactly; the sum and mean within
/// 2 n ε Σ|x| (each side's sum of n terms is within n ε of its terms'
/// absolute sum, Higham's γ_n to first order) plus 2 ε for the division.
fn check_nan_reductions<const R: usize, O: OrderMarker>(v: View<f64, R, O>) {
    let l = v.layout().strided();
    let xs: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
    let abs: f64 = xs.iter().map(|x| x.abs()).sum();
    let n = xs.len() as f64;
    let sum: f64 = xs.iter().sum();
    let bound = 2.0 * n.max(1.0) * f64::EPSILON * abs;
    let got = v.nansum();
    assert!(
        (got - sum).abs() <= bound,
        "nansum of {l:?}: {got} vs {sum}"
    );
    let max = xs.iter().copied().reduce(f64::max);
    let min = xs.iter().copied().reduce(f64::min);
    assert_eq!((v.nanmax(), v.nanmin()), (max, min), "extremes of {l:?}");
    match v.nanmean() {
        None => assert!(xs.is_empty(), "nanmean of {l:?}"),
        Some(m) => {
            let want = sum / n;
            let b = bound / n + 2.0 * f64::EPSILON * want.abs();
            assert!((m - want).abs() <= b, "nanmean of {l:?}: {m} vs {want}");
        }
    }
}

/// Values with NaNs at a random rate (none to every other element).
fn with_nans(len: usize, rng: &mut Rng) -> Vec<f64> {
    let rate = rng.below(4);
    values(len, rng)
        .iter()
        .map(|&x| {
            if rate > 0 && rng.below(2 * rate) == 0 {
                f64::NAN
            } else {
                x as f64 * 0.37
            }
        })
        .collect()
}

/// The NaN-ignoring reductions of random layouts of rank `R` (broadcasts
/// and windows too).
fn nan_reductions<const R: usize>(rng: &mut Rng) {
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        let d = with_nans(len, rng);
        check_nan_reductions(View::from_slice(&d, l).unwrap());
    }
}

#[test]
fn nan_reductions_match_the_naive_loops_on_random_layouts() {
    let mut rng = Rng(0x6e61_6e73);
    // Runs long enough for the eight partial results and a tail
    // (contiguous), or the four (strided).
    for _ in 0..CASES {
        let n = 1 + rng.below(70) as usize;
        let step = 1 + rng.below(2) as isize;
        let d = with_nans(n * step as usize, &mut rng);
        let l = Layout::from_parts([n], [step], 0).unwrap();
        check_nan_reductions(View::from_slice(&d, l).unwrap());
    }
    nan_reductions::<0>(&mut rng);
    nan_reductions::<1>(&mut rng);
    nan_reductions::<2>(&mut rng);
    nan_reductions::<3>(&mut rng);
    if !cfg!(miri) {
        nan_reductions::<4>(&mut rng);
        nan_reductions::<5>(&mut rng);
        nan_reductions::<6>(&mut rng);
    }
    // NumPy: nansum of NaNs only is 0.0; inf and -inf still give NaN.
    let nans = Array::<f32, 2>::full([3, 2], f32::NAN).unwrap();
    assert_eq!(
        (nans.nansum(), nans.nanmax(), nans.nanmean()),
        (0.0, None, None)
    );
    let infs =
        Array::<f64, 1>::from_vec([3], vec![f64::INFINITY, f64::NAN, -f64::INFINITY]).unwrap();
    assert!(infs.nansum().is_nan());
    assert_eq!(
        (infs.nanmax(), infs.nanmin()),
        (Some(f64::INFINITY), Some(-f64::INFINITY))
    );
}
