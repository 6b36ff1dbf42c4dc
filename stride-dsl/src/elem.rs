//! Element types the language knows by name: their sizes (for byte strides) and
//! NumPy's type strings.

/// A primitive element type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElemInfo {
    /// The Rust name (`f64`).
    pub name: &'static str,
    /// Size in bytes.
    pub size: usize,
    /// NumPy's type string for this machine (`<f8`).
    pub typestr: &'static str,
}

const fn e(name: &'static str, size: usize, typestr: &'static str) -> ElemInfo {
    ElemInfo {
        name,
        size,
        typestr,
    }
}

/// The primitives, by Rust name.
pub const ELEMS: &[ElemInfo] = &[
    e("bool", 1, "|b1"),
    e("i8", 1, "|i1"),
    e("u8", 1, "|u1"),
    e("i16", 2, "<i2"),
    e("u16", 2, "<u2"),
    e("i32", 4, "<i4"),
    e("u32", 4, "<u4"),
    e("i64", 8, "<i8"),
    e("u64", 8, "<u8"),
    e("isize", size_of::<isize>(), "<i8"),
    e("usize", size_of::<usize>(), "<u8"),
    e("f32", 4, "<f4"),
    e("f64", 8, "<f8"),
    e("char", 4, "<U1"),
];

/// The primitive called `name`, if any.
pub fn known(name: &str) -> Option<&'static ElemInfo> {
    ELEMS.iter().find(|e| e.name == name)
}

/// The Rust name for a NumPy dtype name (`float64` -> `f64`), to teach in errors.
pub fn numpy_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "float64" | "double" | "float" | "float_" => "f64",
        "float32" | "single" => "f32",
        "int8" | "byte" => "i8",
        "uint8" | "ubyte" => "u8",
        "int16" | "short" => "i16",
        "uint16" | "ushort" => "u16",
        "int32" | "intc" => "i32",
        "uint32" | "uintc" => "u32",
        "int64" | "int" | "int_" | "long" | "longlong" | "intp" => "i64",
        "uint64" | "uint" | "ulonglong" | "uintp" => "u64",
        "bool_" => "bool",
        _ => return None,
    })
}
