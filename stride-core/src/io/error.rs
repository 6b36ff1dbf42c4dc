//! [`NpyError`]: what can go wrong reading, writing or mapping a `.npy` file.

use std::fmt;

use crate::error::LayoutError;

/// An error reading, writing or memory-mapping a `.npy` file or a raw file of
/// elements. A file is hostile input: every way a header or a length can be
/// wrong is one of these, never a panic.
#[derive(Debug)]
#[non_exhaustive]
pub enum NpyError {
    /// The operating system's error.
    Io(std::io::Error),
    /// The file does not start with `\x93NUMPY`.
    NotNpy {
        /// The first bytes it starts with (up to six).
        found: Vec<u8>,
    },
    /// A format version other than 1.0, 2.0 and 3.0.
    Version {
        /// Major version.
        major: u8,
        /// Minor version.
        minor: u8,
    },
    /// The file ends before the header or the data does.
    Truncated {
        /// `"header"` or `"data"`.
        part: &'static str,
        /// Bytes that part needs.
        needed: u64,
        /// Bytes the file has for it.
        found: u64,
    },
    /// A header longer than [`MAX_HEADER_LEN`](super::MAX_HEADER_LEN).
    HeaderTooLong {
        /// The length the file gives.
        len: u64,
    },
    /// A version 3.0 header that is not UTF-8.
    HeaderEncoding,
    /// A header that is not a Python literal.
    Syntax {
        /// Byte position in the header text.
        at: usize,
        /// What was expected there.
        message: String,
    },
    /// A header that is not a dict of exactly `descr`, `fortran_order` and
    /// `shape`, or whose values have the wrong types.
    Header {
        /// What is wrong, quoting the header.
        message: String,
    },
    /// The file's element type is not the one asked for.
    DType {
        /// The Rust type asked for.
        type_name: &'static str,
        /// Its dtype, as the header would spell it.
        expected: String,
        /// The header's `descr`.
        found: String,
    },
    /// The file's number of axes is not the rank asked for.
    Rank {
        /// The rank asked for.
        expected: usize,
        /// The file's shape.
        shape: Vec<usize>,
    },
    /// An array element type (`[f64; 3]`) whose shape is not the file's last
    /// axes in C order.
    ElementShape {
        /// The Rust type.
        type_name: &'static str,
        /// Its shape.
        element: Vec<usize>,
        /// The file's shape.
        shape: Vec<usize>,
    },
    /// A view or map whose order marker the file's order does not keep (an F
    /// file viewed as `C`).
    Order {
        /// The file's `fortran_order`.
        fortran_order: bool,
        /// The marker asked for.
        marker: &'static str,
    },
    /// A shape whose size in elements or bytes does not fit the address space.
    Layout(LayoutError),
    /// The data is not at an address that is a multiple of the element's
    /// alignment (a view needs it; a copy does not).
    Misaligned {
        /// Byte position of the data in the buffer or file.
        offset: u64,
        /// The element type's alignment.
        align: usize,
    },
    /// An element that is not a valid value of its type (a `bool` byte other
    /// than 0 and 1, a `char` that is not a Unicode scalar value).
    InvalidElement {
        /// The Rust type.
        type_name: &'static str,
        /// Its position in memory order.
        index: usize,
    },
    /// A raw file whose bytes after the offset are not a whole number of
    /// elements (NumPy: "size of available data is not a multiple of the
    /// data-type size").
    PartialElement {
        /// The bytes after the offset.
        bytes: u64,
        /// The element's size.
        size: usize,
    },
    /// A memory map's offset past the end of its file (NumPy: "mmap offset
    /// is greater than file size").
    OffsetPastEnd {
        /// The offset asked for, in bytes.
        offset: u64,
        /// The file's length in bytes.
        len: u64,
    },
    /// A zero-sized element type, which has no bytes to read or write.
    ZeroSized {
        /// The Rust type.
        type_name: &'static str,
    },
    /// A `.npz` archive that the `zip` crate cannot read or write (not a zip
    /// archive, a corrupt directory or entry, an unsupported compression, a
    /// name added twice).
    Archive {
        /// The `zip` crate's message.
        message: String,
    },
    /// A `.npz` archive with no array of the name asked for.
    NoSuchArray {
        /// The name asked for.
        name: String,
        /// The archive's names.
        names: Vec<String>,
    },
}

impl fmt::Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NpyError::Io(e) => write!(f, "{e}"),
            NpyError::NotNpy { found } => write!(
                f,
                "not a `.npy` file: it starts with `{}`, not `\\x93NUMPY`",
                found.escape_ascii()
            ),
            NpyError::Version { major, minor } => write!(
                f,
                "`.npy` format version {major}.{minor} is not one of 1.0, 2.0 and 3.0"
            ),
            NpyError::Truncated {
                part,
                needed,
                found,
            } => write!(
                f,
                "the file ends inside the {part}: it needs {needed} bytes and has {found}"
            ),
            NpyError::HeaderTooLong { len } => write!(
                f,
                "a `.npy` header of {len} bytes is longer than the {} this reader takes",
                super::MAX_HEADER_LEN
            ),
            NpyError::HeaderEncoding => f.write_str("a version 3.0 `.npy` header is not UTF-8"),
            NpyError::Syntax { at, message } => {
                write!(
                    f,
                    "the `.npy` header is not a Python literal: {message} at byte {at}"
                )
            }
            NpyError::Header { message } => write!(f, "bad `.npy` header: {message}"),
            NpyError::DType {
                type_name,
                expected,
                found,
            } => write!(
                f,
                "the file holds elements of dtype {found}, not {expected} (`{type_name}`)"
            ),
            NpyError::Rank { expected, shape } => write!(
                f,
                "the file's array has shape {} ({} axes), not {expected} axes",
                crate::record::tuple(shape),
                shape.len()
            ),
            NpyError::ElementShape {
                type_name,
                element,
                shape,
            } => write!(
                f,
                "`{type_name}` elements are the last axes {} of a C-ordered file; this file has shape {}",
                crate::record::tuple(element),
                crate::record::tuple(shape)
            ),
            NpyError::Order {
                fortran_order,
                marker,
            } => {
                let order = if *fortran_order { "F" } else { "C" };
                write!(
                    f,
                    "the file is in {order} order, which a view marked `{marker}` cannot see in place: view it as `{order}` or `Strided`, or read a copy"
                )
            }
            NpyError::Layout(e) => write!(f, "{e}"),
            NpyError::Misaligned { offset, align } => write!(
                f,
                "the data, at byte {offset} of the buffer or file, is not at an address aligned to the element's {align} bytes: a view needs that, a copy does not"
            ),
            NpyError::Archive { message } => write!(f, "bad `.npz` archive: {message}"),
            NpyError::NoSuchArray { name, names } => write!(
                f,
                "the archive has no array {}: its arrays are [{}]",
                crate::record::quote(name),
                names
                    .iter()
                    .map(|n| crate::record::quote(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NpyError::InvalidElement { type_name, index } => write!(
                f,
                "element {index} (in memory order) is not a valid `{type_name}`"
            ),
            NpyError::PartialElement { bytes, size } => write!(
                f,
                "the file has {bytes} bytes after the offset, not a whole number of {size}-byte elements"
            ),
            NpyError::OffsetPastEnd { offset, len } => write!(
                f,
                "the offset {offset} is past the end of the file ({len} bytes)"
            ),
            NpyError::ZeroSized { type_name } => {
                write!(
                    f,
                    "`{type_name}` has no bytes: a `.npy` file cannot hold it"
                )
            }
        }
    }
}

impl std::error::Error for NpyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NpyError::Io(e) => Some(e),
            NpyError::Layout(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for NpyError {
    fn from(e: std::io::Error) -> Self {
        NpyError::Io(e)
    }
}

impl From<LayoutError> for NpyError {
    fn from(e: LayoutError) -> Self {
        NpyError::Layout(e)
    }
}
