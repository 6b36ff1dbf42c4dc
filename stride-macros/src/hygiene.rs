//! Hygiene for the names an expansion makes for itself (`__stride_*` locals
//! and the `'__stride` label; a user's own `__stride_*` names, spliced in, are
//! left alone): they are given `Span::mixed_site()` resolution,
//! as `macro_rules!` locals have, so that the user's code spliced into the
//! expansion (a right-hand side, an index value) cannot name them, and they
//! cannot capture or shadow the user's names. Their source location is kept,
//! so errors still point where they did.

use proc_macro2::{Group, Span, TokenStream, TokenTree};

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

/// Whether `ident` is a name the expansion made: it starts with [`PREFIX`],
/// and it is not the user's own token (whose source text is its name; the
/// expansion's have the whole call's, or none).
fn internal(ident: &proc_macro2::Ident) -> bool {
    let name = ident.to_string();
    name.starts_with(PREFIX) && ident.span().source_text().as_deref() != Some(name.as_str())
}

#[cfg(test)]
mod tests {
    use super::internal_names;
    use quote::quote;

    #[test]
    fn the_tokens_stay_the_same() {
        // (The spans' resolution is checked by compiling: `kernel_macro.rs`.)
        let ts = quote!(let __stride_x = 'l: { a[[i]] + __stride_x.__stride_read() };
            for k in 0..__stride_len {});
        let out = internal_names(ts.clone());
        assert_eq!(out.to_string(), ts.to_string());
    }
}
