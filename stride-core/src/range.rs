//! `arange` and `linspace`: the element types they accept and NumPy's length rules.
//!
//! Integer ranges are exact over the whole type: the length and every value are
//! computed in `i128`, so `arange::<i8>(-128, 127, 100)` and ranges touching
//! `i64::MIN` or `u64::MAX` come out right. Floating ranges follow NumPy: the
//! length is `ceil((stop - start) / step)` computed in the type, a NaN anywhere
//! is an error, and the values are `start + i * delta` with
//! `delta = (start + step) - start`, as NumPy's fill does.

use crate::error::LayoutError;

mod sealed {
    pub trait Sealed {}
}

/// Element types [`Array::arange`](crate::Array::arange) accepts: the primitive
/// integers (up to 64 bits) and floats. Sealed.
pub trait RangeElem: sealed::Sealed + Copy + PartialOrd + 'static {
    /// Number of values `start, start + step, …` before `stop` (NumPy's length),
    /// or why there is no such number.
    #[doc(hidden)]
    fn range_len(start: Self, stop: Self, step: Self) -> Result<usize, LayoutError>;
    /// Value `i` of the range (`i` below its length).
    #[doc(hidden)]
    fn range_value(start: Self, step: Self, i: usize) -> Self;
}

macro_rules! int_range {
    ($($t:ty)*) => {$(
        impl sealed::Sealed for $t {}
        impl RangeElem for $t {
            fn range_len(start: $t, stop: $t, step: $t) -> Result<usize, LayoutError> {
                let (a, b, s) = (start as i128, stop as i128, step as i128);
                if s == 0 {
                    return Err(LayoutError::ZeroRangeStep);
                }
                // ceil((b - a) / s) for a non-empty direction, else 0; exact in i128
                // for every 64-bit (or narrower) type.
                let n = if s > 0 && b > a {
                    (b - a + s - 1) / s
                } else if s < 0 && b < a {
                    (a - b + (-s) - 1) / (-s)
                } else {
                    0
                };
                usize::try_from(n)
                    .ok()
                    .filter(|&n| n <= isize::MAX as usize)
                    .ok_or(LayoutError::TooLarge)
            }
            fn range_value(start: $t, step: $t, i: usize) -> $t {
                // start + i * step lies between start and stop: it fits the type.
                (start as i128 + i as i128 * step as i128) as $t
            }
        }
    )*};
}
int_range!(i8 i16 i32 i64 isize u8 u16 u32 u64 usize);

macro_rules! float_range {
    ($($t:ty)*) => {$(
        impl sealed::Sealed for $t {}
        impl RangeElem for $t {
            fn range_len(start: $t, stop: $t, step: $t) -> Result<usize, LayoutError> {
                if step == 0.0 {
                    return Err(LayoutError::ZeroRangeStep);
                }
                // NumPy's `_arange_safe_ceil_to_intp((stop - start) / step)`.
                let n = ((stop - start) / step).ceil();
                if n.is_nan() {
                    return Err(LayoutError::RangeLengthUndefined);
                }
                if n <= 0.0 {
                    return Ok(0);
                }
                if n >= isize::MAX as $t {
                    return Err(LayoutError::TooLarge);
                }
                Ok(n as usize)
            }
            fn range_value(start: $t, step: $t, i: usize) -> $t {
                // NumPy writes `start` and `start + step`, then fills
                // `start + i * delta` with `delta` taken from those two values.
                match i {
                    0 => start,
                    1 => start + step,
                    _ => start + (i as $t) * ((start + step) - start),
                }
            }
        }
    )*};
}
float_range!(f32 f64);

/// The values of `np.arange(start, stop, step)`, in a fresh vector.
pub(crate) fn arange<T: RangeElem>(start: T, stop: T, step: T) -> Result<Vec<T>, LayoutError> {
    let n = T::range_len(start, stop, step)?;
    let mut data = crate::copy::try_vec(n)?;
    data.extend((0..n).map(|i| T::range_value(start, step, i)));
    Ok(data)
}
