//! Pieces every expansion uses: constants for a checked layout, the marker and
//! layout types, typenum numbers, doc attributes, and the error-plus-placeholder
//! output of a macro that failed.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use stride_core::{Contiguity, DynLayout};

/// `::stride::C` and friends.
pub fn marker(c: Contiguity) -> TokenStream {
    match c {
        Contiguity::C => quote!(::stride::C),
        Contiguity::F => quote!(::stride::F),
        Contiguity::RowMajor => quote!(::stride::RowMajor),
        Contiguity::ColMajor => quote!(::stride::ColMajor),
        Contiguity::Strided => quote!(::stride::Strided),
    }
}

/// `::stride::Layout<R, Marker>`.
pub fn layout_type(l: &DynLayout, c: Contiguity) -> TokenStream {
    let r = Literal::usize_unsuffixed(l.rank());
    let m = marker(c);
    quote!(::stride::Layout<#r, #m>)
}

/// The shape, as a `[usize; R]` expression.
pub fn shape(l: &DynLayout) -> TokenStream {
    let s = l.shape().iter().map(|&d| Literal::usize_suffixed(d));
    quote!([#(#s),*])
}

/// The strides, as an `[isize; R]` expression.
pub fn strides(l: &DynLayout) -> TokenStream {
    let s = l.strides().iter().map(|&d| Literal::isize_suffixed(d));
    quote!([#(#s),*])
}

/// The layout as a constant expression: the numbers the macro computed, checked
/// once more by the compiler when the constant is evaluated. The same amount of
/// code for any shape: one number per axis.
pub fn const_layout(l: &DynLayout, c: Contiguity) -> TokenStream {
    let r = Literal::usize_unsuffixed(l.rank());
    let m = marker(c);
    let (shape, strides) = (shape(l), strides(l));
    let off = Literal::usize_suffixed(l.offset());
    quote! {
        ::stride::__private::layout::<#r, #m>(#shape, #strides, #off)
    }
}

/// `n` as a `typenum` type (binary, most significant bit outermost).
pub fn typenum(n: usize) -> TokenStream {
    let mut t = quote!(::stride::__private::typenum::UTerm);
    if n == 0 {
        return t;
    }
    let bits = usize::BITS - n.leading_zeros();
    for k in (0..bits).rev() {
        let bit = if (n >> k) & 1 == 1 {
            quote!(::stride::__private::typenum::B1)
        } else {
            quote!(::stride::__private::typenum::B0)
        };
        t = quote!(::stride::__private::typenum::UInt<#t, #bit>);
    }
    t
}

/// `::stride::ShapeN<d0, d1, ...>` (pairs of them past rank 8).
pub fn shape_type(dims: &[usize]) -> TokenStream {
    if dims.len() > 8 {
        let (a, b) = dims.split_at(8);
        let (a, b) = (shape_type(a), shape_type(b));
        return quote!((#a, #b));
    }
    let name = quote::format_ident!("Shape{}", dims.len());
    let d = dims.iter().map(|&d| Literal::usize_unsuffixed(d));
    quote!(::stride::#name<#(#d),*>)
}

/// `#[doc = "..."]` for each line.
pub fn docs(lines: &[String]) -> TokenStream {
    quote!(#(#[doc = #lines])*)
}

/// An expression position after a failure: the errors, then a value of any type
/// so that nothing else complains (the body is tainted by the error, so the
/// placeholder is never evaluated).
pub fn failed_expr(e: &syn::Error) -> TokenStream {
    let errors = e.to_compile_error();
    quote! {{
        #errors
        ::stride::__private::placeholder()
    }}
}
