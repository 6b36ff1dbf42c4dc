//! Freed large arrays' allocations, kept for the next large array: in a test
//! binary of its own, so that no other test frees or takes one meanwhile.

use stride_core::{Array, release_cached_memory, set_cached_memory_limit};

/// The default limit of kept bytes.
const MAX_BYTES: usize = 1 << 30;

/// A large array's allocation is reused by the next one of its size (also a
/// zeroed one, which then reads zero), whatever it held; `clone` and
/// `into_vec` leave the kept regions valid; `release_cached_memory` frees
/// them all. (Under Miri too: it checks every reuse and every free.)
#[test]
fn freed_large_arrays_are_reused_zeroed_on_demand_and_released() {
    // 4 MiB and 40 bytes: past the threshold, as small as it allows. (The
    // arrays are made as zeros and written at a sample of elements, so that
    // Miri need not run a loop over all of them.)
    let n = (4 << 20) / 8 + 5;
    let sample = || (0..n).step_by(997).chain([n - 1]);
    assert_eq!(release_cached_memory(), 0);
    let mut a = Array::<f64, 1>::zeros([n]).unwrap();
    let p = a.as_ptr();
    assert_eq!(p as usize % (2 << 20), 0);
    for k in sample() {
        a[[k]] = k as f64 + 1.0;
    }
    drop(a);
    // The same size: the same allocation, whose zeros are written, not
    // assumed.
    let mut z = Array::<f64, 1>::zeros([n]).unwrap();
    assert_eq!(z.as_ptr(), p);
    assert!(sample().all(|k| z[[k]].to_bits() == 0));
    for k in sample() {
        z[[k]] = 2.0 * k as f64;
    }
    // A clone takes a fresh allocation; both are kept when dropped.
    let c = z.clone();
    assert_ne!(c.as_ptr(), p);
    assert!(sample().all(|k| c[[k]] == 2.0 * k as f64));
    drop(z);
    // `into_vec` copies out of a huge allocation, which is kept.
    let v = c.into_vec();
    assert_eq!((v.len(), v[n - 1]), (n, 2.0 * (n - 1) as f64));
    drop(v);
    // A third of the size does not take a kept one (it would waste most of
    // it), nor is it itself large.
    let small = Array::<u8, 1>::zeros([n / 3]).unwrap();
    assert_eq!(small.as_slice()[n / 3 - 1], 0);
    drop(small);
    // Two kept regions of a huge page more than the array each.
    let kept = release_cached_memory();
    assert_eq!(kept, 2 * (8 * n + (2 << 20)));
    assert_eq!(release_cached_memory(), 0);
    // With the limit at 0 nothing is kept; a limit below what is kept frees
    // the oldest at once; the default comes back.
    assert_eq!(set_cached_memory_limit(0), MAX_BYTES);
    drop(Array::<f64, 1>::zeros([n]).unwrap());
    assert_eq!(release_cached_memory(), 0);
    assert_eq!(set_cached_memory_limit(MAX_BYTES), 0);
    let (a, b) = (
        Array::<f64, 1>::zeros([n]).unwrap(),
        Array::<f64, 1>::zeros([n]).unwrap(),
    );
    drop((a, b));
    assert_eq!(set_cached_memory_limit(8 * n + (2 << 20)), MAX_BYTES);
    assert_eq!(release_cached_memory(), 8 * n + (2 << 20));
    set_cached_memory_limit(MAX_BYTES);
}
