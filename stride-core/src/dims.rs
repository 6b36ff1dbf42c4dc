//! Shape and stride arithmetic on slices: sizes, packed strides, NumPy's contiguity
//! flags, the span a layout reaches, and the invariants every layout keeps.
//!
//! These are the single implementation behind [`Layout`](crate::Layout) (rank in the
//! type) and [`DynLayout`](crate::DynLayout) (rank at run time, used by the macros).

use crate::error::LayoutError;

/// Number of elements of `shape`, or an error when it exceeds `isize::MAX`.
pub(crate) const fn checked_size(shape: &[usize]) -> Result<usize, LayoutError> {
    let mut size: usize = 1;
    let mut has_zero = false;
    let mut i = 0;
    // The product of the non-zero dims must fit: NumPy refuses such shapes even when
    // another dim is 0 ("array is too big"), and the packed strides need it.
    while i < shape.len() {
        if shape[i] == 0 {
            has_zero = true;
        } else {
            size = match size.checked_mul(shape[i]) {
                Some(s) if s <= isize::MAX as usize => s,
                _ => return Err(LayoutError::TooLarge),
            };
        }
        i += 1;
    }
    Ok(if has_zero { 0 } else { size })
}

/// Number of elements (wrapping never happens for valid layouts).
pub(crate) const fn size(shape: &[usize]) -> usize {
    let mut size: usize = 1;
    let mut i = 0;
    while i < shape.len() {
        size = size.saturating_mul(shape[i]);
        i += 1;
    }
    size
}

/// Packed strides in C (`f == false`) or F order; a 0-length axis counts as 1
/// (NumPy's `_array_fill_strides`).
pub(crate) const fn fill_strides(
    shape: &[usize],
    f: bool,
    out: &mut [isize],
) -> Result<(), LayoutError> {
    let n = shape.len();
    let mut acc: usize = 1;
    let mut k = 0;
    while k < n {
        let i = if f { k } else { n - 1 - k };
        if acc > isize::MAX as usize {
            return Err(LayoutError::TooLarge);
        }
        out[i] = acc as isize;
        let d = if shape[i] == 0 { 1 } else { shape[i] };
        acc = match acc.checked_mul(d) {
            Some(a) => a,
            None => return Err(LayoutError::TooLarge),
        };
        k += 1;
    }
    if acc > isize::MAX as usize {
        return Err(LayoutError::TooLarge);
    }
    Ok(())
}

/// NumPy's `C_CONTIGUOUS` flag (relaxed strides): any 0-length axis makes it true,
/// length-1 axes are ignored, the rest must have packed C strides. False when
/// `strides` does not give one stride per axis of `shape`.
///
/// ```
/// use stride_core::{is_c_contiguous, is_f_contiguous};
/// assert!(is_c_contiguous(&[2, 3], &[3, 1]) && !is_f_contiguous(&[2, 3], &[3, 1]));
/// assert!(is_c_contiguous(&[2, 1, 3], &[3, 999, 1])); // length-1 axes: any stride
/// assert!(is_c_contiguous(&[3], &[1]) && is_f_contiguous(&[3], &[1]));
/// assert!(is_c_contiguous(&[2, 0], &[7, 7]) && is_f_contiguous(&[2, 0], &[7, 7])); // empty
/// assert!(!is_c_contiguous(&[2, 3], &[1])); // not a stride per axis
/// ```
pub const fn is_c_contiguous(shape: &[usize], strides: &[isize]) -> bool {
    contiguous(shape, strides, false)
}

/// NumPy's `F_CONTIGUOUS` flag (relaxed strides), the mirror of [`is_c_contiguous`].
pub const fn is_f_contiguous(shape: &[usize], strides: &[isize]) -> bool {
    contiguous(shape, strides, true)
}

const fn contiguous(shape: &[usize], strides: &[isize], f: bool) -> bool {
    // A stride for every axis, or no promise (the public predicates take
    // any two slices).
    if shape.len() != strides.len() {
        return false;
    }
    let n = shape.len();
    let mut i = 0;
    while i < n {
        if shape[i] == 0 {
            return true;
        }
        i += 1;
    }
    // `None` once the packed stride no longer fits: no stride can equal it.
    let mut expected: Option<isize> = Some(1);
    let mut k = 0;
    while k < n {
        let i = if f { k } else { n - 1 - k };
        if shape[i] != 1 {
            match expected {
                Some(e) if strides[i] == e => {
                    expected = if shape[i] > isize::MAX as usize {
                        None
                    } else {
                        e.checked_mul(shape[i] as isize)
                    };
                }
                _ => return false,
            }
        }
        k += 1;
    }
    true
}

/// Whether the innermost axis (the last for `f == false`, the first otherwise) is
/// contiguous and every other axis steps over whole blocks of the axes inside it:
/// C (or F) order with padding, as a BLAS matrix with a leading dimension larger
/// than its rows. Length-1 axes are ignored and empty layouts qualify, as for the
/// contiguity flags; false when `strides` does not give one stride per axis.
/// Implies that no two indices share an offset.
///
/// ```
/// use stride_core::{is_col_major, is_row_major};
/// // Rows 0..4, columns 2..5 of a 6x10 C matrix: unit inner stride, ld 10.
/// assert!(is_row_major(&[4, 3], &[10, 1]) && !is_col_major(&[4, 3], &[10, 1]));
/// assert!(is_row_major(&[4, 10], &[10, 1])); // C-contiguous is row-major
/// assert!(!is_row_major(&[4, 3], &[2, 1]));  // rows overlap
/// assert!(!is_row_major(&[4, 3], &[10, 2])); // inner stride 2
/// assert!(!is_row_major(&[4, 3], &[10])); // not a stride per axis
/// ```
pub const fn is_row_major(shape: &[usize], strides: &[isize]) -> bool {
    padded(shape, strides, false)
}

/// The mirror of [`is_row_major`]: the first axis contiguous, F order with padding.
pub const fn is_col_major(shape: &[usize], strides: &[isize]) -> bool {
    padded(shape, strides, true)
}

const fn padded(shape: &[usize], strides: &[isize], f: bool) -> bool {
    // A stride for every axis, or no promise (the public predicates take
    // any two slices).
    if shape.len() != strides.len() {
        return false;
    }
    let n = shape.len();
    let mut i = 0;
    while i < n {
        if shape[i] == 0 {
            return true;
        }
        i += 1;
    }
    // Walk from the innermost axis out; `min` is the stride the next non-unit axis
    // needs at least (the extent of the block inside it).
    let mut min: usize = 1;
    let mut first = true;
    let mut k = 0;
    while k < n {
        let i = if f { k } else { n - 1 - k };
        if shape[i] != 1 {
            let s = strides[i];
            if first {
                if s != 1 {
                    return false;
                }
                first = false;
            } else if s <= 0 || (s as usize) < min {
                return false;
            }
            min = match (s as usize).checked_mul(shape[i]) {
                Some(m) => m,
                // Nothing larger can follow in a valid layout.
                None => usize::MAX,
            };
        }
        k += 1;
    }
    true
}

/// The lowest and highest element offsets the index box reaches, counting every
/// axis of length >= 1 (NumPy's bounds, also meaningful for empty layouts).
pub(crate) const fn virtual_bounds(
    shape: &[usize],
    strides: &[isize],
    offset: isize,
) -> Result<(isize, isize), LayoutError> {
    let mut lo = offset;
    let mut hi = offset;
    let mut i = 0;
    while i < shape.len() {
        if shape[i] > 1 {
            let reach = match strides[i].checked_mul((shape[i] - 1) as isize) {
                Some(r) => r,
                None => return Err(LayoutError::TooLarge),
            };
            if reach > 0 {
                hi = match hi.checked_add(reach) {
                    Some(h) => h,
                    None => return Err(LayoutError::TooLarge),
                };
            } else {
                lo = match lo.checked_add(reach) {
                    Some(l) => l,
                    None => return Err(LayoutError::TooLarge),
                };
            }
        }
        i += 1;
    }
    Ok((lo, hi))
}

/// Checks the invariants every layout value keeps, so that later arithmetic on it
/// cannot overflow: the shape's size fits `isize`, the offset lies in
/// `0..=isize::MAX`, the offsets the index box reaches (counting every axis of
/// length > 1, even in an empty layout) fit in `isize`, and in a non-empty layout
/// they lie in `0..=isize::MAX`. An empty layout reaches nothing, so its box may
/// extend below 0, as NumPy's pointer arithmetic for empty views does.
pub(crate) const fn validate(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
) -> Result<(), LayoutError> {
    if shape.len() != strides.len() {
        return Err(LayoutError::RankMismatch {
            expected: shape.len(),
            found: strides.len(),
        });
    }
    if let Err(e) = checked_size(shape) {
        return Err(e);
    }
    if offset > isize::MAX as usize {
        return Err(LayoutError::TooLarge);
    }
    match virtual_bounds(shape, strides, offset as isize) {
        Ok((lo, _)) if lo < 0 && size(shape) != 0 => Err(LayoutError::BeforeStart { offset: lo }),
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Half-open range of element offsets `[start, end)` a layout reaches; `None` for
/// an empty layout. A layout whose bounds do not fit (never one this crate made)
/// claims every offset, so that any bounds check on it fails.
pub(crate) const fn span(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
) -> Option<(usize, usize)> {
    if size(shape) == 0 {
        return None;
    }
    if offset > isize::MAX as usize {
        return Some((0, usize::MAX));
    }
    match virtual_bounds(shape, strides, offset as isize) {
        Ok((lo, hi)) if lo >= 0 => Some((lo as usize, hi as usize + 1)),
        _ => Some((0, usize::MAX)),
    }
}

/// Checks that a buffer of `len` elements holds every offset the layout reaches:
/// the lowest as well as the highest, computed with checked arithmetic (what every
/// safe view constructor proves).
pub(crate) const fn check_fits(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    len: usize,
) -> Result<(), LayoutError> {
    if size(shape) == 0 {
        return Ok(());
    }
    if offset > isize::MAX as usize {
        return Err(LayoutError::TooLarge);
    }
    match virtual_bounds(shape, strides, offset as isize) {
        Err(e) => Err(e),
        Ok((lo, _)) if lo < 0 => Err(LayoutError::BeforeStart { offset: lo }),
        Ok((_, hi)) if hi as usize >= len => Err(LayoutError::OutOfBounds {
            offset: hi as usize,
            len,
        }),
        Ok(_) => Ok(()),
    }
}

/// Offset of `index`, checking each index against its axis.
pub(crate) const fn offset_of(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    index: &[usize],
) -> Result<usize, LayoutError> {
    if index.len() != shape.len() {
        return Err(LayoutError::RankMismatch {
            expected: shape.len(),
            found: index.len(),
        });
    }
    let mut off = offset as isize;
    let mut k = 0;
    while k < shape.len() {
        if index[k] >= shape[k] {
            return Err(LayoutError::IndexOutOfBounds {
                axis: k,
                index: if index[k] > isize::MAX as usize {
                    isize::MAX
                } else {
                    index[k] as isize
                },
                len: shape[k],
            });
        }
        // In bounds: the partial sums stay within the layout's bounds, which fit.
        off += strides[k] * index[k] as isize;
        k += 1;
    }
    Ok(off as usize)
}

/// `Ok` when an output's shape `got` is the `expected` one; otherwise
/// `OutputShape` at the first axis where they differ.
pub(crate) fn same_shape<const R: usize>(
    expected: &[usize; R],
    got: &[usize; R],
) -> Result<(), LayoutError> {
    match (0..R).find(|&axis| expected[axis] != got[axis]) {
        None => Ok(()),
        Some(axis) => Err(LayoutError::OutputShape {
            axis,
            expected: expected[axis],
            found: got[axis],
        }),
    }
}

/// Resolves a possibly negative axis against `rank`.
pub(crate) const fn normalize_axis(axis: isize, rank: usize) -> Result<usize, LayoutError> {
    let r = rank as isize;
    if axis >= r || axis < -r {
        return Err(LayoutError::AxisOutOfRange { axis, rank });
    }
    Ok(if axis < 0 {
        (axis + r) as usize
    } else {
        axis as usize
    })
}

/// Strides scaled to bytes.
pub(crate) const fn scale_strides(
    strides: &[isize],
    itemsize: usize,
    out: &mut [isize],
) -> Result<(), LayoutError> {
    if itemsize > isize::MAX as usize {
        return Err(LayoutError::TooLarge);
    }
    let mut i = 0;
    while i < strides.len() {
        out[i] = match strides[i].checked_mul(itemsize as isize) {
            Some(s) => s,
            None => return Err(LayoutError::TooLarge),
        };
        i += 1;
    }
    Ok(())
}

/// Stable insertion sort of axes by decreasing `|stride|` (NumPy's K order);
/// length-1 and stride-0 axes never move anything.
pub(crate) const fn keep_order_perm(shape: &[usize], strides: &[isize], perm: &mut [usize]) {
    let n = shape.len();
    let mut i = 0;
    while i < n {
        perm[i] = i;
        i += 1;
    }
    let mut i0 = 1;
    while i0 < n {
        let a0 = perm[i0];
        let mut ipos = i0;
        let mut i1 = i0;
        while i1 > 0 {
            let a1 = perm[i1 - 1];
            if shape[a0] != 1 && shape[a1] != 1 && strides[a0] != 0 && strides[a1] != 0 {
                if strides[a0].unsigned_abs() <= strides[a1].unsigned_abs() {
                    break;
                }
                ipos = i1 - 1;
            }
            i1 -= 1;
        }
        if ipos != i0 {
            let mut j = i0;
            while j > ipos {
                perm[j] = perm[j - 1];
                j -= 1;
            }
            perm[ipos] = a0;
        }
        i0 += 1;
    }
}

/// `np.transpose(a, axes)`: new axis `i` is old axis `axes[i]` (negative axes count
/// from the end); every axis exactly once.
pub(crate) const fn permute(
    shape: &[usize],
    strides: &[isize],
    axes: &[isize],
    out_shape: &mut [usize],
    out_strides: &mut [isize],
) -> Result<(), LayoutError> {
    let rank = shape.len();
    if axes.len() != rank {
        return Err(LayoutError::RankMismatch {
            expected: rank,
            found: axes.len(),
        });
    }
    let mut i = 0;
    while i < rank {
        let a = match normalize_axis(axes[i], rank) {
            Ok(a) => a,
            Err(e) => return Err(e),
        };
        let mut j = 0;
        while j < i {
            // Earlier entries were normalized without error, so this cannot fail.
            if let Ok(b) = normalize_axis(axes[j], rank)
                && a == b
            {
                return Err(LayoutError::RepeatedAxis { axis: a });
            }
            j += 1;
        }
        out_shape[i] = shape[a];
        out_strides[i] = strides[a];
        i += 1;
    }
    Ok(())
}
