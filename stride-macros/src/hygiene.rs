//! Hygiene for the names an expansion makes for itself (`__stride_*` locals
//! and the `'__stride` label): they are given `Span::mixed_site()` resolution,
//! as `macro_rules!` locals have, so that the user's code spliced into the
//! expansion (a right-hand side, an index value, an operand) cannot name them,
//! and they cannot capture or shadow the user's names. Their source location is
//! kept, so errors still point where they did.
//!
//! The user's own names that start with the prefix are told apart by making
//! them raw identifiers (`r#__stride_w`, the same name to the compiler) before
//! the input is parsed ([`user_names`]); after the expansion, every name that
//! still starts with the prefix is the expansion's own ([`internal_names`]).

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};

/// The prefix of every name an expansion makes for itself.
const PREFIX: &str = "__stride";

/// `tokens` with every identifier that starts with [`PREFIX`] resolved at the
/// macro's definition site (mixed-site hygiene), but for method names (after a
/// single `.`), which resolve by type whatever their span: the helper methods keep
/// their call-site span, so that one mistake the compiler reports through two
/// of them is still reported once.
pub fn internal_names(tokens: TokenStream) -> TokenStream {
    // Whether the last token was a `.`, and whether it was one of a `..` or
    // `..=` (a range, not a method call).
    let (mut dot, mut dots) = (false, false);
    tokens
        .into_iter()
        .map(|tree| {
            let method = dot && !dots;
            let is_dot = matches!(&tree, TokenTree::Punct(p) if p.as_char() == '.');
            dots = is_dot && dot;
            dot = is_dot;
            match tree {
                TokenTree::Ident(mut ident) if !method && internal(&ident) => {
                    ident.set_span(Span::mixed_site().located_at(ident.span()));
                    TokenTree::Ident(ident)
                }
                TokenTree::Group(g) => {
                    let mut inner = Group::new(g.delimiter(), internal_names(g.stream()));
                    inner.set_span(g.span());
                    TokenTree::Group(inner)
                }
                other => other,
            }
        })
        .collect()
}

/// Whether `ident` is a name the expansion made: it starts with [`PREFIX`]
/// (the user's own such names are raw by then, see [`user_names`]).
fn internal(ident: &Ident) -> bool {
    ident.to_string().starts_with(PREFIX)
}

/// The macro's input with every identifier that starts with [`PREFIX`] made
/// raw (`r#__stride_w`): the same name to the compiler, but no longer one that
/// [`internal_names`] takes for the expansion's.
pub fn user_names(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) if internal(&ident) => {
                TokenTree::Ident(Ident::new_raw(&ident.to_string(), ident.span()))
            }
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), user_names(g.stream()));
                inner.set_span(g.span());
                TokenTree::Group(inner)
            }
            other => other,
        })
        .collect()
}

/// A name as the user wrote it, for messages: without a raw prefix that
/// [`user_names`] added.
pub fn display_name(ident: &Ident) -> String {
    let name = ident.to_string();
    match name.strip_prefix("r#") {
        Some(bare) => bare.to_string(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::{display_name, internal_names, user_names};
    use proc_macro2::{TokenStream, TokenTree};
    use quote::quote;

    fn idents(ts: TokenStream) -> Vec<String> {
        ts.into_iter()
            .flat_map(|t| match t {
                TokenTree::Group(g) => idents(g.stream()),
                TokenTree::Ident(i) => vec![i.to_string()],
                _ => vec![],
            })
            .collect()
    }

    #[test]
    fn the_users_prefixed_names_become_raw_and_nothing_else_changes() {
        let ts = quote!(out[[i]] = a[[i]] + __stride_w * f(__stride_x.y));
        assert_eq!(
            idents(user_names(ts)),
            [
                "out",
                "i",
                "a",
                "i",
                "r#__stride_w",
                "f",
                "r#__stride_x",
                "y"
            ]
        );
        let raw = proc_macro2::Ident::new_raw("__stride_w", proc_macro2::Span::call_site());
        assert_eq!(display_name(&raw), "__stride_w");
    }

    #[test]
    fn the_tokens_stay_the_same() {
        // (The spans' resolution is checked by compiling: `kernel_macro.rs`.)
        let ts = quote!(let __stride_x = 'l: { a[[i]] + __stride_x.__stride_read() };
            for k in 0..__stride_len {});
        let out = internal_names(ts.clone());
        assert_eq!(out.to_string(), ts.to_string());
    }
}
