//! `kernel!` and `#[kernel_fn]` against naive loops over random layouts (C, F,
//! transposed, step slices of either sign, broadcasts, windows, size-0 and
//! size-1 axes): elementwise statements with permuted and broadcast inputs,
//! in-place updates, reductions into arrays and scalars (matrix-vector,
//! matrix-matrix, trace), and the run-time errors. Integer data, so results
//! compare exactly whatever order the loops take. Small enough to run under
//! Miri, which checks every pointer the expansion dereferences.

#[path = "../stride-core/tests/support/layouts.rs"]
mod layouts;

use layouts::{Rng, indices, random_layout, shaped_layout, untouched_outside, values};
use stride::{Array, C, Layout, LayoutError, Slice, Strided, View, ViewMut, kernel, kernel_fn};

const CASES: usize = if cfg!(miri) { 8 } else { 300 };

/// A random view of the given shape (`shaped_layout`: any order, steps of
/// either sign, and, with `overlap`, broadcasts and windows), `data` filled to
/// fit it.
fn view_of<const R: usize>(
    rng: &mut Rng,
    shape: [usize; R],
    overlap: bool,
    data: &mut Vec<i64>,
) -> Layout<R> {
    let (l, len) = shaped_layout::<R>(rng, shape, overlap);
    *data = values(len, rng);
    l
}

/// `random_layout`, grown in one case of two past `kernel!`'s walk without a
/// plan (boxes of at most 64 elements), so that the planned nest runs too: each
/// axis `2 n + 1` long, the first longer still if that is not enough.
fn grown_layout<const R: usize>(rng: &mut Rng, overlap: bool) -> (Layout<R>, usize) {
    let (l, len) = random_layout::<R>(rng, overlap);
    if R == 0 || rng.below(2) == 0 {
        return (l, len);
    }
    let mut shape = l.shape().map(|d| 2 * d + 1);
    while shape.iter().product::<usize>() <= 64 {
        shape[0] += 8;
    }
    shaped_layout::<R>(rng, shape, overlap)
}

/// A power of two of either sign, `2^-3` to `2^3`, from a random integer:
/// dividing a normal `f64` by one, or multiplying by one, is exact (the
/// exponents stay far from the limits for the lengths here), so quotients and
/// products of these compare with `==` whatever the order of the operations.
fn pow2(x: i64) -> f64 {
    let sign = if x % 2 == 0 { 1.0 } else { -1.0 };
    // Not `powi`, whose result Miri perturbs (it need not be exact).
    sign * f64::from(1u32 << x.rem_euclid(7)) / 8.0
}

/// A factor or divisor from a random integer: 1 or -1 three times in four, 2
/// or -3 otherwise (never 0).
fn factor(x: i64) -> i64 {
    match x.rem_euclid(8) {
        0 => 2,
        1 => -3,
        2..=4 => 1,
        _ => -1,
    }
}

/// The bits of `f64` data, for `untouched_outside`.
fn bits(data: &[f64]) -> Vec<i64> {
    data.iter().map(|x| x.to_bits() as i64).collect()
}

/// One elementwise or in-place kernel at rank `R`: a random unique output
/// (grown past the unplanned walk at times up to rank 3; at ranks 4 to 6 a
/// `random_layout`, up to 4096 elements), an input of any layout (broadcasts,
/// windows) whose axis `k` is the output's axis `perm[k]`, and `run`, which
/// holds the `kernel!` over the two. Each output element is checked against
/// `want(old value, input element)`, and nothing outside the output is
/// written.
fn elementwise_case<const R: usize>(
    rng: &mut Rng,
    perm: [usize; R],
    run: impl FnOnce(&mut ViewMut<'_, i64, R>, &View<'_, i64, R>) -> Result<(), LayoutError>,
    want: impl Fn(i64, i64) -> i64,
) {
    let (lo, leno) = if R <= 3 {
        grown_layout::<R>(rng, false)
    } else {
        random_layout::<R>(rng, false)
    };
    let shape = *lo.shape();
    let mut da = Vec::new();
    let la = view_of(rng, core::array::from_fn(|k| shape[perm[k]]), true, &mut da);
    let a = View::from_slice(&da, la).unwrap();
    let mut data = values(leno, rng);
    let before = data.clone();
    let mut out = ViewMut::<i64, R, Strided>::from_slice(&mut data, lo).unwrap();
    run(&mut out, &a).unwrap();
    for idx in indices(shape) {
        let x = *a.get(core::array::from_fn(|k| idx[perm[k]])).unwrap();
        let old = before[lo.offset_of(idx).unwrap()];
        assert_eq!(*out.get(idx).unwrap(), want(old, x), "{lo:?} {la:?}");
    }
    untouched_outside(&lo, &data, &before);
}

/// One new output `_[[…]]` at rank `R`: an input of any layout whose axis `k`
/// is the output's axis `perm[k]` (the output's shape that of a random
/// layout: size-0 and size-1 axes), and `run`, which holds the `kernel!`.
/// The result is shaped by the letters and each element is `want(input
/// element)`.
fn new_output_case<const R: usize>(
    rng: &mut Rng,
    perm: [usize; R],
    run: impl FnOnce(&View<'_, i64, R>) -> Result<Array<i64, R>, LayoutError>,
    want: impl Fn(i64) -> i64,
) {
    let shape = *random_layout::<R>(rng, false).0.shape();
    let mut da = Vec::new();
    let la = view_of(rng, core::array::from_fn(|k| shape[perm[k]]), true, &mut da);
    let a = View::from_slice(&da, la).unwrap();
    let out = run(&a).unwrap();
    assert_eq!(out.shape(), &shape, "{la:?}");
    for idx in indices(shape) {
        let x = *a.get(core::array::from_fn(|k| idx[perm[k]])).unwrap();
        assert_eq!(out[idx], want(x), "{la:?}");
    }
}

#[test]
fn unit_runs_at_every_alignment() {
    // Contiguous runs of 0 to 100 elements, the inputs starting 0 to 7
    // elements into a buffer and the outputs 0, 1, 2, 3 and 5 elements past
    // a 32-byte boundary (the vectorised loops' heads and tails at every
    // alignment, on the flat path, inline up to `SMALL_BOX` elements and
    // behind `apart` beyond, whose AVX2 build first writes the elements
    // before the output's boundary).
    let n = 120;
    let da: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let db: Vec<f64> = (0..n).map(|i| (1000 + 3 * i) as f64).collect();
    let lens: &[usize] = if cfg!(miri) {
        &[0, 33]
    } else {
        &[0, 1, 31, 32, 33, 37, 64, 100]
    };
    for oa in 0..8usize {
        for skip in [0usize, 1, 2, 3, 5] {
            for &len in lens {
                let mut data = vec![-1.0; n];
                // (`align_offset` may answer `usize::MAX`: then from 0.)
                let od = Some(data.as_ptr().align_offset(32))
                    .filter(|&k| k < 4)
                    .unwrap_or(0)
                    + skip;
                let la = Layout::<1, Strided>::from_parts([len], [1], oa).unwrap();
                let lo = Layout::<1, Strided>::from_parts([len], [1], od).unwrap();
                let a = View::from_slice(&da, la).unwrap();
                let b = View::from_slice(&db, lo).unwrap();
                let mut out = ViewMut::<f64, 1, Strided>::from_slice(&mut data, lo).unwrap();
                kernel!(out[[i]] = a[[i]] + b[[i]]).unwrap();
                kernel!(out[[i]] *= 2.0).unwrap();
                let fresh = kernel!(_[[i]] = a[[i]] * 3.0).unwrap();
                for k in 0..len {
                    let want = 2.0 * ((oa + k) as f64 + (1000 + 3 * (od + k)) as f64);
                    assert_eq!(data[od + k], want, "{oa} {od} {len} {k}");
                    assert_eq!(fresh[[k]], 3.0 * (oa + k) as f64);
                }
                assert!(
                    (0..n)
                        .filter(|&i| i < od || i >= od + len)
                        .all(|i| data[i] == -1.0)
                );
            }
        }
    }
}

#[test]
fn elementwise_statements_match_the_naive_loops() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..CASES {
        // out[[i, j]] = 2 * a[[i, j]] - b[[j, i]] + row[[j]], out random unique.
        let (lo, leno) = grown_layout::<2>(&mut rng, false);
        let [n, m] = *lo.shape();
        let (mut da, mut db, mut dr) = (Vec::new(), Vec::new(), Vec::new());
        let la = view_of(&mut rng, [n, m], true, &mut da);
        let lb = view_of(&mut rng, [m, n], true, &mut db);
        let lr = view_of(&mut rng, [m], true, &mut dr);
        let a = View::from_slice(&da, la).unwrap();
        let b = View::from_slice(&db, lb).unwrap();
        let row = View::from_slice(&dr, lr).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut out = ViewMut::<i64, 2, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(out[[i, j]] = 2 * a[[i, j]] - b[[j, i]] + row[[j]]).unwrap();
        for [i, j] in indices([n, m]) {
            let want = 2 * a.get([i, j]).unwrap() - b.get([j, i]).unwrap() + row.get([j]).unwrap();
            assert_eq!(*out.get([i, j]).unwrap(), want, "{lo:?} {la:?} {lb:?}");
        }
        // In place, reading the output at the element written: out = out * 3 + a.
        let snapshot: Vec<i64> = indices([n, m])
            .into_iter()
            .map(|i| *out.get(i).unwrap())
            .collect();
        kernel!(out[[i, j]] = out[[i, j]] * 3 + a[[i, j]]).unwrap();
        kernel!(out[[i, j]] -= 1).unwrap();
        for (k, [i, j]) in indices([n, m]).into_iter().enumerate() {
            assert_eq!(
                *out.get([i, j]).unwrap(),
                snapshot[k] * 3 + a.get([i, j]).unwrap() - 1
            );
        }
        untouched_outside(&lo, &data, &before);
    }
}

#[test]
fn rank_three_permutations_and_length_one_broadcasts() {
    let mut rng = Rng(7);
    for _ in 0..CASES {
        let (lo, leno) = grown_layout::<3>(&mut rng, false);
        let [n0, n1, n2] = *lo.shape();
        let (mut da, mut dc) = (Vec::new(), Vec::new());
        // a is indexed [k, i, j]; col has a length-1 middle axis.
        let la = view_of(&mut rng, [n2, n0, n1], true, &mut da);
        let lc = view_of(&mut rng, [n0, 1, n2], false, &mut dc);
        let a = View::from_slice(&da, la).unwrap();
        let col = View::from_slice(&dc, lc).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut out = ViewMut::<i64, 3, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(out[[i, j, k]] += a[[k, i, j]] * col[[i, j, k]]).unwrap();
        for [i, j, k] in indices([n0, n1, n2]) {
            let off = lo.offset_of([i, j, k]).unwrap();
            let want = before[off] + a.get([k, i, j]).unwrap() * col.get([i, 0, k]).unwrap();
            assert_eq!(data[off], want);
        }
        untouched_outside(&lo, &data, &before);
    }
}

/// Ranks 4 to 6, and 0: elementwise statements with reversed and permuted
/// inputs (broadcasts and windows at times), in-place updates, reductions into
/// an output along two letters and into a scalar, against the naive loops.
#[test]
fn high_ranks_and_rank_zero_match_the_naive_loops() {
    let mut rng = Rng(0x4164_0006_0000_0001);
    let cases = if cfg!(miri) { 2 } else { CASES / 3 };
    for _ in 0..cases {
        let (lo, leno) = random_layout::<4>(&mut rng, false);
        let [n0, n1, n2, n3] = *lo.shape();
        let (mut da, mut db) = (Vec::new(), Vec::new());
        let la = view_of(&mut rng, [n3, n2, n1, n0], true, &mut da);
        let lb = view_of(&mut rng, [n0, n1, n2, n3], true, &mut db);
        let a = View::from_slice(&da, la).unwrap();
        let b = View::from_slice(&db, lb).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut out = ViewMut::<i64, 4, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(out[[i, j, k, l]] = a[[l, k, j, i]] * 2 - b[[i, j, k, l]]).unwrap();
        kernel!(out[[i, j, k, l]] += b[[i, j, k, l]]).unwrap();
        for [i, j, k, l] in indices([n0, n1, n2, n3]) {
            let want = a.get([l, k, j, i]).unwrap() * 2;
            assert_eq!(
                *out.get([i, j, k, l]).unwrap(),
                want,
                "{lo:?} {la:?} {lb:?}"
            );
        }
        let mut red = Array::<i64, 2>::from_elem([n0, n2], 5).unwrap();
        kernel!(red[[i, k]] += a[[l, k, j, i]] * b[[i, j, k, l]]).unwrap();
        for [i, k] in indices([n0, n2]) {
            let mut want = 5;
            for [j, l] in indices([n1, n3]) {
                want += a.get([l, k, j, i]).unwrap() * b.get([i, j, k, l]).unwrap();
            }
            assert_eq!(red[[i, k]], want, "{la:?} {lb:?}");
        }
        let mut s = 1i64;
        kernel!(s += a[[l, k, j, i]] - b[[i, j, k, l]]).unwrap();
        let naive: i64 = indices([n0, n1, n2, n3])
            .into_iter()
            .map(|[i, j, k, l]| a.get([l, k, j, i]).unwrap() - b.get([i, j, k, l]).unwrap())
            .sum();
        assert_eq!(s, 1 + naive);
        untouched_outside(&lo, &data, &before);

        let (lo, leno) = random_layout::<5>(&mut rng, false);
        let sh = *lo.shape();
        let (mut da, mut dr) = (Vec::new(), Vec::new());
        let la = view_of(&mut rng, [sh[4], sh[3], sh[2], sh[1], sh[0]], true, &mut da);
        let lr = view_of(&mut rng, [sh[0], sh[4]], true, &mut dr);
        let a = View::from_slice(&da, la).unwrap();
        let r = View::from_slice(&dr, lr).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut out = ViewMut::<i64, 5, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(out[[i, j, k, l, m]] -= a[[m, l, k, j, i]] * r[[i, m]]).unwrap();
        for idx in indices(sh) {
            let [i, j, k, l, m] = idx;
            let off = lo.offset_of(idx).unwrap();
            let want = before[off] - a.get([m, l, k, j, i]).unwrap() * r.get([i, m]).unwrap();
            assert_eq!(data[off], want, "{lo:?} {la:?} {lr:?}");
        }
        untouched_outside(&lo, &data, &before);

        let (lo, leno) = random_layout::<6>(&mut rng, false);
        let sh = *lo.shape();
        let rev = [sh[5], sh[4], sh[3], sh[2], sh[1], sh[0]];
        let (mut da, mut db) = (Vec::new(), Vec::new());
        let la = view_of(&mut rng, rev, true, &mut da);
        let lb = view_of(&mut rng, sh, true, &mut db);
        let a = View::from_slice(&da, la).unwrap();
        let b = View::from_slice(&db, lb).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut out = ViewMut::<i64, 6, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(out[[i, j, k, l, m, n]] = a[[n, m, l, k, j, i]] - 3 * b[[i, j, k, l, m, n]])
            .unwrap();
        let mut s = 0i64;
        kernel!(s += out[[i, j, k, l, m, n]]).unwrap();
        let mut total = 0;
        for idx in indices(sh) {
            let [i, j, k, l, m, n] = idx;
            let want = a.get([n, m, l, k, j, i]).unwrap() - 3 * b.get(idx).unwrap();
            assert_eq!(*out.get(idx).unwrap(), want, "{lo:?} {la:?} {lb:?}");
            total += want;
        }
        assert_eq!(s, total);
        untouched_outside(&lo, &data, &before);
    }
    // Rank 0: one element each.
    let a = Array::<i64, 0>::from_vec([], vec![6]).unwrap();
    let mut o = Array::<i64, 0>::from_vec([], vec![1]).unwrap();
    kernel!(o[[]] = a[[]] * 2 + o[[]]).unwrap();
    assert_eq!(o[[]], 13);
    let mut s = 0i64;
    kernel!(s += a[[]] * o[[]]).unwrap();
    assert_eq!(s, 78);
}

#[test]
fn copies_between_permuted_layouts() {
    // `out[[…]] = a[[…]]` runs as the library's copy: random layouts, broadcast
    // inputs, and shapes past a tile edge (the register-block transpose).
    let mut rng = Rng(0xC0FF_EE00);
    for case in 0..CASES {
        let (lo, leno) = if case % 4 == 0 {
            let (n0, n1, n2) = if cfg!(miri) { (2, 17, 18) } else { (3, 40, 37) };
            let l = Layout::c([n0, n1, n2]).unwrap().strided();
            (l.permute([1, 2, 0]).unwrap(), n0 * n1 * n2)
        } else {
            random_layout::<3>(&mut rng, false)
        };
        let [n0, n1, n2] = *lo.shape();
        let mut da = Vec::new();
        let la = view_of(&mut rng, [n2, n0, n1], true, &mut da);
        let a = View::from_slice(&da, la).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut out = ViewMut::<i64, 3, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(out[[i, j, k]] = a[[k, i, j]]).unwrap();
        for [i, j, k] in indices([n0, n1, n2]) {
            assert_eq!(*out.get([i, j, k]).unwrap(), *a.get([k, i, j]).unwrap());
        }
        untouched_outside(&lo, &data, &before);
    }
    // The copy names a mismatched operand as every kernel does.
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut out = Array::<f64, 2>::zeros([3, 4]).unwrap();
    assert!(matches!(
        kernel!(out[[i, j]] = a[[j, i]]),
        Err(LayoutError::KernelExtent { operand: "a", .. })
    ));
}

/// A random `n x p` matrix (`grown_layout`, broadcasts and windows at
/// times) and a random vector of `p`, with their data.
fn matrix_and_vector(rng: &mut Rng) -> (Layout<2>, Vec<i64>, Layout<1>, Vec<i64>) {
    let (lm, lenm) = grown_layout::<2>(rng, true);
    let dm = values(lenm, rng);
    let mut dx = Vec::new();
    let lx = view_of(rng, [lm.shape()[1]], true, &mut dx);
    (lm, dm, lx, dx)
}

/// New outputs of sums and products (`_[[i]] += …`, NumPy's `einsum`): a
/// row sum, a matrix product and a column product over random layouts of
/// integers (exact), each against the naive loop; an empty letter gives zeros
/// (ones for a product), as NumPy's sums of nothing.
#[test]
fn new_outputs_of_sums_and_products() {
    let mut rng = Rng(0x6569_6e73);
    for _ in 0..CASES {
        let (lm, dm, lx, dx) = matrix_and_vector(&mut rng);
        let [n, p] = *lm.shape();
        let m = View::from_slice(&dm, lm).unwrap();
        let x = View::from_slice(&dx, lx).unwrap();
        let rows = kernel!(_[[i]] += m[[i, j]]).unwrap();
        assert_eq!(rows.shape(), &[n]);
        let mv = kernel!(_[[i]] += m[[i, j]] * x[[j]]).unwrap();
        for i in 0..n {
            let want: i64 = (0..p).map(|j| m.get([i, j]).unwrap()).sum();
            assert_eq!(rows.get([i]), Some(&want), "row sums {lm:?}");
            let want: i64 = (0..p)
                .map(|j| m.get([i, j]).unwrap() * x.get([j]).unwrap())
                .sum();
            assert_eq!(mv.get([i]), Some(&want), "matvec {lm:?} {lx:?}");
        }
        let q = rng.below(4) as usize;
        let mut db = Vec::new();
        let lb = view_of(&mut rng, [p, q], true, &mut db);
        let b = View::from_slice(&db, lb).unwrap();
        let c = kernel!(_[[i, k]] += m[[i, j]] * b[[j, k]]).unwrap();
        assert_eq!(c.shape(), &[n, q]);
        for i in 0..n {
            for k in 0..q {
                let want: i64 = (0..p)
                    .map(|j| m.get([i, j]).unwrap() * b.get([j, k]).unwrap())
                    .sum();
                assert_eq!(c.get([i, k]), Some(&want), "matmul {lm:?} {lb:?}");
            }
        }
        // Signs, so that a product of any length is exact.
        let sign = |v: i64| if v % 3 == 0 { -1i64 } else { 1 };
        let cols = kernel!(_[[j]] *= sign(m[[i, j]])).unwrap();
        for j in 0..p {
            let want: i64 = (0..n).map(|i| sign(*m.get([i, j]).unwrap())).product();
            assert_eq!(cols.get([j]), Some(&want), "column products {lm:?}");
        }
    }
    let empty = Array::<f64, 2>::zeros([3, 0]).unwrap();
    assert_eq!(
        kernel!(_[[i]] += empty[[i, j]]).unwrap().as_slice(),
        &[0.0; 3]
    );
    assert_eq!(
        kernel!(_[[i]] *= empty[[i, j]]).unwrap().as_slice(),
        &[1.0; 3]
    );
}

#[test]
fn reductions_into_arrays_and_scalars() {
    let mut rng = Rng(42);
    for _ in 0..CASES {
        // y[[i]] += m[[i, j]] * x[[j]]; c[[i, k]] += a[[i, j]] * b[[j, k]].
        let (lm, dm, lx, dx) = matrix_and_vector(&mut rng);
        let [n, p] = *lm.shape();
        let m = View::from_slice(&dm, lm).unwrap();
        let x = View::from_slice(&dx, lx).unwrap();
        let mut y = Array::<i64, 1>::zeros([n]).unwrap();
        kernel!(y[[i]] += m[[i, j]] * x[[j]]).unwrap();
        for i in 0..n {
            let want: i64 = (0..p)
                .map(|j| m.get([i, j]).unwrap() * x.get([j]).unwrap())
                .sum();
            assert_eq!(y.get([i]), Some(&want), "matvec {lm:?} {lx:?}");
        }
        let q = rng.below(4) as usize;
        let mut db = Vec::new();
        let lb = view_of(&mut rng, [p, q], true, &mut db);
        let b = View::from_slice(&db, lb).unwrap();
        let mut c = Array::<i64, 2, stride::F>::zeros([n, q]).unwrap();
        kernel!(c[[i, k]] += m[[i, j]] * b[[j, k]]).unwrap();
        for [i, k] in indices([n, q]) {
            let want: i64 = (0..p)
                .map(|j| m.get([i, j]).unwrap() * b.get([j, k]).unwrap())
                .sum();
            assert_eq!(c.get([i, k]), Some(&want), "matmul {lm:?} {lb:?}");
        }
        // Scalars: a full sum, a dot product, a trace, a product.
        let mut s = 0i64;
        kernel!(s += m[[i, j]]).unwrap();
        assert_eq!(s, m.iter().sum::<i64>());
        let mut dot = 0i64;
        kernel!(dot += x[[i]] * x[[i]]).unwrap();
        assert_eq!(dot, x.iter().map(|v| v * v).sum::<i64>());
        if n == p {
            let mut t = 0i64;
            kernel!(t += m[[i, i]]).unwrap();
            assert_eq!(t, (0..n).map(|i| m.get([i, i]).unwrap()).sum::<i64>());
        }
        let mut prod = 1i64;
        kernel!(prod *= (x[[i]] % 3).abs() + 1).unwrap();
        assert_eq!(prod, x.iter().map(|v| (v % 3).abs() + 1).product::<i64>());
        // Floats, per row and per column into outputs: each within the bound
        // any order of a lane's additions meets, 2 (n - 1) eps sum|x| (see
        // the stride-core kernel tests).
        let fm: Vec<f64> = dm.iter().map(|&v| v as f64 * 0.37).collect();
        let f = View::from_slice(&fm, lm).unwrap();
        let mut rows = Array::<f64, 1>::zeros([n]).unwrap();
        let mut cols = Array::<f64, 1>::zeros([p]).unwrap();
        kernel!(rows[[i]] += f[[i, j]]).unwrap();
        kernel!(cols[[j]] += f[[i, j]] * 2.0).unwrap();
        let close = |got: f64, lane: &mut dyn Iterator<Item = f64>, what: &str| {
            let (mut sum, mut abs, mut len) = (0.0, 0.0, 0usize);
            for v in lane {
                sum += v;
                abs += v.abs();
                len += 1;
            }
            let bound = 2.0 * len.saturating_sub(1) as f64 * f64::EPSILON * abs;
            assert!((got - sum).abs() <= bound, "{what}: {got} vs {sum}, {lm:?}");
        };
        for i in 0..n {
            close(
                rows[[i]],
                &mut (0..p).map(|j| *f.get([i, j]).unwrap()),
                "row sums",
            );
        }
        for j in 0..p {
            close(
                cols[[j]],
                &mut (0..n).map(|i| f.get([i, j]).unwrap() * 2.0),
                "column sums",
            );
        }
    }
}

/// The extreme of a lane by NumPy's rule: NaN if the lane holds one, else
/// its largest (smallest) value; `None` for an empty lane.
fn extreme_of(lane: impl Iterator<Item = f64>, max: bool) -> Option<f64> {
    lane.fold(None, |acc: Option<f64>, x| match acc {
        None => Some(x),
        Some(a) if a.is_nan() || x.is_nan() => Some(f64::NAN),
        Some(a) => Some(if max { a.max(x) } else { a.min(x) }),
    })
}

/// Whether two results of `max[…]` / `min[…]` agree: both NaN or equal.
fn same_extreme(got: f64, want: f64) -> bool {
    (got.is_nan() && want.is_nan()) || got == want
}

/// `max[…](…)` and `min[…](…)` along letters into arrays and into scalars,
/// over random layouts (broadcasts and windows among the inputs), fused with
/// other operands, with NaNs placed in the floats; an extent of 0 along a
/// listed letter is an error that leaves the output as it was.
#[test]
fn extremes_along_letters_and_into_scalars_match_the_naive_loops() {
    let mut rng = Rng(77);
    for case in 0..CASES {
        let (lm, dm, lx, dx) = matrix_and_vector(&mut rng);
        let [n, p] = *lm.shape();
        let m = View::from_slice(&dm, lm).unwrap();
        let x = View::from_slice(&dx, lx).unwrap();
        // Integers, fused with a second operand: y[i] = max_j m[i, j] * x[j].
        let mut y = Array::<i64, 1>::from_elem([n], 7).unwrap();
        let r = kernel!(y[[i]] = max[j](m[[i, j]] * x[[j]]));
        if p == 0 && n > 0 {
            assert_eq!(
                r,
                Err(LayoutError::EmptyExtreme {
                    op: "max",
                    letter: "j"
                })
            );
            assert!(y.iter().all(|&v| v == 7));
        } else {
            r.unwrap();
            for i in 0..n {
                let want = (0..p)
                    .map(|j| m.get([i, j]).unwrap() * x.get([j]).unwrap())
                    .max();
                assert_eq!(y.get([i]).copied(), want, "max {lm:?} {lx:?}");
            }
        }
        // Along the first letter: c[j] = min_i m[i, j].
        let mut c = Array::<i64, 1>::zeros([p]).unwrap();
        let r = kernel!(c[[j]] = min[i](m[[i, j]]));
        if n == 0 && p > 0 {
            assert!(matches!(
                r,
                Err(LayoutError::EmptyExtreme {
                    op: "min",
                    letter: "i"
                })
            ));
        } else {
            r.unwrap();
            for j in 0..p {
                let want = (0..n).map(|i| *m.get([i, j]).unwrap()).min();
                assert_eq!(c.get([j]).copied(), want, "min {lm:?}");
            }
        }
        // Bytes, into every other element of an output read backwards.
        let bm: Vec<u8> = dm.iter().map(|&v| v.rem_euclid(256) as u8).collect();
        let b8 = View::from_slice(&bm, lm).unwrap();
        let mut back = vec![9u8; 2 * n + 1];
        // Element `i` at `2 n - 1 - 2 i`: the odd positions, last first.
        let lb = Layout::<1>::from_parts([n], [-2], (2 * n).saturating_sub(1)).unwrap();
        let mut yb = ViewMut::from_slice(&mut back, lb).unwrap();
        if p > 0 || n == 0 {
            kernel!(yb[[i]] = max[j](b8[[i, j]])).unwrap();
            for i in 0..n {
                let want = (0..p).map(|j| *b8.get([i, j]).unwrap()).max();
                assert_eq!(yb.get([i]).copied(), want, "bytes {lm:?}");
            }
            assert!(
                (0..=n).all(|i| back[2 * i] == 9),
                "between the output's elements"
            );
        }
        // A new output, made by the kernel.
        match kernel!(_[[i]] = max[j](m[[i, j]] * x[[j]])) {
            Ok(z) => {
                assert_eq!(z.shape(), &[n]);
                assert_eq!(z.as_slice(), y.as_slice(), "new {lm:?} {lx:?}");
            }
            Err(e) => assert!(p == 0 && n > 0, "{e}"),
        }
        // Into a scalar, over both letters.
        let mut s = 0i64;
        let r = kernel!(s = max[i, j](m[[i, j]]));
        match m.iter().max() {
            Some(&want) => {
                r.unwrap();
                assert_eq!(s, want);
            }
            None => assert!(r.is_err()),
        }
        // Floats with a NaN or two among the data, rows and columns.
        let mut fm: Vec<f64> = dm.iter().map(|&v| v as f64 * 0.5).collect();
        if !fm.is_empty() && case % 3 != 0 {
            let k = rng.below(fm.len() as u64) as usize;
            fm[k] = f64::NAN;
        }
        let f = View::from_slice(&fm, lm).unwrap();
        let mut rows = Array::<f64, 1>::zeros([n]).unwrap();
        let one = Array::<f64, 1>::from_elem([1], 1.0).unwrap();
        if p > 0 {
            kernel!(rows[[i]] = min[j](f[[i, j]] - 1.0)).unwrap();
            for i in 0..n {
                let want = extreme_of((0..p).map(|j| f.get([i, j]).unwrap() - 1.0), false);
                assert!(same_extreme(rows[[i]], want.unwrap()), "row min {lm:?}");
            }
        }
        // Into an F output of rank 2, along the first letter.
        let mut cols = Array::<f64, 2, stride::F>::zeros([p, 1]).unwrap();
        if n > 0 {
            kernel!(cols[[j, z]] = max[i](f[[i, j]] + one[[z]])).unwrap();
            for j in 0..p {
                let want = extreme_of((0..n).map(|i| f.get([i, j]).unwrap() + 1.0), true);
                assert!(
                    same_extreme(cols[[j, 0]], want.unwrap()),
                    "column max {lm:?}"
                );
            }
        }
    }
}

/// A row softmax's reductions in one function: each row's maximum, then the
/// sum of the exponentials of the row less it (NumPy:
/// `m = x.max(axis=1); s = np.exp(x - m[:, None]).sum(axis=1)`).
#[kernel_fn]
fn row_max_and_exp_sum(
    m: &mut ViewMut<'_, f64, 1>,
    s: &mut ViewMut<'_, f64, 1>,
    x: &View<'_, f64, 2>,
) {
    m[[i]] = max[j](x[[i, j]]);
    s[[i]] += (x[[i, j]] - m[[i]]).exp();
}

#[test]
fn kernel_fn_takes_extremes_among_its_statements() {
    let x = Array::<f64, 2>::from_fn([3, 5], |[i, j]| (i * 5 + j) as f64 * 0.25 - 1.0).unwrap();
    let mut m = Array::<f64, 1>::zeros([3]).unwrap();
    let mut s = Array::<f64, 1>::zeros([3]).unwrap();
    row_max_and_exp_sum(
        &mut m.view_mut().into_strided(),
        &mut s.view_mut().into_strided(),
        &x.view().into_strided(),
    )
    .unwrap();
    for i in 0..3 {
        let want = x[[i, 4]];
        assert_eq!(m[[i]], want);
        let sum: f64 = (0..5).map(|j| (x[[i, j]] - want).exp()).sum();
        assert!((s[[i]] - sum).abs() <= 1e-12 * sum, "{} {sum}", s[[i]]);
    }
}

/// The long-run paths of `max[…]` / `min[…]` for one float type: the
/// library's vector extreme of each row (runs of 16 and more), eight partial
/// extremes along a fused row, the eight-row fold along a C array's first
/// letter (rows of `ROW_FOLD_BYTES` and more) with rows left over after the
/// groups of eight, and a rank-3 input with the reduced letter in the
/// middle; without NaNs, and with NaNs in a middle block and in the last
/// column.
fn extremes_of_long_runs<T>(p: usize, of: impl Fn(f64) -> T)
where
    T: Copy + PartialOrd + core::fmt::Debug + core::ops::Add<Output = T> + 'static,
    T: stride::__private::kernel::Bounded,
{
    let n = 13;
    let lane = |xs: &mut dyn Iterator<Item = T>, max: bool| -> T {
        xs.reduce(|a, x| {
            #[allow(clippy::eq_op)]
            let nan = |v: T| v != v;
            if nan(a) || nan(x) {
                if nan(a) { a } else { x }
            } else if (x > a) == max {
                x
            } else {
                a
            }
        })
        .unwrap()
    };
    let same = |a: T, b: T| {
        #[allow(clippy::eq_op)]
        let both_nan = a != a && b != b;
        both_nan || a == b
    };
    let a = Array::<T, 2>::from_fn([n, p], |[i, j]| {
        of(((i * 7919 + j * 104_729) % 1009) as f64 - 504.5)
    })
    .unwrap();
    let mut with_nan = a.clone();
    with_nan[[n / 2, p / 3]] = of(f64::NAN);
    with_nan[[1, p - 1]] = of(f64::NAN);
    with_nan[[n - 1, 5]] = of(f64::NAN);
    for (src, what) in [(&a, "no NaN"), (&with_nan, "NaNs")] {
        let mut rows = Array::<T, 1>::from_elem([n], of(0.0)).unwrap();
        let mut cols = Array::<T, 1>::from_elem([p], of(0.0)).unwrap();
        kernel!(rows[[i]] = max[j](src[[i, j]])).unwrap();
        for i in 0..n {
            let want = lane(&mut (0..p).map(|j| src[[i, j]]), true);
            assert!(same(rows[[i]], want), "{what}: row {i} max");
        }
        let one = of(1.0);
        kernel!(rows[[i]] = min[j](src[[i, j]] + one)).unwrap();
        for i in 0..n {
            let want = lane(&mut (0..p).map(|j| src[[i, j]] + one), false);
            assert!(same(rows[[i]], want), "{what}: row {i} fused min");
        }
        kernel!(cols[[j]] = min[i](src[[i, j]])).unwrap();
        for j in 0..p {
            let want = lane(&mut (0..n).map(|i| src[[i, j]]), false);
            assert!(same(cols[[j]], want), "{what}: column {j} min");
        }
        kernel!(cols[[j]] = max[i](src[[i, j]])).unwrap();
        for j in 0..p {
            let want = lane(&mut (0..n).map(|i| src[[i, j]]), true);
            assert!(same(cols[[j]], want), "{what}: column {j} max");
        }
        let mut s = of(0.0);
        kernel!(s = min[i, j](src[[i, j]])).unwrap();
        assert!(
            same(s, lane(&mut src.iter().copied(), false)),
            "{what}: all"
        );
        // A C array of rank 3 read along its middle letter.
        let t = Array::<T, 3>::from_fn([6, 2, p], |[i, j, k]| src[[2 * i + j, k]]).unwrap();
        let mut o = Array::<T, 2>::from_elem([6, p], of(0.0)).unwrap();
        kernel!(o[[i, k]] = max[j](t[[i, j, k]])).unwrap();
        for [i, k] in indices([6, p]) {
            let want = lane(&mut (0..2).map(|j| t[[i, j, k]]), true);
            assert!(same(o[[i, k]], want), "{what}: rank 3");
        }
    }
}

/// The eight-row folds (`kernel!` along a C view's first letter, the
/// library's `sum_axis(0)`, `max_axis(0)`, `min_axis(0)`) over inputs and
/// outputs starting `skips` elements past a 32-byte boundary: the vector
/// loops start at the first boundary of the input's rows, after the columns
/// before it one by one. Sums in row order (the same bits as the fold);
/// extremes with NaNs in the first columns (the head) and further on.
fn folds_at_every_alignment<T>(p: usize, skips: &[usize], of: impl Fn(f64) -> T)
where
    T: Copy + PartialOrd + core::fmt::Debug + core::ops::Add<Output = T> + 'static,
    T: core::ops::AddAssign + stride::__private::kernel::Bounded + stride::kernel::Summable,
{
    let n = 19; // two blocks of eight rows and three more
    #[allow(clippy::eq_op)]
    let nan = |v: T| v != v;
    let extreme = |xs: &mut dyn Iterator<Item = T>, max: bool| -> T {
        xs.reduce(|a, x| {
            if nan(a) || nan(x) {
                if nan(a) { a } else { x }
            } else if (x > a) == max {
                x
            } else {
                a
            }
        })
        .unwrap()
    };
    let same = |a: T, b: T| (nan(a) && nan(b)) || a == b;
    let mut data: Vec<T> = (0..n * p + 32)
        .map(|k| of(((k * 104_729) % 1009) as f64 * 0.37 - 150.1))
        .collect();
    data[40] = of(f64::NAN);
    data[(n / 2) * p + 1] = of(f64::NAN);
    data[3 * p + p / 2] = of(f64::NAN);
    let mut room = vec![of(0.0); p + 32];
    // (`align_offset` may answer `usize::MAX`: then from 0.)
    let first = |q: *const T| Some(q.align_offset(32)).filter(|&k| k < 32).unwrap_or(0);
    let (ia, oa) = (first(data.as_ptr()), first(room.as_ptr()));
    for &si in skips {
        let a = View::<T, 2, C>::from_shape(&data[ia + si..ia + si + n * p], [n, p]).unwrap();
        let col = |j: usize| (0..n).map(move |i| a[[i, j]]);
        let sums = a.sum_axis::<1>(0).unwrap();
        let maxs = a.max_axis::<1>(0).unwrap().unwrap();
        let mins = a.min_axis::<1>(0).unwrap().unwrap();
        for j in 0..p {
            let s = col(j).fold(of(0.0), |t, x| t + x);
            assert!(same(sums[[j]], s), "sum_axis, column {j}, input {si} past");
            assert!(
                same(maxs[[j]], extreme(&mut col(j), true)),
                "max_axis {j} {si}"
            );
            assert!(
                same(mins[[j]], extreme(&mut col(j), false)),
                "min_axis {j} {si}"
            );
        }
        for &so in skips {
            let at = format!("input {si}, output {so} past a boundary");
            let mut o =
                ViewMut::<T, 1, C>::from_shape(&mut room[oa + so..oa + so + p], [p]).unwrap();
            kernel!(o[[j]] = max[i](a[[i, j]])).unwrap();
            assert!(
                (0..p).all(|j| same(o[[j]], extreme(&mut col(j), true))),
                "max {at}"
            );
            kernel!(o[[j]] = min[i](a[[i, j]])).unwrap();
            assert!(
                (0..p).all(|j| same(o[[j]], extreme(&mut col(j), false))),
                "min {at}"
            );
            o.fill(of(1.0));
            kernel!(o[[j]] += a[[i, j]]).unwrap();
            let want = |j: usize| col(j).fold(of(1.0), |t, x| t + x);
            assert!((0..p).all(|j| same(o[[j]], want(j))), "sum {at}");
        }
    }
}

#[test]
fn folded_rows_at_every_alignment_match_the_naive_loops() {
    // Rows of `ROW_FOLD_BYTES` (6 KiB; 64 bytes under Miri) and more.
    let (p64, p32) = if cfg!(miri) { (9, 17) } else { (801, 1601) };
    folds_at_every_alignment::<f64>(p64, &[0, 1, 2, 3], |x| x);
    folds_at_every_alignment::<f32>(p32, &[0, 1, 5, 7], |x| x as f32);
}

#[test]
fn extremes_of_long_runs_and_folded_rows_match_the_naive_loops() {
    // Rows of `ROW_FOLD_BYTES` (6 KiB; 64 bytes under Miri) and more, and
    // of at least 64 elements (the chunked extreme of a fused row).
    let (p64, p32) = if cfg!(miri) { (64, 64) } else { (800, 1600) };
    extremes_of_long_runs::<f64>(p64, |x| x);
    extremes_of_long_runs::<f32>(p32, |x| x as f32);
}

/// `*=` in place at every rank from 0 to 6: random unique outputs (C, F,
/// permuted, reversed, step slices, size-0 and size-1 axes), inputs of any
/// layout read in permuted orders, against the naive loop (one product per
/// element: exact).
#[test]
fn in_place_products_at_every_rank_match_the_naive_loops() {
    let mut rng = Rng(0x1A9F_0000_0000_0006);
    let cases = if cfg!(miri) { 2 } else { CASES / 3 };
    let times = |o: i64, x: i64| o * x;
    for _ in 0..cases {
        elementwise_case(&mut rng, [], |o, a| kernel!(o[[]] *= a[[]]), times);
        elementwise_case(&mut rng, [0], |o, a| kernel!(o[[i]] *= a[[i]]), times);
        elementwise_case(
            &mut rng,
            [1, 0],
            |o, a| kernel!(o[[i, j]] *= a[[j, i]]),
            times,
        );
        elementwise_case(
            &mut rng,
            [2, 0, 1],
            |o, a| kernel!(o[[i, j, k]] *= a[[k, i, j]] - 1),
            |o, x| o * (x - 1),
        );
        elementwise_case(
            &mut rng,
            [3, 2, 1, 0],
            |o, a| kernel!(o[[i, j, k, l]] *= a[[l, k, j, i]]),
            times,
        );
        elementwise_case(
            &mut rng,
            [0, 1, 2, 3, 4],
            |o, a| kernel!(o[[i, j, k, l, m]] *= a[[i, j, k, l, m]]),
            times,
        );
        elementwise_case(
            &mut rng,
            [5, 1, 3, 2, 4, 0],
            |o, a| kernel!(o[[i, j, k, l, m, n]] *= a[[n, j, l, k, m, i]]),
            times,
        );
    }
}

/// Elementwise `=` at ranks 1 and 5 into random outputs, copies (the
/// library's `assign`) at ranks 1 and 4 to 6, and new outputs `_[[…]]` at
/// ranks 4 to 6, from inputs of any layout read in permuted orders, against
/// the naive loops.
#[test]
fn elementwise_statements_copies_and_new_outputs_at_low_and_high_ranks() {
    let mut rng = Rng(0xE1E7_0000_0000_0015);
    let cases = if cfg!(miri) { 2 } else { CASES / 3 };
    let copy = |_: i64, x: i64| x;
    for _ in 0..cases {
        elementwise_case(
            &mut rng,
            [0],
            |o, a| kernel!(o[[i]] = 3 * a[[i]] - 1),
            |_, x| 3 * x - 1,
        );
        elementwise_case(
            &mut rng,
            [4, 2, 0, 3, 1],
            |o, a| kernel!(o[[i, j, k, l, m]] = a[[m, k, i, l, j]] * 2 + 1),
            |_, x| x * 2 + 1,
        );
        elementwise_case(&mut rng, [0], |o, a| kernel!(o[[i]] = a[[i]]), copy);
        elementwise_case(
            &mut rng,
            [2, 0, 3, 1],
            |o, a| kernel!(o[[i, j, k, l]] = a[[k, i, l, j]]),
            copy,
        );
        elementwise_case(
            &mut rng,
            [4, 3, 2, 1, 0],
            |o, a| kernel!(o[[i, j, k, l, m]] = a[[m, l, k, j, i]]),
            copy,
        );
        elementwise_case(
            &mut rng,
            [1, 0, 3, 2, 5, 4],
            |o, a| kernel!(o[[i, j, k, l, m, n]] = a[[j, i, l, k, n, m]]),
            copy,
        );
        new_output_case(
            &mut rng,
            [1, 3, 0, 2],
            |a| kernel!(_[[i, j, k, l]] = a[[j, l, i, k]] * 5 - 2),
            |x| x * 5 - 2,
        );
        new_output_case(
            &mut rng,
            [4, 3, 2, 1, 0],
            |a| kernel!(_[[i, j, k, l, m]] = -a[[m, l, k, j, i]]),
            |x| -x,
        );
        new_output_case(
            &mut rng,
            [0, 2, 1, 4, 3, 5],
            |a| kernel!(_[[i, j, k, l, m, n]] = a[[i, k, j, m, l, n]] % 7),
            |x| x % 7,
        );
    }
}

/// Full reductions into scalars at ranks 3 and 5, inputs of any layout
/// (broadcasts, windows; at rank 3 grown past the unplanned walk at times):
/// `-=` of `i64`, exact; `*=` of odd `Wrapping<i64>` (multiplication modulo
/// 2^64 is associative and commutative, and odd factors never make it 0: any
/// order of the eight partial products gives the naive loop's value); `*=` of
/// `i128` over at most 64 factors of 1, -1, 2 or -3 (`random_layout`: so at
/// most 5 * 3^64 < 2^105, exact).
#[test]
fn scalar_differences_and_products_at_ranks_three_and_five() {
    use std::num::Wrapping;
    let mut rng = Rng(0x5CA1_0000_0000_0035);
    for _ in 0..CASES / 2 {
        let (la, lena) = grown_layout::<3>(&mut rng, true);
        let da = values(lena, &mut rng);
        let a = View::from_slice(&da, la).unwrap();
        let mut s = 7i64;
        kernel!(s -= a[[i, j, k]]).unwrap();
        assert_eq!(s, 7 - a.iter().sum::<i64>(), "{la:?}");
        let dw: Vec<Wrapping<i64>> = da.iter().map(|&x| Wrapping(2 * x + 1)).collect();
        let w = View::from_slice(&dw, la).unwrap();
        let mut p = Wrapping(3i64);
        kernel!(p *= w[[i, j, k]]).unwrap();
        assert_eq!(p, w.iter().fold(Wrapping(3), |p, &x| p * x), "{la:?}");
        let (lf, lenf) = random_layout::<3>(&mut rng, true);
        let df: Vec<i128> = values(lenf, &mut rng)
            .iter()
            .map(|&x| i128::from(factor(x)))
            .collect();
        let f = View::from_slice(&df, lf).unwrap();
        let mut q = 5i128;
        kernel!(q *= f[[i, j, k]]).unwrap();
        assert_eq!(q, f.iter().fold(5, |q, &x| q * x), "{lf:?}");

        let (l5, len5) = random_layout::<5>(&mut rng, true);
        let sh = *l5.shape();
        let d5 = values(len5, &mut rng);
        let a5 = View::from_slice(&d5, l5).unwrap();
        let mut db = Vec::new();
        let lb = view_of(&mut rng, [sh[4], sh[2], sh[0]], true, &mut db);
        let b = View::from_slice(&db, lb).unwrap();
        let mut s = -3i64;
        kernel!(s -= a5[[i, j, k, l, m]] * b[[m, k, i]]).unwrap();
        let naive: i64 = indices(sh)
            .into_iter()
            .map(|[i, j, k, l, m]| a5[[i, j, k, l, m]] * b[[m, k, i]])
            .sum();
        assert_eq!(s, -3 - naive, "{l5:?} {lb:?}");
        let dw: Vec<Wrapping<i64>> = d5
            .iter()
            .map(|&x| Wrapping(2 * x * 1_000_003 + 1))
            .collect();
        let w = View::from_slice(&dw, l5).unwrap();
        let mut p = Wrapping(-1i64);
        kernel!(p *= w[[i, j, k, l, m]]).unwrap();
        assert_eq!(p, w.iter().fold(Wrapping(-1), |p, &x| p * x), "{l5:?}");
    }
}

/// Reductions along letters with `+=`, `-=` and `*=` into given outputs of
/// random unique layouts (C, F, permuted, reversed, step slices, size-0 axes;
/// grown past the unplanned walk at times), from rank 3 to 1 and 2 and from
/// rank 5 to 2, inputs of any layout (broadcasts, windows), against the naive
/// loops. Integer data: exact in any order. The products come first, over at
/// most 27 factors of 1, -1, 2 or -3 (the reduced extents are chosen small):
/// at most 500 * 3^27 < 2^52, and the sums after them stay within `i64`.
#[test]
fn reductions_along_letters_into_given_views_with_every_operator() {
    let mut rng = Rng(0x7ED0_0000_0000_0312);
    for _ in 0..CASES / 2 {
        // Rank 3 to 1: y[[j]] *= f[[k, j, i]], then y[[j]] -= a[[i, j, k]] * 2.
        let (ly, leny) = grown_layout::<1>(&mut rng, false);
        let [n] = *ly.shape();
        let (p, q) = (rng.below(10) as usize, rng.below(4) as usize);
        let (mut da, mut df) = (Vec::new(), Vec::new());
        let la = view_of(&mut rng, [p, n, q], true, &mut da);
        let lf = view_of(&mut rng, [q, n, p], true, &mut df);
        let df: Vec<i64> = df.into_iter().map(factor).collect();
        let (a, f) = (
            View::from_slice(&da, la).unwrap(),
            View::from_slice(&df, lf).unwrap(),
        );
        let mut data = values(leny, &mut rng);
        let before = data.clone();
        let mut y = ViewMut::<i64, 1, Strided>::from_slice(&mut data, ly).unwrap();
        kernel!(y[[j]] *= f[[k, j, i]]).unwrap();
        kernel!(y[[j]] -= a[[i, j, k]] * 2).unwrap();
        for j in 0..n {
            let mut want = before[ly.offset_of([j]).unwrap()];
            for [i, k] in indices([p, q]) {
                want *= f[[k, j, i]];
            }
            for [i, k] in indices([p, q]) {
                want -= a[[i, j, k]] * 2;
            }
            assert_eq!(y[[j]], want, "{ly:?} {la:?} {lf:?}");
        }
        untouched_outside(&ly, &data, &before);

        // Rank 3 to 2, the output's letters swapped: c[[k, i]] *= g[[j, k, i]],
        // then c[[k, i]] += a[[i, j, k]] * b[[j]].
        let (lc, lenc) = grown_layout::<2>(&mut rng, false);
        let [n2, n0] = *lc.shape();
        let p = rng.below(13) as usize;
        let (mut da, mut db, mut dg) = (Vec::new(), Vec::new(), Vec::new());
        let la = view_of(&mut rng, [n0, p, n2], true, &mut da);
        let lb = view_of(&mut rng, [p], true, &mut db);
        let lg = view_of(&mut rng, [p, n2, n0], true, &mut dg);
        let dg: Vec<i64> = dg.into_iter().map(factor).collect();
        let (a, b, g) = (
            View::from_slice(&da, la).unwrap(),
            View::from_slice(&db, lb).unwrap(),
            View::from_slice(&dg, lg).unwrap(),
        );
        let mut data = values(lenc, &mut rng);
        let before = data.clone();
        let mut c = ViewMut::<i64, 2, Strided>::from_slice(&mut data, lc).unwrap();
        kernel!(c[[k, i]] *= g[[j, k, i]]).unwrap();
        kernel!(c[[k, i]] += a[[i, j, k]] * b[[j]]).unwrap();
        for [k, i] in indices([n2, n0]) {
            let mut want = before[lc.offset_of([k, i]).unwrap()];
            for j in 0..p {
                want *= g[[j, k, i]];
            }
            for j in 0..p {
                want += a[[i, j, k]] * b[[j]];
            }
            assert_eq!(c[[k, i]], want, "{lc:?} {la:?} {lb:?} {lg:?}");
        }
        untouched_outside(&lc, &data, &before);

        // Rank 5 to 2: o[[m, j]] *= f[[l, i, j, m, k]], then
        // o[[m, j]] += a[[i, j, k, l, m]] * w[[k, m]], then
        // o[[m, j]] -= b[[m, l, k, j, i]].
        let (lo, leno) = grown_layout::<2>(&mut rng, false);
        let [x, y] = *lo.shape();
        let [p, q, r] = [0; 3].map(|_| rng.below(4) as usize);
        let (mut da, mut dw, mut db, mut df) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let la = view_of(&mut rng, [p, y, q, r, x], true, &mut da);
        let lw = view_of(&mut rng, [q, x], true, &mut dw);
        let lb = view_of(&mut rng, [x, r, q, y, p], true, &mut db);
        let lf = view_of(&mut rng, [r, p, y, x, q], true, &mut df);
        let df: Vec<i64> = df.into_iter().map(factor).collect();
        let (a, w, b, f) = (
            View::from_slice(&da, la).unwrap(),
            View::from_slice(&dw, lw).unwrap(),
            View::from_slice(&db, lb).unwrap(),
            View::from_slice(&df, lf).unwrap(),
        );
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut o = ViewMut::<i64, 2, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(o[[m, j]] *= f[[l, i, j, m, k]]).unwrap();
        kernel!(o[[m, j]] += a[[i, j, k, l, m]] * w[[k, m]]).unwrap();
        kernel!(o[[m, j]] -= b[[m, l, k, j, i]]).unwrap();
        for [m, j] in indices([x, y]) {
            let mut want = before[lo.offset_of([m, j]).unwrap()];
            for [i, k, l] in indices([p, q, r]) {
                want *= f[[l, i, j, m, k]];
            }
            for [i, k, l] in indices([p, q, r]) {
                want += a[[i, j, k, l, m]] * w[[k, m]];
            }
            for [i, k, l] in indices([p, q, r]) {
                want -= b[[m, l, k, j, i]];
            }
            assert_eq!(o[[m, j]], want, "{lo:?} {la:?} {lw:?} {lb:?} {lf:?}");
        }
        untouched_outside(&lo, &data, &before);
    }
}

/// `/=`, whose reductions run in order (no partial results): in place by an
/// input and by a constant, into a scalar, and along a letter into a given
/// output, over random layouts. `f64` data divided by powers of two (`pow2`):
/// every quotient is exact, so whatever the order the results compare with
/// `==`. `i64` data divided by 1, -1, 2 and -3 (`factor`): a truncating
/// division by `d`, then by `e`, is the truncating division by `d e` (the
/// signs factor out; `floor(floor(x / d) / e) = floor(x / (d e))` for
/// positive integers), so any order of the divisions gives the naive loop's
/// value, exactly.
#[test]
fn division_in_place_into_scalars_and_along_letters() {
    let mut rng = Rng(0xD1F1_0000_0000_0001);
    for _ in 0..CASES / 2 {
        // In place: out[[i, j]] /= d[[j, i]] (f64), iout[[i, j]] /= 7 (i64).
        let (lo, leno) = grown_layout::<2>(&mut rng, false);
        let [n, m] = *lo.shape();
        let mut dd = Vec::new();
        let ld = view_of(&mut rng, [m, n], true, &mut dd);
        let fd: Vec<f64> = dd.into_iter().map(pow2).collect();
        let d = View::from_slice(&fd, ld).unwrap();
        let mut fo: Vec<f64> = values(leno, &mut rng)
            .into_iter()
            .map(|x| x as f64 * 0.37)
            .collect();
        let before = fo.clone();
        let mut out = ViewMut::<f64, 2, Strided>::from_slice(&mut fo, lo).unwrap();
        kernel!(out[[i, j]] /= d[[j, i]]).unwrap();
        for [i, j] in indices([n, m]) {
            let want = before[lo.offset_of([i, j]).unwrap()] / d[[j, i]];
            assert_eq!(out[[i, j]], want, "{lo:?} {ld:?}");
        }
        untouched_outside(&lo, &bits(&fo), &bits(&before));
        let mut io = values(leno, &mut rng);
        let before = io.clone();
        let mut iout = ViewMut::<i64, 2, Strided>::from_slice(&mut io, lo).unwrap();
        kernel!(iout[[i, j]] /= 7).unwrap();
        for idx in indices([n, m]) {
            assert_eq!(iout[idx], before[lo.offset_of(idx).unwrap()] / 7, "{lo:?}");
        }
        untouched_outside(&lo, &io, &before);

        // Into a scalar, from any layout (broadcasts, windows).
        let (la, lena) = grown_layout::<2>(&mut rng, true);
        let da = values(lena, &mut rng);
        let (fa, ia): (Vec<f64>, Vec<i64>) = da.iter().map(|&x| (pow2(x), factor(x))).unzip();
        let (fa, ia) = (
            View::from_slice(&fa, la).unwrap(),
            View::from_slice(&ia, la).unwrap(),
        );
        let mut s = 3.0f64;
        kernel!(s /= fa[[i, j]]).unwrap();
        assert_eq!(s, fa.iter().fold(3.0, |s, x| s / x), "{la:?}");
        // 3^25 2^20 < 2^60: no overflow, and most cases end away from 0.
        let start = 3i64.pow(25) << 20;
        let mut t = start;
        kernel!(t /= ia[[i, j]]).unwrap();
        assert_eq!(t, ia.iter().fold(start, |t, x| t / x), "{la:?}");

        // Along letters into given outputs: y[[i]] /= fa[[i, j]] (f64, rank 2
        // to 1) and c[[k, i]] /= e[[i, j, k]] (i64, rank 3 to 2).
        let [n, p] = *la.shape();
        let (ly, leny) = shaped_layout::<1>(&mut rng, [n], false);
        let mut fy: Vec<f64> = values(leny, &mut rng)
            .into_iter()
            .map(|x| x as f64 * 0.37)
            .collect();
        let before = fy.clone();
        let mut y = ViewMut::<f64, 1, Strided>::from_slice(&mut fy, ly).unwrap();
        kernel!(y[[i]] /= fa[[i, j]]).unwrap();
        for i in 0..n {
            let want = (0..p).fold(before[ly.offset_of([i]).unwrap()], |y, j| y / fa[[i, j]]);
            assert_eq!(y[[i]], want, "{ly:?} {la:?}");
        }
        untouched_outside(&ly, &bits(&fy), &bits(&before));
        let (lc, lenc) = grown_layout::<2>(&mut rng, false);
        let [n2, n0] = *lc.shape();
        let p = rng.below(13) as usize;
        let mut de = Vec::new();
        let le = view_of(&mut rng, [n0, p, n2], true, &mut de);
        let de: Vec<i64> = de.into_iter().map(factor).collect();
        let e = View::from_slice(&de, le).unwrap();
        let mut data: Vec<i64> = values(lenc, &mut rng)
            .into_iter()
            .map(|x| x * 1_000_003)
            .collect();
        let before = data.clone();
        let mut c = ViewMut::<i64, 2, Strided>::from_slice(&mut data, lc).unwrap();
        kernel!(c[[k, i]] /= e[[i, j, k]]).unwrap();
        for [k, i] in indices([n2, n0]) {
            let want = (0..p).fold(before[lc.offset_of([k, i]).unwrap()], |c, j| {
                c / e[[i, j, k]]
            });
            assert_eq!(c[[k, i]], want, "{lc:?} {le:?}");
        }
        untouched_outside(&lc, &data, &before);
    }
}

#[kernel_fn]
fn affine(
    out: &mut ViewMut<'_, f64, 2>,
    a: &View<'_, f64, 2>,
    bias: &View<'_, f64, 1>,
    scale: f64,
) {
    out[[i, j]] = scale * a[[j, i]];
    out[[i, j]] += bias[[j]];
}

/// `-> ()` stated: the same signature as none (the kernels' errors returned;
/// it did not compile).
#[kernel_fn]
fn doubled(out: &mut ViewMut<'_, f64, 2>, a: &View<'_, f64, 2>) -> () {
    out[[i, j]] = 2.0 * a[[i, j]];
}

#[test]
fn kernel_fn_with_a_unit_return_type_returns_the_errors() {
    let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64).unwrap();
    let mut out = Array::<f64, 2>::zeros([2, 3]).unwrap();
    doubled(&mut out.view_mut().into_strided(), &a.view().into_strided()).unwrap();
    assert_eq!(out.as_slice(), &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    let mut wrong = Array::<f64, 2>::zeros([3, 2]).unwrap();
    assert!(
        doubled(
            &mut wrong.view_mut().into_strided(),
            &a.view().into_strided()
        )
        .is_err()
    );
}

#[test]
fn kernel_fn_runs_its_statements_in_turn() {
    let a = Array::<f64, 2>::from_fn([3, 2], |[i, j]| (10 * i + j) as f64).unwrap();
    let bias = Array::<f64, 1>::from_vec([3], vec![0.5, 1.5, 2.5]).unwrap();
    let mut out = Array::<f64, 2>::zeros([2, 3]).unwrap();
    affine(
        &mut out.view_mut().into_strided(),
        &a.view().into_strided(),
        &bias.view().into_strided(),
        2.0,
    )
    .unwrap();
    for [i, j] in indices([2, 3]) {
        assert_eq!(
            out.get([i, j]),
            Some(&(2.0 * (10 * j + i) as f64 + bias.as_slice()[j]))
        );
    }
    // A shape that disagrees is an error before anything is written.
    let mut small = Array::<f64, 2>::zeros([2, 2]).unwrap();
    let err = affine(
        &mut small.view_mut().into_strided(),
        &a.view().into_strided(),
        &bias.view().into_strided(),
        2.0,
    )
    .unwrap_err();
    assert!(matches!(err, LayoutError::KernelExtent { .. }), "{err}");
    assert!(small.as_slice().iter().all(|&v| v == 0.0));
}

/// A scalar result through a `&mut` parameter: `*total += …` accumulates
/// into the place it points at, and `*peak = max[…](…)` sets it.
#[kernel_fn]
fn total_and_peak(total: &mut f64, peak: &mut f64, m: &View<'_, f64, 2>, v: &View<'_, f64, 1>) {
    *total += m[[i, j]];
    *peak = max[k](v[[k]]);
}

#[test]
fn kernel_fn_accumulates_through_mutable_references() {
    let a = Array::<f64, 2>::from_fn([3, 4], |[i, j]| (4 * i + j) as f64 - 5.0).unwrap();
    let (mut total, mut peak) = (100.0, f64::NAN);
    let col = a.index_axis::<1>(1, 2).unwrap(); // [-3, 1, 5]
    total_and_peak(
        &mut total,
        &mut peak,
        &a.t().into_strided(),
        &col.into_strided(),
    )
    .unwrap();
    let sum: f64 = a.as_slice().iter().sum();
    assert_eq!(total, 100.0 + sum);
    assert_eq!(peak, 5.0);
    // And in a plain `kernel!`.
    let mut s = 1.0;
    let r = &mut s;
    kernel!(*r *= a[[i, j]] * 0.0 + 2.0).unwrap();
    assert_eq!(s, 4096.0);
}

#[kernel_fn]
fn halved_column_differences(out: &mut ViewMut<'_, i64, 1>, a: &View<'_, i64, 2>) {
    out[[j]] -= a[[i, j]];
    out[[j]] /= 2;
}

/// `#[kernel_fn]` over operands that are not contiguous: a transposed output,
/// a step slice with a negative step, a broadcast input; then over random
/// layouts, an elementwise function (`affine`: the same two roundings per
/// element as the naive loop, compared bit for bit) and a reduction along a
/// letter followed by a division (`i64`, exact).
#[test]
fn kernel_fn_takes_transposed_sliced_and_broadcast_operands() {
    let mut base = Array::<f64, 2>::zeros([3, 2]).unwrap();
    let big = Array::<f64, 2>::from_fn([6, 5], |[i, j]| (10 * i + j) as f64).unwrap();
    // Rows 0, 2, 4; columns 3, 1.
    let a = big
        .slice([Slice::step_by(2), Slice::new(Some(3), None, -2)])
        .unwrap();
    assert_eq!(a.strides(), &[10, -2]);
    let one = Array::<f64, 1>::from_vec([1], vec![0.25]).unwrap();
    let bias = one.view().broadcast_to([3]).unwrap();
    let mut out = base.view_mut().t().into_strided();
    affine(&mut out, &a, &bias, 2.0).unwrap();
    for [i, j] in indices([2, 3]) {
        let want = 2.0 * big[[2 * j, 3 - 2 * i]] + 0.25;
        assert_eq!(base[[j, i]], want, "[{i}, {j}]");
    }
    let mut rng = Rng(0x6E4F_0000_0000_0007);
    for _ in 0..CASES / 2 {
        let (lo, leno) = grown_layout::<2>(&mut rng, false);
        let [n, m] = *lo.shape();
        let (mut da, mut db) = (Vec::new(), Vec::new());
        let la = view_of(&mut rng, [m, n], true, &mut da);
        let lb = view_of(&mut rng, [m], true, &mut db);
        let fa: Vec<f64> = da.iter().map(|&x| x as f64 * 0.37).collect();
        let fb: Vec<f64> = db.iter().map(|&x| x as f64 / 3.0).collect();
        let a = View::from_slice(&fa, la).unwrap();
        let bias = View::from_slice(&fb, lb).unwrap();
        let mut fo: Vec<f64> = values(leno, &mut rng).iter().map(|&x| x as f64).collect();
        let before = fo.clone();
        let mut out = ViewMut::<f64, 2, Strided>::from_slice(&mut fo, lo).unwrap();
        affine(&mut out, &a, &bias, -1.5).unwrap();
        for [i, j] in indices([n, m]) {
            let want = -1.5 * a[[j, i]] + bias[[j]];
            assert_eq!(
                out[[i, j]].to_bits(),
                want.to_bits(),
                "{lo:?} {la:?} {lb:?}"
            );
        }
        untouched_outside(&lo, &bits(&fo), &bits(&before));
        // y[[j]] -= a[[i, j]], then y[[j]] /= 2, `a` read transposed.
        let (ly, leny) = shaped_layout::<1>(&mut rng, [m], false);
        let mut data = values(leny, &mut rng);
        let before = data.clone();
        let ia = View::from_slice(&da, la).unwrap();
        let mut y = ViewMut::<i64, 1, Strided>::from_slice(&mut data, ly).unwrap();
        halved_column_differences(&mut y, &ia.t()).unwrap();
        for j in 0..m {
            let sum: i64 = (0..n).map(|i| ia[[j, i]]).sum();
            let want = (before[ly.offset_of([j]).unwrap()] - sum) / 2;
            assert_eq!(y[[j]], want, "{ly:?} {la:?}");
        }
        untouched_outside(&ly, &data, &before);
    }
}

#[test]
fn extents_that_disagree_are_errors_that_name_the_operand() {
    let a = Array::<i64, 2>::zeros([3, 4]).unwrap();
    let b = Array::<i64, 2>::zeros([3, 4]).unwrap();
    let mut out = Array::<i64, 2>::zeros([3, 4]).unwrap();
    // b[[j, i]] needs b of shape [4, 3].
    let err = kernel!(out[[i, j]] = a[[i, j]] + b[[j, i]]).unwrap_err();
    assert_eq!(
        err,
        LayoutError::KernelExtent {
            operand: "b",
            axis: 0,
            len: 3,
            letter: "j",
            extent: 4,
            from: Some(&("out", 1)),
        }
    );
    assert_eq!(
        err.to_string(),
        "kernel operand `b` has length 3 on axis 0, indexed by `j`, whose extent is 4, \
         set by axis 1 of `out` (only an input axis of length 1 broadcasts)"
    );
    // The output never broadcasts: a [1, 4] output cannot take [3, 4] values.
    let mut one = Array::<i64, 2>::zeros([1, 4]).unwrap();
    let err = kernel!(one[[i, j]] = a[[i, j]]).unwrap_err();
    assert_eq!(
        err,
        LayoutError::KernelExtent {
            operand: "one",
            axis: 0,
            len: 1,
            letter: "i",
            extent: 3,
            from: Some(&("a", 0)),
        }
    );
    // A new output's shape is its inputs': the extent is named at the input
    // that set it.
    let c = Array::<i64, 1>::zeros([5]).unwrap();
    let a0 = Array::<i64, 1>::zeros([3]).unwrap();
    let err = kernel!(_[[i]] = a0[[i]] + c[[i]]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "kernel operand `c` has length 5 on axis 0, indexed by `i`, whose extent is 3, \
         set by axis 0 of `a0` (only an input axis of length 1 broadcasts)"
    );
    // An input of length 1 does broadcast.
    let ones = Array::<i64, 2>::ones([1, 4]).unwrap();
    kernel!(out[[i, j]] = ones[[i, j]] * 5).unwrap();
    assert!(out.as_slice().iter().all(|&v| v == 5));
    // Size 0: nothing to do, no error.
    let empty = Array::<i64, 2>::zeros([0, 4]).unwrap();
    let mut s = 0i64;
    kernel!(s += empty[[i, j]]).unwrap();
    assert_eq!(s, 0);
}

#[test]
fn operands_behind_references_and_smart_pointers() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let a = Rc::new(Array::<i64, 1>::from_vec([3], vec![1, 2, 3]).unwrap());
    let b = Box::new(Array::<i64, 1>::from_vec([3], vec![10, 20, 30]).unwrap());
    let out = RefCell::new(Array::<i64, 1>::zeros([3]).unwrap());
    let mut o = out.borrow_mut();
    kernel!(o[[i]] = a[[i]] + b[[i]]).unwrap();
    drop(o);
    assert_eq!(out.borrow().as_slice(), &[11, 22, 33]);
    // A `&mut ViewMut` parameter needs no `mut` binding.
    fn double(v: &mut ViewMut<'_, i64, 1>) -> Result<(), LayoutError> {
        kernel!(v[[i]] *= 2)
    }
    double(&mut out.borrow_mut().view_mut().into_strided()).unwrap();
    assert_eq!(out.borrow().as_slice(), &[22, 44, 66]);
}

#[test]
fn scans_match_the_library_and_the_naive_loop() {
    let mut rng = Rng(99);
    for _ in 0..CASES {
        // out[[i, j, k]] = cumsum[j](a[[i, j, k]] * w[[j]]): fused, along the
        // middle letter, a random output.
        let (lo, leno) = random_layout::<3>(&mut rng, false);
        let [n0, n1, n2] = *lo.shape();
        let (mut da, mut dw) = (Vec::new(), Vec::new());
        let la = view_of(&mut rng, [n0, n1, n2], true, &mut da);
        let lw = view_of(&mut rng, [n1], true, &mut dw);
        let a = View::from_slice(&da, la).unwrap();
        let w = View::from_slice(&dw, lw).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut out = ViewMut::<i64, 3, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(out[[i, j, k]] = cumsum[j](a[[i, j, k]] * w[[j]])).unwrap();
        for [i, j, k] in indices([n0, n1, n2]) {
            let want: i64 = (0..=j)
                .map(|t| a.get([i, t, k]).unwrap() * w.get([t]).unwrap())
                .sum();
            assert_eq!(*out.get([i, j, k]).unwrap(), want, "{lo:?} {la:?}");
        }
        // In place along the last letter: the running products of the naive
        // loop, and the library's cumprod.
        let lib = out.view().map(|&x| (x % 3).abs() + 1).unwrap();
        kernel!(out[[i, j, k]] = (out[[i, j, k]] % 3).abs() + 1).unwrap();
        kernel!(out[[i, j, k]] = cumprod[k](out[[i, j, k]])).unwrap();
        let want = lib.cumprod(2).unwrap();
        for idx in indices([n0, n1, n2]) {
            let naive: i64 = (0..=idx[2]).map(|t| lib[[idx[0], idx[1], t]]).product();
            assert_eq!(*out.get(idx).unwrap(), naive, "cumprod {lo:?}");
            assert_eq!(out.get(idx), want.get(idx));
        }
        untouched_outside(&lo, &data, &before);
    }
}

/// An in-place scan along the first letter of a C output (its lanes side by
/// side, a stretch of them at a time: 8 under Miri, 1024 natively), whose
/// right side reads the output itself at the position being written: each
/// position reads its old value before the scan writes it.
#[test]
fn in_place_scans_across_wide_rows_read_each_old_value_first() {
    let (m, n) = if cfg!(miri) { (3, 19) } else { (5, 2100) };
    let mut o = Array::<i64, 2, C>::from_fn([m, n], |[i, j]| (i * 7 + j % 13) as i64).unwrap();
    let before = o.clone();
    kernel!(o[[i, j]] = cumsum[i](o[[i, j]] * 2 - 1)).unwrap();
    for j in 0..n {
        let mut run = 0;
        for i in 0..m {
            run += before[[i, j]] * 2 - 1;
            assert_eq!(o[[i, j]], run, "[{i}, {j}] of {m} x {n}");
        }
    }
}

/// Scans along the first letter: at rank 1 in place (reading the output
/// element before it is written), at rank 4 into a random output from a
/// reversed-order input; `cumprod` into a new output (at most 29 factors of
/// 1, -1, 2 or -3: within `i64`); and `f64` running sums into a random output
/// and a new one, compared bit for bit with the naive loop's: the library
/// scans each row in order (`scan_rows`: `out[0] = x[0]`, then `out[t] =
/// out[t - 1] + x[t]`, NumPy's sequential `accumulate`), the very additions
/// of the naive loop.
#[test]
fn scans_along_the_first_letter_new_products_and_float_sums() {
    let mut rng = Rng(0x5CA7_0000_0000_0004);
    for _ in 0..CASES / 2 {
        // Rank 1, in place: o[[i]] = cumsum[i](a[[i]] - o[[i]]).
        let (lo, leno) = grown_layout::<1>(&mut rng, false);
        let [n] = *lo.shape();
        let mut da = Vec::new();
        let la = view_of(&mut rng, [n], true, &mut da);
        let a = View::from_slice(&da, la).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut o = ViewMut::<i64, 1, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(o[[i]] = cumsum[i](a[[i]] - o[[i]])).unwrap();
        let mut run = 0;
        for i in 0..n {
            run += a[[i]] - before[lo.offset_of([i]).unwrap()];
            assert_eq!(o[[i]], run, "{lo:?} {la:?}");
        }
        untouched_outside(&lo, &data, &before);

        // Rank 4, along the first letter, the input's axes reversed.
        let (lo, leno) = random_layout::<4>(&mut rng, false);
        let sh = *lo.shape();
        let mut da = Vec::new();
        let la = view_of(&mut rng, [sh[3], sh[2], sh[1], sh[0]], true, &mut da);
        let a = View::from_slice(&da, la).unwrap();
        let mut data = values(leno, &mut rng);
        let before = data.clone();
        let mut o = ViewMut::<i64, 4, Strided>::from_slice(&mut data, lo).unwrap();
        kernel!(o[[i, j, k, l]] = cumsum[i](a[[l, k, j, i]] * 2)).unwrap();
        for [i, j, k, l] in indices(sh) {
            let want: i64 = (0..=i).map(|t| a[[l, k, j, t]] * 2).sum();
            assert_eq!(o[[i, j, k, l]], want, "{lo:?} {la:?}");
        }
        untouched_outside(&lo, &data, &before);

        // cumprod into a new output, along its first letter, read transposed.
        let shape = [rng.below(30) as usize, rng.below(5) as usize];
        let mut df = Vec::new();
        let lf = view_of(&mut rng, [shape[1], shape[0]], true, &mut df);
        let df: Vec<i64> = df.into_iter().map(factor).collect();
        let f = View::from_slice(&df, lf).unwrap();
        let c = kernel!(_[[i, j]] = cumprod[i](f[[j, i]])).unwrap();
        assert_eq!(c.shape(), &shape);
        for [i, j] in indices(shape) {
            let want: i64 = (0..=i).map(|t| f[[j, t]]).product();
            assert_eq!(c[[i, j]], want, "{lf:?}");
        }

        // f64 running sums, bit for bit: along the middle letter into a random
        // output from a permuted input, and along the first into a new one.
        let (lo, leno) = grown_layout::<3>(&mut rng, false);
        let [n0, n1, n2] = *lo.shape();
        let mut da = Vec::new();
        let la = view_of(&mut rng, [n2, n1, n0], true, &mut da);
        let fa: Vec<f64> = da.iter().map(|&x| x as f64 * 0.37).collect();
        let a = View::from_slice(&fa, la).unwrap();
        let mut fo: Vec<f64> = values(leno, &mut rng).iter().map(|&x| x as f64).collect();
        let before = fo.clone();
        let mut o = ViewMut::<f64, 3, Strided>::from_slice(&mut fo, lo).unwrap();
        kernel!(o[[i, j, k]] = cumsum[j](a[[k, j, i]] * 1.5)).unwrap();
        for [i, k] in indices([n0, n2]) {
            let mut run = 0.0;
            for j in 0..n1 {
                let x = a[[k, j, i]] * 1.5;
                run = if j == 0 { x } else { run + x };
                assert_eq!(o[[i, j, k]].to_bits(), run.to_bits(), "{lo:?} {la:?}");
            }
        }
        untouched_outside(&lo, &bits(&fo), &bits(&before));
        let s = *lo.shape();
        let (lb, lenb) = shaped_layout::<3>(&mut rng, [s[1], s[2], s[0]], true);
        let fb: Vec<f64> = values(lenb, &mut rng)
            .iter()
            .map(|&x| x as f64 / 7.0)
            .collect();
        let b = View::from_slice(&fb, lb).unwrap();
        let new = kernel!(_[[i, j, k]] = cumsum[i](b[[j, k, i]])).unwrap();
        assert_eq!(new.shape(), &s);
        for [j, k] in indices([s[1], s[2]]) {
            let mut run = 0.0;
            for i in 0..s[0] {
                let x = b[[j, k, i]];
                run = if i == 0 { x } else { run + x };
                assert_eq!(new[[i, j, k]].to_bits(), run.to_bits(), "{lb:?}");
            }
        }
    }
}

stride::layout! {
    struct M34 = f64[3, 4];
    struct M34T = f64[4, 3].T;
    struct Row4 = f64[1, 4];
}

#[test]
fn typed_contiguous_operands_and_static_tensors() {
    use stride::{F, Tensor, Unique};
    // All C (and all F): one flat loop; mixed C and F: the planned nest. The
    // results are the same.
    let a = Array::<f64, 2>::from_fn([3, 4], |[i, j]| (10 * i + j) as f64).unwrap();
    let b = Array::<f64, 2>::from_fn([3, 4], |[i, j]| (i + j) as f64).unwrap();
    let bf = b.to_contiguous::<F>().unwrap();
    let mut out = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut out_f = Array::<f64, 2, F>::zeros([3, 4]).unwrap();
    kernel!(out[[i, j]] = a[[i, j]] - b[[i, j]]).unwrap();
    kernel!(out_f[[i, j]] = a[[i, j]] - bf[[i, j]]).unwrap();
    for [i, j] in indices([3, 4]) {
        let want = a[[i, j]] - b[[i, j]];
        assert_eq!((out[[i, j]], out_f[[i, j]]), (want, want));
    }
    // Small integers in `f64`: every partial sum is an integer below 2^53, so
    // the sum is exact in any order and compares with `==`.
    let mut s = 0.0;
    kernel!(s += a[[i, j]] * b[[i, j]]).unwrap();
    assert_eq!(s, a.iter().zip(b.iter()).map(|(x, y)| x * y).sum::<f64>());
    // A C array broadcast from length 1 is not flat, and still right.
    let row = Array::<f64, 2>::from_vec([1, 4], vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    kernel!(out[[i, j]] = a[[i, j]] * row[[i, j]]).unwrap();
    assert_eq!(out[[2, 3]], 23.0 * 4.0);
    // Static tensors: shapes checked by the type checker, sizes constant.
    let da: Vec<f64> = (0..12).map(f64::from).collect();
    let ta = M34::tensor(&da).unwrap();
    let dt: Vec<f64> = (0..12).map(|x| f64::from(x) * 100.0).collect();
    let tt = Tensor::<M34T, 2>::new(&dt).unwrap(); // an F 3x4 (the .T of a C 4x3)
    let dr = vec![1.0, 2.0, 3.0, 4.0];
    let tr = Tensor::<Row4, 2>::new(&dr).unwrap(); // broadcasts from length 1
    let mut dout = vec![0.0; 12];
    let mut tout = Tensor::<M34, 2, Unique>::new_mut(&mut dout).unwrap();
    kernel!(tout[[i, j]] = ta[[i, j]] + tt[[i, j]] * tr[[i, j]]).unwrap();
    let (va, vt) = (ta.view(), tt.view());
    let want: Vec<f64> = indices([3, 4])
        .into_iter()
        .map(|[i, j]| va[[i, j]] + vt[[i, j]] * dr[j])
        .collect();
    assert_eq!(dout, want);
}

stride::layout! {
    struct S46 = f64[4, 6];
    struct S64 = f64[6, 4];
    struct S46F = f64[6, 4].T;
    struct S46Rev = f64[8, 12][::2, ::-2];
    struct SRow = f64[1, 6];
    struct SVec4 = f64[4];
    struct SVec6 = f64[6];
    struct SCube = f64[2, 3, 4].transpose(2, 0, 1);
    struct SCubeC = f64[4, 2, 3];
    struct S89 = f64[8, 9];
    struct S98 = f64[9, 8];
}

/// Kernels whose operands are all tensors of at most 64 elements take the
/// walk without a plan (unrolled by the compiler): every form, over C, F,
/// reversed-step, broadcast and permuted static layouts, against naive loops
/// over the tensors' views; past 64 elements the planned nest, the same.
/// Small integers in `f64`, so the results compare exactly.
#[test]
fn small_static_tensors_take_the_unplanned_walk_and_match_the_naive_loops() {
    use stride::{Tensor, Unique};
    fn data(n: usize, k: i32) -> Vec<f64> {
        (0..n)
            .map(|x| f64::from((x as i32 * 7 + k) % 23 - 11))
            .collect()
    }
    let (da, du, dt, dr, drow) = (
        data(24, 1),
        data(24, 2),
        data(24, 3),
        data(96, 4),
        data(6, 5),
    );
    let a = Tensor::<S46, 2>::new(&da).unwrap();
    let u = Tensor::<S64, 2>::new(&du).unwrap();
    let t = Tensor::<S46F, 2>::new(&dt).unwrap();
    let r = Tensor::<S46Rev, 2>::new(&dr).unwrap();
    let row = Tensor::<SRow, 2>::new(&drow).unwrap();
    let (va, vu, vt, vr) = (a.view(), u.view(), t.view(), r.view());
    assert_eq!(vr.strides(), &[24, -2]);
    let mut dout = vec![0.0; 24];
    let mut out = Tensor::<S46, 2, Unique>::new_mut(&mut dout).unwrap();
    let mut want = [[0.0; 6]; 4];
    let check = |out: &mut Tensor<'_, S46, 2, Unique>, want: &[[f64; 6]; 4]| {
        let v = out.view_mut();
        for [i, j] in indices([4, 6]) {
            assert_eq!(v[[i, j]], want[i][j], "[{i}, {j}]");
        }
    };
    // Elementwise over five layouts: C, a transposed read, F, reversed steps,
    // and a row broadcast from length 1.
    kernel!(out[[i, j]] = 2.0 * a[[i, j]] - u[[j, i]] + t[[i, j]] * row[[i, j]] + r[[i, j]])
        .unwrap();
    for [i, j] in indices([4, 6]) {
        want[i][j] = 2.0 * va[[i, j]] - vu[[j, i]] + vt[[i, j]] * drow[j] + vr[[i, j]];
    }
    check(&mut out, &want);
    // In place, with and without reading the output.
    kernel!(out[[i, j]] *= r[[i, j]]).unwrap();
    kernel!(out[[i, j]] = out[[i, j]] * 2.0 + a[[i, j]]).unwrap();
    for [i, j] in indices([4, 6]) {
        want[i][j] = want[i][j] * vr[[i, j]] * 2.0 + va[[i, j]];
    }
    check(&mut out, &want);
    // A copy from a transposed read (the library's copy).
    kernel!(out[[i, j]] = u[[j, i]]).unwrap();
    for [i, j] in indices([4, 6]) {
        want[i][j] = vu[[j, i]];
    }
    check(&mut out, &want);
    // A matrix-vector product into a vector, a scalar sum of products.
    let (dx, mut dy) = (data(6, 6), vec![1.0; 4]);
    let x = Tensor::<SVec6, 1>::new(&dx).unwrap();
    let mut y = Tensor::<SVec4, 1, Unique>::new_mut(&mut dy).unwrap();
    kernel!(y[[i]] += r[[i, j]] * x[[j]]).unwrap();
    for (i, y) in dy.iter().enumerate() {
        assert_eq!(*y, 1.0 + (0..6).map(|j| vr[[i, j]] * dx[j]).sum::<f64>());
    }
    let mut s = 0.5;
    kernel!(s += r[[i, j]] * t[[i, j]]).unwrap();
    let naive: f64 = indices([4, 6])
        .into_iter()
        .map(|[i, j]| vr[[i, j]] * vt[[i, j]])
        .sum();
    assert_eq!(s, 0.5 + naive);
    // A new output.
    let n = kernel!(_[[i, j]] = a[[i, j]] + r[[i, j]]).unwrap();
    for [i, j] in indices([4, 6]) {
        assert_eq!(n[[i, j]], va[[i, j]] + vr[[i, j]]);
    }
    // Rank three, permuted strides.
    let (dc, mut dcc) = (data(24, 7), vec![0.0; 24]);
    let cube = Tensor::<SCube, 3>::new(&dc).unwrap();
    let mut cc = Tensor::<SCubeC, 3, Unique>::new_mut(&mut dcc).unwrap();
    kernel!(cc[[i, j, k]] = cube[[i, j, k]] - 1.0).unwrap();
    let vc = cube.view();
    assert_eq!(vc.shape(), &[4, 2, 3]);
    for [i, j, k] in indices([4, 2, 3]) {
        assert_eq!(dcc[(i * 2 + j) * 3 + k], vc[[i, j, k]] - 1.0);
    }
    // Past 64 elements: the planned nest.
    let (d89, d98, mut dout89) = (data(72, 8), data(72, 9), vec![0.0; 72]);
    let a89 = Tensor::<S89, 2>::new(&d89).unwrap();
    let b98 = Tensor::<S98, 2>::new(&d98).unwrap();
    let mut o89 = Tensor::<S89, 2, Unique>::new_mut(&mut dout89).unwrap();
    kernel!(o89[[i, j]] = a89[[i, j]] * 3.0 + b98[[j, i]]).unwrap();
    for [i, j] in indices([8, 9]) {
        assert_eq!(dout89[i * 9 + j], d89[i * 9 + j] * 3.0 + d98[j * 8 + i]);
    }
}

/// Static tensors (the walk without a plan, unrolled) with the operators the
/// test above does not take: `-=` in place and along a letter, `/=` in place
/// and into a scalar, `*=` into a scalar, and scans along either letter into
/// a given tensor and into a new output; C, F, reversed-step and broadcast
/// layouts. Small integers in `f64`, and powers of two (`pow2`) for the
/// quotients and products: every result is exact, compared with `==`.
#[test]
fn static_tensors_take_differences_quotients_products_and_scans() {
    use stride::{Tensor, Unique};
    fn data(n: usize, k: i32) -> Vec<f64> {
        (0..n)
            .map(|x| f64::from((x as i32 * 5 + k) % 19 - 9))
            .collect()
    }
    let (da, dt, dr, drow) = (data(24, 1), data(24, 2), data(96, 3), data(6, 4));
    let dq: Vec<f64> = (0..24).map(|x| pow2(x * 3 + 1)).collect();
    let a = Tensor::<S46, 2>::new(&da).unwrap();
    let t = Tensor::<S46F, 2>::new(&dt).unwrap();
    let r = Tensor::<S46Rev, 2>::new(&dr).unwrap();
    let row = Tensor::<SRow, 2>::new(&drow).unwrap();
    let q = Tensor::<S46F, 2>::new(&dq).unwrap();
    let (va, vt, vr, vq) = (a.view(), t.view(), r.view(), q.view());
    let mut dout = data(24, 5);
    let mut want: Vec<f64> = dout.clone();
    let mut out = Tensor::<S46, 2, Unique>::new_mut(&mut dout).unwrap();
    kernel!(out[[i, j]] -= t[[i, j]] * row[[i, j]] - r[[i, j]]).unwrap();
    kernel!(out[[i, j]] /= q[[i, j]]).unwrap();
    for [i, j] in indices([4, 6]) {
        let w = &mut want[i * 6 + j];
        *w -= vt[[i, j]] * drow[j] - vr[[i, j]];
        *w /= vq[[i, j]];
    }
    assert_eq!(out.view_mut().to_owned().unwrap().as_slice(), &want[..]);
    // Along a letter: y[[i]] -= r[[i, j]].
    let mut dy = vec![0.5; 4];
    let mut y = Tensor::<SVec4, 1, Unique>::new_mut(&mut dy).unwrap();
    kernel!(y[[i]] -= r[[i, j]]).unwrap();
    for (i, y) in dy.iter().enumerate() {
        assert_eq!(*y, 0.5 - (0..6).map(|j| vr[[i, j]]).sum::<f64>());
    }
    // Into scalars.
    let mut p = 3.0;
    kernel!(p *= q[[i, j]]).unwrap();
    assert_eq!(p, vq.iter().fold(3.0, |p, x| p * x));
    let mut s = -5.0;
    kernel!(s /= q[[i, j]]).unwrap();
    assert_eq!(s, vq.iter().fold(-5.0, |s, x| s / x));
    // Scans: along the last letter into a given tensor, along the first into
    // a new output.
    kernel!(out[[i, j]] = cumsum[j](a[[i, j]] + r[[i, j]])).unwrap();
    let c = kernel!(_[[i, j]] = cumprod[i](q[[i, j]] * 2.0)).unwrap();
    let v = out.view_mut();
    for [i, j] in indices([4, 6]) {
        let sum: f64 = (0..=j).map(|k| va[[i, k]] + vr[[i, k]]).sum();
        let prod: f64 = (0..=i).map(|k| vq[[k, j]] * 2.0).product();
        assert_eq!((v[[i, j]], c[[i, j]]), (sum, prod), "[{i}, {j}]");
    }
}

#[test]
fn f64_sums_take_the_library_sum_and_agree_with_it() {
    // `s += a[[…]]` on `f64` runs the library's sum per unit-stride run; the
    // bound is the one any two summation orders meet, 2 (n - 1) eps sum|x|.
    let mut rng = Rng(0x5EED);
    for _ in 0..CASES {
        let (l, len) = grown_layout::<2>(&mut rng, true);
        let data: Vec<f64> = values(len, &mut rng)
            .iter()
            .map(|&v| v as f64 / 7.0)
            .collect();
        let a = View::from_slice(&data, l).unwrap();
        let mut s = 0.0;
        kernel!(s += a[[i, j]]).unwrap();
        let want: f64 = a.iter().sum();
        let abs: f64 = a.iter().map(|x| x.abs()).sum();
        let n = a.size().max(1) as f64;
        assert!(
            (s - want).abs() <= 2.0 * (n - 1.0) * f64::EPSILON * abs,
            "{l:?}"
        );
    }
    // A contiguous array: one run, the whole slice.
    let big = Array::<f64, 2>::from_fn([37, 41], |[i, j]| (i * 41 + j) as f64).unwrap();
    let mut s = 1.0;
    kernel!(s += big[[i, j]]).unwrap();
    assert_eq!(s, 1.0 + (37.0 * 41.0 - 1.0) * (37.0 * 41.0) / 2.0);
}

#[test]
fn new_outputs_are_made_shaped_and_returned() {
    // `let out = kernel!(_[[…]] = …)?`: a C array whose axes take their
    // letters' extents on the right, every element written once.
    let mut rng = Rng(0x5EED_F0E5);
    for _ in 0..CASES {
        let (la, lena) = grown_layout::<2>(&mut rng, true);
        let [n, m] = *la.shape();
        let da = values(lena, &mut rng);
        let (mut db, mut dr) = (Vec::new(), Vec::new());
        let lb = view_of(&mut rng, [m, n], true, &mut db);
        let lr = view_of(&mut rng, [m], true, &mut dr);
        let a = View::from_slice(&da, la).unwrap();
        let b = View::from_slice(&db, lb).unwrap();
        let row = View::from_slice(&dr, lr).unwrap();
        // Fused, with a transposed input and a broadcast row.
        let out: Array<i64, 2> = kernel!(_[[i, j]] = 2 * a[[i, j]] - b[[j, i]] + row[[j]]).unwrap();
        assert_eq!(out.shape(), &[n, m]);
        for [i, j] in indices([n, m]) {
            let want = 2 * a.get([i, j]).unwrap() - b.get([j, i]).unwrap() + row.get([j]).unwrap();
            assert_eq!(out[[i, j]], want, "{la:?} {lb:?}");
        }
        // A permuted copy (the library's copy) and a scan, both new.
        let t = kernel!(_[[j, i]] = a[[i, j]]).unwrap();
        assert_eq!(t.shape(), &[m, n]);
        let c = kernel!(_[[i, j]] = cumsum[j](a[[i, j]] * row[[j]])).unwrap();
        for [i, j] in indices([n, m]) {
            assert_eq!(t[[j, i]], *a.get([i, j]).unwrap());
            let want: i64 = (0..=j)
                .map(|k| a.get([i, k]).unwrap() * row.get([k]).unwrap())
                .sum();
            assert_eq!(c[[i, j]], want);
        }
        // The element type is the statement's: a comparison makes booleans.
        let pos = kernel!(_[[i, j]] = a[[i, j]] > 0).unwrap();
        for [i, j] in indices([n, m]) {
            assert_eq!(pos[[i, j]], *a.get([i, j]).unwrap() > 0);
        }
    }
    // Owned elements: each is moved in once, and each is dropped once.
    let words = Array::<String, 1>::from_fn([5], |[i]| "ab".repeat(i)).unwrap();
    let lens = kernel!(_[[i]] = format!("{}!", words[[i]])).unwrap();
    assert_eq!(
        lens.as_slice(),
        &["!", "ab!", "abab!", "ababab!", "abababab!"]
    );
    let copied = kernel!(_[[i]] = words[[i]]).unwrap();
    assert_eq!(copied.as_slice(), words.as_slice());
    // Extents that disagree are the usual error, and nothing is returned.
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let b = Array::<f64, 2>::zeros([3, 5]).unwrap();
    assert!(matches!(
        kernel!(_[[i, j]] = a[[i, j]] + b[[i, j]]),
        Err(LayoutError::KernelExtent { operand: "b", .. })
    ));
    // Size 0, rank 0, and rank 3 from permuted random layouts.
    let empty = Array::<f64, 2>::zeros([0, 4]).unwrap();
    let e = kernel!(_[[i, j]] = empty[[i, j]] * 2.0).unwrap();
    assert_eq!(e.shape(), &[0, 4]);
    let s = Array::<f64, 0>::from_vec([], vec![2.5]).unwrap();
    let s2 = kernel!(_[[]] = s[[]] * 2.0).unwrap();
    assert_eq!(s2[[]], 5.0);
    for _ in 0..CASES {
        let (la, lena) = grown_layout::<3>(&mut rng, true);
        let [n0, n1, n2] = *la.shape();
        let da = values(lena, &mut rng);
        let a = View::from_slice(&da, la).unwrap();
        let mut dc = Vec::new();
        let lc = view_of(&mut rng, [n2, 1, n0], true, &mut dc);
        let c = View::from_slice(&dc, lc).unwrap();
        let out = kernel!(_[[k, i, j]] = a[[i, j, k]] - c[[k, j, i]]).unwrap();
        assert_eq!(out.shape(), &[n2, n0, n1]);
        for [i, j, k] in indices([n0, n1, n2]) {
            let want = a.get([i, j, k]).unwrap() - c.get([k, 0, i]).unwrap();
            assert_eq!(out[[k, i, j]], want, "{la:?} {lc:?}");
        }
    }
}

#[test]
fn new_outputs_keep_the_order_of_inputs_indexed_in_the_same_order() {
    use stride::{C, F};
    // As the library's `map` and `zip_with` (NumPy's order='K'): when every
    // input reads the output's letters in the output's order, the new output
    // is F if all of their types keep F; otherwise (a C input, a permutation,
    // a broadcast letter) it is C.
    let c = Array::<i64, 2>::from_fn([3, 4], |[i, j]| (10 * i + j) as i64).unwrap();
    let f = c.view().to_contiguous::<F>().unwrap();
    let g = f.map(|x| x + 1).unwrap();
    let twice: Array<i64, 2, F> = kernel!(_[[i, j]] = 2 * f[[i, j]]).unwrap();
    assert_eq!(twice, f.map(|x| 2 * x).unwrap());
    let sum: Array<i64, 2, F> = kernel!(_[[i, j]] = f[[i, j]] + g[[i, j]]).unwrap();
    assert!(
        indices([3, 4])
            .into_iter()
            .all(|[i, j]| sum[[i, j]] == 2 * c[[i, j]] + 1)
    );
    let copy: Array<i64, 2, F> = kernel!(_[[i, j]] = f[[i, j]]).unwrap();
    assert_eq!(copy, f);
    let scan: Array<i64, 2, F> = kernel!(_[[i, j]] = cumsum[j](f[[i, j]])).unwrap();
    assert_eq!(scan.to_contiguous::<C>().unwrap(), c.cumsum(1).unwrap());
    // The transpose of a C array is F: kept.
    let t: Array<i64, 2, F> = {
        let ct = c.t();
        kernel!(_[[j, i]] = ct[[j, i]] * 3).unwrap()
    };
    assert!(
        indices([3, 4])
            .into_iter()
            .all(|[i, j]| t[[j, i]] == 3 * c[[i, j]])
    );
    // C otherwise.
    let mixed: Array<i64, 2, C> = kernel!(_[[i, j]] = f[[i, j]] - c[[i, j]]).unwrap();
    assert!(mixed.as_slice().iter().all(|&x| x == 0));
    let permuted: Array<i64, 2, C> = kernel!(_[[j, i]] = f[[i, j]]).unwrap();
    assert_eq!(permuted, c.t().to_contiguous::<C>().unwrap());
    let col = Array::<i64, 1>::from_fn([3], |[i]| i as i64).unwrap();
    let outer: Array<i64, 2, C> = kernel!(_[[i, j]] = f[[i, j]] * col[[i]]).unwrap();
    assert!(
        indices([3, 4])
            .into_iter()
            .all(|[i, j]| outer[[i, j]] == c[[i, j]] * i as i64)
    );
}

#[test]
fn large_outputs_stream_and_match_the_library() {
    // From 32 MiB on (under Miri, 4 KiB), `out[[…]] = …` into a given output
    // of plain numbers, not reading it, is written with non-temporal stores;
    // a new output is not.
    let n = if cfg!(miri) { 40 } else { 2100 };
    let a = Array::<f64, 2>::from_fn([n, n], |[i, j]| (i * n + j) as f64).unwrap();
    let b = Array::<f64, 2>::from_fn([n, n], |[i, j]| (i + 3 * j) as f64).unwrap();
    let new = kernel!(_[[i, j]] = 2.0 * a[[i, j]] + b[[j, i]]).unwrap();
    let mut out = Array::<f64, 2>::zeros([n, n]).unwrap();
    kernel!(out[[i, j]] = 2.0 * a[[i, j]] + b[[j, i]]).unwrap();
    let want = a.view().zip_with(&b.t(), |x, y| 2.0 * x + y).unwrap();
    assert_eq!(new, want);
    assert_eq!(out, want);
    // One flat loop (every operand C), and a new output of it.
    let flat = kernel!(_[[i, j]] = a[[i, j]] * 0.5).unwrap();
    assert!(
        flat.as_slice()
            .iter()
            .zip(a.as_slice())
            .all(|(f, x)| *f == x * 0.5)
    );
}

#[test]
fn transposed_inputs_stage_through_the_output() {
    // From memory (bands of at least 4 MiB; under Miri, 2 KiB), a transposed
    // input is copied into the output's own rows first and read from there:
    // a body reading it twice, with a second transposed input read in place
    // and a broadcast row; a given output that is a block of a wider array; a
    // new output; and an update (`+=`, which reads the output: never staged
    // through it).
    let (m, n) = if cfg!(miri) { (24, 40) } else { (4500, 250) };
    let a = Array::<i64, 2>::from_fn([m, n], |[i, j]| (i * n + j) as i64).unwrap();
    let b = Array::<i64, 2>::from_fn([n, m], |[i, j]| (3 * i + 7 * j) as i64 % 1000).unwrap();
    let c = Array::<i64, 2>::from_fn([n, m], |[i, j]| (i + 2 * j) as i64).unwrap();
    let r = Array::<i64, 1>::from_fn([n], |[j]| j as i64 - 50).unwrap();
    let want = |i: usize, j: usize| a[[i, j]] + b[[j, i]] * b[[j, i]] - c[[j, i]] * r[[j]];
    let mut wide = Array::<i64, 2>::from_elem([m, n + 3], -1).unwrap();
    let mut out = wide
        .view_mut()
        .slice([Slice::FULL, Slice::range(1, 1 + n as isize)])
        .unwrap();
    kernel!(out[[i, j]] = a[[i, j]] + b[[j, i]] * b[[j, i]] - c[[j, i]] * r[[j]]).unwrap();
    assert!((0..m).all(|i| (0..n + 3).all(|j| {
        wide[[i, j]]
            == if (1..=n).contains(&j) {
                want(i, j - 1)
            } else {
                -1
            }
    })));
    let new = kernel!(_[[i, j]] = a[[i, j]] + b[[j, i]] * b[[j, i]] - c[[j, i]] * r[[j]]).unwrap();
    assert!((0..m).all(|i| (0..n).all(|j| new[[i, j]] == want(i, j))));
    let mut acc = a.clone();
    kernel!(acc[[i, j]] += b[[j, i]]).unwrap();
    assert!((0..m).all(|i| (0..n).all(|j| acc[[i, j]] == a[[i, j]] + b[[j, i]])));
}

#[test]
fn control_flow_stays_inside_the_right_hand_side() {
    // Loops, labelled blocks and closures of the expression's own are fine; a
    // macro's hidden `return` ends only the element's value (the expansion
    // computes it in a closure), so every element is still written.
    macro_rules! early {
        ($x:expr) => {
            return $x
        };
    }
    let a = Array::<f64, 1>::from_fn([6], |[i]| i as f64 - 2.0).unwrap();
    let first_big = kernel!(
        _[[i]] = {
            let mut k = 0.0;
            loop {
                if k * k > a[[i]] {
                    break k;
                }
                k += 1.0;
            }
        }
    )
    .unwrap();
    assert_eq!(first_big.as_slice(), &[0.0, 0.0, 1.0, 2.0, 2.0, 2.0]);
    let clamped = kernel!(
        _[[i]] = 'v: {
            if a[[i]] < 0.0 {
                break 'v 0.0;
            }
            (|x: f64| {
                if x > 2.0 {
                    return 2.0;
                }
                x
            })(a[[i]])
        }
    )
    .unwrap();
    assert_eq!(clamped.as_slice(), &[0.0, 0.0, 0.0, 1.0, 2.0, 2.0]);
    let hidden = kernel!(_[[i]] = early!(a[[i]] * 2.0)).unwrap();
    assert_eq!(hidden.as_slice(), &[-4.0, -2.0, 0.0, 2.0, 4.0, 6.0]);
}

#[test]
fn the_expansions_own_names_are_out_of_the_users_reach() {
    // The expansion's locals (`__stride_w`, `__stride_r0`, `__stride_new`, …)
    // resolve at the macro's site: the user's variables of the same names stay
    // the user's inside the right-hand side (before, `__stride_w` there was the
    // output's view and this did not compile).
    let a = Array::<i64, 1>::from_fn([4], |[i]| i as i64).unwrap();
    let __stride_w = 100i64;
    let __stride_r0 = 1000i64;
    let __stride_new = 7i64;
    let mut out = Array::<i64, 1>::zeros([4]).unwrap();
    kernel!(out[[i]] = a[[i]] + __stride_w + __stride_r0).unwrap();
    assert_eq!(out.as_slice(), &[1100, 1101, 1102, 1103]);
    let y = kernel!(_[[i]] = a[[i]] * __stride_new).unwrap();
    assert_eq!(y.as_slice(), &[0, 7, 14, 21]);
    let mut s = 0;
    kernel!(s += a[[i]] * __stride_w).unwrap();
    assert_eq!(s, 600);
    // Operands with the expansion's names: an output, an input of a new
    // output (not taken for the output itself), and errors name them as
    // written.
    let mut __stride_w = Array::<i64, 1>::zeros([4]).unwrap();
    kernel!(__stride_w[[i]] = a[[i]] * 2).unwrap();
    assert_eq!(__stride_w.as_slice(), &[0, 2, 4, 6]);
    let __stride_new = a.clone();
    let z = kernel!(_[[i]] = __stride_new[[i]] * 3).unwrap();
    assert_eq!(z.as_slice(), &[0, 3, 6, 9]);
    let __stride_f = Array::<i64, 1>::zeros([5]).unwrap();
    assert!(matches!(
        kernel!(__stride_w[[i]] = a[[i]] + __stride_f[[i]]),
        Err(LayoutError::KernelExtent {
            operand: "__stride_f",
            ..
        })
    ));
    // Through a macro_rules! macro, and in #[kernel_fn] parameters.
    macro_rules! scaled {
        ($out:ident, $x:ident, $k:expr) => {
            kernel!($out[[i]] = $x[[i]] * $k)
        };
    }
    let __stride_r0 = 5i64;
    scaled!(out, a, __stride_r0).unwrap();
    assert_eq!(out.as_slice(), &[0, 5, 10, 15]);
    #[kernel_fn]
    fn add_into(__stride_w: &mut Array<i64, 1>, __stride_r0: &Array<i64, 1>) {
        __stride_w[[i]] += __stride_r0[[i]];
    }
    add_into(&mut out, &a).unwrap();
    assert_eq!(out.as_slice(), &[0, 6, 12, 18]);
    // s!: an index value named as the expansion's own.
    let __stride_s0 = 2usize;
    let m = Array::<i64, 2>::from_fn([3, 4], |[i, j]| (10 * i + j) as i64).unwrap();
    let row = m.index(stride::s![__stride_s0, ..]).unwrap();
    assert_eq!(row.to_owned().unwrap().as_slice(), &[20, 21, 22, 23]);
}

/// A number with an addition but no `num_traits::Zero`: `kernel!` sums it
/// with its own loop instead of the library's.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Cents(i64);

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, o: Cents) -> Cents {
        Cents(self.0 + o.0)
    }
}

impl std::ops::AddAssign for Cents {
    fn add_assign(&mut self, o: Cents) {
        self.0 += o.0;
    }
}

#[test]
fn sums_of_every_element_type_match_the_naive_loops() {
    // Lengths around the eight- and sixteen-element blocks of the library's
    // sums, in C and transposed walks.
    let lens: &[usize] = if cfg!(miri) {
        &[0, 1, 17, 40]
    } else {
        &[0, 1, 7, 8, 15, 16, 17, 63, 100, 1001]
    };
    let mut rng = Rng(0x5EED_0F5E_1EC7_ED00);
    for &n in lens {
        let data = values(3 * n, &mut rng);
        let a = Array::<i64, 2>::from_vec([3, n], data.clone()).unwrap();
        let t = a.t();
        let mut s = 0i64;
        kernel!(s += t[[i, j]]).unwrap();
        assert_eq!(s, data.iter().sum::<i64>(), "i64, n = {n}");
        let b =
            Array::<i32, 2>::from_vec([3, n], data.iter().map(|&x| x as i32).collect()).unwrap();
        let mut s = 0i32;
        kernel!(s += b[[i, j]]).unwrap();
        assert_eq!(s, b.as_slice().iter().sum::<i32>(), "i32, n = {n}");
        let c = Array::<u16, 2>::from_vec(
            [3, n],
            data.iter().map(|&x| ((x + 500) / 100) as u16).collect(),
        )
        .unwrap();
        let mut s = 7u16;
        kernel!(s += c[[i, j]]).unwrap();
        assert_eq!(s, 7 + c.as_slice().iter().sum::<u16>(), "u16, n = {n}");
        // Floats: the 3n elements summed in any two orders differ by at most
        // 2 (3n - 1) eps sum|x| (each order is within (3n - 1) eps sum|x| of
        // the exact sum, to first order); the check allows 2 max(3n, 1) eps
        // sum|x|, a little more, which also holds at n = 0.
        let f = Array::<f32, 2>::from_vec([3, n], data.iter().map(|&x| x as f32 * 0.37).collect())
            .unwrap();
        let mut s = 0f32;
        kernel!(s += f[[i, j]]).unwrap();
        let naive: f32 = f.as_slice().iter().sum();
        let abs: f32 = f.as_slice().iter().map(|x| x.abs()).sum();
        let bound = 2.0 * (3 * n).max(1) as f32 * f32::EPSILON * abs;
        assert!((s - naive).abs() <= bound, "f32, n = {n}: {s} vs {naive}");
        let g =
            Array::<Cents, 2>::from_vec([3, n], data.iter().map(|&x| Cents(x)).collect()).unwrap();
        let mut s = Cents(5);
        kernel!(s += g[[i, j]]).unwrap();
        assert_eq!(s, Cents(5 + data.iter().sum::<i64>()), "Cents, n = {n}");
    }
}

/// Reductions of one- and two-byte elements and of 4-byte integers that are
/// not plain sums (a dot product, a product) take the loop the SLP vectoriser
/// packs (`narrow_partials`): the same values as the naive loops, for `u8`,
/// `u16`, `i16`, `i32` and `u32`, over C, F and transposed walks, whole and
/// per row.
#[test]
fn narrow_reductions_match_the_naive_loops() {
    let lens: &[usize] = if cfg!(miri) {
        &[0, 9, 17]
    } else {
        &[0, 1, 7, 8, 9, 15, 16, 17, 63, 80]
    };
    let mut rng = Rng(0x0B17_E5CA_1AB5_0001);
    for &n in lens {
        let data = values(3 * n, &mut rng);
        // Small values: no overflow in any of the types (at most 240 products
        // of 0 or 1 in `u8`).
        let a8: Vec<u8> = data.iter().map(|&x| (x.rem_euclid(2)) as u8).collect();
        let b8: Vec<u8> = data
            .iter()
            .rev()
            .map(|&x| (x.rem_euclid(2)) as u8)
            .collect();
        let a = Array::<u8, 2>::from_vec([3, n], a8.clone()).unwrap();
        let b = Array::<u8, 2>::from_vec([3, n], b8.clone()).unwrap();
        let want: u8 = a8.iter().zip(&b8).map(|(x, y)| x * y).sum();
        let mut s = 0u8;
        kernel!(s += a[[i, j]] * b[[i, j]]).unwrap();
        assert_eq!(s, want, "u8 dot, n = {n}");
        let (at, bt) = (a.t(), b.t());
        let mut s = 0u8;
        kernel!(s += at[[j, i]] * bt[[j, i]]).unwrap();
        assert_eq!(s, want, "u8 dot transposed, n = {n}");
        // Products along each row of factors 1, and 2 at every 23rd element
        // (at most four per row: within u8).
        let factors: Vec<u8> = (0..3 * n)
            .map(|k| if k % n.max(1) % 23 == 0 { 2 } else { 1 })
            .collect();
        let m = Array::<u8, 2>::from_vec([3, n], factors).unwrap();
        let mf = m.to_contiguous::<stride::F>().unwrap();
        for r in 0..3 {
            let row = m.index_axis(0, r as isize).unwrap();
            let strided = mf.index_axis(0, r as isize).unwrap();
            let (mut p, mut q) = (1u8, 1u8);
            kernel!(p *= row[[j]]).unwrap();
            kernel!(q *= strided[[j]]).unwrap();
            let want = row.iter().product::<u8>();
            assert_eq!((p, q), (want, want), "u8 product, n = {n}");
        }
        let a16 =
            Array::<u16, 2>::from_vec([3, n], a8.iter().map(|&x| u16::from(x) * 100).collect())
                .unwrap();
        let b16 = Array::<i16, 2>::from_vec([3, n], b8.iter().map(|&x| i16::from(x) - 1).collect())
            .unwrap();
        let mut s = 0u16;
        kernel!(s += a16[[i, j]] * a16[[i, j]] / 300).unwrap();
        let naive: u16 = a16.as_slice().iter().map(|&x| x * x / 300).sum();
        assert_eq!(s, naive, "u16, n = {n}");
        let mut t = 0i16;
        kernel!(t -= b16[[i, j]] * 3).unwrap();
        let naive: i16 = b16.as_slice().iter().map(|&x| -(x * 3)).sum();
        assert_eq!(t, naive, "i16, n = {n}");
        // 4-byte integers (also sixteen partials): values of up to 1000, whose
        // products and sums stay within the types (debug builds check).
        let a32 = Array::<i32, 2>::from_vec([3, n], data.iter().map(|&x| x as i32 * 2).collect())
            .unwrap();
        let b32 = Array::<u32, 2>::from_vec(
            [3, n],
            data.iter().rev().map(|&x| (x + 500) as u32).collect(),
        )
        .unwrap();
        let c32 = a32.map(|x| x.unsigned_abs()).unwrap();
        let mut s = -7i32;
        kernel!(s += a32[[i, j]] * a32[[i, j]]).unwrap();
        let naive = a32.as_slice().iter().map(|&x| x * x).sum::<i32>() - 7;
        assert_eq!(s, naive, "i32 sum of squares, n = {n}");
        let mut u = 0u32;
        kernel!(u += b32[[i, j]] * c32[[i, j]]).unwrap();
        let naive: u32 = b32
            .as_slice()
            .iter()
            .zip(c32.as_slice())
            .map(|(&y, &x)| y * x)
            .sum();
        assert_eq!(u, naive, "u32 dot, n = {n}");
        let (bt, ct) = (b32.t(), c32.t());
        let mut u = 0u32;
        kernel!(u += bt[[j, i]] * ct[[j, i]]).unwrap();
        assert_eq!(u, naive, "u32 dot transposed, n = {n}");
        // Per row, into an output, from an F array (the rows are strided).
        let mut out = Array::<u16, 1>::zeros([3]).unwrap();
        let f16 = a16.to_contiguous::<stride::F>().unwrap();
        kernel!(out[[i]] += f16[[i, j]] / 100 * 2).unwrap();
        for r in 0..3 {
            let want: u16 = (0..n).map(|j| a16[[r, j]] / 100 * 2).sum();
            assert_eq!(out[[r]], want, "u16 rows, n = {n}");
        }
    }
}

/// `s += a[[…]] * b[[…]]` over unit-stride runs of 16 or more takes the
/// library's dot product for `f64` and `f32` (`DotProbe`): within the bound any
/// order of the additions meets, `2 k eps (|s0| + sum|x y|)` for `k` terms (the
/// products round alike in both), whole and per row, on random layouts with
/// runs long enough to take it and runs too short to; other element types keep
/// the expansion's loop (exact for integers).
#[test]
fn dot_products_take_the_library_dot_and_agree_with_the_naive_loop() {
    let mut rng = Rng(0xD07_0000_0000_0001);
    for _ in 0..CASES / 4 {
        let shape = [1 + rng.below(3) as usize, rng.below(70) as usize];
        let [n, m] = shape;
        let (la, lena) = shaped_layout::<2>(&mut rng, shape, true);
        let (lb, lenb) = shaped_layout::<2>(&mut rng, shape, true);
        let fa: Vec<f64> = values(lena, &mut rng)
            .iter()
            .map(|&x| x as f64 * 0.37)
            .collect();
        let fb: Vec<f64> = values(lenb, &mut rng)
            .iter()
            .map(|&x| x as f64 * 0.11)
            .collect();
        let a = View::from_slice(&fa, la).unwrap();
        let b = View::from_slice(&fb, lb).unwrap();
        let within = |got: f64, start: f64, terms: &mut dyn Iterator<Item = f64>, what: &str| {
            let (mut sum, mut abs, mut k) = (start, start.abs(), 0usize);
            for t in terms {
                sum += t;
                abs += t.abs();
                k += 1;
            }
            let bound = 2.0 * k as f64 * f64::EPSILON * abs;
            assert!(
                (got - sum).abs() <= bound,
                "{what}: {got} vs {sum}, {la:?} {lb:?}"
            );
        };
        let mut s = 0.5f64;
        kernel!(s += a[[i, j]] * b[[i, j]]).unwrap();
        let mut terms = indices(shape).into_iter().map(|i| a[i] * b[i]);
        within(s, 0.5, &mut terms, "f64 dot");
        // A sum of squares: one operand, read once per element.
        let mut q = 0.0f64;
        kernel!(q += a[[i, j]] * a[[i, j]]).unwrap();
        let mut terms = indices(shape).into_iter().map(|i| a[i] * a[i]);
        within(q, 0.0, &mut terms, "f64 squares");
        let mut rows = Array::<f64, 1>::from_elem([n], 1.0).unwrap();
        kernel!(rows[[i]] += a[[i, j]] * b[[i, j]]).unwrap();
        for i in 0..n {
            within(
                rows[[i]],
                1.0,
                &mut (0..m).map(|j| a[[i, j]] * b[[i, j]]),
                "f64 rows",
            );
        }
        // f32: the same bound in f32's epsilon.
        let ga: Vec<f32> = fa.iter().map(|&x| x as f32).collect();
        let gb: Vec<f32> = fb.iter().map(|&x| x as f32).collect();
        let (ga, gb) = (
            View::from_slice(&ga, la).unwrap(),
            View::from_slice(&gb, lb).unwrap(),
        );
        let mut g = 0.0f32;
        kernel!(g += ga[[i, j]] * gb[[i, j]]).unwrap();
        let (mut sum, mut abs) = (0.0f32, 0.0f32);
        for i in indices(shape) {
            sum += ga[i] * gb[i];
            abs += (ga[i] * gb[i]).abs();
        }
        let bound = 2.0 * (n * m) as f32 * f32::EPSILON * abs;
        assert!(
            (g - sum).abs() <= bound,
            "f32 dot: {g} vs {sum}, {la:?} {lb:?}"
        );
        // Integers and mixed types keep the loop: exact.
        let ia: Vec<i64> = fa.iter().map(|&x| (x * 10.0) as i64).collect();
        let ia = View::from_slice(&ia, la).unwrap();
        let mut d = 3i64;
        kernel!(d += ia[[i, j]] * ia[[i, j]]).unwrap();
        assert_eq!(d, 3 + ia.iter().map(|x| x * x).sum::<i64>());
        // A type of the library's probe whose dot the library does not
        // compute (`Wrapping<u32>`): the loop, exact.
        let wa: Vec<std::num::Wrapping<u32>> = fa
            .iter()
            .map(|&x| std::num::Wrapping(x.abs() as u32 * 7_919))
            .collect();
        let wa = View::from_slice(&wa, la).unwrap();
        let mut z = std::num::Wrapping(9u32);
        kernel!(z += wa[[i, j]] * wa[[i, j]]).unwrap();
        let want = wa.iter().fold(std::num::Wrapping(9u32), |t, &x| t + x * x);
        assert_eq!(z, want);
        // Not a bare product of two reads (a cast): the loop.
        let mut w = 0.0f64;
        kernel!(w += a[[i, j]] * (ga[[i, j]] as f64)).unwrap();
        let mut terms = indices(shape).into_iter().map(|i| a[i] * ga[i] as f64);
        within(w, 0.0, &mut terms, "mixed");
    }
}

/// A length in metres, times a number: a product of two different element
/// types, which the library's dot product does not take (`DotAny`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Metres(f64);

impl std::ops::Mul<f64> for Metres {
    type Output = Metres;
    fn mul(self, k: f64) -> Metres {
        Metres(self.0 * k)
    }
}

impl std::ops::Add for Metres {
    type Output = Metres;
    fn add(self, o: Metres) -> Metres {
        Metres(self.0 + o.0)
    }
}

impl std::ops::AddAssign for Metres {
    fn add_assign(&mut self, o: Metres) {
        self.0 += o.0;
    }
}

/// A dot product in a generic function: the library's probe is chosen by the
/// bounds `T` states.
fn generic_dot<
    T: Copy + std::ops::Mul<Output = T> + std::ops::Add<Output = T> + std::ops::AddAssign,
>(
    a: &Array<T, 1>,
    b: &Array<T, 1>,
    s: T,
) -> T {
    let mut s = s;
    kernel!(s += a[[i]] * b[[i]]).unwrap();
    s
}

/// The dot product's fixed cases, run under Miri too: contiguous runs of every
/// length around the library's threshold (16) and its vector chunks, `f64` and
/// `f32`, two arrays and squares, against the naive loop within the bound; in
/// a generic function; and a product of two element types (the loop).
#[test]
fn dot_products_of_every_length_around_the_threshold() {
    let mut rng = Rng(0xD07_0000_0000_0002);
    for n in [0usize, 15, 16, 17, 23, 31, 33, 40] {
        let da: Vec<f64> = values(n, &mut rng)
            .iter()
            .map(|&x| x as f64 * 0.37)
            .collect();
        let db: Vec<f64> = values(n, &mut rng)
            .iter()
            .map(|&x| x as f64 * 0.11)
            .collect();
        let a = Array::<f64, 1>::from_vec([n], da.clone()).unwrap();
        let b = Array::<f64, 1>::from_vec([n], db.clone()).unwrap();
        // n products summed in any order are within n eps sum|xy| of the
        // exact dot product (one rounding per product, at most n - 1 per
        // addition, to first order): two orders differ by at most 2 n eps
        // sum|xy|; the check allows 2 (n + 1) eps sum|xy|.
        let bound = |x: &[f64], y: &[f64]| {
            2.0 * (n + 1) as f64
                * f64::EPSILON
                * x.iter().zip(y).map(|(p, q)| (p * q).abs()).sum::<f64>()
        };
        let naive = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f64>();
        let mut s = 0.0f64;
        kernel!(s += a[[i]] * b[[i]]).unwrap();
        assert!(
            (s - naive(&da, &db)).abs() <= bound(&da, &db),
            "f64 dot, n = {n}"
        );
        let mut q = 0.0f64;
        kernel!(q += a[[i]] * a[[i]]).unwrap();
        assert!(
            (q - naive(&da, &da)).abs() <= bound(&da, &da),
            "f64 squares, n = {n}"
        );
        let g = generic_dot(&a, &b, 0.0);
        assert!(
            (g - naive(&da, &db)).abs() <= bound(&da, &db),
            "generic f64, n = {n}"
        );
        let fa = a.map(|&x| x as f32).unwrap();
        let fb = b.map(|&x| x as f32).unwrap();
        let mut f = 0.0f32;
        kernel!(f += fa[[i]] * fb[[i]]).unwrap();
        let (mut want, mut abs) = (0.0f32, 0.0f32);
        for (x, y) in fa.iter().zip(fb.iter()) {
            want += x * y;
            abs += (x * y).abs();
        }
        assert!(
            (f - want).abs() <= 2.0 * (n + 1) as f32 * f32::EPSILON * abs,
            "f32 dot, n = {n}"
        );
        let ia = a.map(|&x| x as i32).unwrap();
        let want: i32 = ia.iter().map(|x| x * x).sum();
        assert_eq!(generic_dot(&ia, &ia, 0), want, "generic i32, n = {n}");
        let m = Array::<Metres, 1>::from_vec([n], da.iter().map(|&x| Metres(x)).collect()).unwrap();
        let mut d = Metres(0.0);
        kernel!(d += m[[i]] * b[[i]]).unwrap();
        assert!(
            (d.0 - naive(&da, &db)).abs() <= bound(&da, &db),
            "Metres, n = {n}"
        );
    }
}

#[test]
fn short_sums_add_each_element_into_the_target_as_written() {
    // Under 8 elements per run the expansion adds each element into `s`: no
    // intermediate sum in the element's type that could overflow.
    let a = Array::<i8, 1>::from_vec([2], vec![100, 100]).unwrap();
    let mut s = -100i8;
    kernel!(s += a[[i]]).unwrap();
    assert_eq!(s, 100);
    // A wide target: `AddAssign<u8>` only, each element added into it.
    #[derive(Debug, PartialEq)]
    struct Wide(u64);
    impl std::ops::AddAssign<u8> for Wide {
        fn add_assign(&mut self, x: u8) {
            self.0 += u64::from(x);
        }
    }
    // Runs of 4 (every other column of 5 x 7, rows 7 apart: the axes do not
    // merge): short, so element by element.
    let p = Array::<u8, 2>::from_elem([5, 7], 200).unwrap();
    let q = p.slice([Slice::FULL, Slice::step_by(2)]).unwrap();
    let mut w = Wide(0);
    kernel!(w += q[[i, j]]).unwrap();
    assert_eq!(w, Wide(200 * 20));
    let mut w = Wide(0);
    kernel!(w += q[[i, j]] / 2).unwrap();
    assert_eq!(w, Wide(100 * 20));
    // Longer runs keep eight partial results in `u8`: widen on the right.
    let mut s = 0u64;
    kernel!(s += p[[i, j]] as u64).unwrap();
    assert_eq!(s, 200 * 35);
}

/// Letters taken from different operands multiply: a box of more than
/// `isize::MAX` elements is refused (the loop length wrapped to 2 in release
/// builds, and panicked in debug ones).
#[test]
fn a_letter_box_too_large_to_count_is_an_error() {
    let one = Array::<u64, 1>::from_vec([1], vec![1]).unwrap();
    let a = one.view().broadcast_to([3]).unwrap();
    let b = one
        .view()
        .broadcast_to([6_148_914_691_236_517_206])
        .unwrap();
    let mut s = 0u64;
    assert_eq!(kernel!(s += a[[i]] * b[[j]]), Err(LayoutError::TooLarge));
    assert_eq!(s, 0);
}

/// An axis of length 1 never steps, whatever its stride: the diagonal of a
/// 1x1 view whose strides are `isize::MAX` is its element (it was refused as
/// too large).
#[test]
fn a_diagonal_over_length_one_axes_with_huge_strides() {
    let data = [5.0f64];
    let l = Layout::from_parts([1, 1], [isize::MAX, isize::MAX], 0).unwrap();
    let m = View::from_slice(&data, l).unwrap();
    let mut t = 0.0;
    kernel!(t += m[[i, i]]).unwrap();
    assert_eq!(t, 5.0);
}

/// The expansion calls the library's methods by their paths: a user trait in
/// scope whose methods share their names (`iter` on arrays, `shape` on any
/// `Copy` type, taking `self`, which method resolution tries first) does not
/// change the loop (it ran 64 elements over 4, and read 8 of a 4-element
/// input).
#[test]
fn user_traits_in_scope_do_not_reach_the_expansion() {
    trait Sneaky {
        fn iter(&self) -> core::iter::Once<usize>;
    }
    impl<const N: usize> Sneaky for [usize; N] {
        fn iter(&self) -> core::iter::Once<usize> {
            core::iter::once(64)
        }
    }
    trait Dims {
        fn shape(self) -> &'static [usize; 1];
        fn strides(self) -> &'static [isize; 1];
        fn base_ptr(self) -> *const i64;
    }
    impl<T: Copy> Dims for T {
        fn shape(self) -> &'static [usize; 1] {
            &[8]
        }
        fn strides(self) -> &'static [isize; 1] {
            &[1]
        }
        fn base_ptr(self) -> *const i64 {
            core::ptr::null()
        }
    }
    let _ = (
        [0usize; 1].iter(),
        0u8.shape(),
        0u8.strides(),
        0u8.base_ptr(),
    );
    let a = Array::<i64, 1>::from_vec([4], vec![1, 2, 3, 4]).unwrap();
    let mut out = Array::<i64, 1>::zeros([4]).unwrap();
    kernel!(out[[i]] = a[[i]] * 2).unwrap();
    assert_eq!(out.as_slice(), &[2, 4, 6, 8]);
    let mut big = Array::<i64, 1>::zeros([8]).unwrap();
    assert!(kernel!(big[[i]] = a[[i]] * 2).is_err());
    let mut s = 0;
    kernel!(s += a[[i]]).unwrap();
    assert_eq!(s, 10);
}

/// A letter an operand takes twice needs equal lengths on its axes: the
/// diagonal of a 3x1 matrix is an error, as `np.einsum('ii', m)` (it summed
/// the column, 6); the diagonal of a 1x1 matrix broadcasts, as in NumPy 2.4.6
/// (`einsum('ii,i->', ones((1, 1)), arange(3.))` is 3.0).
#[test]
fn a_diagonal_of_a_non_square_operand_is_an_error() {
    let m = Array::<i64, 2>::from_vec([3, 1], vec![1, 2, 3]).unwrap();
    let mut t = 0;
    // Named as a diagonal (the message used to be the broadcast one: "has
    // length 1 on axis 1, ... (only an input axis of length 1 broadcasts)").
    let err = kernel!(t += m[[i, i]]).unwrap_err();
    assert_eq!(
        err,
        LayoutError::KernelDiagonal {
            operand: "m",
            letter: "i",
            axes: [0, 1],
            lens: [3, 1]
        }
    );
    assert_eq!(
        err.to_string(),
        "kernel operand `m` takes `i` on axes 0 and 1, whose lengths 3 and 1 differ \
         (a letter taken twice reads a diagonal: its axes need one length)"
    );
    assert_eq!(t, 0);
    let wide = Array::<i64, 2>::zeros([2, 5]).unwrap();
    let err = kernel!(t += wide[[i, i]]).unwrap_err();
    assert!(
        matches!(err, LayoutError::KernelDiagonal { lens: [2, 5], .. }),
        "{err}"
    );
    let sq = Array::<i64, 2>::from_vec([2, 2], vec![1, 2, 3, 4]).unwrap();
    kernel!(t += sq[[i, i]]).unwrap();
    assert_eq!(t, 5);
    let one = Array::<i64, 2>::from_vec([1, 1], vec![1]).unwrap();
    let v = Array::<i64, 1>::from_vec([3], vec![0, 1, 2]).unwrap();
    let mut u = 0;
    kernel!(u += one[[i, i]] * v[[i]]).unwrap();
    assert_eq!(u, 3);
    let mut y = Array::<i64, 1>::zeros([3]).unwrap();
    kernel!(y[[i]] = one[[i, i]] + v[[i]]).unwrap();
    assert_eq!(y.as_slice(), &[1, 2, 3]);
}

/// The expansion names the primitive types by path: a scope that shadows
/// `usize`, `isize` or `str` compiles (it failed with five type mismatches).
mod shadowed_primitives {
    #![allow(non_camel_case_types, dead_code)]
    use stride::{Array, kernel};
    type usize = u32;
    type isize = i8;
    type str = u8;

    #[test]
    fn kernels_compile_where_primitive_names_are_shadowed() {
        let a = Array::<f64, 2>::from_fn([3, 4], |[i, j]| (4 * i + j) as f64).unwrap();
        let mut out = Array::<f64, 2>::zeros([4, 3]).unwrap();
        kernel!(out[[j, i]] = 2.0 * a[[i, j]]).unwrap();
        assert_eq!(out[[3, 2]], 22.0);
        let mut s = 0.0;
        kernel!(s += a[[i, j]]).unwrap();
        assert_eq!(s, 66.0);
        let c = kernel!(_[[i, j]] = cumsum[j](a[[i, j]])).unwrap();
        assert_eq!(c[[1, 3]], 4.0 + 5.0 + 6.0 + 7.0);
    }
}

/// Reductions over an image's pixels (interleaved channels) and its planes
/// are not staged through tiles (elementwise statements may be): their float
/// results are the same, bit for bit, as over a padded copy of the pixels
/// (which no CPU stages), so they do not depend on the CPU's features.
#[test]
fn float_reductions_over_interleaved_channels_keep_their_runs() {
    let (c, p) = (3usize, if cfg!(miri) { 300 } else { 5000 });
    let f = |k: usize, x: usize| ((k * 7919 + x * 104_729) as f64).sin() * 1.0e3;
    let a = Array::<f64, 2>::from_fn([c, p], |[k, x]| f(k, x)).unwrap();
    let b = Array::<f64, 2>::from_fn([p, c], |[x, k]| f(k + 5, x)).unwrap();
    // The same values (copied: under Miri `sin` is not the same twice).
    let pad =
        Array::<f64, 2>::from_fn([p, c + 1], |[x, k]| if k < c { b[[x, k]] } else { 0.0 }).unwrap();
    let (av, bv) = (a.view(), b.view());
    let bp = pad
        .view()
        .slice_axis(1, Slice::new(Some(0), Some(c as isize), 1))
        .unwrap();
    // The planes lead (the pixels read across their channels), then the
    // pixels lead (the planes read into pixels), then into an array.
    let (mut s1, mut s2, mut t1, mut t2) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    kernel!(s1 += av[[k, x]] * bv[[x, k]]).unwrap();
    kernel!(s2 += av[[k, x]] * bp[[x, k]]).unwrap();
    kernel!(t1 += bv[[x, k]] * av[[k, x]]).unwrap();
    kernel!(t2 += bp[[x, k]] * av[[k, x]]).unwrap();
    assert_eq!(
        s1.to_bits(),
        s2.to_bits(),
        "planes first: {s1:e} against {s2:e}"
    );
    assert_eq!(
        t1.to_bits(),
        t2.to_bits(),
        "pixels first: {t1:e} against {t2:e}"
    );
    let mut r1 = Array::<f64, 1>::zeros([c]).unwrap();
    let mut r2 = Array::<f64, 1>::zeros([c]).unwrap();
    kernel!(r1[[k]] += av[[k, x]] * bv[[x, k]]).unwrap();
    kernel!(r2[[k]] += av[[k, x]] * bp[[x, k]]).unwrap();
    assert_eq!(bits(r1.as_slice()), bits(r2.as_slice()), "per channel");
    // An elementwise statement over the same layouts: exact either way.
    let prod = kernel!(_[[k, x]] = av[[k, x]] * bv[[x, k]]).unwrap();
    for [k, x] in indices([c, p]) {
        assert_eq!(prod[[k, x]], a[[k, x]] * b[[x, k]], "product at ({k}, {x})");
    }
}

/// Reductions into an array whose output rows are long enough for the nest
/// to fold eight input rows at a time (`Nest::row_fold`): `+=`, `-=` and
/// `*=` over two inputs, C and stepped, reversed layouts, with rows left over
/// after the blocks of eight; integers exact, floats (C inputs) bit for bit
/// against the naive loop applying the rows in order (the fold keeps it).
#[test]
fn reductions_into_long_rows_fold_eight_rows_at_a_time() {
    let m = stride::kernel::ROW_FOLD_BYTES / 8 + 5;
    for rows in [3, 8, 13, 27] {
        let a = Array::<f64, 2>::from_fn([rows, m], |[i, j]| {
            (((i * 31 + j * 17) % 97) as f64 - 48.0) * 0.37
        })
        .unwrap();
        let w = Array::<i64, 2>::from_fn([rows, m], |[i, j]| ((i + 2 * j) % 5) as i64 - 2).unwrap();
        let b = Array::<f64, 1>::from_fn([m], |[j]| 1.0 + j as f64 * 1e-3).unwrap();
        let mut cols = Array::<f64, 1>::from_fn([m], |[j]| j as f64).unwrap();
        kernel!(cols[[j]] += a[[i, j]] * b[[j]] - 0.5).unwrap();
        let mut ints = Array::<i64, 1>::zeros([m]).unwrap();
        kernel!(ints[[j]] -= w[[i, j]] * 3).unwrap();
        let mut prods = Array::<i64, 1>::from_fn([m], |_| 1).unwrap();
        kernel!(prods[[j]] *= w[[i, j]] + 3).unwrap();
        let v = w
            .view()
            .slice([Slice::new(None, None, -2), Slice::new(None, None, 1)])
            .unwrap();
        let mut back = Array::<i64, 1>::zeros([m]).unwrap();
        kernel!(back[[j]] += v[[i, j]] * 7).unwrap();
        for j in 0..m {
            let mut want = j as f64;
            let (mut iw, mut pw) = (0i64, 1i64);
            for i in 0..rows {
                want += a[[i, j]] * b[[j]] - 0.5;
                iw -= w[[i, j]] * 3;
                pw *= w[[i, j]] + 3;
            }
            assert_eq!(
                cols[[j]].to_bits(),
                want.to_bits(),
                "{rows} rows, column {j}"
            );
            assert_eq!((ints[[j]], prods[[j]]), (iw, pw), "{rows} rows, column {j}");
            let bw: i64 = (0..v.shape()[0]).map(|i| v[[i, j]] * 7).sum();
            assert_eq!(back[[j]], bw, "stepped, {rows} rows");
        }
    }
}

/// A reduction into an array over a C array's rows updates each output
/// element once per value and in order, in both walks of the row fold (one
/// row at a time over short rows, eight at a time over long ones, with rows
/// left over; every case has more elements than the small walk takes), for
/// elements with drop glue; and `f64` sums over short rows keep the bits of
/// the sequential sum.
#[test]
fn reductions_into_rows_update_each_element_in_order() {
    #[derive(Debug, Default)]
    struct Tally(Vec<i64>);
    impl core::ops::AddAssign<i64> for Tally {
        fn add_assign(&mut self, x: i64) {
            self.0.push(x);
        }
    }
    let long = stride::kernel::ROW_FOLD_BYTES / size_of::<Tally>() + 3;
    for (rows, m) in [(40, 2), (9, 8), (19, long), (16, long), (67, 3)] {
        assert!(rows * m > stride::kernel::SMALL_BOX, "{rows} x {m}");
        let w = Array::<i64, 2>::from_fn([rows, m], |[i, j]| (i * 1000 + j) as i64).unwrap();
        let mut t = Array::<Tally, 1>::from_fn([m], |_| Tally::default()).unwrap();
        kernel!(t[[j]] += w[[i, j]]).unwrap();
        for j in 0..m {
            let want: Vec<i64> = (0..rows).map(|i| (i * 1000 + j) as i64).collect();
            assert_eq!(t[[j]].0, want, "{rows} x {m}, column {j}");
        }
    }
    let (rows, m) = (203, 5);
    let a = Array::<f64, 2>::from_fn([rows, m], |[i, j]| {
        ((i * 37 + j * 11) % 101) as f64 * 0.173 - 8.0
    })
    .unwrap();
    let mut cols = Array::<f64, 1>::from_fn([m], |[j]| j as f64 * 0.5).unwrap();
    kernel!(cols[[j]] += a[[i, j]] * 1.5).unwrap();
    for j in 0..m {
        let mut want = j as f64 * 0.5;
        for i in 0..rows {
            want += a[[i, j]] * 1.5;
        }
        assert_eq!(cols[[j]].to_bits(), want.to_bits(), "column {j}");
    }
}

/// A panic in the right-hand side of a reduction into an array leaves every
/// output element a valid value, holding the updates made before the panic,
/// as updates in place would (the eight-row fold updates a local copy: it is
/// written back while unwinding). The element type replaces its buffer on
/// each update, so a stale copy left in the array would point to freed
/// memory (Miri checks).
#[test]
fn a_panic_in_a_reduction_into_rows_leaves_valid_elements() {
    #[derive(Debug, Default)]
    struct Text(String);
    impl core::ops::AddAssign<i64> for Text {
        fn add_assign(&mut self, x: i64) {
            assert!(x != 9002, "the update that panics");
            // A new buffer each time; the old one is freed.
            self.0 = format!("{}{x},", self.0);
        }
    }
    let long = stride::kernel::ROW_FOLD_BYTES / size_of::<Text>() + 3;
    let rows = 16;
    let w = Array::<i64, 2>::from_fn([rows, long], |[i, j]| (i * 1000 + j) as i64).unwrap();
    let mut t = Array::<Text, 1>::from_fn([long], |_| Text::default()).unwrap();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        kernel!(t[[j]] += w[[i, j]]).unwrap();
    }));
    std::panic::set_hook(hook);
    assert!(caught.is_err());
    for j in 0..long {
        // Each element holds a prefix of its column's values, in order.
        let full: String = (0..rows).map(|i| format!("{},", i * 1000 + j)).collect();
        assert!(full.starts_with(&t[[j]].0), "column {j}: {:?}", t[[j]].0);
    }
    // The panicking update's column got its rows before row 9, in order.
    assert!(t[[2]].0.starts_with("2,1002,"));
}

/// Operands after a range's `..`, inside method-call arguments, after a
/// literal's method and inside a loop in the expression are operands (the
/// check that refuses `a.t()[[i, j]]` and `s.field[[i]]` took `0..n[[i]]` for
/// a field access when it was added).
#[test]
fn operands_after_ranges_and_in_arguments_are_operands() {
    let n = Array::<u32, 1>::from_vec([4], vec![0, 1, 3, 5]).unwrap();
    let lo = Array::<usize, 1>::from_vec([4], vec![0, 2, 2, 7]).unwrap();
    let hi = Array::<usize, 1>::from_vec([4], vec![3, 2, 9, 8]).unwrap();
    let mut sums = Array::<u32, 1>::zeros([4]).unwrap();
    kernel!(sums[[i]] = (0..n[[i]]).sum::<u32>()).unwrap();
    assert_eq!(sums.as_slice(), &[0, 0, 3, 10]);
    let mut looped = Array::<u32, 1>::zeros([4]).unwrap();
    kernel!(
        looped[[i]] = {
            let mut s = 0;
            for k in 0..=n[[i]] {
                s += k;
            }
            s
        }
    )
    .unwrap();
    assert_eq!(looped.as_slice(), &[0, 1, 6, 15]);
    let mut lens = Array::<usize, 1>::zeros([4]).unwrap();
    kernel!(lens[[i]] = (lo[[i]]..hi[[i]]).len()).unwrap();
    assert_eq!(lens.as_slice(), &[3, 0, 7, 1]);
    let a = Array::<f64, 1>::from_vec([4], vec![-1.0, 2.5, 0.5, 9.0]).unwrap();
    let mut m = Array::<f64, 1>::zeros([4]).unwrap();
    kernel!(m[[i]] = 1.5_f64.max(a[[i]]).min(a[[i]].abs() + 4.0)).unwrap();
    assert_eq!(m.as_slice(), &[1.5, 2.5, 1.5, 9.0]);
}

/// Names the macro's own checks look for, used as the Rust they are: an
/// accumulator's name bound again inside the right-hand side (a block's
/// `let`, a match arm), and NumPy's reduction names as locals indexed by a
/// literal or as an operand whose elements are called. None of these is a
/// read of the accumulator or a NumPy reduction; each computes as written.
#[test]
// The match arm is the point: a pattern that binds the accumulator's name.
#[allow(clippy::manual_unwrap_or)]
fn names_the_checks_look_for_used_as_plain_rust() {
    fn dbl(x: f64) -> f64 {
        2.0 * x
    }
    let a = Array::<f64, 1>::from_vec([4], vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    let mut s = 0.0;
    kernel!(
        s += {
            let s = a[[i]];
            s * s
        }
    )
    .unwrap();
    assert_eq!(s, 30.0);
    let o = Array::<Option<f64>, 1>::from_vec([4], vec![Some(1.0), None, Some(2.0), Some(7.0)])
        .unwrap();
    let mut t = 0.0;
    kernel!(
        t += a[[i]]
            * match o[[i]] {
                Some(t) => t,
                None => 0.0,
            }
    )
    .unwrap();
    assert_eq!(t, 1.0 + 6.0 + 28.0);
    let mut out = Array::<f64, 1>::zeros([4]).unwrap();
    let any: [fn(f64) -> f64; 1] = [dbl];
    kernel!(out[[i]] = any[0](a[[i]])).unwrap();
    assert_eq!(out.as_slice(), &[2.0, 4.0, 6.0, 8.0]);
    let sum = Array::<fn(f64) -> f64, 1>::from_elem([4], dbl).unwrap();
    kernel!(out[[i]] = sum[[i]](a[[i]]) + 1.0).unwrap();
    assert_eq!(out.as_slice(), &[3.0, 5.0, 7.0, 9.0]);
}
