//! The kernel language: one statement in index notation over arrays and views,
//! `out[[i, j]] = 2.0 * a[[i, j]] + b[[j, i]]`, `s += a[[i, j]]`,
//! `out[[i]] += a[[i, j]]`, `a[[i, j]] *= 2.0`, and `_[[i, j]] = …` for a new
//! output the kernel allocates and returns. An operand access is a name
//! indexed with an array of index letters (valid Rust, so the statement can sit
//! in a function body under `#[kernel]`); the rest of the right-hand side is any
//! Rust expression. Parse and check here; `stride-macros` expands.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use syn::Error;
use syn::ext::IdentExt;

use crate::parse::{Errors, split_commas};

/// `=`, `+=`, `-=`, `*=` or `/=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`: each output element written once.
    Set,
    /// `+=`.
    Add,
    /// `-=`.
    Sub,
    /// `*=`.
    Mul,
    /// `/=`.
    Div,
}

impl AssignOp {
    /// The operator as written.
    pub fn text(self) -> &'static str {
        match self {
            AssignOp::Set => "=",
            AssignOp::Add => "+=",
            AssignOp::Sub => "-=",
            AssignOp::Mul => "*=",
            AssignOp::Div => "/=",
        }
    }
}

/// A running reduction along one letter: `cumsum[j](…)`, `cumprod[j](…)`.
#[derive(Clone, Debug)]
pub struct Scan {
    /// `+` (`cumsum`) or `*` (`cumprod`).
    pub kind: ScanKind,
    /// The letter scanned along.
    pub letter: Letter,
}

/// Which running reduction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanKind {
    /// `cumsum`: running sums.
    Sum,
    /// `cumprod`: running products.
    Prod,
}

/// A maximum or minimum over letters the output does not have: `m[[i]] =
/// max[j](a[[i, j]])`, `s = min[i, j](a[[i, j]])`.
#[derive(Clone, Debug)]
pub struct Extreme {
    /// `max` or `min`.
    pub kind: ExtremeKind,
    /// The letters reduced over, as listed.
    pub letters: Vec<Letter>,
    /// Where `max` / `min` is written.
    pub span: Span,
}

/// Which extreme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtremeKind {
    /// `max`: NumPy's `max` (a NaN wins).
    Max,
    /// `min`: NumPy's `min` (a NaN wins).
    Min,
}

impl ExtremeKind {
    /// The name as written.
    pub fn text(self) -> &'static str {
        match self {
            ExtremeKind::Max => "max",
            ExtremeKind::Min => "min",
        }
    }

    /// What it takes, in words.
    pub fn noun(self) -> &'static str {
        match self {
            ExtremeKind::Max => "maximum",
            ExtremeKind::Min => "minimum",
        }
    }
}

/// How the kernel writes the reduction NumPy calls `name`, if it is one of
/// NumPy's that the kernel does not name.
fn numpy_reduction(name: &str) -> Option<&'static str> {
    Some(match name {
        "sum" => {
            "a sum is written with `+=`, its letters those on the right and not on the left: \
             `y[[i]] += a[[i, j]]`"
        }
        "prod" | "product" => {
            "a product is written with `*=`, its letters those on the right and not on the \
             left: `y[[i]] *= a[[i, j]]`"
        }
        "mean" | "average" => {
            "sum with `+=` (`y[[i]] += a[[i, j]]`), then divide by the count, or use the \
             library's `mean_axis`"
        }
        "argmax" | "argmin" | "nanargmax" | "nanargmin" => {
            "positions are the library's `argmax_axis` / `argmin_axis`"
        }
        "any" | "all" | "std" | "var" | "median" | "ptp" | "nansum" | "nanmax" | "nanmin" => {
            "the kernel's reductions are sums (`+=`), products (`*=`), `max[…](…)`, \
             `min[…](…)`, and the scans `cumsum[…](…)` and `cumprod[…](…)`"
        }
        _ => return None,
    })
}

/// `name[…](…)` at the start of `toks`: the name, the bracketed group and
/// the parenthesised one (a scan, `cumsum[j](…)`, or an extreme, `max[j](…)`).
fn bracketed_call(toks: &[TokenTree]) -> Option<(&proc_macro2::Ident, &Group, &Group)> {
    match toks {
        [
            TokenTree::Ident(f),
            TokenTree::Group(l),
            TokenTree::Group(arg),
            ..,
        ] if l.delimiter() == Delimiter::Bracket && arg.delimiter() == Delimiter::Parenthesis => {
            Some((f, l, arg))
        }
        _ => None,
    }
}

/// An index letter as written.
#[derive(Clone, Debug)]
pub struct Letter {
    /// The name (`i`).
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// One operand access `a[[i, j]]`, replaced in the expression by `placeholder`.
#[derive(Clone, Debug)]
pub struct Access {
    /// The operand.
    pub operand: syn::Ident,
    /// Its index letters, one per axis.
    pub letters: Vec<Letter>,
    /// The name the expression reads it by.
    pub placeholder: syn::Ident,
}

/// What a statement writes.
#[derive(Clone, Debug)]
pub enum Target {
    /// An array or view: `out[[i, j]]`.
    Array {
        /// The operand.
        operand: syn::Ident,
        /// Its index letters.
        letters: Vec<Letter>,
    },
    /// A scalar accumulator of a full reduction: `s += …`, or `*total += …`
    /// through a mutable reference.
    Scalar(Accumulator),
}

/// A scalar accumulator: a local (`s`), or the place a mutable reference
/// points at (`*total`, a `&mut f64` parameter).
#[derive(Clone, Debug)]
pub struct Accumulator {
    /// The local's or the reference's name.
    pub name: syn::Ident,
    /// Written `*name`.
    pub deref: bool,
}

impl Accumulator {
    /// The place, as the statement names it: `s` or `(*total)`.
    pub fn place(&self) -> TokenStream {
        let name = &self.name;
        if self.deref {
            quote::quote!((*#name))
        } else {
            quote::quote!(#name)
        }
    }

    /// As written, for messages: `s` or `*total`.
    pub fn text(&self) -> String {
        format!("{}{}", if self.deref { "*" } else { "" }, self.name.unraw())
    }

    /// Where it was written.
    pub fn span(&self) -> Span {
        self.name.span()
    }
}

impl Target {
    /// Whether the output is new (`_[[i, j]] = …`): allocated by the kernel,
    /// shaped by the extents its letters take on the right, and returned.
    pub fn is_new(&self) -> bool {
        matches!(self, Target::Array { operand, .. } if operand == "_")
    }
}

/// A checked kernel statement.
#[derive(Clone, Debug)]
pub struct KernelStmt {
    /// What is written.
    pub target: Target,
    /// How.
    pub op: AssignOp,
    /// The right-hand side, every access replaced by its placeholder; the
    /// target's own value is `__stride_target` when the statement reads it.
    pub rhs: TokenStream,
    /// The accesses of the right-hand side, in order.
    pub accesses: Vec<Access>,
    /// Every letter, the target's first, then in order of appearance.
    pub letters: Vec<String>,
    /// Where the statement is (for errors about it as a whole).
    pub span: Span,
    /// `out[[…]] = cumsum[j](…)`: the scan, the right-hand side being its
    /// argument.
    pub scan: Option<Scan>,
    /// `m[[…]] = max[j](…)`: the extreme, the right-hand side being its
    /// argument.
    pub extreme: Option<Extreme>,
}

impl KernelStmt {
    /// Whether the statement sums (or multiplies, ...) over letters the target
    /// does not have, or into a scalar.
    pub fn is_reduction(&self) -> bool {
        match &self.target {
            Target::Scalar(_) => true,
            Target::Array { letters, .. } => self.letters.len() > letters.len(),
        }
    }

    /// The position of `name` among the statement's letters.
    pub fn letter(&self, name: &str) -> usize {
        self.letters
            .iter()
            .position(|l| l == name)
            .expect("every letter is listed")
    }
}

/// `[[i, j]]` after a name: the letters, or `None` when the tokens are not an
/// access.
fn access_letters(g: &Group) -> Option<Result<Vec<Letter>, Error>> {
    if g.delimiter() != Delimiter::Bracket {
        return None;
    }
    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
    let [TokenTree::Group(list)] = inner.as_slice() else {
        return None;
    };
    if list.delimiter() != Delimiter::Bracket {
        return None;
    }
    let mut errors = Errors::default();
    let mut letters = Vec::new();
    for part in split_commas(list.stream()) {
        match part.as_slice() {
            [TokenTree::Ident(id)] => letters.push(Letter {
                name: id.unraw().to_string(),
                span: id.span(),
            }),
            other => {
                let span = other.first().map_or(list.span(), TokenTree::span);
                let text: String = other
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" ");
                errors.push(Error::new(
                    span,
                    format!(
                        "a kernel index is one letter (`i`, `j`, …) naming a loop: `{text}` is not one; \
                         for a fixed or shifted position, slice the operand first (`let c = \
                         a.index(s![.., 0])?;`, or `s![1.., ..]`) and index the slice with letters"
                    ),
                ));
            }
        }
    }
    Some(errors.finish(letters))
}

/// The letters the accesses in `tokens` are indexed by (any depth), in order.
fn letters_read(tokens: TokenStream, out: &mut Vec<String>) {
    let toks: Vec<TokenTree> = tokens.into_iter().collect();
    for (k, t) in toks.iter().enumerate() {
        if let (TokenTree::Ident(_), Some(TokenTree::Group(g))) = (t, toks.get(k + 1))
            && let Some(Ok(ls)) = access_letters(g)
        {
            out.extend(ls.into_iter().map(|l| l.name));
        }
        if let TokenTree::Group(g) = t {
            letters_read(g.stream(), out);
        }
    }
}

/// Whether the bracketed group `l` lists only letters of the statement
/// (`[j]`, `[i, j]`), as a reduction's would: not an access, a literal or a
/// local (`any[0](x)` indexes an array of functions).
fn lists_letters(l: &Group, letters: &[String]) -> bool {
    let parts = split_commas(l.stream());
    !parts.is_empty()
        && parts.iter().all(|p| {
            matches!(p.as_slice(), [TokenTree::Ident(id)] if letters.contains(&id.unraw().to_string()))
        })
}

/// Replaces each access in `tokens` by a placeholder, recursing into groups.
fn rewrite(
    tokens: TokenStream,
    letters: &[String],
    accesses: &mut Vec<Access>,
    errors: &mut Errors,
) -> TokenStream {
    let toks: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        // `max[j](…)` (and `min`, `cumsum`, `cumprod`) anywhere but as the
        // whole right-hand side, where the parse takes it first: it would
        // read as indexing a local named `max`.
        if let Some((id, _, _)) = bracketed_call(&toks[k..])
            && ["max", "min", "cumsum", "cumprod"].contains(&id.unraw().to_string().as_str())
        {
            errors.push(Error::new(
                id.span(),
                format!(
                    "`{id}[…](…)` must be the whole right-hand side of a statement, as in \
                     `m[[i]] = {id}[j](a[[i, j]])`: to use it in a larger expression, write it \
                     into an array first"
                ),
            ));
        }
        // NumPy's names for reductions (`sum[j](…)`, `argmax[j](…)`): not
        // the kernel's; say how it writes them. The bracketed letters are not
        // read as values (a second error).
        if let Some((id, l, _)) = bracketed_call(&toks[k..])
            && let Some(how) = numpy_reduction(&id.unraw().to_string())
            && lists_letters(l, letters)
        {
            errors.push(Error::new(
                id.span(),
                format!("`{id}[…](…)` is not a kernel reduction: {how}"),
            ));
            out.push(toks[k].clone());
            k += 2;
            continue;
        }
        // `[[…]]` after a call or a value in parentheses (`a.t()[[i, j]]`,
        // `(a)[[i]]`) or after a field (`s.field[[i]]`, one `.`: not a
        // range's `..`, as in `0..n[[i]]`): an operand is a name the kernel
        // binds once.
        if let Some(TokenTree::Group(g)) = toks.get(k + 1)
            && access_letters(g).is_some()
            && (is_paren(&toks[k]) || is_field(&toks[..=k]))
        {
            errors.push(Error::new(
                toks[k].span(),
                "a kernel operand is a plain name: this `[[…]]` indexes an expression (a method \
                 call, a field, a value in parentheses); bind it to a name first (`let at = \
                 a.t();`, then `at[[i, j]]`)",
            ));
            // The letters inside are not read as values (a second error).
            out.push(toks[k].clone());
            out.push(TokenTree::Group(Group::new(
                Delimiter::Parenthesis,
                TokenStream::new(),
            )));
            k += 2;
            continue;
        }
        if let (TokenTree::Ident(id), Some(TokenTree::Group(g))) = (&toks[k], toks.get(k + 1))
            && let Some(letters) = access_letters(g)
        {
            match letters {
                Ok(letters) => {
                    let placeholder =
                        syn::Ident::new(&format!("__stride_in{}", accesses.len()), id.span());
                    accesses.push(Access {
                        operand: id.clone(),
                        letters,
                        placeholder: placeholder.clone(),
                    });
                    // Read through the operand's current element pointer,
                    // spanned at the operand: an expression over it is then
                    // the user's text alone, and a type error in it is shown
                    // there, not at the whole macro.
                    let ts: TokenStream = quote::quote_spanned!(id.span()=> (*#placeholder));
                    out.extend(ts);
                }
                Err(e) => errors.push(e),
            }
            k += 2;
            continue;
        }
        match &toks[k] {
            TokenTree::Group(g) => {
                let mut ng = Group::new(
                    g.delimiter(),
                    rewrite(g.stream(), letters, accesses, errors),
                );
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            t => out.push(t.clone()),
        }
        k += 1;
    }
    out.into_iter().collect()
}

/// Whether `t` is a group in parentheses (a call's arguments, or a value).
fn is_paren(t: &TokenTree) -> bool {
    matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis)
}

/// Whether `toks` ends with a name after one `.` (a field, `s.a`), not after
/// a range's `..` (whose first `.` is joint to the second).
fn is_field(toks: &[TokenTree]) -> bool {
    let dot = |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == '.');
    let n = toks.len();
    n >= 2
        && matches!(toks[n - 1], TokenTree::Ident(_))
        && dot(toks.get(n - 2))
        && !(n >= 3 && dot(toks.get(n - 3)))
}

/// The assignment operator at the top level: its position and kind; an
/// error at the operator for a compound assignment a kernel does not have
/// (`|=`, `&=`, `^=`, `%=`, `<<=`, `>>=`).
fn find_op(toks: &[TokenTree]) -> Result<Option<(usize, usize, AssignOp)>, Error> {
    let punct = |k: usize| match toks.get(k) {
        Some(TokenTree::Punct(p)) => Some(p.as_char()),
        _ => None,
    };
    for k in 0..toks.len() {
        if punct(k) == Some('=') {
            // Not `==`, `<=`, `>=`, `!=`, `=>`.
            if matches!(punct(k + 1), Some('=') | Some('>')) {
                continue;
            }
            let before = punct(k.wrapping_sub(1));
            // `<<=` and `>>=`, not the comparisons `<=` and `>=`.
            let shift = matches!(before, Some('<' | '>')) && punct(k.wrapping_sub(2)) == before;
            if shift || matches!(before, Some('|' | '&' | '^' | '%')) {
                let first = if shift { k - 2 } else { k - 1 };
                let op: String = toks[first..=k].iter().map(ToString::to_string).collect();
                let plain = &op[..op.len() - 1];
                return Err(Error::new(
                    toks[first].span(),
                    format!(
                        "`{op}` is not a kernel operator: a kernel assigns with `=` or updates \
                         with `+=`, `-=`, `*=` or `/=` (its reductions are sums and products, \
                         and `max[…]` / `min[…]`); an elementwise update can be written out, as \
                         `out[[i]] = out[[i]] {plain} x[[i]]`"
                    ),
                ));
            }
            let (start, op) = match before {
                Some('+') => (k - 1, AssignOp::Add),
                Some('-') => (k - 1, AssignOp::Sub),
                Some('*') => (k - 1, AssignOp::Mul),
                Some('/') => (k - 1, AssignOp::Div),
                Some('=' | '<' | '>' | '!') => continue,
                _ => (k, AssignOp::Set),
            };
            return Ok(Some((start, k + 1, op)));
        }
    }
    Ok(None)
}

/// Parses and checks one kernel statement.
pub fn statement(tokens: TokenStream) -> Result<KernelStmt, Error> {
    let span = tokens
        .clone()
        .into_iter()
        .next()
        .map_or(Span::call_site(), |t| t.span());
    let mut toks: Vec<TokenTree> = tokens.into_iter().collect();
    // A trailing `;` is fine.
    if matches!(toks.last(), Some(TokenTree::Punct(p)) if p.as_char() == ';') {
        toks.pop();
    }
    let (lhs_end, rhs_start, op) = find_op(&toks)?.ok_or_else(|| {
        Error::new(
            span,
            "a kernel is one assignment in index notation, as `out[[i, j]] = a[[i, j]] + b[[j, i]]` \
             or `s += a[[i, j]]`",
        )
    })?;
    let (lhs, rhs) = (&toks[..lhs_end], &toks[rhs_start..]);
    let target = match lhs {
        [TokenTree::Ident(id), TokenTree::Group(g)] => match access_letters(g) {
            Some(letters) => Target::Array {
                operand: id.clone(),
                letters: letters?,
            },
            None => {
                return Err(Error::new(
                    g.span(),
                    "index the kernel's output with an array of letters: `out[[i, j]]`",
                ));
            }
        },
        [TokenTree::Ident(id)] => Target::Scalar(Accumulator {
            name: id.clone(),
            deref: false,
        }),
        // `*total += …`: the accumulator behind a `&mut` (a `#[kernel_fn]`'s
        // parameter).
        [TokenTree::Punct(star), TokenTree::Ident(id)] if star.as_char() == '*' => {
            Target::Scalar(Accumulator {
                name: id.clone(),
                deref: true,
            })
        }
        _ => {
            let s = lhs.first().map_or(span, TokenTree::span);
            return Err(Error::new(
                s,
                "the left of a kernel is an output indexed with letters (`out[[i, j]]`) or a \
                 scalar accumulator (`s`, or `*total` through a `&mut`)",
            ));
        }
    };
    if rhs.is_empty() {
        return Err(Error::new(span, "a kernel needs a right-hand side"));
    }
    // `max[j](…)` / `min[i, j](…)` as the whole right-hand side.
    let (extreme, rhs): (Option<Extreme>, Vec<TokenTree>) = match bracketed_call(rhs) {
        Some((f, l, arg)) if rhs.len() == 3 && (f == "max" || f == "min") => {
            let kind = if f == "max" {
                ExtremeKind::Max
            } else {
                ExtremeKind::Min
            };
            let mut letters = Vec::new();
            for item in split_commas(l.stream()) {
                match item.as_slice() {
                    [TokenTree::Ident(id)] => letters.push(Letter {
                        name: id.unraw().to_string(),
                        span: id.span(),
                    }),
                    _ => {
                        let at = item.first().map_or(l.span(), TokenTree::span);
                        return Err(Error::new(
                            at,
                            format!(
                                "`{f}[…]` lists the letters to take the {} over, as \
                                 `{f}[j](a[[i, j]])`",
                                kind.noun()
                            ),
                        ));
                    }
                }
            }
            if letters.is_empty() {
                return Err(Error::new(
                    l.span(),
                    format!("`{f}[…]` needs at least one letter, as `{f}[j](a[[i, j]])`"),
                ));
            }
            if op != AssignOp::Set {
                return Err(Error::new(
                    f.span(),
                    format!(
                        "`{f}[…](…)` sets its output to the {}: write `m[[…]] = {f}[…](…)`",
                        kind.noun()
                    ),
                ));
            }
            (
                Some(Extreme {
                    kind,
                    letters,
                    span: f.span(),
                }),
                arg.stream().into_iter().collect(),
            )
        }
        _ => (None, rhs.to_vec()),
    };
    let rhs = rhs.as_slice();
    // `cumsum[j](…)` / `cumprod[j](…)` as the whole right-hand side.
    let (scan, rhs): (Option<Scan>, Vec<TokenTree>) = match bracketed_call(rhs) {
        Some((f, l, arg)) if rhs.len() == 3 && (f == "cumsum" || f == "cumprod") => {
            let kind = if f == "cumsum" {
                ScanKind::Sum
            } else {
                ScanKind::Prod
            };
            let inner: Vec<TokenTree> = l.stream().into_iter().collect();
            let letter = match inner.as_slice() {
                [TokenTree::Ident(id)] => Letter {
                    name: id.unraw().to_string(),
                    span: id.span(),
                },
                _ => {
                    return Err(Error::new(
                        l.span(),
                        format!(
                            "`{f}[…]` takes the one letter to scan along, as `{f}[j](a[[i, j]])`"
                        ),
                    ));
                }
            };
            if op != AssignOp::Set {
                return Err(Error::new(
                    f.span(),
                    format!("a scan writes every element of its output: `out[[…]] = {f}[…](…)`"),
                ));
            }
            (
                Some(Scan { kind, letter }),
                arg.stream().into_iter().collect(),
            )
        }
        _ => (None, rhs.to_vec()),
    };
    let rhs = rhs.as_slice();
    let mut errors = Errors::default();
    let mut accesses = Vec::new();
    // The statement's letters, for telling a reduction's `[j]` from an index
    // into a local: the output's and those the accesses read.
    let mut known: Vec<String> = match &target {
        Target::Array { letters, .. } => letters.iter().map(|l| l.name.clone()).collect(),
        Target::Scalar(_) => Vec::new(),
    };
    letters_read(rhs.iter().cloned().collect(), &mut known);
    let rhs_ts = rewrite(
        rhs.iter().cloned().collect(),
        &known,
        &mut accesses,
        &mut errors,
    );
    errors.finish(())?;
    // The rewritten right-hand side must be an expression, computed once per
    // element, which control flow does not leave.
    let expr = syn::parse2::<syn::Expr>(rhs_ts.clone()).map_err(|e| {
        Error::new(
            e.span(),
            format!("the right of a kernel is an expression: {e}"),
        )
    })?;
    escapes(&expr)?;
    // Letters: the target's, then the others in order of appearance.
    let mut letters: Vec<String> = Vec::new();
    let target_letters: Vec<Letter> = match &target {
        Target::Array { letters, .. } => letters.clone(),
        Target::Scalar(_) => Vec::new(),
    };
    let mut errors = Errors::default();
    for l in &target_letters {
        if letters.contains(&l.name) {
            errors.push(Error::new(
                l.span,
                format!(
                    "the output is indexed twice by `{}`: each output index is its own loop",
                    l.name
                ),
            ));
        } else {
            letters.push(l.name.clone());
        }
    }
    for a in &accesses {
        for l in &a.letters {
            if !letters.contains(&l.name) {
                letters.push(l.name.clone());
            }
        }
    }
    let names = Names::of(&expr);
    reads_a_letter(&names, &letters, &mut errors);
    if let Target::Scalar(acc) = &target {
        reads_the_accumulator(&names, acc, &mut errors);
    }
    let stmt = KernelStmt {
        target,
        op,
        rhs: rhs_ts,
        accesses,
        letters,
        span,
        scan,
        extreme,
    };
    check(&stmt, &mut errors);
    errors.finish(stmt)
}

/// Control flow that would leave the right-hand side (`return`, `?`,
/// `.await`, and `break` / `continue` not caught by a loop or labelled block
/// of the expression itself): the expansion runs the expression inside its own
/// loops, so leaving it would skip the element's write (or, for a new output,
/// leave the element uninitialised). Nested closures and async blocks have
/// control flow of their own and are not searched.
fn escapes(expr: &syn::Expr) -> Result<(), Error> {
    use syn::spanned::Spanned;
    use syn::visit::{self, Visit};

    #[derive(Default)]
    struct Escapes {
        found: Option<(Span, &'static str)>,
        /// Loops around the current point, inside the expression.
        loops: usize,
        /// Labels of the loops and blocks around the current point.
        labels: Vec<String>,
    }

    impl Escapes {
        fn hit(&mut self, span: Span, what: &'static str) {
            self.found.get_or_insert((span, what));
        }

        fn jump(&mut self, label: Option<&syn::Lifetime>, span: Span, what: &'static str) {
            let caught = match label {
                Some(l) => self.labels.contains(&l.ident.to_string()),
                None => self.loops > 0,
            };
            if !caught {
                self.hit(span, what);
            }
        }

        fn scoped(&mut self, label: Option<&syn::Label>, is_loop: bool, f: impl FnOnce(&mut Self)) {
            let pushed = label.map(|l| self.labels.push(l.name.ident.to_string()));
            self.loops += usize::from(is_loop);
            f(self);
            self.loops -= usize::from(is_loop);
            if pushed.is_some() {
                self.labels.pop();
            }
        }
    }

    impl<'ast> Visit<'ast> for Escapes {
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
        fn visit_expr_return(&mut self, e: &'ast syn::ExprReturn) {
            self.hit(e.return_token.span, "return");
        }
        fn visit_expr_try(&mut self, e: &'ast syn::ExprTry) {
            self.hit(e.question_token.span, "?");
            visit::visit_expr_try(self, e);
        }
        fn visit_expr_await(&mut self, e: &'ast syn::ExprAwait) {
            self.hit(e.await_token.span(), ".await");
        }
        fn visit_expr_break(&mut self, e: &'ast syn::ExprBreak) {
            self.jump(e.label.as_ref(), e.break_token.span, "break");
            visit::visit_expr_break(self, e);
        }
        fn visit_expr_continue(&mut self, e: &'ast syn::ExprContinue) {
            self.jump(e.label.as_ref(), e.continue_token.span, "continue");
        }
        fn visit_expr_loop(&mut self, e: &'ast syn::ExprLoop) {
            self.scoped(e.label.as_ref(), true, |v| visit::visit_expr_loop(v, e));
        }
        fn visit_expr_while(&mut self, e: &'ast syn::ExprWhile) {
            self.scoped(e.label.as_ref(), true, |v| visit::visit_expr_while(v, e));
        }
        fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
            self.scoped(e.label.as_ref(), true, |v| visit::visit_expr_for_loop(v, e));
        }
        fn visit_expr_block(&mut self, e: &'ast syn::ExprBlock) {
            self.scoped(e.label.as_ref(), false, |v| visit::visit_expr_block(v, e));
        }
    }

    let mut v = Escapes::default();
    v.visit_expr(expr);
    match v.found {
        None => Ok(()),
        Some((span, what)) => Err(Error::new(
            span,
            format!(
                "`{what}` would leave the kernel's right-hand side, an expression computed \
                 once per element: the element would not be written; compute the value \
                 without `return`, `?`, `.await`, or a `break` / `continue` out of it"
            ),
        )),
    }
}

/// The plain names an expression reads (`x`, not `a.x` or `m::x`) and the
/// names its patterns bind, outside nested closures and items (their own
/// bindings may reuse a name): what the checks of letters and of the
/// accumulator read on the right look at.
#[derive(Default)]
struct Names {
    /// Each read, with where it is written.
    reads: Vec<(String, Span)>,
    /// Each name a `let`, a match arm or another pattern binds.
    bound: Vec<String>,
}

impl Names {
    fn of(expr: &syn::Expr) -> Names {
        let mut names = Names::default();
        syn::visit::Visit::visit_expr(&mut names, expr);
        names
    }
}

impl<'ast> syn::visit::Visit<'ast> for Names {
    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    fn visit_item(&mut self, _: &'ast syn::Item) {}
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        self.bound.push(p.ident.unraw().to_string());
        syn::visit::visit_pat_ident(self, p);
    }
    fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
        if let (None, Some(id)) = (&e.qself, e.path.get_ident()) {
            self.reads.push((id.unraw().to_string(), id.span()));
        }
        syn::visit::visit_expr_path(self, e);
    }
}

/// The scalar accumulator read in its own right-hand side (`s += a[[i]] *
/// s`): the loop adds to it while the terms are computed, so each term would
/// see a partial result (the borrow checker refuses it, in words about a
/// closure the statement does not have). Where a pattern binds the name
/// again (`{ let s = …; s * s }`, a match arm), a read may be of that
/// binding, so none is reported (the borrow checker still refuses a real
/// one).
fn reads_the_accumulator(names: &Names, acc: &Accumulator, errors: &mut Errors) {
    let name = acc.name.unraw().to_string();
    if names.bound.contains(&name) {
        return;
    }
    let text = acc.text();
    for (_, span) in names.reads.iter().filter(|(n, _)| *n == name) {
        errors.push(Error::new(
            *span,
            format!(
                "the accumulator `{text}` is read on the right of its own reduction: the loop \
                 adds to it while the terms are computed, so each term would see a partial \
                 result; copy it first (`let before = {text};`) and read the copy"
            ),
        ));
    }
}

/// A letter read as a value in the right-hand side (`a[[i]] * i`): the
/// expansion does not bind the letters, so the name would read a local of
/// that name, if there is one, and the statement would silently mean
/// something else.
fn reads_a_letter(names: &Names, letters: &[String], errors: &mut Errors) {
    for (name, span) in names.reads.iter().filter(|(n, _)| letters.contains(n)) {
        errors.push(Error::new(
            *span,
            format!(
                "`{name}` is an index letter of this kernel, not a value: the expression cannot \
                 read a loop's position (it would read a local named `{name}` instead); rename \
                 the local, or read positions from an operand (`idx[[{name}]]` over \
                 `Array::arange`)"
            ),
        ));
    }
}

fn check(s: &KernelStmt, errors: &mut Errors) {
    let rhs_letters: Vec<&Letter> = s.accesses.iter().flat_map(|a| a.letters.iter()).collect();
    if let Some(e) = &s.extreme {
        check_extreme(s, e, &rhs_letters, errors);
    }
    if let Some(scan) = &s.scan {
        match &s.target {
            Target::Scalar(acc) => errors.push(Error::new(
                acc.span(),
                "a scan writes an array: `out[[i, j]] = cumsum[j](a[[i, j]])`",
            )),
            Target::Array { operand, letters } => {
                if !letters.iter().any(|l| l.name == scan.letter.name) {
                    errors.push(Error::new(
                        scan.letter.span,
                        format!(
                            "the scan runs along `{}`, which does not index the output `{}`",
                            scan.letter.name,
                            operand.unraw()
                        ),
                    ));
                }
            }
        }
    }
    for a in &s.accesses {
        if a.operand == "_" {
            errors.push(Error::new(
                a.operand.span(),
                "`_[[…]]` names a new output, made by this kernel: it cannot be read",
            ));
        }
    }
    if s.target.is_new() {
        check_new(s, errors);
        return;
    }
    match &s.target {
        Target::Scalar(acc) if acc.name == "_" => errors.push(Error::new(
            acc.span(),
            "`_` alone is not an output: a new array is indexed with its letters, \
             `let out = kernel!(_[[i, j]] = …)?`",
        )),
        Target::Scalar(acc) => {
            if s.op == AssignOp::Set && s.extreme.is_none() {
                errors.push(Error::new(
                    acc.span(),
                    format!(
                        "`{id} = …` has no index to loop over: a scalar target accumulates, \
                         `{id} += …` (or `*=`)",
                        id = acc.text()
                    ),
                ));
            }
            if s.accesses.is_empty() {
                errors.push(Error::new(
                    acc.span(),
                    "a reduction reads at least one array, as `s += a[[i, j]]`",
                ));
            }
        }
        Target::Array { operand, letters } => {
            let reduces = s.letters.len() > letters.len();
            if reduces && s.op == AssignOp::Set && s.extreme.is_none() {
                let extra: Vec<&Letter> = rhs_letters
                    .iter()
                    .copied()
                    .filter(|l| !letters.iter().any(|t| t.name == l.name))
                    .collect();
                let first = extra[0];
                errors.push(Error::new(
                    first.span,
                    format!(
                        "index `{}` is on the right but not on the left: `=` writes each element of \
                         `{}` once; write `+=` to sum over `{}`",
                        first.name,
                        operand.unraw(),
                        first.name
                    ),
                ));
            }
            if reduces || s.op != AssignOp::Set {
                for l in letters {
                    // Not for `=` (refused just above): its letters are
                    // the mistake to fix first.
                    let reduction = s.op != AssignOp::Set || s.extreme.is_some();
                    if !rhs_letters.iter().any(|r| r.name == l.name) && reduces && reduction {
                        errors.push(Error::new(
                            l.span,
                            format!(
                                "index `{}` of the output is not on the right of this reduction: \
                                 its extent would come from the output alone, and every element \
                                 along it would get the same {}",
                                l.name,
                                s.extreme.as_ref().map_or("sum", |e| e.kind.noun())
                            ),
                        ));
                    }
                }
            }
            for a in &s.accesses {
                if a.operand.unraw() == operand.unraw() {
                    let same = a.letters.len() == letters.len()
                        && a.letters.iter().zip(letters).all(|(x, y)| x.name == y.name);
                    if reduces {
                        errors.push(Error::new(
                            a.operand.span(),
                            format!(
                                "`{}` is the output of this reduction and is read on the \
                                 right: each element would be read while it is partly {}",
                                operand.unraw(),
                                match s.extreme.as_ref().map(|e| e.kind) {
                                    Some(ExtremeKind::Max) => "maximised",
                                    Some(ExtremeKind::Min) => "minimised",
                                    None => "summed",
                                }
                            ),
                        ));
                    } else if !same {
                        errors.push(Error::new(
                            a.operand.span(),
                            format!(
                                "`{}` is written and also read at other positions: the \
                                 kernel would read elements it already wrote (NumPy's `x += x.T`); \
                                 read a copy instead",
                                operand.unraw()
                            ),
                        ));
                    }
                }
            }
        }
    }
}

/// `max[…](…)` / `min[…](…)`: not of a scan; its letters, each listed
/// once, are the letters of the right-hand side that the output does not
/// have (a scalar output has none).
fn check_extreme(s: &KernelStmt, e: &Extreme, rhs_letters: &[&Letter], errors: &mut Errors) {
    let (f, what) = (e.kind.text(), e.kind.noun());
    if s.scan.is_some() {
        errors.push(Error::new(
            e.span,
            format!("`{f}[…]` of a scan: write the scan into an array first, then take its {what}"),
        ));
        return;
    }
    let out: &[Letter] = match &s.target {
        Target::Array { letters, .. } => letters,
        Target::Scalar(_) => &[],
    };
    for (n, l) in e.letters.iter().enumerate() {
        if e.letters[..n].iter().any(|x| x.name == l.name) {
            errors.push(Error::new(
                l.span,
                format!("`{}` is listed twice in `{f}[…]`", l.name),
            ));
        } else if out.iter().any(|x| x.name == l.name) {
            errors.push(Error::new(
                l.span,
                format!(
                    "`{}` indexes the output: `{f}[…]` lists the letters the {what} is taken \
                     over, which the output does not have",
                    l.name
                ),
            ));
        } else if !rhs_letters.iter().any(|x| x.name == l.name) {
            errors.push(Error::new(
                l.span,
                format!(
                    "`{}` is not on the right: no operand gives its extent to take the {what} over",
                    l.name
                ),
            ));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for l in rhs_letters {
        if seen.contains(&l.name.as_str()) {
            continue;
        }
        seen.push(&l.name);
        if !out.iter().any(|x| x.name == l.name) && !e.letters.iter().any(|x| x.name == l.name) {
            errors.push(Error::new(
                l.span,
                format!(
                    "index `{}` is on the right but not on the left: list it in `{f}[…]` to take \
                     the {what} over it too",
                    l.name
                ),
            ));
        }
    }
}

/// A new output (`_[[i, j]] = …`): written once per element (or, with `+=`
/// and `*=`, filled with zero or one and reduced into), every letter of it
/// read on the right (which gives its extent).
fn check_new(s: &KernelStmt, errors: &mut Errors) {
    let Target::Array { operand, letters } = &s.target else {
        return;
    };
    // `+=` and `*=` start from zero and one (NumPy's `einsum`); `-=` and
    // `/=` would too, but read as updates of values that do not exist.
    if matches!(s.op, AssignOp::Sub | AssignOp::Div) {
        errors.push(Error::new(
            operand.span(),
            format!(
                "a new output has no values to update with `{}`: a new sum (`_[[…]] += …`) \
                 starts at zero and a product (`*=`) at one; write `=`, or make the output \
                 first (`Array::zeros`) and update it",
                s.op.text()
            ),
        ));
        return;
    }
    let rhs: Vec<&Letter> = s.accesses.iter().flat_map(|a| a.letters.iter()).collect();
    // `max[…]` / `min[…]` list the letters the new output does not have
    // (checked with them).
    if let Some(extra) = rhs
        .iter()
        .find(|l| !letters.iter().any(|t| t.name == l.name))
        .filter(|_| s.extreme.is_none() && s.op == AssignOp::Set)
    {
        errors.push(Error::new(
            extra.span,
            format!(
                "index `{}` is on the right but not on the left: a new output is written once \
                 per element with `=`; to sum over `{}`, write `_[[…]] += …`",
                extra.name, extra.name
            ),
        ));
    }
    for l in letters {
        if !rhs.iter().any(|r| r.name == l.name) {
            errors.push(Error::new(
                l.span,
                format!(
                    "index `{}` of the new output is not on the right: no operand gives its extent",
                    l.name
                ),
            ));
        }
    }
}
