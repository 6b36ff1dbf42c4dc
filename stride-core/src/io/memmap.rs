//! Memory-mapped arrays (NumPy's `np.memmap` and `np.load(mmap_mode=…)`):
//! a file's bytes mapped into memory and viewed in place, so that an array
//! larger than memory is read and written page by page as it is touched.
//!
//! Mapping a file is `unsafe`, as in `memmap2`: a `&[T]` into the map is only
//! sound while nothing else changes or shortens the file. Everything after the
//! mapping is checked: the header, the file's length, the data's alignment,
//! and the layout (overflow-checked), before any view is made.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::marker::PhantomData;
use std::path::Path;

use bytemuck::{AnyBitPattern, Pod};
use memmap2::{Mmap, MmapMut, MmapOptions};

use super::error::NpyError;
use super::header::{NpyHeader, element_dtype, format_header, read_header, truncated};
use super::npy::{bytes_of, data_layout};
use crate::error::LayoutError;
use crate::layout::Layout;
use crate::order::{C, ContiguousOrder, OrderMarker};
use crate::record::DType;
use crate::view::{View, ViewMut, packed_layout};

/// A read-only memory-mapped array (`np.memmap(path, mode='r')`,
/// `np.load(path, mmap_mode='r')`).
///
/// ```
/// use stride_core::{Array, io::{self, Memmap}};
/// let dir = std::env::temp_dir().join(format!("stride-doc-memmap-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("a.npy");
/// io::save(&path, Array::<f64, 2>::from_fn([3, 4], |[i, j]| (4 * i + j) as f64)?.view())?;
/// // SAFETY: nothing else writes to or shortens the file while `m` lives.
/// let m = unsafe { Memmap::<f64, 2>::open_npy(&path)? };
/// let v = m.view();
/// assert_eq!(v[[2, 3]], 11.0);
/// assert_eq!(v.t().shape(), &[4, 3]); // views of the map as of any memory
/// # drop(m);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Memmap<T, const R: usize, O: OrderMarker = C> {
    map: Mmap,
    at: Placed<R, O>,
    _elements: PhantomData<T>,
}

/// A memory-mapped array that can be written (`np.memmap` with modes `'w+'`,
/// `'r+'` and `'c'`; `np.lib.format.open_memmap`).
///
/// ```
/// use stride_core::io::{Memmap, MemmapMut};
/// let dir = std::env::temp_dir().join(format!("stride-doc-memmapmut-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("large_array.dat");
/// // np.memmap('large_array.dat', dtype='float64', mode='w+', shape=(1000000,))
/// // SAFETY: nothing else uses the file while the maps live.
/// let mut m = unsafe { MemmapMut::<f64, 1>::create(&path, [1_000_000])? };
/// m.view_mut().fill(1.5);
/// m.flush()?; // np.memmap.flush(): the pages are written back
/// drop(m);
/// assert_eq!(std::fs::metadata(&path)?.len(), 8_000_000);
/// // SAFETY: as above.
/// let r = unsafe { Memmap::<f64, 1>::open(&path, [1_000_000], 0)? };
/// assert_eq!(r.view().sum(), 1_500_000.0);
/// # drop(r);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct MemmapMut<T, const R: usize, O: OrderMarker = C> {
    map: MmapMut,
    at: Placed<R, O>,
    _elements: PhantomData<T>,
}

/// Where the elements lie in a map, checked against it.
#[derive(Clone, Copy, Debug)]
struct Placed<const R: usize, O: OrderMarker> {
    start: usize,
    bytes: usize,
    layout: Layout<R, O>,
}

/// Why the views of a map cannot fail.
const CHECKED: &str = "the layout was checked against the map";

impl<const R: usize, O: OrderMarker> Placed<R, O> {
    /// The elements of `map` as a view.
    fn view<'m, T: AnyBitPattern>(&self, map: &'m [u8]) -> View<'m, T, R, O> {
        let data = &map[self.start..self.start + self.bytes];
        // `place` checked that these bytes are inside the map and aligned for
        // `T`, and that they hold exactly the layout's packed elements.
        let elements: &[T] = bytemuck::cast_slice(data);
        View::from_slice(elements, self.layout).expect(CHECKED)
    }
}

/// Checks that `layout`'s packed elements of `T` from byte `start` lie inside
/// `map` and are aligned for `T`.
fn place<T, const R: usize, O: OrderMarker>(
    map: &[u8],
    start: u64,
    layout: Layout<R, O>,
) -> Result<Placed<R, O>, NpyError> {
    let bytes = bytes_of::<T>(layout.size())?;
    if start > map.len() as u64 {
        return Err(NpyError::OffsetPastEnd {
            offset: start,
            len: map.len() as u64,
        });
    }
    let fits = start
        .checked_add(bytes as u64)
        .is_some_and(|end| end <= map.len() as u64);
    if !fits {
        // NumPy: "mmap length is greater than file size".
        return Err(truncated(
            "data",
            bytes as u64,
            (map.len() as u64).saturating_sub(start),
        ));
    }
    // `start + bytes <= map.len()`, so `start` fits in `usize`.
    let start = start as usize;
    if !(map.as_ptr() as usize)
        .wrapping_add(start)
        .is_multiple_of(align_of::<T>())
    {
        return Err(NpyError::Misaligned {
            offset: start as u64,
            align: align_of::<T>(),
        });
    }
    Ok(Placed {
        start,
        bytes,
        layout,
    })
}

/// The header of the `.npy` file behind `file`, checked against `T` and `R`,
/// and the data's layout with marker `O`.
fn npy_layout<T: DType, const R: usize, O: OrderMarker>(
    file: &mut File,
) -> Result<(NpyHeader, Layout<R, O>), NpyError> {
    let header = read_header(&mut std::io::BufReader::new(&mut *file))?;
    let layout = data_layout::<T, R, O>(&header)?;
    Ok((header, layout))
}

impl<T: DType + AnyBitPattern, const R: usize, O: OrderMarker> Memmap<T, R, O> {
    /// Maps a `.npy` file read-only (`np.load(path, mmap_mode='r')`). The
    /// header must name `T`'s dtype, `R` axes and an order `O` accepts.
    ///
    /// # Safety
    ///
    /// While the map lives, nothing (another process, or another handle or
    /// map in this one) may write to the file or shorten it: the views hand
    /// out `&T`s into it, which must not change, and a shortened file makes
    /// reads fault.
    pub unsafe fn open_npy(path: impl AsRef<Path>) -> Result<Self, NpyError> {
        let mut file = File::open(path)?;
        let (header, layout) = npy_layout::<T, R, O>(&mut file)?;
        // The caller promises that the file does not change while
        // the map lives.
        // SAFETY: as just said.
        let map = unsafe { Mmap::map(&file)? };
        Self::placed(map, header.data_offset(), layout)
    }

    fn placed(map: Mmap, start: u64, layout: Layout<R, O>) -> Result<Self, NpyError> {
        let at = place::<T, R, O>(&map, start, layout)?;
        Ok(Memmap {
            map,
            at,
            _elements: PhantomData,
        })
    }

    /// A read-only view of the elements.
    pub fn view(&self) -> View<'_, T, R, O> {
        self.at.view(&self.map)
    }

    /// The shape.
    pub fn shape(&self) -> &[usize; R] {
        self.at.layout.shape()
    }
}

impl<T: DType + AnyBitPattern, const R: usize, O: ContiguousOrder> Memmap<T, R, O> {
    /// Maps `shape` elements of `T`, packed in `O`'s order from byte `offset`
    /// of a raw file, read-only (`np.memmap(path, dtype, mode='r', offset,
    /// shape, order)`). The file must be long enough.
    ///
    /// # Safety
    ///
    /// As for [`open_npy`](Self::open_npy).
    pub unsafe fn open(
        path: impl AsRef<Path>,
        shape: [usize; R],
        offset: u64,
    ) -> Result<Self, NpyError> {
        let file = File::open(path)?;
        let layout = packed_layout::<R, O>(shape)?;
        // The caller promises that the file does not change while
        // the map lives.
        // SAFETY: as just said.
        let map = unsafe { Mmap::map(&file)? };
        Self::placed(map, offset, layout)
    }
}

/// The number of `T`s from byte `offset` to the end of `file` (NumPy's
/// memmap without a shape).
fn elements_to_end<T>(file: &File, offset: u64) -> Result<usize, NpyError> {
    let len = file.metadata()?.len();
    let bytes = len
        .checked_sub(offset)
        .ok_or(NpyError::OffsetPastEnd { offset, len })?;
    let size = bytes_of::<T>(1)? as u64;
    if !bytes.is_multiple_of(size) {
        return Err(NpyError::PartialElement {
            bytes,
            size: size as usize,
        });
    }
    usize::try_from(bytes / size).map_err(|_| NpyError::Layout(LayoutError::TooLarge))
}

impl<T: DType + AnyBitPattern> Memmap<T, 1> {
    /// Maps the elements of a raw file from byte `offset` to its end,
    /// read-only, as many as there are (`np.memmap(path, dtype, mode='r',
    /// offset)` without a shape). The bytes after `offset` must be a whole
    /// number of elements.
    ///
    /// # Safety
    ///
    /// As for [`open_npy`](Self::open_npy).
    pub unsafe fn open_to_end(path: impl AsRef<Path>, offset: u64) -> Result<Self, NpyError> {
        let n = elements_to_end::<T>(&File::open(path.as_ref())?, offset)?;
        // SAFETY: the caller's promise, passed on.
        unsafe { Self::open(path, [n], offset) }
    }
}

impl<T: DType + Pod> MemmapMut<T, 1> {
    /// Maps the elements of a raw file from byte `offset` to its end for
    /// reading and writing (`np.memmap(path, dtype, mode='r+', offset)`
    /// without a shape).
    ///
    /// # Safety
    ///
    /// As for [`open_npy`](Self::open_npy).
    pub unsafe fn open_to_end(path: impl AsRef<Path>, offset: u64) -> Result<Self, NpyError> {
        let n = elements_to_end::<T>(&File::open(path.as_ref())?, offset)?;
        // SAFETY: the caller's promise, passed on.
        unsafe { Self::open(path, [n], offset) }
    }
}

impl<T: DType + Pod, const R: usize, O: OrderMarker> MemmapMut<T, R, O> {
    /// Maps a `.npy` file for reading and writing (`np.load(path,
    /// mmap_mode='r+')`): writes through the views reach the file.
    ///
    /// # Safety
    ///
    /// While the map lives, nothing else (another process, or another handle
    /// or map in this one) may read, write or shorten the file's mapped
    /// bytes: the views hand out `&mut T`s into them.
    pub unsafe fn open_npy(path: impl AsRef<Path>) -> Result<Self, NpyError> {
        let mut file = OpenOptions::new().read(true).write(true).open(path)?;
        let (header, layout) = npy_layout::<T, R, O>(&mut file)?;
        // The caller promises that nothing else uses the file while
        // the map lives.
        // SAFETY: as just said.
        let map = unsafe { MmapMut::map_mut(&file)? };
        Self::placed(map, header.data_offset(), layout)
    }

    /// Maps a `.npy` file copy-on-write (`np.load(path, mmap_mode='c')`):
    /// writes change the map's pages and never reach the file.
    ///
    /// # Safety
    ///
    /// As for [`Memmap::open_npy`]: nothing may write to or shorten the file
    /// while the map lives (pages not yet written would show the change).
    pub unsafe fn copy_on_write_npy(path: impl AsRef<Path>) -> Result<Self, NpyError> {
        let mut file = File::open(path)?;
        let (header, layout) = npy_layout::<T, R, O>(&mut file)?;
        // The caller promises that the file does not change while
        // the map lives.
        // SAFETY: as just said.
        let map = unsafe { MmapOptions::new().map_copy(&file)? };
        Self::placed(map, header.data_offset(), layout)
    }

    fn placed(map: MmapMut, start: u64, layout: Layout<R, O>) -> Result<Self, NpyError> {
        let at = place::<T, R, O>(&map, start, layout)?;
        Ok(MemmapMut {
            map,
            at,
            _elements: PhantomData,
        })
    }

    /// A read-only view of the elements.
    pub fn view(&self) -> View<'_, T, R, O> {
        self.at.view(&self.map)
    }

    /// A mutable view of the elements.
    pub fn view_mut(&mut self) -> ViewMut<'_, T, R, O> {
        let data = &mut self.map[self.at.start..self.at.start + self.at.bytes];
        // As in `view`.
        let elements: &mut [T] = bytemuck::cast_slice_mut(data);
        ViewMut::from_slice(elements, self.at.layout).expect(CHECKED)
    }

    /// The shape.
    pub fn shape(&self) -> &[usize; R] {
        self.at.layout.shape()
    }

    /// Writes the changed pages back to the file and waits for it
    /// (`np.memmap.flush()`; a no-op for a copy-on-write map's file).
    pub fn flush(&self) -> Result<(), NpyError> {
        Ok(self.map.flush()?)
    }
}

impl<T: DType + Pod, const R: usize, O: ContiguousOrder> MemmapMut<T, R, O> {
    /// Creates (or truncates) a raw file of `shape` zeroed elements of `T`
    /// and maps it for reading and writing (`np.memmap(path, dtype,
    /// mode='w+', shape=shape, order)`).
    ///
    /// # Safety
    ///
    /// As for [`open_npy`](Self::open_npy).
    pub unsafe fn create(path: impl AsRef<Path>, shape: [usize; R]) -> Result<Self, NpyError> {
        let layout = packed_layout::<R, O>(shape)?;
        let bytes = bytes_of::<T>(layout.size())?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        file.set_len(bytes as u64)?;
        // The caller promises that nothing else uses the file while
        // the map lives.
        // SAFETY: as just said.
        let map = unsafe { MmapMut::map_mut(&file)? };
        Self::placed(map, 0, layout)
    }

    /// Maps `shape` elements of `T` packed in `O`'s order from byte `offset`
    /// of a raw file, for reading and writing (`np.memmap(path, dtype,
    /// mode='r+', offset, shape, order)`). As NumPy does, a file too short
    /// for them is lengthened with zeros.
    ///
    /// # Safety
    ///
    /// As for [`open_npy`](Self::open_npy).
    pub unsafe fn open(
        path: impl AsRef<Path>,
        shape: [usize; R],
        offset: u64,
    ) -> Result<Self, NpyError> {
        let layout = packed_layout::<R, O>(shape)?;
        let bytes = bytes_of::<T>(layout.size())?;
        let end = offset
            .checked_add(bytes as u64)
            .ok_or(NpyError::Layout(LayoutError::TooLarge))?;
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        if file.metadata()?.len() < end {
            file.set_len(end)?;
        }
        // The caller promises that nothing else uses the file while
        // the map lives.
        // SAFETY: as just said.
        let map = unsafe { MmapMut::map_mut(&file)? };
        Self::placed(map, offset, layout)
    }

    /// Maps `shape` elements of `T` from byte `offset` of a raw file
    /// copy-on-write (`np.memmap(path, dtype, mode='c', …)`).
    ///
    /// # Safety
    ///
    /// As for [`copy_on_write_npy`](Self::copy_on_write_npy).
    pub unsafe fn copy_on_write(
        path: impl AsRef<Path>,
        shape: [usize; R],
        offset: u64,
    ) -> Result<Self, NpyError> {
        let layout = packed_layout::<R, O>(shape)?;
        let file = File::open(path)?;
        // The caller promises that the file does not change while
        // the map lives.
        // SAFETY: as just said.
        let map = unsafe { MmapOptions::new().map_copy(&file)? };
        Self::placed(map, offset, layout)
    }

    /// Creates (or truncates) a `.npy` file for `shape` zeroed elements of
    /// `T` in `O`'s order and maps it for reading and writing
    /// (`np.lib.format.open_memmap(path, mode='w+', dtype, shape,
    /// fortran_order)`). The header is the one `np.save` writes.
    ///
    /// # Safety
    ///
    /// As for [`open_npy`](Self::open_npy).
    pub unsafe fn create_npy(path: impl AsRef<Path>, shape: [usize; R]) -> Result<Self, NpyError> {
        let layout = packed_layout::<R, O>(shape)?;
        let bytes = bytes_of::<T>(layout.size())?;
        let (descr, sub) = element_dtype::<T>();
        let fortran = O::ORDER == crate::Order::F;
        if fortran && !sub.is_empty() {
            // NumPy keeps an element's axes last, in C order.
            return Err(NpyError::ElementShape {
                type_name: std::any::type_name::<T>(),
                element: sub,
                shape: shape.to_vec(),
            });
        }
        let full: Vec<usize> = shape.iter().chain(&sub).copied().collect();
        let header = format_header(&descr, fortran, &full);
        let end = (header.len() as u64)
            .checked_add(bytes as u64)
            .ok_or(NpyError::Layout(LayoutError::TooLarge))?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        file.write_all(&header)?;
        file.set_len(end)?;
        // The caller promises that nothing else uses the file while
        // the map lives.
        // SAFETY: as just said.
        let map = unsafe { MmapMut::map_mut(&file)? };
        Self::placed(map, header.len() as u64, layout)
    }
}
