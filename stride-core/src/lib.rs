//! # stride-core
//!
//! NumPy's memory model, with the rank and the memory order in the type system and
//! all of the layout algebra as `const fn`:
//!
//! - [`Layout<R>`]: shape, strides (elements, signed) and offset; C and F
//!   constructors; NumPy's `C_CONTIGUOUS`/`F_CONTIGUOUS` flags; uniqueness and span.
//! - Views as layout operations: [`Layout::index`] (slices with steps, integers,
//!   new axes, ellipsis), [`Layout::permute`], [`Layout::transpose`],
//!   [`Layout::broadcast_to`], [`Layout::diagonal`], [`Layout::flip`],
//!   [`Layout::sliding_window`].
//! - Reshape without copy, decided exactly as NumPy decides it
//!   ([`Layout::reshape`], [`Layout::reshape_plan`], [`Layout::ravel`]).
//! - Memory overlap: [`Layout::may_share_memory`] (bounds) and
//!   [`Layout::shares_memory`] (exact, bounded work).
//! - Memory: [`Array`] (owned), [`View`] and [`ViewMut`], with rank and order
//!   ([`C`], [`F`], [`Strided`]) in their types.
//!
//! The same functions run in the compiler and at run time; in a `const` item an
//! error becomes a compile error that names the problem:
//!
//! ```
//! use stride_core::{C, F, Layout, Order, const_unwrap};
//! const A: Layout<2, C> = const_unwrap(Layout::c([100, 100]));
//! const B: Layout<2> = const_unwrap(A.reshape([1, -1], Order::C)); // a view
//! const T: Layout<2, F> = A.transpose(); // the marker follows the layout
//! const _: () = assert!(B.strides()[1] == 1);
//! ```
//!
//! ```compile_fail,E0080
//! use stride_core::{C, Layout, Order, const_unwrap};
//! const A: Layout<2, C> = const_unwrap(Layout::c([100, 100]));
//! // a.T.reshape(1, -1) needs a copy: this does not compile, and says why:
//! // "reshape needs a copy: in C order, axis 0 (length 100, stride 1) and axis 1
//! //  (length 100, stride 100) cannot be merged into one strided axis"
//! const B: Layout<2> = const_unwrap(A.transpose().reshape([1, -1], Order::C));
//! ```

mod array;
mod broadcast;
mod buffer;
mod copy;
mod cow;
mod dims;
mod dyn_layout;
mod error;
mod fixed;
mod fixed_str;
mod flags;
mod index;
pub mod io;
mod iter;
pub mod kernel;
mod layout;
mod order;
pub mod overlap;
mod range;
mod rank;
mod record;
mod region;
mod reshape;
mod view;
mod window;

pub use array::Array;
pub use cow::CowArray;
pub use dims::{is_c_contiguous, is_col_major, is_f_contiguous, is_row_major};
pub use dyn_layout::{BroadcastArrays, DynLayout};
pub use error::{LayoutError, WindowParam, const_unwrap};
pub use fixed::{
    Dim, Packed, ReshapeTo, SameCount, Shape0, Shape1, Shape2, Shape3, Shape4, Shape5, Shape6,
    Shape7, Shape8, StaticAxis, StaticLayout, StaticShape, StaticSize, Tensor,
};
pub use fixed_str::FixedStr;
pub use flags::Flags;
pub use index::{IndexFor, Item, Slice, SliceInfo};
pub use iter::{IndexedIter, IndexedIterMut, Iter, IterMut};
pub use kernel::{concatenate, stack};
pub use layout::{Layout, Reshaped, broadcast_shapes};
pub use order::{
    C, ColMajor, Contiguity, ContiguousOrder, F, Implies, InnerContiguous, Kept, Kept2, Order,
    OrderMarker, RowMajor, Strided,
};
pub use rank::{MAX_RANK, Rank, RankAdd, RankMax, RankSub};
pub use record::{DType, DTypeDesc, Field, FieldDesc, Record};
pub use window::{Window, windows_share};

pub use buffer::{release_cached_memory, set_cached_memory_limit};
/// The type-level numbers of [`StaticSize::Count`].
/// Complex numbers (`Complex<f64>` is NumPy's `complex128`), re-exported for
/// element types of arrays and `.npy` files.
pub use num_complex;
pub use overlap::{DEFAULT_MAX_WORK, Sharing};
pub use range::RangeElem;
pub use region::{MemoryRegion, may_share_memory, shares_memory};
pub use reshape::ViewOrCopy;
pub use typenum;
pub use view::{AxisChunks, AxisIter, Lanes, Mutability, Shared, Unique, View, ViewBase, ViewMut};
