//! The `.npy` header: the magic string, the version, the header's length, and
//! a Python dict of `descr`, `fortran_order` and `shape`, padded with spaces so
//! that the data starts at a multiple of 64 bytes (NumPy's
//! `numpy/lib/format.py`, whose writer this one matches byte for byte).

use std::io::Read;

use super::MAX_HEADER_LEN;
use super::error::NpyError;
use super::literal::{self, Lit};
use crate::record::{DType, DTypeDesc};

/// The first six bytes of every `.npy` file.
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// NumPy pads the header so that the data starts at a multiple of this.
const ARRAY_ALIGN: usize = 64;

/// NumPy leaves room for the growing axis' length to reach this many digits.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// A `.npy` file's header: what [`read_header`] returns (NumPy's
/// `np.lib.format.read_array_header_1_0`).
///
/// ```
/// use stride_core::{Array, io};
/// let a = Array::<f32, 2>::zeros([2, 3])?;
/// let mut bytes = Vec::new();
/// io::write_npy(&mut bytes, a.view())?;
/// let h = io::read_header(&mut bytes.as_slice())?;
/// assert_eq!(h.descr(), "'<f4'");
/// assert_eq!(h.shape(), [2, 3]);
/// assert!(!h.fortran_order());
/// assert_eq!(h.data_offset(), 128);
/// # Ok::<(), io::NpyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NpyHeader {
    descr: Lit,
    fortran_order: bool,
    shape: Vec<usize>,
    version: (u8, u8),
    data_offset: u64,
}

impl NpyHeader {
    /// The dtype, as the header spells it (`'<f8'`, `[('x', '<f8'), ...]`).
    pub fn descr(&self) -> String {
        self.descr.to_string()
    }

    /// Whether the data is in Fortran (F) order.
    pub fn fortran_order(&self) -> bool {
        self.fortran_order
    }

    /// The array's shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The format version: (1, 0), (2, 0) or (3, 0).
    pub fn version(&self) -> (u8, u8) {
        self.version
    }

    /// The byte position where the data starts.
    pub fn data_offset(&self) -> u64 {
        self.data_offset
    }

    /// Checks that the file holds `R`-axis arrays of `T`s and returns their
    /// shape: its `descr` is `T`'s dtype, with the byte order spelled any way
    /// NumPy spells the machine's (`<`, `=`, or `|` for one-byte types); an
    /// element type that is an array (`[f64; 3]`) is its element's dtype with
    /// its shape as the file's last axes, as NumPy keeps it (in C order).
    /// With `swap`, a scalar type of the other byte order is taken too, and
    /// the size of the byte groups to reverse is returned.
    pub(crate) fn check_element<T: DType, const R: usize>(
        &self,
        swap: bool,
    ) -> Result<([usize; R], Option<usize>), NpyError> {
        let (expected, sub) = element_dtype::<T>();
        let dtype_error = || NpyError::DType {
            type_name: std::any::type_name::<T>(),
            expected: expected.clone(),
            found: self.descr(),
        };
        let want = literal::parse(&expected).map(|e| normalize(&e));
        let found = normalize(&self.descr);
        let swapped = match (&want, &found) {
            (Ok(w), _) if *w == found => None,
            (Ok(Lit::Str(w)), Lit::Str(f)) if swap => {
                Some(byte_swapped(w, f).ok_or_else(dtype_error)?)
            }
            _ => return Err(dtype_error()),
        };
        let rank = R + sub.len();
        if self.shape.len() != rank {
            return Err(NpyError::Rank {
                expected: rank,
                shape: self.shape.clone(),
            });
        }
        if !sub.is_empty() && (self.shape[R..] != sub[..] || self.fortran_order) {
            return Err(NpyError::ElementShape {
                type_name: std::any::type_name::<T>(),
                element: sub,
                shape: self.shape.clone(),
            });
        }
        let mut shape = [0; R];
        shape.copy_from_slice(&self.shape[..R]);
        Ok((shape, swapped))
    }
}

/// `T`'s dtype as a `.npy` header's `descr` spells it, and the shape an array
/// element type adds to the array's (NumPy has no array dtype at the top
/// level: `np.zeros(2, dtype=('<f8', (3,)))` has shape `(2, 3)`).
pub(crate) fn element_dtype<T: DType>() -> (String, Vec<usize>) {
    match T::dtype() {
        DTypeDesc::Subarray { base, shape } => (base.descr(), shape),
        d => (d.descr(), Vec::new()),
    }
}

/// Whether the file's type string `found` is `want` in the other byte order,
/// for a number of 2 to 16 bytes (`<f8` and `>f8`) or text (`<U10` and
/// `>U10`, code units of 4 bytes); the group size to reverse.
fn byte_swapped(want: &str, found: &str) -> Option<usize> {
    let (w, f) = (want.as_bytes(), found.as_bytes());
    let kinds = b"iufcU";
    if w.len() < 3 || w.len() != f.len() || w[1..] != f[1..] || !kinds.contains(&w[1]) {
        return None;
    }
    let flipped = matches!((w[0], f[0]), (b'<', b'>') | (b'>', b'<'));
    let size: usize = want[2..].parse().ok()?;
    // A complex number swaps its two halves' bytes separately, text each
    // code unit's (the size of `U` counts characters).
    let group = match w[1] {
        b'c' => size / 2,
        b'U' => 4,
        _ => size,
    };
    (flipped && (2..=16).contains(&group)).then_some(group)
}

/// Reads a `.npy` header and leaves `reader` at the first byte of the data.
///
/// Every field is checked as NumPy's reader checks it: the magic string, a
/// version of 1.0, 2.0 or 3.0, a header of at most [`MAX_HEADER_LEN`] bytes
/// that is a Python dict literal with exactly the keys `descr`,
/// `fortran_order` and `shape`, a tuple of non-negative integers for the
/// shape, a bool for the order.
///
/// ```
/// use stride_core::io::{self, NpyError};
/// let err = io::read_header(&mut &b"PK\x03\x04 a zip file"[..]).unwrap_err();
/// assert!(matches!(err, NpyError::NotNpy { .. }));
/// ```
pub fn read_header<Rd: Read + ?Sized>(reader: &mut Rd) -> Result<NpyHeader, NpyError> {
    let mut prefix = [0u8; 8];
    let got = read_up_to(reader, &mut prefix)?;
    if got < 6 || &prefix[..6] != MAGIC {
        return Err(NpyError::NotNpy {
            found: prefix[..got.min(6)].to_vec(),
        });
    }
    if got < 8 {
        return Err(truncated("header", 8, got as u64));
    }
    let version = (prefix[6], prefix[7]);
    let len_bytes = match version {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        (major, minor) => return Err(NpyError::Version { major, minor }),
    };
    let mut len_buf = [0u8; 4];
    let got = read_up_to(reader, &mut len_buf[..len_bytes])?;
    if got < len_bytes {
        return Err(truncated("header", 8 + len_bytes as u64, 8 + got as u64));
    }
    let len = u64::from(u32::from_le_bytes(len_buf));
    if len > MAX_HEADER_LEN as u64 {
        return Err(NpyError::HeaderTooLong { len });
    }
    let mut raw = Vec::new();
    reader.take(len).read_to_end(&mut raw)?;
    let start = 8 + len_bytes as u64;
    if (raw.len() as u64) < len {
        return Err(truncated("header", start + len, start + raw.len() as u64));
    }
    let text: String = if version == (3, 0) {
        String::from_utf8(raw).map_err(|_| NpyError::HeaderEncoding)?
    } else {
        // Versions 1.0 and 2.0 are latin-1: every byte is the code point of
        // the same value.
        raw.iter().map(|&b| char::from(b)).collect()
    };
    let lit = literal::parse(&text).map_err(|e| NpyError::Syntax {
        at: e.at,
        message: e.message,
    })?;
    let (descr, fortran_order, shape) = fields(lit)?;
    Ok(NpyHeader {
        descr,
        fortran_order,
        shape,
        version,
        data_offset: start + len,
    })
}

/// The file ends inside `part` (`"header"` or `"data"`).
pub(crate) fn truncated(part: &'static str, needed: u64, found: u64) -> NpyError {
    NpyError::Truncated {
        part,
        needed,
        found,
    }
}

/// Reads until `buf` is full or the reader ends; returns the bytes read.
pub(crate) fn read_up_to<Rd: Read + ?Sized>(
    reader: &mut Rd,
    buf: &mut [u8],
) -> Result<usize, NpyError> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(got)
}

/// The dict's three values, checked.
fn fields(lit: Lit) -> Result<(Lit, bool, Vec<usize>), NpyError> {
    let bad = |message: String| NpyError::Header { message };
    let Lit::Dict(items) = lit else {
        return Err(bad(format!("the header is not a dict: {lit}")));
    };
    let (mut descr, mut order, mut shape) = (None, None, None);
    for (key, value) in items {
        // As in Python, a repeated key keeps its last value; any other key is
        // refused at once (NumPy wants exactly these three).
        match &key {
            Lit::Str(k) if k == "descr" => descr = Some(value),
            Lit::Str(k) if k == "fortran_order" => order = Some(value),
            Lit::Str(k) if k == "shape" => shape = Some(value),
            _ => {
                return Err(bad(format!(
                    "the header has the key {key}: it takes 'descr', 'fortran_order' and 'shape' only"
                )));
            }
        }
    }
    let (Some(descr), Some(order), Some(shape)) = (descr, order, shape) else {
        return Err(bad(
            "the header lacks one of 'descr', 'fortran_order' and 'shape'".to_owned(),
        ));
    };
    let Lit::Bool(fortran_order) = order else {
        return Err(bad(format!(
            "`fortran_order` is {order}, not True or False"
        )));
    };
    let dims = match &shape {
        Lit::Tuple(items) => items
            .iter()
            .map(|d| match d {
                Lit::Int(n) => usize::try_from(*n).ok(),
                _ => None,
            })
            .collect::<Option<Vec<usize>>>(),
        _ => None,
    };
    let Some(dims) = dims else {
        return Err(bad(format!(
            "`shape` is {shape}, not a tuple of non-negative integers that fit in `usize`"
        )));
    };
    if !matches!(descr, Lit::Str(_) | Lit::List(_)) {
        return Err(bad(format!("`descr` is {descr}, not a dtype")));
    }
    Ok((descr, fortran_order, dims))
}

/// A dtype literal with the byte order of each type string spelled one way:
/// `|` for types whose order does not matter (one byte, void, bytes, bool),
/// the machine's `<` or `>` for `=`.
fn normalize(lit: &Lit) -> Lit {
    match lit {
        Lit::Str(t) => Lit::Str(normalize_typestr(t)),
        Lit::List(fields) => Lit::List(
            fields
                .iter()
                .map(|f| match f {
                    Lit::Tuple(parts) if parts.len() == 2 || parts.len() == 3 => {
                        let mut parts = parts.clone();
                        parts[1] = normalize(&parts[1]);
                        Lit::Tuple(parts)
                    }
                    other => other.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn normalize_typestr(t: &str) -> String {
    let mut chars = t.chars();
    let (Some(order @ ('<' | '>' | '|' | '=')), Some(kind)) = (chars.next(), chars.next()) else {
        return t.to_owned();
    };
    let rest: String = chars.collect();
    let one_byte = rest == "1" && kind != 'U';
    let order = if one_byte || matches!(kind, 'V' | 'S' | 'b' | '?') {
        '|'
    } else if order == '=' {
        if cfg!(target_endian = "little") {
            '<'
        } else {
            '>'
        }
    } else {
        order
    };
    format!("{order}{kind}{rest}")
}

/// The header NumPy's `np.save` writes for an array of dtype `descr`, order
/// and shape: the oldest version that can hold it (1.0, else 2.0 when the
/// header is 64 KiB or more, 3.0 when `descr` has characters outside
/// latin-1), spaces for the growing axis to lengthen, and padding to 64 bytes.
pub(crate) fn format_header(descr: &str, fortran_order: bool, shape: &[usize]) -> Vec<u8> {
    let mut dict = format!(
        "{{'descr': {descr}, 'fortran_order': {}, 'shape': {}, }}",
        if fortran_order { "True" } else { "False" },
        crate::record::tuple(shape)
    );
    let growth = if fortran_order {
        shape.last()
    } else {
        shape.first()
    };
    if let Some(d) = growth {
        let digits = d.to_string().len();
        dict.extend(std::iter::repeat_n(
            ' ',
            GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits),
        ));
    }
    let latin1 = dict.chars().all(|c| u32::from(c) < 256);
    let text: Vec<u8> = if latin1 {
        dict.chars().map(|c| c as u8).collect()
    } else {
        dict.into_bytes()
    };
    let wrap = |len_bytes: usize| {
        let hlen = text.len() + 1;
        let pad = ARRAY_ALIGN - (6 + 2 + len_bytes + hlen) % ARRAY_ALIGN;
        (hlen + pad, pad)
    };
    let (version, (total, pad)) = match wrap(2) {
        (total, pad) if latin1 && total <= usize::from(u16::MAX) => (1u8, (total, pad)),
        _ => (if latin1 { 2 } else { 3 }, wrap(4)),
    };
    let mut out = Vec::with_capacity(12 + total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[version, 0]);
    if version == 1 {
        out.extend_from_slice(&(total as u16).to_le_bytes());
    } else {
        out.extend_from_slice(&(total as u32).to_le_bytes());
    }
    out.extend_from_slice(&text);
    out.extend(std::iter::repeat_n(b' ', pad));
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typestrs_compare_by_meaning() {
        assert_eq!(normalize_typestr("<u1"), "|u1");
        assert_eq!(normalize_typestr("|b1"), "|b1");
        assert_eq!(normalize_typestr("<V4"), "|V4");
        assert_eq!(normalize_typestr("<U1"), "<U1");
        if cfg!(target_endian = "little") {
            assert_eq!(normalize_typestr("=f8"), "<f8");
        }
        assert_eq!(normalize_typestr(">f8"), ">f8");
    }

    #[test]
    fn headers_are_padded_to_64_bytes() {
        for shape in [&[][..], &[0], &[3], &[2, 3], &[usize::MAX, 1, 1, 1, 1, 1]] {
            let h = format_header("'<f8'", false, shape);
            assert_eq!(h.len() % 64, 0, "{shape:?}");
            assert_eq!(h.last(), Some(&b'\n'));
            let back = read_header(&mut h.as_slice()).unwrap();
            assert_eq!(back.shape(), shape);
            assert_eq!(back.data_offset(), h.len() as u64);
        }
    }
}
