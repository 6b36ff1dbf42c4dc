//! [`CowArray`]: a view when NumPy would return one, an owned copy otherwise.

use crate::array::Array;
use crate::order::{OrderMarker, Strided};
use crate::view::View;

/// The result of operations that return a view when they can and copy otherwise
/// (`ravel`, `reshape` with copy allowed), telling which happened.
#[derive(Debug)]
pub enum CowArray<'a, T, const R: usize, O: OrderMarker = Strided> {
    /// No copy: a view of the input's memory.
    View(View<'a, T, R, O>),
    /// A fresh array.
    Owned(Array<T, R, O>),
}

impl<T, const R: usize, O: OrderMarker> CowArray<'_, T, R, O> {
    /// `true` when no copy was made.
    pub fn is_view(&self) -> bool {
        matches!(self, CowArray::View(_))
    }

    /// A view of the elements, whichever the case.
    pub fn view(&self) -> View<'_, T, R, O> {
        match self {
            CowArray::View(v) => *v,
            CowArray::Owned(a) => a.view(),
        }
    }

    /// Address of element `[0, …, 0]`.
    pub fn as_ptr(&self) -> *const T {
        self.view().as_ptr()
    }

    /// An owned array, copying only when this is a view.
    pub fn into_owned(self) -> Result<Array<T, R, O>, crate::LayoutError>
    where
        T: Clone,
    {
        match self {
            CowArray::View(v) => {
                // Copy in the order the marker promises (C for C and Strided).
                let order = match O::CONTIGUITY {
                    crate::Contiguity::F => crate::Order::F,
                    _ => crate::Order::C,
                };
                let data = crate::copy::gather(v, order)?;
                Array::from_buffer_parts(
                    data,
                    crate::Layout::packed_in(*v.shape(), order)?.try_order()?,
                )
            }
            CowArray::Owned(a) => Ok(a),
        }
    }
}

impl<T, const R: usize, O: OrderMarker> crate::region::MemoryRegion for CowArray<'_, T, R, O> {
    fn itemsize(&self) -> usize {
        size_of::<T>()
    }
    fn region_shape(&self) -> &[usize] {
        match self {
            CowArray::View(v) => v.shape(),
            CowArray::Owned(a) => a.shape(),
        }
    }
    fn region_strides(&self) -> &[isize] {
        match self {
            CowArray::View(v) => v.strides(),
            CowArray::Owned(a) => a.strides(),
        }
    }
    fn region_base(&self) -> usize {
        match self {
            CowArray::View(v) => v.region_base(),
            CowArray::Owned(a) => a.region_base(),
        }
    }
    fn region_offset(&self) -> usize {
        match self {
            CowArray::View(v) => v.region_offset(),
            CowArray::Owned(a) => a.region_offset(),
        }
    }
}

/// As the view's: NumPy's `str(a)` (see [`ViewBase`](crate::ViewBase)'s
/// `Display`).
///
/// ```
/// use stride_core::{Array, Order};
/// let a = Array::<i32, 2>::from_fn([2, 2], |[i, j]| (2 * i + j) as i32)?;
/// assert_eq!(a.ravel(Order::C)?.to_string(), "[0, 1, 2, 3]"); // a view
/// assert_eq!(a.ravel(Order::F)?.to_string(), "[0, 2, 1, 3]"); // a copy
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
impl<T: core::fmt::Display, const R: usize, O: OrderMarker> core::fmt::Display
    for CowArray<'_, T, R, O>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(&self.view(), f)
    }
}
