//! The layout language of [`stride`](https://docs.rs/stride): the text inside
//! `layout!`, `window!` and `s!`, parsed and checked by plain functions, so the
//! procedural macros and any run-time caller (an explain tool reading the same
//! text) share one implementation. The checks run stride-core's own layout
//! functions; nothing here computes a stride by itself.
//!
//! Three stages, as the macros use them:
//! - [`parse`]: tokens to a syntax tree ([`syntax`]) that keeps every token's span;
//! - [`check`]: the tree through stride-core, into a [`Checked`] layout, or
//!   `syn::Error`s at the offending tokens, with the numbers;
//! - [`explain`]: a checked layout in words (the doc comments the macros generate).
//!
//! ```
//! use stride_dsl::{check, parse};
//! let expr = parse::layout_expr("f64[100, 100].T".parse().unwrap()).unwrap();
//! let checked = check::check(&expr).unwrap();
//! assert_eq!(checked.layout.strides(), &[1, 100]);
//! assert_eq!(checked.contiguity.name(), "F");
//!
//! // a.T.reshape(1, -1) needs a copy: an error that says why, in numbers.
//! let bad = parse::layout_expr("f64[100, 100].T.reshape(1, -1)".parse().unwrap()).unwrap();
//! let err = check::check(&bad).unwrap_err().to_string();
//! assert!(err.starts_with("reshape of `[100, 100]` with strides `[1, 100]` to `[1, -1]` needs a copy"));
//! ```

pub mod check;
pub mod elem;
pub mod explain;
pub mod kernel;
pub mod parse;
pub mod syntax;

pub use check::Checked;
