//! Expansion of checked layouts: constants, never loops; the same amount of code
//! for a `[10000, 10000]` layout as for a `[4, 4]` one.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use stride_core::Contiguity;
use stride_dsl::syntax::Elem;
use stride_dsl::{Checked, explain};

use crate::emit;

/// The expression form: a `Layout<R, Marker>` evaluated by the compiler.
pub fn expr(c: &Checked) -> TokenStream {
    let l = emit::const_layout(&c.layout, c.contiguity);
    quote!(const { #l })
}

/// The element type as tokens.
pub fn elem_type(e: &Elem) -> TokenStream {
    match e {
        Elem::Known(info, span) => {
            let id = syn::Ident::new(info.name, *span);
            quote!(#id)
        }
        Elem::Path(p) => quote!(#p),
    }
}

/// What both the item form and `#[tensor]` generate beside the struct: its
/// inherent constants and constructors, and `StaticLayout` (and `Packed`).
pub fn item_parts(name: &syn::Ident, c: &Checked) -> TokenStream {
    let l = &c.layout;
    let r = Literal::usize_unsuffixed(l.rank());
    let m = emit::marker(c.contiguity);
    let ty = emit::layout_type(l, c.contiguity);
    let value = emit::const_layout(l, c.contiguity);
    let elem = elem_type(&c.elem);
    let (shape, strides) = (emit::shape(l), emit::strides(l));
    let offset = Literal::usize_suffixed(l.offset());
    let size = Literal::usize_suffixed(l.size());
    let len = Literal::usize_suffixed(l.required_len());
    let shape_ty = emit::shape_type(l.shape());
    let count = emit::typenum(l.size());
    let axes = l.shape().iter().enumerate().map(|(k, &n)| {
        let (k, len, shown) = (
            Literal::usize_unsuffixed(k),
            emit::typenum(n),
            Literal::usize_unsuffixed(n),
        );
        quote! {
            impl ::stride::StaticAxis<#k> for #name {
                type Len = #len;
                type Shown = ::stride::Dim<#shown>;
            }
        }
    });
    let unique = c.contiguity != Contiguity::Strided || l.is_unique();
    let packed = matches!(c.contiguity, Contiguity::C | Contiguity::F)
        && l.offset() == 0
        && l.size() == l.required_len();
    let view_doc = if packed {
        format!(
            "A view of `data` through [`{name}::LAYOUT`]; `data` must hold exactly {} elements \
             (a [`LengthMismatch`](::stride::LayoutError::LengthMismatch) otherwise).",
            l.required_len()
        )
    } else {
        format!(
            "A view of `data` through [`{name}::LAYOUT`]; `data` must hold at least {} elements \
             (the layout views part of a larger buffer).",
            l.required_len()
        )
    };
    let view_mut = unique.then(|| {
        quote! {
            /// A mutable view of `data` (the same lengths as [`Self::view`]).
            pub fn view_mut(
                data: &mut [#elem],
            ) -> ::core::result::Result<::stride::ViewMut<'_, #elem, #r, #m>, ::stride::LayoutError> {
                <Self as ::stride::StaticLayout<#r>>::view_mut(data)
            }
        }
    });
    let owned = packed.then(|| {
        let fill = matches!(c.elem, Elem::Known(..)).then(|| {
            quote! {
                /// `np.zeros` of this shape and order.
                pub fn zeros() -> ::core::result::Result<::stride::Array<#elem, #r, #m>, ::stride::LayoutError> {
                    ::stride::Array::zeros(Self::SHAPE)
                }

                /// An array of this shape and order with every element `value`.
                pub fn full(value: #elem) -> ::core::result::Result<::stride::Array<#elem, #r, #m>, ::stride::LayoutError> {
                    ::stride::Array::full(Self::SHAPE, value)
                }
            }
        });
        quote! {
            /// An owned array of this shape and order over `data` (exactly
            /// [`Self::LEN`] elements, a typed error otherwise).
            pub fn from_vec(
                data: ::std::vec::Vec<#elem>,
            ) -> ::core::result::Result<::stride::Array<#elem, #r, #m>, ::stride::LayoutError> {
                ::stride::Array::from_vec(Self::SHAPE, data)
            }

            #fill
        }
    });
    let packed_impl = packed.then(|| quote!(impl ::stride::Packed<#r> for #name {}));
    let len_wrong = if packed {
        quote!(data.len() != Self::LEN)
    } else {
        quote!(data.len() < Self::LEN)
    };
    let name_str = name.to_string();
    let text: String = c.steps.iter().map(|(t, _)| t.as_str()).collect();
    quote! {
        impl #name {
            /// The layout, computed by the compiler.
            pub const LAYOUT: #ty = #value;
            /// The shape.
            pub const SHAPE: [::core::primitive::usize; #r] = #shape;
            /// The strides, in elements.
            pub const STRIDES: [::core::primitive::isize; #r] = #strides;
            /// The strides, in bytes (NumPy's `strides`).
            pub const STRIDES_BYTES: [::core::primitive::isize; #r] =
                match Self::LAYOUT.strides_bytes(::core::mem::size_of::<#elem>()) {
                    ::core::result::Result::Ok(s) => s,
                    ::core::result::Result::Err(e) => e.panic(),
                };
            /// Element offset of index `[0, …, 0]` in the buffer.
            pub const OFFSET: ::core::primitive::usize = #offset;
            /// Number of elements.
            pub const SIZE: ::core::primitive::usize = #size;
            /// Length of the buffer the layout covers.
            pub const LEN: ::core::primitive::usize = #len;

            #[doc = #view_doc]
            pub fn view(
                data: &[#elem],
            ) -> ::core::result::Result<::stride::View<'_, #elem, #r, #m>, ::stride::LayoutError> {
                <Self as ::stride::StaticLayout<#r>>::view(data)
            }

            /// A view of an array of exactly [`Self::LEN`] elements: the length is
            /// in the type, so nothing is checked at run time.
            pub const fn view_array(data: &[#elem; #len]) -> ::stride::View<'_, #elem, #r, #m> {
                match ::stride::View::from_slice(data, Self::LAYOUT) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => e.panic(),
                }
            }

            /// A view of a `'static` slice, in a `const`: a slice of the wrong
            /// length is a compile error that says both lengths.
            #[track_caller]
            pub const fn view_static(data: &'static [#elem]) -> ::stride::View<'static, #elem, #r, #m> {
                if #len_wrong {
                    ::stride::__private::wrong_static_len(#name_str, #text, Self::LEN, data.len(), #packed)
                }
                match ::stride::View::from_slice(data, Self::LAYOUT) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => e.panic(),
                }
            }

            #view_mut

            /// The same view as a [`Tensor`](::stride::Tensor), whose layout is this
            /// type (for static reshapes checked by the compiler).
            pub fn tensor(
                data: &[#elem],
            ) -> ::core::result::Result<::stride::Tensor<'_, Self, #r>, ::stride::LayoutError> {
                ::stride::Tensor::new(data)
            }

            #owned
        }

        impl ::stride::StaticSize for #name {
            type Shape = #shape_ty;
            type Count = #count;
        }

        #(#axes)*

        impl ::stride::StaticLayout<#r> for #name {
            type Elem = #elem;
            type Order = #m;
            const LAYOUT: #ty = #name::LAYOUT;
        }

        #packed_impl
    }
}

/// The item form: the struct, documented with its layout, and its parts.
pub fn expand_item(
    attrs: &[syn::Attribute],
    vis: &syn::Visibility,
    name: &syn::Ident,
    c: &Checked,
) -> TokenStream {
    let docs = emit::docs(&explain::doc(c));
    let parts = item_parts(name, c);
    let sep = attrs
        .iter()
        .any(|a| a.path().is_ident("doc"))
        .then(|| quote!(#[doc = ""]));
    quote! {
        #(#attrs)*
        #sep
        #docs
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #vis struct #name;

        #parts
    }
}

/// A failed item: the error, and the struct with its items over an empty
/// stand-in layout of the rank the syntax gives (`placeholder`), so that uses of
/// `Name::view`, `Name::SHAPE`, ... do not add errors of their own.
pub fn failed_item(
    attrs: &[syn::Attribute],
    vis: &syn::Visibility,
    name: &syn::Ident,
    e: &syn::Error,
    placeholder: Option<&Checked>,
) -> TokenStream {
    let errors = e.to_compile_error();
    let parts = placeholder.map(|c| item_parts(name, c));
    quote! {
        #errors
        #(#attrs)*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #vis struct #name;
        #parts
    }
}
