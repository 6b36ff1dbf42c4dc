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
/// single `.`), which resolve by type whatever their span: the helper methods
/// keep their call-site span, so that one mistake the compiler reports through
/// two of them is still reported once.
pub fn internal_names(tokens: TokenStream) -> TokenStream {
    map_idents(tokens, &mut |mut ident, method| {
        if !method && internal(&ident) {
            ident.set_span(Span::mixed_site().located_at(ident.span()));
        }
        ident
    })
}

/// The macro's input with every identifier that starts with [`PREFIX`] made
/// raw (`r#__stride_w`): the same name to the compiler, but no longer one that
/// [`internal_names`] takes for the expansion's. (`IdentExt::unraw` gives the
/// name back as written, for messages.)
pub fn user_names(tokens: TokenStream) -> TokenStream {
    map_idents(tokens, &mut |ident, _| {
        if internal(&ident) {
            Ident::new_raw(&ident.to_string(), ident.span())
        } else {
            ident
        }
    })
}

/// Whether `ident` is a name the expansion made: it starts with [`PREFIX`]
/// (the user's own such names are raw by then, see [`user_names`]).
fn internal(ident: &Ident) -> bool {
    ident.to_string().starts_with(PREFIX)
}

/// `tokens` with every identifier, in groups too, replaced by `f(ident,
/// method)`, where `method` says it follows a single `.` (a method or field
/// name; not after a range's `..`).
fn map_idents(tokens: TokenStream, f: &mut impl FnMut(Ident, bool) -> Ident) -> TokenStream {
    // Whether the last token was a `.`, and whether it ended a `..`.
    let (mut dot, mut dots) = (false, false);
    tokens
        .into_iter()
        .map(|tree| {
            let method = dot && !dots;
            let is_dot = matches!(&tree, TokenTree::Punct(p) if p.as_char() == '.');
            dots = is_dot && dot;
            dot = is_dot;
            match tree {
                TokenTree::Ident(ident) => TokenTree::Ident(f(ident, method)),
                TokenTree::Group(g) => {
                    let mut inner = Group::new(g.delimiter(), map_idents(g.stream(), f));
                    inner.set_span(g.span());
                    TokenTree::Group(inner)
                }
                other => other,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{internal_names, user_names};
    use proc_macro2::{TokenStream, TokenTree};
    use quote::quote;
    use syn::ext::IdentExt;

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
        assert_eq!(raw.unraw().to_string(), "__stride_w");
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
