//! `Array::zeros` of a large array is the allocator's zeroed memory, fresh from
//! the OS and never written, as NumPy's `np.zeros` (`calloc`): its pages cost
//! nothing until touched. One test in its own process, so that no other test's
//! allocations move the resident set it measures.

use stride_core::{Array, F};

/// This process's resident set, in bytes (`VmRSS` of `/proc/self/status`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn resident() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .expect("VmRSS");
    let kb: usize = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect("VmRSS in kB");
    kb * 1024
}

#[test]
#[cfg_attr(miri, ignore = "512 MiB: too large for Miri")]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn large_zeros_touch_no_page_until_used() {
    // With glibc's malloc perturbation on, `calloc` writes the zeros itself:
    // nothing to measure then.
    let perturb = std::env::var("MALLOC_PERTURB_").is_ok_and(|v| !v.is_empty() && v != "0")
        || std::env::var("GLIBC_TUNABLES").is_ok_and(|v| v.contains("perturb"));
    if perturb {
        eprintln!("skipped: glibc's malloc perturbation writes calloc's memory");
        return;
    }
    let n = 8192;
    let before = resident();
    let mut a = Array::<f64, 2>::zeros([n, n]).unwrap(); // 512 MiB
    let mut b = Array::<f32, 2, F>::zeros([n, n]).unwrap(); // 256 MiB
    let c = Array::<u8, 1>::from_elem([300 << 20], 0).unwrap(); // 300 MiB
    let grown = resident().saturating_sub(before);
    assert!(
        grown < 64 << 20,
        "1068 MiB of zeros made the resident set grow by {grown} bytes"
    );
    // They are zeros, and writable, all the same.
    a[[n - 1, n - 1]] = 2.0;
    b[[n - 1, 0]] = 3.0;
    assert_eq!(
        (a[[0, 0]], a[[4000, 123]], a[[n - 1, n - 1]]),
        (0.0, 0.0, 2.0)
    );
    assert_eq!((b[[0, n - 1]], b[[n - 1, 0]]), (0.0, 3.0));
    assert_eq!((c[[0]], c[[(300 << 20) - 1]]), (0, 0));
    assert_eq!(a.sum(), 2.0);
    // Other values are written out as before: -0.0 is not all zero bytes.
    let m = Array::<f64, 1>::from_elem([5 << 20], -0.0).unwrap();
    assert!(
        m.as_slice()
            .iter()
            .all(|x| x.to_bits() == (-0.0f64).to_bits())
    );
}
