//! Memory regions: anything that reaches memory through a layout (views, mutable
//! views, arrays, Cow arrays), and NumPy's `may_share_memory` / `shares_memory`
//! between any two of them, of any element types and ranks.

use crate::order::OrderMarker;
use crate::view::{Mutability, ViewBase};

/// Anything that reaches memory through a layout: [`View`](crate::View),
/// [`ViewMut`](crate::ViewMut), [`Array`](crate::Array),
/// [`CowArray`](crate::CowArray). [`may_share_memory`] and [`shares_memory`] take any
/// two of them, of any element types and ranks.
pub trait MemoryRegion {
    /// Size of one element in bytes.
    fn itemsize(&self) -> usize;
    /// The shape.
    fn region_shape(&self) -> &[usize];
    /// The strides, in elements.
    fn region_strides(&self) -> &[isize];
    /// Address of the start of the buffer the layout's offsets count from.
    fn region_base(&self) -> usize;
    /// Element offset of index `[0, …, 0]`.
    fn region_offset(&self) -> usize;
}

impl<T, const R: usize, O: OrderMarker, M: Mutability> MemoryRegion for ViewBase<'_, T, R, O, M> {
    fn itemsize(&self) -> usize {
        size_of::<T>()
    }
    fn region_shape(&self) -> &[usize] {
        self.shape()
    }
    fn region_strides(&self) -> &[isize] {
        self.strides()
    }
    fn region_base(&self) -> usize {
        self.base_ptr() as usize
    }
    fn region_offset(&self) -> usize {
        self.layout().offset()
    }
}

/// A region in bytes, offsets relative to `lo`: the element's bytes are one more
/// axis (length `itemsize`, stride 1), so regions of different element sizes
/// compare exactly with a unit size of 1.
fn byte_region(r: &impl MemoryRegion, lo: usize) -> (Vec<usize>, Vec<isize>, isize) {
    let sz = r.itemsize();
    let mut shape = r.region_shape().to_vec();
    // Strides of axes of length > 1 fit in bytes (they lie inside one allocation);
    // other axes reach nothing through their stride, so saturating is harmless.
    // Addresses and in-buffer byte offsets of live allocations are below
    // isize::MAX.
    let mut strides: Vec<isize> = r
        .region_strides()
        .iter()
        .map(|&s| s.saturating_mul(sz as isize))
        .collect();
    shape.push(sz);
    strides.push(1);
    let offset = ((r.region_base() - lo) as isize)
        .saturating_add((r.region_offset() as isize).saturating_mul(sz as isize));
    (shape, strides, offset)
}

/// `np.may_share_memory`: whether the address ranges of two regions (views,
/// mutable views or arrays, of any element types and ranks) intersect.
///
/// ```
/// use stride_core::{Array, Slice, may_share_memory};
/// let a = Array::<f64, 1>::zeros([10])?;
/// let b = Array::<f64, 1>::zeros([10])?;
/// assert!(may_share_memory(&a, &a.slice([Slice::step_by(2)])?));
/// assert!(!may_share_memory(&a, &b));
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub fn may_share_memory(a: &impl MemoryRegion, b: &impl MemoryRegion) -> bool {
    let lo = a.region_base().min(b.region_base());
    let (sa, ta, oa) = byte_region(a, lo);
    let (sb, tb, ob) = byte_region(b, lo);
    crate::overlap::bounds_overlap(&sa, &ta, oa, &sb, &tb, ob, 1)
}

/// `np.shares_memory(a, b, max_work)`: whether some byte is reached by both
/// regions (of any element types and ranks), decided exactly as a bounded linear
/// Diophantine problem; [`Sharing::TooHard`](crate::Sharing::TooHard) past
/// `max_work`.
///
/// ```
/// use stride_core::{Array, DEFAULT_MAX_WORK, Sharing, Slice, shares_memory};
/// let a = Array::<u16, 1>::zeros([10])?;
/// let even = a.slice([Slice::step_by(2)])?;
/// let odd = a.slice([Slice::new(Some(1), None, 2)])?;
/// assert_eq!(shares_memory(&even, &odd, DEFAULT_MAX_WORK), Sharing::Disjoint);
/// assert_eq!(shares_memory(&even, &a, DEFAULT_MAX_WORK), Sharing::Shared);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub fn shares_memory(
    a: &impl MemoryRegion,
    b: &impl MemoryRegion,
    max_work: u64,
) -> crate::Sharing {
    let lo = a.region_base().min(b.region_base());
    let (sa, ta, oa) = byte_region(a, lo);
    let (sb, tb, ob) = byte_region(b, lo);
    crate::overlap::solve_shared(&sa, &ta, oa, &sb, &tb, ob, 1, max_work)
}
