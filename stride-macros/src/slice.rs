//! `s!`: a NumPy basic index written as NumPy writes it, whose effect on the rank
//! is counted here, at expansion, and put in the type (`SliceInfo<N, IN, OUT>`),
//! so the compiler infers the result rank and a rank mistake is a type error.
//! Each run-time value is evaluated once, in order.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use stride_dsl::parse;
use stride_dsl::syntax::{Item, Value};
use syn::Error;

/// The expansion being built: `let`s for run-time values, then the items.
#[derive(Default)]
struct Builder {
    lets: Vec<TokenStream>,
}

impl Builder {
    /// One value as an `isize` expression: a literal as written, an expression
    /// bound once (converted by `__private::index`: saturating, never wrapping).
    fn value(&mut self, v: &Value) -> Result<TokenStream, Error> {
        match v {
            Value::Lit(i) => isize::try_from(i.value)
                .map(|x| {
                    let mut l = Literal::isize_suffixed(x);
                    l.set_span(i.span);
                    quote!(#l)
                })
                .map_err(|_| Error::new(i.span, format!("{} does not fit in `isize`", i.value))),
            Value::Expr(e) => {
                let span = syn::spanned::Spanned::span(e);
                // `(i + 1)` is written in parentheses to be one value; passed
                // on without them, so that the call takes no `unused_parens`
                // warning at the caller's line.
                let e = match &**e {
                    syn::Expr::Paren(p) => &*p.expr,
                    e => e,
                };
                let name = format_ident!("__stride_s{}", self.lets.len());
                self.lets.push(quote_spanned! {span=>
                    let #name: ::core::primitive::isize = ::stride::__private::index(#e);
                });
                Ok(quote!(#name))
            }
        }
    }

    fn item(&mut self, it: &Item) -> Result<TokenStream, Error> {
        Ok(match it {
            Item::Index(v) => {
                let v = self.value(v)?;
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
                let a = match start {
                    Some(v) => some(self.value(v)?),
                    None => none(),
                };
                let s = match step {
                    Some(v) => self.value(v)?,
                    None => quote!(1isize),
                };
                let b = match stop {
                    None => none(),
                    // `..=end`: one past `end` in the direction of the step; to the
                    // end of the axis when that would be past its last position.
                    Some(v) if *inclusive => {
                        let e = self.value(v)?;
                        quote!(::stride::__private::inclusive_end(#e, #s))
                    }
                    Some(v) => some(self.value(v)?),
                };
                quote!(::stride::Item::Slice(::stride::Slice::new(#a, #b, #s)))
            }
            Item::NewAxis(_) => quote!(::stride::Item::NewAxis),
            Item::Ellipsis(_) => quote!(::stride::Item::Ellipsis),
        })
    }
}

fn some(t: TokenStream) -> TokenStream {
    quote!(::core::option::Option::Some(#t))
}

fn none() -> TokenStream {
    quote!(::core::option::Option::None)
}

/// The macro.
pub fn s(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(t) => crate::hygiene::internal_names(t),
        Err(e) => crate::emit::failed_expr(&e),
    }
}

fn expand(input: TokenStream) -> Result<TokenStream, Error> {
    let items = parse::items(crate::hygiene::user_names(input))?;
    let mut errors: Option<Error> = None;
    let mut push = |e: Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let mut ellipsis: Option<Span> = None;
    let mut b = Builder::default();
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
        match b.item(it) {
            Ok(t) => tokens.push(t),
            Err(e) => push(e),
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    let n = items.len();
    let (consumed, produced) = stride_dsl::syntax::rank_change(&items);
    let lets = &b.lets;
    Ok(quote! {{
        #(#lets)*
        ::stride::SliceInfo::<#n, #consumed, #produced>::__from_macro([#(#tokens),*])
    }})
}
