//! # stride
//!
//! NumPy's memory model — shape, strides, C/F order, views versus copies, zero-copy
//! transpose, reshape without copy, sliding windows, broadcasting, shared memory —
//! brought to compile time. This is the one crate to depend on: it re-exports
//! [`stride_core`] (layouts, views, arrays) and [`stride_macros`].
//!
//! ```
//! use stride::{Array, Order};
//!
//! let a = Array::<f64, 2>::zeros([100, 100])?;
//! let b = a.reshape([1, -1], Order::C)?;          // a view: same data pointer
//! assert_eq!(b.as_ptr(), a.as_ptr());
//! assert!(a.t().reshape::<2>([1, -1], Order::C).is_err()); // a.T.reshape(1, -1) needs a copy
//! # Ok::<(), stride::LayoutError>(())
//! ```

pub use stride_core::*;
#[doc(inline)]
pub use stride_macros::*;

#[doc(hidden)]
pub mod __private;
