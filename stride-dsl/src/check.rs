//! The checker: runs a parsed layout through stride-core's own functions (the one
//! implementation of each algorithm) and turns any refusal into an error at the
//! offending token, with the numbers.

use proc_macro2::Span;
use stride_core::{
    Contiguity, DynLayout, Item as CoreItem, LayoutError, MAX_RANK, Order, Slice, ViewOrCopy,
};
use syn::Error;

use crate::parse::Errors;
use crate::syntax::{
    Elem, Int, Item, LayoutExpr, List, Op, OpKind, OrderArg, Value, WindowArgs, rank_change,
};

/// A layout the checker accepted: the element type, the final layout (what the
/// macros emit) and every intermediate one.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The element type.
    pub elem: Elem,
    /// The final layout.
    pub layout: DynLayout,
    /// Its most specific order marker.
    pub contiguity: Contiguity,
    /// The base, then the layout after each operation, with the operation's text.
    pub steps: Vec<(String, DynLayout)>,
}

/// `[a, b, c]`, as messages quote shapes and strides.
pub fn fmt_list<T: std::fmt::Display>(xs: &[T]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

/// "`[4, 6]` with strides `[6, 1]`", the way messages name a layout.
fn describe(l: &DynLayout) -> String {
    format!(
        "`{}` with strides `{}`",
        fmt_list(l.shape()),
        fmt_list(l.strides())
    )
}

/// The literal of a value, or an error: the layout language needs its numbers at
/// expansion.
pub fn lit(v: &Value) -> Result<Int, Error> {
    v.lit().ok_or_else(|| {
        Error::new(
            v.span(),
            "expected an integer literal: `layout!` computes layouts at compile time \
             (use `s!` or `window!` on a view for run-time values)",
        )
    })
}

fn usize_of(i: Int, what: &str) -> Result<usize, Error> {
    usize::try_from(i.value)
        .ok()
        .filter(|&v| v <= isize::MAX as usize)
        .ok_or_else(|| {
            if i.value < 0 {
                Error::new(
                    i.span,
                    format!("{what} cannot be negative: found {}", i.value),
                )
            } else {
                Error::new(
                    i.span,
                    format!("{what} {} does not fit in `isize`", i.value),
                )
            }
        })
}

fn isize_of(i: Int, what: &str) -> Result<isize, Error> {
    isize::try_from(i.value).map_err(|_| {
        Error::new(
            i.span,
            format!("{what} {} does not fit in `isize`", i.value),
        )
    })
}

fn usizes(l: &List, what: &str) -> Result<Vec<(usize, Span)>, Error> {
    let mut errors = Errors::default();
    let mut out = Vec::new();
    for v in &l.values {
        match lit(v).and_then(|i| usize_of(i, what)) {
            Ok(n) => out.push((n, v.span())),
            Err(e) => errors.push(e),
        }
    }
    errors.finish(out)
}

fn isizes(l: &List, what: &str) -> Result<Vec<(isize, Span)>, Error> {
    let mut errors = Errors::default();
    let mut out = Vec::new();
    for v in &l.values {
        match lit(v).and_then(|i| isize_of(i, what)) {
            Ok(n) => out.push((n, v.span())),
            Err(e) => errors.push(e),
        }
    }
    errors.finish(out)
}

fn check_rank(rank: usize, span: Span, what: &str) -> Result<(), Error> {
    if rank > MAX_RANK {
        Err(Error::new(
            span,
            format!("{what} has rank {rank}, over the maximum of {MAX_RANK}"),
        ))
    } else {
        Ok(())
    }
}

/// Checks a layout expression: `Ok` with every layout along the chain, or every
/// mistake found, each at its token.
pub fn check(expr: &LayoutExpr) -> Result<Checked, Error> {
    let dims = usizes(&expr.dims, "a dimension")?;
    let shape: Vec<usize> = dims.iter().map(|d| d.0).collect();
    check_rank(
        shape.len(),
        expr.dims.span,
        &format!("the shape `{}`", fmt_list(&shape)),
    )?;
    let order = expr.order.map_or(Order::C, |o| o.order);
    let base = DynLayout::packed(&shape, order).map_err(|e| match e {
        LayoutError::TooLarge => Error::new(
            expr.dims.span,
            format!(
                "the shape `{}` has too many elements: its size does not fit in `isize`",
                fmt_list(&shape)
            ),
        ),
        other => Error::new(expr.dims.span, other.to_string()),
    })?;
    let mut steps = vec![(
        format!("{}{}", expr.elem.name(), fmt_list(&shape)),
        base.clone(),
    )];
    let mut cur = base;
    for op in &expr.ops {
        cur = apply(&cur, op)?;
        check_rank(
            cur.rank(),
            op.span,
            &format!("the result of `{}`", op.kind.name()),
        )?;
        steps.push((op_text(op), cur.clone()));
    }
    // A layout both C- and F-contiguous (1-D, or with at most one axis longer than
    // 1) keeps the order it was written in, so an F tensor stays `F`.
    let contiguity = match cur.contiguity() {
        Contiguity::C if order == Order::F && cur.is_f_contiguous() => Contiguity::F,
        c => c,
    };
    Ok(Checked {
        elem: expr.elem.clone(),
        contiguity,
        layout: cur,
        steps,
    })
}

/// The rank a layout expression would have, read from its syntax alone (for the
/// placeholder of a layout that failed its check, so that uses of it do not add
/// errors): `None` when the syntax does not say.
pub fn syntactic_rank(expr: &LayoutExpr) -> Option<usize> {
    let mut r = expr.dims.values.len();
    for op in &expr.ops {
        r = match &op.kind {
            OpKind::Index(items) => {
                let (consumed, produced) = rank_change(items);
                r.checked_sub(consumed)? + produced
            }
            OpKind::Transpose(_) | OpKind::SwapAxes(..) | OpKind::Flip(_) => r,
            OpKind::Diagonal { .. } => r.checked_sub(1)?,
            OpKind::BroadcastTo(l) | OpKind::Reshape(l, _) => l.values.len(),
            OpKind::Ravel(_) => 1,
            OpKind::Window(w) => {
                let n = match (&w.shape, &w.axes) {
                    (s, Some(a)) if s.scalar && !a.scalar => a.values.len(),
                    (s, _) => s.values.len(),
                };
                r + n
            }
        };
    }
    (r <= MAX_RANK).then_some(r)
}

/// A stand-in for a layout that failed its check: an empty layout of the rank
/// the syntax gives, with nothing promised, so that the generated items keep
/// their names and types and nothing but the error is reported.
pub fn placeholder(expr: &LayoutExpr) -> Option<Checked> {
    let r = syntactic_rank(expr)?;
    let layout = DynLayout::from_parts(&vec![0; r], &vec![0; r], 0).ok()?;
    Some(Checked {
        elem: expr.elem.clone(),
        contiguity: Contiguity::Strided,
        steps: vec![(String::new(), layout.clone())],
        layout,
    })
}

fn op_text(op: &Op) -> String {
    match &op.kind {
        OpKind::Index(_) => "[…]".to_owned(),
        OpKind::Transpose(None) => ".T".to_owned(),
        k => format!(".{}(…)", k.name()),
    }
}

/// The input axis each item consumes (`None` for new axes and the ellipsis).
fn consumed_axes(items: &[Item], rank: usize) -> Vec<Option<usize>> {
    let consuming = items
        .iter()
        .filter(|i| matches!(i, Item::Index(_) | Item::Slice { .. }))
        .count();
    let mut axis = 0;
    items
        .iter()
        .map(|i| match i {
            Item::Index(_) | Item::Slice { .. } => {
                axis += 1;
                Some(axis - 1)
            }
            Item::Ellipsis(_) => {
                axis += rank.saturating_sub(consuming);
                None
            }
            Item::NewAxis(_) => None,
        })
        .collect()
}

fn index(cur: &DynLayout, items: &[Item], op: &Op) -> Result<DynLayout, Error> {
    let mut errors = Errors::default();
    let mut core = Vec::new();
    let opt = |v: &Option<Value>, what: &str| -> Result<Option<isize>, Error> {
        v.as_ref()
            .map(|v| lit(v).and_then(|i| isize_of(i, what)))
            .transpose()
    };
    let mut ellipsis: Option<Span> = None;
    let mut consumed = 0;
    for it in items {
        match it {
            Item::Index(v) => {
                consumed += 1;
                match lit(v).and_then(|i| isize_of(i, "an index")) {
                    Ok(i) => core.push(CoreItem::Index(i)),
                    Err(e) => errors.push(e),
                }
            }
            Item::Slice {
                start,
                stop,
                step,
                inclusive,
                ..
            } => {
                consumed += 1;
                match (
                    opt(start, "a slice start"),
                    opt(stop, "a slice stop"),
                    opt(step, "a slice step"),
                ) {
                    (Ok(a), Ok(b), Ok(s)) => {
                        // `..=b` ends after b; `..=-1` runs to the end.
                        let b = match b {
                            Some(-1) if *inclusive => None,
                            Some(b) if *inclusive => Some(b.saturating_add(1)),
                            b => b,
                        };
                        if s == Some(0) {
                            let sp = step.as_ref().map_or(it.span(), Value::span);
                            errors.push(Error::new(sp, "slice step cannot be zero"));
                        }
                        core.push(CoreItem::Slice(Slice::new(a, b, s.unwrap_or(1))));
                    }
                    (a, b, s) => {
                        for e in [a.err(), b.err(), s.err()].into_iter().flatten() {
                            errors.push(e);
                        }
                    }
                }
            }
            Item::NewAxis(_) => core.push(CoreItem::NewAxis),
            Item::Ellipsis(s) => {
                if ellipsis.is_some() {
                    errors.push(Error::new(
                        *s,
                        "an index can only have a single ellipsis (`...`)",
                    ));
                }
                ellipsis = Some(*s);
                core.push(CoreItem::Ellipsis);
            }
        }
    }
    if consumed > cur.rank() {
        let extra = items
            .iter()
            .filter(|i| matches!(i, Item::Index(_) | Item::Slice { .. }))
            .nth(cur.rank())
            .map_or(op.span, Item::span);
        errors.push(Error::new(
            extra,
            format!(
                "too many indices: {consumed} given for a layout of rank {} (shape `{}`)",
                cur.rank(),
                fmt_list(cur.shape())
            ),
        ));
    }
    errors.finish(())?;
    let axes = consumed_axes(items, cur.rank());
    cur.index(&core).map_err(|e| {
        let at_axis = |axis: usize| {
            axes.iter()
                .position(|a| *a == Some(axis))
                .map_or(op.span, |k| items[k].span())
        };
        match e {
            LayoutError::IndexOutOfBounds { axis, index, len } => Error::new(
                at_axis(axis),
                format!("index {index} is out of bounds for axis {axis} of length {len}"),
            ),
            other => Error::new(op.span, other.to_string()),
        }
    })
}

fn axis_error(e: LayoutError, span: Span, rank: usize) -> Error {
    match e {
        LayoutError::AxisOutOfRange { axis, .. } => Error::new(
            span,
            format!(
                "axis {axis} is out of range for a layout of rank {rank} (axes are {}..{rank}, \
                 or -{rank}..0 from the end)",
                0
            ),
        ),
        other => Error::new(span, other.to_string()),
    }
}

fn transpose(cur: &DynLayout, axes: &List) -> Result<DynLayout, Error> {
    let ax = isizes(axes, "an axis")?;
    let rank = cur.rank();
    if ax.len() != rank {
        return Err(Error::new(
            axes.span,
            format!(
                "`transpose` needs one axis per axis of the layout: {rank} for shape `{}`, \
                 found {}",
                fmt_list(cur.shape()),
                ax.len()
            ),
        ));
    }
    let values: Vec<isize> = ax.iter().map(|a| a.0).collect();
    cur.permute(&values).map_err(|e| match e {
        LayoutError::AxisOutOfRange { axis, .. } => {
            let sp = ax.iter().find(|a| a.0 == axis).map_or(axes.span, |a| a.1);
            axis_error(e, sp, rank)
        }
        LayoutError::RepeatedAxis { axis } => {
            let norm = |a: isize| if a < 0 { a + rank as isize } else { a };
            let second = ax
                .iter()
                .filter(|a| norm(a.0) == axis as isize)
                .nth(1)
                .map_or(axes.span, |a| a.1);
            Error::new(
                second,
                format!(
                    "axis {axis} appears twice: `{}` is not a permutation of the axes 0..{rank}",
                    fmt_list(&values)
                ),
            )
        }
        other => Error::new(axes.span, other.to_string()),
    })
}

fn one_axis(v: &Value) -> Result<(isize, Span), Error> {
    let i = lit(v)?;
    Ok((isize_of(i, "an axis")?, i.span))
}

fn reshape(
    cur: &DynLayout,
    dims: &List,
    order: Option<OrderArg>,
    op: &Op,
) -> Result<DynLayout, Error> {
    let req = isizes(dims, "a dimension")?;
    let values: Vec<isize> = req.iter().map(|d| d.0).collect();
    let order_v = order.map_or(Order::C, |o| o.order);
    if matches!(order_v, Order::K) {
        return Err(Error::new(
            order.map_or(op.span, |o| o.span),
            "`reshape` reads in order `C`, `F` or `A`, not `K`",
        ));
    }
    let shown = fmt_list(&values);
    match cur.reshape(&values, order_v) {
        Ok((ViewOrCopy::View, l)) => Ok(l),
        Ok((ViewOrCopy::Copy, _)) => {
            // The reason: the same decision as a no-copy reshape.
            let why = stride_core_reshape_reason(cur, &values, order_v);
            let other = match order_v {
                Order::F => Order::C,
                _ => Order::F,
            };
            let hint = match cur.reshape(&values, other) {
                Ok((ViewOrCopy::View, _)) => format!(
                    " (reading it in {} order would be free: `order = {}`)",
                    other.name(),
                    other.name()
                ),
                _ => String::new(),
            };
            Err(Error::new(
                op.span,
                format!(
                    "reshape of {} to `{shown}` needs a copy: {why}{hint}",
                    describe(cur)
                ),
            ))
        }
        Err(e) => Err(match e {
            LayoutError::MultipleUnknown {
                first,
                first_value,
                second,
                second_value,
            } => Error::new(
                req[second].1,
                format!(
                    "only one dimension can be unknown: `{first_value}` at position {first} \
                     and `{second_value}` at position {second}"
                ),
            ),
            LayoutError::UnresolvableUnknown {
                size,
                known,
                position,
                value,
            } => Error::new(
                req[position].1,
                format!(
                    "cannot infer the unknown dimension `{value}` of `{shown}`: an array of size \
                     {size} is not a whole multiple of {known}, the product of the other \
                     dimensions"
                ),
            ),
            LayoutError::SizeMismatch { size, requested } => Error::new(
                dims.span,
                format!(
                    "cannot reshape an array of size {size} (shape `{}`) into shape `{shown}` of \
                     size {requested}",
                    fmt_list(cur.shape())
                ),
            ),
            LayoutError::TooLarge => Error::new(
                dims.span,
                format!("the shape `{shown}` has too many elements"),
            ),
            other => Error::new(op.span, other.to_string()),
        }),
    }
}

/// Why a reshape needs a copy, in the words of the core's `NeedsCopy`.
fn stride_core_reshape_reason(cur: &DynLayout, values: &[isize], order: Order) -> String {
    match cur.reshape_view(values, order) {
        Err(LayoutError::NeedsCopy {
            order,
            axis,
            len,
            stride,
            next_axis,
            next_len,
            next_stride,
        }) => format!(
            "in {} order, axes {axis} (length {len}, stride {stride}) and {next_axis} (length \
             {next_len}, stride {next_stride}) cannot be merged into one strided axis",
            order.name()
        ),
        _ => format!("it is not {}-contiguous", order.name()),
    }
}

fn broadcast(cur: &DynLayout, target: &List) -> Result<DynLayout, Error> {
    let t = usizes(target, "a dimension")?;
    let shape: Vec<usize> = t.iter().map(|d| d.0).collect();
    cur.broadcast_to(&shape).map_err(|e| match e {
        LayoutError::BroadcastMismatch {
            axis,
            len,
            target: want,
        } => {
            let lead = shape.len() - cur.rank();
            Error::new(
                t[lead + axis].1,
                format!(
                    "cannot broadcast shape `{}` to `{}`: axis {axis} has length {len}, which \
                     cannot stretch to {want} (only length-1 axes stretch)",
                    fmt_list(cur.shape()),
                    fmt_list(&shape)
                ),
            )
        }
        LayoutError::BroadcastRank { rank, target: r } => Error::new(
            target.span,
            format!(
                "cannot broadcast a layout of rank {rank} (shape `{}`) to `{}` of rank {r}: \
                 broadcasting adds axes, never removes them",
                fmt_list(cur.shape()),
                fmt_list(&shape)
            ),
        ),
        other => Error::new(target.span, other.to_string()),
    })
}

/// A window argument list resolved against `n` windows: a scalar applies to all.
fn per_window(
    l: &Option<List>,
    n: usize,
    default: usize,
    what: &str,
) -> Result<Vec<(usize, Span)>, Error> {
    match l {
        None => Ok(vec![(default, Span::call_site()); n]),
        Some(l) => {
            let v = usizes(l, what)?;
            if l.scalar {
                Ok(vec![v[0]; n])
            } else if v.len() != n {
                Err(Error::new(
                    l.span,
                    format!("expected one {what} per window ({n}), found {}", v.len()),
                ))
            } else {
                Ok(v)
            }
        }
    }
}

/// A resolved window specification (everything known at expansion).
#[derive(Clone, Debug)]
pub struct WindowSpec {
    /// Window length per windowed axis.
    pub shape: Vec<usize>,
    /// The axes.
    pub axes: Vec<isize>,
    /// Steps.
    pub step: Vec<usize>,
    /// Dilations.
    pub dilation: Vec<usize>,
}

/// Where each part of a [`WindowSpec`] was written, to point errors at it.
#[derive(Clone, Debug)]
pub struct WindowSpans {
    /// Each window length.
    pub shape: Vec<Span>,
    /// Each axis.
    pub axes: Vec<Span>,
}

/// Resolves window arguments for a layout of rank `rank` (literal values only):
/// the per-window lists, with zero steps and dilations refused at their token.
pub fn window_spec(
    args: &WindowArgs,
    rank: Option<usize>,
) -> Result<(WindowSpec, WindowSpans), Error> {
    let shape = usizes(&args.shape, "a window length")?;
    let n_axes_given = args.axes.as_ref().map(|a| a.values.len());
    // One window length for several named axes applies to each of them.
    let shape: Vec<(usize, Span)> = match (args.shape.scalar, &args.axes) {
        (true, Some(a)) if !a.scalar => vec![shape[0]; a.values.len()],
        _ => shape,
    };
    let n = shape.len();
    let axes: Vec<(isize, Span)> = match &args.axes {
        Some(a) => {
            let ax = isizes(a, "an axis")?;
            if ax.len() != n {
                return Err(Error::new(
                    a.span,
                    format!(
                        "expected one axis per window ({n}), found {}",
                        n_axes_given.unwrap_or(0)
                    ),
                ));
            }
            ax
        }
        None => {
            if let Some(r) = rank
                && n != r
            {
                return Err(Error::new(
                    args.shape.span,
                    format!(
                        "{n} window length{} for a layout of rank {r}: give one per axis, or \
                         name the axes with `axis = …`",
                        if n == 1 { "" } else { "s" }
                    ),
                ));
            }
            (0..n as isize).map(|a| (a, args.shape.span)).collect()
        }
    };
    let step = per_window(&args.step, n, 1, "step")?;
    let dilation = per_window(&args.dilation, n, 1, "dilation")?;
    let mut errors = Errors::default();
    for (what, list) in [("step", &step), ("dilation", &dilation)] {
        for &(v, sp) in list {
            if v == 0 {
                errors.push(Error::new(
                    sp,
                    format!("window {what} cannot be zero: it must be at least 1"),
                ));
            }
        }
    }
    errors.finish(())?;
    Ok((
        WindowSpec {
            shape: shape.iter().map(|s| s.0).collect(),
            axes: axes.iter().map(|a| a.0).collect(),
            step: step.iter().map(|s| s.0).collect(),
            dilation: dilation.iter().map(|s| s.0).collect(),
        },
        WindowSpans {
            shape: shape.iter().map(|s| s.1).collect(),
            axes: axes.iter().map(|a| a.1).collect(),
        },
    ))
}

/// Applies a window to a literal layout, errors at the offending token.
pub fn window(cur: &DynLayout, args: &WindowArgs, op_span: Span) -> Result<DynLayout, Error> {
    let (spec, spans) = window_spec(args, Some(cur.rank()))?;
    let (shape_spans, axis_spans) = (spans.shape, spans.axes);
    cur.sliding_window(&spec.shape, &spec.axes, &spec.step, &spec.dilation)
        .map_err(|e| match e {
            LayoutError::WindowTooLarge {
                axis,
                window,
                dilation,
                len,
            } => {
                let rank = cur.rank() as isize;
                let norm = |a: isize| if a < 0 { a + rank } else { a };
                let k = (0..spec.shape.len())
                    .find(|&k| {
                        norm(spec.axes[k]) == axis as isize
                            && spec.shape[k] == window
                            && spec.dilation[k] == dilation
                    })
                    .unwrap_or(0);
                let sp = shape_spans.get(k).copied().unwrap_or(op_span);
                let extent = if dilation == 1 {
                    format!("window of length {window}")
                } else {
                    format!(
                        "window of length {window} with dilation {dilation} (spanning {})",
                        (window as u128 - 1) * dilation as u128 + 1
                    )
                };
                Error::new(
                    sp,
                    format!(
                        "{extent} does not fit in axis {axis} of length {len} (shape `{}`)",
                        fmt_list(cur.shape())
                    ),
                )
            }
            LayoutError::AxisOutOfRange { axis, rank } => {
                let k = spec.axes.iter().position(|&a| a == axis).unwrap_or(0);
                axis_error(e, axis_spans.get(k).copied().unwrap_or(op_span), rank)
            }
            other => Error::new(op_span, other.to_string()),
        })
}

fn apply(cur: &DynLayout, op: &Op) -> Result<DynLayout, Error> {
    let rank = cur.rank();
    match &op.kind {
        OpKind::Index(items) => index(cur, items, op),
        OpKind::Transpose(None) => Ok(cur.transpose()),
        OpKind::Transpose(Some(axes)) => transpose(cur, axes),
        OpKind::SwapAxes(a, b) => {
            let (a, sa) = one_axis(a)?;
            let (b, sb) = one_axis(b)?;
            cur.swap_axes(a, b).map_err(|e| match e {
                LayoutError::AxisOutOfRange { axis, .. } => {
                    axis_error(e, if axis == a { sa } else { sb }, rank)
                }
                other => Error::new(op.span, other.to_string()),
            })
        }
        OpKind::Flip(None) => {
            let items = vec![CoreItem::Slice(Slice::REVERSE); rank];
            cur.index(&items)
                .map_err(|e| Error::new(op.span, e.to_string()))
        }
        OpKind::Flip(Some(axis)) => {
            let (a, sa) = one_axis(axis)?;
            cur.flip(a).map_err(|e| axis_error(e, sa, rank))
        }
        OpKind::Diagonal {
            offset,
            axis1,
            axis2,
        } => {
            if rank < 2 {
                return Err(Error::new(
                    op.span,
                    format!(
                        "`diagonal` needs at least 2 axes; the layout has {rank} (shape `{}`)",
                        fmt_list(cur.shape())
                    ),
                ));
            }
            let k = match offset {
                Some(v) => isize_of(lit(v)?, "an offset")?,
                None => 0,
            };
            let (a1, s1) = match axis1 {
                Some(v) => one_axis(v)?,
                None => (0, op.span),
            };
            let (a2, s2) = match axis2 {
                Some(v) => one_axis(v)?,
                None => (1, op.span),
            };
            cur.diagonal(k, a1, a2).map_err(|e| match e {
                LayoutError::AxisOutOfRange { axis, .. } => {
                    axis_error(e, if axis == a1 { s1 } else { s2 }, rank)
                }
                LayoutError::RepeatedAxis { axis } => Error::new(
                    s2,
                    format!("`diagonal` needs two different axes; both are axis {axis}"),
                ),
                other => Error::new(op.span, other.to_string()),
            })
        }
        OpKind::BroadcastTo(target) => broadcast(cur, target),
        OpKind::Reshape(dims, order) => reshape(cur, dims, *order, op),
        OpKind::Ravel(order) => {
            let o = order.map_or(Order::C, |o| o.order);
            match cur.ravel(o) {
                (ViewOrCopy::View, l) => Ok(l),
                (ViewOrCopy::Copy, _) => Err(Error::new(
                    order.map_or(op.span, |o| o.span),
                    format!(
                        "ravel of {} in {} order needs a copy: {}",
                        describe(cur),
                        o.name(),
                        match o {
                            Order::K => "its memory order is not one contiguous run".to_owned(),
                            _ => format!(
                                "it is not {}-contiguous (`.reshape(-1)` is a view whenever \
                                 one exists)",
                                o.name()
                            ),
                        }
                    ),
                )),
            }
        }
        OpKind::Window(args) => window(cur, args, op.span),
    }
}
