//! Procedural macros of [`stride`](https://docs.rs/stride): `layout!`, `window!`
//! and the kernel macros (coming with their issue). They run `stride-core`'s own
//! layout functions at expansion time, so a macro and the run time can never
//! disagree about a layout.

// The dependency is declared now so the macros are built on the one implementation
// of the layout algebra.
use proc_macro2 as _;
use quote as _;
use stride_core as _;
use syn as _;
