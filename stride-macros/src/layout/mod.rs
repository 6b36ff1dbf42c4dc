//! `layout!`: the expression form (a checked constant) and the item form (a
//! zero-sized type per layout, implementing `StaticLayout`). Parsing and checking
//! come from the shared `stride-dsl` library; this module only expands.

mod expand;

use proc_macro2::TokenStream;
use stride_dsl::{check, parse};

pub use expand::{expand_item, item_parts};

/// The macro: items when the input declares `struct`s, else an expression.
pub fn layout(input: TokenStream) -> TokenStream {
    if parse::is_item_form(&input) {
        items(input)
    } else {
        expr(input)
    }
}

fn expr(input: TokenStream) -> TokenStream {
    let checked = parse::layout_expr(input).and_then(|e| check::check(&e));
    match checked {
        Ok(c) => expand::expr(&c),
        Err(e) => crate::emit::failed_expr(&e),
    }
}

fn items(input: TokenStream) -> TokenStream {
    let items = match parse::layout_items(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    items
        .iter()
        .map(|it| match check::check(&it.expr) {
            Ok(c) => expand_item(&it.attrs, &it.vis, &it.name, &c),
            Err(e) => expand::failed_item(&it.attrs, &it.vis, &it.name, &e),
        })
        .collect()
}
