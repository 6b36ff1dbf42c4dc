//! Reshape without copy, exactly as NumPy decides it (`_attempt_nocopy_reshape`),
//! and `ravel` in the four orders. One algorithm serves C and F order: F reads the
//! axes in the opposite direction.

use crate::dims::{
    checked_size, fill_strides, is_c_contiguous, is_f_contiguous, keep_order_perm, size, validate,
};
use crate::error::LayoutError;
use crate::order::Order;

/// Whether a reshape or ravel gave a view of the same memory or needs a copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewOrCopy {
    /// Same memory, new strides.
    View,
    /// A fresh buffer, packed in the order of the operation.
    Copy,
}

impl ViewOrCopy {
    /// `true` for a view.
    pub const fn is_view(self) -> bool {
        matches!(self, ViewOrCopy::View)
    }
}

/// The reshape decision: a view, or a copy with the reason no view exists (the
/// [`LayoutError::NeedsCopy`] a no-copy reshape reports).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Decision {
    View,
    Copy(LayoutError),
}

/// `order` resolved for reshape: `A` becomes `F` for F-but-not-C layouts, else `C`.
/// `K` is not a reshape order ([`reshape`] refuses it first); here it is `C`.
pub(crate) const fn resolve_order(shape: &[usize], strides: &[isize], order: Order) -> Order {
    match order {
        Order::C | Order::K => Order::C,
        Order::F => Order::F,
        Order::A => {
            if is_f_contiguous(shape, strides) && !is_c_contiguous(shape, strides) {
                Order::F
            } else {
                Order::C
            }
        }
    }
}

/// Resolves the unknown (negative) dimension of `requested` for an array of `size`
/// elements, writing the dims to `out`.
pub(crate) const fn resolve_unknown(
    requested: &[isize],
    size: usize,
    out: &mut [usize],
) -> Result<(), LayoutError> {
    let mut unknown: Option<usize> = None;
    let mut known: usize = 1;
    let mut overflow = false;
    let mut i = 0;
    while i < requested.len() {
        if requested[i] < 0 {
            if let Some(first) = unknown {
                return Err(LayoutError::MultipleUnknown {
                    first,
                    first_value: requested[first],
                    second: i,
                    second_value: requested[i],
                });
            }
            unknown = Some(i);
            out[i] = 0;
        } else {
            let d = requested[i] as usize;
            out[i] = d;
            match known.checked_mul(d) {
                Some(k) => known = k,
                None => overflow = true,
            }
        }
        i += 1;
    }
    if overflow {
        // Some known dim is 0 unless the product truly overflowed.
        return Err(match checked_size(out) {
            Ok(requested) => LayoutError::SizeMismatch { size, requested },
            Err(e) => e,
        });
    }
    match unknown {
        Some(u) => {
            if known == 0 || !size.is_multiple_of(known) {
                return Err(LayoutError::UnresolvableUnknown {
                    size,
                    known,
                    position: u,
                    value: requested[u],
                });
            }
            out[u] = size / known;
            Ok(())
        }
        None => {
            if known != size {
                Err(LayoutError::SizeMismatch {
                    size,
                    requested: known,
                })
            } else {
                Ok(())
            }
        }
    }
}

/// `_attempt_nocopy_reshape`: strides that read the non-unit axes `od`/`os` (their
/// original axis numbers in `axes`) as the shape `newdims`, in C or F order.
/// Errors with [`LayoutError::NeedsCopy`] naming the first pair that cannot merge.
pub(crate) const fn attempt_nocopy(
    od: &[usize],
    os: &[isize],
    axes: &[usize],
    newdims: &[usize],
    f: bool,
    out: &mut [isize],
) -> Result<(), LayoutError> {
    let oldnd = od.len();
    let newnd = newdims.len();
    let (mut oi, mut oj, mut ni, mut nj) = (0, 1, 0, 1);
    while ni < newnd && oi < oldnd {
        let mut np = newdims[ni];
        let mut op = od[oi];
        // Sizes are equal and non-zero here, so the products stay <= size.
        while np != op {
            if np < op {
                np *= newdims[nj];
                nj += 1;
            } else {
                op *= od[oj];
                oj += 1;
            }
        }
        let mut ok = oi;
        while ok + 1 < oj {
            let merges = if f {
                os[ok + 1] as i128 == od[ok] as i128 * os[ok] as i128
            } else {
                os[ok] as i128 == od[ok + 1] as i128 * os[ok + 1] as i128
            };
            if !merges {
                return Err(LayoutError::NeedsCopy {
                    order: if f { Order::F } else { Order::C },
                    axis: axes[ok],
                    len: od[ok],
                    stride: os[ok],
                    next_axis: axes[ok + 1],
                    next_len: od[ok + 1],
                    next_stride: os[ok + 1],
                });
            }
            ok += 1;
        }
        // Within a group the strides are products of the group's merged stride and
        // dims that multiply to at most the group's length: they fit.
        if f {
            out[ni] = os[oi];
            let mut nk = ni + 1;
            while nk < nj {
                out[nk] = out[nk - 1].wrapping_mul(newdims[nk - 1] as isize);
                nk += 1;
            }
        } else {
            out[nj - 1] = os[oj - 1];
            let mut nk = nj - 1;
            while nk > ni {
                out[nk - 1] = out[nk].wrapping_mul(newdims[nk] as isize);
                nk -= 1;
            }
        }
        ni = nj;
        nj += 1;
        oi = oj;
        oj += 1;
    }
    // Trailing new axes (all of length 1): NumPy's `last_stride`.
    let mut last: isize = if ni >= 1 { out[ni - 1] } else { 1 };
    if f && ni >= 1 {
        last = last.wrapping_mul(newdims[ni - 1] as isize);
    }
    let mut nk = ni;
    while nk < newnd {
        out[nk] = last;
        nk += 1;
    }
    Ok(())
}

/// Copies the non-unit axes of a layout into `od`/`os`/`axes`; returns how many.
pub(crate) const fn non_unit_axes(
    shape: &[usize],
    strides: &[isize],
    od: &mut [usize],
    os: &mut [isize],
    axes: &mut [usize],
) -> usize {
    let mut m = 0;
    let mut i = 0;
    while i < shape.len() {
        if shape[i] != 1 {
            od[m] = shape[i];
            os[m] = strides[i];
            axes[m] = i;
            m += 1;
        }
        i += 1;
    }
    m
}

/// The whole reshape decision (`a.reshape(requested, order=order)`).
/// `scratch_*` must have the input's rank, `out_*` the requested rank. On success
/// `out_strides` holds the view's strides, or the packed strides of the copy.
#[allow(clippy::too_many_arguments)]
pub(crate) const fn reshape(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    requested: &[isize],
    order: Order,
    out_shape: &mut [usize],
    out_strides: &mut [isize],
    scratch_d: &mut [usize],
    scratch_s: &mut [isize],
    scratch_a: &mut [usize],
) -> Result<Decision, LayoutError> {
    if requested.len() != out_shape.len() {
        return Err(LayoutError::RankMismatch {
            expected: out_shape.len(),
            found: requested.len(),
        });
    }
    if matches!(order, Order::K) {
        return Err(LayoutError::ReshapeOrderK);
    }
    let order = resolve_order(shape, strides, order);
    let f = matches!(order, Order::F);
    // Quick path: literally the same shape (before -1 is resolved) keeps the strides.
    if same_dims(requested, shape) {
        let mut i = 0;
        while i < shape.len() {
            out_shape[i] = shape[i];
            out_strides[i] = strides[i];
            i += 1;
        }
        return Ok(Decision::View);
    }
    if let Err(e) = resolve_unknown(requested, size(shape), out_shape) {
        return Err(e);
    }
    let contiguous = if f {
        is_f_contiguous(shape, strides)
    } else {
        is_c_contiguous(shape, strides)
    };
    let mut decision = Decision::View;
    if !contiguous {
        let m = non_unit_axes(shape, strides, scratch_d, scratch_s, scratch_a);
        let od = scratch_d.split_at(m).0;
        let os = scratch_s.split_at(m).0;
        let axes = scratch_a.split_at(m).0;
        match attempt_nocopy(od, os, axes, out_shape, f, out_strides) {
            // The view reads the input's offsets: checked, never assumed.
            Ok(()) => {
                return match validate(out_shape, out_strides, offset) {
                    Ok(()) => Ok(Decision::View),
                    Err(e) => Err(e),
                };
            }
            Err(e) => decision = Decision::Copy(e),
        }
    }
    // Contiguous input, or the copy: fresh strides packed in the reshape's order.
    if let Err(e) = fill_strides(out_shape, f && out_shape.len() > 1, out_strides) {
        return Err(e);
    }
    match decision {
        Decision::View => match validate(out_shape, out_strides, offset) {
            Ok(()) => Ok(decision),
            Err(e) => Err(e),
        },
        Decision::Copy(_) => Ok(decision),
    }
}

pub(crate) const fn same_dims(requested: &[isize], shape: &[usize]) -> bool {
    if requested.len() != shape.len() {
        return false;
    }
    let mut i = 0;
    while i < shape.len() {
        if requested[i] < 0 || requested[i] as usize != shape[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `np.ravel(order)`: a view (stride 1) when NumPy returns one, else a copy.
/// `perm` is scratch of the input's rank.
pub(crate) const fn ravel(
    shape: &[usize],
    strides: &[isize],
    order: Order,
    perm: &mut [usize],
) -> ViewOrCopy {
    // Each order checks only the contiguity it needs. C: a view when C
    // contiguous; F: when F contiguous; A (F when F and not C, else C) and K
    // (C, else F, else the K walk below): when either.
    let view = match order {
        Order::C => is_c_contiguous(shape, strides),
        Order::F => is_f_contiguous(shape, strides),
        Order::A | Order::K => is_c_contiguous(shape, strides) || is_f_contiguous(shape, strides),
    };
    if view {
        return ViewOrCopy::View;
    }
    if !matches!(order, Order::K) {
        return ViewOrCopy::Copy;
    }
    // K: contiguous once axes are sorted by |stride|, with every stride positive.
    keep_order_perm(shape, strides, perm);
    let mut expected: isize = 1;
    let mut k = shape.len();
    while k > 0 {
        k -= 1;
        let i = perm[k];
        if shape[i] == 1 {
            continue;
        }
        if strides[i] != expected {
            return ViewOrCopy::Copy;
        }
        expected = expected.saturating_mul(shape[i] as isize);
    }
    ViewOrCopy::View
}
