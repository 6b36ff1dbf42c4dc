//! `.npz` archives (`np.savez`, `np.savez_compressed`, `np.load` of an
//! archive): named arrays, each a `.npy` image in a zip archive, through the
//! `zip` crate.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use bytemuck::{CheckedBitPattern, NoUninit};
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::error::NpyError;
use super::header::{NpyHeader, read_header};
use super::npy::{bytes_of, read_npy, write_npy};
use crate::array::Array;
use crate::order::OrderMarker;
use crate::record::DType;
use crate::view::View;

/// The suffix of every array's file in an archive (`np.savez` adds it; a key
/// of `np.load`'s archive leaves it out).
const SUFFIX: &str = ".npy";

/// Writes a `.npz` archive: [`add`](Self::add) each array under its name,
/// then [`finish`](Self::finish). An array named `x` is the archive's file
/// `x.npy`, as `np.savez(f, x=a)` writes it; its bytes are those
/// [`write_npy`] writes. [`new`](Self::new) stores the files as they are
/// (`np.savez`), [`compressed`](Self::compressed) deflates them
/// (`np.savez_compressed`).
///
/// ```
/// use stride_core::{Array, io::{NpzReader, NpzWriter}};
/// let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
/// let labels = Array::<i32, 1>::from_vec([2], vec![7, 9])?;
/// let mut w = NpzWriter::compressed(std::io::Cursor::new(Vec::new()));
/// w.add("weights", a.view())?;
/// w.add("labels", labels.view())?;
/// let bytes = w.finish()?.into_inner();
///
/// let mut r = NpzReader::new(std::io::Cursor::new(bytes))?;
/// assert_eq!(r.names(), ["weights", "labels"]);
/// let b: Array<f64, 2> = r.by_name("weights")?; // np.load(f)['weights']
/// assert_eq!(b, a);
/// # Ok::<(), stride_core::io::NpyError>(())
/// ```
pub struct NpzWriter<W: Write + Seek> {
    zip: ZipWriter<W>,
    options: SimpleFileOptions,
}

impl<W: Write + Seek> NpzWriter<W> {
    /// An archive of stored files, as `np.savez` writes.
    pub fn new(writer: W) -> Self {
        Self::with(writer, CompressionMethod::Stored)
    }

    /// An archive of deflated files, as `np.savez_compressed` writes.
    pub fn compressed(writer: W) -> Self {
        Self::with(writer, CompressionMethod::Deflated)
    }

    fn with(writer: W, method: CompressionMethod) -> Self {
        NpzWriter {
            zip: ZipWriter::new(writer),
            options: SimpleFileOptions::default().compression_method(method),
        }
    }

    /// Adds `view` as the array `name` (the file `name.npy`). A name already
    /// in the archive is refused ([`NpyError::Archive`]).
    pub fn add<T, const R: usize, O>(
        &mut self,
        name: &str,
        view: View<'_, T, R, O>,
    ) -> Result<(), NpyError>
    where
        T: DType + NoUninit,
        O: OrderMarker,
    {
        // ZIP64 records for a file that may pass 4 GiB: the data's bytes plus
        // at most a megabyte of header (the size is known: the view's).
        // (Checked first, so that a refused element type leaves no empty
        // file behind.)
        let bytes = bytes_of::<T>(view.size())? as u64;
        let large = bytes >= u64::from(u32::MAX) - (2 << 20);
        self.zip
            .start_file(format!("{name}{SUFFIX}"), self.options.large_file(large))?;
        write_npy(&mut self.zip, view)
    }

    /// Writes the archive's directory and gives the writer back.
    pub fn finish(self) -> Result<W, NpyError> {
        Ok(self.zip.finish()?)
    }
}

impl NpzWriter<BufWriter<File>> {
    /// An archive of stored files in a new file at `path` (`np.savez(path,
    /// …)`; unlike `np.savez`, nothing is added to the path).
    pub fn create(path: impl AsRef<Path>) -> Result<Self, NpyError> {
        Ok(Self::new(BufWriter::new(File::create(path)?)))
    }

    /// An archive of deflated files in a new file at `path`
    /// (`np.savez_compressed`).
    pub fn create_compressed(path: impl AsRef<Path>) -> Result<Self, NpyError> {
        Ok(Self::compressed(BufWriter::new(File::create(path)?)))
    }
}

/// Reads a `.npz` archive (`np.load` of one): the names of its arrays, and
/// each array by name, stored or deflated. An array is read as
/// [`read_npy`] reads a `.npy` image: the type, rank and order asked for are
/// checked against its header, and it is never trusted with more memory
/// than its file has delivered. See [`NpzWriter`] for an example.
pub struct NpzReader<R: Read + Seek> {
    zip: ZipArchive<R>,
}

impl<R: Read + Seek> NpzReader<R> {
    /// Opens the archive that `reader` holds (reading its directory).
    pub fn new(reader: R) -> Result<Self, NpyError> {
        Ok(NpzReader {
            zip: ZipArchive::new(reader)?,
        })
    }

    /// The arrays' names, in the archive's order, without the `.npy` of
    /// their files (the keys of NumPy's `np.load(f).files`).
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.strip_suffix(SUFFIX).unwrap_or(&n).to_owned())
            .collect()
    }

    /// The file of array `name`: `name` itself, else `name.npy` (NumPy's
    /// order of lookup).
    fn file(&mut self, name: &str) -> Result<zip::read::ZipFile<'_, R>, NpyError> {
        let with = format!("{name}{SUFFIX}");
        let found = if self.zip.index_for_name(name).is_some() {
            name.to_owned()
        } else if self.zip.index_for_name(&with).is_some() {
            with
        } else {
            return Err(NpyError::NoSuchArray {
                name: name.to_owned(),
                names: self.names(),
            });
        };
        Ok(self.zip.by_name(&found)?)
    }

    /// The `.npy` header of array `name`: its dtype, shape and order, read
    /// without its data (whose checksum is then not checked).
    pub fn header(&mut self, name: &str) -> Result<NpyHeader, NpyError> {
        read_header(&mut self.file(name)?)
    }

    /// Array `name`, read into an array of element type `T`, rank `R` and
    /// order marker `O` (`np.load(f)[name]`), as [`read_npy`] reads it. The
    /// file's checksum is checked: corrupt data is [`NpyError::Archive`], as
    /// NumPy's `BadZipFile`.
    pub fn by_name<T, const Q: usize, O>(&mut self, name: &str) -> Result<Array<T, Q, O>, NpyError>
    where
        T: DType + CheckedBitPattern,
        O: OrderMarker,
    {
        let mut file = self.file(name)?;
        let a = read_npy(&mut file)?;
        // The zip crate checks the CRC when the file's end is read, and
        // `read_npy` stops at the data's end: read to the end (the declared
        // size bounds what is left).
        std::io::copy(&mut file, &mut std::io::sink()).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => NpyError::Archive {
                message: e.to_string(),
            },
            _ => NpyError::Io(e),
        })?;
        Ok(a)
    }
}

impl NpzReader<BufReader<File>> {
    /// Opens the archive at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, NpyError> {
        Self::new(BufReader::new(File::open(path)?))
    }
}

impl From<ZipError> for NpyError {
    fn from(e: ZipError) -> Self {
        match e {
            ZipError::Io(e) => NpyError::Io(e),
            e => NpyError::Archive {
                message: e.to_string(),
            },
        }
    }
}
