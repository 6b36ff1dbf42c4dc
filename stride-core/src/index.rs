//! Basic indexing: slices with steps (negative too, Python clamping), integer
//! indices (rank drops), new axes (stride 0) and the ellipsis.

use crate::dims::{normalize_axis, validate};
use crate::error::LayoutError;
use crate::rank::{Rank, RankAdd, RankSub};

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
    ///
    /// ```
    /// use stride_core::{LayoutError, Slice};
    /// assert_eq!(Slice::new(Some(-3), None, 1).indices(10), Ok((7, 3, 1)));
    /// assert_eq!(Slice::REVERSE.indices(4), Ok((3, 4, -1)));
    /// assert_eq!(Slice::step_by(0).indices(4), Err(LayoutError::ZeroStep { axis: 0 }));
    /// // No axis holds more than `isize::MAX` elements.
    /// assert_eq!(Slice::FULL.indices(usize::MAX), Err(LayoutError::TooLarge));
    /// ```
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

/// A basic index whose effect on the rank is in its type: it consumes `IN` axes
/// (integers and slices) and produces `OUT` (slices and new axes), so applied to a
/// rank-`R` layout it gives rank `R - IN + OUT`, computed by the compiler (see
/// [`IndexFor`]). The `s!` macro of the `stride` crate writes these from NumPy's
/// notation; by hand, [`SliceInfo::new`] checks the counts.
///
/// ```
/// use stride_core::{Item, Layout, Slice, SliceInfo};
/// // a[1, ::2, np.newaxis]: consumes 2 axes, produces 2.
/// let s = SliceInfo::<3, 2, 2>::new([Item::Index(1), Item::Slice(Slice::step_by(2)), Item::NewAxis])?;
/// let a = Layout::c([4, 6, 8])?;
/// let v = a.index(s)?; // Layout<3>: 3 - 2 + 2, inferred
/// assert_eq!((v.shape(), v.strides()), (&[3, 1, 8], &[16, 0, 1]));
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SliceInfo<const N: usize, const IN: usize, const OUT: usize> {
    items: [Item; N],
}

impl<const N: usize, const IN: usize, const OUT: usize> SliceInfo<N, IN, OUT> {
    /// The index `items`, checked to consume `IN` axes and produce `OUT`, with at
    /// most one ellipsis.
    pub const fn new(items: [Item; N]) -> Result<Self, LayoutError> {
        let (consumed, produced, ellipses) = count_kinds(&items);
        if ellipses > 1 {
            return Err(LayoutError::MultipleEllipsis);
        }
        if consumed != IN {
            return Err(LayoutError::RankMismatch {
                expected: IN,
                found: consumed,
            });
        }
        if produced != OUT {
            return Err(LayoutError::RankMismatch {
                expected: OUT,
                found: produced,
            });
        }
        Ok(SliceInfo { items })
    }

    /// What the `s!` macro expands to: it counted the kinds of the items itself.
    #[doc(hidden)]
    pub const fn __from_macro(items: [Item; N]) -> Self {
        SliceInfo { items }
    }

    /// The items.
    pub const fn items(&self) -> &[Item; N] {
        &self.items
    }
}

/// `(axes consumed, axes produced, ellipses)` of an index.
const fn count_kinds(items: &[Item]) -> (usize, usize, usize) {
    let (mut consumed, mut produced, mut ellipses) = (0, 0, 0);
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::Index(_) => consumed += 1,
            Item::Slice(_) => {
                consumed += 1;
                produced += 1;
            }
            Item::NewAxis => produced += 1,
            Item::Ellipsis => ellipses += 1,
        }
        i += 1;
    }
    (consumed, produced, ellipses)
}

/// Implemented by an index that applies to a rank-`R` layout; `Out` is the
/// result rank as a [`Rank`]. A [`SliceInfo`] consuming more axes than `R` has
/// does not implement it: a type error at the call, seen by `cargo check`.
#[diagnostic::on_unimplemented(
    message = "this index does not apply to a layout of rank {R}",
    label = "an index consuming more axes than the layout has"
)]
pub trait IndexFor<const R: usize> {
    /// The rank of the result, as `Rank<Q>`.
    type Out;
}

impl<
    const N: usize,
    const IN: usize,
    const OUT: usize,
    const R: usize,
    const REST: usize,
    const Q: usize,
> IndexFor<R> for SliceInfo<N, IN, OUT>
where
    Rank<R>: RankSub<Rank<IN>, Output = Rank<REST>>,
    Rank<REST>: RankAdd<Rank<OUT>, Output = Rank<Q>>,
{
    type Out = Rank<Q>;
}

pub(crate) const fn slice_indices(
    s: Slice,
    n: usize,
    axis: usize,
) -> Result<(usize, usize, isize), LayoutError> {
    let step = s.step;
    if step == 0 {
        return Err(LayoutError::ZeroStep { axis });
    }
    // No axis is longer than `isize::MAX` (a layout's own are not; a length
    // given to `Slice::indices` may be anything).
    if n > isize::MAX as usize {
        return Err(LayoutError::TooLarge);
    }
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
                let norm = match normalize_index(idx, shape[ax], ax) {
                    Ok(i) => i,
                    Err(e) => return Err(e),
                };
                off += norm as isize * strides[ax];
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
/// guards against an arithmetic slip turning into an invalid layout. An empty
/// result reaches no element, and its offset may come out before the buffer
/// (position 1 of an empty view whose first axis has stride -1, say: NumPy's
/// pointer then points anywhere): it is 0.
pub(crate) const fn checked_result(
    shape: &[usize],
    strides: &[isize],
    offset: isize,
) -> Result<usize, LayoutError> {
    if offset < 0 {
        if crate::dims::size(shape) == 0 {
            return match validate(shape, strides, 0) {
                Ok(()) => Ok(0),
                Err(e) => Err(e),
            };
        }
        return Err(LayoutError::BeforeStart { offset });
    }
    match validate(shape, strides, offset as usize) {
        Ok(()) => Ok(offset as usize),
        Err(e) => Err(e),
    }
}

/// Index `idx` of an axis of length `n` (negative counts from the end, as in
/// Python), or `IndexOutOfBounds` naming `axis`.
pub(crate) const fn normalize_index(
    idx: isize,
    n: usize,
    axis: usize,
) -> Result<usize, LayoutError> {
    // Compared as unsigned magnitudes: nothing here can overflow.
    let back = idx.unsigned_abs();
    if idx >= 0 && back < n {
        Ok(back)
    } else if idx < 0 && back <= n {
        Ok(n - back)
    } else {
        Err(LayoutError::IndexOutOfBounds {
            axis,
            index: idx,
            len: n,
        })
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
    axis1: isize,
    axis2: isize,
    out_shape: &mut [usize],
    out_strides: &mut [isize],
) -> Result<usize, LayoutError> {
    let rank = shape.len();
    let axis1 = match normalize_axis(axis1, rank) {
        Ok(a) => a,
        Err(e) => return Err(e),
    };
    let axis2 = match normalize_axis(axis2, rank) {
        Ok(a) => a,
        Err(e) => return Err(e),
    };
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
