//! Friction a new user found in the core, each pinned by a test that failed before
//! its fix: exact integer `arange`, NumPy's float `arange` length rule, and errors
//! that name the values the caller gave.

use stride_core::{Array, Layout, LayoutError, Order};

fn arange<T: stride_core::RangeElem>(a: T, b: T, s: T) -> Result<Vec<T>, LayoutError> {
    Array::<T, 1>::arange(a, b, s).map(Array::into_vec)
}

#[test]
fn integer_arange_counts_in_the_whole_type() {
    // The counter used to be cast to i8: this errored.
    assert_eq!(arange::<i8>(-100, 100, 1).unwrap().len(), 200);
    assert_eq!(arange::<i8>(-100, 100, 1).unwrap()[199], 99);
    // Used to panic on overflow.
    assert_eq!(arange::<i8>(-128, 127, 100).unwrap(), vec![-128, -28, 72]);
    assert_eq!(
        arange::<u8>(250, 0, 0).unwrap_err(),
        LayoutError::ZeroRangeStep
    );
    assert_eq!(arange::<u8>(0, 255, 254).unwrap(), vec![0, 254]);
}

#[test]
fn integer_arange_is_exact_past_f64_precision() {
    // The length was computed in f64: this returned 4 elements.
    let v = arange::<i64>(9007199254740993, 9007199254740995, 1).unwrap();
    assert_eq!(v, vec![9007199254740993, 9007199254740994]);
}

#[test]
fn integer_arange_reaches_the_ends_of_the_type() {
    // These came back empty.
    assert_eq!(
        arange::<i64>(i64::MIN, i64::MIN + 3, 1).unwrap(),
        vec![i64::MIN, i64::MIN + 1, i64::MIN + 2]
    );
    assert_eq!(
        arange::<i64>(i64::MAX - 2, i64::MAX, 1).unwrap(),
        vec![i64::MAX - 2, i64::MAX - 1]
    );
    assert_eq!(
        arange::<i64>(i64::MAX, i64::MIN, i64::MIN).unwrap(),
        vec![i64::MAX, -1]
    );
    assert_eq!(
        arange::<u64>(u64::MAX - 1, u64::MAX, 1).unwrap(),
        vec![u64::MAX - 1]
    );
    assert_eq!(
        arange::<i64>(i64::MIN, i64::MAX, i64::MAX).unwrap(),
        vec![i64::MIN, -1, i64::MAX - 1]
    );
}

#[test]
fn float_arange_follows_numpy() {
    // A NaN anywhere: NumPy raises "arange: cannot compute length".
    for (a, b, s) in [
        (f64::NAN, 1.0, 1.0),
        (0.0, f64::NAN, 1.0),
        (0.0, 1.0, f64::NAN),
    ] {
        assert_eq!(
            arange(a, b, s).unwrap_err(),
            LayoutError::RangeLengthUndefined
        );
    }
    assert_eq!(
        arange(0.0, f64::INFINITY, 1.0).unwrap_err(),
        LayoutError::TooLarge
    );
    // np.arange(1, 2, 0.1) has 10 values, np.arange(0, 1, 0.1) also; np.arange(0.5, 0, -0.1) 5.
    assert_eq!(arange(1.0, 2.0, 0.1).unwrap().len(), 10);
    assert_eq!(arange(0.5, 0.0, -0.1).unwrap().len(), 5);
    assert_eq!(arange(1.0f32, 1.0, 1.0).unwrap(), Vec::<f32>::new());
    // Values are start + i * ((start + step) - start), as NumPy's fill computes them:
    // np.arange(0.1, 1, 0.3) == [0.1, 0.4, 0.7000000000000001]
    let v = arange(0.1, 1.0, 0.3).unwrap();
    assert_eq!(v, vec![0.1, 0.4, 0.1 + 2.0 * ((0.1 + 0.3) - 0.1)]);
}

#[test]
fn reshape_errors_quote_the_unknown_dimension_given() {
    let a = Layout::c([4, 6]).unwrap();
    // NumPy takes any negative entry for the unknown dimension: quote it as given.
    let e = a.reshape([5, -2], Order::C).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot infer the unknown dimension -2 at position 1: an array of size 24 is not a \
         whole multiple of the other dimensions' product 5"
    );
    let e = a.reshape([-3, 2, -1], Order::C).unwrap_err();
    assert_eq!(
        e.to_string(),
        "only one dimension can be unknown (negative): found -3 at position 0 and -1 at position 2"
    );
    assert_eq!(a.reshape([-2, 4], Order::C).unwrap().shape(), &[6, 4]);
}

#[test]
fn window_errors_name_the_parameter_given() {
    let a = Layout::c([10]).unwrap();
    // A huge step used to be reported as "step cannot be zero"; it selects the
    // first window only, as a[::huge] does.
    let w: Layout<2> = a.windows([4], [usize::MAX]).unwrap();
    assert_eq!(w.shape(), &[1, 4]);
    assert_eq!(
        a.windows([4], [0]).unwrap_err().to_string(),
        "window step cannot be zero (axis 0)"
    );
    assert_eq!(
        a.sliding_window_dilated([4], [0], [0])
            .unwrap_err()
            .to_string(),
        "window dilation cannot be zero (axis 0)"
    );
    assert_eq!(
        a.sliding_window_dilated([4], [0], [usize::MAX / 3])
            .unwrap_err()
            .to_string(),
        "window of length 4 with dilation 6148914691236517205 does not fit in axis 0 of length 10"
    );
}

use stride_core::{
    C, ColMajor, Contiguity, DEFAULT_MAX_WORK, F, RowMajor, Sharing, Slice, View, ViewMut,
    may_share_memory, shares_memory,
};

#[test]
fn views_map_like_arrays() {
    let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as i32).unwrap();
    // map was only on Array: now any view, in the order its type keeps (a.T
    // is F, and so is 10 * a.T, as NumPy's order='K'); a strided view gives C.
    let t: Array<i32, 2, F> = a.t().map(|&x| x * 10).unwrap();
    assert_eq!(t.as_slice(), &[0, 10, 20, 30, 40, 50]);
    assert_eq!(
        t.to_contiguous::<C>().unwrap().as_slice(),
        &[0, 30, 10, 40, 20, 50]
    );
    let s: Array<i32, 2, C> = a.t().flip(1).unwrap().map(|&x| x * 10).unwrap();
    assert_eq!(s.as_slice(), &[30, 0, 40, 10, 50, 20]);
    let mut b = a.clone();
    let mut odd = b
        .view_mut()
        .slice_axis(-1, Slice::new(Some(1), None, 2))
        .unwrap();
    odd.map_inplace(|x| *x = -*x);
    assert_eq!(b.as_slice(), &[0, -1, 2, 3, -4, 5]);
    // The dilated windows View lacked.
    let x = Array::<u8, 1>::arange(0, 10, 1).unwrap();
    let w = x.view().sliding_window_dilated([2], [0], [3]).unwrap();
    assert_eq!((w.shape(), w[[1, 1]]), (&[7, 2], 4));
}

#[test]
fn ones_and_full_beside_zeros() {
    let o = Array::<f64, 2, F>::ones([2, 2]).unwrap();
    assert_eq!(o.as_slice(), &[1.0; 4]);
    let f = Array::<u8, 1>::full([3], 7).unwrap();
    assert_eq!(f.as_slice(), &[7, 7, 7]);
}

#[test]
fn shares_memory_takes_any_region() {
    let mut a = Array::<u32, 1>::arange(0, 16, 1).unwrap();
    let b = Array::<u32, 1>::zeros([16]).unwrap();
    // Arrays, views of other element types: the question is about bytes.
    assert!(!may_share_memory(&a, &b));
    let bytes: &[u8] = &[0; 64];
    let v = View::<u8, 1, C>::from_shape(bytes, [64]).unwrap();
    assert_eq!(shares_memory(&v, &a, DEFAULT_MAX_WORK), Sharing::Disjoint);
    let even = a.slice([Slice::step_by(2)]).unwrap();
    assert_eq!(shares_memory(&a, &even, DEFAULT_MAX_WORK), Sharing::Shared);
    // A mutable view, too.
    let mut_view: ViewMut<u32, 1, C> = a.view_mut();
    assert!(may_share_memory(&mut_view, &mut_view.view()));
}

#[test]
fn one_axis_convention_negative_from_the_end() {
    let a = Layout::c([2, 3, 4]).unwrap();
    assert_eq!(a.index_axis(-1, 0).unwrap().shape(), &[2, 3]);
    assert_eq!(a.swap_axes(0, -1).unwrap().shape(), &[4, 3, 2]);
    assert_eq!(a.permute([-1, 0, 1]).unwrap().shape(), &[4, 2, 3]);
    assert_eq!(a.flip(-2).unwrap().strides(), &[12, -4, 1]);
    assert_eq!(a.insert_axis(-1).unwrap().shape(), &[2, 3, 4, 1]);
    assert_eq!(a.diagonal(0, -2, -1).unwrap().shape(), &[2, 3]);
}

#[test]
fn writeable_says_what_each_handle_allows() {
    // NumPy's WRITEABLE is about the memory; here it is about the handle, which is
    // what Rust's borrows decide: an owner and a unique view can write, a shared
    // view cannot, even a view of a writeable array.
    let mut a = Array::<f64, 1>::zeros([4]).unwrap();
    assert!(a.flags().writeable);
    assert!(!a.view().flags().writeable);
    assert!(a.view_mut().flags().writeable);
    assert!(!a.view_mut().view().flags().writeable);
}

#[test]
fn innermost_contiguous_markers_type_a_blas_submatrix() {
    let a = Array::<f64, 2>::from_fn([6, 10], |[i, j]| (10 * i + j) as f64).unwrap();
    // a[1:4, 2:5]: unit inner stride, leading dimension 10. C cannot type it,
    // RowMajor can, and keeps it through a transpose (ColMajor).
    let block = a.slice([Slice::range(1, 4), Slice::range(2, 5)]).unwrap();
    assert!(block.try_into_order::<C>().is_err());
    let rm: View<f64, 2, RowMajor> = block.try_into_order().unwrap();
    assert_eq!(
        (rm.leading_dim(), rm.lane(1)),
        (10, &[22.0, 23.0, 24.0][..])
    );
    let cm: View<f64, 2, ColMajor> = rm.t();
    assert_eq!(
        (cm.leading_dim(), cm.lane(0)),
        (10, &[12.0, 13.0, 14.0][..])
    );
    // Every C layout is row-major, for free; back to C where it holds (whole rows).
    let whole: View<f64, 2, RowMajor> = a.view().relax();
    assert_eq!(whole.leading_dim(), 10);
    let rows = a.slice([Slice::range(2, 4), Slice::FULL]).unwrap();
    let rows_rm: View<f64, 2, RowMajor> = rows.try_into_order().unwrap();
    assert!(rows_rm.try_into_order::<C>().is_ok());
    // A row-major layout is unique by its promise: a mutable view needs no solver.
    let mut b = a.clone();
    let m = b
        .view_mut()
        .slice([Slice::range(1, 4), Slice::range(2, 5)])
        .unwrap();
    let mut m: ViewMut<f64, 2, RowMajor> = m.try_into_order().unwrap();
    m[[0, 0]] = -1.0;
    assert_eq!(b[[1, 2]], -1.0);
    // Step slices with gaps between rows stay row-major, overlapping rows do not.
    let gapped = Layout::from_parts([3, 2], [5, 1], 0).unwrap();
    assert_eq!(
        Contiguity::of(gapped.shape(), gapped.strides()),
        Contiguity::RowMajor
    );
    let overlapping = Layout::from_parts([3, 4], [2, 1], 0).unwrap();
    assert_eq!(
        Contiguity::of(overlapping.shape(), overlapping.strides()),
        Contiguity::Strided
    );
}

#[test]
fn reshape_in_order_k_is_refused_as_numpy_does() {
    // Was read as C order; NumPy raises "order 'K' is not permitted for
    // reshaping", and `layout!` refuses it at compile time.
    let a = Layout::c([4, 6]).unwrap();
    assert_eq!(
        a.reshape([6, 4], Order::K).unwrap_err(),
        LayoutError::ReshapeOrderK
    );
    let d = stride_core::DynLayout::c(&[4, 6]).unwrap();
    assert_eq!(
        d.reshape(&[6, 4], Order::K).unwrap_err(),
        LayoutError::ReshapeOrderK
    );
    let x = Array::<f64, 2>::zeros([4, 6]).unwrap();
    assert_eq!(
        x.reshape([24], Order::K).unwrap_err(),
        LayoutError::ReshapeOrderK
    );
    assert_eq!(
        x.view().to_shape([3, 8], Order::K).unwrap_err(),
        LayoutError::ReshapeOrderK
    );
    assert_eq!(
        LayoutError::ReshapeOrderK.to_string(),
        "reshape reads in order C, F or A, not K (NumPy: order 'K' is not permitted for reshaping)"
    );
    // The other orders are unchanged; an identical shape too is refused in K.
    assert!(a.reshape([4, 6], Order::K).is_err());
    assert!(a.reshape([6, 4], Order::A).is_ok());
}

#[test]
fn axis_chunks_of_size_zero_name_the_block_size() {
    // Was reported as a window length of zero.
    let x = Array::<f64, 2>::zeros([4, 6]).unwrap();
    let e = x.axis_chunks_iter(-1, 0).err().unwrap();
    assert_eq!(e, LayoutError::ZeroChunkSize { axis: 1 });
    assert_eq!(
        e.to_string(),
        "axis_chunks_iter: the block size cannot be zero (axis 1)"
    );
}
