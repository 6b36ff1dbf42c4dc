//! The seed experiments, each a group of cases whose rows compare with each other:
//! `stride`'s library method (and its kernel macro, when it has one), `ndarray`'s
//! idiomatic equivalent, a naive index loop, `copy_from_slice` of the same bytes
//! (`memcpy`) and a copy with non-temporal stores (`stream`: the write-bandwidth
//! bound of the machine). Shared by `benches/seeds.rs` (criterion) and
//! `examples/bench_report.rs` (one process, a markdown table, JSON, an SVG chart).
//!
//! Each group builds its inputs when it runs and drops them after, so that the
//! largest (two 800 MB arrays and their ndarray twins) are not all alive at once.

#![allow(dead_code)]

use std::hint::black_box;
use std::rc::Rc;

use ndarray::{Array1, Array2, Axis, ShapeBuilder, Zip, s as nd_s};
use std::cell::RefCell;

use stride::{Array, C, F, Order, Slice, Strided, View, kernel};

/// One implementation of a case.
pub struct Run {
    /// `stride`, `stride-macro`, `ndarray`, `naive`, `memcpy` or `stream`.
    pub imp: &'static str,
    /// What it runs, in the library's words.
    pub label: &'static str,
    /// The work, done once per call.
    pub f: Box<dyn FnMut()>,
}

/// Rows that compare with each other: the same work, or the two sides of a ratio
/// the seed measures (row vs column, view vs copy).
pub struct Case {
    /// A stable id (`1-col0-c`).
    pub id: &'static str,
    /// What the case measures.
    pub what: &'static str,
    /// Bytes of one operand, for GB/s.
    pub bytes: usize,
    /// Memory-bound and slow: fewer repeats.
    pub big: bool,
    /// The implementations.
    pub runs: Vec<Run>,
}

/// One seed experiment.
pub struct Group {
    /// Its number and name.
    pub id: &'static str,
    /// The seed's claim it reproduces.
    pub title: &'static str,
    /// Builds the inputs and the cases.
    pub build: fn() -> Vec<Case>,
}

fn run(imp: &'static str, label: &'static str, f: impl FnMut() + 'static) -> Run {
    Run {
        imp,
        label,
        f: Box::new(f),
    }
}

/// Deterministic pseudo-random data in [-1, 1).
pub fn filled(n: usize, seed: u64) -> Vec<f64> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        })
        .collect()
}

/// An array of ours holding `v`, in the library's own allocation (huge pages
/// from 4 MiB on), as NumPy's baselines use NumPy's and ndarray's rows
/// ndarray's. `Array::from_vec` would keep the `Vec`'s 4 KiB pages: on the
/// Intel VM that alone made a sum of 800 MB 1.5x slower (60.8 against 40.6
/// ms) and `a *= 2` on 1e7 `f64` 1.7x (7.9 against 4.6 ms), from the page
/// walks.
fn ours<const R: usize>(shape: [usize; R], v: Vec<f64>) -> Array<f64, R> {
    let mut v = v.into_iter();
    Array::from_fn(shape, |_| v.next().expect("one value per element")).expect("shape")
}

fn stride_mat(n: usize, m: usize, seed: u64) -> Array<f64, 2> {
    ours([n, m], filled(n * m, seed))
}

/// `K` more handles on one shared value (one per row that reads it).
fn shares<T, const K: usize>(x: &Rc<T>) -> [Rc<T>; K] {
    core::array::from_fn(|_| x.clone())
}

/// ndarray's `out = a + b` into a given output (its idiomatic `Zip`).
fn nd_add<D: ndarray::Dimension>(
    out: &mut ndarray::Array<f64, D>,
    a: &ndarray::Array<f64, D>,
    b: &ndarray::Array<f64, D>,
) {
    Zip::from(&mut *out)
        .and(a)
        .and(b)
        .for_each(|o, &x, &y| *o = x + y);
    black_box(&*out);
}

fn nd_mat(a: &Array<f64, 2>) -> Array2<f64> {
    let [n, m] = *a.shape();
    Array2::from_shape_vec((n, m), a.as_slice().to_vec()).expect("shape")
}

/// A copy with non-temporal (streaming) stores in one stream: with
/// [`stream_copy`], the write-bandwidth bound (the faster of the two: on the
/// Zen 4 VM this one, 0.62x of `copy_from_slice` at 512 MiB against 0.77x
/// for four pages; on the Intel VM the other, 0.94x against 1.09x).
pub fn stream_copy_one(dst: &mut [f64], src: &[f64]) {
    assert_eq!(dst.len(), src.len());
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: AVX is available (checked just above); the lengths are equal.
        unsafe { stream_copy_one_avx(dst, src) };
        return;
    }
    dst.copy_from_slice(src);
}

/// One stream of 32-byte non-temporal stores, four per step (two lines).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn stream_copy_one_avx(dst: &mut [f64], src: &[f64]) {
    use std::arch::x86_64::{_mm_sfence, _mm256_loadu_pd, _mm256_stream_pd};
    let n = dst.len();
    // Scalar head up to a 32-byte aligned destination.
    let head = dst.as_ptr().align_offset(32).min(n);
    dst[..head].copy_from_slice(&src[..head]);
    let (d, s) = (dst.as_mut_ptr(), src.as_ptr());
    let mut i = head;
    while i + 16 <= n {
        for q in 0..4 {
            // i + 16 <= n in both slices; dst + i is 32-byte aligned (from
            // the head, in steps of 4 f64s).
            // SAFETY: as just said.
            unsafe { _mm256_stream_pd(d.add(i + 4 * q), _mm256_loadu_pd(s.add(i + 4 * q))) };
        }
        i += 16;
    }
    dst[i..].copy_from_slice(&src[i..]);
    // Orders the streaming stores before what follows.
    _mm_sfence();
}

/// A copy with non-temporal (streaming) stores: the write-bandwidth bound
/// (with [`stream_copy_one`]).
pub fn stream_copy(dst: &mut [f64], src: &[f64]) {
    assert_eq!(dst.len(), src.len());
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: AVX is available (checked just above); the lengths are equal.
        unsafe { stream_copy_avx(dst, src) };
        return;
    }
    dst.copy_from_slice(src);
}

/// Four 4 KiB pages copied side by side, 128 bytes of each per step, the
/// source lines ahead prefetched, as glibc's large `memcpy` does: measured 8%
/// faster than one stream on the Intel VM at 512 MiB (the same at 64 MiB).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn stream_copy_avx(dst: &mut [f64], src: &[f64]) {
    use std::arch::x86_64::{
        _MM_HINT_T0, _mm_prefetch, _mm_sfence, _mm256_loadu_pd, _mm256_stream_pd,
    };
    const PAGE: usize = 512; // f64s in 4 KiB
    let n = dst.len();
    // Scalar head up to a 32-byte aligned destination.
    let head = dst.as_ptr().align_offset(32).min(n);
    dst[..head].copy_from_slice(&src[..head]);
    let (d, s) = (dst.as_mut_ptr(), src.as_ptr());
    let mut i = head;
    while i + 4 * PAGE <= n {
        for k in (0..PAGE).step_by(16) {
            for p in 0..4 {
                let o = i + p * PAGE + k;
                // o + 16 <= n in both slices; dst + o is 32-byte aligned (from
                // the head, in steps of 4 f64s); prefetches never fault.
                // SAFETY: as just said.
                unsafe {
                    _mm_prefetch::<_MM_HINT_T0>(s.wrapping_add(o + 32).cast());
                    _mm_prefetch::<_MM_HINT_T0>(s.wrapping_add(o + 40).cast());
                    for q in 0..4 {
                        let v = _mm256_loadu_pd(s.add(o + 4 * q));
                        _mm256_stream_pd(d.add(o + 4 * q), v);
                    }
                }
            }
        }
        i += 4 * PAGE;
    }
    while i + 4 <= n {
        // SAFETY: i + 4 <= n for both slices; dst + i is 32-byte aligned.
        unsafe { _mm256_stream_pd(d.add(i), _mm256_loadu_pd(s.add(i))) };
        i += 4;
    }
    dst[i..].copy_from_slice(&src[i..]);
    // Orders the streaming stores before what follows.
    _mm_sfence();
}

/// The two streaming-copy rows of a case (see [`stream_copy_one`]): `a`'s
/// bytes copied into a destination of their own, in memory of the kind our
/// outputs get.
fn stream_peers(a: &Rc<Array<f64, 2>>) -> [Run; 2] {
    let dst = Rc::new(RefCell::new(
        Array::<f64, 1>::zeros([a.as_slice().len()]).expect("dst"),
    ));
    let (d1, d2, a1, a2) = (dst.clone(), dst, a.clone(), a.clone());
    [
        run(
            "stream",
            "copy with non-temporal stores (four pages side by side)",
            move || {
                let mut d = d1.borrow_mut();
                stream_copy(d.as_mut_slice(), a1.as_slice());
                black_box(&*d);
            },
        ),
        run(
            "stream",
            "copy with non-temporal stores (one stream)",
            move || {
                let mut d = d2.borrow_mut();
                stream_copy_one(d.as_mut_slice(), a2.as_slice());
                black_box(&*d);
            },
        ),
    ]
}

/// A hand-written sum with eight accumulators (the compiler vectorises it):
/// the bound a library sum of a contiguous slice should meet.
pub fn sum8(s: &[f64]) -> f64 {
    let mut acc = [0.0; 8];
    let chunks = s.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (a, x) in acc.iter_mut().zip(c) {
            *a += x;
        }
    }
    let t = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    t + rest.iter().sum::<f64>()
}

/// The experiments of the seeds, in order.
pub fn groups() -> Vec<Group> {
    vec![
        Group {
            id: "1",
            title: "sums: a column of a C array is 20-80x slower than a row; full sums of C, F and .T run at read bandwidth",
            build: exp1,
        },
        Group {
            id: "2",
            title: "ones(10000).sum() vs ones(1000000)[::100].sum(): a strided view costs 3-8x",
            build: exp2,
        },
        Group {
            id: "3",
            title: "cumprod along axis 1: contiguous 400x600 vs a [:, ::20] view of 400x12000; flat",
            build: exp3,
        },
        Group {
            id: "4",
            title: "a *= 2 vs b = a * 2 on 1e7 f64: a new array costs 4-13x",
            build: exp4,
        },
        Group {
            id: "5",
            title: "out = a + b vs out = a + b.T on 4096x4096 f64",
            build: exp5,
        },
        Group {
            id: "6",
            title: "a.reshape(1, -1) (a view) vs a.T.reshape(1, -1) (a copy), 5000x5000",
            build: exp6,
        },
        Group {
            id: "7",
            title: "ravel (a view) vs flatten (a copy), 5000x5000",
            build: exp7,
        },
        Group {
            id: "8",
            title: "outer product, n = 1000: tiling both operands vs broadcasting",
            build: exp8,
        },
        Group {
            id: "9",
            title: "2*x + 48 on a strided input: fused in one pass vs two passes",
            build: exp9,
        },
        Group {
            id: "10",
            title: "transposed copy of 8192x8192 (and 8000x8000) f64 vs memcpy, and a copy between matching layouts",
            build: exp10,
        },
        Group {
            id: "11",
            title: "small static layouts: kernel! over 4x4 tensors (unrolled in full) vs over arrays (shapes read per call)",
            build: exp11,
        },
        Group {
            id: "12",
            title: "elementwise statements in cache: out = a + b and b = 3 * a on 1024 f64 (8 KiB each, L1)",
            build: exp12,
        },
    ]
}

fn exp1() -> Vec<Case> {
    let n = 10_000;
    let a = Rc::new(stride_mat(n, n, 1));
    let f = Rc::new(a.to_contiguous::<F>().expect("copy"));
    let na = Rc::new(nd_mat(&a));
    let mut nf = Array2::<f64>::zeros((n, n).f());
    nf.assign(&*na);
    let nf = Rc::new(nf);
    let nb = n * n * 8;
    let [a1, a2, a3, a4, a5, a6] = shares(&a);
    let (f1, f2, f3) = (f.clone(), f.clone(), f.clone());
    let (m1, m2, m3, h1) = (a.clone(), a.clone(), a.clone(), a.clone());
    let (na1, na2, na3, na4) = (na.clone(), na.clone(), na.clone(), na.clone());
    let nf1 = nf.clone();
    let (h2, h3, f4) = (a.clone(), a.clone(), f.clone());
    vec![
        Case {
            id: "1-row0-c",
            what: "sum of row 0 of a C 10000x10000 f64 (contiguous)",
            bytes: n * 8,
            big: false,
            runs: vec![
                run("stride", "a.index(s![0, ..])?.sum()", move || {
                    black_box(a1.index_axis(0, 0).expect("row").sum());
                }),
                run("stride-macro", "kernel!(s += row[[j]])", move || {
                    let row = m1.index_axis(0, 0).expect("row");
                    let mut s = 0.0;
                    kernel!(s += row[[j]]).expect("kernel");
                    black_box(s);
                }),
                run("ndarray", "a.row(0).sum()", move || {
                    black_box(na1.row(0).sum());
                }),
                run("naive", "for j { s += a[[0, j]] }", move || {
                    let mut s = 0.0;
                    for j in 0..n {
                        s += a2[[0, j]];
                    }
                    black_box(s);
                }),
            ],
        },
        Case {
            id: "1-col0-c",
            what: "sum of column 0 of a C 10000x10000 f64 (stride 80 000 B)",
            bytes: n * 8,
            big: false,
            runs: vec![
                run("stride", "a.index(s![.., 0])?.sum()", move || {
                    black_box(a3.index_axis(1, 0).expect("col").sum());
                }),
                run("stride-macro", "kernel!(s += col[[i]])", move || {
                    let col = m2.index_axis(1, 0).expect("col");
                    let mut s = 0.0;
                    kernel!(s += col[[i]]).expect("kernel");
                    black_box(s);
                }),
                run("ndarray", "a.column(0).sum()", move || {
                    black_box(na2.column(0).sum());
                }),
                run(
                    "ndarray",
                    "a.column(0).sum() over our array's memory",
                    move || {
                        let v =
                            ndarray::ArrayView2::from_shape((n, n), h3.as_slice()).expect("view");
                        black_box(v.column(0).sum());
                    },
                ),
                run("naive", "for i { s += a[[i, 0]] }", move || {
                    let mut s = 0.0;
                    for i in 0..n {
                        s += a4[[i, 0]];
                    }
                    black_box(s);
                }),
            ],
        },
        Case {
            id: "1-full-c",
            what: "full sum of a C 10000x10000 f64 (800 MB)",
            bytes: nb,
            big: true,
            runs: vec![
                run("stride", "a.sum()", move || {
                    black_box(a5.sum());
                }),
                run("stride-macro", "kernel!(s += a[[i, j]])", move || {
                    let mut s = 0.0;
                    kernel!(s += m3[[i, j]]).expect("kernel");
                    black_box(s);
                }),
                run("ndarray", "a.sum()", move || {
                    black_box(na3.sum());
                }),
                // The same loop over the same memory as ours: where two 800 MB
                // arrays lie moves their sums by up to 30% from run to run.
                run("ndarray", "a.sum() over our array's memory", move || {
                    let v = ndarray::ArrayView2::from_shape((n, n), h2.as_slice()).expect("view");
                    black_box(v.sum());
                }),
                run("naive", "8-accumulator loop over a.as_slice()", move || {
                    black_box(sum8(h1.as_slice()));
                }),
                run("naive", "for i { for j { s += a[[i, j]] } }", move || {
                    let mut s = 0.0;
                    for i in 0..n {
                        for j in 0..n {
                            s += a6[[i, j]];
                        }
                    }
                    black_box(s);
                }),
            ],
        },
        Case {
            id: "1-full-f",
            what: "full sum of an F 10000x10000 f64, and of the C array's .T view",
            bytes: nb,
            big: true,
            runs: vec![
                run("stride", "f.sum()", move || {
                    black_box(f1.sum());
                }),
                run("stride-macro", "kernel!(s += f[[i, j]])", move || {
                    let mut s = 0.0;
                    kernel!(s += f3[[i, j]]).expect("kernel");
                    black_box(s);
                }),
                run("stride", "a.t().sum()", move || {
                    black_box(a.t().sum());
                }),
                run("ndarray", "f.sum()", move || {
                    black_box(nf1.sum());
                }),
                run("ndarray", "f.sum() over our array's memory", move || {
                    let v =
                        ndarray::ArrayView2::from_shape((n, n).f(), f4.as_slice()).expect("view");
                    black_box(v.sum());
                }),
                run(
                    "naive",
                    "for j { for i { s += f[[i, j]] } } (memory order)",
                    move || {
                        let mut s = 0.0;
                        for j in 0..n {
                            for i in 0..n {
                                s += f2[[i, j]];
                            }
                        }
                        black_box(s);
                    },
                ),
                run("ndarray", "a.t().sum()", move || {
                    black_box(na4.t().sum());
                }),
            ],
        },
    ]
}

fn exp2() -> Vec<Case> {
    let x = Rc::new(Array::<f64, 1>::ones([10_000]).expect("ones"));
    let big = Rc::new(Array::<f64, 1>::ones([1_000_000]).expect("ones"));
    let nx = Rc::new(Array1::<f64>::ones(10_000));
    let nbig = Rc::new(Array1::<f64>::ones(1_000_000));
    let (x1, big1, big2) = (x.clone(), big.clone(), big.clone());
    vec![Case {
        id: "2-strided-sum",
        what: "ones(10000).sum() vs ones(1000000)[::100].sum()",
        bytes: 80_000,
        big: false,
        runs: vec![
            run("stride", "ones(10000).sum()", move || {
                black_box(x1.sum());
            }),
            run("stride", "ones(1e6).index(s![..;100])?.sum()", move || {
                black_box(big1.slice([Slice::step_by(100)]).expect("slice").sum());
            }),
            run(
                "stride-macro",
                "kernel!(s += x[[k]]), x = ones(1e6)[::100]",
                move || {
                    let x = big2.slice([Slice::step_by(100)]).expect("slice");
                    let mut s = 0.0;
                    kernel!(s += x[[k]]).expect("kernel");
                    black_box(s);
                },
            ),
            run("ndarray", "ones(10000).sum()", move || {
                black_box(nx.sum());
            }),
            run("ndarray", "ones(1e6).slice(s![..;100]).sum()", move || {
                black_box(nbig.slice(nd_s![..;100]).sum());
            }),
            run("naive", "for k { s += x[[100 * k]] }", move || {
                let mut s = 0.0;
                for k in 0..10_000 {
                    s += big[[100 * k]];
                }
                black_box(s);
            }),
        ],
    }]
}

fn exp3() -> Vec<Case> {
    let scale = |v: Vec<f64>| v.into_iter().map(|x| 1.0 + x * 1e-3).collect::<Vec<_>>();
    let a = Rc::new(ours([400, 600], scale(filled(400 * 600, 3))));
    let b = Rc::new(ours([400, 12000], scale(filled(400 * 12000, 4))));
    let na = Rc::new(nd_mat(&a));
    let nb = Rc::new(nd_mat(&b));
    let bytes = 400 * 600 * 8;
    let (a1, a2, b1, b2) = (a.clone(), a.clone(), b.clone(), b.clone());
    let (na1, nb1) = (na.clone(), nb.clone());
    let mut out_a = Array::<f64, 2>::zeros([400, 600]).expect("out");
    let mut out_b = Array::<f64, 2>::zeros([400, 600]).expect("out");
    let mut out_c = Array::<f64, 2>::zeros([400, 600]).expect("out");
    let mut out_d = Array::<f64, 2>::zeros([400, 600]).expect("out");
    let (a5, b5) = (a.clone(), b.clone());
    vec![
        Case {
            id: "3-cumprod-axis1",
            what: "cumprod along axis 1: contiguous 400x600 vs b[:, ::20] of 400x12000",
            bytes,
            big: false,
            runs: vec![
                run(
                    "stride",
                    "a.cumprod_into(1, &mut out) (contiguous)",
                    move || {
                        a1.cumprod_into(1, &mut out_a.view_mut()).expect("scan");
                        black_box(&out_a);
                    },
                ),
                run(
                    "stride",
                    "b[:, ::20].cumprod_into(1, &mut out)",
                    move || {
                        let v = b1.slice([Slice::FULL, Slice::step_by(20)]).expect("slice");
                        v.cumprod_into(1, &mut out_b.view_mut()).expect("scan");
                        black_box(&out_b);
                    },
                ),
                run(
                    "stride-macro",
                    "kernel!(out[[i, j]] = cumprod[j](a[[i, j]])) (contiguous)",
                    move || {
                        let a = &*a5;
                        kernel!(out_c[[i, j]] = cumprod[j](a[[i, j]])).expect("kernel");
                        black_box(&out_c);
                    },
                ),
                run(
                    "stride-macro",
                    "kernel!(out[[i, j]] = cumprod[j](b[[i, j]])), b[:, ::20]",
                    move || {
                        let b = b5.slice([Slice::FULL, Slice::step_by(20)]).expect("slice");
                        kernel!(out_d[[i, j]] = cumprod[j](b[[i, j]])).expect("kernel");
                        black_box(&out_d);
                    },
                ),
                run(
                    "ndarray",
                    "to_owned + accumulate_axis_inplace (contiguous)",
                    move || {
                        let mut o = na1.view().to_owned();
                        o.accumulate_axis_inplace(Axis(1), |&p, c| *c *= p);
                        black_box(o);
                    },
                ),
                run(
                    "ndarray",
                    "b.slice(s![.., ..;20]).to_owned + accumulate",
                    move || {
                        let mut o = nb1.slice(nd_s![.., ..;20]).to_owned();
                        o.accumulate_axis_inplace(Axis(1), |&p, c| *c *= p);
                        black_box(o);
                    },
                ),
                run(
                    "naive",
                    "for i { for j { o[[i, j]] = o[[i, j - 1]] * a[[i, j]] } }",
                    move || {
                        let mut o = vec![0.0; 400 * 600];
                        for i in 0..400 {
                            let mut acc = 1.0;
                            for j in 0..600 {
                                acc *= a2[[i, j]];
                                o[i * 600 + j] = acc;
                            }
                        }
                        black_box(o);
                    },
                ),
            ],
        },
        Case {
            id: "3-cumprod-flat",
            what: "cumprod of the flattened array (C order): contiguous vs b[:, ::20]",
            bytes,
            big: false,
            runs: vec![
                run("stride", "a.cumprod_flat()", move || {
                    black_box(a.cumprod_flat().expect("scan"));
                }),
                run("stride", "b[:, ::20].cumprod_flat()", move || {
                    let v = b2.slice([Slice::FULL, Slice::step_by(20)]).expect("slice");
                    black_box(v.cumprod_flat().expect("scan"));
                }),
                run("ndarray", "iter().scan (contiguous)", move || {
                    let mut acc = 1.0;
                    let v: Vec<f64> = na
                        .iter()
                        .map(|&x| {
                            acc *= x;
                            acc
                        })
                        .collect();
                    black_box(v);
                }),
                run("ndarray", "slice(s![.., ..;20]).iter().scan", move || {
                    let mut acc = 1.0;
                    let v: Vec<f64> = nb
                        .slice(nd_s![.., ..;20])
                        .iter()
                        .map(|&x| {
                            acc *= x;
                            acc
                        })
                        .collect();
                    black_box(v);
                }),
            ],
        },
    ]
}

fn exp4() -> Vec<Case> {
    let n = 10_000_000;
    let a = Rc::new(ours([n], filled(n, 5)));
    // One array for both in-place rows (the library's and the kernel's), so
    // that they compare loops, not where two arrays happen to lie (two arrays
    // measured 1.3-1.6x apart on the Intel VM for the same loop).
    let a_mut = Rc::new(RefCell::new(ours([n], filled(n, 5))));
    let m_mut = a_mut.clone();
    let na = Rc::new(Array1::from_vec(filled(n, 5)));
    let mut na_mut = Array1::from_vec(filled(n, 5));
    let mut out = Array1::<f64>::zeros(n);
    let na2 = na.clone();
    let (a2, a3) = (a.clone(), a.clone());
    vec![Case {
        id: "4-new-vs-inplace",
        what: "a *= 2 vs b = a * 2 (1e7 f64)",
        bytes: n * 8,
        big: true,
        runs: vec![
            run("stride", "a *= 2.0", move || {
                let mut a = a_mut.borrow_mut();
                *a *= 2.0;
                black_box(&*a);
            }),
            run("stride", "let b = &a * 2.0", move || {
                black_box(&*a * 2.0);
            }),
            run("stride-macro", "kernel!(a[[i]] *= 2.0)", move || {
                let mut a = m_mut.borrow_mut();
                let a = &mut *a;
                kernel!(a[[i]] *= 2.0).expect("kernel");
                black_box(&*a);
            }),
            run(
                "stride-macro",
                "let b = kernel!(_[[i]] = a[[i]] * 2.0)",
                move || {
                    black_box(kernel!(_[[i]] = a3[[i]] * 2.0).expect("kernel"));
                },
            ),
            run("ndarray", "a *= 2.0", move || {
                na_mut *= 2.0;
                black_box(&na_mut);
            }),
            run("ndarray", "let b = &a * 2.0", move || {
                black_box(&*na * 2.0);
            }),
            run("ndarray", "Zip into preallocated out", move || {
                Zip::from(&mut out)
                    .and(&*na2)
                    .for_each(|o, &x| *o = 2.0 * x);
                black_box(&out);
            }),
            run("naive", "vec of a[[i]] * 2.0", move || {
                let mut v = Vec::with_capacity(n);
                for i in 0..n {
                    v.push(a2[[i]] * 2.0);
                }
                black_box(v);
            }),
        ],
    }]
}

fn exp5() -> Vec<Case> {
    let n = 4096;
    let a = Rc::new(stride_mat(n, n, 6));
    let b = Rc::new(stride_mat(n, n, 7));
    let (na, nb) = (Rc::new(nd_mat(&a)), Rc::new(nd_mat(&b)));
    let out = Rc::new(RefCell::new(Array::<f64, 2>::zeros([n, n]).expect("out")));
    let out2 = Rc::new(RefCell::new(Array::<f64, 2>::zeros([n, n]).expect("out")));
    let (mout, mout2) = (out.clone(), out2.clone());
    let (ma, mb, ma2, mb2) = (a.clone(), b.clone(), a.clone(), b.clone());
    let mut nout = Array2::<f64>::zeros((n, n));
    let mut nout2 = Array2::<f64>::zeros((n, n));
    let (a1, b1, a2, b2, a3, b3) = (
        a.clone(),
        b.clone(),
        a.clone(),
        b.clone(),
        a.clone(),
        b.clone(),
    );
    let (na1, nb1) = (na.clone(), nb.clone());
    let mut nv = vec![0.0; n * n];
    vec![Case {
        id: "5-add-transposed",
        what: "out = a + b vs out = a + b.T, 4096x4096 f64, into an output",
        bytes: n * n * 8,
        big: true,
        runs: vec![
            run("stride", "out.zip_with_into(&a, &b, +)", move || {
                let mut out = out.borrow_mut();
                out.view_mut()
                    .zip_with_into(&a1.view(), &b1.view(), |x, y| x + y)
                    .expect("zip");
                black_box(&*out);
            }),
            run("stride", "out.zip_with_into(&a, &b.t(), +)", move || {
                let mut out2 = out2.borrow_mut();
                out2.view_mut()
                    .zip_with_into(&a2.view(), &b2.t(), |x, y| x + y)
                    .expect("zip");
                black_box(&*out2);
            }),
            run(
                "stride-macro",
                "kernel!(out[[i, j]] = a[[i, j]] + b[[i, j]])",
                move || {
                    let mut out = mout.borrow_mut();
                    let (a, b) = (&*ma, &*mb);
                    kernel!(out[[i, j]] = a[[i, j]] + b[[i, j]]).expect("kernel");
                    black_box(&*out);
                },
            ),
            run(
                "stride-macro",
                "kernel!(out[[i, j]] = a[[i, j]] + b[[j, i]])",
                move || {
                    let mut out = mout2.borrow_mut();
                    let (a, b) = (&*ma2, &*mb2);
                    kernel!(out[[i, j]] = a[[i, j]] + b[[j, i]]).expect("kernel");
                    black_box(&*out);
                },
            ),
            run(
                "ndarray",
                "Zip::from(&mut out).and(&a).and(&b)",
                move || nd_add(&mut nout, &na, &nb),
            ),
            run(
                "ndarray",
                "Zip::from(&mut out).and(&a).and(&b.t())",
                move || {
                    Zip::from(&mut nout2)
                        .and(&*na1)
                        .and(nb1.t())
                        .for_each(|o, &x, &y| *o = x + y);
                    black_box(&nout2);
                },
            ),
            run(
                "naive",
                "for i { for j { o[i*n+j] = a[[i, j]] + b[[j, i]] } }",
                move || {
                    for i in 0..n {
                        for j in 0..n {
                            nv[i * n + j] = a3[[i, j]] + b3[[j, i]];
                        }
                    }
                    black_box(&nv);
                },
            ),
        ],
    }]
}

fn exp6() -> Vec<Case> {
    let n = 5000;
    let a = Rc::new(stride_mat(n, n, 8));
    let na = Rc::new(nd_mat(&a));
    let (a1, na1) = (a.clone(), na.clone());
    vec![Case {
        id: "6-reshape-view-vs-copy",
        what: "a.reshape(1, -1) (view) vs a.T.reshape(1, -1) (copy), 5000x5000 f64",
        bytes: n * n * 8,
        big: true,
        runs: vec![
            run("stride", "a.reshape([1, -1], C) (view)", move || {
                black_box(a1.reshape([1, -1], Order::C).expect("view"));
            }),
            run("stride", "a.t().to_shape([1, -1], C) (copy)", move || {
                black_box(a.t().to_shape([1, -1], Order::C).expect("copy"));
            }),
            run("ndarray", "a.to_shape((1, n*n)) (view)", move || {
                black_box(na1.to_shape((1, n * n)).expect("view"));
            }),
            run("ndarray", "a.t().to_shape((1, n*n)) (copy)", move || {
                black_box(na.t().to_shape((1, n * n)).expect("copy"));
            }),
        ],
    }]
}

fn exp7() -> Vec<Case> {
    let n = 5000;
    let a = Rc::new(stride_mat(n, n, 9));
    let na = Rc::new(nd_mat(&a));
    let (a1, na1) = (a.clone(), na.clone());
    vec![Case {
        id: "7-ravel-vs-flatten",
        what: "ravel (a view) vs flatten (a copy), 5000x5000 f64",
        bytes: n * n * 8,
        big: true,
        runs: vec![
            run("stride", "a.ravel(C) (view)", move || {
                black_box(a1.ravel(Order::C).expect("view"));
            }),
            run("stride", "a.flatten(C) (copy)", move || {
                black_box(a.flatten(Order::C).expect("copy"));
            }),
            run("ndarray", "a.flatten() (Cow view)", move || {
                black_box(na1.flatten());
            }),
            run("ndarray", "a.flatten().into_owned() (copy)", move || {
                black_box(na.flatten().into_owned());
            }),
        ],
    }]
}

fn exp8() -> Vec<Case> {
    let n = 1000;
    let a = Rc::new(ours([n], filled(n, 10)));
    let b = Rc::new(ours([n], filled(n, 11)));
    let na = Rc::new(Array1::from_vec(filled(n, 10)));
    let nb = Rc::new(Array1::from_vec(filled(n, 11)));
    let (a1, b1, na1, nb1) = (a.clone(), b.clone(), na.clone(), nb.clone());
    let (a2, b2) = (a.clone(), b.clone());
    let (a3, b3) = (a.clone(), b.clone());
    vec![Case {
        id: "8-outer",
        what: "outer product n = 1000: tile both operands then multiply vs broadcast",
        bytes: n * n * 8,
        big: false,
        runs: vec![
            run(
                "stride",
                "tile: broadcast_to + to_owned, then &ta * &tb",
                move || {
                    let col: View<f64, 2> = a1.view().insert_axis(1).expect("col");
                    let row: View<f64, 2> = b1.view().insert_axis(0).expect("row");
                    let ta = col
                        .broadcast_to([n, n])
                        .expect("b")
                        .to_owned()
                        .expect("copy");
                    let tb = row
                        .broadcast_to([n, n])
                        .expect("b")
                        .to_owned()
                        .expect("copy");
                    black_box(&ta * &tb);
                },
            ),
            run(
                "stride",
                "&a[:, None] * &b[None, :] (broadcast)",
                move || {
                    let col: View<f64, 2> = a.view().insert_axis(1).expect("col");
                    let row: View<f64, 2> = b.view().insert_axis(0).expect("row");
                    black_box(&col * &row);
                },
            ),
            run(
                "stride-macro",
                "kernel!(_[[i, j]] = a[[i]] * b[[j]])",
                move || {
                    let (a, b) = (&*a3, &*b3);
                    black_box(kernel!(_[[i, j]] = a[[i]] * b[[j]]).expect("kernel"));
                },
            ),
            run(
                "ndarray",
                "tile: broadcast().to_owned(), then &ta * &tb",
                move || {
                    let col = na1.view().insert_axis(Axis(1));
                    let row = nb1.view().insert_axis(Axis(0));
                    let ta = col.broadcast((n, n)).expect("b").to_owned();
                    let tb = row.broadcast((n, n)).expect("b").to_owned();
                    black_box(&ta * &tb);
                },
            ),
            run(
                "ndarray",
                "&a.insert_axis(1) * &b.insert_axis(0)",
                move || {
                    black_box(&na.view().insert_axis(Axis(1)) * &nb.view().insert_axis(Axis(0)));
                },
            ),
            run(
                "naive",
                "for i { for j { o.push(a[[i]] * b[[j]]) } }",
                move || {
                    let mut o = Vec::with_capacity(n * n);
                    for i in 0..n {
                        for j in 0..n {
                            o.push(a2[[i]] * b2[[j]]);
                        }
                    }
                    black_box(o);
                },
            ),
        ],
    }]
}

fn exp9() -> Vec<Case> {
    let (rows, cols) = (2000, 12_000);
    let x = Rc::new(stride_mat(rows, cols, 12));
    let nx = Rc::new(nd_mat(&x));
    let (x1, x2, x3, x4, nx1) = (x.clone(), x.clone(), x.clone(), x.clone(), nx.clone());
    vec![Case {
        id: "9-fused",
        what: "2*x + 48 on x = a[:, ::20] of 2000x12000 f64: one fused pass vs two passes",
        bytes: rows * cols / 20 * 8,
        big: false,
        runs: vec![
            run("stride", "x.map(|v| 2.0 * v + 48.0) (fused)", move || {
                let v = x1.slice([Slice::FULL, Slice::step_by(20)]).expect("slice");
                black_box(v.map(|&v| 2.0 * v + 48.0).expect("map"));
            }),
            run(
                "stride-macro",
                "kernel!(_[[i, j]] = 2.0 * x[[i, j]] + 48.0) (fused)",
                move || {
                    let x = x3.slice([Slice::FULL, Slice::step_by(20)]).expect("slice");
                    black_box(kernel!(_[[i, j]] = 2.0 * x[[i, j]] + 48.0).expect("kernel"));
                },
            ),
            run("stride", "&(&x * 2.0) + 48.0 (two passes)", move || {
                let v: View<f64, 2, Strided> =
                    x2.slice([Slice::FULL, Slice::step_by(20)]).expect("slice");
                let t = &v * 2.0;
                black_box(&t + 48.0);
            }),
            run("ndarray", "x.mapv(|v| 2.0 * v + 48.0) (fused)", move || {
                black_box(nx1.slice(nd_s![.., ..;20]).mapv(|v| 2.0 * v + 48.0));
            }),
            run(
                "ndarray",
                "x.mapv(|v| 2.0 * v + 48.0) (fused) over our array's memory",
                move || {
                    let a =
                        ndarray::ArrayView2::from_shape((rows, cols), x4.as_slice()).expect("view");
                    black_box(a.slice(nd_s![.., ..;20]).mapv(|v| 2.0 * v + 48.0));
                },
            ),
            run("ndarray", "&(&x * 2.0) + 48.0 (two passes)", move || {
                let v = nx.slice(nd_s![.., ..;20]);
                let t = &v * 2.0;
                black_box(&t + 48.0);
            }),
            run(
                "naive",
                "for i { for j { o.push(2.0 * x[[i, 20 * j]] + 48.0) } }",
                move || {
                    let mut o = Vec::with_capacity(rows * cols / 20);
                    for i in 0..rows {
                        for j in 0..cols / 20 {
                            o.push(2.0 * x[[i, 20 * j]] + 48.0);
                        }
                    }
                    black_box(o);
                },
            ),
        ],
    }]
}

fn exp10() -> Vec<Case> {
    let mut cases = Vec::new();
    // 2896^2 f64 is 64 MiB: below glibc's non-temporal threshold on this VM
    // (3/4 of the L3 it reports), so `copy_from_slice` writes through the
    // caches there, and streams at 512 MiB.
    for (id, n) in [
        ("10-transpose-8192", 8192usize),
        ("10-transpose-8000", 8000),
        ("10-transpose-2896", 2896),
    ] {
        let a = Rc::new(stride_mat(n, n, 13));
        let na = Rc::new(nd_mat(&a));
        let out = Rc::new(RefCell::new(Array::<f64, 2>::zeros([n, n]).expect("out")));
        let (mout, ma) = (out.clone(), a.clone());
        let mut nout = Array2::<f64>::zeros((n, n));
        // The bounds' destinations are memory of the kind our outputs get.
        let mut dst = Array::<f64, 1>::zeros([n * n]).expect("dst");
        let mut dst3 = vec![0.0f64; n * n];
        let (a1, a2, a3) = (a.clone(), a.clone(), a.clone());
        #[cfg(feature = "rayon")]
        let (pout, pa) = (out.clone(), a.clone());
        let mut case = Case {
            id,
            what: match n {
                8192 => "transposed copy of 8192x8192 f64 (512 MiB) into a preallocated output",
                8000 => "transposed copy of 8000x8000 f64 into a preallocated output",
                _ => "transposed copy of 2896x2896 f64 (64 MiB) into a preallocated output",
            },
            bytes: n * n * 8,
            big: true,
            runs: vec![
                run("stride", "out.assign(&a.t())", move || {
                    let mut out = out.borrow_mut();
                    out.assign(&a1.t()).expect("assign");
                    black_box(&*out);
                }),
                run(
                    "stride-macro",
                    "kernel!(out[[i, j]] = a[[j, i]])",
                    move || {
                        let mut out = mout.borrow_mut();
                        let a = &*ma;
                        kernel!(out[[i, j]] = a[[j, i]]).expect("kernel");
                        black_box(&*out);
                    },
                ),
                run("ndarray", "out.assign(&a.t())", move || {
                    nout.assign(&na.t());
                    black_box(&nout);
                }),
                run(
                    "naive",
                    "for i { for j { o[i*n+j] = a[[j, i]] } }",
                    move || {
                        for i in 0..n {
                            for j in 0..n {
                                dst3[i * n + j] = a2[[j, i]];
                            }
                        }
                        black_box(&dst3);
                    },
                ),
                run("memcpy", "copy_from_slice of the same bytes", move || {
                    dst.as_mut_slice().copy_from_slice(a3.as_slice());
                    black_box(&dst);
                }),
            ],
        };
        case.runs.extend(stream_peers(&a));
        // With `--features rayon`: the same copy on every thread, beside the
        // single-threaded bounds (what would close the memcpy target).
        #[cfg(feature = "rayon")]
        case.runs.push(run(
            "stride",
            "out.view_mut().par_assign(&a.t()) (rayon: every thread)",
            move || {
                let mut out = pout.borrow_mut();
                out.view_mut().par_assign(&pa.t()).expect("par_assign");
                black_box(&*out);
            },
        ));
        cases.push(case);
        let _ = C;
    }
    // The library's own large copies where the layouts match: streamed.
    cases.push(copy_case(
        "10-copy-8192",
        "copy of 8192x8192 f64 (512 MiB) between matching layouts",
        [8192, 8192],
    ));
    cases.push(copy_case(
        "10-copy-64m",
        "copy of 2048x4096 f64 (64 MiB) between matching layouts",
        [2048, 4096],
    ));
    cases
}

/// A copy between matching layouts of a `[n, m]` `f64` array: into an
/// existing output and into a new one, against the same bytes copied by
/// `copy_from_slice`, by `to_vec` (a new `Vec`) and with streaming stores.
fn copy_case(id: &'static str, what: &'static str, [n, m]: [usize; 2]) -> Case {
    let a = Rc::new(stride_mat(n, m, 17));
    let out = Rc::new(RefCell::new(Array::<f64, 2>::zeros([n, m]).expect("out")));
    let mout = out.clone();
    let na = Rc::new(nd_mat(&a));
    let na1 = na.clone();
    let mut nout = Array2::<f64>::zeros((n, m));
    // The bounds' destinations are memory of the kind our outputs get.
    let mut dst = Array::<f64, 1>::zeros([n * m]).expect("dst");
    let [a1, a2, a3, a4, a6] = shares(&a);
    #[cfg(feature = "rayon")]
    let (pout, pa) = (out.clone(), a.clone());
    let mut case = Case {
        id,
        what,
        bytes: n * m * 8,
        big: true,
        runs: vec![
            run("stride", "out.assign(&a)", move || {
                let mut out = out.borrow_mut();
                out.assign(&a1.view()).expect("assign");
                black_box(&*out);
            }),
            run("stride", "a.to_owned() (a new array)", move || {
                black_box(a2.view().to_owned().expect("to_owned"));
            }),
            run(
                "stride-macro",
                "kernel!(out[[i, j]] = a[[i, j]])",
                move || {
                    let mut out = mout.borrow_mut();
                    let a = &*a3;
                    kernel!(out[[i, j]] = a[[i, j]]).expect("kernel");
                    black_box(&*out);
                },
            ),
            run("ndarray", "out.assign(&a)", move || {
                nout.assign(&*na);
                black_box(&nout);
            }),
            run("ndarray", "a.to_owned() (a new array)", move || {
                black_box(Array2::to_owned(&na1));
            }),
            run("memcpy", "copy_from_slice of the same bytes", move || {
                dst.as_mut_slice().copy_from_slice(a4.as_slice());
                black_box(&dst);
            }),
            run("memcpy", "a.as_slice().to_vec() (a new Vec)", move || {
                black_box(a6.as_slice().to_vec());
            }),
        ],
    };
    case.runs.extend(stream_peers(&a));
    // With `--features rayon`: the same copy on every thread.
    #[cfg(feature = "rayon")]
    case.runs.push(run(
        "stride",
        "out.view_mut().par_assign(&a) (rayon: every thread)",
        move || {
            let mut out = pout.borrow_mut();
            out.view_mut().par_assign(&pa.view()).expect("par_assign");
            black_box(&*out);
        },
    ));
    case
}

stride::layout! {
    struct M4 = f64[4, 4];
    struct V4 = f64[4];
}

/// Leaked data for a tensor that a `'static` closure reads.
fn leaked(n: usize, seed: u64) -> &'static mut [f64] {
    Vec::leak(filled(n, seed))
}

fn exp11() -> Vec<Case> {
    use ndarray::linalg::general_mat_vec_mul;
    use stride::{Tensor, Unique};
    let (da, db): (&[f64], &[f64]) = (leaked(16, 14), leaked(16, 15));
    let ta = Tensor::<M4, 2>::new(da).expect("a");
    let tb = Tensor::<M4, 2>::new(db).expect("b");
    let mut tout = Tensor::<M4, 2, Unique>::new_mut(leaked(16, 0)).expect("out");
    let a = Array::<f64, 2>::from_vec([4, 4], da.to_vec()).expect("a");
    let b = Array::<f64, 2>::from_vec([4, 4], db.to_vec()).expect("b");
    let (a1, b1, a2, b2) = (a.clone(), b.clone(), a.clone(), b.clone());
    let mut out = Array::<f64, 2>::zeros([4, 4]).expect("out");
    let mut out1 = out.clone();
    let na = nd_mat(&a);
    let nb = nd_mat(&b);
    let mut nout = Array2::<f64>::zeros((4, 4));
    let mut dst = [0.0f64; 16];
    let dx: &[f64] = leaked(4, 16);
    let tx = Tensor::<V4, 1>::new(dx).expect("x");
    let tm = Tensor::<M4, 2>::new(da).expect("m");
    let mut ty = Tensor::<V4, 1, Unique>::new_mut(leaked(4, 0)).expect("y");
    let x = Array::<f64, 1>::from_vec([4], dx.to_vec()).expect("x");
    let (x1, a3, a4) = (x.clone(), a.clone(), a.clone());
    let mut y1 = Array::<f64, 1>::zeros([4]).expect("y");
    let (na1, nx) = (na.clone(), Array1::from_vec(dx.to_vec()));
    let mut ny = Array1::<f64>::zeros(4);
    let mut ly = [0.0f64; 4];
    let ts = Tensor::<M4, 2>::new(da).expect("s");
    let (a5, a6, na2) = (a.clone(), a.clone(), na.clone());
    vec![
        Case {
            id: "11-small-add-t",
            what: "out = a + b.T on 4x4 f64: static tensors vs arrays",
            bytes: 16 * 8,
            big: false,
            runs: vec![
                run(
                    "stride-macro",
                    "kernel!(out[[i, j]] = a[[i, j]] + b[[j, i]]) (4x4 tensors)",
                    move || {
                        let (a, b) = (black_box(&ta), black_box(&tb));
                        kernel!(tout[[i, j]] = a[[i, j]] + b[[j, i]]).expect("kernel");
                        black_box(&tout);
                    },
                ),
                run(
                    "stride-macro",
                    "kernel!(out[[i, j]] = a[[i, j]] + b[[j, i]]) (4x4 arrays)",
                    move || {
                        let (a, b) = (black_box(&a1), black_box(&b1));
                        kernel!(out1[[i, j]] = a[[i, j]] + b[[j, i]]).expect("kernel");
                        black_box(&out1);
                    },
                ),
                run("stride", "out.zip_with_into(&a, &b.t(), +)", move || {
                    let (a, b) = (black_box(&a2), black_box(&b2));
                    out.view_mut()
                        .zip_with_into(&a.view(), &b.t(), |x, y| x + y)
                        .expect("zip");
                    black_box(&out);
                }),
                run(
                    "ndarray",
                    "Zip::from(&mut out).and(&a).and(b.t())",
                    move || {
                        let (a, b) = (black_box(&na), black_box(&nb));
                        Zip::from(&mut nout)
                            .and(a)
                            .and(b.t())
                            .for_each(|o, &x, &y| *o = x + y);
                        black_box(&nout);
                    },
                ),
                run(
                    "naive",
                    "for i { for j { o[4*i+j] = a[[i, j]] + b[[j, i]] } }",
                    move || {
                        let (a, b) = (black_box(&a), black_box(&b));
                        for i in 0..4 {
                            for j in 0..4 {
                                dst[4 * i + j] = a[[i, j]] + b[[j, i]];
                            }
                        }
                        black_box(&dst);
                    },
                ),
            ],
        },
        Case {
            id: "11-small-matvec",
            what: "y += m x on a 4x4 f64 matrix: static tensors vs arrays",
            bytes: 16 * 8,
            big: false,
            runs: vec![
                run(
                    "stride-macro",
                    "kernel!(y[[i]] += m[[i, j]] * x[[j]]) (tensors)",
                    move || {
                        let (m, x) = (black_box(&tm), black_box(&tx));
                        kernel!(ty[[i]] += m[[i, j]] * x[[j]]).expect("kernel");
                        black_box(&ty);
                    },
                ),
                run(
                    "stride-macro",
                    "kernel!(y[[i]] += m[[i, j]] * x[[j]]) (arrays)",
                    move || {
                        let (m, x) = (black_box(&a3), black_box(&x1));
                        kernel!(y1[[i]] += m[[i, j]] * x[[j]]).expect("kernel");
                        black_box(&y1);
                    },
                ),
                run(
                    "ndarray",
                    "general_mat_vec_mul(1, &m, &x, 1, &mut y)",
                    move || {
                        let (m, x) = (black_box(&na1), black_box(&nx));
                        general_mat_vec_mul(1.0, m, x, 1.0, &mut ny);
                        black_box(&ny);
                    },
                ),
                run(
                    "naive",
                    "for i { for j { y[i] += m[[i, j]] * x[j] } }",
                    move || {
                        let (m, x) = (black_box(&a4), black_box(&x));
                        for (i, yi) in ly.iter_mut().enumerate() {
                            for j in 0..4 {
                                *yi += m[[i, j]] * x[[j]];
                            }
                        }
                        black_box(&ly);
                    },
                ),
            ],
        },
        Case {
            id: "11-small-sum",
            what: "sum of a 4x4 f64 matrix: static tensors vs arrays",
            bytes: 16 * 8,
            big: false,
            runs: vec![
                run(
                    "stride-macro",
                    "kernel!(s += a[[i, j]]) (tensors)",
                    move || {
                        let a = black_box(&ts);
                        let mut s = 0.0;
                        kernel!(s += a[[i, j]]).expect("kernel");
                        black_box(s);
                    },
                ),
                run(
                    "stride-macro",
                    "kernel!(s += a[[i, j]]) (arrays)",
                    move || {
                        let a = black_box(&a5);
                        let mut s = 0.0;
                        kernel!(s += a[[i, j]]).expect("kernel");
                        black_box(s);
                    },
                ),
                run("stride", "a.sum()", move || {
                    black_box(black_box(&a6).sum());
                }),
                run("ndarray", "a.sum()", move || {
                    black_box(black_box(&na2).sum());
                }),
                run("naive", "for i { for j { s += a[[i, j]] } }", move || {
                    let a = black_box(&da);
                    let mut s = 0.0;
                    for i in 0..4 {
                        for j in 0..4 {
                            s += a[4 * i + j];
                        }
                    }
                    black_box(s);
                }),
            ],
        },
    ]
}

fn exp12() -> Vec<Case> {
    // Three arrays of 8 KiB: 24 KiB, in a 32 KiB L1 data cache (4096
    // elements until the seventeenth stop: 96 KiB, in L2 on both VMs).
    let n = 1024;
    let a = Rc::new(ours([n], filled(n, 17)));
    let b = Rc::new(ours([n], filled(n, 18)));
    let na = Rc::new(Array1::from_vec(a.as_slice().to_vec()));
    let nb = Rc::new(Array1::from_vec(b.as_slice().to_vec()));
    let [a1, a2, a3, a4, a5, a6] = shares::<_, 6>(&a);
    let [b1, b2, b3] = shares::<_, 3>(&b);
    let na1 = na.clone();
    // One output for our three rows: from L1, where a loop's speed depends
    // on its arrays' addresses (a 32-byte load across a cache line, a load
    // 4 KiB from a recent store), rows over different outputs compared
    // placements more than loops (`kernel!` 1.2-1.4x and 0.83x of the
    // library in separate runs, each over its own clone).
    let out = Rc::new(RefCell::new(Array::<f64, 1>::zeros([n]).expect("out")));
    let [out, out1, out2] = shares::<_, 3>(&out);
    let mut nout = Array1::<f64>::zeros(n);
    vec![
        Case {
            id: "12-add-l1",
            what: "out = a + b on 1024 f64 into a given output (all in L1)",
            bytes: n * 8,
            big: false,
            runs: vec![
                run("stride", "out.zip_with_into(&a, &b, +)", move || {
                    let mut o = out.borrow_mut();
                    o.view_mut()
                        .zip_with_into(&a1.view(), &b1.view(), |x, y| x + y)
                        .expect("zip");
                    black_box(&*o);
                }),
                run(
                    "stride-macro",
                    "kernel!(out[[i]] = a[[i]] + b[[i]])",
                    move || {
                        let (a, b, mut o) = (&*a2, &*b2, out1.borrow_mut());
                        let o = &mut *o;
                        kernel!(o[[i]] = a[[i]] + b[[i]]).expect("kernel");
                        black_box(&*o);
                    },
                ),
                run(
                    "ndarray",
                    "Zip::from(&mut out).and(&a).and(&b)",
                    move || nd_add(&mut nout, &na, &nb),
                ),
                run("naive", "for i { o[[i]] = a[[i]] + b[[i]] }", move || {
                    let mut o = out2.borrow_mut();
                    for i in 0..n {
                        o[[i]] = a3[[i]] + b3[[i]];
                    }
                    black_box(&*o);
                }),
            ],
        },
        Case {
            id: "12-scale-l1",
            what: "b = 3 * a on 1024 f64 into a new array (in L1: the heap recycles it)",
            bytes: n * 8,
            big: false,
            runs: vec![
                run("stride", "&a * 3.0", move || {
                    black_box(&*a4 * 3.0);
                }),
                run(
                    "stride-macro",
                    "kernel!(_[[i]] = a[[i]] * 3.0)",
                    move || {
                        let a = &*a5;
                        black_box(kernel!(_[[i]] = a[[i]] * 3.0).expect("kernel"));
                    },
                ),
                run("ndarray", "&a * 3.0", move || {
                    black_box(&*na1 * 3.0);
                }),
                run("naive", "vec of a[[i]] * 3.0", move || {
                    let mut v = Vec::with_capacity(n);
                    for i in 0..n {
                        v.push(a6[[i]] * 3.0);
                    }
                    black_box(v);
                }),
            ],
        },
    ]
}
