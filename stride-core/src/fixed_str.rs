//! [`FixedStr`]: NumPy's fixed-width unicode string (`U10`, seed 002's
//! `('name', 'U10')` field) as a plain-old-data type, so that records with
//! text fields can be written, read back, viewed and memory-mapped like
//! records of numbers.

use core::fmt;

use bytemuck::{Pod, Zeroable};

use crate::record::{DType, DTypeDesc};

/// NumPy's fixed-width unicode string `U{N}`: `N` UCS-4 code units, those
/// past the end of the text zero. Any bit pattern is a value (as in a NumPy
/// array, whose bytes may come from anywhere), so it is [`Pod`]: a record
/// with a `FixedStr` field derives `bytemuck::Pod` and can be saved, loaded,
/// viewed in place and mapped (a `[char; N]` field, also `U{N}`, can only be
/// written). Code units that are not Unicode scalar values read as U+FFFD.
///
/// As NumPy does, [`new`](Self::new) cuts a longer text to `N` characters,
/// the value's text ends at its last non-zero code unit (NumPy strips
/// trailing NULs, and keeps the others), and values order as NumPy sorts
/// them: by code points, a prefix first.
///
/// ```
/// use stride_core::{DType, FixedStr};
/// let name = FixedStr::<10>::new("Alice");
/// assert_eq!(name, "Alice");
/// assert_eq!((name.len(), name.to_string()), (5, "Alice".to_string()));
/// assert_eq!(FixedStr::<3>::new("Albert"), "Alb"); // np.array(['Albert'], 'U3')
/// assert_eq!(FixedStr::<10>::dtype().descr(), "'<U10'");
/// assert_eq!(size_of::<FixedStr<10>>(), 40);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct FixedStr<const N: usize>([u32; N]);

// A `#[repr(transparent)]` wrapper of `[u32; N]`, which is `Pod` and
// `Zeroable`: the same size, alignment and bytes, no padding, every bit
// pattern (all zeros too) a value, and the wrapper adds no invariant.
// SAFETY: as just said.
unsafe impl<const N: usize> Zeroable for FixedStr<N> {}
// SAFETY: as just said.
unsafe impl<const N: usize> Pod for FixedStr<N> {}

impl<const N: usize> FixedStr<N> {
    /// The first `N` characters of `s` (all of it when shorter), the rest
    /// zero.
    pub fn new(s: &str) -> Self {
        let mut units = [0u32; N];
        for (u, c) in units.iter_mut().zip(s.chars()) {
            *u = u32::from(c);
        }
        FixedStr(units)
    }

    /// The code units as stored, trailing zeros included.
    pub fn code_units(&self) -> &[u32; N] {
        &self.0
    }

    /// The code units of the text: up to the last non-zero one.
    fn text(&self) -> &[u32] {
        let end = self.0.iter().rposition(|&u| u != 0).map_or(0, |i| i + 1);
        &self.0[..end]
    }

    /// The characters of the text, U+FFFD for a code unit that is not a
    /// Unicode scalar value.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.text()
            .iter()
            .map(|&u| char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    /// The number of characters of the text (NumPy's `len(s)`).
    pub fn len(&self) -> usize {
        self.text().len()
    }

    /// Whether the text is empty (every code unit zero).
    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

impl<const N: usize> Default for FixedStr<N> {
    /// The empty string.
    fn default() -> Self {
        FixedStr([0; N])
    }
}

impl<const N: usize> From<&str> for FixedStr<N> {
    /// [`FixedStr::new`]: cut to `N` characters.
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl<const N: usize> PartialEq<str> for FixedStr<N> {
    fn eq(&self, other: &str) -> bool {
        self.chars().eq(other.chars())
    }
}

impl<const N: usize> PartialEq<&str> for FixedStr<N> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl<const N: usize> fmt::Display for FixedStr<N> {
    /// The text, padded or aligned as the formatter asks.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.chars().collect::<String>())
    }
}

impl<const N: usize> fmt::Debug for FixedStr<N> {
    /// The text as a quoted Rust string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.chars().collect::<String>(), f)
    }
}

impl<const N: usize> DType for FixedStr<N> {
    fn dtype() -> DTypeDesc {
        DTypeDesc::unicode(N)
    }
}

#[cfg(test)]
mod tests {
    use super::FixedStr;

    #[test]
    fn text_ends_at_the_last_nonzero_unit_and_bad_units_are_replaced() {
        let s = FixedStr::<6>(['a' as u32, 0, 'b' as u32, 0xD800, 0, 0]);
        assert_eq!(s.len(), 4);
        assert_eq!(s, "a\0b\u{FFFD}");
        assert_eq!(format!("{s:>6}|{s:?}"), "  a\0b\u{FFFD}|\"a\\0b\u{FFFD}\"");
        assert!(FixedStr::<4>::default().is_empty());
        assert_eq!(FixedStr::<0>::new("abc"), "");
        assert_eq!(FixedStr::<2>::from("héllo").code_units(), &[0x68, 0xE9]);
    }
}
