//! Times the axis reductions against `ndarray`'s, side by side in one process
//! (repetitions interleaved, best of each): along a short last axis
//! (`argmax_axis(1)`, `max_axis(1)`, `sum_axis(1)` of 10^6 random `f64` in
//! lanes of 3, 10 and 32, against `ndarray`'s `sum_axis` and `fold_axis`
//! with `f64::max`), and along a first axis (`argmax_axis(0)` and
//! `max_axis(0)` against `sum_axis(0)`, 16 x 4096 and 4096 x 512); then the
//! same for integers (`i64`, `i32`, `u8`: lanes of 10, 16 x 4096, and the
//! whole array's `max` and `argmax`), against `ndarray`'s `fold_axis` and
//! `fold` with `Ord::max`. Prints markdown tables of microseconds.
//!
//! ```sh
//! cargo run --release --example axis_probe -- [--quick]
//! ```

use std::hint::black_box;
use std::time::Instant;

use ndarray::{Array2, Axis};
use stride::Array;

/// The best time in microseconds of `f` over `rounds` rounds of `reps` calls.
fn best(rounds: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            t.elapsed().as_secs_f64() * 1e6 / reps as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// `m x n` random `f64` in `[0, 1)` from a linear congruential generator.
fn random(m: usize, n: usize, seed: u64) -> Array<f64, 2> {
    let mut x = seed;
    Array::from_fn([m, n], |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64
    })
    .expect("a small shape")
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 3 } else { 9 };
    println!(
        "| shape | stride argmax | stride max | stride sum | ndarray max (fold) | ndarray sum |"
    );
    println!("|---|---|---|---|---|---|");
    for n in [3usize, 10, 32] {
        let m = 1_000_000 / n;
        let a = random(m, n, 12345);
        let nd = Array2::from_shape_vec((m, n), a.as_slice().to_vec()).expect("m x n elements");
        let mut t = [f64::INFINITY; 5];
        for _ in 0..rounds {
            let row = [
                best(1, 5, || drop(black_box(a.argmax_axis::<1>(1)))),
                best(1, 5, || drop(black_box(a.max_axis::<1>(1)))),
                best(1, 5, || drop(black_box(a.sum_axis::<1>(1)))),
                best(1, 5, || {
                    drop(black_box(
                        nd.fold_axis(Axis(1), f64::MIN, |&x, &y| x.max(y)),
                    ))
                }),
                best(1, 5, || drop(black_box(nd.sum_axis(Axis(1))))),
            ];
            for (t, r) in t.iter_mut().zip(row) {
                *t = t.min(r);
            }
        }
        println!(
            "| {m} x {n}, axis 1 | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} |",
            t[0], t[1], t[2], t[3], t[4]
        );
    }
    println!();
    println!("| shape | argmax_axis(0) | max_axis(0) | sum_axis(0) |");
    println!("|---|---|---|---|");
    for (m, n, reps) in [(16usize, 4096usize, 200usize), (4096, 512, 5)] {
        let a = random(m, n, 777);
        let mut t = [f64::INFINITY; 3];
        for _ in 0..rounds {
            t[0] = t[0].min(best(1, reps, || drop(black_box(a.argmax_axis::<1>(0)))));
            t[1] = t[1].min(best(1, reps, || drop(black_box(a.max_axis::<1>(0)))));
            t[2] = t[2].min(best(1, reps, || drop(black_box(a.sum_axis::<1>(0)))));
        }
        println!("| {m} x {n} | {:.1} | {:.1} | {:.1} |", t[0], t[1], t[2]);
    }
    println!();
    integers::<i64>("i64", rounds);
    integers::<i32>("i32", rounds);
    integers::<u8>("u8", rounds);
}

/// The integer table's rows for `T`: 10^6 values over the type's range.
fn integers<T>(name: &str, rounds: usize)
where
    T: Copy + Ord + Default + 'static + TryFrom<u64> + std::fmt::Debug,
{
    if name == "i64" {
        println!(
            "| integers | argmax_axis(1), lanes of 10 | max_axis(1) | ndarray fold_axis(1) max \
             | argmax_axis(0), 16 x 4096 | max_axis(0) | ndarray fold_axis(0) max \
             | argmax() | max() | ndarray fold max |"
        );
        println!("|---|---|---|---|---|---|---|---|---|---|");
    }
    let mut x = 99u64;
    let mut draw = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // The low bits of the type's width, as the type (`try_from` of a
        // value masked to fit).
        let bits = 8 * size_of::<T>() as u32 - 1;
        T::try_from((x >> 11) & ((1u64 << bits) - 1))
            .ok()
            .expect("fits")
    };
    let a = Array::<T, 2>::from_fn([100_000, 10], |_| draw()).expect("a small shape");
    let b = Array::<T, 2>::from_fn([16, 4096], |_| draw()).expect("a small shape");
    let na = Array2::from_shape_vec((100_000, 10), a.as_slice().to_vec()).expect("sizes");
    let nb = Array2::from_shape_vec((16, 4096), b.as_slice().to_vec()).expect("sizes");
    let least = T::default();
    let mut t = [f64::INFINITY; 9];
    for _ in 0..rounds {
        let row = [
            best(1, 5, || drop(black_box(a.argmax_axis::<1>(1)))),
            best(1, 5, || drop(black_box(a.max_axis::<1>(1)))),
            best(1, 5, || {
                drop(black_box(na.fold_axis(Axis(1), least, |&x, &y| x.max(y))))
            }),
            best(1, 100, || drop(black_box(b.argmax_axis::<1>(0)))),
            best(1, 100, || drop(black_box(b.max_axis::<1>(0)))),
            best(1, 100, || {
                drop(black_box(nb.fold_axis(Axis(0), least, |&x, &y| x.max(y))))
            }),
            best(1, 5, || {
                black_box(a.argmax());
            }),
            best(1, 5, || {
                black_box(a.max());
            }),
            best(1, 5, || {
                black_box(na.fold(least, |x, &y| x.max(y)));
            }),
        ];
        for (t, r) in t.iter_mut().zip(row) {
            *t = t.min(r);
        }
    }
    let cells: Vec<String> = t.iter().map(|v| format!("{v:.1}")).collect();
    println!("| {name} | {} |", cells.join(" | "));
}
