#![doc = include_str!("docs.md")]

pub use stride_core::*;
#[doc(inline)]
pub use stride_macros::*;

#[doc(hidden)]
pub mod __private;
