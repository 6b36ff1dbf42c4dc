//! Files: NumPy's `.npy` format and memory-mapped arrays (seed 002's
//! `np.memmap`).
//!
//! - [`save`] / [`load`] (a path: NumPy's `np.save` and `np.load`, and
//!   ndarray-npy's `write_npy` and `read_npy`) and [`write_npy`] /
//!   [`read_npy`] (any writer and reader): an array to and from a `.npy`
//!   image, with the header `np.save` writes, byte for byte, and every header
//!   NumPy writes (versions 1.0 to 3.0, C and F order, scalars, structured
//!   records, headers up to [`MAX_HEADER_LEN`]) read back. Unlike `np.save`,
//!   [`save`] writes to the path as given, adding no `.npy`. A copy takes
//!   numbers of the other byte order (`>f8`) and swaps them.
//! - [`view_npy`] / [`view_npy_mut`]: a zero-copy view of a `.npy` image
//!   already in memory.
//! - [`NpzWriter`] / [`NpzReader`]: `.npz` archives of named arrays
//!   (`np.savez`, `np.savez_compressed`, `np.load` of an archive), through
//!   the `zip` crate.
//! - [`Memmap`] / [`MemmapMut`]: a `.npy` file or a raw file of elements
//!   mapped into memory and viewed in place (`np.load(mmap_mode=…)`,
//!   `np.memmap` with modes `'r'`, `'r+'`, `'w+'` and `'c'`).
//!
//! Element types are the [`DType`](crate::DType)s, with `bytemuck`'s
//! promises about their bytes: [`bytemuck::NoUninit`] to write (no padding),
//! [`bytemuck::CheckedBitPattern`] to read into an array (`bool` and `char`
//! are checked element by element), [`bytemuck::AnyBitPattern`] to view or
//! map read-only and [`bytemuck::Pod`] to map for writing. Numbers are the
//! integers, `f32`, `f64`, `bool` and the complex numbers of
//! [`num_complex`] (`complex64` and `complex128`). A
//! `#[derive(Record)]` struct takes `#[derive(bytemuck::Pod,
//! bytemuck::Zeroable)]` beside it, or `#[derive(bytemuck::NoUninit)]` when a
//! field takes only some bit patterns (seed 002's `U10` name, a `[char; 10]`):
//! such a record can be written but not read back, since `bytemuck` has no
//! `CheckedBitPattern` for arrays of `char`.
//!
//! Files are hostile input: a header is parsed by a bounded parser (no
//! `eval`), every length is overflow-checked, a shape is never trusted with
//! more memory than the file delivers, and every way a file can be wrong is
//! an [`NpyError`].

mod error;
mod header;
mod literal;
mod memmap;
mod npy;
mod npz;

pub use error::NpyError;
pub use header::{MAGIC, NpyHeader, read_header};
pub use memmap::{Memmap, MemmapMut};
pub use npy::{load, read_npy, save, view_npy, view_npy_mut, write_npy};
pub use npz::{NpzReader, NpzWriter};

/// The longest header the readers take, in bytes (1 MiB; NumPy's own
/// `max_header_size` is 10 000 characters unless the file is trusted).
pub const MAX_HEADER_LEN: usize = 1 << 20;
