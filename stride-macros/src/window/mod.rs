//! `window!`: sliding windows with a shape, axes, steps and dilations. Over a
//! literal layout everything is checked at expansion and the result is a
//! constant; over a view or an array the literal parts are checked at expansion
//! and the rest at run time (a `Result`). `window!(mut v, …)` asks for a mutable
//! view, allowed only for windows that share no element
//! (`stride_core::windows_share`, the rule `window_mut` applies).

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use stride_dsl::check::{self, window_spec};
use stride_dsl::parse;
use stride_dsl::syntax::{List, Value, WindowCall, WindowTarget};
use syn::Error;

use crate::emit;

/// The macro.
pub fn window(input: TokenStream) -> TokenStream {
    match parse::window_call(input).and_then(|c| expand(&c)) {
        Ok(t) => t,
        Err(e) => emit::failed_expr(&e),
    }
}

fn all_literal(l: &Option<List>) -> bool {
    l.as_ref()
        .is_none_or(|l| l.values.iter().all(|v| v.lit().is_some()))
}

/// A `usize` expression for a window value: a literal (checked non-negative) or
/// an expression converted at run time (a negative value is an error naming
/// `param`).
fn length(v: &Value, param: TokenStream) -> Result<TokenStream, Error> {
    match v {
        Value::Lit(i) => usize::try_from(i.value)
            .map(|x| quote!(::core::result::Result::Ok(#x)))
            .map_err(|_| {
                Error::new(
                    i.span,
                    format!("a window length, step or dilation cannot be {}", i.value),
                )
            }),
        Value::Expr(e) => {
            let span = syn::spanned::Spanned::span(e);
            Ok(quote_spanned!(span=> ::stride::__private::length(#e, #param)))
        }
    }
}

fn axis(v: &Value) -> Result<TokenStream, Error> {
    match v {
        Value::Lit(i) => isize::try_from(i.value)
            .map(|x| quote!(#x))
            .map_err(|_| Error::new(i.span, format!("axis {} does not fit in `isize`", i.value))),
        Value::Expr(e) => {
            let span = syn::spanned::Spanned::span(e);
            Ok(quote_spanned!(span=> ::stride::__private::index(#e)))
        }
    }
}

/// `n` values for a list that may be one value for all.
fn per_window(
    l: &Option<List>,
    n: usize,
    f: &dyn Fn(&Value) -> Result<TokenStream, Error>,
    default: TokenStream,
) -> Result<Vec<TokenStream>, Error> {
    match l {
        None => Ok(vec![default; n]),
        Some(l) if l.scalar => Ok(vec![f(&l.values[0])?; n]),
        Some(l) if l.values.len() != n => Err(Error::new(
            l.span,
            format!(
                "expected one value per window ({n}), found {}",
                l.values.len()
            ),
        )),
        Some(l) => l.values.iter().map(f).collect(),
    }
}

fn expand(call: &WindowCall) -> Result<TokenStream, Error> {
    let a = &call.args;
    // Everything literal: the zero checks (and, for `mut`, whether windows
    // share an element) now.
    let literal = all_literal(&Some(a.shape.clone()))
        && all_literal(&a.axes)
        && all_literal(&a.step)
        && all_literal(&a.dilation);
    match &call.target {
        WindowTarget::Literal(expr) => {
            if let Some(m) = call.mutable {
                return Err(Error::new(
                    m,
                    "`mut` asks for a mutable view of a view's windows; a literal layout is not a view",
                ));
            }
            let base = check::check(expr)?;
            let l = check::window(&base.layout, a, Span::call_site())?;
            let c = l.contiguity();
            let v = emit::const_layout(&l, c);
            Ok(quote!(const { #v }))
        }
        WindowTarget::Expr(target) => {
            if literal {
                let (spec, spans) = window_spec(a, None)?;
                let shape_spans = spans.shape;
                if let Some(m) = call.mutable
                    && let Some((k, (t, p))) = shared_axis(&spec)
                {
                    let (w, d) = (spec.shape[k], spec.dilation[k]);
                    let extent = (w as u128 - 1) * d as u128 + 1;
                    let next = if p == 1 {
                        "the next window".to_string()
                    } else {
                        format!("the window {p} after it")
                    };
                    let fix = if d == 1 {
                        format!("a step of at least {extent}")
                    } else {
                        format!(
                            "a step of at least {extent}, or a step `s` with {w} <= s / gcd(s, {d})"
                        )
                    };
                    return Err(Error::new(
                        shape_spans[k].join(m).unwrap_or(shape_spans[k]),
                        format!(
                            "windows of {w}{} with step {} overlap along axis {}: element {t} \
                             of a window is element 0 of {next}; a mutable view needs windows \
                             that share no element: {fix}",
                            if d == 1 {
                                String::new()
                            } else {
                                format!(" (dilation {d}, spanning {extent})")
                            },
                            spec.step[k],
                            spec.axes[k],
                        ),
                    ));
                }
            }
            let param = |p: &str| {
                let p = syn::Ident::new(p, Span::call_site());
                quote!(::stride::WindowParam::#p)
            };
            let shape: Vec<TokenStream> = a
                .shape
                .values
                .iter()
                .map(|v| length(v, param("Length")))
                .collect::<Result<_, _>>()?;
            let n = shape.len();
            let ok1 = quote!(::core::result::Result::Ok(1usize));
            let step = per_window(&a.step, n, &|v| length(v, param("Step")), ok1.clone())?;
            let dilation = per_window(&a.dilation, n, &|v| length(v, param("Dilation")), ok1)?;
            let spec = match &a.axes {
                None => quote!(::stride::Window::all(shape)),
                Some(_) => {
                    let axes = per_window(&a.axes, n, &axis, quote!(0isize))?;
                    quote!(::stride::Window::new(shape, [#(#axes),*]))
                }
            };
            let method = if call.mutable.is_some() {
                quote!(window_mut)
            } else {
                quote!(window)
            };
            let span = syn::spanned::Spanned::span(target);
            let call = quote_spanned! {span=>
                (#target).#method(#spec.step(step).dilation(dilation))
            };
            // Lengths given at run time are converted first; a negative one is an
            // error of the same type as the windowing's.
            Ok(quote! {
                match (
                    ::stride::__private::lengths([#(#shape),*]),
                    ::stride::__private::lengths([#(#step),*]),
                    ::stride::__private::lengths([#(#dilation),*]),
                ) {
                    (
                        ::core::result::Result::Ok(shape),
                        ::core::result::Result::Ok(step),
                        ::core::result::Result::Ok(dilation),
                    ) => #call,
                    (::core::result::Result::Err(e), _, _)
                    | (_, ::core::result::Result::Err(e), _)
                    | (_, _, ::core::result::Result::Err(e)) => ::core::result::Result::Err(e),
                }
            })
        }
    }
}

/// The first windowed axis along which windows of `spec` share an element
/// (for some length of the axis), with what [`stride_core::windows_share`]
/// says of it: the rule `window_mut` applies at run time.
fn shared_axis(spec: &check::WindowSpec) -> Option<(usize, (usize, usize))> {
    (0..spec.shape.len()).find_map(|k| {
        stride_core::windows_share(spec.shape[k], spec.step[k], spec.dilation[k]).map(|s| (k, s))
    })
}
