//! The `rayon` feature's operations against their serial versions and the
//! naive loops, on layouts large enough to be split over threads: C, F,
//! transposed, reversed and stepped outputs, broadcast and transposed inputs,
//! and random layouts of ranks 1 to 6. Integer data: exact.

#![cfg(feature = "rayon")]

#[path = "support/layouts.rs"]
mod layouts;

use layouts::{Rng, shaped_layout, untouched_outside, values};
use stride_core::{Array, Slice, Strided, View, ViewMut};

fn data(n: usize, seed: i64) -> Vec<i64> {
    (0..n as i64)
        .map(|k| (k * 7919 + seed) % 1001 - 500)
        .collect()
}

/// The output views under test, over a buffer of `len` elements.
fn outputs(buf: &mut [i64], shape: [usize; 2]) -> Vec<ViewMut<'_, i64, 2, Strided>> {
    let [n, m] = shape;
    let (c, rest) = buf.split_at_mut(n * m);
    let (f, rest) = rest.split_at_mut(n * m);
    let (big, _) = rest.split_at_mut(4 * n * m);
    let c = ViewMut::<i64, 2, Strided>::from_slice(
        c,
        stride_core::Layout::c([n, m]).unwrap().strided(),
    )
    .unwrap();
    let f = ViewMut::<i64, 2, Strided>::from_slice(
        f,
        stride_core::Layout::f([n, m]).unwrap().strided(),
    )
    .unwrap();
    // A stepped, reversed view of a 2n x 2m array.
    let big = ViewMut::<i64, 2, Strided>::from_slice(
        big,
        stride_core::Layout::c([2 * n, 2 * m]).unwrap().strided(),
    )
    .unwrap()
    .slice([Slice::new(None, None, -2), Slice::step_by(2)])
    .unwrap();
    vec![c, f, big]
}

#[test]
fn parallel_operations_match_the_serial_ones() {
    let shape = [257, 301];
    let [n, m] = shape;
    let a = Array::<i64, 2>::from_vec([n, m], data(n * m, 1)).unwrap();
    let bt = Array::<i64, 2>::from_vec([m, n], data(n * m, 2)).unwrap();
    let row = Array::<i64, 1>::from_vec([m], data(m, 3)).unwrap();
    let row2: View<i64, 2> = row.view().insert_axis(0).unwrap();
    let mut par_buf = vec![0i64; 6 * n * m];
    let mut ser_buf = vec![0i64; 6 * n * m];
    let mut par = outputs(&mut par_buf, shape);
    let mut ser = outputs(&mut ser_buf, shape);
    for (p, s) in par.iter_mut().zip(ser.iter_mut()) {
        p.par_zip_with_into(&a.view(), &bt.t(), |x, y| 3 * x - y)
            .unwrap();
        s.zip_with_into(&a.view(), &bt.t(), |x, y| 3 * x - y)
            .unwrap();
        assert!(p.iter().eq(s.iter()));
        p.par_map_inplace(|x| *x = *x * 5 + 1);
        s.map_inplace(|x| *x = *x * 5 + 1);
        assert!(p.iter().eq(s.iter()));
        p.par_zip_with_into(&a.view(), &row2, |x, y| x * y).unwrap();
        s.zip_with_into(&a.view(), &row2, |x, y| x * y).unwrap();
        assert!(p.iter().eq(s.iter()));
        p.par_assign(&bt.t()).unwrap();
        assert!(p.iter().eq(bt.t().iter()));
        assert_eq!(p.view().par_sum(), bt.sum());
    }
    // Shapes that do not broadcast are errors, as in the serial versions.
    let three = Array::<i64, 2>::zeros([3, 1]).unwrap();
    assert!(
        par[0]
            .par_zip_with_into(&a.view(), &three.view(), |x, _| *x)
            .is_err()
    );
    assert!(par[0].par_assign(&three.view()).is_err());
    // A sum of a transposed, stepped view.
    let v = a.t().slice([Slice::step_by(3), Slice::REVERSE]).unwrap();
    assert_eq!(v.par_sum(), v.sum());
}

#[test]
fn large_parallel_copies_stream_in_blocks_and_stay_right() {
    // 9 MiB: over the streaming threshold as a whole, under it per block.
    let [n, m] = [1024, 1152];
    let a = Array::<i64, 2>::from_vec([n, m], data(n * m, 4)).unwrap();
    let mut f = Array::<i64, 2, stride_core::F>::zeros([n, m]).unwrap();
    f.view_mut().par_assign(&a.view()).unwrap();
    assert!(f.iter().eq(a.iter()));
    let mut c = Array::<i64, 2>::zeros([n, m]).unwrap();
    c.view_mut().par_assign(&a.view()).unwrap();
    assert_eq!(c.as_slice(), a.as_slice());
    let mut t = Array::<i64, 2>::zeros([m, n]).unwrap();
    t.view_mut().par_assign(&a.t()).unwrap();
    assert!(t.iter().eq(a.t().iter()));
}

#[test]
fn large_parallel_zips_stream_in_blocks_and_stay_right() {
    // 32 MiB of output: streamed as a whole (and so in every block), with a
    // same-layout and a transposed second input.
    let n = 2048;
    let a = Array::<i64, 2>::from_vec([n, n], data(n * n, 5)).unwrap();
    let b = Array::<i64, 2>::from_vec([n, n], data(n * n, 6)).unwrap();
    for bv in [b.view().into_strided(), b.t().into_strided()] {
        let mut p = Array::<i64, 2>::zeros([n, n]).unwrap();
        p.view_mut()
            .par_zip_with_into(&a.view(), &bv, |x, y| 3 * x - y)
            .unwrap();
        let mut s = Array::<i64, 2>::zeros([n, n]).unwrap();
        s.view_mut()
            .zip_with_into(&a.view(), &bv, |x, y| 3 * x - y)
            .unwrap();
        assert_eq!(p.as_slice(), s.as_slice());
        assert_eq!(p[[n - 1, 1]], 3 * a[[n - 1, 1]] - bv[[n - 1, 1]]);
    }
}

/// Every parallel operation against the naive loop on random layouts of rank
/// `R` large enough to be split (at least 2^17 elements): a random unique
/// output, inputs in any order, with steps of either sign, broadcast or as
/// windows (`shaped_layout`). Elements outside the output stay as they were.
fn random_parallel<const R: usize>(rng: &mut Rng) {
    for _ in 0..3 {
        let mut shape = [1usize; R];
        while shape.iter().product::<usize>() < 1 << 17 {
            shape[rng.below(R as u64) as usize] += 1 + rng.below(7) as usize;
        }
        let (lo, leno) = shaped_layout::<R>(rng, shape, false);
        let (la, lena) = shaped_layout::<R>(rng, shape, true);
        let (lb, lenb) = shaped_layout::<R>(rng, shape, true);
        let (da, db) = (values(lena, rng), values(lenb, rng));
        let a = View::from_slice(&da, la).unwrap();
        let b = View::from_slice(&db, lb).unwrap();
        let mut dout = values(leno, rng);
        let before = dout.clone();
        let want: Vec<i64> = a.iter().zip(b.iter()).map(|(x, y)| 3 * x - y).collect();
        {
            let mut out = ViewMut::<i64, R, Strided>::from_slice(&mut dout, lo).unwrap();
            out.par_zip_with_into(&a, &b, |x, y| 3 * x - y).unwrap();
            assert!(
                out.iter().eq(want.iter()),
                "par_zip_with_into {lo:?} {la:?} {lb:?}"
            );
            out.par_map_inplace(|x| *x = *x * 5 + 1);
            assert!(
                out.iter().zip(&want).all(|(o, w)| *o == w * 5 + 1),
                "par_map_inplace {lo:?}"
            );
            assert_eq!(
                out.view().par_sum(),
                want.iter().map(|w| w * 5 + 1).sum::<i64>()
            );
            out.par_assign(&b).unwrap();
            assert!(out.iter().eq(b.iter()), "par_assign {lo:?} {lb:?}");
        }
        assert_eq!(a.par_sum(), a.iter().sum::<i64>(), "par_sum {la:?}");
        untouched_outside(&lo, &dout, &before);
    }
}

#[test]
fn parallel_operations_on_random_layouts_match_the_naive_loops() {
    let mut rng = Rng(0x9A8A_11E1_0000_0001);
    random_parallel::<1>(&mut rng);
    random_parallel::<2>(&mut rng);
    random_parallel::<3>(&mut rng);
    random_parallel::<4>(&mut rng);
    random_parallel::<5>(&mut rng);
    random_parallel::<6>(&mut rng);
}

/// Rank 0: one element, for every parallel operation (`par_assign` of
/// `f64` once reached the channel copies' test of the innermost loop, which
/// a nest of no loops does not have, and panicked).
#[test]
fn parallel_operations_on_rank_0() {
    let mut a = Array::<f64, 0>::from_vec([], vec![0.5]).unwrap();
    let b = Array::<f64, 0>::from_vec([], vec![2.0]).unwrap();
    a.view_mut().par_assign(&b.view()).unwrap();
    assert_eq!(a.as_slice(), &[2.0]);
    a.view_mut().par_map_inplace(|x| *x *= 3.0);
    assert_eq!(a.as_slice(), &[6.0]);
    a.view_mut()
        .par_zip_with_into(&b.view(), &b.view(), |x, y| x + y)
        .unwrap();
    assert_eq!(a.view().par_sum(), 4.0);
    let mut i = Array::<u8, 0>::from_vec([], vec![1]).unwrap();
    let j = Array::<u8, 0>::from_vec([], vec![9]).unwrap();
    i.view_mut().par_assign(&j.view()).unwrap();
    assert_eq!(i.as_slice(), &[9]);
}
