//! Orders: the value [`Order`] (NumPy's `order=` argument) and the type-level
//! markers [`C`], [`F`] and [`Strided`] that views and arrays carry.

/// The order in which elements are read or written, as NumPy's `order=` argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    /// Row-major: the last index varies fastest.
    C,
    /// Column-major: the first index varies fastest.
    F,
    /// `F` if the layout is F-contiguous and not C-contiguous, else `C`.
    A,
    /// As close to memory order as possible (`ravel` and copies only).
    K,
}

impl Order {
    /// The letter NumPy uses.
    pub const fn name(self) -> &'static str {
        match self {
            Order::C => "C",
            Order::F => "F",
            Order::A => "A",
            Order::K => "K",
        }
    }
}

mod sealed {
    pub trait Sealed {}
}

/// What a type-level order marker promises about a layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Contiguity {
    /// NumPy's `C_CONTIGUOUS` flag holds.
    C,
    /// NumPy's `F_CONTIGUOUS` flag holds.
    F,
    /// Nothing is promised.
    Strided,
}

/// A type-level order marker: [`C`], [`F`] or [`Strided`].
///
/// A view or array whose type says `C` (or `F`) is guaranteed C- (or F-) contiguous
/// by NumPy's definition (length-1 axes may carry any stride). An API can demand it
/// in its signature:
///
/// ```
/// use stride_core::{Array, View, F};
///
/// /// A BLAS-style routine that needs column-major storage.
/// fn column_sums(a: View<'_, f64, 2, F>) -> Vec<f64> {
///     let [rows, cols] = *a.shape();
///     let data = a.as_contiguous_slice();
///     (0..cols).map(|j| data[j * rows..(j + 1) * rows].iter().sum()).collect()
/// }
///
/// let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (10 * i + j) as f64)?;
/// // `a` is C-ordered; its transpose is F-ordered, for free and in the type:
/// assert_eq!(column_sums(a.t()), vec![3.0, 33.0]);
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub trait OrderMarker: sealed::Sealed + Copy + Default + core::fmt::Debug + 'static {
    /// The marker of the layout with its axes reversed (`C` <-> `F`).
    type Reversed: OrderMarker<Reversed = Self>;
    /// What this marker promises.
    const CONTIGUITY: Contiguity;
}

/// Row-major contiguous (NumPy `C_CONTIGUOUS`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct C;
/// Column-major contiguous (NumPy `F_CONTIGUOUS`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct F;
/// Any strides: nothing is promised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Strided;

impl sealed::Sealed for C {}
impl sealed::Sealed for F {}
impl sealed::Sealed for Strided {}

impl OrderMarker for C {
    type Reversed = F;
    const CONTIGUITY: Contiguity = Contiguity::C;
}
impl OrderMarker for F {
    type Reversed = C;
    const CONTIGUITY: Contiguity = Contiguity::F;
}
impl OrderMarker for Strided {
    type Reversed = Strided;
    const CONTIGUITY: Contiguity = Contiguity::Strided;
}

/// The markers that promise contiguity, [`C`] and [`F`]: owned arrays are built
/// in one of them, and a view so marked can be read as a plain slice.
pub trait ContiguousOrder: OrderMarker {
    /// The order, as a value.
    const ORDER: Order;
}

impl ContiguousOrder for C {
    const ORDER: Order = Order::C;
}
impl ContiguousOrder for F {
    const ORDER: Order = Order::F;
}

/// Whether `layout` keeps the promise of marker `O`.
pub(crate) const fn satisfies<O: OrderMarker>(shape: &[usize], strides: &[isize]) -> bool {
    match O::CONTIGUITY {
        Contiguity::C => crate::dims::is_c_contiguous(shape, strides),
        Contiguity::F => crate::dims::is_f_contiguous(shape, strides),
        Contiguity::Strided => true,
    }
}

/// [`satisfies`] as a `Result`: the error names the order `O` requires.
pub(crate) const fn check_marker<O: OrderMarker>(
    shape: &[usize],
    strides: &[isize],
) -> Result<(), crate::LayoutError> {
    if satisfies::<O>(shape, strides) {
        return Ok(());
    }
    let order = match O::CONTIGUITY {
        Contiguity::F => Order::F,
        _ => Order::C,
    };
    Err(crate::LayoutError::NotContiguous { order })
}
