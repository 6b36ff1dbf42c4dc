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
