//! Regression tests for layouts whose arithmetic overflows: every operation that
//! produces a layout must refuse them, and no view may be built over them.

use stride_core::{DynLayout, Layout, LayoutError, View};

#[test]
fn dilated_window_wrapping_to_a_negative_stride_is_refused() {
    // (2 - 1) * usize::MAX + 1 wrapped to 0 in release: shape [11, 2], strides [1, -1].
    let r = Layout::c([10])
        .unwrap()
        .sliding_window_dilated([2], [0], [usize::MAX]);
    assert!(r.is_err(), "{r:?}");
    let d = DynLayout::c(&[10])
        .unwrap()
        .sliding_window(&[2], &[0], &[1], &[usize::MAX]);
    assert!(d.is_err(), "{d:?}");
}

#[test]
fn dilated_window_whose_bounds_overflow_is_refused() {
    // (4 - 1) * (usize::MAX / 3) + 1 wrapped to 0: strides [1, 6148914691236517205].
    let r = Layout::c([20])
        .unwrap()
        .sliding_window_dilated([4], [0], [usize::MAX / 3]);
    assert!(r.is_err(), "{r:?}");
    let d = DynLayout::c(&[20])
        .unwrap()
        .sliding_window(&[4], &[0], &[1], &[usize::MAX / 3]);
    assert!(d.is_err(), "{d:?}");
}

#[test]
fn a_view_over_the_wrapped_window_cannot_be_built() {
    let data = [0.0f64; 10];
    if let Ok(l) = Layout::c([10])
        .unwrap()
        .sliding_window_dilated([2], [0], [usize::MAX])
    {
        // Before the fix this was accepted and `get([0, 1])` read data[4].
        assert!(View::<f64, 2>::from_slice(&data[5..], l).is_err());
    }
    if let Ok(l) = Layout::c([20])
        .unwrap()
        .sliding_window_dilated([4], [0], [usize::MAX / 3])
    {
        assert!(View::<f64, 2>::from_slice(&[], l).is_err());
    }
}

#[test]
fn huge_dilation_is_reported_with_its_value() {
    let e = Layout::c([10])
        .unwrap()
        .sliding_window_dilated([2], [0], [usize::MAX])
        .unwrap_err();
    assert!(!matches!(e, LayoutError::ZeroStep { .. }), "{e}");
}

// What a review of the run-time API against hostile sizes found (each of these
// read outside its buffer, gave a wrong answer or panicked deep inside before
// its fix).

/// `Zip` over `&Array` whose layout starts past the buffer's start read from
/// the start plus the offset twice (out of bounds).
#[test]
fn zip_reads_an_array_whose_layout_has_an_offset() {
    let l = Layout::from_parts([2], [1], 8).unwrap();
    let a = stride_core::Array::<u64, 1, _>::from_parts((0..10).collect(), l).unwrap();
    let mut seen = Vec::new();
    stride_core::kernel::Zip::from(&a).for_each(|&x| seen.push(x));
    assert_eq!(seen, [8, 9]);
    // And as the second, broadcast part.
    let l = Layout::from_parts([1, 2], [2, 1], 8).unwrap();
    let row = stride_core::Array::<u64, 2, _>::from_parts((0..10).collect(), l).unwrap();
    let mut out = stride_core::Array::<u64, 2>::zeros([3, 2]).unwrap();
    stride_core::kernel::Zip::from(&mut out)
        .and(&row)
        .unwrap()
        .for_each(|o, &x| *o = x);
    assert_eq!(out.as_slice(), &[8, 9, 8, 9, 8, 9]);
}

/// A loop nest whose axes come from different layouts (a kernel's letters)
/// may have more elements than any layout: merging its axes wrapped the
/// length (in release builds, `3 * 6148914691236517206` became 2).
#[test]
fn a_nest_never_merges_axes_into_a_length_that_wraps() {
    use stride_core::kernel::{Nest, Operands, Priority};
    let big = 6_148_914_691_236_517_206usize; // (2^64 + 2) / 3
    let ops = Operands {
        shape: [3, big],
        strides: [[0, 0]],
        offsets: [0],
    };
    for p in [Priority::Operand(0), Priority::Logical] {
        let nest = Nest::plan(&ops, p, 0);
        let lens: Vec<usize> = nest.loops().map(|(n, _)| n).collect();
        assert_eq!(lens, [3, big], "{p:?}");
        assert_eq!(nest.size(), usize::MAX, "saturates");
    }
    // An operand number past the last orders by the first (it panicked).
    let ops = Operands {
        shape: [2, 3],
        strides: [[1, 4]],
        offsets: [0],
    };
    let nest = Nest::plan(&ops, Priority::Operand(5), 0);
    let lens: Vec<usize> = nest.loops().map(|(n, _)| n).collect();
    assert_eq!(lens, [3, 2]);
}

/// Sub-views of an empty view whose index box reaches before the buffer
/// (`[3, 0]` with strides `[-1, 1]` at offset 0 is a valid empty layout) are
/// empty views, one per position; the iterators stopped after one.
#[test]
fn axis_tools_of_an_empty_view_with_a_negative_stride() {
    let l = Layout::from_parts([3, 0], [-1, 1], 0).unwrap();
    let v = View::from_slice(&[] as &[f64], l).unwrap();
    let it = v.axis_iter::<1>(0).unwrap();
    assert_eq!(it.len(), 3);
    assert_eq!(it.map(|s| s.size()).collect::<Vec<_>>(), [0, 0, 0]);
    assert_eq!(v.axis_chunks_iter(0, 1).unwrap().count(), 3);
    let (a, b) = v.split_at(0, 1).unwrap();
    assert_eq!((a.shape(), b.shape()), (&[1, 0], &[2, 0]));
}

/// `as_mut_slice` of an empty C array whose layout has an offset is empty (it
/// panicked slicing past the empty buffer; `as_slice` was already empty).
#[test]
fn an_empty_array_with_an_offset_has_empty_slices() {
    let l = Layout::from_parts([0], [1], 5)
        .unwrap()
        .try_order::<stride_core::C>()
        .unwrap();
    let mut a = stride_core::Array::from_parts(Vec::<f64>::new(), l).unwrap();
    assert!(a.as_slice().is_empty());
    assert!(a.as_mut_slice().is_empty());
}

/// The offsets of a huge broadcast do not fit in memory: an error, not a
/// capacity-overflow panic.
#[test]
fn element_offsets_of_a_huge_broadcast_are_an_error() {
    let huge = DynLayout::c(&[1])
        .unwrap()
        .broadcast_to(&[1 << 62])
        .unwrap();
    assert_eq!(
        huge.element_offsets(stride_core::Order::C),
        Err(LayoutError::TooLarge)
    );
}

/// The operators cannot return a `Result`: a result too large to make panics
/// with the error, at the operator's line (it panicked inside `map`'s
/// caller with a message that blamed a broadcast).
#[test]
fn an_operator_whose_result_is_too_large_says_so() {
    let one = stride_core::Array::<f64, 1>::from_vec([1], vec![1.0]).unwrap();
    let huge = one.view().broadcast_to([1 << 61]).unwrap();
    let e = std::panic::catch_unwind(|| &huge * 2.0).unwrap_err();
    let msg = e.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        msg.starts_with("the operator's result could not be made"),
        "{msg}"
    );
    let e = std::panic::catch_unwind(|| &huge + &huge).unwrap_err();
    let msg = e.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        msg.starts_with("the operator's result could not be made"),
        "{msg}"
    );
}

/// Zero-sized elements: any layout fits a slice of `usize::MAX` of them, so
/// strides up to `isize::MAX` reach from safe code with a few elements. The
/// four-row scan advanced its offset along the axis once past the last
/// position, `along * n`, which overflowed (a debug panic; in release the
/// wrapped value went unused). Every offset the engine computes is one the
/// layout reaches.
#[test]
fn scans_of_zero_sized_elements_with_huge_strides_stay_in_their_reach() {
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Z;
    impl core::ops::Add for Z {
        type Output = Z;
        fn add(self, _: Z) -> Z {
            Z
        }
    }
    impl core::ops::Mul for Z {
        type Output = Z;
        fn mul(self, _: Z) -> Z {
            Z
        }
    }
    let big = [Z; usize::MAX];
    for (shape, strides) in [
        ([4, 2], [1, isize::MAX - 3]),
        ([5, 3], [1, isize::MAX / 2 - 4]),
        ([2, 8], [isize::MAX / 2, 1]),
    ] {
        let l = Layout::from_parts(shape, strides, 0).unwrap();
        let v = View::from_slice(&big[..], l).unwrap();
        for axis in [0, 1] {
            let c = v.cumsum(axis).unwrap();
            let p = v.scan(axis, |a, b| a * b).unwrap();
            assert_eq!((c.shape(), p.shape()), (&shape, &shape));
        }
    }
}

/// A zero-sized output at the address of an input of numbers (two fields of
/// one struct): the elementwise loop must not take the input for the output's
/// own staged rows, which would read the input through the output's empty
/// borrow (Miri's borrow models flag it).
#[test]
fn a_zero_sized_output_at_an_inputs_address_is_not_read_through() {
    use stride_core::{C, ViewMut};
    #[repr(C)]
    struct Pair {
        units: [(); 64],
        values: [f64; 64],
    }
    let mut pair = Pair {
        units: [(); 64],
        values: core::array::from_fn(|k| k as f64),
    };
    let Pair { units, values } = &mut pair;
    assert_eq!(units.as_ptr() as usize, values.as_ptr() as usize);
    let l = Layout::<1, C>::c([64]).unwrap();
    let mut out = ViewMut::from_slice(&mut units[..], l).unwrap();
    let inp = View::from_slice(&values[..], l).unwrap();
    let mut seen = 0.0;
    out.zip_with_into(&inp, &inp, |a, b| seen += a + b).unwrap();
    assert_eq!(seen, 2.0 * (0..64).sum::<i32>() as f64);
}

/// `Nest::plan` of no operands (a public type): logical order, no panic
/// (a box whose size overflows, so that the plan cannot take one run).
#[test]
fn a_nest_of_no_operands_plans_in_logical_order() {
    use stride_core::kernel::{Nest, Operands, Priority};
    let ops = Operands::<0, 2> {
        shape: [1 << 40, 1 << 30],
        strides: [],
        offsets: [],
    };
    let nest = Nest::plan(&ops, Priority::Operand(0), 0);
    assert_eq!(nest.size(), usize::MAX);
    let lens: Vec<usize> = nest.loops().map(|(n, _)| n).collect();
    assert_eq!(lens, [1 << 40, 1 << 30]);
}

/// Elements that own memory, counted while alive; cloning (or mapping) the one
/// holding `TRIGGER` panics.
mod tracked {
    use std::sync::atomic::{AtomicIsize, Ordering};

    pub static LIVE: AtomicIsize = AtomicIsize::new(0);
    pub const TRIGGER: u32 = 7;

    #[derive(Debug)]
    pub struct Tracked(pub Box<u32>);

    impl Tracked {
        pub fn new(v: u32) -> Self {
            LIVE.fetch_add(1, Ordering::SeqCst);
            Tracked(Box::new(v))
        }
        /// A new element of `v`, panicking at the trigger.
        pub fn made(v: u32) -> Self {
            assert_ne!(v, TRIGGER, "made the trigger");
            Tracked::new(v)
        }
    }

    impl Clone for Tracked {
        fn clone(&self) -> Self {
            Tracked::made(*self.0)
        }
    }

    impl Drop for Tracked {
        fn drop(&mut self) {
            LIVE.fetch_sub(1, Ordering::SeqCst);
        }
    }

    pub fn live() -> isize {
        LIVE.load(Ordering::SeqCst)
    }
}

/// A panic in a closure or in `Clone` partway through a new array drops the
/// elements already made (none leak, none is dropped twice): for every
/// method that makes a new array of elements that need dropping, in C and F
/// order and from transposed and strided views. (Miri also reports any leak.)
#[test]
fn a_panic_midway_drops_what_was_made() {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use stride_core::{Array, F, Order, concatenate, stack};
    use tracked::{TRIGGER, Tracked, live};
    let a =
        Array::<Tracked, 2>::from_fn([3, 4], |[i, j]| Tracked::new((4 * i + j) as u32)).unwrap();
    let base = live();
    assert_eq!(base, 12);
    let fails = |what: &str, f: &mut dyn FnMut()| {
        assert!(
            catch_unwind(AssertUnwindSafe(&mut *f)).is_err(),
            "{what} did not panic"
        );
        assert_eq!(live(), base, "{what} leaked or double-dropped");
    };
    let remade = |t: &Tracked| Tracked::made(*t.0);
    fails("map C", &mut || drop(a.map(remade)));
    fails("map F", &mut || drop(a.t().map(remade)));
    fails("map strided", &mut || {
        drop(a.view().permute([1, 0]).unwrap().map(remade))
    });
    fails("to_owned", &mut || drop(a.t().to_owned()));
    fails("to_contiguous F", &mut || {
        drop(a.view().to_contiguous::<F>())
    });
    for order in [Order::C, Order::F, Order::K] {
        fails("flatten", &mut || drop(a.t().flatten(order)));
    }
    fails("select", &mut || drop(a.select(1, &[3, 0, 2])));
    fails("select F", &mut || drop(a.t().select(0, &[3, 0])));
    fails("compress", &mut || {
        drop(a.compress(0, &[false, true, true]))
    });
    fails("concatenate", &mut || {
        drop(concatenate(0, &[a.view(), a.view()]))
    });
    fails("stack", &mut || {
        drop(stack::<_, 2, 3, _>(-1, &[a.view(), a.view()]))
    });
    let b = Array::<u32, 1>::from_vec([4], vec![0, 0, 0, 0]).unwrap();
    fails("zip_with", &mut || {
        drop(a.zip_with(&b.view(), |x, y| Tracked::made(*x.0 + *y)))
    });
    fails("zip_with F", &mut || {
        drop(a.t().zip_with(&a.t(), |x, _| Tracked::made(*x.0)))
    });
    // Without the trigger, each makes every element, dropped with its array.
    let b = Array::<u32, 2>::from_fn([3, 4], |[i, j]| (4 * i + j) as u32).unwrap();
    let safe = |t: &Tracked| Tracked::new(*t.0 + 100);
    assert_eq!(*a.t().map(safe).unwrap()[[1, 2]].0, 109);
    assert_eq!(*a.select(1, &[1]).unwrap()[[2, 0]].0, 9);
    let z = a
        .zip_with(&b.view(), |x, y| Tracked::new(*x.0 * 100 + *y))
        .unwrap();
    assert_eq!(*z[[2, 3]].0, 1111);
    drop(z);
    assert_eq!(live(), base);
    let _ = TRIGGER;
}

/// A length no axis can have is an error, not a negative length wrapped into
/// a wrong selection (release) or an overflow panic (debug).
#[test]
fn slice_indices_of_a_length_above_isize_max_is_an_error() {
    use stride_core::Slice;
    for n in [usize::MAX, 1 << 63, isize::MAX as usize + 1] {
        assert_eq!(Slice::FULL.indices(n), Err(LayoutError::TooLarge));
        let s = Slice::new(Some(isize::MIN), Some(isize::MAX), 1);
        assert_eq!(s.indices(n), Err(LayoutError::TooLarge));
    }
    let n = isize::MAX as usize;
    assert_eq!(Slice::FULL.indices(n), Ok((0, n, 1)));
    assert_eq!(Slice::REVERSE.indices(n), Ok((n - 1, n, -1)));
}

/// The public contiguity predicates take any two slices: a shape and strides
/// of different lengths promise nothing, and no index runs past either.
#[test]
fn contiguity_of_a_shape_and_strides_of_different_lengths_is_none() {
    use stride_core::{Contiguity, is_c_contiguous, is_col_major, is_f_contiguous, is_row_major};
    for (shape, strides) in [(&[2usize, 3][..], &[1isize][..]), (&[2], &[1, 1])] {
        assert!(!is_c_contiguous(shape, strides));
        assert!(!is_f_contiguous(shape, strides));
        assert!(!is_row_major(shape, strides));
        assert!(!is_col_major(shape, strides));
        assert_eq!(Contiguity::of(shape, strides), Contiguity::Strided);
        assert!(!Contiguity::C.holds(shape, strides));
    }
}
