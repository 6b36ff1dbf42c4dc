//! [`DynLayout`]: a layout whose rank is known only at run time.
//!
//! It runs exactly the algorithms [`Layout`] runs (the same functions on slices),
//! for callers that learn the rank late: the procedural macros at expansion time,
//! and conformance runners reading test vectors.

use crate::broadcast;
use crate::dims;
use crate::error::LayoutError;
use crate::index::{self, Item};
use crate::layout::Layout;
use crate::order::{Order, OrderMarker};
use crate::overlap::{self, Sharing};
use crate::reshape::{self, Decision, ViewOrCopy};
use crate::window;

/// Shape, strides (elements) and offset, with the rank at run time.
///
/// ```
/// use stride_core::{DynLayout, Order};
/// let a = DynLayout::c(&[4, 6, 8])?;
/// let t = a.permute(&[2, 0, 1])?;
/// assert_eq!(t.strides(), &[1, 48, 8]);
/// // Axes 1 and 2 still merge (48 == 6 * 8): a view.
/// let (outcome, r) = t.reshape(&[8, -1], Order::C)?;
/// assert!(outcome.is_view() && r.strides() == &[1, 8]);
/// // Axes 0 and 1 do not: a copy, with packed C strides.
/// let (outcome, r) = t.reshape(&[-1], Order::C)?;
/// assert!(!outcome.is_view() && r.is_c_contiguous());
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DynLayout {
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
}

/// What [`DynLayout::broadcast_arrays`] returns: the common shape, and each layout
/// broadcast to it with `true` where NumPy returns the input object unchanged.
pub type BroadcastArrays = (Vec<usize>, Vec<(DynLayout, bool)>);

impl DynLayout {
    /// Packed C layout of `shape`.
    pub fn c(shape: &[usize]) -> Result<Self, LayoutError> {
        Self::packed(shape, Order::C)
    }

    /// Packed F layout of `shape`.
    pub fn f(shape: &[usize]) -> Result<Self, LayoutError> {
        Self::packed(shape, Order::F)
    }

    /// Packed layout in `order` (`F` for F, `C` otherwise).
    pub fn packed(shape: &[usize], order: Order) -> Result<Self, LayoutError> {
        dims::checked_size(shape)?;
        let mut strides = vec![0; shape.len()];
        dims::fill_strides(shape, matches!(order, Order::F), &mut strides)?;
        Ok(DynLayout {
            shape: shape.to_vec(),
            strides,
            offset: 0,
        })
    }

    /// Any layout, checked as [`Layout::from_parts`].
    pub fn from_parts(
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self, LayoutError> {
        dims::validate(shape, strides, offset)?;
        Ok(DynLayout {
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            offset,
        })
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The strides, in elements.
    pub fn strides(&self) -> &[isize] {
        &self.strides
    }

    /// Element offset of index `[0, …, 0]`.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The rank.
    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        dims::size(&self.shape)
    }

    /// Strides in bytes for `itemsize`-byte elements.
    pub fn strides_bytes(&self, itemsize: usize) -> Result<Vec<isize>, LayoutError> {
        let mut out = vec![0; self.rank()];
        dims::scale_strides(&self.strides, itemsize, &mut out)?;
        Ok(out)
    }

    /// Element offset of `index`.
    pub fn offset_of(&self, index: &[usize]) -> Result<usize, LayoutError> {
        dims::offset_of(&self.shape, &self.strides, self.offset, index)
    }

    /// NumPy's `C_CONTIGUOUS`.
    pub fn is_c_contiguous(&self) -> bool {
        dims::is_c_contiguous(&self.shape, &self.strides)
    }

    /// NumPy's `F_CONTIGUOUS`.
    pub fn is_f_contiguous(&self) -> bool {
        dims::is_f_contiguous(&self.shape, &self.strides)
    }

    /// `[start, end)` of reached element offsets, `None` when empty.
    pub fn span(&self) -> Option<(usize, usize)> {
        dims::span(&self.shape, &self.strides, self.offset)
    }

    /// Length a buffer needs for every reached offset to be in bounds.
    pub fn required_len(&self) -> usize {
        self.span().map_or(0, |(_, end)| end)
    }

    /// Checks that a buffer of `len` elements holds every offset the layout reaches
    /// (see [`Layout::check_fits`]).
    pub fn check_fits(&self, len: usize) -> Result<(), LayoutError> {
        dims::check_fits(&self.shape, &self.strides, self.offset, len)
    }

    /// Exact internal-overlap answer within `max_work`.
    pub fn internal_overlap(&self, max_work: u64) -> Sharing {
        overlap::solve_internal_overlap(&self.shape, &self.strides, max_work)
    }

    /// `true` when no two indices share an offset (proved).
    pub fn is_unique(&self) -> bool {
        self.internal_overlap(overlap::DEFAULT_MAX_WORK) == Sharing::Disjoint
    }

    /// `np.may_share_memory` for two layouts over one buffer.
    pub fn may_share_memory(&self, other: &DynLayout) -> bool {
        overlap::bounds_overlap(
            &self.shape,
            &self.strides,
            self.offset as isize,
            &other.shape,
            &other.strides,
            other.offset as isize,
            1,
        )
    }

    /// `np.shares_memory(max_work=max_work)` for two layouts over one buffer.
    pub fn shares_memory(&self, other: &DynLayout, max_work: u64) -> Sharing {
        overlap::solve_shared(
            &self.shape,
            &self.strides,
            self.offset as isize,
            &other.shape,
            &other.strides,
            other.offset as isize,
            1,
            max_work,
        )
    }

    /// `np.transpose(a, axes)` (negative axes count from the end).
    pub fn permute(&self, axes: &[isize]) -> Result<Self, LayoutError> {
        let mut shape = vec![0; axes.len()];
        let mut strides = vec![0; axes.len()];
        dims::permute(&self.shape, &self.strides, axes, &mut shape, &mut strides)?;
        Ok(DynLayout {
            shape,
            strides,
            offset: self.offset,
        })
    }

    /// `a.T`: all axes reversed.
    pub fn transpose(&self) -> Self {
        DynLayout {
            shape: self.shape.iter().rev().copied().collect(),
            strides: self.strides.iter().rev().copied().collect(),
            offset: self.offset,
        }
    }

    /// NumPy basic indexing (see [`Layout::index`]).
    pub fn index(&self, items: &[Item]) -> Result<Self, LayoutError> {
        let q = index::index_rank(items, self.rank())?;
        let mut shape = vec![0; q];
        let mut strides = vec![0; q];
        let offset = index::apply_index(
            &self.shape,
            &self.strides,
            self.offset,
            items,
            &mut shape,
            &mut strides,
        )?;
        Ok(DynLayout {
            shape,
            strides,
            offset,
        })
    }

    /// `np.diagonal(a, k, axis1, axis2)` (see [`Layout::diagonal`]).
    pub fn diagonal(&self, k: isize, axis1: isize, axis2: isize) -> Result<Self, LayoutError> {
        let q = self.rank().saturating_sub(1);
        let mut shape = vec![0; q];
        let mut strides = vec![0; q];
        let offset = index::diagonal(
            &self.shape,
            &self.strides,
            self.offset,
            k,
            axis1,
            axis2,
            &mut shape,
            &mut strides,
        )?;
        Ok(DynLayout {
            shape,
            strides,
            offset,
        })
    }

    /// `np.broadcast_to` (see [`Layout::broadcast_to`]).
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Self, LayoutError> {
        let mut strides = vec![0; shape.len()];
        broadcast::broadcast_to(&self.shape, &self.strides, self.offset, shape, &mut strides)?;
        Ok(DynLayout {
            shape: shape.to_vec(),
            strides,
            offset: self.offset,
        })
    }

    /// `np.broadcast_arrays`: the common shape, and each layout broadcast to it
    /// with a flag telling whether it was returned unchanged (NumPy returns an input
    /// whose shape already is the broadcast shape as it is).
    pub fn broadcast_arrays(layouts: &[DynLayout]) -> Result<BroadcastArrays, LayoutError> {
        let shapes: Vec<&[usize]> = layouts.iter().map(|l| l.shape.as_slice()).collect();
        let mut shape = vec![1; broadcast::max_rank(&shapes)];
        broadcast::broadcast_shapes(&shapes, &mut shape)?;
        let out = layouts
            .iter()
            .map(|l| {
                if l.shape == shape {
                    Ok((l.clone(), true))
                } else {
                    l.broadcast_to(&shape).map(|b| (b, false))
                }
            })
            .collect::<Result<_, _>>()?;
        Ok((shape, out))
    }

    /// Sliding windows with a step and a dilation per window (see
    /// [`Layout::window`]); the four slices pair up.
    pub fn sliding_window(
        &self,
        window: &[usize],
        axes: &[isize],
        step: &[usize],
        dilation: &[usize],
    ) -> Result<Self, LayoutError> {
        let q = self.rank() + window.len();
        let mut shape = vec![0; q];
        let mut strides = vec![0; q];
        window::sliding_window(
            &self.shape,
            &self.strides,
            window,
            axes,
            step,
            dilation,
            self.offset,
            &mut shape,
            &mut strides,
        )?;
        Ok(DynLayout {
            shape,
            strides,
            offset: self.offset,
        })
    }

    /// Two axes exchanged (`np.swapaxes`).
    pub fn swap_axes(&self, a: isize, b: isize) -> Result<Self, LayoutError> {
        let (a, b) = (
            dims::normalize_axis(a, self.rank())?,
            dims::normalize_axis(b, self.rank())?,
        );
        let mut out = self.clone();
        out.shape.swap(a, b);
        out.strides.swap(a, b);
        Ok(out)
    }

    /// One axis reversed (`np.flip(a, axis)`).
    pub fn flip(&self, axis: isize) -> Result<Self, LayoutError> {
        let axis = dims::normalize_axis(axis, self.rank())?;
        let mut items = vec![Item::FULL; self.rank()];
        items[axis] = Item::Slice(crate::Slice::REVERSE);
        self.index(&items)
    }

    /// What the most specific order marker of this layout promises (the marker
    /// `layout!` gives it).
    pub fn contiguity(&self) -> crate::Contiguity {
        crate::Contiguity::of(&self.shape, &self.strides)
    }

    /// The reshape decision: a view, or the packed layout of the copy.
    pub fn reshape(
        &self,
        shape: &[isize],
        order: Order,
    ) -> Result<(ViewOrCopy, Self), LayoutError> {
        let (decision, l) = self.decide_reshape(shape, order)?;
        Ok(match decision {
            Decision::View => (ViewOrCopy::View, l),
            Decision::Copy(_) => (ViewOrCopy::Copy, l),
        })
    }

    /// Reshape without copy (see [`Layout::reshape`]): the view, or why there is
    /// none ([`LayoutError::NeedsCopy`] names the axes that cannot merge).
    pub fn reshape_view(&self, shape: &[isize], order: Order) -> Result<Self, LayoutError> {
        match self.decide_reshape(shape, order)? {
            (Decision::View, l) => Ok(l),
            (Decision::Copy(why), _) => Err(why),
        }
    }

    /// The reshape decision with the result's layout (offset 0 for a copy).
    fn decide_reshape(
        &self,
        shape: &[isize],
        order: Order,
    ) -> Result<(Decision, Self), LayoutError> {
        let r = self.rank();
        let mut out_shape = vec![0; shape.len()];
        let mut out_strides = vec![0; shape.len()];
        let (mut d, mut s, mut a) = (vec![0; r], vec![0; r], vec![0; r]);
        let decision = reshape::reshape(
            &self.shape,
            &self.strides,
            self.offset,
            shape,
            order,
            &mut out_shape,
            &mut out_strides,
            &mut d,
            &mut s,
            &mut a,
        )?;
        let offset = match decision {
            Decision::View => self.offset,
            Decision::Copy(_) => 0,
        };
        Ok((
            decision,
            DynLayout {
                shape: out_shape,
                strides: out_strides,
                offset,
            },
        ))
    }

    /// `np.ravel(a, order)`: a view when NumPy returns one, else the copy's layout.
    pub fn ravel(&self, order: Order) -> (ViewOrCopy, Self) {
        let mut perm = vec![0; self.rank()];
        let o = reshape::ravel(&self.shape, &self.strides, order, &mut perm);
        let offset = if o.is_view() { self.offset } else { 0 };
        (
            o,
            DynLayout {
                shape: vec![self.size()],
                strides: vec![1],
                offset,
            },
        )
    }

    /// The axes in NumPy's K order (see [`Layout::keep_order_axes`]).
    pub fn keep_order_axes(&self) -> Vec<usize> {
        let mut perm = vec![0; self.rank()];
        dims::keep_order_perm(&self.shape, &self.strides, &mut perm);
        perm
    }

    /// Element offsets of all elements, in logical C order (`F` walks the first
    /// axis fastest); an error when they do not fit in memory (a broadcast of
    /// a huge shape: [`LayoutError::TooLarge`] or
    /// [`LayoutError::AllocationFailed`]).
    ///
    /// ```
    /// use stride_core::{DynLayout, LayoutError, Order};
    /// let l = DynLayout::c(&[2, 3])?.permute(&[1, 0])?;
    /// assert_eq!(l.element_offsets(Order::C)?, [0, 3, 1, 4, 2, 5]);
    /// let huge = DynLayout::c(&[1])?.broadcast_to(&[1 << 62])?;
    /// assert_eq!(huge.element_offsets(Order::C), Err(LayoutError::TooLarge));
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn element_offsets(&self, order: Order) -> Result<Vec<usize>, LayoutError> {
        let mut out = crate::copy::try_vec(self.size())?;
        let r = self.rank();
        if self.size() == 0 {
            return Ok(out);
        }
        let f = matches!(order, Order::F);
        let mut idx = vec![0usize; r];
        loop {
            let off = self.offset as isize
                + self
                    .strides
                    .iter()
                    .zip(&idx)
                    .map(|(&s, &i)| s * i as isize)
                    .sum::<isize>();
            out.push(off as usize);
            // Odometer: C increments the last axis first, F the first.
            let mut done = true;
            for step in 0..r {
                let k = if f { step } else { r - 1 - step };
                idx[k] += 1;
                if idx[k] < self.shape[k] {
                    done = false;
                    break;
                }
                idx[k] = 0;
            }
            if done {
                return Ok(out);
            }
        }
    }

    /// The typed layout, when the rank is `R`.
    pub fn to_layout<const R: usize>(&self) -> Result<Layout<R>, LayoutError> {
        let shape: [usize; R] =
            self.shape
                .as_slice()
                .try_into()
                .map_err(|_| LayoutError::RankMismatch {
                    expected: R,
                    found: self.rank(),
                })?;
        let mut strides = [0isize; R];
        strides.copy_from_slice(&self.strides);
        // A `DynLayout`'s values are a checked layout (its invariant), here of
        // rank R, under `Strided`, which promises nothing more.
        // SAFETY: as just said.
        Ok(unsafe { Layout::from_parts_unchecked(shape, strides, self.offset) })
    }
}

impl<const R: usize, O: OrderMarker> From<Layout<R, O>> for DynLayout {
    fn from(l: Layout<R, O>) -> Self {
        DynLayout {
            shape: l.shape().to_vec(),
            strides: l.strides().to_vec(),
            offset: l.offset(),
        }
    }
}
