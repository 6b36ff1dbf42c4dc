//! The loop engine: one plan per call ([`Nest`]: axes sorted by stride, flipped,
//! merged, tiled when operands disagree on their fastest axis), and inner loops
//! over the runs it yields, with a contiguous fast path the compiler vectorises
//! and several accumulators for reductions. The library methods on views and
//! arrays (`sum`, `map`, `zip_with`, `assign`, `to_contiguous`, scans, operators)
//! run on it, so they visit memory in memory order whatever the layout.
//!
//! ```
//! use stride_core::Array;
//! let a = Array::<f64, 2>::from_fn([300, 200], |[i, j]| (i + 2 * j) as f64)?;
//! // A sum of the transposed view walks memory in memory order, not a.T's order.
//! assert_eq!(a.t().sum(), a.sum());
//! // A transposing copy runs in cache-sized tiles.
//! let t = a.t().to_owned()?; // C-ordered copy of a.T
//! assert_eq!(t[[7, 3]], a[[3, 7]]);
//! # Ok::<(), stride_core::LayoutError>(())
//! ```

mod arg;
mod arith;
#[cfg(target_arch = "x86_64")]
mod channels;
mod copy;
mod cpu;
mod dot;
mod elementwise;
mod join;
#[cfg(target_arch = "x86_64")]
mod lanes;
mod nan;
mod nest;
mod operand;
#[cfg(feature = "rayon")]
mod parallel;
mod reduce;
mod scan;
mod staging;
mod statics;
mod stats;
mod take;
mod total;
mod transpose;
mod zip;

pub use arith::Scalar;
pub(crate) use copy::{clone_plain, is_zero_bytes};
#[doc(hidden)]
pub use copy::{stream_fence, stream_min_run};
#[doc(hidden)]
pub use cpu::{takes_wide, to_boundary};
pub use dot::{DotRank, MatmulRank, VectorDot};
#[doc(hidden)]
pub use elementwise::{stream_run, streams};
pub use join::{concatenate, stack};
pub use nest::{Nest, Operands, Priority, Runs};
#[doc(hidden)]
pub use nest::{ROW_FOLD_BYTES, SMALL_BOX, folds_eight_rows};
pub use operand::{KernelRead, KernelWrite, OperandIndex, checked_extents, extent_source, extents};
#[doc(hidden)]
pub use reduce::extreme_of_unit_run;
#[cfg(target_arch = "x86_64")]
pub use reduce::has_avx;
pub use reduce::{Summable, dot_slices, sixteen_partials, sum_slice};
pub use scan::scan_rows;
#[doc(hidden)]
pub use staging::{Rows, StageSlot, Staged, run_start};
pub use statics::{
    Agree, AxisLen, Broadcasts, Consistent, Dyn, Fits, OutputFits, Static, agree, consistent, fits,
};
pub use take::Position;
#[doc(hidden)]
pub use transpose::probe as transpose_probe;
pub use zip::{IntoPart, Mut, Part, Shr, Zip};

/// The tile edge (elements) for a transposing loop over elements of
/// `size_of::<T>()` bytes: two 32 x 32 tiles of `f64` take 16 KiB, half of L1.
pub const fn tile_edge<T>() -> usize {
    if size_of::<T>() <= 2 { 64 } else { 32 }
}
