//! Sums of other element types than `f64`, side by side in one process: the
//! library's `sum`, `kernel!(s += a[[i, j]])`, and ndarray's `sum`, on C and F
//! arrays, from L1 (128², each call repeated so the array is in cache) and
//! from memory (4096²). Prints medians and ratios to the library's C sum.
//! Then the reductions `kernel!` runs in its own loop, a dot product and a sum
//! of squares (`d += x[[i, j]] * y[[i, j]]`, `d += x[[i, j]] * x[[i, j]]`),
//! against ndarray's `dot` of the same elements as vectors, for 1- to 8-byte
//! types (integer results wrap alike in both).
//!
//! ```sh
//! cargo run --release --example sum_types -- [--quick]
//! ```

use std::hint::black_box;
use std::time::Instant;

use stride::{Array, F, kernel};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times one call of `run` into `t`; for a small `n` (an array in cache), the
/// last of three calls in a row.
fn time_into<T>(t: &mut Vec<f64>, n: usize, run: &mut dyn FnMut() -> T) {
    let warm = if n <= 512 { 2 } else { 0 };
    for w in 0..=warm {
        let s = Instant::now();
        black_box(run());
        if w == warm {
            t.push(s.elapsed().as_secs_f64());
        }
    }
}

macro_rules! probe {
    ($t:ty, $n:expr, $reps:expr) => {{
        let n: usize = $n;
        let a = Array::<$t, 2>::from_fn([n, n], |[i, j]| ((i * 7 + j) % 5) as $t).unwrap();
        let f = a.to_contiguous::<F>().unwrap();
        let nd = ndarray::Array2::<$t>::from_shape_vec((n, n), a.as_slice().to_vec()).unwrap();
        let (av, fv) = (a.view(), f.view());
        let mut t = vec![Vec::new(); 5];
        let mut time = |k: usize, run: &mut dyn FnMut() -> $t| time_into(&mut t[k], n, run);
        for _ in 0..$reps {
            time(0, &mut || a.sum());
            time(1, &mut || {
                let mut s: $t = Default::default();
                kernel!(s += av[[i, j]]).unwrap();
                s
            });
            time(2, &mut || nd.sum());
            time(3, &mut || f.sum());
            time(4, &mut || {
                let mut s: $t = Default::default();
                kernel!(s += fv[[i, j]]).unwrap();
                s
            });
        }
        let m: Vec<f64> = t.into_iter().map(median).collect();
        println!(
            "| {} | {n}² | {:.1} | {:.2} | {:.2} | {:.2} | {:.2} |",
            stringify!($t),
            m[0] * 1e6,
            m[1] / m[0],
            m[2] / m[0],
            m[3] / m[0],
            m[4] / m[0]
        );
    }};
}

macro_rules! dots {
    ($t:ty, $n:expr, $reps:expr) => {{
        let n: usize = $n;
        let x = Array::<$t, 2>::from_fn([n, n], |[i, j]| ((i * 7 + j) % 5) as $t).unwrap();
        let y = Array::<$t, 2>::from_fn([n, n], |[i, j]| ((i + 3 * j) % 5) as $t).unwrap();
        let nx = ndarray::ArrayView1::from(x.as_slice());
        let ny = ndarray::ArrayView1::from(y.as_slice());
        let (xv, yv) = (x.view(), y.view());
        let mut t = vec![Vec::new(); 3];
        let mut time = |k: usize, run: &mut dyn FnMut() -> $t| time_into(&mut t[k], n, run);
        for _ in 0..$reps {
            time(0, &mut || nx.dot(&ny));
            time(1, &mut || {
                let mut d: $t = Default::default();
                kernel!(d += xv[[i, j]] * yv[[i, j]]).unwrap();
                d
            });
            time(2, &mut || {
                let mut d: $t = Default::default();
                kernel!(d += xv[[i, j]] * xv[[i, j]]).unwrap();
                d
            });
        }
        let m: Vec<f64> = t.into_iter().map(median).collect();
        println!(
            "| {} | {n}² | {:.1} | {:.2} | {:.2} |",
            stringify!($t),
            m[0] * 1e6,
            m[1] / m[0],
            m[2] / m[0]
        );
    }};
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (small, big) = if quick { (101, 5) } else { (301, 15) };
    println!(
        "| type | shape | library, C (µs) | kernel!, C | ndarray, C | library, F | kernel!, F |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (n, reps) in [(128usize, small), (4096, big)] {
        probe!(f64, n, reps);
        probe!(f32, n, reps);
        probe!(i64, n, reps);
        probe!(i32, n, reps);
        probe!(u16, n, reps);
    }
    println!();
    println!("| type | shape | ndarray `x.dot(&y)` (µs) | kernel! dot | kernel! sum of squares |");
    println!("|---|---|---:|---:|---:|");
    for (n, reps) in [(128usize, small), (4096, big)] {
        dots!(f64, n, reps);
        dots!(f32, n, reps);
        dots!(i64, n, reps);
        dots!(i32, n, reps);
        dots!(u32, n, reps);
        dots!(u16, n, reps);
        dots!(u8, n, reps);
    }
}
