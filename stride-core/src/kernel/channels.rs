//! Interleaved channels into planes: the copy of an HWC image of bytes (RGB,
//! RGBA) into CHW planes, `dst[k][x] = src[x * C + k]` for `C` = 3 or 4, as
//! `img.permuted_axes([2, 0, 1])` assigned to a C-ordered array (NumPy's
//! `img.transpose(2, 0, 1).copy()`).
//!
//! The loop engine sees a box of `C` rows of the output, each a run of pixels
//! whose input elements lie `C` apart, and would copy it element by element,
//! each row reading the whole input (about 3 GB/s on the Intel VM). With SSSE3, 16 pixels at a time: their `16 C` bytes in `C`
//! registers, and each channel's 16 bytes gathered from them by `C` byte
//! shuffles (`pshufb`) and or-ed together. Measured on the Intel VM (a probe,
//! medians of 20 `assign`s into a C-ordered array, each beside a
//! `copy_from_slice` of the same bytes into a `Vec`; two runs, then one run
//! of the element loop):
//!
//! | image | planes / memcpy | element loop / memcpy |
//! |---|---|---|
//! | 1080 x 1920 x 3 | 1.00-1.01x (424-431 us) | 3.0x (1386 us) |
//! | 480 x 640 x 3 | 0.79-0.81x | 2.5x |
//! | 224 x 224 x 3 | 1.64x (4.8-4.9 us) | 9.3x (25 us) |
//! | 1080 x 1920 x 4 | 1.01-1.02x | 3.3x |
//! | 480 x 640 x 4 | 0.95-0.98x | 2.8x |
//!
//! `to_owned` of the permuted view (a new array) takes the same time. At
//! 2160 x 3840 (outputs past the 8 MiB from which the element loop's gather
//! streamed its stores into a given output), the planes' ordinary stores:
//! 3 channels 3.3 ms (0.88x the memcpy) against 10.4 ms (2.78x), 4 channels
//! 6.0 ms (1.16x) against 16.8 ms (3.34x), one run each.
//!
//! The channel loop need not be next to the pixels' run: a cropped image,
//! whose rows do not merge, is copied a row of each plane at a time.

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{
    __m128i, _mm_loadu_si128, _mm_or_si128, _mm_setzero_si128, _mm_shuffle_epi8, _mm_storeu_si128,
};

/// The byte shuffles of [`planes`]: `MASKS[k][p]` picks, into byte `i` of
/// channel `k`'s 16 bytes, byte `(C i + k) % 16` of the input's register `p`
/// when `C i + k` lies in that register (`(C i + k) / 16 == p`), and zero
/// otherwise (a byte with its high bit set).
const fn masks<const C: usize>() -> [[[i8; 16]; C]; C] {
    let mut m = [[[i8::MIN; 16]; C]; C];
    let mut k = 0;
    while k < C {
        let mut i = 0;
        while i < 16 {
            let g = C * i + k;
            m[k][g / 16][i] = (g % 16) as i8;
            i += 1;
        }
        k += 1;
    }
    m
}

/// Whether [`planes`] may run: SSSE3, detected at run time (the standard
/// library caches it; under Miri, only the build's features count).
#[cfg(target_arch = "x86_64")]
pub(super) fn has_ssse3() -> bool {
    cfg!(target_feature = "ssse3") || (!cfg!(miri) && std::arch::is_x86_feature_detected!("ssse3"))
}

/// `dst.offset(k * dst_rs)[x] = src[x * C + k]` for `k < C`, `x < len`: `len`
/// pixels of `C` interleaved byte channels into `C` rows `dst_rs` bytes apart.
///
/// # Safety
/// SSSE3 is available; `C` is 3 or 4; `src` is valid for reads of `C len`
/// bytes; for each `k < C`, `dst.offset(k * dst_rs)` is valid for writes of
/// `len` bytes; the `C` output rows and the input do not overlap.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
pub(super) unsafe fn planes<const C: usize>(
    dst: *mut u8,
    dst_rs: isize,
    src: *const u8,
    len: usize,
) {
    let m = const { masks::<C>() };
    // Row k's start: inside the output rows (the contract), k < C.
    // SAFETY: as just said.
    let row = |k: usize| unsafe { dst.offset(k as isize * dst_rs) };
    let mut x = 0;
    while x + 16 <= len {
        // Pixels x..x + 16: input bytes C x..C x + 16 C, read in C registers,
        // and 16 bytes of each output row from x, inside both (x + 16 <= len).
        // SAFETY: as just said.
        unsafe {
            let s = src.add(C * x);
            let mut v = [_mm_setzero_si128(); C];
            for (p, r) in v.iter_mut().enumerate() {
                *r = _mm_loadu_si128(s.add(16 * p).cast::<__m128i>());
            }
            for (k, mk) in m.iter().enumerate() {
                let mut out = _mm_setzero_si128();
                for (r, mask) in v.iter().zip(mk) {
                    let mask = _mm_loadu_si128(mask.as_ptr().cast::<__m128i>());
                    out = _mm_or_si128(out, _mm_shuffle_epi8(*r, mask));
                }
                _mm_storeu_si128(row(k).add(x).cast::<__m128i>(), out);
            }
        }
        x += 16;
    }
    for x in x..len {
        for k in 0..C {
            // Pixel x < len, channel k < C: inside the input and row k.
            // SAFETY: as just said.
            unsafe { row(k).add(x).write(src.add(C * x + k).read()) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::masks;

    /// Every output byte of every channel is picked from exactly one register,
    /// the one holding input byte `C i + k`, at its position there.
    #[test]
    fn masks_pick_each_channel_byte_once() {
        fn check<const C: usize>() {
            for (k, mk) in masks::<C>().iter().enumerate() {
                for (p, mp) in mk.iter().enumerate() {
                    for (i, &got) in mp.iter().enumerate() {
                        let g = C * i + k;
                        let want = if g / 16 == p { (g % 16) as i8 } else { i8::MIN };
                        assert_eq!(got, want, "C {C}, channel {k}, byte {i}, register {p}");
                    }
                }
            }
        }
        check::<3>();
        check::<4>();
    }
}
