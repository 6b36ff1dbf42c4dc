//! Structured records (NumPy's structured dtypes, seed 002): the dtype NumPy would
//! describe for a `#[repr(C)]` struct, and zero-copy views of one field of an
//! array of records, an array-typed field becoming trailing axes as NumPy's
//! subarray fields do.
//!
//! `#[derive(Record)]` (in the `stride` crate) implements [`DType`] and
//! [`Record`] and writes one [`Field`] per struct field; by hand, a [`Field`] is
//! made with the `unsafe` [`Field::new`].

use core::marker::PhantomData;
use std::fmt::Write as _;

use crate::error::LayoutError;
use crate::layout::Layout;
use crate::order::{OrderMarker, Strided};
use crate::rank::{Rank, RankAdd};
use crate::view::{Mutability, Unique, ViewBase};

/// A NumPy dtype: what [`DType::dtype`] describes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DTypeDesc {
    /// A scalar, by its array-interface type string (`"<f8"`, `"|u1"`, `"<U10"`).
    Scalar {
        /// The type string.
        typestr: String,
        /// Its size in bytes.
        size: usize,
    },
    /// A fixed-size array of `base` elements of shape `shape` (a subarray field).
    Subarray {
        /// The element dtype.
        base: Box<DTypeDesc>,
        /// The shape.
        shape: Vec<usize>,
    },
    /// A structured dtype: named fields at byte offsets.
    Struct {
        /// The fields, in declaration (and memory) order.
        fields: Vec<FieldDesc>,
        /// Size of one record in bytes, padding included.
        itemsize: usize,
    },
}

/// One field of a structured dtype.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldDesc {
    /// The field's name.
    pub name: String,
    /// Its byte offset in the record.
    pub offset: usize,
    /// Its dtype.
    pub dtype: DTypeDesc,
}

impl DTypeDesc {
    /// A scalar dtype.
    pub fn scalar(typestr: &str, size: usize) -> Self {
        DTypeDesc::Scalar {
            typestr: typestr.to_owned(),
            size,
        }
    }

    /// NumPy's fixed-length unicode string of `chars` UCS-4 code points
    /// (`<U10`, a `[char; 10]` field).
    pub fn unicode(chars: usize) -> Self {
        DTypeDesc::Scalar {
            typestr: format!("{}U{chars}", endian()),
            size: 4 * chars,
        }
    }

    /// Size in bytes.
    pub fn size(&self) -> usize {
        match self {
            DTypeDesc::Scalar { size, .. } => *size,
            DTypeDesc::Subarray { base, shape } => base.size() * shape.iter().product::<usize>(),
            DTypeDesc::Struct { itemsize, .. } => *itemsize,
        }
    }

    /// What NumPy prints for this dtype (`str(dtype)`): the list form
    /// `[('x', '<f8'), ('id', '<i4')]` when the fields follow each other without
    /// gaps, the dict form with `'offsets'` and `'itemsize'` when the Rust layout
    /// has padding.
    ///
    /// ```
    /// use stride_core::{DType, DTypeDesc, FieldDesc};
    /// let f = |name: &str, offset, dtype| FieldDesc { name: name.into(), offset, dtype };
    /// // #[repr(C)] struct { x: f64, id: i32 }: 4 bytes of padding at the end.
    /// let d = DTypeDesc::Struct {
    ///     fields: vec![f("x", 0, f64::dtype()), f("id", 8, i32::dtype())],
    ///     itemsize: 16,
    /// };
    /// assert_eq!(
    ///     d.numpy_str(),
    ///     "{'names': ['x', 'id'], 'formats': ['<f8', '<i4'], 'offsets': [0, 8], 'itemsize': 16}"
    /// );
    /// assert_eq!(d.descr(), "[('x', '<f8'), ('id', '<i4'), ('', '|V4')]");
    /// ```
    pub fn numpy_str(&self) -> String {
        match self {
            DTypeDesc::Scalar { typestr, .. } => quote(&short_typestr(typestr)),
            DTypeDesc::Subarray { base, shape } => {
                format!("({}, {})", base.numpy_str(), tuple(shape))
            }
            DTypeDesc::Struct { fields, itemsize } => {
                if self.is_packed() {
                    let parts: Vec<String> = fields
                        .iter()
                        .map(|f| match &f.dtype {
                            DTypeDesc::Subarray { base, shape } => format!(
                                "({}, {}, {})",
                                quote(&f.name),
                                base.numpy_str(),
                                tuple(shape)
                            ),
                            d => format!("({}, {})", quote(&f.name), d.numpy_str()),
                        })
                        .collect();
                    format!("[{}]", parts.join(", "))
                } else {
                    let names: Vec<String> = fields.iter().map(|f| quote(&f.name)).collect();
                    let formats: Vec<String> = fields.iter().map(|f| f.dtype.numpy_str()).collect();
                    let offsets: Vec<String> =
                        fields.iter().map(|f| f.offset.to_string()).collect();
                    format!(
                        "{{'names': [{}], 'formats': [{}], 'offsets': [{}], 'itemsize': {itemsize}}}",
                        names.join(", "),
                        formats.join(", "),
                        offsets.join(", ")
                    )
                }
            }
        }
    }

    /// NumPy's `__array_interface__['descr']` (what a `.npy` header stores): a
    /// list of fields with the padding as unnamed void fields (`('', '|V4')`).
    pub fn descr(&self) -> String {
        match self {
            DTypeDesc::Struct { fields, itemsize } => {
                let mut parts = Vec::new();
                let mut at = 0;
                for f in fields {
                    if f.offset > at {
                        parts.push(format!("('', '|V{}')", f.offset - at));
                    }
                    parts.push(match &f.dtype {
                        DTypeDesc::Subarray { base, shape } => {
                            format!("({}, {}, {})", quote(&f.name), base.descr(), tuple(shape))
                        }
                        d => format!("({}, {})", quote(&f.name), d.descr()),
                    });
                    at = f.offset + f.dtype.size();
                }
                if *itemsize > at {
                    parts.push(format!("('', '|V{}')", itemsize - at));
                }
                format!("[{}]", parts.join(", "))
            }
            DTypeDesc::Scalar { typestr, .. } => quote(typestr),
            DTypeDesc::Subarray { base, shape } => format!("({}, {})", base.descr(), tuple(shape)),
        }
    }

    /// Whether a struct's fields follow each other with no gap and no padding at
    /// the end (NumPy then prints the list form).
    fn is_packed(&self) -> bool {
        match self {
            DTypeDesc::Struct { fields, itemsize } => {
                let mut at = 0;
                for f in fields {
                    if f.offset != at {
                        return false;
                    }
                    at += f.dtype.size();
                }
                at == *itemsize
            }
            _ => true,
        }
    }
}

const fn endian() -> char {
    if cfg!(target_endian = "little") {
        '<'
    } else {
        '>'
    }
}

/// `str(dtype)` spells one-byte types without the byte order, and bool as `?`.
fn short_typestr(t: &str) -> String {
    match t {
        "|b1" => "?".to_owned(),
        _ => t.strip_prefix('|').unwrap_or(t).to_owned(),
    }
}

/// A string as Python's `repr` writes it (what NumPy's headers and dtype
/// strings hold): in single quotes, or in double quotes when it has a single
/// quote and no double quote; backslashes, the quote used and control
/// characters escaped.
pub(crate) fn quote(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\x7f' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// A Python tuple as `repr` writes it: `()`, `(3,)`, `(2, 3)`.
pub(crate) fn tuple(shape: &[usize]) -> String {
    match shape {
        [one] => format!("({one},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// A type NumPy has a dtype for: the primitives, fixed-size arrays of them
/// (subarrays) and `#[derive(Record)]` structs.
pub trait DType: Copy + 'static {
    /// The dtype.
    fn dtype() -> DTypeDesc;
}

macro_rules! scalar_dtypes {
    ($($t:ty => $code:literal, $one_byte:literal;)*) => {$(
        impl DType for $t {
            fn dtype() -> DTypeDesc {
                let size = size_of::<$t>();
                let typestr = if $one_byte {
                    format!("|{}{size}", $code)
                } else {
                    format!("{}{}{size}", endian(), $code)
                };
                DTypeDesc::Scalar { typestr, size }
            }
        }
    )*};
}

scalar_dtypes! {
    bool => "b", true;
    i8 => "i", true;
    u8 => "u", true;
    i16 => "i", false;
    u16 => "u", false;
    i32 => "i", false;
    u32 => "u", false;
    i64 => "i", false;
    u64 => "u", false;
    isize => "i", false;
    usize => "u", false;
    f32 => "f", false;
    f64 => "f", false;
    // NumPy's `complex64` and `complex128` (`<c8`, `<c16`): a real and an
    // imaginary part, as `num_complex::Complex` lays them out.
    num_complex::Complex<f32> => "c", false;
    num_complex::Complex<f64> => "c", false;
}

impl DType for char {
    fn dtype() -> DTypeDesc {
        DTypeDesc::unicode(1)
    }
}

impl<T: DType, const N: usize> DType for [T; N] {
    fn dtype() -> DTypeDesc {
        match T::dtype() {
            // Nested arrays are one subarray of a longer shape, as NumPy has them.
            DTypeDesc::Subarray { base, shape } => {
                let mut s = vec![N];
                s.extend(shape);
                DTypeDesc::Subarray { base, shape: s }
            }
            base => DTypeDesc::Subarray {
                base: Box::new(base),
                shape: vec![N],
            },
        }
    }
}

/// A `#[repr(C)]` struct whose fields have dtypes: an element type of structured
/// arrays. `#[derive(Record)]` implements it (and refuses a struct without
/// `#[repr(C)]`, whose field order Rust may change).
pub trait Record: DType {
    /// What NumPy prints for the record's dtype (see [`DTypeDesc::numpy_str`]).
    fn numpy_dtype() -> String {
        Self::dtype().numpy_str()
    }
}

/// One field of the record `Rec`: its byte offset, and the element type `E` and
/// shape (`D` trailing axes) it is read as: a scalar field has `D = 0`, a `[f32;
/// 3]` field is `E = f32` with shape `[3]`.
pub struct Field<Rec, E, const D: usize> {
    offset: usize,
    shape: [usize; D],
    _types: PhantomData<fn(Rec) -> E>,
}

impl<Rec, E, const D: usize> Clone for Field<Rec, E, D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Rec, E, const D: usize> Copy for Field<Rec, E, D> {}

impl<Rec, E, const D: usize> core::fmt::Debug for Field<Rec, E, D> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Field")
            .field("offset", &self.offset)
            .field("shape", &self.shape)
            .finish()
    }
}

impl<Rec, E, const D: usize> Field<Rec, E, D> {
    /// A field at byte `offset` of `Rec`, read as `E`s in the C-ordered `shape`.
    ///
    /// # Safety
    /// Every `Rec` must hold, at byte `offset`, an initialised value of type
    /// `[…[E; shape[D-1]]…; shape[0]]` (just `E` for `D = 0`): `shape`'s product
    /// of `E`s, contiguous and aligned for `E`.
    pub const unsafe fn new(offset: usize, shape: [usize; D]) -> Self {
        Field {
            offset,
            shape,
            _types: PhantomData,
        }
    }

    /// The byte offset in the record.
    ///
    /// A field of a field: `Outer::FIELDS.inner.then(Inner::FIELDS.x)` is
    /// NumPy's `a['inner']['x']`, one field of the outer record (see
    /// [`then`](Field::then)).
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The shape of the field (`[]` for a scalar).
    pub const fn shape(&self) -> &[usize; D] {
        &self.shape
    }
}

impl<Rec, Inner> Field<Rec, Inner, 0> {
    /// The field `inner` of this (record-typed) field, as a field of `Rec`:
    /// NumPy's `a['inner']['x']`. Useful where the nested record itself cannot be
    /// viewed with element strides (its size does not divide the outer record's,
    /// see [`LayoutError::FieldStride`]) but its scalar fields can.
    pub const fn then<E, const D: usize>(self, inner: Field<Inner, E, D>) -> Field<Rec, E, D> {
        // A field at `inner.offset` of the `Inner` at `self.offset` of every `Rec`
        // is at their sum in `Rec` (both within `size_of::<Rec>()`): `Field::new`'s
        // contract carries over.
        Field {
            offset: self.offset + inner.offset,
            shape: inner.shape,
            _types: PhantomData,
        }
    }
}

impl<'a, Rec, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'a, Rec, R, O, M> {
    /// A zero-copy view of one field of every record, as NumPy's `a['mass']`; a
    /// field of array type adds trailing axes (`a['pos']` has shape `a.shape +
    /// (3,)`), inferred. A view of several fields at once, each mutable, comes from
    /// the `fields_mut` a `#[derive(Record)]` writes.
    ///
    /// Errors when the record's size or the field's offset is not a multiple of
    /// the element size (then no element stride describes the field), with
    /// [`LayoutError::FieldStride`]: never for a field of primitives (or arrays of
    /// them) in a `#[repr(C)]` record, possibly for a nested record; view its
    /// fields through [`Field::then`] instead.
    pub fn field<E, const D: usize, const Q: usize>(
        self,
        field: Field<Rec, E, D>,
    ) -> Result<ViewBase<'a, E, Q, Strided, M>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<D>, Output = Rank<Q>>,
    {
        // The view is consumed, so its exclusive access (if any) passes
        // to the field view.
        // SAFETY: as just said.
        unsafe { field_view(&self, field) }
    }
}

impl<'a, Rec, const R: usize, O: OrderMarker> ViewBase<'a, Rec, R, O, Unique> {
    /// A mutable view of one field that leaves the records' other fields to other
    /// views: the building block of a derive's `fields_mut`.
    ///
    /// # Safety
    /// While the returned view lives, no other view may reach the bytes of this
    /// field in these records: the caller hands out each field at most once (the
    /// fields of a `#[repr(C)]` struct occupy disjoint bytes).
    pub unsafe fn field_mut_unchecked<E, const D: usize, const Q: usize>(
        &mut self,
        field: Field<Rec, E, D>,
    ) -> Result<ViewBase<'a, E, Q, Strided, Unique>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<D>, Output = Rank<Q>>,
    {
        // The exclusive access to this field's bytes is the caller's
        // promise.
        // SAFETY: as just said.
        unsafe { field_view(self, field) }
    }
}

/// The view of `field` in the records `v` reaches, with the mutability `M2` and
/// lifetime `'a` of the caller's choosing.
///
/// # Safety
/// When `M2` is [`Unique`], nothing else may reach the field's bytes in these
/// records while the result lives; either way the result may outlive `v` only
/// for the `'a` the records are borrowed for.
unsafe fn field_view<'a, Rec, E, const R: usize, O, M, M2, const D: usize, const Q: usize>(
    v: &ViewBase<'a, Rec, R, O, M>,
    field: Field<Rec, E, D>,
) -> Result<ViewBase<'a, E, Q, Strided, M2>, LayoutError>
where
    O: OrderMarker,
    M: Mutability,
    M2: Mutability,
{
    let (rsz, esz) = (size_of::<Rec>(), size_of::<E>());
    let stride_err = LayoutError::FieldStride {
        record: rsz,
        element: esz,
        offset: field.offset,
    };
    if esz == 0 || !rsz.is_multiple_of(esz) || !field.offset.is_multiple_of(esz) {
        return Err(stride_err);
    }
    let k = rsz / esz;
    let layout = v.layout();
    // The records' axes, then the subarray's.
    let mut shape = [0usize; Q];
    shape[..R].copy_from_slice(layout.shape());
    shape[R..].copy_from_slice(&field.shape);
    // The records' strides scaled to `E`s, the subarray's in C order after
    // them, and the first record's field as the offset.
    let scaled = || -> Result<Layout<Q>, LayoutError> {
        let mut strides = [0isize; Q];
        for a in 0..R {
            // An axis of length 0 or 1 never steps: a stride too large to
            // scale (allowed there) becomes 0.
            strides[a] = layout.strides()[a]
                .checked_mul(k as isize)
                .or((shape[a] <= 1).then_some(0))
                .ok_or(LayoutError::TooLarge)?;
        }
        let mut inner: isize = 1;
        for a in (0..D).rev() {
            strides[R + a] = inner;
            inner = inner
                .checked_mul(field.shape[a] as isize)
                .ok_or(LayoutError::TooLarge)?;
        }
        let offset = layout
            .offset()
            .checked_mul(k)
            .and_then(|o| o.checked_add(field.offset / esz))
            .ok_or(LayoutError::TooLarge)?;
        Layout::from_parts(shape, strides, offset)
    };
    let len = v.buffer_len().checked_mul(k).ok_or(LayoutError::TooLarge)?;
    let l = match scaled() {
        // An empty view reaches no record: strides and an offset too large
        // to scale (allowed there) are harmless, and the field view is an
        // empty one with strides 0 (NumPy keeps the records' byte strides,
        // which strides in elements cannot always say; it returns an empty
        // view too).
        Err(_) if layout.size() == 0 => Layout::from_parts(shape, [0; Q], 0)?,
        l => l?,
    };
    l.check_fits(len)?;
    // The field's elements of `v`'s records are initialised `E`s (`Field::new`'s
    // contract) in a buffer of `len` whole `E`s; distinct (record, position)
    // pairs are distinct elements, so a unique record layout gives a unique one.
    // As just said; the layout was checked to fit `len`; exclusive access,
    // for a mutable result, is the caller's promise.
    // SAFETY: as just said.
    Ok(unsafe { ViewBase::from_raw_parts(v.base_nonnull().cast(), len, l) })
}
