//! Views and arrays over real memory: bounds proofs, uniqueness of mutable views,
//! writes through views, iteration order, copies in NumPy's orders. Small enough to
//! run under Miri (`cargo +nightly miri test -p stride-core`).

use stride_core::{
    Array, C, Contiguity, CowArray, DEFAULT_MAX_WORK, F, Item, Layout, LayoutError, Order, Sharing,
    Slice, Strided, View, ViewMut, Window, may_share_memory, shares_memory,
};

fn arange(n: usize) -> Array<i64, 1> {
    Array::arange(0, n as i64, 1).unwrap()
}

#[test]
fn view_constructor_refuses_out_of_bounds_layouts() {
    let data = [0u8; 10];
    // Reaches offset 10 (past the end).
    let l = Layout::from_parts([2, 2], [9, 1], 0).unwrap();
    assert_eq!(
        View::<_, 2>::from_slice(&data, l).unwrap_err(),
        LayoutError::OutOfBounds {
            offset: 10,
            len: 10
        }
    );
    // Negative strides with a large enough offset are fine: reaches 9 down to 0.
    let l = Layout::from_parts([10], [-1], 9).unwrap();
    assert!(View::<_, 1>::from_slice(&data, l).is_ok());
    // An empty layout reaches nothing, whatever its offset.
    let l = Layout::from_parts([0, 3], [1, 1], 1000).unwrap();
    let v = View::<_, 2>::from_slice(&data, l).unwrap();
    assert_eq!(v.iter().count(), 0);
    // Over an empty buffer, only empty layouts.
    let empty: [u8; 0] = [];
    assert!(View::from_slice(&empty, Layout::c([1]).unwrap()).is_err());
    assert!(View::from_slice(&empty, Layout::c([0]).unwrap()).is_ok());
}

#[test]
fn dimensions_near_usize_max_are_errors_not_wraps() {
    assert_eq!(Layout::c([usize::MAX, 2]), Err(LayoutError::TooLarge));
    assert_eq!(Layout::c([1 << 32, 1 << 32]), Err(LayoutError::TooLarge));
    assert_eq!(
        Layout::from_parts([2], [isize::MAX], 0),
        Ok(Layout::from_parts([2], [isize::MAX], 0).unwrap())
    );
    assert_eq!(
        Layout::from_parts([3], [isize::MAX], 0),
        Err(LayoutError::TooLarge)
    );
    assert_eq!(
        Layout::from_parts([2], [isize::MAX], 1),
        Err(LayoutError::TooLarge)
    );
    assert_eq!(
        Layout::from_parts([1], [0], usize::MAX),
        Err(LayoutError::TooLarge)
    );
    let one = Layout::c([1]).unwrap();
    assert_eq!(
        one.broadcast_to([usize::MAX, 2]),
        Err(LayoutError::TooLarge)
    );
    let x = Layout::c([3]).unwrap();
    assert!(x.reshape([-1, isize::MAX], Order::C).is_err());
    // A huge broadcast of a real buffer is a fine view, but copying it is refused
    // with an error instead of a capacity-overflow panic or an abort.
    let a = arange(1);
    let huge = a.view().broadcast_to([1 << 40, 1 << 20]).unwrap();
    assert_eq!(huge[[12345, 678]], 0);
    assert!(matches!(
        huge.to_owned(),
        Err(LayoutError::TooLarge | LayoutError::AllocationFailed { .. })
    ));
    // Zero-length axes with a huge partner still need the packed strides to fit.
    assert_eq!(Layout::c([0, usize::MAX]), Err(LayoutError::TooLarge));
}

#[test]
fn mutable_views_must_be_unique() {
    let mut data = [0i32; 12];
    let win = Layout::from_parts([4, 3], [1, 1], 0).unwrap();
    assert_eq!(
        ViewMut::<_, 2>::from_slice(&mut data, win).unwrap_err(),
        LayoutError::Overlapping
    );
    let bcast = Layout::from_parts([3, 4], [0, 1], 0).unwrap();
    assert_eq!(
        ViewMut::<_, 2>::from_slice(&mut data, bcast).unwrap_err(),
        LayoutError::Overlapping
    );
    // Interleaved but unique (strides 3 and 1 over [4, 3]) is fine.
    let ok = Layout::from_parts([4, 3], [3, 1], 0).unwrap();
    let mut v = ViewMut::<_, 2>::from_slice(&mut data, ok).unwrap();
    v.fill(7);
    assert!(data.iter().all(|&x| x == 7));
    // A subtle overlap: strides [2, 3] over [4, 3]: index (3, 0) and (0, 2) both reach 6.
    let mut big = [0i32; 16];
    let tricky = Layout::from_parts([4, 3], [2, 3], 0).unwrap();
    assert_eq!(
        ViewMut::<_, 2>::from_slice(&mut big, tricky).unwrap_err(),
        LayoutError::Overlapping
    );
    // ... while [2, 3] with only 2 columns is unique.
    let fine = Layout::from_parts([2, 2], [2, 3], 0).unwrap();
    assert!(ViewMut::<_, 2>::from_slice(&mut data, fine).is_ok());
}

#[test]
fn writes_through_a_view_reach_the_original() {
    // Seed 001: y = x[:5, :]; y[:] = 0 zeroes the first five rows of x.
    let mut x = Array::<f64, 2>::from_fn([100, 10], |[i, j]| (i * 10 + j) as f64 + 1.0).unwrap();
    {
        let y = x
            .view_mut()
            .slice([Slice::range(0, 5), Slice::FULL])
            .unwrap();
        let mut y = y;
        y.fill(0.0);
    }
    assert!(
        x.slice([Slice::range(0, 5), Slice::FULL])
            .unwrap()
            .iter()
            .all(|&v| v == 0.0)
    );
    assert_eq!(x[[5, 0]], 51.0);
    // Seed 002: view = original[1:4]; view[0] = 10 changes original; a copy does not.
    let mut original = Array::<i32, 1>::from_vec([5], vec![1, 2, 3, 4, 5]).unwrap();
    let copy = original
        .slice([Slice::range(1, 4)])
        .unwrap()
        .to_owned()
        .unwrap();
    let mut view = original.view_mut().slice([Slice::range(1, 4)]).unwrap();
    view[[0]] = 10;
    assert_eq!(original.as_slice(), &[1, 10, 3, 4, 5]);
    assert_eq!(copy.as_slice(), &[2, 3, 4]);
}

#[test]
fn iteration_is_in_logical_order_for_every_layout() {
    let a = arange(24);
    let v = a.view().reshape([2, 3, 4], Order::C).unwrap();
    let t = v.permute([2, 0, 1]).unwrap();
    let got: Vec<i64> = t.iter().copied().collect();
    let mut want = Vec::new();
    for k in 0..4 {
        for i in 0..2 {
            for j in 0..3 {
                want.push((i * 12 + j * 4 + k) as i64);
            }
        }
    }
    assert_eq!(got, want);
    let r = v
        .flip(1)
        .unwrap()
        .slice([
            Slice::FULL,
            Slice::step_by(-2),
            Slice::new(Some(1), None, 2),
        ])
        .unwrap();
    let got: Vec<i64> = r.iter().copied().collect();
    assert_eq!(got, vec![1, 3, 9, 11, 13, 15, 21, 23]);
    assert_eq!(r.iter().len(), 8);
}

#[test]
fn transpose_is_zero_copy_and_flips_the_order_marker() {
    let a = Array::<u16, 2>::from_fn([3, 5], |[i, j]| (i * 5 + j) as u16).unwrap();
    let t: View<u16, 2, F> = a.t();
    assert_eq!(t.as_ptr(), a.as_ptr());
    assert_eq!(t.strides(), &[1, 5]);
    assert_eq!(t[[4, 2]], a[[2, 4]]);
    let back: View<u16, 2, C> = t.t();
    assert_eq!(back.layout(), a.layout());
    // Erasing is free, going back is checked.
    let s: View<u16, 2, Strided> = t.into_strided();
    assert!(s.try_into_order::<F>().is_ok());
    assert_eq!(
        s.try_into_order::<C>().unwrap_err(),
        LayoutError::NotContiguous {
            order: Contiguity::C
        }
    );
    // Owned transpose keeps the buffer.
    let p = a.as_ptr();
    let at: Array<u16, 2, F> = a.into_transposed();
    assert_eq!(at.as_ptr(), p);
    assert_eq!(at.shape(), &[5, 3]);
}

#[test]
fn to_contiguous_gives_numpy_copies() {
    let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (i * 3 + j) as i32).unwrap();
    let f: Array<i32, 2, F> = a.to_contiguous().unwrap(); // np.asfortranarray
    assert_eq!(f.as_slice(), &[0, 3, 1, 4, 2, 5]);
    assert_eq!(f.strides_bytes().unwrap(), [4, 8]);
    assert_eq!(f, a);
    let c: Array<i32, 2, C> = a.t().to_contiguous().unwrap(); // np.ascontiguousarray(a.T)
    assert_eq!(c.as_slice(), &[0, 3, 1, 4, 2, 5]);
    assert_ne!(c.as_ptr(), a.as_ptr());
    let o = a.t().to_owned().unwrap();
    assert_eq!(o.strides(), &[2, 1]);
}

#[test]
fn ravel_and_flatten() {
    let a = Array::<f64, 2>::zeros([10, 10]).unwrap();
    // ravel of a C array is a view with the same data pointer; flatten copies.
    let e = a.ravel(Order::C).unwrap();
    assert!(e.is_view() && e.as_ptr() == a.as_ptr());
    let d = a.flatten(Order::C).unwrap();
    assert_ne!(d.as_ptr(), a.as_ptr());
    // a.T.ravel() is a copy in C order; 'K' keeps memory order and is a view.
    let x = Array::<i64, 2>::from_fn([2, 3], |[i, j]| (i * 3 + j) as i64).unwrap();
    match x.t().ravel(Order::C).unwrap() {
        CowArray::Owned(o) => assert_eq!(o.as_slice(), &[0, 3, 1, 4, 2, 5]),
        CowArray::View(_) => panic!("a.T.ravel() must copy"),
    }
    let k = x.t().ravel(Order::K).unwrap();
    assert!(k.is_view());
    assert_eq!(
        k.view().iter().copied().collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4, 5]
    );
    // K copies walk axes by |stride| but keep each axis's direction (pub-ravel-0002).
    let b = arange(12);
    let v = b.view().reshape([2, 3, 2], Order::C).unwrap();
    let v = v
        .index_items::<3>(&[
            Item::Slice(Slice::REVERSE),
            Item::FULL,
            Item::Slice(Slice::range(0, 1)),
        ])
        .unwrap();
    let v = v.permute([0, 1, 2]).unwrap();
    let k = v.ravel(Order::K).unwrap();
    assert!(!k.is_view());
    assert_eq!(
        k.view().iter().copied().collect::<Vec<_>>(),
        vec![6, 8, 10, 0, 2, 4]
    );
}

#[test]
fn reshape_copy_follows_the_order() {
    let a = arange(6);
    let t = a.view().reshape([2, 3], Order::C).unwrap().t(); // [[0,3],[1,4],[2,5]]
    let r = t.to_shape([6], Order::C).unwrap();
    assert!(!r.is_view());
    assert_eq!(
        r.view().iter().copied().collect::<Vec<_>>(),
        vec![0, 3, 1, 4, 2, 5]
    );
    let r = t.to_shape([2, 3], Order::F).unwrap(); // F read of an F layout: a view
    assert!(r.is_view());
    let r = t.to_shape([3, 2], Order::C).unwrap(); // same shape: the quick path, a view
    assert!(r.is_view() && r.as_ptr() == a.as_ptr());
    assert!(t.reshape::<1>([6], Order::C).is_err());
}

#[test]
fn broadcast_and_windows_are_read_only_views() {
    let a = arange(4);
    let col = a.view().insert_axis::<2>(1).unwrap();
    let row = a.view().insert_axis::<2>(0).unwrap();
    let cb = col.broadcast_to([4, 4]).unwrap();
    let rb = row.broadcast_to([4, 4]).unwrap();
    let outer: Vec<i64> = cb.iter().zip(rb.iter()).map(|(x, y)| x * y).collect();
    assert_eq!(outer[5], 1);
    assert_eq!(outer[15], 9);
    assert_eq!(cb.as_ptr(), a.as_ptr());
    let w = a.view().sliding_window::<1, 2>([2], [0]).unwrap();
    assert_eq!(w.shape(), &[3, 2]);
    assert_eq!(
        w.iter().copied().collect::<Vec<_>>(),
        vec![0, 1, 1, 2, 2, 3]
    );
    // Such views cannot be made mutable: `ViewMut` has no `broadcast_to` or
    // `sliding_window` (a compile error), and building one from the layout is refused.
    let mut buf = vec![0i64; 4];
    assert_eq!(
        ViewMut::<_, 2>::from_slice(&mut buf, *w.layout()).unwrap_err(),
        LayoutError::Overlapping
    );
}

#[test]
fn memory_sharing_of_real_views() {
    let x = Array::<f64, 2>::zeros([100, 10]).unwrap();
    let y = x.slice([Slice::range(0, 5), Slice::FULL]).unwrap();
    assert!(may_share_memory(&x.view(), &y));
    let even = x.slice([Slice::step_by(2), Slice::FULL]).unwrap();
    let odd = x
        .slice([Slice::new(Some(1), None, 2), Slice::FULL])
        .unwrap();
    assert!(may_share_memory(&even, &odd));
    assert_eq!(
        shares_memory(&even, &odd, DEFAULT_MAX_WORK),
        Sharing::Disjoint
    );
    let z = Array::<f64, 2>::zeros([5, 10]).unwrap();
    assert!(!may_share_memory(&x.view(), &z.view()));
    // Same pointer and offset means the same first element (seed 003's aid()).
    let a = Array::<f64, 1>::zeros([3]).unwrap();
    let tail = a.slice([Slice::new(Some(1), None, 1)]).unwrap();
    assert_eq!(tail.as_ptr() as usize - a.as_ptr() as usize, 8);
    assert_eq!(tail.base_ptr(), a.view().base_ptr());
}

#[test]
fn uninit_astype_arange_linspace_and_flags() {
    let mut u = Array::<u32, 2, F>::uninit([2, 2]).unwrap();
    for (k, x) in u.iter_mut().enumerate() {
        x.write(k as u32);
    }
    // SAFETY: all four elements were written above.
    let u = unsafe { u.assume_init() };
    assert_eq!(u[[1, 0]], 2); // logical C order 0,1,2,3 -> [1,0] is the third
    assert_eq!(u.as_slice(), &[0, 2, 1, 3]);
    let x = Array::<f64, 1>::from_vec([3], vec![100.12, 120.23, 130.91]).unwrap();
    let x2 = x.astype::<f32>().unwrap();
    assert_eq!(x2.as_slice(), &[100.12f32, 120.23, 130.91]);
    assert_eq!(
        Array::<i64, 1>::arange(0, 10, 3).unwrap().as_slice(),
        &[0, 3, 6, 9]
    );
    assert_eq!(
        Array::<i64, 1>::arange(5, 0, -2).unwrap().as_slice(),
        &[5, 3, 1]
    );
    assert_eq!(
        Array::<f32, 1>::linspace(0.0, 1.0, 3).unwrap().as_slice(),
        &[0.0, 0.5, 1.0]
    );
    assert_eq!(
        Array::<f32, 1>::linspace(2.0, 3.0, 1).unwrap().as_slice(),
        &[2.0]
    );
    let ones = Array::<f64, 1>::from_elem([1000], 1.0).unwrap();
    let strided = ones.slice([Slice::step_by(100)]).unwrap();
    let f = strided.flags();
    assert!(!f.c_contiguous && !f.f_contiguous && !f.owndata && !f.writeable);
    assert_eq!(strided.strides_bytes().unwrap(), [800]);
    let g = ones.flags();
    assert!(g.c_contiguous && g.f_contiguous && g.owndata && g.writeable);
    assert!(format!("{f}").contains("C_CONTIGUOUS : False"));
}

#[test]
fn in_place_map_keeps_the_buffer() {
    let mut a = Array::<f64, 1>::zeros([10]).unwrap();
    let p = a.as_ptr();
    a.map_inplace(|x| *x += 2.0);
    assert_eq!(a.as_ptr(), p);
    let c = a.map(|x| x * 2.0).unwrap();
    assert_ne!(c.as_ptr(), p);
    assert!(c.iter().all(|&x| x == 4.0));
}

#[test]
fn errors_are_typed_and_say_what_was_found() {
    let a = Layout::c([4, 6]).unwrap();
    assert_eq!(
        a.index_items::<1>(&[Item::Index(4)]),
        Err(LayoutError::IndexOutOfBounds {
            axis: 0,
            index: 4,
            len: 4
        })
    );
    assert_eq!(
        a.index_items::<2>(&[Item::Index(-1)]),
        Err(LayoutError::RankMismatch {
            expected: 2,
            found: 1
        })
    );
    assert_eq!(
        a.index_items::<2>(&[Item::FULL, Item::FULL, Item::FULL]),
        Err(LayoutError::TooManyIndices { given: 3, rank: 2 })
    );
    assert_eq!(
        a.slice([Slice::FULL, Slice::step_by(0)]),
        Err(LayoutError::ZeroStep { axis: 1 })
    );
    assert_eq!(
        a.reshape([5, -1], Order::C),
        Err(LayoutError::UnresolvableUnknown {
            size: 24,
            known: 5,
            position: 1,
            value: -1
        })
    );
    assert_eq!(
        a.reshape([-1, -1], Order::C),
        Err(LayoutError::MultipleUnknown {
            first: 0,
            first_value: -1,
            second: 1,
            second_value: -1
        })
    );
    assert_eq!(
        a.reshape([5, 5], Order::C),
        Err(LayoutError::SizeMismatch {
            size: 24,
            requested: 25
        })
    );
    assert_eq!(
        a.permute([0, 0]),
        Err(LayoutError::RepeatedAxis { axis: 0 })
    );
    assert_eq!(
        a.sliding_window::<1, 3>([7], [1]),
        Err(LayoutError::WindowTooLarge {
            axis: 1,
            window: 7,
            dilation: 1,
            len: 6
        })
    );
    assert_eq!(
        a.sliding_window::<1, 3>([2], [2]),
        Err(LayoutError::AxisOutOfRange { axis: 2, rank: 2 })
    );
    let e = Array::<u8, 2>::from_vec([2, 2], vec![1, 2, 3]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "buffer of 3 elements given where the shape needs 4"
    );
    let t = a.transpose().reshape([24], Order::C).unwrap_err();
    assert_eq!(
        t.to_string(),
        "reshape needs a copy: in C order, axis 0 (length 6, stride 1) and axis 1 (length 4, stride 6) \
         cannot be merged into one strided axis"
    );
    let b = Layout::c([3]).unwrap().broadcast_to([2, 4]).unwrap_err();
    assert_eq!(
        b.to_string(),
        "cannot broadcast axis 0 of length 3 to length 4: only length-1 axes stretch"
    );
}

#[test]
fn outer_subviews_keep_the_order_marker() {
    let a = Array::<i32, 3>::from_fn([3, 4, 5], |[i, j, k]| (100 * i + 10 * j + k) as i32).unwrap();
    let slab: View<i32, 2, C> = a.view().outer(1).unwrap();
    assert_eq!(slab[[2, 3]], 123);
    assert!(slab.layout().is_c_contiguous());
    let rows: View<i32, 3, C> = a.view().outer_range(-2, 10).unwrap();
    assert_eq!(rows.shape(), &[2, 4, 5]);
    assert_eq!(rows.as_contiguous_slice()[0], 100);
    let f: View<i32, 3, F> = a.t();
    let last: View<i32, 2, F> = f.outer(0).unwrap(); // a.T[:, :, 0] == a[0].T
    assert!(last.layout().is_f_contiguous());
    assert_eq!(last[[4, 3]], 34);
    assert_eq!(
        a.view().outer::<2>(3).unwrap_err(),
        LayoutError::IndexOutOfBounds {
            axis: 0,
            index: 3,
            len: 3
        }
    );
    let empty: View<i32, 3, C> = a.view().outer_range(5, 1).unwrap();
    assert_eq!(empty.size(), 0);
    assert!(empty.as_contiguous_slice().is_empty());
    // Writing through a mutable outer block.
    let mut m = Array::<u8, 2, F>::zeros([2, 3]).unwrap();
    m.view_mut()
        .outer_range(1, 3)
        .unwrap()
        .as_contiguous_slice_mut()
        .fill(9);
    assert_eq!(m.as_slice(), &[0, 0, 9, 9, 9, 9]);
}

#[test]
fn diagonal_on_both_layout_types() {
    let a = Layout::c([3, 4, 2]).unwrap();
    let d: Layout<2> = a.diagonal(-1, 0, 1).unwrap(); // a[1,0], a[2,1]
    let dd = stride_core::DynLayout::from(a).diagonal(-1, 0, 1).unwrap();
    assert_eq!(
        (dd.shape(), dd.strides(), dd.offset()),
        (&d.shape()[..], &d.strides()[..], d.offset())
    );
    assert_eq!((d.shape(), d.strides(), d.offset()), (&[2, 2], &[1, 10], 8));
    assert_eq!(
        a.diagonal::<2>(0, 1, 1),
        Err(LayoutError::RepeatedAxis { axis: 1 })
    );
    assert_eq!(a.diagonal::<2>(9, 0, 1).unwrap().shape(), &[2, 0]);
}

/// `ravel(C)` of a C-typed view takes a shortcut (the type says contiguous):
/// it gives the layout the general algorithm gives, for every shape (empty
/// ones too) and offset, and reads the same elements.
#[test]
fn ravel_of_a_c_view_is_the_general_algorithms_view() {
    let data: Vec<i64> = (0..200).collect();
    for shape in [
        [0usize, 3, 2],
        [2, 0, 0],
        [1, 1, 1],
        [2, 3, 4],
        [4, 1, 5],
        [3, 5, 1],
    ] {
        for offset in [0usize, 7] {
            let packed = Layout::c(shape).unwrap();
            let l = Layout::from_parts(*packed.shape(), *packed.strides(), offset).unwrap();
            let c: Layout<3, C> = l.try_order().unwrap();
            let v = View::from_slice(&data, c).unwrap();
            let general = match l.ravel(Order::C) {
                stride_core::Reshaped::View(g) => g,
                stride_core::Reshaped::Copy(_) => panic!("a C layout ravels to a view"),
            };
            let r = v.ravel(Order::C).unwrap();
            assert!(r.is_view());
            let got = r.view();
            assert_eq!(got.shape(), general.shape(), "{shape:?} at {offset}");
            assert_eq!(got.strides(), general.strides());
            assert_eq!(got.layout().offset(), general.offset());
            assert!(got.iter().eq(v.iter()));
        }
    }
}

/// `reshape` of a C-typed view in C order (and of an F-typed one in F order)
/// takes the general algorithm's contiguous case directly: the same layout or
/// the same error as `Layout::reshape`, for empty shapes, length-1 axes,
/// offsets, an unknown `-1`, a literal same shape and bad requests.
#[test]
fn reshape_of_a_typed_contiguous_view_is_the_general_algorithms() {
    let data: Vec<i64> = (0..200).collect();
    let requests: [[isize; 3]; 12] = [
        [1, 1, -1],
        [-1, 1, 1],
        [2, 3, 4],
        [4, 3, 2],
        [0, -1, 3],
        [2, -1, 0],
        [1, -1, 2],
        [24, 1, 1],
        [-1, -1, 2],
        [5, 5, -1],
        [0, 0, 0],
        [3, 0, -1],
    ];
    for shape in [
        [0usize, 3, 2],
        [2, 0, 0],
        [1, 1, 1],
        [2, 3, 4],
        [4, 1, 6],
        [1, 24, 1],
    ] {
        for offset in [0usize, 7] {
            for f in [false, true] {
                let strides = if f {
                    *Layout::f(shape).unwrap().strides()
                } else {
                    *Layout::c(shape).unwrap().strides()
                };
                // Length-1 axes may have any stride in a contiguous layout.
                let mut odd = strides;
                for (k, s) in odd.iter_mut().enumerate() {
                    if shape[k] == 1 {
                        *s = 99;
                    }
                }
                for (l, req) in [strides, odd].into_iter().flat_map(|st| {
                    let l = Layout::from_parts(shape, st, offset).unwrap();
                    let same = shape.map(|d| d as isize);
                    requests.into_iter().chain([same]).map(move |r| (l, r))
                }) {
                    let order = if f { Order::F } else { Order::C };
                    let general = l.reshape(req, order);
                    let got = if f {
                        let v = View::from_slice(&data, l.try_order::<F>().unwrap()).unwrap();
                        v.reshape(req, order).map(|r| *r.layout())
                    } else {
                        let v = View::from_slice(&data, l.try_order::<C>().unwrap()).unwrap();
                        v.reshape(req, order).map(|r| *r.layout())
                    };
                    assert_eq!(got, general, "{shape:?} at {offset}, F {f}, {req:?}");
                }
            }
        }
    }
    // An empty view away from offset 0: the result's index box must still fit
    // (it reaches no offset, but its layout must be one), as the general
    // algorithm checks.
    let bytes = [0u8; 4];
    let l = Layout::from_parts([0], [1], 2).unwrap();
    let e = View::from_slice(&bytes, l.try_order::<C>().unwrap()).unwrap();
    let general = e.layout().reshape([0, isize::MAX], Order::C);
    assert_eq!(general, Err(LayoutError::TooLarge));
    assert_eq!(
        e.reshape([0, isize::MAX], Order::C).map(|r| *r.layout()),
        general
    );
    let ef = View::from_slice(&bytes, l.try_order::<F>().unwrap()).unwrap();
    assert_eq!(
        ef.reshape([isize::MAX, 0], Order::F).map(|r| *r.layout()),
        ef.layout().reshape([isize::MAX, 0], Order::F)
    );
}

#[test]
fn views_and_arrays_compare_by_shape_and_elements() {
    let a = Array::<i64, 2>::from_fn([3, 4], |[i, j]| (10 * i + j) as i64).unwrap();
    let f = a.to_contiguous::<stride_core::F>().unwrap();
    // Equal whatever the layouts, markers and mutability.
    assert!(a.view() == f.view());
    assert!(a == f.view() && f.view() == a);
    let mut g = a.clone();
    assert!(g.view_mut() == a.view());
    // A flipped view has other elements; a transposed one another shape.
    assert!(a.view() != a.view().flip(1).unwrap());
    assert!(a.t() != a.t().flip(0).unwrap());
    let cols = a
        .view()
        .slice_axis(1, stride_core::Slice::new(None, Some(3), 1))
        .unwrap();
    let rows = a
        .view()
        .slice_axis(0, stride_core::Slice::new(None, Some(2), 1))
        .unwrap();
    assert!(cols != a.view() && rows != a.view());
    assert!(
        cols == a
            .view()
            .slice_axis(1, stride_core::Slice::new(Some(-4), Some(-1), 1))
            .unwrap()
    );
    // Empty views of one shape are equal; of two shapes, not.
    let e = Array::<i64, 2>::zeros([0, 3]).unwrap();
    assert!(e.view() == Array::<i64, 2>::zeros([0, 3]).unwrap());
    assert!(e.view() != Array::<i64, 2>::zeros([3, 0]).unwrap().view());
    // NaN is not equal to itself, as in NumPy's array_equal.
    let n = Array::<f64, 1>::from_elem([2], f64::NAN).unwrap();
    assert!(n.view() != n.view());
}

#[test]
fn debug_shows_64_elements_then_an_ellipsis() {
    let a = Array::<i32, 1>::arange(0, 100, 1).unwrap();
    let text = format!("{a:?}");
    assert!(text.contains("62, 63, ..]"), "{text}");
    assert!(!text.contains("64,"), "{text}");
    let b = Array::<i32, 1>::arange(0, 64, 1).unwrap();
    let text = format!("{:?}", b.view());
    assert!(text.contains("62, 63]"), "{text}");
}

#[test]
fn display_nests_brackets_aligns_columns_and_summarises_past_1000() {
    let s = Array::<f32, 0>::from_vec([], vec![2.5]).unwrap();
    assert_eq!(s.to_string(), "2.5");
    let v = Array::<i64, 1>::from_vec([4], vec![1, -20, 300, 4]).unwrap();
    assert_eq!(v.to_string(), "[  1, -20, 300,   4]");
    assert_eq!(Array::<u8, 1>::zeros([0]).unwrap().to_string(), "[]");
    assert_eq!(
        Array::<u8, 2>::zeros([2, 0]).unwrap().to_string(),
        "[[],\n []]"
    );
    // Logical order whatever the layout: a view with negative strides.
    let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as i32).unwrap();
    let flipped = a.view().flip(0).unwrap().flip(1).unwrap();
    assert_eq!(flipped.to_string(), "[[5, 4, 3],\n [2, 1, 0]]");
    assert_eq!(a.t().to_string(), "[[0, 3],\n [1, 4],\n [2, 5]]");
    // Exactly 1000 elements are shown in full; 1001 are summarised, and an
    // axis of at most 6 is never cut.
    if !cfg!(miri) {
        // (20 s under Miri for formatting 1000 numbers: natively only)
        let full = Array::<u16, 2>::from_fn([1000, 1], |[i, _]| i as u16).unwrap();
        assert_eq!(full.to_string().matches('\n').count(), 999);
    }
    let cut = Array::<u16, 2>::from_fn([1001, 1], |[i, _]| i as u16).unwrap();
    assert_eq!(
        cut.to_string(),
        "[[   0],\n [   1],\n [   2],\n ...,\n [ 998],\n [ 999],\n [1000]]"
    );
    let wide = Array::<u8, 2>::zeros([6, 200]).unwrap();
    assert_eq!(wide.to_string().lines().count(), 6);
    assert!(
        wide.to_string()
            .lines()
            .all(|l| l.contains("0, 0, 0, ..., 0, 0, 0"))
    );
    // Blank lines between blocks, one more per axis above the rows.
    let b = Array::<u8, 4>::zeros([2, 1, 1, 1]).unwrap();
    assert_eq!(b.to_string(), "[[[[0]]],\n\n\n [[[0]]]]");
}

/// `windows_share` against the exact uniqueness check, for every small window
/// length, step and dilation over every axis length that holds a window: where
/// it finds no shared element the windows' layout is unique at every length;
/// where it names one, the two windows it names hold it, no smaller element
/// index is shared, and the layout is not unique once both windows fit.
#[test]
fn windows_share_exactly_when_the_layout_repeats_an_element() {
    use stride_core::windows_share;
    // Smaller under Miri, which interprets every step of the overlap solver.
    let (ws, steps, ds, lens) = if cfg!(miri) {
        (4, 5, 3, 16)
    } else {
        (6, 8, 5, 60)
    };
    for w in 1..=ws {
        for step in 1..=steps {
            for d in 1..=ds {
                let shared = windows_share(w, step, d);
                let spec = Window::all([w]).step([step]).dilation([d]);
                assert_eq!(
                    spec.disjoint(1),
                    shared.is_none(),
                    "w {w} step {step} d {d}"
                );
                if spec.tiles(1) {
                    assert!(spec.disjoint(1), "tiling windows are disjoint");
                }
                for len in (w - 1) * d + 1..=lens.max((w - 1) * d + 1) {
                    let x = Layout::<1, C>::c([len]).unwrap();
                    let l: Layout<2> = x.window(spec).unwrap();
                    match shared {
                        None => assert!(l.is_unique(), "w {w} step {step} d {d} len {len}"),
                        Some((t, p)) => {
                            assert!(t < w && step * p == d * t, "w {w} step {step} d {d}");
                            // No smaller element of a window is another's.
                            for t2 in 1..t {
                                assert_ne!((d * t2) % step, 0, "w {w} step {step} d {d}");
                            }
                            let windows = l.shape()[0];
                            assert_eq!(
                                l.is_unique(),
                                windows <= p,
                                "w {w} step {step} d {d} len {len}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn disjoint_dilated_windows_are_mutable() {
    let mut a = Array::<i64, 1>::zeros([10]).unwrap();
    let spec = Window::all([2]).step([2]).dilation([3]);
    assert!(!spec.tiles(1) && spec.disjoint(1));
    let mut w = a.view_mut().window_mut::<1, 2>(spec).unwrap();
    assert_eq!(w.shape(), &[4, 2]);
    for p in 0..4 {
        for t in 0..2 {
            w[[p, t]] += 1 + p as i64;
        }
    }
    // {0, 3}, {2, 5}, {4, 7}, {6, 9}: each element once.
    assert_eq!(a.as_slice(), &[1, 0, 2, 1, 3, 2, 4, 3, 0, 4]);
    // Windows 3 apart of 3 elements every 2 positions share an element
    // (element 2 of window 0 is element 0 of window 3: position 6) once the
    // axis holds 4 windows: refused then, allowed before.
    let spec = Window::all([3]).step([2]).dilation([3]);
    assert!(!spec.disjoint(1));
    let mut short = Array::<i64, 1>::zeros([12]).unwrap(); // windows at 0, 2, 4
    assert!(short.view_mut().window_mut::<1, 2>(spec).is_ok());
    let mut long = Array::<i64, 1>::zeros([13]).unwrap(); // windows at 0, 2, 4, 6
    assert_eq!(
        long.view_mut().window_mut::<1, 2>(spec).unwrap_err(),
        LayoutError::Overlapping
    );
}

#[test]
fn rows_and_columns_by_index_on_any_layout() {
    let a = Array::<i64, 2, F>::from_fn([3, 4], |[i, j]| (10 * i + j) as i64).unwrap();
    let rev = a.view().flip(1).unwrap(); // columns reversed: a negative stride
    for i in -3..3isize {
        let r = rev.row(i).unwrap();
        let ii = i.rem_euclid(3) as usize;
        let want: Vec<i64> = (0..4).rev().map(|j| (10 * ii + j) as i64).collect();
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), want);
    }
    for j in -4..4isize {
        let c = a.column(j).unwrap();
        let jj = j.rem_euclid(4) as i64;
        assert_eq!(
            c.iter().copied().collect::<Vec<_>>(),
            vec![jj, 10 + jj, 20 + jj]
        );
    }
    assert!(matches!(
        a.row(3),
        Err(LayoutError::IndexOutOfBounds { .. })
    ));
    assert!(matches!(
        a.column(-5),
        Err(LayoutError::IndexOutOfBounds { .. })
    ));
    let mut b = Array::<i64, 2>::zeros([2, 3]).unwrap();
    b.row_mut(1).unwrap().fill(5);
    b.column_mut(0).unwrap().fill(1);
    assert_eq!(b.as_slice(), &[1, 0, 0, 1, 5, 5]);
}
