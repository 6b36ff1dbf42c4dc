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
    let expr = match parse::layout_expr(attr) {
        Ok(e) => e,
        Err(e) => {
            let errors = e.to_compile_error();
            return quote!(#errors #strukt);
        }
    };
    let c = match check::check(&expr) {
        Ok(c) => c,
        Err(e) => {
            // The struct with its items over a stand-in layout: nothing but the
            // error is reported.
            let errors = e.to_compile_error();
            let parts = check::placeholder(&expr).map(|p| item_parts(&strukt.ident, &p));
            let derives = missing_derives(&strukt);
            return quote!(#errors #derives #strukt #parts);
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
    let derives = missing_derives(&strukt);
    quote! {
        #(#attrs)*
        #sep
        #docs
        #derives
        #vis struct #ident;

        #parts
    }
}

/// `#[derive(...)]` of what a layout type needs (`Clone`, `Copy`, `Default`,
/// `Debug`) and the struct does not derive already.
fn missing_derives(s: &syn::ItemStruct) -> TokenStream {
    let mut have = Vec::new();
    for a in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = a.parse_nested_meta(|m| {
            if let Some(id) = m.path.segments.last() {
                have.push(id.ident.to_string());
            }
            Ok(())
        });
    }
    let need: Vec<syn::Ident> = ["Clone", "Copy", "Default", "Debug"]
        .iter()
        .filter(|n| !have.iter().any(|h| h == *n))
        .map(|n| syn::Ident::new(n, proc_macro2::Span::call_site()))
        .collect();
    if need.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[derive(#(#need),*)])
    }
}
