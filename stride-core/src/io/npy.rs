//! Reading and writing `.npy` data: into and from owned arrays (`np.load`,
//! `np.save`), and zero-copy views of a `.npy` image already in memory.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use bytemuck::{AnyBitPattern, CheckedBitPattern, NoUninit, Pod};

use super::error::NpyError;
use super::header::{NpyHeader, element_dtype, format_header, read_header, read_up_to, truncated};
use crate::array::Array;
use crate::layout::Layout;
use crate::order::{C, F, Order, OrderMarker, Strided};
use crate::record::DType;
use crate::view::{View, ViewMut};

/// Reads a `.npy` file into an array (`np.load(path)`); see [`read_npy`].
///
/// ```
/// use stride_core::{Array, F, io};
/// let dir = std::env::temp_dir().join(format!("stride-doc-load-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("a.npy");
/// let a = Array::<i32, 2, F>::from_fn([2, 3], |[i, j]| (10 * i + j) as i32)?;
/// io::save(&path, a.view())?; // np.save: written in F order, as `a` is
/// let b: Array<i32, 2> = io::load(&path)?; // read into a C array
/// assert_eq!(b, a);
/// assert_eq!(b.as_slice(), &[0, 1, 2, 10, 11, 12]);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load<T, const R: usize, O>(path: impl AsRef<Path>) -> Result<Array<T, R, O>, NpyError>
where
    T: DType + CheckedBitPattern,
    O: OrderMarker,
{
    let file = File::open(path)?;
    // A pipe or a device reports no length that counts.
    let meta = file.metadata()?;
    let len = meta.is_file().then_some(meta.len());
    read_npy_sized(&mut BufReader::new(file), len)
}

/// Writes a view to a new `.npy` file (`np.save(path, a)`); see [`write_npy`].
pub fn save<T, const R: usize, O>(
    path: impl AsRef<Path>,
    view: View<'_, T, R, O>,
) -> Result<(), NpyError>
where
    T: DType + NoUninit,
    O: OrderMarker,
{
    let mut w = BufWriter::new(File::create(path)?);
    write_npy(&mut w, view)?;
    w.flush()?;
    Ok(())
}

/// Reads a `.npy` image from `reader` into an array of element type `T`, rank
/// `R` and order marker `O`.
///
/// The header must name `T`'s dtype ([`DType`]) and have `R` axes (an
/// array element type, `[f64; 3]`, takes the file's last axes too: NumPy
/// keeps subarrays so). Numbers of the other byte order (`>f8` on this
/// machine) are swapped as they are read. Data in
/// the file's order is taken as it is when `O` allows it (an F file into an
/// `Array<_, _, F>` or a `Strided` one); otherwise it is copied once into
/// `O`'s order by the transposing copy. `bool` and `char` elements are
/// checked to be valid values. Bytes after the data are ignored, as NumPy
/// ignores them.
///
/// The reader never allocates more than it has read plus 8 MiB (or one
/// element, if larger), whatever the header's shape claims: a short file is
/// [`NpyError::Truncated`], not an allocation failure. ([`load`] checks the
/// file's length against the shape first, then reads into one buffer.)
///
/// ```
/// use stride_core::{Array, C, io, io::NpyError};
/// let a = Array::<bool, 1>::from_vec([3], vec![true, false, true])?;
/// let mut bytes = Vec::new();
/// io::write_npy(&mut bytes, a.view())?;
/// let b: Array<bool, 1> = io::read_npy(&mut bytes.as_slice())?;
/// assert_eq!(b, a);
/// // The same bytes as another type, or as another rank, are refused:
/// let err = io::read_npy::<u8, 1, C, _>(&mut bytes.as_slice()).unwrap_err();
/// assert_eq!(err.to_string(), "the file holds elements of dtype '|b1', not '|u1' (`u8`)");
/// assert!(matches!(io::read_npy::<bool, 2, C, _>(&mut bytes.as_slice()), Err(NpyError::Rank { .. })));
/// // A byte that is not 0 or 1 is not a bool:
/// *bytes.last_mut().unwrap() = 2;
/// let err = io::read_npy::<bool, 1, C, _>(&mut bytes.as_slice()).unwrap_err();
/// assert_eq!(err.to_string(), "element 2 (in memory order) is not a valid `bool`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_npy<T, const R: usize, O, Rd>(reader: &mut Rd) -> Result<Array<T, R, O>, NpyError>
where
    T: DType + CheckedBitPattern,
    O: OrderMarker,
    Rd: Read + ?Sized,
{
    read_npy_sized(reader, None)
}

/// [`read_npy`], with the reader's total length when it is known (a file):
/// a short file is then refused before anything is allocated.
fn read_npy_sized<T, const R: usize, O, Rd>(
    reader: &mut Rd,
    total: Option<u64>,
) -> Result<Array<T, R, O>, NpyError>
where
    T: DType + CheckedBitPattern,
    O: OrderMarker,
    Rd: Read + ?Sized,
{
    let header = read_header(reader)?;
    let (shape, swap) = header.check_element::<T, R>(true)?;
    let layout = file_layout::<R, Strided>(shape, header.fortran_order())?;
    let n = layout.size();
    let bytes = bytes_of::<T>(n)?;
    if let Some(total) = total {
        let have = total.saturating_sub(header.data_offset());
        if have < bytes as u64 {
            return Err(truncated("data", bytes as u64, have));
        }
    }
    let data = read_elements::<T, Rd>(reader, n, swap, total.is_some())?;
    reorder(Array::from_parts(data, layout)?)
}

/// `n` elements' bytes, overflow-checked (a zero-sized `T` has none to read
/// or write, and is refused).
pub(crate) fn bytes_of<T>(n: usize) -> Result<usize, NpyError> {
    if size_of::<T>() == 0 {
        return Err(NpyError::ZeroSized {
            type_name: std::any::type_name::<T>(),
        });
    }
    n.checked_mul(size_of::<T>())
        .filter(|&b| b <= isize::MAX as usize)
        .ok_or(NpyError::Layout(crate::error::LayoutError::TooLarge))
}

/// The packed layout of a file's data with marker `O`, or the error that
/// names the file's order when `O` cannot hold it.
pub(crate) fn file_layout<const R: usize, O: OrderMarker>(
    shape: [usize; R],
    fortran_order: bool,
) -> Result<Layout<R, O>, NpyError> {
    let order = if fortran_order { Order::F } else { Order::C };
    Layout::<R>::packed_in(shape, order)?
        .try_order::<O>()
        .map_err(|_| NpyError::Order {
            fortran_order,
            marker: O::CONTIGUITY.name(),
        })
}

/// The layout, with marker `O`, of the data of a file whose header names
/// `R`-axis arrays of `T` in the machine's byte order: what a view or a map
/// of the file sees in place.
pub(crate) fn data_layout<T: DType, const R: usize, O: OrderMarker>(
    header: &NpyHeader,
) -> Result<Layout<R, O>, NpyError> {
    let (shape, _) = header.check_element::<T, R>(false)?;
    file_layout(shape, header.fortran_order())
}

/// The array with marker `O`: as it is if its layout keeps `O`'s promise,
/// else copied into `O`'s order.
fn reorder<T: Copy, const R: usize, P: OrderMarker, O: OrderMarker>(
    a: Array<T, R, P>,
) -> Result<Array<T, R, O>, NpyError> {
    if a.layout().try_order::<O>().is_ok() {
        return Ok(a.into_order()?);
    }
    Ok(a.view().to_contiguous::<O::Kept>()?.into_order()?)
}

/// How many elements [`read_elements`] adds to its buffer at a time at most:
/// a header's claim is not trusted with more memory than this beyond what the
/// reader has delivered.
const CHUNK_BYTES: usize = 8 << 20;

/// Reads `n` elements' bytes, reverses each group of `swap` bytes (a file of
/// the other byte order), and checks each element. With `known`, the reader
/// was checked to hold them all (a file's length): the buffer is allocated
/// at once, zeroed by the allocator (fresh pages, no pass over them);
/// otherwise it grows by [`CHUNK_BYTES`] as the data arrives.
fn read_elements<T: CheckedBitPattern, Rd: Read + ?Sized>(
    reader: &mut Rd,
    n: usize,
    swap: Option<usize>,
    known: bool,
) -> Result<Vec<T>, NpyError> {
    const {
        assert!(
            size_of::<T>() == size_of::<T::Bits>() && align_of::<T>() == align_of::<T::Bits>(),
            "CheckedBitPattern::Bits must have the layout of the type"
        )
    };
    let size = size_of::<T>();
    let too_large = || NpyError::Layout(crate::error::LayoutError::TooLarge);
    let fill = |reader: &mut Rd, buf: &mut [u8], done: usize| {
        let got = read_up_to(reader, buf)?;
        if got < buf.len() {
            return Err(truncated("data", (n * size) as u64, (done + got) as u64));
        }
        if let Some(group) = swap {
            buf.chunks_exact_mut(group).for_each(<[u8]>::reverse);
        }
        Ok(())
    };
    let mut bits: Vec<T::Bits>;
    if known {
        bits = bytemuck::allocation::try_zeroed_vec(n).map_err(|()| too_large())?;
        let p = bits.as_mut_ptr().cast::<u8>();
        // The allocator zeroed every byte of the `n` elements (padding
        // too), so they are initialised and may be handed to `read` as bytes,
        // and any bytes are a valid `T::Bits` (`AnyBitPattern`).
        // SAFETY: as just said.
        let buf = unsafe { std::slice::from_raw_parts_mut(p, n * size) };
        fill(reader, buf, 0)?;
    } else {
        bits = Vec::new();
        let chunk = (CHUNK_BYTES / size).max(1);
        while bits.len() < n {
            let add = chunk.min(n - bits.len());
            bits.try_reserve_exact(add).map_err(|_| too_large())?;
            let at = bits.len();
            // The spare capacity holds at least `add` elements (reserved
            // above); zeroing its bytes makes each of them initialised
            // (padding bytes too), so they may be handed to `read` as a byte
            // slice, and any bytes are a valid `T::Bits` (`AnyBitPattern`).
            // SAFETY: as just said.
            let buf = unsafe {
                let p = bits.as_mut_ptr().add(at).cast::<u8>();
                std::ptr::write_bytes(p, 0, add * size);
                std::slice::from_raw_parts_mut(p, add * size)
            };
            fill(reader, buf, at * size)?;
            // The `add` elements after `at` were initialised above, and are
            // within the capacity.
            // SAFETY: as just said.
            unsafe { bits.set_len(at + add) };
        }
    }
    if let Some(index) = bits.iter().position(|b| !T::is_valid_bit_pattern(b)) {
        return Err(NpyError::InvalidElement {
            type_name: std::any::type_name::<T>(),
            index,
        });
    }
    let mut bits = std::mem::ManuallyDrop::new(bits);
    let (ptr, len, cap) = (bits.as_mut_ptr(), bits.len(), bits.capacity());
    // `T` has the layout of `T::Bits` (`CheckedBitPattern`'s contract, and
    // the size and alignment asserted above), so the allocation is one of
    // `cap` `T`s with the same alignment; each of the `len` elements is a
    // valid `T` (checked just above); `bits` is not dropped, so the
    // allocation has one owner.
    // SAFETY: as just said.
    Ok(unsafe { Vec::from_raw_parts(ptr.cast::<T>(), len, cap) })
}

/// Writes `view` as a `.npy` image (NumPy's `np.save` to a file object): the
/// header NumPy writes, byte for byte, then the elements. A C-contiguous view
/// is written in C order, an F-contiguous one in F order (with
/// `fortran_order: True`), each straight from memory; any other view is
/// written in C order through a C-ordered copy.
///
/// ```
/// use stride_core::{Array, io};
/// let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
/// let mut bytes = Vec::new();
/// io::write_npy(&mut bytes, a.t())?; // a.T is F-contiguous: no copy
/// assert_eq!(bytes.len(), 128 + 6 * 8);
/// assert_eq!(
///     String::from_utf8_lossy(&bytes[10..68]),
///     "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2), }"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_npy<T, const R: usize, O, W>(
    writer: &mut W,
    view: View<'_, T, R, O>,
) -> Result<(), NpyError>
where
    T: DType + NoUninit,
    O: OrderMarker,
    W: Write + ?Sized,
{
    bytes_of::<T>(view.size())?; // refuses a zero-sized `T`
    let (descr, sub) = element_dtype::<T>();
    let (fortran, copy);
    let elements: &[T] = if let Ok(c) = view.try_into_order::<C>() {
        fortran = false;
        c.as_contiguous_slice()
    } else if let Ok(f) = view.try_into_order::<F>()
        && sub.is_empty()
    {
        fortran = true;
        f.as_contiguous_slice()
    } else {
        fortran = false;
        copy = view.to_contiguous::<C>()?;
        copy.as_slice()
    };
    // An array element type's shape goes last, as NumPy keeps it.
    let shape: Vec<usize> = view.shape().iter().chain(&sub).copied().collect();
    writer.write_all(&format_header(&descr, fortran, &shape))?;
    writer.write_all(bytemuck::cast_slice(elements))?;
    Ok(())
}

/// The data of a `.npy` image in memory, as a zero-copy view (the bytes of a
/// file mapped or read by other means, or `include_bytes!`). The data must
/// start at a multiple of `T`'s alignment in memory ([`NpyError::Misaligned`]
/// otherwise: NumPy aligns it to 64 bytes in the file, so a buffer aligned to
/// `T` is enough); the view's marker `O` must be the file's order or one it
/// implies.
///
/// ```
/// use stride_core::{Array, F, View, io};
/// let a = Array::<u16, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as u16)?;
/// let mut bytes = Vec::new();
/// io::write_npy(&mut bytes, a.view())?;
/// let words: Vec<u64> = bytes // a buffer aligned to 8 bytes
///     .chunks(8)
///     .map(|c| { let mut w = [0; 8]; w[..c.len()].copy_from_slice(c); u64::from_ne_bytes(w) })
///     .collect();
/// let v: View<u16, 2> = io::view_npy(&bytemuck::cast_slice(&words)[..bytes.len()])?;
/// assert_eq!(v, a);
/// assert!(io::view_npy::<u16, 2, F>(&bytemuck::cast_slice(&words)[..bytes.len()]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn view_npy<T, const R: usize, O>(bytes: &[u8]) -> Result<View<'_, T, R, O>, NpyError>
where
    T: DType + AnyBitPattern,
    O: OrderMarker,
{
    let (header, data) = split(bytes)?;
    let (elements, layout) = elements::<T, R, O>(&header, data)?;
    Ok(View::from_slice(elements, layout)?)
}

/// [`view_npy`], mutable: writes go to `bytes`.
pub fn view_npy_mut<T, const R: usize, O>(
    bytes: &mut [u8],
) -> Result<ViewMut<'_, T, R, O>, NpyError>
where
    T: DType + Pod,
    O: OrderMarker,
{
    let (header, data) = split(bytes)?;
    let offset = bytes.len() - data.len();
    let (_, layout) = elements::<T, R, O>(&header, data)?;
    let n = layout.size();
    let data = &mut bytes[offset..offset + n * size_of::<T>()];
    let elements: &mut [T] =
        bytemuck::try_cast_slice_mut(data).map_err(|_| misaligned::<T>(offset))?;
    Ok(ViewMut::from_slice(elements, layout)?)
}

/// The header, and the bytes after it.
fn split(bytes: &[u8]) -> Result<(NpyHeader, &[u8]), NpyError> {
    let mut rest = bytes;
    let header = read_header(&mut rest)?;
    Ok((header, rest))
}

fn misaligned<T>(offset: usize) -> NpyError {
    NpyError::Misaligned {
        offset: offset as u64,
        align: align_of::<T>(),
    }
}

/// The elements the header describes at the start of `data`, and their
/// layout with marker `O`.
fn elements<'a, T: DType + AnyBitPattern, const R: usize, O: OrderMarker>(
    header: &NpyHeader,
    data: &'a [u8],
) -> Result<(&'a [T], Layout<R, O>), NpyError> {
    let layout = data_layout::<T, R, O>(header)?;
    let bytes = bytes_of::<T>(layout.size())?;
    if data.len() < bytes {
        return Err(truncated("data", bytes as u64, data.len() as u64));
    }
    let elements: &[T] = bytemuck::try_cast_slice(&data[..bytes])
        .map_err(|_| misaligned::<T>(header.data_offset() as usize))?;
    Ok((elements, layout))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path `load` takes (the length known): the allocator's zeroed
    /// buffer, filled at once, swapped and checked as the chunked path is.
    #[test]
    fn a_known_length_reads_into_one_zeroed_buffer() {
        let a = Array::<u16, 2>::from_fn([3, 5], |[i, j]| (256 * i + j) as u16).unwrap();
        let mut bytes = Vec::new();
        write_npy(&mut bytes, a.t()).unwrap();
        let len = Some(bytes.len() as u64);
        let b: Array<u16, 2> = read_npy_sized(&mut bytes.as_slice(), len).unwrap();
        assert_eq!(b, a.t());
        // Big-endian: the same numbers, each with its two bytes reversed.
        let mut be = bytes.clone();
        let at = be.windows(3).position(|w| w == b"<u2").unwrap();
        be[at] = b'>';
        for pair in be[128..].chunks_exact_mut(2) {
            pair.reverse();
        }
        let c: Array<u16, 2, F> = read_npy_sized(&mut be.as_slice(), len).unwrap();
        assert_eq!(c, a.t());
        // Booleans are checked.
        let flags = Array::<bool, 1>::from_vec([3], vec![true, false, true]).unwrap();
        let mut fb = Vec::new();
        write_npy(&mut fb, flags.view()).unwrap();
        *fb.last_mut().unwrap() = 7;
        let len = Some(fb.len() as u64);
        assert!(matches!(
            read_npy_sized::<bool, 1, C, _>(&mut fb.as_slice(), len),
            Err(NpyError::InvalidElement { index: 2, .. })
        ));
    }
}
