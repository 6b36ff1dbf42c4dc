//! What the macros' expansions call: not a public API (`#[doc(hidden)]`), but
//! every function here is safe and checks what it is given.

use stride_core::{C, F, Layout, LayoutError, OrderMarker, WindowParam};

pub use typenum;

/// A layout the macro computed at expansion, checked again by the compiler
/// (the invariants and the marker's promise) in the `const` it is put in.
#[track_caller]
pub const fn layout<const R: usize, O: OrderMarker>(
    shape: [usize; R],
    strides: [isize; R],
    offset: usize,
) -> Layout<R, O> {
    match Layout::from_parts(shape, strides, offset) {
        Ok(l) => match l.try_order::<O>() {
            Ok(l) => l,
            Err(e) => e.panic(),
        },
        Err(e) => e.panic(),
    }
}

/// The compile error of a `view_static` given a slice of the wrong length.
#[track_caller]
pub const fn wrong_static_len(
    name: &'static str,
    layout: &'static str,
    expected: usize,
    found: usize,
    exact: bool,
) -> ! {
    const_panic::concat_panic!(
        "`",
        display: name,
        "::view_static` needs a slice of ",
        display: if exact { "exactly " } else { "at least " },
        expected,
        " elements for the layout `",
        display: layout,
        "`; found ",
        found
    )
}

/// Stands in for the value of a macro that failed, next to its `compile_error!`,
/// so that the one error is all the compiler reports.
pub const fn placeholder<T>() -> T {
    panic!("a stride macro failed to expand: see the error above")
}

/// An integer index or slice bound written in `s!`, as `isize` (values past
/// `isize::MAX` saturate, so they are out of bounds, never wrapped).
pub trait IntoIndex {
    /// The value as `isize`.
    fn into_index(self) -> isize;
}

macro_rules! into_index {
    ($($t:ty)*) => {$(
        impl IntoIndex for $t {
            #[inline]
            fn into_index(self) -> isize {
                match isize::try_from(self) {
                    Ok(v) => v,
                    Err(_) if self > 0 as $t => isize::MAX,
                    Err(_) => isize::MIN,
                }
            }
        }
    )*};
}
into_index!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

/// See [`IntoIndex`].
#[inline]
pub fn index(v: impl IntoIndex) -> isize {
    v.into_index()
}

/// The end of `..=end` for a slice of step `step`: one past `end` in the
/// direction of the step (`None`, the end of the axis, where that one-past
/// position would read as another index: `-1` walking forward, `0` backward).
/// A `const fn`, so that a literal `s!` stays usable in constants.
#[inline]
pub const fn inclusive_end(end: isize, step: isize) -> Option<isize> {
    if step < 0 {
        match end {
            0 => None,
            e => Some(e.saturating_sub(1)),
        }
    } else {
        match end {
            -1 => None,
            e => Some(e.saturating_add(1)),
        }
    }
}

/// A window length, step or dilation written in `window!`, as `usize`; a
/// negative value is an error naming it, not a wrap.
pub trait IntoLength {
    /// The value as `usize`, or the negative value (saturated to `isize`).
    fn into_length(self) -> Result<usize, isize>;
}

macro_rules! into_length {
    ($($t:ty)*) => {$(
        impl IntoLength for $t {
            #[inline]
            #[allow(unused_comparisons)]
            fn into_length(self) -> Result<usize, isize> {
                match usize::try_from(self) {
                    Ok(v) => Ok(v),
                    // Only a negative value fails (every type here is at most
                    // 128 bits, and positive values past usize::MAX saturate).
                    Err(_) if self < 0 => Err(isize::try_from(self).unwrap_or(isize::MIN)),
                    Err(_) => Ok(usize::MAX),
                }
            }
        }
    )*};
}
into_length!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

/// See [`IntoLength`]; `param` names the value in the error.
#[inline]
pub fn length(v: impl IntoLength, param: WindowParam) -> Result<usize, LayoutError> {
    v.into_length()
        .map_err(|value| LayoutError::NegativeWindowParam { param, value })
}

/// Window lengths, steps or dilations, each converted: the first error, if any.
#[inline]
pub fn lengths<const N: usize>(
    v: [Result<usize, LayoutError>; N],
) -> Result<[usize; N], LayoutError> {
    let mut out = [0usize; N];
    for (o, x) in out.iter_mut().zip(v) {
        *o = x?;
    }
    Ok(out)
}

/// Keeps the marker types reachable from expansions under one path.
pub type MarkerC = C;
/// See [`MarkerC`].
pub type MarkerF = F;

/// What `kernel!` and `#[kernel_fn]` expand to call.
pub mod kernel {
    use core::marker::PhantomData;
    use core::mem::MaybeUninit;
    use stride_core::kernel::{KernelRead, KernelWrite};
    use stride_core::{
        Array, C, Contiguity, ContiguousOrder, Mutability, OrderMarker, View, ViewBase, ViewMut,
    };

    pub use stride_core::kernel::{
        OperandIndex, agree, checked_extents, consistent, extent_source, extents,
    };

    /// How the expansion reaches its operands by method call, so that an operand
    /// that is itself a `&mut` reference needs no `mut` binding (the call
    /// reborrows it); the rank check names the index count when the operand is
    /// not an array or view of rank `R`.
    pub trait Operand {
        /// The output of a kernel as a mutable view of rank `R`.
        fn __stride_write<const R: usize>(
            &mut self,
        ) -> ViewMut<'_, <Self as KernelWrite<R>>::Elem, R, <Self as KernelWrite<R>>::Order>
        where
            Self: KernelWrite<R>,
        {
            self.kernel_view_mut()
        }

        /// An input of a kernel as a view of rank `R`.
        fn __stride_read<const R: usize>(
            &self,
        ) -> View<'_, <Self as KernelRead<R>>::Elem, R, <Self as KernelRead<R>>::Order>
        where
            Self: KernelRead<R>,
        {
            self.kernel_view()
        }
    }

    impl<X: ?Sized> Operand for X {}

    /// The largest box of letters `kernel!` walks without a plan, letter by
    /// letter, the last one the run (all of it in L1; over tensors, whose
    /// layouts are constants, the compiler unrolls the walk in full): the
    /// library's own limit for the same walk.
    pub use stride_core::kernel::SMALL_BOX;

    /// `out[[i, j, …]] = a[[…]]` where `a`'s letters are a permutation of the
    /// output's: the library's copy (register-block transposes, streaming
    /// stores), with `a`'s axes permuted to the output's letters.
    pub fn copy<T: Clone, const R: usize, O: OrderMarker, P: OrderMarker>(
        out: &mut ViewMut<'_, T, R, O>,
        a: View<'_, T, R, P>,
        axes: [isize; R],
    ) -> Result<(), stride_core::LayoutError> {
        out.assign(&a.permute(axes)?)
    }

    /// The order a new `kernel!` output is made in, as a value of no size (so
    /// that the expansion can compute it from its operands by inference).
    pub struct OrderOf<P>(PhantomData<P>);

    /// The order a new output keeps from an input indexed with the output's
    /// letters in the output's order ([`Kept`](stride_core::Kept)).
    pub fn kept<T, const R: usize, O: OrderMarker, M: Mutability>(
        _: &ViewBase<'_, T, R, O, M>,
    ) -> OrderOf<stride_core::Kept<O>> {
        OrderOf(PhantomData)
    }

    /// The order kept from two groups of inputs: F only if both keep F.
    pub fn both<P: ContiguousOrder, Q: ContiguousOrder>(
        _: OrderOf<P>,
        _: OrderOf<Q>,
    ) -> OrderOf<P::Both<Q>> {
        OrderOf(PhantomData)
    }

    /// C order: for a new output whose inputs permute or broadcast its letters.
    pub fn c_order() -> OrderOf<C> {
        OrderOf(PhantomData)
    }

    /// The new output of `kernel!(_[[…]] = …)`: uninitialised, in `order`, its
    /// element type inferred from the statement.
    pub fn fresh<T, const R: usize, P: ContiguousOrder>(
        shape: [usize; R],
        _order: OrderOf<P>,
    ) -> Result<Array<MaybeUninit<T>, R, P>, stride_core::LayoutError> {
        Array::<T, R, P>::uninit(shape)
    }

    /// The new output of `kernel!(_[[…]] = max[…](…))` (and `min`, and of
    /// the sums `_[[…]] += …` and products `_[[…]] *= …`): every element
    /// `value` (where the extreme, sum or product starts), in `order`, its
    /// element type inferred from the statement.
    pub fn filled<T: Clone, const R: usize, P: ContiguousOrder>(
        shape: [usize; R],
        _order: OrderOf<P>,
        value: T,
    ) -> Result<Array<T, R, P>, stride_core::LayoutError> {
        Array::<T, R, P>::from_elem(shape, value)
    }

    /// The output's run pointer `p` as a pointer to the element type of
    /// `staged`, a staged input's run that is the output run itself (the
    /// same address, see `Nest::staged`): read through the output's own
    /// pointer, the loop needs no overlap check to vectorise.
    pub fn staged_in<T, U>(p: *mut T, staged: *const U) -> *const U {
        debug_assert!(core::ptr::addr_eq(p, staged));
        p.cast_const().cast()
    }

    /// An element of a kernel operand, borrowed for as long as the pointer
    /// `p` (a local of the closure that computes the right-hand side's
    /// value), so that the value cannot hold the element past its own
    /// computation: not into the output, nor past the write of the element
    /// it borrows.
    ///
    /// # Safety
    /// `*p` is a valid, initialised `T` that no mutable reference reaches
    /// while the result lives.
    #[inline(always)]
    pub unsafe fn elem<T>(p: &*const T) -> &T {
        // SAFETY: the caller's promise; the lifetime is the borrow of `p`.
        unsafe { &**p }
    }

    /// An output element's value moved into a local while a reduction's row
    /// fold updates it eight times (the kernel macro's row fold), and
    /// written back when this is dropped: at the end of the updates, or
    /// while unwinding from a panic in one of them. The element then holds
    /// exactly what updates made in place would have left there, while the
    /// compiler keeps the value in registers between the updates instead of
    /// storing it after each one (where it must assume that the inputs'
    /// next elements may alias the element).
    pub struct Held<T> {
        slot: *mut T,
        value: core::mem::ManuallyDrop<T>,
    }

    /// Moves the value at `slot` into a [`Held`], which writes it back there
    /// when dropped.
    ///
    /// # Safety
    /// `slot` is valid for reads and writes of an initialised `T` until the
    /// `Held` is dropped, and nothing else reads, writes or drops the value
    /// there meanwhile (its bits are a stale copy until the write-back). The
    /// `Held` must be dropped, not forgotten.
    #[inline(always)]
    pub unsafe fn hold<T>(slot: *mut T) -> Held<T> {
        // The caller's promise: an initialised `T` to read, which nothing
        // else uses until it is written back.
        // SAFETY: as just said.
        let read = unsafe { slot.read() };
        let value = core::mem::ManuallyDrop::new(read);
        Held { slot, value }
    }

    impl<T> core::ops::Deref for Held<T> {
        type Target = T;
        #[inline(always)]
        fn deref(&self) -> &T {
            &self.value
        }
    }

    impl<T> core::ops::DerefMut for Held<T> {
        #[inline(always)]
        fn deref_mut(&mut self) -> &mut T {
            &mut self.value
        }
    }

    impl<T> Drop for Held<T> {
        #[inline(always)]
        fn drop(&mut self) {
            // The value is taken once, here, and written over the stale bits
            // at `slot` without dropping them (they are the value's own, moved
            // out by `hold`); `slot` is valid for writes (`hold`'s contract).
            // SAFETY: as just said.
            unsafe {
                self.slot
                    .write(core::mem::ManuallyDrop::take(&mut self.value))
            };
        }
    }

    /// The size of the element a pointer points to.
    #[inline(always)]
    pub fn elem_size<T>(_: *mut T) -> usize {
        size_of::<T>()
    }

    /// Runs `body(args, 0, len)` behind a call: the unit-stride loop of an
    /// elementwise statement over elements `from..len` of its run, its
    /// slots' pointers in `args`. There, apart from the expansion's other
    /// loops and with its pointers as arguments, LLVM vectorises it (inlined
    /// among the nest's code it did not: `kernel!(o[[i]] = a[[i]] + b[[i]])`
    /// over 4096 `f64` from L1 took 1.35x the library's time); one call per
    /// run, as the library's loops.
    ///
    /// Compiled for AVX2 where the library's elementwise loops would be for a
    /// run of `len` output elements from `dst`
    /// ([`takes_wide`](stride_core::kernel::takes_wide): AVX2 detected at run
    /// time, never under Miri unless the build enables it), and then as the
    /// library's: the elements before `dst`'s first 32-byte boundary first,
    /// in a call of their own, so that the 256-bit stores of the rest do not
    /// straddle cache lines ([`to_boundary`](stride_core::kernel::to_boundary)).
    /// The same operations on each element either way, so the same results.
    #[inline(always)]
    pub fn apart<T, P: Copy, F: FnMut(P, usize, usize)>(
        dst: *mut T,
        len: usize,
        args: P,
        mut body: F,
    ) {
        #[cfg(target_arch = "x86_64")]
        if stride_core::kernel::takes_wide(len.saturating_mul(size_of::<T>())) {
            let head = stride_core::kernel::to_boundary(dst, len);
            if head > 0 {
                apart_plain(args, |a| body(a, 0, head));
            }
            // The processor has AVX2 (tested by `takes_wide`).
            // SAFETY: as just said.
            return unsafe { apart_avx2(args, |a| body(a, head, len)) };
        }
        let _ = dst;
        apart_plain(args, |a| body(a, 0, len))
    }

    /// [`apart`]'s call without AVX2.
    #[inline(never)]
    fn apart_plain<P, F: FnOnce(P)>(args: P, body: F) {
        body(args)
    }

    /// [`apart`]'s call with AVX2 enabled: `body` inlined here is compiled
    /// for it.
    ///
    /// # Safety
    /// The processor has AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[inline(never)]
    unsafe fn apart_avx2<P, F: FnOnce(P)>(args: P, body: F) {
        body(args)
    }

    /// [`apart`], compiled for AVX where the processor has it (detected at
    /// run time; never under Miri unless the build enables it): the eight-row
    /// fold of a reduction (`cols[[j]] += a[[i, j]]`) over columns
    /// `from..len`, which the library's `sum_axis(0)` runs in 256-bit
    /// registers for `f64` and `f32`: the columns before the first 32-byte
    /// boundary of the input row at `row` first, in a call of their own, so
    /// that the eight loads per store of the rest do not straddle cache lines
    /// (the library's fold does the same). The same operations in the same
    /// order on each element either way (Rust contracts no multiply-add), so
    /// the same results.
    #[inline(always)]
    pub fn apart_wide<T, P: Copy, F: FnMut(P, usize, usize)>(
        row: *const T,
        len: usize,
        args: P,
        mut body: F,
    ) {
        #[cfg(target_arch = "x86_64")]
        if stride_core::kernel::has_avx() {
            let head = stride_core::kernel::to_boundary(row, len);
            if head > 0 {
                apart_plain(args, |a| body(a, 0, head));
            }
            // The processor has AVX (just tested).
            // SAFETY: as just said.
            return unsafe { apart_avx(args, |a| body(a, head, len)) };
        }
        let _ = row;
        apart_plain(args, |a| body(a, 0, len))
    }

    /// [`apart`] with AVX enabled: `body` inlined here is compiled for it.
    ///
    /// # Safety
    /// The processor has AVX.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx")]
    #[inline(never)]
    unsafe fn apart_avx<P, F: FnOnce(P)>(args: P, body: F) {
        body(args)
    }

    /// An element pointer of the expansion, shared or mutable, as a shared one
    /// (a function, not an `as` cast: the element type is known at once,
    /// which the right-hand side's literals need).
    pub trait ElemPtr {
        /// The element type.
        type Elem;
        /// The pointer, shared.
        fn shared(self) -> *const Self::Elem;
    }
    impl<T> ElemPtr for *const T {
        type Elem = T;
        #[inline(always)]
        fn shared(self) -> *const T {
            self
        }
    }
    impl<T> ElemPtr for *mut T {
        type Elem = T;
        #[inline(always)]
        fn shared(self) -> *const T {
            self.cast_const()
        }
    }

    /// The offset of a view's first element in its buffer, through the
    /// library's own methods (an expansion's method call could resolve to a
    /// user trait's method in scope).
    #[inline(always)]
    pub fn offset_of_view<T, const R: usize, O: OrderMarker, M: Mutability>(
        v: &ViewBase<'_, T, R, O, M>,
    ) -> usize {
        stride_core::Layout::offset(ViewBase::layout(v))
    }

    /// The number of elements of the letters' box (checked to fit when the
    /// extents were taken: `checked_extents`).
    #[inline(always)]
    pub fn box_size<const L: usize>(ext: &[usize; L]) -> usize {
        ext.iter().product()
    }

    /// `f()`, the value an elementwise `=` writes into a given output whose
    /// element pointer is `_out`: of the output's element type, so that a
    /// value of another type is one error, at the right-hand side.
    #[inline(always)]
    pub fn valued<T>(_out: *mut T, f: impl FnOnce() -> T) -> T {
        f()
    }

    /// A new output's element pointer as the type it is written with (a scan
    /// writes plain values; the element type follows from them).
    pub fn init_ptr<T>(p: *mut MaybeUninit<T>) -> *mut T {
        p.cast()
    }

    /// `_[[i, j, …]] = a[[…]]` where `a`'s letters are a permutation of the
    /// output's: `a`, permuted, copied into a new array in `order` (the
    /// library's copy).
    pub fn copy_new<T: Clone, const R: usize, P: OrderMarker, Q: ContiguousOrder>(
        a: View<'_, T, R, P>,
        axes: [isize; R],
        _order: OrderOf<Q>,
    ) -> Result<Array<T, R, Q>, stride_core::LayoutError> {
        a.permute(axes)?.to_contiguous::<Q>()
    }

    /// The value closure of a `kernel!` scan, its argument typed by `bases`
    /// (the slots' base pointers), so that the closure can be built outside
    /// the `unsafe` call that runs it.
    pub fn scan_value<P, V, const N: usize, F: FnMut(P, [isize; N]) -> V>(_: &P, f: F) -> F {
        f
    }

    /// A unit-stride run of a `kernel!` sum (`s += a[[…]]`): its first element
    /// and length. `(&probe).__stride_sum()` is the library's sum of the run
    /// when the element is a number (or any type with a zero and an addition:
    /// [`SumLib`], found first by method lookup), else `None` ([`SumAny`],
    /// through one more reference), and the expansion's loop runs.
    pub struct SumProbe<T>(pub *const T, pub usize);

    /// The library's sum of a [`SumProbe`].
    pub trait SumLib<T> {
        /// The sum of the run.
        ///
        /// # Safety
        /// The run's `len` elements are valid `T`s for shared reads.
        unsafe fn __stride_sum(&self) -> Option<T>;
    }

    impl<T: stride_core::kernel::Summable> SumLib<T> for SumProbe<T> {
        #[inline(always)]
        unsafe fn __stride_sum(&self) -> Option<T> {
            // SAFETY: the caller's promise.
            let s = unsafe { core::slice::from_raw_parts(self.0, self.1) };
            Some(stride_core::kernel::sum_slice(s))
        }
    }

    /// Any other element: no library sum.
    pub trait SumAny<T> {
        /// `None`: the expansion's own loop sums the run.
        ///
        /// # Safety
        /// None needed; `unsafe` to match [`SumLib::__stride_sum`].
        unsafe fn __stride_sum(&self) -> Option<T> {
            None
        }
    }

    impl<T> SumAny<T> for &SumProbe<T> {}

    /// Unit-stride runs of the two operands of a `kernel!` dot product (`s +=
    /// a[[…]] * b[[…]]`): their first elements and length.
    /// `(&probe).__stride_dot()` is the library's dot product
    /// ([`dot_slices`](stride_core::kernel::dot_slices): `f64` and `f32`)
    /// when both elements are one type whose product is that type ([`DotLib`],
    /// found first by method lookup), else `None` ([`DotAny`], through one more
    /// reference), and the expansion's loop runs.
    pub struct DotProbe<A, B>(pub *const A, pub *const B, pub usize);

    /// The library's dot product of a [`DotProbe`].
    pub trait DotLib<T> {
        /// The dot product of the runs, if the library computes it for `T`.
        ///
        /// # Safety
        /// Each pointer is non-null, aligned, and the first of `len`
        /// initialised, consecutive elements of one allocation, which nothing
        /// writes while the call runs (what `slice::from_raw_parts` needs).
        unsafe fn __stride_dot(&self) -> Option<T>;
    }

    impl<T: Copy + core::ops::Mul<Output = T>> DotLib<T> for DotProbe<T, T> {
        #[inline(always)]
        unsafe fn __stride_dot(&self) -> Option<T> {
            // SAFETY: the caller's promise, for both runs.
            let (a, b) = unsafe {
                (
                    core::slice::from_raw_parts(self.0, self.2),
                    core::slice::from_raw_parts(self.1, self.2),
                )
            };
            stride_core::kernel::dot_slices(a, b)
        }
    }

    /// Any other pair of elements: no library dot product.
    pub trait DotAny<A: core::ops::Mul<B>, B> {
        /// `None`: the expansion's own loop reduces the runs.
        ///
        /// # Safety
        /// None needed; `unsafe` to match [`DotLib::__stride_dot`].
        unsafe fn __stride_dot(&self) -> Option<A::Output> {
            None
        }
    }

    impl<A: core::ops::Mul<B>, B> DotAny<A, B> for &DotProbe<A, B> {}

    /// Whether the partial results of a `kernel!` reduction over unit strides
    /// are of a type for which the expansion keeps sixteen of them, in a loop
    /// it keeps from LLVM's loop vectoriser with [`slp_barrier`]: one- and
    /// two-byte types and the 4-byte integers (see
    /// [`sixteen_partials`](stride_core::kernel::sixteen_partials)). A constant
    /// once the type is known.
    #[inline(always)]
    pub fn narrow_partials<T>(_: &T) -> bool {
        stride_core::kernel::sixteen_partials::<T>()
    }

    /// An empty instruction in the body of a reduction loop over one- or
    /// two-byte partials: LLVM's loop vectoriser does not take a loop with
    /// inline assembly, and the SLP vectoriser then packs the sixteen partials
    /// into whole vectors. Against ndarray's `dot` from L2 (`sum_types`): a
    /// `u16` dot product 6.3x without it, 0.37-0.58x with; a `u8` one 12x and
    /// 0.73-1.28x (with eight partials, half a `u8` vector: 1.1-1.7x). Nothing under
    /// Miri, which runs no assembly, and on targets without stable inline
    /// assembly.
    #[inline(always)]
    pub fn slp_barrier() {
        #[cfg(all(
            not(miri),
            any(
                target_arch = "x86_64",
                target_arch = "x86",
                target_arch = "aarch64",
                target_arch = "arm",
                target_arch = "riscv64"
            )
        ))]
        // An empty instruction sequence: it reads and writes no memory,
        // no register and no flag (the options say so, and they are true).
        // SAFETY: as just said.
        unsafe {
            core::arch::asm!("", options(nomem, nostack, preserves_flags));
        }
    }

    /// The tile edge of a transposing loop writing elements of `T`.
    pub fn tile_of<T, const R: usize, O: OrderMarker, M: Mutability>(
        _: &ViewBase<'_, T, R, O, M>,
    ) -> usize {
        stride_core::kernel::tile_edge::<T>()
    }

    /// The chunk-filling closure of a streamed `kernel!` run, its buffer
    /// typed by the output's element pointer (built outside any `unsafe`).
    pub fn fill_for<U, F: FnMut(*mut U, usize, usize)>(_: *mut U, f: F) -> F {
        f
    }

    /// The shortest run `kernel!` writes with non-temporal stores into an
    /// output of `n` elements like this view's, `usize::MAX` when it does not
    /// stream them (not plain numbers, or not large).
    pub fn stream_min_run<T, const R: usize, O: OrderMarker, M: Mutability>(
        _: &ViewBase<'_, T, R, O, M>,
        n: usize,
    ) -> usize {
        if stride_core::kernel::streams::<T>(n) {
            stride_core::kernel::stream_min_run::<T>()
        } else {
            usize::MAX
        }
    }

    /// The contiguity a view's type promises (a constant once inlined).
    #[inline(always)]
    pub fn contiguity<T, const R: usize, O: OrderMarker, M: Mutability>(
        _: &ViewBase<'_, T, R, O, M>,
    ) -> Contiguity {
        O::CONTIGUITY
    }

    /// Whether the types promise one flat loop: every slot `C`, or every slot
    /// `F` (the slots index the same letters in the same order). Inlined, so
    /// that the branch the types decide is folded away.
    #[inline(always)]
    pub fn flat(c: &[Contiguity]) -> bool {
        matches!(c.first(), Some(Contiguity::C | Contiguity::F)) && c.iter().all(|x| *x == c[0])
    }

    /// The elements `max[…](…)` and `min[…](…)` take: the primitive numbers,
    /// with the value every other one is at least (at most) as large as,
    /// where the output starts.
    #[diagnostic::on_unimplemented(
        message = "`max[…](…)` and `min[…](…)` take primitive numbers (integers and floats): `{Self}` is not one",
        label = "the extreme of `{Self}` values"
    )]
    pub trait Bounded: Copy + PartialOrd {
        /// `-inf`, or the type's `MIN`.
        const LOWEST: Self;
        /// `inf`, or the type's `MAX`.
        const HIGHEST: Self;
    }

    macro_rules! bounded {
        ($($t:ty)*) => {$(
            impl Bounded for $t {
                const LOWEST: Self = <$t>::MIN;
                const HIGHEST: Self = <$t>::MAX;
            }
        )*};
    }
    bounded!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);
    impl Bounded for f32 {
        const LOWEST: Self = f32::NEG_INFINITY;
        const HIGHEST: Self = f32::INFINITY;
    }
    impl Bounded for f64 {
        const LOWEST: Self = f64::NEG_INFINITY;
        const HIGHEST: Self = f64::INFINITY;
    }

    /// Where `max[…](…)` starts: the lowest value of the output's type.
    #[inline(always)]
    pub fn lowest<T: Bounded>() -> T {
        T::LOWEST
    }

    /// Where `min[…](…)` starts.
    #[inline(always)]
    pub fn highest<T: Bounded>() -> T {
        T::HIGHEST
    }

    /// Zero of the type `_value` would return (never called): where a new
    /// output of `kernel!(_[[…]] += …)` starts (NumPy's `einsum`).
    #[inline(always)]
    pub fn zero_like<T: num_traits::Zero>(_value: impl FnOnce() -> T) -> T {
        T::zero()
    }

    /// One of the type `_value` would return (never called): where a new
    /// output of `kernel!(_[[…]] *= …)` starts.
    #[inline(always)]
    pub fn one_like<T: num_traits::One>(_value: impl FnOnce() -> T) -> T {
        T::one()
    }

    /// [`lowest`] of the type `_value` would return (never called): where a
    /// new output's maximum starts.
    #[inline(always)]
    pub fn lowest_like<T: Bounded>(_value: impl FnOnce() -> T) -> T {
        T::LOWEST
    }

    /// [`highest`] of the type `_value` would return (never called).
    #[inline(always)]
    pub fn highest_like<T: Bounded>(_value: impl FnOnce() -> T) -> T {
        T::HIGHEST
    }

    /// An element of `view`'s type, for a closure that is never called (the
    /// type of a right-hand side, see [`lowest_like`]): it panics if called.
    pub fn phantom_elem<'a, T, const R: usize, O: OrderMarker, M: Mutability>(
        _view: &'a ViewBase<'_, T, R, O, M>,
    ) -> &'a T {
        unreachable!("only its type is used")
    }

    /// `max[…]` (`max`) or `min[…]` of a unit-stride run of a computed value
    /// (`max[j](a[[i, j]] * w[[j]])`) folded into `acc`: `value(k)` for every
    /// `k < len`, in order, a chunk of 256 at a time into a buffer in L1,
    /// whose extreme the library's vector loop takes (see
    /// [`extreme_of_unit_run`](stride_core::kernel::extreme_of_unit_run)),
    /// folded by NumPy's rule. Eight scalar partial extremes took 3-4x the
    /// library's time for a row held in memory.
    #[inline(always)]
    pub fn extreme_by_chunks<T: Bounded>(
        acc: &mut T,
        len: usize,
        max: bool,
        mut value: impl FnMut(usize) -> T,
    ) {
        const CHUNK: usize = 256;
        let mut buf = [const { MaybeUninit::<T>::uninit() }; CHUNK];
        let mut k = 0;
        while k < len {
            let n = CHUNK.min(len - k);
            for (t, slot) in buf[..n].iter_mut().enumerate() {
                slot.write(value(k + t));
            }
            // `n` (at least one) elements from the start of `buf`, just
            // initialised, a local nothing else writes during the call.
            // SAFETY: as just said.
            let m = unsafe {
                stride_core::kernel::extreme_of_unit_run(buf.as_ptr().cast::<T>(), n, max)
            };
            if max {
                fold_max(acc, m);
            } else {
                fold_min(acc, m);
            }
            k += n;
        }
    }

    /// `max[…]`'s step, NumPy's rule: `x` replaces the maximum so far when it
    /// is larger or a NaN (a NaN so far stays: nothing compares larger).
    #[inline(always)]
    pub fn fold_max<T: Bounded>(acc: &mut T, x: T) {
        #[allow(clippy::eq_op)]
        if x > *acc || x != x {
            *acc = x;
        }
    }

    /// `min[…]`'s step (as [`fold_max`]).
    #[inline(always)]
    pub fn fold_min<T: Bounded>(acc: &mut T, x: T) {
        #[allow(clippy::eq_op)]
        if x < *acc || x != x {
            *acc = x;
        }
    }
}
