//! Basic indexing: slices with steps (negative too, Python clamping), integer
//! indices (rank drops), new axes (stride 0) and the ellipsis.

use crate::dims::validate;
use crate::error::LayoutError;

/// A Python slice `start:stop:step`; `None` means omitted.
///
/// ```
/// use stride_core::Slice;
/// // a[1::2]
/// let s = Slice::new(Some(1), None, 2);
/// assert_eq!(s.indices(8), Ok((1, 4, 2)));
/// // a[::-1] on 5 elements: first 4, length 5, step -1
/// assert_eq!(Slice::REVERSE.indices(5), Ok((4, 5, -1)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Slice {
    /// First index (negative counts from the end), or the default for the step's sign.
    pub start: Option<isize>,
    /// One past the last index (exclusive), or the default for the step's sign.
    pub stop: Option<isize>,
    /// Step; must not be 0.
    pub step: isize,
}

impl Slice {
    /// `:` (the whole axis).
    pub const FULL: Slice = Slice::new(None, None, 1);
    /// `::-1` (the whole axis, reversed).
    pub const REVERSE: Slice = Slice::new(None, None, -1);

    /// `start:stop:step`.
    pub const fn new(start: Option<isize>, stop: Option<isize>, step: isize) -> Slice {
        Slice { start, stop, step }
    }

    /// `start:stop`.
    pub const fn range(start: isize, stop: isize) -> Slice {
        Slice::new(Some(start), Some(stop), 1)
    }

    /// `::step`.
    pub const fn step_by(step: isize) -> Slice {
        Slice::new(None, None, step)
    }

    /// `(first, len, step)` this slice selects from an axis of length `n`, as NumPy
    /// applies it: Python's `slice.indices` clamping, and for an empty result
    /// `(0, 0, 1)` (NumPy keeps the stride and offset of an empty slice).
    pub const fn indices(self, n: usize) -> Result<(usize, usize, isize), LayoutError> {
        slice_indices(self, n, 0)
    }
}

/// One item of a NumPy basic index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    /// An integer: selects one position and removes the axis.
    Index(isize),
    /// A slice: keeps the axis.
    Slice(Slice),
    /// `np.newaxis`: inserts an axis of length 1 (with stride 0, as NumPy).
    NewAxis,
    /// `...`: as many full slices as needed.
    Ellipsis,
}

impl Item {
    /// `:`.
    pub const FULL: Item = Item::Slice(Slice::FULL);
}

const fn slice_indices(
    s: Slice,
    n: usize,
    axis: usize,
) -> Result<(usize, usize, isize), LayoutError> {
    let step = s.step;
    if step == 0 {
        return Err(LayoutError::ZeroStep { axis });
    }
    // Valid layouts have n <= isize::MAX.
    let n = n as isize;
    let (lo, hi) = if step > 0 { (0, n) } else { (-1, n - 1) };
    let a = clamp(s.start, if step > 0 { lo } else { hi }, n, lo, hi);
    let b = clamp(s.stop, if step > 0 { hi } else { lo }, n, lo, hi);
    let len = if step > 0 {
        if b > a {
            ((b - a - 1) as usize) / step.unsigned_abs() + 1
        } else {
            0
        }
    } else if a > b {
        ((a - b - 1) as usize) / step.unsigned_abs() + 1
    } else {
        0
    };
    if len == 0 {
        Ok((0, 0, 1))
    } else {
        Ok((a as usize, len, step))
    }
}

const fn clamp(x: Option<isize>, default: isize, n: isize, lo: isize, hi: isize) -> isize {
    match x {
        None => default,
        Some(x) if x < 0 => {
            // x + n cannot overflow: x < 0 <= n.
            let x = x + n;
            if x < lo { lo } else { x }
        }
        Some(x) => {
            if x > hi {
                hi
            } else {
                x
            }
        }
    }
}

/// Rank of the result of `items` applied to a layout of rank `rank`.
pub(crate) const fn index_rank(items: &[Item], rank: usize) -> Result<usize, LayoutError> {
    let mut consumed = 0;
    let mut ints = 0;
    let mut new = 0;
    let mut ellipses = 0;
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::Index(_) => {
                consumed += 1;
                ints += 1;
            }
            Item::Slice(_) => consumed += 1,
            Item::NewAxis => new += 1,
            Item::Ellipsis => ellipses += 1,
        }
        i += 1;
    }
    if ellipses > 1 {
        return Err(LayoutError::MultipleEllipsis);
    }
    if consumed > rank {
        return Err(LayoutError::TooManyIndices {
            given: consumed,
            rank,
        });
    }
    Ok(rank - ints + new)
}

/// Applies a basic index; the output slices must have the length [`index_rank`] gives.
pub(crate) const fn apply_index(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    items: &[Item],
    out_shape: &mut [usize],
    out_strides: &mut [isize],
) -> Result<usize, LayoutError> {
    let rank = shape.len();
    let out_rank = match index_rank(items, rank) {
        Ok(r) => r,
        Err(e) => return Err(e),
    };
    if out_rank != out_shape.len() {
        return Err(LayoutError::RankMismatch {
            expected: out_shape.len(),
            found: out_rank,
        });
    }
    let mut consumed = 0;
    let mut i = 0;
    while i < items.len() {
        if let Item::Index(_) | Item::Slice(_) = items[i] {
            consumed += 1;
        }
        i += 1;
    }
    // Valid layouts keep every reached offset in 0..=isize::MAX, and each step
    // below moves to a reached (or, for empty layouts, virtually reached) offset.
    let mut off = offset as isize;
    let mut ax = 0; // input axis
    let mut o = 0; // output axis
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::NewAxis => {
                out_shape[o] = 1;
                out_strides[o] = 0;
                o += 1;
            }
            Item::Ellipsis => {
                let mut k = 0;
                while k < rank - consumed {
                    out_shape[o] = shape[ax];
                    out_strides[o] = strides[ax];
                    o += 1;
                    ax += 1;
                    k += 1;
                }
            }
            Item::Index(idx) => {
                let n = shape[ax];
                let norm = if idx < 0 { idx + n as isize } else { idx };
                if norm < 0 || norm >= n as isize {
                    return Err(LayoutError::IndexOutOfBounds {
                        axis: ax,
                        index: idx,
                        len: n,
                    });
                }
                off += norm * strides[ax];
                ax += 1;
            }
            Item::Slice(s) => {
                let (first, len, step) = match slice_indices(s, shape[ax], ax) {
                    Ok(t) => t,
                    Err(e) => return Err(e),
                };
                off += first as isize * strides[ax];
                out_shape[o] = len;
                // With len > 1 the product lies within the span, so it fits; with
                // len <= 1 any stride is as good (nothing is reached through it).
                out_strides[o] = match strides[ax].checked_mul(step) {
                    Some(s) => s,
                    None => strides[ax],
                };
                o += 1;
                ax += 1;
            }
        }
        i += 1;
    }
    // Implicit trailing ellipsis.
    while ax < rank {
        out_shape[o] = shape[ax];
        out_strides[o] = strides[ax];
        o += 1;
        ax += 1;
    }
    checked_result(out_shape, out_strides, off)
}

/// The offset of a result layout, after checking the invariants every layout keeps
/// (see [`validate`]): a selection of a valid layout always passes, so this only
/// guards against an arithmetic slip turning into an invalid layout.
pub(crate) const fn checked_result(
    shape: &[usize],
    strides: &[isize],
    offset: isize,
) -> Result<usize, LayoutError> {
    if offset < 0 {
        return Err(LayoutError::BeforeStart { offset });
    }
    match validate(shape, strides, offset as usize) {
        Ok(()) => Ok(offset as usize),
        Err(e) => Err(e),
    }
}

/// `np.diagonal(a, k, axis1, axis2)`: both axes removed, the diagonal appended as
/// the last output axis. Returns the new offset; the outputs have rank - 1 entries.
#[allow(clippy::too_many_arguments)]
pub(crate) const fn diagonal(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    k: isize,
    axis1: usize,
    axis2: usize,
    out_shape: &mut [usize],
    out_strides: &mut [isize],
) -> Result<usize, LayoutError> {
    let rank = shape.len();
    if axis1 >= rank || axis2 >= rank {
        let bad = if axis1 >= rank { axis1 } else { axis2 };
        let axis = if bad > isize::MAX as usize {
            isize::MAX
        } else {
            bad as isize
        };
        return Err(LayoutError::AxisOutOfRange { axis, rank });
    }
    if axis1 == axis2 {
        return Err(LayoutError::RepeatedAxis { axis: axis1 });
    }
    if out_shape.len() + 1 != rank {
        return Err(LayoutError::RankMismatch {
            expected: out_shape.len(),
            found: rank - 1,
        });
    }
    let (n1, n2) = (shape[axis1], shape[axis2]);
    let (s1, s2) = (strides[axis1], strides[axis2]);
    // Start at (0, k) for k >= 0, (-k, 0) otherwise; NumPy gives length 0 (and
    // keeps the offset) when the start is outside.
    let (r0, c0) = if k >= 0 {
        (0, k.unsigned_abs())
    } else {
        (k.unsigned_abs(), 0)
    };
    let (len, new_offset) = if r0 >= n1 || c0 >= n2 {
        (0, offset)
    } else {
        let len = if n1 - r0 < n2 - c0 { n1 - r0 } else { n2 - c0 };
        // (r0, c0) is a valid index pair: the offset is one the layout reaches.
        (
            len,
            (offset as isize + r0 as isize * s1 + c0 as isize * s2) as usize,
        )
    };
    let mut i = 0;
    let mut o = 0;
    while i < rank {
        if i != axis1 && i != axis2 {
            out_shape[o] = shape[i];
            out_strides[o] = strides[i];
            o += 1;
        }
        i += 1;
    }
    out_shape[rank - 2] = len;
    // For len > 1, s1 + s2 is the distance between two reached elements: it fits.
    out_strides[rank - 2] = s1.wrapping_add(s2);
    checked_result(out_shape, out_strides, new_offset as isize)
}
