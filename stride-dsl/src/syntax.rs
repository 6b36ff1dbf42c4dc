//! The syntax tree of the layout language. Every value keeps the span of the
//! token it came from, so that a check can point at the offending token.

use proc_macro2::Span;
use stride_core::Order;

use crate::elem::ElemInfo;

/// An integer literal (with its sign), as written.
#[derive(Clone, Copy, Debug)]
pub struct Int {
    /// The value.
    pub value: i128,
    /// The literal's span (the digits; a leading `-` is part of the value).
    pub span: Span,
}

/// A value: an integer literal, or (where run-time values are allowed: `s!`,
/// `window!`) any expression.
#[derive(Clone, Debug)]
pub enum Value {
    /// An integer literal, known at expansion.
    Lit(Int),
    /// An expression, known at run time.
    Expr(Box<syn::Expr>),
}

impl Value {
    /// The span of the value.
    pub fn span(&self) -> Span {
        match self {
            Value::Lit(i) => i.span,
            Value::Expr(e) => syn::spanned::Spanned::span(e),
        }
    }

    /// The literal, if it is one.
    pub fn lit(&self) -> Option<Int> {
        match self {
            Value::Lit(i) => Some(*i),
            Value::Expr(_) => None,
        }
    }
}

/// One item of a NumPy basic index.
#[derive(Clone, Debug)]
pub enum Item {
    /// An integer: selects one position, removes the axis.
    Index(Value),
    /// A slice `start:stop:step` (or `start..stop;step`), parts omitted as `None`.
    Slice {
        /// First position.
        start: Option<Value>,
        /// End (exclusive).
        stop: Option<Value>,
        /// Step (1 if omitted).
        step: Option<Value>,
        /// Written `start..=stop`: the end is included (`..=-1` runs to the end).
        inclusive: bool,
        /// The whole item.
        span: Span,
    },
    /// `None` / `newaxis`: a new length-1 axis.
    NewAxis(Span),
    /// `...`: as many full slices as needed.
    Ellipsis(Span),
}

impl Item {
    /// The span of the whole item.
    pub fn span(&self) -> Span {
        match self {
            Item::Index(v) => v.span(),
            Item::Slice { span, .. } | Item::NewAxis(span) | Item::Ellipsis(span) => *span,
        }
    }
}

/// What an index does to the rank: `(axes consumed, axes produced)` (integers
/// and slices consume one each; slices and new axes produce one each; the
/// ellipsis neither).
pub fn rank_change(items: &[Item]) -> (usize, usize) {
    let consumed = items
        .iter()
        .filter(|i| matches!(i, Item::Index(_) | Item::Slice { .. }))
        .count();
    let produced = items
        .iter()
        .filter(|i| matches!(i, Item::Slice { .. } | Item::NewAxis(_)))
        .count();
    (consumed, produced)
}

/// The element type of a layout.
#[derive(Clone, Debug)]
pub enum Elem {
    /// A primitive the language knows (its size gives byte strides).
    Known(&'static ElemInfo, Span),
    /// Any other type, by path (a record, say): its size is known to the compiler
    /// only, so byte strides are computed in the generated constants.
    Path(syn::Path),
}

impl Elem {
    /// The span of the type as written.
    pub fn span(&self) -> Span {
        match self {
            Elem::Known(_, s) => *s,
            Elem::Path(p) => syn::spanned::Spanned::span(p),
        }
    }

    /// The size in bytes, when the language knows it.
    pub fn size(&self) -> Option<usize> {
        match self {
            Elem::Known(e, _) => Some(e.size),
            Elem::Path(_) => None,
        }
    }

    /// The type as Rust source.
    pub fn name(&self) -> String {
        match self {
            Elem::Known(e, _) => e.name.to_owned(),
            Elem::Path(p) => {
                let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
                segs.join("::")
            }
        }
    }
}

/// An order argument (`order = F`, or `'F'`).
#[derive(Clone, Copy, Debug)]
pub struct OrderArg {
    /// The order.
    pub order: Order,
    /// The token naming it.
    pub span: Span,
}

/// A list of values (`(1, 0, 2)`, `[3, 3]` or a single value), with the span of
/// the whole list.
#[derive(Clone, Debug)]
pub struct List {
    /// The values.
    pub values: Vec<Value>,
    /// The list as written.
    pub span: Span,
    /// Written as one value, not a list: it applies to every axis it can.
    pub scalar: bool,
}

/// The arguments of a window (in `layout!`'s `.window(...)` and in `window!`):
/// the window shape, then `axis`, `step` and `dilation`, each a list or one value
/// for all.
#[derive(Clone, Debug)]
pub struct WindowArgs {
    /// Window length per windowed axis.
    pub shape: List,
    /// The windowed axes (default: the first `shape.len()` axes).
    pub axes: Option<List>,
    /// Step between window starts per windowed axis (default 1).
    pub step: Option<List>,
    /// Dilation per windowed axis (default 1).
    pub dilation: Option<List>,
}

/// One operation of a chain.
#[derive(Clone, Debug)]
pub struct Op {
    /// What it does.
    pub kind: OpKind,
    /// The operation as written: the method name, or the index brackets.
    pub span: Span,
}

/// The operations of the language (NumPy's names; `T` is the attribute).
#[derive(Clone, Debug)]
pub enum OpKind {
    /// `[items]`: basic indexing.
    Index(Vec<Item>),
    /// `.T`, `.transpose()`, `.transpose(axes)`.
    Transpose(Option<List>),
    /// `.swapaxes(a, b)`.
    SwapAxes(Value, Value),
    /// `.flip()` (every axis) or `.flip(axis)`.
    Flip(Option<Value>),
    /// `.diagonal(offset, axis1, axis2)` (defaults 0, 0, 1).
    Diagonal {
        /// Offset from the main diagonal.
        offset: Option<Value>,
        /// First axis.
        axis1: Option<Value>,
        /// Second axis.
        axis2: Option<Value>,
    },
    /// `.broadcast_to(shape)`.
    BroadcastTo(List),
    /// `.reshape(shape, order = …)`.
    Reshape(List, Option<OrderArg>),
    /// `.ravel(order = …)`.
    Ravel(Option<OrderArg>),
    /// `.window(shape, axis = …, step = …, dilation = …)` (or NumPy's
    /// `.sliding_window_view(shape, axis = …)`).
    Window(WindowArgs),
}

impl OpKind {
    /// The operation's name, as messages use it.
    pub fn name(&self) -> &'static str {
        match self {
            OpKind::Index(_) => "index",
            OpKind::Transpose(_) => "transpose",
            OpKind::SwapAxes(..) => "swapaxes",
            OpKind::Flip(_) => "flip",
            OpKind::Diagonal { .. } => "diagonal",
            OpKind::BroadcastTo(_) => "broadcast_to",
            OpKind::Reshape(..) => "reshape",
            OpKind::Ravel(_) => "ravel",
            OpKind::Window(_) => "window",
        }
    }
}

/// A literal layout and the chain of operations on it:
/// `f64[100, 100, order = F].T.reshape(1, -1)`.
#[derive(Clone, Debug)]
pub struct LayoutExpr {
    /// The element type.
    pub elem: Elem,
    /// The shape of the base array.
    pub dims: List,
    /// Its order (C when omitted).
    pub order: Option<OrderArg>,
    /// The operations, in order.
    pub ops: Vec<Op>,
}

/// One named layout of the item form: `pub struct Name = <layout>;`.
#[derive(Clone, Debug)]
pub struct LayoutItem {
    /// Attributes written on it (doc comments, derives).
    pub attrs: Vec<syn::Attribute>,
    /// Its visibility.
    pub vis: syn::Visibility,
    /// Its name.
    pub name: syn::Ident,
    /// The layout.
    pub expr: LayoutExpr,
}

/// What `window!` windows: a literal layout (checked fully at expansion) or an
/// expression (a view, an array or a layout, windowed at run time).
#[derive(Clone, Debug)]
pub enum WindowTarget {
    /// `f64[1000]`, ... : a literal layout.
    Literal(Box<LayoutExpr>),
    /// Any expression.
    Expr(Box<syn::Expr>),
}

/// `window!(target, shape, axis = …, step = …, dilation = …)`, or
/// `window!(mut target, …)` for mutable tiles.
#[derive(Clone, Debug)]
pub struct WindowCall {
    /// `mut`: a mutable view of non-overlapping windows.
    pub mutable: Option<Span>,
    /// What is windowed.
    pub target: WindowTarget,
    /// The window.
    pub args: WindowArgs,
}
