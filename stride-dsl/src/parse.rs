//! The parser: tokens to the syntax tree ([`crate::syntax`]), syntax only. Every
//! entry point is a plain function over a [`TokenStream`] (or a `syn` parse
//! stream), so the macros and a run-time caller (`syn::parse_str`) share it.

use proc_macro2::{Delimiter, Spacing, Span, TokenStream, TokenTree};
use stride_core::Order;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Result};

use crate::elem;
use crate::syntax::{
    Elem, Int, Item, LayoutExpr, LayoutItem, List, Op, OpKind, OrderArg, Value, WindowArgs,
    WindowCall, WindowTarget,
};

/// Collects errors so that every independent mistake is reported at once.
#[derive(Default)]
pub(crate) struct Errors(Option<Error>);

impl Errors {
    pub(crate) fn push(&mut self, e: Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub(crate) fn finish<T>(self, value: T) -> Result<T> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }
}

/// Splits tokens on top-level commas (a trailing comma is allowed).
pub(crate) fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for t in tokens {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(Vec::new()),
            _ => parts.last_mut().expect("never empty").push(t),
        }
    }
    if parts.last().is_some_and(Vec::is_empty) {
        parts.pop();
    }
    parts
}

fn span_of(tokens: &[TokenTree]) -> Span {
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => a.span().join(b.span()).unwrap_or_else(|| a.span()),
        _ => Span::call_site(),
    }
}

fn stream(tokens: &[TokenTree]) -> TokenStream {
    tokens.iter().cloned().collect()
}

fn is_punct(t: &TokenTree, c: char) -> bool {
    matches!(t, TokenTree::Punct(p) if p.as_char() == c)
}

fn is_joint(t: &TokenTree, c: char) -> bool {
    matches!(t, TokenTree::Punct(p) if p.as_char() == c && p.spacing() == Spacing::Joint)
}

/// An integer literal, possibly negative: `3`, `-1`, `10usize`.
fn int_literal(tokens: &[TokenTree]) -> Option<Result<Int>> {
    let (neg, lit) = match tokens {
        [TokenTree::Literal(l)] => (false, l),
        [m, TokenTree::Literal(l)] if is_punct(m, '-') => (true, l),
        _ => return None,
    };
    let syn::Lit::Int(i) = syn::Lit::new(lit.clone()) else {
        return None;
    };
    Some(
        i.base10_parse::<i128>()
            .map(|v| Int {
                value: if neg { -v } else { v },
                span: lit.span(),
            })
            .map_err(|_| Error::new(lit.span(), "integer literal does not fit in 128 bits")),
    )
}

/// A value: an integer literal, or any expression.
pub(crate) fn value(tokens: &[TokenTree], what: &str) -> Result<Value> {
    if tokens.is_empty() {
        return Err(Error::new(Span::call_site(), format!("expected {what}")));
    }
    if let Some(i) = int_literal(tokens) {
        return i.map(Value::Lit);
    }
    syn::parse2::<syn::Expr>(stream(tokens))
        .map(|e| Value::Expr(Box::new(e)))
        .map_err(|e| Error::new(span_of(tokens), format!("expected {what}: {e}")))
}

/// A list: `(a, b)`, `[a, b]`, or one value.
fn list(tokens: &[TokenTree], what: &str) -> Result<List> {
    if let [TokenTree::Group(g)] = tokens
        && matches!(g.delimiter(), Delimiter::Parenthesis | Delimiter::Bracket)
    {
        let values = split_commas(g.stream())
            .iter()
            .map(|t| value(t, what))
            .collect::<Result<Vec<_>>>()?;
        return Ok(List {
            values,
            span: g.span(),
            scalar: false,
        });
    }
    Ok(List {
        values: vec![value(tokens, what)?],
        span: span_of(tokens),
        scalar: true,
    })
}

/// The order named by `tokens`: `C`, `F`, `A`, `K` or the same as a character.
fn order(tokens: &[TokenTree]) -> Result<OrderArg> {
    let (name, span) = match tokens {
        [TokenTree::Ident(i)] => (i.to_string(), i.span()),
        [TokenTree::Literal(l)] => {
            let s = l.to_string();
            (
                s.trim_matches(|c| c == '\'' || c == '"').to_owned(),
                l.span(),
            )
        }
        _ => {
            return Err(Error::new(
                span_of(tokens),
                "expected an order: `C`, `F`, `A` or `K`",
            ));
        }
    };
    let order = match name.as_str() {
        "C" => Order::C,
        "F" => Order::F,
        "A" => Order::A,
        "K" => Order::K,
        _ => {
            return Err(Error::new(
                span,
                format!("unknown order `{name}`: expected `C`, `F`, `A` or `K`"),
            ));
        }
    };
    Ok(OrderArg { order, span })
}

/// One argument of a method: `name = tokens` or positional `tokens`.
struct Arg {
    name: Option<syn::Ident>,
    tokens: Vec<TokenTree>,
}

fn args(tokens: TokenStream) -> Vec<Arg> {
    split_commas(tokens)
        .into_iter()
        .map(|t| match t.as_slice() {
            [TokenTree::Ident(name), eq, rest @ ..]
                if is_punct(eq, '=') && !is_joint(eq, '=') && !rest.is_empty() =>
            {
                Arg {
                    name: Some(name.clone()),
                    tokens: rest.to_vec(),
                }
            }
            _ => Arg {
                name: None,
                tokens: t,
            },
        })
        .collect()
}

// ----------------------------------------------------------------- indices ---

/// Where a `::` is a path separator (between two identifiers) rather than two
/// slice colons.
fn path_colons(tokens: &[TokenTree], i: usize) -> bool {
    i > 0
        && matches!(tokens[i - 1], TokenTree::Ident(_))
        && matches!(tokens.get(i + 2), Some(TokenTree::Ident(_)))
}

/// Splits an item on its top-level slice colons; `None` when it has none.
fn split_colons(tokens: &[TokenTree]) -> Option<Vec<Vec<TokenTree>>> {
    let mut parts = vec![Vec::new()];
    let mut any = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if is_joint(t, ':') && tokens.get(i + 1).is_some_and(|n| is_punct(n, ':')) {
            if path_colons(tokens, i) {
                parts
                    .last_mut()
                    .expect("never empty")
                    .extend([t.clone(), tokens[i + 1].clone()]);
            } else {
                any = true;
                parts.push(Vec::new());
                parts.push(Vec::new());
            }
            i += 2;
            continue;
        }
        if is_punct(t, ':') {
            any = true;
            parts.push(Vec::new());
        } else {
            parts.last_mut().expect("never empty").push(t.clone());
        }
        i += 1;
    }
    any.then_some(parts)
}

/// A Rust range in an item: `(start, end, inclusive, step)`, or `None`.
#[allow(clippy::type_complexity)]
fn split_range(
    tokens: &[TokenTree],
) -> Option<(Vec<TokenTree>, Vec<TokenTree>, bool, Option<Vec<TokenTree>>)> {
    // The step comes after a top-level `;`.
    let (range, step) = match tokens.iter().position(|t| is_punct(t, ';')) {
        Some(k) => (&tokens[..k], Some(tokens[k + 1..].to_vec())),
        None => (tokens, None),
    };
    let mut i = 0;
    while i + 1 < range.len() {
        if is_joint(&range[i], '.') && is_punct(&range[i + 1], '.') {
            if range.get(i + 2).is_some_and(|t| is_punct(t, '.')) && is_joint(&range[i + 1], '.') {
                return None; // `...`
            }
            let inclusive =
                is_joint(&range[i + 1], '.') && range.get(i + 2).is_some_and(|t| is_punct(t, '='));
            let skip = if inclusive { 3 } else { 2 };
            return Some((
                range[..i].to_vec(),
                range[i + skip..].to_vec(),
                inclusive,
                step,
            ));
        }
        i += 1;
    }
    None
}

fn opt_value(tokens: &[TokenTree], what: &str) -> Result<Option<Value>> {
    if tokens.is_empty() {
        Ok(None)
    } else {
        value(tokens, what).map(Some)
    }
}

/// One index item: `...`, `None`/`newaxis`, `a:b:c`, `a..b;c`, or an integer.
pub(crate) fn item(tokens: &[TokenTree]) -> Result<Item> {
    let span = span_of(tokens);
    match tokens {
        [] => return Err(Error::new(span, "expected an index item, found nothing")),
        [a, b, c] if is_joint(a, '.') && is_joint(b, '.') && is_punct(c, '.') => {
            return Ok(Item::Ellipsis(span));
        }
        [TokenTree::Ident(i)] if i == "None" || i == "newaxis" => {
            return Ok(Item::NewAxis(span));
        }
        _ => {}
    }
    if let Some(parts) = split_colons(tokens) {
        if parts.len() > 3 {
            return Err(Error::new(
                span,
                format!(
                    "a slice has at most three parts, `start:stop:step`; found {}",
                    parts.len()
                ),
            ));
        }
        return Ok(Item::Slice {
            start: opt_value(&parts[0], "a slice start")?,
            stop: opt_value(parts.get(1).map_or(&[][..], |p| p), "a slice stop")?,
            step: opt_value(parts.get(2).map_or(&[][..], |p| p), "a slice step")?,
            inclusive: false,
            span,
        });
    }
    if let Some((start, end, inclusive, step)) = split_range(tokens) {
        let step = match step {
            Some(s) => Some(value(&s, "a step after `;`")?),
            None => None,
        };
        if let (Some(Value::Lit(s)), false) = (&step, start.is_empty() && end.is_empty())
            && s.value < 0
        {
            return Err(Error::new(
                s.span,
                format!(
                    "a negative step in range form is ambiguous (ndarray walks `a..b` \
                     backwards, NumPy's `a:b:{}` starts at `a`): write the slice with colons",
                    s.value
                ),
            ));
        }
        let stop = opt_value(&end, "a range end")?;
        return Ok(Item::Slice {
            start: opt_value(&start, "a range start")?,
            inclusive: inclusive && stop.is_some(),
            stop,
            step,
            span,
        });
    }
    Ok(Item::Index(value(tokens, "an integer index")?))
}

/// The items of an index (the inside of `[...]`, or of `s![...]`).
pub fn items(tokens: TokenStream) -> Result<Vec<Item>> {
    let mut errors = Errors::default();
    let mut out = Vec::new();
    for t in split_commas(tokens) {
        match item(&t) {
            Ok(i) => out.push(i),
            Err(e) => errors.push(e),
        }
    }
    errors.finish(out)
}

// ------------------------------------------------------------------ layouts ---

/// The element type: a known primitive, or a path to another type.
fn elem(input: ParseStream) -> Result<Elem> {
    let path = syn::Path::parse_mod_style(input)?;
    if let Some(ident) = path.get_ident() {
        let name = ident.to_string();
        if let Some(e) = elem::known(&name) {
            return Ok(Elem::Known(e, ident.span()));
        }
        if name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            let hint = match elem::numpy_name(&name) {
                Some(rust) => format!(" (NumPy's `{name}` is `{rust}`)"),
                None => String::new(),
            };
            let known: Vec<&str> = elem::ELEMS.iter().map(|e| e.name).collect();
            return Err(Error::new(
                ident.span(),
                format!(
                    "unknown element type `{name}`{hint}: expected one of {}, or a path to \
                     your own type",
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(Elem::Path(path))
}

/// `[d0, d1, …, order = X]`.
fn base(group: &proc_macro2::Group) -> Result<(List, Option<OrderArg>)> {
    let mut errors = Errors::default();
    let mut values = Vec::new();
    let mut ord = None;
    for a in args(group.stream()) {
        match a.name {
            Some(n) if n == "order" => match order(&a.tokens) {
                Ok(o) if matches!(o.order, Order::C | Order::F) => ord = Some(o),
                Ok(o) => errors.push(Error::new(
                    o.span,
                    format!(
                        "an array is laid out in order `C` or `F`, not `{}`",
                        o.order.name()
                    ),
                )),
                Err(e) => errors.push(e),
            },
            Some(n) => errors.push(Error::new(
                n.span(),
                format!("unknown argument `{n}`: a shape takes its dimensions and `order`"),
            )),
            None => match value(&a.tokens, "a dimension") {
                Ok(v) => values.push(v),
                Err(e) => errors.push(e),
            },
        }
    }
    errors.finish((
        List {
            values,
            span: group.span(),
            scalar: false,
        },
        ord,
    ))
}

/// The method names the language knows, for "did you mean" messages.
const METHODS: &[&str] = &[
    "T",
    "transpose",
    "swapaxes",
    "flip",
    "diagonal",
    "broadcast_to",
    "reshape",
    "ravel",
    "window",
    "sliding_window_view",
];

/// Arguments by position and by name, for one method.
struct MethodArgs {
    method: syn::Ident,
    positional: Vec<Vec<TokenTree>>,
    named: Vec<(syn::Ident, Vec<TokenTree>)>,
    span: Span,
}

impl MethodArgs {
    fn new(method: syn::Ident, group: Option<&proc_macro2::Group>) -> Self {
        let mut positional = Vec::new();
        let mut named = Vec::new();
        if let Some(g) = group {
            for a in args(g.stream()) {
                match a.name {
                    Some(n) => named.push((n, a.tokens)),
                    None => positional.push(a.tokens),
                }
            }
        }
        let span = group.map_or(method.span(), |g| g.span());
        MethodArgs {
            method,
            positional,
            named,
            span,
        }
    }

    /// Argument `pos` or `name`, if given.
    fn take(&mut self, pos: usize, name: &str) -> Option<Vec<TokenTree>> {
        if let Some(k) = self.named.iter().position(|(n, _)| n == name) {
            return Some(self.named.remove(k).1);
        }
        if pos < self.positional.len() {
            return Some(std::mem::take(&mut self.positional[pos]));
        }
        None
    }

    /// Errors for what was given and not taken.
    fn finish(self, max_positional: usize, errors: &mut Errors) {
        for (n, _) in self.named {
            errors.push(Error::new(
                n.span(),
                format!("`{}` has no argument `{n}`", self.method),
            ));
        }
        if let Some(extra) = self.positional.get(max_positional) {
            errors.push(Error::new(
                span_of(extra),
                format!(
                    "`{}` takes at most {max_positional} positional argument{}",
                    self.method,
                    if max_positional == 1 { "" } else { "s" }
                ),
            ));
        }
    }
}

/// The positional arguments as one list (`reshape(1, -1)` or `reshape((1, -1))`).
fn rest_as_list(a: &mut MethodArgs, what: &str) -> Result<List> {
    let parts: Vec<Vec<TokenTree>> = std::mem::take(&mut a.positional);
    match parts.as_slice() {
        [] => Err(Error::new(a.span, format!("`{}` needs {what}", a.method))),
        [one] => list(one, what),
        many => Ok(List {
            values: many.iter().map(|t| value(t, what)).collect::<Result<_>>()?,
            span: a.span,
            scalar: false,
        }),
    }
}

/// Window arguments: `shape, axis = …, step = …, dilation = …`.
pub(crate) fn window_args(
    mut a: Vec<Vec<TokenTree>>,
    span: Span,
    named_ok: &[&str],
) -> Result<WindowArgs> {
    let mut errors = Errors::default();
    let mut named: Vec<(syn::Ident, Vec<TokenTree>)> = Vec::new();
    let mut positional = Vec::new();
    for t in a.drain(..) {
        match t.as_slice() {
            [TokenTree::Ident(n), eq, rest @ ..] if is_punct(eq, '=') && !rest.is_empty() => {
                named.push((n.clone(), rest.to_vec()));
            }
            _ => positional.push(t),
        }
    }
    let shape = match positional.first() {
        Some(t) => list(t, "a window length")?,
        None => {
            return Err(Error::new(
                span,
                "a window needs its shape: `window(3)`, `window([3, 3])`",
            ));
        }
    };
    if let Some(extra) = positional.get(1) {
        errors.push(Error::new(
            span_of(extra),
            "a window takes its shape, then `axis = …`, `step = …` and `dilation = …` by name",
        ));
    }
    let mut w = WindowArgs {
        shape,
        axes: None,
        step: None,
        dilation: None,
    };
    for (n, t) in named {
        let slot = match n.to_string().as_str() {
            "axis" | "axes" if named_ok.contains(&"axis") => &mut w.axes,
            "step" if named_ok.contains(&"step") => &mut w.step,
            "dilation" if named_ok.contains(&"dilation") => &mut w.dilation,
            _ => {
                errors.push(Error::new(
                    n.span(),
                    format!(
                        "unknown window argument `{n}`: expected {}",
                        named_ok
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                continue;
            }
        };
        match list(&t, "a value") {
            Ok(l) => *slot = Some(l),
            Err(e) => errors.push(e),
        }
    }
    errors.finish(w)
}

fn method(name: syn::Ident, group: Option<&proc_macro2::Group>) -> Result<OpKind> {
    let mut errors = Errors::default();
    let mut a = MethodArgs::new(name.clone(), group);
    let s = name.to_string();
    if s != "T" && group.is_none() {
        return Err(Error::new(
            name.span(),
            format!("`{s}` is a method: write `.{s}(…)`"),
        ));
    }
    let kind = match s.as_str() {
        "T" => OpKind::Transpose(None),
        "transpose" | "permute" => {
            let axes = if a.positional.is_empty() {
                None
            } else {
                Some(rest_as_list(&mut a, "axes")?)
            };
            OpKind::Transpose(axes)
        }
        "swapaxes" | "swap_axes" => {
            let x = a.take(0, "axis1");
            let y = a.take(1, "axis2");
            match (x, y) {
                (Some(x), Some(y)) => {
                    OpKind::SwapAxes(value(&x, "an axis")?, value(&y, "an axis")?)
                }
                _ => return Err(Error::new(a.span, format!("`{s}` needs two axes"))),
            }
        }
        "flip" => OpKind::Flip(
            a.take(0, "axis")
                .map(|t| value(&t, "an axis"))
                .transpose()?,
        ),
        "diagonal" => OpKind::Diagonal {
            offset: a
                .take(0, "offset")
                .map(|t| value(&t, "an offset"))
                .transpose()?,
            axis1: a
                .take(1, "axis1")
                .map(|t| value(&t, "an axis"))
                .transpose()?,
            axis2: a
                .take(2, "axis2")
                .map(|t| value(&t, "an axis"))
                .transpose()?,
        },
        "broadcast_to" => OpKind::BroadcastTo(rest_as_list(&mut a, "a shape")?),
        "reshape" => {
            let o = a.take(usize::MAX, "order").map(|t| order(&t)).transpose()?;
            OpKind::Reshape(rest_as_list(&mut a, "a shape")?, o)
        }
        "ravel" => OpKind::Ravel(a.take(0, "order").map(|t| order(&t)).transpose()?),
        "window" | "sliding_window_view" => {
            let named_ok: &[&str] = if s == "window" {
                &["axis", "step", "dilation"]
            } else {
                &["axis"]
            };
            let g = group.expect("checked above");
            let parts = split_commas(g.stream());
            a.positional.clear();
            a.named.clear();
            OpKind::Window(window_args(parts, g.span(), named_ok)?)
        }
        _ => {
            let near = METHODS
                .iter()
                .find(|m| m.eq_ignore_ascii_case(&s) || (s.len() > 3 && m.starts_with(&s[..3])));
            let hint = near
                .map(|m| format!("; did you mean `{m}`?"))
                .unwrap_or_default();
            return Err(Error::new(
                name.span(),
                format!(
                    "unknown operation `{s}`{hint} (the operations are `[…]`, {})",
                    METHODS
                        .iter()
                        .map(|m| format!("`.{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    };
    let max = match kind {
        OpKind::Transpose(_) | OpKind::BroadcastTo(_) | OpKind::Reshape(..) => usize::MAX,
        OpKind::Diagonal { .. } => 3,
        OpKind::SwapAxes(..) => 2,
        _ => 1,
    };
    a.finish(max, &mut errors);
    errors.finish(kind)
}

impl Parse for LayoutExpr {
    fn parse(input: ParseStream) -> Result<Self> {
        let elem = elem(input)?;
        let group: proc_macro2::Group = match input.parse::<TokenTree>() {
            Ok(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => g,
            Ok(other) => {
                return Err(Error::new(
                    other.span(),
                    "expected the shape in brackets after the element type, as in `f64[3, 4]`",
                ));
            }
            Err(_) => {
                return Err(Error::new(
                    elem.span(),
                    "expected the shape in brackets after the element type, as in `f64[3, 4]`",
                ));
            }
        };
        let (dims, order) = base(&group)?;
        let mut ops = Vec::new();
        loop {
            if input.peek(syn::Token![.]) && !input.peek(syn::Token![..]) {
                input.parse::<syn::Token![.]>()?;
                let name: syn::Ident = input.parse()?;
                let args = if input.peek(syn::token::Paren) {
                    match input.parse::<TokenTree>()? {
                        TokenTree::Group(g) => Some(g),
                        _ => unreachable!("peeked a parenthesis"),
                    }
                } else {
                    None
                };
                let span = name.span();
                let kind = method(name, args.as_ref())?;
                ops.push(Op { kind, span });
            } else if input.peek(syn::token::Bracket) {
                let TokenTree::Group(g) = input.parse::<TokenTree>()? else {
                    unreachable!("peeked a bracket")
                };
                let its = items(g.stream())?;
                ops.push(Op {
                    kind: OpKind::Index(its),
                    span: g.span(),
                });
            } else {
                break;
            }
        }
        Ok(LayoutExpr {
            elem,
            dims,
            order,
            ops,
        })
    }
}

/// Parses a whole `layout!` expression: nothing may follow it.
pub fn layout_expr(tokens: TokenStream) -> Result<LayoutExpr> {
    syn::parse2::<Exact<LayoutExpr>>(tokens).map(|e| e.0)
}

/// A parse that must consume its whole input.
struct Exact<T>(T);

impl<T: Parse> Parse for Exact<T> {
    fn parse(input: ParseStream) -> Result<Self> {
        let v = input.parse()?;
        if !input.is_empty() {
            return Err(input
                .error("unexpected tokens after the layout: operations are `.name(…)` or `[…]`"));
        }
        Ok(Exact(v))
    }
}

/// Whether the tokens look like the item form (`pub struct Name = …;`).
pub fn is_item_form(tokens: &TokenStream) -> bool {
    tokens
        .clone()
        .into_iter()
        .any(|t| matches!(&t, TokenTree::Ident(i) if i == "struct"))
}

impl Parse for LayoutItem {
    fn parse(input: ParseStream) -> Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis: syn::Visibility = input.parse()?;
        input.parse::<syn::Token![struct]>()?;
        let name: syn::Ident = input.parse()?;
        input.parse::<syn::Token![=]>()?;
        let expr: LayoutExpr = input.parse()?;
        input.parse::<syn::Token![;]>()?;
        Ok(LayoutItem {
            attrs,
            vis,
            name,
            expr,
        })
    }
}

/// The item form: one or more `… struct Name = <layout>;`.
pub fn layout_items(tokens: TokenStream) -> Result<Vec<LayoutItem>> {
    struct Items(Vec<LayoutItem>);
    impl Parse for Items {
        fn parse(input: ParseStream) -> Result<Self> {
            let mut v = Vec::new();
            while !input.is_empty() {
                v.push(input.parse()?);
            }
            Ok(Items(v))
        }
    }
    syn::parse2::<Items>(tokens).map(|i| i.0)
}

/// `window!(mut? target, shape, axis = …, step = …, dilation = …)`.
pub fn window_call(tokens: TokenStream) -> Result<WindowCall> {
    let mut parts = split_commas(tokens);
    if parts.is_empty() {
        return Err(Error::new(
            Span::call_site(),
            "`window!` needs what to window and a window shape: `window!(x, 4)`",
        ));
    }
    let mut target = parts.remove(0);
    let mutable = match target.first() {
        Some(TokenTree::Ident(i)) if i == "mut" => {
            let s = i.span();
            target.remove(0);
            Some(s)
        }
        _ => None,
    };
    let literal = matches!(
        target.as_slice(),
        [TokenTree::Ident(i), TokenTree::Group(g), ..]
            if elem::known(&i.to_string()).is_some() && g.delimiter() == Delimiter::Bracket
    );
    let target = if literal {
        WindowTarget::Literal(Box::new(layout_expr(stream(&target))?))
    } else {
        WindowTarget::Expr(Box::new(syn::parse2(stream(&target)).map_err(|e| {
            Error::new(span_of(&target), format!("expected what to window: {e}"))
        })?))
    };
    let span = Span::call_site();
    let args = window_args(parts, span, &["axis", "step", "dilation"])?;
    Ok(WindowCall {
        mutable,
        target,
        args,
    })
}
