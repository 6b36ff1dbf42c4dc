//! What the kernels ask of the CPU beyond its instruction sets: whose cores
//! they run on, which decides the shape of the streaming loops (the
//! transposing copy's strips, the byte copy's streams), read once.

#[cfg(all(target_arch = "x86_64", not(miri)))]
use core::sync::atomic::{AtomicU8, Ordering};

/// Whether the CPU is AMD's, once known: 0 not yet, 1 no, 2 yes.
#[cfg(all(target_arch = "x86_64", not(miri)))]
static AMD: AtomicU8 = AtomicU8::new(0);

/// Whether the CPU is AMD's (or Hygon's, the same cores): the vendor string
/// of CPUID leaf 0, read once. No under Miri (which cannot run CPUID) and off
/// x86-64.
///
/// On the AMD EPYC Zen 4 VM of the fourteenth stop, reading many streams side
/// by side was the bottleneck of the streaming loops, which the Intel VM's
/// tuning had not met: the transposing copy's 32-row strips and the byte
/// copy's four pages side by side (see their modules).
#[inline]
pub(crate) fn amd() -> bool {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        match AMD.load(Ordering::Relaxed) {
            0 => {
                let id = core::arch::x86_64::__cpuid(0);
                let mut vendor = [0u8; 12];
                vendor[..4].copy_from_slice(&id.ebx.to_le_bytes());
                vendor[4..8].copy_from_slice(&id.edx.to_le_bytes());
                vendor[8..].copy_from_slice(&id.ecx.to_le_bytes());
                let yes = matches!(&vendor, b"AuthenticAMD" | b"HygonGenuine");
                AMD.store(1 + u8::from(yes), Ordering::Relaxed);
                yes
            }
            state => state == 2,
        }
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    false
}

/// Runs of this many bytes (of the output's elements) and more go through
/// `wide_run`'s AVX2 build: below it the extra call costs more than the wider
/// loop saves (on the Zen 4 VM, a probe, minimum of 40 blocks of 20 000
/// calls: `v *= c` of 16 `f32` 3.5 against 3.3 ns, of 32 3.5 against 3.3, of
/// 64 3.6 against 5.2; of 32 `f64` 3.6 against 5.0; `v += 3` of 64 `u8` 4.3
/// against 2.7, of 256 3.4 against 4.8).
pub(crate) const WIDE_RUN_BYTES: usize = 256;

/// Runs of more than this many bytes (of the output's elements) keep the
/// SSE2 loops: the AVX2 build pays from L1, where a run's operands fit
/// together, and past it measured level or slower. On the Zen 4 VM (probes,
/// minimum or first quartile of 30 blocks or calls): `out = a + b` of 4096
/// `f64` into a given output 860 against 857-869 ns; of 1e7 `f64` 6.4-6.7
/// against 5.4-6.1 ms. On the Intel VM of the twenty-fourth stop, with the
/// stores aligned (see [`wide_run`]), 32 KiB as the bound: `a *= 3.0` of 4096
/// `f64` took 271-292 against 499 ns and `out = 3 * a` into a given output
/// 861-868 against 884-889 ns (probes, best of 15 blocks, two processes),
/// but `out = a + b.T` of 4096² `f64`, whose rows of 4096 `f64` then took
/// the AVX2 build, 1.45x the time of `out = a + b` against 1.31x (the
/// report's group 5, two runs each). (Before the stores were aligned, `b =
/// a * 2` of 4096 `f64` into a new array took 776-981 against 590-601 ns in
/// three processes of four on the Zen 4 VM: the new array's place, 16 bytes
/// past a 32-byte boundary, made half its 256-bit stores straddle two
/// lines.)
pub(crate) const WIDE_RUN_MAX_BYTES: usize = 16 << 10;

/// Whether this processor has AVX2 (a constant where the build enables it;
/// otherwise the standard library's cached run-time test; under Miri, only
/// the build's features count).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) fn has_avx2() -> bool {
    cfg!(target_feature = "avx2") || (!cfg!(miri) && std::arch::is_x86_feature_detected!("avx2"))
}

/// Whether a run whose output elements take `bytes` runs [`wide_run`]'s AVX2
/// build: from [`WIDE_RUN_BYTES`] to [`WIDE_RUN_MAX_BYTES`], where the
/// processor has AVX2 and the build does not already. Not an API: the
/// `kernel!` expansion's elementwise runs (`__private::kernel::apart`) ask
/// it too.
#[doc(hidden)]
#[inline(always)]
pub fn takes_wide(bytes: usize) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        !cfg!(target_feature = "avx2")
            && (WIDE_RUN_BYTES..=WIDE_RUN_MAX_BYTES).contains(&bytes)
            && has_avx2()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = bytes;
        false
    }
}

/// `body(f, 0..len)`, for a unit-stride run of `len` output elements from
/// `dst` taking `bytes` (0: never wide), compiled for AVX2 where the run
/// [`takes_wide`]: the elementwise loops of `map`, `zip_with`, the operators
/// and `kernel!` then run in 256-bit registers instead of SSE2's 128-bit
/// ones. The same operations on each element either way (Rust contracts no
/// multiply-add), so the same results. There, the elements before `dst`'s
/// first 32-byte boundary (see [`to_boundary`]) are written first, narrow,
/// and the rest, from the boundary, wide: its 256-bit stores then never
/// straddle two cache lines.
///
/// `f`, the caller's closure, is an argument of its own of the AVX2 build's
/// function: there LLVM knows that the loop's stores do not write it, and
/// keeps what it captured (a scalar by reference, say) out of the loop. Read
/// through `body`'s captures instead, it was loaded again after every store
/// and the loop was not vectorised (`a.map(|x| x * scale)` over 256 `f64`:
/// 118 against 55 ns before the AVX2 build).
///
/// Measured on the Zen 4 VM of the seventeenth stop (a probe, minimum of 30
/// blocks of calls, `f64`): `out = a + b` into an output, 256 elements, 33
/// against 51 ns, as from L1 any loop of loads, an operation and a store;
/// from 2048 elements on (48 KiB and more, past L1) level, the loads from L2
/// or memory then being the bound.
///
/// Why: a 256-bit store across two lines costs about twice an aligned one,
/// and `malloc` aligns a new array to 16 bytes only. On the Intel VM of the
/// twenty-fourth stop (a probe, best of seven blocks of 1e5 calls), `out =
/// 3 * a` of 1024 `f64` from L1 took 100-108 ns with the output 32-byte
/// aligned and 172-190 ns with it 16 bytes past, whatever the input's place
/// (an input 16 bytes past: 108-115 ns); in the benchmark report, `&a * 3.0`
/// into a new array took 205 ns where glibc placed it so and 108 alone.
#[inline(always)]
pub(crate) fn wide_run<U, F: ?Sized>(
    bytes: usize,
    dst: *const U,
    len: usize,
    f: &mut F,
    mut body: impl FnMut(&mut F, core::ops::Range<usize>),
) {
    #[cfg(target_arch = "x86_64")]
    if takes_wide(bytes) {
        let head = to_boundary(dst, len);
        body(f, 0..head);
        // The processor has AVX2 (tested by `takes_wide`).
        // SAFETY: as just said.
        return unsafe { avx2(f, |f| body(f, head..len)) };
    }
    let _ = (bytes, dst);
    body(f, 0..len)
}

/// How many of `len` elements from `p` come before the first 32-byte
/// boundary at or after `p` (at most `len`); 0 where no whole number of
/// elements reaches one (an element size that does not divide 32, or `p` not
/// a multiple of it). Not an API: the `kernel!` expansion's elementwise runs
/// (`__private::kernel::apart`) ask it too.
#[doc(hidden)]
#[inline(always)]
pub fn to_boundary<U>(p: *const U, len: usize) -> usize {
    let size = size_of::<U>();
    let past = p.addr() % 32;
    if size == 0 || !32usize.is_multiple_of(size) || !past.is_multiple_of(size) {
        return 0;
    }
    ((32 - past) % 32 / size).min(len)
}

/// `body(f)` compiled for AVX2 (inlined here, behind a call: see
/// [`wide_run`]).
///
/// # Safety
/// The processor has AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline(never)]
unsafe fn avx2<F: ?Sized, R>(f: &mut F, body: impl FnOnce(&mut F) -> R) -> R {
    body(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On a processor with AVX2 (and a build without it), runs of L1 size
    /// take the AVX2 build and runs outside the range do not; elsewhere none
    /// does. (The loops' results on both builds are checked against naive
    /// ones by `wide_and_narrow_runs_of_every_width_match_the_naive_loops`.)
    #[test]
    fn l1_runs_take_the_avx2_build_where_the_processor_has_it() {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        let avx2 = !cfg!(target_feature = "avx2") && std::arch::is_x86_feature_detected!("avx2");
        #[cfg(not(all(target_arch = "x86_64", not(miri))))]
        let avx2 = false;
        for bytes in [WIDE_RUN_BYTES, 1024, WIDE_RUN_MAX_BYTES] {
            assert_eq!(takes_wide(bytes), avx2, "{bytes} bytes");
        }
        for bytes in [0, 8, WIDE_RUN_BYTES - 1, WIDE_RUN_MAX_BYTES + 1, 1 << 30] {
            assert!(!takes_wide(bytes), "{bytes} bytes");
        }
        let mut calls = 0;
        let mut count = || calls += 1;
        wide_run(1024, core::ptr::null::<f64>(), 128, &mut count, |f, r| {
            r.for_each(|_| f())
        });
        assert_eq!(calls, 128);
    }
}
