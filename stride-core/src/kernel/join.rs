//! Joining arrays: [`concatenate`] along an existing axis and [`stack`] along
//! a new one (NumPy's and ndarray's functions of those names). Each part is
//! copied once into its block of a new C-ordered array by the engine's copy,
//! in memory order for its layout (transposed parts by the tiled transposes).

use core::cell::OnceCell;

use super::copy::copy;
use super::elementwise::{pushed, unflatten};
use super::nest::Operands;
use crate::array::Array;
use crate::buffer::Buffer;
use crate::dims::normalize_axis;
use crate::error::LayoutError;
use crate::layout::Layout;
use crate::order::{C, OrderMarker};
use crate::rank::{Rank, RankAdd};
use crate::view::{View, packed_layout};

/// Joins `parts` along `axis` into a new C-ordered array (`np.concatenate`):
/// the parts' lengths along `axis` add up, and every other axis must agree. A
/// negative `axis` counts from the end, as in NumPy (`-1`: the last).
///
/// ```
/// use stride_core::{Array, LayoutError, concatenate};
/// let a = Array::<i32, 2>::from_fn([2, 2], |[i, j]| (2 * i + j) as i32)?; // [[0, 1], [2, 3]]
/// let b = Array::<i32, 2>::from_vec([1, 2], vec![4, 5])?;
/// let c = concatenate(0, &[a.view(), b.view()])?;
/// assert_eq!(c.as_slice(), &[0, 1, 2, 3, 4, 5]);
/// // Parts of other orders join as `Strided` views: b.T is F-ordered.
/// let d = concatenate(1, &[a.view().into_strided(), b.t().into_strided()])?; // [[0, 1, 4], [2, 3, 5]]
/// assert_eq!(d.as_slice(), &[0, 1, 4, 2, 3, 5]);
/// assert_eq!(concatenate(-1, &[a.view().into_strided(), b.t().into_strided()])?, d);
/// assert_eq!(
///     concatenate(1, &[a.view(), b.view()]).unwrap_err().to_string(),
///     "cannot join: along axis 0 the array at index 0 has length 2 and the array at index 1 has length 1"
/// );
/// # Ok::<(), LayoutError>(())
/// ```
pub fn concatenate<T: Clone, const R: usize, O: OrderMarker>(
    axis: isize,
    parts: &[View<'_, T, R, O>],
) -> Result<Array<T, R, C>, LayoutError> {
    let Some(first) = parts.first() else {
        return Err(LayoutError::NothingToJoin);
    };
    let axis = normalize_axis(axis, R)?;
    let mut shape = *first.shape();
    let mut total = 0usize;
    for (k, p) in parts.iter().enumerate() {
        check_agree(k, p.shape(), &shape, Some(axis))?;
        total = total
            .checked_add(p.shape()[axis])
            .ok_or(LayoutError::TooLarge)?;
    }
    shape[axis] = total;
    let out = packed_layout::<R, C>(shape)?;
    let n = out.size();
    if core::mem::needs_drop::<T>() {
        // Cloned in the output's order into a counting buffer, so that a
        // panicking `Clone` drops those already made (see `select`); each
        // element's part found by its start along `axis` (an empty part
        // starts where the next does, and is never the last that starts at
        // or before a position).
        let starts: Vec<usize> = parts
            .iter()
            .scan(0, |at, p| {
                let s = *at;
                *at += p.shape()[axis];
                Some(s)
            })
            .collect();
        let items = (0..n).map(|k| {
            let mut idx = unflatten(k, &shape, false);
            let part = starts.partition_point(|&s| s <= idx[axis]) - 1;
            idx[axis] -= starts[part];
            parts[part][idx].clone()
        });
        return Ok(Array::from_packed(out, pushed(n, items)?));
    }
    let mut data = Buffer::<T>::with_capacity(n)?;
    let dst = data.as_mut_ptr();
    let populated = OnceCell::new();
    let mut at = 0usize;
    for p in parts {
        let len = p.shape()[axis];
        if p.size() > 0 {
            // The block starts `at` rows into the output along `axis`: an
            // offset inside it (`at < total`, and the output's size fits).
            let start = at * out.strides()[axis].unsigned_abs();
            // The block of the packed C output that part `p` fills is `p`'s
            // shape at `start`, with the output's strides, so its offsets are
            // unique and below `n`, and no other part's block meets it (the
            // blocks follow each other along `axis`); `p`'s layout reaches
            // valid `T`s (the view's invariant) in memory the new buffer does
            // not share; the prefault hook only asks the OS for the buffer's
            // pages (`Buffer::prefault` touches no element).
            // SAFETY: as just said.
            unsafe {
                fill_block(
                    (dst, n, *out.strides(), start),
                    p.base_nonnull().as_ptr().cast_const(),
                    p.layout().strided(),
                    || *populated.get_or_init(|| data.prefault()),
                );
            }
        }
        at += len;
    }
    // The parts' blocks tile the output: their lengths along `axis` add up to
    // `total`, and every other axis is the output's, so each of the `n`
    // elements was written exactly once above.
    // SAFETY: as just said.
    unsafe { data.set_len(n) };
    Ok(Array::from_packed(out, data))
}

/// Joins `parts`, all of one shape, along a new axis at position `axis` of
/// the result (`np.stack`); a negative `axis` counts from the end of the
/// result's axes (`-1`: a new last axis).
///
/// ```
/// use stride_core::{Array, LayoutError, stack};
/// let a = Array::<f32, 1>::from_vec([3], vec![1.0, 2.0, 3.0])?;
/// let b = Array::<f32, 1>::from_vec([3], vec![4.0, 5.0, 6.0])?;
/// let rows = stack(0, &[a.view(), b.view()])?; // shape [2, 3]
/// let cols = stack(1, &[a.view(), b.view()])?; // shape [3, 2]
/// assert_eq!(rows.as_slice(), &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert_eq!(cols.as_slice(), &[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
/// assert_eq!(rows.t(), cols);
/// assert_eq!(stack(-1, &[a.view(), b.view()])?, cols);
/// # Ok::<(), LayoutError>(())
/// ```
pub fn stack<T: Clone, const R: usize, const Q: usize, O: OrderMarker>(
    axis: isize,
    parts: &[View<'_, T, R, O>],
) -> Result<Array<T, Q, C>, LayoutError>
where
    Rank<R>: RankAdd<Rank<1>, Output = Rank<Q>>,
{
    let Some(first) = parts.first() else {
        return Err(LayoutError::NothingToJoin);
    };
    let axis = normalize_axis(axis, Q)?;
    let shape = *first.shape();
    let mut grown = Vec::with_capacity(parts.len());
    for (k, p) in parts.iter().enumerate() {
        check_agree(k, p.shape(), &shape, None)?;
        grown.push((*p).insert_axis::<Q>(axis as isize)?);
    }
    // `axis < Q`, and `Q` is at most the largest rank, far below `isize::MAX`.
    concatenate(axis as isize, &grown)
}

/// Copies the elements `layout` reaches from `src` into the block of a fresh
/// packed output, given as `(dst, n, strides, start)`: an allocation of `n`
/// elements at `dst`, the output's strides, and the block's first element.
/// `prefault` may ask the OS for the whole allocation's pages first.
///
/// # Safety
/// The block (`layout`'s shape at `start` with the output's strides) lies
/// inside the allocation, its elements unwritten and nothing else writing
/// them during the call; every offset `layout` reaches from `src` addresses a
/// `T` valid for reads, in memory the output does not share; `prefault`
/// touches no element.
pub(super) unsafe fn fill_block<T: Clone, const R: usize>(
    (dst, n, strides, start): (*mut T, usize, [isize; R], usize),
    src: *const T,
    layout: Layout<R>,
    prefault: impl FnOnce() -> bool,
) {
    let ops = Operands {
        shape: *layout.shape(),
        strides: [strides, *layout.strides()],
        offsets: [start, layout.offset()],
    };
    // Operand 0 is the block, operand 1 the source, as the contract gives
    // them: a fresh output's elements apart from the input's.
    // SAFETY: as just said.
    unsafe { copy::<T, R, true>(dst, src, &ops, Some(n), prefault) }
}

/// Checks that `shape` (of part `part`) is `expected` on every axis but
/// `except`.
fn check_agree(
    part: usize,
    shape: &[usize],
    expected: &[usize],
    except: Option<usize>,
) -> Result<(), LayoutError> {
    for (axis, (&found, &want)) in shape.iter().zip(expected).enumerate() {
        if Some(axis) != except && found != want {
            return Err(LayoutError::JoinMismatch {
                part,
                axis,
                expected: want,
                found,
            });
        }
    }
    Ok(())
}
