//! `s!`: a NumPy basic index written as NumPy writes it, whose effect on the rank
//! is counted here, at expansion, and put in the type (`SliceInfo<N, IN, OUT>`),
//! so the compiler infers the result rank and a rank mistake is a type error.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned};
use stride_dsl::parse;
use stride_dsl::syntax::{Item, Value};
use syn::Error;

/// One value as an `isize` expression: a literal as written, an expression
/// converted by `__private::index` (saturating, never wrapping).
fn isize_value(v: &Value) -> Result<TokenStream, Error> {
    match v {
        Value::Lit(i) => isize::try_from(i.value)
            .map(|x| {
                let mut l = Literal::isize_suffixed(x);
                l.set_span(i.span);
                quote!(#l)
            })
            .map_err(|_| Error::new(i.span, format!("index {} does not fit in `isize`", i.value))),
        Value::Expr(e) => {
            let span = syn::spanned::Spanned::span(e);
            Ok(quote_spanned!(span=> ::stride::__private::index(#e)))
        }
    }
}

fn some(t: TokenStream) -> TokenStream {
    quote!(::core::option::Option::Some(#t))
}

fn none() -> TokenStream {
    quote!(::core::option::Option::None)
}

/// The end of a slice: as written, or one past it for `..=`.
fn stop_value(v: &Value, inclusive: bool) -> Result<TokenStream, Error> {
    match (v, inclusive) {
        (Value::Lit(i), true) if i.value == -1 => Ok(none()),
        (Value::Lit(i), true) => isize::try_from(i.value + 1)
            .map(|x| some(quote!(#x)))
            .map_err(|_| Error::new(i.span, "slice end does not fit in `isize`")),
        (Value::Expr(e), true) => {
            let span = syn::spanned::Spanned::span(e);
            Ok(quote_spanned!(span=> ::stride::__private::inclusive_end(#e)))
        }
        (v, false) => isize_value(v).map(some),
    }
}

fn item(it: &Item) -> Result<TokenStream, Error> {
    Ok(match it {
        Item::Index(v) => {
            let v = isize_value(v)?;
            quote!(::stride::Item::Index(#v))
        }
        Item::Slice {
            start,
            stop,
            step,
            inclusive,
            ..
        } => {
            if let Some(Value::Lit(s)) = step
                && s.value == 0
            {
                return Err(Error::new(s.span, "slice step cannot be zero"));
            }
            let a = start
                .as_ref()
                .map(isize_value)
                .transpose()?
                .map_or_else(none, some);
            let b = match stop {
                Some(v) => stop_value(v, *inclusive)?,
                None => none(),
            };
            let s = match step {
                Some(v) => isize_value(v)?,
                None => quote!(1isize),
            };
            quote!(::stride::Item::Slice(::stride::Slice::new(#a, #b, #s)))
        }
        Item::NewAxis(_) => quote!(::stride::Item::NewAxis),
        Item::Ellipsis(_) => quote!(::stride::Item::Ellipsis),
    })
}

/// The macro.
pub fn s(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(t) => t,
        Err(e) => crate::emit::failed_expr(&e),
    }
}

fn expand(input: TokenStream) -> Result<TokenStream, Error> {
    let items = parse::items(input)?;
    let mut errors: Option<Error> = None;
    let mut push = |e: Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let mut ellipsis: Option<Span> = None;
    let mut tokens = Vec::new();
    for it in &items {
        if let Item::Ellipsis(s) = it {
            if ellipsis.is_some() {
                push(Error::new(
                    *s,
                    "an index can only have a single ellipsis (`...`)",
                ));
            }
            ellipsis = Some(*s);
        }
        match item(it) {
            Ok(t) => tokens.push(t),
            Err(e) => push(e),
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    let n = items.len();
    let consumed = items
        .iter()
        .filter(|i| matches!(i, Item::Index(_) | Item::Slice { .. }))
        .count();
    let produced = items
        .iter()
        .filter(|i| matches!(i, Item::Slice { .. } | Item::NewAxis(_)))
        .count();
    Ok(quote! {
        ::stride::SliceInfo::<#n, #consumed, #produced>::__from_macro([#(#tokens),*])
    })
}
