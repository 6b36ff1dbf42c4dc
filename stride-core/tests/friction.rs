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
