//! Procedural macros of [`stride`](https://docs.rs/stride): `layout!`, `window!`,
//! `s!`, `#[tensor]`, `#[derive(Record)]`, `kernel!` and `#[kernel_fn]`. They parse and check with the shared
//! `stride-dsl` library, which runs `stride-core`'s own layout functions at
//! expansion time, so a macro and the run time can never disagree about a layout.
//! The grammar, with an example for every operation, is in the docs of `stride`.

mod emit;
mod hygiene;
mod kernel;
mod layout;
mod record;
mod slice;
mod tensor;
mod window;

use proc_macro::TokenStream;

/// A layout written in NumPy's terms and computed by the compiler:
/// `layout!(f64[100, 100].T)` is a `Layout<2, F>` constant; `layout! { pub struct
/// Image = f32[3, 224, 224]; }` declares a type implementing `StaticLayout`. An
/// operation NumPy would refuse or answer with a copy is a compile error at the
/// offending token. See the `stride` crate docs for the grammar.
#[proc_macro]
pub fn layout(input: TokenStream) -> TokenStream {
    layout::layout(input.into()).into()
}

/// A NumPy basic index (`s![.., ::2, 1, None]`) whose result rank is computed at
/// compile time: `view.index(s![...])` needs no turbofish, and using the result at
/// the wrong rank is a type error.
#[proc_macro]
pub fn s(input: TokenStream) -> TokenStream {
    slice::s(input.into()).into()
}

/// Sliding windows: `window!(x, [3, 3], step = 2, dilation = 1, axis = [0, 1])`.
/// Over a literal layout, a checked constant; over a view or an array, a
/// `Result` of a read-only view (or, with `window!(mut v, …)`, of a mutable view
/// of windows that share no element: see `stride_core::windows_share`).
#[proc_macro]
pub fn window(input: TokenStream) -> TokenStream {
    window::window(input.into()).into()
}

/// Makes a unit struct a fixed-layout tensor type: `#[tensor(f32[3, 224, 224])]
/// struct Image;` gives `Image::LAYOUT`, `Image::view(&data)` (length checked),
/// `Image::view_array(&[f32; 150528])` (length in the type), `Image::from_vec`,
/// and `impl StaticLayout<3> for Image`.
#[proc_macro_attribute]
pub fn tensor(attr: TokenStream, item: TokenStream) -> TokenStream {
    tensor::tensor(attr.into(), item.into()).into()
}

/// A `#[repr(C)]` struct as a NumPy structured dtype: `Particle::dtype()` (and
/// `Particle::numpy_dtype()`, what NumPy prints), `Particle::FIELDS.<field>` for
/// zero-copy field views (`view.field(Particle::FIELDS.mass)`; an array field
/// adds trailing axes), and `Particle::fields_mut(view)` for mutable views of
/// every field at once. Without `#[repr(C)]` it is a compile error.
#[proc_macro_derive(Record)]
pub fn derive_record(input: TokenStream) -> TokenStream {
    record::derive(input.into()).into()
}

/// One statement in index notation, run by the loop engine over any layouts:
/// `kernel!(out[[i, j]] = 2.0 * a[[i, j]] + b[[j, i]])`, `kernel!(s += a[[i]] *
/// b[[i]])`, `kernel!(y[[i]] += m[[i, j]] * x[[j]])`. Letters on the right and
/// not on the left are summed over (`+=`, `*=`, …), or, listed in `max[…]` /
/// `min[…]`, give the largest or smallest value (`kernel!(m[[i]] =
/// max[j](a[[i, j]]))`, NumPy's rule: a NaN wins); length-1 input axes
/// broadcast. A letter names a loop, not a value: reading it in the expression
/// (`a[[i]] * i`) is a compile error (it would read a local of that name). The
/// loops follow the output's memory order (tiled when an input disagrees; a
/// reduction follows its first input's), the statement is inlined in the
/// inner loop (the order in which the right-hand side is evaluated across
/// positions is not specified: a reduction into an array may take eight rows
/// of an input for each output element in turn), and the result is a
/// `Result<(), LayoutError>` (an axis length that disagrees with its letter's
/// extent). `let y = kernel!(_[[i, j]] = 2.0 * x[[i, j]] + 48.0)?` makes a new
/// array, shaped by the letters' extents on the right, and returns it
/// (`Result<Array<T, R, O>, LayoutError>`): F when every input reads the
/// output's letters in the output's order and all of their types keep F (as
/// the library's `map` and `zip_with`), C otherwise. A statement that would write one
/// element twice or read elements it already wrote is a compile error. If the
/// right-hand side panics, a given output's elements are valid values but
/// otherwise unspecified (a large one may hold a transposed input's elements
/// where it was to be written next).
///
/// A statement over at most 64 index positions walks them letter by letter,
/// without a plan; over tensors of static layouts (`layout!` types, whose views
/// carry their shapes and strides as constants) the compiler then unrolls it in
/// full: `out = 2a + b` on 4x4 tensors is sixteen loads, adds and stores.
#[proc_macro]
pub fn kernel(input: TokenStream) -> TokenStream {
    kernel::kernel(input.into()).into()
}

/// A function whose body is `kernel!` statements, run in turn; it returns
/// `Result<(), LayoutError>` (added when the signature has no return type).
#[proc_macro_attribute]
pub fn kernel_fn(attr: TokenStream, item: TokenStream) -> TokenStream {
    kernel::attribute(attr.into(), item.into()).into()
}
