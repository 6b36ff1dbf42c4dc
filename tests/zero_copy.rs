//! Zero copy, shown rather than claimed: a counting global allocator proves that
//! view operations (transpose, slicing, no-copy reshape, windows, broadcasts,
//! indexing, ravel of a contiguous array) allocate nothing, and pointer equality
//! proves the data is shared (seed 003's `aid()`).

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::cell::Cell;

use stride::{Array, Order, Slice, View, s, window};

/// Counts allocations made by the current thread (a const-initialised thread local
/// needs no allocation itself, so the allocator may use it).
struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every method forwards to `System` unchanged; counting has no effect on
// the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: the caller's contract for `alloc` is passed on to `System`.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout (see `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: AllocLayout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: the caller's contract for `realloc` is passed on to `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result with the number of allocations it made.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCS.with(Cell::get);
    let r = f();
    (r, ALLOCS.with(Cell::get) - before)
}

#[test]
fn the_counter_sees_copies() {
    let a = Array::<f64, 2>::zeros([100, 100]).unwrap();
    let (flat, n) = allocations(|| a.flatten(Order::C).unwrap());
    assert_eq!(n, 1);
    assert_ne!(flat.as_ptr(), a.as_ptr());
    let (c, n) = allocations(|| a.t().ravel(Order::C).unwrap());
    assert!(!c.is_view());
    assert_eq!(n, 1);
}

#[test]
fn transpose_allocates_nothing_and_shares_data() {
    let a = Array::<f64, 2>::zeros([100, 100]).unwrap();
    let (t, n) = allocations(|| a.t());
    assert_eq!(n, 0);
    assert_eq!(t.as_ptr(), a.as_ptr());
    let (p, n) = allocations(|| a.view().permute([1, 0]).unwrap().swap_axes(0, 1).unwrap());
    assert_eq!(n, 0);
    assert_eq!(p.as_ptr(), a.as_ptr());
    let (owned, n) = allocations(|| a.clone().into_transposed());
    assert_eq!(n, 1); // the clone, not the transpose
    let ptr = owned.as_ptr();
    let (back, n) = allocations(|| owned.into_transposed());
    assert_eq!(n, 0);
    assert_eq!(back.as_ptr(), ptr);
}

#[test]
fn slicing_and_indexing_allocate_nothing() {
    let nd_1 = Array::<f64, 3>::zeros([4, 6, 8]).unwrap();
    let (nd_2, n) = allocations(|| {
        nd_1.slice([Slice::FULL, Slice::step_by(2), Slice::step_by(2)])
            .unwrap()
    });
    assert_eq!(n, 0);
    assert_eq!(nd_2.strides_bytes().unwrap(), [384, 128, 16]);
    assert_eq!(nd_2.as_ptr(), nd_1.as_ptr());
    let (row, n) = allocations(|| nd_1.index(s![-1, ::-1, None]).unwrap());
    assert_eq!(n, 0);
    assert_eq!(row.as_ptr(), nd_1.as_ptr().wrapping_add(3 * 48 + 5 * 8));
    let (d, n) = allocations(|| {
        nd_1.view()
            .index_axis(2, 0)
            .unwrap()
            .diagonal(0, 0, 1)
            .unwrap()
    });
    assert_eq!(n, 0);
    assert_eq!(d.strides(), &[56]);
}

#[test]
fn no_copy_reshape_and_ravel_allocate_nothing() {
    let a = Array::<f64, 2>::zeros([100, 100]).unwrap();
    let (b, n) = allocations(|| a.reshape([1, -1], Order::C).unwrap());
    assert_eq!(n, 0);
    assert_eq!(b.as_ptr(), a.as_ptr()); // aid(b) == aid(a)
    let (e, n) = allocations(|| a.ravel(Order::C).unwrap());
    assert_eq!(n, 0);
    assert!(e.is_view() && e.as_ptr() == a.as_ptr()); // aid(e) == aid(a)
    let (f, n) = allocations(|| a.t().reshape([-1], Order::F).unwrap());
    assert_eq!(n, 0);
    assert_eq!(f.as_ptr(), a.as_ptr());
    let (s, n) = allocations(|| a.t().to_shape([10, 1000], Order::F).unwrap());
    assert_eq!(n, 0);
    assert!(s.is_view());
    // The typed path: a C view reshaped in C order can never copy.
    let (c, n) = allocations(|| a.view().into_shape([10, 10, 100]).unwrap());
    assert_eq!(n, 0);
    assert_eq!(c.as_ptr(), a.as_ptr());
}

#[test]
fn windows_and_broadcasts_allocate_nothing() {
    let x = Array::<f32, 1>::arange(0.0, 1000.0, 1.0).unwrap();
    let (w, n) = allocations(|| x.view().sliding_window([64], [0]).unwrap());
    assert_eq!(n, 0);
    assert_eq!(w.shape(), &[937, 64]);
    assert_eq!(w.as_ptr(), x.as_ptr());
    let (frames, n) = allocations(|| window!(x.view(), 256, step = 128).unwrap());
    assert_eq!(n, 0);
    assert_eq!(frames.shape(), &[6, 256]);
    assert_eq!(frames[[1, 0]], 128.0);
    let (grid, n) = allocations(|| {
        let col: View<f32, 2> = x.view().insert_axis(1).unwrap();
        col.broadcast_to([1000, 1000]).unwrap()
    });
    assert_eq!(n, 0);
    assert_eq!(grid.strides(), &[1, 0]);
    assert_eq!(grid.as_ptr(), x.as_ptr());
}

#[test]
fn operators_on_owned_arrays_allocate_nothing_when_the_result_fits() {
    let x = Array::<f64, 2>::from_fn([40, 30], |[i, j]| (i * 30 + j) as f64).unwrap();
    let row = Array::<f64, 1>::from_fn([30], |[j]| j as f64).unwrap();
    let p = x.as_ptr();
    // numexpr's `2*x + 48` and more, by value: one buffer throughout.
    let (y, n) = allocations(|| -((x * 2.0 + 48.0) / 3.0 - &row.view()));
    assert_eq!(n, 0);
    assert_eq!(y.as_ptr(), p);
    assert_eq!(y[[1, 2]], -((32.0 * 2.0 + 48.0) / 3.0 - 2.0));
    // By reference, one new array.
    let (z, n) = allocations(|| &y * 2.0);
    assert_eq!(n, 1);
    assert_ne!(z.as_ptr(), y.as_ptr());
}
