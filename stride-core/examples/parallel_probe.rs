//! Times the `rayon` feature's operations against their serial versions, side
//! by side in one process (repetitions interleaved): same-layout and
//! transposing copies (`par_assign` / `assign`), a sum (`par_sum` / `sum`), an
//! in-place map (`par_map_inplace` / `map_inplace`), `out = a + b` into a
//! given output (`par_zip_with_into` / `zip_with_into`), at 64 MiB and 512 MiB of
//! `f64`. Prints medians and ratios (below 1: the parallel one is faster).
//!
//! ```sh
//! cargo run --release -p stride-core --features rayon --example parallel_probe -- [--quick]
//! ```

use std::hint::black_box;
use std::time::Instant;

use stride_core::{Array, F};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let reps = if quick { 5 } else { 11 };
    println!("threads: {}", rayon::current_num_threads());
    println!("| n² f64 | operation | serial (ms) | parallel (ms) | parallel / serial |");
    println!("|---|---|---|---|---|");
    for n in [2896usize, 8192] {
        let a = Array::<f64, 2>::from_fn([n, n], |[i, j]| (i ^ j) as f64).unwrap();
        let mut c = Array::<f64, 2>::zeros([n, n]).unwrap();
        let mut f = Array::<f64, 2, F>::zeros([n, n]).unwrap();
        let mut t = vec![Vec::new(); 10];
        let mut time = |k: usize, run: &mut dyn FnMut()| {
            let s = Instant::now();
            run();
            t[k].push(s.elapsed().as_secs_f64() * 1e3);
        };
        for _ in 0..reps {
            time(0, &mut || c.view_mut().assign(&a.view()).unwrap());
            time(1, &mut || c.view_mut().par_assign(&a.view()).unwrap());
            time(2, &mut || f.view_mut().assign(&a.view()).unwrap());
            time(3, &mut || f.view_mut().par_assign(&a.view()).unwrap());
            time(4, &mut || {
                black_box(a.sum());
            });
            time(5, &mut || {
                black_box(a.view().par_sum());
            });
            time(6, &mut || c.view_mut().map_inplace(|x| *x = *x * 0.5 + 1.0));
            time(7, &mut || {
                c.view_mut().par_map_inplace(|x| *x = *x * 0.5 + 1.0)
            });
            // `f.t()` is C-ordered: a same-layout addition.
            time(8, &mut || {
                c.view_mut()
                    .zip_with_into(&a.view(), &f.t(), |x, y| x + y)
                    .unwrap()
            });
            time(9, &mut || {
                c.view_mut()
                    .par_zip_with_into(&a.view(), &f.t(), |x, y| x + y)
                    .unwrap()
            });
        }
        let m: Vec<f64> = t.into_iter().map(median).collect();
        let names = [
            "copy C -> C",
            "copy C -> F (transposing)",
            "sum",
            "x = x * 0.5 + 1 in place",
            "out = a + b (given output)",
        ];
        for (k, name) in names.iter().enumerate() {
            let (s, p) = (m[2 * k], m[2 * k + 1]);
            println!("| {n} | {name} | {s:.1} | {p:.1} | {:.2} |", p / s);
        }
    }
}
