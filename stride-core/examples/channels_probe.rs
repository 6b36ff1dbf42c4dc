//! Times the copies between interleaved channels and planes (an HWC image
//! into CHW planes, `img.permute([2, 0, 1])` assigned to a C-ordered array,
//! and back, `planes.permute([1, 2, 0])` assigned to an HWC one) beside a
//! `copy_from_slice` of the same bytes into a `Vec`, and the maps that read
//! across the channels (`u8` HWC to normalised `f32` CHW, and `f32` CHW back to
//! `u8` HWC) beside the same map over an input already in the output's order.
//! Medians of interleaved repetitions, in one process.
//!
//! ```sh
//! cargo run --release -p stride-core --example channels_probe -- [--quick] [--only u8,f32]
//! ```
//!
//! `--only` keeps the cases whose label contains one of the words (`u8`,
//! `u16`, `f32`, `f64`, `map`, a size such as `224x224`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use stride_core::Array;

/// The median of `t`.
fn median(mut t: Vec<Duration>) -> Duration {
    t.sort();
    t[t.len() / 2]
}

/// `reps` rounds of each closure in turn (after one round of warm-up); their
/// medians.
fn rounds<const K: usize>(reps: usize, mut fs: [&mut dyn FnMut(); K]) -> [Duration; K] {
    let mut times: [Vec<Duration>; K] = core::array::from_fn(|_| Vec::new());
    for r in 0..=reps {
        for (f, t) in fs.iter_mut().zip(times.iter_mut()) {
            let start = Instant::now();
            f();
            if r > 0 {
                t.push(start.elapsed());
            }
        }
    }
    times.map(median)
}

/// Microseconds, for printing.
fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The two copies of an `h x w x c` image of `T`.
fn copies<T: Copy + Default + PartialEq + core::fmt::Debug + 'static>(
    label: &str,
    [h, w, c]: [usize; 3],
    reps: usize,
    make: impl Fn(usize) -> T,
) {
    let img = Array::<T, 3>::from_fn([h, w, c], |[y, x, k]| make(y * 31 + x * 7 + k)).unwrap();
    let mut planes = Array::<T, 3>::from_fn([c, h, w], |_| T::default()).unwrap();
    let chw = img.view().permute([2, 0, 1]).unwrap().to_owned().unwrap();
    let mut back = Array::<T, 3>::from_fn([h, w, c], |_| T::default()).unwrap();
    let src = img.as_slice().to_vec();
    let mut flat = vec![T::default(); src.len()];
    let [split, join, memcpy] = rounds(
        reps,
        [
            &mut || {
                planes
                    .assign(&img.view().permute([2, 0, 1]).unwrap())
                    .unwrap()
            },
            &mut || {
                back.assign(&chw.view().permute([1, 2, 0]).unwrap())
                    .unwrap()
            },
            &mut || flat.copy_from_slice(black_box(&src)),
        ],
    );
    assert_eq!(back.as_slice(), img.as_slice());
    assert_eq!(planes.as_slice(), chw.as_slice());
    println!(
        "| {label} {h}x{w}x{c} | {:.1} ({:.2}x) | {:.1} ({:.2}x) | {:.1} |",
        us(split),
        split.as_secs_f64() / memcpy.as_secs_f64(),
        us(join),
        join.as_secs_f64() / memcpy.as_secs_f64(),
        us(memcpy)
    );
}

/// The two maps across the channels of an `h x w x c` image of bytes.
fn maps([h, w, c]: [usize; 3], reps: usize) {
    let img = Array::<u8, 3>::from_fn([h, w, c], |[y, x, k]| (y * 31 + x * 7 + k) as u8).unwrap();
    let chw = img.view().permute([2, 0, 1]).unwrap().to_owned().unwrap();
    let norm = |&v: &u8| v as f32 / 255.0;
    let input = chw.map(norm).unwrap();
    let hwc_f32 = img.map(norm).unwrap();
    let back = |&v: &f32| (v * 255.0) as u8;
    let [to_planes, same_order, to_pixels, same_back] = rounds(
        reps,
        [
            &mut || drop(black_box(img.view().permute([2, 0, 1]).unwrap().map(norm))),
            &mut || drop(black_box(chw.map(norm))),
            &mut || {
                drop(black_box(
                    input.view().permute([1, 2, 0]).unwrap().map(back),
                ))
            },
            &mut || drop(black_box(hwc_f32.map(back))),
        ],
    );
    println!(
        "| map {h}x{w}x{c}: u8 HWC to f32 CHW / same order | {:.1} / {:.1} ({:.2}x) | f32 CHW to u8 HWC / same order | {:.1} / {:.1} ({:.2}x) |",
        us(to_planes),
        us(same_order),
        to_planes.as_secs_f64() / same_order.as_secs_f64(),
        us(to_pixels),
        us(same_back),
        to_pixels.as_secs_f64() / same_back.as_secs_f64(),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only: Vec<String> = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|k| args.get(k + 1))
        .map(|o| o.split(',').map(String::from).collect())
        .unwrap_or_default();
    let want = |label: &str| only.is_empty() || only.iter().any(|o| label.contains(o.as_str()));
    let sizes: &[[usize; 2]] = if quick {
        &[[1080, 1920], [224, 224]]
    } else {
        &[[1080, 1920], [480, 640], [224, 224]]
    };
    println!("| image | HWC to CHW, us (x memcpy) | CHW to HWC, us (x memcpy) | memcpy, us |");
    println!("|---|---|---|---|");
    for &[h, w] in sizes {
        // Enough rounds for about 20 ms of each.
        let base = if quick { 5 } else { 21 };
        let reps = (base * 2_000_000 / (h * w)).clamp(5, 201);
        for c in 2..=4 {
            let size = format!("{h}x{w}x{c}");
            let case = |t: &str| want(&format!("{t} {size}"));
            if case("u8") {
                copies::<u8>("u8", [h, w, c], reps, |v| v as u8);
            }
            if case("u16") {
                copies::<u16>("u16", [h, w, c], reps, |v| v as u16);
            }
            if case("f32") {
                copies::<f32>("f32", [h, w, c], reps, |v| v as f32);
            }
            if case("f64") {
                copies::<f64>("f64", [h, w, c], reps, |v| v as f64);
            }
        }
        if want(&format!("map {h}x{w}x3")) {
            maps([h, w, 3], reps);
        }
    }
}
