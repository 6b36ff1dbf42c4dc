//! The one error type of the layout algebra.
//!
//! Every variant carries the numbers a message needs (axis, length, stride, …), so
//! the same value can be shown at run time ([`Display`](core::fmt::Display)), turned
//! into a spanned compile error by the macros, or raised as a const-evaluation panic
//! ([`LayoutError::panic`]) when a layout is computed in a `const` item.

use crate::order::{Contiguity, Order};
use core::fmt;

/// Why a layout operation, or a view over memory, was refused.
///
/// The messages say what was expected and what was found:
///
/// ```
/// use stride_core::{Layout, LayoutError, Order};
///
/// let a = Layout::c([100, 100])?;
/// let err = a.transpose().reshape([1, -1], Order::C).unwrap_err();
/// assert!(matches!(err, LayoutError::NeedsCopy { .. }));
/// assert_eq!(
///     err.to_string(),
///     "reshape needs a copy: in C order, axis 0 (length 100, stride 1) and axis 1 \
///      (length 100, stride 100) cannot be merged into one strided axis"
/// );
/// # Ok::<(), LayoutError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LayoutError {
    /// A size, stride or offset does not fit in `isize`.
    TooLarge,
    /// A reshape to a shape with another number of elements.
    SizeMismatch {
        /// Elements of the array.
        size: usize,
        /// Elements of the requested shape.
        requested: usize,
    },
    /// More than one unknown (negative) dimension in a requested shape: NumPy
    /// takes any negative entry, not only `-1`, for the one dimension to infer.
    MultipleUnknown {
        /// Position of the first unknown dimension.
        first: usize,
        /// Its value, as given.
        first_value: isize,
        /// Position of the second unknown dimension.
        second: usize,
        /// Its value, as given.
        second_value: isize,
    },
    /// An unknown (negative) dimension that cannot be resolved: the other
    /// dimensions do not divide the size.
    UnresolvableUnknown {
        /// Elements of the array.
        size: usize,
        /// Product of the known dimensions.
        known: usize,
        /// Position of the unknown dimension.
        position: usize,
        /// Its value, as given (`-1`, or any other negative number).
        value: isize,
    },
    /// A reshape that cannot be done without copying, with the first pair of
    /// (non-unit) input axes that cannot be merged in the requested order.
    NeedsCopy {
        /// The order the reshape reads elements in (`C` or `F`).
        order: Order,
        /// The first axis of the pair.
        axis: usize,
        /// Its length.
        len: usize,
        /// Its stride (elements).
        stride: isize,
        /// The second axis of the pair.
        next_axis: usize,
        /// Its length.
        next_len: usize,
        /// Its stride (elements).
        next_stride: isize,
    },
    /// An operation whose result rank is not the rank the caller asked for.
    RankMismatch {
        /// Rank of the type the caller asked for.
        expected: usize,
        /// Rank the operation produces.
        found: usize,
    },
    /// An axis outside `-rank..rank` (or `0..rank`).
    AxisOutOfRange {
        /// The axis given.
        axis: isize,
        /// Rank of the layout.
        rank: usize,
    },
    /// The same axis twice where each may occur once.
    RepeatedAxis {
        /// The axis given twice.
        axis: usize,
    },
    /// An integer index outside `-len..len`.
    IndexOutOfBounds {
        /// The axis indexed.
        axis: usize,
        /// The index given.
        index: isize,
        /// Length of that axis.
        len: usize,
    },
    /// A slice with step 0.
    ZeroStep {
        /// The axis sliced.
        axis: usize,
    },
    /// More indices than axes.
    TooManyIndices {
        /// Number of axis-consuming indices given.
        given: usize,
        /// Rank of the layout.
        rank: usize,
    },
    /// More than one `...` in an index.
    MultipleEllipsis,
    /// A dimension of a shape that cannot be broadcast to the target.
    BroadcastMismatch {
        /// Axis of the input shape.
        axis: usize,
        /// Its length.
        len: usize,
        /// The target length it would have to stretch to.
        target: usize,
    },
    /// Broadcasting to fewer dimensions than the input has.
    BroadcastRank {
        /// Rank of the input.
        rank: usize,
        /// Rank of the target.
        target: usize,
    },
    /// Two shapes that do not broadcast together (NumPy's "shape mismatch").
    ShapesMismatch {
        /// Axis of the broadcast result (counted from the left).
        axis: usize,
        /// Length seen first.
        first: usize,
        /// The conflicting length.
        second: usize,
    },
    /// A window longer than the (remaining) axis it slides along.
    WindowTooLarge {
        /// The axis.
        axis: usize,
        /// The window length, as given.
        window: usize,
        /// The dilation, as given (1: none); the window spans
        /// `(window - 1) * dilation + 1` positions.
        dilation: usize,
        /// The length left on that axis.
        len: usize,
    },
    /// A window length, step or dilation given as a negative number (at run time:
    /// literals are refused by the macros).
    NegativeWindowParam {
        /// Which parameter.
        param: WindowParam,
        /// The value given (saturated to `isize`).
        value: isize,
    },
    /// A window step or dilation of 0.
    ZeroWindowParam {
        /// Which parameter.
        param: WindowParam,
        /// The axis it applies to.
        axis: usize,
    },
    /// Window lengths and window axes of different counts.
    WindowAxesMismatch {
        /// Number of window lengths.
        windows: usize,
        /// Number of axes.
        axes: usize,
    },
    /// A layout that is not contiguous in the order a typed view requires.
    NotContiguous {
        /// The promise required (the marker's).
        order: Contiguity,
    },
    /// A layout that reaches past the end of the buffer it is put over.
    OutOfBounds {
        /// The largest element offset the layout reaches.
        offset: usize,
        /// Elements in the buffer.
        len: usize,
    },
    /// A layout that reaches before the start of the buffer (negative offset).
    BeforeStart {
        /// The smallest element offset the layout reaches.
        offset: isize,
    },
    /// A layout mapping two indices to one element, where a mutable view needs each
    /// element once.
    Overlapping,
    /// The work limit was reached before uniqueness could be decided.
    OverlapUndecided,
    /// The allocator could not provide a buffer.
    AllocationFailed {
        /// Bytes asked of the allocator (for a buffer of 4 MiB or more, one
        /// 2 MiB huge page more than the array's bytes, for the alignment).
        bytes: usize,
    },
    /// A field of a record whose position cannot be described by a stride in
    /// elements: the record size or the field offset is not a multiple of the
    /// element size.
    FieldStride {
        /// Size of the record in bytes.
        record: usize,
        /// Size of the field's element in bytes.
        element: usize,
        /// Byte offset of the field.
        offset: usize,
    },
    /// An `arange` step of zero.
    ZeroRangeStep,
    /// An `arange` whose length cannot be computed: a NaN start, stop or step
    /// (NumPy's "arange: cannot compute length").
    RangeLengthUndefined,
    /// A buffer whose length is not the number of elements of the shape.
    LengthMismatch {
        /// Elements the shape needs.
        expected: usize,
        /// Elements given.
        found: usize,
    },
    /// An operand of a kernel whose axis length disagrees with the extent of
    /// the index letter it is indexed by (an input axis of length 1 broadcasts;
    /// an output axis never does).
    KernelExtent {
        /// The operand as written in the kernel.
        operand: &'static str,
        /// Its axis.
        axis: usize,
        /// The axis's length.
        len: usize,
        /// The index letter.
        letter: &'static str,
        /// The letter's extent (from the first operand that sets it).
        extent: usize,
        /// The operand and axis that set the extent, when the kernel knows
        /// it (`None` for an extent of 1, which no axis sets). Behind a
        /// reference, so that the error stays as small as its largest other
        /// variant: every `Result` of the library carries it.
        from: Option<&'static (&'static str, usize)>,
    },
    /// A kernel operand that takes one index letter on two axes (a diagonal,
    /// `m[[i, i]]`) whose lengths differ (NumPy's `einsum('ii', m)` needs
    /// them equal too).
    KernelDiagonal {
        /// The operand as written in the kernel.
        operand: &'static str,
        /// The letter.
        letter: &'static str,
        /// The two axes, in order.
        axes: [usize; 2],
        /// Their lengths.
        lens: [usize; 2],
    },
    /// An `axis_chunks_iter` block size of 0.
    ZeroChunkSize {
        /// The axis.
        axis: usize,
    },
    /// A reshape in order `K`, which NumPy refuses ("order 'K' is not
    /// permitted for reshaping"): a reshape reads in `C`, `F` or `A` order.
    ReshapeOrderK,
    /// A kernel's `max[…]` or `min[…]` over a letter of extent 0, into an
    /// output with elements: a maximum of nothing has no value (NumPy raises
    /// the same way).
    EmptyExtreme {
        /// `"max"` or `"min"`.
        op: &'static str,
        /// The first letter listed with extent 0.
        letter: &'static str,
    },
    /// `concatenate` or `stack` of no arrays (NumPy: "need at least one array
    /// to concatenate").
    NothingToJoin,
    /// `concatenate` or `stack` of arrays whose shapes differ where they must
    /// agree: every axis but the joined one for `concatenate`, every axis for
    /// `stack`.
    JoinMismatch {
        /// Position of the offending array in the list.
        part: usize,
        /// The axis (of the parts) where it differs.
        axis: usize,
        /// The length of the first array along it.
        expected: usize,
        /// The offending array's length.
        found: usize,
    },
    /// A matrix or dot product whose inner lengths differ: the left
    /// operand's last axis and the right operand's first (NumPy: "shapes
    /// (2,3) and (4,5) not aligned: 3 (dim 1) != 4 (dim 0)").
    DotMismatch {
        /// Length of the left operand's last axis.
        left: usize,
        /// Length of the right operand's contracted axis: its first (its
        /// second to last, for stacks).
        right: usize,
    },
    /// An output (or another operand that is written, so cannot broadcast)
    /// whose shape is not the result's.
    OutputShape {
        /// The first axis where they differ.
        axis: usize,
        /// The result's length there.
        expected: usize,
        /// The output's length there.
        found: usize,
    },
    /// A boolean mask whose length is not that of the axis it selects along
    /// (NumPy: "boolean index did not match indexed array along axis 0; size
    /// of axis is 3 but size of corresponding boolean axis is 2").
    MaskMismatch {
        /// The axis selected along.
        axis: usize,
        /// Its length.
        len: usize,
        /// The mask's length.
        mask: usize,
    },
}

/// A parameter of a sliding window, named in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WindowParam {
    /// The window's length along an axis.
    Length,
    /// The step between window starts.
    Step,
    /// The distance between the elements of one window.
    Dilation,
}

impl WindowParam {
    /// The parameter's name as messages use it.
    pub const fn name(self) -> &'static str {
        match self {
            WindowParam::Length => "length",
            WindowParam::Step => "step",
            WindowParam::Dilation => "dilation",
        }
    }
}

/// One piece of an error message: text or a number.
#[derive(Clone, Copy)]
enum Piece {
    S(&'static str),
    U(usize),
    I(isize),
}

const MAX_PIECES: usize = 16;

/// A message as a fixed list of pieces, buildable in `const fn`.
#[derive(Clone, Copy)]
struct Message {
    pieces: [Piece; MAX_PIECES],
    len: usize,
}

impl Message {
    const fn of(parts: &[Piece]) -> Message {
        let mut pieces = [Piece::S(""); MAX_PIECES];
        let mut i = 0;
        while i < parts.len() && i < MAX_PIECES {
            pieces[i] = parts[i];
            i += 1;
        }
        Message { pieces, len: i }
    }
}

use Piece::{I, S, U};

impl LayoutError {
    /// The message, once, for both run time and compile time.
    const fn message(&self) -> Message {
        match *self {
            LayoutError::TooLarge => Message::of(&[S(
                "layout too large: a size, stride or offset does not fit in `isize`",
            )]),
            LayoutError::SizeMismatch { size, requested } => Message::of(&[
                S("cannot reshape an array of size "),
                U(size),
                S(" into a shape of size "),
                U(requested),
            ]),
            LayoutError::MultipleUnknown {
                first,
                first_value,
                second,
                second_value,
            } => Message::of(&[
                S("only one dimension can be unknown (negative): found "),
                I(first_value),
                S(" at position "),
                U(first),
                S(" and "),
                I(second_value),
                S(" at position "),
                U(second),
            ]),
            LayoutError::UnresolvableUnknown {
                size,
                known,
                position,
                value,
            } => Message::of(&[
                S("cannot infer the unknown dimension "),
                I(value),
                S(" at position "),
                U(position),
                S(": an array of size "),
                U(size),
                S(" is not a whole multiple of the other dimensions' product "),
                U(known),
            ]),
            LayoutError::NeedsCopy {
                order,
                axis,
                len,
                stride,
                next_axis,
                next_len,
                next_stride,
            } => Message::of(&[
                S("reshape needs a copy: in "),
                S(order.name()),
                S(" order, axis "),
                U(axis),
                S(" (length "),
                U(len),
                S(", stride "),
                I(stride),
                S(") and axis "),
                U(next_axis),
                S(" (length "),
                U(next_len),
                S(", stride "),
                I(next_stride),
                S(") cannot be merged into one strided axis"),
            ]),
            LayoutError::RankMismatch { expected, found } => Message::of(&[
                S("rank mismatch: the result has rank "),
                U(found),
                S(" but rank "),
                U(expected),
                S(" was asked for"),
            ]),
            LayoutError::AxisOutOfRange { axis, rank } => Message::of(&[
                S("axis "),
                I(axis),
                S(" is out of range for a layout of rank "),
                U(rank),
            ]),
            LayoutError::RepeatedAxis { axis } => {
                Message::of(&[S("axis "), U(axis), S(" is given more than once")])
            }
            LayoutError::IndexOutOfBounds { axis, index, len } => Message::of(&[
                S("index "),
                I(index),
                S(" is out of bounds for axis "),
                U(axis),
                S(" of length "),
                U(len),
            ]),
            LayoutError::ZeroStep { axis } => {
                Message::of(&[S("slice step cannot be zero (axis "), U(axis), S(")")])
            }
            LayoutError::TooManyIndices { given, rank } => Message::of(&[
                S("too many indices: "),
                U(given),
                S(" given for a layout of rank "),
                U(rank),
            ]),
            LayoutError::MultipleEllipsis => {
                Message::of(&[S("an index can only have a single ellipsis (`...`)")])
            }
            LayoutError::KernelExtent {
                operand,
                axis,
                len,
                letter,
                extent,
                from,
            } => {
                // The operand that set the extent, or nothing (empty pieces
                // print nothing).
                let (set_by, ax, of, op, close) = match from {
                    Some(&(op, ax)) => (", set by axis ", U(ax), " of `", op, "` ("),
                    None => ("", S(""), "", "", " ("),
                };
                Message::of(&[
                    S("kernel operand `"),
                    S(operand),
                    S("` has length "),
                    U(len),
                    S(" on axis "),
                    U(axis),
                    S(", indexed by `"),
                    S(letter),
                    S("`, whose extent is "),
                    U(extent),
                    S(set_by),
                    ax,
                    S(of),
                    S(op),
                    S(close),
                    S("only an input axis of length 1 broadcasts)"),
                ])
            }
            LayoutError::KernelDiagonal {
                operand,
                letter,
                axes,
                lens,
            } => Message::of(&[
                S("kernel operand `"),
                S(operand),
                S("` takes `"),
                S(letter),
                S("` on axes "),
                U(axes[0]),
                S(" and "),
                U(axes[1]),
                S(", whose lengths "),
                U(lens[0]),
                S(" and "),
                U(lens[1]),
                S(" differ (a letter taken twice reads a diagonal: its axes need one length)"),
            ]),
            LayoutError::ZeroChunkSize { axis } => Message::of(&[
                S("axis_chunks_iter: the block size cannot be zero (axis "),
                U(axis),
                S(")"),
            ]),
            LayoutError::ReshapeOrderK => Message::of(&[S(
                "reshape reads in order C, F or A, not K (NumPy: order 'K' is not permitted for reshaping)",
            )]),
            LayoutError::EmptyExtreme { op, letter } => Message::of(&[
                S("kernel `"),
                S(op),
                S("[…]` over `"),
                S(letter),
                S("`, whose extent is 0: the "),
                S(op),
                S(" of nothing has no value"),
            ]),
            LayoutError::NothingToJoin => {
                Message::of(&[S("concatenate and stack need at least one array")])
            }
            LayoutError::JoinMismatch {
                part,
                axis,
                expected,
                found,
            } => Message::of(&[
                S("cannot join: along axis "),
                U(axis),
                S(" the array at index 0 has length "),
                U(expected),
                S(" and the array at index "),
                U(part),
                S(" has length "),
                U(found),
            ]),
            LayoutError::DotMismatch { left, right } => Message::of(&[
                S("matrix product of misaligned operands: the left one's last axis has length "),
                U(left),
                S(
                    " and the right one's contracted axis (its first, or its second to last in a \
                   stack) has length ",
                ),
                U(right),
            ]),
            LayoutError::OutputShape {
                axis,
                expected,
                found,
            } => Message::of(&[
                S("the output has length "),
                U(found),
                S(" on axis "),
                U(axis),
                S(" where the result has length "),
                U(expected),
            ]),
            LayoutError::MaskMismatch { axis, len, mask } => Message::of(&[
                S("a boolean mask of length "),
                U(mask),
                S(" cannot select along axis "),
                U(axis),
                S(" of length "),
                U(len),
            ]),
            LayoutError::BroadcastMismatch { axis, len, target } => Message::of(&[
                S("cannot broadcast axis "),
                U(axis),
                S(" of length "),
                U(len),
                S(" to length "),
                U(target),
                S(": only length-1 axes stretch"),
            ]),
            LayoutError::BroadcastRank { rank, target } => Message::of(&[
                S("cannot broadcast a layout of rank "),
                U(rank),
                S(" to a shape of rank "),
                U(target),
            ]),
            LayoutError::ShapesMismatch {
                axis,
                first,
                second,
            } => Message::of(&[
                S("shapes do not broadcast together: axis "),
                U(axis),
                S(" has length "),
                U(first),
                S(" in one shape and "),
                U(second),
                S(" in another"),
            ]),
            LayoutError::WindowTooLarge {
                axis,
                window,
                dilation: 1,
                len,
            } => Message::of(&[
                S("window of length "),
                U(window),
                S(" does not fit in axis "),
                U(axis),
                S(" of length "),
                U(len),
            ]),
            LayoutError::WindowTooLarge {
                axis,
                window,
                dilation,
                len,
            } => Message::of(&[
                S("window of length "),
                U(window),
                S(" with dilation "),
                U(dilation),
                S(" does not fit in axis "),
                U(axis),
                S(" of length "),
                U(len),
            ]),
            LayoutError::NegativeWindowParam { param, value } => Message::of(&[
                S("a window "),
                S(param.name()),
                S(" cannot be negative: found "),
                I(value),
            ]),
            LayoutError::ZeroWindowParam { param, axis } => Message::of(&[
                S("window "),
                S(param.name()),
                S(" cannot be zero (axis "),
                U(axis),
                S(")"),
            ]),
            LayoutError::WindowAxesMismatch { windows, axes } => Message::of(&[
                U(windows),
                S(if windows == 1 {
                    " window length for "
                } else {
                    " window lengths for "
                }),
                U(axes),
                S(if axes == 1 { " axis" } else { " axes" }),
                S(": they must pair up (windows over every axis need one length per axis)"),
            ]),
            LayoutError::NotContiguous { order } => Message::of(&[
                S("layout does not keep the promise of the order marker `"),
                S(order.name()),
                S("`: "),
                S(match order {
                    Contiguity::C => "it is not C-contiguous",
                    Contiguity::F => "it is not F-contiguous",
                    Contiguity::RowMajor => {
                        "its last axis is not contiguous, or its rows overlap or run backwards"
                    }
                    Contiguity::ColMajor => {
                        "its first axis is not contiguous, or its columns overlap or run backwards"
                    }
                    Contiguity::Strided => "",
                }),
            ]),
            LayoutError::OutOfBounds { offset, len } => Message::of(&[
                S("layout reaches element "),
                U(offset),
                S(" but the buffer holds "),
                U(len),
                S(" elements"),
            ]),
            LayoutError::BeforeStart { offset } => Message::of(&[
                S("layout reaches element offset "),
                I(offset),
                S(", before the start of the buffer"),
            ]),
            LayoutError::Overlapping => Message::of(&[S(
                "layout maps two indices to the same element: a mutable view needs a unique layout",
            )]),
            LayoutError::OverlapUndecided => Message::of(&[S(
                "could not prove the layout unique within the work limit: refusing a mutable view",
            )]),
            LayoutError::AllocationFailed { bytes } => {
                Message::of(&[S("could not allocate "), U(bytes), S(" bytes")])
            }
            LayoutError::FieldStride {
                record,
                element,
                offset,
            } => Message::of(&[
                S("a field at byte offset "),
                U(offset),
                S(" of a record of "),
                U(record),
                S(" bytes cannot be viewed as elements of "),
                U(element),
                S(" bytes: both must be multiples of the element size"),
            ]),
            LayoutError::ZeroRangeStep => Message::of(&[S("arange step cannot be zero")]),
            LayoutError::RangeLengthUndefined => Message::of(&[S(
                "arange cannot compute its length: start, stop or step is NaN",
            )]),
            LayoutError::LengthMismatch { expected, found } => Message::of(&[
                S("buffer of "),
                U(found),
                S(" elements given where the shape needs "),
                U(expected),
            ]),
        }
    }

    /// Raises this error as a panic whose message carries the numbers.
    ///
    /// In a `const` item this is a compile error (E0080) naming the problem; at run
    /// time prefer handling the `Result`.
    ///
    /// ```compile_fail,E0080
    /// use stride_core::{C, Layout, Order, const_unwrap};
    /// const A: Layout<2, C> = const_unwrap(Layout::c([100, 100]));
    /// // error: reshape needs a copy: in C order, axis 0 (length 100, stride 1) and ...
    /// const FLAT: Layout<2> = const_unwrap(A.transpose().reshape([1, -1], Order::C));
    /// ```
    #[track_caller]
    pub const fn panic(self) -> ! {
        use const_panic::{FmtArg, PanicVal};
        let m = self.message();
        let mut vals = [PanicVal::EMPTY; MAX_PIECES];
        let mut i = 0;
        while i < m.len {
            vals[i] = match m.pieces[i] {
                S(s) => PanicVal::write_str(s),
                U(u) => PanicVal::from_usize(u, FmtArg::DISPLAY),
                I(v) => PanicVal::from_isize(v, FmtArg::DISPLAY),
            };
            i += 1;
        }
        const_panic::concat_panic(&[&vals])
    }
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.message();
        for piece in &m.pieces[..m.len] {
            match *piece {
                S(s) => f.write_str(s)?,
                U(u) => write!(f, "{u}")?,
                I(v) => write!(f, "{v}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for LayoutError {}

/// Unwraps a layout result in a `const` context, turning an error into a
/// compile error whose message names the problem (see [`LayoutError::panic`]).
///
/// ```
/// use stride_core::{C, Layout, const_unwrap};
/// const L: Layout<3, C> = const_unwrap(Layout::c([4, 6, 8]));
/// assert_eq!(L.strides(), &[48, 8, 1]);
/// ```
#[track_caller]
pub const fn const_unwrap<T: Copy>(result: Result<T, LayoutError>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => e.panic(),
    }
}
