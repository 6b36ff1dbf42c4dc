//! Interleaved channels and planes: the copy of an HWC image (RGB, RGBA,
//! stereo samples, complex pairs: 2, 3 or 4 channels of 1, 2, 4 or 8 bytes)
//! into CHW planes, `dst[k][x] = src[x * C + k]`, as `img.permute([2, 0, 1])`
//! assigned to a C-ordered array (NumPy's `img.transpose(2, 0, 1).copy()`),
//! and back, `dst[x * C + k] = src[k][x]` (`planes.permute([1, 2, 0])`
//! assigned to an HWC array). The copy engine takes them for whole copies;
//! the elementwise loops (`map`, `zip_with`, the operators) stage such an
//! input through an L1 tile of planes or of pixels (`kernel::staging`).
//!
//! The loop engine sees a box of `C` rows of planes, each a run of pixels
//! whose interleaved elements lie `C` apart, and would copy it element by
//! element (to planes, each row reading the whole input; back, a run of `C`
//! per pixel). Here, with SSSE3, 16 bytes of each channel at a time: the
//! pixels' `16 C` bytes in `C` registers, and each output register gathered
//! from the `C` input registers by `C` byte shuffles (`pshufb`), or-ed
//! together, one table of masks for each direction ([`masks`]). With AVX2,
//! two such blocks side by side in the lanes of 256-bit registers, where it
//! measured faster: to planes, 4 channels of 1, 2 and 4 bytes (`f32` 1080p:
//! 1.08-1.11x of memcpy against 1.28-1.29x; `u16` 224 x 224: 12.3-12.6 against
//! 18.5-18.8 us) and 3 of 4 bytes; slower for 2 channels, 3 of 1 and 2 bytes
//! (`u8` 224 x 224: 6.6-6.7 against 4.8-5.1 us) and 8-byte elements (the
//! compiler rewrites the constant shuffles into other instructions,
//! differently for each shape). Back into pixels, two blocks in the lanes of
//! AVX2 registers (each lane's result stored apart) measured no better: `u8`
//! 224 x 224 x 4 5.6-6.2 against 8.5-9.0 us, but 1080 x 1920 x 4 1042-1271
//! against 847-886 us, and level or slower for the other shapes (two runs of
//! `channels_probe --quick`, alternating); not kept.
//!
//! Measured on the Intel VM (`cargo run --release -p stride-core --example
//! channels_probe`, two runs of the build before and of this one alternating;
//! `assign` into an existing array, beside a `copy_from_slice` of the same
//! bytes into a `Vec`; the element loop took bytes of 3 and 4 channels to
//! planes with SSSE3 already):
//!
//! | image | to planes, before | to planes | back, before | back |
//! |---|---|---|---|---|
//! | `u8` 1080 x 1920 x 2 | 1.9-2.4x (1402-1502 us) | 1.03-1.04x (309-318 us) | 9.6-12.1x (7.2-7.7 ms) | 1.00-1.02x (303-307 us) |
//! | `u8` 1080 x 1920 x 3 | 1.01-1.12x | 1.01-1.04x | 7.7-8.0x (8.2-8.3 ms) | 1.02-1.08x (474-494 us) |
//! | `u16` 1080 x 1920 x 3 | 2.1x | 1.27-1.30x | 6.6x | 1.25-1.27x |
//! | `f32` 1080 x 1920 x 3 | 2.2-2.3x (9.1 ms) | 1.10x (4.4-4.5 ms) | 3.6-3.9x (15.2 ms) | 1.17x (4.7-4.8 ms) |
//! | `f32` 1080 x 1920 x 4 | 2.5x | 1.19-1.24x | 2.8-2.9x | 1.13-1.19x |
//! | `f64` 1080 x 1920 x 3 | 1.4x (12.1 ms) | 0.79-0.83x (7.0-7.1 ms) | 2.1x (17.8-18.5 ms) | 0.88-0.94x (7.9 ms) |
//! | `u16` 480 x 640 x 2 | 1.8x | 1.02x | 20x | 1.00-1.01x |
//! | `f32` 480 x 640 x 3 | 2.0-2.1x | 1.08-1.09x | 6.6-6.7x | 1.01x |
//! | `u8` 224 x 224 x 2 | 8.6x (17 us) | 1.38x (2.5 us) | 80-83x (157-166 us) | 1.14-1.15x (2.1 us) |
//! | `u8` 224 x 224 x 3 | 1.64x (4.7-4.8 us) | 1.65-1.66x (4.4 us) | 59-60x (172 us) | 1.65-1.66x (4.4 us) |
//! | `u8` 224 x 224 x 4 | 2.1-2.2x (8.6-9.3 us) | 1.26-1.44x (5.2-5.6 us) | 45-50x (194-196 us) | 2.2x (8.5-9.0 us) |
//! | `u16` 224 x 224 x 3 | 3.4-3.5x | 1.39-1.55x | 30-31x | 1.33-1.52x |
//! | `f32` 224 x 224 x 3 | 1.32-1.33x | 1.04-1.05x | 6.8-6.9x | 1.00-1.02x |
//! | `f64` 224 x 224 x 4 | 1.7x | 1.01-1.02x | 2.7-2.8x | 1.00-1.01x |
//!
//! (`memcpy` of the larger images into the `Vec`'s 4 KiB pages is slower
//! than our arrays' writes into huge pages: hence the ratios under 1.)
//! `to_owned` of the permuted view (a new array) takes the same path. At
//! 2160 x 3840 bytes (the eleventh stop, before 2 channels and other sizes
//! were taken): 3 channels 3.3 ms (0.88x the memcpy) against 10.4 ms, 4
//! channels 6.0 ms against 16.8 ms.
//!
//! The elementwise loops, from the same probe: `map` of a `u8` HWC image into
//! normalised `f32` CHW planes (`|&v| v as f32 / 255.0`, the division's cost
//! included) 1.23-1.36x of the same map over planes (was 1.9-4.1x: 224 x 224
//! x 3 38 us, was 115-119 us; 1080p 4.7-4.8 ms, was 6.9-7.1 ms); `f32` CHW
//! to HWC with a cheap closure (`v * 2.0 + 1.0`, a probe) 3.3-3.7 ms at
//! 1080p, was 8.4-9.3 ms, and 33-40 us at 224 x 224 x 3, was 108-110 us.
//!
//! The channels' loop need not be next to the pixels' run: a cropped image,
//! whose rows do not merge, is copied a row of each plane at a time.

use core::arch::x86_64::{
    __m128i, __m256i, _mm_loadu_si128, _mm_or_si128, _mm_setzero_si128, _mm_shuffle_epi8,
    _mm_storeu_si128, _mm256_loadu_si256, _mm256_or_si256, _mm256_set_m128i, _mm256_setzero_si256,
    _mm256_shuffle_epi8, _mm256_storeu_si256,
};

/// The byte shuffles of one 16-byte step of `C` channels of `S`-byte elements
/// (`16 / S` pixels), to planes (`JOIN` false) or back (`JOIN` true). Byte `g`
/// of the interleaved pixels (pixel `g / (C S)`, channel `g / S % C`, its
/// byte `g % S`) lies in the interleaved register `g / 16` at `g % 16`, and in
/// its channel's plane register at `g / (C S) * S + g % S`. To planes,
/// `m[k][p]` picks into channel `k`'s register, from interleaved register
/// `p`; back, `m[q][k]` picks into interleaved register `q`, from channel
/// `k`'s register. Bytes picked from elsewhere are zero (a mask byte with its
/// high bit set). Each mask is written twice, once per 128-bit lane of an AVX2
/// register.
const fn masks<const S: usize, const C: usize, const JOIN: bool>() -> [[[i8; 32]; C]; C] {
    let mut m = [[[i8::MIN; 32]; C]; C];
    let mut g = 0;
    while g < 16 * C {
        let (reg, at) = (g / 16, g % 16);
        let (k, plane_at) = (g / S % C, g / (C * S) * S + g % S);
        let (out, from, pick, into) = if JOIN {
            (reg, k, plane_at, at)
        } else {
            (k, reg, at, plane_at)
        };
        m[out][from][into] = pick as i8;
        m[out][from][into + 16] = pick as i8;
        g += 1;
    }
    m
}

/// A copy of interleaved channels into planes:
/// `f(dst, dst_rs, src, len)` writes `dst.offset(k * dst_rs)[x] = src[x C + k]`
/// for `k < C`, `x < len`, in elements of `S` bytes (`dst_rs` in bytes).
///
/// # Safety (of a call)
/// `src` is valid for reads of `C S len` bytes; for each `k < C`,
/// `dst.offset(k * dst_rs)` is valid for writes of `S len` bytes; the `C`
/// output rows and the input do not overlap.
pub(super) type Planes = unsafe fn(*mut u8, isize, *const u8, usize);

/// A copy of planes into interleaved channels, [`Planes`]' inverse:
/// `f(dst, src, src_rs, len)` writes `dst[x C + k] = src.offset(k * src_rs)[x]`
/// for `k < C`, `x < len`, in elements of `S` bytes (`src_rs` in bytes).
///
/// # Safety (of a call)
/// `dst` is valid for writes of `C S len` bytes; for each `k < C`,
/// `src.offset(k * src_rs)` is valid for reads of `S len` bytes; the output
/// overlaps none of the `C` input rows.
pub(super) type Interleave = unsafe fn(*mut u8, *const u8, isize, usize);

/// Whether the CPU has AVX2, and SSSE3, detected at run time (the standard
/// library caches it; under Miri, only the build's features count).
fn features() -> (bool, bool) {
    let detected = |yes: bool, f: fn() -> bool| yes || (!cfg!(miri) && f());
    let avx2 = detected(cfg!(target_feature = "avx2"), || {
        std::arch::is_x86_feature_detected!("avx2")
    });
    let ssse3 = avx2
        || detected(cfg!(target_feature = "ssse3"), || {
            std::arch::is_x86_feature_detected!("ssse3")
        });
    (avx2, ssse3)
}

/// The fastest [`Planes`] this CPU runs for `channels` channels (2, 3 or 4)
/// of `size`-byte elements (1, 2, 4 or 8), with AVX2 or SSSE3; `None` for
/// other shapes and other CPUs.
pub(super) fn planes_for(size: usize, channels: usize) -> Option<Planes> {
    let (avx2, ssse3) = features();
    // AVX2 where it measured faster (see the module's table), SSSE3 for the
    // rest.
    match (size, channels) {
        (4, 3) | (1 | 2 | 4, 4) if avx2 => Some(match (size, channels) {
            (1, 4) => planes_avx2::<1, 4> as Planes,
            (2, 4) => planes_avx2::<2, 4>,
            (4, 3) => planes_avx2::<4, 3>,
            _ => planes_avx2::<4, 4>,
        }),
        _ if !ssse3 => None,
        (1, 2) => Some(planes_ssse3::<1, 2>),
        (1, 3) => Some(planes_ssse3::<1, 3>),
        (1, 4) => Some(planes_ssse3::<1, 4>),
        (2, 2) => Some(planes_ssse3::<2, 2>),
        (2, 3) => Some(planes_ssse3::<2, 3>),
        (2, 4) => Some(planes_ssse3::<2, 4>),
        (4, 2) => Some(planes_ssse3::<4, 2>),
        (4, 3) => Some(planes_ssse3::<4, 3>),
        (4, 4) => Some(planes_ssse3::<4, 4>),
        (8, 2) => Some(planes_ssse3::<8, 2>),
        (8, 3) => Some(planes_ssse3::<8, 3>),
        (8, 4) => Some(planes_ssse3::<8, 4>),
        _ => None,
    }
}

/// The [`Interleave`] this CPU runs for `channels` channels (2, 3 or 4) of
/// `size`-byte elements (1, 2, 4 or 8), with SSSE3; `None` for other shapes
/// and other CPUs.
pub(super) fn interleave_for(size: usize, channels: usize) -> Option<Interleave> {
    if !features().1 {
        return None;
    }
    Some(match (size, channels) {
        (1, 2) => interleave_ssse3::<1, 2>,
        (1, 3) => interleave_ssse3::<1, 3>,
        (1, 4) => interleave_ssse3::<1, 4>,
        (2, 2) => interleave_ssse3::<2, 2>,
        (2, 3) => interleave_ssse3::<2, 3>,
        (2, 4) => interleave_ssse3::<2, 4>,
        (4, 2) => interleave_ssse3::<4, 2>,
        (4, 3) => interleave_ssse3::<4, 3>,
        (4, 4) => interleave_ssse3::<4, 4>,
        (8, 2) => interleave_ssse3::<8, 2>,
        (8, 3) => interleave_ssse3::<8, 3>,
        (8, 4) => interleave_ssse3::<8, 4>,
        _ => return None,
    })
}

/// Row `k` of a call's planes, `rs` bytes apart (not dereferenced here).
#[inline(always)]
fn row(base: *mut u8, rs: isize, k: usize) -> *mut u8 {
    base.wrapping_offset(k as isize * rs)
}

/// `out[q] = OR over p of pshufb(v[p], m[q][p])`: the `C` x `C` byte
/// shuffles of one 16-byte step (see [`masks`]).
///
/// # Safety
/// SSSE3 is available.
#[target_feature(enable = "ssse3")]
#[inline]
unsafe fn mix<const C: usize>(v: &[__m128i; C], m: &[[[i8; 32]; C]; C]) -> [__m128i; C] {
    let mut out = [_mm_setzero_si128(); C];
    for (o, mo) in out.iter_mut().zip(m) {
        for (r, mask) in v.iter().zip(mo) {
            // A mask's first 16 bytes (it has 32).
            // SAFETY: as just said.
            let mask = unsafe { _mm_loadu_si128(mask.as_ptr().cast::<__m128i>()) };
            *o = _mm_or_si128(*o, _mm_shuffle_epi8(*r, mask));
        }
    }
    out
}

/// Pixels `x..x + 16 / S` of a [`Planes`] call: their `16 C` bytes in `C`
/// registers, and each channel's 16 bytes gathered from them by [`mix`].
///
/// # Safety
/// SSSE3 is available; `x + 16 / S <= len` and the [`Planes`] contract for
/// `len`.
#[target_feature(enable = "ssse3")]
#[inline]
unsafe fn split16<const S: usize, const C: usize>(
    dst: *mut u8,
    dst_rs: isize,
    src: *const u8,
    x: usize,
) {
    // Input bytes C S x..C S x + 16 C and 16 bytes of each output row from
    // S x: inside both (x + 16 / S <= len, the contract); SSSE3 (the
    // contract).
    // SAFETY: as just said.
    unsafe {
        let s = src.add(C * S * x);
        let mut v = [_mm_setzero_si128(); C];
        for (p, r) in v.iter_mut().enumerate() {
            *r = _mm_loadu_si128(s.add(16 * p).cast::<__m128i>());
        }
        let out = mix(&v, const { &masks::<S, C, false>() });
        for (k, o) in out.iter().enumerate() {
            _mm_storeu_si128(row(dst, dst_rs, k).add(S * x).cast::<__m128i>(), *o);
        }
    }
}

/// Pixels `x..x + 16 / S` of an [`Interleave`] call: 16 bytes of each plane,
/// and the pixels' `16 C` interleaved bytes gathered from them by [`mix`].
///
/// # Safety
/// SSSE3 is available; `x + 16 / S <= len` and the [`Interleave`] contract
/// for `len`.
#[target_feature(enable = "ssse3")]
#[inline]
unsafe fn join16<const S: usize, const C: usize>(
    dst: *mut u8,
    src: *const u8,
    src_rs: isize,
    x: usize,
) {
    // 16 bytes of each input row from S x and output bytes C S x..C S x +
    // 16 C: inside both (x + 16 / S <= len, the contract); SSSE3 (the
    // contract).
    // SAFETY: as just said.
    unsafe {
        let mut v = [_mm_setzero_si128(); C];
        for (k, r) in v.iter_mut().enumerate() {
            *r = _mm_loadu_si128(row(src.cast_mut(), src_rs, k).add(S * x).cast::<__m128i>());
        }
        let out = mix(&v, const { &masks::<S, C, true>() });
        let d = dst.add(C * S * x);
        for (q, o) in out.iter().enumerate() {
            _mm_storeu_si128(d.add(16 * q).cast::<__m128i>(), *o);
        }
    }
}

/// Pixels `from..len` of a call, an element at a time: to planes, or back
/// (`JOIN`), with `rows` and `rs` the planes' first row and distance.
///
/// # Safety
/// The [`Planes`] contract (or, `JOIN`, the [`Interleave`] contract) for
/// `len`, `rows` its planes and `pixels` its interleaved side.
unsafe fn tail<const S: usize, const C: usize, const JOIN: bool>(
    pixels: *mut u8,
    rows: *mut u8,
    rs: isize,
    from: usize,
    len: usize,
) {
    for x in from..len {
        for k in 0..C {
            let (p, r) = (
                pixels.wrapping_add((C * x + k) * S),
                row(rows, rs, k).wrapping_add(S * x),
            );
            // Pixel x < len, channel k < C: S bytes inside the interleaved
            // side and inside row k, apart, the output's written (the
            // contract).
            // SAFETY: as just said.
            unsafe {
                if JOIN {
                    core::ptr::copy_nonoverlapping(r, p, S)
                } else {
                    core::ptr::copy_nonoverlapping(p, r, S)
                }
            };
        }
    }
}

/// [`Planes`] with SSSE3: 16 bytes of each channel at a time.
///
/// # Safety
/// SSSE3 is available; the [`Planes`] contract.
#[target_feature(enable = "ssse3")]
unsafe fn planes_ssse3<const S: usize, const C: usize>(
    dst: *mut u8,
    dst_rs: isize,
    src: *const u8,
    len: usize,
) {
    let mut x = 0;
    while x + 16 / S <= len {
        // SAFETY: SSSE3 (the contract), x + 16 / S <= len.
        unsafe { split16::<S, C>(dst, dst_rs, src, x) };
        x += 16 / S;
    }
    // SAFETY: the contract (the input is only read).
    unsafe { tail::<S, C, false>(src.cast_mut(), dst, dst_rs, x, len) };
}

/// [`Interleave`] with SSSE3: 16 bytes of each channel at a time.
///
/// # Safety
/// SSSE3 is available; the [`Interleave`] contract.
#[target_feature(enable = "ssse3")]
unsafe fn interleave_ssse3<const S: usize, const C: usize>(
    dst: *mut u8,
    src: *const u8,
    src_rs: isize,
    len: usize,
) {
    let mut x = 0;
    while x + 16 / S <= len {
        // SAFETY: SSSE3 (the contract), x + 16 / S <= len.
        unsafe { join16::<S, C>(dst, src, src_rs, x) };
        x += 16 / S;
    }
    // SAFETY: the contract (the input rows are only read).
    unsafe { tail::<S, C, true>(dst, src.cast_mut(), src_rs, x, len) };
}

/// [`Planes`] with AVX2: 32 bytes of each channel at a time, two of
/// [`split16`]'s blocks side by side in the two 128-bit lanes (`vpshufb`
/// shuffles within each lane), so that each lane's result is the next 16
/// bytes of the channel's row.
///
/// # Safety
/// AVX2 is available; the [`Planes`] contract.
#[target_feature(enable = "avx2")]
unsafe fn planes_avx2<const S: usize, const C: usize>(
    dst: *mut u8,
    dst_rs: isize,
    src: *const u8,
    len: usize,
) {
    let m = const { masks::<S, C, false>() };
    let mut x = 0;
    while x + 32 / S <= len {
        // Pixels x..x + 32 / S: input bytes C S x..C S x + 32 C (the first
        // block's 16 C, then the second's) and 32 bytes of each output row
        // from S x, inside both (x + 32 / S <= len, the contract).
        // SAFETY: as just said.
        unsafe {
            let s = src.add(C * S * x);
            let mut v = [_mm256_setzero_si256(); C];
            for (p, r) in v.iter_mut().enumerate() {
                let lo = _mm_loadu_si128(s.add(16 * p).cast::<__m128i>());
                let hi = _mm_loadu_si128(s.add(16 * (C + p)).cast::<__m128i>());
                *r = _mm256_set_m128i(hi, lo);
            }
            for (k, mk) in m.iter().enumerate() {
                let mut out = _mm256_setzero_si256();
                for (r, mask) in v.iter().zip(mk) {
                    let mask = _mm256_loadu_si256(mask.as_ptr().cast::<__m256i>());
                    out = _mm256_or_si256(out, _mm256_shuffle_epi8(*r, mask));
                }
                _mm256_storeu_si256(row(dst, dst_rs, k).add(S * x).cast::<__m256i>(), out);
            }
        }
        x += 32 / S;
    }
    if x + 16 / S <= len {
        // SAFETY: AVX2 implies SSSE3; x + 16 / S <= len.
        unsafe { split16::<S, C>(dst, dst_rs, src, x) };
        x += 16 / S;
    }
    // SAFETY: the contract (the input is only read).
    unsafe { tail::<S, C, false>(src.cast_mut(), dst, dst_rs, x, len) };
}

#[cfg(test)]
mod tests {
    /// `$f::<S, C>()` for every element size and channel count.
    macro_rules! every_shape {
        ($f:ident) => {
            $f::<1, 2>();
            $f::<1, 3>();
            $f::<1, 4>();
            $f::<2, 2>();
            $f::<2, 3>();
            $f::<2, 4>();
            $f::<4, 2>();
            $f::<4, 3>();
            $f::<4, 4>();
            $f::<8, 2>();
            $f::<8, 3>();
            $f::<8, 4>();
        };
    }

    use super::{
        Interleave, Planes, interleave_for, interleave_ssse3, masks, planes_avx2, planes_for,
        planes_ssse3,
    };

    /// Every byte of every channel's register is picked from exactly one
    /// interleaved register, the one holding its byte, at its position there,
    /// and back, in both lanes.
    #[test]
    fn masks_pick_each_channel_byte_once() {
        fn check<const S: usize, const C: usize>() {
            let (split, join) = (masks::<S, C, false>(), masks::<S, C, true>());
            for k in 0..C {
                for p in 0..C {
                    for i in 0..32 {
                        // Byte i % 16 of channel k's register: element i % 16 / S
                        // (a pixel), its byte i % S, at g in the pixels.
                        let g = (C * (i % 16 / S) + k) * S + i % S;
                        let want = if g / 16 == p { (g % 16) as i8 } else { i8::MIN };
                        // (The message is formatted on failure only: Miri takes
                        // a minute to format it 20 000 times.)
                        let at = (S, C, k, i, p);
                        assert_eq!(
                            split[k][p][i], want,
                            "to planes: (S, C, channel, byte, register) {at:?}"
                        );
                        // Back: byte g % 16 of register g / 16 = p from channel k.
                        if g / 16 == p {
                            assert_eq!(
                                join[p][k][g % 16 + i / 16 * 16],
                                (i % 16) as i8,
                                "back: (S, C, channel, byte, register) {at:?}"
                            );
                        }
                    }
                }
            }
            // Each interleaved byte is picked from exactly one channel.
            for (q, mq) in join.iter().enumerate() {
                for j in 0..32 {
                    let from = mq.iter().filter(|mk| mk[j] >= 0).count();
                    assert_eq!(from, 1, "S {S}, C {C}, register {q}, byte {j}");
                }
            }
        }
        every_shape!(check);
    }

    /// Each kernel (AVX2, SSSE3, where the CPU has them) against the element
    /// loop, for every element size and channel count, at lengths around its
    /// blocks, into output rows with gaps between them.
    #[test]
    fn planes_match_the_element_loop() {
        fn check<const S: usize, const C: usize>() {
            let avx2 = cfg!(target_feature = "avx2")
                || (!cfg!(miri) && std::arch::is_x86_feature_detected!("avx2"));
            let ssse3 = avx2
                || cfg!(target_feature = "ssse3")
                || (!cfg!(miri) && std::arch::is_x86_feature_detected!("ssse3"));
            let mut kernels: Vec<(&str, Planes)> = Vec::new();
            if avx2 {
                kernels.push(("avx2", planes_avx2::<S, C>));
            }
            if ssse3 {
                kernels.push(("ssse3", planes_ssse3::<S, C>));
            }
            assert_eq!(planes_for(S, C).is_some(), ssse3);
            let lens: &[usize] = if cfg!(miri) {
                &[0, 3, 37]
            } else {
                &[0, 1, 2, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100]
            };
            for &len in lens {
                let src: Vec<u8> = (0..C * S * len).map(|b| (b * 7 + 3) as u8).collect();
                let pitch = S * len + 5;
                for (name, f) in &kernels {
                    let mut dst = vec![0xAAu8; C * pitch];
                    // `src` holds `C S len` bytes, each output row
                    // `S len` bytes of `dst` (rows `pitch >= S len` apart),
                    // separate vectors; the CPU has the kernel's features.
                    // SAFETY: as just said.
                    unsafe { f(dst.as_mut_ptr(), pitch as isize, src.as_ptr(), len) };
                    for k in 0..C {
                        for x in 0..len {
                            for b in 0..S {
                                let (got, want) =
                                    (dst[k * pitch + S * x + b], src[(C * x + k) * S + b]);
                                assert_eq!(
                                    got, want,
                                    "{name} S {S} C {C} len {len} channel {k} pixel {x} byte {b}"
                                );
                            }
                        }
                        assert!(
                            dst[k * pitch + S * len..(k + 1) * pitch]
                                .iter()
                                .all(|&b| b == 0xAA),
                            "{name} wrote past row {k}"
                        );
                    }
                    if *name == "ssse3" {
                        // And back into pixels, past which nothing is written.
                        let join: Interleave = interleave_ssse3::<S, C>;
                        assert_eq!(interleave_for(S, C).is_some(), ssse3);
                        let mut back = vec![0x55u8; C * S * len + 9];
                        // `back` holds `C S len` bytes and more, the
                        // rows of `dst` `S len` bytes each (`pitch` apart),
                        // separate vectors; the CPU has SSSE3.
                        // SAFETY: as just said.
                        unsafe { join(back.as_mut_ptr(), dst.as_ptr(), pitch as isize, len) };
                        assert_eq!(&back[..C * S * len], &src[..], "back S {S} C {C} len {len}");
                        assert!(
                            back[C * S * len..].iter().all(|&b| b == 0x55),
                            "back wrote past its end"
                        );
                    }
                }
            }
        }
        every_shape!(check);
    }
}
