//! Copies out of strided views, in NumPy's element orders, into fresh buffers.

use crate::buffer::Buffer;
use crate::error::LayoutError;
use crate::order::{Order, OrderMarker};
use crate::view::View;

/// A vector with room for `n` elements, or an error instead of an abort.
pub(crate) fn try_vec<T>(n: usize) -> Result<Vec<T>, LayoutError> {
    let bytes = n
        .checked_mul(size_of::<T>())
        .filter(|&b| b <= isize::MAX as usize)
        .ok_or(LayoutError::TooLarge)?;
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| LayoutError::AllocationFailed { bytes })?;
    Ok(v)
}

/// The elements of `view` (cloned), in `order`: `C` (last index fastest),
/// `F` (first fastest), `A` (F for F-but-not-C layouts, else C) or `K` (axes by
/// decreasing |stride|, each walked in its logical direction, as NumPy's K copies).
pub(crate) fn gather<T: Clone, const R: usize, O: OrderMarker>(
    view: View<'_, T, R, O>,
    order: Order,
) -> Result<Buffer<T>, LayoutError> {
    let layout = *view.layout();
    let order = match order {
        Order::A => {
            if layout.is_f_contiguous() && !layout.is_c_contiguous() {
                Order::F
            } else {
                Order::C
            }
        }
        Order::K if layout.is_c_contiguous() => Order::C,
        Order::K if layout.is_f_contiguous() => Order::F,
        o => o,
    };
    let walk = match order {
        Order::F => view.t().into_strided(),
        // The K permutation is valid by construction.
        Order::K => view.permute(layout.keep_order_axes().map(|a| a as isize))?,
        _ => view.into_strided(),
    };
    // The elements in C order of `walk`, copied by the loop engine (memory
    // order, the transposing copy when `walk` is transposed).
    Ok(walk.to_owned()?.into_buffer())
}
