//! The loop engine and the library methods on it, against naive references on
//! random layouts: C, F, transposed, step slices, negative strides, broadcasts,
//! windows, size-0 and size-1 axes, ranks 0 to 6. Integer results compare
//! exactly; floating-point sums compare within the bound any summation order
//! meets, `|s - t| <= 2 (n - 1) eps sum|x|` (each of two orders is within
//! `(n - 1) eps sum|x|` of the exact sum, to first order). Small enough to run
//! under Miri.

use stride_core::kernel::{Nest, Operands, Priority};
#[macro_use]
#[path = "support/layouts.rs"]
mod layouts;

use layouts::{Rng, indices, lane_start, random_layout, shaped_layout, untouched_outside, values};
use stride_core::{Array, Slice, Strided, View};

const CASES: usize = if cfg!(miri) { 4 } else { 400 };

/// The nest visits each index once, with every operand at the offset its layout
/// gives that index.
fn nest_matches_the_layouts<const R: usize>(rng: &mut Rng) {
    for _ in 0..CASES {
        let (a, _) = random_layout::<R>(rng, false);
        // Another random layout of a's shape (a broadcast or windows at times).
        let (b, _) = shaped_layout::<R>(rng, *a.shape(), true);
        let ops = Operands {
            shape: *a.shape(),
            strides: [*a.strides(), *b.strides()],
            offsets: [a.offset(), b.offset()],
        };
        for (priority, tile) in [
            (Priority::Operand(0), 2),
            (Priority::Operand(1), 4),
            (Priority::Logical, 0),
        ] {
            let nest = Nest::plan(&ops, priority, tile);
            // The iterator gives the same runs in the same order.
            let mut calls = Vec::new();
            nest.runs(|off, len, st| calls.push((off, len, st)));
            assert_eq!(nest.run_iter().collect::<Vec<_>>(), calls, "{a:?} {b:?}");
            let mut got = Vec::new();
            nest.runs(|off, len, st| {
                for k in 0..len as isize {
                    got.push((off[0] + k * st[0], off[1] + k * st[1]));
                }
            });
            let mut want: Vec<(isize, isize)> = indices(*a.shape())
                .into_iter()
                .map(|i| {
                    (
                        a.offset_of(i).unwrap() as isize,
                        b.offset_of(i).unwrap() as isize,
                    )
                })
                .collect();
            if priority == Priority::Logical {
                assert_eq!(got, want, "logical order: {a:?} {b:?}");
            }
            got.sort();
            want.sort();
            assert_eq!(got, want, "{priority:?}: {a:?} {b:?} {nest:?}");
            assert_eq!(nest.size(), a.size());
        }
    }
}

/// The indices of the lane along `axis` (of length `n`) whose other indices
/// are `idx`.
fn lane_indices<const R: usize, const Q: usize>(
    idx: [usize; Q],
    axis: usize,
    n: usize,
) -> Vec<[usize; R]> {
    let mut full: [usize; R] = lane_start(idx, axis);
    (0..n)
        .map(|j| {
            full[axis] = j;
            full
        })
        .collect()
}

fn reductions<const R: usize, const Q: usize>(rng: &mut Rng)
where
    stride_core::Rank<R>: stride_core::RankSub<stride_core::Rank<1>, Output = stride_core::Rank<Q>>,
{
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        let naive: i64 = v.iter().sum();
        assert_eq!(v.sum(), naive, "{l:?}");
        assert_eq!(v.fold(0i64, |a, &x| a + x), naive);
        let mut count = 0;
        v.for_each(|_| count += 1);
        assert_eq!(count, v.size());
        // Memory order: over a unique layout (a C or F base, sliced with steps
        // of either sign, permuted) `for_each` and `fold` visit ascending
        // addresses.
        let (lu, lenu) = random_layout::<R>(rng, false);
        let du = values(lenu, rng);
        let u = View::from_slice(&du, lu).unwrap();
        let mut addrs = Vec::new();
        u.for_each(|x| addrs.push(x as *const i64 as usize));
        assert!(
            addrs.windows(2).all(|w| w[0] < w[1]),
            "for_each order over {lu:?}"
        );
        assert_eq!(addrs.len(), u.size());
        let folded = u.fold(Vec::new(), |mut a, x| {
            a.push(x as *const i64 as usize);
            a
        });
        assert_eq!(folded, addrs, "fold order over {lu:?}");
        // Floats: within the bound of any summation order.
        let fdata: Vec<f64> = data.iter().map(|&x| x as f64 * 0.37).collect();
        let fv = View::from_slice(&fdata, l).unwrap();
        let naive: f64 = fv.iter().sum();
        let bound = 2.0
            * (fv.size().max(1) - 1) as f64
            * f64::EPSILON
            * fv.iter().map(|x| x.abs()).sum::<f64>();
        assert!((fv.sum() - naive).abs() <= bound, "{} vs {naive}", fv.sum());
        // `f32` runs have their own vector accumulators: the same bound, in
        // `f32`'s epsilon.
        let gdata: Vec<f32> = data.iter().map(|&x| x as f32 * 0.37).collect();
        let gv = View::from_slice(&gdata, l).unwrap();
        let naive: f32 = gv.iter().sum();
        let bound = 2.0
            * (gv.size().max(1) - 1) as f32
            * f32::EPSILON
            * gv.iter().map(|x| x.abs()).sum::<f32>();
        assert!((gv.sum() - naive).abs() <= bound, "{} vs {naive}", gv.sum());
        // Products of +-1 (exact whatever the order; broadcasts repeat elements), in the
        // random layout; means (integer division of the exact sum).
        let sdata: Vec<i64> = data.iter().map(|&x| 1 - 2 * (x & 1)).collect();
        let sv = View::from_slice(&sdata, l).unwrap();
        assert_eq!(sv.product(), sv.iter().product::<i64>(), "{l:?}");
        let total: i64 = v.iter().sum();
        assert_eq!(
            v.mean(),
            (v.size() > 0).then(|| total / v.size() as i64),
            "{l:?}"
        );
        // Extremes: exact, from the naive loop; with a NaN at a random
        // element of the buffer (reached by the view or not), NaN exactly
        // where the view (or the lane) reads it, as NumPy's `max` and `min`.
        assert_eq!(v.max(), v.iter().copied().max(), "max of {l:?}");
        assert_eq!(v.min(), v.iter().copied().min(), "min of {l:?}");
        let mut ndata = fdata.clone();
        if !ndata.is_empty() {
            let k = rng.below(ndata.len() as u64) as usize;
            ndata[k] = f64::NAN;
        }
        let nv = View::from_slice(&ndata, l).unwrap();
        let has_nan = nv.iter().any(|x| x.is_nan());
        for (got, want) in [
            (nv.max(), nv.iter().copied().reduce(f64::max)),
            (nv.min(), nv.iter().copied().reduce(f64::min)),
        ] {
            match (got, want) {
                (None, None) => assert_eq!(nv.size(), 0),
                (Some(g), Some(w)) => assert!(
                    if has_nan { g.is_nan() } else { g == w },
                    "extreme of {l:?}: {g} vs {w} (NaN read: {has_nan})"
                ),
                _ => panic!("extreme of {l:?}: {got:?} vs {want:?}"),
            }
        }
        for axis in 0..R {
            let n = l.shape()[axis];
            let mx: Option<Array<i64, Q>> = v.max_axis(axis as isize).unwrap();
            let mn: Option<Array<i64, Q>> = v.min_axis(axis as isize).unwrap();
            let nmx: Option<Array<f64, Q>> = nv.max_axis(axis as isize).unwrap();
            let nmn: Option<Array<f64, Q>> = nv.min_axis(axis as isize).unwrap();
            let (Some(mx), Some(mn), Some(nmx), Some(nmn)) = (mx, mn, nmx, nmn) else {
                assert_eq!(n, 0, "max_axis({axis}) of {l:?}");
                continue;
            };
            let mut shape = *l.shape();
            shape[axis] = 1;
            assert_eq!(mx.size(), shape.iter().product::<usize>());
            for (o, idx) in indices(*mx.shape()).into_iter().enumerate() {
                let lane: Vec<[usize; R]> = lane_indices(idx, axis, n);
                let ints = lane.iter().map(|&i| v[i]);
                assert_eq!(mx.as_slice()[o], ints.clone().max().unwrap());
                assert_eq!(mn.as_slice()[o], ints.min().unwrap());
                let floats: Vec<f64> = lane.iter().map(|&i| nv[i]).collect();
                let nan = floats.iter().any(|x| x.is_nan());
                for (got, want) in [
                    (nmx.as_slice()[o], floats.iter().copied().reduce(f64::max)),
                    (nmn.as_slice()[o], floats.iter().copied().reduce(f64::min)),
                ] {
                    let want = want.unwrap();
                    assert!(
                        if nan { got.is_nan() } else { got == want },
                        "f64 extreme along {axis} of {l:?}: {got} vs {want}"
                    );
                }
            }
        }
        for axis in 0..R {
            let s: Array<i64, Q> = v.sum_axis(axis as isize).unwrap();
            let fs: Array<f64, Q> = fv.sum_axis(axis as isize).unwrap();
            let fm = fv.mean_axis::<Q>(axis as isize).unwrap();
            let n = l.shape()[axis] as i64;
            let m = v.mean_axis::<Q>(axis as isize).unwrap();
            match m {
                None => assert_eq!(n, 0),
                Some(m) => assert!(m.iter().zip(s.iter()).all(|(m, s)| *m == s / n)),
            }
            for (o, idx) in indices(*s.shape()).into_iter().enumerate() {
                let mut full: [usize; R] = lane_start(idx, axis);
                let (mut want, mut fwant, mut fabs) = (0, 0.0f64, 0.0f64);
                for j in 0..l.shape()[axis] {
                    full[axis] = j;
                    want += v[full];
                    fwant += fv[full];
                    fabs += fv[full].abs();
                }
                assert_eq!(s.as_slice()[o], want, "sum_axis({axis}) of {l:?}");
                // Floats: the bound of any order of the lane's additions; the
                // mean, that over n and one rounding of the division.
                let bound = 2.0 * (n.max(1) - 1) as f64 * f64::EPSILON * fabs;
                let got = fs.as_slice()[o];
                assert!(
                    (got - fwant).abs() <= bound,
                    "f64 sum_axis({axis}) of {l:?}: {got} vs {fwant}"
                );
                if let Some(fm) = &fm {
                    let (m, exact) = (fm.as_slice()[o], fwant / n as f64);
                    let mb = bound / n as f64 + 2.0 * f64::EPSILON * exact.abs();
                    assert!(
                        (m - exact).abs() <= mb,
                        "f64 mean_axis({axis}) of {l:?}: {m} vs {exact}"
                    );
                }
            }
        }
    }
}

fn elementwise<const R: usize>(rng: &mut Rng) {
    // Ranks 5 and 6 hold up to a few thousand elements: one case under Miri.
    for _ in 0..if cfg!(miri) && R >= 5 { 1 } else { CASES } {
        let (l, len) = random_layout::<R>(rng, true);
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        // map and the contiguous copies, in C order.
        let m = v.map(|&x| 3 * x + 1).unwrap();
        let naive: Vec<i64> = v.iter().map(|&x| 3 * x + 1).collect();
        assert_eq!(m.as_slice(), naive.as_slice());
        let f = v.to_contiguous::<stride_core::F>().unwrap();
        assert!(f.iter().eq(v.iter()), "F copy of {l:?}");
        let c = v.to_contiguous::<stride_core::C>().unwrap();
        assert!(c.iter().eq(v.iter()), "C copy of {l:?}");
        // In memory, C order and F order.
        let in_c: Vec<i64> = v.iter().copied().collect();
        assert_eq!(c.as_slice(), in_c.as_slice());
        // F order: the C order of the reversed shape, each index reversed.
        let mut rev = *l.shape();
        rev.reverse();
        let in_f: Vec<i64> = indices(rev)
            .into_iter()
            .map(|mut i| {
                i.reverse();
                v[i]
            })
            .collect();
        assert_eq!(f.as_slice(), in_f.as_slice(), "F copy of {l:?}");
        let o = v.to_owned().unwrap();
        assert!(o.iter().eq(v.iter()), "to_owned of {l:?}");
        // zip_with and the operators, with another operand of the same shape.
        let (l2, len2) = shaped_layout::<R>(rng, *l.shape(), true);
        let data2 = values(len2, rng);
        let w = View::from_slice(&data2, l2).unwrap();
        let z = v.zip_with(&w, |a, b| a * 10 - b).unwrap();
        let naive: Vec<i64> = v.iter().zip(w.iter()).map(|(a, b)| a * 10 - b).collect();
        assert_eq!(z.as_slice(), naive.as_slice(), "zip_with: {l:?} {l2:?}");
        let sum = &v + &w;
        assert!(
            sum.iter().eq(v
                .iter()
                .zip(w.iter())
                .map(|(a, b)| a + b)
                .collect::<Vec<_>>()
                .iter())
        );
        let twice = &v * 2;
        assert!(twice.iter().zip(v.iter()).all(|(t, x)| *t == 2 * x));
        // Writes into a random unique view of the same shape: zip_with_into,
        // assign, map_inplace, +=, *=.
        let (ld, lend) = shaped_layout::<R>(rng, *l.shape(), false);
        let mut dst_data = values(lend, rng);
        let before = dst_data.clone();
        let mut dst =
            stride_core::ViewMut::<i64, R, Strided>::from_slice(&mut dst_data, ld).unwrap();
        {
            dst.zip_with_into(&v, &w, |a, b| a * 10 - b).unwrap();
            assert!(
                dst.iter().eq(naive.iter()),
                "zip_with_into {l:?} {l2:?} -> {ld:?}"
            );
            let src = v;
            dst.assign(&src).unwrap();
            assert!(dst.iter().eq(src.iter()), "assign {l:?} -> {ld:?}");
            dst.map_inplace(|x| *x -= 7);
            assert!(dst.iter().zip(src.iter()).all(|(d, s)| *d == s - 7));
            dst += &src;
            assert!(dst.iter().zip(src.iter()).all(|(d, s)| *d == 2 * s - 7));
            dst *= 3;
            assert!(
                dst.iter()
                    .zip(src.iter())
                    .all(|(d, s)| *d == 3 * (2 * s - 7))
            );
        }
        // Elements outside the view are untouched.
        untouched_outside(&ld, &dst_data, &before);
    }
}

/// Scans along a C array's first axis (and an F array's last) go a stretch
/// of lanes at a time, position after position (up to 1024 lanes natively,
/// 8 under Miri): rows of 1 to 2 stretches and a part, of floats whose sums
/// and products round, to the bit against each lane's sequential loop; and
/// into a sliced output.
#[test]
fn scans_across_wide_rows_match_the_sequential_loops() {
    let widths: &[usize] = if cfg!(miri) {
        &[4, 9, 19]
    } else {
        &[4, 9, 1023, 1024, 2500]
    };
    for &n in widths {
        let m = 5;
        let a =
            Array::<f64, 2>::from_fn([m, n], |[i, j]| 1.0 + ((i * 31 + j * 7) % 13) as f64 / 9.0)
                .unwrap();
        let f = a.to_contiguous::<stride_core::F>().unwrap();
        let sums = a.cumsum(0).unwrap();
        let prods = a.cumprod(0).unwrap();
        let fsums = f.t().cumsum(1).unwrap();
        let mut wide = Array::<f64, 2>::zeros([m, n + 3]).unwrap();
        let mut into = wide
            .view_mut()
            .slice([Slice::FULL, Slice::range(2, n as isize + 2)])
            .unwrap();
        a.cumsum_into(0, &mut into).unwrap();
        for j in 0..n {
            let (mut s, mut p) = (a[[0, j]], a[[0, j]]);
            for i in 0..m {
                if i > 0 {
                    s += a[[i, j]];
                    p *= a[[i, j]];
                }
                let at = format!("{m} x {n} at [{i}, {j}]");
                assert_eq!(sums[[i, j]].to_bits(), s.to_bits(), "cumsum {at}");
                assert_eq!(prods[[i, j]].to_bits(), p.to_bits(), "cumprod {at}");
                assert_eq!(fsums[[j, i]].to_bits(), s.to_bits(), "F cumsum {at}");
                assert_eq!(into[[i, j]].to_bits(), s.to_bits(), "cumsum_into {at}");
            }
        }
        // The output's columns outside the slice are untouched.
        assert!(
            (0..m).all(|i| wide[[i, 0]] == 0.0 && wide[[i, 1]] == 0.0 && wide[[i, n + 2]] == 0.0)
        );
    }
}

/// `cumsum` and `cumprod` along every axis, into new arrays and into random
/// unique outputs (and F arrays), and flattened, against the running sums and
/// products of the naive loop. Floating-point scans add along each lane in
/// order, as NumPy's `accumulate` does: the same bits as the sequential loop.
fn scans<const R: usize>(rng: &mut Rng) {
    // Ranks 5 and 6 hold up to a few thousand elements: one case under Miri.
    for _ in 0..if cfg!(miri) && R >= 5 { 1 } else { CASES } {
        let (l, len) = random_layout::<R>(rng, true);
        let shape = *l.shape();
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        // Factors -2..=2: no overflow along these short axes.
        let small: Vec<i64> = data.iter().map(|x| x.rem_euclid(5) - 2).collect();
        let sv = View::from_slice(&small, l).unwrap();
        // Floats only natively: under Miri the integer scans already walk
        // every path of the same generic code.
        let fdata: Vec<f64> = data.iter().map(|&x| x as f64 * 0.37).collect();
        let fv = View::from_slice(&fdata, l).unwrap();
        for axis in 0..R {
            let c = v.cumsum(axis as isize).unwrap();
            let p = sv.cumprod(axis as isize).unwrap();
            let floats = (!cfg!(miri)).then(|| {
                (
                    fv.cumsum(axis as isize).unwrap(),
                    fv.cumprod(axis as isize).unwrap(),
                )
            });
            // Running sums and products along each lane.
            for st in lane_starts(shape, axis) {
                let (mut want, mut prod, mut fsum, mut fprod) = (0, 1, 0.0f64, 1.0f64);
                for k in 0..shape[axis] {
                    let mut idx = st;
                    idx[axis] = k;
                    want += v[idx];
                    prod *= sv[idx];
                    fsum = if k == 0 { fv[idx] } else { fsum + fv[idx] };
                    fprod = if k == 0 { fv[idx] } else { fprod * fv[idx] };
                    assert_eq!(c[idx], want, "cumsum({axis}) of {l:?} at {idx:?}");
                    assert_eq!(p[idx], prod, "cumprod({axis}) of {l:?} at {idx:?}");
                    if let Some((fc, fp)) = &floats {
                        assert_eq!(
                            fc[idx].to_bits(),
                            fsum.to_bits(),
                            "f64 cumsum({axis}) of {l:?}"
                        );
                        assert_eq!(
                            fp[idx].to_bits(),
                            fprod.to_bits(),
                            "f64 cumprod({axis}) of {l:?}"
                        );
                    }
                }
            }
            // Into a random unique output of the shape, and an F array.
            let (lo, leno) = shaped_layout::<R>(rng, shape, false);
            let mut od = vec![0i64; leno];
            {
                let mut out =
                    stride_core::ViewMut::<i64, R, Strided>::from_slice(&mut od, lo).unwrap();
                v.cumsum_into(axis as isize, &mut out).unwrap();
                assert!(
                    out.iter().eq(c.iter()),
                    "cumsum_into({axis}) {l:?} -> {lo:?}"
                );
                sv.cumprod_into(axis as isize, &mut out).unwrap();
                assert!(
                    out.iter().eq(p.iter()),
                    "cumprod_into({axis}) {l:?} -> {lo:?}"
                );
            }
            let mut out = Array::<i64, R, stride_core::F>::zeros(shape).unwrap();
            v.cumsum_into(axis as isize, &mut out.view_mut()).unwrap();
            assert!(out.iter().eq(c.iter()));
        }
        let flat = v.cumsum_flat().unwrap();
        let pflat = sv.cumprod_flat().unwrap();
        let fflat = fv.cumsum_flat().unwrap(); // one pass: cheap under Miri too
        let (mut acc, mut prod, mut facc) = (0, 1, None::<f64>);
        for (k, x) in v.iter().enumerate() {
            acc += x;
            assert_eq!(flat[[k]], acc);
        }
        for (k, x) in sv.iter().enumerate() {
            prod *= x;
            assert_eq!(pflat[[k]], prod);
        }
        for (k, x) in fv.iter().enumerate() {
            let t = facc.map_or(*x, |t| t + x);
            facc = Some(t);
            assert_eq!(fflat[[k]].to_bits(), t.to_bits());
        }
        assert_eq!(flat.size(), v.size());
    }
}

/// The second operands the tests draw (`shaped_layout`) have the shape asked
/// for and take every kind: negative strides, broadcasts (stride 0 over more
/// than one element), windows (elements shared without a stride of 0), and
/// unique layouts that are neither C nor F contiguous.
#[test]
#[cfg_attr(miri, ignore = "checks the tests' own generator")]
fn shaped_layouts_take_every_kind() {
    let mut rng = Rng(0x5EED_0F5A_A9ED_0001);
    let (mut neg, mut bcast, mut win, mut odd) = (0, 0, 0, 0);
    for _ in 0..200 {
        let shape = [1 + rng.below(3) as usize, 2 + rng.below(3) as usize, 2];
        let (l, len) = shaped_layout::<3>(&mut rng, shape, true);
        assert_eq!(*l.shape(), shape);
        assert!(l.required_len() <= len);
        let st = l.strides();
        neg += usize::from(st.iter().any(|&s| s < 0));
        let b = (0..3).any(|k| st[k] == 0 && shape[k] > 1);
        bcast += usize::from(b);
        win += usize::from(!b && !l.is_unique());
        odd += usize::from(l.is_unique() && !l.is_c_contiguous() && !l.is_f_contiguous());
    }
    assert!(
        neg > 20 && bcast > 20 && win > 20 && odd > 20,
        "{neg} {bcast} {win} {odd}"
    );
}

for_ranks!(
    0x9E37_79B9_7F4A_7C15, miri up to 6;
    nest_visits_every_index_once_at_the_right_offsets, nest_matches_the_layouts
);
for_ranks!(
    0x9E37_79B9_7F4A_7C15, miri up to 6;
    elementwise_operations_match_the_naive_loops, elementwise
);
for_ranks!(0x9E37_79B9_7F4A_7C15, miri up to 6; scans_match_the_naive_loops, scans);

/// `iter()` and `iter_mut()` yield the elements in logical (C) order, through
/// `next` and through `fold` (which walks whole rows of the innermost axis:
/// `sum`, `for_each`), from any point a partly used iterator has reached.
fn logical_iterators<const R: usize>(rng: &mut Rng) {
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        let want: Vec<i64> = indices(*l.shape()).into_iter().map(|i| v[i]).collect();
        let by_next: Vec<i64> = v.iter().copied().collect::<Vec<_>>();
        assert_eq!(by_next, want, "{l:?}");
        for skip in 0..=want.len().min(9) {
            let mut it = v.iter();
            it.by_ref().take(skip).for_each(drop);
            assert_eq!(it.len(), want.len() - skip);
            let rest = it.fold(Vec::new(), |mut acc, &x| {
                acc.push(x);
                acc
            });
            assert_eq!(rest, want[skip..], "{l:?} from {skip}");
        }
        assert_eq!(v.iter().sum::<i64>(), want.iter().sum::<i64>());
        // Mutable: a unique layout, each element reached once.
        let (u, ulen) = random_layout::<R>(rng, false);
        let mut buf = values(ulen, rng);
        let mut m = stride_core::ViewMut::from_slice(&mut buf, u).unwrap();
        let before: Vec<i64> = indices(*u.shape()).into_iter().map(|i| m[i]).collect();
        let skip = rng.below(4) as usize;
        let mut it = m.iter_mut();
        let mut k = 0i64;
        for x in it.by_ref().take(skip) {
            *x = *x * 1000 + k;
            k += 1;
        }
        it.for_each(|x| {
            *x = *x * 1000 + k;
            k += 1;
        });
        let after: Vec<i64> = indices(*u.shape()).into_iter().map(|i| m[i]).collect();
        let want: Vec<i64> = before.iter().zip(0..).map(|(x, k)| x * 1000 + k).collect();
        assert_eq!(after, want, "{u:?}");
    }
}

for_ranks!(
    0x9E37_79B9_7F4A_7C15, miri up to 6;
    logical_iterators_match_the_indices, logical_iterators
);

/// New arrays made from F-typed inputs by scans and axis reductions are F, as
/// NumPy's `order='K'` makes them (`np.cumsum(f, axis)` and `f.sum(axis)` of
/// an F array are F-contiguous, checked with NumPy 2.4.6), and hold the values
/// the C-typed path gives for the same elements; so are the ones from
/// column-major views. C- and `Strided`-typed inputs give C arrays.
fn kept_orders<const R: usize, const Q: usize>(rng: &mut Rng)
where
    stride_core::Rank<R>: stride_core::RankSub<stride_core::Rank<1>, Output = stride_core::Rank<Q>>,
{
    for _ in 0..if cfg!(miri) { 2 } else { 40 } {
        let (l, len) = random_layout::<R>(rng, false);
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        let f: Array<i64, R, stride_core::F> = v.to_contiguous().unwrap();
        let fdata: Vec<f64> = f.as_slice().iter().map(|&x| x as f64).collect();
        let ff = Array::<f64, R, stride_core::F>::from_vec(*f.shape(), fdata).unwrap();
        let f_order = |shape: &[usize], strides: &[isize]| {
            let mut want = 1isize;
            shape.iter().zip(strides).all(|(&n, &s)| {
                // NumPy's packing: an axis of length 0 multiplies by 1.
                let ok = n <= 1 || s == want;
                want *= n.max(1) as isize;
                ok
            })
        };
        for axis in 0..R {
            let a = axis as isize;
            let c = v.cumsum(a).unwrap();
            let fc: Array<i64, R, stride_core::F> = f.cumsum(a).unwrap();
            assert!(
                fc.iter().eq(c.iter()),
                "cumsum({axis}) of F {:?}",
                f.shape()
            );
            assert!(
                f_order(fc.shape(), fc.strides()),
                "{:?} {:?}",
                fc.shape(),
                fc.strides()
            );
            let fp: Array<i64, R, stride_core::F> = f.view().cumprod(a).unwrap();
            assert!(fp.iter().eq(v.cumprod(a).unwrap().iter()));
            let s: Array<i64, Q> = v.sum_axis(a).unwrap();
            let fs: Array<i64, Q, stride_core::F> = f.sum_axis(a).unwrap();
            assert!(
                fs.iter().eq(s.iter()),
                "sum_axis({axis}) of F {:?}",
                f.shape()
            );
            assert!(f_order(fs.shape(), fs.strides()));
            let fm: Option<Array<f64, Q, stride_core::F>> = ff.mean_axis(a).unwrap();
            let cm: Option<Array<f64, Q>> = ff
                .to_contiguous::<stride_core::C>()
                .unwrap()
                .mean_axis(a)
                .unwrap();
            match (fm, cm) {
                (Some(fm), Some(cm)) => assert!(fm.iter().eq(cm.iter())),
                (fm, cm) => assert!(fm.is_none() && cm.is_none()),
            }
            // The same memory typed column-major keeps F too.
            let col: stride_core::View<i64, R, stride_core::ColMajor> =
                f.view().try_into_order().unwrap();
            let kc: Array<i64, R, stride_core::F> = col.cumsum(a).unwrap();
            assert!(kc.iter().eq(c.iter()));
        }
    }
}

#[test]
fn scans_and_axis_reductions_of_f_inputs_are_f() {
    let mut rng = Rng(0x0F0F_5EED_1234_9876);
    kept_orders::<1, 0>(&mut rng);
    kept_orders::<2, 1>(&mut rng);
    kept_orders::<3, 2>(&mut rng);
    kept_orders::<4, 3>(&mut rng);
    kept_orders::<5, 4>(&mut rng);
    kept_orders::<6, 5>(&mut rng);
}

/// NumPy's `argmax` / `argmin` by the naive loop: the first index (in the
/// order given) of the extreme, or of the first NaN.
fn naive_arg<T: Copy + PartialOrd>(xs: impl Iterator<Item = T>, max: bool) -> Option<usize> {
    let mut best: Option<(T, usize)> = None;
    #[allow(clippy::eq_op)]
    for (k, x) in xs.enumerate() {
        best = match best {
            None => Some((x, k)),
            Some((b, _)) if b != b => best,
            Some(_) if x != x => Some((x, k)),
            Some((b, _)) if (max && x > b) || (!max && x < b) => Some((x, k)),
            _ => best,
        };
    }
    best.map(|(_, k)| k)
}

fn arg_extremes<const R: usize, const Q: usize>(rng: &mut Rng)
where
    stride_core::Rank<R>: stride_core::RankSub<stride_core::Rank<1>, Output = stride_core::Rank<Q>>,
{
    for _ in 0..CASES {
        let (l, len) = random_layout::<R>(rng, true);
        // Four values only, so that ties are everywhere (broadcasts and
        // windows repeat elements too); and the same as floats with up to
        // two NaNs anywhere in the buffer (reached by the view or not).
        let ints: Vec<i64> = values(len, rng).iter().map(|x| x.rem_euclid(4)).collect();
        let mut floats: Vec<f64> = ints.iter().map(|&x| x as f64 - 1.5).collect();
        for _ in 0..rng.below(3) {
            if !floats.is_empty() {
                let k = rng.below(floats.len() as u64) as usize;
                floats[k] = f64::NAN;
            }
        }
        let v = View::from_slice(&ints, l).unwrap();
        let f = View::from_slice(&floats, l).unwrap();
        assert_eq!(
            v.argmax(),
            naive_arg(v.iter().copied(), true),
            "argmax of {l:?}"
        );
        assert_eq!(
            v.argmin(),
            naive_arg(v.iter().copied(), false),
            "argmin of {l:?}"
        );
        assert_eq!(
            f.argmax(),
            naive_arg(f.iter().copied(), true),
            "f64 argmax of {l:?}"
        );
        assert_eq!(
            f.argmin(),
            naive_arg(f.iter().copied(), false),
            "f64 argmin of {l:?}"
        );
        for axis in 0..R {
            let n = l.shape()[axis];
            let got: [Option<Array<usize, Q>>; 4] = [
                v.argmax_axis(axis as isize).unwrap(),
                v.argmin_axis(axis as isize).unwrap(),
                f.argmax_axis(axis as isize).unwrap(),
                f.argmin_axis(axis as isize).unwrap(),
            ];
            let [Some(imax), Some(imin), Some(fmax), Some(fmin)] = got else {
                assert_eq!(n, 0, "argmax_axis({axis}) of {l:?}");
                continue;
            };
            let mut shape = *l.shape();
            shape[axis] = 1;
            assert_eq!(imax.size(), shape.iter().product::<usize>());
            for (o, idx) in indices(*imax.shape()).into_iter().enumerate() {
                let lane: Vec<[usize; R]> = lane_indices(idx, axis, n);
                let (i, fl) = (lane.iter().map(|&i| v[i]), lane.iter().map(|&i| f[i]));
                let want = [
                    naive_arg(i.clone(), true),
                    naive_arg(i, false),
                    naive_arg(fl.clone(), true),
                    naive_arg(fl, false),
                ];
                let got = [&imax, &imin, &fmax, &fmin].map(|a| Some(a.as_slice()[o]));
                assert_eq!(got, want, "arg extremes along {axis} of {l:?}, lane {o}");
            }
        }
    }
}

/// `argmax` and `argmin` over long contiguous runs, which go in chunks whose
/// extreme is found first (the whole of a C or F array, a transposed one
/// whose flat index steps by a row, lanes of 520 and more), with ties across
/// chunks and NaNs in late chunks; against the naive loops.
#[test]
fn arg_extremes_of_long_runs_match_the_naive_loops() {
    let (n, m) = if cfg!(miri) { (2, 520) } else { (300, 700) };
    let a = Array::<f64, 2>::from_fn([n, m], |[i, j]| ((i * 31 + j * 17) % 50) as f64).unwrap();
    let mut b = a.clone();
    b[[n - 1, m - 3]] = f64::NAN;
    b[[n / 2, m - 1]] = f64::NAN;
    let fa = a.to_contiguous::<stride_core::F>().unwrap();
    let fb = b.to_contiguous::<stride_core::F>().unwrap();
    for x in [
        a.view().into_strided(),
        b.view().into_strided(),
        a.t().into_strided(),
        b.t().into_strided(),
        fa.view().into_strided(),
        fb.t().into_strided(),
    ] {
        let shape = *x.shape();
        assert_eq!(
            x.argmax(),
            naive_arg(x.iter().copied(), true),
            "argmax of {shape:?}"
        );
        assert_eq!(
            x.argmin(),
            naive_arg(x.iter().copied(), false),
            "argmin of {shape:?}"
        );
        for axis in 0..2 {
            let mx: Array<usize, 1> = x.argmax_axis(axis as isize).unwrap().unwrap();
            let mn: Array<usize, 1> = x.argmin_axis(axis as isize).unwrap().unwrap();
            for o in 0..shape[1 - axis] {
                let lane = (0..shape[axis]).map(|k| if axis == 0 { x[[k, o]] } else { x[[o, k]] });
                assert_eq!(
                    mx[[o]],
                    naive_arg(lane.clone(), true).unwrap(),
                    "axis {axis}, lane {o}"
                );
                assert_eq!(
                    mn[[o]],
                    naive_arg(lane, false).unwrap(),
                    "axis {axis}, lane {o}"
                );
            }
        }
    }
}

/// `argmax_axis` / `argmin_axis` (and `max_axis` / `min_axis`, `sum_axis`)
/// over short contiguous lanes side by side
/// (the last axis of a C array, the first of an F one, the columns of a C
/// array sliced from a wider one), which go several lanes at a time for
/// `f64` and `f32`: lanes of 2 to 66 elements (around the threshold), 1 to
/// 17 of them (around two vectors' lanes), values from four (ties
/// everywhere) with NaNs first, inside and last in some lanes; against the
/// naive loops.
#[test]
fn arg_extremes_of_short_lanes_match_the_naive_loops() {
    let (widths, heights): (Vec<usize>, Vec<usize>) = if cfg!(miri) {
        (vec![3, 10], vec![9])
    } else {
        (
            (2..=25).chain([31, 32, 33, 63, 64, 65, 66]).collect(),
            vec![1, 3, 4, 5, 8, 9, 16, 17],
        )
    };
    for &n in &widths {
        for &m in &heights {
            let wide = Array::<f64, 2>::from_fn([m, n + 3], |[i, j]| match (i * 7 + j * 3) % 11 {
                0 if j % 5 == 0 => f64::NAN,
                r => (r % 4) as f64 - 1.5,
            })
            .unwrap();
            let c = wide
                .slice([Slice::FULL, Slice::range(0, n as isize)])
                .unwrap();
            let a = c.to_owned().unwrap();
            // The same lanes along the first axis of an F array.
            let f = a.t().to_contiguous::<stride_core::F>().unwrap();
            let f32s = a.map(|&x| x as f32).unwrap();
            for max in [true, false] {
                fn arg<O: stride_core::ContiguousOrder>(
                    x: Option<Array<usize, 1, O>>,
                ) -> Vec<usize> {
                    x.unwrap().as_slice().to_vec()
                }
                let want: Vec<usize> = (0..m)
                    .map(|r| naive_arg((0..n).map(|j| a[[r, j]]), max).unwrap())
                    .collect();
                let got = if max {
                    [
                        arg(a.argmax_axis(1).unwrap()),
                        arg(c.argmax_axis(-1).unwrap()),
                        arg(f.argmax_axis(0).unwrap()),
                        arg(f32s.argmax_axis(1).unwrap()),
                    ]
                } else {
                    [
                        arg(a.argmin_axis(1).unwrap()),
                        arg(c.argmin_axis(-1).unwrap()),
                        arg(f.argmin_axis(0).unwrap()),
                        arg(f32s.argmin_axis(1).unwrap()),
                    ]
                };
                for (g, how) in got.iter().zip(["C", "sliced", "F along axis 0", "f32"]) {
                    assert_eq!(g, &want, "{m} lanes of {n}, {how}, max {max}");
                }
                // The extremes themselves (lanes side by side up to 24
                // elements): the element at that index, to the bit.
                let val = |x: Option<Array<f64, 1>>| x.unwrap().as_slice().to_vec();
                let val32 = |x: Option<Array<f32, 1>>| x.unwrap().as_slice().to_vec();
                let (vals, sliced, vals32) = if max {
                    (
                        val(a.max_axis(1).unwrap()),
                        val(c.max_axis(1).unwrap()),
                        val32(f32s.max_axis(1).unwrap()),
                    )
                } else {
                    (
                        val(a.min_axis(1).unwrap()),
                        val(c.min_axis(1).unwrap()),
                        val32(f32s.min_axis(1).unwrap()),
                    )
                };
                // The sums (lanes side by side up to 15 elements), of
                // values whose sums round: each lane's own sum to the bit
                // (elements in order from zero).
                let rounding = wide.map(|&x| x / 3.0 + 0.1).unwrap();
                let rc = rounding
                    .slice([Slice::FULL, Slice::range(0, n as isize)])
                    .unwrap();
                let (ra, ra32) = (rc.to_owned().unwrap(), rc.map(|&x| x as f32).unwrap());
                let sums: Array<f64, 1> = ra.sum_axis(1).unwrap();
                let sums_sliced: Array<f64, 1> = rc.sum_axis(1).unwrap();
                let sums32: Array<f32, 1> = ra32.sum_axis(1).unwrap();
                for r in 0..m {
                    let at = format!("lane {r} of {m} lanes of {n}, max {max}");
                    let row = ra.index_axis::<1>(0, r as isize).unwrap().sum();
                    let row32 = ra32.index_axis::<1>(0, r as isize).unwrap().sum();
                    // (A NaN's bits after an addition are not specified, and
                    // Miri gives any.)
                    let same =
                        |x: f64, y: f64| x.to_bits() == y.to_bits() || x.is_nan() && y.is_nan();
                    assert!(same(sums[[r]], row), "sum {at}");
                    assert!(same(sums_sliced[[r]], row), "sliced sum {at}");
                    assert!(same(sums32[[r]] as f64, row32 as f64), "f32 sum {at}");
                    assert_eq!(vals[r].to_bits(), a[[r, want[r]]].to_bits(), "{at}");
                    assert_eq!(
                        sliced[r].to_bits(),
                        a[[r, want[r]]].to_bits(),
                        "sliced {at}"
                    );
                    assert_eq!(
                        vals32[r].to_bits(),
                        f32s[[r, want[r]]].to_bits(),
                        "f32 {at}"
                    );
                }
            }
        }
    }
}

/// The extremes of integers and where they lie, and their sums, whose loops
/// are branch-free selects and additions (built again for AVX2 where the
/// processor has it): short lanes side by side (1 to 100 elements, around
/// the four lanes at a time and the bounds of 32 and 64), rows folded eight
/// at a time and the rest one at a time (`argmax_axis(0)` of 1 to 17 rows,
/// and rows long enough for the extremes' eight-row fold), for signed and
/// unsigned types of every width; values from a few (ties everywhere) and
/// from the whole range (the type's least and greatest often); against the
/// naive loops. (Long runs: `integer_arg_extremes_of_long_runs_find_the_first`.)
#[test]
fn integer_reductions_match_the_naive_loops() {
    fn check<T>(name: &str, of: fn(u64) -> T)
    where
        T: Copy + PartialOrd + core::fmt::Debug + 'static,
        T: num_traits::Zero + core::ops::Add<Output = T>,
    {
        // Rows long enough for the extremes' eight-row fold (`tree8`).
        let long = stride_core::kernel::ROW_FOLD_BYTES / size_of::<T>() + 3;
        // Under Miri (for soundness: the values do not matter there), 9
        // lanes (two groups of four side by side and one left) of 5, 65 (one
        // at a time) and `long` elements, 9 rows (eight folded at a time and
        // one), three types.
        if cfg!(miri) && !["i64", "u8", "i32"].contains(&name) {
            return;
        }
        let (widths, heights): (Vec<usize>, Vec<usize>) = if cfg!(miri) {
            (vec![5, 65, long], vec![9])
        } else {
            (
                (1..=25)
                    .chain([31, 32, 33, 63, 64, 65, 66, 100, long])
                    .collect(),
                vec![1, 3, 4, 5, 8, 9, 16, 17],
            )
        };
        // The type's least and greatest, signed or not (all ones is -1 or
        // the greatest; the top bit alone the least or past the middle).
        let top = 1u64 << (8 * size_of::<T>() - 1);
        let edges = [of(0), of(u64::MAX), of(top), of(top - 1)];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for &n in &widths {
            for &m in &heights {
                for few in [true, false]
                    .into_iter()
                    .take(if cfg!(miri) { 1 } else { 2 })
                {
                    let mut draw = |_| {
                        let x = rng.below(u64::MAX);
                        match x % 11 {
                            _ if few => of(x % 3),
                            0 => edges[(x / 11 % 4) as usize],
                            _ => of(x),
                        }
                    };
                    let wide = Array::<T, 2>::from_fn([m, n + 2], &mut draw).unwrap();
                    let c = wide
                        .slice([Slice::FULL, Slice::range(1, n as isize + 1)])
                        .unwrap();
                    let a = c.to_owned().unwrap();
                    let f = a.t().to_contiguous::<stride_core::F>().unwrap();
                    let at = |r: usize, j: usize| a[[r, j]];
                    for max in [true, false] {
                        let case = format!("{name}: {m} x {n}, few {few}, max {max}");
                        let lanes: Vec<usize> = (0..m)
                            .map(|r| naive_arg((0..n).map(|j| at(r, j)), max).unwrap())
                            .collect();
                        let columns: Vec<usize> = (0..n)
                            .map(|j| naive_arg((0..m).map(|r| at(r, j)), max).unwrap())
                            .collect();
                        let idx = |x: Option<Array<usize, 1>>| x.unwrap().as_slice().to_vec();
                        let arg = |v: &View<T, 2, Strided>, axis| {
                            idx(if max {
                                v.argmax_axis(axis)
                            } else {
                                v.argmin_axis(axis)
                            }
                            .unwrap())
                        };
                        let ext = |v: &View<T, 2, Strided>, axis| {
                            let e: Option<Array<T, 1>> = if max {
                                v.max_axis(axis).unwrap()
                            } else {
                                v.min_axis(axis).unwrap()
                            };
                            e.unwrap().as_slice().to_vec()
                        };
                        let views = [
                            ("C", a.view().into_strided()),
                            ("sliced", c.into_strided()),
                            ("F", f.view().into_strided()),
                        ];
                        for (how, v) in &views {
                            let (x0, x1) = if *how == "F" { (1, 0) } else { (0, 1) };
                            assert_eq!(arg(v, x1), lanes, "{case}, {how}, along the lanes");
                            assert_eq!(arg(v, x0), columns, "{case}, {how}, across them");
                            let want: Vec<T> =
                                lanes.iter().enumerate().map(|(r, &j)| at(r, j)).collect();
                            assert_eq!(ext(v, x1), want, "{case}, {how}, extremes of lanes");
                            let want: Vec<T> =
                                columns.iter().enumerate().map(|(j, &r)| at(r, j)).collect();
                            assert_eq!(ext(v, x0), want, "{case}, {how}, extremes across");
                            // The sums (lanes side by side up to 256 bytes),
                            // of values too few to overflow.
                            if few && max && (size_of::<T>() >= 2 || 2 * n.max(m) <= 127) {
                                let sum = |k: usize, along: bool| {
                                    let len = if along { n } else { m };
                                    (0..len).fold(T::zero(), |t, i| {
                                        t + if along { at(k, i) } else { at(i, k) }
                                    })
                                };
                                let lane_sums: Vec<T> = (0..m).map(|r| sum(r, true)).collect();
                                let col_sums: Vec<T> = (0..n).map(|j| sum(j, false)).collect();
                                let got = |axis| {
                                    let s: Array<T, 1> = v.sum_axis(axis).unwrap();
                                    s.as_slice().to_vec()
                                };
                                assert_eq!(got(x1), lane_sums, "{case}, {how}, sums of lanes");
                                assert_eq!(got(x0), col_sums, "{case}, {how}, sums across");
                            }
                        }
                        let flat = naive_arg(a.iter().copied(), max);
                        let got = if max { a.argmax() } else { a.argmin() };
                        assert_eq!(got, flat, "{case}, flat");
                        let got = if max { a.max() } else { a.min() };
                        assert_eq!(got, flat.map(|k| at(k / n, k % n)), "{case}, flat extreme");
                    }
                }
            }
        }
    }
    check::<i8>("i8", |x| x as i8);
    check::<u8>("u8", |x| x as u8);
    check::<i16>("i16", |x| x as i16);
    check::<u16>("u16", |x| x as u16);
    check::<i32>("i32", |x| x as i32);
    check::<u32>("u32", |x| x as u32);
    check::<i64>("i64", |x| x as i64);
    check::<u64>("u64", |x| x);
    check::<isize>("isize", |x| x as isize);
    check::<usize>("usize", |x| x as usize);
}

/// `argmax` / `argmin` of integers over long contiguous runs, which go in
/// chunks of 1024 whose extreme is found first and then searched for in
/// blocks of 64: an extreme at each block's and chunk's edges, alone, with
/// an equal one later (the first wins) and with a greater one later (in a
/// later block or chunk), over the whole array and along a lane; against the
/// naive loops.
#[test]
fn integer_arg_extremes_of_long_runs_find_the_first() {
    fn check<T: Copy + PartialOrd + core::fmt::Debug + 'static>(name: &str, of: fn(u64) -> T) {
        // Under Miri (for soundness), one type, a chunk and a bit, three
        // places.
        if cfg!(miri) && name != "i64" {
            return;
        }
        let lens: &[usize] = if cfg!(miri) {
            &[1030]
        } else {
            &[63, 64, 65, 128, 1023, 1024, 1025, 2100]
        };
        for &len in lens {
            let places: Vec<usize> = if cfg!(miri) {
                vec![0, 64, len - 1]
            } else {
                [0, 1, 63, 64, 65, 1023, 1024, 1040, len - 1]
                    .into_iter()
                    .filter(|&p| p < len)
                    .collect()
            };
            for &p in &places {
                for (q, beyond) in places
                    .iter()
                    .filter(|&&q| q > p)
                    .flat_map(|&q| [(Some(q), false), (Some(q), true)])
                    .chain([(None, false)])
                {
                    // Values 10 to 12; the largest 20 at `p` (21 at `q`
                    // where `beyond`, else 20 again), the least 5 at `p`
                    // (4 or 5 at `q`).
                    let mut hi: Vec<T> = (0..len).map(|i| of(10 + (i % 3) as u64)).collect();
                    let mut lo = hi.clone();
                    hi[p] = of(20);
                    lo[p] = of(5);
                    if let Some(q) = q {
                        hi[q] = of(if beyond { 21 } else { 20 });
                        lo[q] = of(if beyond { 4 } else { 5 });
                    }
                    let want = if beyond { q.unwrap() } else { p };
                    let case = format!("{name}: {len} elements, {p} then {q:?}, beyond {beyond}");
                    let hi = Array::<T, 2>::from_vec([1, len], hi).unwrap();
                    let lo = Array::<T, 2>::from_vec([1, len], lo).unwrap();
                    assert_eq!(hi.argmax(), Some(want), "{case}, argmax");
                    assert_eq!(lo.argmin(), Some(want), "{case}, argmin");
                    let along = |x: Option<Array<usize, 1>>| x.unwrap()[[0]];
                    assert_eq!(along(hi.argmax_axis(1).unwrap()), want, "{case}, along");
                    assert_eq!(along(lo.argmin_axis(1).unwrap()), want, "{case}, along");
                    assert_eq!(hi.max(), Some(of(if beyond { 21 } else { 20 })), "{case}");
                    assert_eq!(lo.min(), Some(of(if beyond { 4 } else { 5 })), "{case}");
                }
            }
        }
    }
    check::<i8>("i8", |x| x as i8);
    check::<u8>("u8", |x| x as u8);
    check::<u16>("u16", |x| x as u16);
    check::<i32>("i32", |x| x as i32);
    check::<u64>("u64", |x| x);
    check::<i64>("i64", |x| x as i64);
}

#[test]
fn reductions_match_the_naive_loops() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    reductions::<1, 0>(&mut rng);
    reductions::<2, 1>(&mut rng);
    reductions::<3, 2>(&mut rng);
    reductions::<4, 3>(&mut rng);
    reductions::<5, 4>(&mut rng);
    reductions::<6, 5>(&mut rng);
    arg_extremes::<1, 0>(&mut rng);
    arg_extremes::<2, 1>(&mut rng);
    arg_extremes::<3, 2>(&mut rng);
    arg_extremes::<4, 3>(&mut rng);
    arg_extremes::<5, 4>(&mut rng);
    arg_extremes::<6, 5>(&mut rng);
    // Rank 0: the one element.
    let one = Array::<i64, 0>::from_vec([], vec![42]).unwrap();
    assert_eq!(one.sum(), 42);
    assert_eq!(one.product(), 42);
    assert_eq!(one.mean(), Some(42));
    assert_eq!((one.max(), one.min()), (Some(42), Some(42)));
    assert_eq!((one.argmax(), one.argmin()), (Some(0), Some(0)));
    assert_eq!(one.fold(1, |a, &x| a + x), 43);
    let mut seen = Vec::new();
    one.for_each(|&x| seen.push(x));
    assert_eq!(seen, [42]);
    let half = Array::<f64, 0>::from_vec([], vec![-0.5]).unwrap();
    assert_eq!(
        (half.sum(), half.product(), half.mean()),
        (-0.5, -0.5, Some(-0.5))
    );
}

/// The sign of zero as NumPy 2.4 gives it (checked with `np.sum`, `sum(axis=…)`,
/// `np.prod`, `np.mean` on `np.full(n, -0.0)`): sums and means start from
/// `+0.0`, so a sum of negative zeros is `+0.0`; a product of them keeps its
/// sign (`1 * -0.0`). Every path: short and long runs (the vector sums and the
/// generic fold), strided runs, several runs, `sum_axis` along either axis.
/// Views whose type says C or F take one run from their offset without a
/// plan: sums, products, in-place maps and fills over such views that start
/// inside their buffer, against the elements by index.
#[test]
fn typed_packed_views_with_an_offset_reduce_and_update_their_own_elements() {
    use stride_core::{C, F, Layout, ViewMut};
    let data: Vec<i64> = (0..40).map(|x| x * 3 - 50).collect();
    let c = Layout::from_parts([3, 4], [4, 1], 7)
        .unwrap()
        .try_order::<C>()
        .unwrap();
    let f = Layout::from_parts([3, 4], [1, 3], 5)
        .unwrap()
        .try_order::<F>()
        .unwrap();
    let (vc, vf) = (
        View::from_slice(&data, c).unwrap(),
        View::from_slice(&data, f).unwrap(),
    );
    let ec: Vec<i64> = indices([3, 4]).into_iter().map(|i| vc[i]).collect();
    let ef: Vec<i64> = indices([3, 4]).into_iter().map(|i| vf[i]).collect();
    assert_eq!(vc.sum(), ec.iter().sum::<i64>());
    assert_eq!(vf.sum(), ef.iter().sum::<i64>());
    assert_eq!(vf.product(), ef.iter().product::<i64>());
    let mut buf = data.clone();
    let mut m = ViewMut::from_slice(&mut buf, c).unwrap();
    m.map_inplace(|x| *x = -*x);
    let mut buf2 = data.clone();
    ViewMut::from_slice(&mut buf2, f).unwrap().fill(9);
    for (k, (&x, (&y, &z))) in data.iter().zip(buf.iter().zip(&buf2)).enumerate() {
        let in_c = (7..19).contains(&k);
        let in_f = (5..17).contains(&k);
        assert_eq!(y, if in_c { -x } else { x }, "{k}");
        assert_eq!(z, if in_f { 9 } else { x }, "{k}");
    }
}

/// Small copies of packed views that start inside their buffer (one byte copy
/// each), of plain numbers and of a type with a drop: into new arrays in
/// either order and into given outputs, against the elements by index.
#[test]
fn small_copies_of_packed_views_with_an_offset() {
    use std::rc::Rc;
    use stride_core::{C, F};
    let data: Vec<i64> = (0..40).map(|x| x * 7 - 100).collect();
    let rcs: Vec<Rc<i64>> = data.iter().map(|&x| Rc::new(x)).collect();
    for (shape, off) in [([3, 4], 9), ([1, 5], 3), ([4, 1], 30), ([2, 3], 0)] {
        for f in [false, true] {
            let st = if f {
                [1, shape[0] as isize]
            } else {
                [shape[1] as isize, 1]
            };
            let l = stride_core::Layout::from_parts(shape, st, off).unwrap();
            let v = View::from_slice(&data, l).unwrap();
            let want: Vec<i64> = indices(shape).into_iter().map(|i| v[i]).collect();
            let c = v.to_contiguous::<C>().unwrap();
            let fo = v.to_contiguous::<F>().unwrap();
            let mut given = Array::<i64, 2>::zeros(shape).unwrap();
            given.assign(&v).unwrap();
            let r = View::from_slice(&rcs, l).unwrap().to_owned().unwrap();
            for (k, idx) in indices(shape).into_iter().enumerate() {
                assert_eq!(
                    (c[idx], fo[idx], given[idx], *r[idx]),
                    (want[k], want[k], want[k], want[k])
                );
            }
        }
    }
}

/// Empty views may start past their buffer (row 2 of a 3x0 array: offset 2
/// of an empty buffer): the fast paths for packed operands took a pointer to
/// that first element (undefined behaviour: an offset past the allocation).
/// Every call here has no element to touch; Miri checks the pointers.
#[test]
fn empty_packed_views_past_their_buffer_touch_nothing() {
    let a = Array::<f64, 2>::zeros([3, 0]).unwrap();
    let row: View<'_, f64, 1> = a.index_axis(0, 2).unwrap();
    assert_eq!((row.shape(), row.layout().offset()), (&[0], 2));
    assert_eq!(row.to_owned().unwrap().shape(), &[0]);
    assert_eq!(row.to_contiguous::<stride_core::F>().unwrap().shape(), &[0]);
    assert_eq!(row.map(|x| *x).unwrap().shape(), &[0]);
    assert_eq!(row.zip_with(&row, |x, y| x + y).unwrap().shape(), &[0]);
    assert_eq!(row.sum(), 0.0);
    let mut o = Array::<f64, 1>::zeros([0]).unwrap();
    o.view_mut()
        .zip_with_into(&row, &row, |x, y| x + y)
        .unwrap();
    o.assign(&row).unwrap();
    o.view_mut().zip_assign(&row, |x, y| x + y).unwrap();
    let mut b = Array::<f64, 2>::zeros([3, 0]).unwrap();
    let mut brow = b.view_mut().index_axis(0, 2).unwrap();
    brow.assign(&row).unwrap();
    brow.zip_with_into(&row, &row, |x, y| x * y).unwrap();
    brow.map_inplace(|x| *x += 1.0);
    brow.fill(3.0);
}

#[test]
fn sums_of_negative_zeros_are_positive_zero_as_in_numpy() {
    fn check<T>(neg: T)
    where
        T: core::fmt::Debug + num_traits::Float + num_traits::FromPrimitive,
    {
        let pos_zero = |x: T| x.is_zero() && x.is_sign_positive();
        for n in [1, 3, 8, 17, 100] {
            let a = Array::<T, 2>::from_vec([2, n], vec![neg; 2 * n]).unwrap();
            let every_other = a.view().slice_axis(1, Slice::new(None, None, 2)).unwrap();
            for s in [a.sum(), a.t().sum(), every_other.sum(), a.mean().unwrap()] {
                assert!(pos_zero(s), "{n}: {s:?}");
            }
            for axis in [0, 1] {
                let s: Array<T, 1> = a.sum_axis(axis).unwrap();
                assert!(s.iter().all(|&x| pos_zero(x)), "{n}, axis {axis}");
            }
            let one = Array::<T, 1>::from_vec([1], vec![neg]).unwrap();
            assert!(one.product().is_sign_negative() && one.product().is_zero());
        }
    }
    check(-0.0f64);
    check(-0.0f32);
}

#[test]
fn a_transposed_copy_is_tiled_and_right() {
    let a = Array::<u32, 2>::from_fn([67, 129], |[i, j]| (i * 1000 + j) as u32).unwrap();
    let ops = Operands {
        shape: [129, 67],
        strides: [[67, 1], *a.t().strides()],
        offsets: [0, 0],
    };
    let nest = Nest::plan(&ops, Priority::Operand(0), 32);
    assert_eq!(nest.tiling(), Some((1, 0, 32)));
    let t = a.t().to_owned().unwrap();
    for i in 0..129 {
        for j in 0..67 {
            assert_eq!(t[[i, j]], a[[j, i]]);
        }
    }
    // The reverse direction, into an F array, and a reversed source.
    let f = a
        .view()
        .slice([Slice::REVERSE, Slice::FULL])
        .unwrap()
        .to_contiguous::<stride_core::F>()
        .unwrap();
    assert_eq!(f[[0, 5]], a[[66, 5]]);
}

/// Every operator (by reference, by value, scalars on either side, unary)
/// against the naive loop over the same logical elements.
fn operators<const R: usize>(rng: &mut Rng) {
    for _ in 0..CASES.div_ceil(4) {
        let (l, len) = random_layout::<R>(rng, true);
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        let (l2, len2) = shaped_layout::<R>(rng, *l.shape(), true);
        let data2 = values(len2, rng);
        let w = View::from_slice(&data2, l2).unwrap();
        let xs: Vec<i64> = v.iter().copied().collect();
        let ys: Vec<i64> = w.iter().copied().collect();
        // Nonzero divisors; shift amounts below 8.
        let d = w.map(|&y| if y == 0 { 7 } else { y }).unwrap();
        let sh = w.map(|&y| y & 7).unwrap();
        let ds: Vec<i64> = d.iter().copied().collect();
        let shs: Vec<i64> = sh.iter().copied().collect();
        macro_rules! check {
            ($got:expr, $other:expr, |$x:ident, $y:ident| $want:expr) => {{
                let got = $got;
                assert_eq!(got.shape(), l.shape());
                let want: Vec<i64> = xs
                    .iter()
                    .zip($other.iter())
                    .map(|(&$x, &$y)| $want)
                    .collect();
                assert!(
                    got.iter().eq(want.iter()),
                    "{}: {l:?} {l2:?}",
                    stringify!($got)
                );
            }};
        }
        check!(&v + &w, ys, |x, y| x + y);
        check!(&v - &w, ys, |x, y| x - y);
        check!(&v * &w, ys, |x, y| x * y);
        check!(&v / &d.view(), ds, |x, y| x / y);
        check!(&v % &d, ds, |x, y| x % y);
        check!(&v & &w, ys, |x, y| x & y);
        check!(&v | &w, ys, |x, y| x | y);
        check!(&v ^ &w, ys, |x, y| x ^ y);
        check!(&v << &sh, shs, |x, y| x << y);
        check!(&v >> &sh, shs, |x, y| x >> y);
        // Scalars on either side; unary operators.
        check!(&v + 5, xs, |x, _y| x + 5);
        check!(5 - &v, xs, |x, _y| 5 - x);
        check!(&v % 7, xs, |x, _y| x % 7);
        check!(1000 / &d, ds, |_x, y| 1000 / y);
        check!(3 ^ &v, xs, |x, _y| 3 ^ x);
        check!(&v >> 2, xs, |x, _y| x >> 2);
        check!(-&v, xs, |x, _y| -x);
        check!(!&v, xs, |x, _y| !x);
        // By value: the owned operand's buffer, order and type are kept.
        let o = v.to_contiguous::<stride_core::F>().unwrap();
        let p = o.as_ptr();
        let r: Array<i64, R, stride_core::F> = o - &w;
        assert_eq!(r.as_ptr(), p);
        check!(&r, ys, |x, y| x - y);
        let o = v.to_contiguous::<stride_core::C>().unwrap();
        let p = o.as_ptr();
        let r: Array<i64, R> = &w - o;
        assert_eq!(r.as_ptr(), p);
        check!(&r, ys, |x, y| y - x);
        let r = -(2 * (r * 3 + 1));
        assert_eq!(r.as_ptr(), p);
        check!(&r, ys, |x, y| -(2 * ((y - x) * 3 + 1)));
        // Compound assignments into a random unique view of the shape, from a
        // view (broadcast or windows at times) and from a scalar; elements
        // outside the view stay as they were.
        let (ld, lend) = shaped_layout::<R>(rng, *l.shape(), false);
        let mut dd = values(lend, rng);
        let before = dd.clone();
        let mut want = xs.clone();
        {
            let mut dst = stride_core::ViewMut::<i64, R, Strided>::from_slice(&mut dd, ld).unwrap();
            dst.assign(&v).unwrap();
            macro_rules! update {
                ($op:tt, $rhs:expr, $other:expr, |$x:ident, $y:ident| $new:expr) => {{
                    dst $op $rhs;
                    for (w, &$y) in want.iter_mut().zip($other.iter()) {
                        let $x = *w;
                        *w = $new;
                    }
                    assert!(
                        dst.iter().eq(want.iter()),
                        "{} {}: {l:?} {l2:?} -> {ld:?}",
                        stringify!($op),
                        stringify!($rhs)
                    );
                }};
            }
            update!(-=, &w, ys, |x, y| x - y);
            update!(+=, &w, ys, |x, y| x + y);
            update!(*=, &w, ys, |x, y| x * y);
            update!(/=, &d.view(), ds, |x, y| x / y);
            update!(%=, &d, ds, |x, y| x % y);
            update!(&=, &w, ys, |x, y| x & y);
            update!(|=, &w, ys, |x, y| x | y);
            update!(^=, &w, ys, |x, y| x ^ y);
            update!(<<=, &sh, shs, |x, y| x << y);
            update!(>>=, &sh, shs, |x, y| x >> y);
            update!(-=, 3, xs, |x, _y| x - 3);
            update!(*=, -2, xs, |x, _y| x * -2);
            update!(/=, 3, xs, |x, _y| x / 3);
            update!(%=, 5, xs, |x, _y| x % 5);
            update!(|=, 6, xs, |x, _y| x | 6);
            update!(<<=, 2, xs, |x, _y| x << 2);
        }
        untouched_outside(&ld, &dd, &before);
    }
}

for_ranks!(0x9E37_79B9_7F4A_7C15, miri up to 6; operators_match_the_naive_loops, operators);

#[test]
fn by_value_operators_broadcast_up_into_a_new_array_of_their_order() {
    let col = Array::<i64, 2, stride_core::F>::from_vec([3, 1], vec![1, 2, 3]).unwrap();
    let row = Array::<i64, 2>::from_vec([1, 4], vec![10, 20, 30, 40]).unwrap();
    let p = col.as_ptr();
    // `col` cannot hold the (3, 4) result: a new F array.
    let outer: Array<i64, 2, stride_core::F> = col * &row;
    assert_ne!(outer.as_ptr(), p);
    assert_eq!(outer.shape(), &[3, 4]);
    assert_eq!(
        outer.as_slice(),
        &[10, 20, 30, 20, 40, 60, 30, 60, 90, 40, 80, 120]
    );
    // The owned operand on the right: a new array in its order (C).
    let col = Array::<i64, 2>::from_vec([3, 1], vec![1, 2, 3]).unwrap();
    let diff: Array<i64, 2> = &col.view() - row;
    assert_eq!(
        diff.as_slice(),
        &[-9, -19, -29, -39, -8, -18, -28, -38, -7, -17, -27, -37]
    );
    // Both by value: the right's buffer when the left cannot hold the result
    // and the right has its shape and the left's order (C); the operands keep
    // their sides (`row - image`, not `image - row`).
    let image =
        Array::<i64, 3>::from_fn([2, 3, 4], |[i, j, k]| (100 * i + 10 * j + k) as i64).unwrap();
    let want: Array<i64, 3> = &Array::<i64, 1>::from_vec([4], vec![1, 2, 3, 4]).unwrap() - &image;
    let (p, q) = (image.as_ptr(), image.clone());
    let row1 = Array::<i64, 1>::from_vec([4], vec![1, 2, 3, 4]).unwrap();
    let got: Array<i64, 3> = row1.clone() - image;
    assert_eq!(got.as_ptr(), p);
    assert_eq!(got.as_slice(), want.as_slice());
    // An F image is not C: a new C array.
    let f = q.view().to_contiguous::<stride_core::F>().unwrap();
    let pf = f.as_ptr();
    let got: Array<i64, 3> = row1 - f;
    assert_ne!(got.as_ptr(), pf);
    assert_eq!(got.as_slice(), want.as_slice());
    // Neither holds the result (3, 1) with (1, 4): a new array.
    let col = Array::<i64, 2>::from_vec([3, 1], vec![1, 2, 3]).unwrap();
    let row = Array::<i64, 2>::from_vec([1, 4], vec![10, 20, 30, 40]).unwrap();
    assert_eq!((col - row)[[2, 3]], -37);
}

#[test]
fn operators_broadcast_operands_of_different_ranks() {
    // NumPy's rule: the lower rank gains leading axes of length 1.
    let a = Array::<i64, 3>::from_fn([2, 3, 4], |[i, j, k]| (100 * i + 10 * j + k) as i64).unwrap();
    let row = Array::<i64, 1>::from_vec([4], vec![1, 2, 3, 4]).unwrap();
    let col = Array::<i64, 2>::from_vec([3, 1], vec![1000, 2000, 3000]).unwrap();
    let s: Array<i64, 3> = &a + &row;
    let t: Array<i64, 3> = &row - &a.view();
    let u: Array<i64, 3> = &col.view() * &a;
    let z = Array::<i64, 0>::from_vec([], vec![7]).unwrap();
    let w: Array<i64, 3, stride_core::F> = &a.t() % &z; // a.t() is F: so is the result
    for [i, j, k] in indices([2, 3, 4]) {
        let x = a[[i, j, k]];
        assert_eq!(s[[i, j, k]], x + row[[k]]);
        assert_eq!(t[[i, j, k]], row[[k]] - x);
        assert_eq!(u[[i, j, k]], col[[j, 0]] * x);
        assert_eq!(w[[k, j, i]], x % 7);
    }
    // The result keeps the order of the operand of the larger rank (NumPy's
    // `order='K'`): an F image plus a (C) row is F, on either side.
    let img = a.view().to_contiguous::<stride_core::F>().unwrap();
    let s4: Array<i64, 3, stride_core::F> = &img + &row;
    let s5: Array<i64, 3, stride_core::F> = &row.view() - &img;
    assert!(s4.iter().eq(s.iter()));
    assert!(s5.iter().eq(t.iter()));
    // By value: the owned operand's buffer when it has the result's shape.
    let f = a.view().to_contiguous::<stride_core::F>().unwrap();
    let p = f.as_ptr();
    let s2: Array<i64, 3, stride_core::F> = f + &row;
    assert_eq!(s2.as_ptr(), p);
    assert!(s2.iter().eq(s.iter()));
    let c = a.clone();
    let p = c.as_ptr();
    let t2: Array<i64, 3> = &row - c;
    assert_eq!(t2.as_ptr(), p);
    assert!(t2.iter().eq(t.iter()));
    // An owned operand of the lower rank cannot hold the result: a new array.
    let r = row.clone();
    let s3: Array<i64, 3> = r + &a;
    assert!(s3.iter().eq(s.iter()));
    let t3: Array<i64, 3> = &a.view() * col.clone();
    assert!(t3.iter().eq(u.iter()));
    // Of two ranks, an outer product: (3, 1) and (4,) give (3, 4).
    let outer: Array<i64, 2> = &col + &row;
    assert_eq!(outer.shape(), &[3, 4]);
    assert_eq!(outer[[2, 3]], 3004);
    // `zip_with` broadcasts ranks as the operators do, with the same orders.
    let zs = a.zip_with(&row.view(), |x, y| x + y).unwrap();
    let zt = row.view().zip_with(&a.view(), |y, x| y - x).unwrap();
    let zw: Array<i64, 3, stride_core::F> = a.t().zip_with(&z.view(), |x, y| x % y).unwrap();
    let z4: Array<i64, 3, stride_core::F> = row.zip_with(&img.view(), |y, x| x + y).unwrap();
    assert!(zs.iter().eq(s.iter()) && zt.iter().eq(t.iter()) && zw.iter().eq(w.iter()));
    assert!(z4.iter().eq(s4.iter()));
    let e = row.zip_with(&a.view().index_axis::<2>(2, 0).unwrap(), |x, y| x + y);
    assert_eq!(
        e.unwrap_err().to_string(),
        "shapes do not broadcast together: axis 1 has length 4 in one shape and 3 in another"
    );
}

#[test]
#[should_panic(expected = "operands could not be broadcast together with shapes [2, 3, 4] and [3]")]
fn operators_of_different_ranks_say_which_shapes_do_not_broadcast() {
    let a = Array::<f64, 3>::zeros([2, 3, 4]).unwrap();
    let b = Array::<f64, 1>::zeros([3]).unwrap();
    let _ = &a + &b;
}

#[test]
#[should_panic(expected = "operands could not be broadcast together with shapes [2, 3] and [2, 4]")]
fn by_value_operators_say_which_shapes_do_not_broadcast() {
    let a = Array::<f64, 2>::zeros([2, 3]).unwrap();
    let b = Array::<f64, 2>::zeros([2, 4]).unwrap();
    let _ = a + &b;
}

#[test]
#[should_panic(expected = "operands could not be broadcast together with shapes [2, 3] and [2, 4]")]
fn operators_say_which_shapes_do_not_broadcast() {
    let a = Array::<f64, 2>::zeros([2, 3]).unwrap();
    let b = Array::<f64, 2>::zeros([2, 4]).unwrap();
    let _ = &a + &b;
}

#[test]
fn tiled_library_operations_match_the_naive_loops() {
    // Shapes past half a tile edge, so that the transposed operands are tiled.
    let (m, n) = if cfg!(miri) { (17, 19) } else { (70, 45) };
    let a = Array::<i64, 2>::from_fn([m, n], |[i, j]| (i * 1000 + j) as i64).unwrap();
    let b = Array::<i64, 2>::from_fn([n, m], |[i, j]| (i * 7 + j * 3) as i64).unwrap();
    // out = a + b.T (b.T is F-ordered: the operands disagree on the fastest axis).
    let s = &a + &b.t();
    for i in 0..m {
        for j in 0..n {
            assert_eq!(s[[i, j]], a[[i, j]] + b[[j, i]]);
        }
    }
    // a += b.T, into a reversed view.
    let mut c = a.clone();
    let mut rev = c.view_mut().slice([Slice::REVERSE, Slice::FULL]).unwrap();
    rev += &b.t();
    for i in 0..m {
        for j in 0..n {
            assert_eq!(c[[m - 1 - i, j]], a[[m - 1 - i, j]] + b[[j, i]]);
        }
    }
    // The F copy of a C array and back.
    let f = a.to_contiguous::<stride_core::F>().unwrap();
    assert_eq!(f, a);
    assert_eq!(
        f.to_contiguous::<stride_core::C>().unwrap().as_slice(),
        a.as_slice()
    );
}

#[test]
fn small_new_arrays_become_vecs_that_grow_and_drop() {
    // A new array's buffer below the huge-page threshold comes from the
    // allocator directly with a `Vec`'s layout: it becomes a `Vec` without a
    // copy, which may then grow and free it (Miri checks the layouts agree).
    let a = Array::<f64, 2>::from_fn([3, 5], |[i, j]| (i * 5 + j) as f64).unwrap();
    let grows = |p: *const f64, mut v: Vec<f64>| {
        assert_eq!(v.as_ptr(), p, "moved, not copied");
        v.extend((0..100).map(f64::from));
        assert_eq!((v.len(), v[1], v[14], v[114]), (115, 2.0, 28.0, 99.0));
    };
    let b = &a * 2.0;
    grows(b.as_ptr(), b.into_vec());
    let f = a.t().map(|&x| 2.0 * x).unwrap(); // F order: a's memory order
    grows(f.as_ptr(), f.into_vec());
    let counter = std::rc::Rc::new(());
    let s = Array::<std::rc::Rc<()>, 1>::from_elem([7], counter.clone()).unwrap();
    let r = s.map(std::rc::Rc::clone).unwrap();
    assert_eq!(std::rc::Rc::strong_count(&counter), 15);
    let mut v = r.into_vec();
    v.truncate(2);
    drop((s, v));
    assert_eq!(std::rc::Rc::strong_count(&counter), 1);
    // Larger buffers below the huge-page threshold too.
    let m = Array::<f64, 2>::from_fn([16, 40], |[i, j]| (i * 40 + j) as f64).unwrap();
    for b in [m.clone(), &m * 1.0, m.view().to_owned().unwrap()] {
        let p = b.as_ptr();
        let mut v = b.into_vec();
        assert_eq!(v.as_ptr(), p, "moved, not copied");
        v.push(-1.0);
        assert_eq!((v.len(), v[0], v[639], v[640]), (641, 0.0, 639.0, -1.0));
    }
    // Zero-sized elements and empty arrays allocate nothing.
    assert_eq!(
        Array::<(), 1>::from_elem([9], ())
            .unwrap()
            .map(|_| ())
            .unwrap()
            .into_vec()
            .len(),
        9
    );
    assert!(
        Array::<f64, 2>::zeros([0, 4])
            .unwrap()
            .map(|&x| x)
            .unwrap()
            .into_vec()
            .is_empty()
    );
}

#[test]
fn unit_runs_at_every_alignment() {
    // Contiguous runs of 0 to 100 elements starting 0 to 7 elements into a
    // buffer (the vectorised loops' heads and tails at every alignment): the
    // methods with a unit-stride loop of their own, against the plain sums.
    let n = 120;
    let a = Array::<f64, 1>::from_fn([n], |[i]| i as f64).unwrap();
    let b = Array::<f64, 1>::from_fn([n], |[i]| (1000 + 3 * i) as f64).unwrap();
    let lens: &[usize] = if cfg!(miri) {
        &[0, 1, 33]
    } else {
        &[0, 1, 31, 32, 33, 37, 64, 100]
    };
    for oa in 0..8 {
        for ob in [0, 3] {
            for od in [0, 1, 2, 5] {
                for &len in lens {
                    let va = a
                        .view()
                        .slice_axis(0, Slice::range(oa, oa + len as isize))
                        .unwrap();
                    let vb = b
                        .view()
                        .slice_axis(0, Slice::range(ob, ob + len as isize))
                        .unwrap();
                    let want =
                        |k: usize| (oa as usize + k) as f64 + (1000 + 3 * (ob as usize + k)) as f64;
                    let mut out = Array::<f64, 1>::from_elem([n], -1.0).unwrap();
                    let range = Slice::range(od, od + len as isize);
                    out.view_mut()
                        .slice_axis(0, range)
                        .unwrap()
                        .zip_with_into(&va, &vb, |x, y| x + y)
                        .unwrap();
                    let (o, l) = (od as usize, len);
                    assert!(
                        (0..l).all(|k| out[[o + k]] == want(k)),
                        "{oa} {ob} {od} {len}"
                    );
                    assert!(
                        (0..n)
                            .filter(|&i| i < o || i >= o + l)
                            .all(|i| out[[i]] == -1.0)
                    );
                    // In place: += a view, then *= a scalar.
                    let mut acc = out.view_mut().slice_axis(0, range).unwrap();
                    acc += &va;
                    acc.map_inplace(|x| *x *= 2.0);
                    let twice = |k: usize| 2.0 * (want(k) + (oa as usize + k) as f64);
                    assert!(
                        (0..l).all(|k| out[[o + k]] == twice(k)),
                        "{oa} {ob} {od} {len}"
                    );
                    // A new array.
                    let m = vb.map(|x| 3.0 * x).unwrap();
                    let thrice = |k: usize| 3.0 * (1000 + 3 * (ob as usize + k)) as f64;
                    assert!((0..l).all(|k| m[[k]] == thrice(k)));
                }
            }
        }
    }
}

/// Unit-stride runs on both sides of the length from which the elementwise
/// loops take their AVX2 build (256 bytes of output, where the processor has
/// AVX2): `map`, `zip_with_into` (both inputs, and each one broadcast),
/// `zip_assign`, a broadcast update, `map_inplace` and the operators, with a
/// scalar the closures capture by reference, against the naive loops (the
/// same operations in the same order: the same bits), for elements of 1, 4
/// and 8 bytes. The given outputs start at `skips` elements past a 32-byte
/// boundary, so that the AVX2 build's head (the elements before the
/// boundary, written first) takes every length it can, and none.
fn runs_of_every_width<T>(lens: &[usize], skips: &[usize], of: impl Fn(usize) -> T, c: T)
where
    T: Copy
        + PartialEq
        + core::fmt::Debug
        + core::ops::Add<Output = T>
        + core::ops::Mul<Output = T>
        + stride_core::kernel::Scalar,
{
    for &len in lens {
        let a = Array::<T, 1>::from_fn([len], |[k]| of(k)).unwrap();
        let b = Array::<T, 1>::from_fn([len], |[k]| of(3 * k + 1)).unwrap();
        let one = Array::<T, 1>::from_fn([1], |_| of(7)).unwrap();
        let (x, y, z) = (|k| of(k), |k| of(3 * k + 1), of(7));
        // Whether `got`, any view or array of rank 1, holds `want(k)` at each `k`.
        macro_rules! same {
            ($got:expr, $want:expr) => {
                (0..len).all(|k| $got[[k]] == $want(k))
            };
        }
        let m = a.map(|&v| v * c + c).unwrap();
        assert!(same!(m, |k| x(k) * c + c), "map {len}");
        let s = &a + &b;
        assert!(same!(s, |k| x(k) + y(k)), "a + b {len}");
        let p = &a * c;
        assert!(same!(p, |k| x(k) * c), "a * c {len}");
        // 32 bytes more than the output, to start it `skip` elements past
        // the first boundary.
        let mut room = Array::<T, 1>::from_fn([len + 32], |_| c).unwrap();
        // (`align_offset` may answer `usize::MAX`: then from 0.)
        let to_boundary = Some(room.as_ptr().align_offset(32))
            .filter(|&k| k < 32)
            .unwrap_or(0);
        for &skip in skips {
            let start = to_boundary + skip;
            if start + len > room.size() {
                continue;
            }
            let mut out = room
                .view_mut()
                .slice_axis(0, Slice::range(start as isize, (start + len) as isize))
                .unwrap();
            let at = format!("{len} elements, {skip} past a boundary");
            out.zip_with_into(&a.view(), &b.view(), |&p, &q| p * c + q)
                .unwrap();
            assert!(same!(out, |k| x(k) * c + y(k)), "zip {at}");
            out.zip_with_into(&one.view(), &b.view(), |&p, &q| p * c + q)
                .unwrap();
            assert!(same!(out, |k| z * c + y(k)), "zip, first broadcast {at}");
            out.zip_with_into(&a.view(), &one.view(), |&p, &q| p * c + q)
                .unwrap();
            assert!(same!(out, |k| x(k) * c + z), "zip, second broadcast {at}");
            out.zip_assign(&b.view(), |&o, &q| o + q * c).unwrap();
            assert!(same!(out, |k| x(k) * c + z + y(k) * c), "update {at}");
            out.zip_assign(&one.view(), |&o, &q| o * q).unwrap();
            assert!(
                same!(out, |k| (x(k) * c + z + y(k) * c) * z),
                "broadcast update {at}"
            );
            out.map_inplace(|v| *v = *v + c);
            assert!(
                same!(out, |k| (x(k) * c + z + y(k) * c) * z + c),
                "map_inplace {at}"
            );
            out.assign(&a.view()).unwrap();
            assert!(same!(out, x), "assign {at}");
        }
    }
}

#[test]
fn wide_and_narrow_runs_of_every_width_match_the_naive_loops() {
    let lens: &[usize] = if cfg!(miri) {
        &[0, 3, 33, 65]
    } else {
        &[
            0, 1, 15, 31, 32, 33, 63, 64, 65, 100, 255, 256, 257, 300, 1000,
        ]
    };
    runs_of_every_width(lens, &[0, 1, 7, 17, 31], |k| (k % 5) as u8, 2u8);
    runs_of_every_width(lens, &[0, 1, 3, 7], |k| k as i32 - 50, -7i32);
    // Values whose products and sums round (not dyadic): a contracted
    // multiply-add in one build of a loop would change some results' bits.
    runs_of_every_width(lens, &[0, 1, 5, 7], |k| k as f32 * 0.1 - 9.3, 1.0 / 3.0);
    runs_of_every_width(lens, &[0, 1, 2, 3], |k| k as f64 * 0.1 - 11.7, -1.0 / 3.0);
}

#[test]
#[cfg_attr(miri, ignore = "allocates 40 MiB")]
fn large_arrays_live_in_huge_page_buffers() {
    // 40 MiB: past the 4 MiB threshold, so the buffer is 2 MiB-aligned and
    // advised to use huge pages; everything else is as for a small one.
    let n = 5 << 20;
    let a = Array::<f64, 1>::from_fn([n], |[i]| i as f64).unwrap();
    assert_eq!(a.as_ptr() as usize % (2 << 20), 0);
    let b = &a * 2.0;
    assert_eq!(b.as_ptr() as usize % (2 << 20), 0);
    assert_eq!(b[[n - 1]], 2.0 * (n - 1) as f64);
    let c = b.clone();
    assert_eq!(c, b);
    let v = c.into_vec(); // copied out of the aligned allocation into a Vec
    assert_eq!((v.len(), v[12345]), (n, 24690.0));
    // New arrays of 8 MiB and more copied from runs long enough to stream:
    // their pages faulted in first, then written with non-temporal stores
    // (`to_owned` of the whole array; a slice whose 2047-element rows start
    // at every alignment in the output).
    let d = b.view().to_owned().unwrap();
    assert_eq!(d, b);
    let (rows, cols) = (2200, 2400);
    let m = Array::<f64, 2>::from_fn([rows, cols], |[i, j]| (i * cols + j) as f64).unwrap();
    let part = m.view().slice_axis(1, Slice::range(1, 2048)).unwrap();
    let e = part.to_owned().unwrap();
    assert_eq!(e.as_ptr() as usize % (2 << 20), 0);
    assert_eq!(e.shape(), &[rows, 2047]);
    for i in [0, 1, 7, 1234, rows - 1] {
        for j in [0, 1, 3, 1000, 2046] {
            assert_eq!(e[[i, j]], (i * cols + j + 1) as f64, "{i} {j}");
        }
    }
    assert!(
        e.as_slice()
            .iter()
            .enumerate()
            .all(|(k, &x)| x == ((k / 2047) * cols + k % 2047 + 1) as f64)
    );
    // Elements with drop glue are dropped from a huge buffer too.
    let counter = std::rc::Rc::new(());
    let s = Array::<std::rc::Rc<()>, 1>::from_elem([(32 << 20) / 8 + 1], counter.clone()).unwrap();
    assert_eq!(std::rc::Rc::strong_count(&counter), s.size() + 1);
    drop(s);
    assert_eq!(std::rc::Rc::strong_count(&counter), 1);
}

/// The index of the first element of each lane along `axis`, in C order of the
/// other axes: none when another axis is empty.
fn lane_starts<const R: usize>(shape: [usize; R], axis: usize) -> Vec<[usize; R]> {
    if (0..R).any(|k| k != axis && shape[k] == 0) {
        return Vec::new();
    }
    let mut one = shape;
    one[axis] = 1;
    indices(one)
}

/// The axis tools against the naive selections, along every axis:
/// `axis_iter`, `lanes` and `axis_chunks_iter` (blocks of 1 to 3) of a shared
/// view (broadcasts and windows at times), compared element by element; and of
/// a mutable view of a random unique layout, every sub-view alive at once and
/// written, then read back through the indices; `split_at` at positions inside,
/// at the ends and out of range (Python's clamping). Elements outside the view
/// stay as they were.
fn axis_tools<const R: usize, const Q: usize>(rng: &mut Rng)
where
    stride_core::Rank<R>: stride_core::RankSub<stride_core::Rank<1>, Output = stride_core::Rank<Q>>,
{
    // Rank 5 and 6 shapes hold up to a few thousand elements, each checked
    // for every axis and tool: fewer cases, block sizes and split positions
    // under Miri.
    let cases = if cfg!(miri) && R >= 4 { 1 } else { CASES };
    let sizes: &[usize] = if cfg!(miri) { &[2] } else { &[1, 2, 3] };
    for _ in 0..cases {
        let (l, len) = random_layout::<R>(rng, true);
        let shape = *l.shape();
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        for axis in 0..R {
            // axis_iter: position p holds the elements whose index[axis] == p.
            let mut subs = 0;
            for (p, sub) in v.axis_iter(axis as isize).unwrap().enumerate() {
                let mut one = shape;
                one[axis] = 1;
                let want: Vec<i64> = indices(one)
                    .into_iter()
                    .map(|mut i| {
                        i[axis] = p;
                        v[i]
                    })
                    .collect();
                assert_eq!(sub.iter().copied().collect::<Vec<_>>(), want);
                subs += 1;
            }
            assert_eq!(subs, shape[axis]);
            // lanes: one per index of the other axes, in C order.
            let starts = lane_starts(shape, axis);
            let lanes = v.lanes(axis as isize).unwrap();
            assert_eq!(lanes.len(), starts.len(), "lanes({axis}) of {l:?}");
            for (lane, st) in lanes.zip(&starts) {
                let want: Vec<i64> = (0..shape[axis])
                    .map(|j| {
                        let mut i = *st;
                        i[axis] = j;
                        v[i]
                    })
                    .collect();
                assert_eq!(
                    lane.iter().copied().collect::<Vec<_>>(),
                    want,
                    "lanes({axis}) of {l:?}"
                );
            }
            // axis_chunks_iter: consecutive blocks of `size` positions.
            for &size in sizes {
                let mut pos = 0;
                for chunk in v.axis_chunks_iter(axis as isize, size).unwrap() {
                    let m = chunk.shape()[axis];
                    assert!((1..=size).contains(&m));
                    let mut sh = shape;
                    sh[axis] = m;
                    assert_eq!(*chunk.shape(), sh);
                    for i in indices(sh) {
                        let mut g = i;
                        g[axis] += pos;
                        assert_eq!(chunk[i], v[g], "chunk of {size} along {axis} of {l:?}");
                    }
                    pos += m;
                }
                assert_eq!(pos, shape[axis]);
            }
        }
        // Mutable: a random unique layout of the same shape.
        let (lu, lenu) = shaped_layout::<R>(rng, shape, false);
        let mut du = values(lenu, rng);
        let before = du.clone();
        for axis in 0..R {
            let mut m = stride_core::ViewMut::<i64, R, Strided>::from_slice(&mut du, lu).unwrap();
            let subs: Vec<_> = m.reborrow().axis_iter(axis as isize).unwrap().collect();
            for (p, mut sub) in subs.into_iter().enumerate() {
                sub.fill(p as i64);
            }
            for i in indices(shape) {
                assert_eq!(m[i], i[axis] as i64, "axis_iter({axis}) of {lu:?}");
            }
            let lanes: Vec<_> = m.reborrow().lanes(axis as isize).unwrap().collect();
            for (k, mut lane) in lanes.into_iter().enumerate() {
                lane.iter_mut()
                    .enumerate()
                    .for_each(|(j, x)| *x = (100 * k + j) as i64);
            }
            for (k, st) in lane_starts(shape, axis).into_iter().enumerate() {
                for j in 0..shape[axis] {
                    let mut i = st;
                    i[axis] = j;
                    assert_eq!(m[i], (100 * k + j) as i64, "lanes({axis}) of {lu:?}");
                }
            }
            let chunks: Vec<_> = m
                .reborrow()
                .axis_chunks_iter(axis as isize, 2)
                .unwrap()
                .collect();
            for (c, mut chunk) in chunks.into_iter().enumerate() {
                chunk.fill(-(c as i64) - 1);
            }
            for i in indices(shape) {
                assert_eq!(
                    m[i],
                    -((i[axis] / 2) as i64) - 1,
                    "chunks({axis}) of {lu:?}"
                );
            }
            let n = shape[axis] as isize;
            let ats: &[isize] = if cfg!(miri) {
                &[-1, n / 2, n + 3]
            } else {
                &[-n - 2, -1, 0, n / 2, n, n + 3]
            };
            for &at in ats {
                let cut = if at < 0 { (at + n).max(0) } else { at.min(n) };
                let (mut a, mut b) = m.reborrow().split_at(axis as isize, at).unwrap();
                a.fill(7);
                b.fill(8);
                for i in indices(shape) {
                    let want = if (i[axis] as isize) < cut { 7 } else { 8 };
                    assert_eq!(m[i], want, "split_at({axis}, {at}) of {lu:?}");
                }
            }
        }
        untouched_outside(&lu, &du, &before);
    }
}

#[test]
fn axis_iterators_lanes_chunks_and_split_cover_their_view() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    axis_tools::<1, 0>(&mut rng);
    axis_tools::<2, 1>(&mut rng);
    axis_tools::<3, 2>(&mut rng);
    axis_tools::<4, 3>(&mut rng);
    axis_tools::<5, 4>(&mut rng);
    axis_tools::<6, 5>(&mut rng);
}

/// `items` taken from both ends in a random interleaving of `next` and
/// `next_back`, checking `len()` on the way: each item with its position in
/// the forward order.
fn both_ends<I: DoubleEndedIterator + ExactSizeIterator>(
    mut items: I,
    rng: &mut Rng,
) -> Vec<(usize, I::Item)> {
    let (mut front, mut back) = (0, items.len());
    let mut out = Vec::new();
    while front < back {
        assert_eq!(items.len(), back - front);
        if rng.next().is_multiple_of(2) {
            out.push((front, items.next().unwrap()));
            front += 1;
        } else {
            back -= 1;
            out.push((back, items.next_back().unwrap()));
        }
    }
    assert!(items.next().is_none() && items.next_back().is_none());
    assert!(items.next().is_none(), "fused");
    out
}

/// `axis_iter`, `lanes` and `axis_chunks_iter` walked from both ends (`rev()`,
/// `next_back`) give the forward walk's items at their positions; mutable,
/// each element is handed out once. An array's own walks and `for x in &a`
/// are its view's.
fn both_end_walks<const R: usize, const Q: usize>(rng: &mut Rng)
where
    stride_core::Rank<R>: stride_core::RankSub<stride_core::Rank<1>, Output = stride_core::Rank<Q>>,
{
    let cases = if cfg!(miri) { 1 } else { CASES / 4 };
    let elems = |v: View<'_, i64, Q, Strided>| v.iter().copied().collect::<Vec<_>>();
    let lane = |v: View<'_, i64, 1, Strided>| v.iter().copied().collect::<Vec<_>>();
    let block = |v: View<'_, i64, R, Strided>| v.iter().copied().collect::<Vec<_>>();
    for _ in 0..cases {
        let (l, len) = random_layout::<R>(rng, true);
        let shape = *l.shape();
        let data = values(len, rng);
        let v = View::from_slice(&data, l).unwrap();
        for axis in 0..R as isize {
            let fwd: Vec<_> = v.axis_iter::<Q>(axis).unwrap().map(elems).collect();
            for (p, sub) in both_ends(v.axis_iter::<Q>(axis).unwrap(), rng) {
                assert_eq!(elems(sub), fwd[p], "axis_iter({axis}) of {l:?}");
            }
            let fwd: Vec<_> = v.lanes(axis).unwrap().map(lane).collect();
            let rev: Vec<_> = v.lanes(axis).unwrap().rev().map(lane).collect();
            assert!(rev.iter().eq(fwd.iter().rev()), "lanes({axis}) of {l:?}");
            for (p, sub) in both_ends(v.lanes(axis).unwrap(), rng) {
                assert_eq!(lane(sub), fwd[p], "lanes({axis}) of {l:?}");
            }
            for size in [1, 2, 3] {
                let fwd: Vec<_> = v.axis_chunks_iter(axis, size).unwrap().map(block).collect();
                let shapes: Vec<_> = v
                    .axis_chunks_iter(axis, size)
                    .unwrap()
                    .rev()
                    .map(|b| b.shape()[axis as usize])
                    .collect();
                let n = shape[axis as usize];
                let mut want: Vec<_> = (0..n.div_ceil(size))
                    .map(|c| size.min(n - c * size))
                    .collect();
                want.reverse();
                assert_eq!(
                    shapes, want,
                    "chunks of {size} along {axis} of {l:?}, reversed"
                );
                for (p, sub) in both_ends(v.axis_chunks_iter(axis, size).unwrap(), rng) {
                    assert_eq!(block(sub), fwd[p], "chunks of {size} along {axis} of {l:?}");
                }
            }
        }
        // Mutable, from both ends: every element written once, with its
        // position's tag.
        let (lu, lenu) = shaped_layout::<R>(rng, shape, false);
        let mut du = values(lenu, rng);
        let before = du.clone();
        for axis in 0..R {
            let mut m = stride_core::ViewMut::<i64, R, Strided>::from_slice(&mut du, lu).unwrap();
            let subs = both_ends(m.reborrow().axis_iter::<Q>(axis as isize).unwrap(), rng);
            for (p, sub) in subs {
                for x in sub {
                    *x = p as i64;
                }
            }
            for i in indices(shape) {
                assert_eq!(m[i], i[axis] as i64, "axis_iter({axis}) of {lu:?}");
            }
            let lanes = both_ends(m.reborrow().lanes(axis as isize).unwrap(), rng);
            for (k, mut sub) in lanes {
                for (j, x) in (&mut sub).into_iter().enumerate() {
                    *x = (1000 * k + j) as i64;
                }
            }
            for (k, st) in lane_starts(shape, axis).into_iter().enumerate() {
                for j in 0..shape[axis] {
                    let mut i = st;
                    i[axis] = j;
                    assert_eq!(m[i], (1000 * k + j) as i64, "lanes({axis}) of {lu:?}");
                }
            }
            let chunks = both_ends(
                m.reborrow().axis_chunks_iter(axis as isize, 2).unwrap(),
                rng,
            );
            for (c, mut chunk) in chunks {
                chunk.fill(-(c as i64) - 1);
            }
            for i in indices(shape) {
                let want = -((i[axis] / 2) as i64) - 1;
                assert_eq!(m[i], want, "chunks({axis}) of {lu:?}");
            }
        }
        untouched_outside(&lu, &du, &before);
        // An array's own walks and iteration are its view's.
        let a = v.to_owned().unwrap();
        assert!((&a).into_iter().eq(v));
        assert!(v.into_iter().eq(&v));
        for axis in 0..R as isize {
            let own: Vec<_> = a.axis_iter::<Q>(axis).unwrap().map(elems).collect();
            let view: Vec<_> = v.axis_iter::<Q>(axis).unwrap().map(elems).collect();
            assert_eq!(own, view);
            assert!(
                a.lanes(axis)
                    .unwrap()
                    .map(lane)
                    .eq(v.lanes(axis).unwrap().map(lane))
            );
        }
    }
}

#[test]
fn axis_walks_run_from_both_ends() {
    let mut rng = Rng(0x5EED_0000_D0B1_E0E5);
    both_end_walks::<1, 0>(&mut rng);
    both_end_walks::<2, 1>(&mut rng);
    both_end_walks::<3, 2>(&mut rng);
    both_end_walks::<4, 3>(&mut rng);
    if !cfg!(miri) {
        both_end_walks::<5, 4>(&mut rng);
        both_end_walks::<6, 5>(&mut rng);
    }
    // An array's mutable walks and rows and columns, from the back.
    let mut a = Array::<i64, 2>::zeros([3, 4]).unwrap();
    for (i, mut row) in a.rows_mut().rev().enumerate() {
        row.fill(i as i64);
    }
    assert_eq!(a.as_slice(), &[2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0]);
    for (j, mut col) in a.columns_mut().enumerate() {
        col.map_inplace(|x| *x = 10 * *x + j as i64);
    }
    let rows: Vec<Vec<i64>> = a.rows().map(|r| r.iter().copied().collect()).collect();
    assert_eq!(rows, [[20, 21, 22, 23], [10, 11, 12, 13], [0, 1, 2, 3]]);
    let cols: Vec<i64> = a.columns().rev().map(|c| c.sum()).collect();
    assert_eq!(cols, [39, 36, 33, 30]);
    for (k, mut block) in a.axis_chunks_iter_mut(1, 3).unwrap().rev().enumerate() {
        block.fill(k as i64);
    }
    assert_eq!(a.as_slice(), &[1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0]);
    for (k, mut sub) in a.axis_iter_mut::<1>(0).unwrap().rev().enumerate() {
        sub.fill(k as i64);
    }
    for x in &mut a {
        *x *= 2;
    }
    assert_eq!(
        (&a).into_iter().copied().collect::<Vec<_>>(),
        [4, 4, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0]
    );
    for (j, mut lane) in a.lanes_mut(0).unwrap().enumerate() {
        lane.fill(j as i64);
    }
    assert_eq!(a.as_slice(), &[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
}

/// `rows()` and `columns()` of a matrix are its lanes along axes 1 and 0, shared
/// and mutable.
#[test]
fn rows_and_columns_of_a_matrix() {
    let mut rng = Rng(0x0C01_0005_0000_0001);
    for _ in 0..CASES {
        let (l, len) = random_layout::<2>(&mut rng, true);
        let [n0, n1] = *l.shape();
        let data = values(len, &mut rng);
        let v = View::from_slice(&data, l).unwrap();
        let rows: Vec<Vec<i64>> = v.rows().map(|r| r.iter().copied().collect()).collect();
        let want: Vec<Vec<i64>> = (0..n0)
            .map(|i| (0..n1).map(|j| v[[i, j]]).collect())
            .collect();
        assert_eq!(rows, want, "rows of {l:?}");
        let cols: Vec<Vec<i64>> = v.columns().map(|c| c.iter().copied().collect()).collect();
        let want: Vec<Vec<i64>> = (0..n1)
            .map(|j| (0..n0).map(|i| v[[i, j]]).collect())
            .collect();
        assert_eq!(cols, want, "columns of {l:?}");
        let (lu, lenu) = shaped_layout::<2>(&mut rng, [n0, n1], false);
        let mut du = values(lenu, &mut rng);
        let mut m = stride_core::ViewMut::<i64, 2, Strided>::from_slice(&mut du, lu).unwrap();
        for (i, mut row) in m.reborrow().rows().enumerate() {
            row.fill(i as i64);
        }
        let mut cols: Vec<_> = m.reborrow().columns().collect();
        for (j, col) in cols.iter_mut().enumerate() {
            col.map_inplace(|x| *x = *x * 10 + j as i64);
        }
        for i in 0..n0 {
            for j in 0..n1 {
                assert_eq!(m[[i, j]], (10 * i + j) as i64, "{lu:?}");
            }
        }
    }
}

/// `Zip` of a random unique output, a broadcast input and a random input, and
/// a second mutable output: each index visited once, with the right elements.
fn zips<const R: usize>(rng: &mut Rng) {
    use stride_core::kernel::Zip;
    for _ in 0..CASES {
        let (lo, leno) = random_layout::<R>(rng, false);
        let mut dout = values(leno, rng);
        let mut dcount = vec![0u32; lo.required_len()];
        let (la, lena) = shaped_layout::<R>(rng, *lo.shape(), true);
        let da = values(lena, rng);
        let a = View::from_slice(&da, la).unwrap();
        let (lb, lenb) = shaped_layout::<R>(rng, *lo.shape(), true);
        let db = values(lenb, rng);
        let b = View::from_slice(&db, lb).unwrap();
        let before = dout.clone();
        {
            let mut out =
                stride_core::ViewMut::<i64, R, Strided>::from_slice(&mut dout, lo).unwrap();
            let mut count =
                stride_core::ViewMut::<u32, R, Strided>::from_slice(&mut dcount, lo).unwrap();
            Zip::from(&mut out)
                .and(a)
                .unwrap()
                .and(b)
                .unwrap()
                .and(&mut count)
                .unwrap()
                .for_each(|o, &x, &y, c| {
                    *o = *o * 2 + x - y;
                    *c += 1;
                });
        }
        for i in indices(*lo.shape()) {
            let off = lo.offset_of(i).unwrap();
            assert_eq!(
                dout[off],
                before[off] * 2 + a.get(i).unwrap() - b.get(i).unwrap()
            );
            assert_eq!(dcount[off], 1);
        }
    }
}

#[test]
fn zip_visits_every_index_once_with_broadcast_inputs() {
    let mut rng = Rng(0x0005_EED2);
    zips::<0>(&mut rng);
    zips::<1>(&mut rng);
    zips::<2>(&mut rng);
    zips::<3>(&mut rng);
    zips::<4>(&mut rng);
    zips::<5>(&mut rng);
    zips::<6>(&mut rng);
}

/// Copies of `a` (any element type) through every copying method, from and
/// into transposed, reversed, stepped and padded layouts of shapes past a tile
/// edge, against element-by-element references.
fn copies_of<T: Clone + PartialEq + core::fmt::Debug>(make: impl Fn(usize) -> T) {
    // Under Miri: one plane, just past half a tile edge of 8-byte elements.
    let (l, m, n) = if cfg!(miri) {
        (1, 17, 18)
    } else {
        (2, 70, 129)
    };
    let a = Array::<T, 3>::from_fn([l, m, n], |[k, i, j]| make((k * m + i) * n + j)).unwrap();
    let sources: Vec<View<'_, T, 3, Strided>> = vec![
        a.view().into_strided(),
        a.view().permute([0, 2, 1]).unwrap().into_strided(),
        a.view().permute([2, 1, 0]).unwrap().into_strided(),
        a.view()
            .slice([Slice::FULL, Slice::REVERSE, Slice::step_by(2)])
            .unwrap()
            .permute([0, 2, 1])
            .unwrap(),
        a.view()
            .slice([Slice::FULL, Slice::range(1, m as isize - 1), Slice::REVERSE])
            .unwrap(),
    ];
    for s in &sources {
        let c = s.to_contiguous::<stride_core::C>().unwrap();
        assert!(c.iter().eq(s.iter()), "C copy of {:?}", s.layout());
        let f = s.to_contiguous::<stride_core::F>().unwrap();
        assert!(f.iter().eq(s.iter()), "F copy of {:?}", s.layout());
        assert_eq!(
            s.flatten(stride_core::Order::F).unwrap().as_slice(),
            f.as_slice()
        );
        // assign into a transposed, a padded and a reversed destination.
        let [d0, d1, d2] = *s.shape();
        let mut wide = Array::<T, 3>::from_fn([d0, d1, d2 + 3], |_| make(usize::MAX)).unwrap();
        let mut tall = Array::<T, 3>::from_fn([d2, d1, d0], |_| make(usize::MAX)).unwrap();
        {
            let mut dst = wide
                .view_mut()
                .slice([Slice::FULL, Slice::FULL, Slice::range(2, 2 + d2 as isize)])
                .unwrap();
            dst.assign(s).unwrap();
            assert!(
                dst.iter().eq(s.iter()),
                "assign {:?} into padded",
                s.layout()
            );
        }
        assert!((0..d0).all(|k| (0..d1).all(|i| wide[[k, i, 0]] == make(usize::MAX))));
        let mut dst = tall
            .view_mut()
            .permute([2, 1, 0])
            .unwrap()
            .slice([Slice::REVERSE, Slice::FULL, Slice::FULL])
            .unwrap();
        dst.assign(s).unwrap();
        assert!(
            dst.iter().eq(s.iter()),
            "assign {:?} into transposed",
            s.layout()
        );
    }
}

#[test]
fn copies_between_layouts_match_the_naive_loops() {
    copies_of(|k| k as f64 + 0.5);
    // Not plain: copied by `clone`, element by element.
    copies_of(|k| k.to_string());
    if cfg!(miri) {
        return;
    }
    copies_of(|k| k as u32);
    copies_of(|k| k as u8);
    copies_of(|k| k as i16);
    copies_of(|k| k as i128 * 3);
    copies_of(|k| char::from_u32(k as u32 % 0xD000).unwrap());
    copies_of(|k| [k as u8, (k >> 8) as u8, 7]);
}

#[test]
#[cfg_attr(miri, ignore = "allocates 20 MiB")]
fn large_transposed_inputs_stage_through_bands() {
    // From 4 MiB on, a transposed input is staged through a band of 32 rows and
    // up to 512 KiB when the output cannot hold it (here an update, `-=`):
    // several bands along the run (2100 columns of 8 bytes), a last partial
    // band of rows; and through the output's own rows when it can (the new
    // outputs), with 8- and 4-byte elements.
    let (m, n) = (300, 2100);
    let a = Array::<i64, 2>::from_fn([m, n], |[i, j]| (i * 10_000 + j) as i64).unwrap();
    let b = Array::<i64, 2>::from_fn([n, m], |[i, j]| (i * 7 + j * 3) as i64).unwrap();
    let s = &a + &b.t();
    assert!((0..m).all(|i| (0..n).all(|j| s[[i, j]] == a[[i, j]] + b[[j, i]])));
    let mut c = a.clone();
    let mut rev = c.view_mut().slice([Slice::REVERSE, Slice::FULL]).unwrap();
    rev -= &b.t();
    assert!((0..m).all(|i| (0..n).all(|j| c[[m - 1 - i, j]] == a[[m - 1 - i, j]] - b[[j, i]])));
    let (m, n) = (1100, 1001);
    let a = Array::<f32, 2>::from_fn([m, n], |[i, j]| (i * 2 + j) as f32).unwrap();
    let b = Array::<f32, 2>::from_fn([n, m], |[i, j]| (i + j * 5) as f32).unwrap();
    let s = a.view().zip_with(&b.t(), |x, y| x * 2.0 + y).unwrap();
    assert!((0..m).all(|i| (0..n).all(|j| s[[i, j]] == a[[i, j]] * 2.0 + b[[j, i]])));
}

#[test]
fn transposed_inputs_stage_through_the_output() {
    // From memory, a transposed input is first copied into the output's own
    // rows, in bands of at least 4 MiB and 32 KiB of each input row (under
    // Miri, 2 KiB and 64 bytes), then read from there as the output is
    // written: 4500 x 250 f64 gives a band of 4096 rows and a last one of 404. Given outputs: C, a block of a wider array
    // (rows that cannot all be aligned), rows reversed; a new output whose
    // type differs from the inputs' (of the same size); a given `bool` output
    // (never the scratch) and a new one (the scratch).
    let (m, n) = if cfg!(miri) { (24, 40) } else { (4500, 250) };
    let a = Array::<f64, 2>::from_fn([m, n], |[i, j]| (i * n + j) as f64).unwrap();
    let b = Array::<f64, 2>::from_fn([n, m], |[i, j]| (3 * i + 7 * j) as f64).unwrap();
    let want = |i: usize, j: usize| a[[i, j]] - 2.0 * b[[j, i]];
    let mut out = Array::<f64, 2>::zeros([m, n]).unwrap();
    out.view_mut()
        .zip_with_into(&a.view(), &b.t(), |x, y| x - 2.0 * y)
        .unwrap();
    assert!((0..m).all(|i| (0..n).all(|j| out[[i, j]] == want(i, j))));
    let mut wide = Array::<f64, 2>::from_elem([m, n + 5], -1.0).unwrap();
    let mut block = wide
        .view_mut()
        .slice([Slice::FULL, Slice::range(3, 3 + n as isize)])
        .unwrap();
    block
        .zip_with_into(&a.view(), &b.t(), |x, y| x - 2.0 * y)
        .unwrap();
    assert!((0..m).all(|i| (0..n + 5).all(|j| {
        let inside = (3..3 + n).contains(&j);
        wide[[i, j]] == if inside { want(i, j - 3) } else { -1.0 }
    })));
    let mut rev = out.view_mut().slice([Slice::REVERSE, Slice::FULL]).unwrap();
    rev.zip_with_into(&a.view(), &b.t(), |x, y| x + y).unwrap();
    assert!((0..m).all(|i| (0..n).all(|j| out[[m - 1 - i, j]] == a[[i, j]] + b[[j, i]])));
    let ints = a.view().zip_with(&b.t(), |x, y| (x + y) as i64).unwrap();
    assert!((0..m).all(|i| (0..n).all(|j| ints[[i, j]] == (a[[i, j]] + b[[j, i]]) as i64)));
    let (m, n) = if cfg!(miri) { (64, 80) } else { (3000, 3000) };
    let p = Array::<u8, 2>::from_fn([m, n], |[i, j]| (i * 7 + j) as u8).unwrap();
    let q = Array::<u8, 2>::from_fn([n, m], |[i, j]| (i * 5 + j * 3) as u8).unwrap();
    let mut less = Array::<bool, 2>::from_elem([m, n], false).unwrap();
    less.view_mut()
        .zip_with_into(&p.view(), &q.t(), |x, y| x < y)
        .unwrap();
    let new_less = p.view().zip_with(&q.t(), |x, y| x < y).unwrap();
    assert!((0..m).all(|i| (0..n).all(|j| less[[i, j]] == (p[[i, j]] < q[[j, i]]))));
    assert_eq!(new_less, less);
}

#[test]
fn large_elementwise_outputs_stream_and_stay_right() {
    // From 32 MiB on, outputs of plain numbers are written with non-temporal
    // stores from an L1 chunk: 2100 x 2100 f64 (35 MB), rows of 2100 (past a
    // 512-element chunk), a transposed input, a broadcast one, a fresh and a
    // given output. (Under Miri, which streams from 4 KiB, 40 x 40.)
    let n = if cfg!(miri) { 40 } else { 2100 };
    let a = Array::<f64, 2>::from_fn([n, n], |[i, j]| (i * n + j) as f64).unwrap();
    let b = Array::<f64, 2>::from_fn([n, n], |[i, j]| (i + 3 * j) as f64).unwrap();
    let twice = a.map(|x| 2.0 * x).unwrap();
    assert!(
        twice
            .as_slice()
            .iter()
            .zip(a.as_slice())
            .all(|(t, x)| *t == 2.0 * x)
    );
    let s = &a + &b.t();
    assert!((0..n).all(|i| (0..n).all(|j| s[[i, j]] == a[[i, j]] + b[[j, i]])));
    let row = b.index_axis(0, 7).unwrap().insert_axis(0).unwrap();
    let mut out = Array::<f64, 2>::zeros([n, n]).unwrap();
    out.view_mut()
        .zip_with_into(&a.view(), &row, |x, y| x - y)
        .unwrap();
    assert!((0..n).all(|i| (0..n).all(|j| out[[i, j]] == a[[i, j]] - b[[7, j]])));
}

#[test]
#[cfg_attr(miri, ignore = "allocates 50 MiB")]
fn large_copies_stream_and_stay_right() {
    // 1100 x 1000 f64 (8.8 MB): past the streaming threshold.
    let (m, n) = (1100, 1000);
    let a = Array::<f64, 2>::from_fn([m, n], |[i, j]| (i * n + j) as f64).unwrap();
    let t = a.t().to_owned().unwrap();
    assert!((0..n).all(|i| (0..m).all(|j| t[[i, j]] == a[[j, i]])));
    assert_eq!(a.view().to_owned().unwrap(), a);
    // Rows of a padded block: runs of 8000 bytes, streamed one by one.
    let mut wide = Array::<f64, 2>::zeros([m, n + 5]).unwrap();
    let mut block = wide
        .view_mut()
        .slice([Slice::FULL, Slice::range(3, 3 + n as isize)])
        .unwrap();
    block.assign(&a.view()).unwrap();
    assert!(
        (0..m).all(|i| wide[[i, 2]] == 0.0 && wide[[i, 3 + n]] == 0.0 && wide[[i, 3]] == a[[i, 0]])
    );
    assert!(
        wide.view()
            .slice([Slice::FULL, Slice::range(3, 3 + n as isize)])
            .unwrap()
            .iter()
            .eq(a.iter())
    );
    // One long run whose destination starts off a 32-byte boundary and whose
    // length is not a whole number of the streamed copy's 16 KiB blocks: the
    // head, the interleaved blocks, the last steps and the tail.
    let len = (9 << 20) / 8 + 1237;
    let src = Array::<f64, 1>::from_fn([len], |[k]| k as f64 + 0.5).unwrap();
    let mut dst = Array::<f64, 1>::from_elem([len + 4], -1.0).unwrap();
    let base = dst.as_slice().as_ptr() as usize;
    let k = (1..4).find(|k| !(base + 8 * k).is_multiple_of(32)).unwrap();
    let mut inner = dst
        .view_mut()
        .slice([Slice::range(k as isize, (k + len) as isize)])
        .unwrap();
    inner.assign(&src.view()).unwrap();
    let d = dst.as_slice();
    assert!(d[..k].iter().chain(&d[k + len..]).all(|&x| x == -1.0));
    assert!(
        d[k..k + len]
            .iter()
            .zip(src.as_slice())
            .all(|(x, y)| x == y)
    );
}

#[test]
fn large_strided_copies_gather_and_stream() {
    // A strided input (every other column, or every third one reversed) into
    // a given output of 8 MiB or more: unit-stride output runs, gathered into
    // an L1 chunk and streamed. (Under Miri, which streams from 4 KiB, 40 rows.)
    let (m, n) = if cfg!(miri) { (40, 80) } else { (1100, 2000) };
    let a = Array::<f64, 2>::from_fn([m, n], |[i, j]| (i * n + j) as f64).unwrap();
    let even = a
        .view()
        .slice([Slice::FULL, Slice::new(None, None, 2)])
        .unwrap();
    let mut out = Array::<f64, 2>::zeros([m, n / 2]).unwrap();
    out.view_mut().assign(&even).unwrap();
    assert!((0..m).all(|i| (0..n / 2).all(|j| out[[i, j]] == a[[i, 2 * j]])));
    // f32, a negative step, and a given output that is itself a block of a
    // wider array (its neighbours untouched).
    let b = Array::<f32, 2>::from_fn([m, 6 * n], |[i, j]| (i * 7 + j) as f32).unwrap();
    let third = b
        .view()
        .slice([Slice::FULL, Slice::new(None, None, -3)])
        .unwrap();
    let w = third.shape()[1];
    let mut wide = Array::<f32, 2>::zeros([m, w + 2]).unwrap();
    wide.view_mut()
        .slice([Slice::FULL, Slice::range(1, 1 + w as isize)])
        .unwrap()
        .assign(&third)
        .unwrap();
    assert!((0..m).all(|i| {
        wide[[i, 0]] == 0.0
            && wide[[i, w + 1]] == 0.0
            && (0..w).all(|j| wide[[i, 1 + j]] == b[[i, 6 * n - 1 - 3 * j]])
    }));
}

#[test]
fn new_arrays_keep_the_order_their_inputs_types_keep() {
    use stride_core::{C, ColMajor, F};
    // NumPy's ufuncs and astype write in the inputs' memory order (order='K'):
    // 2 * a of an F array is F. The types say it: F and column-major views keep
    // F, everything else gives C; two operands keep F only if both do.
    let c = Array::<i64, 3>::from_fn([3, 4, 5], |[i, j, k]| (100 * i + 10 * j + k) as i64).unwrap();
    let f = c.view().to_contiguous::<F>().unwrap();
    let at = |x: &Array<i64, 3, F>, [i, j, k]: [usize; 3]| x[[i, j, k]];
    let all = |x: &dyn Fn([usize; 3]) -> bool| {
        (0..3).all(|i| (0..4).all(|j| (0..5).all(|k| x([i, j, k]))))
    };

    let doubled: Array<i64, 3, F> = f.map(|x| 2 * x).unwrap();
    assert!(all(&|ix| at(&doubled, ix) == 2 * c[ix]));
    assert_eq!(
        doubled.as_slice(),
        f.as_slice().iter().map(|x| 2 * x).collect::<Vec<_>>()
    );
    let scaled: Array<i64, 3, F> = &f * 3;
    assert!(all(&|ix| at(&scaled, ix) == 3 * c[ix]));
    let left: Array<i64, 3, F> = 3 * &f;
    assert_eq!(left, scaled);
    let cast: Array<f32, 3, F> = f.astype::<f32>().unwrap();
    assert!(all(&|ix| cast[ix] == c[ix] as f32));

    // Two F operands, one broadcast along an axis: F.
    let row = f
        .view()
        .slice_axis(0, Slice::range(1, 2))
        .unwrap()
        .to_contiguous::<F>()
        .unwrap();
    let sum: Array<i64, 3, F> = &f + &row;
    assert!(all(&|ix| at(&sum, ix) == c[ix] + c[[1, ix[1], ix[2]]]));
    // F with C, and C with F: C.
    let mixed: Array<i64, 3, C> = &f - &c;
    assert!(mixed.as_slice().iter().all(|&x| x == 0));
    let mixed: Array<i64, 3, C> = c.zip_with(&f.view(), |x, y| x + y).unwrap();
    assert!(all(&|ix| mixed[ix] == 2 * c[ix]));

    // The transpose of a C array is F (and its blocks column-major): kept.
    let t: Array<i64, 3, F> = c.t().map(|&x| x + 1).unwrap();
    assert!((0..5).all(|k| (0..4).all(|j| (0..3).all(|i| t[[k, j, i]] == c[[i, j, k]] + 1))));
    let m = Array::<i64, 2>::from_fn([6, 7], |[i, j]| (10 * i + j) as i64).unwrap();
    let block = m
        .view()
        .slice([Slice::range(1, 5), Slice::range(2, 6)])
        .unwrap()
        .t()
        .try_into_order::<ColMajor>()
        .unwrap();
    let neg: Array<i64, 2, F> = -1 * &block.to_contiguous::<F>().unwrap();
    let kept: Array<i64, 2, F> = block.map(|x| -x).unwrap();
    assert_eq!(kept, neg);
    // A row-major block gives C.
    let rows: Array<i64, 2, C> = m
        .view()
        .slice([Slice::range(1, 5), Slice::range(2, 6)])
        .unwrap()
        .try_into_order::<stride_core::RowMajor>()
        .unwrap()
        .map(|x| -x)
        .unwrap();
    assert!((0..4).all(|i| (0..4).all(|j| rows[[i, j]] == -m[[i + 1, j + 2]])));
    // A strided view (steps, a flip) gives C.
    let flipped: Array<i64, 3, C> = f.view().flip(2).unwrap().map(|&x| x).unwrap();
    assert!(all(&|ix| flipped[ix] == c[[ix[0], ix[1], 4 - ix[2]]]));
}

/// The library's dot product (which `kernel!` calls for `s += a[[…]] * b[[…]]`)
/// against the naive loop, for `f64` and `f32`, every length from 0 to 41
/// (whole vector chunks and tails), two slices and one slice with itself (a
/// sum of squares): within `2 n eps sum|x y|`. Negative zeros give `+0.0`, as
/// NumPy's `np.dot` (2.4.6); other types are `None`; slices of unequal length
/// are taken to the shorter.
#[test]
fn dot_slices_match_the_naive_loop() {
    use stride_core::kernel::dot_slices;
    let mut rng = Rng(0xD075_11CE);
    let lens: Vec<usize> = if cfg!(miri) {
        vec![0, 1, 7, 8, 15, 16, 17, 33]
    } else {
        (0..=41).collect()
    };
    for &n in &lens {
        let a: Vec<f64> = values(n, &mut rng)
            .iter()
            .map(|&x| x as f64 * 0.37)
            .collect();
        let b: Vec<f64> = values(n, &mut rng)
            .iter()
            .map(|&x| x as f64 * 0.11)
            .collect();
        for (x, y) in [(&a, &b), (&a, &a)] {
            let naive: f64 = x.iter().zip(y).map(|(p, q)| p * q).sum();
            let abs: f64 = x.iter().zip(y).map(|(p, q)| (p * q).abs()).sum();
            let got = dot_slices(x, y).unwrap();
            assert!(
                (got - naive).abs() <= 2.0 * n as f64 * f64::EPSILON * abs,
                "f64 n = {n}"
            );
        }
        let (fa, fb): (Vec<f32>, Vec<f32>) = (
            a.iter().map(|&x| x as f32).collect(),
            b.iter().map(|&x| x as f32).collect(),
        );
        for (x, y) in [(&fa, &fb), (&fb, &fb)] {
            let naive: f32 = x.iter().zip(y).map(|(p, q)| p * q).sum();
            let abs: f32 = x.iter().zip(y).map(|(p, q)| (p * q).abs()).sum();
            let got = dot_slices(x, y).unwrap();
            assert!(
                (got - naive).abs() <= 2.0 * n as f32 * f32::EPSILON * abs,
                "f32 n = {n}"
            );
        }
    }
    let z = vec![-0.0f64; 20];
    assert_eq!(dot_slices(&z, &z).map(f64::to_bits), Some(0.0f64.to_bits()));
    assert_eq!(dot_slices(&[1i64, 2], &[3, 4]), None);
    assert_eq!(dot_slices(&[1.0f64, 2.0, 3.0], &[4.0, 5.0]), Some(14.0));
}

/// Copies from a broadcast input whose repeated axis is the output's
/// contiguous one (`to_owned` of `a[:, None]` broadcast to a matrix) fill each
/// run with its element, for plain numbers; other types clone it per element.
#[test]
fn broadcast_copies_repeat_each_element_along_the_runs() {
    let a = Array::<i64, 1>::from_fn([5], |[i]| 10 * i as i64 - 7).unwrap();
    let col: View<i64, 2> = a.view().insert_axis(1).unwrap();
    let b = col.broadcast_to([5, 37]).unwrap();
    let t = b.to_owned().unwrap();
    assert!((0..5).all(|i| (0..37).all(|j| t[[i, j]] == a[[i]])));
    let mut out = Array::<i64, 2>::from_elem([5, 37], 0).unwrap();
    out.assign(&b).unwrap();
    assert_eq!(out, t);
    // Into a view of a wider output: the runs stop at the view's edge.
    let mut wide = Array::<i64, 2>::from_elem([5, 40], -1).unwrap();
    let mut inner = wide
        .view_mut()
        .slice([Slice::FULL, Slice::range(2, 39)])
        .unwrap();
    inner.assign(&b).unwrap();
    assert!((0..5).all(|i| wide[[i, 0]] == -1 && wide[[i, 1]] == -1 && wide[[i, 39]] == -1));
    assert!((0..5).all(|i| (2..39).all(|j| wide[[i, j]] == a[[i]])));
    // A type that is not a plain number: one clone per element.
    let r = Array::<std::rc::Rc<i64>, 1>::from_fn([3], |[i]| std::rc::Rc::new(i as i64)).unwrap();
    let rc: View<std::rc::Rc<i64>, 2> = r.view().insert_axis(1).unwrap();
    let rt = rc.broadcast_to([3, 9]).unwrap().to_owned().unwrap();
    assert!((0..3).all(|i| std::rc::Rc::strong_count(&r[[i]]) == 10 && *rt[[i, 8]] == i as i64));
}

/// Axis reductions whose output rows are long enough to be folded eight input
/// rows at a time (`Nest::row_fold`): C inputs reduced along their first
/// axis, 2-D and 3-D, with rows left over after the blocks of eight, and a
/// stepped, reversed input; integers exact, floats bit for bit against the
/// naive loop adding the rows in order (the fold keeps that order), extremes
/// with a NaN in one lane.
#[test]
fn axis_reductions_fold_long_rows_eight_at_a_time() {
    let m = stride_core::kernel::ROW_FOLD_BYTES / 8 + 3;
    for rows in [1, 7, 8, 9, 19] {
        let a = Array::<i64, 2>::from_fn([rows, m], |[i, j]| {
            ((i * 7919 + j * 104729) % 1001) as i64 - 500
        })
        .unwrap();
        let f = Array::<f64, 2>::from_fn([rows, m], |[i, j]| {
            if (i, j) == (rows / 2, 3) {
                f64::NAN
            } else {
                (((i * 31 + j * 17) % 97) as f64 - 48.0) * 0.37
            }
        })
        .unwrap();
        let s: Array<i64, 1> = a.sum_axis(0).unwrap();
        let fs: Array<f64, 1> = f.sum_axis(0).unwrap();
        let mx: Array<i64, 1> = a.max_axis(0).unwrap().unwrap();
        let fmn: Array<f64, 1> = f.min_axis(0).unwrap().unwrap();
        for j in 0..m {
            let lane = (0..rows).map(|i| a[[i, j]]);
            assert_eq!(s[[j]], lane.clone().sum::<i64>(), "{rows} rows, column {j}");
            assert_eq!(mx[[j]], lane.max().unwrap());
            let mut want = 0.0f64;
            for i in 0..rows {
                want += f[[i, j]];
            }
            // (A NaN's bits are not specified: Miri gives any.)
            if want.is_nan() {
                assert!(fs[[j]].is_nan(), "{rows} rows, column {j}");
            } else {
                assert_eq!(fs[[j]].to_bits(), want.to_bits(), "{rows} rows, column {j}");
            }
            let lo = (0..rows).map(|i| f[[i, j]]).reduce(f64::min).unwrap();
            assert!(if j == 3 {
                fmn[[j]].is_nan()
            } else {
                fmn[[j]] == lo
            });
        }
        // The extremes and where they lie, eight rows at a time too (`f64`
        // and `f32` have vector loops; `f32` rows long enough for the eight
        // rows' fold of the extremes: `argmax_axis` folds eight rows at a
        // time whatever their length): ties everywhere (values from 13, so that later rows
        // still hold new extremes), a NaN in column 3 and in the last column.
        for cols in [m, stride_core::kernel::ROW_FOLD_BYTES / 4 + 3] {
            let f = Array::<f64, 2>::from_fn([rows, cols], |[i, j]| {
                if (i, j) == (rows / 2, 3) || (i, j) == (rows - 1, cols - 1) {
                    f64::NAN
                } else {
                    ((i * 5 + j * 3) % 13) as f64
                }
            })
            .unwrap();
            let g = f.map(|&x| x as f32).unwrap();
            let (amx, amn): (Array<usize, 1>, Array<usize, 1>) = (
                f.argmax_axis(0).unwrap().unwrap(),
                f.argmin_axis(0).unwrap().unwrap(),
            );
            let (gmx, gmn): (Array<usize, 1>, Array<usize, 1>) = (
                g.argmax_axis(0).unwrap().unwrap(),
                g.argmin_axis(0).unwrap().unwrap(),
            );
            let (fx, fn_): (Array<f64, 1>, Array<f64, 1>) = (
                f.max_axis(0).unwrap().unwrap(),
                f.min_axis(0).unwrap().unwrap(),
            );
            let (gx, gn): (Array<f32, 1>, Array<f32, 1>) = (
                g.max_axis(0).unwrap().unwrap(),
                g.min_axis(0).unwrap().unwrap(),
            );
            let same = |got: f64, want: f64| (got.is_nan() && want.is_nan()) || got == want;
            for j in 0..cols {
                // (rows, columns, column): formatted on failure only.
                let at = (rows, cols, j);
                let lane = (0..rows).map(|i| f[[i, j]]);
                let glane = (0..rows).map(|i| g[[i, j]]);
                let want = (
                    naive_arg(lane.clone(), true),
                    naive_arg(lane.clone(), false),
                );
                assert_eq!(
                    (Some(amx[[j]]), Some(amn[[j]])),
                    want,
                    "(rows, columns, column) {at:?}"
                );
                let want = (
                    naive_arg(glane.clone(), true),
                    naive_arg(glane.clone(), false),
                );
                assert_eq!(
                    (Some(gmx[[j]]), Some(gmn[[j]])),
                    want,
                    "f32, (rows, columns, column) {at:?}"
                );
                let nan = lane.clone().any(|x| x.is_nan());
                let hi = if nan {
                    f64::NAN
                } else {
                    lane.clone().reduce(f64::max).unwrap()
                };
                let lo = if nan {
                    f64::NAN
                } else {
                    lane.reduce(f64::min).unwrap()
                };
                assert!(
                    same(fx[[j]], hi) && same(fn_[[j]], lo),
                    "(rows, columns, column) {at:?}"
                );
                assert!(
                    same(gx[[j]] as f64, hi) && same(gn[[j]] as f64, lo),
                    "f32, (rows, columns, column) {at:?}"
                );
                assert_eq!(glane.clone().any(|x| x.is_nan()), nan);
            }
        }
        // 3-D, along the middle axis (planes of rows), and a stepped,
        // reversed view of the 2-D input.
        let b =
            Array::<i64, 3>::from_fn([2, rows, m], |[p, i, j]| (p * 1000 + i * 10 + j % 7) as i64)
                .unwrap();
        let bs: Array<i64, 2> = b.sum_axis(1).unwrap();
        for (p, j) in [(0, 0), (1, m - 1), (1, m / 2)] {
            assert_eq!(bs[[p, j]], (0..rows).map(|i| b[[p, i, j]]).sum::<i64>());
        }
        let v = a
            .view()
            .slice([Slice::new(None, None, -2), Slice::new(None, None, 1)])
            .unwrap();
        let vs: Array<i64, 1> = v.sum_axis(0).unwrap();
        let vm: Array<i64, 1> = v.min_axis(0).unwrap().unwrap();
        for j in [0, 1, m - 1] {
            let lane = (0..v.shape()[0]).map(|i| v[[i, j]]);
            assert_eq!(vs[[j]], lane.clone().sum::<i64>());
            assert_eq!(vm[[j]], lane.min().unwrap());
        }
    }
}
