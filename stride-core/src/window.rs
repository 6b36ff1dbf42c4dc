//! Sliding windows: NumPy's `sliding_window_view` (window lengths, axes, repeated
//! and negative axes), plus a step and a dilation per window.

use crate::dims::{checked_size, normalize_axis, validate};
use crate::error::{LayoutError, WindowParam};

/// `sliding_window_view(x, window, axis=axes)` with a dilation per window (1 =
/// NumPy). Output rank is `rank + window.len()`: the input axes (now counting
/// window positions) followed by one axis per window.
#[allow(clippy::too_many_arguments)]
pub(crate) const fn sliding_window(
    shape: &[usize],
    strides: &[isize],
    window: &[usize],
    axes: &[isize],
    dilation: &[usize],
    offset: usize,
    out_shape: &mut [usize],
    out_strides: &mut [isize],
) -> Result<(), LayoutError> {
    let rank = shape.len();
    if window.len() != axes.len() {
        return Err(LayoutError::WindowAxesMismatch {
            windows: window.len(),
            axes: axes.len(),
        });
    }
    if out_shape.len() != rank + window.len() {
        return Err(LayoutError::RankMismatch {
            expected: out_shape.len(),
            found: rank + window.len(),
        });
    }
    let mut k = 0;
    while k < rank {
        out_shape[k] = shape[k];
        out_strides[k] = strides[k];
        k += 1;
    }
    let mut w = 0;
    while w < window.len() {
        let axis = match normalize_axis(axes[w], rank) {
            Ok(a) => a,
            Err(e) => return Err(e),
        };
        let d = dilation[w];
        if d == 0 {
            return Err(LayoutError::ZeroWindowParam {
                param: WindowParam::Dilation,
                axis,
            });
        }
        // Extent of the dilated window: (w - 1) * d + 1, or 0 for an empty window.
        // `None` when it does not even fit in `usize`: larger than any axis.
        let extent = if window[w] == 0 {
            Some(0)
        } else {
            match (window[w] - 1).checked_mul(d) {
                Some(e) => e.checked_add(1),
                None => None,
            }
        };
        let extent = match extent {
            Some(e) if e <= out_shape[axis] => e,
            _ => {
                return Err(LayoutError::WindowTooLarge {
                    axis,
                    window: window[w],
                    dilation: d,
                    len: out_shape[axis],
                });
            }
        };
        out_shape[axis] = out_shape[axis] + 1 - extent;
        out_shape[rank + w] = window[w];
        out_strides[rank + w] = if window[w] <= 1 {
            strides[axis]
        } else {
            // (window - 1) * d <= len - 1 of the axis, so stride * d stays in its span.
            match strides[axis].checked_mul(d as isize) {
                Some(s) => s,
                None => return Err(LayoutError::TooLarge),
            }
        };
        w += 1;
    }
    if let Err(e) = checked_size(out_shape) {
        return Err(e);
    }
    // The window axes reach only offsets the input axes reached; checked anyway, so
    // that no arithmetic slip above can ever produce an invalid layout.
    validate(out_shape, out_strides, offset)
}
