//! Times the transposing copy (`out.assign(&b.t())` into a given output)
//! against `copy_from_slice` of the same bytes over square sizes whose row
//! strides are and are not multiples of a cache line (`f64`, `i32` and `u8`;
//! 1440 to 3008 and, without `--quick`, 4004 to 6008), one process, best of
//! five blocks each. Prints a markdown table of ratios (below 1.0: faster than
//! the copy, which on most machines streams only from a few MiB).
//!
//! ```sh
//! cargo run --release --example transpose_sizes -- [--quick]
//! ```

use std::hint::black_box;
use std::time::Instant;

use stride::Array;

/// The best time in seconds of `f` over `rounds` rounds of `reps` calls.
fn best(rounds: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            t.elapsed().as_secs_f64() / reps as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// One row of the table: the ratio of the transposing copy to the plain copy
/// at each size, for elements of type `T`.
fn row<T: Copy + Default + TryFrom<u8>>(name: &str, sizes: &[usize]) {
    let mut cells = Vec::new();
    for &n in sizes {
        let b = Array::<T, 2>::from_fn([n, n], |[i, j]| {
            T::try_from(((i * 3 + j * 5) % 11) as u8).unwrap_or_default()
        })
        .expect("a square that fits");
        let mut out = Array::<T, 2>::from_fn([n, n], |_| T::default()).expect("a square that fits");
        let reps = (8_000_000 / (n * n)).max(2);
        let t = best(5, reps, || {
            out.view_mut().assign(&b.t()).expect("same shapes");
            black_box(&out);
        });
        let c = best(5, reps, || {
            out.as_mut_slice().copy_from_slice(b.as_slice());
            black_box(&out);
        });
        cells.push(format!("{:.2}", t / c));
    }
    println!("| {name} | {} |", cells.join(" | "));
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut sizes = vec![
        1440usize, 1444, 1448, 1452, 1456, 2000, 2004, 2008, 2012, 2016, 3000, 3008,
    ];
    if !quick {
        sizes.extend([4004, 4008, 6000, 6004, 6008]);
    }
    let head: Vec<String> = sizes.iter().map(|n| format!("{n}²")).collect();
    println!("| transposed / copy_from_slice | {} |", head.join(" | "));
    println!("|---|{}", "---|".repeat(sizes.len()));
    row::<f64>("f64", &sizes);
    row::<i32>("i32", &sizes);
    row::<u8>("u8", &sizes);
}
