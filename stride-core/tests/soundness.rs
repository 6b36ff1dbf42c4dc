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
