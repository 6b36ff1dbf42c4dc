//! `#[tensor(<layout>)]` on a unit struct: the struct becomes a fixed-layout
//! tensor type (what `layout!`'s item form declares), with its layout constant,
//! view constructors whose lengths are checked, and its `Array`.

use proc_macro2::TokenStream;
use quote::quote;
use stride_dsl::{check, explain, parse};
use syn::Error;

use crate::emit;
use crate::layout::item_parts;

/// The attribute.
pub fn tensor(attr: TokenStream, item: TokenStream) -> TokenStream {
    let strukt: syn::ItemStruct = match syn::parse2(item.clone()) {
        Ok(s) => s,
        Err(_) => {
            let e = Error::new(
                proc_macro2::Span::call_site(),
                "`#[tensor(…)]` goes on a unit struct, such as `struct Image;`",
            );
            let errors = e.to_compile_error();
            return quote!(#errors #item);
        }
    };
    if !matches!(strukt.fields, syn::Fields::Unit) {
        let e = Error::new_spanned(
            &strukt.fields,
            "`#[tensor(…)]` goes on a unit struct (`struct Image;`): the layout is the type; \
             the data lives in the views and arrays it makes",
        );
        let errors = e.to_compile_error();
        return quote!(#errors #strukt);
    }
    let checked = parse::layout_expr(attr).and_then(|e| check::check(&e));
    let c = match checked {
        Ok(c) => c,
        Err(e) => {
            let errors = e.to_compile_error();
            return quote!(#errors #strukt);
        }
    };
    let docs = emit::docs(&explain::doc(&c));
    let parts = item_parts(&strukt.ident, &c);
    let sep = strukt
        .attrs
        .iter()
        .any(|a| a.path().is_ident("doc"))
        .then(|| quote!(#[doc = ""]));
    let syn::ItemStruct {
        attrs, vis, ident, ..
    } = &strukt;
    quote! {
        #(#attrs)*
        #sep
        #docs
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #vis struct #ident;

        #parts
    }
}
