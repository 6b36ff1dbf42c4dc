//! Times the transposing copy (`stride_core::kernel::transpose_probe`, an internal
//! primitive) against the bandwidth bounds of the same bytes, in one process with
//! interleaved repetitions: `copy_from_slice`, a copy with non-temporal stores,
//! and a naive transposing loop. Prints medians and ratios.
//!
//! ```sh
//! cargo run --release -p stride-core --example transpose_probe -- [--quick] [--reps N] [--only 8192,1000]
//! cargo run --release -p stride-core --example transpose_probe -- --reps 9 --sweep 128,256,500,1000
//! ```
//!
//! `--sweep` runs square `f64`, `f32`, `u16` and `u8` cases of the given sides without
//! streaming (the library streams outputs from 8 MiB on), with more
//! repetitions for the smaller ones.
//!
//! Large buffers are 2 MiB-aligned and advised to use transparent huge pages, as
//! the library's own arrays are.

use std::alloc::{Layout, alloc, dealloc};
use std::hint::black_box;
use std::time::{Duration, Instant};

use stride_core::kernel::transpose_probe::transpose_copy;

/// A 2 MiB-aligned buffer of `len` elements, advised to use huge pages and
/// filled (so every page is faulted in before timing).
struct Buf<T> {
    ptr: *mut T,
    len: usize,
    layout: Layout,
}

impl<T: Copy> Buf<T> {
    fn new(len: usize, f: impl Fn(usize) -> T) -> Self {
        let layout = Layout::from_size_align((len * size_of::<T>()).max(1), 2 << 20).unwrap();
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { alloc(layout) }.cast::<T>();
        assert!(
            !ptr.is_null(),
            "allocation of {} bytes failed",
            layout.size()
        );
        // SAFETY: `ptr` is the start of an allocation of `layout.size()` bytes;
        // madvise only advises (its failure is harmless).
        unsafe { libc::madvise(ptr.cast(), layout.size(), libc::MADV_HUGEPAGE) };
        for k in 0..len {
            // SAFETY: k < len: inside the allocation.
            unsafe { ptr.add(k).write(f(k)) };
        }
        Buf { ptr, len, layout }
    }

    fn as_slice(&self) -> &[T] {
        // SAFETY: `len` initialised elements (written in `new`).
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as `as_slice`, borrowed uniquely.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl<T> Drop for Buf<T> {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { dealloc(self.ptr.cast(), self.layout) };
    }
}

/// A copy with non-temporal 32-byte stores (AVX), the write-bandwidth bound.
fn stream_copy<T: Copy>(dst: &mut [T], src: &[T]) {
    assert_eq!(dst.len(), src.len());
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: AVX is available; both slices hold the same number of bytes.
        unsafe {
            stream_bytes(
                dst.as_mut_ptr().cast(),
                src.as_ptr().cast(),
                std::mem::size_of_val(dst),
            )
        };
        return;
    }
    dst.copy_from_slice(src);
}

/// Copies `n` bytes from `src` to `dst` with non-temporal stores.
///
/// # Safety
/// AVX is available; `dst` is valid for writes and `src` for reads of `n` bytes,
/// apart.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn stream_bytes(dst: *mut u8, src: *const u8, n: usize) {
    use std::arch::x86_64::{__m256i, _mm_sfence, _mm256_loadu_si256, _mm256_stream_si256};
    let head = dst.align_offset(32).min(n);
    // SAFETY: the contract; head <= n, i + 32 <= n in the loop.
    unsafe {
        std::ptr::copy_nonoverlapping(src, dst, head);
        let mut i = head;
        while i + 32 <= n {
            let v = _mm256_loadu_si256(src.add(i).cast::<__m256i>());
            _mm256_stream_si256(dst.add(i).cast::<__m256i>(), v);
            i += 32;
        }
        std::ptr::copy_nonoverlapping(src.add(i), dst.add(i), n - i);
    }
    _mm_sfence();
}

/// `dst[i][j] = src[j][i]` for an `n x n` matrix, element by element.
fn naive<T: Copy>(dst: &mut [T], src: &[T], n: usize) {
    let st = dst.len() / n;
    for (i, row) in dst.chunks_exact_mut(st).enumerate() {
        for (j, d) in row[..n].iter_mut().enumerate() {
            *d = src[j * st + i];
        }
    }
}

/// `dst = src.T` for an `n x n` matrix with [`transpose_copy`].
fn fast<T: Copy>(dst: &mut [T], src: &[T], n: usize, stream: bool) {
    let s = (dst.len() / n) as isize;
    assert!(dst.len() >= n * s as usize && src.len() >= n * s as usize);
    // SAFETY: both slices hold n x n elements, row stride n; they do not overlap
    // (a `&mut` and a `&`); the element types are plain numbers (no padding).
    unsafe { transpose_copy(dst.as_mut_ptr(), s, src.as_ptr(), s, n, n, stream) };
}

/// One implementation under test.
struct Imp<'a> {
    name: &'static str,
    run: Box<dyn FnMut() + 'a>,
    times: Vec<Duration>,
    /// Measure only every `every`-th repetition (for slow ones).
    every: usize,
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Runs one case: `n x n` elements of `T`, `reps` interleaved repetitions.
#[allow(clippy::too_many_arguments)]
fn case<T: Copy + PartialEq + std::fmt::Debug>(
    label: &str,
    n: usize,
    pad: usize,
    reps: usize,
    with_stream: bool,
    naive_every: usize,
    make: impl Fn(usize) -> T,
) {
    let len = n * (n + pad);
    let src = Buf::new(len, &make);
    let mut d1 = Buf::new(len, |_| make(0));
    let mut d2 = Buf::new(len, |_| make(0));
    let mut d3 = Buf::new(len, |_| make(0));
    let mut d4 = Buf::new(len, |_| make(0));
    let mut d5 = Buf::new(len, |_| make(0));
    let s = src.as_slice();
    // Correctness first, on every output that is a transpose.
    fast(d1.as_mut_slice(), s, n, true);
    fast(d2.as_mut_slice(), s, n, false);
    naive(d5.as_mut_slice(), s, n);
    assert!(
        d1.as_slice() == d5.as_slice(),
        "{label}: stream result differs"
    );
    assert!(d2.as_slice() == d5.as_slice(), "{label}: result differs");
    let (o1, o2, o3, o4, o5) = (
        d1.as_mut_slice(),
        d2.as_mut_slice(),
        d3.as_mut_slice(),
        d4.as_mut_slice(),
        d5.as_mut_slice(),
    );
    let mut imps = vec![
        Imp {
            name: "copy_from_slice",
            run: Box::new(move || o3.copy_from_slice(black_box(s))),
            times: vec![],
            every: 1,
        },
        Imp {
            name: "stream copy",
            run: Box::new(move || stream_copy(o4, black_box(s))),
            times: vec![],
            every: 1,
        },
        Imp {
            name: "transpose_copy",
            run: Box::new(move || fast(o2, black_box(s), n, false)),
            times: vec![],
            every: 1,
        },
        Imp {
            name: "naive transpose",
            run: Box::new(move || naive(o5, black_box(s), n)),
            times: vec![],
            every: naive_every,
        },
    ];
    if with_stream {
        imps.insert(
            2,
            Imp {
                name: "transpose_copy stream",
                run: Box::new(move || fast(o1, black_box(s), n, true)),
                times: vec![],
                every: 1,
            },
        );
    }
    // One warm-up round, then interleaved repetitions.
    for imp in imps.iter_mut() {
        (imp.run)();
    }
    for rep in 0..reps {
        for imp in imps.iter_mut() {
            if rep % imp.every == 0 {
                let t = Instant::now();
                (imp.run)();
                imp.times.push(t.elapsed());
            }
        }
    }
    let bytes = (n * n * size_of::<T>()) as f64;
    let mut med: Vec<(&str, Duration)> = imps
        .iter_mut()
        .map(|imp| (imp.name, median(&mut imp.times)))
        .collect();
    let base = med[0].1.as_secs_f64();
    let stream = med[1].1.as_secs_f64();
    println!(
        "\n{label}: {n} x {n} {} ({:.0} MiB), medians of {reps}",
        std::any::type_name::<T>(),
        bytes / (1 << 20) as f64
    );
    println!(
        "  {:<24} {:>10} {:>8} {:>10} {:>10}",
        "implementation", "median", "GB/s", "/ copy", "/ stream"
    );
    for (name, t) in med.iter_mut() {
        let secs = t.as_secs_f64();
        println!(
            "  {:<24} {:>8.2}ms {:>8.2} {:>10.3} {:>10.3}",
            name,
            secs * 1e3,
            bytes / secs / 1e9,
            secs / base,
            secs / stream
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let reps = args
        .iter()
        .position(|a| a == "--reps")
        .and_then(|k| args.get(k + 1))
        .and_then(|r| r.parse().ok())
        .unwrap_or(if quick { 5 } else { 11 });
    let naive_every = if quick { reps } else { 4 };
    // `--only 8192,1000`: the cases whose label contains one of the words.
    let only: Vec<String> = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|k| args.get(k + 1))
        .map(|o| o.split(',').map(String::from).collect())
        .unwrap_or_default();
    let want = |label: &str| only.is_empty() || only.iter().any(|o| label.contains(o.as_str()));
    if let Some(k) = args.iter().position(|a| a == "--sweep") {
        let sides = args.get(k + 1).expect("--sweep takes a list of sides");
        for n in sides
            .split(',')
            .map(|v| v.parse::<usize>().expect("a side"))
        {
            let r = (reps * 4096 * 4096 / (n * n)).clamp(reps, 400);
            case(&format!("f64 {n}"), n, 0, r, false, r, |k| k as f64);
            case(&format!("f32 {n}"), n, 0, r, false, r, |k| k as f32);
            case(&format!("u16 {n}"), n, 0, r, false, r, |k| k as u16);
            case(&format!("u8 {n}"), n, 0, r, false, r, |k| (k % 251) as u8);
        }
        return;
    }
    if want("f64 8192") {
        case("f64 8192", 8192, 0, reps, true, naive_every, |k| k as f64);
    }
    if want("f64 8000") {
        case("f64 8000", 8000, 0, reps, true, naive_every, |k| k as f64);
    }
    if want("f64 8192 pad") {
        // Row stride 8200: the same shape without power-of-two strides.
        case("f64 8192 pad", 8192, 8, reps, true, naive_every, |k| {
            k as f64
        });
    }
    if want("f32 8192") {
        case("f32 8192", 8192, 0, reps, true, naive_every, |k| k as f32);
    }
    if want("f32 8000") {
        case("f32 8000", 8000, 0, reps, true, naive_every, |k| k as f32);
    }
    if want("f32 4096") {
        // 64 MiB: streamed, and where glibc's memcpy does not stream.
        case("f32 4096", 4096, 0, reps, true, naive_every, |k| k as f32);
    }
    if want("f32 2896") {
        case("f32 2896", 2896, 0, reps, true, naive_every, |k| k as f32);
    }
    if want("u16 8192") {
        case("u16 8192", 8192, 0, reps, true, naive_every, |k| k as u16);
    }
    if want("u16 8000") {
        case("u16 8000", 8000, 0, reps, true, naive_every, |k| k as u16);
    }
    if want("u8 8000") {
        case("u8 8000", 8000, 0, reps, true, naive_every, |k| {
            (k % 251) as u8
        });
    }
    if want("u8 8192") {
        // 64 MiB: an 8-bit image, one plane.
        case("u8 8192", 8192, 0, reps, true, naive_every, |k| {
            (k % 251) as u8
        });
    }
    if want("f64 1000") {
        case("f64 1000", 1000, 0, reps * 20, false, 1, |k| k as f64);
    }
    if want("f32 1000") {
        case("f32 1000", 1000, 0, reps * 20, false, 1, |k| k as f32);
    }
}
