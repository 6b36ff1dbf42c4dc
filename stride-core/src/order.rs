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
    /// The last axis is contiguous and each other axis steps over whole blocks of
    /// the axes after it: C order with padding (see [`RowMajor`]).
    RowMajor,
    /// The first axis is contiguous: F order with padding (see [`ColMajor`]).
    ColMajor,
    /// Nothing is promised.
    Strided,
}

impl Contiguity {
    /// The marker's name, as types and messages spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Contiguity::C => "C",
            Contiguity::F => "F",
            Contiguity::RowMajor => "RowMajor",
            Contiguity::ColMajor => "ColMajor",
            Contiguity::Strided => "Strided",
        }
    }

    /// The most specific promise a layout keeps, in the order `C`, `F`,
    /// `RowMajor`, `ColMajor`, `Strided` (a layout both C- and F-contiguous, such
    /// as a 1-D contiguous one, is `C`). This is the marker `layout!` gives.
    ///
    /// ```
    /// use stride_core::{Contiguity, Layout, Slice};
    /// let a = Layout::c([6, 10])?;
    /// assert_eq!(Contiguity::of(a.shape(), a.strides()), Contiguity::C);
    /// let t = a.transpose();
    /// assert_eq!(Contiguity::of(t.shape(), t.strides()), Contiguity::F);
    /// let block = a.slice([Slice::range(0, 4), Slice::range(2, 5)])?;
    /// assert_eq!(Contiguity::of(block.shape(), block.strides()), Contiguity::RowMajor);
    /// let steps = a.slice([Slice::FULL, Slice::step_by(2)])?;
    /// assert_eq!(Contiguity::of(steps.shape(), steps.strides()), Contiguity::Strided);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub const fn of(shape: &[usize], strides: &[isize]) -> Contiguity {
        if crate::dims::is_c_contiguous(shape, strides) {
            Contiguity::C
        } else if crate::dims::is_f_contiguous(shape, strides) {
            Contiguity::F
        } else if crate::dims::is_row_major(shape, strides) {
            Contiguity::RowMajor
        } else if crate::dims::is_col_major(shape, strides) {
            Contiguity::ColMajor
        } else {
            Contiguity::Strided
        }
    }

    /// Whether a layout keeps this promise.
    pub const fn holds(self, shape: &[usize], strides: &[isize]) -> bool {
        match self {
            Contiguity::C => crate::dims::is_c_contiguous(shape, strides),
            Contiguity::F => crate::dims::is_f_contiguous(shape, strides),
            Contiguity::RowMajor => crate::dims::is_row_major(shape, strides),
            Contiguity::ColMajor => crate::dims::is_col_major(shape, strides),
            Contiguity::Strided => true,
        }
    }
}

/// A type-level order marker: [`C`], [`F`], [`RowMajor`], [`ColMajor`] or
/// [`Strided`].
///
/// A view or array whose type says `C` (or `F`) is guaranteed C- (or F-) contiguous
/// by NumPy's definition (length-1 axes may carry any stride); `RowMajor` (or
/// `ColMajor`) guarantees a contiguous innermost axis with a leading dimension
/// known at run time. An API can demand any of them in its signature:
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
pub trait OrderMarker:
    sealed::Sealed + Copy + Default + Eq + core::hash::Hash + core::fmt::Debug + 'static
{
    /// The marker of the layout with its axes reversed (`C` <-> `F`,
    /// `RowMajor` <-> `ColMajor`).
    type Reversed: OrderMarker<Reversed = Self>;
    /// The order of a new array computed elementwise from a view of this order:
    /// [`F`] for `F` and [`ColMajor`], [`C`] otherwise. NumPy's ufuncs write
    /// their outputs in the inputs' memory order (`order='K'`), so that
    /// `2 * a` of an F-ordered `a` is F-ordered and the loop reads and writes
    /// both in one order; the type keeps what the marker knows of it.
    type Kept: ContiguousOrder;
    /// What this marker promises.
    const CONTIGUITY: Contiguity;
}

/// The order of a new array computed elementwise from a view marked `O` (see
/// [`OrderMarker::Kept`]).
pub type Kept<O> = <O as OrderMarker>::Kept;

/// The order of a new array computed elementwise from two views marked `O` and
/// `P`: F when both keep F, C otherwise (as NumPy's `order='K'` for inputs
/// of mixed orders).
///
/// ```
/// use stride_core::{Array, F};
/// let a = Array::<f64, 2, F>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
/// let b = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
/// let both_f: Array<f64, 2, F> = &a + &a; // F and F: F
/// let mixed: Array<f64, 2> = &a + &b; // F and C: C
/// assert_eq!(both_f[[1, 2]], mixed[[1, 2]]); // the same values,
/// assert_eq!(both_f.as_slice(), &[0.0, 6.0, 2.0, 8.0, 4.0, 10.0]); // in F
/// assert_eq!(mixed.as_slice(), &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]); // and in C
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
pub type Kept2<O, P> = <Kept<O> as ContiguousOrder>::Both<Kept<P>>;

/// Row-major contiguous (NumPy `C_CONTIGUOUS`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct C;
/// Column-major contiguous (NumPy `F_CONTIGUOUS`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct F;
/// C order with padding: the last axis is contiguous (unit stride) and every other
/// axis steps over whole blocks of the axes after it, as a BLAS row-major matrix
/// whose leading dimension (the row stride, known at run time) may exceed its row
/// length. A block `a[i0..i1, j0..j1]` of a C matrix is `RowMajor`; every `C`
/// layout is `RowMajor`, and no two indices of a `RowMajor` layout share an element.
///
/// ```
/// use stride_core::{Array, RowMajor, Slice, View};
/// let a = Array::<f64, 2>::from_fn([6, 10], |[i, j]| (10 * i + j) as f64)?;
/// let block: View<f64, 2, RowMajor> =
///     a.slice([Slice::range(1, 4), Slice::range(2, 5)])?.try_into_order()?;
/// assert_eq!(block.leading_dim(), 10);
/// assert_eq!(block.lane(2), &[32.0, 33.0, 34.0]); // row 2 of the block, a slice
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RowMajor;
/// F order with padding: the first axis is contiguous and every other axis steps
/// over whole blocks of the axes before it (a BLAS column-major matrix with a
/// leading dimension). The transpose of a [`RowMajor`] layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ColMajor;
/// Any strides: nothing is promised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Strided;

impl sealed::Sealed for C {}
impl sealed::Sealed for F {}
impl sealed::Sealed for RowMajor {}
impl sealed::Sealed for ColMajor {}
impl sealed::Sealed for Strided {}

impl OrderMarker for C {
    type Kept = C;
    type Reversed = F;
    const CONTIGUITY: Contiguity = Contiguity::C;
}
impl OrderMarker for F {
    type Kept = F;
    type Reversed = C;
    const CONTIGUITY: Contiguity = Contiguity::F;
}
impl OrderMarker for RowMajor {
    type Kept = C;
    type Reversed = ColMajor;
    const CONTIGUITY: Contiguity = Contiguity::RowMajor;
}
impl OrderMarker for ColMajor {
    type Kept = F;
    type Reversed = RowMajor;
    const CONTIGUITY: Contiguity = Contiguity::ColMajor;
}
impl OrderMarker for Strided {
    type Kept = C;
    type Reversed = Strided;
    const CONTIGUITY: Contiguity = Contiguity::Strided;
}

/// The markers that promise contiguity, [`C`] and [`F`]: owned arrays are built
/// in one of them, and a view so marked can be read as a plain slice.
pub trait ContiguousOrder: OrderMarker {
    /// The order, as a value.
    const ORDER: Order;
    /// The order of a new array computed from operands that keep this order
    /// and `Q`: `F` if both are `F`, `C` otherwise (see [`Kept2`]).
    type Both<Q: ContiguousOrder>: ContiguousOrder;
}

impl ContiguousOrder for C {
    const ORDER: Order = Order::C;
    type Both<Q: ContiguousOrder> = C;
}
impl ContiguousOrder for F {
    const ORDER: Order = Order::F;
    type Both<Q: ContiguousOrder> = Q;
}

/// The markers whose innermost axis is contiguous: [`RowMajor`] and [`ColMajor`],
/// and the contiguous [`C`] and [`F`] that imply them.
pub trait InnerContiguous: OrderMarker {
    /// `false`: the last axis is the contiguous one; `true`: the first.
    const FIRST_AXIS: bool;
    /// The marker of a block of such a layout (rows and columns cut out of it):
    /// [`RowMajor`] for `C` and `RowMajor`, [`ColMajor`] for `F` and `ColMajor`.
    type Padded: InnerContiguous<Padded = Self::Padded>;
}
impl InnerContiguous for C {
    const FIRST_AXIS: bool = false;
    type Padded = RowMajor;
}
impl InnerContiguous for RowMajor {
    const FIRST_AXIS: bool = false;
    type Padded = RowMajor;
}
impl InnerContiguous for F {
    const FIRST_AXIS: bool = true;
    type Padded = ColMajor;
}
impl InnerContiguous for ColMajor {
    const FIRST_AXIS: bool = true;
    type Padded = ColMajor;
}

/// `Self`'s promise implies `P`'s, so a layout marked `Self` can be marked `P`
/// for free: `C` implies `RowMajor`, `F` implies `ColMajor`, everything implies
/// `Strided`, and every marker implies itself.
pub trait Implies<P: OrderMarker>: OrderMarker {}
impl<O: OrderMarker> Implies<O> for O {}
impl Implies<RowMajor> for C {}
impl Implies<ColMajor> for F {}
impl Implies<Strided> for C {}
impl Implies<Strided> for F {}
impl Implies<Strided> for RowMajor {}
impl Implies<Strided> for ColMajor {}

/// Whether `layout` keeps the promise of marker `O`.
pub(crate) const fn satisfies<O: OrderMarker>(shape: &[usize], strides: &[isize]) -> bool {
    O::CONTIGUITY.holds(shape, strides)
}

/// [`satisfies`] as a `Result`: the error names the promise `O` makes.
pub(crate) const fn check_marker<O: OrderMarker>(
    shape: &[usize],
    strides: &[isize],
) -> Result<(), crate::LayoutError> {
    if satisfies::<O>(shape, strides) {
        return Ok(());
    }
    Err(crate::LayoutError::NotContiguous {
        order: O::CONTIGUITY,
    })
}
