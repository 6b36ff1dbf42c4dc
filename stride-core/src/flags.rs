//! NumPy's `flags` attribute.

use core::fmt;

use crate::layout::Layout;
use crate::order::OrderMarker;

/// The flags NumPy reports for an array (seed 001's `x.flags`).
///
/// ```
/// use stride_core::{Array, Slice};
/// let x = Array::<f64, 1>::from_elem([100 * 100], 1.0)?; // ones(10000 * 100) in the seed
/// let y = x.slice([Slice::step_by(100)])?;
/// let f = y.flags();
/// assert!(!f.c_contiguous && !f.f_contiguous && !f.owndata);
/// assert!(x.flags().c_contiguous && x.flags().f_contiguous && x.flags().owndata);
/// print!("{f}"); //   C_CONTIGUOUS : False ...
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Flags {
    /// NumPy's `C_CONTIGUOUS`.
    pub c_contiguous: bool,
    /// NumPy's `F_CONTIGUOUS`.
    pub f_contiguous: bool,
    /// NumPy's `OWNDATA`: an [`Array`](crate::Array), not a view.
    pub owndata: bool,
    /// NumPy's `WRITEABLE`, as Rust's borrows decide it: whether elements can be
    /// written through *this* handle. `true` for an [`Array`](crate::Array) and a
    /// [`ViewMut`](crate::ViewMut); `false` for a [`View`](crate::View), even a
    /// view of a writeable array, because a shared borrow cannot write (where
    /// NumPy, whose views all alias freely, reports `True` for a view of a
    /// writeable array and `False` for a broadcast or a sliding window — those are
    /// `View`s here too, and can never become mutable).
    pub writeable: bool,
    /// NumPy's `ALIGNED`: always true (Rust references are aligned).
    pub aligned: bool,
}

impl Flags {
    pub(crate) fn of<const R: usize, O: OrderMarker>(
        layout: &Layout<R, O>,
        owndata: bool,
        writeable: bool,
    ) -> Flags {
        Flags {
            c_contiguous: layout.is_c_contiguous(),
            f_contiguous: layout.is_f_contiguous(),
            owndata,
            writeable,
            aligned: true,
        }
    }
}

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = |x: bool| if x { "True" } else { "False" };
        writeln!(f, "  C_CONTIGUOUS : {}", b(self.c_contiguous))?;
        writeln!(f, "  F_CONTIGUOUS : {}", b(self.f_contiguous))?;
        writeln!(f, "  OWNDATA : {}", b(self.owndata))?;
        writeln!(f, "  WRITEABLE : {}", b(self.writeable))?;
        writeln!(f, "  ALIGNED : {}", b(self.aligned))
    }
}
