//! Elementwise operations in memory order: `map` (into a new array),
//! `map_inplace`, `zip_with` (two operands, broadcast, into a new array or a given
//! output), `assign` (any layout into any layout: see the `copy` module),
//! `fill` and the contiguous copies.

use core::mem::MaybeUninit;

use super::copy::{copy_run, has_stream_stores, is_plain, stream_fence, stream_min_run};
use super::cpu::wide_run;
use super::nest::{Nest, Operands, Priority, SMALL_BOX, packed_run, small_runs};
use super::staging::{StageSlot, run_start};
use super::tile_edge;
use crate::array::Array;
use crate::buffer::Buffer;
use crate::error::LayoutError;
use crate::order::{C, Contiguity, ContiguousOrder, Kept, OrderMarker};
use crate::rank::{KeptMax, Rank, RankMax};
use crate::view::{Mutability, Unique, View, ViewBase, packed_layout};

/// Writes `f(src[k])` into `dst[k]` for a run of `len` elements.
///
/// # Safety
/// For every `k < len`, `dst + k * sd` must be valid for writes of a `U` that
/// nothing else reads or writes meanwhile, and `src + k * ss` a valid `T` for
/// reads; the two runs may not overlap.
#[inline]
pub(super) unsafe fn map_run<T, U>(
    dst: *mut U,
    sd: isize,
    src: *const T,
    ss: isize,
    len: usize,
    f: &mut impl FnMut(&T) -> U,
) {
    if sd == 1 {
        // A contiguous output run of `len` elements apart from the input
        // (the caller's promise): a slice of `MaybeUninit`s to write.
        // SAFETY: as just said.
        let d = unsafe { core::slice::from_raw_parts_mut(dst.cast::<MaybeUninit<U>>(), len) };
        if ss == 1 {
            // A contiguous input run of `len` valid elements: both as
            // slices, a loop the compiler vectorises.
            // SAFETY: as just said.
            let s = unsafe { core::slice::from_raw_parts(src, len) };
            wide_run(len * size_of::<U>(), dst, len, f, move |f, r| {
                for (d, s) in d[r.clone()].iter_mut().zip(&s[r]) {
                    d.write(f(s));
                }
            });
        } else {
            for (k, d) in d.iter_mut().enumerate() {
                // SAFETY: k < len: a valid input element.
                d.write(f(unsafe { &*src.offset(k as isize * ss) }));
            }
        }
    } else {
        for k in 0..len as isize {
            // SAFETY: k < len: both elements valid (the caller's promise).
            unsafe { dst.offset(k * sd).write(f(&*src.offset(k * ss))) };
        }
    }
}

/// Given outputs of this many bytes and more, of plain numbers, are written
/// with non-temporal stores (through [`stream_run`]): larger than the
/// last-level cache, so the stores' lines would not be read back from it, and
/// writing them without first reading them saves a quarter of the traffic of
/// `out = a + b` (measured 7% faster side by side, `out = a + b.T` 2-4%).
/// Fresh outputs are not streamed (see [`zip_nest`]). Under Miri, from 4 KiB,
/// so that its small tests walk the streamed runs.
pub(super) const STREAM_OUT_BYTES: usize = if cfg!(miri) { 4 << 10 } else { 32 << 20 };

/// Whether a given elementwise output of `n` elements of `U` streams: `U`
/// plain, `n` of them at least [`STREAM_OUT_BYTES`]. For the library's loops
/// and the `kernel!` expansion: not an API.
#[doc(hidden)]
pub fn streams<U>(n: usize) -> bool {
    // Without the CPU's non-temporal stores streaming would only add a copy
    // through the chunk; under Miri (which has none) the chunks still run.
    is_plain::<U>()
        && n.saturating_mul(size_of::<U>()) >= STREAM_OUT_BYTES
        && (cfg!(miri) || has_stream_stores())
}

/// Bytes of the L1 buffer a streamed run is computed into.
const CHUNK_BYTES: usize = 4096;

/// A chunk of a streamed run, aligned for any plain element and for vectors.
#[repr(C, align(64))]
struct Chunk([MaybeUninit<u8>; CHUNK_BYTES]);

/// Writes a unit-stride output run of `len` plain elements with non-temporal
/// stores: `fill(buf, k0, n)` writes elements `k0..k0 + n` of the run into
/// `buf[0..n]` (at most a chunk: uninitialised memory), which are then
/// streamed to `dst + k0`. The caller issues the closing
/// [`stream_fence`](super::copy::stream_fence). For the library's loops and the
/// `kernel!` expansion: not an API.
///
/// # Safety
/// `U` is plain (see [`streams`]); `dst` is valid for writes of `len`
/// elements that nothing else reads or writes meanwhile; `fill` writes the `n`
/// elements it is asked for.
#[doc(hidden)]
#[inline(always)]
pub unsafe fn stream_run<U>(dst: *mut U, len: usize, mut fill: impl FnMut(*mut U, usize, usize)) {
    let mut buf = Chunk([MaybeUninit::uninit(); CHUNK_BYTES]);
    let b = buf.0.as_mut_ptr().cast::<U>();
    // A plain `U` is 1 to 16 bytes: a chunk holds at least 256.
    let per = CHUNK_BYTES / size_of::<U>();
    let mut k = 0;
    while k < len {
        let n = per.min(len - k);
        fill(b, k, n);
        // `fill` wrote the chunk's `n` elements; `dst + k` has `n`
        // elements left to write (the caller's promise), apart from the chunk.
        // SAFETY: as just said.
        unsafe { copy_run(dst.add(k), b, n, true) };
        k += n;
    }
}

/// Stores `v` at `d`: a plain write into fresh memory (`FRESH`), else an
/// assignment that drops the old value.
///
/// # Safety
/// `d` is valid for writes; unless `FRESH`, it holds a valid `U`.
#[inline(always)]
unsafe fn store<U, const FRESH: bool>(d: *mut U, v: U) {
    if FRESH {
        // SAFETY: valid for writes (the caller's promise).
        unsafe { d.write(v) }
    } else {
        // SAFETY: a valid `U` to replace (the caller's promise).
        unsafe { *d = v }
    }
}

/// Stores `f(a[k], b[k])` into `dst[k]` for a run, as [`map_run`] with two
/// inputs: unit and broadcast (stride 0) inputs into a unit-stride output as
/// indexed loops the compiler vectorises, any strides otherwise. Never inlined:
/// behind a call the optimiser knows the stores alias neither the closure nor
/// the caller's locals (inlined into the nest's closure, it reloaded them after
/// every store and did not vectorise). With `stream` (a plain `U`, see
/// [`streams`]), a unit-stride output run is written with non-temporal stores,
/// through [`stream_run`], whose chunks (`chunk`: a run of a streamed output,
/// from memory) keep the SSE2 loops: there the AVX2 build of `wide_run` measured
/// 6-10% slower (`out = a + b` of 4096² `f64` into a given output, 40 calls
/// alternating with `kernel!`'s, which streams through its own loop: 11.0-12.6
/// ms against 10.5-11.6 median, level without it).
///
/// # Safety
/// As [`map_run`], for both inputs, except that an input run may be the
/// output run itself (the same first element, both of stride 1: an input
/// staged through the output) when it holds valid elements of the input's
/// type: every arm reads a position's inputs before it writes the output
/// there. Unless `FRESH` (or the output run is an input's), every output
/// element holds a valid `U`.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn zip_run<A, B, U, const FRESH: bool>(
    dst: *mut U,
    sd: isize,
    a: *const A,
    sa: isize,
    b: *const B,
    sb: isize,
    len: usize,
    f: &mut impl FnMut(&A, &B) -> U,
    stream: bool,
    chunk: bool,
) {
    if stream && sd == 1 && len >= stream_min_run::<U>() {
        // The caller's promise, for the run and `stream`; each chunk is this
        // function over `n` elements from `k0`, into fresh memory.
        // SAFETY: as just said.
        unsafe {
            stream_run(dst, len, |buf, k0, n| {
                let k0 = k0 as isize;
                let (a, b) = (a.offset(k0 * sa), b.offset(k0 * sb));
                zip_run::<A, B, U, true>(buf, 1, a, sa, b, sb, n, f, false, true)
            })
        };
        return;
    }
    // An input run that is the output run itself (staged through the output,
    // see `Nest::staged`): read through the output's pointer, so that the
    // compiler sees one pointer and vectorises without an overlap check
    // (which two equal pointers would fail). Never for a zero-sized output,
    // whose pointer may share an input's address without holding its bytes.
    let sized = size_of::<U>() != 0;
    if sized && sd == 1 && sb == 1 && core::ptr::addr_eq(b, dst) {
        // The run's elements are valid `B`s at the output's addresses (the
        // caller's promise), each read before it is written.
        // SAFETY: as just said.
        unsafe { zip_run_into_output::<A, B, U, FRESH>(dst, a, sa, len, f) };
        return;
    }
    if sized && sd == 1 && sa == 1 && core::ptr::addr_eq(a, dst) {
        // SAFETY: as above, for `a`.
        unsafe { zip_run_into_output::<B, A, U, FRESH>(dst, b, sb, len, &mut |y, x| f(x, y)) };
        return;
    }
    let wide_bytes = if chunk { 0 } else { len * size_of::<U>() };
    // In each arm, `k < len` indexes elements of the runs (the caller's
    // promise); a stride of 0 (broadcast) is one element.
    // SAFETY: as just said.
    unsafe {
        match (sd, sa, sb) {
            (1, 1, 1) => wide_run(wide_bytes, dst, len, f, move |f, r| {
                for k in r {
                    store::<U, FRESH>(dst.add(k), f(&*a.add(k), &*b.add(k)));
                }
            }),
            (1, 0, 1) => {
                let x = &*a;
                wide_run(wide_bytes, dst, len, f, move |f, r| {
                    for k in r {
                        store::<U, FRESH>(dst.add(k), f(x, &*b.add(k)));
                    }
                });
            }
            (1, 1, 0) => {
                let y = &*b;
                wide_run(wide_bytes, dst, len, f, move |f, r| {
                    for k in r {
                        store::<U, FRESH>(dst.add(k), f(&*a.add(k), y));
                    }
                });
            }
            _ => {
                for k in 0..len as isize {
                    store::<U, FRESH>(
                        dst.offset(k * sd),
                        f(&*a.offset(k * sa), &*b.offset(k * sb)),
                    );
                }
            }
        }
    }
}

/// `dst[k] = f(x[k], dst[k] as B)` for a run whose second input is the output
/// run itself (an input staged through the output): the input is read through
/// the output's pointer, each element before it is written (for an output
/// run that is the first input's, the caller swaps the arguments of `f`).
///
/// # Safety
/// For every `k < len`, `dst + k` holds a valid `B` this call alone reads and
/// then writes (as a `U`, of the same size), and `x + k * sx` is a valid `X`
/// outside the output run.
#[inline(always)]
unsafe fn zip_run_into_output<X, B, U, const FRESH: bool>(
    dst: *mut U,
    x: *const X,
    sx: isize,
    len: usize,
    f: &mut impl FnMut(&X, &B) -> U,
) {
    let y = dst.cast::<B>().cast_const();
    // Each `&B` is dead before the store to its element: the store of a fresh
    // output is a plain write; a given output's element holds a `B` whose bits
    // are a valid `U` (the caller's promise).
    // `k < len` indexes elements of both runs (the caller's promise),
    // each read before it is stored, as just said.
    // SAFETY: as just said.
    unsafe {
        match sx {
            1 => wide_run(len * size_of::<U>(), dst, len, f, move |f, r| {
                for k in r {
                    let v = f(&*x.add(k), &*y.add(k));
                    store::<U, FRESH>(dst.add(k), v);
                }
            }),
            0 => {
                let x = &*x;
                wide_run(len * size_of::<U>(), dst, len, f, move |f, r| {
                    for k in r {
                        let v = f(x, &*y.add(k));
                        store::<U, FRESH>(dst.add(k), v);
                    }
                });
            }
            _ => {
                for k in 0..len {
                    let v = f(&*x.offset(k as isize * sx), &*y.add(k));
                    store::<U, FRESH>(dst.add(k), v);
                }
            }
        }
    }
}

/// `dst[k] = f(&a[k], &b[k])` for a short run (a box of at most
/// [`SMALL_BOX`] elements, see [`small_runs`]), stepping each pointer: inlined,
/// without [`zip_run`]'s cases. With `FRESH` the output is written without
/// dropping.
///
/// # Safety
/// As [`zip_run`], without an input run that is the output's.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn zip_small<A, B, U, const FRESH: bool>(
    mut dst: *mut U,
    sd: isize,
    mut a: *const A,
    sa: isize,
    mut b: *const B,
    sb: isize,
    len: usize,
    f: &mut impl FnMut(&A, &B) -> U,
) {
    for _ in 0..len {
        // Elements of the runs (the caller's promise); the pointers
        // step past the last one without being read there.
        // SAFETY: as just said.
        unsafe {
            let v = f(&*a, &*b);
            if FRESH {
                dst.write(v);
            } else {
                *dst = v;
            }
        }
        dst = dst.wrapping_offset(sd);
        a = a.wrapping_offset(sa);
        b = b.wrapping_offset(sb);
    }
}

/// [`zip_small`] over every run of `ops`' box, without a plan (see
/// [`small_runs`]).
///
/// # Safety
/// As [`zip_nest`], for the offsets `ops` reaches from `dst`, `pa` and `pb`.
unsafe fn zip_unplanned<A, B, U, const FRESH: bool, const R: usize>(
    ops: &Operands<3, R>,
    dst: *mut U,
    pa: *const A,
    pb: *const B,
    f: &mut impl FnMut(&A, &B) -> U,
) {
    small_runs(ops, |off, len, st| {
        // SAFETY: the caller's promise, for this run's offsets and strides.
        unsafe {
            zip_small::<A, B, U, FRESH>(
                dst.offset(off[0]),
                st[0],
                pa.offset(off[1]),
                st[1],
                pb.offset(off[2]),
                st[2],
                len,
                f,
            )
        }
    });
}

/// `dst[k] = f(&dst[k], &src[k])` for a short run (see [`zip_small`]).
///
/// # Safety
/// As [`update_run`].
#[inline(always)]
pub(super) unsafe fn update_small<T, B>(
    mut dst: *mut T,
    sd: isize,
    mut src: *const B,
    ss: isize,
    len: usize,
    f: &mut impl FnMut(&T, &B) -> T,
) {
    for _ in 0..len {
        // Elements of the runs (the caller's promise); the pointers
        // step past the last one without being read there.
        // SAFETY: as just said.
        unsafe { *dst = f(&*dst, &*src) };
        dst = dst.wrapping_offset(sd);
        src = src.wrapping_offset(ss);
    }
}

/// `dst[k] = f(&dst[k], &src[k])` for a run (the in-place binary operations and
/// `assign`), with the unit-stride and broadcast-source cases as loops the
/// compiler vectorises. Never inlined, as [`zip_run`].
///
/// # Safety
/// For every `k < len`, `dst + k * sd` is a valid `T` nothing else reads or
/// writes meanwhile, and `src + k * ss` a valid `B` outside the output run.
#[inline(never)]
pub(super) unsafe fn update_run<T, B>(
    dst: *mut T,
    sd: isize,
    src: *const B,
    ss: isize,
    len: usize,
    f: &mut impl FnMut(&T, &B) -> T,
) {
    // SAFETY: `k < len` indexes elements of the runs (the caller's promise).
    unsafe {
        match (sd, ss) {
            (1, 1) => wide_run(len * size_of::<T>(), dst, len, f, move |f, r| {
                for k in r {
                    let d = dst.add(k);
                    *d = f(&*d, &*src.add(k));
                }
            }),
            (1, 0) => {
                let y = &*src;
                wide_run(len * size_of::<T>(), dst, len, f, move |f, r| {
                    for k in r {
                        let d = dst.add(k);
                        *d = f(&*d, y);
                    }
                });
            }
            _ => {
                for k in 0..len as isize {
                    let d = dst.offset(k * sd);
                    *d = f(&*d, &*src.offset(k * ss));
                }
            }
        }
    }
}

/// The strides and offset of `layout` broadcast to `shape` (NumPy's rule): its
/// own when it has that shape already (a length-1 axis keeps its stride, never
/// stepped), without the broadcast's second validation (whose result, read back
/// at once, stalled a small copy on a store to load forward: 24 against 10 ns
/// for a 4x4 `assign`).
fn seen_as<const Q: usize, const R: usize, P: OrderMarker>(
    layout: &crate::Layout<Q, P>,
    shape: &[usize; R],
) -> Result<([isize; R], usize), LayoutError> {
    if let (Ok(own), Ok(strides)) = (
        <&[usize; R]>::try_from(&layout.shape()[..]),
        <[isize; R]>::try_from(&layout.strides()[..]),
    ) && own == shape
    {
        return Ok((strides, layout.offset()));
    }
    let b = layout.broadcast_to(*shape)?;
    Ok((*b.strides(), b.offset()))
}

/// The length of one run over `N` views of one shape `[usize; R]` that are
/// all packed in C order, or all in F: from each view's first element, its
/// elements in the same order. `None` otherwise (another shape or rank).
fn packed_together<const N: usize, const R: usize>(
    shapes: [&[usize]; N],
    strides: [&[isize]; N],
    offsets: [usize; N],
) -> Option<usize> {
    let shape = <[usize; R]>::try_from(shapes[0]).ok()?;
    if shapes.iter().any(|s| *s != shape) {
        return None;
    }
    let mut st = [[0isize; R]; N];
    for (s, from) in st.iter_mut().zip(strides) {
        *s = <[isize; R]>::try_from(from).ok()?;
    }
    let ops = Operands {
        shape,
        strides: st,
        offsets,
    };
    packed_run(&ops)
}

/// Runs the planned nest of `[out, a, b]` through [`zip_run`]: a transposed
/// input (contiguous along the tile's other loop) staged through a transposed
/// scratch tile when it is a plain number, so that every operand is read with
/// unit stride. `whole` is the size of the whole output the nest is a block
/// of (`None`: the nest's own), which decides whether the stores stream.
///
/// # Safety
/// As [`zip_run`] for every run of the nest: the offsets the nest gives are
/// ones each operand's layout reaches from its base pointer, the output's
/// distinct, exclusive and apart from the inputs'; unless `FRESH`, they hold
/// valid `U`s.
unsafe fn zip_nest<A, B, U, const FRESH: bool, const R: usize>(
    nest: &Nest<3, R>,
    dst: *mut U,
    pa: *const A,
    pb: *const B,
    f: &mut impl FnMut(&A, &B) -> U,
    whole: Option<usize>,
) {
    // The output may serve as the scratch of a transposed input (made from
    // its own element type and base pointer): `zip_run` reads each position's
    // inputs before it writes the output there, and reads the output's
    // elements only as the staged input's.
    let out = if FRESH {
        StageSlot::new_output(dst.cast::<MaybeUninit<U>>())
    } else {
        StageSlot::output(dst)
    };
    let inputs = [Some(out), Some(StageSlot::of(pa)), Some(StageSlot::of(pb))];
    // The inputs' offsets are the nest's, valid for reads; the output's are
    // distinct, exclusive, apart from theirs and valid `U`s unless `FRESH`
    // (the caller's promise); `zip_run` reads each position's staged element,
    // once, before writing the output's there.
    // SAFETY: `Nest::staged`'s contract, met as just said.
    let rows = unsafe { nest.rows(inputs) };
    // A fresh output is not streamed: its pages are faulted in (zeroed, in
    // cache) as the loop reaches them, and the ordinary stores then hit the
    // zeroed lines (streaming measured 1.4x slower for `b = a * 2`). Nor is
    // an output that holds the staged input's rows: they are in cache.
    let stream = !FRESH && !rows.fills_output() && streams::<U>(whole.unwrap_or(nest.size()));
    for (off, len, st, staged) in rows {
        // A staged row holds `len` valid elements of its input's type, in the
        // scratch or in the output run itself (then at its first element,
        // stride 1, as `zip_run` allows; the rest of the output holds valid
        // `U`s, or is fresh).
        // The offsets and strides are the nest's (the caller's
        // promise); staged rows as just said.
        // SAFETY: as just said.
        unsafe {
            zip_run::<_, _, _, FRESH>(
                dst.offset(off[0]),
                st[0],
                run_start(staged, 1, pa, off[1]),
                st[1],
                run_start(staged, 2, pb, off[2]),
                st[2],
                len,
                f,
                stream,
                false,
            )
        };
    }
    if stream {
        stream_fence();
    }
}

/// The size (bytes of the input) from which [`ViewBase::map`] stages a
/// transposed input of elements wider than 2 bytes through the scratch tiles
/// (1- and 2-byte elements always are). Measured on the Intel VM (a probe,
/// `a.view().permute([1, 0]).map(..)` staged against the plain tiles in one
/// process, alternating, medians of 11-201, two runs): `u8` 0.34-0.54x of the
/// plain tiles' time and `u16` 0.43-0.85x at 128-2048 a side; `f32`
/// 0.85-0.88x at 128-256, 0.97-1.07x at 512, 1.28-1.30x at 724-1000 (2-4
/// MiB), 0.64-0.88x at 1448-2048; `f64` 1.16-1.81x at 128-724 (where the
/// plain tiles' strided reads hit the caches), 0.99-1.02x at 1000 (8 MB),
/// 0.84-0.96x at 1448-2048.
const MAP_STAGED_FROM: usize = 6 << 20;

impl<'a, T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'a, T, R, O, M> {
    /// A new array of `f(x)` for each element taken by value (ndarray's
    /// `mapv`): [`map`](Self::map) for `Copy` elements.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<f64, 2>::from_fn([2, 2], |[i, j]| (2 * i + j) as f64)?;
    /// let b = a.t().mapv(|x| x * 10.0)?;
    /// assert_eq!(b[[1, 0]], 10.0);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    #[inline]
    pub fn mapv<U>(&self, mut f: impl FnMut(T) -> U) -> Result<Array<U, R, Kept<O>>, LayoutError>
    where
        T: Copy,
    {
        self.map(move |&x| f(x))
    }

    /// A new array of `f(x)` for each element (`b = f(a)`: a copy), in the
    /// order the view's type keeps ([`Kept`]: F for an F or column-major view,
    /// C otherwise, as NumPy's `order='K'`), written in the output's memory
    /// order, tile by tile where the view is transposed against it or holds
    /// interleaved channels that the output holds as planes (or back), whose
    /// tiles are read through a scratch (the order of the calls of `f` is
    /// not specified). Results that need dropping (`String`, `Vec`, boxes)
    /// are made in the output's memory order instead, so that a panic in `f`
    /// drops those already made.
    ///
    /// ```
    /// use stride_core::{Array, F, Strided};
    /// let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as i32)?;
    /// // a.T is F-ordered: so is 2 * a.T, read and written in one order.
    /// let doubled_t: Array<i32, 2, F> = a.t().map(|&x| 2 * x)?;
    /// assert_eq!(doubled_t.as_slice(), &[0, 2, 4, 6, 8, 10]);
    /// assert_eq!(doubled_t[[2, 1]], 10);
    /// // A strided view (here a.T with its rows reversed) gives a C array.
    /// let flipped: Array<i32, 2> = a.t().flip(0)?.map(|&x| 2 * x)?;
    /// assert_eq!(flipped.as_slice(), &[4, 10, 2, 8, 0, 6]);
    /// # let _: Option<Strided> = None;
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    #[inline]
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> Result<Array<U, R, Kept<O>>, LayoutError> {
        let shape = *self.shape();
        let out = packed_layout::<R, Kept<O>>(shape)?;
        if core::mem::needs_drop::<U>() {
            let f_order = is_f::<Kept<O>>();
            let data = pushed(out.size(), in_order(self.view_shared(), f_order).map(f))?;
            return Ok(Array::from_packed(out, data));
        }
        let out_strides = *out.strides();
        let n = crate::dims::size(&shape);
        let mut data = Buffer::<U>::with_capacity(n)?;
        let dst = data.as_mut_ptr();
        let src = self.base_nonnull().as_ptr().cast_const();
        let ops = Operands {
            shape,
            strides: [out_strides, *self.strides()],
            offsets: [0, self.layout().offset()],
        };
        // A view typed C or F is packed in that order, the output's (`Kept`):
        // no test (nonempty: an empty view's offset may lie past its buffer).
        let packed = if matches!(O::CONTIGUITY, Contiguity::C | Contiguity::F) {
            (n > 0).then_some(n)
        } else {
            packed_run(&ops)
        };
        if let Some(len) = packed {
            // The input packed in the output's order: one run (as below).
            // As below, for the `len` (= `n`, at least one: checked
            // above, or see `dense`) elements of each.
            // SAFETY: as just said.
            unsafe { map_run(dst, 1, src.add(ops.offsets[1]), 1, len, &mut f) };
            // SAFETY: every one of the `n` elements was written exactly once.
            unsafe { data.set_len(n) };
            return Ok(Array::from_packed(out, data));
        }
        let nest = Nest::plan(&ops, Priority::Operand(0), tile_edge::<T>());
        // Interleaved channels read a channel at a time (an HWC image mapped
        // into CHW planes, or back) are staged through a scratch tile, and so
        // is a transposed input of 1- or 2-byte elements, or of
        // `MAP_STAGED_FROM` bytes or more: read with unit stride.
        let stage = nest.tiling().is_none()
            || size_of::<T>() <= 2
            || n.saturating_mul(size_of::<T>()) >= MAP_STAGED_FROM;
        // SAFETY: input offsets: ones its layout reaches, only read.
        let staged = stage.then(|| unsafe { nest.staged([None, Some(StageSlot::of(src))]) });
        if let Some(rows) = staged.flatten() {
            for (off, len, st, row) in rows {
                // Output offsets: a packed layout of `n` elements,
                // each once, in the fresh allocation of capacity `n`; a staged
                // row of `len` of the input's elements, with stride 1.
                // SAFETY: as just said.
                unsafe { map_run(dst.offset(off[0]), st[0], row.cast::<T>(), 1, len, &mut f) };
            }
        } else {
            // (The nest's own walk, not its iterator: faster over the short
            // runs of tiles.)
            nest.runs(|off, len, st| {
                // Output offsets: a packed layout of `n` elements,
                // each once, in the fresh allocation of capacity `n`; input
                // offsets: ones its layout reaches; the two buffers are
                // distinct.
                // SAFETY: as just said.
                unsafe {
                    map_run(
                        dst.offset(off[0]),
                        st[0],
                        src.offset(off[1]),
                        st[1],
                        len,
                        &mut f,
                    )
                };
            });
        }
        // SAFETY: every one of the `n` elements was written exactly once above.
        unsafe { data.set_len(n) };
        Ok(Array::from_packed(out, data))
    }

    /// A new array of `f(a, b)` for each pair of elements of this view and
    /// `other`, broadcast together by NumPy's rule (the lower rank gains
    /// leading axes of length 1), as the operators are: of the larger rank, in
    /// the order the higher-ranked operand keeps (both, at equal ranks: F when
    /// both keep F, C otherwise; see [`RankMax`](crate::RankMax)). As for the
    /// operators, `other`'s rank is its own, not inferred from this view's: an
    /// operand whose rank was left to inference (a layout from
    /// `DynLayout::to_layout`) needs it stated.
    ///
    /// ```
    /// use stride_core::Array;
    /// let col = Array::<f64, 2>::from_vec([3, 1], vec![1.0, 2.0, 3.0])?;
    /// let row = Array::<f64, 2>::from_vec([1, 4], vec![10.0, 20.0, 30.0, 40.0])?;
    /// let outer = col.view().zip_with(&row.view(), |a, b| a * b)?; // col * row
    /// assert_eq!(outer.shape(), &[3, 4]);
    /// assert_eq!(outer[[2, 3]], 120.0);
    ///
    /// // Ranks 2 and 1: the row is added to each row of the matrix.
    /// let flat = Array::<f64, 1>::from_vec([4], vec![1.0, 2.0, 3.0, 4.0])?;
    /// let shifted = outer.view().zip_with(&flat.view(), |a, b| a + b)?;
    /// assert_eq!(shifted.shape(), &[3, 4]);
    /// assert_eq!(shifted[[2, 3]], 124.0);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn zip_with<B, U, const Q: usize, const N: usize, P, M2>(
        &self,
        other: &ViewBase<'_, B, Q, P, M2>,
        f: impl FnMut(&T, &B) -> U,
    ) -> Result<Array<U, N, KeptMax<R, Q, O, P>>, LayoutError>
    where
        P: OrderMarker,
        M2: Mutability,
        Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
    {
        self.zip_ranks(other, f)
    }

    /// [`zip_with`](Self::zip_with) for operands of any two ranks, broadcast
    /// together to rank `N` (NumPy's rule: the lower rank gains leading axes of
    /// length 1), into a new array contiguous in `Q`'s order. `N` must be the
    /// larger rank.
    pub(crate) fn zip_ranks<B, U, const S: usize, const N: usize, P, M2, Q>(
        &self,
        other: &ViewBase<'_, B, S, P, M2>,
        f: impl FnMut(&T, &B) -> U,
    ) -> Result<Array<U, N, Q>, LayoutError>
    where
        P: OrderMarker,
        M2: Mutability,
        Q: ContiguousOrder,
    {
        let shape = crate::layout::broadcast_shapes::<N>(&[self.shape(), other.shape()])?;
        let a = self.view_shared().broadcast_to(shape)?;
        let b = other.view_shared().broadcast_to(shape)?;
        a.zip_with_in::<_, _, _, _, Q>(&b, f)
    }

    /// [`zip_with`](Self::zip_with) into a new array contiguous in `Q`'s order.
    pub(crate) fn zip_with_in<B, U, P: OrderMarker, M2: Mutability, Q: ContiguousOrder>(
        &self,
        other: &ViewBase<'_, B, R, P, M2>,
        mut f: impl FnMut(&T, &B) -> U,
    ) -> Result<Array<U, R, Q>, LayoutError> {
        let shape = crate::layout::broadcast_shapes::<R>(&[self.shape(), other.shape()])?;
        let out = packed_layout::<R, Q>(shape)?;
        if core::mem::needs_drop::<U>() {
            // As `map` (see `pushed`), over both broadcast views in one order.
            let a = self.view_shared().broadcast_to(shape)?;
            let b = other.view_shared().broadcast_to(shape)?;
            let f_order = is_f::<Q>();
            let items = in_order(a, f_order).zip(in_order(b, f_order));
            let data = pushed(out.size(), items.map(|(x, y)| f(x, y)))?;
            return Ok(Array::from_packed(out, data));
        }
        let out_strides = *out.strides();
        let n = crate::dims::size(&shape);
        let mut data = Buffer::<U>::with_capacity(n)?;
        let dst = data.as_mut_ptr();
        let pa = self.base_nonnull().as_ptr().cast_const();
        let pb = other.base_nonnull().as_ptr().cast_const();
        // Both inputs of the output's shape, packed in its order: one run.
        if let Some(len) = packed_together::<3, R>(
            [&shape, self.shape(), other.shape()],
            [&out_strides, self.strides(), other.strides()],
            [0, self.layout().offset(), other.layout().offset()],
        ) {
            // As below, for the `len` (= `n`, at least one: see
            // `dense`) elements of each, in one order (`packed_together`).
            // SAFETY: as just said.
            unsafe {
                zip_run::<_, _, _, true>(
                    dst,
                    1,
                    pa.add(self.layout().offset()),
                    1,
                    pb.add(other.layout().offset()),
                    1,
                    len,
                    &mut f,
                    false,
                    false,
                )
            };
            // SAFETY: every one of the `n` elements was written exactly once.
            unsafe { data.set_len(n) };
            return Ok(Array::from_packed(out, data));
        }
        let (sa, oa) = seen_as(self.layout(), &shape)?;
        let (sb, ob) = seen_as(other.layout(), &shape)?;
        let ops = Operands {
            shape,
            strides: [out_strides, sa, sb],
            offsets: [0, oa, ob],
        };
        if n <= SMALL_BOX {
            // Output offsets: a packed layout of `n` elements, each once, in
            // the fresh allocation of capacity `n`; input offsets: ones their
            // (broadcast) layouts reach.
            // SAFETY: `zip_unplanned`'s contract holds, as just said.
            unsafe { zip_unplanned::<_, _, _, true, R>(&ops, dst, pa, pb, &mut f) };
            // SAFETY: every one of the `n` elements was written exactly once.
            unsafe { data.set_len(n) };
            return Ok(Array::from_packed(out, data));
        }
        let nest = Nest::plan(&ops, Priority::Operand(0), tile_edge::<T>());
        // As in `map`; a broadcast layout reaches only offsets of the
        // layout it was made from.
        // SAFETY: as just said.
        unsafe { zip_nest::<_, _, _, true, R>(&nest, dst, pa, pb, &mut f, None) };
        // SAFETY: every one of the `n` elements was written exactly once above.
        unsafe { data.set_len(n) };
        Ok(Array::from_packed(out, data))
    }

    /// Copies into a new array contiguous in `P`'s order: `to_contiguous::<C>()`
    /// is `np.ascontiguousarray`, `to_contiguous::<F>()` is `np.asfortranarray`.
    ///
    /// The copy runs in the output's memory order: a transposing copy of plain
    /// numbers in register blocks, a copy whose layouts agree as byte copies,
    /// and outputs of 8 MiB and more with non-temporal stores.
    ///
    /// ```
    /// use stride_core::{Array, F};
    /// let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64)?;
    /// let f = a.view().to_contiguous::<F>()?; // np.asfortranarray(a)
    /// assert_eq!(f.as_slice(), &[0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    /// assert_eq!(f[[1, 2]], 5.0);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn to_contiguous<P: ContiguousOrder>(&self) -> Result<Array<T, R, P>, LayoutError>
    where
        T: Clone,
    {
        let shape = *self.shape();
        let out = crate::view::packed_layout::<R, P>(shape)?;
        if core::mem::needs_drop::<T>() {
            let items = in_order(self.view_shared(), is_f::<P>()).cloned();
            return Ok(Array::from_packed(out, pushed(out.size(), items)?));
        }
        let n = out.size();
        let mut data = Buffer::<T>::with_capacity(n)?;
        let ops = Operands {
            shape,
            strides: [*out.strides(), *self.strides()],
            offsets: [0, self.layout().offset()],
        };
        // The output layout is a packed C or F layout of `n` elements: unique,
        // inside the fresh allocation of capacity `n`; the input offsets are
        // ones its layout reaches, in another buffer; the prefault hook reads
        // the buffer's fields and touches no element.
        // SAFETY: as just said.
        unsafe {
            super::copy::copy::<T, R, true>(
                data.as_mut_ptr(),
                self.base_nonnull().as_ptr().cast_const(),
                &ops,
                None,
                || data.prefault(),
            );
            // Every one of the `n` elements was written exactly once above.
            data.set_len(n);
        }
        Ok(Array::from_packed(out, data))
    }

    /// Copies the elements into a new C-ordered array (NumPy's `copy()`), as
    /// [`to_contiguous`](Self::to_contiguous).
    pub fn to_owned(&self) -> Result<Array<T, R, C>, LayoutError>
    where
        T: Clone,
    {
        self.to_contiguous()
    }

    /// A read-only view of the same elements, for a borrow of `self`.
    pub(crate) fn view_shared(&self) -> View<'_, T, R, O> {
        // SAFETY: shared reads, for a borrow of `self`, of what `self` may read.
        unsafe { View::from_raw_parts(self.base_nonnull(), self.buffer_len(), *self.layout()) }
    }
}

impl<'a, T, const R: usize, O: OrderMarker> ViewBase<'a, T, R, O, Unique> {
    /// The runs of this mutable view in its memory order (see
    /// [`own_runs_at`](ViewBase::own_runs_at)), each from its first element's
    /// pointer.
    fn own_runs(&mut self, mut run: impl FnMut(*mut T, usize, isize)) {
        let base = self.base_nonnull().as_ptr();
        self.own_runs_at(|off, len, st| {
            // SAFETY: an offset the layout reaches: inside the buffer.
            run(unsafe { base.offset(off) }, len, st)
        });
    }

    /// Sets every element to `f` of its value, in place (ndarray's
    /// `mapv_inplace`): [`map_inplace`](Self::map_inplace) for `Copy`
    /// elements.
    ///
    /// ```
    /// use stride_core::Array;
    /// let mut a = Array::<f64, 1>::from_vec([3], vec![1.0, 4.0, 9.0])?;
    /// a.view_mut().mapv_inplace(f64::sqrt);
    /// assert_eq!(a.as_slice(), &[1.0, 2.0, 3.0]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    #[inline]
    pub fn mapv_inplace(&mut self, mut f: impl FnMut(T) -> T)
    where
        T: Copy,
    {
        self.map_inplace(move |x| *x = f(*x));
    }

    /// Applies `f` to every element in place (`y *= 2`), in memory order: no
    /// allocation, contiguous runs as slices.
    ///
    /// ```
    /// use stride_core::{Array, Slice};
    /// let mut a = Array::<i32, 2>::from_fn([2, 4], |[i, j]| (4 * i + j) as i32)?;
    /// a.view_mut().slice_axis(1, Slice::step_by(2))?.map_inplace(|x| *x *= 10);
    /// assert_eq!(a.as_slice(), &[0, 1, 20, 3, 40, 5, 60, 7]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn map_inplace(&mut self, mut f: impl FnMut(&mut T)) {
        self.own_runs(|p, len, st| {
            if st == 1 {
                // A contiguous run of elements this view holds
                // exclusively, each reached once.
                // SAFETY: as just said.
                let run = unsafe { core::slice::from_raw_parts_mut(p, len) };
                wide_run(len * size_of::<T>(), p, len, &mut f, move |f, r| {
                    run[r].iter_mut().for_each(&mut *f)
                });
            } else {
                for k in 0..len as isize {
                    // SAFETY: k < len: an element of the run, reached once.
                    f(unsafe { &mut *p.offset(k * st) });
                }
            }
        });
    }

    /// Sets every element to `value` (`y[:] = value`).
    pub fn fill(&mut self, value: T)
    where
        T: Clone,
    {
        self.map_inplace(|x| *x = value.clone());
    }

    /// Copies `src` into this view, broadcasting it to this view's shape first
    /// (NumPy's `y[:] = x`). Any layout into any layout, in this view's memory
    /// order, as [`to_contiguous`](Self::to_contiguous): a transpose of plain
    /// numbers in register blocks, and 8 MiB and more with non-temporal stores.
    ///
    /// ```
    /// use stride_core::{Array, LayoutError, Slice};
    /// let x = Array::<f64, 2>::from_fn([100, 10], |[i, j]| (i * 10 + j) as f64)?;
    /// let mut y = Array::<f64, 2>::zeros([5, 10])?;
    /// y.view_mut().assign(&x.slice([Slice::range(0, 5), Slice::FULL])?)?;
    /// assert_eq!(y[[4, 9]], 49.0);
    /// // y[:] = x[0]: one row broadcast to every row.
    /// y.view_mut().assign(&x.index_axis(0, 0)?)?;
    /// assert_eq!(y[[3, 7]], 7.0);
    /// // Shapes that do not broadcast are an error, not a panic.
    /// let three = Array::<f64, 1>::zeros([3])?;
    /// assert_eq!(
    ///     y.view_mut().assign(&three.view()),
    ///     Err(LayoutError::BroadcastMismatch { axis: 0, len: 3, target: 10 })
    /// );
    /// # Ok::<(), LayoutError>(())
    /// ```
    pub fn assign<const Q: usize, P: OrderMarker, M2: Mutability>(
        &mut self,
        src: &ViewBase<'_, T, Q, P, M2>,
    ) -> Result<(), LayoutError>
    where
        T: Clone,
    {
        self.assign_block(src, None)
    }

    /// [`assign`](Self::assign) as one block of a copy of `whole` elements
    /// (`None`: the whole copy), which decides whether the stores stream.
    pub(crate) fn assign_block<const Q: usize, P: OrderMarker, M2: Mutability>(
        &mut self,
        src: &ViewBase<'_, T, Q, P, M2>,
        whole: Option<usize>,
    ) -> Result<(), LayoutError>
    where
        T: Clone,
    {
        let (st, off) = seen_as(src.layout(), self.shape())?;
        let ops = Operands {
            shape: *self.shape(),
            strides: [*self.strides(), st],
            offsets: [self.layout().offset(), off],
        };
        // Destination offsets: once each, of this unique view held
        // exclusively, each a valid `T`; source offsets: ones its (broadcast)
        // layout reaches; `&mut self` and `&src` cannot share memory.
        // SAFETY: as just said.
        unsafe {
            super::copy::copy::<T, R, false>(
                self.base_nonnull().as_ptr(),
                src.base_nonnull().as_ptr().cast_const(),
                &ops,
                whole,
                || false,
            )
        };
        Ok(())
    }

    /// Writes `f(self[i], src[i])` into every element, `src` broadcast to this
    /// view's shape: the in-place binary operation behind `a += &b`.
    pub fn zip_assign<B, const Q: usize, P: OrderMarker, M2: Mutability>(
        &mut self,
        src: &ViewBase<'_, B, Q, P, M2>,
        mut f: impl FnMut(&T, &B) -> T,
    ) -> Result<(), LayoutError> {
        let (st, off) = seen_as(src.layout(), self.shape())?;
        let ops = Operands {
            shape: *self.shape(),
            strides: [*self.strides(), st],
            offsets: [self.layout().offset(), off],
        };
        let dst = self.base_nonnull().as_ptr();
        let ps = src.base_nonnull().as_ptr().cast_const();
        if self.size() <= SMALL_BOX {
            small_runs(&ops, |off, len, st| {
                // SAFETY: as below, unstaged.
                unsafe {
                    update_small(
                        dst.offset(off[0]),
                        st[0],
                        ps.offset(off[1]),
                        st[1],
                        len,
                        &mut f,
                    )
                }
            });
            return Ok(());
        }
        let nest = Nest::plan(&ops, Priority::Operand(0), tile_edge::<T>());
        // Destination offsets: once each, of this unique view held
        // exclusively; source offsets: ones its layout reaches; `&mut self`
        // and `&src` cannot share memory.
        // SAFETY: as just said.
        let rows = unsafe { nest.rows([None, Some(StageSlot::of(ps))]) };
        for (off, len, st, staged) in rows {
            let src = run_start(staged, 1, ps, off[1]);
            // SAFETY: as above; a staged row holds `len` valid elements.
            unsafe { update_run(dst.offset(off[0]), st[0], src, st[1], len, &mut f) };
        }
        Ok(())
    }

    /// Writes `f(a[i], b[i])` into every element, `a` and `b` broadcast to this
    /// view's shape (NumPy's `np.add(a, b, out=y)`): no temporary.
    ///
    /// If `f` panics, the output's elements are valid values but otherwise
    /// unspecified: some are written, and a large output may hold a transposed
    /// input's elements (bit for bit) where it was to be written next.
    pub fn zip_with_into<A, B, const QA: usize, const QB: usize, PA, PB, MA, MB>(
        &mut self,
        a: &ViewBase<'_, A, QA, PA, MA>,
        b: &ViewBase<'_, B, QB, PB, MB>,
        f: impl FnMut(&A, &B) -> T,
    ) -> Result<(), LayoutError>
    where
        PA: OrderMarker,
        PB: OrderMarker,
        MA: Mutability,
        MB: Mutability,
    {
        self.zip_block(a, b, f, None)
    }

    /// [`zip_with_into`](Self::zip_with_into) as one block of an output of
    /// `whole` elements (`None`: the whole output), which decides whether the
    /// stores stream.
    pub(crate) fn zip_block<A, B, const QA: usize, const QB: usize, PA, PB, MA, MB>(
        &mut self,
        a: &ViewBase<'_, A, QA, PA, MA>,
        b: &ViewBase<'_, B, QB, PB, MB>,
        mut f: impl FnMut(&A, &B) -> T,
        whole: Option<usize>,
    ) -> Result<(), LayoutError>
    where
        PA: OrderMarker,
        PB: OrderMarker,
        MA: Mutability,
        MB: Mutability,
    {
        let dst = self.base_nonnull().as_ptr();
        let (pa, pb) = (
            a.base_nonnull().as_ptr().cast_const(),
            b.base_nonnull().as_ptr().cast_const(),
        );
        // The three of one shape and packed in one order (the common case, and
        // most of the cost of a small call was the general path's set-up):
        // one run from each first element.
        if let Some(len) = packed_together::<3, R>(
            [self.shape(), a.shape(), b.shape()],
            [self.strides(), a.strides(), b.strides()],
            [
                self.layout().offset(),
                a.layout().offset(),
                b.layout().offset(),
            ],
        ) {
            let stream = streams::<T>(whole.unwrap_or(len));
            // `len` elements (at least one: see `dense`) from each view's
            // first, unit stride, are its elements in one order (all packed
            // alike, see `packed_together`).
            // As just said; the output's are held exclusively, apart
            // from the inputs' (a unique borrow against shared ones), valid
            // `T`s replaced one by one.
            // SAFETY: as just said.
            unsafe {
                zip_run::<_, _, _, false>(
                    dst.add(self.layout().offset()),
                    1,
                    pa.add(a.layout().offset()),
                    1,
                    pb.add(b.layout().offset()),
                    1,
                    len,
                    &mut f,
                    stream,
                    false,
                )
            };
            if stream {
                stream_fence();
            }
            return Ok(());
        }
        let (sa, oa) = seen_as(a.layout(), self.shape())?;
        let (sb, ob) = seen_as(b.layout(), self.shape())?;
        let ops = Operands {
            shape: *self.shape(),
            strides: [*self.strides(), sa, sb],
            offsets: [self.layout().offset(), oa, ob],
        };
        if self.size() <= SMALL_BOX {
            // Offsets each (broadcast) layout reaches, the output's held
            // exclusively, distinct and apart from the inputs' (a unique
            // borrow against shared ones), valid `T`s replaced one by one.
            // SAFETY: `zip_unplanned`'s contract holds, as just said.
            unsafe { zip_unplanned::<_, _, _, false, R>(&ops, dst, pa, pb, &mut f) };
            return Ok(());
        }
        let nest = Nest::plan(&ops, Priority::Operand(0), tile_edge::<T>());
        // As in `zip_assign`; the output's old values are valid `T`s,
        // replaced (and dropped) one by one.
        // SAFETY: as just said.
        unsafe { zip_nest::<_, _, _, false, R>(&nest, dst, pa, pb, &mut f, whole) };
        Ok(())
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// Applies `f` to every element in place (`a *= 2`): no allocation.
    pub fn map_inplace(&mut self, f: impl FnMut(&mut T)) {
        self.view_mut().map_inplace(f);
    }

    /// Sets every element to `value`.
    pub fn fill(&mut self, value: T)
    where
        T: Clone,
    {
        self.view_mut().fill(value);
    }

    /// Sets every element to `f` of its value, in place (see
    /// [`ViewBase::mapv_inplace`]).
    pub fn mapv_inplace(&mut self, f: impl FnMut(T) -> T)
    where
        T: Copy,
    {
        self.view_mut().mapv_inplace(f);
    }

    /// A new array of `f(x)` for each element taken by value (see
    /// [`ViewBase::mapv`]).
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<u8, 1>::from_vec([3], vec![1, 2, 250])?;
    /// assert_eq!(a.mapv(|x| x as u16 * 2)?.as_slice(), &[2, 4, 500]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn mapv<U>(&self, f: impl FnMut(T) -> U) -> Result<Array<U, R, Kept<O>>, LayoutError>
    where
        T: Copy,
    {
        self.view().mapv(f)
    }

    /// A new array of `f(x)` for each element (`b = a * 2`: a copy), in this
    /// array's order (see [`ViewBase::map`]).
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Result<Array<U, R, Kept<O>>, LayoutError> {
        self.view().map(f)
    }

    /// A new array of `f(a, b)` over this array and `other`, broadcast together
    /// (see [`ViewBase::zip_with`]).
    pub fn zip_with<B, U, const Q: usize, const N: usize, P, M2>(
        &self,
        other: &ViewBase<'_, B, Q, P, M2>,
        f: impl FnMut(&T, &B) -> U,
    ) -> Result<Array<U, N, KeptMax<R, Q, O, P>>, LayoutError>
    where
        P: OrderMarker,
        M2: Mutability,
        Rank<R>: RankMax<Rank<Q>, Output = Rank<N>>,
    {
        self.view().zip_with(other, f)
    }

    /// Copies `src` into this array, broadcast to its shape (`a[:] = src`).
    pub fn assign<const Q: usize, P: OrderMarker, M2: Mutability>(
        &mut self,
        src: &ViewBase<'_, T, Q, P, M2>,
    ) -> Result<(), LayoutError>
    where
        T: Clone,
    {
        self.view_mut().assign(src)
    }

    /// Copies into a new array contiguous in `P`'s order (`ascontiguousarray` /
    /// `asfortranarray`).
    pub fn to_contiguous<P: ContiguousOrder>(&self) -> Result<Array<T, R, P>, LayoutError>
    where
        T: Clone,
    {
        self.view().to_contiguous()
    }
}

/// The elements of `view` in the memory order of a packed output: its logical
/// order, or with `f_order` that of its reversed axes (F order).
pub(crate) fn in_order<T, const R: usize, O: OrderMarker>(
    view: View<'_, T, R, O>,
    f_order: bool,
) -> crate::iter::Iter<'_, T, R> {
    if f_order {
        view.t().into_iter()
    } else {
        view.into_iter()
    }
}

/// Whether a packed layout of order `P` is F-ordered.
pub(crate) const fn is_f<P: ContiguousOrder>() -> bool {
    matches!(P::CONTIGUITY, Contiguity::F)
}

/// A new buffer of the `n` elements `items` gives, in order, pushed one at a
/// time. For elements that need dropping (`String`, `Vec`, boxes): the
/// buffer counts what it holds, so a panic in `items` (a closure, or `Clone`)
/// drops the elements already made, where a fresh buffer written in the
/// engine's order could only leak them (it cannot tell which it wrote). Such
/// elements own memory elsewhere, so the walk's order matters little to
/// their speed.
pub(crate) fn pushed<U>(
    n: usize,
    items: impl Iterator<Item = U>,
) -> Result<Buffer<U>, LayoutError> {
    let mut data = Buffer::<U>::with_capacity(n)?;
    for x in items.take(n) {
        data.push(x);
    }
    Ok(data)
}

/// The index of element `k` of a packed layout of `shape`, in C order (the
/// last axis fastest) or, with `f_order`, F order.
pub(crate) fn unflatten<const R: usize>(
    mut k: usize,
    shape: &[usize; R],
    f_order: bool,
) -> [usize; R] {
    let mut idx = [0; R];
    for step in 0..R {
        let q = if f_order { step } else { R - 1 - step };
        // A packed layout with elements has no axis of length 0.
        idx[q] = k % shape[q];
        k /= shape[q];
    }
    idx
}
